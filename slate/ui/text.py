"""Putting data into Streamlit's markdown safely.

Titles, names and notes come from data files that anyone may write. Streamlit renders
labels, captions and markdown as Markdown (links, images, `:red[...]`, `:material/...:`,
LaTeX, and bare web addresses turned into links), so every data string is escaped before
it goes near one. Tables and `st.text` show text as text and need nothing. Never put
`esc()` output inside a code span: there backslashes are shown as they are.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also disarms Streamlit's own directives (":red[...]", ":material/x:") and "$" maths.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit links bare addresses ("http://", "www.", "name@host", "example.com") found in
# the rendered text, escaped or not. An invisible WORD JOINER before ":", "." and "@" breaks
# every such pattern; the reader sees the same characters, and downloads carry none of it.
WORD_JOINER = "\u2060"
_LINK_PUNCT = re.compile(r"(\\[:.@])")


def esc(value: object) -> str:
    """The text of `value`, shown literally wherever Streamlit renders Markdown."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return _LINK_PUNCT.sub(WORD_JOINER + r"\1", _PUNCT.sub(r"\\\1", text))

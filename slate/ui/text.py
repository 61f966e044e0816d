"""Putting data into Streamlit's markdown safely.

Titles, names and notes come from data files that anyone may write. Streamlit renders
labels, captions and markdown as Markdown (links, images, `:red[...]`, `:material/...:`,
LaTeX), so every data string is escaped before it goes near one. Tables and `st.text`
show text as text and need nothing. Never put `esc()` output inside a code span: there
backslashes are shown as they are.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also disarms Streamlit's own directives (":red[...]", ":material/x:") and "$" maths.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def esc(value: object) -> str:
    """The text of `value`, shown literally wherever Streamlit renders Markdown."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return _PUNCT.sub(r"\\\1", text)

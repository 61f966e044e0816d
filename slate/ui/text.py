"""Putting data into Streamlit's Markdown safely, so that what a reader sees (and copies) is
the data, and nothing in it acts.

Titles, names and notes come from data files that anyone may write. Streamlit renders
labels, captions, tooltips and markdown as Markdown (links, images, `:red[...]`,
`:material/...:`, LaTeX), so every ASCII punctuation mark in data is backslash-escaped.

Two of Streamlit's own text rewrites run after escapes are resolved, so escaping cannot stop
them, and each would make the page differ from the data:
- remark-gfm's autolink literals turn `www.`, `http://`, `https://` and `name@host.tld` into
  links;
- a typography plugin turns ` -- `, ` -> `, ` >= ` and the like into dashes and arrows.
Only tokens those rules match are touched: an empty `:small[]` directive (an empty span, no
visible change, nothing copied) is put inside each, which splits the text the rule needs.
Bidirectional embedding and override controls are dropped, so a name cannot reverse the
app's own words around it. Tables and `st.text` show text as text and need none of this.
Never put `esc()` output inside a code span: there backslashes are shown as they are.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also disarms Streamlit's own directives (":red[...]", ":material/x:") and "$" maths.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# The break: an empty directive renders an empty <span> and splits the text node.
BREAK = ":small[]"
# Where a break goes, as positions in the raw text: after "www" or "http(s)" of an address
# (remark-gfm's own patterns), before the "@" of an e-mail address, and between the two
# characters of a typographic sequence.
_LINKS = re.compile(r"(?i)\b(?:https?(?=://)|www(?=\.))")
_EMAIL = re.compile(r"[-.\w+]+(?=@[-\w]+(?:\.[-\w]+)+)")
_TYPOGRAPHY = re.compile(r"(?<=\s)(?:-(?=-\s)|-(?=>\s)|<(?=-\s|->\s)|>(?==\s)|<(?==\s)|~(?==\s))")
# LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def esc(value: object) -> str:
    """The text of `value`, shown literally wherever Streamlit renders Markdown."""
    text = _BIDI.sub("", str(value).replace("\r", " ").replace("\n", " "))
    cuts = sorted(
        {m.end() for pattern in (_LINKS, _EMAIL, _TYPOGRAPHY) for m in pattern.finditer(text)}
    )
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return BREAK.join(_PUNCT.sub(r"\\\1", piece) for piece in pieces)

"""esc(): data text shown literally through Streamlit's Markdown."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from slate.ui.text import WORD_JOINER, esc


def _as_read(markdown: str) -> str:
    """What a reader sees of escaped text: escapes resolved, invisible joiners unseen."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


# A word joiner in the data itself is invisible either way, so it is left out of the check.
@given(st.text().map(lambda t: t.replace(WORD_JOINER, "")))
def test_reader_sees_the_original_text_on_one_line(text: str) -> None:
    assert _as_read(esc(text)) == text.replace("\r", " ").replace("\n", " ")


def test_nothing_markdown_or_autolinking_could_act_on_survives() -> None:
    hostile = (
        "[x](javascript:alert(1)) ![i](x) :red[r] :material/home: $x$ <b> http://e.x www.e.x a@e.x"
    )
    out = esc(hostile)
    for live in ("](", "![", ":red[", ":material/", "$x$", "<b>", "http://", "www.", "a@e"):
        assert live not in out, live

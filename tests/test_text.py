"""esc(): data text shown literally through Streamlit's Markdown, touching only what
Streamlit itself would rewrite."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slate.ui.text import BREAK, esc
from slate.words import age

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _as_read(markdown: str) -> str:
    """What a reader sees of escaped text: escapes resolved, the empty breaks unseen."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(BREAK, ""))


@given(st.text().map(lambda t: "".join(c for c in t if c not in _BIDI)))
def test_reader_sees_the_original_text_on_one_line(text: str) -> None:
    assert _as_read(esc(text)) == text.replace("\r", " ").replace("\n", " ")


@pytest.mark.parametrize(
    "text",
    ["Warner Bros.", "Mission: Impossible – The Final Reckoning", "Dr. No @ 7", "a.b@c", "x-y"],
)
def test_ordinary_text_gets_no_break(text: str) -> None:
    # Only what Streamlit would link or rewrite is touched: a copy of a name is the name.
    assert BREAK not in esc(text)


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("see www.evil.example now", "www"),
        ("HTTP://evil.example", "HTTP"),
        ("https://evil.example/x", "https"),
        ("mail bob@evil.example", "bob"),
        ("a -- b", "-"),
        ("a -> b", "-"),
        ("a >= b", ">"),
        ("a <- b", "<"),
    ],
)
def test_tokens_streamlit_would_rewrite_are_split(text: str, broken: str) -> None:
    out = esc(text)
    assert BREAK in out
    assert _as_read(out) == text
    # The break sits right after the part the rule needs whole.
    assert re.search(
        re.escape(re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", broken)) + re.escape(BREAK), out
    )


def test_nothing_markdown_could_act_on_survives() -> None:
    hostile = "[x](javascript:alert(1)) ![i](x) :red[r] :material/home: $x$ <b> :small[]"
    out = esc(hostile)
    for live in ("](", "![", ":red[", ":material/", "$x$", "<b>", ":small[]x"):
        assert live not in out, live
    assert out.count(BREAK) == 0


def test_bidirectional_controls_cannot_reverse_the_text_around_them() -> None:
    assert esc("\u202eevil\u202c name \u2067x\u2069") == "evil name x"
    assert esc("توم كروز") == "توم كروز"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "1 day"),
        (30, "30 days"),
        (31, "1 month"),
        (341, "11 months"),
        (365, "1 year"),
        (2016, "5 years, 6 months"),
        (3652, "10 years"),
    ],
)
def test_an_age_reads_as_people_say_it(days: int, words: str) -> None:
    # "at least 2016 days" read like a year, and "at least 0 days" like an error.
    assert age(days) == words

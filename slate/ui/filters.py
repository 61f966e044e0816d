"""The filter bar: one set of widgets in the sidebar, drawn once by the entrypoint.

Streamlit keeps widgets created in the entrypoint (app.py, before the page runs) across
page changes, so the filters follow the user from page to page with nothing to remember
by hand. Each widget is bound to a URL query parameter (`bind="query-params"`), so the
address bar always holds the view and a copied link reproduces it on any page. Bound
multiselects put their *displayed* label in the URL, so labels are stable words
("Stalled"); the facet counts, which change with the other filters, are a caption under
each widget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from slate.models import Certainty, Status
from slate.query import FACET_FIELDS, Facet, Filters, fold
from slate.ui.text import esc
from slate.words import plural

# Widget keys are also the URL parameter names: short, readable, stable. A facet's key is
# its name in the core (slate.query.FACETS).
K_YEARS, K_UNDATED, K_TEXT, K_AS_OF = "years", "undated", "q", "as_of"

_FACET_WIDGETS: tuple[tuple[Facet, str, str], ...] = (
    ("status", "Status", "All statuses"),
    ("director", "Director", "All directors"),
    ("cast", "Cast", "All cast"),
    ("credit", "How firm a credit is", "Any"),
    ("studio", "Studio", "All studios"),
    ("genre", "Genre", "All genres"),
)
_COUNTS_SHOWN = 6
LONG_LIST = 500
"""A facet with more values than this (the cast of an industry's slate: tens of thousands
of names) offers this many in its list, the most frequent first or those matching a search
box above it, plus whatever is chosen: a dropdown of 30,000 names would freeze the page."""
_LABELS: dict[Facet, Callable[[str], str]] = {
    "status": lambda value: Status(value).label,
    "credit": lambda value: Certainty(value).value.capitalize(),
}


@dataclass(frozen=True)
class View:
    """What the user asked to see: the filters, the as-of date, and the matching rows."""

    filters: Filters
    as_of: dt.date
    rows: pd.DataFrame
    total: int

    def summary(self) -> str:
        """'3 of 12 projects' in words, for headings and captions."""
        return f"{len(self.rows):,} of {plural(self.total, 'project')}"


def label(facet: Facet, value: str) -> str:
    """A facet value as the widgets and the counts show it."""
    return _LABELS.get(facet, str)(value)


def year_bounds(frame: pd.DataFrame) -> tuple[int, int] | None:
    """The slider's ends: every year any release could fall in (None when nothing is dated)."""
    years = pd.concat([frame["release_year_min"], frame["release_year_max"]]).dropna()
    if years.empty:
        return None
    low, high = int(years.min()), int(years.max())
    return (low, high) if low < high else (low - 1, high + 1)


def today() -> dt.date:
    return dt.date.today()


def reset(bounds: tuple[int, int] | None) -> None:
    """Every filter back to "everything", as of today (a button's callback)."""
    for facet, _, _ in _FACET_WIDGETS:
        st.session_state[facet] = []
    st.session_state[K_TEXT] = ""
    st.session_state[K_UNDATED] = True
    st.session_state[K_AS_OF] = today().isoformat()
    if bounds is not None:
        st.session_state[K_YEARS] = bounds


def _pin_as_of() -> None:
    """Write the day into the link the first time a filter changes (a widget's callback).

    A bound widget puts its value in the address only when it differs from its default,
    and "today" is the default: without this, a link sent today would show next month's
    flags when opened next month. Set from a callback, the value reaches the address with
    the filter that changed.
    """
    if not st.session_state.get(K_AS_OF):
        st.session_state[K_AS_OF] = today().isoformat()


_BOUNDS = "_slate_year_bounds"


def _follow_bounds(bounds: tuple[int, int] | None) -> None:
    """Keep "every year" meaning every year when the data's years change (a report adds a
    2028 release): a range left at the old ends would silently become a filter."""
    before = st.session_state.get(_BOUNDS)
    st.session_state[_BOUNDS] = bounds
    if bounds is None or before is None or before == bounds:
        return
    chosen = st.session_state.get(K_YEARS)
    if chosen is None or tuple(chosen) == tuple(before):
        st.session_state[K_YEARS] = bounds
    else:
        low, high = (min(max(v, bounds[0]), bounds[1]) for v in chosen)
        st.session_state[K_YEARS] = (low, high)


def parse_as_of(text: str) -> dt.date | None:
    """The as-of field's day; None for an empty field (today) or text that is no date."""
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


Counts = Callable[[Filters, dt.date], Mapping[Facet, dict[str, int]]]


def filter_bar(
    frame: pd.DataFrame, choices: Mapping[Facet, list[str]], counts: Counts
) -> tuple[Filters, dt.date]:
    """Draw the filters in the sidebar; return what they select and the as-of date.

    `frame` is the whole slate's table (it gives the year slider its range), `choices`
    every value of each facet, most frequent first, and `counts` the facet counts under
    some filters on a day.
    """
    bounds = year_bounds(frame)
    _follow_bounds(bounds)
    sidebar = st.sidebar
    sidebar.header("Filters", anchor=False)
    text = sidebar.text_input(
        "Search", key=K_TEXT, bind="query-params", placeholder="Title, person, studio, party…",
        help="Matches titles and aliases, directors and cast, studio, genre, parties, "
        "obstacles, what each source said, the project's events and its logline, as known "
        "on the as-of date; case and accents are ignored. The Slate table says where.",
        on_change=_pin_as_of,
    )  # fmt: skip
    counts_at: dict[Facet, st.delta_generator.DeltaGenerator] = {}
    chosen: dict[Facet, list[str]] = {}
    for facet, name, placeholder in _FACET_WIDGETS:
        offered = choices[facet]
        if len(offered) > LONG_LIST:
            offered = _searched(facet, name, offered)
        chosen[facet] = sidebar.multiselect(
            name, offered, key=facet, bind="query-params",
            format_func=lambda value, facet=facet: label(facet, value),
            placeholder=placeholder, on_change=_pin_as_of,
        )  # fmt: skip
        # The counts depend on every filter, so they are written once all are read.
        counts_at[facet] = sidebar.empty()

    years: tuple[int, int] | None = None
    if bounds is not None:
        years = sidebar.slider(
            "Release year", bounds[0], bounds[1], bounds, key=K_YEARS, bind="query-params",
            help="A fuzzy release (say 2025–2026) matches every year it could fall in.",
            on_change=_pin_as_of,
        )  # fmt: skip
    undated = sidebar.toggle(
        "Include TBA releases", value=True, key=K_UNDATED, bind="query-params",
        help="Off: only projects with a release date, however rough.", on_change=_pin_as_of,
    )  # fmt: skip
    # Text, not a date picker: Streamlit's date field ignores Enter, and typing a day and
    # pressing Enter is what people do.
    typed = sidebar.text_input(
        "As of", key=K_AS_OF, bind="query-params", placeholder=f"{today():%Y-%m-%d} (today)",
        help="See the slate as its sources told it on this day, YYYY-MM-DD: only what had "
        "been published by then, each claim from the day it holds, and the flags (a release "
        "date passed without confirmation, stale sources) worked out for it. Empty: today.",
    )  # fmt: skip
    as_of = parse_as_of(typed or "")
    if as_of is None:
        if (typed or "").strip():
            sidebar.error(
                f"Not a day: {esc(typed[:40])}. Write it as YYYY-MM-DD, e.g. "
                f"{today():%Y-%m-%d}; showing today.",
                icon=":material/event_busy:",
            )
        as_of = today()

    year_from = year_to = None
    if years is not None and bounds is not None and tuple(years) != bounds:
        year_from, year_to = int(years[0]), int(years[1])
    filters = Filters(
        **{FACET_FIELDS[facet]: tuple(values) for facet, values in chosen.items()},
        year_from=year_from,
        year_to=year_to,
        text=text or "",
        include_undated=bool(undated),
    )
    sidebar.button(
        "Reset filters", icon=":material/filter_alt_off:", on_click=reset, args=(bounds,),
        disabled=filters.is_default and as_of == today(), width="stretch", key="reset-sidebar",
    )  # fmt: skip
    counted = counts(filters, as_of)
    for facet, slot in counts_at.items():
        slot.caption(_counts_line(counted[facet], facet))
    return filters, as_of


def _searched(facet: Facet, name: str, offered: list[str]) -> list[str]:
    """A long list cut to what a dropdown can hold: the names matching the search box above
    it (the most frequent first, LONG_LIST at most), and whatever is already chosen, from
    this session or from the link."""
    if facet in st.session_state:
        kept = list(st.session_state[facet])
    else:
        kept = st.query_params.get_all(facet)
    typed = st.sidebar.text_input(
        f"Find in {name.lower()}", key=f"{facet}-find",
        placeholder=f"Type a name: {len(offered):,} to choose from",
        help=f"The list below offers the {LONG_LIST} most frequent names, or those matching "
        "what you type here; case and accents are ignored.",
    )  # fmt: skip
    needle = fold(typed.strip())
    found = [o for o in offered if needle in fold(o)] if needle else offered
    shown = [o for o in kept if o in set(offered)]
    return shown + [o for o in found[:LONG_LIST] if o not in set(shown)]


def _counts_line(counts: dict[str, int], facet: Facet) -> str:
    """How many projects each value would show under the other filters, biggest first."""
    if not counts:
        return "None, under the other filters."
    shown = list(counts.items())[:_COUNTS_SHOWN]
    words = " · ".join(f"{esc(label(facet, k))} {v:,}" for k, v in shown)
    more = len(counts) - len(shown)
    return words + (f" · {more:,} more" if more else "")

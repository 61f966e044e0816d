"""The shared filter bar: one set of widgets, in the sidebar of every page that filters.

Each widget is bound to a URL query parameter (`bind="query-params"`), so the address bar
always holds the view and a copied link reproduces it on any page. Bound multiselects put
their *displayed* label in the URL, so labels are stable words ("Stalled"); the facet
counts, which change with the other filters, are shown in a caption under each one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from slate.models import Status
from slate.query import Facet, Filters, facet_counts, options
from slate.ui.text import esc

# Widget keys are also the URL parameter names: short, readable, stable.
K_STATUS, K_DIRECTOR, K_STUDIO, K_GENRE = "status", "director", "studio", "genre"
K_YEARS, K_UNDATED, K_TEXT, K_AS_OF = "years", "undated", "q", "as_of"

_FACET_WIDGETS: tuple[tuple[str, Facet, str], ...] = (
    (K_STATUS, "status", "Status"),
    (K_DIRECTOR, "directors", "Director"),
    (K_STUDIO, "studio", "Studio"),
    (K_GENRE, "genre", "Genre"),
)


@dataclass(frozen=True)
class View:
    """What the user asked to see: the filters, the as-of date, and the matching rows."""

    filters: Filters
    as_of: dt.date
    rows: pd.DataFrame
    total: int

    def summary(self) -> str:
        """'3 of 12 projects' in words, for headings and captions."""
        return f"{len(self.rows)} of {self.total} projects"


def status_label(value: str) -> str:
    return Status(value).label


def year_bounds(frame: pd.DataFrame) -> tuple[int, int] | None:
    """The slider's ends: every year any release could fall in (None when nothing is dated)."""
    years = pd.concat([frame["release_year_min"], frame["release_year_max"]]).dropna()
    if years.empty:
        return None
    low, high = int(years.min()), int(years.max())
    return (low, high) if low < high else (low - 1, high + 1)


def today() -> dt.date:
    return dt.date.today()


def _reset(bounds: tuple[int, int] | None) -> None:
    for key, _, _ in _FACET_WIDGETS:
        st.session_state[key] = []
    st.session_state[K_TEXT] = ""
    st.session_state[K_UNDATED] = True
    st.session_state[K_AS_OF] = today()
    if bounds is not None:
        st.session_state[K_YEARS] = bounds


_KEYS = (K_TEXT, K_STATUS, K_DIRECTOR, K_STUDIO, K_GENRE, K_YEARS, K_UNDATED, K_AS_OF)
_MEMORY = "_slate_filters"


def _recall(page: str) -> None:
    """Carry the filters over to the page the user moves to.

    Moving between pages drops the query string, and the new page's bound widgets start from
    it: a view opened from a link fell back to "everything" on the first click in the menu.
    So each run remembers the values and the page, and on arriving at another page the
    widgets are set from memory (Streamlit writes bound widgets' state back to the URL).
    """
    memory = st.session_state.get(_MEMORY)
    if not memory or memory["page"] == page:
        return
    for key, value in memory["values"].items():
        if key not in st.query_params:
            st.session_state[key] = value


def _remember(page: str) -> None:
    values = {k: st.session_state[k] for k in _KEYS if k in st.session_state}
    st.session_state[_MEMORY] = {"page": page, "values": values}


def filter_bar(frame: pd.DataFrame, page: str) -> tuple[Filters, dt.date]:
    """Draw the filters in the sidebar of `page`; return what they select and the as-of date."""
    bounds = year_bounds(frame)
    _recall(page)
    # Seeded before the widget exists, so today's date is an explicit value and is written
    # to the link: a link sent today still shows today's flags when opened next month.
    if st.session_state.get(K_AS_OF) is None:
        st.session_state[K_AS_OF] = today()

    sidebar = st.sidebar
    sidebar.header("Filters", anchor=False)
    text = sidebar.text_input(
        "Search", key=K_TEXT, bind="query-params", placeholder="Title, name, studio…",
        help="Matches titles, aliases, loglines and names; case and accents are ignored.",
    )  # fmt: skip

    choices: dict[str, list[str]] = {}
    for key, facet, label in _FACET_WIDGETS:
        values = options(frame, facet)
        fmt = status_label if facet == "status" else str
        choices[key] = sidebar.multiselect(
            label, values, key=key, bind="query-params", format_func=fmt,
            placeholder=f"All {label.lower()}{'es' if label == 'Status' else 's'}",
        )  # fmt: skip

    years: tuple[int, int] | None = None
    if bounds is not None:
        years = sidebar.slider(
            "Release year", bounds[0], bounds[1], bounds, key=K_YEARS, bind="query-params",
            help="A fuzzy release (say 2025–2026) matches every year it could fall in.",
        )  # fmt: skip
    undated = sidebar.toggle(
        "Include TBA releases", value=True, key=K_UNDATED, bind="query-params",
        help="Keep projects with no release date when a year range is set.",
    )  # fmt: skip
    as_of = sidebar.date_input(
        "As of", value=None, key=K_AS_OF, bind="query-params", format="YYYY-MM-DD",
        help="Flags (a release date passed without confirmation, stale sources) are worked out "
        "for this day. Defaults to today.",
    )  # fmt: skip
    as_of = as_of if isinstance(as_of, dt.date) else today()

    year_from = year_to = None
    if years is not None and bounds is not None and tuple(years) != bounds:
        year_from, year_to = int(years[0]), int(years[1])
    filters = Filters(
        statuses=tuple(Status(v).value for v in choices[K_STATUS]),
        directors=tuple(choices[K_DIRECTOR]),
        studios=tuple(choices[K_STUDIO]),
        genres=tuple(choices[K_GENRE]),
        year_from=year_from,
        year_to=year_to,
        text=text or "",
        include_undated=bool(undated),
    )
    sidebar.button(
        "Reset filters", icon=":material/filter_alt_off:", on_click=_reset, args=(bounds,),
        disabled=filters.is_default and as_of == today(), width="stretch",
    )  # fmt: skip
    _facet_captions(frame, filters)
    _remember(page)
    return filters, as_of


def _facet_captions(frame: pd.DataFrame, filters: Filters) -> None:
    """Facet counts under the other filters: how many projects each choice would show."""
    with st.sidebar.expander("Counts by filter", expanded=True):
        for _, facet, label in _FACET_WIDGETS:
            counts = facet_counts(frame, filters, facet)
            if not counts:
                continue
            shown = list(counts.items())[:8]
            words = " · ".join(
                f"{esc(status_label(k) if facet == 'status' else k)} **{v}**" for k, v in shown
            )
            more = f" · +{len(counts) - len(shown)} more" if len(counts) > len(shown) else ""
            st.caption(f"{label}: {words}{more}")

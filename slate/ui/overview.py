"""Overview: where the slate stands, what comes next, and the chart of upcoming work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from slate.charts import gantt
from slate.dates import day_label
from slate.models import INACTIVE_STATUSES, Status
from slate.ui.common import (
    TABLE_BUDGET,
    Context,
    empty_state,
    over_budget,
    some_titles,
)
from slate.ui.text import esc
from slate.words import plural

_STOPPED = [s.value for s in INACTIVE_STATUSES]
_CARDS = 3
"""Up to this many flagged releases of a kind get a card each; more get one card."""


def page(context: Context) -> None:
    view = context.view
    rows, as_of = view.rows, view.as_of
    st.caption(f"{view.summary()} · dates as precise as the sources, no more")
    if empty_state(context, "overview"):
        return

    stopped = rows["status"].isin(_STOPPED)
    released = rows["status"] == Status.RELEASED.value
    overdue = rows[rows["release_passed_unconfirmed"]]
    day = context.assessments.day
    early_ids = [context.assessments.view.projects[i].id for i in day.early_releases]
    early = rows[rows["id"].isin(early_ids)]
    # The next release is the next one still in motion: a paused film's old window is not
    # it, and neither is the date of a film its sources call released (a date ahead of such
    # a film is a contradiction, flagged below, not a release to wait for).
    upcoming = rows[~stopped & ~released & _not_before(rows["release_end"], as_of)]

    cols = st.columns(4)
    cols[0].metric("Projects shown", len(rows), help="After the filters in the sidebar.")
    cols[1].metric(
        "Paused, stalled or dropped", int(stopped.sum()), help="Paused, stalled, cancelled or "
        "abandoned."
    )  # fmt: skip
    cols[2].metric(
        "Release passed, unconfirmed",
        len(overdue),
        help="The release date is behind us and no source says the film came out.",
    )
    next_help = (
        "The release still ahead whose last possible day comes first (a day, or the end of "
        "a window), of work that is not released, paused, stalled or dropped."
    )
    if not early.empty:
        # Said wherever the next release is named: one of these may be the real next one.
        next_help += (
            f" Not counting {plural(len(early), 'film')} marked released but dated after "
            f"{day_label(as_of)}: see the flags below."
        )
    if upcoming.empty:
        cols[3].metric("Next dated release", "None ahead", help=next_help)
    else:
        # Sure to come first: the earliest last possible day (the first of those in table
        # order). By first day, a decade still open ("2020s") would beat next month's film.
        ends = upcoming["release_end"].tolist()
        nxt = upcoming.iloc[min(range(len(ends)), key=ends.__getitem__)]
        cols[3].metric(
            "Next dated release",
            nxt["release_label"],
            help=f"{esc(nxt['title'])}. {next_help}",
        )
        st.markdown(
            f":material/event: **Next dated release:** {esc(nxt['title'])}, "
            f"**{esc(nxt['release_label'])}**"
            + (" (a window that is still open, not a set day)" if not nxt["release_exact"] else "")
            + (
                f" · not counting {plural(len(early), 'film')} marked released with a later date"
                if not early.empty
                else ""
            )
        )
    _flagged(
        overdue,
        lambda label: (
            f"release date {label} has passed and no source in this slate confirms it came out."
        ),
        f"**{len(overdue):,} releases** have passed and no source in this slate confirms "
        "they came out.",
        f"The {len(overdue):,} releases that passed unconfirmed",
        "overdue-table",
    )
    _flagged(
        early,
        lambda label: (
            f"marked released, but its release ({label}) is after "
            f"{day_label(as_of)}: check the status or the date."
        ),
        f"**{len(early):,} films** are marked released but dated after {day_label(as_of)}: "
        "check their status or their date.",
        f"The {len(early):,} films marked released with a later date",
        "early-table",
    )

    st.subheader("By status", anchor=False)
    st.caption(
        "A status is as its newest source gave it: where that news is over a year old, or the "
        "status is the curators' reading rather than the source's word, the note says so."
    )
    counts = rows["status"].value_counts()
    stale = rows[rows["stale"]]["status"].value_counts()
    inferred = rows[rows["status_basis"] == "inferred"]["status"].value_counts()
    by_status = pd.DataFrame(
        [
            (
                s.label,
                int(counts[s.value]),
                _status_note(int(stale.get(s.value, 0)), int(inferred.get(s.value, 0))),
                s.definition,
            )
            for s in Status
            if s.value in counts
        ],
        columns=["Status", "Projects", "Note", "Meaning"],
    )
    st.dataframe(
        by_status,
        hide_index=True,
        width="stretch",
        column_config={
            "Projects": st.column_config.ProgressColumn(
                "Projects", format="%d", min_value=0, max_value=int(counts.max())
            ),
            "Note": st.column_config.TextColumn("Note", width="large"),
            "Meaning": st.column_config.TextColumn("Meaning", width="large"),
        },
    )

    st.subheader("Upcoming work", anchor=False)
    st.caption(
        "Every project with a planned date still ahead, a release that passed unconfirmed, "
        "or recent news of work in motion. The Timeline has the whole history."
    )
    live = ~stopped & ~released
    # A released film's date ahead is not work to come (it is flagged above).
    planned_ahead = (~released & _not_before(rows["release_end"], as_of)) | _not_before(
        rows["filming_end"], as_of
    )
    chosen = rows[planned_ahead | rows["release_passed_unconfirmed"] | (live & ~rows["stale"])]
    # Work nobody has reported on for a year, with nothing planned ahead: named, not drawn.
    silent = rows[live & rows["stale"] & ~rows["id"].isin(chosen["id"])]
    if chosen.empty:
        st.info("None of the matching projects has upcoming work.", icon=":material/event_busy:")
    else:
        result = gantt(context.slate, chosen, as_of, context.assessments, rows=context.gantt_rows())
        over_budget(
            len(result.rows), len(result.rows) + result.omitted, "projects with upcoming work"
        )
        st.plotly_chart(
            result.figure, key="overview-gantt", config={"displaylogo": False}, width="stretch"
        )
        if result.undated:
            st.caption("Nothing dated to draw: " + some_titles([t for _, t in result.undated]))
    if not silent.empty:
        st.caption(
            "No source in over a year and nothing planned, so left out: "
            + some_titles(list(silent["title"]))
            + " (see the Timeline)"
        )


def _flagged(
    flagged: pd.DataFrame, one: Callable[[str], str], many: str, listed: str, key: str
) -> None:
    """A warning card per flagged release (`one` words its release label), or, past a few,
    one card (`many`) and the list in an expander (`listed`): fifty cards would push the
    rest of the page off a phone."""
    if len(flagged) <= _CARDS:
        for title, label in zip(flagged["title"], flagged["release_label"], strict=True):
            st.warning(f"**{esc(title)}**: {esc(one(label))}", icon=":material/flag:")
        return
    st.warning(many, icon=":material/flag:")
    with st.expander(listed):
        over_budget(TABLE_BUDGET, len(flagged), "releases")
        st.dataframe(
            flagged[["title", "release_label"]].head(TABLE_BUDGET),
            column_config={
                "title": st.column_config.TextColumn("Title"),
                "release_label": st.column_config.TextColumn("Release"),
            },
            hide_index=True,
            width="stretch",
            key=key,
        )


def _status_note(stale: int, inferred: int) -> str:
    """ "1 with no news in over a year; 2 inferred": what a status count should not hide."""
    parts = []
    if stale:
        parts.append(f"{stale:,} with no news in over a year")
    if inferred:
        parts.append(f"{inferred:,} inferred")
    return "; ".join(parts)


def _not_before(days: pd.Series, as_of: dt.date) -> pd.Series:
    """Which of these last possible days (None where unknown) are on or after a day."""
    return days.map(lambda day: day is not None and day >= as_of).astype(bool)

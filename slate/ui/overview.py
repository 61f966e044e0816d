"""Overview: where the slate stands, what comes next, and the Gantt of upcoming work."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from slate.charts import gantt
from slate.models import INACTIVE_STATUSES, Status
from slate.ui.common import page_context
from slate.ui.text import esc


def page() -> None:
    ctx = page_context("Tom Cruise's film slate")
    rows, as_of = ctx.view.rows, ctx.view.as_of
    st.caption(f"{ctx.view.summary()} · dates as precise as the sources, no more")

    counts = rows["status"].value_counts()
    inactive = int(rows["status"].isin([s.value for s in INACTIVE_STATUSES]).sum())
    overdue = rows[rows["release_passed_unconfirmed"]]
    stopped = rows["status"].isin([s.value for s in INACTIVE_STATUSES])
    # The next release is the next one still in motion: a paused film's old window is not it.
    upcoming = rows[~stopped & rows["release_end"].map(lambda d: d is not None and d >= as_of)]

    cols = st.columns(4)
    cols[0].metric("Projects shown", len(rows), help="After the filters in the sidebar.")
    cols[1].metric(
        "Paused, stalled or dropped", inactive, help="Paused, stalled, cancelled or abandoned."
    )
    cols[2].metric(
        "Release passed, unconfirmed",
        len(overdue),
        help="The release date is behind us and no source says the film came out.",
    )
    if upcoming.empty:
        cols[3].metric("Next dated release", "None dated")
    else:
        nxt = upcoming.iloc[0]
        cols[3].metric("Next dated release", nxt["release_label"], help=f"{nxt['title']}")
        st.markdown(
            f":material/event: **Next dated release:** {esc(nxt['title'])}, "
            f"**{esc(nxt['release_label'])}**"
            + (" (a window that is still open, not a set day)" if not nxt["release_exact"] else "")
        )
    for _, row in overdue.iterrows():
        st.warning(
            f"**{esc(row['title'])}**: release date {esc(row['release_label'])} has passed and no "
            "source in this slate confirms it came out.",
            icon=":material/flag:",
        )

    st.subheader("By status", anchor=False)
    by_status = pd.DataFrame(
        [(s.label, int(counts[s.value]), s.definition) for s in Status if s.value in counts],
        columns=["Status", "Projects", "Meaning"],
    )
    st.dataframe(
        by_status,
        hide_index=True,
        width="stretch",
        column_config={
            "Projects": st.column_config.ProgressColumn(
                "Projects", format="%d", min_value=0, max_value=max(int(counts.max()), 1)
            ),
            "Meaning": st.column_config.TextColumn("Meaning", width="large"),
        },
    )

    st.subheader("Upcoming and ongoing work", anchor=False)
    live = rows[~stopped & (rows["status"] != Status.RELEASED.value)]
    # Work nobody has reported on for a year is not "ongoing": it is named, not drawn.
    active, silent = live[~live["stale"]], live[live["stale"]]
    result = gantt(ctx.slate, active, as_of)
    if active.empty:
        st.info("No upcoming work matches the filters.")
    else:
        st.plotly_chart(result.figure, key="overview-gantt", config={"displaylogo": False})
    if result.undated:
        st.caption("Undated (TBA): " + " · ".join(esc(title) for _, title in result.undated))
    if not silent.empty:
        st.caption(
            "No source in over a year, so left out: "
            + " · ".join(esc(t) for t in silent["title"])
            + " (see the Timeline)"
        )

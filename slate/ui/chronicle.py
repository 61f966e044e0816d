"""Chronicle: every event from 1987 to the as-of date, as a timeline and a list."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from slate.charts import chronicle
from slate.query import events_frame
from slate.ui.common import page_context

_COLUMNS = {
    "date_label": st.column_config.TextColumn("When"),
    "title": st.column_config.TextColumn("What happened", width="large"),
    "projects": st.column_config.TextColumn("Projects", width="medium"),
    "certainty": st.column_config.TextColumn("Certainty"),
    "reported_as": st.column_config.TextColumn(
        "Reported as", help="Planned: scheduled in the source, not reported as done."
    ),
    "source_names": st.column_config.TextColumn("Sources", width="medium"),
}


def page() -> None:
    ctx = page_context("Chronicle")
    view, slate = ctx.view, ctx.slate
    titles = dict(zip(view.rows["id"], view.rows["title"], strict=True))
    # Labels (titles) go in the URL, as with the sidebar's filters; ids are looked up here.
    chosen = st.multiselect(
        "Projects", list(titles.values()), key="chronicle", bind="query-params",
        placeholder="All matching projects",
    )  # fmt: skip
    ids = [pid for pid, title in titles.items() if title in chosen] or list(titles)
    events = events_frame(slate, ids, view.as_of)
    about = f"{len(ids)} chosen" if chosen else f"{len(ids)} matching"
    st.caption(
        f"{len(events)} events up to {view.as_of:%-d %b %Y} about the {about} projects "
        "(career events about no film stay in as context). Later events are hidden."
    )
    if events.empty:
        st.info("No event matches the filters.")
        return
    st.plotly_chart(
        chronicle(events, view.as_of), key="chronicle-chart", config={"displaylogo": False}
    )
    names = slate.source_map()
    events = events.assign(
        # A plan whose day is behind us is not news of it happening: say so, as the
        # Overview does for releases.
        reported_as=[
            _reported_as(planned, end, view.as_of)
            for planned, end in zip(events["planned"], events["end"], strict=True)
        ],
        source_names=events["sources"].map(
            lambda ids: "; ".join(names[i].name for i in ids.split("; ") if i in names)
        ),
    )
    st.dataframe(
        events,
        column_order=list(_COLUMNS),
        column_config=_COLUMNS,
        hide_index=True,
        width="stretch",
    )


def _reported_as(planned: bool, end: dt.date | None, as_of: dt.date) -> str:
    if not planned:
        return "happened"
    return "planned; date passed, not confirmed" if end is not None and end < as_of else "planned"

"""Timeline: each project's history as its sources tell it, and what is planned ahead."""

from __future__ import annotations

import streamlit as st

from slate.charts import gantt
from slate.ui.common import Context, empty_state, follow_selection, project_detail, some_titles

K_HISTORY = "history"


def page(context: Context) -> None:
    view = context.view
    st.caption(
        f"{view.summary()}. Each row is coloured by the status its sources reported at each "
        "time; hatched where a date is known only to a window. Below each history, the "
        "planned filming and release dates. Click a bar for the project."
    )
    if empty_state(context, "timeline"):
        return
    whole = st.toggle(
        "Whole history", key=K_HISTORY, bind="query-params",
        help="Off: from a little before the as-of date to the last upcoming date. "
        "On: every date the sources give, back to the first.",
    )  # fmt: skip
    result = gantt(
        context.slate, view.rows, view.as_of, context.assessments, whole=whole,
        rows=context.gantt_rows(),
    )  # fmt: skip
    if result.omitted:
        st.info(
            f"Showing {len(result.rows):,} of {len(result.rows) + result.omitted:,} projects "
            "with something to draw; narrow the filters to see the rest.",
            icon=":material/filter_alt:",
        )
    event = None
    if result.rows:
        event = st.plotly_chart(
            result.figure, key="timeline-gantt", on_select="rerun", selection_mode="points",
            config={"displaylogo": False}, width="stretch",
        )  # fmt: skip
    else:
        st.info("None of the matching projects has anything to draw here.")
    if result.outside:
        titles = some_titles([title for _, title in result.outside])
        st.caption(f"Only in the whole history: {titles}")
    if result.undated:
        titles = some_titles([title for _, title in result.undated])
        st.markdown(f"**No dates at all, not drawn:** {titles}")
    tba = view.rows[
        (view.rows["release"] == "") & view.rows["id"].isin([r.key for r in result.rows])
    ]
    if not tba.empty:
        st.caption("Release TBA: " + some_titles(list(tba["title"])))

    points = event.selection.points if event is not None else []
    custom = points[0].get("customdata") if points else None
    selected = str(custom[0]).split(";")[0] if custom else None
    project_id = follow_selection("timeline", selected or None)
    if project_id:
        project_detail(context, project_id)

"""Timeline: the honest Gantt. Fuzzy dates drawn as spans, exact days as markers."""

from __future__ import annotations

import streamlit as st

from slate.charts import gantt
from slate.ui.common import follow_selection, page_context, project_detail
from slate.ui.text import esc


def page() -> None:
    ctx = page_context("Timeline")
    view = ctx.view
    st.caption(
        f"{view.summary()}. Solid: known spans. Hatched and pale: a window the date falls in, "
        "not a day. Diamonds: exact release days. Grey hatching: paused, stalled or abandoned "
        "since the last news. Outlined: no news since. Click a bar for the project."
    )
    result = gantt(ctx.slate, view.rows, view.as_of)
    if result.omitted:
        st.info(f"Drawing the first {len(view.rows) - result.omitted:,} projects; "
                f"{result.omitted:,} more match. Narrow the filters to see them.")  # fmt: skip
    event = None
    if len(view.rows) > len(result.undated):
        event = st.plotly_chart(
            result.figure, key="timeline-gantt", on_select="rerun", selection_mode="points",
            config={"displaylogo": False},
        )  # fmt: skip
    else:
        st.info("None of the matching projects has a date to draw.")
    if result.undated:
        st.markdown(
            f"**Undated (TBA), not drawn:** {' · '.join(esc(title) for _, title in result.undated)}"
        )

    points = event.selection.points if event is not None else []
    custom = (points[0].get("customdata") or [None]) if points else [None]
    project_id = follow_selection("timeline", str(custom[0]) if custom[0] else None)
    if project_id:
        project_detail(ctx.slate, project_id, view.as_of)

"""Slate: the filterable table, a project's detail on selection, and the downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from slate.knowledge import INFERRED_MARK
from slate.query import matched_fields
from slate.ui.common import (
    TABLE_BUDGET,
    Context,
    downloads,
    empty_state,
    follow_selection,
    project_detail,
)

_COLUMNS = {
    "title": st.column_config.TextColumn("Title", width="medium", pinned=True),
    # Only while searching, beside the title: what a phone shows of a search's rows.
    "matched": st.column_config.TextColumn(
        "Matched",
        width="medium",
        help="Where the search found the project: the first field holding it, as known on "
        "the as-of date. Shown here only; the downloads keep their columns.",
    ),
    # The table is sorted by release: it comes next, so a phone shows it near the title.
    "release_label": st.column_config.TextColumn(
        "Release", help="As precise as the sources: a day, a quarter, a span, or TBA."
    ),
    "status_label": st.column_config.TextColumn(
        "Status", help="(inferred): the curators' reading; the source gives no such word."
    ),
    "flags": st.column_config.ListColumn(
        "Flags", width="medium", help="Worked out for the as-of date in the sidebar."
    ),
    "directors_marked": st.column_config.ListColumn(
        "Directors", help="(reported): one source says so; (rumored): hedged in the source."
    ),
    "cast_marked": st.column_config.ListColumn("Cast", width="large"),
    "studio": st.column_config.TextColumn("Studio"),
    "genre": st.column_config.TextColumn("Genre"),
    "source_names": st.column_config.ListColumn("Sources", width="medium"),
}


def _marked(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with inferred statuses and releases marked, as credits' certainty is."""
    inferred = {"inferred": INFERRED_MARK, "stated": ""}
    return rows.assign(
        status_label=rows["status_label"] + rows["status_basis"].map(inferred),
        release_label=rows["release_label"] + rows["release_basis"].map(inferred),
    )


def page(context: Context) -> None:
    view = context.view
    rows = view.rows
    st.caption(f"{view.summary()}, sorted by release (TBA last). Select a row for its detail.")
    if empty_state(context, "slate"):
        return
    # The search text is the table's longest column and never drawn: kept off the wire.
    shown = _marked(rows.head(TABLE_BUDGET).drop(columns="_search"))
    if len(rows) > TABLE_BUDGET:
        st.info(
            f"Showing the first {TABLE_BUDGET:,} of {len(rows):,} rows; "
            "the downloads hold all of them."
        )
    columns = list(_COLUMNS)
    searched = view.filters.text
    if searched.strip():
        # Worked out for the rows drawn only (the filter scanned one column for them all).
        shown = shown.assign(matched=matched_fields(shown, searched, context.slate))
    else:
        columns.remove("matched")
    event = st.dataframe(
        shown,
        column_order=columns,
        column_config=_COLUMNS,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="slate-table",
        width="stretch",
        # Tall enough for every row of a small slate; a large one scrolls inside the table.
        height=min(38 + 35 * len(shown), 640),
    )
    downloads(context, rows, key="table")

    selected = event.selection.rows
    project_id = follow_selection("table", str(shown.iloc[selected[0]]["id"]) if selected else None)
    if project_id:
        project_detail(context, project_id)
    else:
        st.caption(
            ":material/touch_app: Select a row to see every field, its flags and its history."
        )

"""Chronicle: every event, release and shoot the sources had reported by the as-of day, as
a timeline and a list."""

from __future__ import annotations

import streamlit as st

from slate.charts import chronicle
from slate.dates import day_label
from slate.query import happenings_for, happenings_frame
from slate.ui.common import TABLE_BUDGET, Context, empty_state, over_budget
from slate.ui.filters import LONG_LIST
from slate.ui.timeline import K_HISTORY

_COLUMNS = {
    "date_label": st.column_config.TextColumn("When"),
    "title": st.column_config.TextColumn("What", width="large"),
    "projects": st.column_config.ListColumn("Projects", width="medium"),
    "certainty": st.column_config.TextColumn("Certainty"),
    "reported_as": st.column_config.TextColumn(
        "Reported as",
        help="Planned: scheduled in the source, not reported as done. Called off: a later "
        "source says it will not happen.",
    ),
    "note": st.column_config.TextColumn("How it changed", width="medium"),
    "source_names": st.column_config.ListColumn("Sources", width="medium"),
}


def page(context: Context) -> None:
    view, slate = context.view, context.slate
    if empty_state(context, "chronicle"):
        return
    titles = dict(zip(view.rows["id"], view.rows["title"], strict=True))
    # Labels (titles) go in the URL, as with the sidebar's filters; ids are looked up here.
    # A list as long as an industry's slate offers the first titles (and any chosen).
    offered = list(dict.fromkeys(titles.values()))
    if len(offered) > LONG_LIST:
        kept = st.session_state.get("chronicle") or st.query_params.get_all("chronicle")
        offered = list(
            dict.fromkeys([*[t for t in kept if t in titles.values()], *offered[:LONG_LIST]])
        )
    chosen = st.multiselect(
        "Projects", offered, key="chronicle", bind="query-params",
        placeholder="All matching projects",
    )  # fmt: skip
    ids = [pid for pid, title in titles.items() if title in chosen] or list(titles)
    events = happenings_for(context.day, ids)
    about = f"{len(ids):,} chosen" if chosen else f"{len(ids):,} matching"
    st.caption(
        f"{len(events):,} events, releases and shoots reported by {day_label(view.as_of)} "
        f"about the {about} projects (career events about no film stay in as context), each "
        "as the sources told it then: a later report that confirms, moves or calls one off "
        "changes it here and on every page."
    )
    if not events:
        st.info("No event is reported about these projects.", icon=":material/event_busy:")
        return
    whole = st.toggle(
        "Whole history", key=K_HISTORY, bind="query-params",
        help="Off: the last ten years. On: every event, back to the first.",
    )  # fmt: skip
    st.plotly_chart(
        chronicle(events, slate, view.as_of, whole=whole), key="chronicle-chart",
        config={"displaylogo": False}, width="stretch",
    )  # fmt: skip
    over_budget(TABLE_BUDGET, len(events), "events in the list")
    st.dataframe(
        happenings_frame(events[:TABLE_BUDGET], slate),
        column_order=list(_COLUMNS),
        column_config=_COLUMNS,
        hide_index=True,
        width="stretch",
    )

"""Sources: each article by name and outlet, its approximate date, what cites it, and where
sources disagree."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from slate.query import disagreements
from slate.ui.common import CARD_BUDGET, Context, empty_state, over_budget, some_titles
from slate.ui.text import esc


def page(context: Context) -> None:
    slate, view = context.slate, context.view
    st.caption(
        "The articles behind every fact. None prints its date: each is dated from its own text, "
        "and the note says how. What a source says counts from the last day it can have been "
        "published, so an earlier as-of day lists only the sources out by then."
    )
    if empty_state(context, "sources"):
        return
    shown = set(view.rows["id"])
    ordered = sorted(slate.sources, key=lambda s: s.published.sort_key(), reverse=True)
    over_budget(CARD_BUDGET, len(ordered), "sources")
    events_of: dict[str, int] = {}
    for event in slate.events:
        for sid in dict.fromkeys(event.sources):
            events_of[sid] = events_of.get(sid, 0) + 1
    for source in ordered[:CARD_BUDGET]:
        citing = slate.citing(source.id)
        events = events_of.get(source.id, 0)
        with st.container(border=True):
            st.subheader(esc(source.name), anchor=False)
            # An outlet as it is written ("BBC", "Screen Wire"); only our own words for none
            # are made to start a line.
            outlet = source.outlet or source.outlet_label.capitalize()
            st.markdown(f"**{esc(outlet)}**" + (
                f" · *{esc(source.headline)}*" if source.headline else ""
            ))  # fmt: skip
            edtf = esc(source.published) or "TBA"
            meta = [f"Published: **{esc(source.published.label)}** (EDTF {edtf})"]
            if source.url:
                # As text: an address in data is never made a link (esc breaks it).
                meta.append(f"Address: {esc(source.url)}")
            if source.cites:
                meta.append(f"Attributes claims to: {esc(', '.join(source.cites))}")
            st.markdown("  \n".join(meta))
            st.markdown(esc(source.note))
            titles = [p.title + ("" if p.id in shown else " (filtered out)") for p in citing]
            named = some_titles(titles, "; ") or "—"
            st.markdown(f"**Cited by {len(citing)} projects:** {named}  \n"
                        f"**And {events} events.**")  # fmt: skip
            if source.file:
                st.caption(f"File: {esc(source.file)}")

    st.header("Where sources disagree", anchor=False)
    table = disagreements(context.day)
    table = table[table["project_id"].isin(shown)]
    if table.empty:
        st.info(
            "No two sources known by this day give different values for the same thing at "
            "the same time, for the matching projects. A later report that moves a date or "
            "a status is history, not a disagreement: see each project's claims."
        )
        return
    st.caption(
        "Two sources disagree when they give different values for the same field at the "
        "same time (a source holds its newest word until it is published). Each claim as its "
        "source made it: nothing is overwritten or settled here."
    )
    groups = table.groupby(["project_id", "field"], sort=False)
    over_budget(CARD_BUDGET, groups.ngroups, "disagreements")
    for index, ((_, field), said) in enumerate(groups):
        if index == CARD_BUDGET:
            break
        title = said["project"].iloc[0]
        st.markdown(f"**{esc(title)}**: {esc(field)} · :orange[:material/flag: disagree]")
        st.dataframe(
            pd.DataFrame(
                {
                    "Holds": said["holds"],
                    str(field).split(":")[0].capitalize(): said["value"],
                    "Source": said["source"],
                    "Published": said["published"],
                    "What it says": said["note"],
                }
            ),
            hide_index=True,
            width="stretch",
        )

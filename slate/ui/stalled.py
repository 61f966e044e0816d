"""Stalled & abandoned: a card per project that stopped, with its rival beside it."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from slate.models import INACTIVE_STATUSES, Assessment, Project, Slate
from slate.ui.common import (
    CARD_BUDGET,
    Context,
    credit_words,
    empty_state,
    over_budget,
    source_names,
    when,
)
from slate.ui.text import esc

_STOPPED = {s.value for s in INACTIVE_STATUSES}


def page(context: Context) -> None:
    view, slate = context.view, context.slate
    ids = [pid for pid, status in zip(view.rows["id"], view.rows["status"], strict=True)
           if status in _STOPPED]  # fmt: skip
    if empty_state(context, "stalled"):
        return
    st.caption(
        f"{len(ids)} of the {len(view.rows)} matching projects are paused, stalled, cancelled or "
        "abandoned. Days since the last news count from the latest day a source could date from."
    )
    if not ids:
        st.info(
            "None of the matching projects is paused, stalled, cancelled or abandoned.",
            icon=":material/play_circle:",
        )
        return
    over_budget(CARD_BUDGET, len(ids), "stopped projects")
    rivals = {p.rival_of: p for p in slate.projects if p.rival_of}
    for pid in ids[:CARD_BUDGET]:
        project = slate.project(pid)
        rival = rivals.get(project.id) or (
            slate.projects_by_id.get(project.rival_of) if project.rival_of else None
        )
        if rival is None:
            _card(slate, project, context.assessments[pid])
            continue
        left, right = st.columns(2)
        with left:
            _card(slate, project, context.assessments[pid])
        with right:
            st.caption(f":material/compare_arrows: Its rival: {esc(rival.title)}")
            _card(slate, rival, context.assessments[rival.id])


def _card(slate: Slate, project: Project, assessment: Assessment) -> None:
    last = slate.last_activity(project)
    as_of = assessment.as_of
    with st.container(border=True):
        st.subheader(esc(project.title), anchor=False)
        st.markdown(f"**{esc(project.status.label)}**: {esc(project.status.definition)}")
        st.markdown(esc(project.logline))
        people = [
            credit_words(c, "director" if kind == "directors" else c.role or "cast")
            for kind, c in project.credits()
        ]
        days = (
            f", at least {assessment.days_since_update} days before {as_of:%-d %b %Y}"
            if assessment.days_since_update is not None
            else ""
        )
        st.markdown(
            f"**Attached:** {'; '.join(people) or '—'}  \n"
            f"**Announced:** {when(project.announced)}  \n"
            f"**Last activity:** {esc(last.label)}  \n"
            f"**Newest source:** {esc(assessment.newest_source.label)}{days}"
        )
        if project.obstacles:
            st.markdown("**Obstacles**")
            grouped = defaultdict(list)
            for obstacle in project.obstacles:
                grouped[obstacle.kind.value].append(obstacle)
            for kind, items in grouped.items():
                details = "; ".join(
                    f"{esc(o.detail)}{esc(o.certainty.mark)} ({source_names(slate, o.sources)})"
                    for o in items
                )
                st.markdown(f"- **{esc(kind.capitalize())}**: {details}")
        if project.parties:
            st.markdown("**Parties**")
            for party in project.parties:
                st.markdown(
                    f"- **{esc(party.name)}**{esc(party.certainty.mark)}: {esc(party.role)}"
                )
        events = [e for e in slate.events_of(project.id) if e.date.earliest is None
                  or e.date.earliest <= as_of]  # fmt: skip
        if events:
            st.markdown("**Events**")
            for event in sorted(events, key=lambda e: e.date.sort_key()):
                planned = " (planned)" if event.planned else ""
                st.markdown(f"- {esc(event.date.label)}: {esc(event.title)}{planned}")
        st.caption(f"Sources: {source_names(slate, project.sources)}")

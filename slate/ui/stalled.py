"""Stalled & abandoned: a card per project that stopped, with its rival beside it."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from slate.assess import Assessment
from slate.dates import day_label
from slate.knowledge import Happening, inferences, last_activity
from slate.models import INACTIVE_STATUSES, Outcome, Project, Slate
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
from slate.words import age

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
        events = context.day.happenings
        if rival is None:
            _card(slate, project, context.assessments[pid], events)
            continue
        left, right = st.columns(2)
        with left:
            _card(slate, project, context.assessments[pid], events)
        with right:
            st.caption(f":material/compare_arrows: Its rival: {esc(rival.title)}")
            _card(slate, rival, context.assessments[rival.id], events)


def _card(
    slate: Slate, project: Project, assessment: Assessment, happenings: list[Happening]
) -> None:
    mine = [h for h in happenings if project.id in h.projects]
    last = last_activity(project, mine)
    as_of = assessment.as_of
    with st.container(border=True):
        st.subheader(esc(project.title), anchor=False)
        why = inferences(project, slate.sources_by_id).get("status")
        st.markdown(
            f"**{esc(project.status.label)}**{' :orange[(inferred)]' if why else ''}: "
            f"{esc(project.status.definition)}"
        )
        if why:
            st.caption(f"Inferred: {esc(why)}")
        st.markdown(esc(project.logline))
        people = [
            credit_words(c, "director" if kind == "directors" else c.role or "cast")
            for kind, c in project.credits()
        ]
        since = assessment.days_since_update
        days = (
            ""
            if since is None
            else f", possibly from {day_label(as_of)} itself"
            if since == 0
            else f", at least {age(since)} before {day_label(as_of)}"
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
        if mine:
            st.markdown("**Events**")
            for event in mine:
                said = (
                    "" if event.outcome is Outcome.HAPPENED else f" ({event.outcome.label.lower()})"
                )
                if event.passed:
                    said = " (planned; the date passed and no source says it happened)"
                st.markdown(f"- {esc(event.date.label)}: {esc(event.title)}{said}")
        st.caption(f"Sources: {source_names(slate, project.sources)}")

"""Stalled & abandoned: a card per project that stopped, with its rival beside it."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from slate.models import INACTIVE_STATUSES, Project, Slate
from slate.query import events_frame
from slate.ui.common import credit_words, page_context, when
from slate.ui.text import esc

_MARK = {"confirmed": "", "reported": " (reported)", "rumored": " (rumored)"}


def page() -> None:
    ctx = page_context("Stalled & abandoned")
    view, slate = ctx.view, ctx.slate
    inactive = {s.value for s in INACTIVE_STATUSES}
    ids = [
        pid
        for pid, status in zip(view.rows["id"], view.rows["status"], strict=True)
        if status in inactive
    ]
    st.caption(
        f"{len(ids)} of the {len(view.rows)} matching projects are paused, stalled, cancelled or "
        "abandoned. Days since the last news count from the latest day a source could date from."
    )
    if not ids:
        st.info("No stalled or abandoned project matches the filters.")
        return
    rivals = {p.rival_of: p for p in slate.projects if p.rival_of}
    for pid in ids:
        project = slate.project(pid)
        rival = rivals.get(project.id) or (
            slate.project(project.rival_of) if project.rival_of else None
        )
        if rival is not None:
            left, right = st.columns(2)
            with left:
                _card(slate, project, view.as_of)
            with right:
                st.caption(f":material/compare_arrows: Its rival: {esc(rival.title)}")
                _card(slate, rival, view.as_of)
        else:
            _card(slate, project, view.as_of)


def _card(slate: Slate, project: Project, as_of) -> None:  # type: ignore[no-untyped-def]
    assessment = slate.assess(project, as_of)
    last = slate.last_activity(project)
    sources = slate.source_map()
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
                details = "; ".join(f"{esc(o.detail)}{_MARK[o.certainty.value]}" for o in items)
                st.markdown(f"- **{esc(kind.capitalize())}**: {details}")
        if project.parties:
            st.markdown("**Parties**")
            for party in project.parties:
                st.markdown(
                    f"- **{esc(party.name)}**{_MARK[party.certainty.value]}: {esc(party.role)}"
                )
        events = events_frame(slate, [project.id], as_of)
        events = events[events["project_ids"].map(bool)]
        if not events.empty:
            st.markdown("**Events**")
            for _, event in events.iterrows():
                planned = " (planned)" if event["planned"] else ""
                st.markdown(f"- {esc(event['date_label'])}: {esc(event['title'])}{planned}")
        st.caption(
            "Sources: " + "; ".join(esc(sources[s].name) for s in project.sources if s in sources)
        )

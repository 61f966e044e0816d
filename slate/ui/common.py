"""What every page shares: the page context the entrypoint builds, the header it draws, the
empty state, the downloads and the project detail view."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from slate.assess import Assessments
from slate.dates import FuzzyDate, day_label
from slate.export import describe, file_stem, slate_title, to_csv, to_ics, to_json
from slate.knowledge import Day, inferences, ledger, said_of
from slate.models import Credit, Project, Slate
from slate.query import FACET_FIELDS, FACETS, Filters, apply_filters
from slate.timeline import Row
from slate.ui import data
from slate.ui.filters import (
    K_AS_OF,
    K_TEXT,
    K_UNDATED,
    K_YEARS,
    View,
    filter_bar,
    label,
    reset,
    today,
    year_bounds,
)
from slate.ui.text import esc
from slate.words import age, plural

# The project whose detail is open; a plain (unbound) query parameter so a link can open it.
K_PROJECT = "project"
TABLE_BUDGET = 5_000
"""Rows drawn in a table at most; the downloads always hold every filtered row."""
CARD_BUDGET = 50
"""Cards, warnings and per-project tables drawn on a page at most."""
NAMES_BUDGET = 100
"""Titles listed in one caption at most."""
EAGER_EXPORT_ROWS = 1_000
"""Exports of up to this many rows are made with the page; larger ones on the click."""
EMPTY = "No projects match these filters"


@dataclass(frozen=True)
class Context:
    """What a page receives from the entrypoint: the slate as known on the view's day, its
    table, and the user's view."""

    slate: Slate
    """The slate as its sources told it on the as-of day (`Day.view`): only the sources
    published by then, each project as they told it, none they had not yet reported."""
    frame: pd.DataFrame
    """That slate's table, flags worked out for the day."""
    assessments: Assessments
    """Every project's assessment for the as-of date, shared by the table and the charts."""
    view: View
    loaded: data.Loaded
    """Where the slate came from: the data folder, and this tab's uploads if any."""
    day: Day
    """The as-of day's knowledge: its disagreements, events, releases and shoots."""
    gantt_rows: Callable[[], Mapping[str, Row]] = dict
    """Every project's Gantt row for the as-of date, built on first call and shared."""

    @property
    def subject(self) -> str | None:
        """Whose slate this is, as its data names them: the same on every day."""
        return self.day.slate.subject

    @property
    def title(self) -> str:
        """What the slate is called: "Tom Cruise's film slate", or "Film slate"."""
        return slate_title(self.subject)


def sidebar_context(loaded: data.Loaded) -> Context:
    """Draw the filter bar and work out the view: the entrypoint calls this once per run."""
    slate = loaded.slate
    assert slate is not None
    # Widget options and facet counts do not depend on the as-of date; flags do, so the rows
    # come from the table built for the chosen day (all cached, and shared by every session).
    filters, as_of = filter_bar(
        data.base(loaded),
        data.choices(loaded),
        lambda chosen, day: data.counts(loaded, chosen, day),
    )
    frame = data.frame(loaded, as_of)
    view = View(filters=filters, as_of=as_of, rows=apply_filters(frame, filters), total=len(frame))
    day = data.day(loaded, as_of)
    return Context(
        day.view,
        frame,
        data.assessments(loaded, as_of),
        view,
        loaded,
        day,
        gantt_rows=lambda: data.gantt_rows(loaded, as_of),
    )


def over_budget(shown: int, total: int, what: str) -> None:
    """Say so when a page draws only the first `shown` of `total` items: the page keeps its
    render budget at any size of slate, and the reader knows what to do for the rest."""
    if total > shown:
        st.info(
            f"Showing {shown:,} of {total:,} {what}; narrow the filters to see the rest.",
            icon=":material/filter_alt:",
        )


def some_titles(titles: list[str], between: str = " · ") -> str:
    """Titles for a caption, escaped: the first NAMES_BUDGET, then how many more."""
    shown = between.join(esc(t) for t in titles[:NAMES_BUDGET])
    more = len(titles) - NAMES_BUDGET
    return shown + (f"{between}and {more:,} more" if more > 0 else "")


def header(title: str, context: Context) -> None:
    """The page title and the freshness line, above every page."""
    st.title(title, anchor=False)
    freshness(context)


def freshness(context: Context) -> None:
    """One line under the title: how new the newest source is, as of today; and, for
    another day, that the slate is told as it was known then."""
    as_of = context.view.as_of
    whole = context.day.slate
    newest = whole.newest_source_date()
    if not newest:
        st.caption(":material/schedule: No source in this slate carries a date.")
        return
    # Counted from the last day it could be; a window still open today may be today's news.
    days_old = (today() - min(newest.latest or today(), today())).days
    if days_old <= 0:
        age_words = "possibly as new as today"
    else:
        age_words = f"at least {age(days_old)} old today"
    note = ""
    if as_of != today():
        known = len(context.slate.sources)
        note = (
            f" · **as of {day_label(as_of)}**: the slate as its sources told it then "
            f"({plural(known, 'source')} of {len(whole.sources):,} published by that day)"
        )
    st.caption(
        f":material/schedule: Newest source: **{esc(newest.label)}**, {age_words} "
        f"({day_label(today())}). Anything after it is not in this data{note}."
    )


def empty_state(context: Context, key: str) -> bool:
    """Say so, with a way back, when the filters match no project; True if they match none.

    An empty slate (a data folder with no projects yet) gets its own words: no filter
    would help there.
    """
    if not context.view.rows.empty:
        return False
    if context.view.total == 0:
        st.info("This slate has no projects yet.", icon=":material/inbox:")
        return True
    st.info(f"{EMPTY}.", icon=":material/filter_alt_off:")
    st.button(
        "Reset filters", icon=":material/filter_alt_off:", on_click=reset,
        args=(year_bounds(context.frame),), key=f"reset-{key}",
    )  # fmt: skip
    return True


def downloads(context: Context, rows: pd.DataFrame, key: str) -> None:
    """CSV, JSON and a calendar of exactly these rows, named for what they hold.

    A small CSV is made with the page; a large one (100,000 rows take seconds), the JSON and
    the calendar only when their button is clicked (on another thread), so a rerun does not
    pay for a file nobody asked for."""
    view = context.view
    stem = file_stem(context.subject, view.filters.describe(), view.as_of.isoformat())
    undated = int((rows["release_start"].isna() | rows["release_end"].isna()).sum())
    csv_data: Callable[[], bytes] = lambda: to_csv(rows, bom=True).encode("utf-8")  # noqa: E731
    # (label, contents, extension, MIME type, icon, help): one button each, side by side.
    exports: list[tuple[str, bytes | Callable[[], bytes], str, str, str, str]] = [
        (
            "Download CSV", csv_data() if len(rows) <= EAGER_EXPORT_ROWS else csv_data, "csv",
            "text/csv", "download",
            "UTF-8 with a byte-order mark, so spreadsheets keep accents intact. The file's "
            "name says its filters and as-of date; the JSON carries them in full.",
        ),
        (
            "Download JSON", functools.partial(_json, context, rows), "json",
            "application/json", "data_object",
            "Whole records, and a meta header: when it was made, the as-of date, the "
            "filters, which data, every source cited. The Import page takes it.",
        ),
        (
            "Download calendar", functools.partial(_ics, context, rows), "ics",
            "text/calendar", "calendar_month",
            "Release dates as calendar events (a window where the date is not a day). Left "
            f"out, with no release date: {undated} of {len(rows)} projects.",
        ),
    ]  # fmt: skip
    columns = st.columns([1, 1, 1, 2])
    for column, (name, contents, extension, mime, icon, help_text) in zip(
        columns, exports, strict=False
    ):
        column.download_button(
            name, contents, file_name=f"{stem}.{extension}", mime=mime,
            icon=f":material/{icon}:", key=f"{key}-{extension}", on_click="ignore",
            help=help_text,
        )  # fmt: skip
    subscription = calendar_link(view)
    if subscription:
        columns[3].link_button(
            "Subscribe to calendar", subscription, icon=":material/event_repeat:",
            help="The same calendar from this server, kept current: a calendar app that "
            "subscribes to this address fetches it again as the slate changes.",
        )  # fmt: skip


def link_query(filters: Filters, as_of: dt.date | None = None) -> str:
    """The view as the page's own links write it (labels, repeated keys), which the
    server's data URLs read back (slate.web.parse_query)."""
    params: list[tuple[str, str]] = []
    for facet in FACETS:
        params += [(facet, label(facet, v)) for v in getattr(filters, FACET_FIELDS[facet])]
    if filters.year_from is not None and filters.year_to is not None:
        params += [(K_YEARS, str(filters.year_from)), (K_YEARS, str(filters.year_to))]
    if not filters.include_undated:
        params.append((K_UNDATED, "false"))
    if filters.text:
        params.append((K_TEXT, filters.text))
    if as_of is not None:
        params.append((K_AS_OF, as_of.isoformat()))
    return urlencode(params)


def calendar_link(view: View) -> str | None:
    """webcal:// of this server's /calendar.ics for the view (None where the address the
    browser used is unknown). A view of today leaves the day out, so the subscription
    follows the days; one pinned to a past day stays on it."""
    parts = urlsplit(st.context.url or "")
    host = parts.netloc or st.context.headers.get("Host", "")
    if not host:
        return None
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    path = f"/{base}/calendar.ics" if base else "/calendar.ics"
    query = link_query(view.filters, None if view.as_of == today() else view.as_of)
    return f"webcal://{host}{path}" + (f"?{query}" if query else "")


def data_description(context: Context) -> dict[str, str]:
    """Which data an export was made from, for its meta."""
    loaded = context.loaded
    if loaded.uploads.documents:
        return {"uploads": "; ".join(loaded.uploads.names), "sha256": loaded.uploads.key()}
    # The folder's name, not its path: a download should not tell where the server keeps it.
    return {"folder": loaded.folder.name, "sha256": data.content_digest(loaded)}


def _json(context: Context, rows: pd.DataFrame) -> bytes:
    view = context.view
    slate = context.slate
    meta = describe(
        slate, rows, as_of=view.as_of, filters=view.filters.as_dict(),
        data=data_description(context),
    )  # fmt: skip
    return to_json(rows, slate, meta).encode("utf-8")


def _ics(context: Context, rows: pd.DataFrame) -> bytes:
    return to_ics(rows, context.slate, as_of=context.view.as_of)[0].encode("utf-8")


def source_names(slate: Slate, ids: list[str]) -> str:
    """Source ids as the names readers know them by, escaped for Markdown."""
    return "; ".join(esc(slate.source_name(s)) for s in ids)


def follow_selection(widget: str, selected: str | None) -> str | None:
    """Open the detail a table row or chart bar selects, and close it when deselected.

    The open project lives in the URL (?project=id) so a link opens it too; only a *change*
    of a widget's selection moves it, so a link's project is not closed by an empty table.
    """
    memory = f"_selected_{widget}"
    if selected != st.session_state.get(memory):
        st.session_state[memory] = selected
        if selected:
            st.query_params[K_PROJECT] = selected
        else:
            st.query_params.pop(K_PROJECT, None)
    return st.query_params.get(K_PROJECT)


def project_detail(context: Context, project_id: str) -> None:
    """Every field of one project as known on the as-of day, its flags, and each claim with
    both its dates, its source, how the source knows it, and what it replaced."""
    slate = context.slate
    if project_id not in slate.projects_by_id:
        later = context.day.slate.projects_by_id.get(project_id)
        if later is not None:
            st.info(
                f"**{esc(later.title)}** is not on the slate as of "
                f"{day_label(context.view.as_of)}: no source published by then reports it.",
                icon=":material/history_toggle_off:",
            )
        else:
            st.warning(f"No project with id {esc(project_id)} in this slate.")
        return
    project = slate.project(project_id)
    assessment = context.assessments[project_id]
    basis = inferences(project, slate.sources_by_id)
    with st.container(border=True, key="project-detail"):
        head, close = st.columns([6, 1])
        head.subheader(esc(project.title), anchor=False)
        if close.button("Close", icon=":material/close:", key="close-detail"):
            st.query_params.pop(K_PROJECT, None)
            st.rerun()
        st.caption(f"{esc(project.status.label)}: {esc(project.status.definition)}")
        if "status" in basis:
            st.caption(
                f":orange[:material/psychology_alt: Inferred status]: {esc(basis['status'])}"
            )
        for flag in assessment.flags:
            st.warning(esc(flag), icon=":material/flag:")
        if project.aliases:
            st.markdown(f"**Also known as:** {'; '.join(esc(a) for a in project.aliases)}")
        st.markdown(esc(project.logline))
        left, right = st.columns(2)
        with left:
            st.markdown(_facts(slate, project, basis))
        with right:
            st.markdown(_credits(project))
        if project.obstacles:
            st.markdown("**Obstacles**")
            for o in project.obstacles:
                st.markdown(
                    f"- *{esc(o.kind.value)}*{esc(o.certainty.mark)}: {esc(o.detail)} "
                    f"({source_names(slate, o.sources)})"
                )
        if project.parties:
            st.markdown("**Parties**")
            for party in project.parties:
                st.markdown(
                    f"- **{esc(party.name)}**{esc(party.certainty.mark)}: {esc(party.role)} "
                    f"({source_names(slate, party.sources)})"
                )
        claims(slate, project)
        st.caption(
            f"Sources: {source_names(slate, project.sources)} · newest "
            f"{esc(assessment.newest_source.label)}"
            + (
                f", at least {age(assessment.days_since_update)} before the as-of date"
                if assessment.days_since_update
                else ", possibly from the as-of date itself"
                if assessment.days_since_update is not None
                else ""
            )
        )


_INFERRED = " :orange[(inferred)]"


def written_as(project: Project, field: Literal["announced", "filming", "release"]) -> str | None:
    """The words a date was typed in ("late 2026"), from the newest claim that gives the
    project's date as it stands, else the project's own record; None where it was EDTF."""
    value = getattr(project, field)
    for update in reversed(project.updates):
        if field != "announced" and field in update.written and getattr(update, field) == value:
            return update.written[field]
    return project.written.get(field)


def _as_written(project: Project, field: Literal["announced", "filming", "release"]) -> str:
    words = written_as(project, field)
    date = getattr(project, field)
    if words is None:
        return f" (EDTF {esc(date)})" if field == "release" and date else ""
    return f" (written “{esc(words)}”, stored as {esc(date)})"


def _facts(slate: Slate, project: Project, basis: Mapping[str, str]) -> str:
    lines = [
        f"**Release:** {esc(project.release.label)}"
        + _as_written(project, "release")
        + (_INFERRED if "release" in basis else ""),
        f"**Announced:** {when(project.announced)}" + _as_written(project, "announced"),
        f"**Filming:** {when(project.filming)}"
        + _as_written(project, "filming")
        + (_INFERRED if "filming" in basis else ""),
        f"**Studio:** {esc(project.studio or '—')}",
        f"**Genre:** {esc(project.genre or '—')}",
    ]
    if project.rival_of:
        rival = slate.projects_by_id.get(project.rival_of)
        lines.append(f"**Rival of:** {esc(rival.title if rival else project.rival_of)}")
    return "  \n".join(lines)


def credit_words(credit: Credit, role: str | None = None) -> str:
    """ "Tom Cruise (lead, reported)": the role and how firmly, in one pair of brackets."""
    notes = [n for n in (role or credit.role, credit.certainty.value) if n and n != "confirmed"]
    return esc(credit.name) + (f" ({esc(', '.join(notes))})" if notes else "")


def when(date: FuzzyDate) -> str:
    """A date for a fact sheet: "not reported" where no source gives one ("TBA" is for releases)."""
    return esc(date.label) if date else "not reported"


def _credits(project: Project) -> str:
    def names(credits: list[Credit]) -> str:
        return "; ".join(credit_words(c) for c in credits) or "—"

    return f"**Directed by:** {names(project.directors)}  \n**Cast:** {names(project.cast)}"


CLAIMS_SHOWN = 8
"""Claims listed before the rest fold into "Earlier claims"."""


def claims(slate: Slate, project: Project) -> None:
    """Each claim known on the day, oldest first by when it holds: both its dates (when it
    holds, when its source was published), its source, what it gave and what that replaced,
    and what the curators inferred, with why."""
    entries = ledger(said_of(project.updates, slate.sources_by_id), slate.sources_by_id)
    if not entries:
        return
    st.markdown(
        "**Claims**, oldest first by when each holds; none is ever overwritten. "
        "*Holds* is when what it says is true; *reported* is when its source was published."
    )
    lines = [
        f"- **{esc(e.holds)}** · reported {esc(e.reported)} by *{esc(e.source)}*"
        + "".join(f"  \n  {esc(said)}" for said in e.says)
        + f"  \n  :grey[{esc(e.said.update.note)}]"
        + "".join(
            f"  \n  :orange[{esc(part.capitalize())} inferred:] {esc(why)}"
            for part, why in e.inferred
        )
        for e in entries
    ]
    earlier, recent = lines[:-CLAIMS_SHOWN], lines[-CLAIMS_SHOWN:]
    if earlier:
        with st.expander(f"{plural(len(earlier), 'earlier claim')}"):
            st.markdown("\n".join(earlier))
    st.markdown("\n".join(recent))

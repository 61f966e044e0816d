"""What a chart draws, as plain data: what the sources say about each project at each time.

The rules that turn records into pictures live here, away from plotly, so they can be read
and tested as tables (project in, spans out):

- A project's row is coloured by the status its sources reported **at each time**: each
  status runs from the claim that first reported it to the claim that reported the next
  one. A claim dated only to a window ("2025", "c. Q4 2025") starts its status *somewhere*
  in that window, drawn uncertain (hatched) over it.
- Nothing is drawn as known past the newest source. After it, stopped work (paused,
  stalled, cancelled, abandoned) is "stopped since last news" and live work has "no news
  since", both up to the as-of date. A release ends the story.
- Planned dates are windows, never statuses: a filming window and a release window are
  drawn as what they are. A single known day is a marker; a release day that passed with
  no source confirming the release is a different marker, and says so.
- Dates that a newer claim replaced stay on the row as superseded windows.

`Row`s are built by `project_row` (the Gantt) and `event_rows` (the Chronicle); the one
renderer in `slate.charts` draws either.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from slate.assess import Assessment
from slate.dates import FuzzyDate, day_label
from slate.knowledge import INFERRED_MARK, Happening, said_of, shot
from slate.models import INACTIVE_STATUSES, Outcome, Project, Slate, Status

__all__ = [
    "RECENT_YEARS",
    "VIEW_AFTER_DAYS",
    "VIEW_AHEAD_YEARS",
    "VIEW_BEFORE_DAYS",
    "Kind",
    "Mark",
    "Marker",
    "Period",
    "Row",
    "Span",
    "event_rows",
    "gaps",
    "project_row",
    "recent_view",
    "status_history",
    "upcoming_view",
    "whole_view",
]


class Mark(StrEnum):
    """Everything a chart draws that is not a status."""

    FILMING_WINDOW = "filming-window"
    RELEASE_WINDOW = "release-window"
    SUPERSEDED = "superseded"
    ACTIVITY = "activity"
    RELEASE_DAY = "release-day"
    RELEASE_PASSED = "release-passed"
    FILMING_DAY = "filming-day"
    HAPPENED = "happened"
    PLANNED = "planned"
    PLANNED_PASSED = "planned-passed"
    CALLED_OFF = "called-off"

    @property
    def label(self) -> str:
        """The name a legend and a hover label give it."""
        return _MARK_LABELS[self]


_MARK_LABELS = {
    Mark.FILMING_WINDOW: "Filming window",
    Mark.RELEASE_WINDOW: "Release window",
    Mark.SUPERSEDED: "Earlier claimed date",
    Mark.ACTIVITY: "Reported activity",
    Mark.RELEASE_DAY: "Release date",
    Mark.RELEASE_PASSED: "Release date passed, unconfirmed",
    Mark.FILMING_DAY: "Filming date",
    Mark.HAPPENED: "Happened",
    Mark.PLANNED: "Planned",
    Mark.PLANNED_PASSED: "Planned, date passed unconfirmed",
    Mark.CALLED_OFF: "Called off",
}

Kind = Status | Mark
"""What a span or marker is: a status (coloured as that status) or one of the marks."""

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Span:
    """A bar on a row, from `start` up to (not including) `end`."""

    kind: Kind
    start: dt.date | None
    """The first day; None where the date is open before (the bar runs to the chart's edge)."""
    end: dt.date | None
    """The day after the last; None where open after."""
    certain: bool
    """False for a window that a date falls somewhere in (drawn hatched)."""
    label: str
    """Its dates in words, as the sources give them: "2025 to last news c. Q4 2025"."""
    sources: tuple[str, ...]
    """The names of the sources that set it."""
    note: str = ""
    """What else a reader must know: "passed; no source says the shoot happened"."""
    text: str = ""
    """What the bar itself says where it has room: "Stalled · c. Q4 2025"."""
    since_news: bool = False
    """A status carried on past its last news, to the as-of day: drawn faded in its colour."""


@dataclass(frozen=True, slots=True)
class Marker:
    """A single known day on a row."""

    kind: Kind
    day: dt.date
    label: str
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a chart: a project (Gantt) or an event (Chronicle)."""

    key: str
    """Unique within a chart."""
    title: str
    """The full title (the chart may shorten it, and shows it whole on hover)."""
    ids: tuple[str, ...]
    """The projects it is about, for selections."""
    spans: tuple[Span, ...] = ()
    markers: tuple[Marker, ...] = ()
    subtitle: str = ""
    """A word on where it stands now, for hover labels: "Stalled", "Rumored"."""

    def __bool__(self) -> bool:
        return bool(self.spans or self.markers)

    def bounds(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day anything on the row touches (None for an empty row)."""
        days = [d for s in self.spans for d in (s.start, s.end) if d is not None]
        days += [m.day for m in self.markers]
        return (min(days), max(days)) if days else None

    def within(self, low: dt.date, high: dt.date) -> Row:
        """The row with only what falls between two days (open ends reach everywhere)."""
        # Made directly, not with dataclasses.replace: a Gantt of 100,000 projects cuts
        # every row to its view.
        return Row(
            self.key,
            self.title,
            self.ids,
            tuple(
                s for s in self.spans
                if (s.start is None or s.start < high) and (s.end is None or s.end > low)
            ),
            tuple(m for m in self.markers if low <= m.day <= high),
            self.subtitle,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """A status, from the claim that first reported it until the next status claim."""

    status: Status
    since: FuzzyDate
    """The date of the first claim that reported it."""
    sources: tuple[str, ...]
    """The ids of the sources whose claims reported it (in claim order)."""
    inferred: str = ""
    """Why the curators read the status in, where the claim that first gave it is inferred."""


# --------------------------------------------------------------------------------------
# Projects


def status_history(project: Project, slate: Slate | None = None) -> list[Period]:
    """The statuses a project's sources reported, oldest first by when each held.

    `project` is as known on the assessment's day (`slate.knowledge.Day`): its claims are
    those its sources had made by then, each from its own date. An announcement date
    earlier than the first claim starts the history as "announced", unless the first claim
    is a rumour."""
    # In the order the claims hold (`said_of`: never later than their source was out).
    said = said_of(project.updates, slate.sources_by_id if slate is not None else {})
    claims: list[tuple[FuzzyDate, Status, tuple[str, ...], str]] = [
        (s.update.date, s.update.status, (s.source,), s.update.inferred.get("status", ""))
        for s in said
        if s.update.status is not None and s.update.date
    ]
    if (
        claims
        and project.announced
        and claims[0][1] not in (Status.RUMORED, Status.ANNOUNCED)
        and project.announced.sort_key() < claims[0][0].sort_key()
    ):
        claims.insert(0, (project.announced, Status.ANNOUNCED, tuple(project.sources), ""))

    periods: list[Period] = []
    for date, status, sources, inferred in claims:
        if periods and periods[-1].status is status:
            last = periods[-1]
            merged = tuple(dict.fromkeys(last.sources + sources))
            # Inferred only while no source states it.
            periods[-1] = Period(status, last.since, merged, last.inferred and inferred)
            continue
        periods.append(Period(status, date, sources, inferred))
    return periods


def project_row(project: Project, slate: Slate, assessment: Assessment) -> Row:
    """Everything the Gantt draws for one project, as of the assessment's day."""
    as_of = assessment.as_of
    names = _namer(slate)
    spans: list[Span] = []
    markers: list[Marker] = []

    periods = status_history(project, slate)
    last_news = max(
        [assessment.newest_source, *(p.since for p in periods[-1:])], key=FuzzyDate.recency_key
    )
    last_day = last_news.latest or last_news.earliest
    boundary = min(last_day + _ONE_DAY, as_of) if last_day else as_of
    after: dt.date | None = None
    for i, period in enumerate(periods):
        following = periods[i + 1] if i + 1 < len(periods) else None
        since = period.since
        if following is not None:
            end = following.since.earliest or boundary
            if since.latest is not None and end <= since.latest:
                # The next claim's window opens inside this one's: this status held at
                # least through its own window, and the next starts after it.
                end = since.latest + _ONE_DAY
            label = f"{since.label} to {following.since.label}"
        elif period.status is Status.RELEASED:
            end = (since.latest + _ONE_DAY) if since.latest else boundary
            label = since.label
        else:
            end = boundary
            label = (
                f"reported {since.label}"
                if since == last_news or not last_news
                else f"{since.label} to last news {last_news.label}"
            )
        note = f"inferred: {period.inferred}" if period.inferred else ""
        made = _status_spans(period.status, since, end, label, names(period.sources), after, note)
        spans += made
        # The next status starts somewhere after this one's window, not inside it (the 1987
        # idea: talked about in 1987, dropped at some point after).
        after = since.latest + _ONE_DAY if since.latest else after

    if periods and periods[-1].status is not Status.RELEASED and boundary < as_of:
        last = periods[-1]
        stopped = last.status in INACTIVE_STATUSES
        spans.append(
            Span(
                last.status,
                boundary,
                as_of,
                True,
                f"{last_news.label} to as of {day_label(as_of)}" if last_news else "",
                names(_claim_sources(project, last_news)),
                f"{last.status.label} when last reported"
                + ("; no source says work resumed" if stopped else "; nothing reported since"),
                text=f"{last.status.label}{INFERRED_MARK if last.inferred else ''} · "
                f"no news since {last_news.label}",
                since_news=True,
            )
        )

    release_note = ""
    if assessment.release_passed_unconfirmed:
        release_note = "passed; no source in this slate says it came out"
    released = bool(periods) and periods[-1].status is Status.RELEASED
    spans_r, markers_r = _planned(
        project.release,
        Mark.RELEASE_WINDOW,
        Mark.RELEASE_PASSED if release_note else Mark.RELEASE_DAY,
        names(_value_sources(project, "release")),
        release_note,
    )
    if released:
        # The "Released" status already spans the release window; a day stays a marker.
        spans_r = []
    filming_note = ""
    done = shot(project, project.filming)
    if project.filming.latest is not None and project.filming.latest < as_of and not done:
        filming_note = "passed; no source says the shoot happened"
    spans_f, markers_f = _planned(
        project.filming,
        Mark.FILMING_WINDOW,
        Mark.FILMING_DAY,
        names(_value_sources(project, "filming")),
        filming_note,
    )
    spans += spans_r + spans_f
    markers += markers_r + markers_f
    spans += _superseded(project, slate)

    if not (project.announced or project.filming or project.release):
        # No dates of its own: what is reported to have happened around it (the 1987 trip)
        # is all there is to show.
        by_date: dict[FuzzyDate, list[str]] = {}
        known = slate.sources_by_id
        for event in slate.events_of(project.id):
            if not event.planned and event.date and any(s in known for s in event.sources):
                by_date.setdefault(event.date, []).extend(event.sources)
        for date, ids in sorted(by_date.items(), key=lambda kv: kv[0].sort_key()):
            s, m = _planned(date, Mark.ACTIVITY, Mark.ACTIVITY, names(ids), "")
            spans += s
            markers += m

    return Row(
        key=project.id,
        title=project.title,
        ids=(project.id,),
        spans=tuple(spans),
        markers=tuple(markers),
        subtitle=project.status.label + (INFERRED_MARK if periods and periods[-1].inferred else ""),
    )


def _status_spans(
    status: Status,
    since: FuzzyDate,
    end: dt.date,
    label: str,
    sources: tuple[str, ...],
    after: dt.date | None = None,
    note: str = "",
) -> list[Span]:
    """A status from a claim's date to `end`: uncertain over the claim's window (from no
    earlier than `after`), then solid. Both carry its words where there is room."""
    out = []
    first, last = since.earliest, since.latest
    if after is not None and first is not None and first < after:
        first = after
    text = f"{status.label}{INFERRED_MARK if note else ''} · {since.label}"
    if since.is_exact_day:
        solid_from = first
    else:
        window_end = min(last + _ONE_DAY, end) if last else end
        if first is None or first < window_end:
            known_only = f"its start is known only as {since.label}"
            out.append(
                Span(
                    status,
                    first,
                    window_end,
                    False,
                    label,
                    sources,
                    "; ".join(filter(None, (known_only, note))),
                    text=text,
                )
            )
        solid_from = last + _ONE_DAY if last else None
    if solid_from is not None and solid_from < end:
        out.append(Span(status, solid_from, end, True, label, sources, note, text=text))
    return out


def _planned(
    date: FuzzyDate, window: Mark, day: Mark, sources: tuple[str, ...], note: str
) -> tuple[list[Span], list[Marker]]:
    """A planned date: a marker on a single known day, else an uncertain window."""
    if date.is_unknown:
        return [], []
    if date.is_exact_day and date.earliest is not None:
        return [], [Marker(day, date.earliest, date.label, sources, note)]
    end = date.latest + _ONE_DAY if date.latest else None
    return [Span(window, date.earliest, end, False, date.label, sources, note)], []


def _superseded(project: Project, slate: Slate) -> list[Span]:
    """Release and filming dates that a later claim replaced, so a slip stays visible, each
    saying what moved it: "moved to May 2027 (New report, 10 Jun 2025)"."""
    out = []
    names = _namer(slate)
    ordered = sorted(project.updates, key=lambda u: u.date.recency_key())
    for field, what in (("release", "release"), ("filming", "filming")):
        current = getattr(project, field)
        given = [(u, v) for u in ordered if (v := getattr(u, field)) is not None]
        for k, (update, value) in enumerate(given):
            if value == current:
                continue
            first = value.earliest
            end = value.latest + _ONE_DAY if value.latest else None
            if first is None and end is None:
                continue
            mover = next(((u, v) for u, v in given[k + 1 :] if v != value), None)
            moved = f"claimed {update.date.label}"
            if mover is not None:
                source = slate.sources_by_id.get(mover[0].source)
                when = f", {source.published.label}" if source else ""
                moved += f"; moved to {mover[1].label} ({slate.source_name(mover[0].source)}{when})"
            out.append(
                Span(
                    Mark.SUPERSEDED,
                    first,
                    end if end != first else (first + _ONE_DAY if first else None),
                    False,
                    f"{what} {value.label}",
                    names((update.source,)),
                    moved,
                )
            )
    return out


def _value_sources(project: Project, field: str) -> list[str]:
    """The sources whose claims state the project's current value of a field."""
    current = getattr(project, field)
    backing = [u.source for u in project.updates if getattr(u, field) == current]
    return list(dict.fromkeys(backing)) or list(project.sources)


def _claim_sources(project: Project, date: FuzzyDate) -> list[str]:
    return list(dict.fromkeys(u.source for u in project.updates if u.date == date)) or list(
        project.sources
    )


def _namer(slate: Slate) -> Callable[[Iterable[str]], tuple[str, ...]]:
    """Source ids to the names a reader knows them by, each once, in order."""
    return slate.source_names_of


# --------------------------------------------------------------------------------------
# Events


def event_rows(happenings: Iterable[Happening], slate: Slate) -> list[Row]:
    """One row per dated event, release or shoot, oldest first: what happened, what was
    planned, what was called off, and plans whose date passed with no source saying they
    happened. Undated ones are left out."""
    dated = sorted((h for h in happenings if h.date), key=lambda h: (h.date.sort_key(), h.title))
    names = _namer(slate)
    rows = []
    for happening in dated:
        kind = _HAPPENING_MARKS[happening.outcome]
        note = happening.note
        if happening.passed:
            kind = Mark.PLANNED_PASSED
            note = "; ".join(filter(None, ("the date passed and no source says it happened", note)))
        if happening.inferred:
            note = "; ".join(filter(None, (f"date inferred: {happening.inferred}", note)))
        spans, markers = _planned(happening.date, kind, kind, names(happening.sources), note)
        rows.append(
            Row(
                key=happening.key,
                title=happening.title + happening.certainty.mark,
                ids=happening.projects,
                spans=tuple(spans),
                markers=tuple(markers),
                subtitle=happening.outcome.label,
            )
        )
    return rows


_HAPPENING_MARKS = {
    Outcome.HAPPENED: Mark.HAPPENED,
    Outcome.PLANNED: Mark.PLANNED,
    Outcome.CALLED_OFF: Mark.CALLED_OFF,
}


# --------------------------------------------------------------------------------------
# Views

VIEW_BEFORE_DAYS = 183
"""How far before the as-of date the upcoming view starts: the recent past, for context."""
VIEW_AHEAD_YEARS = 3
"""How far past the as-of date the upcoming view reaches at most."""
VIEW_AFTER_DAYS = 31
"""How far past the as-of date the upcoming view reaches at least (where nothing is
planned later): a month, so the as-of line never sits on the edge."""
_PAD = dt.timedelta(days=31)


def upcoming_view(rows: Sequence[Row], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The first view of a chart about what comes next: from a little before the as-of date
    to the last day anything upcoming can fall on, VIEW_AHEAD_YEARS at most."""
    low = as_of - dt.timedelta(days=VIEW_BEFORE_DAYS)
    ahead = [b[1] for r in rows if (b := r.bounds()) is not None and b[1] > as_of]
    high = max([as_of + dt.timedelta(days=VIEW_AFTER_DAYS), *ahead])
    # One far-off window (a shoot "in the 2030s") must not squeeze the coming months into
    # a sliver: what runs past the cap runs off the edge, whole in the whole history.
    cap = as_of + dt.timedelta(days=round(365.25 * VIEW_AHEAD_YEARS))
    return low, min(high, cap) + _PAD


RECENT_YEARS = 10
"""How many years before the as-of date a chronicle first shows."""


def recent_view(rows: Sequence[Row], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The last RECENT_YEARS up to the as-of date (and anything planned after it), starting
    at the first row in that time rather than at its start."""
    focus = dt.date(as_of.year - RECENT_YEARS, 1, 1)
    low, high = whole_view(rows, as_of)
    if low >= focus:
        return low, high
    starts = [b[0] for r in rows if (b := r.bounds()) is not None and b[1] >= focus]
    return max(focus, min(starts, default=focus)) - _PAD, high


GAP_YEARS = 5
"""A stretch of time this long with nothing on any row is cut out of a whole-history view."""


def gaps(
    rows: Sequence[Row], view: tuple[dt.date, dt.date], as_of: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """Stretches of a view longer than GAP_YEARS in which nothing starts, ends or happens on
    any row, each kept a year's margin from the days that do: cut out of the axis as print
    breaks one, so an idea of 1987 does not squeeze 2020-2026 into a sliver on a phone. A
    bar that runs through a stretch runs on across the cut."""
    days = {as_of}
    for row in rows:
        for span in row.spans:
            days.update(d for d in (span.start, span.end) if d is not None)
        days.update(m.day for m in row.markers)
    ordered = sorted(d for d in days if view[0] <= d <= view[1])
    return [
        (_years_on(before, 1), _years_on(after, -1))
        for before, after in itertools.pairwise(ordered)
        if (after - before).days > 365.25 * GAP_YEARS
    ]


def _years_on(day: dt.date, years: int) -> dt.date:
    """The same day of the month some years on (or back); 28 February for a 29th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def whole_view(rows: Sequence[Row], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Every day any row touches, and the as-of date."""
    bounds = [b for r in rows if (b := r.bounds()) is not None]
    low = min([as_of, *(b[0] for b in bounds)])
    high = max([as_of, *(b[1] for b in bounds)])
    return low - _PAD, high + _PAD

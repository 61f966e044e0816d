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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from slate.dates import FuzzyDate
from slate.models import INACTIVE_STATUSES, Assessment, Event, Project, Slate, Status

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
    STOPPED = "stopped"
    SILENT = "silent"
    ACTIVITY = "activity"
    RELEASE_DAY = "release-day"
    RELEASE_PASSED = "release-passed"
    FILMING_DAY = "filming-day"
    HAPPENED = "happened"
    PLANNED = "planned"
    PLANNED_PASSED = "planned-passed"

    @property
    def label(self) -> str:
        """The name a legend and a hover label give it."""
        return _MARK_LABELS[self]


_MARK_LABELS = {
    Mark.FILMING_WINDOW: "Filming window",
    Mark.RELEASE_WINDOW: "Release window",
    Mark.SUPERSEDED: "Earlier claimed date",
    Mark.STOPPED: "Stopped since last news",
    Mark.SILENT: "No news since",
    Mark.ACTIVITY: "Reported activity",
    Mark.RELEASE_DAY: "Release date",
    Mark.RELEASE_PASSED: "Release date passed, unconfirmed",
    Mark.FILMING_DAY: "Filming date",
    Mark.HAPPENED: "Happened",
    Mark.PLANNED: "Planned",
    Mark.PLANNED_PASSED: "Planned, date passed unconfirmed",
}

Kind = Status | Mark
"""What a span or marker is: a status (coloured as that status) or one of the marks."""

_ONE_DAY = dt.timedelta(days=1)
# Statuses from which a shoot has happened: a filming window is only "passed unconfirmed"
# when no claim reached one of them.
_SHOT = frozenset({Status.FILMING, Status.POST_PRODUCTION, Status.COMPLETED, Status.RELEASED})


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


# --------------------------------------------------------------------------------------
# Projects


def status_history(project: Project, slate: Slate, assessment: Assessment) -> list[Period]:
    """The statuses a project's sources reported, oldest first, as known on the as-of day.

    The dated claims in `updates` make the history; a claim (or its source) dated after the
    as-of day is not known yet and is left out. A project whose updates state no status has
    its record's status, dated by its newest source. An announcement date earlier than the
    first claim starts the history as "announced", unless the first claim is a rumour.
    """
    as_of = assessment.as_of
    claims: list[tuple[FuzzyDate, Status, tuple[str, ...]]] = []
    for update in project.updates:
        if update.status is None or not _known_by(update.date, as_of):
            continue
        source = slate.sources_by_id.get(update.source)
        if source is not None and not _known_by(source.published, as_of):
            continue
        claims.append((update.date, update.status, (update.source,)))
    if not claims and assessment.newest_source:
        newest = assessment.newest_source
        claims = [(newest, project.status, _published_on(project, slate, newest))]
    claims.sort(key=lambda c: c[0].sort_key())
    if (
        claims
        and _known_by(project.announced, as_of)
        and claims[0][1] not in (Status.RUMORED, Status.ANNOUNCED)
        and project.announced.sort_key() < claims[0][0].sort_key()
    ):
        claims.insert(0, (project.announced, Status.ANNOUNCED, tuple(project.sources)))

    periods: list[Period] = []
    for date, status, sources in claims:
        if periods and periods[-1].status is status:
            last = periods[-1]
            periods[-1] = Period(status, last.since, tuple(dict.fromkeys(last.sources + sources)))
            continue
        periods.append(Period(status, date, sources))
    return periods


def _published_on(project: Project, slate: Slate, date: FuzzyDate) -> tuple[str, ...]:
    """The project's sources published on a date (all of them if none matches)."""
    found = tuple(
        s for s in project.sources
        if s in slate.sources_by_id and slate.sources_by_id[s].published == date
    )  # fmt: skip
    return found or tuple(project.sources)


def project_row(project: Project, slate: Slate, assessment: Assessment) -> Row:
    """Everything the Gantt draws for one project, as of the assessment's day."""
    as_of = assessment.as_of
    names = _namer(slate)
    spans: list[Span] = []
    markers: list[Marker] = []

    periods = status_history(project, slate, assessment)
    last_news = max(
        [assessment.newest_source, *(p.since for p in periods[-1:])], key=FuzzyDate.recency_key
    )
    last_day = last_news.latest or last_news.earliest
    boundary = min(last_day + _ONE_DAY, as_of) if last_day else as_of
    for i, period in enumerate(periods):
        following = periods[i + 1] if i + 1 < len(periods) else None
        since = period.since
        if following is not None:
            end = following.since.earliest or boundary
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
        spans += _status_spans(period.status, since, end, label, names(period.sources))

    if periods and periods[-1].status is not Status.RELEASED and boundary < as_of:
        stopped = periods[-1].status in INACTIVE_STATUSES
        spans.append(
            Span(
                Mark.STOPPED if stopped else Mark.SILENT,
                boundary,
                as_of,
                True,
                f"{last_news.label} to as of {as_of:%-d %b %Y}" if last_news else "",
                names(_claim_sources(project, last_news)),
                f"{periods[-1].status.label} when last reported; nothing reported since",
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
    shot = any(p.status in _SHOT for p in periods)
    if project.filming.latest is not None and project.filming.latest < as_of and not shot:
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
    spans += _superseded(project, slate, as_of)

    if not (project.announced or project.filming or project.release):
        # No dates of its own: what is reported to have happened around it (the 1987 trip)
        # is all there is to show.
        by_date: dict[FuzzyDate, list[str]] = {}
        for event in slate.events_of(project.id):
            if not event.planned and _known_by(event.date, as_of):
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
        subtitle=project.status.label,
    )


def _status_spans(
    status: Status, since: FuzzyDate, end: dt.date, label: str, sources: tuple[str, ...]
) -> list[Span]:
    """A status from a claim's date to `end`: uncertain over the claim's window, then solid."""
    out = []
    first, last = since.earliest, since.latest
    if since.is_exact_day:
        solid_from = first
    else:
        window_end = min(last + _ONE_DAY, end) if last else end
        if first is None or first < window_end:
            out.append(
                Span(
                    status,
                    first,
                    window_end,
                    False,
                    label,
                    sources,
                    f"its start is known only as {since.label}",
                )
            )
        solid_from = last + _ONE_DAY if last else None
    if solid_from is not None and solid_from < end:
        out.append(Span(status, solid_from, end, True, label, sources))
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


def _superseded(project: Project, slate: Slate, as_of: dt.date) -> list[Span]:
    """Release and filming dates that a later claim replaced, so a slip stays visible."""
    out = []
    names = _namer(slate)
    for field, what in (("release", "release"), ("filming", "filming")):
        current = getattr(project, field)
        for update in project.updates:
            value: FuzzyDate | None = getattr(update, field)
            if value is None or value == current or not _known_by(update.date, as_of):
                continue
            first = value.earliest
            end = value.latest + _ONE_DAY if value.latest else None
            if first is None and end is None:
                continue
            out.append(
                Span(
                    Mark.SUPERSEDED,
                    first,
                    end if end != first else (first + _ONE_DAY if first else None),
                    False,
                    f"{what} {value.label}",
                    names((update.source,)),
                    f"claimed {update.date.label}; a later claim gives {current.label}",
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


def _known_by(date: FuzzyDate, as_of: dt.date) -> bool:
    """Whether a dated claim can be known on a day: it has a date, and it can be no later."""
    return bool(date) and (date.earliest is None or date.earliest <= as_of)


def _namer(slate: Slate) -> Callable[[Iterable[str]], tuple[str, ...]]:
    """Source ids to the names a reader knows them by, each once, in order."""
    return slate.source_names_of


# --------------------------------------------------------------------------------------
# Events


def event_rows(events: Iterable[Event], slate: Slate, as_of: dt.date) -> list[Row]:
    """One row per dated event, oldest first: what happened, what was planned, and plans
    whose date passed with no source saying they happened. Undated events are left out."""
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date.sort_key(), e.title))
    names = _namer(slate)
    rows = []
    for i, event in enumerate(dated):
        passed = event.planned and event.date.latest is not None and event.date.latest < as_of
        kind = Mark.PLANNED_PASSED if passed else Mark.PLANNED if event.planned else Mark.HAPPENED
        note = "planned; the date passed and no source says it happened" if passed else ""
        spans, markers = _planned(event.date, kind, kind, names(event.sources), note)
        rows.append(
            Row(
                key=f"e{i}",
                title=event.title + event.certainty.mark,
                ids=tuple(event.projects),
                spans=tuple(spans),
                markers=tuple(markers),
            )
        )
    return rows


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


def whole_view(rows: Sequence[Row], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Every day any row touches, and the as-of date."""
    bounds = [b for r in rows if (b := r.bounds()) is not None]
    low = min([as_of, *(b[0] for b in bounds)])
    high = max([as_of, *(b[1] for b in bounds)])
    return low - _PAD, high + _PAD

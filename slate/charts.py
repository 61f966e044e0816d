"""Plotly figures built from the slate: a Gantt of projects and a chronicle of events.

Both draw dates only as precisely as the data holds them. A single known day is a marker;
anything fuzzier (a quarter, a year, "2025/2026") is a hatched, translucent window from its
earliest to its latest possible day, never a made-up day. Colour is by status from one fixed
palette, with one trace per status and kind of span (never one per film), so a slate of
thousands of projects stays a handful of traces. Every bar and marker carries the project
id in `customdata[0]` so a click selection identifies it.

Text from the data goes into hover labels and tick labels escaped: plotly renders a subset
of HTML there, and a title is data, not markup.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from slate.dates import FuzzyDate
from slate.models import INACTIVE_STATUSES, Certainty, Event, Project, Slate, Status

__all__ = [
    "DEVELOPMENT",
    "EARLIER",
    "RELEASE_DATE",
    "RELEASE_WINDOW",
    "SILENT",
    "STALLED",
    "STALLED_COLOR",
    "STATUS_COLORS",
    "GanttResult",
    "chronicle",
    "gantt",
]

# Paul Tol's 12-colour qualitative scheme, chosen to stay distinguishable with the common
# forms of colour blindness. Work in progress runs from cool blues to greens and earth
# tones; released is purple; work that is not moving is in reds and browns.
STATUS_COLORS: dict[Status, str] = {
    Status.RUMORED: "#88CCEE",
    Status.ANNOUNCED: "#6699CC",
    Status.IN_DEVELOPMENT: "#332288",
    Status.PRE_PRODUCTION: "#44AA99",
    Status.FILMING: "#117733",
    Status.POST_PRODUCTION: "#999933",
    Status.COMPLETED: "#DDCC77",
    Status.RELEASED: "#AA4499",
    Status.PAUSED: "#CC6677",
    Status.STALLED: "#AA4466",
    Status.CANCELLED: "#882255",
    Status.ABANDONED: "#661100",
}
"""One colour for each status, shared by the charts and any legend the UI draws."""

STALLED_COLOR = "#8C8C8C"
"""The grey of the "stalled since last news" segments."""

_HAPPENED_COLOR = STATUS_COLORS[Status.IN_DEVELOPMENT]
_PLANNED_COLOR = STATUS_COLORS[Status.PAUSED]

ROW_PX = 28
_MARGIN_PX = 150
_MIN_HEIGHT = 300
_TICK_CHARS = 36
_LEGEND = {
    "orientation": "h",
    "yanchor": "bottom",
    "y": 1.02,
    "xanchor": "left",
    "x": 0,
}
_VIEW_PAD_DAYS = 90
FOCUS_YEARS = 10
"""How many years before the as-of date a long chart first shows (the slider shows all)."""
_MS_PER_DAY = 86_400_000
_WINDOW_PATTERN = {"shape": "/", "fillmode": "overlay", "size": 6, "solidity": 0.3}
_STALLED_PATTERN = {"shape": "x", "fillmode": "overlay", "size": 6, "solidity": 0.2}


def _tint(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _window_marker(colour: str) -> dict[str, object]:
    """An uncertain window: the status colour as hatching on a pale tint of itself, so it reads
    as "somewhere in here" beside the solid bars of known spans."""
    return {
        "color": _tint(colour, 0.15),
        "line": {"color": colour, "width": 1.5},
        "pattern": {**_WINDOW_PATTERN, "fgcolor": colour},
    }


_SOLID_WIDTH = 0.45
_WINDOW_WIDTH = 0.75

# What each span is, as the hover label names it.
DEVELOPMENT = "Development"
RELEASE_WINDOW = "Release window"
RELEASE_DATE = "Release date"
FILMING_WINDOW = "Filming window"
FILMING_DATE = "Filming date"
ACTIVITY = "Reported activity"
# Paused, stalled, cancelled and abandoned work alike: nothing has moved since the last news.
STALLED = "Stopped since last news"
SILENT = "No news since"
EARLIER = "Earlier, before this view (Autoscale in the chart's toolbar shows it)"

_HOVER = (
    "<b>%{customdata[3]}</b> · %{customdata[5]}<br>"
    "%{customdata[4]}: %{customdata[1]}<br>"
    "Sources: %{customdata[2]}<extra></extra>"
)


def _esc(text: object) -> str:
    """Data text made safe for plotly's HTML-like labels: <, > and & as entities."""
    return html.escape(str(text), quote=False)


def _tick(text: str) -> str:
    """A tick label: truncated before escaping, so an entity is never cut in half."""
    short = text if len(text) <= _TICK_CHARS else text[: _TICK_CHARS - 1].rstrip() + "\u2026"
    return _esc(short)


def _view_start(intervals: Sequence[tuple[dt.date, dt.date]], as_of: dt.date) -> dt.date | None:
    """Where the first view of a long chart starts, or None to show everything.

    When dates reach far back (the 1987 idea on a 2026 slate), showing all of them squeezes
    every recent bar into a sliver. The first view then starts a little before the first
    span still running in the last FOCUS_YEARS; a range slider shows the whole extent and
    a marker at the left edge of each row says what lies further back.
    """
    focus = dt.date(as_of.year - FOCUS_YEARS, 1, 1)
    if not intervals or min(a for a, _ in intervals) >= focus:
        return None
    recent = [a for a, b in intervals if b >= focus]
    return max(focus, min(recent, default=focus)) - dt.timedelta(days=_VIEW_PAD_DAYS)


def _date_axis(
    fig: go.Figure, view_lo: dt.date | None, hi: dt.date, plot_px: int, height: int
) -> None:
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#E5E5E5", zeroline=False)
    if view_lo is None:
        fig.update_layout(height=height)
        return
    # A range slider would repeat every bar in miniature; the modebar's Autoscale shows all.
    fig.update_xaxes(
        range=[view_lo.isoformat(), (hi + dt.timedelta(days=_VIEW_PAD_DAYS)).isoformat()]
    )
    fig.update_layout(height=height)


def _earlier_trace(
    rows: Sequence[str],
    labels: Sequence[str],
    customdata: Sequence[list[str]],
    view_lo: dt.date,
    hi: dt.date,
    hovertemplate: str,
) -> go.Scatter:
    """Left-pointing markers at the first view's edge for rows with spans before it."""
    x = view_lo + (hi - view_lo) * 0.012
    return go.Scatter(
        mode="markers+text",
        x=[x.isoformat()] * len(rows),
        y=list(rows),
        text=[_esc(label) for label in labels],
        textposition="middle right",
        textfont={"size": 10, "color": "#555555"},
        name=EARLIER,
        legendgroup="key:earlier",
        showlegend=False,
        marker={"symbol": "triangle-left", "size": 9, "color": "#777777"},
        customdata=list(customdata),
        hovertemplate=hovertemplate,
        cliponaxis=False,
    )


def _as_of_line(fig: go.Figure, as_of: dt.date) -> None:
    fig.add_vline(
        x=as_of.isoformat(),
        line_dash="dash",
        line_color="#444444",
        line_width=1,
        annotation_text=f"As of {as_of:%-d %b %Y}",
        # Left of the line: the as-of date is usually near the right edge of the chart.
        annotation_position="top left",
        annotation_font_size=11,
        annotation_font_color="#444444",
        annotation_bgcolor="rgba(255,255,255,0.8)",
    )


# --------------------------------------------------------------------------------------
# Gantt


@dataclass(frozen=True)
class GanttResult:
    """The project Gantt, and what it could not draw."""

    figure: go.Figure
    """The chart: one row per drawn project, first project on top."""
    undated: list[tuple[str, str]] = field(default_factory=list)
    """(id, title) of projects with no date at all to draw, in the frame's order."""
    omitted: int = 0
    """Projects with dates that fell beyond the render budget (`max_rows`) and are not drawn."""


@dataclass(frozen=True, slots=True)
class _Span:
    """One thing to draw on a row: a bar from `start` up to (not including) `end`, or a marker.

    `start` / `end` are None where a date interval is open on that side; they are extended
    to the chart's edge once every span is known.
    """

    row: str
    kind: str
    style: str  # "solid", "window", "stalled", "release_day" or "day"
    start: dt.date | None
    end: dt.date | None
    label: str
    sources: Sequence[str]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _claim_sources(project: Project, name: str) -> list[str]:
    """The sources whose updates state the project's current value of a field."""
    current = getattr(project, name)
    backing = [u.source for u in project.updates if getattr(u, name) == current]
    return _unique(backing) or list(project.sources)


def _date_spans(
    row: str, date: FuzzyDate, window: str, day: str, day_style: str, sources: Sequence[str]
) -> list[_Span]:
    """A fuzzy date as a marker (a single known day) or a window from earliest to latest."""
    if date.is_unknown:
        return []
    if date.is_exact_day:
        return [_Span(row, day, day_style, date.earliest, date.earliest, date.label, sources)]
    end = date.latest + dt.timedelta(days=1) if date.latest else None
    return [_Span(row, window, "window", date.earliest, end, date.label, sources)]


def _project_spans(
    project: Project,
    as_of: dt.date,
    events: Sequence[Event],
    last_activity: FuzzyDate,
    last_news: FuzzyDate,
) -> list[_Span]:
    row = project.id
    spans = _date_spans(
        row,
        project.release,
        RELEASE_WINDOW,
        RELEASE_DATE,
        "release_day",
        _claim_sources(project, "release"),
    )
    spans += _date_spans(
        row,
        project.filming,
        FILMING_WINDOW,
        FILMING_DATE,
        "day",
        _claim_sources(project, "filming"),
    )
    start_date = project.announced if project.announced.earliest else project.filming
    start = start_date.earliest
    as_of_label = f"as of {as_of:%-d %b %Y}"
    inactive = project.status in INACTIVE_STATUSES
    # Nothing is drawn as known past what a source reported: stopped work ends at its last
    # reported activity, live work at its newest source. From there to the release (or the
    # as-of date) the row says how long nobody has reported anything.
    last = last_activity if inactive else last_news
    last_day = last.latest or last.earliest
    boundary = min(last_day + dt.timedelta(days=1), as_of) if last_day else as_of
    planned_end = as_of if inactive else (project.release.earliest or as_of)
    if project.status is Status.RELEASED:
        boundary = planned_end
    solid_end = min(boundary, planned_end)
    if start and start < solid_end:
        end_words = f"last news {last.label}" if solid_end == boundary and last else as_of_label
        if not inactive and project.release.earliest and solid_end == planned_end:
            end_words = f"release {project.release.label}"
        label = f"{start_date.label} to {end_words}"
        spans.append(
            _Span(row, DEVELOPMENT, "solid", start, solid_end, label, list(project.sources))
        )
    if last_day and boundary < planned_end and (start or inactive):
        silent_sources = _unique(u.source for u in project.updates if u.date == last)
        spans.append(
            _Span(
                row,
                STALLED if inactive else SILENT,
                "stalled" if inactive else "silent",
                max(boundary, start) if start else boundary,
                planned_end,
                f"{project.status.label}; nothing reported since {last.label} ({as_of_label})",
                silent_sources or list(project.sources),
            )
        )

    if not (project.announced or project.filming or project.release):
        # None of its own dates: what happened around the project (its linked, non-planned
        # events, such as the 1987 Moscow trip) is all there is to show.
        by_date: dict[FuzzyDate, list[str]] = defaultdict(list)
        for event in events:
            if not event.planned and event.date:
                by_date[event.date].extend(event.sources)
        for date, sources in sorted(by_date.items(), key=lambda kv: kv[0].sort_key()):
            spans += _date_spans(row, date, ACTIVITY, ACTIVITY, "day", _unique(sources))
    return spans


def _edges(spans: Sequence[_Span], as_of: dt.date) -> tuple[dt.date, dt.date]:
    known = [d for s in spans for d in (s.start, s.end) if d is not None] + [as_of]
    return min(known), max(known)


def _ms(start: dt.date, end: dt.date) -> int:
    return (end - start).days * _MS_PER_DAY


def _customdata(span: _Span, project: Project) -> list[str]:
    """[id, date label, sources, title, kind, status]; all but the id escaped for hover text."""
    return [
        project.id,
        _esc(span.label),
        _esc(", ".join(span.sources)),
        _esc(project.title),
        _esc(span.kind),
        _esc(project.status.label),
    ]


def _bar(
    spans: Sequence[_Span], projects: dict[str, Project], lo: dt.date, hi: dt.date, **kwargs: Any
) -> go.Bar:
    starts = [s.start or lo for s in spans]
    ends = [s.end or hi for s in spans]
    return go.Bar(
        orientation="h",
        y=[s.row for s in spans],
        base=[d.isoformat() for d in starts],
        x=[_ms(a, b) for a, b in zip(starts, ends, strict=True)],
        customdata=[_customdata(s, projects[s.row]) for s in spans],
        hovertemplate=_HOVER,
        **kwargs,
    )


def gantt(slate: Slate, frame: pd.DataFrame, as_of: dt.date, max_rows: int = 150) -> GanttResult:
    """A Gantt of the frame's projects, in the frame's order, as of a date.

    Each project is one row: its development (announcement, else filming, to release or to
    `as_of`) as a solid bar, fuzzy release and filming windows as hatched translucent bars,
    a known release day as a diamond, and for paused, stalled, cancelled and abandoned work
    a grey hatched segment from its last news to `as_of`. Projects with nothing to draw are
    returned in `undated`; datable projects past the first `max_rows` in `omitted`.
    """
    by_id = {p.id: p for p in slate.projects}
    events_by_project: dict[str, list[Event]] = defaultdict(list)
    for event in slate.events:
        for pid in event.projects:
            events_by_project[pid].append(event)

    rows: list[Project] = []
    spans: list[_Span] = []
    undated: list[tuple[str, str]] = []
    omitted = 0
    ids = frame["id"].tolist() if "id" in frame else []
    for pid in ids:
        project = by_id[pid]
        found = _project_spans(
            project,
            as_of,
            events_by_project.get(pid, ()),
            slate.last_activity(project),
            slate.assess(project, as_of).newest_source,
        )
        if not found:
            undated.append((project.id, project.title))
        elif len(rows) < max_rows:
            rows.append(project)
            spans += found
        else:
            omitted += 1

    lo, hi = _edges(spans, as_of)
    projects = {p.id: p for p in rows}
    fig = go.Figure()
    for status in [s for s in Status if any(p.status is s for p in rows)]:
        colour = STATUS_COLORS[status]
        solid = [s for s in spans if s.style == "solid" and projects[s.row].status is status]
        window = [s for s in spans if s.style == "window" and projects[s.row].status is status]
        if solid:
            fig.add_trace(
                _bar(
                    solid,
                    projects,
                    lo,
                    hi,
                    name=status.label,
                    legendgroup=status.value,
                    marker={"color": colour, "line": {"width": 0}},
                    width=_SOLID_WIDTH,
                )
            )
        if window:
            fig.add_trace(
                _bar(
                    window,
                    projects,
                    lo,
                    hi,
                    name=status.label,
                    legendgroup=status.value,
                    # A status keeps one legend entry: its solid trace where it has one.
                    showlegend=not solid,
                    marker=_window_marker(colour),
                    width=_WINDOW_WIDTH,
                )
            )
        if not solid and not window:
            # Only markers (a release day) show this status: keep its colour in the legend.
            fig.add_trace(_legend_key(status.label, status.value, {"color": colour}))
    if any(s.style == "window" for s in spans):
        # Each status's windows toggle with the status; this entry only explains the hatching.
        fig.add_trace(
            _legend_key(
                "Uncertain window",
                "key:uncertain",
                _window_marker("#777777"),
            )
        )
    # The segments after the last news: stopped work hatched grey, live work only outlined.
    segments = (
        ("stalled", STALLED, "key:stalled-segment", {
            "color": _tint(STALLED_COLOR, 0.3),
            "line": {"color": "#666666", "width": 1},
            "pattern": {**_STALLED_PATTERN, "fgcolor": "#555555"},
        }),
        ("silent", SILENT, "key:silent-segment", {
            "color": "rgba(0,0,0,0)", "line": {"color": "#8C8C8C", "width": 1},
        }),
    )  # fmt: skip
    for style, name, group, marker in segments:
        chosen = [s for s in spans if s.style == style]
        if chosen:
            fig.add_trace(
                _bar(
                    chosen,
                    projects,
                    lo,
                    hi,
                    name=name,
                    legendgroup=group,
                    marker=marker,
                    width=_SOLID_WIDTH,
                )
            )
    for style, name, symbol, size in (
        ("release_day", RELEASE_DATE, "diamond", 13),
        ("day", "Known day (filming or event)", "circle", 9),
    ):
        points = [s for s in spans if s.style == style]
        if points:
            fig.add_trace(
                go.Scatter(
                    mode="markers",
                    x=[(s.start or lo).isoformat() for s in points],
                    y=[s.row for s in points],
                    name=name,
                    legendgroup=f"key:{style}",
                    marker={
                        "symbol": symbol,
                        "size": size,
                        "color": [STATUS_COLORS[projects[s.row].status] for s in points],
                        "line": {"color": "#222222", "width": 1.5},
                    },
                    customdata=[_customdata(s, projects[s.row]) for s in points],
                    hovertemplate=_HOVER,
                )
            )

    view_lo = _view_start([(s.start or lo, s.end or hi) for s in spans], as_of)
    if view_lo is not None:
        before: dict[str, list[_Span]] = defaultdict(list)
        for span in spans:
            if (span.end or hi) <= view_lo or (
                span.start == span.end and (span.start or lo) < view_lo
            ):
                before[span.row].append(span)
        if before:
            fig.add_trace(
                _earlier_trace(
                    list(before),
                    [", ".join(_unique(s.label for s in found)) for found in before.values()],
                    [
                        _customdata(
                            _Span(
                                row,
                                EARLIER,
                                "earlier",
                                None,
                                None,
                                ", ".join(_unique(f"{s.kind} {s.label}" for s in found)),
                                _unique(x for s in found for x in s.sources),
                            ),
                            projects[row],
                        )
                        for row, found in before.items()
                    ],
                    view_lo,
                    hi,
                    _HOVER,
                )
            )

    order = [p.id for p in rows]
    fig.update_layout(
        barmode="overlay",
        margin={"l": 10, "r": 20, "t": 70, "b": 40},
        legend=_LEGEND,
        hoverlabel={"align": "left"},
        plot_bgcolor="#FFFFFF",
        clickmode="event+select",
    )
    _date_axis(
        fig,
        view_lo,
        hi,
        ROW_PX * len(rows),
        max(_MIN_HEIGHT, ROW_PX * (len(rows) + 1) + _MARGIN_PX),
    )
    _row_axis(fig, order, [_tick(p.title) for p in rows])
    _as_of_line(fig, as_of)
    return GanttResult(figure=fig, undated=undated, omitted=omitted)


def _row_axis(fig: go.Figure, keys: Sequence[str], labels: Sequence[str]) -> None:
    """One row per key, labelled, first key on top, and an empty band above the first row
    that holds the as-of label clear of every bar (autorange="reversed" leaves no band)."""
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(keys),
        tickmode="array",
        tickvals=list(keys),
        ticktext=list(labels),
        range=[len(keys) - 0.5, -1.3],
        autorange=False,
        automargin=True,
        showgrid=False,
    )


def _legend_key(name: str, group: str, marker: dict[str, Any], **kwargs: Any) -> go.Bar:
    """A legend entry with no data, to explain a colour or a fill."""
    return go.Bar(
        orientation="h",
        x=[None],
        y=[None],
        name=name,
        legendgroup=group,
        marker=marker,
        hoverinfo="skip",
        **kwargs,
    )


# --------------------------------------------------------------------------------------
# Chronicle


@dataclass(frozen=True, slots=True)
class _EventRow:
    date: FuzzyDate
    title: str
    planned: bool
    certainty: str
    sources: tuple[str, ...]
    projects: tuple[str, ...]


def _missing(value: object) -> bool:
    """None or a frame's NaN: a cell the row leaves empty."""
    return value is None or (isinstance(value, float) and pd.isna(value))


def _as_list(value: object) -> tuple[str, ...]:
    if _missing(value):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value)
    return (str(value),)


def _event_rows(events: pd.DataFrame | Iterable[Event]) -> list[_EventRow]:
    if isinstance(events, pd.DataFrame):
        return [
            _EventRow(
                date=FuzzyDate.parse("" if _missing(record.get("date")) else record["date"]),
                title=str(record["title"]),
                planned=not _missing(record.get("planned")) and bool(record["planned"]),
                certainty=(
                    Certainty.CONFIRMED.value
                    if _missing(record.get("certainty"))
                    else str(record["certainty"])
                ),
                sources=_as_list(record.get("sources")),
                projects=_as_list(record.get("projects")),
            )
            for record in events.to_dict("records")
        ]
    return [
        _EventRow(
            e.date, e.title, e.planned, e.certainty.value, tuple(e.sources), tuple(e.projects)
        )
        for e in events
    ]


def chronicle(
    events: pd.DataFrame | Iterable[Event], as_of: dt.date, max_rows: int = 300
) -> go.Figure:
    """A timeline of events, one row each in date order, with the as-of line.

    `events` is a list of `Event`s or a frame with columns `date` (EDTF), `title` and
    optionally `planned`, `certainty`, `sources` and `projects` (lists or "; "-joined text).
    A known day is a marker, a fuzzier date a hatched window from its earliest to its latest
    day; what happened and what was only planned are separate traces. Events with no date,
    and those past the first `max_rows`, are counted in a note under the chart.
    `customdata` is [project ids, date label, sources, title, kind, certainty].
    """
    rows = _event_rows(events)
    undated = sum(1 for r in rows if r.date.is_unknown)
    dated = sorted(
        (r for r in rows if not r.date.is_unknown), key=lambda r: (r.date.sort_key(), r.title)
    )
    omitted = max(0, len(dated) - max_rows)
    dated = dated[:max_rows]
    keys = [f"e{i}" for i in range(len(dated))]

    bounds = [d for r in dated for d in (r.date.earliest, r.date.latest) if d] + [as_of]
    lo, hi = min(bounds), max(bounds) + dt.timedelta(days=1)
    # Each event's first day and the day after its last; open ends run to the chart's edge.
    spans = [
        (
            r.date.earliest or lo,
            r.date.latest + dt.timedelta(days=1) if r.date.latest else hi,
        )
        for r in dated
    ]

    def custom(r: _EventRow, kind: str) -> list[str]:
        return [
            ";".join(r.projects),
            _esc(r.date.label),
            _esc(", ".join(r.sources)),
            _esc(r.title),
            _esc(kind),
            _esc(r.certainty),
        ]

    hover = (
        "<b>%{customdata[3]}</b><br>%{customdata[4]}: %{customdata[1]}<br>"
        "Certainty: %{customdata[5]}<br>Sources: %{customdata[2]}<extra></extra>"
    )
    fig = go.Figure()
    items = list(zip(keys, dated, spans, strict=True))
    for planned, name, colour, symbol in (
        (False, "Happened", _HAPPENED_COLOR, "circle"),
        (True, "Planned", _PLANNED_COLOR, "diamond-open"),
    ):
        group = [item for item in items if item[1].planned is planned]
        days = [item for item in group if item[1].date.is_exact_day]
        windows = [item for item in group if not item[1].date.is_exact_day]
        if windows:
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    y=[k for k, _, _ in windows],
                    base=[a.isoformat() for _, _, (a, _) in windows],
                    x=[_ms(a, b) for _, _, (a, b) in windows],
                    name=f"{name} (date window)",
                    legendgroup=name,
                    width=_WINDOW_WIDTH,
                    marker=_window_marker(colour),
                    customdata=[custom(r, f"{name} (date window)") for _, r, _ in windows],
                    hovertemplate=hover,
                )
            )
        if days:
            fig.add_trace(
                go.Scatter(
                    mode="markers",
                    x=[a.isoformat() for _, _, (a, _) in days],
                    y=[k for k, _, _ in days],
                    name=f"{name} (known day)",
                    legendgroup=name,
                    marker={
                        "symbol": symbol,
                        "size": 11,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                    customdata=[custom(r, name) for _, r, _ in days],
                    hovertemplate=hover,
                )
            )

    view_lo = _view_start(spans, as_of)
    if view_lo is not None:
        before = [(k, r) for k, r, (a, b) in items if b <= view_lo or (a < view_lo and a == b)]
        if before:
            fig.add_trace(
                _earlier_trace(
                    [k for k, _ in before],
                    [r.date.label for _, r in before],
                    [custom(r, EARLIER) for _, r in before],
                    view_lo,
                    hi,
                    hover,
                )
            )

    def tick(r: _EventRow) -> str:
        mark = "" if r.certainty == Certainty.CONFIRMED.value else f" ({r.certainty})"
        return _tick(r.title) + _esc(mark)

    notes = []
    if undated:
        notes.append(f"{undated} event{'s' if undated != 1 else ''} with no date, not drawn")
    if omitted:
        notes.append(
            f"{omitted} more event{'s' if omitted != 1 else ''} "
            f"past the first {max_rows}, not drawn"
        )
    fig.update_layout(
        barmode="overlay",
        margin={"l": 10, "r": 20, "t": 70, "b": 40 + (30 if notes else 0)},
        legend=_LEGEND,
        hoverlabel={"align": "left"},
        plot_bgcolor="#FFFFFF",
    )
    height = max(_MIN_HEIGHT, ROW_PX * (len(dated) + 1) + _MARGIN_PX + (30 if notes else 0))
    _date_axis(fig, view_lo, hi, ROW_PX * len(dated), height)
    _row_axis(fig, keys, [tick(r) for r in dated])
    if notes:
        # Under everything (the range slider too): the bottom edge of the figure, in pixels.
        fig.add_annotation(
            text="; ".join(notes),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-(fig.layout.height - height + 40),
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font={"size": 11, "color": "#555555"},
        )
    _as_of_line(fig, as_of)
    return fig

"""Plotly figures of timeline rows: the project Gantt and the Chronicle of events.

One renderer draws both: `slate.timeline` decides what each row says, this module only
decides how it looks. Certain spans are solid bars; a window a date falls somewhere in is a
pale, hatched bar; a single known day is a marker. Traces are per kind of mark (a status,
"Release window", ...), never per film, so a slate of thousands of projects stays a
handful of traces, and the legend lists exactly the kinds drawn. Every bar and marker
carries its row's project ids in `customdata[0]`, so a click selection identifies them.

Row titles sit inside the plot, above each row's bars, rather than in a margin: on a
390-pixel phone a margin of titles would leave the dates a sliver.

Text from the data goes into hover labels and tick labels escaped: plotly renders a subset
of HTML there, and a title is data, not markup.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from slate.assess import Assessment, Assessments, assess
from slate.dates import day_label
from slate.knowledge import Happening
from slate.memory import collector_paused
from slate.models import Slate, Status
from slate.timeline import (
    Kind,
    Mark,
    Marker,
    Row,
    Span,
    event_rows,
    gaps,
    project_row,
    recent_view,
    upcoming_view,
    whole_view,
)
from slate.words import plural

__all__ = [
    "MARK_STYLES",
    "STATUS_COLORS",
    "GanttResult",
    "chronicle",
    "draw",
    "gantt",
    "project_rows",
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
    Status.STALLED: "#EE7733",
    Status.CANCELLED: "#882255",
    Status.ABANDONED: "#661100",
}
"""One colour for each status, shared by the charts and any legend the UI draws."""

_INK = "#1B1F24"
_GREY = "#6E6E6E"
_ALERT = "#CC3311"  # Tol's vibrant red: nothing else on the chart uses it

ROW_PX = 54
"""Height of a row: its title above, its two lanes of bars below."""
# In row units, below the row's tick (the title sits above it): the history lane, then the
# lane of planned dates.
_STATUS_LANE, _STATUS_WIDTH = 0.22, 0.4
_PLAN_LANE, _PLAN_WIDTH = 0.58, 0.2
_TOP_PX = 40
_LEGEND_LINE_PX = 24
_LEGEND_PER_LINE = 2  # on a 390-pixel phone; a desktop fits the same legend in fewer lines


def _tint(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _hatched(colour: str, shape: str = "/", line_width: float = 1.2) -> dict[str, Any]:
    """A window: a pale tint of the colour with its hatching, so it reads "somewhere in here"
    beside the solid bars of known spans."""
    return {
        "color": _tint(colour, 0.14),
        "line": {"color": colour, "width": line_width},
        "pattern": {"shape": shape, "fgcolor": colour, "size": 6, "solidity": 0.3},
    }


@dataclass(frozen=True)
class _BarStyle:
    marker: dict[str, Any]
    width: float
    plan: bool = False
    """Drawn in the row's lower lane, under its history: a planned date, not a state."""


@dataclass(frozen=True)
class _PointStyle:
    symbol: str
    colour: str
    size: int
    line: str = _INK
    line_width: float = 1.5
    plan: bool = False


# Everything that is not a status, as drawn. A row has two lanes: its history (statuses,
# then the silence after the last news) above, and its planned dates below, so a window
# never hides the state it overlaps.
MARK_STYLES: dict[Mark, _BarStyle] = {
    Mark.FILMING_WINDOW: _BarStyle(_hatched(_INK, "."), _PLAN_WIDTH, plan=True),
    Mark.RELEASE_WINDOW: _BarStyle(_hatched(_INK, "\\", 1.5), _PLAN_WIDTH, plan=True),
    Mark.SUPERSEDED: _BarStyle(_hatched("#9A9A9A", "-", 1), _PLAN_WIDTH, plan=True),
    Mark.ACTIVITY: _BarStyle(_hatched(_INK), _STATUS_WIDTH),
    Mark.HAPPENED: _BarStyle(_hatched(_INK), _STATUS_WIDTH),
    Mark.PLANNED: _BarStyle(_hatched("#4477AA"), _STATUS_WIDTH),
    Mark.PLANNED_PASSED: _BarStyle(_hatched(_ALERT), _STATUS_WIDTH),
    Mark.CALLED_OFF: _BarStyle(_hatched(_GREY, "x"), _STATUS_WIDTH),
}
_POINTS: dict[Mark, _PointStyle] = {
    Mark.RELEASE_DAY: _PointStyle("diamond", _INK, 12, plan=True),
    Mark.RELEASE_PASSED: _PointStyle("diamond-open", _ALERT, 13, _ALERT, 3, plan=True),
    Mark.FILMING_DAY: _PointStyle("circle", _GREY, 9, plan=True),
    Mark.ACTIVITY: _PointStyle("circle", _INK, 10),
    Mark.HAPPENED: _PointStyle("circle", _INK, 10),
    Mark.PLANNED: _PointStyle("diamond-open", "#4477AA", 12, "#4477AA", 2.5),
    Mark.PLANNED_PASSED: _PointStyle("diamond-open", _ALERT, 13, _ALERT, 3),
    Mark.CALLED_OFF: _PointStyle("x-thin-open", _GREY, 11, _GREY, 2.5),
}
_BOTTOM_PX = 40
_MIN_HEIGHT = 260
_TITLE_CHARS = 52
_HOVER_CHARS = 44
_MS_PER_DAY = 86_400_000

_HOVER = (
    "<b>%{customdata[3]}</b><br>"
    "%{customdata[4]}: %{customdata[1]}%{customdata[5]}<br>"
    "Source: %{customdata[2]}<extra></extra>"
)


def _esc(text: object) -> str:
    """Data text made safe for plotly's HTML-like labels: <, > and & as entities."""
    return html.escape(str(text), quote=False)


def _short(text: str, limit: int) -> str:
    """Text that fits a phone: cut before escaping, so no entity is cut in half."""
    cut = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return _esc(cut)


def _tick(row: Row) -> str:
    """A row's title, with where it stands now in grey after it when the row says."""
    if not row.subtitle:
        return _short(row.title, _TITLE_CHARS)
    words = _short(row.subtitle, 26)
    title = _short(row.title, max(12, _TITLE_CHARS - len(row.subtitle) - 3))
    return f'{title} <span style="color:{_GREY}">\u00b7 {words}</span>'


def _wrap(text: str) -> str:
    """Data text for a hover label, escaped and broken into lines a phone can show whole
    (plotly never wraps a label: a long line runs off a 390 px screen)."""
    return "<br>".join(_esc(line) for line in textwrap.wrap(text, _HOVER_CHARS)) or ""


def _customdata(row: Row, item: Span | Marker) -> list[str]:
    """[ids, dates, sources, title, kind, more lines]: the data escaped for hover text."""
    more = f"<br><i>{_wrap(item.note)}</i>" if item.note else ""
    if row.subtitle:
        more += f"<br>{_wrap('Now: ' + row.subtitle)}"
    return [
        ";".join(row.ids),
        _wrap(item.label),
        _wrap("; ".join(item.sources)) or "—",
        _wrap(row.title),
        _esc(item.kind.label),
        more,
    ]


def _ms(start: dt.date, end: dt.date) -> int:
    return (end - start).days * _MS_PER_DAY


def _kinds_in_order(kinds: set[Kind]) -> list[Kind]:
    """Statuses in their own order, then the marks: the legend reads like the status list."""
    return [s for s in Status if s in kinds] + [m for m in Mark if m in kinds]


def draw(
    rows: Sequence[Row],
    as_of: dt.date,
    view: tuple[dt.date, dt.date],
    *,
    note: str = "",
    selectable: bool = False,
    breaks: Sequence[tuple[dt.date, dt.date]] = (),
) -> go.Figure:
    """Draw rows, first on top, over the days `view` spans, with the as-of line.

    Open-ended spans run to the edge of the view. `note` is printed under the chart;
    `breaks` are stretches cut out of the time axis (`slate.timeline.gaps`), each marked
    where it was cut.
    """
    if breaks:
        cut = ", ".join(f"{a.year}–{b.year}" for a, b in breaks)
        note = "; ".join(filter(None, (f"Empty years cut (dotted): {cut}", note)))
    index = {row.key: i for i, row in enumerate(rows)}
    spans = [(row, piece) for row in rows for s in row.spans for piece in _around(s, breaks)]
    points = [(row, m) for row in rows for m in row.markers]
    kinds = _kinds_in_order({s.kind for _, s in spans} | {m.kind for _, m in points})
    traces: list[go.Bar | go.Scatter] = []
    for kind in kinds:
        # A kind's solid, hatched and faded bars and its markers share one legend entry.
        first = len(traces)
        for certain, faded in ((True, False), (False, False), (True, True)):
            chosen = [
                (r, s)
                for r, s in spans
                if s.kind is kind and s.certain is certain and s.since_news is faded
            ]
            if chosen:
                traces.append(_bars(kind, certain, chosen, index, view, faded=faded))
        chosen_points = [(r, m) for r, m in points if m.kind is kind]
        if chosen_points:
            traces.append(_points(kind, chosen_points, index))
        for trace in traces[first + 1 :]:
            trace.showlegend = False
    if any(s.since_news for _, s in spans):
        traces.append(_faded_key())
    fig = go.Figure(data=traces)
    legend = len(kinds) + (1 if any(s.since_news for _, s in spans) else 0)
    _layout(fig, len(rows), legend, view, note=note, selectable=selectable)
    fig.update_layout(
        annotations=_titles(rows),
        # A bar's words show only where they fit whole, never shrunk to a smudge.
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    if breaks:
        _cut(fig, breaks)
    _as_of_line(fig, as_of, view)
    if note:
        fig.add_annotation(
            text=_esc(note), xref="paper", yref="paper", x=0, y=0, yshift=-(_BOTTOM_PX - 6),
            xanchor="left", yanchor="top", showarrow=False,
            font={"size": 11, "color": "#555555"},
        )  # fmt: skip
    return fig


def _text_on(kind: Kind, solid: bool) -> str:
    """Ink for words on a bar: white on a dark solid colour, dark on anything paler."""
    if not solid or not isinstance(kind, Status):
        return _INK
    red, green, blue = (int(STATUS_COLORS[kind][i : i + 2], 16) for i in (1, 3, 5))
    # Relative luminance, roughly (ITU-R BT.709 weights).
    return "#FFFFFF" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 140 else _INK


def _faded_key() -> go.Bar:
    """A legend entry alone: what a faded bar means."""
    return go.Bar(
        orientation="h",
        x=[None],
        y=[None],
        name="Faded: as last reported, no news since",
        marker={"color": _tint("#6E6E6E", 0.3), "line": {"color": "#6E6E6E", "width": 1}},
        hoverinfo="skip",
        showlegend=True,
    )


def _cut(fig: go.Figure, breaks: Sequence[tuple[dt.date, dt.date]]) -> None:
    """Stretches of empty years cut out of the axis, each marked by a dotted line where it
    was cut (the note under the chart names the years)."""
    fig.update_xaxes(rangebreaks=[{"bounds": [a.isoformat(), b.isoformat()]} for a, b in breaks])
    for start, _ in breaks:
        fig.add_vline(x=start.isoformat(), line_dash="dot", line_color=_GREY, line_width=1)


def _around(span: Span, breaks: Sequence[tuple[dt.date, dt.date]]) -> list[Span]:
    """A span in pieces that stay clear of the cut stretches (plotly measures a bar's
    length as if nothing were cut); its words go on the first piece."""
    pieces = [span]
    for low, high in breaks:
        kept = []
        for piece in pieces:
            start, end = piece.start or dt.date.min, piece.end or dt.date.max
            if end <= low or start >= high:
                kept.append(piece)
                continue
            if start < low:
                kept.append(replace(piece, end=low))
            if end > high:
                kept.append(replace(piece, start=high, text="" if start < low else piece.text))
        pieces = kept
    return pieces


def _bars(
    kind: Kind,
    certain: bool,
    chosen: Sequence[tuple[Row, Span]],
    index: dict[str, int],
    view: tuple[dt.date, dt.date],
    *,
    faded: bool = False,
) -> go.Bar:
    style = _bar_style(kind, certain, faded)
    lane = _PLAN_LANE if style.plan else _STATUS_LANE
    # Cut to the view, so a bar's words start where the reader can see them.
    starts = [max(s.start or view[0], view[0]) for _, s in chosen]
    ends = [
        max(min(s.end or view[1], view[1]), start)
        for (_, s), start in zip(chosen, starts, strict=True)
    ]
    texts = [_esc(s.text) for _, s in chosen]
    return go.Bar(
        orientation="h",
        y=[index[r.key] + lane for r, _ in chosen],
        base=[d.isoformat() for d in starts],
        x=[_ms(a, b) for a, b in zip(starts, ends, strict=True)],
        width=style.width,
        marker=style.marker,
        name=_esc(kind.label),
        legendgroup=str(kind),
        customdata=[_customdata(r, s) for r, s in chosen],
        hovertemplate=_HOVER,
        text=texts if any(texts) else None,
        textposition="inside",
        insidetextanchor="start",
        textangle=0,
        textfont={"color": _text_on(kind, certain and not faded), "size": 10},
        cliponaxis=True,
    )


def _points(kind: Kind, chosen: Sequence[tuple[Row, Marker]], index: dict[str, int]) -> go.Scatter:
    point = _point_style(kind)
    lane = _PLAN_LANE if point.plan else _STATUS_LANE
    return go.Scatter(
        mode="markers",
        x=[m.day.isoformat() for _, m in chosen],
        y=[index[r.key] + lane for r, _ in chosen],
        name=_esc(kind.label),
        legendgroup=str(kind),
        marker={
            "symbol": point.symbol,
            "size": point.size,
            "color": point.colour,
            "line": {"color": point.line, "width": point.line_width},
        },
        customdata=[_customdata(r, m) for r, m in chosen],
        hovertemplate=_HOVER,
    )


def _layout(
    fig: go.Figure,
    rows: int,
    kinds: int,
    view: tuple[dt.date, dt.date],
    *,
    note: str,
    selectable: bool,
) -> None:
    # The figure's height is fixed while its width follows the screen, and the legend wraps
    # into more lines on a narrow one: room for a phone's legend keeps every row's height.
    top = _TOP_PX + _LEGEND_LINE_PX * -(-kinds // _LEGEND_PER_LINE)
    bottom = _BOTTOM_PX + (24 if note else 0)
    fig.update_layout(
        barmode="overlay",
        height=max(_MIN_HEIGHT, top + ROW_PX * rows + bottom),
        margin={"l": 4, "r": 12, "t": top, "b": bottom},
        # Above the plot, across its width: it wraps into more lines on a phone instead of
        # squeezing the dates.
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0,
            "font": {"size": 11},
            "itemclick": "toggle",
        },
        hoverlabel={"align": "left"},
        plot_bgcolor="#FFFFFF",
        dragmode="pan",
        clickmode="event+select" if selectable else "event",
        showlegend=kinds > 0,
    )
    fig.update_xaxes(
        type="date",
        range=[view[0].isoformat(), view[1].isoformat()],
        showgrid=True,
        gridcolor="#E5E5E5",
        zeroline=False,
    )
    fig.update_yaxes(
        # Reversed: the first row on top, with a free band above it for the as-of label.
        range=[rows - 0.5, -1.05],
        autorange=False,
        fixedrange=True,
        showticklabels=False,
        showgrid=False,
        zeroline=False,
    )


def _titles(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Each row's title, pinned to the plot's left edge above its bars (tick labels inside
    the plot would make plotly hide the date labels they overlap); the whole title on hover.
    Set in one go: add_annotation validates every earlier annotation again each time."""
    font = {"size": 12, "color": _INK}
    return [
        {
            "text": _tick(row),
            "hovertext": _esc(row.title),
            "xref": "paper",
            "x": 0,
            "yref": "y",
            "y": i,
            "xanchor": "left",
            "yanchor": "bottom",
            "showarrow": False,
            "font": font,
            "name": f"title:{row.key}",
        }
        for i, row in enumerate(rows)
    ]


def _as_of_line(fig: go.Figure, as_of: dt.date, view: tuple[dt.date, dt.date]) -> None:
    # The label sits on the side of the line with more room, so it is never cut by the edge.
    span = max((view[1] - view[0]).days, 1)
    early = (as_of - view[0]).days / span < 0.5
    fig.add_vline(
        x=as_of.isoformat(),
        line_dash="dash",
        line_color="#444444",
        line_width=1,
        annotation_text=f"As of {day_label(as_of)}",
        annotation_position="top right" if early else "top left",
        annotation_font_size=11,
        annotation_font_color="#444444",
        annotation_bgcolor="rgba(255,255,255,0.85)",
    )


def _bar_style(kind: Kind, certain: bool, faded: bool = False) -> _BarStyle:
    if isinstance(kind, Status):
        colour = STATUS_COLORS[kind]
        if faded:
            # The status as last reported, carried on to the as-of day: its own colour, pale,
            # with a dotted edge, so it reads as the same state, less sure.
            return _BarStyle(
                {"color": _tint(colour, 0.3), "line": {"color": colour, "width": 1}},
                _STATUS_WIDTH,
            )
        if certain:
            return _BarStyle({"color": colour, "line": {"width": 0}}, _STATUS_WIDTH)
        return _BarStyle(_hatched(colour), _STATUS_WIDTH)
    style = MARK_STYLES[kind]
    assert isinstance(style, _BarStyle), kind
    return style


def _point_style(kind: Kind) -> _PointStyle:
    if isinstance(kind, Status):
        return _PointStyle("diamond", STATUS_COLORS[kind], 12)
    return _POINTS[kind]


# --------------------------------------------------------------------------------------
# The project Gantt


@dataclass(frozen=True)
class GanttResult:
    """The project Gantt, and what it did not draw."""

    figure: go.Figure
    """The chart: one row per drawn project, in the frame's order, first on top."""
    rows: list[Row] = field(default_factory=list)
    """What was drawn, row by row."""
    undated: list[tuple[str, str]] = field(default_factory=list)
    """(id, title) of projects with nothing at all to draw, in the frame's order."""
    outside: list[tuple[str, str]] = field(default_factory=list)
    """(id, title) of projects with nothing inside the view (only in the whole history)."""
    omitted: int = 0
    """Projects with something to draw that fell beyond the render budget (`max_rows`)."""


def gantt(
    slate: Slate,
    frame: pd.DataFrame,
    as_of: dt.date,
    assessments: Mapping[str, Assessment] | None = None,
    *,
    whole: bool = False,
    max_rows: int = 150,
    rows: Mapping[str, Row] | None = None,
) -> GanttResult:
    """A Gantt of the frame's projects, in the frame's order, as of a date.

    `slate` is the slate as known on that day (`slate.knowledge.Day.view`), `assessments`
    the projects' assessments for `as_of` (worked out here when not given), and `rows` each
    project's row for that day where the caller keeps them (`project_rows`). The view runs
    from a little before `as_of` to the last upcoming date, leaving out projects with
    nothing in it; `whole` shows every project's whole history instead.
    """
    built: list[Row] = []
    undated: list[tuple[str, str]] = []
    for pid in frame["id"].tolist() if "id" in frame else []:
        project = slate.project(pid)
        found = rows.get(pid) if rows is not None else None
        if found is not None:
            row = found
        else:
            assessment = (assessments or {}).get(pid) or assess(slate, project, as_of)
            row = project_row(project, slate, assessment)
        if row:
            built.append(row)
        else:
            undated.append((project.id, project.title))
    view = whole_view(built, as_of) if whole else upcoming_view(built, as_of)
    breaks = gaps(built, view, as_of) if whole else []
    if not whole:
        # What lies wholly before the view is left out, so the legend names only what is
        # drawn; the whole history is one toggle away. (A row per project, no cycles: the
        # collector is kept out of it.)
        with collector_paused():
            built = [r.within(*view) for r in built]
    outside = [(r.key, r.title) for r in built if not r]
    inside = [r for r in built if r]
    drawn, omitted = inside[:max_rows], max(0, len(inside) - max_rows)
    figure = draw(drawn, as_of, view, selectable=True, breaks=breaks)
    return GanttResult(figure, drawn, undated, outside, omitted)


def project_rows(assessed: Assessments) -> dict[str, Row]:
    """Every project's Gantt row for a day, by id: what a server works out once per day
    and hands to every `gantt` of any filters."""
    slate = assessed.view
    # Hundreds of thousands of small frozen objects, no cycles: the collector would walk
    # the growing pile again and again (three quarters of the time at 100,000 projects).
    with collector_paused():
        return {p.id: project_row(p, slate, assessed[p.id]) for p in slate.projects}


# --------------------------------------------------------------------------------------
# The Chronicle


def chronicle(
    happenings: Sequence[Happening],
    slate: Slate,
    as_of: dt.date,
    *,
    whole: bool = False,
    max_rows: int = 300,
) -> go.Figure:
    """A timeline of events, releases and shoots, one row each in date order.

    The view covers the last `RECENT_YEARS` (where most news is); events before it are
    counted under the chart, as are events with no date and those past the first
    `max_rows`. `whole` shows every event, back to the first.
    """
    events = happenings
    rows = event_rows(happenings, slate)
    view = whole_view(rows, as_of) if whole else recent_view(rows, as_of)
    earlier = 0 if whole else sum(1 for r in rows if not r.within(*view))
    rows = [r for r in rows if whole or r.within(*view)]
    undated = sum(1 for e in events if not e.date)
    omitted = max(0, len(rows) - max_rows)
    rows = rows[:max_rows]
    notes = []
    if earlier:
        notes.append(f"{plural(earlier, 'earlier event')} in the whole history")
    if undated:
        notes.append(f"{plural(undated, 'event')} with no date, not drawn")
    if omitted:
        notes.append(f"{plural(omitted, 'more event')} past the first {max_rows}, not drawn")
    breaks = gaps(rows, view, as_of) if whole else []
    return draw(rows, as_of, view, note="; ".join(notes), breaks=breaks)

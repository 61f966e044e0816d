"""The Gantt and the chronicle: what is drawn where, read back from the figure's data."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import plotly.graph_objects as go
import pytest

from slate.charts import (
    EARLIER,
    STATUS_COLORS,
    GanttResult,
    chronicle,
    gantt,
)
from slate.load import load_slate
from slate.models import Event, Slate, Status
from slate.query import to_frame
from tests.conftest import MakeFolder

AS_OF = dt.date(2026, 11, 21)
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def _gantt(slate: Slate, as_of: dt.date = AS_OF, **kwargs: Any) -> GanttResult:
    return gantt(slate, to_frame(slate, as_of), as_of, **kwargs)


def _marks(fig: go.Figure) -> list[dict[str, Any]]:
    """Every drawn bar and marker as a dict: trace, kind, project id, start and end days."""
    out = []
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for i, custom in enumerate(trace.customdata):
            if trace.type == "bar":
                start = dt.date.fromisoformat(trace.base[i])
                end = start + dt.timedelta(milliseconds=trace.x[i])
            else:
                start = end = dt.date.fromisoformat(trace.x[i])
            out.append(
                {
                    "trace": trace,
                    "type": trace.type,
                    "name": trace.name,
                    "y": trace.y[i],
                    "id": custom[0],
                    "label": custom[1],
                    "sources": custom[2],
                    "kind": custom[4],
                    "start": start,
                    "end": end,
                }
            )
    return out


def _project(pid: str, status: str = "announced", **fields: str) -> str:
    extra = "".join(f'\n        {key}: "{value}"' for key, value in fields.items())
    return f"""
      - id: {pid}
        title: {pid.title()}
        status: {status}{extra}
        logline: A film.
        sources: [trade-2025]"""


def _folder_slate(make_folder: MakeFolder, *projects: str) -> Slate:
    return load_slate(
        make_folder(projects__yaml="projects:" + "".join(projects), events__yaml=None)
    )


def _synthetic(count: int, seed: int = 42) -> Slate:
    """A deterministic slate of `count` projects over every status and kind of date."""
    rng = random.Random(seed)
    releases = ["", "2026-10-02", "2026-36", "2027", "2025/2026", "2028-41", "2027-05", "2029~"]
    announced = ["", "2019", "2021-03", "2023-22", "2024-06-15"]
    projects = []
    for i in range(count):
        status = rng.choice(list(Status))
        project: dict[str, Any] = {
            "id": f"film-{i:04d}",
            "title": f"Film {i}",
            "status": status.value,
            "logline": "A generated film.",
            "sources": ["gen"],
        }
        for key, options in (("release", releases), ("announced", announced)):
            if value := rng.choice(options):
                project[key] = value
        if rng.random() < 0.5:
            project["updates"] = [
                {"date": "2025-07", "source": "gen", "status": status.value, "note": "News."}
            ]
        projects.append(project)
    return Slate.model_validate(
        {
            "sources": [{"id": "gen", "name": "Generated", "published": "2025", "note": "Test."}],
            "projects": projects,
        }
    )


# --- Gantt on the built-in seeds -------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> GanttResult:
    return _gantt(load_slate())


def test_seed_projects_with_no_date_are_listed_not_dropped(seeds: GanttResult) -> None:
    # Top Gun 3, Days of Thunder 2 and Les Grossman carry no date of any kind. Deeper has
    # none either, but it is paused and its last news is dated: it gets a stalled segment.
    assert sorted(pid for pid, _ in seeds.undated) == [
        "days-of-thunder-2",
        "les-grossman",
        "top-gun-3",
    ]
    assert ("top-gun-3", "Top Gun 3") in seeds.undated
    drawn = list(seeds.figure.layout.yaxis.categoryarray)
    assert not {pid for pid, _ in seeds.undated} & set(drawn)
    assert {m["kind"] for m in _marks(seeds.figure) if m["id"] == "deeper"} == {
        "Stopped since last news"
    }
    assert len(drawn) + len(seeds.undated) == len(load_slate().projects)
    assert seeds.omitted == 0


def test_rows_follow_the_frame_order_first_on_top(seeds: GanttResult) -> None:
    frame = to_frame(load_slate(), AS_OF)
    undated = {pid for pid, _ in seeds.undated}
    expected = [pid for pid in frame["id"] if pid not in undated]
    layout = seeds.figure.layout
    assert list(layout.yaxis.categoryarray) == expected
    assert list(layout.yaxis.tickvals) == expected
    # Reversed (bottom value first): the first project on top, and above it a free band,
    # more than half a row, where the as-of label sits clear of every bar.
    bottom, top = layout.yaxis.range
    assert bottom == len(layout.yaxis.categoryarray) - 0.5 and top < -1
    assert layout.xaxis.type == "date"
    assert layout.barmode == "overlay"
    titles = dict(zip(frame["id"], frame["title"], strict=True))
    # Long titles are cut to keep the bars wide on a phone; the hover shows them whole.
    shown = [titles[pid] if len(titles[pid]) <= 36 else titles[pid][:35] + "…" for pid in expected]
    assert list(layout.yaxis.ticktext) == shown
    assert "Mission: Impossible – The Final Rec…" in shown


def test_exact_release_day_is_a_diamond_not_a_bar(seeds: GanttResult) -> None:
    digger = [m for m in _marks(seeds.figure) if m["id"] == "digger"]
    assert [(m["type"], m["name"], m["start"]) for m in digger] == [
        ("scatter", "Release date", dt.date(2026, 10, 2))
    ]
    assert digger[0]["trace"].marker.symbol == "diamond"


def test_stalled_work_runs_solid_to_its_last_news_then_grey_to_as_of(seeds: GanttResult) -> None:
    space = {m["kind"]: m for m in _marks(seeds.figure) if m["id"] == "untitled-space-film"}
    # Announced 2020; its newest news is dated 2025 and c. Q4 2025, so it may be as late as
    # 31 Dec 2025: the stall is only certain from the day after.
    assert (space["Development"]["start"], space["Development"]["end"]) == (
        dt.date(2020, 1, 1),
        dt.date(2026, 1, 1),
    )
    stalled = space["Stopped since last news"]
    assert (stalled["start"], stalled["end"]) == (dt.date(2026, 1, 1), AS_OF)
    assert stalled["trace"].marker.color == "rgba(140,140,140,0.3)"  # a pale STALLED_COLOR
    assert stalled["trace"].marker.pattern.shape
    assert space["Development"]["trace"].marker.color == STATUS_COLORS[Status.STALLED]


def test_the_1987_idea_shows_what_is_known(seeds: GanttResult) -> None:
    marks = [m for m in _marks(seeds.figure) if m["id"] == "us-soviet-coproduction-1987"]
    by_kind = {m["kind"]: m for m in marks}
    activity = by_kind["Reported activity"]
    assert (activity["type"], activity["start"], activity["end"]) == (
        "bar",
        dt.date(1987, 1, 1),
        dt.date(1988, 1, 1),
    )
    assert activity["trace"].marker.pattern.shape == "/"
    assert by_kind["Stopped since last news"]["end"] == AS_OF
    # The first view starts in this decade; the row says what lies before it.
    layout = seeds.figure.layout
    assert not layout.xaxis.rangeslider.visible  # Autoscale, not a slider, shows all years
    assert dt.date.fromisoformat(layout.xaxis.range[0]) > dt.date(2015, 1, 1)
    assert by_kind[EARLIER]["trace"].text == ("1987",)
    assert by_kind[EARLIER]["label"] == "Reported activity 1987"
    assert by_kind[EARLIER]["start"] >= dt.date.fromisoformat(layout.xaxis.range[0])


def test_as_of_line_is_drawn_and_labelled(seeds: GanttResult) -> None:
    shapes = [s for s in seeds.figure.layout.shapes if s.type == "line"]
    assert [(s.x0, s.x1, s.line.dash) for s in shapes] == [("2026-11-21", "2026-11-21", "dash")]
    assert [a.text for a in seeds.figure.layout.annotations] == ["As of 21 Nov 2026"]


def test_every_mark_identifies_its_project(seeds: GanttResult) -> None:
    marks = _marks(seeds.figure)
    assert all(m["y"] == m["id"] for m in marks)
    assert {m["id"] for m in marks} == set(seeds.figure.layout.yaxis.categoryarray)
    space = next(m for m in marks if m["id"] == "broadsword" and m["kind"] == "Release window")
    assert (space["label"], space["sources"]) == ("2025\u20132026", "moscow-1987-slate-2025")


# --- Gantt on small slates -------------------------------------------------------------


def test_quarter_release_is_an_uncertain_window(make_folder: MakeFolder) -> None:
    slate = _folder_slate(make_folder, _project("eot", "filming", release="2026-36"))
    (mark,) = [m for m in _marks(_gantt(slate).figure) if m["kind"] == "Release window"]
    assert (mark["start"], mark["end"] - dt.timedelta(days=1)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert mark["label"] == "Q4 2026"
    trace = mark["trace"]
    assert trace.type == "bar" and trace.orientation == "h"
    assert trace.marker.pattern.shape == "/"
    # Pale fill, hatched and outlined in the status colour: unlike a solid known span.
    assert trace.marker.color == "rgba(17,119,51,0.15)"
    assert trace.marker.pattern.fgcolor == trace.marker.line.color == STATUS_COLORS[Status.FILMING]


@pytest.mark.parametrize("release", ["2026-10-02~", "2026-10-02?", "2026-10", "2026"])
def test_a_fuzzy_release_never_gets_a_made_up_day(make_folder: MakeFolder, release: str) -> None:
    slate = _folder_slate(make_folder, _project("f", release=release))
    marks = _marks(_gantt(slate).figure)
    assert [(m["type"], m["kind"]) for m in marks] == [("bar", "Release window")]
    assert marks[0]["end"] > marks[0]["start"]


def test_development_runs_from_announcement_to_release_or_as_of(make_folder: MakeFolder) -> None:
    slate = _folder_slate(
        make_folder,
        _project("dated", "in_development", announced="2024-06", release="2026-36"),
        _project("tba", "pre_production", announced="2023"),
        _project("shoot", "filming", filming="2025-22"),
    )
    marks = _marks(_gantt(slate).figure)
    dev = {m["id"]: m for m in marks if m["kind"] == "Development"}
    silent = {m["id"]: m for m in marks if m["kind"] == "No news since"}
    # The only source dates from Q4 2025: known work ends with its last day, and the row
    # then shows the silence up to the release window (or the as-of date when TBA).
    news_end = dt.date(2026, 1, 1)
    assert (dev["dated"]["start"], dev["dated"]["end"]) == (dt.date(2024, 6, 1), news_end)
    assert (silent["dated"]["start"], silent["dated"]["end"]) == (news_end, dt.date(2026, 10, 1))
    assert (dev["tba"]["start"], dev["tba"]["end"]) == (dt.date(2023, 1, 1), news_end)
    assert (silent["tba"]["start"], silent["tba"]["end"]) == (news_end, AS_OF)
    assert silent["tba"]["trace"].marker.pattern.shape in (None, "")
    assert (dev["shoot"]["start"], dev["shoot"]["end"]) == (dt.date(2025, 6, 1), news_end)
    assert dev["dated"]["trace"].opacity is None
    assert dev["dated"]["trace"].marker.pattern.shape is None


def test_open_release_interval_runs_to_the_chart_edge(make_folder: MakeFolder) -> None:
    slate = _folder_slate(make_folder, _project("open", release="2025/.."))
    (mark,) = _marks(_gantt(slate).figure)
    assert mark["start"] == dt.date(2025, 1, 1)
    assert mark["end"] >= AS_OF
    assert mark["label"] == "from 2025"


def test_hostile_titles_are_escaped(make_folder: MakeFolder) -> None:
    slate = Slate.model_validate(
        {
            "sources": [{"id": "s", "name": "S", "published": "2025", "note": "N."}],
            "projects": [
                {
                    "id": "evil",
                    "title": HOSTILE,
                    "status": "announced",
                    "release": "2026-10-02",
                    "announced": "1990",
                    "logline": "x",
                    "sources": ["s"],
                },
                {
                    "id": "undated",
                    "title": HOSTILE,
                    "status": "rumored",
                    "logline": "x",
                    "sources": ["s"],
                },
            ],
        }
    )
    result = _gantt(slate)
    fig = result.figure
    escaped = '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
    (tick,) = fig.layout.yaxis.ticktext
    assert "<" not in tick and tick.startswith("&lt;script&gt;")
    titles = {m["trace"].customdata[0][3] for m in _marks(fig)}
    assert titles == {escaped}
    for trace in fig.data:
        assert "<script" not in (trace.hovertemplate or "")
        assert "<script" not in str(trace.text)
        assert "<script" not in str(trace.customdata)
    # The undated list is plain data for the UI, which escapes for its own output.
    assert result.undated == [("undated", HOSTILE)]


def test_one_trace_per_status_never_per_film() -> None:
    slate = _synthetic(300)
    fig = _gantt(slate, max_rows=300).figure
    drawn = set(fig.layout.yaxis.categoryarray)
    assert len(drawn) > 200
    statuses = {slate.project(pid).status for pid in drawn}
    assert len(statuses) == len(Status)
    # Per status: at most one solid trace and one hatched one, with the status's name.
    per_status = Counter(
        (t.legendgroup, t.marker.pattern.shape is not None) for t in fig.data if t.type == "bar"
    )
    for status in Status:
        assert per_status[(status.value, False)] == 1
        assert per_status[(status.value, True)] == 1
    names = {t.name for t in fig.data}
    assert names <= {
        *(s.label for s in Status),
        "Uncertain window",
        "Stopped since last news",
        "No news since",
        "Release date",
        EARLIER,
    }
    assert len(fig.data) <= 2 * len(Status) + 5
    marks = _marks(fig)
    assert {m["id"] for m in marks} == drawn
    for mark in marks:
        status = slate.project(mark["id"]).status
        if mark["kind"] in {"Development", "Release window"}:
            assert mark["trace"].legendgroup == status.value
            colour = STATUS_COLORS[status]
            solid = mark["kind"] == "Development"
            assert (
                mark["trace"].marker.color if solid else mark["trace"].marker.line.color
            ) == colour
        if mark["kind"] == "Release date":
            assert (
                mark["trace"].marker.color[mark["trace"].y.index(mark["id"])]
                == (STATUS_COLORS[status])
            )


def test_render_budget_counts_what_it_leaves_out() -> None:
    slate = _synthetic(300)
    full = _gantt(slate, max_rows=1000)
    budget = _gantt(slate, max_rows=100)
    datable = len(full.figure.layout.yaxis.categoryarray)
    assert full.omitted == 0
    drawn = list(budget.figure.layout.yaxis.categoryarray)
    assert drawn == list(full.figure.layout.yaxis.categoryarray)[:100]
    assert budget.omitted == datable - 100
    assert budget.undated == full.undated
    assert len(drawn) + budget.omitted + len(budget.undated) == 300
    assert {m["id"] for m in _marks(budget.figure)} == set(drawn)
    assert full.figure.layout.height > budget.figure.layout.height >= 100 * 28


def test_empty_frame_still_draws_the_as_of_line() -> None:
    slate = _synthetic(0)
    result = _gantt(slate)
    assert (len(result.figure.data), result.undated, result.omitted) == (0, [], 0)
    assert result.figure.layout.height == 300
    assert result.figure.layout.annotations[0].text == "As of 21 Nov 2026"


def test_as_of_in_the_past_moves_the_stall(make_folder: MakeFolder) -> None:
    slate = load_slate(make_folder())
    as_of = dt.date(2024, 3, 5)
    marks = _marks(gantt(slate, to_frame(slate, as_of), as_of).figure)
    beta = {m["kind"]: m for m in marks if m["id"] == "beta"}
    # Beta: stalled, announced 2020 and nothing newer, so the stall follows the announcement.
    assert (beta["Development"]["start"], beta["Development"]["end"]) == (
        dt.date(2020, 1, 1),
        dt.date(2021, 1, 1),
    )
    assert (beta["Stopped since last news"]["start"], beta["Stopped since last news"]["end"]) == (
        dt.date(2021, 1, 1),
        as_of,
    )


# --- Chronicle -------------------------------------------------------------------------


def test_chronicle_draws_days_as_points_and_fuzzy_dates_as_windows() -> None:
    slate = load_slate()
    fig = chronicle(slate.events, AS_OF)
    marks = _marks(fig)
    assert len(marks) == len(slate.events) + sum(1 for m in marks if m["kind"] == EARLIER)
    soyuz = next(m for m in marks if m["label"] == "5 Oct 2021")
    assert (soyuz["type"], soyuz["start"], soyuz["kind"]) == (
        "scatter",
        dt.date(2021, 10, 5),
        "Planned",
    )
    eot = next(m for m in marks if m["label"] == "Q4 2026")
    assert (eot["type"], eot["start"], eot["end"]) == (
        "bar",
        dt.date(2026, 10, 1),
        dt.date(2027, 1, 1),
    )
    assert eot["trace"].marker.pattern.shape == "/"
    assert eot["id"] == "edge-of-tomorrow-2"
    assert len(fig.data) <= 5
    assert {t.legendgroup for t in fig.data} <= {"Happened", "Planned", "key:earlier"}
    # Rows in date order, 1987 first.
    first = fig.layout.yaxis.categoryarray[0]
    assert next(m for m in marks if m["y"] == first and m["type"] == "bar")["label"] == "1987"
    assert [a.text for a in fig.layout.annotations] == ["As of 21 Nov 2026"]
    assert fig.layout.shapes[0].x0 == "2026-11-21"


def test_chronicle_from_a_frame_escapes_and_counts_what_it_leaves_out() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        [
            {"date": "2026-05-04", "title": HOSTILE, "sources": "a; b", "projects": ["p"]},
            {"date": "2025-35", "title": "Window", "planned": True, "certainty": "rumored"},
            {"date": "", "title": "No date"},
            {"date": "2024", "title": "Old"},
            {"date": "2027", "title": "Late"},
        ]
    )
    fig = chronicle(frame, AS_OF, max_rows=3)
    marks = _marks(fig)
    assert sorted((m["start"], m["label"], m["kind"]) for m in marks) == [
        (dt.date(2024, 1, 1), "2024", "Happened (date window)"),
        (dt.date(2025, 7, 1), "Q3 2025", "Planned (date window)"),
        (dt.date(2026, 5, 4), "4 May 2026", "Happened"),
    ]
    hostile = next(m for m in marks if m["type"] == "scatter")
    assert (hostile["id"], hostile["sources"]) == ("p", "a, b")
    assert hostile["trace"].customdata[0][3].startswith("&lt;script&gt;")
    assert all("<script" not in t for t in fig.layout.yaxis.ticktext)
    assert "Window (rumored)" in fig.layout.yaxis.ticktext
    notes = [a.text for a in fig.layout.annotations]
    assert "1 event with no date, not drawn; 1 more event past the first 3, not drawn" in notes


def test_chronicle_accepts_events_and_keeps_traces_few() -> None:
    events = [
        Event.model_validate(
            {"date": f"20{10 + i % 15}-0{1 + i % 9}", "title": f"E{i}", "sources": ["s"]}
        )
        for i in range(200)
    ]
    fig = chronicle(events, AS_OF)
    assert len(fig.layout.yaxis.categoryarray) == 200
    assert len(fig.data) <= 5
    assert fig.layout.height >= 200 * 28

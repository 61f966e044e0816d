"""The renderer: what the Gantt and the Chronicle draw, read back from the figure's data."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from slate.assess import assess_day
from slate.charts import MARK_STYLES, STATUS_COLORS, GanttResult, chronicle, gantt
from slate.dates import FuzzyDate
from slate.knowledge import Day, Happening
from slate.load import load_slate
from slate.models import Certainty, Outcome, Slate, Status
from slate.query import to_frame
from slate.synthetic import synthetic_slate
from slate.timeline import Mark
from tests.conftest import resolved

AS_OF = dt.date(2026, 11, 21)
FD = FuzzyDate.parse
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


FADED = "Faded: as last reported, no news since"


def _gantt(slate: Slate, as_of: dt.date = AS_OF, **kwargs: Any) -> GanttResult:
    day = Day.of(slate, as_of)
    return gantt(day.view, to_frame(slate, as_of), as_of, assess_day(day), **kwargs)


def _chronicle(slate: Slate, as_of: dt.date = AS_OF, **kwargs: Any) -> go.Figure:
    day = Day.of(slate, as_of)
    return chronicle(day.happenings, day.view, as_of, **kwargs)


def _unwrap(text: str) -> str:
    return text.replace("<br>", " ")


def _marks(fig: go.Figure) -> list[dict[str, Any]]:
    """Every drawn bar and marker: its trace, project ids, kind, dates and row."""
    out = []
    for trace in fig.data:
        for i, custom in enumerate(trace.customdata or ()):
            if trace.type == "bar":
                start = dt.date.fromisoformat(trace.base[i])
                end = start + dt.timedelta(milliseconds=trace.x[i])
            else:
                start = end = dt.date.fromisoformat(trace.x[i])
            out.append(
                {
                    "trace": trace,
                    "type": trace.type,
                    "ids": custom[0],
                    # Hover text as it reads: its line breaks (for phones) read as spaces.
                    "label": _unwrap(custom[1]),
                    "sources": _unwrap(custom[2]),
                    "title": _unwrap(custom[3]),
                    "kind": custom[4],
                    "more": _unwrap(custom[5]),
                    "hover": custom[1:],
                    "row": int(trace.y[i]),
                    "y": trace.y[i],
                    "start": start,
                    "end": end,
                }
            )
    return out


def _titles(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if (a.name or "").startswith("title:")]


@pytest.fixture(scope="module")
def seeds() -> GanttResult:
    return _gantt(load_slate())


@pytest.fixture(scope="module")
def whole() -> GanttResult:
    return _gantt(load_slate(), whole=True)


def test_upcoming_view_leaves_out_what_lies_wholly_before_it(seeds: GanttResult) -> None:
    assert seeds.outside == [
        ("mission-impossible-the-final-reckoning", "Mission: Impossible – The Final Reckoning")
    ]
    low, high = (dt.date.fromisoformat(d) for d in seeds.figure.layout.xaxis.range)
    assert low < AS_OF < high and (low.year, high.year) == (2026, 2027)
    assert all(m["end"] > low and m["start"] < high for m in _marks(seeds.figure))
    assert seeds.undated == [] and seeds.omitted == 0


def test_legend_names_only_what_is_drawn_once_each(seeds: GanttResult, whole: GanttResult) -> None:
    for result in (seeds, whole):
        drawn = {m["kind"] for m in _marks(result.figure)}
        legend = [t.name for t in result.figure.data if t.showlegend is not False]
        # Each kind once, and the key to the faded bars (which are drawn, but as a status).
        assert sorted(legend) == sorted([*drawn, FADED])
    # In the upcoming view each row's status runs on, faded, since its last news, in its
    # own colour; in the whole history, every claim is in sight.
    assert {t.name for t in seeds.figure.data} == {
        "Rumored", "In development", "Pre-production", "Filming", "Paused", "Stalled",
        "Abandoned", "Release window", "Filming window", "Release date passed, unconfirmed",
        FADED,
    }  # fmt: skip
    assert {"Announced", "Stalled", "Released", "Reported activity"} <= {
        t.name for t in whole.figure.data
    }


def test_rows_follow_the_frame_order_first_on_top(whole: GanttResult) -> None:
    frame = to_frame(load_slate(), AS_OF)
    assert [r.key for r in whole.rows] == list(frame["id"])
    bottom, top = whole.figure.layout.yaxis.range
    # Reversed, with a free band above the first row for the as-of label.
    assert bottom == len(whole.rows) - 0.5 and top < -1
    assert whole.figure.layout.xaxis.type == "date"
    assert whole.figure.layout.barmode == "overlay"


def test_titles_sit_above_their_rows_with_the_status_and_whole_on_hover(whole: GanttResult):
    titles = {a.name: a for a in whole.figure.layout.annotations if a.name}
    space = titles["title:untitled-space-film"]
    assert space.text == (
        'Untitled space film (NASA / SpaceX) <span style="color:#6E6E6E">\u00b7 Stalled</span>'
    )
    assert (space.xref, space.x, space.yanchor) == ("paper", 0, "bottom")
    reckoning = titles["title:mission-impossible-the-final-reckoning"]
    assert reckoning.hovertext == "Mission: Impossible – The Final Reckoning"
    # The date labels are not tick labels inside the plot, which plotly would hide.
    assert whole.figure.layout.yaxis.showticklabels is False


def test_long_titles_are_cut_to_fit_a_phone_and_shown_whole_on_hover() -> None:
    title = "The Extraordinarily Long Working Title of a Film Nobody Has Named Yet"
    slate = resolved(
        {
            "sources": [{"id": "s", "name": "S", "published": "2025", "note": "N."}],
            "projects": [
                {"id": "long", "title": title, "status": "announced", "logline": "x",
                 "sources": ["s"]}
            ],
        }
    )  # fmt: skip
    (annotation,) = [a for a in _gantt(slate).figure.layout.annotations if a.name]
    shown = annotation.text.split(" <span")[0]
    assert shown.startswith("The Extraordinarily Long Working Title") and shown[-1] == "\u2026"
    assert len(shown) + len(" · Announced") <= 52
    assert annotation.hovertext == title


def test_status_history_colours_and_hatching(whole: GanttResult) -> None:
    space = [m for m in _marks(whole.figure) if m["ids"] == "untitled-space-film"]
    by_kind = Counter(m["kind"] for m in space)
    assert by_kind == {"Announced": 2, "Stalled": 2}
    announced = sorted((m for m in space if m["kind"] == "Announced"), key=lambda m: m["start"])
    hatched, solid = announced
    assert hatched["trace"].marker.pattern.shape == "/"
    assert hatched["trace"].marker.pattern.fgcolor == STATUS_COLORS[Status.ANNOUNCED]
    assert solid["trace"].marker.color == STATUS_COLORS[Status.ANNOUNCED]
    assert solid["trace"].marker.pattern.shape is None
    assert "its start is known only as 2020" in hatched["more"]
    assert "Now: Stalled" in hatched["more"]
    stalled, faded = sorted((m for m in space if m["kind"] == "Stalled"), key=lambda m: m["start"])
    assert stalled["label"] == "2025 to last news c. Q4 2025"
    assert stalled["sources"].startswith("The space film's hurdles; The 1987 Moscow trip")
    # After the last news: the same colour, pale, not a grey that says nothing of the state.
    assert faded["trace"].marker.color == "rgba(238,119,51,0.3)"
    assert faded["trace"].marker.line.color == STATUS_COLORS[Status.STALLED]
    assert "no source says work resumed" in faded["more"]
    # The bars say their status and dates where they have room.
    assert "Stalled · no news since c. Q4 2025" in faded["trace"].text
    assert whole.figure.layout.uniformtext.mode == "hide"
    # Planned dates sit in the lane below the history, so neither hides the other.
    eot = [m for m in _marks(whole.figure) if m["ids"] == "edge-of-tomorrow-2"]
    window = next(m for m in eot if m["kind"] == "Filming window")
    status = next(m for m in eot if m["kind"] == "Pre-production")
    assert window["row"] == status["row"] and window["y"] > status["y"]


def test_the_whole_history_cuts_empty_decades_and_says_so(whole: GanttResult) -> None:
    breaks = whole.figure.layout.xaxis.rangebreaks
    assert [tuple(b.bounds) for b in breaks] == [
        ("1989-01-01", "1999-01-01"),
        ("2001-01-01", "2019-01-01"),
    ]
    notes = [a.text for a in whole.figure.layout.annotations if not a.name]
    assert "Empty years cut (dotted): 1989–1999, 2001–2019" in notes
    # The 1987 idea's long "abandoned" bar runs on across the cuts, in pieces clear of them.
    idea = [m for m in _marks(whole.figure) if m["ids"] == "us-soviet-coproduction-1987"]
    for mark in idea:
        for low, high in (
            (dt.date(1989, 1, 1), dt.date(1999, 1, 1)),
            (dt.date(2001, 1, 1), dt.date(2019, 1, 1)),
        ):
            assert mark["end"] <= low or mark["start"] >= high, mark


def test_passed_release_day_is_drawn_hollow_and_says_so(seeds: GanttResult) -> None:
    (digger,) = [m for m in _marks(seeds.figure) if m["kind"].startswith("Release date")]
    assert (digger["ids"], digger["start"]) == ("digger", dt.date(2026, 10, 2))
    assert digger["kind"] == "Release date passed, unconfirmed"
    assert digger["trace"].marker.symbol == "diamond-open"
    assert "no source in this slate says it came out" in digger["more"]
    before = _gantt(load_slate(), dt.date(2026, 9, 1))
    (upcoming,) = [m for m in _marks(before.figure) if m["kind"].startswith("Release date")]
    assert (upcoming["kind"], upcoming["trace"].marker.symbol) == ("Release date", "diamond")


def test_windows_have_their_own_look_not_a_status_colour(seeds: GanttResult) -> None:
    marks = _marks(seeds.figure)
    broadsword = next(m for m in marks if m["ids"] == "broadsword" and "window" in m["kind"])
    assert broadsword["kind"] == "Release window"
    assert (
        broadsword["trace"].marker.pattern.shape
        == MARK_STYLES[Mark.RELEASE_WINDOW].marker["pattern"]["shape"]
    )
    status_colours = set(STATUS_COLORS.values())
    for mark in marks:
        if mark["kind"] in ("Release window", "Filming window"):
            assert mark["trace"].marker.line.color not in status_colours


def test_every_mark_identifies_its_project(whole: GanttResult) -> None:
    marks = _marks(whole.figure)
    keys = [r.key for r in whole.rows]
    assert all(keys[m["row"]] == m["ids"] for m in marks)
    assert {m["ids"] for m in marks} == set(keys)
    assert whole.figure.layout.clickmode == "event+select"


def test_as_of_line_is_drawn_and_labelled(seeds: GanttResult) -> None:
    shapes = [s for s in seeds.figure.layout.shapes if s.type == "line"]
    assert [(s.x0, s.x1, s.line.dash) for s in shapes] == [("2026-11-21", "2026-11-21", "dash")]
    assert "As of 21 Nov 2026" in [a.text for a in seeds.figure.layout.annotations]


def test_hostile_titles_are_escaped() -> None:
    slate = resolved(
        {
            "sources": [{"id": "s", "name": HOSTILE, "published": "2025", "note": "N."}],
            "projects": [
                {
                    "id": "evil",
                    "title": HOSTILE,
                    "status": "announced",
                    "release": "2026-10-02",
                    "logline": "x",
                    "sources": ["s"],
                }
            ],
        }
    )
    fig = _gantt(slate, whole=True).figure
    escaped = '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
    (title,) = _titles(fig)
    assert "<script" not in title and title.startswith("&lt;script&gt;")
    assert {m["title"] for m in _marks(fig)} == {escaped}
    assert {m["sources"] for m in _marks(fig)} == {escaped}
    assert "<script" not in json.dumps(fig.to_plotly_json(), default=str)


def test_traces_are_per_kind_never_per_film() -> None:
    slate = synthetic_slate(300, seed=7)
    result = _gantt(slate, whole=True, max_rows=300)
    fig = result.figure
    assert len(result.rows) > 200
    # At most a solid, a hatched and a faded trace per status, one trace per mark, and the
    # key to the faded bars.
    assert len(fig.data) <= 3 * len(Status) + len(Mark) + 1
    groups = Counter((t.legendgroup, t.type) for t in fig.data)
    assert max(groups.values()) <= 3
    assert {m["ids"] for m in _marks(fig)} == {r.key for r in result.rows}


def test_render_budget_counts_what_it_leaves_out() -> None:
    slate = synthetic_slate(300, seed=7)
    full = _gantt(slate, whole=True, max_rows=1000)
    budget = _gantt(slate, whole=True, max_rows=100)
    assert full.omitted == 0
    assert [r.key for r in budget.rows] == [r.key for r in full.rows][:100]
    assert budget.omitted == len(full.rows) - 100
    assert len(budget.rows) + budget.omitted + len(budget.undated) == 300
    assert full.figure.layout.height > budget.figure.layout.height >= 100 * 48


def test_empty_frame_still_draws_the_as_of_line() -> None:
    slate = resolved({"sources": [], "projects": []})
    result = _gantt(slate)
    assert (len(result.figure.data), result.rows, result.undated, result.omitted) == (0, [], [], 0)
    assert result.figure.layout.showlegend is False
    assert "As of 21 Nov 2026" in [a.text for a in result.figure.layout.annotations]


# --- Chronicle -------------------------------------------------------------------------


def test_chronicle_opens_on_the_last_ten_years_and_counts_the_rest() -> None:
    slate = load_slate()
    fig = _chronicle(slate)
    marks = _marks(fig)
    assert all(m["start"].year >= 2020 for m in marks)
    notes = [a.text for a in fig.layout.annotations if not a.name]
    assert "3 earlier events in the whole history" in notes
    whole = _chronicle(slate, whole=True)
    assert len(_titles(whole)) == len(Day.of(slate, AS_OF).happenings)
    first = min(_marks(whole), key=lambda m: m["row"])
    assert (first["start"], first["kind"]) == (dt.date(1987, 1, 1), "Happened")


def test_chronicle_marks_happened_planned_and_passed_plans() -> None:
    slate = load_slate()
    marks = _marks(_chronicle(slate))
    soyuz = next(m for m in marks if m["label"] == "5 Oct 2021")
    assert (soyuz["type"], soyuz["kind"]) == ("scatter", "Planned, date passed unconfirmed")
    # A film's shoot comes from its claims: Edge of Tomorrow 2's late-2026 shoot.
    eot = next(m for m in marks if m["title"] == "Edge of Tomorrow 2: shoot")
    assert (eot["type"], eot["start"], eot["end"], eot["kind"]) == (
        "bar",
        dt.date(2026, 10, 1),
        dt.date(2027, 1, 1),
        "Planned",
    )
    assert eot["ids"] == "edge-of-tomorrow-2"
    assert "date inferred: " in eot["more"]
    digger = next(m for m in marks if m["title"] == "Digger: release")
    assert digger["kind"] == "Planned, date passed unconfirmed"


def test_chronicle_counts_undated_events_and_its_budget() -> None:
    slate = resolved({"sources": [{"id": "s", "name": "S", "published": "2025", "note": "N."}]})
    happenings = [
        Happening(f"e{i}", f"E{i}", FD(f"20{17 + i % 9}-0{1 + i % 9}"), (), Certainty.CONFIRMED,
                  Outcome.HAPPENED, ("s",), False)
        for i in range(200)
    ] + [Happening("u", "No date", FD(""), (), Certainty.CONFIRMED, Outcome.HAPPENED, ("s",),
                   False)]  # fmt: skip
    fig = chronicle(happenings, slate, AS_OF, max_rows=150)
    assert len(_titles(fig)) == 150
    assert len(fig.data) <= 4
    notes = [a.text for a in fig.layout.annotations if not a.name]
    assert "1 event with no date, not drawn; 50 more events past the first 150, not drawn" in notes


@pytest.mark.parametrize("whole", [False, True])
def test_gantt_of_a_large_slate_keeps_its_budget_and_stays_under_a_megabyte(whole: bool) -> None:
    from slate.charts import project_rows
    from slate.synthetic import synthetic_slate

    slate = synthetic_slate(3000, seed=11)
    frame = to_frame(slate, AS_OF)
    rows = project_rows(assess_day(Day.of(slate, AS_OF)))
    result = _gantt_with(slate, frame, whole, rows)
    assert len(result.rows) == 150
    assert result.omitted > 1000
    assert len(result.figure.to_json()) < 1_000_000
    # Handing in the day's rows changes nothing but the cost.
    again = _gantt_with(slate, frame, whole, None)
    assert again.figure.to_json() == result.figure.to_json()


def _gantt_with(slate: Slate, frame: pd.DataFrame, whole: bool, rows: object) -> GanttResult:
    day = Day.of(slate, AS_OF)
    return gantt(day.view, frame, AS_OF, assess_day(day), whole=whole, rows=rows)  # type: ignore[arg-type]


def test_hover_lines_fit_a_phone(seeds: GanttResult) -> None:
    # Plotly never wraps a hover label, so a line longer than a 390 px screen runs off it:
    # every line of data in a label is broken to fit, and says the same once read through.
    marks = _marks(seeds.figure)
    longest = max(
        len(re.sub(r"<[^>]+>", "", line))
        for mark in marks
        for text in mark["hover"]
        for line in text.split("<br>")
    )
    assert longest <= 44
    (space,) = [m for m in marks if m["ids"] == "untitled-space-film" and m["kind"] == "Stalled"]
    assert space["sources"] == "The 1987 Moscow trip, the grounded space film and the 2026 slate"


def _as_of_label(fig: go.Figure) -> Any:
    (label,) = [a for a in fig.layout.annotations if (a.text or "").startswith("As of ")]
    return label


def test_the_as_of_label_sits_on_the_roomier_side_of_its_line(seeds: GanttResult) -> None:
    # Near the right edge (a dozen films, months ahead) it reads leftwards; near the left
    # edge (an industry's slate, years ahead) rightwards: never cut by the plot's edge.
    assert _as_of_label(seeds.figure).xanchor == "right"
    slate = synthetic_slate(300, seed=3)
    industry = _gantt(slate)
    low, high = (dt.date.fromisoformat(d[:10]) for d in industry.figure.layout.xaxis.range)
    assert (AS_OF - low) / (high - low) < 0.5
    assert _as_of_label(industry.figure).xanchor == "left"

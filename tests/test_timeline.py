"""The timeline model as tables: a project's records in, the spans and markers a chart draws
out. What the sources say at each time, never today's status painted over a whole life."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from slate.dates import FuzzyDate
from slate.knowledge import Day
from slate.load import load_slate
from slate.models import Slate, Status
from slate.timeline import (
    VIEW_AHEAD_YEARS,
    Mark,
    Row,
    Span,
    event_rows,
    gaps,
    recent_view,
    status_history,
    upcoming_view,
    whole_view,
)
from tests.conftest import day_row, resolved

AS_OF = dt.date(2026, 11, 21)
FD = FuzzyDate.parse
D = dt.date
S = Status

SOURCES = [
    {"id": "old", "name": "Old report", "published": "2021-03", "note": "N."},
    {"id": "mid", "name": "Mid report", "published": "2023-36", "note": "N."},
    {"id": "new", "name": "New report", "published": "2025-06-10", "note": "N."},
]


def _slate(
    *projects: dict[str, Any],
    events: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> Slate:
    return resolved(
        {
            "sources": [*SOURCES, *sources],
            "projects": [
                {"title": p["id"].title(), "logline": "A film.", "sources": ["old"], **p}
                for p in projects
            ],
            "events": events or [],
        }
    )


def _row(slate: Slate, project_id: str, as_of: dt.date = AS_OF) -> Row:
    return day_row(slate, project_id, as_of)


def _spans(row: Row) -> list[tuple[str, dt.date | None, dt.date | None, bool]]:
    """Each bar as (kind, start, end, certain); a status carried on past its last news is
    "<status> since news"."""
    return [
        (f"{s.kind} since news" if s.since_news else str(s.kind), s.start, s.end, s.certain)
        for s in row.spans
    ]


def _markers(row: Row) -> list[tuple[str, dt.date]]:
    return [(str(m.kind), m.day) for m in row.markers]


@pytest.fixture(scope="module")
def seeds() -> Slate:
    return load_slate()


# --- The space film, as the three articles tell it -------------------------------------


def test_space_film_is_announced_from_2020_and_stalled_only_from_2025(seeds: Slate) -> None:
    row = _row(seeds, "untitled-space-film")
    assert _spans(row) == [
        # Announced some time in 2020 (hatched over the year), then known to be announced
        # until the 2025 reports; stalled some time in 2025, its last news c. Q4 2025, and
        # carried on, faded, to the as-of day: no source says work resumed.
        ("announced", D(2020, 1, 1), D(2021, 1, 1), False),
        ("announced", D(2021, 1, 1), D(2025, 1, 1), True),
        ("stalled", D(2025, 1, 1), D(2026, 1, 1), False),
        ("stalled since news", D(2026, 1, 1), AS_OF, True),
    ]
    stalled = row.spans[2]
    assert stalled.label == "2025 to last news c. Q4 2025"
    # One article reads the word in, the other states it: stated.
    assert stalled.note == "its start is known only as 2025"
    assert stalled.text == "Stalled · 2025"
    assert stalled.sources == (
        "The space film's hurdles",
        "The 1987 Moscow trip, the grounded space film and the 2026 slate",
    )
    # The spring 2021 article is the first to be known, so the first to say "announced".
    assert row.spans[0].sources[0] == 'Roscosmos\' "Challenge" races Cruise into orbit'
    assert row.spans[3].note == "Stalled when last reported; no source says work resumed"
    assert row.spans[3].text == "Stalled · no news since c. Q4 2025"
    assert row.subtitle == "Stalled"


def test_the_space_film_as_spring_2021_knew_it(seeds: Slate) -> None:
    as_of = D(2021, 7, 1)
    row = _row(seeds, "untitled-space-film", as_of)
    assert _spans(row) == [
        ("announced", D(2020, 1, 1), D(2021, 1, 1), False),
        ("announced", D(2021, 1, 1), D(2021, 6, 1), True),
        ("announced since news", D(2021, 6, 1), as_of, True),
    ]
    assert row.spans[0].sources == ('Roscosmos\' "Challenge" races Cruise into orbit',)
    # Not yet on that day's slate: projects first reported in 2025.
    assert Day.of(seeds, as_of).project("digger") is None


def test_an_inferred_status_says_so_on_its_bar_and_its_row(seeds: Slate) -> None:
    row = _row(seeds, "digger")
    assert row.subtitle == "Pre-production (inferred)"
    assert row.spans[0].note.startswith("its start is known only as c. Q4 2025; inferred: ")
    assert row.spans[0].text == "Pre-production (inferred) · c. Q4 2025"


def test_digger_release_day_passed_unconfirmed_is_its_own_marker(seeds: Slate) -> None:
    row = _row(seeds, "digger")
    assert _markers(row) == [("release-passed", D(2026, 10, 2))]
    assert row.markers[0].note == "passed; no source in this slate says it came out"
    before = _row(seeds, "digger", D(2026, 9, 1))
    assert _markers(before) == [("release-day", D(2026, 10, 2))]


def test_windows_are_windows_never_statuses(seeds: Slate) -> None:
    eot = _row(seeds, "edge-of-tomorrow-2")
    window = next(s for s in eot.spans if s.kind is Mark.FILMING_WINDOW)
    assert (window.start, window.end, window.label) == (D(2026, 10, 1), D(2027, 1, 1), "Q4 2026")
    broadsword = _row(seeds, "broadsword")
    release = next(s for s in broadsword.spans if s.kind is Mark.RELEASE_WINDOW)
    assert (release.start, release.end, release.label) == (
        D(2025, 1, 1),
        D(2027, 1, 1),
        "2025\u20132026",
    )
    assert Mark.RELEASE_WINDOW.label == "Release window"
    assert Mark.FILMING_WINDOW.label == "Filming window"


def test_released_film_ends_with_its_release(seeds: Slate) -> None:
    row = _row(seeds, "mission-impossible-the-final-reckoning")
    # Its release claim is the status; nothing after it, no separate window repeating it.
    assert _spans(row) == [("released", D(2025, 1, 1), D(2026, 1, 1), False)]


def test_the_1987_idea_shows_its_activity_and_when_it_was_called_abandoned(seeds: Slate) -> None:
    row = _row(seeds, "us-soviet-coproduction-1987")
    # Talked about in 1987; dropped at some point after (the article tells of an end some
    # years before Mission: Impossible): hatched over that span, then known to be over.
    assert _spans(row) == [
        ("rumored", D(1987, 1, 1), D(1988, 1, 1), False),
        ("abandoned", D(1988, 1, 1), D(2000, 1, 1), False),
        ("abandoned", D(2000, 1, 1), D(2026, 1, 1), True),
        ("abandoned since news", D(2026, 1, 1), AS_OF, True),
        ("activity", D(1987, 1, 1), D(1988, 1, 1), False),
    ]
    assert row.spans[1].label == "1987–1990s to last news c. Q4 2025"


def test_empty_decades_are_cut_from_the_whole_history(seeds: Slate) -> None:
    rows = [_row(seeds, p.id) for p in seeds.projects]
    view = whole_view(rows, AS_OF)
    # Nothing starts, ends or happens between the 1987 idea's end window and 2020.
    assert gaps(rows, view, AS_OF) == [
        (D(1989, 1, 1), D(1999, 1, 1)),
        (D(2001, 1, 1), D(2019, 1, 1)),
    ]
    assert gaps(rows, (D(2019, 1, 1), D(2028, 1, 1)), AS_OF) == []


# --- Small slates, one rule each -------------------------------------------------------

HISTORIES = [
    pytest.param(
        {
            "id": "twice",
            "status": "filming",
            "sources": ["old", "mid", "new"],
            "updates": [
                {"date": "2021-03", "source": "old", "status": "announced", "note": "N."},
                {"date": "2023-36", "source": "mid", "status": "pre_production", "note": "N."},
                {"date": "2025-06-10", "source": "new", "status": "filming", "note": "N."},
            ],
        },
        [
            ("announced", D(2021, 3, 1), D(2021, 4, 1), False),
            ("announced", D(2021, 4, 1), D(2023, 10, 1), True),
            ("pre_production", D(2023, 10, 1), D(2024, 1, 1), False),
            ("pre_production", D(2024, 1, 1), D(2025, 6, 10), True),
            # An exact day starts the status solid, and its last news is that day.
            ("filming", D(2025, 6, 10), D(2025, 6, 11), True),
            ("filming since news", D(2025, 6, 11), AS_OF, True),
        ],
        id="changed twice: three statuses",
    ),
    pytest.param(
        {
            "id": "same",
            "status": "paused",
            "sources": ["old", "mid"],
            "updates": [
                {"date": "2021-03", "source": "old", "status": "paused", "note": "N."},
                {"date": "2023-36", "source": "mid", "status": "paused", "note": "N."},
            ],
        },
        [
            ("paused", D(2021, 3, 1), D(2021, 4, 1), False),
            ("paused", D(2021, 4, 1), D(2024, 1, 1), True),
            ("paused since news", D(2024, 1, 1), AS_OF, True),
        ],
        id="the same status twice: one period to the last news",
    ),
    pytest.param(
        {"id": "bare", "status": "in_development", "sources": ["mid"]},
        [
            ("in_development", D(2023, 10, 1), D(2024, 1, 1), False),
            ("in_development since news", D(2024, 1, 1), AS_OF, True),
        ],
        id="no claims: the record's status, dated by its source",
    ),
    pytest.param(
        {"id": "ann", "status": "filming", "announced": "2019", "sources": ["mid"]},
        [
            ("announced", D(2019, 1, 1), D(2020, 1, 1), False),
            ("announced", D(2020, 1, 1), D(2023, 10, 1), True),
            ("filming", D(2023, 10, 1), D(2024, 1, 1), False),
            ("filming since news", D(2024, 1, 1), AS_OF, True),
        ],
        id="an announcement before the first claim starts the history",
    ),
    pytest.param(
        {"id": "nodate", "status": "rumored", "sources": []},
        [],
        id="no dated source: nothing to draw",
    ),
]


@pytest.mark.parametrize(("project", "expected"), HISTORIES)
def test_status_at_each_time(project: dict[str, Any], expected: list[Any]) -> None:
    if not project["sources"]:
        # A source with no date at all.
        slate = resolved(
            {
                "sources": [{"id": "x", "name": "X", "published": "", "note": "N."}],
                "projects": [{**project, "title": "T", "logline": "L.", "sources": ["x"]}],
            }
        )
    else:
        slate = _slate(project)
    assert _spans(_row(slate, project["id"])) == expected


def test_claims_not_yet_made_on_the_as_of_day_are_left_out() -> None:
    slate = _slate(HISTORIES[0].values[0])
    as_of = D(2022, 6, 1)
    project = Day.of(slate, as_of).project("twice")
    assert project is not None
    periods = status_history(project)
    assert [(p.status, str(p.since)) for p in periods] == [(S.ANNOUNCED, "2021-03")]
    assert _spans(_row(slate, "twice", as_of)) == [
        ("announced", D(2021, 3, 1), D(2021, 4, 1), False),
        ("announced since news", D(2021, 4, 1), as_of, True),
    ]


def test_a_claim_dated_before_its_source_tells_its_status_from_then_once_known() -> None:
    # A December report that the film opened on 2 October: released from 2 October, on
    # every day from the report's publication on; before that, still in pre-production.
    slate = _slate(
        {
            "id": "film",
            "sources": ["mid", "dec"],
            "updates": [
                {"source": "mid", "status": "pre_production", "release": "2025-10-02",
                 "note": "N."},
                {
                    "date": "2025-10-02", "source": "dec", "status": "released",
                    "release": "2025-10-02", "note": "Opened.",
                },
            ],
        },
        sources=[{"id": "dec", "name": "December report", "published": "2025-12-07", "note": "N."}],
    )  # fmt: skip
    after = _row(slate, "film", D(2025, 12, 20))
    assert _spans(after)[-1] == ("released", D(2025, 10, 2), D(2025, 10, 3), True)
    assert _markers(after) == [("release-day", D(2025, 10, 2))]
    before = _row(slate, "film", D(2025, 11, 1))
    assert [k for k, *_ in _spans(before)][-1] == "pre_production since news"
    assert _markers(before) == [("release-passed", D(2025, 10, 2))]


def test_a_slipped_release_keeps_the_earlier_date_as_superseded() -> None:
    slate = _slate(
        {
            "id": "slip",
            "status": "post_production",
            "release": "2027-05",
            "sources": ["mid", "new"],
            "updates": [
                {"date": "2023-36", "source": "mid", "release": "2026-36", "note": "N."},
                {"date": "2025-06-10", "source": "new", "release": "2027-05", "note": "N."},
            ],
        }
    )
    row = _row(slate, "slip")
    superseded = [s for s in row.spans if s.kind is Mark.SUPERSEDED]
    assert [(s.start, s.end, s.label, s.sources) for s in superseded] == [
        (D(2026, 10, 1), D(2027, 1, 1), "release Q4 2026", ("Mid report",))
    ]
    assert superseded[0].note == "claimed Q4 2023; moved to May 2027 (New report, 10 Jun 2025)"
    current = next(s for s in row.spans if s.kind is Mark.RELEASE_WINDOW)
    assert (current.start, current.sources) == (D(2027, 5, 1), ("New report",))


def test_events_are_happened_planned_called_off_or_passed_unconfirmed() -> None:
    slate = resolved(
        {
            "sources": [*SOURCES],
            "projects": [
                {"id": "p", "title": "P", "logline": "L.", "status": "announced",
                 "sources": ["old"]}
            ],
            "events": [
                {"date": "2024-05-01", "title": "Done", "sources": ["old"]},
                {"date": "2025", "title": "Plan passed", "planned": True, "sources": ["old"]},
                {"date": "2027-36", "title": "Plan ahead", "planned": True, "sources": ["old"]},
                {"date": "", "title": "No date", "sources": ["old"]},
                {"date": "2023", "title": "Maybe", "certainty": "rumored", "sources": ["old"]},
                {
                    "id": "launch", "date": "2024-03", "title": "Launch", "planned": True,
                    "sources": ["old"],
                },
                {"id": "shoot", "date": "2024", "title": "Shoot", "planned": True,
                 "sources": ["old"]},
            ],
            "event_updates": [
                {
                    "event": "launch", "source": "new", "outcome": "happened", "on": "2024-04-02",
                    "date": "2024-04-02", "note": "It went up a month late.",
                },
                {"event": "shoot", "source": "mid", "outcome": "called_off", "note": "Dropped."},
            ],
        }
    )  # fmt: skip
    rows = event_rows(Day.of(slate, AS_OF).happenings, slate)
    assert [(r.title, _spans(r), _markers(r)) for r in rows] == [
        ("Maybe (rumored)", [("happened", D(2023, 1, 1), D(2024, 1, 1), False)], []),
        ("Shoot", [("called-off", D(2024, 1, 1), D(2025, 1, 1), False)], []),
        ("Launch", [], [("happened", D(2024, 4, 2))]),
        ("Done", [], [("happened", D(2024, 5, 1))]),
        ("Plan passed", [("planned-passed", D(2025, 1, 1), D(2026, 1, 1), False)], []),
        ("Plan ahead", [("planned", D(2027, 10, 1), D(2028, 1, 1), False)], []),
    ]
    assert rows[2].markers[0].note == (
        "moved from Mar 2024 to 2 Apr 2024 (New report, 10 Jun 2025); "
        "happened (New report, 10 Jun 2025)"
    )
    assert rows[4].spans[0].note == "the date passed and no source says it happened"
    # Before the later reports were out, both were still plans.
    before = {h.title: h for h in Day.of(slate, D(2023, 12, 1)).happenings}
    assert (before["Launch"].outcome, before["Launch"].date) == ("planned", FD("2024-03"))
    assert before["Shoot"].outcome == "planned"


# --- Views ------------------------------------------------------------------------------


def test_upcoming_view_runs_from_before_the_as_of_date_to_the_last_upcoming_date(
    seeds: Slate,
) -> None:
    rows = [_row(seeds, p.id) for p in seeds.projects]
    low, high = upcoming_view(rows, AS_OF)
    assert low == AS_OF - dt.timedelta(days=183)
    # The last upcoming dates end with 2026 (Edge of Tomorrow 2's shoot, Broadsword's
    # window), so the view reaches into 2027: that last day, and a month's margin.
    assert (low.year, high.year) == (2026, 2027)
    assert high == D(2027, 1, 1) + dt.timedelta(days=31)
    whole = whole_view(rows, AS_OF)
    assert whole[0] < D(1987, 1, 1) and whole[1] > AS_OF
    recent = recent_view(event_rows(Day.of(seeds, AS_OF).happenings, seeds), AS_OF)
    assert D(2016, 1, 1) < recent[0] < D(2020, 1, 1)


def test_within_keeps_only_what_touches_the_view(seeds: Slate) -> None:
    row = _row(seeds, "untitled-space-film").within(D(2026, 6, 1), D(2027, 3, 1))
    assert _spans(row) == [("stalled since news", D(2026, 1, 1), AS_OF, True)]
    assert not _row(seeds, "mission-impossible-the-final-reckoning").within(
        D(2026, 6, 1), D(2027, 3, 1)
    )


def test_a_far_off_window_does_not_squeeze_the_upcoming_view(seeds: Slate) -> None:
    # An industry's slate has shoots "in the 2030s": the first view still shows the coming
    # months, and the whole history has the rest.
    rows = [_row(seeds, p.id) for p in seeds.projects]
    far = replace(
        rows[0],
        spans=(Span(Mark.FILMING_WINDOW, D(2030, 1, 1), D(2040, 1, 1), False, "2030s", ()),),
    )
    _, high = upcoming_view([*rows, far], AS_OF)
    assert high == AS_OF + dt.timedelta(days=round(365.25 * VIEW_AHEAD_YEARS) + 31)
    assert whole_view([*rows, far], AS_OF)[1] >= D(2040, 1, 1)

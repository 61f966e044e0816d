"""The timeline model as tables: a project's records in, the spans and markers a chart draws
out. What the sources say at each time, never today's status painted over a whole life."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from slate.load import load_slate
from slate.models import Slate, Status
from slate.timeline import (
    VIEW_AHEAD_YEARS,
    Mark,
    Row,
    Span,
    event_rows,
    project_row,
    recent_view,
    status_history,
    upcoming_view,
    whole_view,
)

AS_OF = dt.date(2026, 11, 21)
D = dt.date
S = Status

SOURCES = [
    {"id": "old", "name": "Old report", "published": "2021-03", "note": "N."},
    {"id": "mid", "name": "Mid report", "published": "2023-36", "note": "N."},
    {"id": "new", "name": "New report", "published": "2025-06-10", "note": "N."},
]


def _slate(*projects: dict[str, Any], events: list[dict[str, Any]] | None = None) -> Slate:
    return Slate.model_validate(
        {
            "sources": SOURCES,
            "projects": [
                {"title": p["id"].title(), "logline": "A film.", "sources": ["old"], **p}
                for p in projects
            ],
            "events": events or [],
        }
    )


def _row(slate: Slate, project_id: str, as_of: dt.date = AS_OF) -> Row:
    project = slate.project(project_id)
    return project_row(project, slate, slate.assess(project, as_of))


def _spans(row: Row) -> list[tuple[str, dt.date | None, dt.date | None, bool]]:
    return [(str(s.kind), s.start, s.end, s.certain) for s in row.spans]


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
        # until the 2025 reports; stalled some time in 2025, its last news c. Q4 2025.
        ("announced", D(2020, 1, 1), D(2021, 1, 1), False),
        ("announced", D(2021, 1, 1), D(2025, 1, 1), True),
        ("stalled", D(2025, 1, 1), D(2026, 1, 1), False),
        ("stopped", D(2026, 1, 1), AS_OF, True),
        # The filming plan read off the 2021 article's flight, passed without a shoot.
        ("filming-window", D(2021, 1, 1), D(2022, 1, 1), False),
    ]
    stalled = row.spans[2]
    assert stalled.label == "2025 to last news c. Q4 2025"
    assert stalled.note == "its start is known only as 2025"
    assert stalled.sources == (
        "Why the space film stalled",
        "The 1987 Moscow trip, the grounded space film and the 2026 slate",
    )
    assert row.spans[0].sources[0] == "Why the space film stalled"
    assert row.spans[3].note == "Stalled when last reported; nothing reported since"
    assert row.spans[4].note == "passed; no source says the shoot happened"
    assert row.subtitle == "Stalled"


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
    # The article (c. Q4 2025) tells of an end some time after the 1987 trip, in the
    # years before Mission: Impossible: hatched over that span, then known to be over.
    assert _spans(row) == [
        ("abandoned", D(1987, 1, 1), D(2000, 1, 1), False),
        ("abandoned", D(2000, 1, 1), D(2026, 1, 1), True),
        ("stopped", D(2026, 1, 1), AS_OF, True),
        ("activity", D(1987, 1, 1), D(1988, 1, 1), False),
    ]
    assert row.spans[0].label == "1987–1990s to last news c. Q4 2025"


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
            ("silent", D(2025, 6, 11), AS_OF, True),
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
            ("stopped", D(2024, 1, 1), AS_OF, True),
        ],
        id="the same status twice: one period to the last news",
    ),
    pytest.param(
        {"id": "bare", "status": "in_development", "sources": ["mid"]},
        [
            ("in_development", D(2023, 10, 1), D(2024, 1, 1), False),
            ("silent", D(2024, 1, 1), AS_OF, True),
        ],
        id="no claims: the record's status, dated by its source",
    ),
    pytest.param(
        {"id": "ann", "status": "filming", "announced": "2019", "sources": ["mid"]},
        [
            ("announced", D(2019, 1, 1), D(2020, 1, 1), False),
            ("announced", D(2020, 1, 1), D(2023, 10, 1), True),
            ("filming", D(2023, 10, 1), D(2024, 1, 1), False),
            ("silent", D(2024, 1, 1), AS_OF, True),
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
        slate = Slate.model_validate(
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
    project = slate.project("twice")
    as_of = D(2022, 6, 1)
    periods = status_history(project, slate, slate.assess(project, as_of))
    assert [(p.status, str(p.since)) for p in periods] == [(S.ANNOUNCED, "2021-03")]
    assert _spans(_row(slate, "twice", as_of)) == [
        ("announced", D(2021, 3, 1), D(2021, 4, 1), False),
        ("silent", D(2021, 4, 1), as_of, True),
    ]


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
    assert superseded[0].note == "claimed Q4 2023; a later claim gives May 2027"
    current = next(s for s in row.spans if s.kind is Mark.RELEASE_WINDOW)
    assert (current.start, current.sources) == (D(2027, 5, 1), ("New report",))


def test_events_are_happened_planned_or_passed_unconfirmed() -> None:
    slate = _slate(
        {"id": "p", "status": "announced"},
        events=[
            {"date": "2024-05-01", "title": "Done", "sources": ["old"]},
            {"date": "2025", "title": "Plan passed", "planned": True, "sources": ["old"]},
            {"date": "2027-36", "title": "Plan ahead", "planned": True, "sources": ["old"]},
            {"date": "", "title": "No date", "sources": ["old"]},
            {"date": "2023", "title": "Maybe", "certainty": "rumored", "sources": ["old"]},
        ],
    )
    rows = event_rows(slate.events, slate, AS_OF)
    assert [(r.title, _spans(r), _markers(r)) for r in rows] == [
        ("Maybe (rumored)", [("happened", D(2023, 1, 1), D(2024, 1, 1), False)], []),
        ("Done", [], [("happened", D(2024, 5, 1))]),
        ("Plan passed", [("planned-passed", D(2025, 1, 1), D(2026, 1, 1), False)], []),
        ("Plan ahead", [("planned", D(2027, 10, 1), D(2028, 1, 1), False)], []),
    ]
    assert rows[2].spans[0].note == "planned; the date passed and no source says it happened"


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
    recent = recent_view(event_rows(seeds.events, seeds, AS_OF), AS_OF)
    assert D(2016, 1, 1) < recent[0] < D(2020, 1, 1)


def test_within_keeps_only_what_touches_the_view(seeds: Slate) -> None:
    row = _row(seeds, "untitled-space-film").within(D(2026, 6, 1), D(2027, 3, 1))
    assert _spans(row) == [("stopped", D(2026, 1, 1), AS_OF, True)]
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

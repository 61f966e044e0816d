"""The two clocks' rules, one case each: what a claim speaks for, what counts as a
disagreement, what a report may say, and how events and shoots are told on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from slate.claims import claim_problems
from slate.knowledge import Day, disputes, said_of
from slate.models import Outcome, Slate, Status
from tests.conftest import resolved

D = dt.date


def _source(sid: str, published: str) -> dict[str, str]:
    return {"id": sid, "name": sid.upper(), "published": published, "note": "N."}


def _claim(source: str, date: str = "", **said: Any) -> dict[str, Any]:
    return {"source": source, **({"date": date} if date else {}), "note": "N.", **said}


def _slate(sources: list[dict[str, str]], updates: list[dict[str, Any]], **more: Any) -> Slate:
    project = {
        "id": "p", "title": "P", "logline": "L.", "sources": [s["id"] for s in sources],
        "updates": updates, **more.pop("project", {}),
    }  # fmt: skip
    return resolved({"sources": sources, "projects": [project], **more})


def _disputed(slate: Slate) -> list[str]:
    project = slate.project("p")
    return [d.field for d in disputes(said_of(project.updates, slate.sources_by_id))]


# --- What a claim speaks for -------------------------------------------------------------


def test_a_claim_dated_to_a_window_speaks_no_later_than_its_article() -> None:
    # "announced in 2021" in an article of 1 March 2021, then "filming" in September: the
    # news moved on, and the status is filming, not a disagreement about 2021.
    slate = _slate(
        [_source("a", "2021-03-01"), _source("b", "2021-09-01")],
        [_claim("a", "2021", status="announced"), _claim("b", status="filming")],
    )
    assert _disputed(slate) == []
    assert slate.project("p").status is Status.FILMING
    assert Day.of(slate, D(2021, 10, 1)).project("p").status is Status.FILMING  # type: ignore[union-attr]


AGREE = [
    pytest.param("2026-10", "2026-10-02", [], id="a day within a month: one more precise"),
    pytest.param("2026-10-02", "2026-10-09", ["release"], id="two days: they disagree"),
    pytest.param("2026-36", "2027", ["release"], id="two windows apart: they disagree"),
]


@pytest.mark.parametrize(("first", "second", "expected"), AGREE)
def test_dates_that_say_the_same_more_or_less_precisely_agree(
    first: str, second: str, expected: list[str]
) -> None:
    # Two articles of the same day: they speak for the same time.
    slate = _slate(
        [_source("a", "2025-12-01"), _source("b", "2025-12-01")],
        [
            _claim("a", status="announced", release=first),
            _claim("b", status="announced", release=second),
        ],
    )
    assert _disputed(slate) == expected


def test_a_credit_is_one_person_however_its_name_is_accented() -> None:
    slate = _slate(
        [_source("a", "2025-12-01"), _source("b", "2025-12-01")],
        [
            _claim("a", status="announced", cast=[{"name": "Zoë Kravitz", "certainty": "rumored"}]),
            _claim("b", status="announced", cast=[{"name": "Zoe Kravitz"}]),
        ],
    )
    assert _disputed(slate) == ["cast: Zoë Kravitz"]
    assert [c.name for c in slate.project("p").cast] == ["Zoe Kravitz"]


# --- What a report may say ---------------------------------------------------------------


def _report_problems(slate_data: dict[str, Any], claims: list[dict[str, Any]]) -> list[str]:
    slate = Slate.model_validate({**slate_data, "updates": claims})
    return [f"{'.'.join(map(str, loc))}: {message}" for loc, message in claim_problems(slate)]


CANCELLED_ON_RECORD = {
    "sources": [_source("old", "2020-06-01"), _source("new", "2023-01-10")],
    "projects": [
        {"id": "p", "title": "P", "logline": "L.", "status": "cancelled", "sources": ["old"]}
    ],
}


def test_a_release_for_a_project_its_record_calls_cancelled_is_refused() -> None:
    found = _report_problems(
        CANCELLED_ON_RECORD, [_claim("new", project="p", release="2023-06-01")]
    )
    assert found == [
        "updates.0.release: a release date for a project cancelled by then; give its new "
        "status in the same claim if it is back"
    ]


def test_a_report_is_judged_the_same_whatever_order_the_files_are_read_in() -> None:
    data = {
        "sources": [_source("mid", "2022-03-01"), _source("late", "2025-01-01")],
        "projects": [
            {"id": "p", "title": "P", "logline": "L.", "status": "announced", "sources": ["mid"]}
        ],
    }
    release = _claim("mid", project="p", release="2023")
    # Published later, it says the project was cancelled before the release claim's article.
    cancel = _claim("late", "2021-05", project="p", status="cancelled")
    assert _report_problems(data, [release, cancel]) == []
    assert _report_problems(data, [cancel, release]) == []


# --- On a day before later news ----------------------------------------------------------


def test_an_announcement_a_later_source_dates_earlier_is_not_known_before_it() -> None:
    slate = _slate(
        [_source("a", "2021-03-01"), _source("b", "2025-01-01")],
        [_claim("a", status="announced"), _claim("b", "2019", status="announced")],
    )
    assert str(slate.project("p").announced) == "2019"
    early = Day.of(slate, D(2022, 1, 1)).project("p")
    assert early is not None and str(early.announced) == "2021-03-01"


# --- Events, releases and shoots ---------------------------------------------------------


def test_from_today_every_source_counts_for_events_too() -> None:
    # A source dated only to this month is in the data: it is out, and so is its event.
    slate = _slate(
        [_source("m", "2026-12")],
        [_claim("m", status="filming")],
        events=[{"date": "2026-11", "title": "Trip", "projects": ["p"], "sources": ["m"]}],
    )
    today = D(2026, 12, 7)
    happened = {h.title: h.outcome for h in Day.of(slate, today, today).happenings}
    assert happened["Trip"] is Outcome.HAPPENED
    assert "Trip" not in {h.title for h in Day.of(slate, D(2026, 12, 6), today).happenings}


def test_an_older_sources_word_on_an_event_does_not_undo_a_newer_record() -> None:
    slate = _slate(
        [_source("old", "2021-09-01"), _source("new", "2022-01-10")],
        [_claim("new", status="announced")],
        events=[
            {"id": "e", "date": "2021-12", "title": "Launch", "projects": ["p"],
             "sources": ["new"]},
        ],
        event_updates=[
            {"event": "e", "source": "old", "outcome": "planned", "note": "Still to come."}
        ],
    )  # fmt: skip
    (launch,) = [h for h in Day.of(slate, D(2023, 1, 1)).happenings if h.title == "Launch"]
    assert (launch.outcome, launch.passed) == (Outcome.HAPPENED, False)


def test_a_shoot_years_ago_does_not_make_a_later_one_happen() -> None:
    slate = _slate(
        [_source("a", "2019-06-01"), _source("b", "2024-03-01")],
        [
            _claim("a", status="filming", filming="2019"),
            _claim("b", status="pre_production", filming="2027-03"),
        ],
    )
    (shoot,) = [h for h in Day.of(slate, D(2025, 1, 1)).happenings if h.title == "P: shoot"]
    assert (shoot.outcome, str(shoot.date)) == (Outcome.PLANNED, "2027-03")

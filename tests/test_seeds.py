"""The built-in slate says what the articles say: a curation regression fails here by value."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from slate.load import load_slate
from slate.models import Certainty, Slate, Status
from tests.conftest import ROOT, SEEDS

AS_OF = dt.date(2026, 11, 21)
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"
EVIDENCE = ROOT.parent / "shared" / "sources"

REQUIRED_IDS = [
    "digger",
    "edge-of-tomorrow-2",
    "top-gun-3",
    "days-of-thunder-2",
    "broadsword",
    "deeper",
    "les-grossman",
    "mission-impossible-the-final-reckoning",
    "mission-impossible-7",
    "untitled-space-film",
    "us-soviet-coproduction-1987",
    "challenge",
]

# The status each project's newest source reports.
STATUSES = {
    "untitled-space-film": Status.STALLED,
    "us-soviet-coproduction-1987": Status.ABANDONED,
    "deeper": Status.PAUSED,
    "broadsword": Status.PAUSED,
    # Director, six cast, a studio and a release day, listed as what Cruise shoots next.
    "digger": Status.PRE_PRODUCTION,
    "edge-of-tomorrow-2": Status.PRE_PRODUCTION,  # "production is slated" for late 2026
    "top-gun-3": Status.IN_DEVELOPMENT,
    "les-grossman": Status.IN_DEVELOPMENT,
    "days-of-thunder-2": Status.RUMORED,
    "mission-impossible-the-final-reckoning": Status.RELEASED,
    "mission-impossible-7": Status.FILMING,
    "challenge": Status.PRE_PRODUCTION,
}


@pytest.fixture(scope="module")
def seeds() -> Slate:
    return load_slate(SEEDS)


@pytest.mark.parametrize("project_id", REQUIRED_IDS)
def test_required_project_exists(seeds: Slate, project_id: str) -> None:
    assert seeds.project(project_id).id == project_id


@pytest.mark.parametrize(("project_id", "status"), STATUSES.items())
def test_status_is_the_reported_one(seeds: Slate, project_id: str, status: Status) -> None:
    project = seeds.project(project_id)
    assert project.status is status
    # The top-level status is the newest dated claim's, where an update states one.
    stated = [u for u in project.updates if u.status is not None]
    if stated:
        newest = max(stated, key=lambda u: u.date.sort_key())
        assert newest.status is status


def test_challenge_raced_the_space_film(seeds: Slate) -> None:
    challenge = seeds.project("challenge")
    assert challenge.rival_of == "untitled-space-film"
    assert [d.name for d in challenge.directors] == ["Klim Shipenko"]


def test_space_film_history_spans_2020_to_2025_from_several_sources(seeds: Slate) -> None:
    space = seeds.project("untitled-space-film")
    years = [u.date.earliest.year for u in space.updates if u.date.earliest]
    assert min(years) == 2020 and max(years) == 2025
    assert len({u.source for u in space.updates}) > 1
    stated = [u.status for u in space.updates if u.status]
    assert (stated[0], stated[-1]) == (Status.ANNOUNCED, Status.STALLED)
    assert [u.date.sort_key() for u in space.updates] == sorted(
        u.date.sort_key() for u in space.updates
    ), "updates are kept oldest first"
    assert [d.name for d in space.directors] == ["Doug Liman"]
    assert str(space.announced) == "2020"


def test_peresild_is_spelled_right_with_the_articles_misspelling_as_alias(seeds: Slate) -> None:
    (actress,) = seeds.project("challenge").cast
    assert actress.name == "Yulia Peresild"
    assert actress.aliases == ["Yulia Pereslid"]


def test_digger_release_and_its_flag_as_of_today(seeds: Slate) -> None:
    digger = seeds.project("digger")
    assert str(digger.release) == "2026-10-02"
    assert [d.name for d in digger.directors] == ["Alejandro G. Iñárritu"]
    assert digger.studio == "Warner Bros."
    assessment = seeds.assess(digger, AS_OF)
    assert assessment.release_passed_unconfirmed
    assert assessment.days_past_release == 50
    assert assessment.flags[0] == "Release date passed 50 days ago without a confirming source"
    before = seeds.assess(digger, dt.date(2026, 10, 1))
    assert not before.release_passed_unconfirmed


def test_released_film_is_not_flagged(seeds: Slate) -> None:
    reckoning = seeds.project("mission-impossible-the-final-reckoning")
    assert str(reckoning.release) == "2025"
    assert not seeds.assess(reckoning, AS_OF).release_passed_unconfirmed


def test_credits_keep_their_hedges(seeds: Slate) -> None:
    eot2 = seeds.project("edge-of-tomorrow-2")
    assert [(d.name, d.certainty) for d in eot2.directors] == [("Doug Liman", Certainty.RUMORED)]
    assert ("Emily Blunt", Certainty.RUMORED) in [(c.name, c.certainty) for c in eot2.cast]
    assert str(seeds.project("broadsword").release) == "2025/2026"
    assert seeds.project("deeper").release.is_unknown


def test_every_source_has_an_approximate_published_date(seeds: Slate) -> None:
    # No article prints its date: each is inferred, so none may claim an exact day.
    assert len(seeds.sources) == 3
    for source in seeds.sources:
        assert not source.published.is_unknown, source.id
        assert not source.published.is_exact_day, source.id
        assert source.note and source.file, source.id
        assert (EVIDENCE / source.file).is_file(), source.file
    published = {s.id: str(s.published) for s in seeds.sources}
    assert published == {
        "space-film-stall-2025": "2025",
        "moscow-1987-slate-2025": "2025-36~",
        "challenge-race-2021": "2021-21",
    }


def test_every_project_and_event_cites_a_known_source(seeds: Slate) -> None:
    known = {s.id for s in seeds.sources}
    for project in seeds.projects:
        assert project.sources and set(project.sources) <= known, project.id
        assert {u.source for u in project.updates} <= set(project.sources), project.id
    for event in seeds.events:
        assert event.sources and set(event.sources) <= known, event.title
    cited = {sid for p in seeds.projects for sid in p.sources}
    assert cited == known, "every source is cited by some project"


def test_events_run_from_1987_to_2026(seeds: Slate) -> None:
    years = {e.date.earliest.year for e in seeds.events if e.date.earliest}
    assert {1987, 2026} <= years
    assert min(years) == 1987
    planned = [e for e in seeds.events if e.planned]
    assert "Digger opens" in [e.title for e in planned]
    (opening,) = [e for e in seeds.events if e.title == "Digger opens"]
    assert str(opening.date) == "2026-10-02" and opening.projects == ["digger"]


def _cites(seeds: Slate, title_start: str) -> list[str]:
    (event,) = [e for e in seeds.events if e.title.startswith(title_start)]
    return event.sources


def test_each_claim_cites_only_the_article_that_makes_it(seeds: Slate) -> None:
    # The tweet is in the 2025 insider piece; the "future engineers" remark in the feature.
    assert _cites(seeds, "NASA chief Jim Bridenstine tweets") == ["space-film-stall-2025"]
    assert _cites(seeds, "Bridenstine cheers the plan") == ["moscow-1987-slate-2025"]
    assert _cites(seeds, "Insiders say NASA") == ["space-film-stall-2025"]
    assert _cites(seeds, "Elon Musk calls") == ["moscow-1987-slate-2025"]
    space = seeds.project("untitled-space-film")
    parties = {p.name: p for p in space.parties}
    assert "engineers" not in parties["Jim Bridenstine"].role
    assert parties["International Space Station"].sources == ["space-film-stall-2025"]
    # The filming date is ours, read off the 2021 article's flight date, and says so.
    (filming,) = [u for u in space.updates if u.filming is not None]
    assert (filming.source, str(filming.filming)) == ("challenge-race-2021", "2021~")
    assert "our inference" in filming.note
    assert str(space.filming) == "2021~"


def test_sources_are_not_named_for_the_outlets_they_quote(seeds: Slate) -> None:
    quoted = {"Page Six", "TotalNews", "slashfilm", "TMZ"}
    for source in seeds.sources:
        # None of the three texts names its publisher.
        assert source.outlet is None and source.outlet_label == "unnamed outlet", source.id
        assert not any(outlet in source.name for outlet in quoted), source.name
        assert "outlet the text does not name" in source.note, source.id
    cites = {s.id: set(s.cites) for s in seeds.sources}
    assert {"Page Six", "TotalNews"} <= cites["space-film-stall-2025"]
    assert {"slashfilm", "TMZ"} <= cites["challenge-race-2021"]


# Words a status definition may not use unless a source says so for every project with it.
UNSUPPORTED = {Status.PAUSED: ("resume", "makers"), Status.STALLED: ("outside",)}


@pytest.mark.parametrize(("status", "words"), UNSUPPORTED.items())
def test_status_definitions_claim_no_more_than_the_sources(status: Status, words: tuple[str, ...]):
    assert not any(word in status.definition for word in words), status.definition


def test_no_project_carries_a_status_its_record_contradicts(seeds: Slate) -> None:
    for project in seeds.projects:
        if project.status is Status.ANNOUNCED:
            # "no development work reported yet": no director, cast beyond the lead, or date.
            assert not project.directors and not project.release, project.id
        if project.status is Status.RUMORED:
            assert not project.directors, project.id


def test_no_prose_is_copied_from_the_articles() -> None:
    if not COPYCHECK.is_file():
        pytest.fail(f"{COPYCHECK} is missing: it ships in shared/tools beside the repo (and in CI)")
    done = subprocess.run(
        [sys.executable, str(COPYCHECK)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, "copied runs (rewrite them in your own words):\n" + done.stdout

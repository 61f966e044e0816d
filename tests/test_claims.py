"""Reports: a new article is one new file of claims, merged into the projects it names,
with nothing earlier overwritten and every problem at its place."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slate.assess import assess
from slate.knowledge import Day
from slate.load import SlateError, load_slate
from slate.models import Certainty, Slate, Status
from slate.query import disagreements, to_frame
from slate.report import ID_CHARS, file_name, suggest_id
from slate.store import name_problem
from tests.conftest import SEEDS, VALID, MakeFolder, day_row

AS_OF = dt.date(2026, 12, 2)
SLUG = re.compile(Slate.model_json_schema()["$defs"]["Source"]["properties"]["id"]["pattern"])

# The journalist's case: a new article about Top Gun 3, in a file of its own.
TOP_GUN_REPORT = """\
sources:
  - id: trade-topgun-2026
    name: Top Gun 3 gets a date
    outlet: Trade Daily
    headline: Paramount dates the third Top Gun
    url: https://trade.example/top-gun-3
    published: "2026-11-20"
    note: A trade report that Top Gun 3 is set to shoot in 2027 for a 2028 release.
updates:
  - project: top-gun-3
    date: "2026-11-20"
    source: trade-topgun-2026
    status: pre_production
    release: "2028-36"
    filming: "2027"
    cast:
      - name: Miles Teller
        certainty: reported
    directors:
      - name: Joseph Kosinski
        role: developing the film
    note: Set to shoot in 2027 for late 2028, with Kosinski now confirmed.
"""


@pytest.fixture
def seeds_with(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(**files: str) -> Path:
        folder = tmp_path / "seeds"
        shutil.copytree(SEEDS, folder)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    return make


def test_a_report_changes_the_current_picture_and_keeps_the_history(seeds_with) -> None:  # type: ignore[no-untyped-def]
    before = load_slate(SEEDS).project("top-gun-3")
    after_slate = load_slate(seeds_with(**{"2026-11-20-trade-topgun-2026.yaml": TOP_GUN_REPORT}))
    after = after_slate.project("top-gun-3")
    assert (before.status, after.status) == (Status.IN_DEVELOPMENT, Status.PRE_PRODUCTION)
    assert (str(before.release), str(after.release)) == ("", "2028-36")
    assert str(after.filming) == "2027"
    # The old claim is still there, oldest first, and the new source is cited.
    assert [(str(u.date), u.source) for u in after.updates] == [
        ("2025-36~", "moscow-1987-slate-2025"),
        ("2026-11-20", "trade-topgun-2026"),
    ]
    assert after.sources == ["moscow-1987-slate-2025", "trade-topgun-2026"]
    # A credit named again takes the newer certainty; a new one is added with its source.
    assert [(c.name, c.certainty) for c in after.directors] == [
        ("Joseph Kosinski", Certainty.CONFIRMED)
    ]
    assert [(c.name, c.certainty, c.sources) for c in after.cast] == [
        ("Tom Cruise", Certainty.REPORTED, []),
        ("Miles Teller", Certainty.REPORTED, ["trade-topgun-2026"]),
    ]
    row = to_frame(after_slate, AS_OF).set_index("id").loc["top-gun-3"]
    assert (row["status_label"], row["release_label"]) == ("Pre-production", "Q4 2028")
    assert "Top Gun 3 gets a date" in row["source_names"]
    # The Timeline tells both claims: in development from c. Q4 2025, then pre-production.
    timeline = day_row(after_slate, "top-gun-3", AS_OF)
    statuses = [
        (str(s.kind), s.start)
        for s in timeline.spans
        if isinstance(s.kind, Status) and not s.since_news
    ]
    assert statuses[0] == ("in_development", dt.date(2025, 10, 1))
    assert statuses[-1] == ("pre_production", dt.date(2026, 11, 20))


def test_an_older_claim_does_not_override_a_newer_one(seeds_with) -> None:  # type: ignore[no-untyped-def]
    report = """\
updates:
  - project: broadsword
    date: "2025-21"
    source: space-film-hurdles-2025
    status: filming
    note: An older claim, filed late.
"""
    slate = load_slate(seeds_with(**{"late.yaml": report}))
    broadsword = slate.project("broadsword")
    # The record's claim holds for c. Q4 2025, later than spring 2025: it stands.
    assert broadsword.status is Status.IN_DEVELOPMENT
    assert [str(u.date) for u in broadsword.updates] == ["2025-21", "2025-36~"]
    # But the 2025 article, which may be as late as December, still held "filming" when it
    # went to print: the two may speak of the same months, and that is flagged.
    flags = _assessed(slate, "broadsword", AS_OF).flags
    assert flags[0].startswith("Sources disagree on its status (")


def _assessed(slate, project_id, as_of):  # type: ignore[no-untyped-def]
    view = Day.of(slate, as_of).view
    return assess(view, view.project(project_id), as_of)


def test_one_sources_two_values_for_the_same_date_are_flagged_not_settled(seeds_with) -> None:  # type: ignore[no-untyped-def]
    report = """\
updates:
  - project: broadsword
    date: "2025-36~"
    source: moscow-1987-slate-2025
    release: "2027"
    note: The same article read another way.
"""
    slate = load_slate(seeds_with(**{"clash.yaml": report}))
    flags = _assessed(slate, "broadsword", AS_OF).flags
    assert flags[0] == (
        "The 1987 Moscow trip, the grounded space film and the 2026 slate gives its release "
        "two ways at once: see where sources disagree"
    )
    table = disagreements(Day.of(slate, AS_OF))
    clash = table[(table["project_id"] == "broadsword") & (table["field"] == "release")]
    assert list(clash["value"]) == ["2025–2026", "2027"]
    assert list(clash["holds"]) == ["c. Q4 2025", "c. Q4 2025"]


RUMOR = "    status: rumored\n"


def _problems(folder: Path) -> list[str]:
    with pytest.raises(SlateError) as caught:
        load_slate(folder)
    return [str(p).split(f"{folder.name}/", 1)[-1] for p in caught.value.problems]


CLAIM = """\
updates:
  - project: {project}
    date: "{date}"
    source: {source}
{fields}    note: A claim.
"""

PROBLEMS = [
    pytest.param(
        {"project": "top-gun-4", "date": "2025-12", "source": "trade-2025", "fields": RUMOR},
        "report.yaml:2: updates[0].project: unknown project id 'top-gun-4'",
        id="unknown project",
    ),
    pytest.param(
        {"project": "alpha", "date": "2025-12", "source": "trade-2026", "fields": RUMOR},
        "report.yaml:4: updates[0].source: unknown source id 'trade-2026'",
        id="unknown source",
    ),
    pytest.param(
        {"project": "alpha", "date": "2026-06", "source": "trade-2025", "fields": RUMOR},
        "report.yaml:3: updates[0].date: Jun 2026 is after its source was published (Q4 2025): "
        "a claim can only say what holds by then",
        id="dated after its source",
    ),
    pytest.param(
        {"project": "alpha", "date": "2025-12", "source": "trade-2025", "fields": ""},
        "report.yaml:2: updates[0]: says nothing: give a status, release, filming date or credits",
        id="says nothing",
    ),
    pytest.param(
        {"project": "alpha", "date": "2025-12", "source": "trade-2025",
         "fields": "    status: abandoned\n    release: \"2027\"\n"},
        "report.yaml:6: updates[0].release: a release date for a project abandoned by then; "
        "give its new status in the same claim if it is back",
        id="release claim on an abandoned project",
    ),
    pytest.param(
        {"project": "alpha", "date": "2025-12", "source": "trade-2025",
         "fields": "    cast:\n      - name: Someone\n        sources: [nowhere]\n"},
        "report.yaml:7: updates[0].cast[0].sources[0]: unknown source id 'nowhere'",
        id="a credit's unknown source",
    ),
    pytest.param(
        {"project": "alpha", "date": "soon", "source": "trade-2025", "fields": RUMOR},
        "report.yaml:3: updates[0].date: cannot read 'soon' as a date: too vague to date",
        id="words too vague for a date",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "expected"), PROBLEMS)
def test_every_problem_in_a_report_has_its_place(
    make_folder: MakeFolder, claim: dict[str, str], expected: str
) -> None:
    folder = make_folder(report__yaml=CLAIM.format(**claim))
    (problem,) = _problems(folder)
    assert problem.startswith(expected), problem


def test_a_release_claim_after_the_project_was_called_abandoned(make_folder: MakeFolder) -> None:
    # Beta's record says stalled; a later report abandons it, and a later claim gives a release.
    report = """\
sources:
  - {id: trade-2026, name: A later report, published: "2026-06", note: Two claims.}
updates:
  - {project: beta, date: "2026-01", source: trade-2026, status: abandoned, note: Dropped.}
  - {project: beta, date: "2026-06", source: trade-2026, release: "2027", note: Dated.}
"""
    (problem,) = _problems(make_folder(report__yaml=report))
    assert problem.startswith("report.yaml:5: updates[1].release: a release date for a project")


def test_a_record_field_that_contradicts_its_newest_claim_is_a_problem(
    make_folder: MakeFolder,
) -> None:
    projects = """\
projects:
  - id: alpha
    title: Alpha
    status: filming
    logline: A film.
    sources: [trade-2025]
    updates:
      - {source: trade-2025, status: announced, note: Announced.}
"""
    (problem,) = _problems(make_folder(projects__yaml=projects, events__yaml="events: []\n"))
    assert problem == (
        "projects.yaml:4: projects[0].status: 'Filming' is not what its newest claim says "
        "('Announced', A trade report, Q4 2025): leave it out here and let the claims decide"
    )


# --- An unknown id, and the one it may mean ------------------------------------------------

EVENTS = """\
events:
  - {id: beta-announced, date: "2020", title: Beta is announced., sources: [trade-2025]}
"""
LATER = 'sources:\n  - {id: trade-2026, name: Later, published: "2026-06", note: News.}\n'

MEANT = [
    pytest.param(
        {"report__yaml": "updates:\n  - {project: alpah, source: trade-2025, status: filming, "
         "note: N}\n"},
        "report.yaml:2: updates[0].project: unknown project id 'alpah'; did you mean 'alpha'?",
        id="a claim's project",
    ),
    pytest.param(
        {"report__yaml": "updates:\n  - {project: alpha, source: trade-2052, status: filming, "
         "note: N}\n"},
        "report.yaml:2: updates[0].source: unknown source id 'trade-2052'; "
        "did you mean 'trade-2025'?",
        id="a claim's source",
    ),
    pytest.param(
        {"events__yaml": EVENTS, "report__yaml": "event_updates:\n  - {event: beta-announce, "
         "source: trade-2025, outcome: happened, note: N}\n"},
        "report.yaml:2: event_updates[0].event: unknown event id 'beta-announce'; "
        "did you mean 'beta-announced'?",
        id="an event claim's event",
    ),
    pytest.param(
        {"projects__yaml": VALID["projects.yaml"].replace("rival_of: alpha", "rival_of: alpah")},
        "projects.yaml:16: projects[1].rival_of: unknown project id 'alpah'; "
        "did you mean 'alpha'?",
        id="a rival",
    ),
    pytest.param(
        {"projects__yaml": VALID["projects.yaml"].replace("[trade-2025]", "[trade-2052]", 1)},
        "projects.yaml:9: projects[0].sources[0]: unknown source id 'trade-2052'; "
        "did you mean 'trade-2025'?",
        id="a project's source",
    ),
    pytest.param(
        {"report__yaml": LATER + "projects:\n  - {id: mi-8, title: \"Mission: Impossible 8\", "
         "status: announced, logline: M, sources: [trade-2026]}\nupdates:\n  - {project: "
         "mission-impossible-8, source: trade-2026, status: filming, note: N}\n"},
        "report.yaml:6: updates[0].project: unknown project id 'mission-impossible-8'; "
        "did you mean 'mi-8'?",
        id="a project by its title",
    ),
    pytest.param(
        # Not an id at all, and said so; it spells one, and is offered it.
        {"report__yaml": "updates:\n  - {project: Beta, source: trade-2025, status: filming, "
         "note: N}\n"},
        "report.yaml:2: updates[0].project: 'Beta' is not an id: use lower-case letters, "
        "digits and hyphens; did you mean 'beta'?",
        id="a title for an id",
    ),
    pytest.param(
        {"report__yaml": "updates:\n  - {project: top-gun-4, source: trade-2025, status: "
         "filming, note: N}\n"},
        "report.yaml:2: updates[0].project: unknown project id 'top-gun-4'",
        id="nothing close",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("files", "expected"), MEANT)
def test_an_unknown_id_is_offered_the_known_one_it_may_mean(
    make_folder: MakeFolder, files: dict[str, str], expected: str
) -> None:
    assert _problems(make_folder(**files)) == [expected]


# --- A source id made from the article ----------------------------------------------------


def test_a_long_headline_s_id_is_cut_at_a_word() -> None:
    made = suggest_id("Trade Daily", "Paramount dates the third Top Gun for a late 2028 release")
    assert made == "trade-daily-paramount-dates-the-third-top-gun-for-a-late"
    assert len(made) <= ID_CHARS < len(f"{made}-2028")


def test_one_word_longer_than_an_id_is_cut_not_dropped() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenauszahlungsstelle"
    assert suggest_id(word, "Late news") == word.lower()[:ID_CHARS]
    assert suggest_id("x" * ID_CHARS, "") == "x" * ID_CHARS


@given(st.text(), st.text())
def test_a_suggested_id_is_always_an_id_and_names_a_data_file(outlet: str, headline: str) -> None:
    made = suggest_id(outlet, headline)
    assert SLUG.fullmatch(made) and len(made) <= ID_CHARS, made
    assert name_problem(file_name(made, "2026-11-20")) is None

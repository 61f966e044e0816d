"""Reports: a new article is one new file of claims, merged into the projects it names,
with nothing earlier overwritten and every problem at its place."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from slate.load import SlateError, load_slate
from slate.models import Certainty, Status
from slate.query import disagreements, to_frame
from slate.timeline import project_row
from tests.conftest import SEEDS, MakeFolder

AS_OF = dt.date(2026, 12, 2)

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
    timeline = project_row(after, after_slate, after_slate.assess(after, AS_OF))
    statuses = [(str(s.kind), s.start) for s in timeline.spans if isinstance(s.kind, Status)]
    assert statuses[0] == ("in_development", dt.date(2025, 10, 1))
    assert statuses[-1] == ("pre_production", dt.date(2026, 11, 20))


def test_an_older_report_does_not_override_the_record(seeds_with) -> None:  # type: ignore[no-untyped-def]
    report = """\
updates:
  - project: broadsword
    date: "2025-21"
    source: moscow-1987-slate-2025
    status: filming
    note: An older claim, filed late.
"""
    # The claim's source is dated c. Q4 2025, so a spring 2025 claim would be refused;
    # a source with an earlier date makes it legitimate.
    older = report.replace("moscow-1987-slate-2025", "space-film-stall-2025")
    slate = load_slate(seeds_with(**{"late.yaml": older}))
    broadsword = slate.project("broadsword")
    assert broadsword.status is Status.PAUSED  # the record's newer claim stands
    assert [str(u.date) for u in broadsword.updates] == ["2025-21", "2025-36~"]


def test_same_date_claims_that_disagree_are_flagged_not_settled(seeds_with) -> None:  # type: ignore[no-untyped-def]
    report = """\
updates:
  - project: broadsword
    date: "2025-36~"
    source: moscow-1987-slate-2025
    release: "2027"
    note: The same article read another way.
"""
    slate = load_slate(seeds_with(**{"clash.yaml": report}))
    broadsword = slate.project("broadsword")
    assert broadsword.disputes() == [("release", broadsword.updates[0].date)]
    flags = slate.assess(broadsword, AS_OF).flags
    assert flags[0] == "Sources disagree on its release (c. Q4 2025): see where sources disagree"
    table = disagreements(slate)
    clash = table[(table["project_id"] == "broadsword") & (table["field"] == "release")]
    assert list(clash["value"]) == ["2025–2026", "2027"]
    assert list(clash["same_date"]) == [True, True]


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
        {"project": "top-gun-4", "date": "2026", "source": "trade-2025", "fields": RUMOR},
        "report.yaml:2: updates[0].project: unknown project id 'top-gun-4'",
        id="unknown project",
    ),
    pytest.param(
        {"project": "alpha", "date": "2026", "source": "trade-2026", "fields": RUMOR},
        "report.yaml:4: updates[0].source: unknown source id 'trade-2026'",
        id="unknown source",
    ),
    pytest.param(
        {"project": "alpha", "date": "2024-05", "source": "trade-2025", "fields": RUMOR},
        "report.yaml:3: updates[0].date: May 2024 is before its source was published (Q4 2025)",
        id="dated before its source",
    ),
    pytest.param(
        {"project": "alpha", "date": "2026", "source": "trade-2025", "fields": ""},
        "report.yaml:2: updates[0]: says nothing: give a status, release, filming date or credits",
        id="says nothing",
    ),
    pytest.param(
        {"project": "alpha", "date": "2026", "source": "trade-2025",
         "fields": "    status: abandoned\n    release: \"2027\"\n"},
        "report.yaml:6: updates[0].release: a release date for a project abandoned by then; "
        "give its new status in the same claim if it is back",
        id="release claim on an abandoned project",
    ),
    pytest.param(
        {"project": "alpha", "date": "2026", "source": "trade-2025",
         "fields": "    cast:\n      - name: Someone\n        sources: [nowhere]\n"},
        "report.yaml:7: updates[0].cast[0].sources[0]: unknown source id 'nowhere'",
        id="a credit's unknown source",
    ),
    pytest.param(
        {"project": "alpha", "date": "late 2026", "source": "trade-2025", "fields": RUMOR},
        "report.yaml:3: updates[0].date: not an EDTF date: 'late 2026'",
        id="words for a date",
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
    # Beta's record says stalled; a first claim abandons it, a later one gives a release.
    report = """\
updates:
  - {project: beta, date: "2026-01", source: trade-2025, status: abandoned, note: Dropped.}
  - {project: beta, date: "2026-06", source: trade-2025, release: "2027", note: Dated.}
"""
    (problem,) = _problems(make_folder(report__yaml=report))
    assert problem.startswith("report.yaml:3: updates[1].release: a release date for a project")

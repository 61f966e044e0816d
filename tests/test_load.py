"""The loader: the built-in slate loads, and every kind of bad input is reported with its place."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import pytest

from slate.load import MAX_DEPTH, Problem, SlateError, fingerprint, load_slate
from slate.load.files import candidates
from tests.conftest import SEEDS, VALID, MakeFolder

P = VALID["projects.yaml"]
ANOTHER_BETA = (
    "projects:\n  - {id: beta, title: B, status: rumored, logline: B, sources: [trade-2025]}\n"
)


def test_valid_folder_loads(make_folder: MakeFolder) -> None:
    slate = load_slate(make_folder())
    assert [p.id for p in slate.projects] == ["alpha", "beta"]
    assert str(slate.project("alpha").release) == "2026-10-02"
    assert slate.events[0].projects == ["beta"]


def test_builtin_seeds_load() -> None:
    slate = load_slate(SEEDS)
    ids = {p.id for p in slate.projects}
    assert {"digger", "untitled-space-film", "challenge", "us-soviet-coproduction-1987"} <= ids
    assert slate.project("challenge").rival_of == "untitled-space-film"


# Each case: files to write over VALID, then (file, line, field, words in the message).
CASES = {
    "yaml syntax": (
        {"projects__yaml": "projects:\n  - id: [alpha\n"},
        ("projects.yaml", 3, "", "YAML syntax"),
    ),
    "missing field": (
        {"projects__yaml": P.replace("            logline: A film about the first letter.\n", "")},
        ("projects.yaml", 2, "projects[0].logline", "missing required field"),
    ),
    "unknown key": (
        {
            "projects__yaml": P.replace(
                "            title: Alpha\n", "            title: Alpha\n            colour: red\n"
            )
        },
        ("projects.yaml", 4, "projects[0].colour", "unknown field"),
    ),
    "bad status": (
        {"projects__yaml": P.replace("status: announced", "status: in limbo")},
        ("projects.yaml", 4, "projects[0].status", "'in limbo' is not a status; one of: Rumored"),
    ),
    "bad EDTF": (
        {"projects__yaml": P.replace('release: "2026-10-02"', 'release: "2026-1-2"')},
        ("projects.yaml", 5, "projects[0].release", "not an EDTF date: '2026-1-2' (expected"),
    ),
    "words too vague for a date get a hint": (
        {"projects__yaml": P.replace('release: "2026-10-02"', "release: coming soon")},
        (
            "projects.yaml",
            5,
            "projects[0].release",
            "cannot read 'coming soon' as a date: too vague to date: leave it TBA, or give",
        ),
    ),
    "impossible day": (
        {"projects__yaml": P.replace('release: "2026-10-02"', 'release: "2026-02-30"')},
        ("projects.yaml", 5, "projects[0].release", "has no day 30"),
    ),
    "interval end before start": (
        {"projects__yaml": P.replace('release: "2026-10-02"', 'release: "2027/2026"')},
        ("projects.yaml", 5, "projects[0].release", "ends before it starts"),
    ),
    "unknown source id": (
        {
            "projects__yaml": P.replace(
                "sources: [trade-2025]\n          - id: beta",
                "sources: [trade-2024]\n          - id: beta",
            )
        },
        ("projects.yaml", 9, "projects[0].sources[0]", "unknown source id 'trade-2024'"),
    ),
    "unknown project id in rival_of": (
        {"projects__yaml": P.replace("rival_of: alpha", "rival_of: gamma")},
        ("projects.yaml", 16, "projects[1].rival_of", "unknown project id 'gamma'"),
    ),
    "unknown project id in an event": (
        {
            "events__yaml": VALID["events.yaml"].replace(
                "projects: [beta]", "projects: [beta, zeta]"
            )
        },
        ("events.yaml", 4, "events[0].projects[1]", "unknown project id 'zeta'"),
    ),
    "duplicate id": (
        {"projects__yaml": P.replace("id: beta", "id: alpha")},
        ("projects.yaml", 10, "projects[1].id", "duplicate id 'alpha'"),
    ),
    "duplicate id across files": (
        {"more__yaml": ANOTHER_BETA},
        # more.yaml is read first (name order), so the record in projects.yaml is the duplicate.
        ("projects.yaml", 10, "projects[1].id", "duplicate id 'beta'"),
    ),
    "duplicate key": (
        {
            "projects__yaml": P.replace(
                "            title: Alpha\n",
                "            title: Alpha\n            title: Alpha Two\n",
            )
        },
        ("projects.yaml", 4, "title", "duplicate key"),
    ),
    "empty file": ({"events__yaml": ""}, ("events.yaml", 1, "", "empty file")),
    "comments only": ({"events__yaml": "# nothing yet\n"}, ("events.yaml", 1, "", "empty file")),
    "wrong encoding": (
        {
            "sources__yaml": VALID["sources.yaml"]
            .replace("A trade report", "Caf\u00e9")
            .encode("latin-1")
        },
        ("sources.yaml", 3, "", "not UTF-8"),
    ),
    "top level is a list": (
        {"events__yaml": "- date: '2020'\n"},
        ("events.yaml", 1, "", "expected a mapping"),
    ),
    "unknown top-level key": (
        {"events__yaml": "happenings: []\n"},
        ("events.yaml", 1, "happenings", "unknown key"),
    ),
    "records not a list": (
        {"events__yaml": "events: nope\n"},
        ("events.yaml", 1, "events", "expected a list"),
    ),
    "bad id": (
        {"projects__yaml": P.replace("id: alpha", "id: Alpha Film")},
        ("projects.yaml", 2, "projects[0].id", "is not an id"),
    ),
    "source without sources": (
        {
            "projects__yaml": P.replace(
                "sources: [trade-2025]\n          - id: beta", "sources: []\n          - id: beta"
            )
        },
        ("projects.yaml", 9, "projects[0].sources", "at least 1 item"),
    ),
    "bad certainty on a credit": (
        {
            "projects__yaml": P.replace(
                "- name: Ana Director", "- name: Ana Director\n                certainty: likely"
            )
        },
        ("projects.yaml", 8, "projects[0].directors[0].certainty", "'likely' is not one of"),
    ),
    "timestamp instead of a date": (
        {"projects__yaml": P.replace('release: "2026-10-02"', "release: 2026-10-02 10:00:00")},
        # Timestamps stay text, like every date, and FuzzyDate says what is wrong with one.
        (
            "projects.yaml",
            5,
            "projects[0].release",
            "'2026-10-02 10:00:00' (a timestamp; give a date without a time)",
        ),
    ),
}


@pytest.mark.parametrize(("files", "expected"), list(CASES.values()), ids=list(CASES))
def test_malformed_folder_reports_file_line_and_field(
    make_folder: MakeFolder, files: dict[str, str | bytes], expected: tuple[str, int, str, str]
) -> None:
    folder = make_folder(**files)
    with pytest.raises(SlateError) as caught:
        load_slate(folder)
    name, line, field, words = expected
    where = f"{folder / name}:{line}: " + (f"{field}: " if field else "")
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(where) and words in m for m in messages), messages


def test_every_problem_is_reported_at_once(make_folder: MakeFolder) -> None:
    bad = P.replace("status: announced", "status: nope").replace('"2026-10-02"', '"soon"')
    folder = make_folder(projects__yaml=bad, events__yaml="")
    with pytest.raises(SlateError) as caught:
        load_slate(folder)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["", "projects[0].status", "projects[0].release"]
    assert str(caught.value).startswith("3 problems in the slate data\n")


def _problems(folder: Path) -> list[str]:
    """Every problem of a folder that must not load, as printed, paths relative to it."""
    with pytest.raises(SlateError) as caught:
        load_slate(folder)
    return [str(p).removeprefix(f"{folder}/") for p in caught.value.problems]


def test_a_file_that_fails_validation_still_has_the_ids_it_names_checked(
    make_folder: MakeFolder,
) -> None:
    # A new project with a bad release, a claim about it from a source of the same file, a
    # claim about an unknown project: the unknown id is found in the same pass.
    report = """\
sources:
  - {id: trade-2026, name: A later report, published: "2026-06", note: News.}
projects:
  - {id: gamma, title: Gamma, status: announced, release: "2026-13", logline: G,
     sources: [trade-2026]}
updates:
  - {project: gamma, source: trade-2026, status: filming, note: Shooting.}
  - {project: alpah, source: trade-2026, status: filming, note: Shooting.}
"""
    assert _problems(make_folder(report__yaml=report)) == [
        "report.yaml:4: projects[0].release: not an EDTF date: '2026-13' "
        "(month 13 is not 01-12, a season (21-24), a quarter (33-36) or a half (40-41))",
        "report.yaml:8: updates[1].project: unknown project id 'alpah'; did you mean 'alpha'?",
    ]


def test_a_valid_file_s_unknown_ids_are_listed_beside_another_file_s_problems(
    make_folder: MakeFolder,
) -> None:
    # events.yaml names a project no file defines; projects.yaml has a bad status, and beta,
    # which events.yaml also names, is in that failing file: it is not called unknown.
    events = VALID["events.yaml"].replace("projects: [beta]", "projects: [beta, zeta]")
    folder = make_folder(
        projects__yaml=P.replace("status: stalled", "status: halted"), events__yaml=events
    )
    problems = _problems(folder)
    assert [p.split(": ", 2)[:2] for p in problems] == [
        ["events.yaml:4", "events[0].projects[1]"],
        ["projects.yaml:12", "projects[1].status"],
    ]
    assert problems[0].endswith("unknown project id 'zeta'; did you mean 'beta'?")


def test_ids_are_checked_in_a_json_file_that_fails_validation(make_folder: MakeFolder) -> None:
    folder = make_folder(projects__yaml=None)
    (folder / "projects.json").write_text(
        PJ.replace('"status": "announced"', '"status": "halted"').replace(
            '"rival_of": "alpha"', '"rival_of": "alpah"'
        ),
        encoding="utf-8",
    )
    assert [p.split(": ", 2)[:2] for p in _problems(folder)] == [
        ["projects.json:6", "projects[0].status"],
        ["projects.json:19", "projects[1].rival_of"],
    ]
    assert _problems(folder)[1].endswith("unknown project id 'alpah'; did you mean 'alpha'?")


_SAYS_NOTHING = "says nothing: give a status, release, filming date or credits"
_LATE = "is after its source was published (Q4 2025): a claim can only say what holds by then"


def test_a_failing_json_file_s_claims_are_checked_alone_in_the_same_pass(
    make_folder: MakeFolder,
) -> None:
    # A credit with a slip fails validation; each kind of claim is still weighed against
    # its source's date (trade-2025, Q4 2025, in another file), and the empty one is found.
    report = """{
  "updates": [
    {"project": "alpha", "source": "trade-2025", "note": "N", "cast": [{"nmae": "X"}]},
    {"project": "alpha", "source": "trade-2025", "note": "N", "date": "March 2026",
     "status": "filming"},
    {"project": "alpha", "source": "trade-2025", "note": "N", "date": "2025-12"}
  ],
  "projects": [
    {"id": "gamma", "title": "Gamma", "logline": "G", "sources": ["trade-2025"],
     "updates": [{"source": "trade-2025", "date": "2026", "status": "announced", "note": "N"}]}
  ],
  "event_updates": [
    {"event": "nope", "source": "trade-2025", "date": "2027", "outcome": "happened", "note": "N"}
  ]
}
"""
    assert _problems(make_folder(**{"report.json": report})) == [
        "report.json:3: updates[0].cast[0].name: missing required field",
        "report.json:3: updates[0].cast[0].nmae: unknown field 'nmae'; did you mean 'name'?",
        f"report.json:4: updates[1].date: Mar 2026 {_LATE}",
        f"report.json:6: updates[2]: {_SAYS_NOTHING}",
        f"report.json:10: projects[0].updates[0].date: 2026 {_LATE}",
        "report.json:13: event_updates[0].date: 2027 " + _LATE,
        "report.json:13: event_updates[0].event: unknown event id 'nope'",
    ]


def test_a_claim_s_unreadable_date_is_said_once_and_its_typo_is_not_called_empty(
    make_folder: MakeFolder,
) -> None:
    # "next year" needs its source's day, which only a source of the same file gives: the
    # model refuses it, and the check alone does not read it either (no second problem).
    news = 'sources:\n  - {id: news, name: News, published: "2025-12-01", note: N}\n'
    report = """\
updates:
  - {project: alpha, source: news, date: next year, status: filming, note: N}
  - {project: alpha, source: trade-2025, relase: "2026", note: N}
"""
    problems = _problems(make_folder(a__yaml=news, report__yaml=report))
    assert [p.split(": ", 2)[:2] for p in problems] == [
        ["report.yaml:2", "updates[0].date"],
        ["report.yaml:3", "updates[1].relase"],
    ]
    assert "is after its source" not in problems[0]
    assert problems[1].endswith("unknown field 'relase'; did you mean 'release'?")


def test_a_valid_file_s_claims_are_checked_alone_beside_unknown_ids_and_other_files(
    make_folder: MakeFolder,
) -> None:
    # A valid report whose claims name an unknown project: the slate is never weighed, but
    # what each claim answers on its own is listed with the unknown id, once.
    report = """\
updates:
  - {project: alpah, source: trade-2025, status: filming, note: N}
  - {project: alpha, source: trade-2025, date: "2026-02", status: filming, note: N}
  - {project: beta, source: trade-2025, note: N}
"""
    assert _problems(make_folder(report__yaml=report)) == [
        "report.yaml:2: updates[0].project: unknown project id 'alpah'; did you mean 'alpha'?",
        f"report.yaml:3: updates[1].date: Feb 2026 {_LATE}",
        f"report.yaml:4: updates[2]: {_SAYS_NOTHING}",
    ]
    # Beside another file that fails validation, the same.
    folder = make_folder(report__yaml=report.replace("alpah", "alpha"), other__yaml="x: 1\n")
    assert _problems(folder) == [
        "other.yaml:1: x: unknown key (expected one of: subject, sources, projects, events, "
        "updates, event_updates)",
        f"report.yaml:3: updates[1].date: Feb 2026 {_LATE}",
        f"report.yaml:4: updates[2]: {_SAYS_NOTHING}",
    ]


def test_a_new_project_reusing_an_id_is_a_duplicate_beside_its_other_problems(
    make_folder: MakeFolder,
) -> None:
    report = """\
projects:
  - {id: alpha, title: Alpha again, status: announced, release: "soon", logline: A,
     sources: [trade-2025]}
"""
    assert [p.split(": ", 2)[:2] for p in _problems(make_folder(report__yaml=report))] == [
        ["report.yaml:2", "projects[0].id"],
        ["report.yaml:2", "projects[0].release"],
    ]


# Ids that a file defines where they cannot be read: references to them are not "unknown".
HIDDEN = {
    "a file that is not YAML": {"sources__yaml": "sources:\n  - id: [trade-2025\n"},
    "records not a list": {
        "sources__yaml": 'sources: {id: trade-2025, name: T, published: "2025", note: N}\n'
    },
    "a record that is not a mapping": {"sources__yaml": "sources: [trade-2025]\n"},
    "a key written twice": {"sources__yaml": VALID["sources.yaml"] + "        sources: []\n"},
}


@pytest.mark.parametrize("files", list(HIDDEN.values()), ids=list(HIDDEN))
def test_ids_defined_out_of_sight_are_not_called_unknown(
    make_folder: MakeFolder, files: dict[str, str]
) -> None:
    problems = _problems(make_folder(**files))
    assert problems and all(p.startswith("sources.yaml:") for p in problems), problems


def test_a_failing_file_s_ids_are_checked_within_bounds(make_folder: MakeFolder) -> None:
    # Thousands of unknown ids, one of them five million characters long, in a file that
    # fails validation: each is listed, and no line grows with the data.
    claims = "".join(
        f"  - {{project: film-{k}, source: trade-2025, status: nope, note: N}}\n"
        for k in range(3000)
    )
    huge = "  - {project: " + "x" * 5_000_000 + ", source: trade-2025, status: nope, note: N}\n"
    problems = _problems(make_folder(report__yaml=f"updates:\n{claims}{huge}"))
    unknown = [p for p in problems if "unknown project id" in p]
    # Each claim's status; the long id is too long to be one, and said so once.
    assert len(unknown) == 3000 and len(problems) == 2 * 3001
    assert max(map(len, problems)) < 1500


def test_unquoted_yaml_dates_and_years_are_accepted(make_folder: MakeFolder) -> None:
    folder = make_folder(
        projects__yaml=P.replace('"2026-10-02"', "2026-10-02").replace('"2020"', "2020")
    )
    slate = load_slate(folder)
    assert str(slate.project("alpha").release) == "2026-10-02"
    assert str(slate.project("beta").announced) == "2020"


def test_missing_folder_and_folder_without_yaml(tmp_path: Path) -> None:
    with pytest.raises(SlateError, match="not a folder"):
        load_slate(tmp_path / "nowhere")
    with pytest.raises(SlateError, match=r"no \.yaml, \.yml or \.json files"):
        load_slate(tmp_path)


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize(
    "events", [VALID["events.yaml"], "events: nope\n"], ids=["valid", "broken"]
)
def test_loading_never_writes_to_the_folder(make_folder: MakeFolder, events: str) -> None:
    folder = make_folder(events__yaml=events)
    before = _digest(folder)
    with contextlib.suppress(SlateError):
        load_slate(folder)
    assert _digest(folder) == before
    assert sorted(os.listdir(folder)) == sorted(VALID)


def test_fingerprint_changes_when_a_file_is_saved(make_folder: MakeFolder) -> None:
    folder = make_folder()
    first = fingerprint(folder)
    path = folder / "events.yaml"
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    assert fingerprint(folder) != first


def test_a_problem_shows_controls_as_escapes_and_stays_short() -> None:
    problem = Problem("data/a\nb.yaml", 3, "projects[0].\x1b[2J\u202e", "x" * 10_000 + "\x9b")
    text = str(problem)
    assert text.startswith("data/a\\x0ab.yaml:3: projects[0].\\x1b[2J\\u202e: xxx")
    assert text.endswith("… (9004 more characters)")
    assert text.isprintable()


@pytest.mark.parametrize(
    ("name", "text", "loc"),
    [
        ("projects.yaml", P.replace("status: announced", "status: no"), ("projects", 0, "status")),
        ("projects.json", '{"projects": [{"id": "x"}]}', ("projects", 0, "title")),
        # A check across records, placed back in its own file.
        ("projects.yaml", P.replace("id: beta", "id: alpha"), ("projects", 1, "id")),
    ],
    ids=["yaml", "json", "across records"],
)
def test_a_field_s_problem_carries_its_path(
    make_folder: MakeFolder, name: str, text: str, loc: tuple[str | int, ...]
) -> None:
    # Pages word a problem from its parts; none reads the field back out of its text.
    folder = make_folder(projects__yaml=None)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(SlateError) as caught:
        load_slate(folder)
    found = [p for p in caught.value.problems if p.loc == loc]
    assert found, caught.value.problems
    assert found[0].field == f"{loc[0]}[{loc[1]}].{loc[2]}"


def test_a_problem_s_path_is_inert_and_not_compared() -> None:
    problem = Problem.at("a.yaml", 2, ("projects", 0, "\x1b[2J"), "unknown field")
    assert problem.loc == ("projects", 0, "\\x1b[2J") and problem.field == "projects[0].\\x1b[2J"
    assert problem == Problem("a.yaml", 2, "projects[0].\\x1b[2J", "unknown field")


def test_a_whole_file_problem_has_no_line() -> None:
    assert str(Problem("data/x.yaml", 0, "", "a folder, not a file: not read")) == (
        "data/x.yaml: a folder, not a file: not read"
    )


def _nested(levels: int) -> str:
    return "x: " + "[" * levels + "]" * levels + "\n"


@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_to_the_limit_is_read_and_one_level_more_is_refused(
    make_folder: MakeFolder, style: str
) -> None:
    def text(depth: int) -> str:
        # The file's own mapping is the first level.
        if style == "flow":
            return _nested(depth - 1)
        return (
            "x:\n"
            + "".join(" " * (i + 1) + "k:\n" for i in range(depth - 2))
            + " " * depth
            + "k: v\n"
        )

    with pytest.raises(SlateError) as caught:
        load_slate(make_folder(x__yaml=text(MAX_DEPTH)))
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "x: unknown key (expected one of: subject, sources, projects, events, updates, "
        "event_updates)"
    ]
    with pytest.raises(SlateError) as caught:
        load_slate(make_folder(x__yaml=text(MAX_DEPTH + 1)))
    (problem,) = caught.value.problems
    line = 1 if style == "flow" else MAX_DEPTH + 1
    assert str(problem).endswith(
        f"x.yaml:{line}: lists and mappings nested more than 64 deep (a slate needs 6): not read"
    )


def test_short_anchors_aliases_and_merge_keys_still_load(make_folder: MakeFolder) -> None:
    projects = (
        P.replace("sources: [trade-2025]", "sources: &cited [trade-2025]", 1)
        .replace("sources: [trade-2025]", "sources: *cited")
        .replace("            title: Beta\n", "            <<: {title: Beta, genre: Drama}\n")
    )
    slate = load_slate(make_folder(projects__yaml=projects))
    assert [p.sources for p in slate.projects] == [["trade-2025"], ["trade-2025"]]
    assert (slate.project("beta").title, slate.project("beta").genre) == ("Beta", "Drama")


def test_an_empty_slate_is_valid(make_folder: MakeFolder) -> None:
    slate = load_slate(make_folder(projects__yaml="projects: []\n", events__yaml="events:\n"))
    assert (slate.projects, slate.events, len(slate.sources)) == ([], [], 1)


def test_a_file_that_vanishes_after_the_listing_is_read_as_absent(
    make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when a `git checkout` deletes a file between the loader's listing and its read.
    folder = make_folder(gone__yaml="projects: [oops\n")
    listed = candidates(folder)
    (folder / "gone.yaml").unlink()
    # Where load_slate looks the listing up.
    monkeypatch.setattr("slate.load.candidates", lambda root: listed)
    assert [p.id for p in load_slate(folder).projects] == ["alpha", "beta"]


def test_fingerprint_covers_entries_it_cannot_read(make_folder: MakeFolder) -> None:
    folder = make_folder()
    (folder / "dangling.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(folder / "pipe.yaml")
    names = [name for name, _, _ in fingerprint(folder)]
    assert names == ["dangling.yaml", "events.yaml", "pipe.yaml", "projects.yaml", "sources.yaml"]
    before = fingerprint(folder)
    (folder / "events.yaml").chmod(0o600)  # made readable again, say: the problem must go
    assert fingerprint(folder) != before
    assert fingerprint(folder / "nowhere") == ()


# JSON files: the same records, validated from their bytes, problems at their lines.
PJ = """{
  "projects": [
    {
      "id": "alpha",
      "title": "Alpha",
      "status": "announced",
      "release": "2026-10-02",
      "directors": [{"name": "Ana Director"}],
      "logline": "A film about the first letter.",
      "sources": ["trade-2025"]
    },
    {
      "id": "beta",
      "title": "Beta",
      "status": "stalled",
      "announced": "2020",
      "logline": "A film that stopped.",
      "sources": ["trade-2025"],
      "rival_of": "alpha"
    }
  ]
}
"""


def test_json_files_load_alongside_yaml(make_folder: MakeFolder) -> None:
    from_yaml = load_slate(make_folder())
    folder = make_folder(projects__yaml=None)
    (folder / "projects.yaml").unlink()
    (folder / "projects.json").write_text(PJ, encoding="utf-8")
    assert load_slate(folder) == from_yaml


def test_a_json_schema_beside_the_data_is_not_data(make_folder: MakeFolder) -> None:
    folder = make_folder(schema__json='{"$schema": "x"}', **{"slate.schema__json": "{}"})
    assert [p.id for p in load_slate(folder).projects] == ["alpha", "beta"]


JSON_CASES = {
    "syntax": (PJ.replace('"Alpha",', '"Alpha"'), (6, "", "JSON syntax: expected `,` or `}`")),
    "missing field": (
        PJ.replace('      "logline": "A film about the first letter.",\n', ""),
        (3, "projects[0].logline", "missing required field"),
    ),
    "unknown field": (
        PJ.replace('"title": "Beta",', '"title": "Beta",\n      "colour": "red",'),
        (15, "projects[1].colour", "unknown field"),
    ),
    "bad EDTF": (
        PJ.replace('"2026-10-02"', '"2026-1-2"'),
        (7, "projects[0].release", "not an EDTF date: '2026-1-2'"),
    ),
    "words too vague for a date": (
        PJ.replace('"2026-10-02"', '"eventually"'),
        (7, "projects[0].release", "cannot read 'eventually' as a date: too vague"),
    ),
    "bad nested value": (
        PJ.replace('{"name": "Ana Director"}', '{"name": "Ana", "certainty": "likely"}'),
        (8, "projects[0].directors[0].certainty", "'likely' is not one of"),
    ),
    "unknown top-level key": ('{\n  "happenings": []\n}\n', (2, "happenings", "unknown key")),
    "records not a list": ('{"events": "nope"}', (1, "events", "expected a list of records")),
    "top level is a list": ("\n[1]", (2, "", "expected a mapping")),
    "empty file": ("  \n", (1, "", "empty file")),
    "cross-file duplicate id": (
        PJ.replace('"id": "beta"', '"id": "alpha"'),
        (13, "projects[1].id", "duplicate id 'alpha'"),
    ),
    "too deep": (
        '{"events": [\n' + "[" * 70 + "]" * 70 + "\n]}",
        (2, "", "nested more than 64 deep"),
    ),
    "not UTF-8": (b'{"events": [],\n"x": "caf\xe9"}', (2, "", "not UTF-8")),
}


@pytest.mark.parametrize(("text", "expected"), list(JSON_CASES.values()), ids=list(JSON_CASES))
def test_json_problems_have_file_line_and_field(
    make_folder: MakeFolder, text: str | bytes, expected: tuple[int, str, str]
) -> None:
    folder = make_folder(projects__yaml=None)
    (folder / "projects.yaml").unlink(missing_ok=True)
    path = folder / "projects.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(SlateError) as caught:
        load_slate(folder)
    line, field, words = expected
    where = f"{path}:{line}: " + (f"{field}: " if field else "")
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(where) and words in m for m in messages), messages


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.yaml"))),
        "a: 1\nb: 0x1F\nc: 1_000\nd: true\ne: ~\nf: 2026-10-02\ng: 1.5e3\nh: ''\ni: .nan\n",
        "x: [1, 'two', {three: 3}, null, yes, 2026-10-02 10:00:00]\n'1': one\n",
    ],
)
def test_the_fast_way_builds_what_pyyaml_builds(text: str) -> None:
    # Machine-written files skip PyYAML's generic constructor; the data must not change.
    from slate.load.yamlfile import _Loader, _plain

    def build(fast: bool) -> object:
        loader = _Loader(text)
        loader.duplicates, loader.bad_keys = [], []
        try:
            node = loader.get_single_node()
            return _plain(node, loader) if fast else loader.construct_document(node)
        finally:
            loader.dispose()

    fast, careful = build(True), build(False)
    assert repr(fast) == repr(careful)

"""The command line as a user runs it: exit codes, stdout, stderr, the data folder it reads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from slate.__main__ import main
from slate.load import load_slate
from tests.conftest import ROOT, SEEDS, VALID, MakeFolder

HEADER = "id,title,status,directors,release,release_label,studio,cast,genre,sources"
SEED_PROJECTS = yaml.safe_load((SEEDS / "projects.yaml").read_text(encoding="utf-8"))["projects"]
# Doug Liman's films in seeds/projects.yaml (see test_liman_films_are_read_from_the_seed_file).
LIMAN_FILMS = {"untitled-space-film", "edge-of-tomorrow-2", "deeper"}


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLATE_DATA", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main(argv) as the shell would run it: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def run_process(
    *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k != "SLATE_DATA"}
    return subprocess.run(
        [sys.executable, "-m", "slate", *argv],
        capture_output=True,
        cwd=ROOT,
        env={**environ, **(env or {})},
        timeout=60,
        check=False,
    )


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_liman_films_are_read_from_the_seed_file() -> None:
    # Straight from the YAML, so the loader and the filter are not checking themselves.
    directed = {
        p["id"]
        for p in SEED_PROJECTS
        if any(d["name"] == "Doug Liman" for d in p.get("directors", []))
    }
    assert directed == LIMAN_FILMS


def test_validate_builtin_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        rf"ok: .*seeds: {len(SEED_PROJECTS)} projects, \d+ events, \d+ sources", lines[0]
    )


def test_validate_as_a_real_process() -> None:
    done = run_process("validate")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    out = done.stdout.decode("utf-8")
    assert out.count("\n") == 1
    assert out.startswith("ok: ") and f" {len(SEED_PROJECTS)} projects, " in out


BROKEN = (
    VALID["projects.yaml"]
    .replace("status: announced", "status: nope")
    .replace("title: Alpha\n", "title: Alpha\n            colour: red\n")
)
PROBLEM_LINE = re.compile(r"(?P<file>.+\.yaml):(?P<line>\d+): (?P<field>[\w.\[\]]+): (?P<msg>.+)")


def test_validate_broken_folder_lists_every_problem(
    capsys: pytest.CaptureFixture[str], make_folder: MakeFolder
) -> None:
    folder = make_folder(projects__yaml=BROKEN, events__yaml="events: []\n")
    code, out, err = run(capsys, "validate", "--data", str(folder))
    assert code == 1
    assert out == ""
    head, *problems = err.splitlines()
    assert head == "2 problems in the slate data"
    assert len(problems) == 2
    for line in problems:
        match = PROBLEM_LINE.fullmatch(line)
        assert match, line
        assert Path(match["file"]) == folder / "projects.yaml"
    assert problems[0].endswith(
        ": projects[0].colour: unknown field (a typo? fields are listed in seeds/schema.json)"
    )
    assert ": projects[0].status: 'nope' is not a status; one of: " in problems[1]


def test_broken_folder_named_by_env_var_in_a_real_process(make_folder: MakeFolder) -> None:
    folder = make_folder(projects__yaml=BROKEN)
    done = run_process("validate", env={"SLATE_DATA": str(folder)})
    assert done.returncode == 1
    assert done.stdout == b""
    head, *problems = done.stderr.decode("utf-8").splitlines()
    assert head == "2 problems in the slate data"
    assert len(problems) == 2
    for line in problems:
        match = PROBLEM_LINE.fullmatch(line)
        assert match and Path(match["file"]) == folder / "projects.yaml", line


def test_data_option_points_at_another_folder(
    capsys: pytest.CaptureFixture[str], make_folder: MakeFolder
) -> None:
    folder = make_folder()
    code, out, _ = run(capsys, "validate", "--data", str(folder))
    assert (code, out) == (0, f"ok: {folder}: 2 projects, 1 events, 1 sources\n")
    code, out, _ = run(capsys, "export", "--data", str(folder), "--as-of", "2026-11-21")
    assert code == 0
    assert [r["id"] for r in rows(out)] == ["alpha", "beta"]


def test_slate_data_env_var_points_at_another_folder(
    capsys: pytest.CaptureFixture[str], make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder()
    monkeypatch.setenv("SLATE_DATA", str(folder))
    code, out, _ = run(capsys, "validate")
    assert (code, out) == (0, f"ok: {folder}: 2 projects, 1 events, 1 sources\n")
    code, out, _ = run(capsys, "export", "--as-of", "2026-11-21")
    assert [r["id"] for r in rows(out)] == ["alpha", "beta"]


def test_data_option_wins_over_the_env_var(
    capsys: pytest.CaptureFixture[str], make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLATE_DATA", str(make_folder().parent / "nowhere"))
    code, out, _ = run(capsys, "validate", "--data", str(SEEDS))
    assert code == 0
    assert f" {len(SEED_PROJECTS)} projects, " in out


def test_export_csv_header_and_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--as-of", "2026-11-21")
    assert (code, err) == (0, "")
    assert out.startswith(HEADER + ",")
    assert out.endswith("\r\n")
    exported = rows(out)
    assert sorted(r["id"] for r in exported) == sorted(p["id"] for p in SEED_PROJECTS)
    digger = next(r for r in exported if r["id"] == "digger")
    assert (digger["release"], digger["release_label"], digger["studio"]) == (
        "2026-10-02",
        "2 Oct 2026",
        "Warner Bros.",
    )
    assert digger["directors"] == "Alejandro G. Iñárritu"
    # TBA releases sort last.
    assert [r["release_label"] for r in exported][-1] == "TBA"


def test_export_as_a_real_process_writes_utf8_crlf_bytes() -> None:
    # Even where the terminal's encoding could not hold the names, the bytes are UTF-8.
    done = run_process("export", "--as-of", "2026-11-21", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(HEADER.encode() + b",")
    assert "Iñárritu".encode() in done.stdout and "Hüller".encode() in done.stdout
    assert b"\r\r\n" not in done.stdout
    assert done.stdout.count(b"\r\n") >= len(SEED_PROJECTS) + 1


def test_status_filter_gives_only_the_space_film(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--status", "stalled", "--as-of", "2026-11-21")
    assert code == 0
    assert [(r["id"], r["status"]) for r in rows(out)] == [("untitled-space-film", "stalled")]


def test_status_is_read_the_way_people_write_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--status", "In Development", "--as-of", "2026-11-21")
    assert code == 0
    assert {r["id"] for r in rows(out)} == {"top-gun-3", "les-grossman", "broadsword"}


def test_director_filter_gives_exactly_his_films(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--director", "Doug Liman", "--as-of", "2026-11-21")
    assert (code, err) == (0, "")
    exported = rows(out)
    assert {r["id"] for r in exported} == LIMAN_FILMS
    assert len(exported) == len(LIMAN_FILMS)


def test_director_filter_ignores_case_and_accents(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--director", "alejandro g. inarritu")
    assert (code, err) == (0, "")
    assert [r["id"] for r in rows(out)] == ["digger"]


def test_json_format_parses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--format", "json", "--director", "Doug Liman")
    assert code == 0
    document = json.loads(out)
    assert document["meta"]["filters"] == {"directors": ["Doug Liman"]}
    assert len(document["meta"]["data"]["sha256"]) == 64
    records = [p["table"] for p in document["projects"]]
    assert {r["id"] for r in records} == LIMAN_FILMS
    space = next(r for r in records if r["id"] == "untitled-space-film")
    assert space["directors"] == ["Doug Liman"]
    assert space["status"] == "stalled"
    # Around each row, the whole record: its dated claims too.
    record = next(p for p in document["projects"] if p["id"] == "untitled-space-film")
    assert record["updates"][0]["date"] == "2020"


def test_as_of_moves_the_passed_release_flag(capsys: pytest.CaptureFixture[str]) -> None:
    def digger_flags(as_of: str) -> str:
        code, out, _ = run(capsys, "export", "--as-of", as_of)
        assert code == 0
        return next(r["flags"] for r in rows(out) if r["id"] == "digger")

    assert digger_flags("2026-11-21").startswith("Release date passed 50 days ago")
    assert "Release date passed" not in digger_flags("2026-09-01")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["export", "--status", "bogus"], "unknown status 'bogus'"),
        (["export", "--format", "xml"], "invalid choice: 'xml'"),
        (["export", "--as-of", "21/11/2026"], "not a YYYY-MM-DD date"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_command_line_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert words in err


def test_bad_status_as_a_real_process() -> None:
    done = run_process("export", "--status", "bogus")
    assert done.returncode == 2
    assert done.stdout == b""
    assert len(done.stderr.decode().splitlines()) == 1
    assert b"unknown status 'bogus'" in done.stderr


def test_unknown_director_gives_header_only_and_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--director", "Nobody Atall")
    assert code == 0
    assert out.startswith(HEADER) and out.count("\r\n") == 1
    assert rows(out) == []
    assert err == "note: no project has a director named 'Nobody Atall'\n"


def test_schema_is_in_sync_with_the_models(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    printed = json.loads(out)
    stored = json.loads((SEEDS / "schema.json").read_text(encoding="utf-8"))
    assert printed == stored, (
        "seeds/schema.json is out of date with slate/models.py: run `make schema` "
        "and commit the result"
    )
    assert set(printed["properties"]) == {
        "subject", "sources", "projects", "events", "updates", "event_updates"
    }  # fmt: skip


def test_validate_shows_a_hostile_folder_name_inert(
    capsys: pytest.CaptureFixture[str], make_folder: MakeFolder
) -> None:
    # A folder name can hold what a key can: a screen clear, a colour, a line break.
    data = make_folder()
    folder = data.rename(data.parent / "data\x1b[2J\x1b[32m\nok")
    code, out, err = run(capsys, "validate", "--data", str(folder))
    assert (code, err) == (0, "")
    assert (
        out
        == f"ok: {folder.parent}/data\\x1b[2J\\x1b[32m\\x0aok: 2 projects, 1 events, 1 sources\n"
    )


# --- import: someone's own list of films ----------------------------------------------------

FILMS = """\
Title,Director,Release date,Status,Cast,Studio
Top Gun 3,Joseph Kosinski,late 2026,Pre-production,Tom Cruise; Miles Teller,Paramount
Sky Pirates,Jane Doe,"October 2, 2027",In development,Tom Cruise,Universal
Quiet Water,Ana Lee,2028,,,
The Long Night,Ana Lee,soon,Announced,,
Harbour Lights,Ben Brook and Chen Gray,2028,maybe,,
Iron Signal,Dara Eze,summer 2028,Announced,"Tom Cruise, Ana de Armas",Warner Bros.
"""


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SEEDS, folder)
    return folder


def _import(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: Path,
    *args: str, text: str = FILMS,
) -> tuple[int, str, str]:  # fmt: skip
    """`python -m slate import films.csv --data FOLDER ...`, run where films.csv is."""
    monkeypatch.chdir(folder.parent)
    (folder.parent / "films.csv").write_text(text, encoding="utf-8")
    return run(capsys, "import", "films.csv", "--data", str(folder), *args)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_import_adds_the_good_rows_as_one_file_and_says_why_the_others_are_not(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seeds_copy: Path
) -> None:
    before = _files(seeds_copy)
    code, out, err = _import(capsys, monkeypatch, seeds_copy)
    assert code == 0, err
    name = f"{dt.date.today().isoformat()}-films.yaml"
    assert out.splitlines() == [
        f"added {seeds_copy / name}: 2 of 6 rows (4 refused)",
        "  new project: Sky Pirates (sky-pirates), films.csv:3",
        "    release: 'October 2, 2027' is 2 Oct 2027 (2027-10-02)",
        "  new project: Iron Signal (iron-signal), films.csv:7",
        "    release: 'summer 2028' is Summer 2028 (2028-22)",
    ]
    refused = [line for line in err.splitlines() if line.startswith("films.csv:")]
    assert (
        refused[0] == "films.csv:2: Top Gun 3: already on the slate as top-gun-3: not added again"
    )
    assert refused[1].startswith("films.csv:4: Quiet Water: no status: write one of Rumored, ")
    assert refused[2] == (
        "films.csv:5: The Long Night: Release date: cannot read 'soon' as a date: too vague to "
        "date: leave it TBA, or give a year, season or month ('2027', 'summer 2027')"
    )
    assert refused[3].startswith(
        "films.csv:6: Harbour Lights: Status: 'maybe' is not a status; one of: Rumored, "
    )
    assert len(refused) == 4
    assert "--as-claims records it as claims about the one there" in err
    # One new file; nothing there before is touched; the folder loads with it.
    after = _files(seeds_copy)
    assert set(after) - set(before) == {name}
    assert all(after[n] == data for n, data in before.items())
    slate = load_slate(seeds_copy)
    sky = slate.project("sky-pirates")
    assert (sky.status.value, str(sky.release), sky.written) == (
        "in_development", "2027-10-02", {"release": "October 2, 2027"},
    )  # fmt: skip
    assert [c.name for c in slate.project("iron-signal").cast] == ["Tom Cruise", "Ana de Armas"]
    # Every fact has a source: the list itself, by its name, its file and the day.
    source = slate.sources_by_id[sky.sources[0]]
    assert (source.name, source.file, source.published.earliest) == (
        "films.csv", "films.csv", dt.date.today(),
    )  # fmt: skip
    code, out, _ = run(capsys, "validate", "--data", str(seeds_copy))
    assert code == 0 and f" {len(SEED_PROJECTS) + 2} projects, " in out


def test_import_run_again_adds_nothing_and_overwrites_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seeds_copy: Path
) -> None:
    assert _import(capsys, monkeypatch, seeds_copy)[0] == 0
    before = _files(seeds_copy)
    code, out, err = _import(capsys, monkeypatch, seeds_copy)
    assert (code, out) == (1, "")
    assert "films.csv:3: Sky Pirates: already on the slate as sky-pirates: not added again" in err
    assert err.endswith("nothing added: none of the 6 rows could be; nothing was written\n")
    assert _files(seeds_copy) == before


def test_import_as_claims_records_a_film_on_the_slate_as_news_about_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seeds_copy: Path
) -> None:
    code, out, _ = _import(
        capsys, monkeypatch, seeds_copy, "--as-claims", "--source-name", "Ana's film list",
        "--published", "1 December 2026",
    )  # fmt: skip
    assert code == 0
    assert (
        out.splitlines()[0]
        == f"added {seeds_copy / '2026-12-01-ana-s-film-list.yaml'}: 3 of 6 rows (3 refused)"
    )
    lines = out.splitlines()
    at = lines.index("  claims about Top Gun 3 (top-gun-3), films.csv:2")
    assert lines[at + 1 : at + 3] == [
        "    release: 'late 2026' is Q4 2026 (2026-36)",
        "    Studio 'Paramount' not recorded: a claim records status, dates and people, not "
        "the studio",
    ]
    top_gun = load_slate(seeds_copy).project("top-gun-3")
    assert (top_gun.status.value, str(top_gun.release)) == ("pre_production", "2026-36")
    claim = top_gun.updates[-1]
    assert claim.source == "ana-s-film-list" and claim.written == {"release": "late 2026"}


def test_import_of_nothing_usable_exits_1_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seeds_copy: Path
) -> None:
    before = _files(seeds_copy)
    code, out, err = _import(capsys, monkeypatch, seeds_copy, text="Film,Year\nTop Gun,1986\n")
    assert (code, out) == (1, "")
    assert err.startswith("films.csv:1: no status column: add one (Status or Stage)")
    assert err.endswith("nothing was written\n")
    assert _files(seeds_copy) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["import"], "the following arguments are required: FILE"),
        (["import", "films.csv", "--published", "soon"], "cannot read 'soon' as a date"),
        (["import", "films.csv", "--source-name", " "], "a source name is 1 to 300 characters"),
    ],
)
def test_import_with_a_bad_command_line_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and words in err


def test_import_as_a_real_process_reads_the_export_back_into_another_folder(
    tmp_path: Path, make_folder: MakeFolder
) -> None:
    exported = run_process("export", "--status", "stalled")
    assert exported.returncode == 0
    listed = tmp_path / "stalled.csv"
    listed.write_bytes(exported.stdout)
    folder = make_folder()
    done = run_process("import", str(listed), "--data", str(folder))
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "  new project: Untitled space film (NASA / SpaceX) (untitled-space-film)" in out
    space = load_slate(folder).project("untitled-space-film")
    assert space.status.value == "stalled"
    assert {"space-film-hurdles-2025", "challenge-race-2021"} <= set(space.sources)


def test_import_refuses_at_its_line_a_row_the_whole_folder_refuses(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seeds_copy: Path
) -> None:
    # The 1987 co-production came to nothing: a release is not news it can take.
    text = "Title,Release,Status\nUS–Soviet co-production (1987 idea),2027,\nKite,,Announced\n"
    code, out, err = _import(capsys, monkeypatch, seeds_copy, "--as-claims", text=text)
    assert code == 0, err
    assert out.splitlines()[1:] == ["  new project: Kite (kite), films.csv:3"]
    (refused,) = [line for line in err.splitlines() if line.startswith("films.csv:")]
    assert refused.startswith("films.csv:2: US–Soviet co-production (1987 idea): release: ")
    assert "abandoned" in refused
    assert "us-soviet-coproduction-1987" in load_slate(seeds_copy).projects_by_id


# --- slate add: a report's problems, all in one run ----------------------------------------

# A new user's first report: a typo in the project's id, an impossible date, a made-up status.
TYPOS = """\
sources:
  - id: trade-topgun-2026
    name: Top Gun 3 gets a date
    outlet: Trade Daily
    published: "2026-11-20"
    note: A trade report that Top Gun 3 shoots in 2027.
updates:
  - project: topgun-3
    date: "2026-13-40"
    source: trade-topgun-2026
    status: soon
    note: Set to shoot in 2027.
"""


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _add(folder: Path, *reports: Path) -> tuple[int, list[str]]:
    """`python -m slate add` as a user runs it: its exit code and the lines of its stderr,
    after checking that it wrote nothing to stdout or to the folder."""
    before = _snapshot(folder)
    done = run_process("add", *map(str, reports), "--data", str(folder))
    assert done.stdout == b""
    assert _snapshot(folder) == before
    return done.returncode, done.stderr.decode().splitlines()


def test_add_lists_every_problem_of_a_report_in_one_run(seeds_copy: Path, tmp_path: Path) -> None:
    report = tmp_path / "2026-11-20-trade-topgun.yaml"
    report.write_text(TYPOS, encoding="utf-8")
    code, lines = _add(seeds_copy, report)
    assert code == 1
    head, project, date, status, tail = lines
    assert (head, tail) == ("3 problems in the slate data", "nothing was written")
    # The unknown id is found though the same claim's date and status fail validation.
    assert project == (
        f"{report.name}:8: updates[0].project: unknown project id 'topgun-3'; "
        "did you mean 'top-gun-3'?"
    )
    assert date.startswith(f"{report.name}:9: updates[0].date: ") and "'2026-13-40'" in date
    assert status.startswith(f"{report.name}:11: updates[0].status: ") and "'soon'" in status


def test_add_lists_the_problems_of_every_report_at_once(seeds_copy: Path, tmp_path: Path) -> None:
    one = tmp_path / "2026-11-20-one.yaml"
    one.write_text(
        "sources:\n"
        '  - {id: one, name: One, published: "2026-11-31", note: A report.}\n'
        "updates:\n"
        "  - {project: digger, source: one, status: released, note: Out.}\n",
        encoding="utf-8",
    )
    two = tmp_path / "2026-11-21-two.yaml"
    two.write_text(
        "sources:\n"
        '  - {id: two, name: Two, published: "2026-11-21", note: A report.}\n'
        "updates:\n"
        "  - {project: diger, source: one, status: released}\n",
        encoding="utf-8",
    )
    code, lines = _add(seeds_copy, one, two)
    assert code == 1
    problems = lines[1:-1]
    assert lines[0] == f"{len(problems)} problems in the slate data"
    assert [p.split(": ", 2)[:2] for p in problems] == [
        [f"{one.name}:2", "sources[0].published"],
        [f"{two.name}:4", "updates[0].note"],
        [f"{two.name}:4", "updates[0].project"],
    ]
    assert problems[2].endswith("unknown project id 'diger'; did you mean 'digger'?")
    # The source `one` is defined, if wrongly dated, in the other report: not unknown.
    assert "unknown source id" not in "\n".join(lines)


REVIEWED = """\
sources:
  - id: review-2026
    name: A review
    published: 7 Dec 2026
    note: A report of three claims.
updates:
  - project: untitled-space-film
    source: review-2026
    status: pre-prod
    note: A status as people shorten it.
  - project: untitled-space-film
    source: review-2026
    date: Mar 2027
    status: in development
    note: Dated after the report.
  - project: challenge
    source: review-2026
    note: Says nothing.
"""


def test_add_lists_a_report_s_bad_value_late_claim_and_empty_claim_in_one_run(
    seeds_copy: Path, tmp_path: Path
) -> None:
    # The status fails validation; the other claims' problems need no history, so they are
    # found in the same run, from the claims as written.
    report = tmp_path / "2026-12-07-review.yaml"
    report.write_text(REVIEWED, encoding="utf-8")
    code, lines = _add(seeds_copy, report)
    assert code == 1
    head, status, late, empty, tail = lines
    assert (head, tail) == ("3 problems in the slate data", "nothing was written")
    assert status.startswith(f"{report.name}:9: updates[0].status: 'pre-prod' is not a status")
    assert late == (
        f"{report.name}:13: updates[1].date: Mar 2027 is after its source was published "
        "(7 Dec 2026): a claim can only say what holds by then"
    )
    assert empty == (
        f"{report.name}:16: updates[2]: says nothing: give a status, release, filming date "
        "or credits"
    )


def test_add_offers_the_field_a_typo_means_beside_the_report_s_other_problems(
    seeds_copy: Path, tmp_path: Path
) -> None:
    report = tmp_path / "2026-12-07-typo.yaml"
    report.write_text(
        "sources:\n"
        "  - {id: typo-2026, name: A typo, published: 7 Dec 2026, note: A report.}\n"
        "updates:\n"
        "  - project: untitled-space-film\n"
        "    source: typo-2026\n"
        "    relase: 2027\n"
        "  - {project: challenge, source: typo-2026, note: Says nothing.}\n",
        encoding="utf-8",
    )
    code, lines = _add(seeds_copy, report)
    assert code == 1
    # The claim with the slip is not also said to say nothing: the slip is what it says.
    assert lines[1:-1] == [
        f"{report.name}:4: updates[0].note: missing required field",
        f"{report.name}:6: updates[0].relase: unknown field 'relase'; did you mean 'release'?",
        f"{report.name}:7: updates[1]: says nothing: give a status, release, filming date "
        "or credits",
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("films.csv", "Title,Status\nKite,Announced\n"),
        ("films.yaml", "- title: Kite\n  status: Announced\n"),
        ("my films.json", '[{"title": "Kite", "status": "Announced"}]'),
    ],
)
def test_add_given_a_list_of_films_points_to_import(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seeds_copy: Path,
    name: str,
    text: str,
) -> None:
    monkeypatch.chdir(seeds_copy.parent)
    Path(name).write_text(text, encoding="utf-8")
    before = _snapshot(seeds_copy)
    code, out, err = run(capsys, "add", name, "--data", str(seeds_copy))
    assert (code, out) == (1, "")
    command = "python -m slate import " + (f"'{name}'" if " " in name else name)
    assert err.splitlines() == [
        f"{name} is a list of films: bring it in with `{command}`",
        "nothing was written",
    ]
    assert _snapshot(seeds_copy) == before


def test_add_says_a_file_name_is_unfit_with_what_is_wrong_inside(
    seeds_copy: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(TYPOS, encoding="utf-8")
    code, lines = _add(seeds_copy, report)
    assert code == 1
    assert lines[0].startswith("not added: 'report.txt' is not a data file name")
    assert lines[1] == "3 problems in the slate data"
    assert lines[2].startswith("report.txt:8: updates[0].project: unknown project id 'topgun-3'")
    assert lines[-1] == "nothing was written"

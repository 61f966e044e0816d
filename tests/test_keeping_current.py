"""Keeping the slate current and taking it anywhere: report files, `slate add`, uploads,
exports that load back, and the calendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slate.assess import assess
from slate.export import FORMAT, describe, to_csv, to_ics, to_json, to_yaml
from slate.importer import MAX_UPLOAD_BYTES, read_upload, rejected_csv
from slate.knowledge import Day
from slate.load import content_hash, load_documents, load_slate
from slate.models import Slate
from slate.query import Filters, apply_filters, to_frame
from slate.report import file_name, report_yaml, suggest_id
from slate.store import FileExistsInFolderError, add_files, write_new
from slate.synthetic import synthetic_slate
from tests.conftest import ROOT, SEEDS, resolved
from tests.test_claims import TOP_GUN_REPORT

AS_OF = dt.date(2026, 12, 2)


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slate", *args], capture_output=True, text=True, cwd=cwd,
        check=False, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


@pytest.mark.parametrize("command", ["add", "import"])
def test_a_write_never_lands_in_the_built_in_slate_by_default(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLATE_DATA", raising=False)
    listed = tmp_path / "films.csv"
    listed.write_text("Title,Status\nSky Pirates,Announced\n", encoding="utf-8")
    before = sorted(p.name for p in SEEDS.iterdir())
    done = _cli(command, str(listed))
    assert done.returncode == 2
    assert f"python -m slate {command}: say which data folder to add to, with --data DIR" in (
        done.stderr
    )
    assert sorted(p.name for p in SEEDS.iterdir()) == before


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- A report is one new file ------------------------------------------------------------


def test_the_form_s_report_file_loads_and_is_named_for_its_day() -> None:
    source = {
        "id": suggest_id("Trade Daily", "Paramount dates the third Top Gun 3"),
        "name": "Top Gun 3 gets a date",
        "outlet": "Trade Daily",
        "headline": "Paramount dates the third Top Gun",
        "url": "",
        "published": "2026-11-20",
        "note": "A trade report.",
    }
    assert source["id"] == "trade-daily-paramount-dates-the-third-top-gun-3"
    claims = [
        {"project": "top-gun-3", "date": "2026-11-20", "source": source["id"],
         "status": "pre_production", "release": "2028-36", "filming": "", "note": "Dated."},
    ]  # fmt: skip
    text = report_yaml(source, claims, made=AS_OF)
    assert "url:" not in text and "filming:" not in text  # empty fields mean "not said"
    name = file_name(source["id"], source["published"])
    assert name == "2026-11-20-trade-daily-paramount-dates-the-third-top-gun-3.yaml"
    assert file_name("x", "2026-36~") == "2026-10-01-x.yaml"
    slate = load_slate(SEEDS, extra=[(name, text.encode())])
    assert str(slate.project("top-gun-3").release) == "2028-36"


def test_slate_add_puts_a_report_in_and_says_what_changed(seeds_copy: Path, tmp_path: Path):
    report = tmp_path / "2026-11-20-trade-topgun-2026.yaml"
    report.write_text(TOP_GUN_REPORT, encoding="utf-8")
    before = _snapshot(seeds_copy)
    done = _cli("add", str(report), "--data", str(seeds_copy))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == [
        f"added {seeds_copy}/2026-11-20-trade-topgun-2026.yaml",
        "top-gun-3 (Top Gun 3):",
        "  status: In development -> Pre-production",
        "  release: TBA -> Q4 2028",
    ]
    after = _snapshot(seeds_copy)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing rewritten
    assert after[report.name] == report.read_bytes()
    assert oct((seeds_copy / report.name).stat().st_mode & 0o777) != "0o600"
    # The same result as the dashboard would show: the folder with the file in it.
    assert load_slate(seeds_copy).project("top-gun-3").status.value == "pre_production"
    again = _cli("add", str(report), "--data", str(seeds_copy))
    assert again.returncode == 1
    assert "already in" in again.stderr and "nothing was written" in again.stderr


def test_slate_add_writes_nothing_when_the_report_has_problems(seeds_copy: Path, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TOP_GUN_REPORT.replace("project: top-gun-3", "project: top-gun-9"), "utf-8")
    before = _snapshot(seeds_copy)
    done = _cli("add", str(bad), "--data", str(seeds_copy))
    assert done.returncode == 1
    assert "bad.yaml:10: updates[0].project: unknown project id 'top-gun-9'" in done.stderr
    assert "nothing was written" in done.stderr
    assert _snapshot(seeds_copy) == before


def test_slate_add_refuses_a_file_not_named_as_data(seeds_copy: Path, tmp_path: Path) -> None:
    odd = tmp_path / "report.txt"
    odd.write_text(TOP_GUN_REPORT, encoding="utf-8")
    done = _cli("add", str(odd), "--data", str(seeds_copy))
    assert (done.returncode, done.stdout) == (1, "")
    assert "not added: 'report.txt' is not a data file name" in done.stderr
    assert "Traceback" not in done.stderr


def test_write_new_never_overwrites_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    write_new(tmp_path, "a.yaml", b"one")
    with pytest.raises(FileExistsInFolderError):
        write_new(tmp_path, "a.yaml", b"two")
    assert (tmp_path / "a.yaml").read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
    with pytest.raises(ValueError, match="not a data file name"):
        write_new(tmp_path, "../escape.yaml", b"x")
    with pytest.raises(FileExistsInFolderError):
        add_files(tmp_path, [("b.yaml", b"b"), ("a.yaml", b"a")])
    assert not (tmp_path / "b.yaml").exists()  # all or none


# --- Exports that load back ---------------------------------------------------------------


def test_json_export_describes_itself() -> None:
    slate = load_slate(SEEDS)
    rows = apply_filters(to_frame(slate, AS_OF), Filters(statuses=("in_development",)))
    meta = describe(
        slate, rows, as_of=AS_OF, filters=Filters(statuses=("in_development",)).as_dict(),
        data={"folder": "seeds", "sha256": content_hash(SEEDS)},
        generated=dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC),
    )  # fmt: skip
    document = json.loads(to_json(rows, slate, meta))
    assert document["meta"]["format"] == FORMAT
    assert document["meta"]["generated"] == "2026-12-02T09:30:00+00:00"
    assert document["meta"]["as_of"] == "2026-12-02"
    assert document["meta"]["filters"] == {"statuses": ["in_development"]}
    assert len(document["meta"]["data"]["sha256"]) == 64
    assert [s["id"] for s in document["meta"]["sources"]] == ["moscow-1987-slate-2025"]
    assert [p["id"] for p in document["projects"]] == ["broadsword", "les-grossman", "top-gun-3"]
    broadsword = document["projects"][0]
    assert broadsword["table"]["release_label"] == "2025–2026"
    # Each claim says which of its parts the curators inferred, and why; the row says the
    # status is inferred.
    (claim,) = broadsword["updates"]
    assert claim["date"] == "2025-36~" and claim["inferred"]["status"].startswith("The article")
    assert broadsword["table"]["status_basis"] == "inferred"
    assert document["projects"][1]["table"]["status_basis"] == "stated"


def test_content_hash_changes_with_the_data(seeds_copy: Path) -> None:
    first = content_hash(seeds_copy)
    assert first == content_hash(SEEDS)
    (seeds_copy / "extra.yaml").write_text("events: []\n", encoding="utf-8")
    assert content_hash(seeds_copy) != first


def _round_trips(whole: Slate, tmp_path: Path) -> None:
    # Every export is of the slate as known on its day: that is what must load back.
    slate = Day.of(whole, AS_OF).view
    ids = [p.id for p in slate.projects]
    frame = to_frame(whole, AS_OF)
    # YAML: one data file that loads back to the same records.
    folder = tmp_path / "yaml"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "slate.yaml").write_text(to_yaml(slate, ids, ["A test."]), encoding="utf-8")
    loaded = load_slate(folder)
    assert loaded.projects == slate.projects
    assert loaded.events == slate.events
    assert {s.id for s in loaded.sources} <= {s.id for s in slate.sources}
    # JSON: the export as the Import page takes it.
    meta = describe(slate, frame, as_of=AS_OF, filters={}, data={})
    upload = read_upload("slate.json", to_json(frame, slate, meta).encode(), slate, "replace")
    assert upload.usable, upload.problems
    by_id = {p.id: p for p in load_documents(upload.documents).projects}
    assert [by_id[p.id] for p in slate.projects] == slate.projects
    # CSV: imports back to the same table.
    csv_text = to_csv(frame)
    upload = read_upload("slate.csv", csv_text.encode(), slate, "replace")
    assert upload.usable and not upload.rejected, (upload.problems, upload.rejected)
    again = load_documents(upload.documents)
    # A CSV holds the table, not the claims behind it: what it cannot bring back are the
    # flags those claims raise (a disagreement, a release a second claim confirms). Every
    # other cell comes back, and so do the flags of a project with one claim.
    back = to_frame(again, AS_OF)
    assert to_csv(_no_flags(back)) == to_csv(_no_flags(frame)), _first_difference(
        to_csv(_no_flags(back)), to_csv(_no_flags(frame))
    )
    single = {p.id for p in slate.projects if len(p.updates) == 1}
    mine = frame[frame["id"].isin(single)]
    assert list(back[back["id"].isin(single)]["flags"]) == list(mine["flags"])


def _no_flags(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(flags=[[] for _ in range(len(table))])


def _first_difference(got: str, wanted: str) -> str:
    pairs = zip(got.splitlines(), wanted.splitlines(), strict=False)
    return next((f"got  {a}\nwant {b}" for a, b in pairs if a != b), "lengths differ")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(size=st.integers(min_value=1, max_value=40), seed=st.integers(min_value=0, max_value=10**6))
def test_every_export_loads_back(size: int, seed: int, tmp_path: Path) -> None:
    _round_trips(synthetic_slate(size, seed=seed), tmp_path / f"{size}-{seed}")


def test_the_built_in_slate_loads_back_from_each_export(tmp_path: Path) -> None:
    _round_trips(load_slate(SEEDS), tmp_path)


def test_a_cli_yaml_export_validates_as_a_folder(tmp_path: Path) -> None:
    done = _cli("export", "--format", "yaml", "--status", "paused")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "paused.yaml").write_text(done.stdout, encoding="utf-8")
    assert done.stdout.startswith("# Exported by `python -m slate export --format yaml`")
    assert [p.id for p in load_slate(folder).projects] == ["deeper"]


# --- The calendar -------------------------------------------------------------------------


def test_releases_as_a_calendar_parse_back() -> None:
    slate = load_slate(SEEDS)
    frame = to_frame(slate, AS_OF)
    text, left_out = to_ics(frame, slate, generated=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    calendar = icalendar.Calendar.from_ical(text)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert left_out == 6  # neither a release nor a filming date
    assert {uid for uid in events if uid.endswith(".release@slate")} == {
        "mission-impossible-the-final-reckoning.release@slate",
        "broadsword.release@slate",
        "digger.release@slate",
    }
    digger = events["digger.release@slate"]
    assert (digger.decoded("dtstart"), digger.decoded("dtend")) == (
        dt.date(2026, 10, 2),
        dt.date(2026, 10, 3),
    )
    # A planned day is a plan, and this one passed unconfirmed: only a release counts.
    assert str(digger["status"]) == "TENTATIVE"
    assert "Release date passed 61 days ago without a confirming source" in str(
        digger["description"]
    )
    # Released, but "2025" gives no day: its event sits on the year's first day, tentative
    # (tests/test_calendar.py has the rules).
    reckoning = events["mission-impossible-the-final-reckoning.release@slate"]
    assert str(reckoning["status"]) == "TENTATIVE"
    broadsword = events["broadsword.release@slate"]
    assert str(broadsword["summary"]) == "Broadsword: release 2025–2026"
    assert str(broadsword["status"]) == "TENTATIVE"
    assert (broadsword.decoded("dtstart"), broadsword.decoded("dtend")) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 1, 2),
    )
    # The same project gets the same UID in a newer file: calendars update, not duplicate.
    later, _ = to_ics(frame, slate, generated=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert "UID:digger.release@slate" in later


def test_an_approximate_release_is_a_tentative_window_with_its_words() -> None:
    slate = Slate.model_validate(
        {
            "sources": [{"id": "s", "name": "S", "published": "2025", "note": "N."}],
            "projects": [
                {"id": "eot", "title": "Edge of Tomorrow 2", "status": "pre_production",
                 "release": "2026-36~", "logline": "L.", "sources": ["s"]},
            ],
        }
    )  # fmt: skip
    text, _ = to_ics(to_frame(slate, AS_OF), slate)
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["summary"]) == "Edge of Tomorrow 2: release c. Q4 2026"
    assert str(event["status"]) == "TENTATIVE"


# --- Marked released, but dated after the day -------------------------------------------

DAY = dt.date(2026, 12, 7)
EARLY = "Marked released, but its release (2027) is after 7 Dec 2026: check the status or the date"


def _listed(*projects: tuple[str, str, str]) -> Slate:
    """A public list of films: (id, status, release) each, all from one source."""
    return resolved(
        {
            "sources": [
                {"id": "list", "name": "A film list", "published": "2026-06", "note": "N."}
            ],
            "projects": [
                {"id": pid, "title": pid.title(), "status": status, "release": release,
                 "logline": "L.", "sources": ["list"]}
                for pid, status, release in projects
            ],
        }
    )  # fmt: skip


def test_a_film_marked_released_but_dated_after_the_day_is_flagged() -> None:
    slate = _listed(
        ("far", "released", "2027"),
        ("december", "released", "2026-12"),
        ("out", "released", "2020"),
        ("coming", "announced", "2027"),
    )
    flags = to_frame(slate, DAY).set_index("id")["flags"]
    assert list(flags["far"]) == [EARLY]
    # Its first possible day is behind the day: it may have opened on the 1st.
    assert list(flags["december"]) == []
    assert list(flags["out"]) == []
    # A film not marked released is simply upcoming.
    assert list(flags["coming"]) == []
    # One project assessed alone (the detail view) gets the same flag.
    far = slate.project("far")
    assessment = assess(slate, far, DAY)
    assert assessment.marked_released_early and assessment.flags == [EARLY]
    # From the release's first day on, nothing contradicts the status.
    assert not assess(slate, far, dt.date(2027, 1, 1)).marked_released_early


def test_the_flag_reaches_the_csv_export_s_flags_column() -> None:
    slate = _listed(("far", "released", "2027"), ("out", "released", "2020"))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(to_frame(slate, DAY))))}
    assert rows["far"]["flags"] == EARLY
    assert rows["out"]["flags"] == ""


def test_each_of_many_films_marked_released_is_flagged_with_its_own_date() -> None:
    # A public data set: sixteen films marked released, dated years ahead.
    slate = _listed(*((f"film-{i}", "released", str(2027 + i)) for i in range(16)))
    flags = list(to_frame(slate, DAY)["flags"])
    assert [f[0].split(": ")[0] for f in flags] == [
        f"Marked released, but its release ({2027 + i}) is after 7 Dec 2026" for i in range(16)
    ]


def test_the_flag_follows_the_as_of_day_s_own_claims() -> None:
    # Known on 1 Sep 2026: both films listed as out, dated ahead. By December a later
    # source had dated one of them to May 2026, in the past; the other is as it was.
    slate = resolved(
        {
            "sources": [
                {"id": "list", "name": "A film list", "published": "2025-12", "note": "N."},
                {"id": "fix", "name": "A correction", "published": "2026-10", "note": "N."},
            ],
            # The day's view keeps Kept's record whole and tells Fixed anew: both are weighed.
            "projects": [
                {"id": "fixed", "title": "Fixed", "logline": "L.", "sources": ["list", "fix"],
                 "updates": [
                     {"source": "list", "status": "released", "release": "2028",
                      "note": "Listed as out."},
                     {"source": "fix", "release": "2026-05-01", "note": "Opened in May."},
                 ]},
                {"id": "kept", "title": "Kept", "status": "released", "release": "2028",
                 "logline": "L.", "sources": ["list"]},
            ],
        }
    )  # fmt: skip
    before = to_frame(slate, dt.date(2026, 9, 1)).set_index("id")["flags"]
    words = EARLY.replace("2027", "2028").replace("7 Dec 2026", "1 Sep 2026")
    assert list(before["kept"]) == [words]
    assert list(before["fixed"]) == [words]
    after = to_frame(slate, DAY).set_index("id")["flags"]
    assert list(after["kept"]) == [words.replace("1 Sep 2026", "7 Dec 2026")]
    assert list(after["fixed"]) == []


# --- Uploads: bad files get a clear message -----------------------------------------------

BAD_UPLOADS = [
    pytest.param("big.yaml", b"x" * (MAX_UPLOAD_BYTES + 1), "big.yaml: larger than 5 MB",
                 id="size"),
    pytest.param("e.yaml", b"  \n", "e.yaml: the file is empty", id="empty"),
    pytest.param("l.csv", "id,title\nx,é".encode("latin-1"), "l.csv:2: not UTF-8 text (byte 0xe9)",
                 id="latin-1"),
    pytest.param("o.csv", b"name,year\nTop Gun,1986\n",
                 "o.csv:1: no status column: add one (Status or Stage)", id="another tool"),
    pytest.param("x.txt", b"hello", "x.txt: not a .yaml, .yml, .json or .csv file", id="kind"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "expected"), BAD_UPLOADS)
def test_a_bad_upload_says_what_is_wrong(name: str, data: bytes, expected: str) -> None:
    upload = read_upload(name, data, load_slate(SEEDS), "replace")
    assert not upload.usable
    assert str(upload.problems[0]).startswith(expected), upload.problems


def test_a_utf8_bom_is_fine() -> None:
    slate = load_slate(SEEDS)
    csv_text = to_csv(to_frame(slate, AS_OF), bom=True)
    upload = read_upload("with-bom.csv", csv_text.encode("utf-8"), slate, "replace")
    assert upload.usable and upload.rows == 12


def test_csv_rows_with_problems_are_listed_and_the_rest_can_load() -> None:
    slate = load_slate(SEEDS)
    lines = to_csv(to_frame(slate, AS_OF)).split("\r\n")
    lines[2] = lines[2] + ',"one cell too many"'  # ragged: pandas would fill or shift
    lines[3] = lines[3].replace("announced", "maybe", 1) if "announced" in lines[3] else lines[3]
    lines.insert(5, lines[4])  # a duplicate id
    upload = read_upload("rows.csv", "\r\n".join(lines).encode(), slate, "replace")
    assert [(r.line, r.problem.split(":")[0]) for r in upload.rejected] == [
        (3, "27 cells, the header has 26"),
        (6, "id"),
    ]
    assert "duplicate id" in upload.rejected[1].problem
    assert upload.usable
    assert len(load_documents(upload.documents).projects) == 11
    listed = rejected_csv(upload)
    assert listed.startswith("line,problem,")
    assert "27 cells" in listed.splitlines()[1]


def test_adding_a_csv_refuses_ids_already_on_screen() -> None:
    slate = load_slate(SEEDS)
    upload = read_upload("same.csv", to_csv(to_frame(slate, AS_OF)).encode(), slate, "add")
    assert len(upload.rejected) == 12 and not upload.documents
    assert "already in the slate on screen" in upload.rejected[0].problem


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("deep.yaml", "x: " + "[" * 10_000 + "]" * 10_000, "nested more than 64 deep"),
        ("bomb.yaml", 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
         + "".join(f"{c}: &{c} [{', '.join(f'*{p}' for _ in range(9))}]\n"
                   for p, c in zip("abcdefgh", "bcdefghi", strict=True)), "alias"),
    ],
)  # fmt: skip
def test_hostile_yaml_uploads_are_refused_quickly(name: str, text: str, words: str) -> None:
    upload = read_upload(name, text.encode(), load_slate(SEEDS), "add")
    assert upload.usable  # the bytes go to the loader, which refuses them with the line
    with pytest.raises(Exception) as caught:
        load_slate(SEEDS, extra=upload.documents)
    assert words in str(caught.value) and f"{name}:" in str(caught.value)

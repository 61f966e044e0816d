"""Dates as people write them, end to end: a data file, a report and the command line accept
"late 2026" and "next year", store the EDTF they mean, keep the words beside it, and show
both; EDTF keeps working everywhere, and words no one can date are refused with a hint."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from slate.dates import FuzzyDate
from slate.load import SlateError, load_slate
from slate.models import Project
from tests.conftest import ROOT, SEEDS, MakeFolder

REPORT = """\
sources:
  - id: screen-wire-dec
    name: Screen Wire in December
    outlet: Screen Wire
    published: 7 December 2026
    note: A made-up report for the tests.
updates:
  - project: top-gun-3
    source: screen-wire-dec
    date: 2 October 2026
    release: next summer
    filming: early next year
    note: Dates for the third Top Gun.
"""


def _slate_with(report: str) -> object:
    return load_slate(SEEDS, extra=[("2026-12-07-screen-wire-dec.yaml", report.encode())])


def test_a_report_in_words_is_stored_as_edtf_with_its_words_kept() -> None:
    slate = _slate_with(REPORT)
    source = slate.sources_by_id["screen-wire-dec"]  # type: ignore[attr-defined]
    assert str(source.published) == "2026-12-07"
    assert source.written == {"published": "7 December 2026"}
    (claim,) = [u for u in slate.project("top-gun-3").updates if u.source == source.id]  # type: ignore[attr-defined]
    # "next summer" and "early next year" are read against the article's own day.
    assert (str(claim.date), str(claim.release), str(claim.filming)) == (
        "2026-10-02",
        "2027-22",
        "2027-33",
    )
    assert claim.written == {
        "date": "2 October 2026",
        "release": "next summer",
        "filming": "early next year",
    }


def test_relative_words_are_read_against_the_source_not_today() -> None:
    older = REPORT.replace("7 December 2026", "20 November 2025").replace(
        "date: 2 October 2026", "date: 2 October 2025"
    )
    slate = _slate_with(older)
    (claim,) = [
        u
        for u in slate.project("top-gun-3").updates  # type: ignore[attr-defined]
        if u.source == "screen-wire-dec"
    ]
    assert str(claim.release) == "2026-22"


def test_relative_words_without_a_dated_source_are_refused_at_their_field(
    make_folder: MakeFolder,
) -> None:
    project = (
        "projects:\n  - id: alpha\n    title: Alpha\n    status: announced\n"
        "    logline: A test film.\n    sources: [trade-2025]\n    release: next year\n"
    )
    with pytest.raises(SlateError) as caught:
        load_slate(make_folder(projects__yaml=project))
    (problem,) = [str(p) for p in caught.value.problems if p.field.endswith("release")]
    assert "projects.yaml:7: projects[0].release: cannot read 'next year' as a date" in problem
    assert "relative to when it was written" in problem


def test_edtf_comes_first_in_a_data_file_and_a_person_s_span_where_edtf_has_none() -> None:
    base = {"id": "x", "title": "X", "status": "announced", "logline": "l", "sources": ["s"]}
    # In a data file "2021-22" is EDTF's summer 2021; "2025-26" is no EDTF, so a span.
    assert str(Project.model_validate({**base, "release": "2021-22"}).release) == "2021-22"
    spanned = Project.model_validate({**base, "release": "2025-26"})
    assert (str(spanned.release), spanned.written) == ("2025/2026", {"release": "2025-26"})
    assert Project.model_validate({**base, "release": "2026-36"}).written == {}


def test_written_may_only_name_the_record_s_dates() -> None:
    base = {"id": "x", "title": "X", "status": "announced", "logline": "l", "sources": ["s"]}
    with pytest.raises(ValueError, match="written names 'studio', which is not one of"):
        Project.model_validate({**base, "written": {"studio": "Paramount"}})


def test_the_words_survive_the_cache_and_an_export(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in SEEDS.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "2026-12-07-screen-wire-dec.yaml").write_text(REPORT)
    first = load_slate(folder)
    again = load_slate(folder)  # a warm start, from the cache
    for slate in (first, again):
        claim = slate.project("top-gun-3").updates[-1]
        assert claim.written["release"] == "next summer"
        assert claim.release == FuzzyDate.parse("2027-22")


def _slate_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )


def test_the_date_command_shows_what_words_are_stored_as() -> None:
    done = _slate_cli("date", "late", "2026")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "late 2026",
        "  stored as  2026-36",
        "  shown as   Q4 2026",
        "  spans      1 Oct 2026 to 31 Dec 2026",
    ]


def test_the_date_command_reads_relative_words_on_the_day_given_as_json() -> None:
    done = _slate_cli("date", "--on", "2027-03-01", "--json", "this summer")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "text": "this summer",
        "edtf": "2027-22",
        "label": "Summer 2027",
        "earliest": "2027-06-01",
        "latest": "2027-08-31",
    }
    # Written in December, "this summer" could be either: asked, not guessed.
    done = _slate_cli("date", "--on", "2026-12-07", "this summer")
    assert done.returncode == 2
    assert "could be the one just gone or the one ahead: name the year" in done.stderr


def test_the_date_command_refuses_vague_words_with_a_hint_and_exit_2() -> None:
    done = _slate_cli("date", "coming", "soon")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("python -m slate date: cannot read 'coming soon' as a date:")
    assert "leave it TBA, or give a year" in done.stderr


def test_the_detail_view_shows_the_words_and_what_they_became(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app import open_page

    folder = tmp_path / "data"
    folder.mkdir()
    for path in SEEDS.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "2026-12-07-screen-wire-dec.yaml").write_text(REPORT)
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2026-12-07"
    at.query_params["project"] = "top-gun-3"
    open_page(at, "slate")
    assert not at.exception, at.exception
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "**Release:** Summer 2027 (written “next summer”, stored as 2027-22)" in shown
    assert "Release: Summer 2027 (written “next summer”)" in shown
    assert "**2 Oct 2026 (written “2 October 2026”)** · reported 7 Dec 2026" in shown


@pytest.mark.parametrize(
    ("release", "expected"),
    [
        # A day in numbers gets the reader's hint, not EDTF's grammar.
        ("02/10/2026", "may be day-first or month-first (2 October or 10 February)"),
        # A source from another file: its day cannot date this file's "next summer".
        (
            "next summer",
            "its source 'trade-2025' is not in this file: give the date itself",
        ),
    ],
    ids=["numbered day", "relative, source elsewhere"],
)
def test_a_claim_s_unreadable_words_say_why_at_their_field(
    make_folder: MakeFolder, release: str, expected: str
) -> None:
    report = (
        "updates:\n  - project: alpha\n    source: trade-2025\n"
        f"    release: {release}\n    note: A claim.\n"
    )
    with pytest.raises(SlateError) as caught:
        load_slate(make_folder(report__yaml=report))
    (problem,) = [str(p) for p in caught.value.problems]
    assert "report.yaml:4: updates[0].release: cannot read" in problem
    assert expected in problem


def test_slate_import_says_what_each_date_in_words_became(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SEEDS, folder)
    listed = tmp_path / "films.csv"
    listed.write_text(
        "Title,Director,Release date,Status\n"
        "Sky Pirates,Dana Reyes,late 2027,In development\n"
        "Night Shift,Ana Lopes,2027-10-02,Announced\n",
        encoding="utf-8",
    )
    done = _slate_cli("import", str(listed), "--data", str(folder), "--published", "2026-12-07")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index(f"  new project: Sky Pirates (sky-pirates), {listed}:2")
    assert lines[at + 1] == "    release: 'late 2027' is Q4 2027 (2027-36)"
    # EDTF was no words: nothing to say about it.
    assert lines[-1] == f"  new project: Night Shift (night-shift), {listed}:3"

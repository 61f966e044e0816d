"""A slate names its own subject in its data (`subject:`): the built-in slate is Tom Cruise's
because its data says so, another is its own subject's, and one that names nobody is a
"Film slate"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slate.export import describe, slate_title, to_ics, to_json, to_yaml
from slate.importer import read_upload
from slate.knowledge import Day
from slate.load import SlateError, load_documents, load_slate
from slate.query import to_frame
from slate.ui.common import Context
from tests.conftest import SEEDS, VALID, MakeFolder

DANA = "subject: Dana Reyes\n"
AS_OF = dt.date(2026, 11, 21)


def _problems(folder: Path, extra: list[tuple[str, bytes]] | None = None) -> list[str]:
    with pytest.raises(SlateError) as caught:
        load_slate(folder, extra=extra or [])
    return [str(p) for p in caught.value.problems]


def test_the_built_in_slate_is_tom_cruise_s_by_its_data() -> None:
    assert load_slate(SEEDS).subject == "Tom Cruise"
    assert "subject: Tom Cruise\n" in (SEEDS / "projects.yaml").read_text(encoding="utf-8")


def test_a_slate_that_names_nobody_is_a_film_slate(make_folder: MakeFolder) -> None:
    slate = load_slate(make_folder())
    assert slate.subject is None
    assert slate_title(slate.subject) == "Film slate"


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Tom Cruise", "Tom Cruise's film slate"),
        ("Dana Reyes", "Dana Reyes's film slate"),
        ("James", "James's film slate"),
        ("Penélope Cruz", "Penélope Cruz's film slate"),
    ],
)
def test_the_title_is_the_subject_s_possessive(subject: str, title: str) -> None:
    assert slate_title(subject) == title


def test_any_one_file_may_name_the_subject(make_folder: MakeFolder) -> None:
    # A file of its own, or the top of a file of records: the others need not repeat it.
    assert load_slate(make_folder(slate__yaml=DANA)).subject == "Dana Reyes"
    events = DANA + VALID["events.yaml"].replace("        ", "")
    assert load_slate(make_folder(events__yaml=events)).subject == "Dana Reyes"


def test_files_that_name_the_same_subject_agree(make_folder: MakeFolder) -> None:
    folder = make_folder(a__yaml=DANA, z__yaml="# Hers too.\n" + DANA)
    assert load_slate(folder).subject == "Dana Reyes"


def test_a_second_file_naming_another_subject_is_a_problem_at_its_line(
    make_folder: MakeFolder,
) -> None:
    # Read in name order: a.yaml names her first, z.yaml is the one that disagrees.
    folder = make_folder(a__yaml=DANA, z__yaml="# Someone else's.\nsubject: Tom Cruise\n")
    assert _problems(folder) == [
        f"{folder / 'z.yaml'}:2: subject: names 'Tom Cruise', but {folder / 'a.yaml'} names "
        "'Dana Reyes': a slate has one subject (name it in one file, or the same in each)"
    ]


def test_a_subject_clash_is_reported_with_the_files_own_problems(make_folder: MakeFolder) -> None:
    folder = make_folder(a__yaml=DANA, z__yaml="subject: Tom Cruise\n", events__yaml="")
    problems = _problems(folder)
    assert any("events.yaml:1: empty file" in p for p in problems), problems
    assert any("z.yaml:1: subject: names 'Tom Cruise'" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('subject: ""\n', 1, "at least 1 character"),
        ("# Whose?\nsubject: [Dana, Tom]\n", 2, "valid string"),
        ("subject: {name: Dana}\n", 1, "valid string"),
        ("subject: 42\n", 1, "valid string"),
        ("subject: " + "x" * 301 + "\n", 1, "at most 300 characters"),
    ],
)
def test_a_subject_must_be_one_name(
    make_folder: MakeFolder, text: str, line: int, words: str
) -> None:
    folder = make_folder(slate__yaml=text)
    problems = _problems(folder)
    assert any(
        p.startswith(f"{folder / 'slate.yaml'}:{line}: subject: ") and words in p for p in problems
    ), problems


def test_a_subject_left_empty_names_nobody(make_folder: MakeFolder) -> None:
    assert load_slate(make_folder(slate__yaml="subject:\n")).subject is None


def test_a_json_file_names_its_subject_too(make_folder: MakeFolder) -> None:
    folder = make_folder(slate__yaml=None)
    (folder / "slate.json").write_text('{"subject": "Dana Reyes"}\n', encoding="utf-8")
    assert load_slate(folder).subject == "Dana Reyes"
    (folder / "slate.json").write_text('{\n  "subject": ["Dana"]\n}\n', encoding="utf-8")
    problems = _problems(folder)
    assert any(p.startswith(f"{folder / 'slate.json'}:2: subject: ") for p in problems), problems


# --- Uploads bring their subject ----------------------------------------------------------


def test_an_upload_that_replaces_the_slate_brings_its_subject() -> None:
    files = [(name, text.replace("        ", "").encode()) for name, text in VALID.items()]
    assert load_documents(files).subject is None
    assert load_documents([*files, ("dana.yaml", DANA.encode())]).subject == "Dana Reyes"


def test_an_upload_added_to_the_slate_may_not_name_another_subject() -> None:
    # Read after the folder's files, the upload is the one that disagrees.
    (problem,) = _problems(SEEDS, [("dana.yaml", DANA.encode())])
    assert problem.startswith("dana.yaml:1: subject: names 'Dana Reyes', but ")
    assert "projects.yaml names 'Tom Cruise'" in problem
    # Naming the same subject, or none, it joins the slate.
    for text in (b"subject: Tom Cruise\nevents: []\n", b"events: []\n"):
        assert load_slate(SEEDS, extra=[("more.yaml", text)]).subject == "Tom Cruise"


def test_the_json_export_imported_whole_keeps_its_subject(make_folder: MakeFolder) -> None:
    slate = load_slate(make_folder(slate__yaml=DANA))
    frame = to_frame(slate, AS_OF)
    meta = describe(slate, frame, as_of=AS_OF, filters={}, data={})
    assert meta["subject"] == "Dana Reyes"
    text = to_json(frame, slate, meta)
    upload = read_upload("dana.json", text.encode(), slate, "replace")
    assert upload.usable, upload.problems
    assert load_documents(upload.documents).subject == "Dana Reyes"


def test_the_yaml_export_loads_back_with_its_subject(
    make_folder: MakeFolder, tmp_path: Path
) -> None:
    slate = load_slate(make_folder(slate__yaml=DANA))
    text = to_yaml(slate, [p.id for p in slate.projects])
    assert text.startswith("subject: Dana Reyes\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "dana.yaml").write_text(text, encoding="utf-8")
    assert load_slate(tmp_path / "out").subject == "Dana Reyes"


def test_a_past_day_s_exports_are_named_for_the_subject_too(make_folder: MakeFolder) -> None:
    # Before the newest source, a day's view is made anew from the records; it still names
    # whose slate it is, and so does everything exported from it.
    slate = load_slate(make_folder(slate__yaml=DANA))
    day = Day.of(slate, dt.date(2025, 1, 1))
    assert day.view is not slate
    assert day.view.subject == "Dana Reyes"
    context = Context(day.view, None, None, None, None, day)
    assert context.title == "Dana Reyes's film slate"
    frame = to_frame(slate, day.as_of)
    meta = describe(day.view, frame, as_of=day.as_of, filters={}, data={})
    assert meta["subject"] == "Dana Reyes"
    calendar = to_ics(frame, day.view)[0]
    assert "X-WR-CALNAME:Dana Reyes's film slate: release dates" in calendar

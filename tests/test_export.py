"""Exports: the bytes a user downloads are valid CSV / JSON, safe in a spreadsheet, and
hold exactly the rows (and order) on screen."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from typing import Any

import icalendar
import pandas as pd
import pytest

from slate.export import describe, file_stem, to_csv, to_ics, to_json
from slate.models import Slate
from slate.query import Filters, apply_filters, to_frame
from tests.conftest import MakeFolder

AS_OF = dt.date(2026, 11, 21)
SOURCE = {"id": "trade-2025", "name": "A trade report", "published": "2025-36~", "note": "Covers."}
HEADER_START = "id,title,status,directors,release,release_label,studio,cast,genre,sources"


def _project(project_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": project_id,
        "title": project_id.title(),
        "status": "announced",
        "logline": "A film.",
        "sources": ["trade-2025"],
        **fields,
    }


def _frame(*projects: dict[str, Any]) -> pd.DataFrame:
    slate = Slate.model_validate({"sources": [SOURCE], "projects": list(projects)})
    frame = to_frame(slate, AS_OF)
    frame.attrs["slate"] = slate  # pandas carries attrs through filtering
    return frame


def _json_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of the JSON export, as its `table` objects (the records sit around them)."""
    document = json.loads(to_json(frame, frame.attrs["slate"], {"format": "test"}))
    assert document["meta"] == {"format": "test"}
    return [project["table"] for project in document["projects"]]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# Five projects: accents, delimiters and quotes, embedded newlines, a name holding "; ",
# and release dates that put them in a different order from the one they are listed in.
SAMPLE = (
    _project(
        "digger",
        title="Digger",
        release="2026-10-02",
        directors=[{"name": "Alejandro G. Iñárritu"}],
        cast=[{"name": "Tom Cruise"}, {"name": "Sandra Hüller"}],
        studio="Warner Bros.",
        genre="Black comedy",
    ),
    _project(
        "quoted",
        title='The "Big" One, Part 2',
        status="paused",
        release="2025/2026",
        logline='He said "go",\nand then left.\r\nThe end.',
        cast=[{"name": "Smith; Jones"}, {"name": "Ana de Armas"}],
        studio="Smith, Jones & Co",
    ),
    _project("later", status="stalled", release="2027-36"),
    _project("undated", status="paused"),
    _project("earliest", status="released", release="2020", genre="War drama"),
)


@pytest.fixture
def frame() -> pd.DataFrame:
    return _frame(*SAMPLE)


def test_csv_is_rfc4180_with_crlf_and_quoting(frame: pd.DataFrame) -> None:
    text = to_csv(frame)
    assert text.startswith(HEADER_START + ",")
    assert text.endswith("\r\n")
    # One CRLF per record plus the header; the only other line breaks are inside quotes.
    assert text.count("\r\n") == len(frame) + 1 + 1  # the logline's own CRLF
    assert '"The ""Big"" One, Part 2"' in text
    assert '"Smith, Jones & Co"' in text
    assert '"He said ""go"",\nand then left.\r\nThe end."' in text

    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(frame) + 1
    assert all(len(row) == len(parsed[0]) for row in parsed)
    quoted = dict(zip(parsed[0], parsed[[r[0] for r in parsed].index("quoted")], strict=True))
    assert quoted["title"] == 'The "Big" One, Part 2'
    assert quoted["logline"] == 'He said "go",\nand then left.\r\nThe end.'
    assert quoted["studio"] == "Smith, Jones & Co"
    assert quoted["release"] == "2025/2026"
    assert quoted["release_label"] == "2025\u20132026"


def _as_text(value: Any) -> str:
    """A frame cell as the CSV writes it: a list's items joined with "; "."""
    return "; ".join(value) if isinstance(value, list) else value


def test_csv_header_first_ten_columns_are_the_stable_contract(frame: pd.DataFrame) -> None:
    header = next(csv.reader(io.StringIO(to_csv(frame), newline="")))
    assert header[:10] == HEADER_START.split(",")
    assert len(header) == len(set(header))


def test_csv_round_trips_every_row_as_the_frame_shows_it(frame: pd.DataFrame) -> None:
    rows = _rows(to_csv(frame))
    assert [r["id"] for r in rows] == list(frame["id"])
    for row, (_, expected) in zip(rows, frame.iterrows(), strict=True):
        for column in ("title", "status", "directors", "release", "release_label", "cast"):
            assert row[column] == _as_text(expected[column]), (row["id"], column)


def test_csv_is_utf8_and_keeps_non_ascii_names(frame: pd.DataFrame) -> None:
    data = to_csv(frame).encode("utf-8")
    assert "Iñárritu".encode() in data and "Hüller".encode() in data
    digger = next(r for r in _rows(data.decode("utf-8")) if r["id"] == "digger")
    assert digger["directors"] == "Alejandro G. Iñárritu"
    assert digger["cast"] == "Tom Cruise; Sandra Hüller"


# (model field, value as stored, CSV column, the cell the user gets)
HOSTILE = [
    ("title", '=HYPERLINK("http://evil.example","Click")', "title"),
    ("title", "+1+1", "title"),
    ("title", "-2+3", "title"),
    ("title", "@SUM(A1:A9)", "title"),
    ("title", "\0hidden", "title"),
    ("logline", "=cmd|' /C calc'!A0", "logline"),
    ("logline", "-1 for the plot.", "logline"),
    ("logline", "@here: a film.", "logline"),
    ("aliases", ["=Working Title"], "aliases"),
    ("studio", "=Studio", "studio"),
    ("genre", "+Noir", "genre"),
    ("cast", [{"name": "=1+1"}, {"name": "Bob"}], "cast"),
    ("cast", [{"name": "@Bob"}], "cast"),
    ("directors", [{"name": "-Dash Director"}], "directors"),
]


@pytest.mark.parametrize(("field", "value", "column"), HOSTILE, ids=[repr(h[1]) for h in HOSTILE])
def test_formula_like_cells_are_defused(field: str, value: Any, column: str) -> None:
    frame = _frame(_project("hostile", **{field: value}))
    (row,) = _rows(to_csv(frame))
    shown = _as_text(frame.iloc[0][column])
    assert shown[0] in "=+-@\0"
    assert row[column] == "'" + shown


@pytest.mark.parametrize("value", ["\t=1+1", "\r=1+1", "\tTab first", "\rCR first", "=x"])
def test_tab_and_cr_starts_are_defused_too(value: str) -> None:
    # The models strip surrounding whitespace, so a tab or CR can only lead a cell that is
    # put into the frame some other way; the export must still defuse it.
    frame = _frame(_project("p"))
    frame.loc[0, "title"] = value
    (row,) = _rows(to_csv(frame))
    assert row["title"] == "'" + value


@pytest.mark.parametrize("value", ["\t=1+1", "\r\n@x", " +1"])
def test_leading_whitespace_never_reaches_a_cell(value: str) -> None:
    (row,) = _rows(to_csv(_frame(_project("p", title=value))))
    assert row["title"] == "'" + value.strip()


# (model field, value, CSV column, the cell the user gets): only a leading character counts.
ORDINARY = [
    ("title", "a=b", "title", "a=b"),
    ("title", "Top Gun 3", "title", "Top Gun 3"),
    ("title", "'Quoted' Title", "title", "'Quoted' Title"),
    ("title", "1+1", "title", "1+1"),
    ("logline", "Costs $5 - $10 million = a lot.", "logline", "Costs $5 - $10 million = a lot."),
    ("studio", "Q&A Films", "studio", "Q&A Films"),
    ("cast", [{"name": "Bob"}, {"name": "=Alice"}], "cast", "Bob; =Alice"),
]


@pytest.mark.parametrize(
    ("field", "value", "column", "cell"), ORDINARY, ids=[o[3] for o in ORDINARY]
)
def test_ordinary_cells_are_untouched(field: str, value: Any, column: str, cell: str) -> None:
    (row,) = _rows(to_csv(_frame(_project("plain", **{field: value}))))
    assert row[column] == cell


def test_numbers_and_blanks_are_plain(frame: pd.DataFrame) -> None:
    rows = {r["id"]: r for r in _rows(to_csv(frame))}
    # The only source is from Q4 2025 (at the latest 31 Dec), so 325 days by 21 Nov 2026.
    assert rows["digger"]["days_since_update"] == "325"
    assert rows["undated"]["release"] == ""
    assert rows["undated"]["release_label"] == "TBA"
    assert rows["undated"]["studio"] == ""
    assert rows["digger"]["flags"].startswith("Release date passed 50 days ago")


def test_json_has_the_same_rows_in_the_same_order_with_lists_as_arrays(
    frame: pd.DataFrame,
) -> None:
    records = _json_rows(frame)
    rows = _rows(to_csv(frame))
    assert [r["id"] for r in records] == [r["id"] for r in rows] == list(frame["id"])
    assert all(list(r) == list(rows[0]) for r in records)
    quoted = next(r for r in records if r["id"] == "quoted")
    assert quoted["cast"] == ["Smith; Jones", "Ana de Armas"]
    assert quoted["sources"] == ["trade-2025"]
    assert quoted["title"] == 'The "Big" One, Part 2'
    digger = next(r for r in records if r["id"] == "digger")
    assert digger["directors"] == ["Alejandro G. Iñárritu"]
    assert digger["days_since_update"] == 325
    assert next(r for r in records if r["id"] == "undated")["directors"] == []
    # Cell by cell, the CSV is the JSON value joined and defused, nothing more or less.
    for record, row in zip(records, rows, strict=True):
        for key, value in record.items():
            if isinstance(value, list):
                expected = "; ".join(value)
            elif value is None:
                expected = ""
            else:
                expected = str(value)
            if expected[:1] in ("=", "+", "-", "@", "\t", "\r", "\0"):
                expected = "'" + expected
            assert row[key] == expected, (record["id"], key)


def test_json_keeps_raw_text_and_non_ascii(frame: pd.DataFrame) -> None:
    hostile = _frame(_project("h", title="=1+1", cast=[{"name": "Sandra Hüller"}]))
    text = to_json(hostile, hostile.attrs["slate"], {})
    assert "Hüller" in text  # written as UTF-8, not as \u escapes
    (record,) = _json_rows(hostile)
    assert record["title"] == "=1+1"
    assert record["cast"] == ["Sandra Hüller"]


FILTERS = [
    Filters(statuses=("paused",)),
    Filters(statuses=("paused", "stalled", "released")),
    Filters(text="hüller"),
    Filters(year_from=2026, include_undated=False),
    Filters(statuses=("cancelled",)),
]


@pytest.mark.parametrize("filters", FILTERS, ids=[f.describe() for f in FILTERS])
def test_export_gives_exactly_the_filtered_rows_in_order(
    frame: pd.DataFrame, filters: Filters
) -> None:
    shown = apply_filters(frame, filters)
    ids = list(shown["id"])
    assert [r["id"] for r in _rows(to_csv(shown))] == ids
    assert [r["id"] for r in _json_rows(shown)] == ids


def test_filtered_export_order_follows_release_not_listing(frame: pd.DataFrame) -> None:
    shown = apply_filters(frame, Filters(statuses=("paused", "stalled", "released")))
    # Listed as quoted, later, undated, earliest; shown by release date with TBA last.
    assert [r["id"] for r in _rows(to_csv(shown))] == ["earliest", "quoted", "later", "undated"]


def test_export_of_no_rows_is_the_header_alone(frame: pd.DataFrame) -> None:
    shown = apply_filters(frame, Filters(statuses=("cancelled",)))
    text = to_csv(shown)
    assert text.startswith(HEADER_START) and text.count("\r\n") == 1 and text.endswith("\r\n")
    assert _json_rows(shown) == []


TIED_SOURCES = """\
    sources:
      - {id: a-plain, name: A, published: "2025", note: Dated by year.}
      - {id: b-about, name: B, published: "2025~", note: About 2025.}
      - {id: c-maybe, name: C, published: "2025?", note: Perhaps 2025.}
    """
TIED_PROJECT = """\
    projects:
      - {id: p, title: P, status: announced, logline: L., sources: [a-plain, b-about, c-maybe]}
    """


def test_export_bytes_do_not_depend_on_hash_order(make_folder: MakeFolder) -> None:
    # Three sources tie on every bound; before the fix these two hash seeds picked a
    # different one as the project's newest source, so the same data exported differently.
    folder = make_folder(
        sources__yaml=TIED_SOURCES, projects__yaml=TIED_PROJECT, events__yaml="events: []\n"
    )
    argv = ["export", "--data", str(folder), "--as-of", AS_OF.isoformat()]
    outputs = set()
    for hash_seed in ("0", "1"):
        done = subprocess.run(
            [sys.executable, "-m", "slate", *argv],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1, outputs


def test_export_carries_what_the_table_shows_a_reader() -> None:
    import datetime as dt

    from slate.load import load_slate
    from slate.query import to_frame

    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(to_csv(to_frame(load_slate(), dt.date(2026, 11, 21)))))
    }
    eot2 = rows["edge-of-tomorrow-2"]
    assert eot2["directors"] == "Doug Liman"  # names only, for scripts
    assert eot2["directors_marked"] == "Doug Liman (rumored)"  # how firmly, for readers
    assert "Emily Blunt (rumored)" in eot2["cast_marked"]
    assert rows["challenge"]["status_label"] == "Pre-production"
    # The curators read the status in; the source does not say it.
    assert rows["challenge"]["status_basis"] == "inferred"
    assert rows["top-gun-3"]["status_basis"] == "stated"
    # Nobody dates Challenge's announcement; three articles date the space film's.
    assert rows["challenge"]["announced_label"] == "TBA"
    assert rows["untitled-space-film"]["announced_label"] == "2020"
    assert (
        rows["digger"]["source_names"]
        == "The 1987 Moscow trip, the grounded space film and the 2026 slate"
    )


# --- Names: whose slate an export is -------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "stem"),
    [
        ("Tom Cruise", "tom-cruise-film-slate_status-paused_2026-11-21"),
        ("Penélope Cruz", "penelope-cruz-film-slate_status-paused_2026-11-21"),
        ("Dana O'Reyes / Smith", "dana-o-reyes-smith-film-slate_status-paused_2026-11-21"),
        (None, "film-slate_status-paused_2026-11-21"),
        ("?!", "film-slate_status-paused_2026-11-21"),
        # A long name is cut short, so the filters and the day still show in a file list.
        ("Ab " * 40, "ab-" * 19 + "ab-film-slate_status-paused_2026-11-21"),
    ],
)
def test_a_download_is_named_for_whose_slate_it_is(subject: str | None, stem: str) -> None:
    assert file_stem(subject, "status-paused", "2026-11-21") == stem


@pytest.mark.parametrize(
    ("subject", "calendar"),
    [("Dana Reyes", "Dana Reyes's film slate: release dates"), (None, "Film slate: release dates")],
)
def test_the_json_meta_and_the_calendar_name_the_subject(
    subject: str | None, calendar: str
) -> None:
    slate = Slate.model_validate(
        {"subject": subject, "sources": [SOURCE], "projects": [_project("digger", release="2027")]}
    )
    frame = to_frame(slate, AS_OF)
    meta = describe(slate, frame, as_of=AS_OF, filters={}, data={})
    assert json.loads(to_json(frame, slate, meta))["meta"]["subject"] == subject
    parsed = icalendar.Calendar.from_ical(to_ics(frame, slate)[0])
    assert str(parsed["x-wr-calname"]) == calendar


def test_a_film_marked_released_with_a_date_still_ahead_is_not_a_confirmed_event() -> None:
    slate = Slate.model_validate(
        {
            "sources": [SOURCE],
            "projects": [
                _project("digger", status="released", release="2025-10-02"),
                _project("sky-pirates", status="released", release="2027"),
            ],
        }
    )
    frame = to_frame(slate, AS_OF)
    parsed = icalendar.Calendar.from_ical(to_ics(frame, slate, as_of=AS_OF)[0])
    status = {str(e["uid"]): str(e["status"]) for e in parsed.walk("VEVENT")}
    assert status == {
        "digger.release@slate": "CONFIRMED",
        "sky-pirates.release@slate": "TENTATIVE",
    }

"""A list of films as people write it, read by the importer the Import page and `python -m
slate import` share: what each row becomes, and what a refused row says, in the user's words.
The command line's own tests are in tests/test_cli.py."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from slate.export import to_csv
from slate.importer import TEMPLATE, Upload, read_lists, read_upload, settle, to_yaml
from slate.load import Document, Problem, SlateError, load_documents, load_slate
from slate.models import Slate
from slate.press import read_date
from slate.query import to_frame
from tests.conftest import SEEDS
from tests.test_app import app, open_page, texts  # noqa: F401 (app is a fixture)

TODAY = dt.date(2026, 12, 7)
SEED_SLATE = load_slate(SEEDS)
EMPTY = Slate()


def read(text: str, on: Slate = SEED_SLATE, name: str = "films.csv", **options: object) -> Upload:
    """A list read as the command line reads it, added to `on`."""
    return read_lists([(name, text.encode("utf-8"))], on, today=TODAY, **options)  # type: ignore[arg-type]


def loaded(upload: Upload, on: Slate = SEED_SLATE) -> Slate:
    """The slate with the upload in it, as the loader checks it."""
    assert upload.documents, (upload.problems, upload.rejected)
    if on is EMPTY:
        return load_documents(upload.documents)
    return load_slate(SEEDS, extra=upload.documents)


def refusals(upload: Upload) -> list[tuple[int, str]]:
    return [(r.line, r.problem) for r in upload.rejected]


PEOPLE_S_LIST = """\
Title,Director,Release date,Status,Cast,Studio
Sky Pirates,Jane Doe,late 2026,Pre-production,Tom Cruise; Miles Teller,Paramount
Iron Signal,Ana Lee and Ben Brook,"October 2, 2027",in development,"Tom Cruise, Ana de Armas",
"""


# --- Columns ---------------------------------------------------------------------------------


def test_a_list_with_the_headers_people_write_becomes_projects() -> None:
    upload = read(PEOPLE_S_LIST)
    assert upload.kind == "list of films (CSV)"
    assert (upload.rows, upload.rejected, upload.problems) == (2, (), ())
    slate = loaded(upload)
    sky, iron = slate.project("sky-pirates"), slate.project("iron-signal")
    assert (sky.status.value, sky.studio) == ("pre_production", "Paramount")
    assert [c.name for c in sky.directors] == ["Jane Doe"]
    assert [c.name for c in sky.cast] == ["Tom Cruise", "Miles Teller"]
    assert (str(sky.release), sky.written) == ("2026-36", {"release": "late 2026"})
    assert [c.name for c in iron.directors] == ["Ana Lee", "Ben Brook"]
    assert [c.name for c in iron.cast] == ["Tom Cruise", "Ana de Armas"]
    assert (iron.status.value, str(iron.release)) == ("in_development", "2027-10-02")
    assert iron.studio is None


@pytest.mark.parametrize(
    ("header", "cell", "field", "expected"),
    [
        ("FILM", "Sky Pirates", "title", "Sky Pirates"),
        ("Movie", "Sky Pirates", "title", "Sky Pirates"),
        ("name", "Sky Pirates", "title", "Sky Pirates"),
        ("Directed by", "Jane Doe", "directors", ["Jane Doe"]),
        ("directed_by", "Jane Doe", "directors", ["Jane Doe"]),
        ("DIRECTORS", "Jane Doe; Ann Lee", "directors", ["Jane Doe", "Ann Lee"]),
        ("Release-Date", "2027", "release", "2027"),
        ("Opens", "summer 2027", "release", "2027-22"),
        ("Opening", "Q4 2027", "release", "2027-36"),
        ("Premiere", "March 2027", "release", "2027-03"),
        ("Year", "2027", "release", "2027"),
        ("Stage", "Filming", "status", "filming"),
        ("Starring", "Tom Cruise", "cast", ["Tom Cruise"]),
        ("Stars", "Tom Cruise", "cast", ["Tom Cruise"]),
        ("Distributor", "Paramount", "studio", "Paramount"),
        ("Genre", "Action", "genre", "Action"),
        ("Synopsis", "A pirate film.", "logline", "A pirate film."),
        ("Description", "A pirate film.", "logline", "A pirate film."),
        ("Also known as", "Project Kite; Kite", "aliases", ["Project Kite", "Kite"]),
        ("A.K.A.", "Project Kite", "aliases", ["Project Kite"]),
        ("Announced", "2025", "announced", "2025"),
        ("Shooting", "spring 2026", "filming", "2026-21"),
        ("filming", "2026", "filming", "2026"),
    ],
)
def test_headers_match_whatever_their_case_spacing_and_punctuation(
    header: str, cell: str, field: str, expected: object
) -> None:
    given = {"Title": "Sky Pirates", "Status": "Announced"}
    given = {h: c for h, c in given.items() if h.lower() != field} | {header: cell}
    upload = read(f"{','.join(given)}\n{','.join(given.values())}\n")
    project = loaded(upload).project("sky-pirates")
    value = getattr(project, field)
    if field in ("directors", "cast"):
        value = [c.name for c in value]
    elif field in ("release", "announced", "filming", "status"):
        value = str(value.value if field == "status" else value)
    assert value == expected


def test_the_year_is_the_release_where_no_release_is_given() -> None:
    upload = read("Title,Year,Release,Status\nSky Pirates,2027,,Announced\nKite,2027,2028,Rumored")
    slate = loaded(upload)
    assert str(slate.project("sky-pirates").release) == "2027"
    assert str(slate.project("kite").release) == "2028"


def test_people_split_every_way_people_write_them_and_titles_only_on_semicolons() -> None:
    upload = read(
        "Title,Cast,Director,Also known as,Status\n"
        'Kite,"Tom Cruise, Miles Teller and Glen Powell & Jennifer Connelly",'
        '"Sammy Davis, Jr.","Kites, Strings and Wind; Project K",Announced\n'
    )
    kite = loaded(upload).project("kite")
    assert [c.name for c in kite.cast] == [
        "Tom Cruise", "Miles Teller", "Glen Powell", "Jennifer Connelly",
    ]  # fmt: skip
    assert [c.name for c in kite.directors] == ["Sammy Davis, Jr."]
    assert kite.aliases == ["Kites, Strings and Wind", "Project K"]


def test_a_shared_surname_is_asked_about_never_split_into_a_lone_first_name() -> None:
    upload = read(
        "Title,Director,Cast,Status\n"
        "Kite,Joel and Ethan Coen,,Announced\n"
        "Sky,,Joel & Ethan Coen; Tom Cruise,Announced\n"
        '"Harbour","Lana Wachowski, Lilly Wachowski",Emily Blunt (rumored) and Tom Cruise,'
        "Announced\n"
    )
    assert refusals(upload) == [
        (2, "Director: 'Joel and Ethan Coen': write each name in full, separated by ';'"),
        (3, "Cast: 'Joel & Ethan Coen': write each name in full, separated by ';'"),
    ]
    harbour = loaded(upload).project("harbour")
    assert [c.name for c in harbour.directors] == ["Lana Wachowski", "Lilly Wachowski"]
    assert [(c.name, c.certainty.value) for c in harbour.cast] == [
        ("Emily Blunt", "rumored"), ("Tom Cruise", "confirmed"),
    ]  # fmt: skip


def test_a_credit_marked_as_reported_or_rumoured_keeps_how_firm_it_is() -> None:
    upload = read("Title,Cast,Status\nKite,Tom Cruise; Emily Blunt (rumoured),Announced\n")
    cast = loaded(upload).project("kite").cast
    assert [(c.name, c.certainty.value) for c in cast] == [
        ("Tom Cruise", "confirmed"), ("Emily Blunt", "rumored"),
    ]  # fmt: skip


def test_columns_not_read_are_named_as_left_out() -> None:
    upload = read("Title,Budget,Status,Notes\nKite,200m,Announced,check\n")
    assert upload.left_out == ("Budget", "Notes")
    assert "films.csv:1: 2 columns left out (not read here): Budget, Notes" in upload.notes
    assert loaded(upload).project("kite").title == "Kite"


@pytest.mark.parametrize(
    ("csv_text", "words"),
    [
        ("Budget,Status\n200m,Announced\n", "films.csv:1: no title column: name one Title, Film"),
        ("Title,Year\nTop Gun,1986\n", "films.csv:1: no status column: add one (Status or Stage)"),
        ("Title,Film,Status\nA,B,Announced\n", "columns 'Title' and 'Film' both give the title"),
    ],
)
def test_a_file_whose_columns_cannot_be_read_says_why(csv_text: str, words: str) -> None:
    upload = read(csv_text)
    assert not upload.usable
    assert words in str(upload.problems[0])


# --- Ids -------------------------------------------------------------------------------------


def test_ids_come_from_titles_the_same_on_every_run_and_unique() -> None:
    text = (
        "Title,Release,Status\n"
        "Sky Pirates,2027,Announced\n"
        "Sky Pirates,2031,Rumored\n"  # a remake: another year, another film
        "Sky  Pirates!,2032,Rumored\n"
        "Digger Ω,,Announced\n"  # no Latin letter to tell it from the slate's digger
        "七人の侍,,Announced\n"
    )
    first, again = read(text), read(text)
    ids = [a.id for a in first.added]
    assert ids == ["sky-pirates", "sky-pirates-2031", "sky-pirates-2032", "digger-2", ids[4]]
    assert ids[4].startswith("film-") and len(ids[4]) == len("film-") + 8
    assert [a.id for a in again.added] == ids
    assert len(loaded(first).projects) == len(SEED_SLATE.projects) + 5


def test_an_id_column_is_used_and_a_bad_id_is_refused_in_plain_words() -> None:
    upload = read("id,Title,Status\nkite-1,Kite,Announced\nTop Gun X,Top Gun X,Announced\n")
    assert [a.id for a in upload.added] == ["kite-1"]
    assert refusals(upload) == [
        (3, "id: 'Top Gun X' is not an id (lower-case letters, digits and hyphens); leave the "
            "id column out and ids are made from the titles"),
    ]  # fmt: skip


# --- The list's own source -------------------------------------------------------------------


def test_a_list_with_no_sources_column_cites_a_source_made_for_it() -> None:
    slate = loaded(read(PEOPLE_S_LIST))
    source = slate.sources_by_id["films"]
    assert (source.name, source.file, str(source.published)) == (
        "films.csv", "films.csv", "2026-12-07",
    )  # fmt: skip
    assert all(slate.project(pid).sources == ["films"] for pid in ("sky-pirates", "iron-signal"))


def test_the_list_s_source_takes_the_name_and_day_given() -> None:
    published = read_date("7 November 2026")
    upload = read(PEOPLE_S_LIST, source_name="Ana's research list", published=published)
    slate = loaded(upload)
    (source,) = [s for s in slate.sources if s.name == "Ana's research list"]
    assert source.id == "ana-s-research-list"
    assert str(source.published) == "2026-11-07"
    assert source.written == {"published": "7 November 2026"}
    assert upload.documents[0][0] == "2026-11-07-ana-s-research-list.yaml"


def test_a_list_brought_in_again_is_a_source_a_reader_can_tell_apart() -> None:
    first = loaded(read("Title,Status\nKite,Announced\n"))
    second = read("Title,Status\nSky,Announced\n", on=first)
    on_two = load_documents([*_documents(first), *second.documents])
    third = read("Title,Status\nHarbour,Announced\n", on=on_two)
    on_three = load_documents([*_documents(on_two), *third.documents])
    named = {
        pid: (on_three.sources_by_id[sid].name, sid)
        for pid in ("kite", "sky", "harbour")
        for sid in on_three.project(pid).sources
    }
    assert named == {
        "kite": ("films.csv", "films"),
        "sky": ("films.csv (2026-12-07)", "films-2"),
        "harbour": ("films.csv (2026-12-07, 2)", "films-3"),
    }
    # A name the user gives is theirs: kept as given.
    given = read("Title,Status\nSky,Announced\n", on=first, source_name="films.csv")
    assert given.draft is not None and given.draft.sources[0]["name"] == "films.csv"


def _documents(slate: Slate) -> list[Document]:
    """A slate as one data document, to load another list beside it."""
    body = slate.model_dump(mode="json", exclude_defaults=True)
    return [("slate.json", json.dumps(body).encode())]


def test_the_list_s_source_never_takes_an_id_the_slate_has() -> None:
    upload = read(PEOPLE_S_LIST, name="moscow-1987-slate-2025.csv")
    assert upload.documents[0][0] == "2026-12-07-moscow-1987-slate-2025-2.yaml"
    assert loaded(upload).project("sky-pirates").sources == ["moscow-1987-slate-2025-2"]


def test_a_sources_column_names_sources_and_a_blank_cell_cites_the_list() -> None:
    upload = read(
        "Title,Status,sources\nKite,Announced,moscow-1987-slate-2025\nSky Pirates,Announced,\n"
    )
    slate = loaded(upload)
    assert slate.project("kite").sources == ["moscow-1987-slate-2025"]
    assert slate.project("sky-pirates").sources == ["films"]


# --- Dates and statuses in people's words ----------------------------------------------------


def test_dates_are_read_as_the_press_writes_them_and_the_words_kept() -> None:
    upload = read(
        "Title,Release date,Announced,Filming,Status\nKite,next summer,last month,TBA,Announced\n"
    )
    kite = loaded(upload).project("kite")
    assert (str(kite.release), str(kite.announced), str(kite.filming)) == ("2027-22", "2026-11", "")
    assert kite.written == {"release": "next summer", "announced": "last month", "filming": "TBA"}


def test_an_unreadable_date_is_refused_with_the_reader_s_hint() -> None:
    upload = read("Title,Release date,Status\nKite,soon,Announced\nSky,02/10/2027,Announced\n")
    assert refusals(upload) == [
        (2, "Release date: cannot read 'soon' as a date: too vague to date: leave it TBA, or "
            "give a year, season or month ('2027', 'summer 2027')"),
        (3, "Release date: cannot read '02/10/2027' as a date: 02/10/2027 may be day-first or "
            "month-first (2 October or 10 February): write the month as a word ('2 October "
            "2026')"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Pre-production", "pre_production"),
        ("pre production", "pre_production"),
        ("In Development", "in_development"),
        ("in production", "filming"),
        ("Post-Production", "post_production"),
        ("RELEASED", "released"),
        ("on hold", "paused"),
        ("canceled", "cancelled"),
    ],
)
def test_statuses_are_read_as_people_write_them(written: str, status: str) -> None:
    upload = read(f"Title,Status\nKite,{written}\n")
    assert loaded(upload).project("kite").status.value == status


def test_an_unknown_status_is_refused_naming_the_known_ones() -> None:
    upload = read("Title,Status\nKite,maybe\n")
    assert refusals(upload) == [
        (2, "Status: 'maybe' is not a status; one of: Rumored, Announced, In development, "
            "Pre-production, Filming, Post-production, Completed, Released, Paused, Stalled, "
            "Cancelled, Abandoned"),
    ]  # fmt: skip


def test_a_row_with_no_status_is_refused_for_nothing_is_assumed() -> None:
    upload = read("Title,Status,Release\nKite,,2027\nSky,Released,\n")
    assert refusals(upload) == [
        (2, "no status: write one of Rumored, Announced, In development, Pre-production, "
            "Filming, Post-production, Completed, Released, Paused, Stalled, Cancelled, "
            "Abandoned (nothing is assumed)"),
    ]  # fmt: skip
    # Released with no date is a fact the list gives: fine.
    assert loaded(upload).project("sky").release.is_unknown


# --- A film is on the slate once -------------------------------------------------------------


def test_a_film_already_on_the_slate_is_refused_naming_it() -> None:
    upload = read(
        "Title,Release,Status\n"
        "top gun 3,,Announced\n"
        '"TOP-GUN: 3",,Announced\n'
        "Mission Impossible: the final reckoning,2025,Released\n"
        "Mission: Impossible – The Final Reckoning,2031,Announced\n"  # another year
    )
    assert refusals(upload) == [
        (2, "already on the slate as top-gun-3: not added again"),
        (3, "already on the slate as top-gun-3: not added again"),
        (4, "already on the slate as mission-impossible-the-final-reckoning: not added again"),
    ]
    assert [a.line for a in upload.added] == [5]


def test_a_sequel_s_number_is_the_same_film_however_it_is_written() -> None:
    upload = read(
        "Title,Status\n"
        "Top Gun III,Announced\n"
        "Kill Bill: Part Two,Announced\n"
        "kill bill part 2,Announced\n"
        "Kill Bill Part II,Announced\n"
        '"I, Robot",Announced\n'  # "I" is a word here, not 1
        "1 Robot,Announced\n"
        "X,Announced\n"  # a title of one letter is a name
        "10,Announced\n"
    )
    assert refusals(upload) == [
        (2, "already on the slate as top-gun-3: not added again"),
        (4, "the same film as line 3 (kill bill part 2): a film is listed once"),
        (5, "the same film as line 3 (Kill Bill Part II): a film is listed once"),
    ]
    assert [a.title for a in upload.added] == [
        "Kill Bill: Part Two", "I, Robot", "1 Robot", "X", "10",
    ]  # fmt: skip


def test_a_film_twice_in_the_list_is_refused_at_its_second_line() -> None:
    upload = read("Title,Status\nKite,Announced\nSky,Announced\nKITE!,Rumored\n")
    assert refusals(upload) == [(4, "the same film as line 2 (KITE!): a film is listed once")]


def test_as_claims_a_film_on_the_slate_becomes_claims_about_it() -> None:
    upload = read(
        "Title,Director,Release date,Status,Cast,Studio\n"
        "Top Gun 3,Joseph Kosinski,late 2026,Pre-production,Tom Cruise; Miles Teller,Paramount\n"
        "Kite,,,Announced,,\n",
        as_claims=True,
    )
    assert [(a.id, a.claims, a.not_recorded) for a in upload.added] == [
        ("top-gun-3", True, "Studio 'Paramount' not recorded: a claim records status, dates "
                            "and people, not the studio"),
        ("kite", False, ""),
    ]  # fmt: skip
    top_gun = loaded(upload).project("top-gun-3")
    claim = top_gun.updates[-1]
    assert (claim.source, claim.status and claim.status.value, str(claim.release)) == (
        "films", "pre_production", "2026-36",
    )  # fmt: skip
    assert claim.written == {"release": "late 2026"}
    assert claim.note == "As the list films.csv gives it (line 2)."
    # The newest claim speaks for the project now; its studio was not the list's to change.
    assert (top_gun.status.value, str(top_gun.release), top_gun.studio) == (
        "pre_production", "2026-36", None,
    )  # fmt: skip
    assert "Miles Teller" in [c.name for c in top_gun.cast]


def test_a_claim_the_whole_slate_refuses_is_refused_at_its_line_and_the_rest_load() -> None:
    # The 1987 co-production came to nothing: a release for it is not a claim it can take.
    upload = read(
        "Title,Release,Status\nUS–Soviet co-production (1987 idea),2027,\nKite,,Announced\n",
        as_claims=True,
    )
    assert [a.line for a in upload.added] == [2, 3]

    def check(documents: Sequence[Document]) -> tuple[Slate | None, list[Problem]]:
        try:
            return load_slate(SEEDS, extra=documents), []
        except SlateError as error:
            return None, error.problems

    settled, slate, problems = settle(upload, check)
    assert problems == [] and slate is not None
    assert [a.line for a in settled.added] == [3]
    ((line, why),) = refusals(settled)
    assert line == 2 and why.startswith("release: ") and "abandoned" in why
    assert "kite" in slate.projects_by_id


# --- Refusals in plain words -----------------------------------------------------------------


def test_refusals_are_in_plain_words() -> None:
    upload = read(
        "Title,Status,Director,Cast\n"
        ",Announced,,\n"
        f"{'T' * 301},Announced,,\n"
        f"Kite,Announced,{'D' * 400},\n"
        'Sky,Announced,,"Tom Cruise; ;  ;Ann Lee"\n'
    )
    assert refusals(upload) == [
        (2, "no title (the row: Status: Announced)"),
        (3, "Title: 301 characters long; at most 300"),
        (4, "Director (first name): 400 characters long; at most 300"),
    ]
    assert [c.name for c in loaded(upload).project("sky").cast] == ["Tom Cruise", "Ann Lee"]
    pydantic_words = ("should", "Input", "validation", "Value error")
    assert not [r for r in upload.rejected if any(w in r.problem for w in pydantic_words)]


def test_a_row_with_a_cell_too_many_is_refused_and_never_filled_in() -> None:
    upload = read("Title,Status\nKite,Announced,extra\nSky,Announced\n")
    assert refusals(upload) == [
        (2, "3 cells, the header has 2: a cell too many or too few (nothing is filled in)")
    ]
    assert [a.id for a in upload.added] == ["sky"]


# --- JSON and YAML lists ---------------------------------------------------------------------


def test_json_and_yaml_lists_are_read_row_by_row_at_their_lines() -> None:
    films = [
        {"title": "Kite", "status": "Announced", "cast": ["Tom Cruise", "Ana de Armas"]},
        {"Film": "Sky", "Stage": "maybe"},
        {"Title": "Harbour", "Status": "Rumored", "Opens": 2027, "Budget": 10},
    ]
    as_json = json.dumps(films, indent=2)
    as_yaml = yaml.safe_dump(films, sort_keys=False)
    for name, text, line in (("films.json", as_json, 10), ("films.yml", as_yaml, 6)):
        upload = read(text, name=name)
        assert upload.kind == f"list of films ({'JSON' if name.endswith('json') else 'YAML'})"
        assert [(r.line, r.problem.split(";")[0]) for r in upload.rejected] == [
            (line, "Stage: 'maybe' is not a status")
        ], name
        assert upload.left_out == ("Budget",)
        slate = loaded(upload)
        assert [c.name for c in slate.project("kite").cast] == ["Tom Cruise", "Ana de Armas"]
        assert str(slate.project("harbour").release) == "2027"


NOT_A_FILM = (
    "is not a film: each item of the list is a mapping of columns to cells (title: …, status: …)"
)


def test_an_item_of_a_list_that_is_not_a_film_is_refused_alone_at_its_line() -> None:
    as_json = (
        "[\n"
        '  {"title": "Kite", "status": "Announced"},\n'
        '  "Sky",\n'
        "  null,\n"
        '  {"title": "Harbour", "status": "Rumored"}\n'
        "]\n"
    )
    as_yaml = (
        "- title: Kite\n  status: Announced\n"
        "- Sky\n"
        "- [Sky, Rumored]\n"
        "-\n"
        "- title: Harbour\n  status: Rumored\n"
    )
    for name, text, refused in (
        ("films.json", as_json, [(3, '"Sky"'), (4, "null")]),
        ("films.yaml", as_yaml, [(3, '"Sky"'), (4, '["Sky", "Rumored"]'), (5, "an empty item")]),
    ):
        upload = read(text, name=name)
        assert refusals(upload) == [(line, f"{shown} {NOT_A_FILM}") for line, shown in refused]
        assert [a.id for a in upload.added] == ["kite", "harbour"], name
        assert loaded(upload).project("harbour").status.value == "rumored"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_split_on_semicolons_or_tabs_is_read_as_excel_saves_it(delimiter: str) -> None:
    text = (
        "Title;Status;Release date;Cast\n"
        "Kite;Announced;2027;Tom Cruise, Ana de Armas\n"
        '"Sky; the film";Rumored;"summer 2028";\n'
    ).replace(";", delimiter)
    upload = read(text)
    assert (upload.kind, upload.problems, upload.rejected) == ("list of films (CSV)", (), ())
    slate = loaded(upload)
    kite = slate.project("kite")
    assert (str(kite.release), [c.name for c in kite.cast]) == (
        "2027", ["Tom Cruise", "Ana de Armas"],
    )  # fmt: skip
    assert slate.project(upload.added[1].id).title == f"Sky{delimiter} the film"


def test_a_comma_csv_with_semicolons_in_its_cells_is_still_read_on_commas() -> None:
    upload = read('Title,Status,Cast\nKite,Announced,"Tom Cruise; Ana de Armas"\n')
    cast = loaded(upload).project("kite").cast
    assert [c.name for c in cast] == ["Tom Cruise", "Ana de Armas"]


def test_the_logline_note_is_said_only_of_projects_made_without_one() -> None:
    note = "no logline for"
    with_one = read("Title,Status,Logline\nKite,Announced,A kite flies.\n")
    assert not [n for n in with_one.notes if note in n]
    claims_only = read("Title,Status\nTop Gun 3,Pre-production\n", as_claims=True)
    assert claims_only.added[0].claims
    assert not [n for n in claims_only.notes if note in n]
    films = [{"title": "Kite", "status": "Announced", "logline": "A kite flies."}]
    films.append({"title": "Sky", "status": "Announced"})
    for name, text in (("films.json", json.dumps(films)), ("films.yaml", yaml.safe_dump(films))):
        upload = read(text, name=name)
        assert [n for n in upload.notes if note in n] == [
            f"{name}: no logline for 1 new project: it says 'No logline in the imported file.'"
        ]
    mixed = read("Title,Status\nTop Gun 3,Announced\nKite,Announced\nSky,Rumored\n", as_claims=True)
    assert [n for n in mixed.notes if note in n] == [
        "films.csv: no logline for 2 new projects: each says 'No logline in the imported file.'"
    ]


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("deep.json", "[" * 100_000, "films.json:1: not valid JSON"),
        ("flat.json", '[3, "Kite"]', "films.json:1: expected a list of mappings, one per film"),
        ("alias.yaml", "- &a {title: Kite, status: Announced}\n- *a\n", "aliases are not read"),
        ("anchor.yaml", "- title: &t Kite\n  status: Announced\n", "aliases are not read"),
        ("nested.yaml", "- title: Kite\n  cast: [[[[[x]]]]]\n", "must be plain text"),
        ("cell.yaml", "- title: Kite\n  cast: {a: b}\n", "must be plain text"),
    ],
)
def test_a_hostile_list_is_refused_at_once(name: str, text: str, words: str) -> None:
    upload = read(text, name="films." + name.rsplit(".", 1)[1])
    assert not upload.usable
    assert words in str(upload.problems[0])


# --- The export, the page's reader and the template ------------------------------------------


def test_the_export_reads_back_its_own_edtf_where_words_would_differ() -> None:
    # "2008-09" is September 2008 to EDTF; in a person's list it reads as 2008–2009.
    slate = Slate.model_validate(
        {
            "sources": [{"id": "s", "name": "S", "published": "2009", "note": "N."}],
            "projects": [{"id": "old", "title": "Old", "status": "released",
                          "release": "2008-09", "logline": "L.", "sources": ["s"]}],
        }
    )  # fmt: skip
    exported = to_csv(to_frame(slate, TODAY))
    upload = read_upload("slate.csv", exported.encode(), slate, "replace", today=TODAY)
    assert upload.kind == "CSV export"
    assert str(load_documents(upload.documents).project("old").release) == "2008-09"


def test_the_template_reads_with_nothing_refused_or_left_out() -> None:
    upload = read(TEMPLATE.read_text(encoding="utf-8"), on=EMPTY, name="films.csv")
    assert (upload.rejected, upload.left_out) == ((), ())
    slate = loaded(upload, on=EMPTY)
    assert [p.title for p in slate.projects] == ["Digger", "Broadsword"]
    assert str(slate.project("digger").release) == "2026-10-02"
    # On the built-in slate, both are films it has: the template adds nothing by mistake.
    assert len(read(TEMPLATE.read_text(encoding="utf-8")).rejected) == 2


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "note"]),
        st.one_of(
            st.text(),
            st.lists(st.text(), max_size=3),
            st.dictionaries(st.sampled_from(["release", "x"]), st.text(), max_size=2),
            st.lists(st.dictionaries(st.sampled_from(["name", "role"]), st.text()), max_size=2),
        ),
    )
)
def test_the_yaml_written_reads_back_the_same(data: dict[str, object]) -> None:
    text = to_yaml({"projects": [data]})
    assert yaml.safe_load(text) == {"projects": [data]}


# --- The page --------------------------------------------------------------------------------


def _texts(at: AppTest) -> str:
    """What the page says, without the Markdown escapes that keep data inert."""
    return texts(at).replace("\\", "")


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload-file").set_value((name, data, "text/csv"))
    return at.run()


def test_the_page_reads_a_people_s_list_and_counts_in_plain_words(app: AppTest) -> None:  # noqa: F811
    at = open_page(app, "import")
    text = PEOPLE_S_LIST + "Top Gun 3,,,Announced,,\nKite,,soon,Announced,,\n"
    at = _upload(at, "films.csv", text.encode())
    shown = _texts(at)
    assert "read as a list of films (CSV)" in shown
    assert "2 of 4 rows cannot be loaded; the other 2 can, without them." in shown
    assert "It adds 2 new projects, cited to films.csv." in shown
    problems = list(at.dataframe[0].value["Problem"])
    assert problems == [
        "already on the slate as top-gun-3: not added again",
        "Release date: cannot read 'soon' as a date: too vague to date: leave it TBA, or give "
        "a year, season or month ('2027', 'summer 2027')",
    ]
    at = at.button(key="use-upload").click().run()
    assert "This tab shows your upload (films.csv) added to" in _texts(at)


def test_the_page_says_when_no_row_can_be_loaded(app: AppTest) -> None:  # noqa: F811
    at = _upload(open_page(app, "import"), "same.csv", b"Title,Status\nTop Gun 3,Announced\n")
    assert "Its one row cannot be loaded." in _texts(at)
    at = _upload(at, "same.csv", b"Title,Status\nTop Gun 3,Announced\nDigger,Released\n")
    shown = _texts(at)
    assert "None of its 2 rows can be loaded." in shown
    assert "the others can" not in shown


def test_the_page_records_a_known_film_as_claims_when_asked(app: AppTest) -> None:  # noqa: F811
    at = open_page(app, "import")
    at = at.checkbox(key="import-as-claims").check().run()
    at = _upload(at, "films.csv", b"Title,Status,Studio\nTop Gun 3,Pre-production,Paramount\n")
    shown = _texts(at)
    assert "It adds claims about 1 film already on the slate, cited to films.csv." in shown
    assert (
        "Top Gun 3 (line 2): Studio 'Paramount' not recorded: a claim records status, dates and "
        "people, not the studio." in shown
    )


def test_the_page_offers_the_template(app: AppTest) -> None:  # noqa: F811
    at = open_page(app, "import")
    button = at.get("download_button")[0]
    assert button.proto.label == "Template (CSV)"

"""The dashboard through AppTest, starting from app.py: what each page shows a user."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from slate.export import EXPORT_COLUMNS, to_csv
from slate.load import Problem, load_slate
from slate.query import Filters, apply_filters, to_frame
from slate.ui import session
from slate.ui.data import Uploads
from slate.ui.text import BREAK, esc
from tests.conftest import ROOT, VALID, MakeFolder

AS_OF = "2026-11-21"


class _KeptMediaStorage(MemoryMediaFileStorage):
    """AppTest throws its media store away after each run; keep every file for the test."""

    files: ClassVar[dict[str, tuple[str | None, bytes]]] = {}

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        _KeptMediaStorage.files[file_id] = (filename, self._files_by_id[file_id].content)
        return file_id


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.delenv("SLATE_DATA", raising=False)
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", _KeptMediaStorage)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # Flags depend on the day: pin it so the tests read the same in any year.
    at.query_params["as_of"] = AS_OF
    yield at


@functools.cache
def _page_hashes() -> dict[str, str]:
    probe = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    return {
        info["url_pathname"]: h
        for h, info in probe._registered_pages.items()
        if "url_pathname" in info
    }


def open_page(at: AppTest, url_path: str) -> AppTest:
    """Open the page at /url_path on the first run, as following a link does.

    AppTest.switch_page only knows file pages; st.navigation registers callable pages by
    url_pathname (what the address bar holds), so the hash comes from a probe run's registry.
    """
    hashes = _page_hashes()
    # The default page lives at "/" (url_pathname ""), whatever its own url_path says.
    url_path = "" if url_path == "overview" else url_path
    assert url_path in hashes, f"no page at /{url_path}: {sorted(hashes)}"
    at._page_hash = hashes[url_path]
    return at.run()


def _overview_with(
    app: AppTest,
    make_folder: MakeFolder,
    monkeypatch: pytest.MonkeyPatch,
    *edits: tuple[str, str],
) -> tuple[AppTest, dict[str, str]]:
    """The Overview of the test folder with its projects file edited (old, new) in turn, and
    its headline figures by label."""
    folder = make_folder()
    projects = folder / "projects.yaml"
    text = projects.read_text()
    for old, new in edits:
        text = text.replace(old, new)
    projects.write_text(text)
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = open_page(app, "overview")
    assert not at.exception, at.exception
    return at, {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, in one string."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value for kind in ("info", "warning", "error") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def table_ids(at: AppTest, index: int = 0) -> list[str]:
    return list(at.dataframe[index].value["id"])


def expected_ids(filters: Filters) -> list[str]:
    frame = to_frame(load_slate(), dt.date.fromisoformat(AS_OF))
    return list(apply_filters(frame, filters)["id"])


PAGES = {
    "overview": ["Tom Cruise's film slate", "Next dated release", "Paused, stalled or dropped"],
    "slate": ["The slate", "12 of 12 projects"],
    "timeline": ["Timeline", "Release TBA: ", "Only in the whole history"],
    "stalled": ["Stalled & abandoned", "Untitled space film", "Challenge", "Obstacles"],
    "chronicle": ["Chronicle"],
    "sources": ["Sources", "Where sources disagree"],
}


@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_page_renders_its_key_content(app: AppTest, url_path: str) -> None:
    at = open_page(app, url_path)
    assert not at.exception, at.exception
    shown = _unescaped(texts(at))
    for words in PAGES[url_path]:
        assert words in shown, f"{words!r} not on /{url_path}"
    assert "Newest source:" in shown  # the freshness line is on every page


@pytest.mark.parametrize(
    ("published", "words"),
    [
        ("2025-12", "Newest source: Dec 2025, at least "),
        # A source whose window is still open, or runs past today, may be today's news.
        ("2025/..", "Newest source: from 2025, possibly as new as today ("),
        ("2099", "Newest source: 2099, possibly as new as today ("),
    ],
)
def test_the_freshness_line_never_counts_a_negative_age(
    app: AppTest,
    make_folder: MakeFolder,
    monkeypatch: pytest.MonkeyPatch,
    published: str,
    words: str,
) -> None:
    folder = make_folder()
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text().replace('"2025-36"', f'"{published}"'))
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = app.run()
    assert not at.exception, at.exception
    line = next(c.value for c in at.caption if "Newest source" in c.value)
    assert words in line.replace("**", ""), line


def test_overview_names_the_overdue_release_and_the_next_window(app: AppTest) -> None:
    at = open_page(app, "overview")
    shown = texts(at)
    assert (
        "Digger" in shown and "has passed and no source in this slate confirms it came out" in shown
    )
    metric = {m.label: m.value for m in at.metric}
    assert metric["Projects shown"] == "12"
    # Digger's day has passed unconfirmed; Broadsword's 2025–2026 window is still open, and
    # nothing reports it stopped.
    assert metric["Next dated release"] == "2025–2026"
    shown = _unescaped(texts(at))
    assert (
        "No source in over a year and nothing planned, so left out: Challenge · "
        "Mission: Impossible 7" in shown
    )
    by_status = dict(
        zip(at.dataframe[0].value["Status"], at.dataframe[0].value["Projects"], strict=True)
    )
    assert by_status["Stalled"] == 1 and by_status["Paused"] == 1 and sum(by_status.values()) == 12
    # A count does not hide a status that is 2021 news, or one the curators read in.
    notes = dict(zip(at.dataframe[0].value["Status"], at.dataframe[0].value["Note"], strict=True))
    assert notes["Filming"] == "1 with no news in over a year"
    assert notes["Pre-production"] == "1 with no news in over a year; 3 inferred"
    assert notes["Rumored"] == ""


def test_the_next_release_is_the_one_sure_to_come_first(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A decade still open starts first but may end last: the film dated to a day wins.
    at, metric = _overview_with(
        app,
        make_folder,
        monkeypatch,
        ('release: "2026-10-02"', 'release: "2027-03-05"'),
        ('announced: "2020"', 'announced: "2020"\n    release: "202X"'),
        ("status: stalled", "status: in_development"),
    )
    assert metric["Next dated release"] == "5 Mar 2027"
    assert "Next dated release: Alpha" in _unescaped(texts(at))


def test_many_passed_releases_share_one_card_and_a_table(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    projects = "projects:\n" + "".join(
        f"""  - id: film-{i}
    title: Film {i}
    status: announced
    release: "2026-0{i}-01"
    logline: A film.
    sources: [trade-2025]
"""
        for i in range(1, 5)
    )
    folder = make_folder(projects__yaml=projects, events__yaml="events: []\n")
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = open_page(app, "overview")
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert warnings == [
        "**4 releases** have passed and no source in this slate confirms they came out."
    ]
    table = at.dataframe[0].value
    assert list(table["title"]) == ["Film 1", "Film 2", "Film 3", "Film 4"]


def test_slate_table_is_sorted_by_release_with_tba_last(app: AppTest) -> None:
    at = open_page(app, "slate")
    assert table_ids(at) == expected_ids(Filters())
    rows = at.dataframe[0].value.set_index("id")
    assert rows.loc["digger", "release_label"] == "2 Oct 2026"
    assert rows.loc["top-gun-3", "release_label"] == "TBA"
    assert rows.loc["digger", "flags"][0].startswith("Release date passed")


@pytest.mark.parametrize(
    ("widget", "choice", "filters"),
    [
        ("status", ["Stalled"], Filters(statuses=("stalled",))),
        ("status", ["Paused", "Abandoned"], Filters(statuses=("paused", "abandoned"))),
        ("director", ["Doug Liman"], Filters(directors=("Doug Liman",))),
        ("cast", ["Emily Blunt"], Filters(cast=("Emily Blunt",))),
        ("credit", ["rumored"], Filters(credits=("rumored",))),
        ("genre", ["WWII drama"], Filters(genres=("WWII drama",))),
    ],
)
def test_filtering_through_the_widgets(
    app: AppTest, widget: str, choice: list[str], filters: Filters
) -> None:
    at = open_page(app, "slate")
    at.multiselect(key=widget).set_value(choice).run()
    assert table_ids(at) == expected_ids(filters)
    assert len(table_ids(at)) >= 1


def test_doug_liman_films(app: AppTest) -> None:
    at = open_page(app, "slate")
    at.multiselect(key="director").set_value(["Doug Liman"]).run()
    assert set(table_ids(at)) == {"untitled-space-film", "edge-of-tomorrow-2", "deeper"}


def test_query_parameters_restore_the_filters(app: AppTest) -> None:
    app.query_params["status"] = ["Paused", "Stalled"]
    app.query_params["director"] = ["Doug Liman"]
    at = open_page(app, "slate")
    assert at.multiselect(key="status").value == ["paused", "stalled"]
    assert table_ids(at) == expected_ids(
        Filters(statuses=("paused", "stalled"), directors=("Doug Liman",))
    )


def test_text_search_and_reset(app: AppTest) -> None:
    app.query_params["q"] = "inarritu"
    at = open_page(app, "slate")
    assert table_ids(at) == ["digger"]
    reset = next(b for b in at.button if b.label == "Reset filters")
    reset.click().run()
    assert len(table_ids(at)) == 12
    assert at.text_input(key="q").value == ""


# What the seed articles say, and where: none of these is in a title, a credit or a
# logline, all a search once looked at.
SEARCHED = {
    "Trump": {"untitled-space-film": "party: Donald Trump"},
    "Bruckheimer": {"days-of-thunder-2": "party: Jerry Bruckheimer"},
    "Roscosmos": {
        "challenge": "party: Roscosmos",
        "untitled-space-film": 'claim: …entry. Roscosmos\' "Challenge" is now racing it.',
    },
    "Mosfilm": {"us-soviet-coproduction-1987": "party: Mosfilm"},
    "Universal": {"untitled-space-film": "party: Universal Pictures"},
}


@pytest.mark.parametrize("query", list(SEARCHED))
def test_a_search_shows_where_each_row_matched(app: AppTest, query: str) -> None:
    app.query_params["q"] = query.lower()
    at = open_page(app, "slate")
    assert not at.exception, at.exception
    table = at.dataframe[0]
    assert table.proto.column_order[:2] == ["title", "matched"]
    shown = dict(zip(table.value["id"], table.value["matched"], strict=True))
    assert shown == SEARCHED[query]
    assert list(shown) == expected_ids(Filters(text=query))


def test_no_search_no_matched_column(app: AppTest) -> None:
    at = open_page(app, "slate")
    assert "matched" not in at.dataframe[0].proto.column_order


def test_a_search_reads_the_slate_as_known_on_the_as_of_day(app: AppTest) -> None:
    # By 2022 only the spring 2021 article was out: it tells of Roscosmos, not of Trump.
    app.query_params["as_of"] = "2022-01-01"
    app.query_params["q"] = "Roscosmos"
    at = open_page(app, "slate")
    matched = dict(zip(table_ids(at), at.dataframe[0].value["matched"], strict=True))
    assert matched == SEARCHED["Roscosmos"]
    at.text_input(key="q").set_value("Trump").run()
    assert "No projects match these filters." in [i.value for i in at.info]


def test_a_searchs_csv_download_is_the_core_export_without_the_matched_column(
    app: AppTest,
) -> None:
    _KeptMediaStorage.files.clear()
    app.query_params["q"] = "Roscosmos"
    at = open_page(app, "slate")
    assert "matched" in at.dataframe[0].proto.column_order
    button = next(b for b in at.download_button if b.label == "Download CSV")
    _, downloaded = _KeptMediaStorage.files[Path(button.proto.url).stem]
    frame = to_frame(load_slate(), dt.date.fromisoformat(AS_OF))
    expected = to_csv(apply_filters(frame, Filters(text="Roscosmos")), bom=True)
    assert downloaded == expected.encode("utf-8")
    header = downloaded.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    assert header == EXPORT_COLUMNS and "matched" not in header
    assert downloaded.decode().count("\r\n") == 1 + 2


@pytest.mark.parametrize("query", list(SEARCHED))
@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_page_shows_a_searchs_projects(app: AppTest, url_path: str, query: str) -> None:
    app.query_params["q"] = query
    at = open_page(app, url_path)
    assert not at.exception, at.exception
    assert not at.error
    assert "No projects match these filters." not in [i.value for i in at.info]


def test_csv_download_equals_the_core_export_of_the_same_filter(app: AppTest) -> None:
    _KeptMediaStorage.files.clear()
    app.query_params["status"] = ["Paused"]
    at = open_page(app, "slate")
    button = next(b for b in at.download_button if b.label == "Download CSV")
    file_id = Path(button.proto.url).stem
    name, downloaded = _KeptMediaStorage.files[file_id]
    assert name == f"tom-cruise-film-slate_status-paused_{AS_OF}.csv"
    frame = to_frame(load_slate(), dt.date.fromisoformat(AS_OF))
    expected = to_csv(apply_filters(frame, Filters(statuses=("paused",))), bom=True)
    assert downloaded == expected.encode("utf-8")
    # The byte-order mark that keeps accents intact in a spreadsheet; nothing else differs.
    assert downloaded.startswith(b"\xef\xbb\xbfid,title,")
    assert downloaded.decode().count("\r\n") == 1 + len(expected_ids(Filters(statuses=("paused",))))


def test_as_of_date_changes_the_flags(app: AppTest) -> None:
    app.query_params["as_of"] = "2026-09-01"
    at = open_page(app, "slate")
    rows = at.dataframe[0].value.set_index("id")
    assert list(rows.loc["digger", "flags"]) == []


def test_selecting_a_row_opens_its_detail_with_every_claim_and_both_its_dates(app: AppTest) -> None:
    app.query_params["project"] = "untitled-space-film"
    at = open_page(app, "slate")
    shown = texts(at)
    assert "Untitled space film" in shown
    facts = _unescaped(shown)
    assert "Cast: Tom Cruise (lead)" in facts and "Filming: not reported" in facts
    assert "Announced: 2020" in facts
    # Each claim: when it holds, when its source reported it, what it replaced, and what the
    # curators read in, with why.
    assert "Claims, oldest first by when each holds" in facts
    assert (
        '2020 · reported Spring 2021 by *Roscosmos\' "Challenge" races Cruise into orbit*' in facts
    )
    assert "2025 · reported 2025 by *The space film's hurdles*" in facts
    assert "Status: Announced → Stalled" in facts
    assert "Status inferred:] The article lists hurdles" in facts
    assert "c. Q4 2025 · reported c. Q4 2025 by *The 1987 Moscow trip" in facts
    assert "Status: Stalled (as before)" in facts


def test_the_detail_says_an_inferred_status_is_inferred_and_why(app: AppTest) -> None:
    app.query_params["project"] = "digger"
    at = open_page(app, "slate")
    facts = _unescaped(texts(at))
    assert "Inferred status]: The article gives no stage." in facts
    assert "Release: 2 Oct 2026 (EDTF 2026-10-02)" in facts
    rows = at.dataframe[0].value.set_index("id")
    assert rows.loc["digger", "status_label"] == "Pre-production (inferred)"
    assert rows.loc["top-gun-3", "status_label"] == "In development"


def test_a_project_not_yet_reported_on_the_as_of_day_says_so(app: AppTest) -> None:
    app.query_params["project"] = "digger"
    app.query_params["as_of"] = "2021-07-01"
    at = open_page(app, "slate")
    assert table_ids(at) == ["challenge", "mission-impossible-7", "untitled-space-film"]
    assert any(
        "Digger** is not on the slate as of 1 Jul 2021: no source published by then reports it"
        in i.value
        for i in at.info
    )


def test_chronicle_says_when_a_plans_date_passed_unconfirmed(app: AppTest) -> None:
    at = open_page(app, "chronicle")
    rows = at.dataframe[0].value.set_index("title")
    assert rows.loc["Digger: release", "reported_as"] == "Planned; date passed, not confirmed"
    assert rows.loc["Broadsword: release", "reported_as"] == "Planned"  # 2025–2026 still open
    assert rows.loc["Mission: Impossible 7: shoot", "reported_as"] == "Happened"
    assert rows.loc["Edge of Tomorrow 2: shoot", "date_basis"] == "inferred"


def test_chronicle_filters_by_project(app: AppTest) -> None:
    at = open_page(app, "chronicle")
    everything = list(at.dataframe[0].value["title"])
    at.multiselect(key="chronicle").set_value(["Challenge"]).run()
    rows = at.dataframe[0].value
    assert len(rows) < len(everything)
    assert {tuple(p) for p in rows["projects"]} <= {
        ("Challenge",),
        ("Challenge", "Untitled space film (NASA / SpaceX)"),
        (),
    }
    assert 'Soyuz MS-19 due to lift off from Baikonur with the "Challenge" crew' in set(
        rows["title"]
    )
    assert list(rows["date_label"]).count("1987") == 0


def test_sources_page_shows_dates_and_files_as_written(app: AppTest) -> None:
    at = open_page(app, "sources")
    shown = _unescaped(texts(at))
    assert "Published: c. Q4 2025 (EDTF 2025-36~)" in shown
    assert "File: 001_d980e582a6874863.txt" in shown


def test_sources_page_keeps_outlets_as_written(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = """\
        sources:
          - {id: trade-2025, name: A trade report, outlet: Screen Wire, published: "2025-36",
             note: Covers two films.}
          - {id: bbc-2025, name: A radio piece, outlet: BBC, published: "2025", note: On air.}
          - {id: blog-2025, name: A blog post, published: "2025", note: Online.}
        """
    monkeypatch.setenv("SLATE_DATA", str(make_folder(sources__yaml=sources)))
    at = open_page(app, "sources")
    assert not at.exception, at.exception
    outlets = [m.value for m in at.markdown if re.fullmatch(r"\*\*[^*]+\*\*", m.value)]
    # Data as typed; only our own words for a missing outlet start with a capital.
    assert outlets == ["**Screen Wire**", "**BBC**", "**Unnamed outlet**"]


def _unescaped(markdown: str) -> str:
    """Markdown as a reader sees it: empty breaks, escapes and bold marks removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(BREAK, "")).replace("**", "")


def _figure(at: AppTest) -> dict[str, Any]:
    chart = next(e for e in at.get("plotly_chart"))
    return json.loads(chart.proto.spec)


def test_timeline_opens_on_upcoming_work_and_the_whole_history_is_a_toggle(app: AppTest) -> None:
    at = open_page(app, "timeline")
    figure = _figure(at)
    names = {t.get("name") for t in figure["data"]}
    assert "Release date passed, unconfirmed" in names and "Announced" not in names
    annotations = [a.get("text", "") for a in figure["layout"].get("annotations", [])]
    assert any("As of 21 Nov 2026" in a for a in annotations)
    assert figure["layout"]["xaxis"]["range"][0].startswith("2026-05")
    shown = _unescaped(texts(at))
    assert "Only in the whole history: Mission: Impossible – The Final Reckoning" in shown
    at.toggle(key="history").set_value(True).run()
    figure = _figure(at)
    assert {"Announced", "Stalled", "Released"} <= {t.get("name") for t in figure["data"]}
    assert figure["layout"]["xaxis"]["range"][0] < "1987"


def test_broken_data_folder_shows_the_error_page_with_file_and_line(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(
        events__yaml="events:\n  - date: soon\n    title: x\n    sources: [trade-2025]\n"
    )
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = app.run()
    assert not at.exception
    assert "The slate data has problems" in texts(at)
    code = at.code[0].value
    assert f"{folder}/events.yaml:2: events[0].date: cannot read 'soon' as a date" in code


def test_another_data_folder_through_slate_data(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLATE_DATA", str(make_folder()))
    at = open_page(app, "slate")
    assert table_ids(at) == ["alpha", "beta"]


@pytest.fixture
def page_titles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The browser tab's titles the app sets, in order (the last one is what the tab says)."""
    titles: list[str] = []
    real = st.set_page_config

    def spy(**config: Any) -> None:
        if config.get("page_title"):
            titles.append(config["page_title"])
        real(**config)

    monkeypatch.setattr(st, "set_page_config", spy)
    return titles


def _csv_name(at: AppTest) -> str:
    button = next(b for b in at.download_button if b.label == "Download CSV")
    return _KeptMediaStorage.files[Path(button.proto.url).stem][0] or ""


def test_another_slate_is_headed_titled_and_downloaded_as_its_own_subject_s(
    app: AppTest,
    make_folder: MakeFolder,
    monkeypatch: pytest.MonkeyPatch,
    page_titles: list[str],
) -> None:
    monkeypatch.setenv("SLATE_DATA", str(make_folder(slate__yaml="subject: Dana Reyes\n")))
    at = open_page(app, "overview")
    assert not at.exception, at.exception
    assert [_unescaped(t.value) for t in at.title] == ["Dana Reyes's film slate"]
    assert page_titles[-1] == "Slate · Dana Reyes's film slate"
    assert "Cruise" not in _unescaped(texts(at))
    _KeptMediaStorage.files.clear()
    at = open_page(app, "slate")
    assert _csv_name(at) == f"dana-reyes-film-slate_all_{AS_OF}.csv"


def test_a_slate_that_names_no_subject_is_a_film_slate_not_tom_cruise_s(
    app: AppTest,
    make_folder: MakeFolder,
    monkeypatch: pytest.MonkeyPatch,
    page_titles: list[str],
) -> None:
    monkeypatch.setenv("SLATE_DATA", str(make_folder()))
    at = open_page(app, "overview")
    assert [_unescaped(t.value) for t in at.title] == ["Film slate"]
    assert page_titles[-1] == "Slate · Film slate"
    _KeptMediaStorage.files.clear()
    assert _csv_name(open_page(app, "slate")) == f"film-slate_all_{AS_OF}.csv"


def test_the_built_in_slate_is_titled_tom_cruise_s(app: AppTest, page_titles: list[str]) -> None:
    open_page(app, "overview")
    assert page_titles[-1] == "Slate · Tom Cruise's film slate"


def test_a_subject_is_shown_as_written_never_as_markdown(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(slate__yaml="subject: '**Dana** :red[Reyes]'\n")
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = open_page(app, "overview")
    assert at.title[0].value == esc("**Dana** :red[Reyes]") + "\\'s film slate"


def test_an_upload_that_replaces_the_slate_is_headed_for_its_subject(
    app: AppTest, page_titles: list[str]
) -> None:
    files = {**VALID, "s.yaml": "subject: Dana Reyes\n"}
    documents = tuple((name, textwrap.dedent(text).encode()) for name, text in files.items())
    # Where the Import page's "Use it in this tab" puts a replacing upload.
    app.session_state[session._UPLOADS] = Uploads(documents, replace=True)
    at = open_page(app, "overview")
    assert not at.exception, at.exception
    assert [_unescaped(t.value) for t in at.title] == ["Dana Reyes's film slate"]
    assert page_titles[-1] == "Slate · Dana Reyes's film slate"


def test_a_film_marked_released_but_dated_ahead_is_flagged_and_not_the_next_release(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Alpha's 2027 ends first, but its data says it is out; Beta is the film still to come.
    at, metric = _overview_with(
        app,
        make_folder,
        monkeypatch,
        ("status: announced", "status: released"),
        ('release: "2026-10-02"', 'release: "2027"'),
        ("status: stalled", 'status: in_development\n    release: "2028-05-01"'),
    )
    assert metric["Next dated release"] == "1 May 2028"
    shown = _unescaped(texts(at))
    assert (
        "Next dated release: Beta, 1 May 2028 · not counting 1 film marked released with a "
        "later date" in shown
    )
    assert [_unescaped(w.value) for w in at.warning] == [
        "Alpha: marked released, but its release (2027) is after 21 Nov 2026: check the "
        "status or the date."
    ]
    # The same words in the table's flags, and in the detail of the film.
    app.query_params["project"] = "alpha"
    at = open_page(app, "slate")
    flags = at.dataframe[0].value.set_index("id").loc["alpha", "flags"]
    early = (
        "Marked released, but its release (2027) is after 21 Nov 2026: check the status or the date"
    )
    assert list(flags) == [early]
    assert early in [_unescaped(w.value) for w in at.warning]


def test_many_films_marked_released_but_dated_ahead_share_one_card(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    projects = "projects:\n" + "".join(
        f"""  - id: film-{i}
    title: Film {i}
    status: released
    release: "{2027 + i}"
    logline: A film.
    sources: [trade-2025]
"""
        for i in range(16)
    )
    folder = make_folder(projects__yaml=projects, events__yaml="events: []\n")
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = open_page(app, "overview")
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Next dated release"] == "None ahead"
    assert [_unescaped(w.value) for w in at.warning] == [
        "16 films are marked released but dated after 21 Nov 2026: check their status or "
        "their date."
    ]
    assert list(at.dataframe[0].value["title"]) == [f"Film {i}" for i in range(16)]


def test_frame_is_sane() -> None:
    assert isinstance(to_frame(load_slate()), pd.DataFrame)


# --- Every page survives every filter: none, one, all ----------------------------------

ONE_MATCH = {
    "overview": "1 of 12 projects",
    "slate": "1 of 12 projects, sorted by release",
    "timeline": "1 of 12 projects.",
    "stalled": "None of the matching projects is paused, stalled, cancelled or abandoned.",
    "chronicle": "reported by 21 Nov 2026 about the 1 matching projects",
    # Every other project citing a source is marked as filtered out.
    "sources": "Digger; Edge of Tomorrow 2 (filtered out)",
}


@pytest.mark.parametrize("query", ["Kosinsky", "Spielberg"])
@pytest.mark.parametrize("url_path", list(PAGES))
def test_a_filter_that_matches_nothing_shows_the_empty_state(
    app: AppTest, url_path: str, query: str
) -> None:
    app.query_params["q"] = query
    at = open_page(app, url_path)
    assert not at.exception, at.exception
    assert not at.error
    assert "No projects match these filters." in [i.value for i in at.info]
    (reset,) = [b for b in at.button if b.key == f"reset-{url_path}"]
    assert reset.label == "Reset filters"
    assert _unescaped(at.title[0].value) == PAGES[url_path][0] and len(at.title) == 1
    reset.click().run()
    assert not at.exception
    assert "No projects match these filters." not in [i.value for i in at.info]
    assert at.text_input(key="q").value == ""


@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_page_with_one_match(app: AppTest, url_path: str) -> None:
    app.query_params["q"] = "digger"
    at = open_page(app, url_path)
    assert not at.exception, at.exception
    shown = _unescaped(texts(at))
    assert ONE_MATCH[url_path] in shown
    assert "No projects match these filters" not in shown


def test_an_empty_slate_is_a_state_not_an_error(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(projects__yaml="projects: []\n", events__yaml="events: []\n")
    monkeypatch.setenv("SLATE_DATA", str(folder))
    for url_path in PAGES:
        at = open_page(app, url_path)
        assert not at.exception, (url_path, at.exception)
        assert "This slate has no projects yet." in [i.value for i in at.info], url_path


def test_include_tba_off_hides_undated_projects_with_the_full_year_range(app: AppTest) -> None:
    at = open_page(app, "slate")
    at.toggle(key="undated").set_value(False).run()
    ids = table_ids(at)
    assert ids == expected_ids(Filters(include_undated=False))
    assert "top-gun-3" not in ids and "digger" in ids


def test_facet_counts_sit_under_each_filter(app: AppTest) -> None:
    at = open_page(app, "slate")
    sidebar = [e.value for e in at.sidebar.caption]
    assert sidebar[0].startswith("In development 3 · Pre\\-production 3 · Abandoned 1")
    assert any(c.startswith("Emily Blunt 1") or "Emily Blunt 1" in c for c in sidebar)
    assert any("Rumored" in c for c in sidebar)
    at.multiselect(key="status").set_value(["stalled"]).run()
    # Each facet's counts are taken under the other filters: the statuses still show all.
    sidebar = [e.value for e in at.sidebar.caption]
    assert "Paused 1" in sidebar[0]
    assert sidebar[1] == "Doug Liman 1"


def test_the_chrome_is_drawn_once_and_the_filters_follow_the_user(app: AppTest) -> None:
    app.query_params["status"] = ["Paused"]
    at = open_page(app, "slate")
    assert [t.value for t in at.title] == ["The slate"]
    assert table_ids(at) == expected_ids(Filters(statuses=("paused",)))
    at = open_page(at, "stalled")
    assert [t.value for t in at.title] == ["Stalled & abandoned"]
    assert at.multiselect(key="status").value == ["paused"]
    shown = texts(at)
    assert "Deeper" in shown and "Untitled space film" not in shown


def test_the_problems_page_lists_a_thousand_and_counts_the_rest(
    app: AppTest, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = "".join(f"  - id: p{i}\n    title: P\n    status: nope\n" for i in range(1_500))
    # Without the events file, whose event names a project these do not define.
    folder = make_folder(projects__yaml="projects:\n" + bad, events__yaml=None)
    monkeypatch.setenv("SLATE_DATA", str(folder))
    at = app.run()
    assert not at.exception
    lines = at.code[0].value.splitlines()
    assert len(lines) == 1_001
    assert lines[-1] == "… and 3,500 more: run the command below to see them all."
    assert "4,500 problems in" in at.error[0].value


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("deep", "x: " + "[" * 25_000 + "]" * 25_000 + "\n", "nested more than 64 deep"),
        (
            "bomb",
            'x:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"  {c}: &{c} [{', '.join(f'*{p}' for _ in range(9))}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
            + "projects:\n  - {id: p, title: T, status: *i, logline: L, sources: [trade-2025]}\n",
            "alias",
        ),
    ],
)
def test_the_dashboard_answers_a_hostile_file_with_its_problems_page(
    app: AppTest,
    make_folder: MakeFolder,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    words: str,
) -> None:
    monkeypatch.setenv("SLATE_DATA", str(make_folder(**{f"{name}__yaml": text})))
    at = app.run()
    assert not at.exception
    assert "The slate data has problems" in texts(at)
    assert f"{name}.yaml:" in at.code[0].value and words in at.code[0].value


# --- Add a report -----------------------------------------------------------------------


def _fill_report(at: AppTest, fields: dict[str, str]) -> AppTest:
    """Fill the Add a report form as a reporter types it (by widget key, after
    "report-"), then run it."""
    for key, value in fields.items():
        kind = {"note": "text_area"}.get(
            key, "selectbox" if key.endswith(("project", "status")) else "text_input"
        )
        getattr(at, kind)(key=f"report-{key}").set_value(value)
    return at.run()


def _fill_top_gun_report(at: AppTest) -> AppTest:
    return _fill_report(
        at,
        {
            "outlet": "Trade Daily", "headline": "Paramount dates the third Top Gun",
            "published": "2026-11-20", "note": "A trade report on Top Gun 3's dates.",
            "0-project": "top-gun-3", "0-status": "pre_production", "0-release": "2028-36",
            "0-note": "Set for late 2028.",
        },
    )  # fmt: skip


def test_a_report_is_previewed_before_and_after_and_downloads_as_a_file(app: AppTest) -> None:
    _KeptMediaStorage.files.clear()
    at = _fill_top_gun_report(open_page(app, "add-report"))
    assert not at.exception, at.exception
    (preview,) = [m.value for m in at.markdown if m.value.startswith("**Top Gun 3**")]
    lines = [line.rstrip() for line in _unescaped(preview).replace("**", "").splitlines()]
    assert "status: In development → Pre-production" in lines
    assert "release: TBA → Q4 2028" in lines
    (button,) = [b for b in at.download_button if b.label == "Download the report file"]
    name, data = _KeptMediaStorage.files[Path(button.proto.url).stem]
    assert name == "2026-11-20-trade-daily-paramount-dates-the-third-top-gun.yaml"
    assert b"project: top-gun-3" in data and b"release: 2028-36" in data
    # The public app offers no way to write the file into its data folder.
    assert not [b for b in at.button if b.label == "Save into the data folder"]
    assert "does not write to its data folder" in texts(at)


def test_a_report_may_date_its_news_before_the_article_and_mark_an_inference(
    app: AppTest,
) -> None:
    # The journalist's case: a 7 December article says Digger opened on 2 October.
    _KeptMediaStorage.files.clear()
    at = _fill_report(
        open_page(app, "add-report"),
        {
            "outlet": "Trade Daily", "headline": "Digger opens", "published": "2026-12-07",
            "note": "A look back at Digger's opening.", "0-project": "digger",
            "0-date": "2026-10-02", "0-status": "released", "0-release": "2026-10-02",
            "0-note": "Opened in cinemas on 2 October.",
            "0-inferred": "Its box-office figures imply it opened.",
        },
    )  # fmt: skip
    assert not at.exception, at.exception
    assert [c.language for c in at.code] == ["yaml"], [c.value for c in at.code]
    (preview,) = [m.value for m in at.markdown if m.value.startswith("**Digger**")]
    assert "status: Pre-production → Released" in _unescaped(preview).replace("**", "")
    (button,) = [b for b in at.download_button if b.label == "Download the report file"]
    _, data = _KeptMediaStorage.files[Path(button.proto.url).stem]
    text = data.decode()
    assert "  date: '2026-10-02'" in text
    assert "  inferred:\n    status: Its box-office figures imply it opened." in text


def test_a_reporter_types_dates_as_the_article_prints_them(app: AppTest) -> None:
    # The three dates a reporter was refused: each is read, shown as what it becomes, and
    # kept in the file beside the EDTF it is stored as.
    _KeptMediaStorage.files.clear()
    at = _fill_report(
        open_page(app, "add-report"),
        {
            "outlet": "Screen Wire", "headline": "Digger opens", "published": "7 December 2026",
            "note": "A look back at Digger's opening.", "0-project": "digger",
            "0-date": "2 October 2026", "0-status": "released", "0-release": "Oct. 2, 2026",
            "0-filming": "next year", "0-note": "Opened in cinemas on 2 October.",
        },
    )  # fmt: skip
    assert not at.exception, at.exception
    shown = _unescaped(texts(at))
    assert "7 Dec 2026 (stored as 2026-12-07)" in shown
    assert "2 Oct 2026 (stored as 2026-10-02)" in shown
    # "next year" is read against the article's own day, not today's.
    assert "2027 (stored as 2027)" in shown
    assert [c.language for c in at.code] == ["yaml"], [c.value for c in at.code]
    (button,) = [b for b in at.download_button if b.label == "Download the report file"]
    name, data = _KeptMediaStorage.files[Path(button.proto.url).stem]
    assert name.startswith("2026-12-07-")
    text = data.decode()
    assert "published: '2026-12-07'" in text and "published: 7 December 2026" in text
    assert "release: '2026-10-02'" in text and "release: Oct. 2, 2026" in text
    assert "filming: next year" in text and "filming: '2027'" in text
    # The article's day moves, and "next year" with it.
    at.text_input(key="report-published").set_value("20 November 2025").run()
    assert "2026 (stored as 2026)" in _unescaped(texts(at))


def test_a_report_s_problems_are_shown_in_the_form_s_words(app: AppTest) -> None:
    at = open_page(app, "add-report")
    at.text_input(key="report-published").set_value("soon").run()
    shown = _unescaped(texts(at))
    assert "cannot read 'soon' as a date: too vague to date: leave it TBA" in shown
    problems = at.code[0].value
    assert "The article, Published: cannot read 'soon' as a date" in problems
    assert "Claim 1, What it says: missing required field" in problems
    # The claim's own date was left empty: it takes the article's, and is not blamed twice.
    assert "Claim 1, When it holds" not in problems
    # The count says how many lines follow.
    lines = problems.splitlines()
    assert f"{len(lines)} things to fix before the report can be used:" in shown
    (button,) = [b for b in at.download_button if b.label == "Download the report file"]
    assert button.proto.disabled


def test_a_report_s_problems_are_all_shown_at_once(app: AppTest) -> None:
    # A bad publication date, and a new project under an id the slate already has, with no
    # logline: the duplicate is found though the file fails validation.
    at = _fill_report(
        open_page(app, "add-report"),
        {"outlet": "Trade Daily", "headline": "Top Gun 3 dated", "published": "2026-13-40",
         "note": "A trade report.", "0-project": "__new__"},
    )  # fmt: skip
    at.text_input(key="report-0-title").set_value("Top Gun 3")
    at.selectbox(key="report-0-status").set_value("announced")
    at.text_input(key="report-0-note").set_value("Dated.").run()
    assert not at.exception, at.exception
    lines = at.code[0].value.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        "The article, Published",
        "New project 1, Project id",
        "New project 1, What it is",
    ]
    assert lines[1].endswith("duplicate id 'top-gun-3'")
    assert "3 things to fix before the report can be used:" in texts(at)


REPORT = "report-2026-11-20-trade.yaml"


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        (Problem.at(REPORT, 9, ("sources", 0, "published"), "not an EDTF date"),
         "The article, Published: not an EDTF date"),
        (Problem.at(REPORT, 14, ("updates", 1, "note"), "missing required field"),
         "Claim 2, What it says: missing required field"),
        (Problem.at(REPORT, 20, ("projects", 0, "id"), "duplicate id 'x'"),
         "New project 1, Project id: duplicate id 'x'"),
        (Problem.at(REPORT, 15, ("updates", 0, "directors", 1, "name"), "missing required field"),
         "Claim 1, Directors[1].name: missing required field"),
        (Problem.at(REPORT, 15, ("updates", 0, "colour"), "unknown field"),
         "Claim 1, colour: unknown field"),
        (Problem.at(REPORT, 12, ("updates", 0), "a claim must say something"),
         "Claim 1: a claim must say something"),
        (Problem(REPORT, 1, "updates", "expected a list of records"),
         "updates: expected a list of records"),
        (Problem(REPORT, 3, "", "YAML syntax: expected <block end>"),
         f"{REPORT}:3: YAML syntax: expected <block end>"),
        (Problem.at("seeds/projects.yaml", 4, ("projects", 0, "id"), "duplicate id 'x'"),
         "seeds/projects.yaml:4: projects[0].id: duplicate id 'x'"),
    ],
)  # fmt: skip
def test_a_report_problem_is_worded_from_its_parts(problem: Problem, shown: str) -> None:
    from slate.ui.report import _readable

    assert _readable(problem, REPORT) == shown


def test_only_the_app_started_for_editing_saves_a_report_and_never_overwrites(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    import streamlit

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "seeds", folder)
    monkeypatch.setenv("SLATE_DATA", str(folder))
    monkeypatch.setenv("SLATE_EDIT", "1")
    real = streamlit.get_option
    monkeypatch.setattr(streamlit, "get_option", _option(real, "127.0.0.1"))
    at = _fill_top_gun_report(open_page(app, "add-report"))
    (save,) = [b for b in at.button if b.label == "Save into the data folder"]
    save.click().run()
    assert not at.exception, at.exception
    saved = folder / "2026-11-20-trade-daily-paramount-dates-the-third-top-gun.yaml"
    assert saved.is_file()
    assert any("Saved as" in s.value for s in at.success)
    # The next run reads it: the slate shows the report, and the form starts afresh.
    at = open_page(at, "slate")
    assert at.dataframe[0].value.set_index("id").loc["top-gun-3", "release_label"] == "Q4 2028"
    # Listening on every address, the same setting does not save.
    monkeypatch.setattr(streamlit, "get_option", _option(real, "0.0.0.0"))
    at = open_page(at, "add-report")
    assert not [b for b in at.button if b.label == "Save into the data folder"]


def _option(real, address: str):  # type: ignore[no-untyped-def]
    def get(name: str):  # type: ignore[no-untyped-def]
        return address if name == "server.address" else real(name)

    return get


def test_a_report_can_introduce_a_new_project(app: AppTest) -> None:
    at = open_page(app, "add-report")
    at.text_input(key="report-outlet").set_value("Trade Daily")
    at.text_input(key="report-headline").set_value("Cruise signs for a heist film")
    at.text_input(key="report-published").set_value("2026-11")
    at.text_area(key="report-note").set_value("A short trade item.")
    at.selectbox(key="report-0-project").set_value("__new__").run()
    at.text_input(key="report-0-title").set_value("The Vault Job")
    at.text_input(key="report-0-logline").set_value("A heist film with Cruise in the lead.")
    at.selectbox(key="report-0-status").set_value("announced")
    at.text_input(key="report-0-cast").set_value("Tom Cruise")
    at.text_input(key="report-0-note").set_value("Cruise is signed.").run()
    assert not at.exception, at.exception
    assert "The Vault Job (new)" in _unescaped(texts(at))
    (button,) = [b for b in at.download_button if b.label == "Download the report file"]
    assert not button.proto.disabled

"""Keeping the slate current, in a real browser: a journalist records an article about Top
Gun 3 and sees the Timeline and table change; an uploaded slate stays in its own tab; the
calendar download opens as a calendar."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, Page, expect

from slate.export import to_csv
from slate.load import load_slate
from slate.query import to_frame
from tests.browser.helpers import (
    AS_OF,
    Watch,
    download_csv,
    grid_titles,
    new_app_context,
    open_app,
    rerun,
    track_runs,
    url,
)
from tests.browser.server import Server, ServerError, start_server
from tests.conftest import SEEDS
from tests.test_claims import TOP_GUN_REPORT

pytestmark = pytest.mark.browser

REPORT_NAME = "2026-11-20-trade-daily-paramount-dates-the-third-top-gun.yaml"


@pytest.fixture(scope="module")
def editing_server() -> Iterator[Server]:
    """The app started for editing (as `make edit` does), on a copy of the seeds."""
    root = Path(tempfile.mkdtemp(prefix="slate-edit-"))
    folder = root / "data"
    shutil.copytree(SEEDS, folder)
    fd, log = tempfile.mkstemp(prefix="slate-streamlit-", suffix=".log")
    os.close(fd)
    try:
        server = start_server(folder, Path(log), env={"SLATE_EDIT": "1"})
    except ServerError as error:
        pytest.fail(str(error))
    yield server
    server.stop()
    Path(log).unlink(missing_ok=True)
    shutil.rmtree(root, ignore_errors=True)


def _type(page: Page, label: str, text: str, within: str = "stMain") -> None:
    box = page.get_by_test_id(within).get_by_role("textbox", name=label, exact=True)
    box.fill(text)
    with rerun(page):
        box.press("Enter")


def _pick(page: Page, label: str, option: str, within: str = "stMain") -> None:
    page.get_by_test_id(within).get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(option)  # the list only draws the options in view
    with rerun(page):
        page.get_by_role("option", name=option, exact=True).click()


def _fill_report(page: Page) -> None:
    _type(page, "Outlet", "Trade Daily")
    _type(page, "Headline", "Paramount dates the third Top Gun")
    # As the article prints its date and the film's: the form stores EDTF beside the words.
    _type(page, "Published", "20 November 2026")
    note = page.get_by_test_id("stMain").get_by_role(
        "textbox", name="What it covers, in your own words", exact=True
    )
    note.fill("A trade report on the third Top Gun's shoot and release.")
    with rerun(page):
        note.blur()
    _pick(page, "About", "Top Gun 3")
    _pick(page, "Status", "Pre-production")
    _type(page, "Release", "late 2028")
    _type(page, "What it says, in your own words", "Set to shoot in 2027 for late 2028.")


def test_a_journalist_records_a_report_and_the_dashboard_changes(
    app_page: Page, editing_server: Server, tmp_path: Path
) -> None:
    page = open_app(app_page, url(editing_server.url, "/add-report"))
    _fill_report(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Before and after")).to_be_visible()
    expect(main).to_contain_text("status: In development → Pre-production")
    expect(main).to_contain_text("release: TBA → Q4 2028")
    expect(main).to_contain_text("20 Nov 2026 (stored as 2026-11-20)")
    expect(main).to_contain_text("Q4 2028 (stored as 2028-36)")

    with page.expect_download() as info:
        main.get_by_role("button", name="Download the report file").click()
    download = info.value
    assert download.suggested_filename == REPORT_NAME
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "project: top-gun-3" in text and "release: 2028-36" in text
    assert "release: late 2028" in text and "published: 20 November 2026" in text

    with rerun(page):
        main.get_by_role("button", name="Save into the data folder").click()
    expect(main.get_by_text("Saved as")).to_be_visible()
    assert (editing_server.data / REPORT_NAME).read_text(encoding="utf-8") == text

    # The downloaded file, added to a copy of the seeds from a terminal: the same result.
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    done = subprocess.run(
        [sys.executable, "-m", "slate", "add", str(saved), "--data", str(copy)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "status: In development -> Pre-production" in done.stdout
    in_app = load_slate(editing_server.data).project("top-gun-3")
    assert load_slate(copy).project("top-gun-3") == in_app

    # Every page shows the new picture, the old claim kept beside the new one.
    page = open_app(page, url(editing_server.url, "/slate", q="Top Gun", project="top-gun-3"))
    detail = page.locator(".st-key-project-detail")
    expect(detail).to_contain_text("Release: Q4 2028 (written “late 2028”, stored as 2028-36)")
    expect(detail).to_contain_text("Paramount dates the third Top Gun")
    # Each claim with both its dates: when it holds, and when its source was published.
    expect(detail).to_contain_text("c. Q4 2025 · reported c. Q4 2025")
    expect(detail).to_contain_text(
        "20 Nov 2026 · reported 20 Nov 2026 by Paramount dates the third Top Gun"
    )
    expect(detail).to_contain_text("Status: In development → Pre-production")
    page = open_app(page, url(editing_server.url, "/timeline", q="Top Gun"))
    titles = page.locator(".st-key-timeline-gantt .annotation-text")
    expect(titles.filter(has_text="Top Gun 3")).to_contain_text("Pre-production")


def test_the_public_app_has_no_save_button(app_page: Page, app_server: Server) -> None:
    page = open_app(app_page, url(app_server.url, "/add-report"))
    _fill_report(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("button", name="Download the report file")).to_be_enabled()
    expect(main.get_by_role("button", name="Save into the data folder")).to_have_count(0)
    expect(main).to_contain_text("does not write to its data folder")


def _go(page: Page, name: str) -> None:
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()


def _upload(page: Page, path: Path) -> None:
    uploader = page.get_by_test_id("stFileUploader")
    with rerun(page):
        uploader.locator('input[type="file"]').set_input_files(str(path))


def test_an_upload_stays_in_its_own_tab(
    browser: Browser, app_server: Server, watch: Watch, tmp_path: Path
) -> None:
    report = tmp_path / "top-gun-report.yaml"
    report.write_text(TOP_GUN_REPORT, encoding="utf-8")
    mine, theirs = new_app_context(browser), new_app_context(browser)
    try:
        page = watch.attach(track_runs(mine.new_page()))
        other = watch.attach(track_runs(theirs.new_page()))
        open_app(page, url(app_server.url, "/import"))
        _upload(page, report)
        main = page.get_by_test_id("stMain")
        expect(main).to_contain_text("It checks out")
        with rerun(page):
            main.get_by_role("button", name="Use it in this tab").click()
        expect(page.get_by_text("This tab shows your upload (top-gun-report.yaml)")).to_be_visible()
        # The file in use is not checked against a slate that already holds it.
        expect(main.get_by_text("This file is in use in this tab.")).to_be_visible()
        expect(main.get_by_test_id("stAlertContentError")).to_have_count(0)

        # Moving within the tab keeps it (a new address would start a new session).
        _go(page, "Slate")
        _type(page, "Search", "Top Gun", within="stSidebar")
        expect(grid_titles(page)).to_have_text(["Top Gun 3"])
        expect(page.get_by_test_id("stDataFrame").first).to_contain_text("Q4 2028")
        # Another browser, at the same time, sees the built-in slate.
        open_app(other, url(app_server.url, "/slate", q="Top Gun"))
        expect(other.get_by_test_id("stDataFrame").first).not_to_contain_text("Q4 2028")
        expect(other.get_by_text("This tab shows your upload")).to_have_count(0)

        with rerun(page):
            page.get_by_role("button", name="Built-in slate").click()
        expect(page.get_by_text("This tab shows your upload")).to_have_count(0)
        expect(page.get_by_test_id("stDataFrame").first).not_to_contain_text("Q4 2028")
    finally:
        mine.close()
        theirs.close()
    assert not watch.problems(), watch.problems()


def test_a_bad_upload_lists_its_problems_and_changes_nothing(
    app_page: Page, app_server: Server, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TOP_GUN_REPORT.replace("2028-36", "soon"), encoding="utf-8")
    page = open_app(app_page, url(app_server.url, "/import"))
    _upload(page, bad)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("1 problem stops this file loading; nothing changed.")
    expect(main.get_by_test_id("stCode")).to_contain_text(
        "bad.yaml:14: updates[0].release: cannot read 'soon' as a date: too vague to date"
    )
    expect(main.get_by_role("button", name="Use it in this tab")).to_have_count(0)


def test_a_csv_s_good_rows_load_alone_and_the_others_download(
    app_page: Page, app_server: Server, tmp_path: Path
) -> None:
    slate = load_slate(SEEDS)
    lines = to_csv(to_frame(slate, AS_OF)).split("\r\n")
    lines[2] += ",one cell too many"
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("\r\n".join(lines), encoding="utf-8")
    page = open_app(app_page, url(app_server.url, "/import"))
    with rerun(page):
        page.get_by_text("Replace the slate with it").click()
    _upload(page, csv_file)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("1 of 12 rows cannot be loaded")
    with page.expect_download() as info:
        main.get_by_role("button", name="Download the rows left out").click()
    left_out = Path(info.value.path()).read_text(encoding="utf-8")
    assert left_out.startswith("line,problem,") and "27 cells" in left_out
    with rerun(page):
        main.get_by_role("button", name="Load the 11 rows that are fine").click()
    expect(page.get_by_text("This tab shows your upload (mine.csv) instead of")).to_be_visible()
    _go(page, "Slate")
    expect(page.get_by_test_id("stMain")).to_contain_text("11 of 11 projects")
    assert len(download_csv(page).rows) == 11


def test_the_calendar_download_opens_as_a_calendar(app_page: Page, app_server: Server) -> None:
    page = open_app(app_page, url(app_server.url, "/slate"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download calendar").click()
    download = info.value
    assert download.suggested_filename == f"tom-cruise-film-slate_all_{AS_OF.isoformat()}.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # Releases and shoots, each its own event, none longer than a month.
    assert set(events) == {
        "digger.release@slate",
        "broadsword.release@slate",
        "mission-impossible-the-final-reckoning.release@slate",
        "challenge.filming@slate",
        "edge-of-tomorrow-2.filming@slate",
        "mission-impossible-7.filming@slate",
    }
    assert events["digger.release@slate"].decoded("dtstart") == dt.date(2026, 10, 2)
    for event in events.values():
        assert event.decoded("dtend") - event.decoded("dtstart") <= dt.timedelta(days=31)


def test_a_journalist_s_own_list_comes_in_with_its_ordinary_headers(
    app_page: Page, app_server: Server, tmp_path: Path
) -> None:
    listed = tmp_path / "my-films.csv"
    listed.write_text(
        "Title,Director,Release date,Status,Cast,Studio\n"
        "Sky Pirates,Dana Reyes,late 2027,In development,Tom Cruise,Paramount\n"
        "TOP GUN 3,Joseph Kosinski,2028,Pre-production,Tom Cruise,Paramount\n"
        "Night Shift,Ana Lopes,soon,Announced,Tom Cruise,\n",
        encoding="utf-8",
    )
    # The list's source is dated the day it is imported: only a view of today knows it.
    page = open_app(app_page, url(app_server.url, "/import", as_of=dt.date.today().isoformat()))
    _upload(page, listed)
    main = page.get_by_test_id("stMain")
    # Each refused row says why in plain words, at its line.
    expect(main).to_contain_text("2 of 3 rows cannot be loaded")
    expect(main).to_contain_text("already on the slate as top-gun-3")
    expect(main).to_contain_text("cannot read 'soon' as a date")
    # What the words became, to check before loading.
    main.get_by_text("Dates read from words (1)").click()
    expect(main).to_contain_text("Sky Pirates (line 2): release: 'late 2027' is Q4 2027 (2027-36)")
    with rerun(page):
        main.get_by_role("button", name=re.compile("^Load the 1 row")).click()
    _go(page, "Slate")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("13 of 13 projects")
    expect(grid_titles(page).filter(has_text="Sky Pirates")).to_have_count(1)
    (row,) = [r for r in download_csv(page).rows if r["title"] == "Sky Pirates"]
    assert (row["release"], row["release_label"], row["directors"]) == (
        "2027-36",
        "Q4 2027",
        "Dana Reyes",
    )

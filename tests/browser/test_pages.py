"""Every page in a real browser: loads clean, filters through the sidebar widgets, keeps the
view in the URL, exports exactly the rows on screen, and draws the timeline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from slate.export import to_csv
from slate.query import Filters
from tests.browser.helpers import (
    CSV_HEAD,
    PHONE,
    choose,
    download_csv,
    expected_rows,
    grid_titles,
    open_app,
    rerun,
    url,
    wait_for_app,
)
from tests.browser.server import Server
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("/", "Tom Cruise's film slate", "Upcoming work", id="overview"),
    pytest.param(
        "/slate", "The slate", re.compile(r"^\d+ of \d+ projects, sorted by release"), id="slate"
    ),
    pytest.param("/timeline", "Timeline", "Click a bar for the project", id="timeline"),
    pytest.param("/overview", "Tom Cruise's film slate", "Upcoming work", id="overview-typed"),
    pytest.param(
        "/stalled", "Stalled & abandoned", "Untitled space film (NASA / SpaceX)", id="stalled"
    ),
    pytest.param("/chronicle", "Chronicle", "reported by 21 Nov 2026", id="chronicle"),
    pytest.param("/sources", "Sources", "Where sources disagree", id="sources"),
]


@pytest.mark.parametrize(("path", "title", "content"), PAGES)
def test_page_loads(
    app_page: Page, app_server: Server, path: str, title: str, content: str | re.Pattern[str]
):
    open_app(app_page, url(app_server.url, path))
    expect(app_page.get_by_role("heading", name=title, level=1, exact=True)).to_be_visible()
    expect(app_page.get_by_text(content).first).to_be_visible()
    expect(app_page.get_by_test_id("stException")).to_have_count(0)
    # The seeds hold no backslash: one on screen is Markdown escaping shown by mistake. Nor
    # any invisible character: what a reader copies is the data.
    shown = app_page.get_by_test_id("stMain").inner_text()
    assert "\\" not in shown
    assert not set(shown) & {"\u2060", "\u200b", "\u2068", "\u2069"}


CHART_BOXES = """(chart) => {
  const box = (e) => e && e.getBoundingClientRect();
  const plot = box(chart.querySelector('.nsewdrag'));
  const legend = box(chart.querySelector('.legend'));
  const dates = [...chart.querySelectorAll('.xtick text')].map(box).filter((b) => b.width > 0);
  return {plot: plot.width, plotTop: plot.top, legendBottom: legend ? legend.bottom : null,
          dates: dates.length};
}"""


@pytest.mark.parametrize("path", ["/", "/timeline", "/chronicle"])
def test_charts_keep_a_wide_plot_on_a_phone(app_page: Page, app_server: Server, path: str):
    app_page.set_viewport_size(PHONE)
    page = open_app(app_page, url(app_server.url, path))
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".nsewdrag").first).to_be_attached()
    found = chart.evaluate(CHART_BOXES)
    assert found["plot"] >= 300, found
    assert found["legendBottom"] is not None and found["legendBottom"] <= found["plotTop"], found
    assert found["dates"] >= 3, found  # the date labels are not hidden by the titles


FILTERS = [
    pytest.param(
        "Director", "Doug Liman", "director=Doug+Liman", Filters(directors=("Doug Liman",)),
        {"untitled-space-film", "edge-of-tomorrow-2", "deeper"}, id="director",
    ),
    pytest.param(
        "Status", "Stalled", "status=Stalled", Filters(statuses=("stalled",)),
        {"untitled-space-film"}, id="status",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("label", "option", "param", "filters", "ids"), FILTERS)
def test_filter_widget_url_and_download(
    app_page: Page,
    app_server: Server,
    fresh_page,
    label: str,
    option: str,
    param: str,
    filters: Filters,
    ids: set[str],
):
    expected = expected_rows(SEEDS, filters)
    assert set(expected["id"]) == ids  # the core agrees with what the issue expects
    titles = list(expected["title"])
    page = open_app(app_page, url(app_server.url, "/slate"))
    expect(grid_titles(page)).to_have_count(len(expected_rows(SEEDS)))

    choose(page, label, option)
    expect(grid_titles(page)).to_have_text(titles)
    assert param in page.url.split("?", 1)[1].split("&")
    shown = grid_titles(page).all_inner_texts()
    got = download_csv(page)
    assert [row["title"] for row in got.rows] == shown
    assert got.bom and got.text == to_csv(expected)

    # The link alone reproduces the view in a browser that has never seen the app.
    other = open_app(fresh_page(), page.url)
    expect(grid_titles(other)).to_have_text(titles)
    chip = other.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    expect(chip.filter(has_text=label).get_by_text(option, exact=True)).to_be_visible()
    assert download_csv(other).text == got.text


def test_a_links_filters_follow_the_user_to_other_pages(app_page: Page, app_server: Server):
    """Moving between pages drops the query string; the filters must not go with it."""
    linked = url(app_server.url, "/slate", director="Doug Liman", as_of="2026-11-21")
    page = open_app(app_page, linked)
    expect(grid_titles(page)).to_have_count(3)
    menu = page.get_by_test_id("stSidebarNav")
    for name, words in (("Overview", "3 of 12 projects ·"), ("Timeline", "3 of 12 projects.")):
        with rerun(page):
            menu.get_by_role("link", name=name).click()
        expect(page.get_by_test_id("stMain")).to_contain_text(words)
    # Off the root page the address bar holds the filters again, ready to be copied.
    expect(page).to_have_url(re.compile(r"/timeline\?.*director=Doug\+Liman"))
    with rerun(page):
        menu.get_by_role("link", name="Slate").click()
    expect(grid_titles(page)).to_have_count(3)


def test_csv_download_contract(app_page: Page, app_server: Server):
    page = open_app(app_page, url(app_server.url, "/slate", director="Doug Liman"))
    expect(grid_titles(page)).to_have_count(3)
    got = download_csv(page)
    assert got.name == "tom-cruise-film-slate_director-doug-liman_2026-11-21.csv"
    assert got.text.startswith(CSV_HEAD + ",")
    assert got.text.endswith("\r\n")
    assert got.ids == ["deeper", "edge-of-tomorrow-2", "untitled-space-film"]


# Where a bar is on screen (scrolled into view first): plotly keeps each point's calcdata
# (with its index `i`) on the path's parent and the trace on the trace group, so the bar is
# found by its project id.
BAR_CENTRE = """([traceName, projectId]) => {
  for (const path of document.querySelectorAll('.js-plotly-plot .barlayer .point path')) {
    const trace = path.closest('.trace').__data__[0].trace;
    const point = path.parentNode.__data__;
    const custom = trace.customdata && trace.customdata[point.i];
    if (trace.name === traceName && custom && custom[0] === projectId) {
      path.scrollIntoView({block: 'center', inline: 'center'});
      const box = path.getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width};
    }
  }
  return null;
}"""

DRAWN_IDS = """() => {
  const ids = new Set();
  for (const point of document.querySelectorAll('.js-plotly-plot .point')) {
    // A bar is a <g class="point"> around its path; a scatter marker is the path itself.
    const path = point.tagName === 'path' ? point : point.querySelector('path');
    if (!path || !point.__data__ || path.getAttribute('d') === 'M0,0Z') continue;
    const trace = point.closest('.trace').__data__[0].trace;
    const custom = trace.customdata && trace.customdata[point.__data__.i];
    if (custom) ids.add(custom[0]);
  }
  return [...ids].sort();
}"""


def test_timeline_draws_and_opens_detail(app_page: Page, app_server: Server):
    page = open_app(app_page, url(app_server.url, "/timeline"))
    chart = page.locator(".st-key-timeline-gantt .js-plotly-plot")
    bars = chart.locator(".barlayer .point path")
    expect(bars.first).to_be_attached()
    expect(chart.locator(".shapelayer path")).to_have_count(1)  # the as-of line
    expect(chart.locator(".annotation-text").filter(has_text="As of 21 Nov 2026")).to_have_count(1)
    expect(
        chart.locator(".annotation-text").filter(has_text="Untitled space film (NASA / SpaceX)")
    ).to_have_count(1)
    expect(
        page.get_by_text("Only in the whole history: Mission: Impossible – The Final Reckoning")
    ).to_be_visible()
    # Every project with something in the view has a bar or a marker.
    released = {"mission-impossible-the-final-reckoning"}
    assert set(page.evaluate(DRAWN_IDS)) == set(expected_rows(SEEDS)["id"]) - released

    bar = page.evaluate(BAR_CENTRE, ["Stalled", "untitled-space-film"])
    assert bar is not None and bar["width"] > 4, bar
    with rerun(page):
        page.mouse.click(bar["x"], bar["y"])
    detail = page.locator(".st-key-project-detail")
    expect(
        detail.get_by_role("heading", name="Untitled space film (NASA / SpaceX)")
    ).to_be_visible()
    close = detail.get_by_role("button", name="Close")
    expect(close).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]project=untitled-space-film(&|$)"))

    with rerun(page):
        close.click()
    expect(detail).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"[?&]project="))

    # The whole history is one click away, and the link keeps it.
    with rerun(page):
        page.get_by_text("Whole history", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]history=true(&|$)"))
    assert set(page.evaluate(DRAWN_IDS)) == set(expected_rows(SEEDS)["id"])
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_back_returns_to_the_page_before(app_page: Page, app_server: Server):
    page = open_app(app_page, url(app_server.url, "/slate", director="Doug Liman"))
    # Streamlit builds the next page's address from the widgets as drawn: a click in the
    # instant before the chip appears can lose the choice (a user cannot click that fast).
    chips = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    expect(chips.get_by_text("Doug Liman", exact=True)).to_be_visible()
    menu = page.get_by_test_id("stSidebarNav")
    for name in ("Timeline", "Sources"):
        with rerun(page):
            menu.get_by_role("link", name=name).click()
        # The address bar takes the filters just after the run, as a user sees it.
        expect(page).to_have_url(re.compile(rf"/{name.lower()}\?.*director=Doug\+Liman"))
    expect(page.get_by_role("heading", name="Sources", level=1)).to_be_visible()
    for heading in ("Timeline", "The slate"):
        page.go_back()
        expect(page.get_by_role("heading", name=heading, level=1, exact=True)).to_be_visible()
        wait_for_app(page)
        expect(page).to_have_url(re.compile(r"director=Doug\+Liman"))


def test_as_of_is_in_the_link_after_a_filter_change_and_enter_applies_a_typed_day(
    app_page: Page, app_server: Server
):
    page = open_app(app_page, f"{app_server.url}/slate")
    choose(page, "Status", "Paused")
    today = dt.date.today().isoformat()
    expect(page).to_have_url(re.compile(rf"[?&]as_of={today}(&|$)"))
    field = page.get_by_test_id("stSidebar").get_by_role("textbox", name="As of")
    field.fill("2026-09-01")
    with rerun(page):
        field.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]as_of=2026-09-01(&|$)"))
    expect(page.get_by_test_id("stMain")).to_contain_text(
        "as of 1 Sep 2026: the slate as its sources told it then"
    )
    field.fill("late 2026")
    with rerun(page):
        field.press("Enter")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Not a day: late 2026")


NONE_ONE_ALL = [
    pytest.param({"q": "Kosinsky"}, None, id="none"),
    pytest.param({"q": "Spielberg"}, None, id="none-spielberg"),
    pytest.param({"q": "digger"}, "1 of 12 projects", id="one"),
    pytest.param({}, "12 of 12 projects", id="all"),
]


@pytest.mark.parametrize(("params", "summary"), NONE_ONE_ALL)
@pytest.mark.parametrize("path", [p.values[0] for p in PAGES if p.id != "overview-typed"])
def test_every_page_survives_every_filter(
    app_page: Page, app_server: Server, path: str, params: dict[str, str], summary: str | None
):
    page = open_app(app_page, url(app_server.url, path, **params))
    main = page.get_by_test_id("stMain")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    if summary is None:
        expect(main.get_by_text("No projects match these filters.")).to_be_visible()
        with rerun(page):
            main.get_by_role("button", name="Reset filters").click()
        expect(main.get_by_text("No projects match these filters.")).to_have_count(0)
        expect(page).not_to_have_url(re.compile(r"[?&]q="))
    elif path not in ("/stalled", "/chronicle", "/sources"):
        expect(main).to_contain_text(summary)
    expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize(
    ("path", "params", "text"),
    [
        pytest.param("/sources", {}, "(EDTF 2025-36~)", id="source-date"),
        pytest.param("/slate", {"project": "digger"}, "(EDTF 2026-10-02)", id="release"),
    ],
)
def test_edtf_strings_read_verbatim(
    app_page: Page, app_server: Server, path: str, params: dict[str, str], text: str
):
    """Escaped Markdown must not show its backslashes (as it did inside code spans)."""
    page = open_app(app_page, url(app_server.url, path, **params))
    expect(page.get_by_test_id("stMain")).to_contain_text(text)
    assert "\\" not in page.get_by_test_id("stMain").inner_text()

"""A slate whose every string is hostile (hostile/): each page shows it as text and nothing
runs, renders as markup, links anywhere or breaks the layout; the CSV defuses formulas."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from slate.export import to_csv
from slate.load import load_slate
from tests.browser.helpers import (
    PHONE,
    Watch,
    download_csv,
    expected_rows,
    grid_titles,
    open_app,
    url,
)
from tests.browser.server import HOSTILE, Server

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[click](javascript:alert(1))"
LONG = "Unbroken" * 36 + "END"
FORMULA = '=HYPERLINK("http://evil.example/","click me")'
# The next dated release's title, as a reader sees it: the right-to-left override dropped.
BAIT = "![pixel](http://evil.example/p.png) trailer at www.evil.example eno ok"

# The sidebar's facet counts name every director, studio and genre on every page.
EVERYWHERE = [
    IMG,
    f"{SCRIPT} Studios",
    ":red[red]",
    ":material/home: Pictures",
    "$x^2$ drama",
    "@attacker",
    "+SUM(1,2)",
    "-2+3",
    "مخرج عربي",
    "🎬 Emoji Director 🚀",
    LONG,
]
STORY = "$x^2$ :red[red] :material/home: Story"
PAGES = [
    pytest.param("/", [FORMULA, JS_LINK, f"Next dated release: {BAIT}"], id="overview"),
    pytest.param("/slate", ["7 of 7 projects"], id="slate"),
    pytest.param("/timeline", [JS_LINK, STORY], id="timeline"),
    pytest.param(
        "/stalled",
        [f"{SCRIPT} Night", FORMULA, STORY, "$$\\int_0^1 x\\,dx$$", JS_LINK, "توم كروز"],
        id="stalled",
    ),
    pytest.param(
        "/chronicle", ["8 events, releases and shoots reported by 21 Nov 2026"], id="chronicle"
    ),
    pytest.param(
        "/sources",
        [
            f"{SCRIPT} Gazette",
            f"{IMG} headline",
            JS_LINK,
            "File: ../../etc/passwd <b>bold</b>",
            "(EDTF 2025-36~)",
            "مصدر عربي · מקור עברי 🎬🚀",
        ],
        id="sources",
    ),
    pytest.param(
        "/slate?project=script-title",
        [f"{SCRIPT} Night", f"{IMG} alias", JS_LINK, "<b>Party</b> :material/home:"],
        id="detail",
    ),
]

INSPECT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const hrefs = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
    .map((e) => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')
                || e.getAttribute('formaction') || '');
  return {
    scripts: [...document.querySelectorAll('script')]
      .filter((s) => s.textContent.includes('alert(')).length,
    handlers: [...document.querySelectorAll('*')].filter((e) =>
      [...e.attributes].some((a) => a.name.startsWith('on'))).map((e) => e.outerHTML),
    javascriptUrls: hrefs.filter((h) => h.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase()
      .startsWith('javascript:')),
    katex: document.querySelectorAll('.katex').length,
    homeIcons: [...document.querySelectorAll('[data-testid="stIconMaterial"]')]
      .filter((e) => e.textContent.trim() === 'home').length,
    pageWidth: document.documentElement.scrollWidth,
    mainOverflow: main.scrollWidth - main.clientWidth,
    viewport: window.innerWidth,
  };
}"""


def test_hostile_folder_loads():
    """Valid for the loader on purpose: the pages must show it, not the problems page."""
    assert len(load_slate(HOSTILE).projects) == 7


def _open(page: Page, server: Server, path: str) -> Page:
    route, _, query = path.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if p)
    open_app(page, url(server.url, route, **params))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


@pytest.mark.parametrize(("path", "literals"), PAGES)
def test_hostile_text_stays_text(
    app_page: Page, hostile_server: Server, watch: Watch, path: str, literals: list[str]
):
    page = _open(app_page, hostile_server, path)
    for literal in [*EVERYWHERE, *literals]:
        expect(page.locator("body")).to_contain_text(literal)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    found = page.evaluate(INSPECT)
    assert found["scripts"] == 0, "a <script> from the data reached the DOM"
    assert found["handlers"] == [], found["handlers"]
    assert found["javascriptUrls"] == [], found["javascriptUrls"]
    assert found["katex"] == 0, "data text was rendered as LaTeX"
    assert found["homeIcons"] == 0, "data text was rendered as a material icon"
    assert found["pageWidth"] <= found["viewport"] + 2, found
    assert found["mainOverflow"] <= 2, found
    assert not watch.problems(), watch.problems()


def test_hostile_layout_holds_at_phone_width(app_page: Page, hostile_server: Server):
    app_page.set_viewport_size(PHONE)
    for path in ["/", "/slate", "/timeline", "/stalled", "/sources", "/slate?project=long-title"]:
        found = _open(app_page, hostile_server, path).evaluate(INSPECT)
        assert found["pageWidth"] <= PHONE["width"] + 2, (path, found["pageWidth"])
        assert found["mainOverflow"] <= 2, (path, found["mainOverflow"])


def test_hostile_grid_and_chart_hold_the_literal_titles(app_page: Page, hostile_server: Server):
    page = _open(app_page, hostile_server, "/slate")
    expect(grid_titles(page)).to_have_text(list(expected_rows(HOSTILE)["title"]))
    page = _open(app_page, hostile_server, "/timeline?history=true")
    titles = page.locator(".st-key-timeline-gantt .annotation-text")
    expect(titles.filter(has_text=f"{SCRIPT} Night")).to_have_count(1)
    expect(titles.filter(has_text="=HYPERLINK(")).to_have_count(1)
    page = _open(app_page, hostile_server, "/chronicle")
    cells = page.get_by_test_id("stDataFrame").locator('[role="gridcell"]')
    expect(cells.filter(has_text=f"{SCRIPT} is announced with {JS_LINK}")).to_have_count(1)


def test_hostile_csv_is_defused(app_page: Page, hostile_server: Server):
    page = _open(app_page, hostile_server, "/slate")
    got = download_csv(page)
    expected = expected_rows(HOSTILE)
    assert got.ids == list(expected["id"])
    assert got.bom and got.text == to_csv(expected)
    row = next(r for r in got.rows if r["id"] == "formula-title")
    assert row["title"] == "'" + FORMULA
    assert row["directors"] == "'@attacker"
    assert row["studio"] == "'+SUM(1,2)"
    assert row["genre"] == "'-2+3"
    assert row["logline"].startswith("'=1+1")
    assert next(r for r in got.rows if r["id"] == "script-title")["title"] == f"{SCRIPT} Night"


@pytest.mark.parametrize("path", ["/", "/stalled", "/sources", "/slate?project=formula-title"])
def test_urls_in_data_are_not_links(app_page: Page, hostile_server: Server, path: str):
    page = _open(app_page, hostile_server, path)
    app = urlparse(hostile_server.url)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map((a) => a.href)")
    foreign = [
        h for h in hrefs if (urlparse(h).scheme, urlparse(h).netloc) != (app.scheme, app.netloc)
    ]
    assert foreign == [], f"data text became links on {path}: {foreign}"


TOOLTIP = """(tip) => ({
  text: tip.innerText,
  images: tip.querySelectorAll('img').length,
  links: [...tip.querySelectorAll('a[href]')].map((a) => a.href),
})"""


@pytest.mark.parametrize("path", ["/", "/slate", "/timeline", "/chronicle", "/stalled"])
def test_every_tooltip_shows_data_as_plain_text(
    app_page: Page, hostile_server: Server, watch: Watch, path: str
):
    """Tooltips render Markdown: a remote image in a title would load when one opens."""
    page = _open(app_page, hostile_server, path)
    if path in ("/", "/timeline", "/chronicle"):
        # The page's own tooltips (metrics, toggles), not only the sidebar's, are drawn.
        main = page.get_by_test_id("stMain").get_by_test_id("stTooltipIcon")
        expect(main.first).to_be_visible()
    icons = page.get_by_test_id("stTooltipIcon")
    expect(icons.first).to_be_visible()
    seen = []
    for i in range(icons.count()):
        icon = icons.nth(i)
        icon.scroll_into_view_if_needed()
        icon.hover()
        tip = page.get_by_test_id("stTooltipContent").last
        expect(tip).to_be_visible()
        found = tip.evaluate(TOOLTIP)
        assert found["images"] == 0 and found["links"] == [], found
        seen.append(found["text"])
        page.mouse.move(0, 0)
        expect(page.get_by_test_id("stTooltipContent")).to_have_count(0)
    if path == "/":
        # The "Next dated release" help starts with the title, as text.
        assert any(text.startswith(BAIT) for text in seen), seen
    assert not watch.problems(), watch.problems()  # no request for the remote image

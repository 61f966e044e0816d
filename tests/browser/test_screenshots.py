"""Screenshots of every page at desktop and phone width, for a person to review.

Written to artifacts/screenshots/ (git-ignored): NAME-WIDTHxHEIGHT.png is what the window
shows; NAME-WIDTH-full.png is the whole page (Streamlit scrolls inside its main element,
so the window is made as tall as the content for that one).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.helpers import (
    PHONE,
    VIEWPORT,
    Watch,
    new_app_context,
    open_app,
    track_runs,
    url,
)
from tests.browser.server import Server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"
PAGES = [
    ("overview", "/", "Tom Cruise's film slate"),
    ("slate", "/slate", "The slate"),
    ("timeline", "/timeline", "Timeline"),
    ("stalled", "/stalled", "Stalled & abandoned"),
    ("chronicle", "/chronicle", "Chronicle"),
    ("sources", "/sources", "Sources"),
    ("add-report", "/add-report", "Add a report"),
    ("import", "/import", "Import your own slate"),
]
MAX_FULL_HEIGHT = 8_000
PAGE_WIDTH = """() => Math.max(document.documentElement.scrollWidth,
                              document.querySelector('[data-testid="stMain"]').scrollWidth)"""
# Resolves once the browser has laid out and painted the resized window twice over.
NEXT_FRAMES = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_screenshots(browser: Browser, app_server: Server, watch: Watch, viewport: dict):
    SHOTS.mkdir(parents=True, exist_ok=True)
    width, height = viewport["width"], viewport["height"]
    context = new_app_context(browser, viewport=viewport, device_scale_factor=1)
    written = []
    try:
        page = watch.attach(track_runs(context.new_page()))
        for name, path, title in PAGES:
            page.set_viewport_size(viewport)
            open_app(page, url(app_server.url, path))
            expect(page.get_by_role("heading", name=title, level=1, exact=True)).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
            # Nothing pushes the page wider than the window (tables scroll inside themselves).
            assert page.evaluate(PAGE_WIDTH) <= width + 2, f"{path} overflows at {width} px"
            # Widgets whose code is still loading are grey placeholders: wait them out.
            expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
            shot = SHOTS / f"{name}-{width}x{height}.png"
            page.screenshot(path=shot)
            written.append(shot)

            tall = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
            )
            page.set_viewport_size({"width": width, "height": min(tall, MAX_FULL_HEIGHT)})
            page.evaluate(NEXT_FRAMES)
            # Charts are drawn once they come into view: wait for every one to have its plot.
            charts = page.get_by_test_id("stPlotlyChart")
            for i in range(charts.count()):
                expect(charts.nth(i).locator(".main-svg").first).to_be_attached()
            expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
            page.evaluate(NEXT_FRAMES)
            shot = SHOTS / f"{name}-{width}-full.png"
            page.screenshot(path=shot)
            written.append(shot)
    finally:
        context.close()
    for shot in written:
        assert shot.is_file() and shot.stat().st_size > 1_000, shot
    assert not watch.problems(), watch.problems()

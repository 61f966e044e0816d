"""Eight users at once: each Streamlit session keeps its own filters, rows and downloads."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, expect

from slate.export import to_csv
from slate.query import Filters
from tests.browser.helpers import (
    IDLE,
    Watch,
    download_csv,
    expected_rows,
    grid_titles,
    new_app_context,
    rerun,
    track_runs,
    url,
    wait_for_app,
)
from tests.browser.server import Server
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser

# Each session's link (labels as the widgets put them in the URL) and what it must show.
SESSIONS = [
    ({"status": "Stalled"}, Filters(statuses=("stalled",))),
    ({"status": "Paused"}, Filters(statuses=("paused",))),
    ({"status": "Filming"}, Filters(statuses=("filming",))),
    ({"status": "In development"}, Filters(statuses=("in_development",))),
    ({"director": "Doug Liman"}, Filters(directors=("Doug Liman",))),
    ({"director": "Christopher McQuarrie"}, Filters(directors=("Christopher McQuarrie",))),
    ({"genre": "Space drama"}, Filters(genres=("Space drama",))),
    ({"studio": "Warner Bros."}, Filters(studios=("Warner Bros.",))),
]


def test_eight_concurrent_sessions_stay_apart(browser: Browser, app_server: Server, watch: Watch):
    expected = [expected_rows(SEEDS, filters) for _, filters in SESSIONS]
    assert len({tuple(rows["id"]) for rows in expected}) == len(SESSIONS)  # all different
    contexts = [new_app_context(browser) for _ in SESSIONS]
    try:
        pages = [watch.attach(track_runs(context.new_page())) for context in contexts]
        # Start every session before waiting on any, so their first runs overlap.
        for page, (params, _) in zip(pages, SESSIONS, strict=True):
            page.goto(url(app_server.url, "/slate", **params), wait_until="commit")
        for page in pages:
            wait_for_app(page)
        for page, rows in zip(pages, expected, strict=True):
            expect(grid_titles(page)).to_have_text(list(rows["title"]))
        for page, rows in zip(pages, expected, strict=True):
            assert download_csv(page).text == to_csv(rows)

        # Half of them reset their filters at once; the other half must not notice.
        with ExitStack() as reruns:
            for page in pages[::2]:
                reruns.enter_context(rerun(page))
                page.get_by_role("button", name="Reset filters").click()
        everything = list(expected_rows(SEEDS)["title"])
        for i, (page, rows) in enumerate(zip(pages, expected, strict=True)):
            expect(grid_titles(page)).to_have_text(
                everything if i % 2 == 0 else list(rows["title"])
            )
            expect(page.locator(IDLE)).to_have_count(1)  # still connected, all eight live
    finally:
        for context in contexts:
            context.close()
    assert not watch.problems(), watch.problems()

"""The recipe for more readers than one process serves (deploy/serve.py, `make serve`): two
app processes behind nginx, readers kept on their own process by a cookie, and a reader
whose process dies carried on by another with the same view."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.serve import NGINX, Cluster, start_cluster
from slate.query import Filters
from tests.browser.helpers import (
    choose,
    expected_rows,
    grid_titles,
    new_app_context,
    track_runs,
    url,
    wait_for_app,
)
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing: `make test` installs Debian's nginx.")
    running = start_cluster(SEEDS, 2)
    yield running
    running.stop()


def replica_of(cluster: Cluster, route: str) -> str:
    """Which replica nginx sends a reader with this route cookie to."""
    request = urllib.request.Request(
        f"{cluster.url}/_stcore/health", headers={"Cookie": f"slate_route={route}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.headers["X-Slate-Replica"])


def routes_on_both(cluster: Cluster) -> tuple[list[str], list[str]]:
    """Route cookies that land two readers on the first replica and one on the second."""
    first = f"127.0.0.1:{cluster.replicas[0].port}"
    on: dict[bool, list[str]] = {True: [], False: []}
    for i in range(200):
        route = f"reader-{i}"
        on[replica_of(cluster, route) == first].append(route)
        if len(on[True]) >= 2 and on[False]:
            return on[True][:2], on[False][:1]
    raise AssertionError("consistent hashing put 200 readers on one replica")


def reader(browser: Browser, cluster: Cluster, route: str) -> tuple[BrowserContext, Page]:
    context = new_app_context(browser)
    context.add_cookies([{"name": "slate_route", "value": route, "url": cluster.url}])
    return context, track_runs(context.new_page())


def test_readers_keep_their_filters_when_their_process_is_killed(
    browser: Browser, cluster: Cluster
) -> None:
    doomed, spared = routes_on_both(cluster)
    views = [
        ("Stalled", Filters(statuses=("stalled",))),
        ("Paused", Filters(statuses=("paused",))),
        ("Filming", Filters(statuses=("filming",))),
    ]
    readers = [reader(browser, cluster, route) for route in (*doomed, *spared)]
    try:
        pages = [page for _, page in readers]
        for page, (status, filters) in zip(pages, views, strict=True):
            page.goto(url(cluster.url, "/slate", status=status))
            wait_for_app(page)
            expect(grid_titles(page)).to_have_text(list(expected_rows(SEEDS, filters)["title"]))

        # The first two readers' process dies; the supervisor starts it again.
        reconnected = [page.expect_event("websocket", timeout=60_000) for page in pages[:2]]
        for waiting in reconnected:
            waiting.__enter__()
        cluster.kill(0)
        for waiting in reconnected:
            waiting.__exit__(None, None, None)
        for page, (status, filters) in zip(pages, views, strict=True):
            wait_for_app(page, timeout=60_000)
            # Same link, same rows: the new session rebuilt the view from the URL.
            assert f"status={status}" in page.url
            expect(grid_titles(page)).to_have_text(list(expected_rows(SEEDS, filters)["title"]))
        # And each session is live: a filter changed now reruns and draws.
        choose(pages[0], "Status", "Paused")
        both = expected_rows(SEEDS, Filters(statuses=("stalled", "paused")))
        expect(grid_titles(pages[0])).to_have_text(list(both["title"]))
        expect(grid_titles(pages[1])).to_have_text(list(expected_rows(SEEDS, views[1][1])["title"]))
        cluster.wait_healthy(0)
        assert cluster.replicas[0].starts == 2
    finally:
        for context, _ in readers:
            context.close()


def _get(cluster: Cluster, path: str, **headers: str) -> tuple[int, Message, bytes]:
    """Status, headers (read whatever their case) and body of one request through nginx."""
    request = urllib.request.Request(f"{cluster.url}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_calendar_pollers_are_answered_from_nginx_s_cache(cluster: Cluster) -> None:
    cluster.wait_healthy(0)
    path = "/calendar.ics?director=Doug+Liman&as_of=2026-11-21"
    status, first, body = _get(cluster, path)
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    assert first["X-Cache-Status"] in ("MISS", "EXPIRED")
    # Every poller after the first, within the app's max-age, costs the app nothing.
    status, again, cached = _get(cluster, path)
    assert (status, again["X-Cache-Status"], cached) == (200, "HIT", body)
    # The app's own answer to "changed?" passes through: a client that has it gets a 304.
    status, _, empty = _get(cluster, path, **{"If-None-Match": first["ETag"]})
    assert (status, empty) == (304, b"")
    # The security headers come through nginx on cached answers and pages alike.
    _, page, _ = _get(cluster, "/")
    for headers in (again, page):
        assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
        assert headers["X-Content-Type-Options"] == "nosniff"

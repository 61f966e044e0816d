"""The slate by URL through the real `streamlit run app.py`: the data URLs beside the pages,
the security headers on Streamlit's own responses, and the Slate page's subscription link."""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message

import pytest
from playwright.sync_api import Page, expect

from slate.export import to_csv
from slate.query import Filters
from tests.browser.helpers import expected_rows, grid_titles, open_app, url
from tests.browser.server import Server
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser

SECURITY = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def fetch(address: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(address, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 304, 400 and 404 arrive as errors
        return error.code, error.headers, error.read()


def secured(headers: Message) -> None:
    for name, value in SECURITY.items():
        assert headers.get_all(name) == [value], name


def test_csv_by_url(app_server: Server):
    address = url(app_server.url, "/api/projects.csv", director="Doug Liman")
    status, headers, body = fetch(address)
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body == to_csv(expected_rows(SEEDS, Filters(directors=("Doug Liman",)))).encode()
    assert headers["Cache-Control"] == "public, max-age=300"
    secured(headers)

    status, again, body = fetch(address, {"If-None-Match": headers["ETag"]})
    assert (status, body, again["ETag"]) == (304, b"", headers["ETag"])
    status, _, body = fetch(address, {"If-Modified-Since": headers["Last-Modified"]})
    assert (status, body) == (304, b"")


def test_calendar_and_errors_by_url(app_server: Server):
    status, headers, body = fetch(f"{app_server.url}/calendar.ics")
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"X-WR-CALNAME:Tom Cruise's film slate" in body
    secured(headers)

    status, headers, body = fetch(f"{app_server.url}/api/projects.csv?as_of=2026-02-30")
    assert (status, body) == (400, b"as_of '2026-02-30' is not a day on the calendar\n")
    secured(headers)
    status, headers, _ = fetch(f"{app_server.url}/api/nothing")
    assert status == 404
    secured(headers)


@pytest.mark.parametrize("path", ["/", "/slate", "/_stcore/health", "/_stcore/host-config"])
def test_streamlits_own_answers_carry_the_headers(app_server: Server, path: str):
    status, headers, body = fetch(f"{app_server.url}{path}")
    assert status == 200
    if path in ("/", "/slate"):
        assert headers["Content-Type"].startswith("text/html") and b"<html" in body.lower()
    secured(headers)


def test_the_slate_page_offers_the_subscription(app_page: Page, app_server: Server):
    page = open_app(app_page, url(app_server.url, "/slate", director="Doug Liman"))
    expect(grid_titles(page)).to_have_count(3)
    link = page.get_by_role("link", name="Subscribe to calendar")
    host = app_server.url.removeprefix("http://")
    expected = f"webcal://{host}/calendar.ics?director=Doug+Liman&as_of=2026-11-21"
    expect(link).to_have_attribute("href", expected)
    # Over http, the same address answers with the view's calendar.
    status, _, body = fetch(expected.replace("webcal://", "http://", 1))
    assert status == 200 and b"Deeper" in body

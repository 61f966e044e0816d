"""Driving the dashboard in a real browser: Streamlit's run markers, widgets, grid, downloads.

Nothing here sleeps. A page load waits for the markers Streamlit puts on its app root,
`data-test-connection-state="CONNECTED"` and `data-test-script-state="notRunning"` (it is
"initial" until the first run ends). An action that reruns the script cannot wait on that
attribute alone: it reads "notRunning" before the rerun starts, and a fast rerun can go by
between two renders without the attribute ever changing. So a rerun is awaited on
Streamlit's own end-of-run message, `script_finished`, read from the page's websocket.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pandas as pd
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    WebSocket,
)

from slate.load import load_slate
from slate.query import Filters, apply_filters, to_frame
from tests.browser.server import run_finished

AS_OF = dt.date(2026, 11, 21)
RUN_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
CSV_HEAD = "id,title,status,directors,release,release_label,studio,cast,genre,sources"

APP = '[data-testid="stApp"]'
IDLE = f'{APP}[data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'

_SOCKETS: weakref.WeakKeyDictionary[Page, WebSocket] = weakref.WeakKeyDictionary()


def track_runs(page: Page) -> Page:
    """Keep hold of the page's Streamlit websocket (the newest, after any reconnect)."""

    def remember(socket: WebSocket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            _SOCKETS[page] = socket

    page.on("websocket", remember)
    return page


def url(base: str, path: str = "/", **params: str | list[str]) -> str:
    """An app URL with the as-of date pinned, so flags read the same in any year."""
    query = {"as_of": AS_OF.isoformat(), **params}
    return f"{base}{path}?{urlencode(query, doseq=True)}"


def wait_for_app(page: Page, timeout: float = RUN_TIMEOUT_MS) -> None:
    """Until the app is connected and its script has run to the end."""
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)


def open_app(page: Page, address: str) -> Page:
    page.goto(address)
    wait_for_app(page)
    return page


@contextmanager
def rerun(page: Page, timeout: float = RUN_TIMEOUT_MS) -> Iterator[None]:
    """Wrap an action that makes Streamlit rerun; return once that rerun has finished and
    the page has drawn it."""
    socket = _SOCKETS.get(page)
    assert socket is not None, "track_runs(page) before the page opens the app"
    with socket.expect_event("framereceived", predicate=run_finished, timeout=timeout):
        yield
    wait_for_app(page, timeout)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option in a sidebar multiselect by typing it, as a user does."""
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    box.click()
    page.keyboard.type(option)
    with rerun(page):
        page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def grid_titles(page: Page, key: str = "slate-table") -> Locator:
    """The Title cells of a st.dataframe: glide-data-grid draws on a canvas, and Streamlit
    keeps an accessible <table role="grid"> inside it with the rows in view."""
    return page.locator(f'.st-key-{key} [role="gridcell"][aria-colindex="1"]')


@dataclass(frozen=True)
class Csv:
    name: str
    data: bytes

    @property
    def bom(self) -> bool:
        """Whether the file starts with UTF-8's byte-order mark (for spreadsheets)."""
        return self.data.startswith(b"\xef\xbb\xbf")

    @property
    def text(self) -> str:
        """The CSV text after the byte-order mark."""
        return self.data.decode("utf-8-sig")

    @property
    def rows(self) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.text, newline="")))

    @property
    def ids(self) -> list[str]:
        return [row["id"] for row in self.rows]


def download_csv(page: Page) -> Csv:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.failure() is None, download.failure()
    return Csv(download.suggested_filename, Path(download.path()).read_bytes())


@functools.cache
def _frame(folder: str) -> pd.DataFrame:
    return to_frame(load_slate(folder), AS_OF)


def expected_rows(folder: Path, filters: Filters | None = None) -> pd.DataFrame:
    """What the core says the page should show for these filters, in order."""
    return apply_filters(_frame(str(folder)), filters or Filters())


# Console errors a clean run emits that are not the app's doing, each with its reason.
_SUBPAGE_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")


def _subpage_probe(message: ConsoleMessage) -> bool:
    # Opened at /timeline, Streamlit first looks for its server under /timeline/_stcore/...
    # (404), then at the root: streamlit/streamlit#7074.
    path = urlparse(message.location.get("url", "")).path
    return bool(_SUBPAGE_PROBE.match(path)) and "404" in message.text


# The app itself loads nothing from outside (its favicon is a local file), so no other
# failed request is excused.
BENIGN_CONSOLE_ERRORS = (_subpage_probe,)


@dataclass
class Watch:
    """Everything a page did that a user should never see: dialogs, uncaught errors, console
    errors (minus the benign ones above)."""

    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message))
        return page

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(ok(message) for ok in BENIGN_CONSOLE_ERRORS):
            where = message.location.get("url", "")
            self.console_errors.append(f"{page.url}: {message.text} ({where})")

    def problems(self) -> list[str]:
        return [
            *(f"dialog {d}" for d in self.dialogs),
            *(f"page error {e}" for e in self.page_errors),
            *(f"console error {e}" for e in self.console_errors),
        ]


def new_app_context(browser: Browser, **kwargs: object) -> BrowserContext:
    """A fresh browser context: its own cookies, so its own Streamlit session."""
    return browser.new_context(**{"viewport": VIEWPORT, "accept_downloads": True, **kwargs})

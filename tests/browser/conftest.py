"""Browser fixtures: Debian's Chromium through pytest-playwright, real Streamlit servers
(one for the built-in seeds, one for the hostile folder beside this file), read-only data
folders, and pages that fail a test on dialogs and errors."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS, VIEWPORT, Watch, new_app_context, track_runs
from tests.browser.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE,
    Server,
    ServerError,
    start_server,
)
from tests.conftest import ROOT, SEEDS

# expect() waits for a condition, so a longer limit only costs time when a test fails; with
# two cores shared by the server, eight browsers and CI, the 5 s default is too tight.
expect.set_options(timeout=RUN_TIMEOUT_MS)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium: Playwright's own browser download cannot work here."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `make test` installs Debian's Chromium."
        if _in_ci():
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """pytest-playwright 0.10's fallback `base_url` is a session fixture defined as a method
    of a plugin class, which pytest 9.2 deprecates (PytestRemovedIn10Warning, an error under
    filterwarnings=error). The same fixture as a function, so that method is never run."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORT, "accept_downloads": True}


# --------------------------------------------------------------------------------------
# Servers


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[Callable[[Path], Server]]:
    """A factory: the server for a data folder, started once per session and stopped after."""
    servers: dict[Path, Server] = {}

    def get(data: Path) -> Server:
        if data not in servers:
            # Not under pytest's basetemp: other pytest runs on the machine prune old ones.
            fd, log = tempfile.mkstemp(prefix="slate-streamlit-", suffix=".log")
            os.close(fd)
            try:
                servers[data] = start_server(data, Path(log))
            except ServerError as error:
                pytest.fail(str(error))
        server = servers[data]
        if server.process.poll() is not None:
            pytest.fail(
                f"streamlit server for {data} exited with {server.process.returncode}; "
                f"its output ({server.log}):\n{server.output()}"
            )
        return server

    yield get
    for server in servers.values():
        server.stop()
        server.log.unlink(missing_ok=True)


# Function-scoped handles on the session's servers, so a test after a crash says so.
@pytest.fixture
def app_server(streamlit_server: Callable[[Path], Server]) -> Server:
    return streamlit_server(SEEDS)


@pytest.fixture
def hostile_server(streamlit_server: Callable[[Path], Server]) -> Server:
    return streamlit_server(HOSTILE)


# --------------------------------------------------------------------------------------
# The data folders are read-only to the app


def _snapshot(folders: tuple[Path, ...]) -> dict[str, tuple[str, int, int]]:
    state = {}
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[str(path.relative_to(ROOT))] = (digest, stat.st_size, stat.st_mtime_ns)
    return state


@pytest.fixture(scope="session", autouse=True)
def data_folders_unchanged() -> Iterator[None]:
    """Fail at teardown if anything the servers read was written, touched, added or removed."""
    folders = (SEEDS, HOSTILE)
    before = _snapshot(folders)
    yield
    after = _snapshot(folders)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    if changed:
        pytest.fail(f"the browser suite changed data files (sha256, size, mtime): {changed}")


# --------------------------------------------------------------------------------------
# Pages


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def app_page(page: Page, watch: Watch) -> Iterator[Page]:
    """pytest-playwright's page, following Streamlit's runs and failing on dialogs, uncaught
    errors and console errors."""
    watch.attach(track_runs(page))
    yield page
    assert not watch.problems(), watch.problems()


@pytest.fixture
def fresh_page(browser: Browser, watch: Watch) -> Iterator[Callable[[], Page]]:
    """Pages in brand-new browser contexts: no cookies, no Streamlit session to reuse."""
    contexts = []

    def make() -> Page:
        context = new_app_context(browser)
        contexts.append(context)
        return watch.attach(track_runs(context.new_page()))

    yield make
    for context in contexts:
        context.close()
    assert not watch.problems(), watch.problems()

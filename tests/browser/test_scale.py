"""A slate too big to export with every rerun: the downloads are made on the click, and
hold exactly the rows shown."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from slate.export import to_csv
from slate.synthetic import synthetic_slate, write_slate_folder
from slate.ui.common import EAGER_EXPORT_ROWS
from tests.browser.helpers import download_csv, expected_rows, open_app, url
from tests.browser.server import Server, ServerError, start_server

pytestmark = pytest.mark.browser
N = 1_200


@pytest.fixture(scope="module")
def big_server() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="slate-big-"))
    write_slate_folder(synthetic_slate(N), folder)
    fd, log = tempfile.mkstemp(prefix="slate-streamlit-", suffix=".log")
    os.close(fd)
    try:
        server = start_server(folder, Path(log))
    except ServerError as error:
        pytest.fail(str(error))
    yield server
    server.stop()
    Path(log).unlink(missing_ok=True)


def test_a_large_export_is_made_on_the_click_and_holds_every_row(
    app_page: Page, big_server: Server
) -> None:
    assert N > EAGER_EXPORT_ROWS
    page = open_app(app_page, url(big_server.url, "/slate"))
    got = download_csv(page)
    rows = expected_rows(big_server.data)
    # Every project known on the link's day: more than are made with the page.
    assert EAGER_EXPORT_ROWS < len(rows) <= N
    assert got.text == to_csv(rows)
    assert got.bom

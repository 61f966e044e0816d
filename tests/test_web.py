"""The data URLs (slate.web) in process: the same bytes as `python -m slate export`, one-line
400s, 404s under /api/, conditional requests, and the security headers on every answer.

Starlette's TestClient needs httpx2, which this project does not install: `call` below is
the few lines of ASGI it would do, one request at a time."""

from __future__ import annotations

import asyncio
import email.utils
import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message

from slate import web
from slate.__main__ import main
from slate.calendar import to_ics
from slate.export import to_csv
from slate.query import Filters
from tests.conftest import ROOT, MakeFolder

AS_OF = "2026-11-21"
SECURITY = {
    "content-security-policy": "frame-ancestors 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


class Answer:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = {name: value for name, value in headers}
        self.all_headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(app: ASGIApp, target: str, headers: dict[str, str] | None = None) -> Answer:
    path, _, query = target.partition("?")
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "server": ("slate.example", 80), "client": ("127.0.0.1", 5000),
        "root_path": "", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "headers": [(b"host", b"slate.example")]
        + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }  # fmt: skip
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    # On a thread of its own: the browser tests' Playwright (sync API) leaves an event loop
    # running on this one when the whole suite runs, and asyncio.run() refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    raw = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]
    return Answer(start["status"], raw, b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.fixture(autouse=True)
def _seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLATE_DATA", raising=False)
    monkeypatch.delenv(web.FRAME_ANCESTORS_ENV, raising=False)


@pytest.fixture
def server() -> Starlette:
    """What app.py hands st.App, without Streamlit's runtime."""
    return Starlette(routes=web.routes(), middleware=web.middleware())


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["export", *argv]) == 0
    return capsys.readouterr().out


# (query string as the page's links write it, the same filters as `slate export` options)
SAME_AS_CLI = [
    pytest.param(f"director=Doug+Liman&as_of={AS_OF}",
                 ["--director", "Doug Liman", "--as-of", AS_OF], id="director"),
    pytest.param("status=Paused&status=Stalled&as_of=2025-06-01",
                 ["--status", "paused", "--status", "stalled", "--as-of", "2025-06-01"],
                 id="statuses-as-label"),
    pytest.param("status=in-development&as_of=2024-01-01",
                 ["--status", "in_development", "--as-of", "2024-01-01"], id="status-spelt"),
    pytest.param(f"as_of={AS_OF}", ["--as-of", AS_OF], id="everything"),
    pytest.param("", [], id="today"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "options"), SAME_AS_CLI)
def test_csv_is_the_cli_export(
    server: Starlette, capsys: pytest.CaptureFixture[str], query: str, options: list[str]
) -> None:
    got = call(server, f"/api/projects.csv?{query}")
    assert got.status == 200
    assert got.headers["content-type"] == "text/csv; charset=utf-8"
    assert got.body == export(capsys, "--format", "csv", *options).encode("utf-8")


@pytest.mark.parametrize(("query", "options"), SAME_AS_CLI)
def test_json_is_the_cli_export(
    server: Starlette, capsys: pytest.CaptureFixture[str], query: str, options: list[str]
) -> None:
    got = call(server, f"/api/projects.json?{query}")
    assert got.status == 200
    assert got.headers["content-type"] == "application/json"
    ours, cli = json.loads(got.body), json.loads(export(capsys, "--format", "json", *options))
    # Made at different moments; and the CLI names the folder's path, which a public
    # answer must not tell (the page's download names only the folder, too).
    for document in (ours, cli):
        del document["meta"]["generated"]
    assert ours["meta"]["data"]["folder"] == "seeds"
    assert Path(cli["meta"]["data"].pop("folder")).name == ours["meta"]["data"].pop("folder")
    assert ours == cli


def test_other_link_filters_are_the_pages(server: Starlette) -> None:
    query = f"q=Mission&years=2025&years=2026&undated=false&as_of={AS_OF}&project=whatever"
    got = call(server, f"/api/projects.csv?{query}")
    filters = Filters(text="Mission", year_from=2025, year_to=2026, include_undated=False)
    data = web.current()
    rows = web.answer(data, web.Query(filters, web.parse_day(AS_OF)), web.dt.date.today()).rows
    assert len(rows) > 0
    assert got.text == to_csv(rows)


def test_calendar_is_the_views_releases(server: Starlette) -> None:
    got = call(server, f"/calendar.ics?director=Doug+Liman&as_of={AS_OF}")
    assert got.status == 200
    assert got.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "director-doug-liman" in got.headers["content-disposition"]
    query = web.Query(Filters(directors=("Doug Liman",)), web.parse_day(AS_OF))
    found = web.answer(web.current(), query, web.dt.date.today())
    expected, _ = to_ics(found.rows, found.day.view, as_of=query.as_of, name="x")

    def events(text: str) -> list[str]:
        # DTSTAMP is the moment each was made; everything else is the view's.
        return [ln for ln in text.splitlines() if not ln.startswith(("DTSTAMP", "X-WR-CALNAME"))]

    assert events(got.text) == events(expected)
    assert "X-WR-CALNAME:Tom Cruise's film slate: Doug Liman" in got.text


def test_feed_answers(server: Starlette) -> None:
    got = call(server, "/changes.atom?director=Doug+Liman")
    assert got.status == 200
    assert got.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert "<title>Tom Cruise's film slate: changes · Doug Liman</title>" in got.text
    assert "http://slate.example/" in got.text


BAD = [
    ("status=Nope", "unknown status 'Nope' (one of: Rumored, Announced, In development, "
     "Pre-production, Filming, Post-production, Completed, Released, Paused, Stalled, "
     "Cancelled, Abandoned)"),
    ("credit=sure", "unknown credit 'sure' (one of: Confirmed, Reported, Rumored)"),
    ("as_of=21/11/2026", "as_of must be a day written YYYY-MM-DD, not '21/11/2026'"),
    ("as_of=20261121", "as_of must be a day written YYYY-MM-DD, not '20261121'"),
    ("as_of=2026-02-30", "as_of '2026-02-30' is not a day on the calendar"),
    ("as_of=2026-13-01", "as_of '2026-13-01' is not a day on the calendar"),
    ("years=soon", "years must be one or two years (years=2024&years=2027), not 'soon'"),
    ("undated=maybe", "undated must be true or false, not 'maybe'"),
    ("status=a%0Ab", "unknown status 'a\\nb' (one of: Rumored, Announced, In development, "
     "Pre-production, Filming, Post-production, Completed, Released, Paused, Stalled, "
     "Cancelled, Abandoned)"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "message"), BAD, ids=[q for q, _ in BAD])
@pytest.mark.parametrize("path", ["/api/projects.csv", "/api/projects.json", "/calendar.ics"])
def test_a_bad_parameter_is_one_plain_line(
    server: Starlette, path: str, query: str, message: str
) -> None:
    got = call(server, f"{path}?{query}")
    assert got.status == 400
    assert got.headers["content-type"] == "text/plain; charset=utf-8"
    assert got.text == message + "\n"
    assert "etag" not in got.headers


@pytest.mark.parametrize("path", ["/api/", "/api/projects", "/api/projects.xml", "/api/a/b"])
def test_unknown_api_address_is_404(server: Starlette, path: str) -> None:
    got = call(server, path)
    assert got.status == 404
    assert got.headers["content-type"] == "text/plain; charset=utf-8"
    assert got.text == f"No such address: {path}\n"


ROUTES = ["/api/projects.csv", "/api/projects.json", "/calendar.ics", "/changes.atom"]


@pytest.mark.parametrize("path", ROUTES)
def test_pollers_get_304(server: Starlette, path: str) -> None:
    target = f"{path}?director=Doug+Liman"
    first = call(server, target)
    assert first.status == 200
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "public, max-age=300"
    assert email.utils.parsedate_to_datetime(modified).timestamp() > 0

    again = call(server, target, {"If-None-Match": tag})
    assert (again.status, again.body) == (304, b"")
    assert again.headers["etag"] == tag and again.headers["last-modified"] == modified
    assert call(server, target, {"If-None-Match": f'"other", {tag}'}).status == 304
    assert call(server, target, {"If-None-Match": '"other"'}).status == 200

    assert call(server, target, {"If-Modified-Since": modified}).status == 304
    assert (
        call(server, target, {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}).status == 200
    )
    assert call(server, target, {"If-Modified-Since": "whenever"}).status == 200
    # RFC 9110: a tag that does not match wins over a date that would.
    stale = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert call(server, target, stale).status == 200

    # Another view, another tag; so for another route.
    assert call(server, f"{path}?director=Doug+Liman&as_of={AS_OF}").headers["etag"] != tag
    assert call(server, path).headers["etag"] != tag


def test_a_changed_folder_is_read_again(
    server: Starlette, make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder()
    monkeypatch.setenv("SLATE_DATA", str(folder))
    first = call(server, "/api/projects.csv")
    assert "Alpha" in first.text and "Gamma" not in first.text
    projects = folder / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text.replace("title: Alpha", "title: Gamma"), encoding="utf-8")
    second = call(server, "/api/projects.csv", {"If-None-Match": first.headers["etag"]})
    assert second.status == 200
    assert "Gamma" in second.text and second.headers["etag"] != first.headers["etag"]

    projects.write_text("projects: [", encoding="utf-8")
    broken = call(server, "/api/projects.csv")
    assert broken.status == 503 and broken.text.count("\n") == 1


def test_the_table_is_built_off_the_event_loop(
    server: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    render = web.render

    def spy(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return render(*args)

    monkeypatch.setattr(web, "render", spy)
    assert call(server, "/api/projects.csv?as_of=2023-03-03").status == 200
    assert threads and threads[0] is not threading.main_thread()


@pytest.mark.parametrize(
    "target", [*ROUTES, "/api/projects.csv?status=x", "/api/nope", "/elsewhere"]
)
def test_security_headers_on_every_answer(target: str) -> None:
    async def elsewhere(request: Any) -> PlainTextResponse:
        return PlainTextResponse("Streamlit's", headers={"X-Content-Type-Options": "sniff"})

    app = Starlette(
        routes=[*web.routes(), Route("/elsewhere", elsewhere)], middleware=web.middleware()
    )
    got = call(app, target)
    for name, value in SECURITY.items():
        # Set once, whatever the inner app said.
        assert [v for k, v in got.all_headers if k.lower() == name] == [value], name


def test_frame_ancestors_from_the_environment() -> None:
    env = {web.FRAME_ANCESTORS_ENV: "'self'  https://intranet.example.com"}
    assert web.frame_ancestors(env) == "'self' https://intranet.example.com"
    assert web.frame_ancestors({web.FRAME_ANCESTORS_ENV: "'none'"}) == "'none'"
    assert web.frame_ancestors({}) == "'self'"
    app = Starlette(routes=web.routes(), middleware=web.middleware(env))
    got = call(app, "/api/nope")
    assert got.headers["content-security-policy"] == (
        "frame-ancestors 'self' https://intranet.example.com"
    )


@pytest.mark.parametrize(
    "value", ["'self'; script-src *", "a.example, b.example", "x\r\nSet-Cookie: a=b", "'unsafe'"]
)
def test_a_bad_frame_ancestors_stops_the_start(value: str) -> None:
    with pytest.raises(ValueError, match="SLATE_FRAME_ANCESTORS"):
        web.frame_ancestors({web.FRAME_ANCESTORS_ENV: value})


def test_streamlit_run_serves_app_and_importing_it_draws_nothing() -> None:
    """`streamlit run app.py` reads the file for an st.App, then uvicorn imports it: that
    import must give the App and run no page code (no page config, no data loaded)."""
    probe = (
        "import sys, json; from pathlib import Path\n"
        "from streamlit.web.server.app_discovery import discover_asgi_app\n"
        "found = discover_asgi_app(Path('app.py'))\n"
        "import app\n"
        "print(json.dumps({'import': found.import_string, 'type': type(app.app).__name__,\n"
        "  'ui': sorted(m for m in sys.modules if m.startswith('slate.ui'))}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report == {"import": "app:app", "type": "App", "ui": []}
    assert "Warning" not in done.stderr and "warning" not in done.stderr


def test_the_pages_subscription_query_reads_back() -> None:
    from starlette.datastructures import QueryParams

    from slate.ui.common import link_query

    filters = Filters(
        statuses=("in_development", "stalled"), directors=("Doug Liman",), credits=("rumored",),
        year_from=2025, year_to=2027, text="Mission & more", include_undated=False,
    )  # fmt: skip
    day = web.parse_day(AS_OF)
    query = link_query(filters, day)
    assert "status=In+development" in query and "director=Doug+Liman" in query
    assert web.parse_query(QueryParams(query)) == web.Query(filters, day)
    assert link_query(Filters()) == ""

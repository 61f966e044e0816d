"""The slate by URL: the dashboard's own server answers the page's exports, a calendar to
subscribe to and a feed of changes, for the same query parameters as the page's links; and
the security headers every response carries, Streamlit's own included.

Starlette only: app.py hands `routes()` and `middleware()` to `st.App`. What takes time
(loading the slate, building a day's table) runs on a worker thread, never on the event
loop that also carries every session's websocket."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import pandas as pd
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, ImmutableMultiDict, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from slate import cache
from slate.assess import assess_day
from slate.calendar import to_ics
from slate.export import describe, file_stem, slate_title, to_csv, to_json
from slate.feed import to_atom
from slate.knowledge import Day
from slate.load import SlateError, content_hash, data_folder, fingerprint, load_slate
from slate.models import Certainty, Slate, Status
from slate.query import FACET_FIELDS, FACETS, Filters, apply_filters, base_frame, day_frame

T = TypeVar("T")
Kind = Literal["csv", "json", "ics", "atom"]
Stamp = tuple[tuple[str, int, int], ...]

FRAME_ANCESTORS_ENV = "SLATE_FRAME_ANCESTORS"
"""Who may frame the pages: CSP frame-ancestors sources, space-separated ('self' unless set;
'none' refuses every framer)."""
CACHE_CONTROL = "public, max-age=300"
"""Five minutes: a poller or nginx may reuse an answer that long; the slate changes by the
day, and a 304 after that costs one stat of the data files."""
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"-?\d{1,4}")
_SHOWN = 40
"""Characters of a bad value quoted back in a 400: enough to recognise it."""


class BadRequest(ValueError):
    """A query parameter the routes cannot take; its message is the 400's one line."""


# --------------------------------------------------------------------------------------
# The code's own version: an answer changes when the code that makes it changes.


def _code_version() -> tuple[str, float]:
    digest = hashlib.sha256()
    newest = 0.0
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
            newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], newest


CODE_VERSION, _CODE_MODIFIED = _code_version()


# --------------------------------------------------------------------------------------
# The query: the page's link parameters, checked.


@dataclass(frozen=True)
class Query:
    """What a URL asks for: the page's filters and, if given, the as-of day."""

    filters: Filters = field(default_factory=Filters)
    as_of: dt.date | None = None

    def day(self, today: dt.date) -> dt.date:
        return self.as_of or today


def _quoted(value: str) -> str:
    # repr() keeps a newline or a control character from breaking the one-line answer.
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def _status(text: str) -> str:
    try:
        return Status(text.strip().lower().replace(" ", "_").replace("-", "_")).value
    except ValueError:
        known = ", ".join(s.label for s in Status)
        raise BadRequest(f"unknown status {_quoted(text)} (one of: {known})") from None


def _credit(text: str) -> str:
    try:
        return Certainty(text.strip().lower()).value
    except ValueError:
        known = ", ".join(c.value.capitalize() for c in Certainty)
        raise BadRequest(f"unknown credit {_quoted(text)} (one of: {known})") from None


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD day, and nothing else Python's parser would take (20261207, 2026-W49)."""
    if not _DAY.fullmatch(text.strip()):
        raise BadRequest(f"as_of must be a day written YYYY-MM-DD, not {_quoted(text)}")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadRequest(f"as_of {_quoted(text)} is not a day on the calendar") from None


def parse_query(params: ImmutableMultiDict[str, str]) -> Query:
    """The filters of a page link's query string (`status=Stalled&director=Doug+Liman`,
    repeated for several values, labels as the page writes them); anything else a link may
    carry (`project`) is left alone. Raises BadRequest for a value the page could not hold."""

    def values(name: str) -> list[str]:
        return [v.strip() for v in params.getlist(name) if v.strip()]

    chosen: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        found = values(facet)
        if facet == "status":
            found = [_status(v) for v in found]
        elif facet == "credit":
            found = [_credit(v) for v in found]
        chosen[FACET_FIELDS[facet]] = tuple(dict.fromkeys(found))
    years = values("years")
    if len(years) > 2 or not all(_YEAR.fullmatch(y) for y in years):
        given = _quoted("&".join(years))
        raise BadRequest(f"years must be one or two years (years=2024&years=2027), not {given}")
    year_from = year_to = None
    if years:
        year_from, year_to = min(map(int, years)), max(map(int, years))
    undated = values("undated")
    include_undated = True
    if undated:
        if undated[-1].lower() not in ("true", "false"):
            raise BadRequest(f"undated must be true or false, not {_quoted(undated[-1])}")
        include_undated = undated[-1].lower() == "true"
    text = params.getlist("q")[-1] if params.getlist("q") else ""
    as_of = values("as_of")
    filters = Filters(
        **chosen,
        year_from=year_from,
        year_to=year_to,
        text=text.strip(),
        include_undated=include_undated,
    )
    return Query(filters, parse_day(as_of[-1]) if as_of else None)


def view_name(filters: Filters) -> str:
    """The filters in words, for a calendar's or a feed's name: "Doug Liman · Stalled"."""
    parts: list[str] = []
    for facet in FACETS:
        for value in getattr(filters, FACET_FIELDS[facet]):
            parts.append(Status(value).label if facet == "status" else value)
    if filters.year_from is not None:
        parts.append(
            str(filters.year_from)
            if filters.year_from == filters.year_to
            else f"{filters.year_from}–{filters.year_to}"
        )
    if filters.text:
        parts.append(f"“{filters.text}”")
    if not filters.include_undated:
        parts.append("dated releases")
    return " · ".join(parts)


# --------------------------------------------------------------------------------------
# The data: loaded once per version of the folder's files, as the app and the CLI load it.


class _Recent:
    """A few results kept by key, the oldest dropped; built under a lock, so two requests
    for the same day build its table once."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            made = build()
            self._kept[key] = made
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
            return made


@dataclass(frozen=True)
class Data:
    """One version of the data folder: its slate and what says which data it is."""

    folder: Path
    stamp: Stamp
    slate: Slate
    digest: str
    """The folder's content hash, as the page's JSON names its data."""

    @property
    def modified(self) -> float:
        """When a data file last changed (seconds since the epoch)."""
        return max((ns for _, _, ns in self.stamp), default=0) / 1e9

    @property
    def key(self) -> str:
        return self.slate.content_key or self.digest


_loaded = _Recent(2)
_bases = _Recent(2)
_frames = _Recent(16)


def current(folder: Path | None = None) -> Data:
    """The slate for $SLATE_DATA (else the built-in seeds), reloaded when its files change;
    raises SlateError when they do not load. Blocking: call it on a worker thread."""
    folder = folder or data_folder()
    stamp = fingerprint(folder)

    def build() -> Data | SlateError:
        try:
            return Data(folder, stamp, load_slate(folder), content_hash(folder))
        except SlateError as error:  # kept too: a broken folder is not re-read per request
            return error

    found = _loaded.get((str(folder), stamp), build)
    if isinstance(found, SlateError):
        raise found
    return found


@dataclass(frozen=True)
class Answer:
    """A day's filtered rows and the slate as known that day."""

    day: Day
    rows: pd.DataFrame


def answer(data: Data, query: Query, today: dt.date) -> Answer:
    """The rows the page shows, and `python -m slate export` writes, for these filters."""
    as_of = query.day(today)

    def build() -> tuple[Day, pd.DataFrame]:
        day = Day.of(data.slate, as_of, today)
        base = _bases.get(
            data.stamp,
            lambda: cache.derived("table", data.slate.content_key, lambda: base_frame(data.slate)),
        )
        return day, day_frame(day, base, assess_day(day))

    day, frame = _frames.get((data.stamp, str(data.folder), as_of, today), build)
    return Answer(day, apply_filters(frame, query.filters))


# --------------------------------------------------------------------------------------
# The answers


def render(
    kind: Kind, data: Data, query: Query, today: dt.date, base_url: str, self_url: str = ""
) -> tuple[bytes, str, dict[str, str]]:
    """An answer's body, media type and its own headers. Blocking: call it on a thread."""
    got = answer(data, query, today)
    view, rows, as_of = got.day.view, got.rows, query.day(today)
    stem = file_stem(view.subject, query.filters.describe(), as_of.isoformat())
    # A subject in another script makes a name headers cannot carry as it is (RFC 6266).
    plain = stem.encode("ascii", "ignore").decode() or "slate"
    disposition = {
        "Content-Disposition": f'inline; filename="{plain}.{kind}"; '
        f"filename*=UTF-8''{quote(stem)}.{kind}"
    }
    if kind == "csv":
        return to_csv(rows).encode("utf-8"), "text/csv; charset=utf-8", disposition
    if kind == "json":
        # The folder's name, not its path, as the page's download: no server layout leaks.
        meta = describe(
            view, rows, as_of=as_of, filters=query.filters.as_dict(),
            data={"folder": data.folder.name, "sha256": data.digest},
        )  # fmt: skip
        return to_json(rows, view, meta).encode("utf-8"), "application/json", disposition
    named = view_name(query.filters)
    if kind == "ics":
        name = f"{slate_title(view.subject)}: {named}" if named else None
        text, _ = to_ics(rows, view, as_of=as_of, name=name)
        return text.encode("utf-8"), "text/calendar; charset=utf-8", disposition
    # Every claim known by the day (all of them without as_of), of the view's projects only
    # when it is filtered: a project none of the sources had reported by then has no claims.
    text = to_atom(
        data.slate,
        project_ids=None if query.filters.is_default else list(rows["id"]),
        as_of=query.as_of,
        base_url=base_url,
        self_url=self_url,
        title=f"{slate_title(view.subject)}: changes" + (f" · {named}" if named else ""),
    )
    return text.encode("utf-8"), "application/atom+xml; charset=utf-8", disposition


def etag(data: Data, kind: Kind, query: Query, today: dt.date) -> str:
    """Weak: a JSON, calendar or feed names when it was generated, so two answers with the
    same tag are the same data, not always the same bytes."""
    key = repr((data.key, data.digest, kind, query.filters, query.day(today), today))
    return f'W/"{hashlib.sha256(f"{key}|{CODE_VERSION}".encode()).hexdigest()[:32]}"'


def last_modified(data: Data, today: dt.date) -> float:
    """The newest of the data files, the code, and today's midnight: a day before today
    counts only the sources certainly out by then, so every answer may change at midnight."""
    midnight = dt.datetime.combine(today, dt.time()).timestamp()
    return max(data.modified, _CODE_MODIFIED, midnight)


def not_modified(headers: Headers, tag: str, modified: float) -> bool:
    """Whether the client's copy is current (RFC 9110: If-None-Match, when sent, decides)."""
    if "if-none-match" in headers:
        wanted = {t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")}
        return "*" in wanted or tag.removeprefix("W/") in wanted
    since = headers.get("if-modified-since")
    if since:
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            return False
        return int(modified) <= when.timestamp()
    return False


def _plain(text: str, status: int) -> Response:
    return PlainTextResponse(text + "\n", status_code=status)


async def _serve(request: Request, kind: Kind) -> Response:
    try:
        query = parse_query(request.query_params)
    except BadRequest as error:
        return _plain(str(error), 400)
    try:
        data = await run_in_threadpool(current)
    except SlateError:
        return _plain("The data folder does not load: `python -m slate validate` says why.", 503)
    today = dt.date.today()
    tag = etag(data, kind, query, today)
    modified = last_modified(data, today)
    headers = {
        "ETag": tag,
        "Last-Modified": email.utils.formatdate(modified, usegmt=True),
        "Cache-Control": CACHE_CONTROL,
    }
    if not_modified(request.headers, tag, modified):
        return Response(status_code=304, headers=headers)
    body, media_type, own = await run_in_threadpool(
        render, kind, data, query, today, str(request.base_url), str(request.url)
    )
    return Response(body, media_type=media_type, headers={**headers, **own})


async def _projects_csv(request: Request) -> Response:
    return await _serve(request, "csv")


async def _projects_json(request: Request) -> Response:
    return await _serve(request, "json")


async def _calendar(request: Request) -> Response:
    return await _serve(request, "ics")


async def _changes(request: Request) -> Response:
    return await _serve(request, "atom")


async def _no_such(request: Request) -> Response:
    return _plain(f"No such address: {request.url.path[:80]}", 404)


def routes() -> list[BaseRoute]:
    """The data URLs (GET, and HEAD with it)."""
    return [
        Route("/api/projects.csv", _projects_csv),
        Route("/api/projects.json", _projects_json),
        Route("/calendar.ics", _calendar),
        Route("/changes.atom", _changes),
        # Without it Streamlit's page would answer a mistyped API address with HTML and 200.
        Route("/api/{rest:path}", _no_such),
    ]


# --------------------------------------------------------------------------------------
# Security headers, on every response


_SOURCE = re.compile(r"'self'|'none'|[A-Za-z0-9*][A-Za-z0-9*+.:/_-]*")
"""A CSP source: a keyword, a scheme (https:), or a host with its scheme, port, path."""


def frame_ancestors(environ: Mapping[str, str] | None = None) -> str:
    """The CSP frame-ancestors sources from $SLATE_FRAME_ANCESTORS, else 'self'. A value
    that is not a list of sources stops the server starting: a typo must not silently
    leave the pages open to framing, nor inject another header."""
    text = (os.environ if environ is None else environ).get(FRAME_ANCESTORS_ENV, "").strip()
    if not text:
        return "'self'"
    sources = text.split()
    bad = [s for s in sources if not _SOURCE.fullmatch(s)]
    if bad:
        raise ValueError(
            f"${FRAME_ANCESTORS_ENV}: {bad[0]!r} is not a frame-ancestors source; write "
            "space-separated sources such as 'self' https://intranet.example.com, or 'none'"
        )
    return " ".join(sources)


def security_headers(environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    # frame-ancestors alone: Streamlit's page loads inline styles and workers that a fuller
    # policy would have to list, and only framing is what this header is for here.
    # strict-origin-when-cross-origin: a link out (a source's article) tells that site only
    # this site's origin, never the view's filters or search in the address; same-origin
    # requests keep the full address, which Streamlit's own pages use.
    return [
        ("Content-Security-Policy", f"frame-ancestors {frame_ancestors(environ)}"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]


class SecurityHeaders:
    """Pure ASGI, so Streamlit's streamed and websocket responses pass through untouched
    (Starlette's BaseHTTPMiddleware would buffer them); headers set on the way out."""

    def __init__(self, app: ASGIApp, headers: Iterable[tuple[str, str]]) -> None:
        self.app = app
        self.headers = list(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in self.headers:
                    out[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def middleware(environ: Mapping[str, str] | None = None) -> list[Middleware]:
    return [Middleware(SecurityHeaders, headers=security_headers(environ))]

"""Many readers at once, through the recipe for many readers: app processes behind nginx.

Run by `make load` (or `python -m benchmarks.load --sessions 40 --replicas 2` from the
repository root). Starts `make serve`'s cluster (deploy/serve.py: REPLICAS app processes and
nginx on free local ports, the built-in seeds unless --data says otherwise), then drives N
sessions at once from one headless Chromium with N browser contexts (Playwright's async
API), each with its own route cookie, so nginx spreads them over the processes and keeps
each on its own. Each session:

1. opens /slate and waits for Streamlit's own markers that the first run is over
   (first render);
2. once every session has loaded, picks its own status in the sidebar and waits for that
   rerun to finish, read from Streamlit's `script_finished` message on the page's websocket
   (rerun), and checks that it sees its own rows: its caption counts exactly the projects
   with that status, and its link holds that status;
3. then one process is killed outright (SIGKILL, as a crash) and started again by the
   supervisor; every session checks that it is connected again with its own filter and
   rows (its readers reconnect to the other process, or to the restarted one: the view
   lives in the link), and changes one more filter to prove the session is live (rerun
   after the kill).

Prints p50/p95 of each, how many sessions each process served, the processes' peak RSS,
and the sessions lost: any session that failed a step or a check. It exits non-zero if any
session was lost or time ran out. The browsers run on the same machine as the servers: on a
small machine most of a first render is Chromium loading Streamlit's bundle N times over.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, Page, WebSocket, async_playwright

from deploy.serve import Cluster, start_cluster
from slate.load import load_slate
from slate.models import Status
from slate.query import Filters, apply_filters, to_frame
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, run_finished

SEEDS = ROOT / "seeds"
AS_OF = "2026-11-21"
IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)
STEP_TIMEOUT_MS = 180_000


@dataclass
class Session:
    index: int
    status: str
    """The status label this session filters on (its own view)."""
    expected: int
    """How many projects it must see with that filter."""
    route: str
    replica: str = ""
    first_render_s: float | None = None
    rerun_s: float | None = None
    after_kill_s: float | None = None
    error: str | None = None


@dataclass
class Phases:
    loaded: asyncio.Barrier
    filtered: asyncio.Barrier
    killed: asyncio.Event
    done: asyncio.Barrier
    doomed: str
    """The address of the process that will be killed."""


async def _sockets(page: Page) -> list[WebSocket]:
    found: list[WebSocket] = []
    page.on("websocket", lambda s: found.append(s) if s.url.endswith("/_stcore/stream") else None)
    return found


async def _caption_counts(page: Page, shown: int, total: int) -> None:
    words = f"{shown} of {total} project"
    await page.get_by_test_id("stCaptionContainer").filter(has_text=words).first.wait_for()


async def run_session(
    browser: Browser, base: str, session: Session, total: int, phases: Phases
) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    await context.add_cookies([{"name": "slate_route", "value": session.route, "url": base}])
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    sockets = await _sockets(page)
    reached: set[int] = set()

    async def reach(barrier: asyncio.Barrier) -> None:
        # Every session reaches every barrier once, failed or not, so none is left waiting.
        if id(barrier) not in reached:
            reached.add(id(barrier))
            await barrier.wait()

    step = "first render"
    try:
        start = time.perf_counter()
        await page.goto(f"{base}/slate?as_of={AS_OF}")
        await page.wait_for_selector(IDLE, state="attached")
        session.first_render_s = time.perf_counter() - start
        await reach(phases.loaded)

        step = "rerun"
        session.rerun_s = await _choose_status(page, sockets[-1], session.status)
        await _caption_counts(page, session.expected, total)
        if f"status={session.status.replace(' ', '+')}" not in page.url:
            raise AssertionError(f"the link lost the filter: {page.url}")
        # A reader of the process about to die must be followed onto its next connection:
        # until the page notices the old one closed, it still reads as connected.
        moving = session.replica == phases.doomed
        reconnected = (
            asyncio.ensure_future(page.wait_for_event("websocket", timeout=STEP_TIMEOUT_MS))
            if moving
            else None
        )
        await reach(phases.filtered)

        step = "after the kill"
        await phases.killed.wait()
        if reconnected is not None:
            await reconnected
        await page.wait_for_selector(IDLE, state="attached")
        # Its own rows again, from its own link, whichever process now serves it.
        await _caption_counts(page, session.expected, total)
        if f"status={session.status.replace(' ', '+')}" not in page.url:
            raise AssertionError(f"the link lost the filter: {page.url}")
        start = time.perf_counter()
        toggle = page.get_by_test_id("stSidebar").get_by_text("Include TBA releases")
        async with sockets[-1].expect_event("framereceived", predicate=run_finished):
            await toggle.click()
        await page.wait_for_selector(IDLE, state="attached")
        session.after_kill_s = time.perf_counter() - start
        if "undated=false" not in page.url:
            raise AssertionError(f"the toggle did not reach the link: {page.url}")
    except Exception as error:  # a lost session is counted and reported, not fatal
        session.error = f"{step}: {type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        await reach(phases.loaded)
        await reach(phases.filtered)
        await reach(phases.done)
        await context.close()


async def _choose_status(page: Page, socket: WebSocket, status: str) -> float:
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Status", exact=True)
    await box.click()
    await page.keyboard.type(status)
    option = page.get_by_role("option", name=status, exact=True)
    await option.wait_for()
    start = time.perf_counter()
    async with socket.expect_event("framereceived", predicate=run_finished):
        await option.click()
    await page.wait_for_selector(IDLE, state="attached")
    await page.keyboard.press("Escape")
    return time.perf_counter() - start


def replica_of(base: str, route: str) -> str:
    request = urllib.request.Request(
        f"{base}/_stcore/health", headers={"Cookie": f"slate_route={route}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.headers["X-Slate-Replica"])


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def drive(cluster: Cluster, sessions: list[Session], total: int) -> float:
    n = len(sessions)
    phases = Phases(
        asyncio.Barrier(n),
        asyncio.Barrier(n + 1),
        asyncio.Event(),
        asyncio.Barrier(n),
        doomed=f"127.0.0.1:{cluster.replicas[0].port}",
    )
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            started = time.perf_counter()
            tasks = [
                asyncio.create_task(run_session(browser, cluster.url, s, total, phases))
                for s in sessions
            ]
            await phases.filtered.wait()
            # The first process dies with its readers' sessions in it; the supervisor starts
            # it again while they reconnect.
            await asyncio.to_thread(cluster.kill, 0)
            phases.killed.set()
            await asyncio.gather(*tasks)
            return time.perf_counter() - started
        finally:
            await browser.close()


CALENDAR = "/calendar.ics?director=Doug+Liman"
"""What the pollers subscribe to: a journalist's "Doug Liman's films" calendar."""


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def line(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<26} no successful sessions"
    return (
        f"{name:<26} p50 {percentile(values, 50):6.2f} s   p95 {percentile(values, 95):6.2f} s"
        f"   max {max(values):6.2f} s   (n={len(values)})"
    )


@dataclass
class Polls:
    """What the calendar pollers saw: each answer's time, and how nginx's cache served it."""

    seconds: list[float]
    errors: list[str]
    cache: dict[str, int]


def poll_calendars(base: str, pollers: int, rounds: int, path: str) -> Polls:
    """`pollers` calendar clients at once, each fetching `path` `rounds` times as a client
    does: the first time whole, then asking whether it changed (If-None-Match)."""
    from concurrent.futures import ThreadPoolExecutor

    seconds: list[float] = []
    errors: list[str] = []
    cache: dict[str, int] = {}

    def client(index: int) -> None:
        etag = None
        for _ in range(rounds):
            request = urllib.request.Request(base + path)
            if etag:
                request.add_header("If-None-Match", etag)
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    status, headers = response.status, response.headers
            except urllib.error.HTTPError as error:
                status, headers = error.code, error.headers
            except OSError as error:
                errors.append(f"poller {index}: {error}")
                continue
            seconds.append(time.perf_counter() - started)
            if status not in (200, 304):
                errors.append(f"poller {index}: HTTP {status}")
            etag = headers.get("ETag") or etag
            hit = headers.get("X-Cache-Status") or "none"
            cache[hit] = cache.get(hit, 0) + 1

    with ThreadPoolExecutor(max_workers=pollers) as pool:
        list(pool.map(client, range(pollers)))
    return Polls(seconds, errors, cache)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40, help="concurrent sessions (40)")
    parser.add_argument("--replicas", type=int, default=2, help="app processes (2)")
    parser.add_argument("--data", type=Path, help="data folder (default: the built-in seeds)")
    parser.add_argument("--timeout", type=float, default=900, help="whole run, seconds (900)")
    parser.add_argument(
        "--pollers", type=int, default=200,
        help="calendar clients polling /calendar.ics at once, after the sessions (200)",
    )  # fmt: skip
    parser.add_argument("--rounds", type=int, default=5, help="polls each (5)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: `make load` installs Debian's Chromium.")
    data = (args.data or SEEDS).resolve()

    frame = to_frame(load_slate(data), dt.date.fromisoformat(AS_OF))
    present = [s for s in Status if (frame["status"] == s.value).any()]
    sessions = []
    for i in range(args.sessions):
        status = present[i % len(present)]
        shown = len(apply_filters(frame, Filters(statuses=(status.value,))))
        sessions.append(Session(i, status.label, shown, route=f"reader-{i:03d}"))

    cluster = start_cluster(data, args.replicas)
    machine_load = os.getloadavg()[0]
    try:
        for session in sessions:
            session.replica = replica_of(cluster.url, session.route)
        try:
            elapsed = asyncio.run(
                asyncio.wait_for(drive(cluster, sessions, len(frame)), args.timeout)
            )
        except TimeoutError:
            print(f"timed out after {args.timeout:.0f} s", file=sys.stderr)
            return 1
        cluster.wait_healthy(0)
        polls = (
            poll_calendars(cluster.url, args.pollers, args.rounds, CALENDAR)
            if args.pollers
            else None
        )
        peaks = [peak_rss_mib(r.process.pid) for r in cluster.replicas if r.process is not None]
        restarts = [r.starts - 1 for r in cluster.replicas]
    finally:
        cluster.stop()

    killed = f"127.0.0.1:{cluster.replicas[0].port}"
    print(
        f"{args.sessions} concurrent sessions through nginx over {args.replicas} processes, one "
        f"Chromium, {os.cpu_count()} CPUs (load average {machine_load:.1f} at start), "
        f"{elapsed:.1f} s in all"
    )
    for i, replica in enumerate(cluster.replicas):
        served = sum(s.replica == f"127.0.0.1:{replica.port}" for s in sessions)
        print(f"process {i} (:{replica.port})  {served} sessions, restarted {restarts[i]}x")
    print(line("first render", [s.first_render_s for s in sessions if s.first_render_s]))
    print(line("filter rerun", [s.rerun_s for s in sessions if s.rerun_s]))
    on_killed = [s.after_kill_s for s in sessions if s.after_kill_s and s.replica == killed]
    print(line("rerun after kill (moved)", on_killed))
    print(
        line(
            "rerun after kill (stayed)",
            [s.after_kill_s for s in sessions if s.after_kill_s and s.replica != killed],
        )
    )
    print(f"peak RSS of the live processes: {', '.join(f'{p:.0f} MiB' for p in peaks)}")
    lost = [s for s in sessions if s.error]
    print(f"sessions lost: {len(lost)} of {len(sessions)}")
    for session in lost:
        print(f"  session {session.index} ({session.status}): {session.error}", file=sys.stderr)
    if polls is not None:
        print(f"{args.pollers} calendar pollers x {args.rounds} polls of {CALENDAR} through nginx")
        print(line("calendar poll", polls.seconds))
        served = ", ".join(f"{k} {v}" for k, v in sorted(polls.cache.items()))
        print(f"nginx cache: {served} (MISS, EXPIRED and REVALIDATED reached the app)")
        print(f"poll errors: {len(polls.errors)}")
        for error in polls.errors[:20]:
            print(f"  {error}", file=sys.stderr)
    return 1 if lost or (polls is not None and polls.errors) else 0


if __name__ == "__main__":
    sys.exit(main())

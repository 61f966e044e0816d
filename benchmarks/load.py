"""How the dashboard holds up under concurrent users: real browsers against a real server.

Run by `make load` (or `python -m benchmarks.load --sessions 20` from the repository root).
Starts its own `streamlit run app.py` on a free local port (the built-in seeds unless --data says
otherwise), then drives N sessions at once from one headless Chromium with N browser
contexts (Playwright's async API). Each session opens /slate, waits for Streamlit's own
markers that the first run is over (initial load), then, once every session has loaded,
picks a status in the sidebar's multiselect and waits for the rerun that causes to finish,
read from Streamlit's `script_finished` message on the page's websocket (rerun). Prints the
p50/p95 of both (and of the first run alone, websocket open to `script_finished`), the
server's resident memory from /proc/PID/status before and after, VmRSS (now) and VmHWM
(the peak since it started), and the CPU time the server used.

The browsers run on the same machine as the server: on a small machine the initial load is
mostly Chromium downloading and parsing Streamlit's bundle N times over, so read the
first-run and rerun figures, and the server's CPU share, for the server's own cost.

A report, not a gate: it exits non-zero only if sessions failed or time ran out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, Page, WebSocket, async_playwright

from tests.browser.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    Server,
    ServerError,
    run_finished,
    start_server,
)

SEEDS = ROOT / "seeds"

AS_OF = "2026-11-21"
IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)
# Statuses present in the seeds, one per session in turn, so the reruns differ.
STATUSES = ["Stalled", "Paused", "Filming", "In development", "Released", "Announced"]
START_TIMEOUT_S = 60
STEP_TIMEOUT_MS = 120_000


# --------------------------------------------------------------------------------------
# The server


def start(data: Path | None) -> Server:
    if data is None:
        data = SEEDS
    fd, name = tempfile.mkstemp(prefix="slate-load-", suffix=".log")
    os.close(fd)
    try:
        return start_server(data, Path(name))
    except ServerError as error:
        sys.exit(str(error))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB (Linux /proc)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


# --------------------------------------------------------------------------------------
# The sessions


@dataclass
class Timing:
    load_s: float | None = None
    """From navigating to the first run drawn (what a user waits)."""
    first_run_s: float | None = None
    """From the websocket opening to the first `script_finished` (the server's share)."""
    rerun_s: float | None = None
    """From choosing a filter to its rerun drawn."""
    error: str | None = None


@dataclass
class Phases:
    """What every session waits on together: all loaded, then all done (still connected)."""

    loaded: asyncio.Barrier
    done: asyncio.Barrier
    release: asyncio.Event


async def open_slate(browser: Browser, base: str, timing: Timing) -> tuple[Page, list[WebSocket]]:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    sockets: list[WebSocket] = []

    def on_socket(socket: WebSocket) -> None:
        if not socket.url.endswith("/_stcore/stream"):
            return
        sockets.append(socket)
        opened = time.perf_counter()

        def on_frame(payload: str | bytes) -> None:
            if timing.first_run_s is None and run_finished(payload):
                timing.first_run_s = time.perf_counter() - opened

        socket.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    start = time.perf_counter()
    await page.goto(f"{base}/slate?as_of={AS_OF}")
    await page.wait_for_selector(IDLE, state="attached")
    timing.load_s = time.perf_counter() - start
    return page, sockets


async def choose_status(page: Page, socket: WebSocket, status: str, timing: Timing) -> None:
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Status", exact=True)
    await box.click()
    await page.keyboard.type(status)
    option = page.get_by_role("option", name=status, exact=True)
    await option.wait_for()
    start = time.perf_counter()
    async with socket.expect_event("framereceived", predicate=run_finished):
        await option.click()
    await page.wait_for_selector(IDLE, state="attached")
    timing.rerun_s = time.perf_counter() - start
    if f"status={status.replace(' ', '+')}" not in page.url:
        raise AssertionError(f"the URL did not take the filter: {page.url}")


async def session(browser: Browser, base: str, status: str, phases: Phases) -> Timing:
    timing = Timing()
    page: Page | None = None
    try:
        page, sockets = await open_slate(browser, base, timing)
    except Exception as error:  # a failed session is counted and reported, not fatal
        timing.error = f"load: {error}"
    # Every session reaches each barrier, failed or not, so the others are not left waiting.
    await phases.loaded.wait()
    if page is not None and timing.error is None:
        try:
            await choose_status(page, sockets[-1], status, timing)
        except Exception as error:
            timing.error = f"rerun: {error}"
    await phases.done.wait()
    await phases.release.wait()
    if page is not None:
        await page.context.close()
    return timing


@dataclass
class Run:
    timings: list[Timing]
    rss_start: dict[str, int]
    rss_warm: dict[str, int]
    rss_live: dict[str, int]
    cpu_s: float
    elapsed_s: float


async def drive(base: str, sessions: int, pid: int) -> Run:
    rss_start = memory_kib(pid)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            # One session first, so the baseline has the app imported and its caches filled.
            warm, _ = await open_slate(browser, base, Timing())
            await warm.context.close()
            rss_warm = memory_kib(pid)
            cpu_before = cpu_seconds(pid)
            started = time.perf_counter()
            phases = Phases(
                asyncio.Barrier(sessions), asyncio.Barrier(sessions + 1), asyncio.Event()
            )
            tasks = [
                asyncio.create_task(session(browser, base, STATUSES[i % len(STATUSES)], phases))
                for i in range(sessions)
            ]
            await phases.done.wait()
            rss_live = memory_kib(pid)  # every session still connected
            phases.release.set()
            timings = await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds(pid) - cpu_before
        finally:
            await browser.close()
    return Run(timings, rss_start, rss_warm, rss_live, cpu, elapsed)


# --------------------------------------------------------------------------------------
# The report


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def line(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<14} no successful sessions"
    return (
        f"{name:<14} p50 {percentile(values, 50):6.2f} s   p95 {percentile(values, 95):6.2f} s"
        f"   max {max(values):6.2f} s   (n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (20)")
    parser.add_argument("--data", type=Path, help="data folder (default: the built-in seeds)")
    parser.add_argument("--timeout", type=float, default=300, help="whole run, seconds (300)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: `make load` installs Debian's Chromium.")

    server = start(args.data)
    machine_load = os.getloadavg()[0]
    try:
        try:
            run = asyncio.run(
                asyncio.wait_for(drive(server.url, args.sessions, server.process.pid), args.timeout)
            )
        except TimeoutError:
            print(f"timed out after {args.timeout:.0f} s", file=sys.stderr)
            return 1
    finally:
        server.stop()
        with contextlib.suppress(OSError):
            server.log.unlink()

    timings = run.timings
    print(
        f"{args.sessions} concurrent sessions, one Chromium, {os.cpu_count()} CPUs "
        f"(load average {machine_load:.1f} at start), {run.elapsed_s:.1f} s in all"
    )
    print(line("initial load", [t.load_s for t in timings if t.load_s is not None]))
    print(line("  first run", [t.first_run_s for t in timings if t.first_run_s is not None]))
    print(line("filter rerun", [t.rerun_s for t in timings if t.rerun_s is not None]))

    def mib(kib: int) -> str:
        return f"{kib / 1024:.1f} MiB"

    growth = run.rss_live["VmRSS"] - run.rss_warm["VmRSS"]
    print(
        f"server RSS     started {mib(run.rss_start['VmRSS'])}, after one warm-up session "
        f"{mib(run.rss_warm['VmRSS'])}, with all {args.sessions} live "
        f"{mib(run.rss_live['VmRSS'])} (growth {mib(growth)}, "
        f"{mib(growth // max(args.sessions, 1))} a session); peak VmHWM "
        f"{mib(run.rss_live['VmHWM'])}"
    )
    print(
        f"server CPU     {run.cpu_s:.1f} s over {run.elapsed_s:.1f} s "
        f"({100 * run.cpu_s / run.elapsed_s:.0f}% of one core)"
    )
    failed = [t.error for t in timings if t.error]
    for error in failed:
        print(f"session failed: {error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

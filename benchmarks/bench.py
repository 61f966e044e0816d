"""How the slate scales, against the floor and the peer, at 1k, 10k and 100k projects.

Run by `make bench` (`make bench SIZES=1000,10000` for a quicker run), or
`python benchmarks/bench.py --sizes 1000 10000`. For each size it writes the synthetic slate
(`python -m slate synth`, seed 42) as a YAML folder, a JSON folder and one JSON document
(not timed), then measures, each step in a fresh process so that nothing is cached in
memory, and all in the same run so that ratios hold on a busy machine:

- the floor: `json.loads` of the slate as one JSON document (read included), pydantic's own
  `Slate.model_validate_json` of that document, and a bare libyaml event parse
  (`yaml.parse` with the C parser) of the YAML files;
- `load_slate` of the YAML folder and of the JSON folder, cold (an empty compiled cache)
  and warm (the cache that cold load wrote);
- `to_frame` against `pandas.DataFrame.from_records` of the same rows' plain values, a
  change of as-of day, and the CSV export against plain `DataFrame.to_csv` of the same
  frame; the peak RSS of a process holding the loaded slate and its table;
- in headless Chromium (Debian's, as the browser tests drive it): the first render of the
  Slate and the Timeline pages after a server start (compiled cache warm: one start of the
  app before, not timed, as any restart has had) and a filter
  change's rerun, against a bare Streamlit app (benchmarks/bare_app.py: the same table in
  st.dataframe and one px.timeline of its first 150 rows), and each server's peak RSS.

Beside the slate, `python -m slate import` of a list of films as people write one (a CSV
of Title, Director, Release date in words, Status, Cast, Studio, Genre; 10,000 and 100,000
rows from a seeded generator, `--import-rows`) into a copy of seeds/, against
`pandas.read_csv` of the same file: the peer that reads the same bytes into a table and
checks nothing. `--only-import` measures that alone.

And the data by URL: `/api/projects.json` filtered to the director with the most projects,
on the built-in slate (12 projects) and at 100,000 (`--api-sizes`), against the same
server's own `/_stcore/health`, the floor of any answer it gives: 60 requests of each,
alternated, p50 and p95. `--only-api` measures that alone.

Times inside a process are time.perf_counter around the step alone (imports excluded, file
reads included); a page's time runs from navigation to Streamlit's end-of-run marker with
its table or chart drawn. Fast steps are the best of three. With `--baseline REV` the
loader, the table and the app of another commit (say, the one before this work) are
measured in the same run. It prints the figures and the ratios against the targets of
issue 11 and writes them all as JSON (artifacts/bench.json).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SIZES = (1_000, 10_000, 100_000)
# A day after every synthetic source's date window closes: the slate as a reader sees it
# today, with everything known, whenever the benchmark runs. "Another as-of day" (400 days
# earlier) measures the cost of a day in the past, its projects re-told from their claims.
AS_OF = "2027-01-01"
REPEAT_UNDER = 5.0
"""Steps faster than this many seconds are run three times and the best time is kept."""

TARGETS: dict[str, tuple[str, str, float, str]] = {
    # key: (label, numerator over denominator, limit, what it is)
    "warm_yaml_vs_floor": ("warm_yaml", "json_loads", 2.0, "warm load (YAML folder) / json.loads"),
    "warm_json_vs_floor": ("warm_json", "json_loads", 2.0, "warm load (JSON folder) / json.loads"),
    "cold_json_vs_pydantic": (
        "cold_json", "model_validate_json", 1.2, "cold load (JSON) / model_validate_json",
    ),
    "cold_yaml_vs_events": ("cold_yaml", "yaml_events", 1.5, "cold load (YAML) / libyaml events"),
    "warm_yaml_vs_paused_floor": (
        "warm_yaml", "json_loads_gc_paused", 2.0, "  warm (YAML) / json.loads, GC paused",
    ),
    "cold_json_vs_paused_pydantic": (
        "cold_json", "model_validate_json_gc_paused", 1.2, "  cold (JSON) / validate, GC paused",
    ),
    "to_frame_vs_from_records": ("to_frame", "from_records", 3.0, "to_frame / from_records"),
    "csv_vs_to_csv": ("to_csv", "pandas_to_csv", 2.0, "CSV export / DataFrame.to_csv"),
    "slate_render_vs_bare": ("render_slate", "render_bare", 1.5, "Slate page first render / bare"),
    "timeline_render_vs_bare": (
        "render_timeline", "render_bare", 1.5, "Timeline first render / bare",
    ),
    "rerun_vs_bare": ("rerun_slate", "rerun_bare", 1.5, "filter rerun / bare"),
}  # fmt: skip
RSS_LIMIT_MB = 600.0


# --------------------------------------------------------------------------------------
# Children: each measures one step in a process of its own and prints JSON.


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux keeps
    that across exec, so a child would report its parent's peak if that was higher."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _best(step: Callable[[], Any]) -> tuple[float, Any]:
    times: list[float] = []
    result = None
    while len(times) < 3 and not (times and times[0] >= REPEAT_UNDER):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def _child(kind: str, target: str) -> dict[str, Any]:
    if kind.endswith("_gc_paused"):
        # The loader keeps Python's cyclic collector out of a load; so does this floor.
        import gc

        gc.disable()
        kind = kind.removesuffix("_gc_paused")
    if kind == "json_loads":
        start = time.perf_counter()
        data = json.loads(Path(target).read_bytes())
        return {"seconds": time.perf_counter() - start, "projects": len(data["projects"])}
    if kind == "model_validate_json":
        from slate.models import Slate

        start = time.perf_counter()
        slate = Slate.model_validate_json(Path(target).read_bytes())
        return {"seconds": time.perf_counter() - start, "projects": len(slate.projects)}
    if kind == "yaml_events":
        import yaml

        start = time.perf_counter()
        events = 0
        for path in sorted(Path(target).glob("*.yaml")):
            for _ in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
                events += 1
        return {"seconds": time.perf_counter() - start, "events": events}
    if kind == "load":
        from slate.load import load_slate

        before = _peak_rss_mb()
        start = time.perf_counter()
        slate = load_slate(target)
        seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "projects": len(slate.projects),
            "rss_mb": _peak_rss_mb(),
            "rss_imports_mb": before,
        }
    if kind == "frame":
        return _child_frame(target)
    if kind == "import":
        return _child_import(target)
    if kind == "read_csv":
        import pandas as pd

        seconds, frame = _best(lambda: pd.read_csv(target))
        return {"seconds": seconds, "rows": len(frame)}
    raise SystemExit(f"unknown child {kind}")


def _child_import(path: str) -> dict[str, Any]:
    """`python -m slate import` of a list into a fresh copy of seeds/ each time (the copy
    not timed), its output thrown away; the best of three under REPEAT_UNDER."""
    import io

    from slate.__main__ import main

    times: list[float] = []
    while len(times) < 3 and not (times and times[0] >= REPEAT_UNDER):
        with tempfile.TemporaryDirectory(prefix="slate-import-") as folder:
            data = Path(folder) / "data"
            shutil.copytree(ROOT / "seeds", data)
            printed = Path(folder) / "out.txt"
            # A real file, not StringIO: the CLI reconfigures its stdout as a terminal's.
            with printed.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
                err = io.StringIO()
                with contextlib.redirect_stderr(err):
                    start = time.perf_counter()
                    code = main(["import", path, "--data", str(data)])
                    times.append(time.perf_counter() - start)
            if code != 0:
                raise SystemExit(f"slate import exited {code}:\n{err.getvalue()[-2000:]}")
            added = printed.read_text(encoding="utf-8").count("\n  new project: ")
    return {"seconds": min(times), "added": added, "rss_mb": _peak_rss_mb()}


def _child_frame(folder: str) -> dict[str, Any]:
    """Load (warm), build the table and export it; the process's peak RSS is that of a
    server holding the slate and its table."""
    import datetime as dt

    import pandas as pd

    from slate import query
    from slate.export import to_csv
    from slate.load import load_slate

    as_of = dt.date.fromisoformat(AS_OF)
    slate = load_slate(folder)
    out: dict[str, Any] = {}
    times: list[float] = []
    frame = None
    while len(times) < 3 and not (times and times[0] >= REPEAT_UNDER):
        frame = None  # one table at a time: the peak is that of a slate and its table
        start = time.perf_counter()
        frame = query.to_frame(slate, as_of)
        times.append(time.perf_counter() - start)
        if len(times) == 1:
            out["rss_mb"] = _peak_rss_mb()
    assert frame is not None
    out["to_frame"] = min(times)
    other = as_of - dt.timedelta(days=400)
    if hasattr(query, "day_frame"):
        # Another day: the slate as its sources told it then (projects not yet reported
        # left out, the others re-told from the claims known), and that day's flags.
        from slate.assess import assess_day
        from slate.knowledge import Day

        base = query.base_frame(slate)

        def another_day() -> Any:
            day = Day.of(slate, other)
            return query.day_frame(day, base, assess_day(day))

        out["as_of_change"], _ = _best(another_day)
    elif hasattr(query, "with_flags"):  # a baseline from before the two clocks: flags only
        base = query.base_frame(slate)
        out["as_of_change"], _ = _best(lambda: query.with_flags(base, slate, other))
    plain = list(frame.itertuples(index=False, name=None))
    columns = list(frame.columns)
    out["from_records"], _ = _best(lambda: pd.DataFrame.from_records(plain, columns=columns))
    plain.clear()
    out["to_csv"], text = _best(lambda: to_csv(frame))
    out["csv_mb"] = len(text.encode("utf-8")) / 2**20
    del text
    out["pandas_to_csv"], _ = _best(lambda: frame.to_csv(index=False))
    typical = query.Filters(statuses=("announced", "filming"), year_from=2026, year_to=2027)
    out["apply_filters"], _ = _best(lambda: query.apply_filters(frame, typical))
    out["facet_counts"], _ = _best(
        lambda: [query.facet_counts(frame, typical, f) for f in query.FACETS]
    )
    pickle_to = os.environ.get("BENCH_FRAME_OUT")
    if pickle_to:
        frame.to_pickle(pickle_to)
    return out


def _run_child(kind: str, target: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(target)],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {kind} {target} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------------------
# The data


def _prepare(n: int, root: Path) -> dict[str, Path]:
    """The slate as a YAML folder, a JSON folder and one JSON document (not timed)."""
    places = {"yaml": root / f"yaml-{n}", "json": root / f"json-{n}", "doc": root / f"{n}.json"}
    for form in ("yaml", "json"):
        if not places[form].exists():
            subprocess.run(
                [sys.executable, "-m", "slate", "synth", "--projects", str(n),
                 "--out", str(places[form]), "--format", form],
                check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
            )  # fmt: skip
    if not places["doc"].exists():
        # One document of the three keys, as a machine would hand the slate over.
        merged: dict[str, list[Any]] = {"sources": [], "projects": [], "events": []}
        for path in sorted(places["json"].glob("*.json")):
            for key, items in json.loads(path.read_bytes()).items():
                merged[key].extend(items)
        places["doc"].write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    return places


_STATUS_WORDS = ("Announced", "In development", "Pre-production", "in production",
                 "Post-production", "Released", "rumored", "On hold", "Stalled")  # fmt: skip
_DATE_WORDS = ("late {y}", "October 2, {y}", "{y}", "summer {y}", "Q2 {y}", "{y}–{z}",
               "early {y}", "March {y}", "TBA", "")  # fmt: skip


def _list_csv(n: int, path: Path) -> Path:
    """A list of films as a person or a spreadsheet writes one (not timed): every title its
    own, dates and statuses in people's words, names split every way people split them."""
    import csv
    import random

    if path.exists():
        return path
    rng = random.Random(42)
    first = ("Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun")
    last = ("Alvarez", "Brook", "Costa", "Dubois", "Eze", "Fischer", "Gray", "Hughes")
    words = ("Night", "Engine", "Harbour", "Signal", "Glass", "Orbit", "Winter", "Tide")

    def person() -> str:
        return f"{rng.choice(first)} {rng.choice(last)}"

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Title", "Director", "Release date", "Status", "Cast", "Studio", "Genre"])
        for i in range(n):
            year = rng.randint(2026, 2031)
            date = rng.choice(_DATE_WORDS).format(y=year, z=year + 1)
            cast = [person() for _ in range(rng.randint(1, 5))]
            writer.writerow([
                f"{rng.choice(words)} {rng.choice(words)} {i}",
                " and ".join(person() for _ in range(rng.choice((1, 1, 2)))),
                date,
                rng.choice(_STATUS_WORDS),
                rng.choice(("; ", ", ")).join(cast),
                rng.choice(("Paramount", "Warner Bros.", "Universal", "")),
                rng.choice(("Action", "Drama", "Thriller", "")),
            ])  # fmt: skip
    return path


def _import_case(rows: int, root: Path) -> dict[str, Any]:
    target = _list_csv(rows, root / f"films-{rows}.csv")
    out: dict[str, Any] = {"rows": rows, "csv_mb": target.stat().st_size / 2**20}
    env = {"SLATE_CACHE": str(root / "cache-import")}
    done = _run_child("import", target, env)
    if done["added"] != rows:
        raise SystemExit(f"slate import added {done['added']} of {rows} rows")
    out["slate_import"], out["import_rss_mb"] = done["seconds"], done["rss_mb"]
    out["pandas_read_csv"] = _run_child("read_csv", target)["seconds"]
    out["import_vs_read_csv"] = out["slate_import"] / out["pandas_read_csv"]
    return out


_Row = tuple[str, str, Callable[[Any], str]]


def _table(
    title: str, unit: str, results: dict[int, dict[str, Any]], rows: list[_Row]
) -> list[str]:
    """A titled table of figures: one column per size, one line per (key, label, format)."""
    sizes = sorted(results)
    width = 40
    lines = ["", title, "", unit.ljust(width) + "".join(f"{f'{n:,}':>12}" for n in sizes)]
    for key, label, show in rows:
        lines.append(label.ljust(width) + "".join(f"{show(results[n][key]):>12}" for n in sizes))
    return lines


def import_report(results: dict[int, dict[str, Any]]) -> list[str]:
    rows: list[_Row] = [
        ("slate_import", "python -m slate import", _fmt),
        ("pandas_read_csv", "pandas.read_csv, same file", _fmt),
        ("import_vs_read_csv", "import / read_csv", lambda v: f"x{v:.1f}"),
        ("import_rss_mb", "peak RSS, import (MB)", lambda v: f"{v:.0f}"),
        ("csv_mb", "CSV (MB)", lambda v: f"{v:.1f}"),
    ]
    title = "Import of a list of films (CSV in people's words, into a copy of seeds/)"
    return _table(title, "rows", results, rows)


API_REQUESTS = 60
"""Requests of each URL per size, taken in turn (one of ours, one of the health check)."""


def _api_case(n: int, root: Path) -> dict[str, Any]:
    """`/api/projects.json` filtered to one director, against the same server's own
    `/_stcore/health`, alternated so that both see the same machine."""
    import urllib.parse
    import urllib.request

    sys.path.insert(0, str(ROOT))
    from tests.browser.server import start_server

    data = SEEDS if n == 12 else _prepare(n, root)["yaml"]
    env = {"SLATE_CACHE": str(root / f"cache-api-{n}")}
    director = _a_director(data, env)
    server = start_server(data, root / f"api-{n}.log", env=env)
    api = f"{server.url}/api/projects.json?" + urllib.parse.urlencode(
        {"director": director, "as_of": AS_OF}
    )
    health = f"{server.url}/_stcore/health"

    def fetch(url: str) -> float:
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url}: HTTP {response.status}")
        return time.perf_counter() - started

    try:
        first = fetch(api)  # builds the day's table once; every later request reuses it
        ours, floor = [], []
        for _ in range(API_REQUESTS):
            ours.append(fetch(api))
            floor.append(fetch(health))
    finally:
        server.stop()
    quantiles = statistics.quantiles
    p50, p95 = quantiles(ours, n=100)[49], quantiles(ours, n=100)[94]
    f50, f95 = quantiles(floor, n=100)[49], quantiles(floor, n=100)[94]
    return {
        "projects": n, "director": director, "first_s": first, "api_p50_s": p50,
        "api_p95_s": p95, "health_p50_s": f50, "health_p95_s": f95,
        "p50_vs_health": p50 / f50, "p95_vs_health": p95 / f95,
    }  # fmt: skip


def _a_director(data: Path, env: dict[str, str]) -> str:
    """The director with the most projects in `data`: the view a journalist subscribes to."""
    code = (
        "import collections, sys\n"
        "from slate.load import load_slate\n"
        "s = load_slate(sys.argv[1])\n"
        "c = collections.Counter(d.name for p in s.projects for d in p.directors)\n"
        "print(c.most_common(1)[0][0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=True,
        cwd=ROOT, env={**os.environ, **env},
    )  # fmt: skip
    return done.stdout.strip()


def api_report(results: dict[int, dict[str, Any]]) -> list[str]:
    ms = lambda v: f"{v * 1000:.1f} ms"  # noqa: E731
    rows: list[_Row] = [
        ("first_s", "first request (builds the day)", ms),
        ("api_p50_s", "/api/projects.json p50", ms),
        ("api_p95_s", "/api/projects.json p95", ms),
        ("health_p50_s", "/_stcore/health p50", ms),
        ("health_p95_s", "/_stcore/health p95", ms),
        ("p50_vs_health", "p50 / health", lambda v: f"x{v:.1f}"),
        ("p95_vs_health", "p95 / health", lambda v: f"x{v:.1f}"),
    ]
    title = f"The data by URL: one director's projects, {API_REQUESTS} requests each, alternated"
    return _table(title, "projects", results, rows)


@contextlib.contextmanager
def _baseline_tree(rev: str | None) -> Iterator[Path | None]:
    if not rev:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="slate-baseline-"))
    try:
        archive = subprocess.run(
            ["git", "archive", rev], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _core(n: int, places: dict[str, Path], root: Path, baseline: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {"projects": n}
    out["yaml_mb"] = sum(p.stat().st_size for p in places["yaml"].iterdir()) / 2**20
    out["json_mb"] = places["doc"].stat().st_size / 2**20
    out["json_loads"] = _run_child("json_loads", places["doc"])["seconds"]
    out["model_validate_json"] = _run_child("model_validate_json", places["doc"])["seconds"]
    for floor in ("json_loads", "model_validate_json"):
        paused = f"{floor}_gc_paused"
        out[paused] = _run_child(paused, places["doc"])["seconds"]
    out["yaml_events"] = _run_child("yaml_events", places["yaml"])["seconds"]
    for form in ("yaml", "json"):
        cache = root / f"cache-{form}-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"SLATE_CACHE": str(cache)}
        cold = _run_child("load", places[form], env)
        warm = _run_child("load", places[form], env)
        if cold["projects"] != n or warm["projects"] != n:
            raise SystemExit(f"loaded {cold['projects']}/{warm['projects']} of {n} projects")
        out[f"cold_{form}"], out[f"warm_{form}"] = cold["seconds"], warm["seconds"]
        out[f"cold_{form}_rss_mb"], out[f"warm_{form}_rss_mb"] = cold["rss_mb"], warm["rss_mb"]
    frame = _run_child(
        "frame",
        places["yaml"],
        {"SLATE_CACHE": str(root / f"cache-yaml-{n}"), "BENCH_FRAME_OUT": str(root / f"{n}.pkl")},
    )
    out.update({k: v for k, v in frame.items() if k != "rss_mb"})
    out["table_rss_mb"] = frame["rss_mb"]
    if baseline is not None:
        env = {"PYTHONPATH": str(baseline), "SLATE_CACHE": "off"}
        old = _run_child("load", places["yaml"], env)
        out["before_load_yaml"], out["before_load_rss_mb"] = old["seconds"], old["rss_mb"]
        old_frame = _run_child("frame", places["yaml"], env)
        out["before_to_frame"] = old_frame["to_frame"]
        out["before_table_rss_mb"] = old_frame["rss_mb"]
        out["before_to_csv"] = old_frame["to_csv"]
    return out


# --------------------------------------------------------------------------------------
# The browser


def _browser(n: int, places: dict[str, Path], root: Path, baseline: Path | None) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make bench` installs Debian's Chromium.")
    out: dict[str, Any] = {}
    cache = {"SLATE_CACHE": str(root / f"cache-yaml-{n}")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            ours = _Served(places["yaml"], root, env=cache)
            # One start before the timed ones, not timed: it leaves the compiled cache warm
            # with what the pages build from the slate (its table, the day's Gantt rows), as
            # any start before a restart would.
            ours.measure(browser, "/timeline", False)
            out["render_slate"], out["rerun_slate"], rss1 = ours.measure(browser, "/slate", True)
            out["render_timeline"], _, rss2 = ours.measure(browser, "/timeline", False)
            out["server_rss_mb"] = max(rss1, rss2)
            bare = _Served(
                places["yaml"], root, script=str(ROOT / "benchmarks" / "bare_app.py"),
                env={"BARE_FRAME": str(root / f"{n}.pkl")},
                options=("--server.maxMessageSize", "2000"),
            )  # fmt: skip
            out["render_bare"], out["rerun_bare"], out["bare_rss_mb"] = bare.measure(
                browser, "/", True
            )
            if baseline is not None:
                old = _Served(places["yaml"], root, cwd=baseline,
                              env={"PYTHONPATH": str(baseline), "SLATE_CACHE": "off"})  # fmt: skip
                slate, rerun, rss = old.measure(browser, "/slate", True)
                out["before_render_slate"], out["before_rerun_slate"] = slate, rerun
                out["before_render_timeline"], _, _ = old.measure(browser, "/timeline", False)
                out["before_server_rss_mb"] = rss
        finally:
            browser.close()
    return out


IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)
PAGE_TIMEOUT_MS = 600_000


class _Served:
    """One app (ours, the bare one, or a baseline's) started afresh for each measurement."""

    def __init__(
        self,
        data: Path,
        root: Path,
        *,
        script: str = "app.py",
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
        options: tuple[str, ...] = (),
    ) -> None:
        self.data, self.root, self.script, self.cwd = data, root, script, cwd
        self.env, self.options = env or {}, options

    def measure(self, browser: Any, path: str, rerun: bool) -> tuple[float, float | None, float]:
        """Seconds to the first render of `path` after a server start, to a status filter's
        rerun (if asked), and the server's peak RSS in MB."""
        from tests.browser.server import run_finished, start_server

        server = start_server(
            self.data, self.root / "server.log", script=self.script, cwd=self.cwd,
            env=self.env, options=self.options,
        )  # fmt: skip
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            sockets: list[Any] = []
            page.on("websocket", lambda s: sockets.append(s) if "_stcore/stream" in s.url else None)
            start = time.perf_counter()
            page.goto(f"{server.url}{path}?as_of={AS_OF}")
            page.wait_for_selector(IDLE, state="attached")
            drawn = (
                '[data-testid="stPlotlyChart"] .main-svg'
                if "timeline" in path
                else '[data-testid="stDataFrame"]'
            )
            page.wait_for_selector(drawn, state="visible")
            first = time.perf_counter() - start
            again = None
            if rerun:
                box = page.get_by_role("combobox", name="Status", exact=True).first
                box.click()
                page.keyboard.type("Filming")
                option = page.get_by_role("option", name="Filming", exact=True)
                option.wait_for()
                start = time.perf_counter()
                with sockets[-1].expect_event("framereceived", predicate=run_finished):
                    option.click()
                page.wait_for_selector(IDLE, state="attached")
                page.wait_for_selector('[data-testid="stDataFrame"]', state="visible")
                again = time.perf_counter() - start
            status = Path(f"/proc/{server.process.pid}/status").read_text()
            peak = next(int(line.split()[1]) for line in status.splitlines() if "VmHWM" in line)
            return first, again, peak / 1024
        finally:
            context.close()
            server.stop()


# --------------------------------------------------------------------------------------
# The report


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


ROWS = [
    ("json_loads", "floor: json.loads of one JSON document", _fmt),
    ("model_validate_json", "pydantic Slate.model_validate_json", _fmt),
    ("yaml_events", "libyaml event parse of the YAML files", _fmt),
    ("json_loads_gc_paused", "  json.loads, collector paused", _fmt),
    ("model_validate_json_gc_paused", "  model_validate_json, collector paused", _fmt),
    ("cold_yaml", "load_slate, YAML folder, cold", _fmt),
    ("warm_yaml", "load_slate, YAML folder, warm", _fmt),
    ("cold_json", "load_slate, JSON folder, cold", _fmt),
    ("warm_json", "load_slate, JSON folder, warm", _fmt),
    ("to_frame", "to_frame", _fmt),
    ("from_records", "DataFrame.from_records, same rows", _fmt),
    ("as_of_change", "another as-of day (the slate as known then, and its flags)", _fmt),
    ("to_csv", "CSV export (defused)", _fmt),
    ("pandas_to_csv", "DataFrame.to_csv, same frame", _fmt),
    ("apply_filters", "apply_filters (typical)", _fmt),
    ("facet_counts", "facet_counts (6 facets)", _fmt),
    ("render_slate", "browser: Slate page, first render", _fmt),
    ("render_timeline", "browser: Timeline page, first render", _fmt),
    ("rerun_slate", "browser: filter rerun", _fmt),
    ("render_bare", "browser: bare app, first render", _fmt),
    ("rerun_bare", "browser: bare app, filter rerun", _fmt),
    ("table_rss_mb", "peak RSS, slate + table (MB)", lambda v: f"{v:.0f}"),
    ("server_rss_mb", "peak RSS, app server (MB)", lambda v: f"{v:.0f}"),
    ("bare_rss_mb", "peak RSS, bare app server (MB)", lambda v: f"{v:.0f}"),
    ("warm_yaml_rss_mb", "peak RSS, warm load (MB)", lambda v: f"{v:.0f}"),
    ("cold_yaml_rss_mb", "peak RSS, cold YAML load (MB)", lambda v: f"{v:.0f}"),
    ("yaml_mb", "YAML written (MB)", lambda v: f"{v:.1f}"),
    ("json_mb", "JSON document (MB)", lambda v: f"{v:.1f}"),
    ("before_load_yaml", "before: load_slate (YAML)", _fmt),
    ("before_to_frame", "before: to_frame", _fmt),
    ("before_to_csv", "before: CSV export", _fmt),
    ("before_table_rss_mb", "before: peak RSS, slate + table", lambda v: f"{v:.0f}"),
    ("before_render_slate", "before: Slate page, first render", _fmt),
    ("before_render_timeline", "before: Timeline, first render", _fmt),
    ("before_rerun_slate", "before: filter rerun", _fmt),
    ("before_server_rss_mb", "before: peak RSS, app server", lambda v: f"{v:.0f}"),
]


def ratios(result: dict[str, Any]) -> dict[str, float]:
    out = {}
    for key, (top, bottom, _, _) in TARGETS.items():
        if result.get(top) is not None and result.get(bottom):
            out[key] = result[top] / result[bottom]
    return out


def report(results: dict[int, dict[str, Any]]) -> list[str]:
    sizes = sorted(results)
    width = 40
    lines = [
        f"Slate benchmark: synthetic slate, seed 42, as of {AS_OF}, {os.cpu_count()} CPUs "
        f"(load average {os.getloadavg()[0]:.1f} at the end)",
        "",
        "".ljust(width) + "".join(f"{f'{n:,}':>12}" for n in sizes),
    ]
    for key, label, show in ROWS:
        if any(key in results[n] for n in sizes):
            cells = [
                show(results[n][key]) if results[n].get(key) is not None else "—" for n in sizes
            ]
            lines.append(label.ljust(width) + "".join(f"{c:>12}" for c in cells))
    lines += ["", "Ratios (targets from issue 11, judged at the largest size)", ""]
    lines.append("".ljust(width) + "".join(f"{f'{n:,}':>12}" for n in sizes) + "      target")
    largest = sizes[-1]
    for key, (_, _, limit, label) in TARGETS.items():
        cells = [results[n].get("ratios", {}).get(key) for n in sizes]
        shown = "".join(f"{f'x{c:.2f}' if c is not None else '—':>12}" for c in cells)
        last = results[largest].get("ratios", {}).get(key)
        verdict = "" if last is None else ("  met" if last <= limit else "  MISSED")
        lines.append(label.ljust(width) + shown + f"   <= x{limit:.1f}{verdict}")
    rss = results[largest].get("table_rss_mb")
    if rss is not None:
        verdict = "met" if rss < RSS_LIMIT_MB else "MISSED"
        lines.append(
            "peak RSS, slate + table (MB)".ljust(width)
            + "".join(f"{results[n].get('table_rss_mb', 0):>12.0f}" for n in sizes)
            + f"   < {RSS_LIMIT_MB:.0f}  {verdict}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="+", default=[",".join(map(str, SIZES))], metavar="N",
        help="project counts, space- or comma-separated (default: 1000,10000,100000)",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, help="(default: artifacts/bench.json, or "
                        "artifacts/bench-import.json with --only-import)")  # fmt: skip
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium part")
    parser.add_argument("--baseline", metavar="REV", help="also measure this commit's code")
    parser.add_argument("--work", type=Path, help="keep generated data here (reused)")
    parser.add_argument(
        "--import-rows", nargs="+", default=["10000,100000"], metavar="N",
        help="rows of the list `slate import` reads (default: 10000,100000)",
    )  # fmt: skip
    parser.add_argument("--only-import", action="store_true", help="measure the import alone")
    parser.add_argument(
        "--api-sizes", nargs="+", default=["12,100000"], metavar="N",
        help="projects behind /api/projects.json (12 is the built-in slate; default: 12,100000)",
    )  # fmt: skip
    parser.add_argument("--only-api", action="store_true", help="measure the data URLs alone")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    sizes = sorted({int(s) for part in args.sizes for s in part.split(",") if s.strip()})
    if args.only_import or args.only_api:
        sizes = []
    # The import alone must not overwrite the whole benchmark's figures.
    args.out = args.out or ROOT / "artifacts" / (
        "bench.json" if sizes else "bench-api.json" if args.only_api else "bench-import.json"
    )
    import_rows = sorted({int(s) for part in args.import_rows for s in part.split(",") if s})
    if args.only_api:
        import_rows = []
    api_sizes = sorted({int(s) for part in args.api_sizes for s in part.split(",") if s})
    if args.only_import:
        api_sizes = []
    apis: dict[int, dict[str, Any]] = {}
    results: dict[int, dict[str, Any]] = {}
    imports: dict[int, dict[str, Any]] = {}
    work = args.work or Path(tempfile.mkdtemp(prefix="slate-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        with _baseline_tree(args.baseline) as baseline:
            for n in sizes:
                print(f"measuring {n:,} projects ...", file=sys.stderr, flush=True)
                started = time.perf_counter()
                places = _prepare(n, work)
                result = _core(n, places, work, baseline)
                if not args.no_browser:
                    result.update(_browser(n, places, work, baseline))
                result["ratios"] = ratios(result)
                results[n] = result
                took = time.perf_counter() - started
                print(f"  done in {took:.0f} s", file=sys.stderr, flush=True)
        for rows in import_rows:
            print(f"importing a list of {rows:,} films ...", file=sys.stderr, flush=True)
            imports[rows] = _import_case(rows, work)
        for n in api_sizes:
            print(f"the data by URL at {n:,} projects ...", file=sys.stderr, flush=True)
            apis[n] = _api_case(n, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    lines = report(results) if results else []
    if imports:
        lines += import_report(imports)
    if apis:
        lines += api_report(apis)
    print("\n".join(lines), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "as_of": AS_OF,
                "baseline": args.baseline,
                "results": results,
                "import": imports,
                "api": apis,
                "table": lines,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwritten to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

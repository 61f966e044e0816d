"""How the data core scales: load, frame, filter, facets and CSV at 1k, 10k and 100k projects.

Run by `make bench` (or `python benchmarks/bench.py --sizes 1000 10000`). For each size a
child process builds a synthetic slate (slate.synthetic, seed 42), writes it to a temporary
folder (not timed) and times the query steps, the fast ones as the best of three runs
(time.perf_counter). Loading is timed in a second, fresh child, so its peak RSS
(resource.getrusage) is that of a process that only imports the core and loads the folder:
the parent stays small because getrusage's peak survives fork and exec. That child also
reports how much of the load went on Python's cyclic garbage collector, times a load with
the collector off (a diagnostic, not how the app loads), and takes tracemalloc's peak on a
separate load so tracing does not slow the timed one.

The table gives each step's time and cost per project, then how the time grows between
sizes relative to the data: 1.0 is linear, more is worse than linear.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = (1_000, 10_000, 100_000)
AS_OF = "2026-11-21"
REPEAT_UNDER = 10.0
"""Steps faster than this many seconds are run three times and the best time is kept."""

STEPS = {
    "load": "load_slate (YAML parse + validation)",
    "to_frame": "to_frame",
    "apply_filters": "apply_filters (typical filter)",
    "facet_counts": "facet_counts (4 facets)",
    "to_csv": "to_csv (all rows)",
}
DIAGNOSTICS = {
    "load_gc_seconds": "  of which cyclic GC",
    "load_gc_off": "  load_slate with GC off (diagnostic)",
}


def _peak_rss_mb() -> float:
    import resource

    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _best(step: Callable[[], Any]) -> tuple[float, Any]:
    """The best of three runs for a fast step, a single run for a slow one; and its result."""
    times: list[float] = []
    result = None
    while len(times) < 3 and not (times and times[0] >= REPEAT_UNDER):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def _child_steps(n: int, folder: str) -> dict[str, Any]:
    """Build and write the slate, then time the query and export steps on it."""
    import datetime as dt

    from slate.export import to_csv
    from slate.query import FACETS, Filters, apply_filters, facet_counts, to_frame
    from slate.synthetic import synthetic_slate, write_slate_folder

    as_of = dt.date.fromisoformat(AS_OF)
    # What a user typically narrows to: live projects, the next two years, a word searched.
    typical = Filters(
        statuses=("announced", "in_development", "pre_production", "filming"),
        year_from=2026,
        year_to=2027,
        text="spy",
    )
    start = time.perf_counter()
    slate = synthetic_slate(n)
    out: dict[str, Any] = {"generate": time.perf_counter() - start}
    files = write_slate_folder(slate, folder, files=max(1, n // 10_000))
    out["files"] = len(files)
    out["megabytes"] = sum(p.stat().st_size for p in files) / 2**20

    out["to_frame"], frame = _best(lambda: to_frame(slate, as_of))
    out["apply_filters"], shown = _best(lambda: apply_filters(frame, typical))
    out["rows_shown"] = len(shown)
    out["facet_counts"], _ = _best(lambda: [facet_counts(frame, typical, f) for f in FACETS])
    out["to_csv"], text = _best(lambda: to_csv(frame))
    out["csv_megabytes"] = len(text.encode("utf-8")) / 2**20
    return out


def _child_load(folder: str) -> dict[str, Any]:
    """Time a load as the app does it, then one with GC off, then trace a third."""
    import gc
    import tracemalloc

    from slate.load import load_slate

    in_gc = {"seconds": 0.0, "started": 0.0, "full": 0}

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            in_gc["started"] = time.perf_counter()
        else:
            in_gc["seconds"] += time.perf_counter() - in_gc["started"]
            in_gc["full"] += info["generation"] == 2

    rss_before = _peak_rss_mb()
    gc.callbacks.append(watch)
    start = time.perf_counter()
    slate = load_slate(folder)
    seconds = time.perf_counter() - start
    gc.callbacks.remove(watch)
    rss_after = _peak_rss_mb()
    projects = len(slate.projects)
    del slate
    gc.collect()

    gc.disable()
    try:
        start = time.perf_counter()
        load_slate(folder)
        gc_off = time.perf_counter() - start
        gc.collect()
        # The peak is the same with the collector on (loading makes no cyclic garbage);
        # leaving it off keeps the traced run from taking minutes at 100,000 projects.
        tracemalloc.start()
        kept = load_slate(folder)
        traced_kept, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
    finally:
        gc.enable()
    return {
        "projects": projects,
        "load": seconds,
        "load_gc_seconds": in_gc["seconds"],
        "load_full_collections": in_gc["full"],
        "load_gc_off": gc_off,
        "rss_before_mb": rss_before,
        "rss_peak_mb": rss_after,
        "traced_peak_mb": traced_peak / 2**20,
        "traced_kept_mb": traced_kept / 2**20,
    }


def _run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _measure(n: int, root: Path) -> dict[str, Any]:
    folder = root / f"slate-{n}"
    figures = _run_child("--child-steps", str(n), str(folder))
    load = _run_child("--child-load", str(folder))
    if load["projects"] != n:
        raise SystemExit(f"loaded {load['projects']} projects, wrote {n}")
    return {**figures, **load}


def _duration(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def _report(results: dict[int, dict[str, Any]]) -> list[str]:
    sizes = sorted(results)
    width = max(len(label) for label in [*STEPS.values(), *DIAGNOSTICS.values()]) + 2
    lines = [
        f"Slate core benchmark: synthetic slate, seed 42, flags as of {AS_OF}",
        "",
        "".ljust(width) + "".join(f"{f'{n:,} projects':>24}" for n in sizes),
        "".ljust(width) + "".join(f"{'time':>12}{'µs/project':>12}" for _ in sizes),
    ]
    for key, label in {**STEPS, **DIAGNOSTICS}.items():
        cells = [
            f"{_duration(results[n][key]):>12}{results[n][key] / n * 1e6:>12.1f}" for n in sizes
        ]
        lines.append(label.ljust(width) + "".join(cells))

    def row(label: str, show: Callable[[dict[str, Any]], str]) -> str:
        return label.ljust(width) + "".join(f"{show(results[n]):>12}{'':>12}" for n in sizes)

    lines += [
        "",
        row("full GC collections during load", lambda r: f"{r['load_full_collections']}"),
        row("peak RSS, loading process (MB)", lambda r: f"{r['rss_peak_mb']:.0f}"),
        row("  of which imports alone (MB)", lambda r: f"{r['rss_before_mb']:.0f}"),
        row("tracemalloc peak of load (MB)", lambda r: f"{r['traced_peak_mb']:.1f}"),
        row(
            "  per project (KB)",
            lambda r: f"{r['traced_peak_mb'] * 1024 / r['projects']:.1f}",
        ),
        row("  still held by the slate (MB)", lambda r: f"{r['traced_kept_mb']:.1f}"),
        "",
        row("YAML written (MB)", lambda r: f"{r['megabytes']:.1f}"),
        row("  in files", lambda r: f"{r['files']}"),
        row("generating it (s, not timed)", lambda r: f"{r['generate']:.1f}"),
        row("rows the typical filter keeps", lambda r: f"{r['rows_shown']:,}"),
        row("CSV of all rows (MB)", lambda r: f"{r['csv_megabytes']:.1f}"),
    ]
    if len(sizes) < 2:
        return lines

    pairs = list(itertools.pairwise(sizes))
    lines += [
        "",
        "Growth: time ratio between sizes (and that ratio over the size ratio: 1.0 = linear)",
        "".ljust(width) + "".join(f"{f'{a:,} -> {b:,}':>24}" for a, b in pairs),
    ]
    warnings = []
    for key, label in {**STEPS, **DIAGNOSTICS}.items():
        cells = []
        for a, b in pairs:
            ratio = results[b][key] / results[a][key]
            scaled = ratio / (b / a)
            cells.append(f"{f'x{ratio:.1f} ({scaled:.2f})':>24}")
            # Small sizes carry fixed costs, so only a clear excess on real time is flagged.
            if key in STEPS and scaled > 1.3 and results[b][key] > 0.5:
                warnings.append(f"{label}: {scaled:.1f}x worse than linear from {a:,} to {b:,}")
        lines.append(label.ljust(width) + "".join(cells))
    warnings += [
        f"{label}: {results[n][key]:.0f} s at {n:,} projects (over 30 s)"
        for n in sizes
        for key, label in STEPS.items()
        if results[n][key] > 30
    ]
    if warnings:
        lines.append("")
        lines += [f"WARNING: {w}" for w in warnings]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N")
    parser.add_argument("--child-steps", nargs=2, metavar=("N", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--child-load", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_steps:
        print(json.dumps(_child_steps(int(args.child_steps[0]), args.child_steps[1])))
        return 0
    if args.child_load:
        print(json.dumps(_child_load(args.child_load)))
        return 0

    results = {}
    with tempfile.TemporaryDirectory(prefix="slate-bench-") as tmp:
        for n in sorted(set(args.sizes)):
            print(f"measuring {n:,} projects ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            results[n] = _measure(n, Path(tmp))
            print(f"  done in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    print("\n".join(_report(results)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

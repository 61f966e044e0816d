"""Running the real CLI on untrusted data in a child process that cannot take the suite down.

The CLI gets 1 GiB of address space (RLIMIT_AS) and a time limit: a file that made the
loader build gigabytes dies of MemoryError with a traceback, one that made it loop is
killed, one that crashed libyaml ends on a signal, and each of these fails its own case
instead of the whole run.

A small launcher process starts the CLI and reports how it ended and its peak resident
memory (wait4). The launcher, not the test process, is the CLI's parent because a
process's peak memory counts what its parent held when it forked: under pytest every
case would weigh 200 MB before it began.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

MEMORY_CAP = 1 << 30
"""Address space for the CLI, in bytes: it and its imports need about 130 MB."""

TIME_CAP = 20.0
"""Seconds before the CLI is killed: a hang guard, far above the second a case takes."""

_LAUNCH = """
import os, resource, sys

cap, report = int(sys.argv[1]), int(sys.argv[2])
child = os.fork()
if child == 0:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    os.execv(sys.executable, [sys.executable, *sys.argv[3:]])
_, status, usage = os.wait4(child, 0)
os.write(report, f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}".encode())
"""

# Under root, chmod 000 stops nothing, and the CLI cannot drop to another user (the
# interpreter lives under /root). For a denied entry it gets the refusal a user would: the
# open or the listing of exactly that path fails with EACCES, where the loader makes it.
DENY_ENV = "SLATE_TEST_DENY"
_DENY_SHIM = f'''
import errno, os

_DENIED = {{
    os.path.realpath(p) for p in os.environ.get("{DENY_ENV}", "").split(os.pathsep) if p
}}


def _refusing(call):
    def guarded(path=".", *args, **kwargs):
        if os.path.realpath(path) in _DENIED:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return call(path, *args, **kwargs)

    return guarded


os.open = _refusing(os.open)
os.scandir = _refusing(os.scandir)
'''


@dataclass(frozen=True)
class Outcome:
    """How a capped run ended, and what it cost."""

    returncode: int
    """The exit code, or minus the signal that ended it (-11: a segfault, -9: killed)."""
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_rss_mb: float
    timed_out: bool

    @property
    def crashed(self) -> bool:
        return self.returncode < 0 and not self.timed_out


def run_cli(*argv: str, deny: tuple[Path, ...] = (), shim_dir: Path | None = None) -> Outcome:
    """`python -m slate ARGV` from the project folder, capped; `deny` paths are refused."""
    env = {k: v for k, v in os.environ.items() if k not in ("SLATE_DATA", "PYTHONPATH")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if deny and os.geteuid() == 0:
        assert shim_dir is not None, "a denied path under root needs a folder for the shim"
        (shim_dir / "sitecustomize.py").write_text(_DENY_SHIM, encoding="utf-8")
        env["PYTHONPATH"] = str(shim_dir)
        env[DENY_ENV] = os.pathsep.join(map(str, deny))
    report, report_end = os.pipe()
    start = time.perf_counter()
    launcher = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, str(MEMORY_CAP), str(report_end), "-m", "slate", *argv],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(report_end,),
        start_new_session=True,  # so that a hang is killed with the launcher's whole group
    )
    os.close(report_end)
    timed_out = False
    try:
        stdout, stderr = launcher.communicate(timeout=TIME_CAP)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(launcher.pid, signal.SIGKILL)
        stdout, stderr = launcher.communicate()
    seconds = time.perf_counter() - start
    with os.fdopen(report, "rb") as reader:
        ended = reader.read().split()
    returncode, peak_kb = (int(ended[0]), int(ended[1])) if ended else (-signal.SIGKILL, 0)
    return Outcome(
        returncode=returncode,
        stdout=stdout,
        stderr=stderr,
        seconds=seconds,
        peak_rss_mb=peak_kb / 1024,  # ru_maxrss is in kilobytes on Linux
        timed_out=timed_out,
    )

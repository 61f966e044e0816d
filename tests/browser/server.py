"""The real parts the browser tests and `make load` share: `streamlit run app.py` on a free
local port (SLATE_DATA pointing at the folder it serves), Debian's Chromium and its flags,
and how to tell from Streamlit's websocket that a run has finished. No pytest here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.serve import free_port, healthy

ROOT = Path(__file__).resolve().parent.parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
START_TIMEOUT_S = 60
CHROMIUM = Path("/usr/bin/chromium")
# Headless and offline: without the networking flags Chromium keeps trying Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class ServerError(RuntimeError):
    """The server exited or never became healthy; the message carries its output."""


def run_finished(payload: str | bytes) -> bool:
    """True for the websocket frame that says a script run is over."""
    if not isinstance(payload, bytes):
        return False
    message = ForwardMsg.FromString(payload)
    # A run cut short by st.rerun() is followed by the run that counts.
    return (
        message.WhichOneof("type") == "script_finished"
        and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
    )


@dataclass
class Server:
    """A running `streamlit run app.py` and where its output goes."""

    url: str
    data: Path
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            # The server runs in its own process group, so any child it forked stops too.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def start_server(
    data: Path,
    log: Path,
    *,
    script: str = "app.py",
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    port: int | None = None,
    options: tuple[str, ...] = (),
) -> Server:
    """`streamlit run` of `script` (the app unless told) on 127.0.0.1, `port` or a free one,
    serving the data folder `data`; returns once its health check answers."""
    port = port or free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", *options,
    ]  # fmt: skip
    env = {**os.environ, "SLATE_DATA": str(data), "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", data, process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not healthy(server.url):
        if process.poll() is not None or time.monotonic() > deadline:
            why = (
                f"exited with {process.returncode}"
                if process.returncode is not None
                else f"not healthy after {START_TIMEOUT_S} s"
            )
            server.stop()
            raise ServerError(f"streamlit server for {data} {why}; its output:\n{server.output()}")
        time.sleep(0.1)  # polling the health endpoint, not waiting on the app
    return server

"""`make run` as an operator starts it: reachable from this machine only unless asked, and
nothing sent off the machine while it starts."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _streamlit_command(*make_args: str) -> list[str]:
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    (line,) = [line for line in done.stdout.splitlines() if " run app.py" in line]
    return shlex.split(line)


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_make_run_listens_on_this_machine_only() -> None:
    assert _option(_streamlit_command(), "--server.address") == "127.0.0.1"


def test_the_operator_can_open_it_to_the_network() -> None:
    assert _option(_streamlit_command("HOST=0.0.0.0"), "--server.address") == "0.0.0.0"


# Streamlit's start-up banner, with the project's .streamlit/config.toml and the address
# `make run` passes: prints whether it asked checkip.amazonaws.com for the public address.
_START = """
import sys
from streamlit import net_util
from streamlit.web import bootstrap

asked = []
net_util.get_external_ip = lambda: asked.append(True) or "203.0.113.9"
bootstrap.load_config_options({"server.address": sys.argv[1]})
bootstrap._print_url(False)
print("asked for the external address" if asked else "asked nobody")
"""


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_starting_asks_no_outside_service_for_the_address(host: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _START, host],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.splitlines()[-1] == "asked nobody", done.stdout
    assert "203.0.113.9" not in done.stdout

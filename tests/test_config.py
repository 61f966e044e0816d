"""The server settings a public deployment relies on, read from .streamlit/config.toml."""

from __future__ import annotations

import tomllib

import pytest

from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

EXPECTED = [
    ("browser", "gatherUsageStats", False),
    ("client", "showErrorDetails", "none"),
    ("client", "disableDataExport", True),
    ("server", "enableXsrfProtection", True),
    # Set, even to its default: only then does Streamlit skip asking an outside service for
    # this machine's address at start.
    ("browser", "serverAddress", "localhost"),
]


@pytest.mark.parametrize(
    ("section", "key", "value"), EXPECTED, ids=[f"{s}.{k}" for s, k, _ in EXPECTED]
)
def test_hardened_setting(section: str, key: str, value: object) -> None:
    assert CONFIG[section][key] == value


def test_uploads_are_small() -> None:
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 10


def test_theme_is_set() -> None:
    assert {"primaryColor", "backgroundColor", "textColor"} <= set(CONFIG["theme"])


def test_streamlit_accepts_every_option() -> None:
    # A misspelt option is ignored by Streamlit with only a log line: check each is a real one.
    from streamlit import config

    known = set(config._config_options_template)
    for section, values in CONFIG.items():
        for key in values:
            assert f"{section}.{key}" in known, f"unknown Streamlit option {section}.{key}"

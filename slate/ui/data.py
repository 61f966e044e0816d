"""The one load boundary: the slate and its table, cached per data folder and file stamps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from slate.load import SlateError, data_folder, fingerprint, load_slate
from slate.models import Slate
from slate.query import to_frame


@dataclass(frozen=True)
class Loaded:
    """What the folder gave: a slate, or the list of problems that stopped it loading."""

    folder: Path
    stamp: tuple[tuple[str, int, int], ...]
    slate: Slate | None
    problems: tuple[str, ...]


@st.cache_data(show_spinner="Reading the slate…", max_entries=8)
def _load(
    folder: str, stamp: tuple[tuple[str, int, int], ...]
) -> tuple[Slate | None, tuple[str, ...]]:
    # `stamp` (file names, sizes, mtimes) is only a cache key: saving a file reloads it.
    del stamp
    try:
        return load_slate(folder), ()
    except SlateError as error:
        return None, tuple(str(p) for p in error.problems)


def load() -> Loaded:
    """The slate for $SLATE_DATA (else the built-in seeds), from the cache when unchanged."""
    folder = data_folder()
    stamp = fingerprint(folder)
    slate, problems = _load(str(folder), stamp)
    return Loaded(folder, stamp, slate, problems)


@st.cache_data(show_spinner="Building the table…", max_entries=16)
def frame(
    _slate: Slate, folder: str, stamp: tuple[tuple[str, int, int], ...], as_of: dt.date
) -> pd.DataFrame:
    """The slate as a table with flags as of a date; `_slate` is identified by folder+stamp."""
    return to_frame(_slate, as_of)

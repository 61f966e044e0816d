"""The one load boundary: the slate, its assessments and its table, cached per data folder,
file stamps and as-of day. Nothing here reads a widget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import streamlit as st

from slate.load import SlateError, data_folder, fingerprint, load_slate
from slate.models import Assessment, Slate
from slate.query import to_frame

Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Loaded:
    """What the folder gave: a slate, or the list of problems that stopped it loading."""

    folder: Path
    stamp: Stamp
    slate: Slate | None
    problems: tuple[str, ...]


# A resource, not data: a Slate is frozen, so every session can share the one object
# instead of unpickling its own copy on every run.
@st.cache_resource(show_spinner="Reading the slate…", max_entries=4)
def _load(folder: str, stamp: Stamp) -> tuple[Slate | None, tuple[str, ...]]:
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


@st.cache_resource(show_spinner="Weighing the sources against the date…", max_entries=16)
def _assessments(
    _slate: Slate, folder: str, stamp: Stamp, as_of: dt.date
) -> Mapping[str, Assessment]:
    return MappingProxyType(_slate.assess_all(as_of))


def assessments(loaded: Loaded, as_of: dt.date) -> Mapping[str, Assessment]:
    """Every project's assessment for a day (read-only, shared by every session)."""
    assert loaded.slate is not None
    return _assessments(loaded.slate, str(loaded.folder), loaded.stamp, as_of)


@st.cache_data(show_spinner="Building the table…", max_entries=16)
def _frame(_slate: Slate, folder: str, stamp: Stamp, as_of: dt.date) -> pd.DataFrame:
    assessed = _assessments(_slate, folder, stamp, as_of)
    return to_frame(_slate, as_of, dict(assessed))


def frame(loaded: Loaded, as_of: dt.date) -> pd.DataFrame:
    """The slate as a table with flags as of a day; `_slate` is identified by folder+stamp."""
    assert loaded.slate is not None
    return _frame(loaded.slate, str(loaded.folder), loaded.stamp, as_of)

"""The one load boundary: the slate, its assessments and its table, cached per data folder,
file stamps and as-of day. Nothing here reads a widget.

Everything is a shared resource, not per-session data: a table of 100,000 rows copied out
of a data cache on every rerun would cost more than the page. Pages treat what they get as
read-only (pandas copies on write). What no as-of day changes (the slate, the table's base
columns, the widgets' options) is built once per data; a day adds only its own columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from slate import cache
from slate.charts import project_rows
from slate.load import SlateError, data_folder, fingerprint, load_slate
from slate.models import Assessment, Slate
from slate.query import FACETS, Facet, Filters, base_frame, facet_counts, options, with_flags
from slate.timeline import Row
from slate.ui.filters import LONG_LIST

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
    return _slate.assess_all(as_of)


def assessments(loaded: Loaded, as_of: dt.date) -> Mapping[str, Assessment]:
    """Every project's assessment for a day (read-only, shared by every session)."""
    assert loaded.slate is not None
    return _assessments(loaded.slate, str(loaded.folder), loaded.stamp, as_of)


@st.cache_resource(show_spinner="Building the table…", max_entries=4)
def _base(_slate: Slate, folder: str, stamp: Stamp) -> pd.DataFrame:
    # Built once per data, across restarts too (slate.cache, authenticated like every entry).
    return cache.derived("table", _slate.content_key, lambda: base_frame(_slate))


def base(loaded: Loaded) -> pd.DataFrame:
    """The table's columns that no as-of day changes (read-only, shared)."""
    assert loaded.slate is not None
    return _base(loaded.slate, str(loaded.folder), loaded.stamp)


@st.cache_resource(show_spinner="Flagging the table for the day…", max_entries=16)
def _frame(_slate: Slate, folder: str, stamp: Stamp, as_of: dt.date) -> pd.DataFrame:
    assessed = _assessments(_slate, folder, stamp, as_of)
    return with_flags(_base(_slate, folder, stamp), _slate, as_of, assessed)


def frame(loaded: Loaded, as_of: dt.date) -> pd.DataFrame:
    """The slate as a table with flags as of a day; `_slate` is identified by folder+stamp."""
    assert loaded.slate is not None
    return _frame(loaded.slate, str(loaded.folder), loaded.stamp, as_of)


@st.cache_resource(max_entries=4)
def _options(_slate: Slate, folder: str, stamp: Stamp) -> dict[Facet, list[str]]:
    table = _base(_slate, folder, stamp)
    # Most frequent first for a list too long to offer whole (filters.LONG_LIST); in the
    # widgets' own order otherwise.
    out = {}
    for facet in FACETS:
        values = options(table, facet)
        if len(values) > LONG_LIST:
            values = list(facet_counts(table, Filters(), facet))
        out[facet] = values
    return out


def choices(loaded: Loaded) -> Mapping[Facet, list[str]]:
    """Every value each facet can take in the whole slate (the widgets' options)."""
    assert loaded.slate is not None
    return _options(loaded.slate, str(loaded.folder), loaded.stamp)


# Small results, so plain data: the counts under each filter, computed once for everyone
# who picks the same filters (facets do not depend on the as-of day).
@st.cache_data(show_spinner=False, max_entries=256)
def _counts(
    _slate: Slate, folder: str, stamp: Stamp, filters: Filters
) -> dict[Facet, dict[str, int]]:
    table = _base(_slate, folder, stamp)
    return {facet: facet_counts(table, filters, facet) for facet in FACETS}


def counts(loaded: Loaded, filters: Filters) -> Mapping[Facet, dict[str, int]]:
    """How many projects each facet value would show under the other filters."""
    assert loaded.slate is not None
    return _counts(loaded.slate, str(loaded.folder), loaded.stamp, filters)


@st.cache_resource(show_spinner="Working out each project's history for the day…", max_entries=8)
def _rows(_slate: Slate, folder: str, stamp: Stamp, as_of: dt.date) -> dict[str, Row]:
    key = f"{_slate.content_key}:{as_of}" if _slate.content_key else None
    return cache.derived(
        "gantt-rows",
        key,
        lambda: project_rows(_slate, as_of, _assessments(_slate, folder, stamp, as_of)),
    )


def gantt_rows(loaded: Loaded, as_of: dt.date) -> Mapping[str, Row]:
    """Every project's Gantt row for a day (shared: a filter change redraws, not rebuilds)."""
    assert loaded.slate is not None
    return _rows(loaded.slate, str(loaded.folder), loaded.stamp, as_of)

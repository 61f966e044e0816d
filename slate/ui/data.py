"""The one load boundary: the slate, the slate as known on a day, its assessments and its
table, cached per data (a folder's files, or a tab's uploads on top of or instead of them)
and as-of day. Nothing here reads a widget; the tab's uploads come in as an argument.

Everything is a shared resource, not per-session data: a table of 100,000 rows copied out
of a data cache on every rerun would cost more than the page. Pages treat what they get as
read-only (pandas copies on write). What no as-of day changes (the slate, the table of
everything known, the widgets' options) is built once per data; a day adds its flags, and
re-makes only the rows of projects its sources told otherwise then."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from slate import cache
from slate.assess import Assessments, assess_day
from slate.charts import project_rows
from slate.knowledge import Day
from slate.load import (
    Document,
    Problem,
    SlateError,
    content_hash,
    data_folder,
    fingerprint,
    load_documents,
    load_slate,
)
from slate.models import Slate
from slate.query import FACETS, Facet, Filters, base_frame, day_frame, facet_counts, options
from slate.timeline import Row
from slate.ui.filters import LONG_LIST, today

Stamp = tuple[tuple[str, int, int], ...]
Key = tuple[str, Stamp, str]
"""Which data a slate is: its folder, the folder's file stamps, and a tab's uploads."""
_MADE_FROM = re.compile(r" \((rows loaded|its records)\)$")


@dataclass(frozen=True)
class Uploads:
    """A tab's own data: files it uploaded, added to the folder's slate or replacing it."""

    documents: tuple[Document, ...] = ()
    replace: bool = False

    @property
    def names(self) -> list[str]:
        """The uploaded files' names (a CSV or JSON export is loaded as records made from
        it, named after it: the file's own name is what the user knows)."""
        return list(dict.fromkeys(_MADE_FROM.sub("", name) for name, _ in self.documents))

    def key(self) -> str:
        """A digest of the uploads: the cache key, and nothing a reader could use."""
        digest = hashlib.sha256(b"replace" if self.replace else b"add")
        for name, data in self.documents:
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


@dataclass(frozen=True)
class Loaded:
    """What the data gave: a slate, or the list of problems that stopped it loading."""

    folder: Path
    stamp: Stamp
    slate: Slate | None
    problems: tuple[Problem, ...]
    uploads: Uploads = field(default_factory=Uploads)

    @property
    def key(self) -> Key:
        """Which data this is, for the caches below."""
        return (str(self.folder), self.stamp, self.uploads.key() if self.uploads.documents else "")


# A resource, not data: a Slate is frozen, so every session can share the one object
# instead of unpickling its own copy on every run.
@st.cache_resource(show_spinner="Reading the slate…", max_entries=8)
def _load(
    folder: str, stamp: Stamp, uploads_key: str, _uploads: Uploads
) -> tuple[Slate | None, tuple[Problem, ...]]:
    # `stamp` (file names, sizes, mtimes) and `uploads_key` are only cache keys: saving a
    # file reloads it, and a tab's uploads are cached by their digest.
    del stamp, uploads_key
    try:
        if _uploads.replace:
            return load_documents(_uploads.documents), ()
        return load_slate(folder, extra=_uploads.documents), ()
    except SlateError as error:
        return None, tuple(error.problems)


def load(uploads: Uploads | None = None) -> Loaded:
    """The slate for $SLATE_DATA (else the built-in seeds), with a tab's uploads if any,
    from the cache when unchanged."""
    folder = data_folder()
    stamp = fingerprint(folder)
    uploads = uploads or Uploads()
    slate, problems = _load(str(folder), stamp, uploads.key(), uploads)
    return Loaded(folder, stamp, slate, problems, uploads)


def check(loaded: Loaded, documents: Sequence[Document]) -> tuple[Slate | None, list[Problem]]:
    """The slate on screen with more documents in it (a report being written, an upload
    being considered), or the problems that stop it. Not cached: it changes as one types."""
    try:
        if loaded.uploads.replace:
            slate = load_documents([*loaded.uploads.documents, *documents])
        else:
            slate = load_slate(loaded.folder, extra=[*loaded.uploads.documents, *documents])
    except SlateError as error:
        return None, error.problems
    return slate, []


# Every cache of a day is keyed by today's date too: a day on or after today counts every
# source, one before it only those certainly out, so the same day reads differently once
# midnight passes.
@st.cache_resource(show_spinner="Reading what the sources had said by the day…", max_entries=16)
def _day(_slate: Slate, key: Key, as_of: dt.date, today: dt.date) -> Day:
    return Day.of(_slate, as_of, today)


def day(loaded: Loaded, as_of: dt.date) -> Day:
    """The slate as its sources told it on a day (read-only, shared by every session)."""
    assert loaded.slate is not None
    return _day(loaded.slate, loaded.key, as_of, today())


@st.cache_resource(show_spinner="Weighing the sources against the date…", max_entries=16)
def _assessments(_slate: Slate, key: Key, as_of: dt.date, today: dt.date) -> Assessments:
    return assess_day(_day(_slate, key, as_of, today))


def assessments(loaded: Loaded, as_of: dt.date) -> Assessments:
    """Every project on a day's slate, assessed (read-only, shared by every session)."""
    assert loaded.slate is not None
    return _assessments(loaded.slate, loaded.key, as_of, today())


@st.cache_resource(show_spinner="Building the table…", max_entries=4)
def _base(_slate: Slate, key: Key) -> pd.DataFrame:
    # Built once per data, across restarts too (slate.cache, authenticated like every entry).
    return cache.derived("table", _slate.content_key, lambda: base_frame(_slate))


def base(loaded: Loaded) -> pd.DataFrame:
    """The table of everything known, without a day's flags (read-only, shared)."""
    assert loaded.slate is not None
    return _base(loaded.slate, loaded.key)


@st.cache_resource(show_spinner="Flagging the table for the day…", max_entries=16)
def _frame(_slate: Slate, key: Key, as_of: dt.date, today: dt.date) -> pd.DataFrame:
    return day_frame(
        _day(_slate, key, as_of, today),
        _base(_slate, key),
        _assessments(_slate, key, as_of, today),
    )


def frame(loaded: Loaded, as_of: dt.date) -> pd.DataFrame:
    """The slate as its sources told it on a day, as a table with that day's flags."""
    assert loaded.slate is not None
    return _frame(loaded.slate, loaded.key, as_of, today())


@st.cache_resource(max_entries=4)
def _options(_slate: Slate, key: Key) -> dict[Facet, list[str]]:
    table = _base(_slate, key)
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
    return _options(loaded.slate, loaded.key)


# Small results, so plain data: the counts under each filter and day, computed once for
# everyone who picks the same (a day can change a project's status, or leave it out).
@st.cache_data(show_spinner=False, max_entries=256)
def _counts(
    _slate: Slate, key: Key, as_of: dt.date, today: dt.date, filters: Filters
) -> dict[Facet, dict[str, int]]:
    table = _frame(_slate, key, as_of, today)
    return {facet: facet_counts(table, filters, facet) for facet in FACETS}


def counts(loaded: Loaded, filters: Filters, as_of: dt.date) -> Mapping[Facet, dict[str, int]]:
    """How many projects of a day's slate each facet value would show under the other
    filters."""
    assert loaded.slate is not None
    return _counts(loaded.slate, loaded.key, as_of, today(), filters)


@st.cache_resource(show_spinner="Working out each project's history for the day…", max_entries=8)
def _rows(_slate: Slate, key: Key, as_of: dt.date, today: dt.date) -> dict[str, Row]:
    # Kept across restarts for the day, and for whether every source counts on it.
    whole = "all" if as_of >= today else "out"
    stored = f"{_slate.content_key}:{as_of}:{whole}" if _slate.content_key else None
    return cache.derived(
        "gantt-rows", stored, lambda: project_rows(_assessments(_slate, key, as_of, today))
    )


def gantt_rows(loaded: Loaded, as_of: dt.date) -> Mapping[str, Row]:
    """Every project's Gantt row for a day (shared: a filter change redraws, not rebuilds)."""
    assert loaded.slate is not None
    return _rows(loaded.slate, loaded.key, as_of, today())


@st.cache_resource(max_entries=8)
def _digest(folder: str, stamp: Stamp) -> str:
    del stamp  # a cache key: a saved file changes it
    return content_hash(folder)


def content_digest(loaded: Loaded) -> str:
    """The data folder's content hash, worked out once per version of its files."""
    return _digest(str(loaded.folder), loaded.stamp)

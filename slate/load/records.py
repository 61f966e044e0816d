"""What a data file holds, whichever reader reads it: a mapping whose keys each list one kind
of record, nested no deeper than a slate needs; and the words for a file that holds
something else, so that YAML and JSON files are told the same."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter

from slate.load.problems import Problem
from slate.models import Claim, Event, EventClaim, Project, Source

__all__ = [
    "EMPTY_FILE",
    "KEYS",
    "MAX_DEPTH",
    "NOT_A_LIST",
    "NOT_A_MAPPING",
    "RECORDS",
    "UNKNOWN_KEY",
    "Records",
    "too_deep",
]

RECORDS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "projects": Project,
    "events": Event,
    # A report: claims about projects, from files of their own (slate.claims merges them).
    "updates": Claim,
    # A report's claims about events: happened, still planned, moved or called off.
    "event_updates": EventClaim,
}
"""A data file's keys and the record each one lists: one line per kind of record."""
KEYS: dict[str, TypeAdapter[Any]] = {
    key: TypeAdapter(list[t])  # type: ignore[valid-type]
    for key, t in RECORDS.items()
}
"""Each key's validator, for the list of records under it."""

Records = dict[str, list[Any]]
"""Validated records by key (sources, projects, events, updates), in file order."""

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused. A slate needs 6 (a credit's
sources); libyaml composes nodes recursively, and thousands of levels crash the process."""

EMPTY_FILE = "empty file: expected keys sources, projects, events, updates or event_updates"
NOT_A_MAPPING = "expected a mapping with keys sources, projects, events, updates or event_updates"
NOT_A_LIST = "expected a list of records"
UNKNOWN_KEY = f"unknown key (expected one of: {', '.join(KEYS)})"


def too_deep(name: str, line: int) -> Problem:
    message = f"lists and mappings nested more than {MAX_DEPTH} deep (a slate needs 6): not read"
    return Problem(name, line, "", message)

"""What a data file holds, whichever reader reads it: a mapping whose keys each list one kind
of record, nested no deeper than a slate needs, and may name whose slate it is (`subject`);
and the words for a file that holds something else, so that YAML and JSON files are told
the same."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, TypeAdapter

from slate.load.problems import Problem
from slate.models import Claim, Event, EventClaim, Name, Project, Source

__all__ = [
    "EMPTY_FILE",
    "KEYS",
    "MAX_DEPTH",
    "NOT_A_LIST",
    "NOT_A_MAPPING",
    "RECORDS",
    "SUBJECT",
    "UNKNOWN_KEY",
    "Records",
    "Subject",
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
"""A data file's keys that list records, and the record each one lists: one line per kind."""

SUBJECT = "subject"
"""The key that names whose slate the data is (`Slate.subject`): one name, not a list."""


def _one(name: str) -> list[str]:
    return [name]


Subject = Annotated[Name, AfterValidator(_one)]
"""A file's `subject`, read as a list of one: the loader gathers each file's naming with the
file it came from, as it gathers records, so the file that names another subject than the
others can be told at its line."""

KEYS: dict[str, TypeAdapter[Any]] = {
    SUBJECT: TypeAdapter(Subject),
    **{key: TypeAdapter(list[t]) for key, t in RECORDS.items()},  # type: ignore[valid-type]
}
"""Each key's validator, into a list: the records under it, or the subject it names."""

Records = dict[str, list[Any]]
"""Validated records by key (sources, projects, events, updates), in file order, and the
subject as a list of one where the file names it."""

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused. A slate needs 6 (a credit's
sources); libyaml composes nodes recursively, and thousands of levels crash the process."""

_EXPECTED = f"{', '.join(list(KEYS)[:-1])} or {list(KEYS)[-1]}"
EMPTY_FILE = f"empty file: expected keys {_EXPECTED}"
NOT_A_MAPPING = f"expected a mapping with keys {_EXPECTED}"
NOT_A_LIST = "expected a list of records"
UNKNOWN_KEY = f"unknown key (expected one of: {', '.join(KEYS)})"


def too_deep(name: str, line: int) -> Problem:
    message = f"lists and mappings nested more than {MAX_DEPTH} deep (a slate needs 6): not read"
    return Problem(name, line, "", message)

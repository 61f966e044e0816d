"""What the loader reports: a `Problem` (file, line, field, message), and `SlateError`, which
carries every problem found in a folder at once.

A problem travels as this object from the loader to the page: a page that words a problem
its own way reads its parts (and `loc`, the field as a path), never its printed text.

The files may come from anyone, so what a problem echoes of them is escaped and cut short
when the problem is made: it cannot drive a terminal, reorder a line on a page, or grow
without bound, however it travels (printed by the CLI, listed on a page)."""

from __future__ import annotations

import dataclasses
import difflib
import re
import reprlib
import types
import typing
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from slate.dates import FuzzyDateError
from slate.models import Loc, dotted
from slate.words import plural

__all__ = ["Problem", "SlateError", "fields_at", "inert", "validation_message"]

# Characters that would act instead of showing: C0 and C1 controls and DEL (a terminal's
# escape sequences, line breaks that split a problem in two), bidirectional marks,
# embeddings, overrides and isolates (which reorder the text around them), the Unicode line
# and paragraph separators, and lone surrogates (undecodable bytes in a file name, which a
# web page cannot carry).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_FIELD_CHARS = 200
_MESSAGE_CHARS = 1000
_EXCERPT_CHARS = 120


def inert(text: str) -> str:
    """`text` with every character that could act on a terminal or reorder a line shown as a
    visible escape (`\\x1b`, `\\u202e`); everything else, accents and scripts, unchanged."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _EXCERPT_CHARS
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 3
_REPR.maxlevel = 2


def _excerpt(value: object) -> str:
    """A value as a problem quotes it: its repr, cut short however large or deep it is."""
    return _clip(_REPR.repr(value), _EXCERPT_CHARS)


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, and where (line 0: the file or folder as a whole).

    Every part is made inert and cut to a bounded length when the problem is made, so its
    text is safe to print to a terminal or put on a page, whatever the data held."""

    file: str
    line: int
    field: str
    """The field as people read it (`updates[0].date`); "" for the file as a whole."""
    message: str
    loc: Loc = dataclasses.field(default=(), compare=False)
    """The same field as a path of keys and list positions (`("updates", 0, "date")`), for a
    problem made `at` a record's field; () otherwise."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", inert(self.file))
        object.__setattr__(self, "field", _clip(inert(self.field), _FIELD_CHARS))
        object.__setattr__(self, "message", _clip(inert(self.message), _MESSAGE_CHARS))
        if self.loc:
            safe = tuple(
                _clip(inert(p), _FIELD_CHARS) if isinstance(p, str) else p for p in self.loc
            )
            object.__setattr__(self, "loc", safe)

    @classmethod
    def at(cls, file: str, line: int, loc: Loc, message: str) -> Problem:
        """A problem with the field at `loc` (a pydantic location) in a file's records."""
        return cls(file, line, dotted(loc), message, loc)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class SlateError(Exception):
    """The folder does not hold a valid slate: `.problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{plural(count, 'problem')} in the slate data"
        super().__init__("\n".join([head, *map(str, self.problems)]))


def fields_at(records: Mapping[str, type[BaseModel]], loc: Loc) -> Collection[str]:
    """The field names of the record that holds the field at `loc` (a pydantic location in
    a file: `("projects", 3, "directors", 0, "nmae")` is in a Credit), given the record each
    of a file's keys lists; none where no record holds it."""
    model = records.get(loc[0]) if loc and isinstance(loc[0], str) else None
    for part in loc[1:-1]:
        if model is None:
            return ()
        if isinstance(part, int):
            continue  # an item of the list the last field held
        field = model.model_fields.get(part)
        model = _record_in(field.annotation) if field is not None else None
    return model.model_fields.keys() if model is not None else ()


def _record_in(annotation: Any) -> type[BaseModel] | None:
    """The record a field holds, alone or in a list (`list[Credit]`, `Update | None`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for inner in typing.get_args(annotation):
            found = _record_in(inner)
            if found is not None:
                return found
    return None


_UNKNOWN_FIELD = "unknown field (a typo? fields are listed in seeds/schema.json)"


def _unknown_field(name: object, fields: Collection[str]) -> str:
    # A key longer than any field is no slip for one: not matched, however long it is.
    if not isinstance(name, str) or not fields or len(name) > 100:
        return _UNKNOWN_FIELD
    close = difflib.get_close_matches(name, fields, n=1)
    if not close:
        return _UNKNOWN_FIELD
    return f"unknown field {_excerpt(name)}; did you mean {close[0]!r}?"


def validation_message(detail: Any, fields: Collection[str] = ()) -> str:
    """One of pydantic's error details in the loader's words, quoting the value it refused
    cut short; an unknown field is offered the closest of `fields`, the names its record
    has (`fields_at`)."""
    kind, message, value = detail["type"], detail["msg"], detail.get("input")
    if kind == "extra_forbidden":
        loc = detail.get("loc") or ("",)
        return _unknown_field(loc[-1], fields)
    if kind == "missing":
        return "missing required field"
    if kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"{_excerpt(value)} is not one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{_excerpt(value)} is not an id: use lower-case letters, digits and hyphens"
    if kind == "value_error":
        cause = detail.get("ctx", {}).get("error")
        if isinstance(cause, FuzzyDateError):
            # Its own message quotes the whole text, which may be megabytes long.
            return f"not an EDTF date: {_excerpt(cause.text)} ({cause.reason})"
        return message.removeprefix("Value error, ")
    return message

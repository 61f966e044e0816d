"""The JSON reader: one file's bytes into validated records, or its problems, each at its
line.

pydantic validates a JSON file straight from its bytes, without building Python data
first. Only a file with a problem is read again, to place each problem at its line: it is
walked along each problem's location with Python's JSON scanner, after a check that it
nests no deeper than a slate could.
"""

from __future__ import annotations

import bisect
import json
import json.scanner
import re

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from slate.load.files import decode
from slate.load.problems import Problem, fields_at, validation_message
from slate.load.records import (
    EMPTY_FILE,
    KEYS,
    MAX_DEPTH,
    NOT_A_LIST,
    NOT_A_MAPPING,
    RECORDS,
    SUBJECT,
    UNKNOWN_KEY,
    Records,
    Subject,
    too_deep,
)
from slate.models import Loc

__all__ = ["JsonPlaces", "json_records"]

# A JSON file is validated in one call, keys and all, from its bytes: the same keys, each
# optional, and nothing else.
_JSON_FILE: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "DataFile",
    __config__=ConfigDict(extra="forbid"),
    **{SUBJECT: (Subject | None, None)},
    **{key: (list[t] | None, None) for key, t in RECORDS.items()},  # type: ignore[valid-type]
)


def json_records(raw: bytes, name: str, problems: list[Problem]) -> Records | None:
    """A JSON file's records, validated straight from its bytes by pydantic. With problems
    noted, its records as written, so the ids they name can still be checked (None if it
    holds none to read): only a file with a problem is read a second time, by Python's
    parser, to place each problem at its line and to read its records."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        # A file's sources tell its claims when "next year" was written (its sources
        # come first in the file's model, so they are read first).
        parsed = _JSON_FILE.model_validate_json(body, context={"published": {}})
    except ValidationError as error:
        found, written = _json_problems(raw, name, error)
        problems.extend(found)
        return written
    return {key: value for key in KEYS if (value := getattr(parsed, key)) is not None}


_JSON_WHERE = re.compile(r" at line (\d+) column \d+$")


def _json_problems(
    raw: bytes, name: str, error: ValidationError
) -> tuple[list[Problem], Records | None]:
    """A failing file's problems, each at its line, and its records as written (None where
    it is not JSON, or not a mapping)."""
    problems: list[Problem] = []
    text = decode(raw, name, problems)
    if text is None:
        return problems, None
    if not text.strip():
        return [Problem(name, 1, "", EMPTY_FILE)], None
    deep = _json_too_deep(text)
    if deep is not None:
        return [too_deep(name, deep)], None
    places = JsonPlaces(text)
    details = error.errors(include_url=False)
    written = None
    if not any(detail["type"] == "json_invalid" for detail in details):
        written = _written(text)
    for detail in details:
        loc, kind = tuple(detail["loc"]), detail["type"]
        if kind == "json_invalid":
            said = str(detail.get("ctx", {}).get("error", detail["msg"]))
            where = _JSON_WHERE.search(said)
            problems.append(
                Problem(
                    name,
                    int(where[1]) if where else 1,
                    "",
                    f"JSON syntax: {_JSON_WHERE.sub('', said)}",
                )
            )
        elif not loc:
            problems.append(Problem(name, places.line(()), "", NOT_A_MAPPING))
        elif len(loc) == 1 and kind == "extra_forbidden":
            line = places.line(loc, key_of_last=True)
            problems.append(Problem(name, line, str(loc[0]), UNKNOWN_KEY))
        elif len(loc) == 1 and kind == "list_type":
            problems.append(Problem(name, places.line(loc), str(loc[0]), NOT_A_LIST))
        else:
            line = places.line(loc, key_of_last=kind == "extra_forbidden")
            fields = fields_at(RECORDS, loc) if kind == "extra_forbidden" else ()
            problems.append(Problem.at(name, line, loc, validation_message(detail, fields)))
    return problems, written


def _written(text: str) -> Records | None:
    """The lists of records a JSON text holds, as written (Python's parser, on a text that
    pydantic's has read and found nested no deeper than a slate)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # a number past Python's 4,300 digits, say
        return None
    if not isinstance(data, dict):
        return None
    return {key: value for key in KEYS if isinstance(value := data.get(key), list)}


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_too_deep(text: str) -> int | None:
    """The line where a JSON file nests deeper than MAX_DEPTH, if it does (as for YAML: a
    slate needs 6, and pydantic's own parser stops at 200 with a less helpful message)."""
    if len(_JSON_BRACKET.findall(text)) <= MAX_DEPTH:
        return None
    depth = 0
    plain = _JSON_STRING.sub('""', text) if '"' in text else text
    for match in _JSON_BRACKET.finditer(plain):
        depth += 1 if match[0] in "[{" else -1
        if depth > MAX_DEPTH:
            # Strings were shortened, never their line breaks (JSON strings hold none raw).
            return plain.count("\n", 0, match.start()) + 1
    return None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


class JsonPlaces:
    """Where a pydantic location lies in a JSON text, found by walking the text along the
    location only: each value beside the way is skipped by Python's JSON scanner, and
    each list or mapping walked is indexed once, so many problems in one file cost one
    pass. A duplicate key resolves to its last occurrence, the one pydantic read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._children: dict[int, dict[str | int, tuple[int, int]]] = {}
        self._breaks: list[int] | None = None

    def line(self, loc: Loc, key_of_last: bool = False) -> int:
        return self._line_of(self._position(loc, key_of_last))

    def _line_of(self, position: int) -> int:
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._breaks, position - 1) + 1

    def _skip(self, at: int) -> int:
        return _JSON_SPACE.match(self.text, at).end()  # type: ignore[union-attr]

    def _position(self, loc: Loc, key_of_last: bool) -> int:
        at = self._skip(0)
        for depth, part in enumerate(loc):
            try:
                children = self._index(at)
            except (StopIteration, ValueError, IndexError):
                return at
            if part not in children:
                return at
            key_at, value_at = children[part]
            at = key_at if key_of_last and depth == len(loc) - 1 else value_at
        return at

    def _index(self, at: int) -> dict[str | int, tuple[int, int]]:
        """A list's items or a mapping's keys at `at`: each one's (key place, value place)."""
        if at in self._children:
            return self._children[at]
        text, children = self.text, {}
        opening = text[at : at + 1]
        if opening in ("[", "{"):
            closing = "]" if opening == "[" else "}"
            i = self._skip(at + 1)
            count = 0
            while text[i : i + 1] != closing:
                key_at = i
                key: str | int = count
                if opening == "{":
                    key, i = _JSON_SCAN(text, i)
                    i = self._skip(i)
                    if text[i] != ":":
                        raise ValueError("expected ':'")
                    i = self._skip(i + 1)
                children[key] = (key_at, i)
                _, i = _JSON_SCAN(text, i)
                i = self._skip(i)
                count += 1
                if text[i : i + 1] == ",":
                    i = self._skip(i + 1)
                elif text[i : i + 1] != closing:
                    raise ValueError("expected ',' or a closing bracket")
        self._children[at] = children
        return children

"""The YAML reader: one file's bytes into validated records, or its problems, each at its
line.

A file is parsed once into its node tree and its data together: the tree gives a problem
its line, and is dropped before validation (it is ten times the data's size), to be made
again only for a file whose records have problems. A machine-written file, with no
anchors, tags or odd keys, is built by a fast path that gives the very data PyYAML's
generic constructor would.

The files may come from anyone: a file nested deeper than any slate needs, or whose
aliases would repeat more than a little data, is refused before it is built (the shape
check below); keys are taken as the text written; a duplicate key, which plain YAML
silently overwrites, is a problem.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import ValidationError

from slate.load.files import decode
from slate.load.problems import Problem, fields_at, validation_message
from slate.load.records import (
    EMPTY_FILE,
    KEYS,
    MAX_DEPTH,
    NOT_A_LIST,
    NOT_A_MAPPING,
    RECORDS,
    UNKNOWN_KEY,
    Records,
    too_deep,
)
from slate.models import Loc

__all__ = ["ALIAS_BUDGET", "line_at", "read_yaml", "yaml_records"]

ALIAS_BUDGET = 10_000
"""How much data the aliases in one file may repeat in all, counted as one per list, mapping
or value plus one per character of text. A few short repeats fit; a "billion laughs" file,
whose aliases nest to repeat a value billions of times, is refused at the alias that
crosses it."""

# libyaml's parser is several times faster on large slates; the pure one is a fallback.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader for untrusted slates.

    Keys are taken as the text written (`1:` is the key "1"); a key that is a list or a
    mapping is noted and dropped, as is a duplicate key, which plain YAML silently
    overwrites. Timestamps stay text, so a date reaches FuzzyDate as written whatever its
    quoting (`2026-02-30` gets FuzzyDate's message, not a crash in PyYAML's date code), and
    a number too long for Python to read is a problem at its line."""

    duplicates: list[yaml.Node]
    bad_keys: list[yaml.Node]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Duplicates are looked for among the keys written here, before `<<` merges in keys
        # that these may override.
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                if key_node.value in seen:
                    self.duplicates.append(key_node)
                seen.add(key_node.value)
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.bad_keys.append(key_node)
                continue
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return int(super().construct_yaml_int(node))
        except ValueError:  # past Python's 4,300-digit limit on reading an int
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a number {len(node.value)} characters long is too long to read;"
                " quote it if it is text",
                node.start_mark,
            ) from None


_MERGE = "tag:yaml.org,2002:merge"
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def read_yaml(
    raw: bytes, name: str, problems: list[Problem]
) -> tuple[yaml.MappingNode, dict[str, Any]] | None:
    """Parse one YAML file into its node tree (for line numbers) and its data."""
    text = decode(raw, name, problems)
    return None if text is None else _parse(text, name, problems)


def yaml_records(raw: bytes, name: str, problems: list[Problem]) -> Records | None:
    """A YAML file's records, validated if it has no problems; with problems noted, its
    records as far as they were read (a key whose records failed as written), so the ids
    they name can still be checked; None if it holds no records to read."""
    document = read_yaml(raw, name, problems)
    if document is None:
        return None
    node, data = document
    del document
    keys: list[str] = []
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # reported while the file was built
        key = key_node.value
        if key not in KEYS:
            problems.append(Problem(name, _line(key_node), key, UNKNOWN_KEY))
        elif data.get(key) is not None:
            keys.append(key)
    # The node tree is ten times the size of the data: dropped before validation, and made
    # again only for a file whose records have problems.
    del node
    out: Records = {}
    failed: list[tuple[str, ValidationError]] = []
    # A file's sources tell its claims when "next year" was written (slate.models._anchor).
    context: dict[str, Any] = {"published": {}}
    for key in keys:
        try:
            out[key] = KEYS[key].validate_python(data[key], context=context)
        except ValidationError as invalid:
            failed.append((key, invalid))
            out[key] = data[key]
        data[key] = None
    if failed:
        document = read_yaml(raw, name, [])
        for key, errors in failed:
            value_node = _node_at(document[0], (key,)) if document else None
            problems.extend(_from_pydantic(errors, name, (key,), value_node))
    return out


def _parse(
    text: str, name: str, problems: list[Problem]
) -> tuple[yaml.MappingNode, dict[str, Any]] | None:
    """Parse one file's text into its node tree and its data, in one pass."""
    shaped = _may_be_deep_or_aliased(text)
    if shaped:
        refused = _shape_problem(text, name)
        if refused is not None:
            problems.append(refused)
            return None
    loader = _Loader(text)
    loader.duplicates = []
    loader.bad_keys = []
    try:
        node = loader.get_single_node()
        if node is None:
            problems.append(Problem(name, 1, "", EMPTY_FILE))
            return None
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(name, _line(node), "", NOT_A_MAPPING))
            return None
        data = None
        if not shaped:
            with contextlib.suppress(_NotPlain):
                data = _plain(node, loader)
        if data is None:  # the root is a mapping: the fast way gives a dict or gives up
            data = loader.construct_document(node)
    except yaml.reader.ReaderError as error:
        problems.append(_unprintable(text, name, error))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(str(x) for x in (error.context, error.problem) if x)
        kind = "YAML" if isinstance(error, yaml.constructor.ConstructorError) else "YAML syntax"
        problems.append(Problem(name, line, "", f"{kind}: {message}"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(name, 1, "", f"YAML: {error}"))
        return None
    finally:
        loader.dispose()
    for key_node in loader.bad_keys:
        problems.append(
            Problem(name, _line(key_node), "", "a key must be plain text, not a list or mapping")
        )
    for key_node in loader.duplicates:
        problems.append(
            Problem(
                name,
                _line(key_node),
                str(key_node.value),
                "duplicate key: the earlier value would be lost",
            )
        )
    for key_node, value_node in node.value:
        records = (
            isinstance(key_node, yaml.ScalarNode)
            and key_node.value in RECORDS
            and data.get(key_node.value) is not None
        )
        if records and not isinstance(value_node, yaml.SequenceNode):
            problems.append(Problem(name, _line(value_node), str(key_node.value), NOT_A_LIST))
            data[key_node.value] = None
    return node, data


class _NotPlain(Exception):
    """A node tree that only PyYAML's own constructor can build faithfully."""


_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_SCALARS = {
    "tag:yaml.org,2002:int": _Loader.construct_yaml_int,
    "tag:yaml.org,2002:bool": _Loader.construct_yaml_bool,
    "tag:yaml.org,2002:float": _Loader.construct_yaml_float,
}


def _plain(node: yaml.Node, loader: _Loader) -> Any:
    """The data of a node tree with no anchors, merge keys, duplicate or non-text keys or
    explicit tags (every slate a program writes), built without PyYAML's generic
    constructor, which costs twice the parse itself; the same data it would build. Anything
    else raises _NotPlain, and the file is built the careful way. Only called on text the
    shape check cleared, so the recursion is shallow."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):  # dates stay the text written
            return node.value
        if tag == _NULL:
            return None
        construct = _SCALARS.get(tag)
        if construct is None:
            raise _NotPlain
        return construct(loader, node)
    if kind is yaml.SequenceNode:
        return [_plain(item, loader) for item in node.value]
    if kind is yaml.MappingNode:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag == _MERGE:
                raise _NotPlain
            key = key_node.value
            if key in mapping:
                raise _NotPlain  # reported, with its line, by the careful way
            mapping[key] = _plain(value_node, loader)
        return mapping
    raise _NotPlain


# YAML's own definition of printable text (1.1, section 5.1): anything else stops the reader.
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _unprintable(text: str, name: str, error: yaml.reader.ReaderError) -> Problem:
    found = _UNPRINTABLE.search(text)
    if found is None:  # the reader stopped for another reason: say what it said
        return Problem(name, 1, "", f"YAML: {error.reason}")
    line = text.count("\n", 0, found.start()) + 1
    code = ord(found[0])
    what = "a NUL byte" if code == 0 else "a control character"
    return Problem(name, line, "", f"{what} (U+{code:04X}) is not allowed in YAML text")


# The shape check. libyaml composes nested nodes recursively: release 0.2.5 (Debian's, and
# what PyYAML's wheels long bundled) has no limit and crashes the process on a file nested
# some ten thousand deep; newer builds stop at 1,000 levels; the pure-Python fallback hits
# RecursionError. So a file nested deeper than a slate could be is refused before it is
# composed. Walking the event stream measures depth and alias expansion exactly but costs a
# fifth of a load, so it runs only for a file that a cheap scan of its text cannot clear:
# - a line starts with 29 or more spaces, tabs, "-", "?" or ":" (indentation and block
#   indicators): each block level starts at a greater column than its parent, except a list
#   under a mapping key, so lines that start within 28 columns hold at most 58 levels;
# - a line holds a bracket and is not one flow list or mapping of plain or quoted words,
#   closed on that line (`sources: [a, "b"]`, `- {name: A, role: lead}`): such a line adds
#   at most 2 levels (a list of `key: value` pairs), and nothing stays open after it;
# - an anchor may be present (`&name`): without one no alias can expand;
# - a line break other than "\n" or "\r\n" (a lone "\r", NEL, LS, PS), which the scan of
#   lines does not follow.
# tests/test_untrusted_files.py checks the bound on generated texts.
_RUN = 29
_DEEP_START = re.compile(rf"[ \t?:-]{{{_RUN}}}")
_DEEP_LINE = re.compile(rf"\n[ \t?:-]{{{_RUN}}}")
_ANCHOR_END = " \t\r\n\x85\u2028\u2029\ufeff[]{},"
_ANCHOR_AFTER = " \t\r\n\x85\u2028\u2029\ufeff[{,:?-"
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
# Inside one flow collection, plain words may run over lines, as PyYAML writes long ones.
# Quoted words end on their line, and a plain word starts with none of YAML's indicators:
# otherwise a quote could end a text begun on an earlier line, or start one (after `? `, a
# key), so that a bracket read as text is one, and lines cleared one by one nest without end.
_QUOTED = r"""(?:"(?:[^"\\\r\n]|\\[^\r\n])*+"|'(?:[^'\r\n]|'')*+')"""
_PLAIN = r"""[^-?:,\[\]{}#&*!|>'"%@`\s][^\[\]{}#,:]*+"""
_ITEM = rf"[ \t\r\n]*+(?:{_QUOTED}[ \t\r\n]*+|{_PLAIN})?+"
_PAIR = rf"{_ITEM}(?::{_ITEM})?+"
_PAIRS = rf"{_PAIR}(?:,{_PAIR})*+"
_SIMPLE_FLOW = re.compile(
    rf"[ \t]*+(?:[-?:][ \t]++)*+(?:[\w-]++:[ \t]++)?+"  # indentation, "- ", "key: "
    rf"(?:\[{_PAIRS}\]|\{{{_PAIRS}\}})[ \t]*+\r?(?=\n|\Z)"
)


def _may_be_deep_or_aliased(text: str) -> bool:
    """False only when no list or mapping in `text` can nest 64 deep or expand an alias."""
    if _DEEP_START.match(text) or _DEEP_LINE.search(text):
        return True
    if any(b in text for b in _OTHER_BREAKS):
        return True
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return True
    at = text.find("&")
    while at >= 0:
        after = text[at + 1 : at + 2]
        if after and after not in _ANCHOR_END and (at == 0 or text[at - 1] in _ANCHOR_AFTER):
            return True
        at = text.find("&", at + 1)
    upcoming = {c: text.find(c) for c in "[]{}"}
    while True:
        found = [at for at in upcoming.values() if at >= 0]
        if not found:
            return False
        simple = _SIMPLE_FLOW.match(text, text.rfind("\n", 0, min(found)) + 1)
        if simple is None:
            return True
        end = simple.end()
        for c, next_at in upcoming.items():
            if 0 <= next_at < end:
                upcoming[c] = text.find(c, end)


_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _shape_problem(text: str, name: str) -> Problem | None:
    """Walk the events of `text`, building nothing: the first place where lists and
    mappings nest deeper than MAX_DEPTH or aliases repeat more than ALIAS_BUDGET."""
    parser = _BaseLoader(text)
    # Per open collection: its size so far (aliases expanded) and its anchor.
    open_: list[tuple[list[int], str | None]] = []
    sizes: dict[str, int | None] = {}  # None while the anchored node is still open
    repeated = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + 1
            size = 0
            if isinstance(event, _OPENS):
                if len(open_) >= MAX_DEPTH:
                    return too_deep(name, line)
                if event.anchor is not None:
                    sizes[event.anchor] = None
                open_.append(([1], event.anchor))
                continue
            if isinstance(event, _CLOSES):
                total, anchor = open_.pop()
                size = total[0]
                if anchor is not None:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1 + len(event.value)
                if event.anchor is not None:
                    sizes[event.anchor] = size
            elif isinstance(event, yaml.AliasEvent):
                expands = sizes.get(event.anchor or "", 0)  # unknown: the composer says so
                if expands is None:
                    return Problem(
                        name, line, "", f"alias *{event.anchor} is inside its own anchor: not read"
                    )
                repeated += expands
                if repeated > ALIAS_BUDGET:
                    return Problem(
                        name,
                        line,
                        "",
                        f"alias *{event.anchor} repeats too much: aliases in a file may repeat"
                        f" {ALIAS_BUDGET:,} values and characters in all; write the data out",
                    )
                size = expands
            if open_:
                open_[-1][0][0] += size
    except yaml.MarkedYAMLError as error:
        # Newer libyaml stops at 1,000 levels itself, while reading ahead of the events.
        if "maximum nesting depth" in str(error.problem) and error.problem_mark is not None:
            return too_deep(name, error.problem_mark.line + 1)
        # Anything else: the composer meets the same error at the same place, no deeper.
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return None


def _from_pydantic(
    error: ValidationError, name: str, prefix: Loc, node: yaml.Node | None
) -> Iterable[Problem]:
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        kind = detail["type"]
        line = 1
        if node is not None:
            line = _line(_node_at(node, loc, key_of_last=kind == "extra_forbidden"))
        where = (*prefix, *loc)
        fields = fields_at(RECORDS, where) if kind == "extra_forbidden" else ()
        yield Problem.at(name, line, where, validation_message(detail, fields))


def _node_at(node: yaml.Node, loc: Loc, key_of_last: bool = False) -> yaml.Node:
    """The deepest YAML node along a pydantic location (the parent where a field is missing)."""
    for depth, part in enumerate(loc):
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    last = depth == len(loc) - 1
                    node = key_node if key_of_last and last else value_node
                    break
            else:
                return node
        else:
            return node
    return node


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def line_at(node: yaml.Node, loc: Loc) -> int:
    """The line of a place in a file, given its node tree and a pydantic location."""
    return _line(_node_at(node, loc))

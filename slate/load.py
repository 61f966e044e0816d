"""The only way in: read a folder of YAML and JSON files into a checked `Slate`.

Every problem in the folder is reported at once, each as `file:line: field: message`
(`seeds/projects.yaml:42: projects[3].release: not an EDTF date: 'late 2026' (...)`), so a
curator fixes a whole batch in one pass. Loading only reads: nothing in the folder is
ever written.

A folder holds any number of `*.yaml` / `*.yml` / `*.json` files (any case), read in name
order; each is a mapping with any of the keys `sources`, `projects`, `events` and `updates`
(a report's dated claims, merged into the projects they name), each a list of records. A
large slate can split its projects across as many files as it likes, and a machine that
writes one can write JSON, which pydantic reads without building Python data first.
Hidden files (a name starting with ".", such as an editor's lock file) are not data and
are left alone.

Each file that validates is kept, validated, in the compiled cache (`slate.cache`, in the
user's cache folder): a start whose files are unchanged reads no YAML or JSON at all, and a
change to one file parses that file only. Parse trees are built only to give a problem its
line, for a file that has one.

The files may come from anyone, so the loader trusts nothing in them: a file nested deeper
than any slate needs, or whose aliases would repeat more than a little data, is refused
before it is built; an entry named like a data file that is not a plain file inside the
folder (a folder, a pipe, a link to nothing or to outside the folder) is reported and
never opened; and what a problem echoes is escaped and cut short, so it cannot drive a
terminal or grow without bound.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import functools
import gc
import hashlib
import json
import json.scanner
import os
import re
import reprlib
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model

from slate import cache
from slate.claims import claim_problems, resolve
from slate.dates import FuzzyDateError
from slate.models import Claim, Event, Loc, Project, Slate, Source, _dotted

__all__ = [
    "ALIAS_BUDGET",
    "DATA_ENV",
    "DEFAULT_DATA",
    "MAX_DEPTH",
    "Document",
    "Problem",
    "SlateError",
    "content_hash",
    "data_files",
    "data_folder",
    "fingerprint",
    "inert",
    "load_documents",
    "load_slate",
]

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "seeds"
"""The built-in slate, used when neither `--data` nor SLATE_DATA names another folder."""

DATA_ENV = "SLATE_DATA"
"""The environment variable that points the app and the CLI at another data folder."""

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused. A slate needs 6 (a credit's
sources); libyaml composes nodes recursively, and thousands of levels crash the process."""

ALIAS_BUDGET = 10_000
"""How much data the aliases in one file may repeat in all, counted as one per list, mapping
or value plus one per character of text. A few short repeats fit; a "billion laughs" file,
whose aliases nest to repeat a value billions of times, is refused at the alias that
crosses it."""


def data_folder(given: str | os.PathLike[str] | None = None) -> Path:
    """The folder to load: `given` (--data), else $SLATE_DATA, else the built-in seeds."""
    return Path(given or os.environ.get(DATA_ENV) or DEFAULT_DATA)


_RECORDS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "projects": Project,
    "events": Event,
    # A report: claims about projects, from files of their own (slate.claims merges them).
    "updates": Claim,
}
"""A data file's keys and the record each one lists: one line per kind of record."""
_KEYS: dict[str, TypeAdapter[Any]] = {
    key: TypeAdapter(list[t])  # type: ignore[valid-type]
    for key, t in _RECORDS.items()
}
# A JSON file is validated in one call, keys and all, from its bytes: the same keys as
# optional lists, and nothing else.
_JSON_FILE: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "DataFile",
    __config__=ConfigDict(extra="forbid"),
    **{key: (list[t] | None, None) for key, t in _RECORDS.items()},  # type: ignore[valid-type]
)
_YAML_SUFFIXES = (".yaml", ".yml")
_SUFFIXES = (*_YAML_SUFFIXES, ".json")

# libyaml's parser is several times faster on large slates; the pure one is a fallback.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, and where (line 0: the file or folder as a whole).

    Every part is made inert and cut to a bounded length when the problem is made, so its
    text is safe to print to a terminal or put on a page, whatever the data held."""

    file: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", inert(self.file))
        object.__setattr__(self, "field", _clip(inert(self.field), _FIELD_CHARS))
        object.__setattr__(self, "message", _clip(inert(self.message), _MESSAGE_CHARS))

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
        head = f"{count} problem{'s' if count != 1 else ''} in the slate data"
        super().__init__("\n".join([head, *map(str, self.problems)]))


def data_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The entries of a slate folder named like data files, in the order they are read.

    Named like a data file: ends in .yaml, .yml or .json in any case, is not hidden, and is
    not a JSON Schema (`schema.json`, `*.schema.json`). Each is read if it is a plain file
    inside the folder, and reported as a problem otherwise."""
    with contextlib.suppress(OSError):
        return _candidates(Path(folder))
    return []


def _candidates(root: Path) -> list[Path]:
    with os.scandir(root) as entries:
        names = [
            e.name
            for e in entries
            if not e.name.startswith(".")
            and e.name.lower().endswith(_SUFFIXES)
            and not _is_schema(e.name)
        ]
    return [root / name for name in sorted(names)]


def _is_schema(name: str) -> bool:
    """The folder's JSON Schema (seeds/schema.json, which editors check the data against)
    sits beside the data and describes it; it is not data."""
    lower = name.lower()
    return lower == "schema.json" or lower.endswith(".schema.json")


def fingerprint(folder: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and change times of a folder's data files: a cache key that changes
    whenever a curator saves, renames, relinks or changes the permissions of a file."""
    out = []
    for path in data_files(folder):
        try:
            info = os.stat(path)
        except OSError:
            try:
                info = os.lstat(path)
            except OSError:  # gone since the listing
                continue
        # The change time moves on chmod too, so a file made readable is read again.
        out.append((path.name, info.st_size, max(info.st_mtime_ns, info.st_ctime_ns)))
    return tuple(out)


Document = tuple[str, bytes]
"""A data file that is not (yet) in the folder: its name as problems show it, and its bytes
(an upload, or a report about to be added)."""


def content_hash(folder: str | os.PathLike[str]) -> str:
    """A SHA-256 of a folder's data files, names and bytes, in reading order: it says which
    data an export was made from ("" for files that cannot be read)."""
    digest = hashlib.sha256()
    root = os.path.realpath(folder)
    for path in data_files(folder):
        try:
            found = _read_bytes(path, root)
        except _NotRead:
            found = None
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(found[0] if found else b"").digest())
    return digest.hexdigest()


def load_slate(
    folder: str | os.PathLike[str] = DEFAULT_DATA, extra: Sequence[Document] = ()
) -> Slate:
    """Read and check every data file in `folder`, and the `extra` documents with them (read
    after the folder's files, as if they were in it); raise SlateError listing all problems.

    Report claims (`updates:`) are merged into their projects (slate.claims)."""
    root = Path(folder)
    display = str(_display_root(root))
    try:
        is_folder = stat.S_ISDIR(os.stat(root).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        is_folder = False
    except OSError as error:
        raise SlateError([Problem(display, 0, "", f"cannot be read: {_why(error)}")]) from None
    if not is_folder:
        raise SlateError([Problem(display, 0, "", "not a folder")])
    try:
        files = _candidates(root)
    except OSError as error:
        problem = Problem(display, 0, "", f"cannot list its files: {_why(error)}")
        raise SlateError([problem]) from None
    if not files and not extra:
        message = "no .yaml, .yml or .json files in this folder"
        raise SlateError([Problem(display, 0, "", message)])
    real_root = os.path.realpath(root)
    inputs = [
        _Input(
            str(Path(display) / path.name),
            functools.partial(_read_bytes, path, real_root),
            _is_json(path.name),
            os.path.realpath(path),
        )
        for path in files
    ]
    inputs += [_given(name, data) for name, data in extra]
    # Loading allocates millions of long-lived objects and no cycles; the cyclic collector
    # would walk the growing heap again and again (three quarters of a 100,000-project load).
    with collector_paused():
        slate = _load(inputs)
        if not extra:
            # A folder's slate lives as long as the process serves it and holds no cycles:
            # moved out of the collector's sight, it is not walked on re-enabling (a tenth of
            # a warm start) nor at every full collection while the app runs. A slate with an
            # upload in it lives only as long as a browser tab, so it stays in sight.
            gc.freeze()
        return slate


def load_documents(documents: Sequence[Document]) -> Slate:
    """Check documents that make a slate on their own (an upload that replaces the slate)."""
    if not documents:
        raise SlateError([Problem("upload", 0, "", "no file given")])
    with collector_paused():
        return _load([_given(name, data) for name, data in documents])


@dataclass(frozen=True)
class _Input:
    """A data file to read: from the folder, or given as bytes."""

    name: str
    """Its name as problems show it."""
    read: Callable[[], tuple[bytes, os.stat_result | None] | None]
    """Its bytes and status (None: gone since listed); raises _NotRead."""
    json: bool
    """Read as JSON, not YAML."""
    real_path: str | None
    """Where it lives, for the compiled cache: None for bytes given (an upload), never cached."""


def _given(name: str, data: bytes) -> _Input:
    return _Input(name, lambda: (data, None), _is_json(name), None)


Records = dict[str, list[Any]]
"""Validated records by key (sources, projects, events, updates), in file order."""
Origins = dict[str, list[tuple[int, _Input]]]
"""Per key, where each file's records start in the merged lists, and the file."""


def _load(inputs: list[_Input]) -> Slate:
    problems: list[Problem] = []
    records: Records = {key: [] for key in _KEYS}
    # So a cross-record problem gets a file and line too. Parse trees are not kept (ten
    # times the data's memory): the rare file that needs a line number is parsed again.
    origins: Origins = {key: [] for key in _KEYS}
    fresh: list[tuple[cache.FileKey, Records]] = []
    keys: list[cache.FileKey] = []
    for given in inputs:
        found = _read_records(given, problems, fresh, keys)
        if found is None:
            continue
        for key, items in found.items():
            origins[key].append((len(records[key]), given))
            records[key].extend(items)
        del found
    # Written behind the caller's back, once every file is read (a writer running beside the
    # parser would slow it): the records are ready now, and the entries, pickled from records
    # that nothing changes, follow in a thread that a process waits for at exit.
    cache.store(fresh)

    if problems:
        # Cross-record checks on a partial slate would only report echoes of the errors above.
        raise SlateError(sorted(problems))
    slate = build_slate(records, origins)
    if len(keys) == len(inputs):
        # What tables and charts built from this slate may be cached under (slate.cache);
        # a slate with an upload in it is not (its bytes have no file to key them by).
        slate.__dict__["content_key"] = cache.content_key(keys)
    return slate


def build_slate(records: Records, origins: Origins) -> Slate:
    """The step after every file has validated on its own: the records of all files made
    one Slate and checked against each other (unique ids, known references, claims that fit
    their projects), each problem placed at its file and line; then each report claim
    merged into its project (`slate.claims.resolve`)."""
    slate = Slate.model_construct(
        sources=records["sources"],
        projects=records["projects"],
        events=records["events"],
        updates=records["updates"],
    )
    problems: list[Problem] = []
    locators: dict[str, Callable[[Loc], int]] = {}
    found = slate.reference_problems()
    # Claims are checked against the records only once every id they name is known.
    found = found or claim_problems(slate)
    for loc, message in found:
        key, index, *rest = loc
        assert isinstance(key, str) and isinstance(index, int)
        first, given = origins[key][
            bisect.bisect_right(origins[key], index, key=lambda o: o[0]) - 1
        ]
        local_loc: Loc = (key, index - first, *rest)
        if given.name not in locators:
            locators[given.name] = _locator(given)
        line = locators[given.name](local_loc)
        problems.append(Problem(given.name, line, _dotted(local_loc), message))
    if problems:
        raise SlateError(sorted(problems))
    return resolve(slate)


def _locator(given: _Input) -> Callable[[Loc], int]:
    """Line numbers of places in a file that validated but needs one for a problem."""
    try:
        found = given.read()
    except _NotRead:
        found = None
    if found is None:
        return lambda loc: 1
    raw = found[0]
    if given.json:
        text = raw.decode("utf-8-sig", "replace")
        return _JsonPlaces(text).line
    document = _read_yaml(raw, given.name, [])
    if document is None:
        return lambda loc: 1
    node = document[0]
    return lambda loc: _line(_node_at(node, loc))


def _is_json(name: str) -> bool:
    return name.lower().endswith(".json")


def _read_records(
    given: _Input,
    problems: list[Problem],
    fresh: list[tuple[cache.FileKey, Records]],
    keys: list[cache.FileKey],
) -> Records | None:
    """One file's validated records: from the cache when it holds this very file, else
    parsed and validated (and then cached); None, with its problems noted, if it has any."""
    try:
        found = given.read()
    except _NotRead as why:
        problems.append(Problem(given.name, 0, "", str(why)))
        return None
    if found is None:
        return None
    raw, info = found
    key = None
    if given.real_path is not None and info is not None:
        key = cache.file_key(given.real_path, raw, info)
        keys.append(key)
        cached = cache.read_entry(key)
        if isinstance(cached, dict) and cached.keys() <= _KEYS.keys():
            return cached
    mine: list[Problem] = []
    parsed = (_json_records if given.json else _yaml_records)(raw, given.name, mine)
    del raw
    if mine or parsed is None:
        problems.extend(mine)
        return None
    if key is not None:
        fresh.append((key, parsed))
    return parsed


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a block that builds many long-lived
    objects and no cycles (a load, a table)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _display_root(root: Path) -> Path:
    """Paths as the user would type them: relative to the working folder where possible."""
    try:
        return Path(os.path.realpath(root)).relative_to(Path.cwd())
    except (ValueError, OSError):
        return root


def _why(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


class _NotRead(Exception):
    """An entry named like a data file that is not read, and why (the problem's message)."""


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the check must not block
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _read_bytes(path: Path, real_root: str) -> tuple[bytes, os.stat_result] | None:
    """The bytes of a data file and its status as opened, None if it has vanished since the
    listing (a checkout or sync under way: the folder no longer holds it), or _NotRead for
    anything else.

    Pipes, sockets and devices are never opened (a pipe would block the load for ever), and
    a link is followed only to a file inside the folder: the dashboard shows whatever a
    file holds, key names included, so a link to /etc or to a secrets file must not be."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise _NotRead("a link to nothing (its target is missing): not read") from None
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _NotRead("a link that loops back on itself: not read") from None
        raise _NotRead(f"cannot be read: {_why(error)}") from None
    real = os.path.realpath(path)
    if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
        raise _NotRead("a link to a file outside the data folder: not followed")
    if stat.S_ISDIR(info.st_mode):
        raise _NotRead("a folder, not a file: not read")
    if not stat.S_ISREG(info.st_mode):
        raise _NotRead("not a plain file (a pipe, socket or device): not read")
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _NotRead(f"cannot be read: {_why(error)}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise _NotRead("not a plain file (a pipe, socket or device): not read")
            return handle.read(), opened
    except OSError as error:
        raise _NotRead(f"cannot be read: {_why(error)}") from None


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


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(
                name, line, "", f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8"
            )
        )
        return None


def _read_yaml(
    raw: bytes, name: str, problems: list[Problem]
) -> tuple[yaml.MappingNode, dict[str, Any]] | None:
    """Parse one YAML file into its node tree (for line numbers) and its data."""
    text = _decode(raw, name, problems)
    return None if text is None else _parse(text, name, problems)


def _yaml_records(raw: bytes, name: str, problems: list[Problem]) -> Records | None:
    """A YAML file's records, validated; None (and its problems noted) if it has any."""
    document = _read_yaml(raw, name, problems)
    if document is None:
        return None
    node, data = document
    del document
    keys: list[str] = []
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # reported while the file was built
        key = key_node.value
        if key not in _KEYS:
            allowed = ", ".join(_KEYS)
            problems.append(
                Problem(name, _line(key_node), key, f"unknown key (expected one of: {allowed})")
            )
        elif data.get(key) is not None:
            keys.append(key)
    # The node tree is ten times the size of the data: dropped before validation, and made
    # again only for a file whose records have problems.
    del node
    out: Records = {}
    failed: list[tuple[str, ValidationError]] = []
    for key in keys:
        try:
            out[key] = _KEYS[key].validate_python(data[key])
        except ValidationError as invalid:
            failed.append((key, invalid))
        data[key] = None
    if failed:
        document = _read_yaml(raw, name, [])
        for key, errors in failed:
            value_node = _node_at(document[0], (key,)) if document else None
            problems.extend(_from_pydantic(errors, name, (key,), value_node))
    return None if problems else out


def _json_records(raw: bytes, name: str, problems: list[Problem]) -> Records | None:
    """A JSON file's records, validated straight from its bytes by pydantic; None (and its
    problems noted) if it has any. Only a file with a problem is read a second time, by
    Python's parser, to place each problem at its line."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        parsed = _JSON_FILE.model_validate_json(body)
    except ValidationError as error:
        problems.extend(_json_problems(raw, name, error))
        return None
    return {key: value for key in _KEYS if (value := getattr(parsed, key)) is not None}


_EMPTY_FILE = "empty file: expected keys sources, projects, events or updates"
_JSON_WHERE = re.compile(r" at line (\d+) column \d+$")


def _json_problems(raw: bytes, name: str, error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    text = _decode(raw, name, problems)
    if text is None:
        return problems
    if not text.strip():
        return [Problem(name, 1, "", _EMPTY_FILE)]
    deep = _json_too_deep(text)
    if deep is not None:
        return [_too_deep(name, deep)]
    places = _JsonPlaces(text)
    for detail in error.errors(include_url=False):
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
            message = "expected a mapping with keys sources, projects, events or updates"
            problems.append(Problem(name, places.line(()), "", message))
        elif len(loc) == 1 and kind == "extra_forbidden":
            allowed = ", ".join(_KEYS)
            line = places.line(loc, key_of_last=True)
            problems.append(
                Problem(name, line, str(loc[0]), f"unknown key (expected one of: {allowed})")
            )
        elif len(loc) == 1 and kind == "list_type":
            problems.append(
                Problem(name, places.line(loc), str(loc[0]), "expected a list of records")
            )
        else:
            line = places.line(loc, key_of_last=kind == "extra_forbidden")
            problems.append(Problem(name, line, _dotted(loc), _message(detail)))
    return problems


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


class _JsonPlaces:
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
            problems.append(Problem(name, 1, "", _EMPTY_FILE))
            return None
        if not isinstance(node, yaml.MappingNode):
            problems.append(
                Problem(
                    name,
                    _line(node),
                    "",
                    "expected a mapping with keys sources, projects, events or updates",
                )
            )
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
            and key_node.value in _KEYS
            and data.get(key_node.value) is not None
        )
        if records and not isinstance(value_node, yaml.SequenceNode):
            message = "expected a list of records"
            problems.append(Problem(name, _line(value_node), str(key_node.value), message))
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
                    return _too_deep(name, line)
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
            return _too_deep(name, error.problem_mark.line + 1)
        # Anything else: the composer meets the same error at the same place, no deeper.
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return None


def _too_deep(name: str, line: int) -> Problem:
    message = f"lists and mappings nested more than {MAX_DEPTH} deep (a slate needs 6): not read"
    return Problem(name, line, "", message)


def _from_pydantic(
    error: ValidationError, name: str, prefix: Loc, node: yaml.Node | None
) -> Iterable[Problem]:
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        kind = detail["type"]
        line = 1
        if node is not None:
            line = _line(_node_at(node, loc, key_of_last=kind == "extra_forbidden"))
        yield Problem(name, line, _dotted((*prefix, *loc)), _message(detail))


def _message(detail: Any) -> str:
    kind, message, value = detail["type"], detail["msg"], detail.get("input")
    if kind == "extra_forbidden":
        return "unknown field (a typo? fields are listed in seeds/schema.json)"
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

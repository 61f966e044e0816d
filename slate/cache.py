"""The compiled cache: each validated data file's records, kept in the user's cache folder.

Parsing and validating a 100,000-project slate costs tens of seconds; reading back what the
last start already checked costs a fraction of that. One entry per data file, named by its
real path, holds that file's records as the loader validated them, with the key they were
made for: the path, the file's size, modification time and SHA-256, and the code version
(a digest of the modules that define what a record is, and of the Python and pydantic that
pickled it). The data folder is never written: entries live under $SLATE_CACHE, else
$XDG_CACHE_HOME/slate, else ~/.cache/slate.

Beside the files' entries, what is built from a whole slate and costs seconds at 100,000
projects (its table, a day's Gantt rows) is kept the same way, keyed by a digest of every
file's key and the code that builds it (`derived`).

An entry is never trusted. Records are pickled (the only format that reads 100,000 projects
back faster than pydantic validates them), and unpickling runs code named in the bytes, so
an entry is unpickled only when its HMAC-SHA256, under a random key made for this user and
kept beside the entries (mode 0600, in a folder of mode 0700 owned by this user), says that
this code wrote exactly these bytes. Anything else, a truncated or corrupt file, another
user's or machine's entry, one made by another version of the code or for another content,
reads as a miss: the file is parsed again and the entry rewritten. A cache folder that is
not this user's alone is not used at all. Writes go to a temporary file renamed into place,
so a reader never sees half an entry; a write that fails (a read-only home, a full disk)
only means the next start parses again.
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import gc
import hashlib
import hmac
import json
import os
import pickle
import platform
import secrets
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = [
    "CACHE_ENV",
    "CODE_VERSION",
    "EmptyList",
    "FileKey",
    "cache_folder",
    "content_key",
    "derived",
    "flush",
    "read_derived",
    "read_entry",
    "read_slate",
    "store",
    "write_derived",
    "write_entry",
    "write_slate",
]

T = TypeVar("T")

CACHE_ENV = "SLATE_CACHE"
"""Names the cache folder; `off` (or an empty value) turns the cache off."""

_MAGIC = b"SLATEC1\n"
_KEY_FILE = "key"
_ENTRIES = "files"
_DIGEST = hashlib.sha256().digest_size
# The modules whose code decides what a validated record is: a change to any of them makes
# every entry stale.
_CODE = (
    "dates.py", "models.py", "load/__init__.py", "load/records.py", "load/yamlfile.py",
    "load/jsonfile.py", "cache.py",
)  # fmt: skip


def _code_version() -> str:
    import pydantic_core

    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(name.encode())
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    for part in (sys.version, platform.machine(), pydantic_core.__version__):
        digest.update(part.encode())
    return digest.hexdigest()[:32]


CODE_VERSION = _code_version()
"""A digest of the record-defining code and the interpreter: part of every entry's key."""


def _version_of(names: Iterable[str], parts: Iterable[str] = ()) -> str:
    """A digest of the records' code version, these modules of the package, and more parts
    (library versions): what an entry built by that code is keyed by."""
    digest = hashlib.sha256(CODE_VERSION.encode())
    here = Path(__file__).resolve().parent
    for name in names:
        digest.update(name.encode())
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()[:32]


@functools.cache
def _derived_version() -> str:
    import numpy
    import pandas

    return _version_of(_DERIVED_CODE, (pandas.__version__, numpy.__version__))


# The modules that turn records into tables and chart rows.
_DERIVED_CODE = (
    "claims.py", "knowledge.py", "query.py", "assess.py", "timeline.py", "charts.py",
)  # fmt: skip


def cache_folder() -> Path | None:
    """Where entries live, or None when the cache is turned off ($SLATE_CACHE=off)."""
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "none") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "slate"
    try:
        return Path.home() / ".cache" / "slate"
    except RuntimeError:  # no home directory to speak of
        return None


@dataclass(frozen=True)
class FileKey:
    """What an entry must have been made for: one file's place, stamps, content and code."""

    path: str
    """The file's real path."""
    size: int
    mtime_ns: int
    sha256: str
    """Of the file's bytes as read."""

    def header(self) -> bytes:
        fields = {
            "path": self.path,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "sha256": self.sha256,
            "code": CODE_VERSION,
        }
        return json.dumps(fields, sort_keys=True, ensure_ascii=True).encode()


def file_key(path: str, raw: bytes, info: os.stat_result) -> FileKey:
    return FileKey(path, info.st_size, info.st_mtime_ns, hashlib.sha256(raw).hexdigest())


def _private_folder(folder: Path, create: bool) -> bool:
    """Whether `folder` is a folder of this user's that no one else may write or read."""
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def _secret(folder: Path, create: bool) -> bytes | None:
    """This user's HMAC key, made on first use; None where it is missing or exposed."""
    path = folder / _KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(2):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            if not create or not _make_secret(path):
                return None
            continue
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_uid != os.geteuid()
                or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
            ):
                return None
            key = handle.read(64)
        return key if len(key) == 32 else None
    return None


def _make_secret(path: Path) -> bool:
    # Made under a temporary name and linked into place, so two processes starting at once
    # agree on one key (the loser reads the winner's) and nobody reads half a key.
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@dataclass
class _Store:
    entries: Path
    secret: bytes


def _store(create: bool) -> _Store | None:
    folder = cache_folder()
    if folder is None or not _private_folder(folder, create):
        return None
    secret = _secret(folder, create)
    if secret is None:
        return None
    entries = folder / _ENTRIES
    if not _private_folder(entries, create):
        return None
    return _Store(entries, secret)


def _entry_name(real_path: str) -> str:
    return hashlib.sha256(real_path.encode("utf-8", "surrogateescape")).hexdigest()[:40] + ".bin"


def _mac(secret: bytes, parts: Iterable[bytes | memoryview]) -> bytes:
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.digest()


def read_entry(key: FileKey) -> Any | None:
    """The records cached for exactly this file and code, or None (a miss) for anything
    else: no entry, another key, a short, corrupt or unauthenticated one."""
    store = _store(create=False)
    if store is None:
        return None
    return _read_blob(store, store.entries / _entry_name(key.path), key.header())


def _read_blob(store: _Store, path: Path, header: bytes) -> Any | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            blob = handle.read()
    except OSError:
        return None
    start = len(_MAGIC) + _DIGEST + 4
    if len(blob) < start or not blob.startswith(_MAGIC):
        return None
    tag = blob[len(_MAGIC) : len(_MAGIC) + _DIGEST]
    size = int.from_bytes(blob[start - 4 : start], "big")
    stored = blob[start : start + size]
    # The header is compared before any MAC is worked out: most misses are a changed file.
    if stored != header:
        return None
    body = memoryview(blob)[start + size :]
    if not hmac.compare_digest(tag, _mac(store.secret, (stored, body))):
        return None
    # Hundreds of thousands of objects and no cycles: the collector would only walk them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(body)
    except Exception:  # authenticated but unreadable: our own bug, still only a miss
        return None
    finally:
        if enabled:
            gc.enable()


def content_key(keys: Iterable[FileKey]) -> str:
    """One digest of a whole data folder's files (each file's key, in reading order): what
    a table or a chart built from that folder's slate depends on."""
    digest = hashlib.sha256()
    for key in keys:
        digest.update(key.header())
        digest.update(b"\n")
    return digest.hexdigest()


def derived(name: str, key: str | None, build: Callable[[], T]) -> T:
    """Something built from a slate (its table, a day's chart rows), once per content,
    across restarts too: what a start before built for the same `key` (`content_key`),
    else built now and kept for the next start."""
    if key is None:
        return build()
    found = read_derived(name, key)
    if found is not None:
        return cast(T, found)
    made = build()
    write_derived(name, key, made)
    return made


def read_derived(name: str, key: str) -> Any | None:
    """What `write_derived` kept for (name, key), built by this very code; None otherwise
    (the same checks as a file's entry: nothing that does not verify is unpickled)."""
    store = _store(create=False)
    if store is None:
        return None
    header = _derived_header(name, key)
    return _read_blob(store, store.entries / _derived_name(name, key), header)


def write_derived(name: str, key: str, value: Any) -> None:
    """Keep something built from a slate (its table, a day's chart rows) for the next
    start, written in a thread: the caller has it already."""
    header = _derived_header(name, key)

    def write() -> None:
        store = _store(create=True)
        if store is not None:
            with contextlib.suppress(Exception):
                _write_blob(store, _derived_name(name, key), header, pickle.dumps(value, 5))

    _start_writer(write)


@functools.cache
def _slate_version() -> str:
    """What a finished slate depends on: the records' code, and the code that checks and
    merges them (not pandas or numpy: a start that only loads should not import them)."""
    return _version_of(_SLATE_CODE)


_SLATE_CODE = ("claims.py", "knowledge.py")


def _slate_header(key: str) -> bytes:
    fields = {"derived": "slate", "key": key, "code": _slate_version()}
    return json.dumps(fields, sort_keys=True, ensure_ascii=True).encode()


def write_slate(key: str, records: dict[str, Any], extra: dict[str, Any]) -> None:
    """Keep a folder's slate as the loader finished it (checked, every claim dated, each
    project's fields its claims'), for the next start of the same content: it then reads
    this one entry and skips the checks and the merging. `records` are its fields by name:
    its lists of records and its subject. Written in a thread, its equal parts shared as in
    a file's entry."""
    header = _slate_header(key)

    def write() -> None:
        store = _store(create=True)
        if store is not None:
            with contextlib.suppress(Exception):
                body = pickle.dumps((_shared(records), extra), pickle.HIGHEST_PROTOCOL)
                _write_blob(store, _derived_name("slate", key), header, body)

    _start_writer(write)


def read_slate(key: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """What `write_slate` kept for this content: (fields by name, extra), or None."""
    store = _store(create=False)
    if store is None:
        return None
    found = _read_blob(store, store.entries / _derived_name("slate", key), _slate_header(key))
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], dict)
        and isinstance(found[1], dict)
    ):
        return found
    return None


def _derived_header(name: str, key: str) -> bytes:
    fields = {"derived": name, "key": key, "code": _derived_version()}
    return json.dumps(fields, sort_keys=True, ensure_ascii=True).encode()


def _derived_name(name: str, key: str) -> str:
    # One entry per kind of thing: a newer table replaces the older one.
    return "derived-" + hashlib.sha256(name.encode()).hexdigest()[:24] + ".bin"


_writers: list[threading.Thread] = []
_writers_lock = threading.Lock()


def store(entries: list[tuple[FileKey, dict[str, list[Any]]]]) -> None:
    """Cache each file's records in a thread of its own: the caller has its records
    already, and the entries are for the next start. Not a daemon: a process that exits
    waits for its entries to be written (`flush` waits too)."""
    if not entries:
        return

    def write_all() -> None:
        for key, records in entries:
            write_entry(key, records)

    _start_writer(write_all)


def _start_writer(work: Callable[[], None]) -> None:
    writer = threading.Thread(target=work, name="slate-cache-writer", daemon=False)
    with _writers_lock:
        _writers[:] = [w for w in _writers if w.is_alive()]
        _writers.append(writer)
    writer.start()


def flush() -> None:
    """Wait until every entry this process started to write is written (or given up)."""
    with _writers_lock:
        pending = list(_writers)
    for writer in pending:
        writer.join()


def write_entry(key: FileKey, records: dict[str, list[Any]]) -> bool:
    """Cache `records` for this file; False (and nothing changed) when it cannot be done."""
    store = _store(create=True)
    if store is None:
        return False
    try:
        body = pickle.dumps(_shared(records), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return False
    return _write_blob(store, _entry_name(key.path), key.header(), body)


def _write_blob(store: _Store, name: str, header: bytes, body: bytes) -> bool:
    tag = _mac(store.secret, (header, body))
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(dir=store.entries, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC)
            handle.write(tag)
            handle.write(len(header).to_bytes(4, "big"))
            handle.write(header)
            handle.write(body)
        os.replace(temporary, store.entries / name)
        temporary = None
        return True
    except OSError:
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_set = object.__setattr__


def _restore(cls: type[Any], values: dict[str, Any], fields_set: set[str]) -> Any:
    """A record read back as its fields and field set, without pydantic's generic state
    mapping or validation: what keeps a warm start close to the cost of parsing JSON."""
    model = object.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def _reduce(model: Any) -> tuple[Any, ...]:
    return (_restore, (type(model), model.__dict__, model.__pydantic_fields_set__))


def _register_records() -> None:
    """Records pickle through `_reduce` (registered here, so the records never know the
    cache exists). Only the fields travel: a `Slate`'s indexes are rebuilt on use."""
    from slate import models

    for name in models.__all__:
        kind = getattr(models, name)
        if isinstance(kind, type) and issubclass(kind, models.BaseModel):
            copyreg.pickle(kind, _reduce)


_register_records()


class EmptyList(list[Any]):
    """The one empty list that every empty list field of a warm-loaded slate holds (a
    100,000-project slate has 600,000 of them). Records are frozen; this keeps their lists
    honest too: changing it raises instead of changing every record at once."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a record's lists are read-only (EmptyList is shared)")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (EmptyList, ())


_EMPTY = EmptyList()


def _hashable(value: Any) -> Any:
    """A shared record's field as part of a key: a record by its identity (it is the one
    shared copy), lists and mappings (a claim's `inferred`) item by item."""
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if type(value) is dict:
        return tuple((k, _hashable(v)) for k, v in value.items())
    if hasattr(value, "__pydantic_fields_set__"):
        return id(value)
    return value


def _shared(records: dict[str, Any]) -> dict[str, Any]:
    """A copy of `records` (lists of records by key, and the subject a file or a slate
    names) for pickling in which equal values are one object: a credit, an obstacle, a
    party or a claim repeated word for word across projects, equal texts (a studio, a
    source id, a name), the empty list, and the set of fields each kind of record was
    given. Pickle writes a shared object once and reads it back once, so a warm start
    makes fewer objects and keeps less memory (a credit object belongs to many projects;
    records are frozen, and nothing may change their lists). The records themselves are
    left alone: other threads are reading them."""
    from pydantic import BaseModel

    from slate.models import Credit, Obstacle, Party, Update

    shareable = (Credit, Obstacle, Party, Update)
    models: dict[tuple[Any, ...], BaseModel] = {}
    field_sets: dict[tuple[type, frozenset[str]], set[str]] = {}
    texts: dict[str, str] = {}
    text = texts.setdefault

    def plain(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return text(value, value)
        if kind is list:
            if not value:
                return _EMPTY
            if type(value[0]) is str:
                return [text(v, v) for v in value]
            if isinstance(value[0], shareable):
                return [share(v) for v in value]
        return value

    def copy(model: BaseModel, values: dict[str, Any]) -> BaseModel:
        given = model.__pydantic_fields_set__
        fields_set = field_sets.setdefault((type(model), frozenset(given)), given)
        return cast(BaseModel, _restore(type(model), values, fields_set))

    def share(model: BaseModel) -> BaseModel:
        # Its parts first, each made the one shared copy: then two equal records are the
        # same parts by identity, and a key of identities needs no part to be hashable (a
        # claim's credits hold lists, its `inferred` a mapping).
        values = {k: plain(v) for k, v in model.__dict__.items()}
        key = (type(model), *(_hashable(v) for v in values.values()))
        found = models.get(key)
        if found is None:
            found = models[key] = copy(model, values)
        return found

    def part(value: Any) -> Any:
        # Beside the lists of records: a slate's subject, or a file's (a list of one text).
        if type(value) is not list:
            return plain(value)
        return [
            copy(r, {k: plain(v) for k, v in r.__dict__.items()})
            if isinstance(r, BaseModel)
            else plain(r)
            for r in value
        ]

    return {name: part(value) for name, value in records.items()}

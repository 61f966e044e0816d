"""A data folder's files, read safely: which entries are data, their bytes, and their text.

A folder holds any number of `*.yaml` / `*.yml` / `*.json` files (any case), read in name
order. Hidden files (a name starting with ".", such as an editor's lock file) are not data
and are left alone, and neither is the folder's JSON Schema.

The files may come from anyone: an entry named like a data file that is not a plain file
inside the folder (a folder, a pipe, a link to nothing or to outside the folder) is
reported and never opened. Nothing in the folder is ever written.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from pathlib import Path

from slate.load.problems import Problem

__all__ = [
    "NotRead",
    "candidates",
    "content_hash",
    "data_files",
    "decode",
    "display_root",
    "fingerprint",
    "is_json",
    "read_bytes",
    "why",
]

_YAML_SUFFIXES = (".yaml", ".yml")
_SUFFIXES = (*_YAML_SUFFIXES, ".json")


def data_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The entries of a slate folder named like data files, in the order they are read.

    Named like a data file: ends in .yaml, .yml or .json in any case, is not hidden, and is
    not a JSON Schema (`schema.json`, `*.schema.json`). Each is read if it is a plain file
    inside the folder, and reported as a problem otherwise."""
    with contextlib.suppress(OSError):
        return candidates(Path(folder))
    return []


def candidates(root: Path) -> list[Path]:
    """`data_files`, raising OSError if the folder cannot be listed."""
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


def is_json(name: str) -> bool:
    """Whether a data file is read as JSON (else as YAML)."""
    return name.lower().endswith(".json")


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


def content_hash(folder: str | os.PathLike[str]) -> str:
    """A SHA-256 of a folder's data files, names and bytes, in reading order: it says which
    data an export was made from ("" for files that cannot be read)."""
    digest = hashlib.sha256()
    root = os.path.realpath(folder)
    for path in data_files(folder):
        try:
            found = read_bytes(path, root)
        except NotRead:
            found = None
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(found[0] if found else b"").digest())
    return digest.hexdigest()


def display_root(root: Path) -> Path:
    """Paths as the user would type them: relative to the working folder where possible."""
    try:
        return Path(os.path.realpath(root)).relative_to(Path.cwd())
    except (ValueError, OSError):
        return root


def why(error: OSError) -> str:
    """What the system said, as a problem's message says it."""
    return (error.strerror or type(error).__name__).lower()


class NotRead(Exception):
    """An entry named like a data file that is not read, and why (the problem's message)."""


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the check must not block
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def read_bytes(path: Path, real_root: str) -> tuple[bytes, os.stat_result] | None:
    """The bytes of a data file and its status as opened, None if it has vanished since the
    listing (a checkout or sync under way: the folder no longer holds it), or NotRead for
    anything else.

    Pipes, sockets and devices are never opened (a pipe would block the load for ever), and
    a link is followed only to a file inside the folder: the dashboard shows whatever a
    file holds, key names included, so a link to /etc or to a secrets file must not be."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise NotRead("a link to nothing (its target is missing): not read") from None
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRead("a link that loops back on itself: not read") from None
        raise NotRead(f"cannot be read: {why(error)}") from None
    real = os.path.realpath(path)
    if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
        raise NotRead("a link to a file outside the data folder: not followed")
    if stat.S_ISDIR(info.st_mode):
        raise NotRead("a folder, not a file: not read")
    if not stat.S_ISREG(info.st_mode):
        raise NotRead("not a plain file (a pipe, socket or device): not read")
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise NotRead(f"cannot be read: {why(error)}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise NotRead("not a plain file (a pipe, socket or device): not read")
            return handle.read(), opened
    except OSError as error:
        raise NotRead(f"cannot be read: {why(error)}") from None


def decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    """A data file's text (UTF-8, with or without a byte-order mark); None, with the
    problem noted at the line of the first byte that is not UTF-8, if it is not."""
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

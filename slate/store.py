"""Writing to a data folder: only ever a new file, complete or not at all.

Loading never writes. Adding a report (`python -m slate add`, or the dashboard started for
editing) is the one way a file appears in a data folder, and it never replaces one: each is
written to a hidden temporary file beside its final name (hidden names are never read as
data), then linked to that name, which fails if the name is taken, so a reader sees either
no file or the whole file, and nothing already there is lost.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["FileExistsInFolderError", "add_files", "name_problem", "write_new"]


def _umask() -> int:
    # Read once, at import: os.umask can only be read by setting it, which is not safe
    # while other threads (a server's sessions) create files.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(ya?ml|json)$")


class FileExistsInFolderError(FileExistsError):
    """A file of that name is already in the data folder: nothing is overwritten."""


def name_problem(name: str) -> str | None:
    """Why a name cannot be a data file's in a folder (None if it can)."""
    if _NAME.match(name) and Path(name).name == name:
        return None
    return (
        f"{name!r} is not a data file name: letters, digits, '.', '_' and '-', "
        "ending in .yaml, .yml or .json"
    )


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Put `data` into `folder/name` atomically; raise if the name is taken or unfit."""
    if problem := name_problem(name):
        raise ValueError(problem)
    final = folder / name
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private; a data file gets the usual mode.
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, final)  # atomic, and refuses an existing name (rename would not)
        except FileExistsError:
            raise FileExistsInFolderError(f"{final} already exists: not overwritten") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return final


def add_files(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write several new files, all or none: one that cannot be written takes back those
    written before it."""
    taken = [name for name, _ in files if (folder / name).exists()]
    if taken:
        raise FileExistsInFolderError(
            f"already in {folder}: {', '.join(taken)} (a report is added as a new file)"
        )
    written: list[Path] = []
    try:
        for name, data in files:
            written.append(write_new(folder, name, data))
    except BaseException:
        for path in written:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        raise
    return written

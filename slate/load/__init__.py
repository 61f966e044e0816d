"""The only way in: read a folder of YAML and JSON files into a checked `Slate`.

Every problem in the folder is reported at once, each a `Problem` (file, line, field,
message) that prints as `file:line: field: message` (`seeds/projects.yaml:42:
projects[3].release: not an EDTF date: 'late 2026' (...)`), so a curator fixes a whole batch
in one pass. Loading only reads: nothing in the folder is ever written.

A folder holds any number of `*.yaml` / `*.yml` / `*.json` files (any case), read in name
order; each is a mapping with any of the keys `sources`, `projects`, `events` and `updates`
(a report's dated claims, merged into the projects they name), each a list of records, and
`subject`, whose slate it is (the files that name it must name the same). A large slate can
split its projects across as many files as it likes, and a machine that writes one can
write JSON, which pydantic reads without building Python data first.

Each file that validates is kept, validated, in the compiled cache (`slate.cache`, in the
user's cache folder): a start whose files are unchanged reads no YAML or JSON at all, and a
change to one file parses that file only. Parse trees are built only to give a problem its
line, for a file that has one.

This module runs a load; the package's other modules each do one of its jobs:
- `files`: which entries of a folder are data, and their bytes, read safely (no pipes,
  no links out of the folder);
- `yamlfile` and `jsonfile`: one file's bytes into validated records, or its problems at
  their lines (YAML refused before it is built when nested or aliased past any slate);
- `records`: what a data file holds, whichever reader reads it;
- `problems`: `Problem` and `SlateError`, whose text is escaped and cut short when made.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import gc
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from slate import cache
from slate.claims import claim_problems, lone_claim_problems, resolve, unresolved
from slate.knowledge import record_credits
from slate.load.files import (
    NotRead,
    candidates,
    content_hash,
    data_files,
    display_root,
    fingerprint,
    is_json,
    read_bytes,
    why,
)
from slate.load.jsonfile import JsonPlaces, json_records
from slate.load.problems import Problem, SlateError, inert
from slate.load.records import KEYS, MAX_DEPTH, SUBJECT, Records
from slate.load.yamlfile import ALIAS_BUDGET, line_at, read_yaml, yaml_records
from slate.memory import collector_paused
from slate.models import Loc, Slate

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

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "seeds"
"""The built-in slate, used when neither `--data` nor SLATE_DATA names another folder."""

DATA_ENV = "SLATE_DATA"
"""The environment variable that points the app and the CLI at another data folder."""


def data_folder(given: str | os.PathLike[str] | None = None) -> Path:
    """The folder to load: `given` (--data), else $SLATE_DATA, else the built-in seeds."""
    return Path(given or os.environ.get(DATA_ENV) or DEFAULT_DATA)


Document = tuple[str, bytes]
"""A data file that is not (yet) in the folder: its name as problems show it, and its bytes
(an upload, or a report about to be added)."""


def load_slate(
    folder: str | os.PathLike[str] = DEFAULT_DATA, extra: Sequence[Document] = ()
) -> Slate:
    """Read and check every data file in `folder`, and the `extra` documents with them (read
    after the folder's files, as if they were in it); raise SlateError listing all problems.

    Report claims (`updates:`) are merged into their projects (slate.claims)."""
    root = Path(folder)
    display = str(display_root(root))
    try:
        is_folder = stat.S_ISDIR(os.stat(root).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        is_folder = False
    except OSError as error:
        raise SlateError([Problem(display, 0, "", f"cannot be read: {why(error)}")]) from None
    if not is_folder:
        raise SlateError([Problem(display, 0, "", "not a folder")])
    try:
        files = candidates(root)
    except OSError as error:
        problem = Problem(display, 0, "", f"cannot list its files: {why(error)}")
        raise SlateError([problem]) from None
    if not files and not extra:
        message = "no .yaml, .yml or .json files in this folder"
        raise SlateError([Problem(display, 0, "", message)])
    real_root = os.path.realpath(root)
    inputs = [
        _Input(
            str(Path(display) / path.name),
            functools.partial(read_bytes, path, real_root),
            is_json(path.name),
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


@dataclasses.dataclass(frozen=True)
class _Input:
    """A data file to read: from the folder, or given as bytes."""

    name: str
    """Its name as problems show it."""
    read: Callable[[], tuple[bytes, os.stat_result | None] | None]
    """Its bytes and status (None: gone since listed); raises NotRead."""
    json: bool
    """Read as JSON, not YAML."""
    real_path: str | None
    """Where it lives, for the compiled cache: None for bytes given (an upload), never cached."""


def _given(name: str, data: bytes) -> _Input:
    return _Input(name, lambda: (data, None), is_json(name), None)


Origins = dict[str, list[tuple[int, _Input]]]
"""Per key, where each file's records start in the merged lists, and the file."""


@dataclasses.dataclass(frozen=True)
class _Read:
    """A file's records, and the problems that keep them from the slate (none: they joined
    it). Records with problems are as far as they could be read: they are not weighed against
    the others, but the ids they define and name are."""

    given: _Input
    records: Records
    problems: list[Problem]


def _load(inputs: list[_Input]) -> Slate:
    whole = _from_cache(inputs)
    if whole is not None:
        return whole
    problems: list[Problem] = []
    records: Records = {key: [] for key in KEYS}
    # So a cross-record problem gets a file and line too. Parse trees are not kept (ten
    # times the data's memory): the rare file that needs a line number is parsed again.
    origins: Origins = {key: [] for key in KEYS}
    read: list[_Read] = []
    fresh: list[tuple[cache.FileKey, Records]] = []
    keys: list[cache.FileKey] = []
    for given in inputs:
        mine: list[Problem] = []
        found = _read_records(given, mine, fresh, keys)
        if found is None:
            problems += mine
            continue
        read.append(_Read(given, found, mine))
        if mine:
            continue
        for key, items in found.items():
            origins[key].append((len(records[key]), given))
            records[key].extend(items)
        del found
    # Written behind the caller's back, once every file is read (a writer running beside the
    # parser would slow it): the records are ready now, and the entries, pickled from records
    # that nothing changes, follow in a thread that a process waits for at exit.
    cache.store(fresh)

    if problems or any(r.problems for r in read):
        # Claims are not weighed against a history with files missing from it (a release for
        # a project abandoned by then, a record that disagrees with its newest claim: they
        # would get problems that are only echoes, or miss real ones, where a claim failed
        # validation); ids, and what each claim answers on its own, are checked, so that a
        # report's unknown project or empty claim is not left for the run after its bad
        # date is fixed.
        locators: _Locators = {}
        raise SlateError(
            sorted(
                [
                    *problems,
                    *_id_problems(read, complete=not problems, locators=locators),
                    *_lone_claims(read, locators),
                    *_other_subjects(records[SUBJECT], origins),
                ]
            )
        )
    slate = build_slate(records, origins, read)
    if len(keys) == len(inputs):
        # What tables and charts built from this slate may be cached under (slate.cache);
        # a slate with an upload in it is not (its bytes have no file to key them by).
        key = cache.content_key(keys)
        slate.__dict__["content_key"] = key
        cache.write_slate(key, _parts(slate), {"record_credits": record_credits(slate)})
    return slate


def _parts(slate: Slate) -> dict[str, list[Any]]:
    return {name: getattr(slate, name) for name in Slate.model_fields}


def _from_cache(inputs: list[_Input]) -> Slate | None:
    """The folder's slate as a start before finished it, where the files are unchanged: one
    entry read, no file parsed, checked or merged again. None for anything else (an upload,
    a file that cannot be read, a change): the files are then read one by one."""
    if not inputs or any(given.real_path is None for given in inputs):
        return None
    keys = []
    for given in inputs:
        try:
            found = given.read()
        except NotRead:
            return None
        if found is None or found[1] is None or given.real_path is None:
            return None
        keys.append(cache.file_key(given.real_path, found[0], found[1]))
        del found
    key = cache.content_key(keys)
    kept = cache.read_slate(key)
    if kept is None:
        return None
    parts, extra = kept
    slate = Slate.model_construct(None, **parts)
    slate.__dict__["content_key"] = key
    if extra.get("record_credits"):
        slate.__dict__["record_credits"] = extra["record_credits"]
    return slate


def build_slate(records: Records, origins: Origins, read: Sequence[_Read]) -> Slate:
    """The step after every file has validated on its own: the records of all files made
    one Slate and checked against each other (one subject, unique ids, known references,
    claims that fit their projects), each problem placed at its file and line; then each
    claim dated and each report claim merged into its project (`slate.claims.resolve`)."""
    named = records[SUBJECT]
    slate = Slate.model_construct(
        subject=named[0] if named else None,
        sources=records["sources"],
        projects=records["projects"],
        events=records["events"],
        updates=records["updates"],
        event_updates=records["event_updates"],
    )
    # The models check ids in bulk, cheaply; only a folder that fails is walked to say where.
    found = slate.reference_problems()
    if found:
        # By the loader's walk, which offers each unknown id the one it may mean; the
        # models' own list, should a rule of theirs be one the walk does not know. What each
        # claim answers on its own is said with them; the rest waits for every id to be known.
        locators: _Locators = {}
        problems = _id_problems(read, locators=locators) or _placed(found, origins)
        problems += _lone_claims(read, locators)
    else:
        # Claims are checked against the records only once every id they name is known.
        problems = _placed(claim_problems(slate), origins)
    problems += _other_subjects(named, origins)
    if problems:
        raise SlateError(sorted(problems))
    return resolve(slate)


def _placed(found: Sequence[tuple[Loc, str]], origins: Origins) -> list[Problem]:
    """Problems with places in the merged records, each at its file and line."""
    problems: list[Problem] = []
    locators: dict[str, Callable[[Loc], int]] = {}
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
        problems.append(Problem.at(given.name, line, local_loc, message))
    return problems


def _other_subjects(named: Sequence[str], origins: Origins) -> list[Problem]:
    """A slate has one subject: each file that names another than the first file to name
    one is a problem at its line."""
    # A file names the subject once at most: the i-th naming is the i-th naming file's.
    namers = [given for _, given in origins[SUBJECT]]
    return [
        Problem.at(
            given.name,
            _locator(given)((SUBJECT,)),
            (SUBJECT,),
            f"names {naming!r}, but {namers[0].name} names {named[0]!r}: a slate has one "
            "subject (name it in one file, or the same in each)",
        )
        for naming, given in zip(named, namers, strict=True)
        if naming != named[0]
    ]


_Locators = dict[int, Callable[[Loc], int]]
"""Line finders of the files read, by their place among them: each file parsed once for all
the problems placed in it."""


def _lone_claims(read: Sequence[_Read], locators: _Locators) -> list[Problem]:
    """The problems each claim has on its own (`lone_claim_problems`), in files valid or not,
    at their places; none where the file already has a problem (its date cannot be read)."""
    problems: list[Problem] = []
    said = [{p.loc for p in r.problems if p.loc} for r in read]
    for n, loc, message in lone_claim_problems([r.records for r in read]):
        if loc in said[n]:
            continue
        if n not in locators:
            locators[n] = _locator(read[n].given)
        problems.append(Problem.at(read[n].given.name, locators[n](loc), loc, message))
    return problems


def _id_problems(
    read: Sequence[_Read], complete: bool = True, locators: _Locators | None = None
) -> list[Problem]:
    """Every file's problems, with ids defined twice or named and not defined (`unresolved`)
    added at their places. Where a file's problem is about the very value (an id that is
    not one: 'Top Gun 3'), it is not said again, but offered the id it may mean.

    Not `complete` (a file that could not be read as records at all), any id may be defined
    out of sight, and none is called unknown; nor is one whose records a file holds in a
    form that was not read (`sources:` written twice, or not as a list)."""
    problems: list[Problem] = []
    own = [{p.loc: k for k, p in enumerate(r.problems) if p.loc} for r in read]
    mine = [list(r.problems) for r in read]
    unseen = set(KEYS)
    if complete:  # but for keys a file holds twice, or not as a list (said with no place)
        unseen = {p.field for r in read for p in r.problems if not p.loc}
    if locators is None:
        locators = {}
    for found in unresolved([r.records for r in read], unseen):
        said = own[found.file].get(found.loc)
        if said is not None:
            if found.meant:
                earlier = mine[found.file][said]
                mine[found.file][said] = dataclasses.replace(
                    earlier, message=f"{earlier.message}; did you mean {found.meant!r}?"
                )
            continue
        if found.file not in locators:
            locators[found.file] = _locator(read[found.file].given)
        line = locators[found.file](found.loc)
        problems.append(Problem.at(read[found.file].given.name, line, found.loc, found.message))
    for each in mine:
        problems += each
    return problems


def _locator(given: _Input) -> Callable[[Loc], int]:
    """Line numbers of places in a file that validated but needs one for a problem."""
    try:
        found = given.read()
    except NotRead:
        found = None
    if found is None:
        return lambda loc: 1
    raw = found[0]
    if given.json:
        text = raw.decode("utf-8-sig", "replace")
        return JsonPlaces(text).line
    document = read_yaml(raw, given.name, [])
    if document is None:
        return lambda loc: 1
    node = document[0]
    return lambda loc: line_at(node, loc)


def _read_records(
    given: _Input,
    problems: list[Problem],
    fresh: list[tuple[cache.FileKey, Records]],
    keys: list[cache.FileKey],
) -> Records | None:
    """One file's validated records: from the cache when it holds this very file, else
    parsed and validated (and then cached). With its problems noted in `problems` (a list of
    its own), its records as far as they could be read (yamlfile, jsonfile); None if it has
    none to read."""
    try:
        found = given.read()
    except NotRead as refused:
        problems.append(Problem(given.name, 0, "", str(refused)))
        return None
    if found is None:
        return None
    raw, info = found
    key = None
    if given.real_path is not None and info is not None:
        key = cache.file_key(given.real_path, raw, info)
        keys.append(key)
        cached = cache.read_entry(key)
        if isinstance(cached, dict) and cached.keys() <= KEYS.keys():
            return cached
    parsed = (json_records if given.json else yaml_records)(raw, given.name, problems)
    del raw
    if key is not None and parsed is not None and not problems:
        fresh.append((key, parsed))
    return parsed

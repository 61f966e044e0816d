"""Untrusted data folders, handed over as an attacker would: each is checked by the real CLI
(`python -m slate validate --data DIR`) in a child process capped in memory and time
(tests/capped.py), and must get exit 1 and a problem naming its file, line and field, or,
for the folders that are fine, exit 0. No case may end in a traceback, a signal or the
time limit, and no output may carry a control character.

After the module, the figures for the record are printed: cases tried, clear errors with
a place, tracebacks, crashes, and the slowest and largest case. Last come the tests of the
cheap pre-scan that spares most files the exact shape check.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from slate.load import DEFAULT_DATA, yamlfile
from tests.capped import Outcome, run_cli
from tests.conftest import VALID


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target` (relative to the link's folder, or absolute)."""

    target: str


class Fifo:
    """A named pipe: opening it to read would block until a writer came."""


class Socket:
    """A Unix socket, bound and left behind."""


class Folder:
    """A folder."""


Entry = str | bytes | Link | Fifo | Socket | Folder

P = textwrap.dedent(VALID["projects.yaml"])
S = textwrap.dedent(VALID["sources.yaml"])
E = textwrap.dedent(VALID["events.yaml"])
ONE = "projects:\n  - {id: one, title: One, status: rumored, logline: L, sources: [trade-2025]}\n"


def _nine_fold(use: str) -> str:
    """A "billion laughs": nine anchors, each nine aliases of the one before, 9^9 strings."""
    lines = ["x:", '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {cur}: &{cur} [{', '.join(f'*{prev}' for _ in range(9))}]")
    return "\n".join(lines) + "\n" + use


def _json_project(**extra: str) -> str:
    record = {"id": "one", "title": "One", "status": "rumored", "logline": "L"}
    record |= {"sources": ["trade-2025"], **extra}  # type: ignore[dict-item]
    return json.dumps({"projects": [record]})


@dataclass(frozen=True)
class Case:
    """A folder `data/` (VALID with `files` written over it) and what the CLI must say."""

    id: str
    files: dict[str, Entry | None]
    where: tuple[str, int, str] | None
    """(file, line, field) of the expected problem, as printed (line 0: the whole file);
    None for a folder that must load."""
    words: str
    """In the expected problem's message, or in the ok line."""
    around: dict[str, str] = field(default_factory=dict)
    """Files beside data/, outside the folder."""
    deny: tuple[str, ...] = ()
    """Entries of data/ (or "." for data/ itself) that may not be read, as after chmod 000."""
    data: str = "data"
    """What --data names, relative to the case's folder."""
    never: tuple[str, ...] = ()
    """Text that must not appear in the output at all."""


CASES = [
    # Files built to exhaust the process.
    Case(
        "nesting 25,000 flow lists deep (50 KB)",
        {"x.yaml": "x: " + "[" * 25_000 + "]" * 25_000 + "\n"},
        ("x.yaml", 1, ""),
        "nested more than 64 deep",
    ),
    Case(
        "nesting 25,000 flow mappings deep",
        {"x.yaml": "x: " + "{a: " * 25_000 + "b" + "}" * 25_000 + "\n"},
        ("x.yaml", 1, ""),
        "nested more than 64 deep",
    ),
    Case(
        "nesting 200 indented mappings deep",
        {"x.yaml": "x:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(200))},
        ("x.yaml", 65, ""),
        "nested more than 64 deep",
    ),
    Case(
        "nesting 100 compact lists on one line",
        {"x.yaml": "x:\n" + "- " * 100 + "a\n"},
        ("x.yaml", 2, ""),
        "nested more than 64 deep",
    ),
    Case(
        "nesting deep inside a project's credits",
        {"projects.yaml": P.replace("- name: Ana Director", "- name: " + "[" * 70 + "]" * 70)},
        ("projects.yaml", 7, ""),
        "nested more than 64 deep",
    ),
    Case(
        "alias bomb in status (9^9 strings from 500 bytes)",
        {"bomb.yaml": _nine_fold(P.replace("status: announced", "status: *i"))},
        ("bomb.yaml", 5, ""),
        "alias *c repeats too much",
    ),
    Case(
        "alias bomb in release",
        {"bomb.yaml": _nine_fold(P.replace('release: "2026-10-02"', "release: *i"))},
        ("bomb.yaml", 5, ""),
        "alias *c repeats too much",
    ),
    Case(
        "alias bomb as the projects list",
        {"projects.yaml": _nine_fold("projects: *i\n")},
        ("projects.yaml", 5, ""),
        "aliases in a file may repeat 10,000 values and characters in all",
    ),
    Case(
        "alias inside its own anchor",
        {"x.yaml": "x: &loop [a, *loop]\n"},
        ("x.yaml", 1, ""),
        "alias *loop is inside its own anchor",
    ),
    Case(
        "alias to a 5 MB string, twice",
        {"x.yaml": 'x: &big "' + "a" * 5_000_000 + '"\ny: [*big, *big]\n'},
        ("x.yaml", 2, ""),
        "alias *big repeats too much",
    ),
    Case(
        "a 5 MB release date",
        {"projects.yaml": P.replace('"2026-10-02"', '"2026' + "0" * 5_000_000 + '"')},
        ("projects.yaml", 5, "projects[0].release"),
        "not an EDTF date: '20260000",
    ),
    Case(
        "a 5 MB status",
        {"projects.yaml": P.replace("status: announced", "status: " + "x" * 5_000_000)},
        ("projects.yaml", 4, "projects[0].status"),
        "'xxxxxxxx",
    ),
    Case(
        "a 1 MB unknown field name",
        {
            "projects.yaml": P.replace(
                "title: Alpha", "title: Alpha\n    ? " + "k" * 10**6 + "\n    : v"
            )
        },
        ("projects.yaml", 4, "projects[0]." + "k" * 188 + "… (999812 more characters)"),
        "unknown field",
    ),
    Case(
        "a number 5,000 digits long",
        {"projects.yaml": P.replace("title: Alpha", "title: " + "9" * 5000)},
        ("projects.yaml", 3, ""),
        "a number 5000 characters long is too long to read; quote it if it is text",
    ),
    # Dates PyYAML would make datetime.date of (or crash on): they reach FuzzyDate as text.
    Case(
        "unquoted month 13",
        {"projects.yaml": P.replace('"2026-10-02"', "2026-13-45")},
        ("projects.yaml", 5, "projects[0].release"),
        "'2026-13-45' (month 13 is not 01-12",
    ),
    Case(
        "unquoted 30 February",
        {"projects.yaml": P.replace('"2026-10-02"', "2026-02-30")},
        ("projects.yaml", 5, "projects[0].release"),
        "'2026-02-30' (2026-02 has no day 30)",
    ),
    Case(
        "unquoted 29 February in a common year",
        {"projects.yaml": P.replace('announced: "2020"', "announced: 2026-02-29")},
        ("projects.yaml", 13, "projects[1].announced"),
        "2026-02 has no day 29",
    ),
    Case(
        "unquoted impossible publication date",
        {"sources.yaml": S.replace('"2025-36"', "2025-00-10")},
        ("sources.yaml", 4, "sources[0].published"),
        "'2025-00-10'",
    ),
    Case(
        "unquoted impossible event date",
        {"events.yaml": E.replace('"2020"', "2020-04-31")},
        ("events.yaml", 2, "events[0].date"),
        "2020-04 has no day 31",
    ),
    Case(
        "unquoted timestamp",
        {"projects.yaml": P.replace('"2026-10-02"', "2026-10-02 25:61:00")},
        ("projects.yaml", 5, "projects[0].release"),
        "not an EDTF date: '2026-10-02 25:61:00'",
    ),
    # Keys that are not text.
    Case(
        "a list as a key in a project",
        {
            "projects.yaml": P.replace(
                "    title: Alpha\n", "    title: Alpha\n    ? [a, b]\n    : x\n"
            )
        },
        ("projects.yaml", 4, ""),
        "a key must be plain text, not a list or mapping",
    ),
    Case(
        "a mapping as a top-level key",
        {"x.yaml": "? {a: b}\n: c\n"},
        ("x.yaml", 1, ""),
        "a key must be plain text",
    ),
    Case(
        "a flow list as a key",
        {"x.yaml": "[a, b]: c\n"},
        ("x.yaml", 1, ""),
        "a key must be plain text",
    ),
    Case(
        "a number as a key",
        {"projects.yaml": P.replace("    title: Alpha\n", "    title: Alpha\n    1: x\n")},
        ("projects.yaml", 4, "projects[0].1"),
        "unknown field",
    ),
    Case(
        "a null key",
        {"projects.yaml": P.replace("    title: Alpha\n", "    title: Alpha\n    ~: x\n")},
        ("projects.yaml", 4, "projects[0].~"),
        "unknown field",
    ),
    # Bytes that are not YAML text.
    Case(
        "a NUL byte on line 3",
        {"projects.yaml": P.replace("title: Alpha", "title: Al\x00pha")},
        ("projects.yaml", 3, ""),
        "a NUL byte (U+0000) is not allowed in YAML text",
    ),
    Case(
        "a bell character",
        {"sources.yaml": S.replace("Covers", "Co\x07vers")},
        ("sources.yaml", 5, ""),
        "a control character (U+0007) is not allowed",
    ),
    Case(
        "Latin-1 bytes",
        {"sources.yaml": S.replace("A trade report", "Caf\u00e9").encode("latin-1")},
        ("sources.yaml", 3, ""),
        "not UTF-8 text (byte 0xe9)",
    ),
    Case(
        "UTF-16",
        {"sources.yaml": S.encode("utf-16")},
        ("sources.yaml", 1, ""),
        "not UTF-8 text (byte 0xff)",
    ),
    # Entries that are not plain files inside the folder.
    Case(
        "an unreadable file",
        {},
        ("projects.yaml", 0, ""),
        "cannot be read: permission denied",
        deny=("projects.yaml",),
    ),
    Case(
        "an unreadable folder",
        {},
        ("", 0, ""),
        "cannot list its files: permission denied",
        deny=(".",),
    ),
    Case("a named pipe", {"pipe.yaml": Fifo()}, ("pipe.yaml", 0, ""), "not a plain file"),
    Case("a socket", {"sock.yaml": Socket()}, ("sock.yaml", 0, ""), "not a plain file"),
    Case("a folder named x.yaml", {"x.yaml": Folder()}, ("x.yaml", 0, ""), "a folder, not a file"),
    Case(
        "a link to nothing",
        {"gone.yaml": Link("nowhere.yaml")},
        ("gone.yaml", 0, ""),
        "a link to nothing (its target is missing): not read",
    ),
    Case(
        "a link that loops",
        {"a.yaml": Link("b.yaml"), "b.yaml": Link("a.yaml")},
        ("a.yaml", 0, ""),
        "a link that loops back on itself: not read",
    ),
    Case(
        "a link out of the folder, to a secrets file",
        {"secrets.yaml": Link("../secrets.env")},
        ("secrets.yaml", 0, ""),
        "a link to a file outside the data folder: not followed",
        around={"secrets.env": "DB_PASSWORD: hunter2\n"},
        never=("DB_PASSWORD", "hunter2"),
    ),
    Case(
        "a link out of the folder by an absolute path",
        {"passwd.yaml": Link("/etc/passwd")},
        ("passwd.yaml", 0, ""),
        "a link to a file outside the data folder: not followed",
        never=("root:x",),
    ),
    Case(
        "a file of the wrong shape beside a link that is fine",
        {
            "events.yaml": "- date: '2020'\n",
            "inner": Folder(),
            "inner/more.txt": ONE,
            "more.yaml": Link("inner/more.txt"),
        },
        ("events.yaml", 1, ""),
        "expected a mapping",
    ),
    Case(
        "a folder with no data files",
        {n: None for n in VALID},
        ("", 0, ""),
        "no .yaml, .yml or .json",
    ),
    Case("--data names a file", {}, ("", 0, ""), "not a folder", data="data/projects.yaml"),
    Case("--data names nothing", {}, ("", 0, ""), "not a folder", data="nowhere"),
    # What reaches a terminal stays inert.
    Case(
        "a key that clears the screen and prints a green ok",
        {
            "projects.yaml": P.replace(
                "title: Alpha", 'title: Alpha\n    "\\e[2J\\e[32mok\\e[0m": x'
            )
        },
        ("projects.yaml", 4, "projects[0].\\x1b[2J\\x1b[32mok\\x1b[0m"),
        "unknown field",
    ),
    Case(
        "a status that forges a second problem line",
        {"projects.yaml": P.replace("status: announced", 'status: "x\\ndata/a.yaml:1: ok"')},
        ("projects.yaml", 4, "projects[0].status"),
        "'x\\ndata/a.yaml:1: ok' is not a status",
    ),
    Case(
        "a newline in a file name",
        {"a\nb.yaml": "happenings: []\n"},
        ("a\\x0ab.yaml", 1, "happenings"),
        "unknown key",
    ),
    Case(
        "an escape sequence in a file name",
        {"\x1b[31mred.yaml": "happenings: []\n"},
        ("\\x1b[31mred.yaml", 1, "happenings"),
        "unknown key",
    ),
    Case(
        "a right-to-left override in a key",
        {"projects.yaml": P.replace("title: Alpha", "title: Alpha\n    evil\u202etxt.exe: x")},
        ("projects.yaml", 4, "projects[0].evil\\u202etxt.exe"),
        "unknown field",
    ),
    Case(
        "a C1 control in a status",
        {"projects.yaml": P.replace("status: announced", 'status: "a\\x9b2Jb"')},
        ("projects.yaml", 4, "projects[0].status"),
        "'a\\x9b2Jb' is not a status",
    ),
    Case(
        "an undecodable byte in a file name",
        {"caf\udce9.yaml": "happenings: []\n"},
        ("caf\\udce9.yaml", 1, "happenings"),
        "unknown key",
    ),
    # Other malformed YAML.
    Case(
        "two documents",
        {"events.yaml": E + "---\nevents: []\n"},
        ("events.yaml", 6, ""),
        "expected a single document in the stream but found another document",
    ),
    Case(
        "a Python object tag",
        {"events.yaml": "events: !!python/object:os.system ls\n"},
        ("events.yaml", 1, ""),
        "could not determine a constructor for the tag",
    ),
    Case(
        "a tab for indentation",
        {"events.yaml": "events:\n\t- date: '2020'\n"},
        ("events.yaml", 2, ""),
        "YAML syntax",
    ),
    Case(
        "an unclosed quote",
        {"events.yaml": 'events:\n  - date: "2020\n'},
        ("events.yaml", 3, ""),
        "YAML syntax",
    ),
    # Folders that are fine, however unusual.
    Case(
        "an empty projects key",
        {"projects.yaml": "projects:\n", "events.yaml": None},
        None,
        "0 projects, 0 events, 1 sources",
    ),
    Case(
        "an empty slate",
        {"sources.yaml": "sources: []\n", "projects.yaml": "projects: []\n", "events.yaml": None},
        None,
        "0 projects, 0 events, 0 sources",
    ),
    Case(
        "a few short aliases and a merge key",
        {
            "projects.yaml": P.replace("sources: [trade-2025]", "sources: &cited [trade-2025]", 1)
            .replace("sources: [trade-2025]", "sources: *cited")
            .replace("    title: Beta\n", "    <<: {title: Beta}\n")
        },
        None,
        "2 projects, 1 events, 1 sources",
    ),
    Case(
        "an upper-case suffix, and a link to a file inside the folder",
        {
            "MORE.YAML": ONE,
            "inner": Folder(),
            "inner/two.txt": ONE.replace("one", "two"),
            "link.yml": Link("inner/two.txt"),
        },
        None,
        "4 projects, 1 events, 1 sources",
    ),
    Case(
        "an editor's lock file: a hidden link to nothing",
        {".#projects.yaml": Link("root@host.1234:1700000000")},
        None,
        "2 projects, 1 events, 1 sources",
    ),
    # JSON files get the same care: nothing deep is built, nothing long is echoed whole.
    Case(
        "JSON nested 25,000 lists deep",
        {"x.json": '{"x": ' + "[" * 25_000 + "]" * 25_000 + "}"},
        ("x.json", 1, ""),
        "nested more than 64 deep",
    ),
    Case(
        "JSON of 3,000,000 opening brackets",
        {"x.json": "[" * 3_000_000},
        ("x.json", 1, ""),
        "nested more than 64 deep",
    ),
    Case(
        "JSON with a 5 MB release date",
        {"x.json": _json_project(release="2026" + "0" * 5_000_000)},
        ("x.json", 1, "projects[0].release"),
        "not an EDTF date: '20260000",
    ),
    Case(
        "JSON with a number 100,000 digits long",
        {"x.json": _json_project().replace('"One"', "9" * 100_000)},
        ("x.json", 1, ""),
        "JSON syntax: number out of range",
    ),
    Case(
        "JSON with raw control characters in a string",
        {"x.json": _json_project().replace('"One"', '"a\x1b[2J\x07b"')},
        ("x.json", 1, ""),
        "JSON syntax: control character",
    ),
    Case(
        "a JSON project beside the YAML ones",
        {"x.json": _json_project()},
        None,
        "3 projects, 1 events, 1 sources",
    ),
]
RESULTS: dict[str, tuple[str, Outcome]] = {}
"""Each case's outcome and how it was judged, for the figures at the end."""

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _build(base: Path, case: Case) -> Path:
    base.mkdir()
    for name, text in case.around.items():
        (base / name).write_text(text, encoding="utf-8")
    folder = base / "data"
    folder.mkdir()
    entries: dict[str, Entry | None] = {**{k: textwrap.dedent(v) for k, v in VALID.items()}}
    entries.update(case.files)
    for name, entry in entries.items():
        path = folder / name
        if entry is None:
            continue
        if isinstance(entry, bytes):
            path.write_bytes(entry)
        elif isinstance(entry, str):
            path.write_text(entry, encoding="utf-8")
        elif isinstance(entry, Link):
            path.symlink_to(entry.target)
        elif isinstance(entry, Fifo):
            os.mkfifo(path)
        elif isinstance(entry, Socket):
            with socket.socket(socket.AF_UNIX) as bound:
                bound.bind(str(path))
        else:
            path.mkdir()
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_untrusted_folder_gets_a_clear_answer(case: Case, tmp_path: Path) -> None:
    folder = _build(tmp_path / "case", case)
    data = folder.parent / case.data
    denied = [folder / name for name in case.deny]
    for path in denied:
        path.chmod(0)
    try:
        outcome = run_cli(
            "validate",
            "--data",
            str(data),
            deny=tuple(path.resolve() for path in denied),
            shim_dir=tmp_path,
        )
    finally:
        for path in denied:
            path.chmod(0o755)
    kind = _judge(outcome)
    RESULTS[case.id] = (kind, outcome)
    assert not outcome.timed_out, f"still running after {outcome.seconds:.0f} s"
    assert not outcome.crashed, f"ended by signal {-outcome.returncode}"
    assert b"Traceback" not in outcome.stderr, outcome.stderr[-2000:].decode(errors="replace")
    out = outcome.stdout.decode("utf-8")
    err = outcome.stderr.decode("utf-8")
    assert not _CONTROL.search(out + err), "a control character reached the terminal"
    for text in case.never:
        assert text not in out + err
    if case.where is None:
        assert (outcome.returncode, err) == (0, ""), err
        assert out.startswith(f"ok: {data}: ") and case.words in out, out
        assert out.count("\n") == 1
        return
    assert (outcome.returncode, out) == (1, "")
    head, *problems = err.splitlines()
    count = len(problems)
    assert head == f"{count} problem{'s' if count != 1 else ''} in the slate data"
    name, line, field_ = case.where
    place = str(data / name) if name else str(data)
    where = place + (f":{line}" if line else "") + ": " + (f"{field_}: " if field_ else "")
    assert any(p.startswith(where) and case.words in p for p in problems), problems
    # Every line names its place in the folder: nothing stray, nothing split in two.
    assert all(p.startswith(str(data)) for p in problems), problems
    assert len(err) < 4000 * count, "a problem line grew with the data"


def _judge(outcome: Outcome) -> str:
    if outcome.timed_out:
        return "timeout"
    if outcome.crashed:
        return "crash"
    if b"Traceback" in outcome.stderr:
        return "traceback"
    return "ok" if outcome.returncode == 0 else "clear error"


@pytest.fixture(scope="module", autouse=True)
def _figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module, the figures for the record, from the cases that ran."""
    yield
    if not RESULTS:
        return
    kinds = [kind for kind, _ in RESULTS.values()]
    slowest = max(RESULTS, key=lambda k: RESULTS[k][1].seconds)
    largest = max(RESULTS, key=lambda k: RESULTS[k][1].peak_rss_mb)
    lines = [
        f"untrusted folders: {len(RESULTS)} tried, {kinds.count('clear error')} clear errors"
        f" with a place, {kinds.count('ok')} loaded as valid, {kinds.count('traceback')}"
        f" tracebacks, {kinds.count('crash')} crashes, {kinds.count('timeout')} hangs",
        *(
            f"{label}: {name} ({RESULTS[name][1].seconds:.2f} s,"
            f" {RESULTS[name][1].peak_rss_mb:.0f} MB peak RSS)"
            for label, name in (("slowest", slowest), ("largest", largest))
        ),
    ]
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():  # printed even when output is captured
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)


# The pre-scan that spares most files the exact shape check (slate/load/yamlfile.py) must
# never clear a text that nests deeper than its bound. Texts are built from YAML's indicators,
# quotes, brackets and lines known to have fooled earlier versions, repeated to pile levels up.
_TOKENS = (
    "- ", "? ", ": ", "k: ", "k:", "[", "]", "{", "}", ", ", ",", '"', "'", "a", " ", "  ",
    "#", " #", "!t ", "&a ", "*a", "|", ">", "\\", "-", "?", ":", "x y", "\u00a0", "\t", "%",
    "@", "`", '"]', "']", '["', "['", "\r", "\n", "\n  ", "\n- ",
)  # fmt: skip
_LINES = (
    't: "x', "t: 'x", '[", [? "]', "- [a, b]", "- {a: b}", '[? "]', "k: |", "  [[[", '"', "'",
    "- - - a", "? - a", ": - b", "k:", "  - x", "[a: b]", "['], [? ']", 'k: [? "]', 'k: ["',
    '[" [[[x]]]: v"]', "- [", "]", "[a,", " b]", "{a: [", "]}", 'k: [a: "b', '"]', ": [",
    "? [", "k: ['", "', [? '", 'k: [a "', 'b "c",', "'x' ]", 'k: [" # ",', '  "', "- \"",
    "k: >", "    [x]", "[a]: b", "{? a: b}", '? "]"', "- [a, \"b]\"", 'k: {a: "}"}',
    "- ? [", "  : [", "[a, b", " c, d]", "[!t a]", "- !!seq", "--- [", "...",
    "k: [\u00a0\"]", '[", [!t "]',
)  # fmt: skip


def _line(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(_LINES)
    return " " * rng.randint(0, 4) + "".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 7)))


def _depth_reached(text: str) -> int:
    """How deep libyaml's events go before the end or the first error: what the composer
    would recurse into."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


def test_the_pre_scan_never_clears_a_text_deeper_than_its_bound() -> None:
    rng = random.Random(42)
    cleared = 0
    for _ in range(30_000):
        head = [_line(rng) for _ in range(rng.randint(0, 3))]
        block = [_line(rng) for _ in range(rng.randint(1, 3))]
        tail = [_line(rng) for _ in range(rng.randint(0, 2))]
        text = "\n".join(head + block * rng.randint(1, 6) + tail) + rng.choice(("\n", ""))
        if yamlfile._may_be_deep_or_aliased(text):
            continue
        cleared += 1
        # The bound the scan relies on: two block levels per column of indentation and
        # indicators, plus two for a one-line flow collection of `key: value` pairs.
        run = max(len(re.match(r"[ \t?:-]*", line)[0]) for line in text.split("\n"))  # type: ignore[index]
        assert _depth_reached(text) <= 2 * (run + 1) + 2, text
    assert cleared > 1000, "the generator no longer makes texts the scan clears"


@pytest.mark.parametrize(
    "text",
    [
        'k: [? "]\n' + '[", [? "]\n' * 40,
        'k: [!t "]\n' + '[", [!t "]\n' * 40,
        't: "x\nk: ["\n' + "? [\n" * 40,
        'k: [\u00a0"]\n' + "[" * 70 + "x" + "]" * 70 + ': v"]\n',
        "x:\n" + "".join(" " * i + "- k:\n" for i in range(0, 60, 2)),
        "x: &a [1]\n",
        "x:\r" + "".join(" " * (i + 1) + "k:\r" for i in range(70)),
    ],
    ids=["key quote", "tag quote", "open string", "no-break space", "deep indent", "anchor", "CR"],
)
def test_texts_that_once_fooled_the_pre_scan_get_the_exact_check(text: str) -> None:
    assert yamlfile._may_be_deep_or_aliased(text)


def test_the_pre_scan_clears_the_seeds_and_large_synthetic_slates(tmp_path: Path) -> None:
    # Clearing them is what keeps the exact check (a fifth of a load) off the common path.
    from slate.synthetic import synthetic_slate, write_slate_folder

    written = write_slate_folder(synthetic_slate(2000), tmp_path)
    for path in [*written, *sorted(Path(DEFAULT_DATA).glob("*.yaml"))]:
        assert not yamlfile._may_be_deep_or_aliased(path.read_text(encoding="utf-8")), path

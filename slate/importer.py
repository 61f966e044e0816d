"""Someone's own films, from the Import page or `python -m slate import`.

What comes in:

- **a list of films** as a person or another tool writes it: a CSV with a header row (its
  cells split on commas, or on the semicolons or tabs its header is split on), or a JSON or
  YAML list of mappings, one per film (an item that is not one is refused at its line).
  Columns are matched by name whatever their case, spacing or punctuation ("Release date",
  "release_date", "RELEASE DATE"), under the names people use (Film, Directed by, Opens,
  Starring, Distributor, ...); this dashboard's own CSV export is one such list, and reads
  back to the same table;
- **the JSON export**, turned back into the data file it came from;
- **a data file** (YAML or JSON), which goes to the loader as it is.

A list becomes one data file: a project per row, each at its line or refused at it in
plain words (no title, a status nobody uses, a date the press reader cannot read, a film
already on the slate or earlier in the list). Nothing is made up to fill a gap: a row
with no status is refused rather than given one. Rows that name no sources cite a source
made for the list itself (its name, its file, the day it was brought in), so every fact
still has one. Dates go through the press reader (`slate.press`), and the words as written
are kept beside the date read from them (`written`).

Nothing here trusts the bytes: a CSV is read by the standard library, never filled in (a
row with too few or too many cells is refused), a JSON list by Python's scanner one item
at a time, a YAML list as a stream of events, refused past the depth a list of films needs
and where it uses aliases, so nothing unbounded is ever built. Problems that stop a whole
file are the loader's own kind (`slate.load.Problem`), so the page shows both alike.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import TypeAdapter, ValidationError

from slate.dates import FuzzyDate, FuzzyDateError
from slate.export import FORMAT, defuse
from slate.load import Document, Problem
from slate.models import Claim, Project, Slate, Status, fold
from slate.press import PressDateError, Reading, read_date
from slate.report import file_name
from slate.words import plural

__all__ = [
    "MAX_UPLOAD_BYTES",
    "REQUIRED_COLUMNS",
    "TEMPLATE",
    "Added",
    "Mode",
    "Rejected",
    "Upload",
    "as_data_file",
    "read_lists",
    "read_upload",
    "rejected_csv",
    "repeated",
    "settle",
    "template_csv",
    "title_key",
    "whole_file",
]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""The largest file the page takes (the server's own upload limit is the same:
.streamlit/config). The command line reads a user's own files whatever their size."""
REQUIRED_COLUMNS = ("id", "title", "status", "sources")
"""The columns that mark a CSV as this dashboard's export (its stable first ten hold
them): such a file splits names on ";" alone, as the export joins them."""
NO_LOGLINE = "No logline in the imported file."
CSV_HOLDS = (
    "A CSV holds the table only: events, obstacles, parties, credit roles and each "
    "source's dated claims are not in it, so they are not in the slate made from it."
)
JSON_HOLDS = "The JSON export holds projects and the sources they cite: events are not in it."
TEMPLATE = Path(__file__).with_name("templates") / "films.csv"
"""A list of films to fill in: the headers people write, and a row showing each form."""

Mode = Literal["add", "replace"]
Cell = str | list[str]
_PROJECT = TypeAdapter(Project)
_CLAIM = TypeAdapter(Claim)
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# --- Columns ------------------------------------------------------------------------------

_NAMES: dict[str, tuple[str, ...]] = {
    # field: the headers that mean it, beyond the export's own name (matched folded)
    "id": ("id",),
    "title": ("title", "film", "movie", "name", "film title", "movie title"),
    "directors": ("directors", "director", "directed by"),
    "cast": ("cast", "starring", "stars"),
    "release": ("release", "release date", "opens", "opening", "opening date", "premiere"),
    "year": ("year", "release year"),
    "status": ("status", "stage"),
    "studio": ("studio", "distributor"),
    "genre": ("genre",),
    "logline": ("logline", "synopsis", "description"),
    "aliases": ("aliases", "also known as", "aka"),
    "announced": ("announced",),
    "filming": ("filming", "shooting"),
    "sources": ("sources",),
    # the export's own, read back as it wrote them
    "directors_marked": ("directors_marked",),
    "cast_marked": ("cast_marked",),
    "status_basis": ("status_basis",),
    "source_names": ("source_names",),
    "rival_of": ("rival_of",),
}
_DERIVED = ("release_label", "status_label", "announced_label", "filming_label", "flags",
            "newest_source", "newest_source_label", "days_since_update")  # fmt: skip
"""The export's columns that say in words what the data holds elsewhere: not read back."""
_PEOPLE = frozenset({"directors", "cast"})
_DATES = ("release", "announced", "filming")
_CLAIMABLE = ("status", "release", "filming", "directors", "cast")


def _key(header: str) -> str:
    """A header as compared: folded, and only its letters and digits."""
    return "".join(c for c in fold(header) if c.isalnum())


_FIELD_BY_KEY = {_key(name): f for f, names in _NAMES.items() for name in names}
_DERIVED_KEYS = frozenset(_key(name) for name in _DERIVED)
_TITLE_WORDS = "Title, Film, Movie or Name"


@dataclass(frozen=True)
class _Columns:
    """How one file's headers are read."""

    fields: dict[str, str]
    """Header as written -> field."""
    written: dict[str, str]
    """Field -> header as written, for refusals in the file's own words."""
    left_out: tuple[str, ...]
    export: bool

    def name(self, field_name: str) -> str:
        return self.written.get(field_name, field_name)


def _columns(headers: Sequence[str], where: str, mappings: bool) -> _Columns | Problem:
    """How a file's headers are read. A CSV's header row is one for every row, so two
    columns for one field stop it; in a list of mappings each row names its own keys, and
    only a row that gives one field twice is refused."""
    fields: dict[str, str] = {}
    written: dict[str, str] = {}
    left_out: list[str] = []
    for header in headers:
        found = _FIELD_BY_KEY.get(_key(header))
        if found is None:
            if _key(header) not in _DERIVED_KEYS:
                left_out.append(header or "(a column with no name)")
            continue
        if found in written and mappings:
            fields[header] = found
            continue
        if found in written:
            return Problem(
                where, 1, "", f"columns {written[found]!r} and {header!r} both give the "
                f"{found.replace('_', ' ')}: keep one",
            )  # fmt: skip
        fields[header], written[found] = found, header
    if "title" not in written:
        read = ", ".join(headers[:8]) + (", …" if len(headers) > 8 else "")
        return Problem(
            where, 1, "", f"no title column: name one {_TITLE_WORDS} (the columns here: "
            f"{read or 'none'})",
        )  # fmt: skip
    if "status" not in written:
        return Problem(
            where, 1, "", "no status column: add one (Status or Stage) saying where each film "
            f"stands ({_STATUS_LIST}); nothing is assumed",
        )  # fmt: skip
    export = all(c in written and written[c] == c for c in REQUIRED_COLUMNS)
    return _Columns(fields, written, tuple(left_out), export)


_STATUS_LIST = ", ".join(s.label for s in Status)

# --- What a read gives ------------------------------------------------------------------


_UNSAID_WORDS = {
    "studio": "the studio",
    "genre": "the genre",
    "logline": "the logline",
    "aliases": "other titles",
    "announced": "the day it was announced",
}
"""A project's fields that a claim about it has no place for, as the user is told of them."""


def _clipped(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


@dataclass(frozen=True)
class Rejected:
    """A row that was not loaded, and why."""

    line: int
    cells: dict[str, str]
    """The row as written, by its header."""
    problem: str
    """Why, in plain words."""
    file: str = ""
    title: str = ""


@dataclass(frozen=True)
class Added:
    """A row that the documents add: a new project, or claims about one on the slate."""

    file: str
    line: int
    id: str
    title: str
    claims: bool = False
    """True: the row is recorded as claims about the project already on the slate."""
    unsaid: tuple[tuple[str, str, str], ...] = ()
    """What the row gave that a claim cannot carry (a studio, a logline): each as its field,
    its column's name and the cell."""
    read: tuple[tuple[str, str, FuzzyDate], ...] = ()
    """Each date the row gave in words: its field, the words, and the date they became."""

    @property
    def dates_read(self) -> str:
        """What the row's words became: "release: 'late 2027' is Q4 2027 (2027-36)"."""
        return "; ".join(
            f"{field}: {_clipped(words)!r} is {date.label} ({date})"
            for field, words, date in self.read
        )

    @property
    def not_recorded(self) -> str:
        """What `unsaid` means to the user, or "" when the row gave nothing of the kind."""
        if not self.unsaid:
            return ""
        given = ", ".join(f"{header} {_clipped(value)!r}" for _, header, value in self.unsaid)
        fields = [_UNSAID_WORDS[f] for f, _, _ in self.unsaid]
        lost = fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} or {fields[-1]}"
        return f"{given} not recorded: a claim records status, dates and people, not {lost}"


@dataclass(frozen=True)
class _Taken:
    file: str
    line: int
    record: dict[str, Any]
    title: str
    cells: dict[str, str]
    claims: bool = False
    unsaid: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class _Draft:
    """The records a list gave, kept so that rows the whole slate refuses can be dropped
    and the document made again."""

    name: str
    header: str
    sources: tuple[dict[str, Any], ...]
    taken: tuple[_Taken, ...]

    def body(self) -> dict[str, Any]:
        projects = [t.record for t in self.taken if not t.claims]
        claims = [t.record for t in self.taken if t.claims]
        cited = {s for r in projects for s in r["sources"]} | {c["source"] for c in claims}
        body: dict[str, Any] = {"sources": [s for s in self.sources if s["id"] in cited]}
        if not body["sources"]:
            del body["sources"]
        if projects:
            body["projects"] = projects
        if claims:
            body["updates"] = claims
        return body

    def document(self) -> Document:
        return self.name, (self.header + to_yaml(self.body())).encode("utf-8")

    @property
    def json_name(self) -> str:
        # The loader tells JSON from YAML by the name's ending.
        return f"{self.name.rsplit('.', 1)[0]}.json"

    def json_document(self) -> Document:
        """The same records as JSON, which the loader reads several times faster than YAML
        and without a node tree ten times the data (to_yaml reads back the same: tested)."""
        return self.json_name, json.dumps(self.body(), ensure_ascii=False).encode("utf-8")

    def row_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The place in `taken` of the record a problem's location points into."""
        if len(loc) < 2 or not isinstance(loc[1], int) or loc[0] not in ("projects", "updates"):
            return None
        wanted = loc[0] == "updates"
        places = [i for i, t in enumerate(self.taken) if t.claims == wanted]
        return places[loc[1]] if loc[1] < len(places) else None


@dataclass(frozen=True)
class Upload:
    """What a file gives: data documents to load, or the problems that stop it."""

    name: str
    kind: str
    """What it was read as ("list of films (CSV)", "CSV export", "data file", ...), for the
    page's words."""
    documents: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Problems with the file as a whole, or with a part that stops it loading."""
    rejected: tuple[Rejected, ...] = field(default_factory=tuple)
    """Rows left out (the documents hold the rest)."""
    rows: int = 0
    """Rows read, loaded or not."""
    notes: tuple[str, ...] = ()
    """What the page should say but that stops nothing (columns left out)."""
    added: tuple[Added, ...] = ()
    """What the documents add, row by row."""
    left_out: tuple[str, ...] = ()
    """Columns not read, by their names."""
    digest: str = ""
    """The SHA-256 of the bytes read, written into a list's document to know it again."""
    draft: _Draft | None = field(default=None, compare=False, repr=False)

    @property
    def usable(self) -> bool:
        return bool(self.documents) and not self.problems

    @property
    def is_list(self) -> bool:
        """Rows read one by one (a list of films, the CSV export), not records whole."""
        return self.draft is not None


# --- Reading a file -----------------------------------------------------------------------


def read_upload(
    name: str,
    data: bytes,
    on_screen: Slate,
    mode: Mode,
    *,
    as_claims: bool = False,
    today: dt.date | None = None,
) -> Upload:
    """Turn an upload into data documents, checked against the slate on screen.

    `mode` says what the user asked for: "add" the file to the slate on screen (a report,
    say), or "replace" the slate with it. Only a list needs to know: added, its films are
    compared with those on screen (and with `as_claims`, one already there becomes claims
    about it), and its rows may name the screen's sources.
    """
    lower = name.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
        problem = Problem(name, 0, "", f"larger than {megabytes} MB: not read")
        return Upload(name, _kind(lower), problems=(problem,))
    if not lower.endswith((".csv", ".json", ".yaml", ".yml")):
        problem = Problem(name, 0, "", "not a .yaml, .yml, .json or .csv file")
        return Upload(name, "file", problems=(problem,))
    if not lower.endswith(".csv"):
        whole = whole_file(name, data)
        if whole is not None:
            return whole
    return read_lists(
        [(name, data)], on_screen, mode=mode, as_claims=as_claims, today=today,
        place="the slate on screen", document=f"{name} (rows loaded)",
    )  # fmt: skip


def _kind(lower: str) -> str:
    kind = "CSV" if lower.endswith(".csv") else "JSON" if lower.endswith(".json") else "YAML"
    return f"list of films ({kind})"


def whole_file(name: str, data: bytes) -> Upload | None:
    """A data file or the JSON export, read whole; None for a list of films."""
    text = _text(name, data)
    if isinstance(text, Upload):
        return dataclasses.replace(text, kind="file")
    if name.lower().endswith(".json"):
        if text.lstrip().startswith("["):
            return None
        return _read_json(name, text, data)
    return None if _yaml_is_a_list(text) else Upload(name, "data file", documents=((name, data),))


def _text(name: str, data: bytes) -> str | Upload:
    if not data.strip():
        return Upload(name, "file", problems=(Problem(name, 0, "", "the file is empty"),))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        return Upload(name, "file", problems=(Problem(name, line, "", message),))


def _yaml_is_a_list(text: str) -> bool:
    """Whether a YAML text's top level is a list (of films), from its first events only."""
    parser = _PARSER(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent):
                return isinstance(event, yaml.SequenceStartEvent)
    except yaml.YAMLError:
        pass  # the loader says what is wrong, at its line
    finally:
        parser.dispose()
    return False


def _read_json(name: str, text: str, data: bytes) -> Upload:
    """A JSON data file goes to the loader as it is; the JSON export is turned back into
    the data file it holds (its records, and the subject and sources in its meta)."""
    if not text.lstrip().startswith("{") or '"meta"' not in text[:4096]:
        return Upload(name, "JSON data file", documents=((name, data),))
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        problem = Problem(name, 0, "", f"not valid JSON: {error}")
        return Upload(name, "JSON export", problems=(problem,))
    meta = document.get("meta") if isinstance(document, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        return Upload(name, "JSON data file", documents=((name, data),))
    projects = document.get("projects")
    if not isinstance(projects, list) or not all(isinstance(p, dict) for p in projects):
        problem = Problem(name, 0, "projects", "expected a list")
        return Upload(name, "JSON export", problems=(problem,))
    records = {
        "subject": meta.get("subject"),
        "sources": meta.get("sources", []),
        "projects": [{k: v for k, v in p.items() if k != "table"} for p in projects],
    }
    # Re-written as a data file (JSON is YAML): problems then name its records' fields.
    converted = json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    return Upload(
        name,
        "JSON export",
        documents=((f"{name} (its records)", converted),),
        notes=(JSON_HOLDS,),
    )


# --- Rows of a list -----------------------------------------------------------------------

Row = tuple[int, list[tuple[str, Any]], str | None]
"""A row's line, its cells in the order written (header, value), and why it is refused
where that is known before its cells are read (a CSV row with a cell too many, an item of a
JSON or YAML list that is not a mapping)."""


class _Stop(Exception):
    """A file that cannot be read past a point: its problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _csv_rows(name: str, text: str) -> tuple[list[str], Iterator[Row]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise _Stop(Problem(name, 1, "", f"no header row ({error})")) from None

    def rows() -> Iterator[Row]:
        try:
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                line = reader.line_num
                if len(cells) != len(header):
                    ragged = (
                        f"{len(cells)} cells, the header has {len(header)}: a cell too many or "
                        "too few (nothing is filled in)"
                    )
                    yield line, list(zip(header, cells, strict=False)), ragged
                    continue
                yield line, list(zip(header, map(_undefuse, cells), strict=True)), None
        except csv.Error as error:
            where = Problem(name, reader.line_num, "", f"not CSV past this line ({error})")
            raise _Stop(where) from None

    return header, rows()


_QUOTED = re.compile(r'"[^"]*"?')


def _delimiter(text: str) -> str:
    """What a CSV puts between its cells, from its header line: ",", or the ";" that Excel
    writes where a comma is the decimal point, or a tab. Counted in the header alone (quoted
    names aside): the rows hold people's prose, where commas are no sign of anything."""
    header = _QUOTED.sub("", text.split("\n", 1)[0])
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > counts[","] else ","


_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_JSON_SCAN = json.JSONDecoder().raw_decode


def _json_rows(name: str, text: str) -> list[Row]:
    """A JSON list of mappings, item by item, each at the line it starts on."""
    rows: list[Row] = []
    line, counted = 1, 0

    def skip(at: int) -> int:
        nonlocal line, counted
        at = _JSON_SPACE.match(text, at).end()  # type: ignore[union-attr]
        line += text.count("\n", counted, at)
        counted = at
        return at

    def stop(message: str) -> _Stop:
        return _Stop(Problem(name, line, "", f"not valid JSON: {message}"))

    at = skip(0)
    if not text.startswith("[", at):
        raise stop("expected a list")
    at = skip(at + 1)
    closed = text.startswith("]", at)
    while not closed:
        try:
            item, at = _JSON_SCAN(text, at)
        except (ValueError, RecursionError) as error:
            raise stop(getattr(error, "msg", None) or "nested too deep") from None
        if isinstance(item, dict):
            rows.append((line, list(item.items()), None))
        else:
            rows.append((line, [], _not_a_film(json.dumps(item, ensure_ascii=False))))
        line += text.count("\n", counted, at)
        counted = at
        at = skip(at)
        if text.startswith("]", at):
            closed = True
        elif text.startswith(",", at):
            at = skip(at + 1)
        else:
            raise stop("expected ',' or ']' after an item")
    if text[at + 1 :].strip():
        skip(at + 1)
        raise stop("more after the list")
    return rows


def _yaml_rows(name: str, text: str) -> list[Row]:
    """A YAML list of mappings, read from its events: no deeper than a list of films needs
    (a cell may hold a list of names), and with no aliases, so nothing large is built."""
    parser = _PARSER(text)
    rows: list[Row] = []
    try:
        events = iter(parser.get_event, None)
        for event in events:
            if isinstance(event, yaml.SequenceStartEvent):
                break
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            line = _line(event)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _Stop(Problem(name, line, "", _NO_ALIASES))
            if not isinstance(event, yaml.MappingStartEvent):
                # One level of a list is read, as in a cell; deeper stops the file there.
                item = _yaml_value(name, itertools.chain([event], events))
                shown = json.dumps(item, ensure_ascii=False) if item != "" else ""
                rows.append((line, [], _not_a_film(shown)))
                continue
            cells: list[tuple[str, Any]] = []
            while not isinstance(key := next(events), yaml.MappingEndEvent):
                cells.append((_yaml_scalar(name, key, "a key"), _yaml_value(name, events)))
            rows.append((line, cells, None))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        found = Problem(name, line, "", f"YAML syntax: {error.problem}")
        raise _Stop(found) from None
    except yaml.YAMLError as error:
        raise _Stop(Problem(name, 1, "", f"YAML: {error}")) from None
    finally:
        parser.dispose()
    return rows


_NO_ALIASES = "anchors and aliases are not read in a list of films: write each row out"
_NOT_MAPPINGS = "expected a list of mappings, one per film"


def _not_a_film(shown: str) -> str:
    return (
        f"{_clipped(shown) or 'an empty item'} is not a film: each item of the list is a "
        "mapping of columns to cells (title: …, status: …)"
    )


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _yaml_scalar(name: str, event: yaml.Event, what: str) -> str:
    if isinstance(event, yaml.ScalarEvent) and event.anchor is None:
        return str(event.value)
    line = _line(event)
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        raise _Stop(Problem(name, line, "", _NO_ALIASES))
    raise _Stop(Problem(name, line, "", f"{what} must be plain text"))


def _yaml_value(name: str, events: Iterator[yaml.Event]) -> Any:
    event = next(events)
    if isinstance(event, yaml.SequenceStartEvent) and event.anchor is None:
        items = []
        while not isinstance(item := next(events), yaml.SequenceEndEvent):
            items.append(_yaml_scalar(name, item, "an item of a list in a cell"))
        return items
    if isinstance(event, yaml.ScalarEvent) and event.anchor is None:
        plain = event.implicit[0] and event.style is None
        # An empty plain scalar is YAML's null: an empty cell.
        return "" if plain and event.value in ("", "~", "null", "Null", "NULL") else event.value
    return _yaml_scalar(name, event, "a cell")


_DEFUSED = re.compile(r"^'(?=[=+\-@\t\r\0])")


def _undefuse(cell: str) -> str:
    """A cell as the data had it, before the export's formula guard put a ' in front."""
    return _DEFUSED.sub("", cell) if cell.startswith("'") else cell


# --- Cells ----------------------------------------------------------------------------------

_MARK = re.compile(r"^(?P<name>.*?)\s*\((?P<certainty>reported|rumou?red)\)$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*[;,]\s*")
_AND_SPLIT = re.compile(r"\s*(?:&|\s\+\s|\band\b)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def _names(cell: Cell, people: bool) -> list[str]:
    """A cell's names: split on ";" always, and on ",", "&" and "and" in a list's people
    columns (a "Jr." after a comma stays with its name)."""
    parts = cell if isinstance(cell, list) else [cell]
    out: list[str] = []
    for part in parts:
        for chunk in (c.strip() for c in (_LIST_SPLIT if people else _SEMI).split(part)):
            if not chunk:
                continue
            if people and out and _SUFFIX.match(chunk):
                out[-1] = f"{out[-1]}, {chunk}"
            elif people:
                out.extend(_joined(chunk))
            else:
                out.append(chunk)
    return out


def _joined(chunk: str) -> list[str]:
    """The names in "Ana Lee and Ben Brook". "Joel and Ethan Coen" is refused, not read: split,
    it would credit a "Joel" who does not exist; kept whole, one person "Joel and Ethan Coen".
    Only the list's writer knows whether "Cher and Tom Cruise" shares a surname, so a lone
    word before the "and" with a full name after it is asked about rather than guessed."""
    pieces = [p for p in (p.strip() for p in _AND_SPLIT.split(chunk)) if p]
    for before, after in itertools.pairwise(pieces):
        if len(_bare(before).split()) == 1 and len(_bare(after).split()) >= 2:
            raise _Refused(f"{chunk!r}: write each name in full, separated by ';'")
    return pieces


def _bare(name: str) -> str:
    match = _MARK.match(name)
    return match["name"] if match else name


_SEMI = re.compile(r"\s*;\s*")


def _credits(names: Iterable[str], marked: bool = True) -> list[dict[str, str]]:
    out = []
    for name in names:
        match = _MARK.match(name) if marked else None
        if match:
            certainty = match["certainty"].lower().replace("rumoured", "rumored")
            out.append({"name": match["name"], "certainty": certainty})
        else:
            out.append({"name": name})
    return out


def _one(cell: Cell) -> str:
    return "; ".join(cell) if isinstance(cell, list) else cell.strip()


def title_key(title: str) -> str:
    """A title as compared: case, accents and punctuation left out ("Top Gun: Maverick" and
    "top gun maverick" are one film), and a sequel's number however it is written ("Top Gun
    III", "Top Gun 3"; "Part Two", "Part 2")."""
    words = _WORD.findall(fold(title))
    out = words[:1]
    # A title's first word is left as written: there "X", "V" or "XX" is a name ("X", "V for
    # Vendetta"), not a count; and a lone "I" is never read as 1 ("I, Robot"; "Me and I").
    for before, word in itertools.pairwise(words):
        if before == "part" and word in _NUMBER_WORDS:
            word = _NUMBER_WORDS[word]
        out.append(_ROMAN.get(word, word))
    return "".join(out)


_WORD = re.compile(r"[^\W_]+")
_ONES = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_ROMAN = {tens + _ONES[n % 10]: str(n) for n in range(2, 21) for tens in ["x" * (n // 10)]}
_NUMBER_WORDS = {
    word: str(n)
    for n, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1
    )
}


def _year(date: FuzzyDate) -> int | None:
    """The year a date falls in, where it falls in one."""
    first, last = date.earliest, date.latest
    return first.year if first and last and first.year == last.year else None


_SLUG_BREAK = re.compile(r"[^a-z0-9]+")


def _slug(title: str) -> str:
    """An id from a title; a title with no Latin letters or digits gets one from its hash,
    the same on every run."""
    slug = _SLUG_BREAK.sub("-", fold(title)).strip("-")[:80].strip("-")
    return slug or "film-" + hashlib.sha256(fold(title).encode()).hexdigest()[:8]


class _Refused(Exception):
    """A row that cannot be taken, and why in plain words."""


# --- The reader -----------------------------------------------------------------------------


class _Reader:
    """Reads lists into one set of records, each row checked against the slate and the rows
    before it."""

    def __init__(
        self,
        on_screen: Slate,
        mode: Mode,
        *,
        as_claims: bool,
        today: dt.date,
        published: Reading | None,
        place: str,
    ) -> None:
        self.adding = mode == "add"
        self.as_claims = as_claims
        self.place = place
        self.today = today
        self.published = published
        self.on: FuzzyDate | dt.date = published.date if published else today
        self.known_sources = on_screen.sources_by_id
        self.source_names = {s.name for s in on_screen.sources} if self.adding else set()
        self.replace_sources = on_screen.sources_by_id if mode == "replace" else {}
        self.screen_ids: set[str] = set(on_screen.projects_by_id) if self.adding else set()
        self.used_ids = set(self.screen_ids)
        self.on_screen: dict[str, list[tuple[str, int | None]]] = {}
        if self.adding:
            for project in on_screen.projects:
                year = _year(project.release)
                for title in (project.title, *project.aliases):
                    self.on_screen.setdefault(title_key(title), []).append((project.id, year))
        self.seen_ids: dict[str, int] = {}
        self.seen_titles: dict[str, list[tuple[int | None, int, str, str | None, str]]] = {}
        self.claimed: dict[str, int] = {}
        self.taken: list[_Taken] = []
        self.rejected: list[Rejected] = []
        self.names_by_source: dict[str, str] = {}
        self.dates: dict[str, Reading | PressDateError] = {}
        self.rows = 0
        self.list_source = "list"

    # One file -----------------------------------------------------------------------------

    def read(
        self, name: str, rows: Iterable[Row], headers: Sequence[str], mappings: bool
    ) -> _Columns:
        columns = _columns(headers, name, mappings)
        if isinstance(columns, Problem):
            raise _Stop(columns)
        for line, cells, refusal in rows:
            self.rows += 1
            written = {h: _shown(v) for h, v in cells}
            if refusal is not None:
                self._refuse(name, line, written, refusal, written.get(columns.name("title"), ""))
                continue
            try:
                self._row(name, line, cells, written, columns)
            except _Refused as refused:
                title = next((_shown(v) for h, v in cells if columns.fields.get(h) == "title"), "")
                self._refuse(name, line, written, str(refused), title)
        return columns

    def _refuse(self, name: str, line: int, cells: dict[str, str], why: str, title: str) -> None:
        self.rejected.append(Rejected(line, cells, why, name, title.strip()))

    def _row(
        self,
        name: str,
        line: int,
        pairs: list[tuple[str, Any]],
        written: dict[str, str],
        columns: _Columns,
    ) -> None:
        cells: dict[str, Cell] = {}
        named: dict[str, str] = {}
        for header, value in pairs:
            found = columns.fields.get(header)
            if found is None:
                continue
            if found in named:
                raise _Refused(f"{named[found]!r} and {header!r} both give the {found}: keep one")
            named[found] = header
            cells[found] = _cell(value, header)
        if named != columns.written:
            # A mapping's own keys name its fields in what it is told.
            columns = dataclasses.replace(columns, written={**columns.written, **named})
        title = _one(cells.get("title", ""))
        if not title:
            # Without a title, the row's other cells are what tell a reader which it is
            # (items of a JSON list written on one line all start on line 1).
            seen = "; ".join(f"{h}: {v}" for h, v in written.items() if v.strip())
            if len(seen) > 120:
                seen = seen[:119].rsplit(" ", 1)[0] + "…"
            raise _Refused(f"no title (the row: {seen})" if seen else "no title")
        pid = _one(cells.get("id", ""))
        words: dict[str, str] = {}
        edtf = columns.export
        dates = {f: self._date(cells.get(f, ""), columns.name(f), words, f, edtf) for f in _DATES}
        if not dates["release"] and _one(cells.get("year", "")):
            year_cell = cells["year"]
            dates["release"] = self._date(year_cell, columns.name("year"), words, "release", edtf)
        year = _year(FuzzyDate.parse(dates["release"])) if dates["release"] else None
        if pid and pid in self.seen_ids:
            raise _Refused(f"id: duplicate id {pid!r} (first on line {self.seen_ids[pid]})")
        match = self._on_screen(title, year)
        if self.as_claims and match and pid in ("", match):
            self._claims(name, line, title, match, cells, dates, words, written, columns)
            return
        if pid and pid in self.screen_ids:
            swap = " (choose Replace to swap it)" if self.place.endswith("on screen") else ""
            raise _Refused(f"id: {pid!r} is already in {self.place}{swap}")
        if match:
            raise _Refused(f"already on the slate as {match}: not added again")
        earlier = self._earlier(title, year, pid)
        if earlier:
            raise _Refused(f"the same film as line {earlier} ({title}): a film is listed once")
        status = self._status(cells, columns)
        # In the order a data file gives a project, so the file reads like the seeds.
        record: dict[str, Any] = {"id": pid or self._new_id(title, year), "title": title}
        if cells.get("aliases"):
            record["aliases"] = _names(cells["aliases"], people=False)
        self._people(record, cells, columns)
        for key in ("studio", "genre"):
            if value := _one(cells.get(key, "")):
                record[key] = value
        record["status"] = status
        for key in _DATES:
            if dates[key] or key in words:
                record[key] = dates[key]
        if words:
            record["written"] = words
        record["logline"] = _one(cells.get("logline", "")) or NO_LOGLINE
        if rival := _one(cells.get("rival_of", "")):
            record["rival_of"] = rival
        sources = _names(cells.get("sources", ""), people=False)
        record["sources"] = sources or [self.list_source]
        if _one(cells.get("status_basis", "")).lower() == "inferred" and sources:
            # The export marks an inferred status; its reason travels in the JSON, not the CSV.
            record["updates"] = [
                {
                    "source": sources[-1],
                    "status": status,
                    "note": "The status as the imported list gives it.",
                    "inferred": {
                        "status": "Marked inferred in the imported list (no reason given)."
                    },
                }
            ]
        self._check(_PROJECT, record, columns)
        for sid, source_name in zip(
            sources, _names(cells.get("source_names", ""), people=False), strict=False
        ):
            self.names_by_source.setdefault(sid, source_name)
        self.seen_ids[record["id"]] = line
        self.used_ids.add(record["id"])
        self.seen_titles.setdefault(title_key(title), []).append(
            (year, line, title, pid or None, record["id"])
        )
        self.taken.append(_Taken(name, line, record, title, written))

    def _claims(
        self,
        name: str,
        line: int,
        title: str,
        project: str,
        cells: dict[str, Cell],
        dates: dict[str, str],
        words: dict[str, str],
        written: dict[str, str],
        columns: _Columns,
    ) -> None:
        if project in self.claimed:
            raise _Refused(
                f"the same film as line {self.claimed[project]} (on the slate as {project}): "
                "a film is listed once"
            )
        claim: dict[str, Any] = {"project": project, "source": self.list_source}
        if _one(cells.get("status", "")):
            claim["status"] = self._status(cells, columns)
        for key in ("release", "filming"):
            if dates[key]:
                claim[key] = dates[key]
        self._people(claim, cells, columns)
        if not any(claim.get(k) for k in _CLAIMABLE):
            raise _Refused(
                f"already on the slate as {project}, and the row gives nothing a claim can "
                "carry (a status, release, filming date or credits)"
            )
        claim["note"] = f"As the list {Path(name).name} gives it (line {line})."
        kept = {k: v for k, v in words.items() if k in claim}
        if kept:
            claim["written"] = kept
        self._check(_CLAIM, claim, columns)
        unsaid = tuple(
            (k, columns.name(k), value) for k in _UNSAID_WORDS if (value := _one(cells.get(k, "")))
        )
        self.claimed[project] = line
        self.taken.append(_Taken(name, line, claim, title, written, True, unsaid))

    def _people(self, record: dict[str, Any], cells: dict[str, Cell], columns: _Columns) -> None:
        for key in ("directors", "cast"):
            marked = _one(cells.get(f"{key}_marked", ""))
            if columns.export:
                # The export's marked column keeps each credit's certainty; its plain one not.
                names = _names(marked or cells.get(key, ""), people=False)
                credits = _credits(names, marked=bool(marked))
            else:
                try:
                    credits = _credits(_names(cells.get(key, ""), people=True))
                except _Refused as refused:
                    raise _Refused(f"{columns.name(key)}: {refused}") from None
            if credits:
                record[key] = credits

    def _status(self, cells: dict[str, Cell], columns: _Columns) -> str:
        text = _one(cells.get("status", ""))
        if not text:
            raise _Refused(f"no status: write one of {_STATUS_LIST} (nothing is assumed)")
        try:
            return Status.read(text).value
        except ValueError as error:
            raise _Refused(f"{columns.name('status')}: {error}") from None

    def _date(self, cell: Cell, header: str, words: dict[str, str], key: str, edtf: bool) -> str:
        text = _one(cell)
        if not text:
            return ""
        if edtf:
            # The export writes EDTF, which people's words may read otherwise: its
            # "2008-09" is September 2008, where a person writes a season that way.
            with contextlib.suppress(FuzzyDateError):
                return str(FuzzyDate.parse(text))
        found = self.dates.get(text)
        if found is None:
            try:
                found = read_date(text, on=self.on)
            except PressDateError as error:
                found = error
            self.dates[text] = found
        if isinstance(found, PressDateError):
            # The reader's words end with its hint: what to write instead.
            raise _Refused(f"{header}: {found}")
        if found.words:
            words[key] = found.words
        return found.edtf

    def _on_screen(self, title: str, year: int | None) -> str | None:
        for pid, theirs in self.on_screen.get(title_key(title), ()):
            if year is None or theirs is None or year == theirs:
                return pid
        return None

    def _earlier(self, title: str, year: int | None, pid: str) -> int | None:
        for theirs, line, _, their_id, _ in self.seen_titles.get(title_key(title), ()):
            if year is not None and theirs is not None and year != theirs:
                continue
            if pid and their_id and pid != their_id:
                continue  # two ids given: the list says they are two films
            return line
        return None

    def _new_id(self, title: str, year: int | None) -> str:
        base = _slug(title)
        if base not in self.used_ids:
            return base
        if year is not None and f"{base}-{year}" not in self.used_ids:
            return f"{base}-{year}"
        n = 2
        while f"{base}-{n}" in self.used_ids:
            n += 1
        return f"{base}-{n}"

    def _check(self, adapter: TypeAdapter[Any], record: dict[str, Any], columns: _Columns) -> None:
        try:
            adapter.validate_python(record)
        except ValidationError as error:
            detail = error.errors(include_url=False)[0]
            raise _Refused(_plain(detail, columns)) from None

    # All files ------------------------------------------------------------------------------

    def sources(self, files: Sequence[str], source_name: str | None) -> tuple[dict[str, Any], ...]:
        """The sources the records cite: the list's own, named ones this slate lacks, and,
        where the list replaces the slate, the slate's own that it names."""
        out: list[dict[str, Any]] = []
        taken = [t.record for t in self.taken]
        cited = dict.fromkeys(
            s for r in taken for s in ([r["source"]] if "source" in r else r["sources"])
        )
        for sid in cited:
            if sid == self.list_source:
                out.append(self._list_source(files, source_name))
            elif sid in self.replace_sources:
                known = self.replace_sources[sid]
                out.append(known.model_dump(mode="json", exclude_defaults=True))
            elif sid not in self.known_sources:
                # Only its id and name travel in a list: kept undated, and it says so.
                out.append(
                    {
                        "id": sid,
                        "name": self.names_by_source.get(sid) or sid,
                        "published": "",
                        "note": f"Named in {_base(files)}, an imported list: its date and "
                        "details are unknown.",
                    }
                )
        return tuple(out)

    def _list_source(self, files: Sequence[str], source_name: str | None) -> dict[str, Any]:
        named = _base(files)
        published = self.published.edtf if self.published else self.today.isoformat()
        source: dict[str, Any] = {
            "id": self.list_source,
            "name": (source_name or self._new_source_name(named[:250], published))[:300],
            "published": published,
            "file": named[:300],
            "note": f"The list of films in {named[:200]}, brought in on {self.today.isoformat()}"
            ": each row is cited to it as the list gives it.",
        }
        if self.published and self.published.words:
            source["written"] = {"published": self.published.words}
        return source

    def _new_source_name(self, named: str, day: str) -> str:
        """The file's name, or, where the slate has a source of that name (the same list
        brought in again, or another "films.csv"), the name and the day, so that a reader
        of a film's sources can tell the two apart."""
        if named not in self.source_names:
            return named
        name, n = f"{named} ({day})", 2
        while name in self.source_names:
            name, n = f"{named} ({day}, {n})", n + 1
        return name


def _plain(detail: Mapping[str, Any], columns: _Columns) -> str:
    """A validation error in plain words, naming the column as the file names it."""
    loc = tuple(detail["loc"])
    kind, value = detail["type"], detail.get("input")
    first = str(loc[0]) if loc else ""
    where = columns.name(first) if first else "row"
    if first in _PEOPLE and len(loc) > 1 and isinstance(loc[1], int):
        where = f"{columns.name(first)} ({_ordinal(loc[1] + 1)} name)"
    elif first == "aliases" and len(loc) > 1 and isinstance(loc[1], int):
        where = f"{columns.name(first)} ({_ordinal(loc[1] + 1)})"
    ctx = detail.get("ctx") or {}
    if kind == "string_too_long":
        return f"{where}: {len(str(value)):,} characters long; at most {ctx.get('max_length')}"
    if kind in ("string_too_short", "missing", "too_short"):
        return f"{where}: empty"
    if kind == "string_pattern_mismatch" and first in ("id", "rival_of", "sources"):
        return (
            f"{where}: {str(value)[:60]!r} is not an id (lower-case letters, digits and "
            "hyphens); leave the id column out and ids are made from the titles"
        )
    if kind == "enum":
        return f"{where}: {str(value)[:60]!r} is not one of {ctx.get('expected', '')}"
    message = str(detail["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}"


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


def _cell(value: Any, header: str) -> Cell:
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and str(v).strip()]
    if isinstance(value, dict):
        raise _Refused(f"{header}: a mapping; write the text itself")
    return str(value)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


# --- Lists in, one document out -----------------------------------------------------------


def read_lists(
    files: Sequence[tuple[str, bytes]],
    on_screen: Slate,
    *,
    mode: Mode = "add",
    as_claims: bool = False,
    source_name: str | None = None,
    published: Reading | None = None,
    today: dt.date | None = None,
    place: str = "the slate",
    document: str | None = None,
) -> Upload:
    """Lists of films (CSV, or JSON or YAML lists of mappings) as one data document.

    Rows are checked against `on_screen` (in "add" mode) and against each other; the rows
    that name no sources cite one source made for the lists: `source_name` (else the files'
    names), the files, and `published` (else `today`). `document` names the document (else
    the report-style file name, `YYYY-MM-DD-<source-id>.yaml`)."""
    today = today or dt.date.today()
    names = [name for name, _ in files]
    reader = _Reader(
        on_screen, mode, as_claims=as_claims, today=today, published=published, place=place
    )
    reader.list_source = _source_id(source_name or _stem(names), on_screen)
    kinds: list[str] = []
    notes: list[str] = []
    left_out: list[str] = []
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(hashlib.sha256(data).digest())
        text = _text(name, data)
        if isinstance(text, Upload):
            return dataclasses.replace(text, kind=_kind(name.lower()))
        lower = name.lower()
        try:
            if lower.endswith(".csv"):
                headers, rows = _csv_rows(name, text)
                kind = "CSV"
            else:
                listed = _json_rows(name, text) if lower.endswith(".json") else (
                    _yaml_rows(name, text))  # fmt: skip
                headers = list(dict.fromkeys(h for _, cells, _ in listed for h, _ in cells))
                if listed and not headers:
                    # Not one film in it: a list of something else, said as a whole.
                    raise _Stop(Problem(name, listed[0][0], "", _NOT_MAPPINGS))
                rows = iter(listed)
                kind = "JSON" if lower.endswith(".json") else "YAML"
            columns = reader.read(name, rows, headers, mappings=kind != "CSV")
        except _Stop as stop:
            return Upload(name, _kind(lower), problems=(stop.problem,), rows=reader.rows)
        exported = columns.export and kind == "CSV"
        kinds.append("CSV export" if exported else f"list of films ({kind})")
        if exported:
            notes.append(CSV_HOLDS)
        if columns.left_out:
            shown = ", ".join(columns.left_out[:12]) + (", …" if len(columns.left_out) > 12 else "")
            notes.append(f"{name}:1: {plural(len(columns.left_out), 'column')} left out (not "
                         f"read here): {shown}")  # fmt: skip
            left_out.extend(columns.left_out)
    _drop_lost_rivals(reader)
    for name in names:
        # Said of what is made: a claim has no logline, and a row that gives one needs no note.
        bare = sum(not t.claims and t.record["logline"] == NO_LOGLINE for t in reader.taken
                   if t.file == name)  # fmt: skip
        if bare:
            each = "it says" if bare == 1 else "each says"
            notes.append(f"{name}: no logline for {plural(bare, 'new project')}: {each} "
                         f"{NO_LOGLINE!r}")  # fmt: skip
    sources = reader.sources(names, source_name)
    day = (published.edtf if published else "") or today.isoformat()
    doc_name = document or file_name(reader.list_source, day, today)
    # The digest lets the page know a list it has already loaded in this tab.
    header = (
        f"# {_base(names)}: a list of films brought in on {today.isoformat()}\n"
        f"# (sha256 {digest.hexdigest()}).\n"
    )
    draft = _Draft(doc_name, header, sources, tuple(reader.taken))
    return Upload(
        ", ".join(names),
        kinds[0] if len(set(kinds)) == 1 else "lists of films",
        documents=(draft.document(),) if reader.taken else (),
        rejected=tuple(sorted(reader.rejected, key=lambda r: (names.index(r.file), r.line))),
        rows=reader.rows,
        notes=tuple(dict.fromkeys(notes)),
        added=tuple(_added(t) for t in reader.taken),
        left_out=tuple(dict.fromkeys(left_out)),
        digest=digest.hexdigest(),
        draft=draft,
    )


def _added(taken: _Taken) -> Added:
    record = taken.record
    pid = record["project"] if taken.claims else record["id"]
    read = tuple(
        (field, words, FuzzyDate.parse(record[field]))
        for field, words in record.get("written", {}).items()
        if record.get(field)
    )
    return Added(taken.file, taken.line, pid, taken.title, taken.claims, taken.unsaid, read)


def _drop_lost_rivals(reader: _Reader) -> None:
    ids = {t.record.get("id") for t in reader.taken} | reader.screen_ids
    for taken in list(reader.taken):
        rival = taken.record.get("rival_of")
        if rival and rival not in ids:
            reader.taken.remove(taken)
            why = f"rival_of: no project {rival!r} to be a rival of"
            reader.rejected.append(Rejected(taken.line, taken.cells, why, taken.file, taken.title))


def _stem(names: Sequence[str]) -> str:
    return " ".join(Path(n).stem for n in names) or "list"


def _base(names: Sequence[str]) -> str:
    return ", ".join(Path(n).name for n in names)


def _source_id(name: str, on_screen: Slate) -> str:
    base = _slug(name)[:60].strip("-") or "list"
    sid, n = base, 2
    while sid in on_screen.sources_by_id:
        sid, n = f"{base}-{n}", n + 1
    return sid


# --- Checked against the whole slate --------------------------------------------------------


def settle(
    upload: Upload,
    check: Callable[[Sequence[Document]], tuple[Slate | None, Sequence[Problem]]],
    *,
    as_json: bool = False,
) -> tuple[Upload, Slate | None, list[Problem]]:
    """Check a list's document with the slate it joins; a row the whole slate refuses (a
    claim giving a release to a film abandoned by then, say) is refused at its own line in
    the check's words, and the rest is checked again. What it returns: the upload as it
    stands, the slate with it if it loads, and the problems that no row explains (they stop
    the file). `as_json` checks a list's records as JSON (a large list's check is then a
    third of the time and memory)."""
    for _ in range(3):
        if not upload.documents:
            return upload, None, []
        draft = upload.draft
        given = [draft.json_document()] if as_json and draft else list(upload.documents)
        slate, problems = check(given)
        if not problems:
            return upload, slate, []
        if draft is None:
            return upload, None, list(problems)
        by_row: dict[int, str] = {}
        for problem in problems:
            mine = problem.file in (draft.name, draft.json_name)
            place = draft.row_of(problem.loc) if mine else None
            if place is None:
                return upload, None, list(problems)
            rest = problem.field.split(".", 1)[1] if "." in problem.field else ""
            by_row.setdefault(place, f"{rest}: {problem.message}" if rest else problem.message)
        upload = _without(upload, draft, by_row)
    return upload, None, list(problems)


def _without(upload: Upload, draft: _Draft, refused: Mapping[int, str]) -> Upload:
    kept = tuple(t for i, t in enumerate(draft.taken) if i not in refused)
    rejected = [
        Rejected(t.line, t.cells, why, t.file, t.title)
        for i, t in enumerate(draft.taken)
        if (why := refused.get(i)) is not None
    ]
    files = list(
        dict.fromkeys([*(t.file for t in draft.taken), *(r.file for r in upload.rejected)])
    )
    new = dataclasses.replace(draft, taken=kept)
    return dataclasses.replace(
        upload,
        documents=(new.document(),) if kept else (),
        rejected=tuple(
            sorted([*upload.rejected, *rejected], key=lambda r: (files.index(r.file), r.line))
        ),
        added=tuple(_added(t) for t in kept),
        draft=new,
    )


# --- YAML out ------------------------------------------------------------------------------

# What YAML's reader takes raw inside double quotes: printable text, less the characters it
# reads as line breaks (NEL, LS, PS) and the byte-order mark. json.dumps escapes only C0
# controls, quotes and backslashes; the rest is escaped here, in YAML's own \x, \u, \U.
_UNSAFE_IN_YAML = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE_IN_YAML.sub(_yaml_escape, quoted)


def to_yaml(data: Mapping[str, Any]) -> str:
    """Records (mappings of text, lists and mappings, keys plain words) as block YAML, every
    text double-quoted: what yaml.dump writes for them, read back the same, at a tenth of
    its cost (its representer is Python, node by node: seven seconds for 10,000 films)."""
    out: list[str] = []
    _emit_mapping(data, "", out)
    return "".join(out)


def _emit_mapping(data: Mapping[str, Any], indent: str, out: list[str], first: str = "") -> None:
    lead = first
    for key, value in data.items():
        out.append(f"{lead or indent}{key}:")
        lead = ""
        _emit_value(value, indent, out)


def _emit_value(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(f" {_quoted(value)}\n")
    elif isinstance(value, Mapping):
        if not value:
            out.append(" {}\n")
            return
        out.append("\n")
        _emit_mapping(value, indent + "  ", out)
    elif isinstance(value, list):
        if not value:
            out.append(" []\n")
            return
        out.append("\n")
        for item in value:
            if isinstance(item, Mapping) and item:
                _emit_mapping(item, indent + "    ", out, first=f"{indent}  - ")
            else:
                out.append(f"{indent}  -")
                _emit_value(item, indent + "  ", out)
    else:
        raise TypeError(f"not text, a list or a mapping: {type(value).__name__}")


# --- Data files, whole -----------------------------------------------------------------------


def repeated(before: Slate, after: Slate) -> list[tuple[Project, str]]:
    """The projects `after` adds to `before` whose title (or alias) `before` already has for
    a film of the same year where both give one: each with the id of the one there."""
    known: dict[str, list[tuple[str, int | None]]] = {}
    for project in before.projects:
        for title in (project.title, *project.aliases):
            known.setdefault(title_key(title), []).append((project.id, _year(project.release)))
    found = []
    for project in after.projects:
        if project.id in before.projects_by_id:
            continue
        year = _year(project.release)
        for theirs, their_year in known.get(title_key(project.title), ()):
            if year is None or their_year is None or year == their_year:
                found.append((project, theirs))
                break
    return found


def as_data_file(
    upload: Upload, published: Reading | None = None, today: dt.date | None = None
) -> Document:
    """A data file's or the JSON export's one document as a new file for a data folder:
    YAML (a YAML file's bytes as they are, comments kept), named as a report is, for the
    day given and the file's name."""
    ((shown, data),) = upload.documents
    if not shown.lower().endswith((".yaml", ".yml")):
        # JSON is YAML's subset, but a folder's .yaml files are read as YAML: made plain.
        body = json.loads(data)
        data = yaml.dump(body, Dumper=_DUMPER, allow_unicode=True, sort_keys=False).encode()
    day = published.edtf if published else ""
    return file_name(_slug(Path(upload.name).stem)[:60].strip("-"), day, today), data


# --- For the user -----------------------------------------------------------------------------


def rejected_csv(upload: Upload) -> str:
    """The rows left out, as they were, with their line and the problem: to fix and retry."""
    columns = ["line", "problem", *dict.fromkeys(c for r in upload.rejected for c in r.cells)]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in upload.rejected:
        cells = {"line": str(row.line), "problem": row.problem, **row.cells}
        writer.writerow([defuse(cells.get(c, "")) for c in columns])
    return buffer.getvalue()


def template_csv() -> str:
    """The list to fill in (slate/templates/films.csv)."""
    return TEMPLATE.read_text(encoding="utf-8")

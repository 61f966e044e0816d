"""A user's own slate, from an upload: a data file, the JSON export, or the CSV export.

Nothing here trusts the bytes. A data file goes through the same loader as a data folder
(its limits and its problems). The JSON export is turned back into the data file it came
from. A CSV is read row by row with the standard library, never filled in: a row with too
few or too many cells, a bad value or a duplicate id is a problem at its line, and the rows
that are fine can still be loaded alone. A file that stops before the loader gets problems
of the loader's own kind (`slate.load.Problem`: file, line, field, message), so the page
shows both alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from pydantic import TypeAdapter, ValidationError

from slate.export import EXPORT_COLUMNS, FORMAT, defuse
from slate.load import Document, Problem
from slate.models import Project, Slate, Status, dotted

__all__ = [
    "MAX_UPLOAD_BYTES",
    "REQUIRED_COLUMNS",
    "Mode",
    "Rejected",
    "Upload",
    "read_upload",
    "rejected_csv",
]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""The largest file taken (the server's own upload limit is the same: .streamlit/config)."""
REQUIRED_COLUMNS = ("id", "title", "status", "sources")
"""CSV columns a project cannot do without (all among the export's stable first ten); the
others are optional."""
NO_LOGLINE = "No logline in the imported file."
CSV_HOLDS = (
    "A CSV holds the table only: events, obstacles, parties, credit roles and each "
    "source's dated claims are not in it, so they are not in the slate made from it."
)
JSON_HOLDS = "The JSON export holds projects and the sources they cite: events are not in it."

Mode = Literal["add", "replace"]
_MARK = re.compile(r"^(?P<name>.*?)(?: \((?P<certainty>reported|rumored)\))?$")
_DEFUSED = re.compile(r"^'(?=[=+\-@\t\r\0])")
_PROJECT = TypeAdapter(Project)


@dataclass(frozen=True)
class Rejected:
    """A CSV row that was not loaded, and why."""

    line: int
    cells: dict[str, str]
    problem: str


@dataclass(frozen=True)
class Upload:
    """What an uploaded file gives: data documents to load, or the problems that stop it."""

    name: str
    kind: str
    """"data file", "JSON export" or "CSV export", for the page's words."""
    documents: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Problems with the file as a whole, or with a part that stops it loading."""
    rejected: tuple[Rejected, ...] = field(default_factory=tuple)
    """CSV rows left out (the documents hold the rest)."""
    rows: int = 0
    """CSV data rows read, loaded or not."""
    notes: tuple[str, ...] = ()
    """What the page should say but that stops nothing (columns left unread)."""

    @property
    def usable(self) -> bool:
        return bool(self.documents) and not self.problems


def read_upload(name: str, data: bytes, on_screen: Slate, mode: Mode) -> Upload:
    """Turn an upload into data documents, checked against the slate on screen.

    `mode` says what the user asked for: "add" the file to the slate on screen (a report,
    say), or "replace" the slate with it. Only CSV needs to know: its rows name sources by
    id, which come from the slate on screen.
    """
    lower = name.lower()
    kind = (
        "CSV export"
        if lower.endswith(".csv")
        else "JSON file"
        if lower.endswith(".json")
        else "data file"
    )
    if len(data) > MAX_UPLOAD_BYTES:
        megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
        problem = Problem(name, 0, "", f"larger than {megabytes} MB: not read")
        return Upload(name, kind, problems=(problem,))
    if not data.strip():
        return Upload(name, kind, problems=(Problem(name, 0, "", "the file is empty"),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        return Upload(name, kind, problems=(Problem(name, line, "", message),))
    if kind == "CSV export":
        return _read_csv(name, text, on_screen, mode)
    if kind == "JSON file":
        return _read_json(name, text, data)
    if not lower.endswith((".yaml", ".yml")):
        problem = Problem(name, 0, "", "not a .yaml, .yml, .json or .csv file")
        return Upload(name, kind, problems=(problem,))
    return Upload(name, kind, documents=((name, data),))


def _read_json(name: str, text: str, data: bytes) -> Upload:
    """A JSON data file goes to the loader as it is; the JSON export is turned back into
    the data file it holds (its records, and the sources in its meta)."""
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


def _undefuse(cell: str) -> str:
    """A cell as the data had it, before the export's formula guard put a ' in front."""
    return _DEFUSED.sub("", cell)


def _credits(marked: str, plain: str) -> list[dict[str, str]]:
    """Credits from the export's marked column ("Doug Liman (rumored)"), else its names."""
    out = []
    for part in filter(None, (p.strip() for p in (marked or plain).split(";"))):
        match = _MARK.match(part)
        assert match is not None
        credit = {"name": match["name"]}
        if marked and match["certainty"]:
            credit["certainty"] = match["certainty"]
        out.append(credit)
    return out


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def _record(cells: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": cells["id"],
        "title": cells["title"],
        "status": _status(cells["status"]),
        "logline": cells.get("logline") or NO_LOGLINE,
        "sources": _split(cells["sources"]),
        "directors": _credits(cells.get("directors_marked", ""), cells.get("directors", "")),
        "cast": _credits(cells.get("cast_marked", ""), cells.get("cast", "")),
        "aliases": _split(cells.get("aliases", "")),
    }
    for key in ("release", "announced", "filming", "studio", "genre", "rival_of"):
        if cells.get(key):
            record[key] = cells[key]
    if cells.get("status_basis", "").strip().lower() == "inferred" and record["sources"]:
        # The export marks an inferred status; its reason travels in the JSON, not the CSV.
        record["updates"] = [
            {
                "source": record["sources"][-1],
                "status": record["status"],
                "note": "The status as the imported list gives it.",
                "inferred": {"status": "Marked inferred in the imported list (no reason given)."},
            }
        ]
    return record


def _status(cell: str) -> str:
    """A status as the export writes it, or as the table shows it ("Pre-production")."""
    words = cell.strip().lower().replace("-", "_").replace(" ", "_")
    return words if words in {s.value for s in Status} else cell


def _read_csv(name: str, text: str, on_screen: Slate, mode: Mode) -> Upload:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        headless = Problem(name, 1, "", f"no header row ({error})")
        return Upload(name, "CSV export", problems=(headless,))
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        theirs = ", ".join(header[:8]) + (", …" if len(header) > 8 else "")
        message = (
            f"missing columns {', '.join(missing)}: not this dashboard's CSV export? (its "
            f"columns: {theirs}; the export's are {', '.join(EXPORT_COLUMNS)})"
        )
        return Upload(name, "CSV export", problems=(Problem(name, 1, "", message),))
    unknown = sorted(set(header) - set(EXPORT_COLUMNS))
    taken = set(on_screen.projects_by_id) if mode == "add" else set()
    known_sources = on_screen.sources_by_id
    seen: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    names_by_source: dict[str, str] = {}
    rows = 0
    try:
        for cells_list in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells_list):
                continue
            rows += 1
            if len(cells_list) != len(header):
                cells = dict(zip(header, cells_list, strict=False))
                rejected.append(
                    Rejected(
                        line,
                        cells,
                        f"{len(cells_list)} cells, the header has {len(header)}: "
                        "a cell too many or too few (nothing is filled in)",
                    )
                )
                continue
            cells = {h: _undefuse(c) for h, c in zip(header, cells_list, strict=True)}
            problem = _row_problem(cells, seen, taken)
            record = _record(cells)
            if problem is None:
                try:
                    _PROJECT.validate_python(record)
                except ValidationError as error:
                    first = error.errors(include_url=False)[0]
                    where = dotted(tuple(first["loc"])) or "row"
                    problem = f"{where}: {_said(first)}"
            if problem is not None:
                rejected.append(Rejected(line, cells, problem))
                continue
            seen[record["id"]] = line
            for sid, source_name in zip(
                record["sources"], _split(cells.get("source_names", "")), strict=False
            ):
                names_by_source.setdefault(sid, source_name)
            records.append(record)
    except csv.Error as error:
        stop = Problem(name, reader.line_num, "", f"not CSV past this line ({error})")
        return Upload(name, "CSV export", problems=(stop,), rows=rows)
    notes = [CSV_HOLDS]
    if "logline" not in header:
        notes.append(f"{name}: no logline column: each project says {NO_LOGLINE!r}")
    if unknown:
        notes.append(f"{name}:1: columns this dashboard does not read, left out: "
                     f"{', '.join(unknown[:8])}")  # fmt: skip
    ids = {r["id"] for r in records}
    for record in list(records):
        rival = record.get("rival_of")
        if rival and rival not in ids and rival not in taken:
            records.remove(record)
            rejected.append(
                Rejected(seen[record["id"]], {}, f"rival_of: no project {rival!r} to be a rival of")
            )
    sources = []
    for sid in dict.fromkeys(s for r in records for s in r["sources"]):
        if sid in known_sources and mode == "replace":
            sources.append(known_sources[sid].model_dump(mode="json", exclude_defaults=True))
        elif sid not in known_sources:
            # Only its id and name travel in a CSV: the source is kept, undated, and says so.
            sources.append(
                {
                    "id": sid,
                    "name": names_by_source.get(sid) or sid,
                    "published": "",
                    "note": f"Named in {name}, a CSV import: its date and details are unknown.",
                }
            )
    documents: tuple[Document, ...] = ()
    if records:
        body = {"sources": sources, "projects": records} if sources else {"projects": records}
        text_out = yaml.dump(body, allow_unicode=True, sort_keys=False, width=100)
        documents = ((f"{name} (rows loaded)", text_out.encode("utf-8")),)
    return Upload(
        name,
        "CSV export",
        documents=documents,
        rejected=tuple(sorted(rejected, key=lambda r: r.line)),
        rows=rows,
        notes=tuple(notes),
    )


def _said(detail: Any) -> str:
    """A validation error in the loader's words, with the value it refused."""
    kind, value = detail["type"], detail.get("input")
    if kind == "enum":
        return f"{str(value)[:60]!r} is not one of {detail.get('ctx', {}).get('expected', '')}"
    if kind == "missing":
        return "missing"
    return str(detail["msg"]).removeprefix("Value error, ")


def _row_problem(cells: dict[str, str], seen: dict[str, int], taken: set[str]) -> str | None:
    pid = cells["id"].strip()
    if pid in seen:
        return f"id: duplicate id {pid!r} (first on line {seen[pid]})"
    if pid in taken:
        return f"id: {pid!r} is already in the slate on screen (choose Replace to swap it)"
    return None


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

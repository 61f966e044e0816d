"""Exports of a filtered frame: exactly the rows (and order) the user is looking at.

CSV is RFC 4180 (comma, double quotes, CRLF) in UTF-8. Text cells that a spreadsheet
would run as a formula are defused with a leading apostrophe, as OWASP's CSV-injection
advice says: a title such as `=HYPERLINK(...)` must arrive as text, not as a live link.
JSON is self-describing (`meta`: when, as of which day, which filters, which data, every
source cited) and carries whole records, so it loads back; YAML is a data file that loads
back; ICS is the release and filming dates as a calendar (`slate.calendar`, re-exported here
for the callers that know it as an export).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel

from slate.calendar import to_ics
from slate.models import Event, Slate, Source, fold

# libyaml's emitter where PyYAML has it: several times faster on a large slate.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

__all__ = [
    "BOM",
    "EXPORT_COLUMNS",
    "FORMAT",
    "LIST_COLUMNS",
    "cited",
    "defuse",
    "describe",
    "file_stem",
    "slate_title",
    "table_rows",
    "to_csv",
    "to_ics",
    "to_json",
    "to_yaml",
]

EXPORT_COLUMNS = [
    "id",
    "title",
    "status",
    "directors",
    "release",
    "release_label",
    "studio",
    "cast",
    "genre",
    "sources",
    # Whether the source states the status or the curators inferred it (the detail view
    # and the JSON give the reason).
    "status_basis",
    # What the table shows, for readers: credits marked (reported) or (rumored), words for
    # statuses and dates, the sources' names.
    "status_label",
    "directors_marked",
    "cast_marked",
    "source_names",
    "announced",
    "announced_label",
    "filming",
    "filming_label",
    "flags",
    "newest_source",
    "newest_source_label",
    "days_since_update",
    "aliases",
    "rival_of",
    "logline",
]
"""The exported columns, in order: the first ten are a stable contract for scripts."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Columns the frame holds as lists: JSON keeps them as arrays, CSV joins them with "; ".
LIST_COLUMNS = frozenset(
    {"directors", "cast", "sources", "directors_marked", "cast_marked", "source_names", "flags",
     "aliases"}
)  # fmt: skip
BOM = "\ufeff"
"""Put first in a CSV file meant for spreadsheets: without it Excel reads UTF-8 as Latin-1."""


def slate_title(subject: str | None) -> str:
    """What a slate is called, after whose it is: "Tom Cruise's film slate", "James's film
    slate" (an apostrophe and s after any name, as Chicago and most style guides have it),
    or "Film slate" for a slate that names no subject."""
    return f"{subject}'s film slate" if subject else "Film slate"


def file_stem(subject: str | None, *parts: str) -> str:
    """A download's name before its extension: whose slate, then `parts` (what it holds, its
    day), joined by "_": tom-cruise-film-slate_status-paused_2026-11-21."""
    words = "".join(c if c.isalnum() else " " for c in fold(subject or "")).split()
    # Cut short: a long name must not crowd the filters and the day out of a file list.
    whose = "-".join(words)[:60].strip("-")
    return "_".join([f"{whose}-film-slate" if whose else "film-slate", *parts])


def defuse(value: str) -> str:
    """Prefix a cell a spreadsheet would treat as a formula with `'` (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return defuse("; ".join(str(v) for v in value))
    if _missing(value):
        return ""
    if isinstance(value, str):
        return defuse(value)
    return value


def to_csv(frame: pd.DataFrame, *, bom: bool = False) -> str:
    """The frame's rows as CSV text (encode as UTF-8 to write or download).

    `bom` starts the text with a byte-order mark, for a file a spreadsheet will open.
    """
    buffer = io.StringIO(newline="")
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in frame.reindex(columns=EXPORT_COLUMNS).itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def table_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as the table shows them: the export columns, lists as lists."""
    records = []
    for values in frame.reindex(columns=EXPORT_COLUMNS).itertuples(index=False, name=None):
        record: dict[str, Any] = {}
        for key, value in zip(EXPORT_COLUMNS, values, strict=True):
            if key in LIST_COLUMNS:
                record[key] = list(value) if isinstance(value, list | tuple) else []
            elif _missing(value):
                record[key] = None
            elif hasattr(value, "item"):
                record[key] = value.item()
            else:
                record[key] = value
        records.append(record)
    return records


FORMAT = "slate-export/1"
"""Names the JSON export's shape, so a reader (or the Import page) knows what it holds."""


def _record(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_defaults=True)


def cited(slate: Slate, project_ids: Sequence[str], events: Sequence[Event] = ()) -> list[Source]:
    """The sources the given projects (and events) cite anywhere, in the slate's order."""
    ids: set[str] = set()
    for pid in project_ids:
        project = slate.project(pid)
        ids.update(project.sources)
        for update in project.updates:
            ids.add(update.source)
            ids.update(s for c in (*update.directors, *update.cast) for s in c.sources)
        for _, credit in project.credits():
            ids.update(credit.sources)
        for party in project.parties:
            ids.update(party.sources)
        for obstacle in project.obstacles:
            ids.update(obstacle.sources)
    for event in events:
        ids.update(event.sources)
    return [s for s in slate.sources if s.id in ids]


def describe(
    slate: Slate,
    frame: pd.DataFrame,
    *,
    as_of: dt.date,
    filters: Mapping[str, Any],
    data: Mapping[str, str],
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    """What an export holds, for its `meta`: whose slate, when it was made, for which day and
    filters, from which data (a content hash), and every source its rows cite, in full."""
    ids = list(frame["id"]) if "id" in frame else []
    return {
        "format": FORMAT,
        # The Import page reads it back: a slate imported whole keeps its subject.
        "subject": slate.subject,
        "generated": (generated or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "filters": dict(filters),
        "data": dict(data),
        "projects": len(ids),
        "sources": [_record(s) for s in cited(slate, ids)],
    }


def to_json(frame: pd.DataFrame, slate: Slate, meta: Mapping[str, Any]) -> str:
    """`slate` is the slate as known on the export's day (`slate.knowledge.Day.view`), so
    each record holds only the claims known then, each with its date, its source and,
    where the curators inferred part of it, `inferred` with the reason.

    The rows as `{"meta": ..., "projects": [...]}`: each project's whole record, with the
    row the table shows under `table`. The records and meta's sources load back as a slate
    (the Import page takes the file as it is)."""
    projects = [{**_record(slate.project(row["id"])), "table": row} for row in table_rows(frame)]
    document = {"meta": dict(meta), "projects": projects}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_yaml(slate: Slate, project_ids: Sequence[str], header: Sequence[str] = ()) -> str:
    """One data file holding these projects, every source they cite and the events about
    them alone (and career events about no project), named for the slate's subject: it
    loads back to the same records.

    `header` lines are written first as comments (what it is, when, which filters)."""
    wanted = set(project_ids)
    events = [e for e in slate.events if set(e.projects) <= wanted]
    projects = [_record(slate.project(pid)) for pid in project_ids]
    # A rival outside the export would be an unknown id in the file: it is left out, and
    # the header says how often.
    cut = 0
    for record in projects:
        if record.get("rival_of") not in (None, *wanted):
            del record["rival_of"]
            cut += 1
    data: dict[str, Any] = {
        **({"subject": slate.subject} if slate.subject else {}),
        "sources": [_record(s) for s in cited(slate, project_ids, events)],
        "projects": projects,
        "events": [_record(e) for e in events],
    }
    notes = [f"rival_of left out of {cut} projects whose rival is not in this file."] if cut else []
    comments = "".join(f"# {line}\n" for line in [*header, *notes])
    return comments + yaml.dump(
        data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100
    )

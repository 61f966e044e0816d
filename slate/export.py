"""Exports of a filtered frame: exactly the rows (and order) the user is looking at.

CSV is RFC 4180 (comma, double quotes, CRLF) in UTF-8. Text cells that a spreadsheet
would run as a formula are defused with a leading apostrophe, as OWASP's CSV-injection
advice says: a title such as `=HYPERLINK(...)` must arrive as text, not as a live link.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

__all__ = ["BOM", "EXPORT_COLUMNS", "LIST_COLUMNS", "defuse", "to_csv", "to_json"]

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


def to_json(frame: pd.DataFrame) -> str:
    """The same rows as a JSON array of objects, with lists as arrays."""
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
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"

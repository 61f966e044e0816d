"""A new article as a report file: the source, its dated claims, any project it introduces.

The dashboard's "Add a report" form and `python -m slate add` both end in such a file: one
YAML file, named for the article's publication day and the source's id, that goes into a
data folder beside the others and changes nothing already there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from slate.claims import slug
from slate.dates import FuzzyDate, FuzzyDateError

__all__ = ["ID_CHARS", "file_name", "report_yaml", "suggest_id"]

_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


ID_CHARS = 60
"""The longest id `suggest_id` makes: a file name stays readable, and well inside the id's
own limit (120) and any file system's (255 bytes)."""


def suggest_id(outlet: str, headline: str) -> str:
    """A source id from what the form holds: the outlet, then the headline's words, as many
    whole words as fit in ID_CHARS (the report file's name carries the date). A first word
    longer than that is cut, so the id still says what it is about."""
    words = slug(f"{outlet} {headline}").split("-")
    out = ""
    for word in words:
        longer = f"{out}-{word}" if out else word
        if len(longer) > ID_CHARS:
            return out or word[:ID_CHARS]
        out = longer
    return out or "report"


def file_name(source_id: str, published: str, today: dt.date | None = None) -> str:
    """`YYYY-MM-DD-<source-id>.yaml`: the first day the article can date from (today where
    its date is unknown), so a folder's reports list in the order they were published."""
    try:
        first = FuzzyDate.parse(published).earliest
    except FuzzyDateError:
        first = None
    day = first or today or dt.date.today()
    return f"{day.isoformat()}-{source_id}.yaml"


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record without the empty fields a form leaves: they mean "not said"."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


def report_yaml(
    source: Mapping[str, Any],
    claims: Sequence[Mapping[str, Any]],
    projects: Sequence[Mapping[str, Any]] = (),
    *,
    made: dt.date | None = None,
) -> str:
    """The report file: the source, any new project, then the claims, each about a project
    by id. Empty fields are left out; nothing here is checked (the loader does that)."""
    data: dict[str, Any] = {"sources": [_clean(source)]}
    if projects:
        data["projects"] = [_clean(p) for p in projects]
    data["updates"] = [_clean(c) for c in claims]
    header = (
        f"# A report: one article's claims, recorded {(made or dt.date.today()).isoformat()}.\n"
        "# Added to a data folder as a new file, it changes nothing already there: each\n"
        "# claim joins its project's history, and the newest claims set what is current.\n"
    )
    body = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    return header + body

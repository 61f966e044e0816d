"""The slate as a table: one row per project, pure-function filters and facet counts.

Pages and the CLI both go through here, so a filter means the same thing in a link, a
download and a terminal. Nothing here knows about widgets: filter values come in as a
`Filters` value and a frame goes out. List-valued fields (directors, cast, sources,
flags, aliases) stay Python lists in the frame; only an export joins them into text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

import pandas as pd

from slate.dates import FuzzyDate
from slate.models import (
    CLAIM_FIELDS,
    Assessment,
    Certainty,
    Credit,
    Event,
    Slate,
    Status,
    fold,
)

__all__ = [
    "FACETS",
    "FACET_FIELDS",
    "Facet",
    "Filters",
    "apply_filters",
    "disagreements",
    "events_for",
    "events_frame",
    "facet_counts",
    "fold",
    "options",
    "to_frame",
]

Facet = Literal["status", "director", "cast", "studio", "genre", "credit"]
"""A facet's one name: the URL parameter, the widget key, the CLI option and the count's."""
FACETS: tuple[Facet, ...] = ("status", "director", "cast", "studio", "genre", "credit")
FACET_FIELDS: dict[Facet, str] = {
    "status": "statuses",
    "director": "directors",
    "cast": "cast",
    "studio": "studios",
    "genre": "genres",
    "credit": "credits",
}
"""The `Filters` field that holds each facet's chosen values."""


@dataclass(frozen=True)
class Filters:
    """What the user chose to see. Empty tuples and None mean "no restriction"."""

    statuses: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    """How firm a credit must be (confirmed, reported, rumored): with directors or cast
    chosen, only such credits of theirs match; alone, a project needs one such credit."""
    year_from: int | None = None
    year_to: int | None = None
    text: str = ""
    include_undated: bool = True
    """Keep projects with no release date at all (TBA)."""

    def without(self, facet: Facet) -> Filters:
        """The same filters with one facet cleared: what that facet's counts are taken over."""
        return replace(self, **{FACET_FIELDS[facet]: ()})  # type: ignore[arg-type]

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def describe(self) -> str:
        """The active filters as a slug for file names: status-stalled_director-doug-liman."""
        parts: list[str] = []
        for facet in FACETS:
            values = getattr(self, FACET_FIELDS[facet])
            if values:
                parts.append(f"{facet}-{'+'.join(_slug(v) for v in values)}")
        if self.year_from is not None or self.year_to is not None:
            parts.append(f"years-{self.year_from or ''}-{self.year_to or ''}")
        if not self.include_undated:
            parts.append("dated")
        if self.text.strip():
            parts.append(f"search-{_slug(self.text)}")
        return "_".join(parts) or "all"

    def as_dict(self) -> dict[str, Any]:
        """The active filters only, as plain values (for an export's description)."""
        default = Filters()
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in fold(text))
    return "-".join(filter(None, out.split("-")))[:40] or "x"


def _names(credits: Iterable[Credit]) -> list[str]:
    return [c.name for c in credits]


def _marked(credits: Iterable[Credit]) -> list[str]:
    return [c.name + c.certainty.mark for c in credits]


COLUMNS = [
    "id", "title", "status", "status_label", "directors", "directors_marked",
    "director_certainty", "cast", "cast_marked", "cast_certainty", "release", "release_label",
    "studio", "genre", "sources", "source_names", "announced", "announced_label", "filming",
    "filming_label", "flags", "newest_source", "newest_source_label", "days_since_update",
    "logline", "aliases", "rival_of", "release_start", "release_end", "release_exact",
    "filming_end",
    "release_year_min", "release_year_max", "stale", "release_passed_unconfirmed", "_search",
]  # fmt: skip
"""The frame's columns, in order."""


def to_frame(
    slate: Slate,
    as_of: dt.date | None = None,
    assessments: Mapping[str, Assessment] | None = None,
) -> pd.DataFrame:
    """One row per project, sorted by release (TBA last), with flags as of `as_of` (today).

    `assessments` are the projects' assessments for that day, where the caller already has
    them (`Slate.assess_all`); they are worked out here otherwise.
    """
    as_of = as_of or dt.date.today()
    assessments = assessments if assessments is not None else slate.assess_all(as_of)
    rows = []
    for project in slate.projects:
        assessment = assessments[project.id]
        release = project.release
        start, end = release.earliest, release.latest
        credit_words = [n for _, c in project.credits() for n in (c.name, *c.aliases)]
        rows.append(
            (
                project.id,
                project.title,
                project.status.value,
                project.status.label,
                _names(project.directors),
                _marked(project.directors),
                [c.certainty.value for c in project.directors],
                _names(project.cast),
                _marked(project.cast),
                [c.certainty.value for c in project.cast],
                str(release),
                release.label,
                project.studio or "",
                project.genre or "",
                list(project.sources),
                [slate.source_name(s) for s in project.sources],
                str(project.announced),
                project.announced.label,
                str(project.filming),
                project.filming.label,
                assessment.flags,
                str(assessment.newest_source),
                assessment.newest_source.label,
                assessment.days_since_update,
                project.logline,
                list(project.aliases),
                project.rival_of or "",
                start,
                end,
                release.is_exact_day,
                project.filming.latest,
                start.year if start else None,
                end.year if end else None,
                assessment.stale,
                assessment.release_passed_unconfirmed,
                fold(
                    " ".join(
                        [
                            project.title,
                            *project.aliases,
                            project.logline,
                            project.studio or "",
                            project.genre or "",
                            *credit_words,
                        ]
                    )
                ),
                release.sort_key(),
            )
        )
    frame = pd.DataFrame.from_records(rows, columns=[*COLUMNS, "_sort"])
    for column in ("release_year_min", "release_year_max", "days_since_update"):
        frame[column] = frame[column].astype("Int64")
    frame = frame.sort_values(["_sort", "title"], kind="stable").drop(columns="_sort")
    return frame.reset_index(drop=True)


def _credit_match(
    names: Sequence[str], certainties: Sequence[str], wanted: set[str], firm: set[str]
) -> bool:
    return any(
        (not wanted or fold(n) in wanted) and (not firm or c in firm)
        for n, c in zip(names, certainties, strict=True)
    )


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows that match every active filter, in the frame's order."""
    if frame.empty:
        return frame
    mask = pd.Series(True, index=frame.index)
    if filters.statuses:
        mask &= frame["status"].isin(filters.statuses)
    firm = set(filters.credits)
    for chosen, names, certainty in (
        (filters.directors, "directors", "director_certainty"),
        (filters.cast, "cast", "cast_certainty"),
    ):
        if chosen:
            wanted = {fold(n) for n in chosen}
            mask &= pd.Series(
                [
                    _credit_match(n, c, wanted, firm)
                    for n, c in zip(frame[names], frame[certainty], strict=True)
                ],
                index=frame.index,
            )
    if firm and not (filters.directors or filters.cast):
        mask &= pd.Series(
            [
                bool(firm.intersection(d) or firm.intersection(c))
                for d, c in zip(frame["director_certainty"], frame["cast_certainty"], strict=True)
            ],
            index=frame.index,
        )
    if filters.studios:
        mask &= frame["studio"].isin(filters.studios)
    if filters.genres:
        mask &= frame["genre"].isin(filters.genres)
    undated = frame["release_year_min"].isna() & frame["release_year_max"].isna()
    if filters.year_from is not None or filters.year_to is not None:
        low = filters.year_from if filters.year_from is not None else -10_000
        high = filters.year_to if filters.year_to is not None else 10_000
        # A fuzzy release overlaps the range if any year it could fall in does.
        starts = frame["release_year_min"].fillna(-10_000)
        ends = frame["release_year_max"].fillna(10_000)
        mask &= ((starts <= high) & (ends >= low)) | undated
    if not filters.include_undated:
        mask &= ~undated
    needle = fold(filters.text.strip())
    if needle:
        mask &= frame["_search"].str.contains(needle, regex=False)
    return frame[mask.astype(bool)]


def _facet_values(rows: pd.DataFrame, facet: Facet) -> pd.Series:
    if facet == "director":
        return rows["directors"].explode().dropna()
    if facet == "cast":
        return rows["cast"].explode().dropna()
    if facet == "credit":
        # A project counts once under each certainty any of its credits has.
        both = rows["director_certainty"] + rows["cast_certainty"]
        return both.map(lambda values: sorted(set(values))).explode().dropna()
    column = rows[facet]
    return column[column != ""]


def facet_counts(frame: pd.DataFrame, filters: Filters, facet: Facet) -> dict[str, int]:
    """How many rows each value of a facet would show, under every *other* active filter.

    Counting over the other filters (as faceted search does) lets a user see what adding a
    value would bring, instead of every unchosen value reading zero.
    """
    rows = apply_filters(frame, filters.without(facet))
    if rows.empty:
        return {}
    counts = _facet_values(rows, facet).value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))}


def options(frame: pd.DataFrame, facet: Facet) -> list[str]:
    """Every value a facet can take in the whole slate, in a stable order for widgets."""
    if facet == "status":
        present = set(frame["status"]) if not frame.empty else set()
        return [s.value for s in Status if s.value in present]
    if facet == "credit":
        present = set(_facet_values(frame, "credit")) if not frame.empty else set()
        return [c.value for c in Certainty if c.value in present]
    if frame.empty:
        return []
    return sorted(set(_facet_values(frame, facet)), key=fold)


def events_for(
    slate: Slate, project_ids: Iterable[str] | None = None, as_of: dt.date | None = None
) -> list[Event]:
    """Events up to `as_of`, in the slate's order; with `project_ids`, only events about
    those projects (career events about no project are kept, as context)."""
    wanted = None if project_ids is None else set(project_ids)
    out = []
    for event in slate.events:
        if wanted is not None and event.projects and not wanted.intersection(event.projects):
            continue
        start = event.date.earliest
        if as_of is not None and start is not None and start > as_of:
            continue
        out.append(event)
    return out


EVENT_COLUMNS = [
    "date", "date_label", "start", "end", "exact", "title", "projects", "project_ids",
    "certainty", "planned", "reported_as", "sources", "source_names",
]  # fmt: skip


def events_frame(events: Sequence[Event], slate: Slate, as_of: dt.date) -> pd.DataFrame:
    """Events as a table, oldest first, each saying whether it happened, is planned, or was
    planned for a day that passed with no source saying it happened."""
    rows = []
    for event in sorted(events, key=lambda e: e.date.sort_key()):
        end = event.date.latest
        if not event.planned:
            reported_as = "happened"
        elif end is not None and end < as_of:
            reported_as = "planned; date passed, not confirmed"
        else:
            reported_as = "planned"
        rows.append(
            (
                str(event.date),
                event.date.label,
                event.date.earliest,
                end,
                event.date.is_exact_day,
                event.title,
                [
                    slate.projects_by_id[p].title if p in slate.projects_by_id else p
                    for p in event.projects
                ],
                list(event.projects),
                event.certainty.value,
                event.planned,
                reported_as,
                list(event.sources),
                [slate.source_name(s) for s in event.sources],
            )
        )
    return pd.DataFrame.from_records(rows, columns=EVENT_COLUMNS)


def _claim_label(value: object) -> str:
    if isinstance(value, Status | FuzzyDate):
        return value.label
    if isinstance(value, list):
        return "; ".join(f"{c.name}{c.certainty.mark}" for c in value)
    return str(value)


def disagreements(slate: Slate) -> pd.DataFrame:
    """Where sources differ about a field of a project, claim by claim.

    One row per claim on a field that carries more than one distinct value across a
    project's updates, oldest claim first: a slipped date or a changed status reads down.
    `same_date` marks claims of one date that disagree (the project is flagged for those).
    """
    rows = []
    for project in slate.projects:
        for field_name in CLAIM_FIELDS:
            claims = [
                (u, value)
                for u in project.updates
                if (value := u.stated().get(field_name)) is not None
            ]
            if len({_claim_label(value) for _, value in claims}) < 2:
                continue
            disputed = {str(date) for name, date in project.disputes() if name == field_name}
            for update, value in sorted(claims, key=lambda c: c[0].date.sort_key()):
                rows.append(
                    {
                        "project_id": project.id,
                        "project": project.title,
                        "field": field_name,
                        "claimed": update.date.label,
                        "value": _claim_label(value),
                        "source_id": update.source,
                        "source": slate.source_name(update.source),
                        "note": update.note,
                        "same_date": str(update.date) in disputed,
                    }
                )
    columns = [
        "project_id", "project", "field", "claimed", "value", "source_id", "source", "note",
        "same_date",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)

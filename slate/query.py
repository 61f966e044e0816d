"""The slate as a table: one row per project, pure-function filters and facet counts.

Pages and the CLI both go through here, so a filter means the same thing in a link, a
download and a terminal. Nothing here knows about widgets: filter values come in as a
`Filters` value and a frame goes out.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from slate.models import Certainty, Credit, Slate, Status

__all__ = [
    "FACETS",
    "Filters",
    "apply_filters",
    "disagreements",
    "events_frame",
    "facet_counts",
    "fold",
    "options",
    "to_frame",
]

Facet = Literal["status", "directors", "studio", "genre"]
FACETS: tuple[Facet, ...] = ("status", "directors", "studio", "genre")

# Credits are marked in the table by how firmly the sources state them.
_CERTAINTY_MARK = {
    Certainty.CONFIRMED: "",
    Certainty.REPORTED: " (reported)",
    Certainty.RUMORED: " (rumored)",
}


@dataclass(frozen=True)
class Filters:
    """What the user chose to see. Empty tuples and None mean "no restriction"."""

    statuses: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    text: str = ""
    include_undated: bool = True
    """With a year range set, keep projects that have no release date at all (TBA)."""

    def without(self, facet: Facet) -> Filters:
        """The same filters with one facet cleared: what that facet's counts are taken over."""
        name = {
            "status": "statuses",
            "directors": "directors",
            "studio": "studios",
            "genre": "genres",
        }[facet]
        return replace(self, **{name: ()})  # type: ignore[arg-type]

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def describe(self) -> str:
        """The active filters as a slug for file names: status-stalled_director-doug-liman."""
        parts: list[str] = []
        for name, values in (
            ("status", self.statuses),
            ("director", self.directors),
            ("studio", self.studios),
            ("genre", self.genres),
        ):
            if values:
                parts.append(f"{name}-{'+'.join(_slug(v) for v in values)}")
        if self.year_from is not None or self.year_to is not None:
            parts.append(f"years-{self.year_from or ''}-{self.year_to or ''}")
        if self.text.strip():
            parts.append(f"search-{_slug(self.text)}")
        return "_".join(parts) or "all"


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "inarritu" finds "Iñárritu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in fold(text))
    return "-".join(filter(None, out.split("-")))[:40] or "x"


def _names(credits: Iterable[Credit]) -> list[str]:
    return [c.name for c in credits]


def _marked(credits: Iterable[Credit]) -> str:
    return "; ".join(c.name + _CERTAINTY_MARK[c.certainty] for c in credits)


def to_frame(slate: Slate, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per project, sorted by release (TBA last), with flags as of `as_of` (today)."""
    as_of = as_of or dt.date.today()
    sources = slate.source_map()
    rows = []
    for project in slate.projects:
        assessment = slate.assess(project, as_of)
        release = project.release
        start, end = release.earliest, release.latest
        credit_words = [n for _, c in project.credits() for n in (c.name, *c.aliases)]
        rows.append(
            {
                "id": project.id,
                "title": project.title,
                "status": project.status.value,
                "directors": "; ".join(_names(project.directors)),
                "release": str(release),
                "release_label": release.label,
                "studio": project.studio or "",
                "cast": "; ".join(_names(project.cast)),
                "genre": project.genre or "",
                "sources": "; ".join(project.sources),
                "announced": str(project.announced),
                "announced_label": project.announced.label,
                "filming": str(project.filming),
                "filming_label": project.filming.label,
                "flags": "; ".join(assessment.flags),
                "newest_source": str(assessment.newest_source),
                "days_since_update": assessment.days_since_update,
                "logline": project.logline,
                "aliases": "; ".join(project.aliases),
                "rival_of": project.rival_of or "",
                "status_label": project.status.label,
                "directors_marked": _marked(project.directors),
                "cast_marked": _marked(project.cast),
                "source_names": "; ".join(
                    sources[s].name if s in sources else s for s in project.sources
                ),
                "newest_source_label": assessment.newest_source.label,
                "director_list": _names(project.directors),
                "cast_list": _names(project.cast),
                "sources_list": list(project.sources),
                "flags_list": assessment.flags,
                "aliases_list": list(project.aliases),
                "release_start": start,
                "release_end": end,
                "release_exact": release.is_exact_day,
                "release_year_min": start.year if start else None,
                "release_year_max": end.year if end else None,
                "stale": assessment.stale,
                "release_passed_unconfirmed": assessment.release_passed_unconfirmed,
                "_sort": release.sort_key(),
                "_search": fold(
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
            }
        )
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else _EMPTY_COLUMNS)
    if frame.empty:
        return frame
    for column in ("release_year_min", "release_year_max", "days_since_update"):
        frame[column] = frame[column].astype("Int64")
    frame = frame.sort_values(["_sort", "title"], kind="stable").drop(columns="_sort")
    return frame.reset_index(drop=True)


_EMPTY_COLUMNS = [
    "id", "title", "status", "directors", "release", "release_label", "studio", "cast", "genre",
    "sources", "announced", "announced_label", "filming", "filming_label", "flags",
    "newest_source", "days_since_update", "logline", "aliases", "rival_of", "status_label",
    "directors_marked", "source_names", "newest_source_label",
    "cast_marked", "director_list", "cast_list", "sources_list", "flags_list", "aliases_list",
    "release_start", "release_end", "release_exact",
    "release_year_min", "release_year_max", "stale", "release_passed_unconfirmed", "_search",
]  # fmt: skip


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows that match every active filter, in the frame's order."""
    if frame.empty:
        return frame
    mask = pd.Series(True, index=frame.index)
    if filters.statuses:
        mask &= frame["status"].isin(filters.statuses)
    if filters.directors:
        wanted = {fold(d) for d in filters.directors}
        mask &= frame["director_list"].map(lambda names: any(fold(n) in wanted for n in names))
    if filters.studios:
        mask &= frame["studio"].isin(filters.studios)
    if filters.genres:
        mask &= frame["genre"].isin(filters.genres)
    if filters.year_from is not None or filters.year_to is not None:
        low = filters.year_from if filters.year_from is not None else -10_000
        high = filters.year_to if filters.year_to is not None else 10_000
        # A fuzzy release overlaps the range if any year it could fall in does.
        starts = frame["release_year_min"].fillna(-10_000)
        ends = frame["release_year_max"].fillna(10_000)
        undated = frame["release_year_min"].isna() & frame["release_year_max"].isna()
        in_range = (starts <= high) & (ends >= low) & ~undated
        mask &= in_range | (undated & filters.include_undated)
    needle = fold(filters.text.strip())
    if needle:
        mask &= frame["_search"].str.contains(needle, regex=False)
    return frame[mask.astype(bool)]


def facet_counts(frame: pd.DataFrame, filters: Filters, facet: Facet) -> dict[str, int]:
    """How many rows each value of a facet would show, under every *other* active filter.

    Counting over the other filters (as faceted search does) lets a user see what adding a
    value would bring, instead of every unchosen value reading zero.
    """
    rows = apply_filters(frame, filters.without(facet))
    if rows.empty:
        return {}
    if facet == "directors":
        values = rows["director_list"].explode().dropna()
    else:
        values = rows[facet][rows[facet] != ""]
    counts = values.value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))}


def options(frame: pd.DataFrame, facet: Facet) -> list[str]:
    """Every value a facet can take in the whole slate, in a stable order for widgets."""
    if facet == "status":
        present = set(frame["status"]) if not frame.empty else set()
        return [s.value for s in Status if s.value in present]
    if frame.empty:
        return []
    if facet == "directors":
        return sorted(set(frame["director_list"].explode().dropna()), key=fold)
    return sorted({v for v in frame[facet] if v}, key=fold)


def events_frame(
    slate: Slate, project_ids: Iterable[str] | None = None, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Events up to `as_of`, oldest first; with `project_ids`, only events about those
    projects (career events about no project are kept, as context)."""
    wanted = None if project_ids is None else set(project_ids)
    titles = {p.id: p.title for p in slate.projects}
    rows = []
    for event in slate.events:
        if wanted is not None and event.projects and not wanted.intersection(event.projects):
            continue
        start = event.date.earliest
        if as_of is not None and start is not None and start > as_of:
            continue
        rows.append(
            {
                "date": str(event.date),
                "date_label": event.date.label,
                "start": start,
                "end": event.date.latest,
                "exact": event.date.is_exact_day,
                "title": event.title,
                "projects": "; ".join(titles.get(p, p) for p in event.projects),
                "project_ids": list(event.projects),
                "certainty": event.certainty.value,
                "planned": event.planned,
                "sources": "; ".join(event.sources),
                "_sort": event.date.sort_key(),
            }
        )
    columns = ["date", "date_label", "start", "end", "exact", "title", "projects", "project_ids",
               "certainty", "planned", "sources"]  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows).sort_values("_sort", kind="stable").drop(columns="_sort")
    return frame.reset_index(drop=True)[columns]


def disagreements(slate: Slate) -> pd.DataFrame:
    """Where sources differ about a project's status, release or filming date, claim by claim.

    One row per claim on a field that carries more than one distinct value across a
    project's updates, oldest claim first: a slipped date or a changed status reads down.
    """
    sources = slate.source_map()
    rows = []
    for project in slate.projects:
        for field_name in ("status", "release", "filming"):
            claims = [
                (u, getattr(u, field_name))
                for u in project.updates
                if getattr(u, field_name) is not None
            ]
            if len({str(value) for _, value in claims}) < 2:
                continue
            for update, value in sorted(claims, key=lambda c: c[0].date.sort_key()):
                label = Status(value).label if field_name == "status" else value.label
                rows.append(
                    {
                        "project_id": project.id,
                        "project": project.title,
                        "field": field_name,
                        "claimed": update.date.label,
                        "value": label,
                        "source_id": update.source,
                        "source": sources[update.source].name
                        if update.source in sources
                        else update.source,
                        "note": update.note,
                    }
                )
    columns = ["project_id", "project", "field", "claimed", "value", "source_id", "source", "note"]
    return pd.DataFrame(rows, columns=columns)

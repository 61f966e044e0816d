"""The slate as a table: one row per project, pure-function filters and facet counts.

Pages and the CLI both go through here, so a filter means the same thing in a link, a
download and a terminal. Nothing here knows about widgets: filter values come in as a
`Filters` value and a frame goes out. List-valued fields (directors, cast, sources,
flags, aliases) stay Python lists in the frame; only an export joins them into text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from slate.assess import Assessments
from slate.dates import FuzzyDate
from slate.memory import collector_paused
from slate.models import (
    CLAIM_FIELDS,
    Assessment,
    Certainty,
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
    "base_frame",
    "disagreements",
    "events_for",
    "events_frame",
    "facet_counts",
    "fold",
    "options",
    "to_frame",
    "with_flags",
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


AS_OF_COLUMNS = [
    "flags", "newest_source", "newest_source_label", "days_since_update", "stale",
    "release_passed_unconfirmed",
]  # fmt: skip
"""The columns that depend on the as-of day; every other column depends on the data only."""


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
    return with_flags(base_frame(slate), slate, as_of, assessments)


def base_frame(slate: Slate) -> pd.DataFrame:
    """The table's columns that no as-of day changes, rows in the table's order; the
    `_row` column is each row's project's place in `slate.projects`. Equal list cells
    may be one list: cells are read-only.

    Built column by column, each value worked out once per distinct date or credit (a
    slate of 100,000 projects repeats them endlessly, and the loader keeps one object of
    each), found again by identity."""
    # Hundreds of thousands of lists and strings, none in a cycle: the collector would only
    # walk them over and over as they pile up.
    with collector_paused():
        return _base_frame(slate)


def _base_frame(slate: Slate) -> pd.DataFrame:
    # Each column is one pass of C-level map calls where it can be: a comprehension nested
    # per row costs a Python call per row, 100,000 times a column.
    projects = slate.projects
    field = operator.attrgetter
    releases = list(map(field("release"), projects))
    dates = _date_words(
        [*releases, *map(field("announced"), projects), *map(field("filming"), projects)]
    )
    keys = [dates[id(d)][5] for d in releases]
    titles = list(map(field("title"), projects))
    order = sorted(range(len(projects)), key=lambda i: (keys[i], titles[i]))
    rows = list(map(projects.__getitem__, order))
    names = _SelfDefault({s.id: s.name for s in slate.sources}).__getitem__
    folded = _Folds().__getitem__
    directors_of = list(map(field("directors"), rows))
    cast_of = list(map(field("cast"), rows))
    every_credit = {id(c): c for credits in (*directors_of, *cast_of) for c in credits}
    credit = {
        key: (
            c.name,
            c.name + _MARKS[c.certainty],
            _VALUES[c.certainty],
            " ".join(map(folded, (c.name, *c.aliases))),
        )
        for key, c in every_credit.items()
    }.__getitem__
    del every_credit
    directors = [tuple(map(credit, map(id, cs))) for cs in directors_of]
    cast = [tuple(map(credit, map(id, cs))) for cs in cast_of]
    when = dates.__getitem__
    release = list(map(when, map(id, map(field("release"), rows))))
    announced = list(map(when, map(id, map(field("announced"), rows))))
    filming = list(map(when, map(id, map(field("filming"), rows))))
    first, second, third, fourth, fifth = (operator.itemgetter(k) for k in range(5))
    starts = list(map(third, release))
    ends = list(map(fourth, release))
    studios = [s or "" for s in map(field("studio"), rows)]
    genres = [g or "" for g in map(field("genre"), rows)]
    loglines = list(map(field("logline"), rows))
    sources = list(map(field("sources"), rows))
    aliases = list(map(field("aliases"), rows))
    statuses = list(map(field("status"), rows))
    ordered_titles = list(map(titles.__getitem__, order))
    # The search text is the one column of new strings (some 30 MB at 100,000 projects):
    # made into pandas' own string array at once, so they do not all live at the peak.
    search = pd.array(
        [
            " ".join(
                (
                    folded(title),
                    *map(folded, also),
                    folded(logline),
                    folded(studio),
                    folded(genre),
                    *map(fourth, ds),
                    *map(fourth, cs),
                )
            )
            for title, also, logline, studio, genre, ds, cs in zip(
                ordered_titles,
                aliases,
                loglines,
                studios,
                genres,
                directors,
                cast,
                strict=True,
            )
        ],
        dtype=pd.StringDtype(na_value=np.nan),
    )
    columns: dict[str, Any] = {
        "id": list(map(field("id"), rows)),
        "title": ordered_titles,
        "status": list(map(_VALUES.__getitem__, statuses)),
        "status_label": list(map(_STATUS_LABELS.__getitem__, statuses)),
        "directors": _cells(tuple(map(first, cs)) for cs in directors),
        "directors_marked": _cells(tuple(map(second, cs)) for cs in directors),
        "director_certainty": _cells(tuple(map(third, cs)) for cs in directors),
        "cast": [list(map(first, cs)) for cs in cast],
        "cast_marked": [list(map(second, cs)) for cs in cast],
        "cast_certainty": _cells(tuple(map(third, cs)) for cs in cast),
        "release": list(map(first, release)),
        "release_label": list(map(second, release)),
        "studio": studios,
        "genre": genres,
        "sources": list(map(list, sources)),
        "source_names": [list(map(names, ids)) for ids in sources],
        "announced": list(map(first, announced)),
        "announced_label": list(map(second, announced)),
        "filming": list(map(first, filming)),
        "filming_label": list(map(second, filming)),
        "logline": loglines,
        "aliases": _cells(map(tuple, aliases)),
        "rival_of": [r or "" for r in map(field("rival_of"), rows)],
        "release_start": starts,
        "release_end": ends,
        "release_exact": list(map(fifth, release)),
        "filming_end": list(map(fourth, filming)),
        "release_year_min": pd.array([d.year if d else None for d in starts], dtype="Int64"),
        "release_year_max": pd.array([d.year if d else None for d in ends], dtype="Int64"),
        "_search": search,
        "_row": np.array(order, dtype=np.intp),
    }
    return pd.DataFrame(columns)


def with_flags(
    base: pd.DataFrame,
    slate: Slate,
    as_of: dt.date,
    assessments: Mapping[str, Assessment] | None = None,
) -> pd.DataFrame:
    """`base_frame`'s table with the columns of one as-of day added, in COLUMNS order."""
    flags = _flag_columns(base, slate, as_of, assessments)
    frame = pd.concat([base.drop(columns="_row"), flags], axis=1)
    return frame[COLUMNS]


def _flag_columns(
    base: pd.DataFrame,
    slate: Slate,
    as_of: dt.date,
    assessments: Mapping[str, Assessment] | None,
) -> pd.DataFrame:
    order = base["_row"].to_numpy(dtype=np.intp)
    if assessments is None or isinstance(assessments, Assessments):
        found = assessments if assessments is not None else slate.assess_all(as_of)
        assert isinstance(found, Assessments)
        day = found.day
        words = day.flags()
        newest = [day.newest[i] for i in order]
        dates = _date_words(newest)
        days = day.days_since_update[order]
        return pd.DataFrame(
            {
                "flags": _cells(tuple(words[i]) for i in order),
                "newest_source": [dates[id(d)][0] for d in newest],
                "newest_source_label": [dates[id(d)][1] for d in newest],
                "days_since_update": pd.arrays.IntegerArray(
                    np.where(days == _NO_DAY, 0, days), days == _NO_DAY
                ),
                "stale": day.stale[order],
                "release_passed_unconfirmed": day.release_passed_unconfirmed[order],
            },
            index=base.index,
        )
    # A caller's own mapping: read project by project.
    chosen = [assessments[pid] for pid in base["id"]]
    return pd.DataFrame(
        {
            "flags": [a.flags for a in chosen],
            "newest_source": [str(a.newest_source) for a in chosen],
            "newest_source_label": [a.newest_source.label for a in chosen],
            "days_since_update": pd.array([a.days_since_update for a in chosen], dtype="Int64"),
            "stale": [a.stale for a in chosen],
            "release_passed_unconfirmed": [a.release_passed_unconfirmed for a in chosen],
        },
        index=base.index,
    )


_NO_DAY = np.iinfo(np.int64).min
_STATUS_LABELS = {s: s.label for s in Status}
# An enum member's `.value` is a descriptor call; a table of 100,000 rows reads it by lookup.
_VALUES: dict[Status | Certainty, str] = {
    **{s: s.value for s in Status},
    **{c: c.value for c in Certainty},
}
_MARKS = {c: c.mark for c in Certainty}


def _cells(values: Iterable[tuple[Any, ...]]) -> list[list[Any]]:
    """A list column with one list object per distinct value: a table of 100,000 rows
    holds a few hundred distinct certainty lists, flag lists or director lists, not
    100,000 copies. Like every cell of the table, read-only."""
    seen: dict[tuple[Any, ...], list[Any]] = {}
    return [seen[v] if v in seen else seen.setdefault(v, list(v)) for v in values]


def _date_words(dates: list[FuzzyDate]) -> dict[int, tuple[Any, ...]]:
    """Per distinct date, by identity (hashing a FuzzyDate costs more than the lookup
    saves): its text, words, first and last day, whether it is one day, its sort key."""
    return {
        key: (str(d), d.label, d.earliest, d.latest, d.is_exact_day, d.sort_key())
        for key, d in {id(d): d for d in dates}.items()
    }


class _SelfDefault(dict[str, str]):
    """A lookup that gives back the key it does not hold (a source id the slate lacks)."""

    def __missing__(self, key: str) -> str:
        return key


class _Folds(dict[str, str]):
    """`fold`, once per distinct text, looked up at C speed (`folds[text]`). Folding is per
    character, so the fold of words joined by spaces is their folds joined by spaces."""

    def __missing__(self, text: str) -> str:
        found = self[text] = text.lower() if text.isascii() else fold(text)
        return found


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
    keep = mask.to_numpy(dtype=bool)
    # Nothing filtered out (the first view of every reader): the table itself, not a copy.
    return frame if keep.all() else frame[keep]


def _facet_values(rows: pd.DataFrame, facet: Facet) -> Iterable[str]:
    """Every value of a facet in these rows, once per row that has it. Lists are walked
    in C (itertools), not exploded into a Series: a cast facet of 100,000 rows is 350,000
    names."""
    if facet == "director":
        return itertools.chain.from_iterable(rows["directors"])
    if facet == "cast":
        return itertools.chain.from_iterable(rows["cast"])
    if facet == "credit":
        # A project counts once under each certainty any of its credits has.
        return itertools.chain.from_iterable(
            map(set, map(operator.add, rows["director_certainty"], rows["cast_certainty"]))
        )
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
    counts = Counter(_facet_values(rows, facet))
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

"""The slate as a table: one row per project, pure-function filters and facet counts.

Pages and the CLI both go through here, so a filter means the same thing in a link, a
download and a terminal. Nothing here knows about widgets: filter values come in as a
`Filters` value and a frame goes out. List-valued fields (directors, cast, sources,
flags, aliases) stay Python lists in the frame; only an export joins them into text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from slate.assess import Assessments, assess_day
from slate.dates import FuzzyDate
from slate.knowledge import Day, Happening, claim_words, current, said_of
from slate.memory import collector_paused
from slate.models import Certainty, Credit, Event, Project, Slate, Status, fold

__all__ = [
    "FACETS",
    "FACET_FIELDS",
    "Facet",
    "Filters",
    "apply_filters",
    "base_frame",
    "day_frame",
    "disagreements",
    "facet_counts",
    "fold",
    "happenings_for",
    "happenings_frame",
    "matched_fields",
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
    "filming_end", "status_basis", "release_basis",
    "release_year_min", "release_year_max", "stale", "release_passed_unconfirmed", "_search",
]  # fmt: skip
"""The frame's columns, in order."""


AS_OF_COLUMNS = [
    "flags", "newest_source", "newest_source_label", "days_since_update", "stale",
    "release_passed_unconfirmed",
]  # fmt: skip
"""The columns that depend on the as-of day; every other column depends on the data only."""


def to_frame(slate: Slate, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per project on the slate as its sources told it on `as_of` (today), sorted
    by release (TBA last), with that day's flags."""
    day = Day.of(slate, as_of or dt.date.today())
    return day_frame(day, base_frame(slate), assess_day(day))


def day_frame(day: Day, base: pd.DataFrame, assessments: Assessments) -> pd.DataFrame:
    """The table of a day: `base` (the slate's `base_frame`, everything known) for every
    project on the day's slate, the columns a day can change made again for the projects
    its sources told otherwise then, none for projects not on it; then the day's flags."""
    view = day.view
    if view is not day.slate:
        base = _day_rows(day, base)
    return with_flags(base, assessments)


# The columns a project's credits set.
_CREDIT_COLUMNS = (
    "directors", "directors_marked", "director_certainty", "cast", "cast_marked",
    "cast_certainty",
)  # fmt: skip


def _day_rows(day: Day, base: pd.DataFrame) -> pd.DataFrame:
    """`base`'s rows of the projects on a day's slate, in table order (taken once), with the
    rows of projects the day tells otherwise made again where it changes them: their status,
    dates, bases, sources and search text; their credits only where they differ. A project
    the day tells as recorded but with an event not yet known has its search text redone."""
    whole, view = day.slate, day.view
    index = whole.project_index
    positions = np.fromiter((index[p.id] for p in view.projects), np.intp, len(view.projects))
    row_of = np.empty(len(whole.projects), np.intp)
    row_of[base["_row"].to_numpy(np.intp)] = np.arange(len(base))
    rows = row_of[positions]
    told = [
        (k, p) for k, (p, i) in enumerate(zip(view.projects, positions.tolist(), strict=True))
        if p is not whole.projects[i]
    ]  # fmt: skip
    first = base["_release_first"].to_numpy()[rows]
    last = base["_release_last"].to_numpy()[rows]
    columns = _day_columns([p for _, p in told], view)
    if told:
        redone = [k for k, _ in told]
        first[redone] = _ordinals(columns["release_start"], columns["release_end"])
        last[redone] = _ordinals(columns["release_end"], columns["release_end"])
    # Table order (`base_frame`'s): undated last, then by first and last day, then title.
    undated = (first == _FAR) & (last == _FAR)
    order = np.lexsort((base["_title_rank"].to_numpy()[rows], last, first, undated))
    table = base.take(rows[order]).reset_index(drop=True)
    # `_row` becomes the place in the day's view, as the flags are.
    table["_row"] = order.astype(np.intp)
    late = _late_events(day)
    if not told and not late:
        return table
    at = np.empty(len(order), np.intp)
    at[order] = np.arange(len(order))
    places = at[[k for k, _ in told]]
    # The slate's search text holds all a project's claims, parties, obstacles, credits and
    # events: made again from the day's view where the day knows fewer.
    searched = sorted({k for k, _ in told}.union(map(view.project_index.__getitem__, late)))
    search = table["_search"].to_numpy(dtype=object, copy=True)
    search[at[searched]] = _as_objects(
        list(_search_texts(list(map(view.projects.__getitem__, searched)), view))
    )
    patched: dict[str, Any] = {"_search": search}
    for name, values in columns.items():
        cells = table[name].to_numpy(dtype=object, copy=True)
        cells[places] = _as_objects(values)
        patched[name] = cells
    final = whole.projects_by_id
    recredited = [
        (place, p) for place, (_, p) in zip(places.tolist(), told, strict=True)
        if not (_same(p.directors, final[p.id].directors) and _same(p.cast, final[p.id].cast))
    ]  # fmt: skip
    if recredited:
        made = _base_frame([p for _, p in recredited], view, search=False)
        where = [recredited[i][0] for i in made["_row"].to_numpy(np.intp)]
        for name in _CREDIT_COLUMNS:
            cells = table[name].to_numpy(dtype=object, copy=True)
            cells[where] = _as_objects(list(made[name]))
            patched[name] = cells
    table = table.assign(
        **{k: pd.Series(v, dtype=object) if k in _TEXT_COLUMNS else v for k, v in patched.items()}
    )
    for name in ("release_year_min", "release_year_max"):
        table[name] = table[name].astype("Int64")
    table["_search"] = table["_search"].astype(pd.StringDtype(na_value=np.nan))
    return table


def _late_events(day: Day) -> list[str]:
    """The projects on a day's slate with an event the day does not know yet (every source
    of it came out later). A project's events on a day are some of the slate's, so fewer
    means some are late."""
    whole, view = day.slate, day.view
    named = dict.fromkeys(pid for event in whole.events for pid in event.projects)
    on_day = view.project_index
    return [
        pid
        for pid in named
        if pid in on_day and len(view.events_of(pid)) < len(whole.events_of(pid))
    ]


def _ordinals(days: Sequence[dt.date | None], fallback: Sequence[dt.date | None]) -> np.ndarray:
    """Days as ordinals for sorting, `_FAR` for none; a day missing from `days` is taken
    from `fallback` (an open start sorts by its end, as `FuzzyDate.sort_key` does)."""
    chosen = [d or f for d, f in zip(days, fallback, strict=True)]
    return np.fromiter(
        (d.toordinal() if d is not None else _FAR for d in chosen), np.int64, len(chosen)
    )


def _same(a: list[Credit], b: list[Credit]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _as_objects(values: Sequence[Any]) -> np.ndarray:
    """Cells for a column of objects, lists kept whole (numpy would spread them out)."""
    cells = np.empty(len(values), dtype=object)
    cells[:] = [None] * len(values)
    for i, value in enumerate(values):
        cells[i] = value
    return cells


_FAR = dt.date.max.toordinal() + 1


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
        return _base_frame(slate.projects, slate, keys=True)


class _Date(NamedTuple):
    """What the table shows of a date, worked out once per distinct date."""

    text: str
    label: str
    earliest: dt.date | None
    latest: dt.date | None
    exact: bool
    sort_key: tuple[int, dt.date, dt.date]


class _Credit(NamedTuple):
    """What the table shows of a credit, worked out once per distinct credit."""

    name: str
    marked: str
    certainty: str


def _base_frame(
    projects: Sequence[Project], slate: Slate, keys: bool = False, search: bool = True
) -> pd.DataFrame:
    """The table's columns for these projects, in table order; with `keys`, also what a
    day needs to put rows in table order by numbers (`_day_rows`); without `search`, no
    search text (a day that re-makes only the credits makes it apart)."""
    # Each column is one pass of C-level map calls where it can be: a comprehension nested
    # per row costs a Python call per row, 100,000 times a column.
    field = operator.attrgetter
    releases = list(map(field("release"), projects))
    release_words = _date_words(releases)
    by_release = [release_words[id(d)].sort_key for d in releases]
    titles = list(map(field("title"), projects))
    order = sorted(range(len(projects)), key=lambda i: (by_release[i], titles[i]))
    rows = list(map(projects.__getitem__, order))
    directors_of = list(map(field("directors"), rows))
    cast_of = list(map(field("cast"), rows))
    every_credit = {id(c): c for credits in (*directors_of, *cast_of) for c in credits}
    credit = {
        key: _Credit(c.name, c.name + _MARKS[c.certainty], _VALUES[c.certainty])
        for key, c in every_credit.items()
    }.__getitem__
    del every_credit
    directors = [tuple(map(credit, map(id, cs))) for cs in directors_of]
    cast = [tuple(map(credit, map(id, cs))) for cs in cast_of]
    name, marked, certainty = (field(k) for k in ("name", "marked", "certainty"))
    studios = [s or "" for s in map(field("studio"), rows)]
    genres = [g or "" for g in map(field("genre"), rows)]
    loglines = list(map(field("logline"), rows))
    aliases = list(map(field("aliases"), rows))
    ordered_titles = list(map(titles.__getitem__, order))
    columns: dict[str, Any] = {
        "id": list(map(field("id"), rows)),
        "title": ordered_titles,
        "directors": _cells(tuple(map(name, cs)) for cs in directors),
        "directors_marked": _cells(tuple(map(marked, cs)) for cs in directors),
        "director_certainty": _cells(tuple(map(certainty, cs)) for cs in directors),
        "cast": [list(map(name, cs)) for cs in cast],
        "cast_marked": [list(map(marked, cs)) for cs in cast],
        "cast_certainty": _cells(tuple(map(certainty, cs)) for cs in cast),
        "studio": studios,
        "genre": genres,
        "logline": loglines,
        "aliases": _cells(map(tuple, aliases)),
        "rival_of": [r or "" for r in map(field("rival_of"), rows)],
        **_day_columns(rows, slate),
        "_row": np.array(order, dtype=np.intp),
    }
    if search:
        columns["_search"] = _search_texts(rows, slate)
    order_keys: dict[str, Any] = {}
    if keys:
        # Each title's place among all titles, and the release's first and last day.
        ends = columns["release_end"]
        order_keys = {
            "_title_rank": np.argsort(np.argsort(np.array(ordered_titles, dtype=object))),
            "_release_first": _ordinals(columns["release_start"], ends),
            "_release_last": _ordinals(ends, ends),
        }
    # Made in its final column order at once: every intermediate frame is garbage the
    # paused collector would keep until the next collection.
    return pd.DataFrame(
        {
            # Text as the records' own strings (pandas would copy each into an Arrow
            # buffer): a day re-takes and patches these columns, and strings shared with the
            # records cost nothing more to hold. Only the search text is an Arrow column.
            k: _objects(columns[k]) if k in _TEXT_COLUMNS else columns[k]
            for k in [*_BASE_COLUMNS, "_search", "_row"]
            if k in columns
        }
        | order_keys
    )


_TEXT_COLUMNS = frozenset(
    {
        "id", "title", "status", "status_label", "release", "release_label", "studio", "genre",
        "announced", "announced_label", "filming", "filming_label", "logline", "rival_of",
        "status_basis", "release_basis",
    }
)  # fmt: skip


def _objects(values: Sequence[Any]) -> pd.Series:
    return pd.Series(values, dtype=object)


_BASE_COLUMNS = [c for c in COLUMNS if c not in AS_OF_COLUMNS and c != "_search"]


def _day_columns(rows: Sequence[Project], slate: Slate) -> dict[str, Any]:
    """The columns of these projects, in this order, that a day can change without touching
    their credits: status, dates, how the status and release are known, sources."""
    field = operator.attrgetter
    dates = _date_words(
        [*map(field("release"), rows), *map(field("announced"), rows), *map(field("filming"), rows)]
    )
    when = dates.__getitem__
    release = list(map(when, map(id, map(field("release"), rows))))
    announced = list(map(when, map(id, map(field("announced"), rows))))
    filming = list(map(when, map(id, map(field("filming"), rows))))
    text, label, earliest, latest, exact = (
        field(k) for k in ("text", "label", "earliest", "latest", "exact")
    )
    starts = list(map(earliest, release))
    ends = list(map(latest, release))
    names = _SelfDefault({s.id: s.name for s in slate.sources}).__getitem__
    sources = list(map(field("sources"), rows))
    statuses = list(map(field("status"), rows))
    return {
        "status": list(map(_VALUES.__getitem__, statuses)),
        "status_label": list(map(_STATUS_LABELS.__getitem__, statuses)),
        "release": list(map(text, release)),
        "release_label": list(map(label, release)),
        "sources": list(map(list, sources)),
        "source_names": [list(map(names, ids)) for ids in sources],
        "announced": list(map(text, announced)),
        "announced_label": list(map(label, announced)),
        "filming": list(map(text, filming)),
        "filming_label": list(map(label, filming)),
        "release_start": starts,
        "release_end": ends,
        "release_exact": list(map(exact, release)),
        "filming_end": list(map(latest, filming)),
        **_bases(rows, slate.sources_by_id),
        "release_year_min": pd.array([d.year if d else None for d in starts], dtype="Int64"),
        "release_year_max": pd.array([d.year if d else None for d in ends], dtype="Int64"),
    }


def _bases(projects: Sequence[Project], sources: Mapping[str, Any]) -> dict[str, list[str]]:
    """ "stated" or "inferred", per project: how the claims that set its status and its
    release know them (a release no claim gives is "stated": TBA is nobody's inference)."""
    status, release = [], []
    for project in projects:
        updates = project.updates
        if len(updates) == 1:
            only = updates[0]
            status.append(only.basis("status"))
            release.append(only.basis("release"))
            continue
        said = said_of(updates, sources)
        for column, field in ((status, "status"), (release, "release")):
            newest = current(said, field)
            column.append(newest.update.basis(field) if newest is not None else "stated")  # type: ignore[arg-type]
    return {"status_basis": status, "release_basis": release}


def with_flags(base: pd.DataFrame, assessments: Assessments) -> pd.DataFrame:
    """A table of `base_frame`'s columns with the columns of one day's assessment added, in
    COLUMNS order. `base`'s `_row` is each row's place in the assessed view."""
    order = base["_row"].to_numpy(dtype=np.intp)
    day = assessments.day
    words = day.flags(assessments.view.source_name)
    newest = [day.newest[i] for i in order]
    dates = _date_words(newest)
    days = day.days_since_update[order]
    flags = pd.DataFrame(
        {
            "flags": _cells(tuple(words[i]) for i in order),
            "newest_source": [dates[id(d)].text for d in newest],
            "newest_source_label": [dates[id(d)].label for d in newest],
            "days_since_update": pd.arrays.IntegerArray(
                np.where(days == _NO_DAY, 0, days), days == _NO_DAY
            ),
            "stale": day.stale[order],
            "release_passed_unconfirmed": day.release_passed_unconfirmed[order],
        },
        index=base.index,
    )
    hidden = ["_row", "_title_rank", "_release_first", "_release_last"]
    frame = pd.concat([base.drop(columns=hidden, errors="ignore"), flags], axis=1)
    return frame[COLUMNS]


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


def _date_words(dates: list[FuzzyDate]) -> dict[int, _Date]:
    """Per distinct date, by identity (hashing a FuzzyDate costs more than the lookup
    saves): what the table shows of it."""
    return {
        key: _Date(str(d), d.label, d.earliest, d.latest, d.is_exact_day, d.sort_key())
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


# --------------------------------------------------------------------------------------
# Search: every field a reader might remember a project by, as known on the day

_SEP = "\x1f"
"""Between a project's fields in its search text (ASCII's unit separator, which no one
types): a search never runs from one field into the next, so every match has a field to
show."""

_Field = tuple[str, str, str, str]
"""A searched field: what it is ("party"), its text, and the words shown before and after
the text in the Matched column (a party's name before its role)."""


def _fields(project: Project, events: Iterable[Event]) -> Iterator[_Field]:
    """What the search box searches, in the order a match is shown: the project's names,
    people, studio and genre first, then its parties, obstacles and logline, each claim's
    note, and the titles of `events` (those that name it).

    The one list of searched fields: the search text (`_search_texts`) is made of these
    and the Matched column (`matched_fields`) reads them again, so the two cannot differ."""
    yield "title", project.title, "", ""
    for alias in project.aliases:
        yield "also known as", alias, "", ""
    for label, credits in (("director", project.directors), ("cast", project.cast)):
        for credit in credits:
            yield label, credit.name, "", ""
            for alias in credit.aliases:
                yield label, alias, f"{credit.name} (also ", ")"
    if project.studio:
        yield "studio", project.studio, "", ""
    if project.genre:
        yield "genre", project.genre, "", ""
    for party in project.parties:
        yield "party", party.name, "", ""
        yield "party", party.role, f"{party.name}: ", ""
    for obstacle in project.obstacles:
        yield "obstacle", obstacle.detail, "", ""
    yield "logline", project.logline, "", ""
    for update in project.updates:
        yield "claim", update.note, "", ""
    for event in events:
        yield "event", event.title, "", ""


def _search_texts(projects: Sequence[Project], slate: Slate) -> Any:
    """Each project's fields folded and joined, with the events `slate` knows of it: the
    table's hidden search column, made once per slate (and again only for the rows a day
    knows less of), so that a keystroke is one substring scan in C.

    The one column of new strings (some 25 MB at 100,000 synthetic projects, more where
    notes are long), held as one Arrow string array rather than 100,000 objects."""
    folded = _Folds().__getitem__
    events_of = slate.events_of
    text = operator.itemgetter(1)
    return pd.array(
        [_SEP.join(map(folded, map(text, _fields(p, events_of(p.id))))) for p in projects],
        dtype=pd.StringDtype(na_value=np.nan),
    )


def _needle(text: str) -> str:
    """What the search box looks for: the typed text, trimmed and folded."""
    return fold(text.strip())


_EXCERPT = 60
"""Characters of a long field the Matched column shows, from just before the match."""
_LEAD = 12
"""Characters before the match at most: a cell as wide as a title's shows some 30, and the
match must be among them."""


def matched_fields(rows: pd.DataFrame, text: str, view: Slate) -> list[str]:
    """Where a search for `text` found each of these rows, as "party: Jerry Bruckheimer":
    the first of the project's fields (in `_fields` order) that holds the text, a long one
    cut to the words around it; "" for a row none holds (no search at all).

    `view` is the slate the rows are a table of (`Day.view`): a field is read only as known
    on that day, as the search column was. Meant for the rows a page shows, not for a
    whole slate: it reads each row's fields again, where the filter scanned one column."""
    needle = _needle(text)
    if not needle or rows.empty:
        return [""] * len(rows)
    projects, events_of = view.projects_by_id, view.events_of
    folded = _Folds().__getitem__
    out = []
    for project_id in rows["id"]:
        project = projects.get(project_id)
        fields = _fields(project, events_of(project_id)) if project is not None else ()
        found = next((f for f in fields if needle in folded(f[1])), None)
        if found is None:
            out.append("")
            continue
        label, words, before, after = found
        out.append(f"{label}: {before}{_excerpt(words, needle)}{after}")
    return out


def _excerpt(text: str, needle: str) -> str:
    """`text` on one line, cut at word breaks to about `_EXCERPT` characters from just
    before the first place it holds `needle` (folded), with an ellipsis where it is cut."""
    text = " ".join(text.split())
    if len(text) <= _EXCERPT:
        return text
    start, end = _locate(text, needle)
    # A word or two before the match and the rest after; the whole match however long.
    low = max(start - _LEAD, 0)
    high = min(low + max(_EXCERPT, end - low), len(text))
    if low > 0 and text[low - 1] != " ":
        space = text.find(" ", low, start)
        low = space + 1 if space >= 0 else low
    if high < len(text) and text[high] != " ":
        space = text.rfind(" ", end, high)
        high = space if space >= 0 else high
    return ("…" if low > 0 else "") + text[low:high].strip() + ("…" if high < len(text) else "")


def _locate(text: str, needle: str) -> tuple[int, int]:
    """Where the folded `needle` is in `text`, as `text`'s own character places."""
    if text.isascii():
        at = text.lower().find(needle)
        return (at, at + len(needle)) if at >= 0 else (0, 0)
    at = fold(text).find(needle)
    if at < 0:
        return 0, 0
    # Folding is per character but not one for one ("ß" folds to "ss", a combining accent
    # to nothing): where each character ends in the folded text maps a place back.
    ends = list(itertools.accumulate(len(fold(c)) for c in text))
    return bisect.bisect_right(ends, at), bisect.bisect_left(ends, at + len(needle)) + 1


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
    needle = _needle(filters.text)
    if needle:
        if _SEP in needle:
            # No field holds the separator: text with it (from a link) is in none.
            mask &= False
        else:
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


def happenings_for(day: Day, project_ids: Iterable[str] | None = None) -> list[Happening]:
    """The events, releases and shoots known on a day, oldest first; with `project_ids`,
    only those about these projects (career events about no project are kept, as context)."""
    wanted = None if project_ids is None else set(project_ids)
    return [
        h
        for h in day.happenings
        if wanted is None or not h.projects or wanted.intersection(h.projects)
    ]


HAPPENING_COLUMNS = [
    "date", "date_label", "start", "end", "exact", "title", "projects", "project_ids",
    "certainty", "reported_as", "date_basis", "note", "sources", "source_names",
]  # fmt: skip


def happenings_frame(happenings: Sequence[Happening], view: Slate) -> pd.DataFrame:
    """Events, releases and shoots as a table, oldest first, each saying whether it
    happened, is planned, was called off, or was planned for a day that passed with no
    source saying it happened."""
    titles = view.projects_by_id
    rows = []
    for h in happenings:
        reported_as = h.outcome.label
        if h.passed:
            reported_as = "Planned; date passed, not confirmed"
        rows.append(
            (
                str(h.date),
                h.date.label,
                h.date.earliest,
                h.date.latest,
                h.date.is_exact_day,
                h.title,
                [titles[p].title if p in titles else p for p in h.projects],
                list(h.projects),
                h.certainty.value,
                reported_as,
                "inferred" if h.inferred else "stated",
                "; ".join(filter(None, (h.inferred and f"date inferred: {h.inferred}", h.note))),
                list(h.sources),
                [view.source_name(s) for s in h.sources],
            )
        )
    return pd.DataFrame.from_records(rows, columns=HAPPENING_COLUMNS)


DISAGREEMENT_COLUMNS = [
    "project_id", "project", "field", "holds", "value", "source_id", "source", "published",
    "note",
]  # fmt: skip


def disagreements(day: Day) -> pd.DataFrame:
    """Where sources known on a day give different values for the same field at the same
    time (`slate.knowledge.disputes`): each disagreement's claims, side by side. History (a
    date a later source moved, a status that moved on) is not here; see `history`."""
    view = day.view
    rows = []
    for pid, found in day.disputes.items():
        project = view.projects_by_id[pid]
        shown: set[tuple[str, int]] = set()
        for dispute in found:
            for said in (dispute.first, dispute.second):
                if (dispute.field, said.order) in shown:
                    continue
                shown.add((dispute.field, said.order))
                field = dispute.field
                kind = field.split(":")[0]
                value = getattr(said.update, kind)
                if isinstance(value, list):
                    name = fold(field.split(": ", 1)[1])
                    value = [c for c in value if fold(c.name) == name]
                source = view.sources_by_id.get(said.source)
                rows.append(
                    {
                        "project_id": pid,
                        "project": project.title,
                        "field": field,
                        "holds": said.date.label,
                        "value": claim_words(value),
                        "source_id": said.source,
                        "source": view.source_name(said.source),
                        "published": source.published.label if source else "",
                        "note": said.update.note,
                    }
                )
    return pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)

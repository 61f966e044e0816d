"""What time has done to each project's claims, as of a day: the flags, and their words.

A project is weighed as it was known on the day (`slate.knowledge.Day`): its newest known
source (stale after STALE_AFTER_DAYS), its release date passed with no known claim that it
came out, its status released while its release date is still ahead, and its sources'
disagreements. One set of rules serves one project and a slate of 100,000: the facts are
gathered into arrays (`Facts.of` any list of projects) and the rules are array operations
(`DayFlags.of`), so `assess` of a single project runs the very code the table runs for all
of them. The words of every flag are written once, in `flag_words`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from slate import cache
from slate.dates import FuzzyDate, day_label
from slate.knowledge import Day, Dispute, disputes, memo, said_of
from slate.models import Project, Slate, Source, Status
from slate.words import plural

__all__ = [
    "STALE_AFTER_DAYS",
    "Assessment",
    "Assessments",
    "DayFlags",
    "Facts",
    "assess",
    "assess_day",
    "final_facts",
    "flag_words",
]

STALE_AFTER_DAYS = 365
"""A project whose newest source is older than this, as of the chosen date, is flagged stale."""

NONE = np.iinfo(np.int64).min
"""An ordinal that stands for "no such day" in the arrays below."""

_STOPPED = (Status.CANCELLED, Status.ABANDONED)


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day is not None else NONE


@dataclass(frozen=True)
class Assessment:
    """A project's claims weighed against the calendar on a given day."""

    as_of: dt.date
    """The day the assessment is made for."""
    newest_source: FuzzyDate
    """The newest source about the project published by that day (TBA if none)."""
    days_since_update: int | None
    """At least this many days have passed since that source (None if there is none)."""
    stale: bool
    """No source about it is newer than STALE_AFTER_DAYS."""
    release_passed_unconfirmed: bool
    """Its release date has passed and no source says it came out."""
    days_past_release: int | None
    """Days since the last possible release day, where it passed unconfirmed."""
    marked_released_early: bool
    """Its status is released, but its release date's first possible day is after the day:
    the status or the date is wrong, and nothing says which."""
    disputes: list[Dispute] = field(default_factory=list)
    """Where sources known by then give different values for the same time."""
    flags: list[str] = field(default_factory=list)
    """Plain-words warnings for the table and the detail view (`flag_words`)."""


def flag_words(
    found: Sequence[Dispute],
    passed: bool,
    days_past: int,
    stale: bool,
    days_since: int,
    source_name: Callable[[str], str],
    *,
    early: FuzzyDate | None = None,
    as_of: dt.date,
) -> list[str]:
    """A project's warnings in words, as every page, export and the CLI show them.

    `early` is the release date of a project marked released whose release is still ahead
    of `as_of` (None for any other)."""
    out = []
    for field_name in dict.fromkeys(d.field for d in found):
        names = dict.fromkeys(
            source_name(s) for d in found if d.field == field_name
            for s in (d.first.source, d.second.source)
        )  # fmt: skip
        if len(names) == 1:
            out.append(
                f"{next(iter(names))} gives its {field_name} two ways at once: "
                "see where sources disagree"
            )
        else:
            out.append(
                f"Sources disagree on its {field_name} ({' and '.join(names)}): "
                "see where sources disagree"
            )
    if passed:
        out.append(
            f"Release date passed {plural(days_past, 'day')} ago without a confirming source"
        )
    if early is not None:
        out.append(
            f"Marked released, but its release ({early.label}) is after {day_label(as_of)}: "
            "check the status or the date"
        )
    if stale:
        out.append("No source newer than 12 months" if days_since != NONE else "No dated source")
    return out


@dataclass(frozen=True)
class Facts:
    """What the flags need from each of a list of projects that no day changes."""

    newest: list[FuzzyDate | None]
    """The newest of the project's sources that has a first day (None where none has)."""
    newest_first: np.ndarray
    """Its first possible day, as an ordinal."""
    newest_last: np.ndarray
    """Its last possible day (NONE where open), as an ordinal."""
    release_last: np.ndarray
    """The release's last possible day (NONE where unknown or open)."""
    released_first: np.ndarray
    """For a project whose status is released, its release's first possible day (NONE for
    any other, or where unknown or open)."""
    release: list[FuzzyDate]
    """The release date, for the words of a flag about it."""
    may_pass: np.ndarray
    """True where a passed release would be unconfirmed: no claim says the film came out,
    and it was not cancelled or abandoned."""
    disputes: dict[int, list[Dispute]]
    """By place in the list, where its sources disagree (rare)."""

    @classmethod
    def of(
        cls,
        projects: Sequence[Project],
        sources: Mapping[str, Source],
        known_disputes: Callable[[int], list[Dispute]] | None = None,
    ) -> Facts:
        """The facts of these projects, each as given (a day's view holds only what was
        known on it, so the facts of a view are that day's).

        `known_disputes(i)`, where given, gives the i-th project's disagreements: a day's
        are those of the whole slate whose two sources were both out by then (a source's
        claims are known together, so a day cannot hold a disagreement the whole slate
        does not), which spares weighing each claim against the others again."""
        keyed = {
            sid: (s.published.recency_key(), s.published)
            for sid, s in sources.items()
            if s.published.earliest is not None
        }
        newest: list[FuzzyDate | None] = []
        found: dict[int, list[Dispute]] = {}
        for i, project in enumerate(projects):
            best = None
            # Sorted ids: the first of equally new sources wins, whatever the hash seed.
            for sid in sorted({*project.sources, *(u.source for u in project.updates)}):
                seen = keyed.get(sid)
                if seen is not None and (best is None or seen[0] > best[0]):
                    best = seen
            newest.append(best[1] if best is not None else None)
            # Only a project with two claims on one field can hold a disagreement.
            if len(project.updates) > 1:
                clashes = (
                    known_disputes(i)
                    if known_disputes is not None
                    else disputes(said_of(project.updates, sources))
                )
                if clashes:
                    found[i] = clashes
        bounds = {d: (_ordinal(d.earliest), _ordinal(d.latest)) for d in set(newest) if d}
        release_bounds = {
            d: (_ordinal(d.earliest), _ordinal(d.latest)) for d in {p.release for p in projects}
        }
        return cls(
            newest=newest,
            newest_first=np.array([bounds[d][0] if d else NONE for d in newest], np.int64),
            newest_last=np.array([bounds[d][1] if d else NONE for d in newest], np.int64),
            release_last=np.array([release_bounds[p.release][1] for p in projects], np.int64),
            released_first=np.array(
                [
                    release_bounds[p.release][0] if p.status is Status.RELEASED else NONE
                    for p in projects
                ],
                np.int64,
            ),
            release=[p.release for p in projects],
            may_pass=np.array(
                [
                    p.status is not Status.RELEASED
                    and p.status not in _STOPPED
                    and not any(u.status is Status.RELEASED for u in p.updates)
                    for p in projects
                ],
                bool,
            ),
            disputes=found,
        )

    def take(self, rows: np.ndarray, others: Facts) -> Facts:
        """These facts at `rows` (-1: the next of `others`, in order): a day's view made of
        records kept whole and projects worked out again."""
        mine = rows >= 0
        theirs = np.cumsum(~mine) - 1
        where = rows.copy()

        def pick(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return np.where(mine, a[np.where(mine, where, 0)], b[np.where(mine, 0, theirs)])

        if not len(others.newest):
            others = _EMPTY_FACTS
        found = {
            j: (self.disputes[r] if r >= 0 else others.disputes[int(theirs[j])])
            for j, r in enumerate(rows.tolist())
            if (r >= 0 and r in self.disputes) or (r < 0 and int(theirs[j]) in others.disputes)
        }
        return Facts(
            newest=[
                self.newest[r] if r >= 0 else others.newest[int(theirs[j])]
                for j, r in enumerate(rows.tolist())
            ],
            newest_first=pick(self.newest_first, others.newest_first),
            newest_last=pick(self.newest_last, others.newest_last),
            release_last=pick(self.release_last, others.release_last),
            released_first=pick(self.released_first, others.released_first),
            release=[
                self.release[r] if r >= 0 else others.release[int(theirs[j])]
                for j, r in enumerate(rows.tolist())
            ],
            may_pass=pick(self.may_pass, others.may_pass),
            disputes=found,
        )


_EMPTY_FACTS = Facts(
    newest=[None],
    newest_first=np.array([NONE], np.int64),
    newest_last=np.array([NONE], np.int64),
    release_last=np.array([NONE], np.int64),
    released_first=np.array([NONE], np.int64),
    release=[FuzzyDate.unknown()],
    may_pass=np.array([False]),
    disputes={},
)


@dataclass(frozen=True)
class DayFlags:
    """Every project's assessment numbers for one day, as arrays in the view's order."""

    as_of: dt.date
    newest: list[FuzzyDate]
    """The newest known source (the unknown date where there is none)."""
    days_since_update: np.ndarray
    """Whole days since that source's last possible day; NONE where there is none."""
    stale: np.ndarray
    release_passed_unconfirmed: np.ndarray
    days_past_release: np.ndarray
    """NONE where the release did not pass unconfirmed."""
    marked_released_early: np.ndarray
    """Marked released, with a release whose first possible day is after the day."""
    early_releases: dict[int, FuzzyDate]
    """By place, the release dates of the projects marked released early (rare)."""
    disputes: dict[int, list[Dispute]]

    @classmethod
    def of(cls, facts: Facts, as_of: dt.date) -> DayFlags:
        day = as_of.toordinal()
        has = facts.newest_first != NONE
        # "At least N days": from the last day the source could be, never past the day.
        last = facts.newest_last
        until = np.where(last == NONE, day, np.minimum(last, day))
        days = np.where(has, day - until, NONE)
        stale = ~has | (days > STALE_AFTER_DAYS)
        passed = (facts.release_last != NONE) & (facts.release_last < day) & facts.may_pass
        # NONE is below every day: a project not released, or undated, is never early.
        early = facts.released_first > day
        return cls(
            as_of=as_of,
            newest=[d if d is not None else _UNKNOWN for d in facts.newest],
            days_since_update=days,
            stale=stale,
            release_passed_unconfirmed=passed,
            days_past_release=np.where(passed, day - facts.release_last, NONE),
            marked_released_early=early,
            early_releases={i: facts.release[i] for i in np.flatnonzero(early).tolist()},
            disputes=facts.disputes,
        )

    def flags(self, source_name: Callable[[str], str]) -> list[list[str]]:
        """Each project's warnings in words (`flag_words`), one list per distinct set of
        warnings: 100,000 projects share a few thousand."""
        made: dict[tuple[bool, int, bool, bool, FuzzyDate | None], list[str]] = {}
        out: list[list[str]] = []
        as_of = self.as_of
        for i, (passed, past, stale, days) in enumerate(
            zip(
                self.release_passed_unconfirmed.tolist(),
                self.days_past_release.tolist(),
                self.stale.tolist(),
                self.days_since_update.tolist(),
                strict=True,
            )
        ):
            early = self.early_releases.get(i)
            found = self.disputes.get(i)
            if found:
                out.append(
                    flag_words(
                        found, passed, past, stale, days, source_name, early=early, as_of=as_of
                    )
                )
                continue
            key = (passed, past, stale, days == NONE, early)
            words = made.get(key)
            if words is None:
                words = made[key] = flag_words(
                    (), passed, past, stale, days, source_name, early=early, as_of=as_of
                )
            out.append(words)
        return out


_UNKNOWN = FuzzyDate.unknown()


class Assessments(Mapping[str, Assessment]):
    """Every project on a day's slate, assessed, by id: worked out for all at once, and
    made into an `Assessment` only for the projects a page looks at."""

    def __init__(self, view: Slate, flags: DayFlags) -> None:
        self.view = view
        self.day = flags
        self._made: dict[str, Assessment] = {}

    @property
    def as_of(self) -> dt.date:
        return self.day.as_of

    def __getitem__(self, project_id: str) -> Assessment:
        made = self._made.get(project_id)
        if made is not None:
            return made
        i = self.view.project_index[project_id]
        day = self.day
        days = int(day.days_since_update[i])
        past = int(day.days_past_release[i])
        passed = bool(day.release_passed_unconfirmed[i])
        stale = bool(day.stale[i])
        early = day.early_releases.get(i)
        found = day.disputes.get(i, [])
        words = flag_words(
            found, passed, past, stale, days, self.view.source_name, early=early, as_of=day.as_of
        )
        made = Assessment(
            as_of=day.as_of,
            newest_source=day.newest[i],
            days_since_update=None if days == NONE else days,
            stale=stale,
            release_passed_unconfirmed=passed,
            days_past_release=None if past == NONE else past,
            marked_released_early=early is not None,
            disputes=found,
            flags=words,
        )
        self._made[project_id] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return (p.id for p in self.view.projects)

    def __len__(self) -> int:
        return len(self.view.projects)

    def __contains__(self, project_id: object) -> bool:
        return project_id in self.view.project_index


def final_facts(slate: Slate) -> Facts:
    """The facts of a slate with everything known: worked out once per slate and kept, and
    per data across restarts too (half a second at 100,000 projects)."""

    def build() -> Facts:
        return cache.derived(
            "assess-facts",
            slate.content_key,
            lambda: Facts.of(slate.projects, slate.sources_by_id),
        )

    return memo(slate, "assess-facts", build)


def assess_day(day: Day) -> Assessments:
    """Every project on a day's slate, assessed: the projects the day keeps whole are read
    from the slate's own facts (`final_facts`), and only the others are gathered again."""
    view = day.view
    final = final_facts(day.slate)
    if view is day.slate:
        facts = final
    else:
        index = day.slate.project_index
        rows = np.array(
            [index[p.id] if p is day.slate.projects[index[p.id]] else -1 for p in view.projects],
            np.int64,
        )
        redone = [p for p, r in zip(view.projects, rows.tolist(), strict=True) if r < 0]
        places = [index[p.id] for p in redone]

        def known(i: int) -> list[Dispute]:
            return [d for d in final.disputes.get(places[i], ()) if d.known <= day.as_of]

        facts = final.take(rows, Facts.of(redone, view.sources_by_id, known))
    return Assessments(view, DayFlags.of(facts, day.as_of))


def assess(view: Slate, project: Project, as_of: dt.date) -> Assessment:
    """One project of a day's view, assessed by the same rules as a whole slate."""
    one = Slate.model_construct(
        sources=view.sources, projects=[project], events=[], updates=[], event_updates=[]
    )
    flags = DayFlags.of(Facts.of([project], view.sources_by_id), as_of)
    return Assessments(one, flags)[project.id]

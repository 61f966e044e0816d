"""Every project's assessment for a day, worked out for the whole slate at once.

`Slate.assess` weighs one project; a table of 100,000 projects needs all of them for every
as-of day a reader picks. What does not depend on the day (each project's sources, newest
first, and its release's last day) is worked out once per slate; a day then costs a few
array operations. The numbers are `Slate.assess`'s exactly (tests/test_query.py compares
them on a synthetic slate), and a project's `Assessment` is built from them only when a
page asks for that project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from slate.dates import FuzzyDate

if TYPE_CHECKING:
    from slate.models import Assessment, Slate

__all__ = ["Assessments", "DayFlags", "SlateFacts"]

_NONE = np.iinfo(np.int64).min
"""An ordinal that stands for "no such day" in the arrays below."""


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day is not None else _NONE


@dataclass(frozen=True)
class SlateFacts:
    """What the assessment needs from each project that no as-of day changes, in the
    slate's project order."""

    newest: list[FuzzyDate | None]
    """The newest of the project's sources that have a first day (None where none has)."""
    newest_first: np.ndarray
    """Its first possible day, as an ordinal: it counts from that day on."""
    newest_last: np.ndarray
    """Its last possible day (_NONE where open), as an ordinal."""
    release_last: np.ndarray
    """The release's last possible day (_NONE where unknown or open)."""
    may_pass: np.ndarray
    """True where a passed release would be unconfirmed: no source says the film came out,
    and it was not cancelled or abandoned."""
    disputes: dict[int, list[tuple[str, FuzzyDate]]]
    """By project place, where claims of one date disagree (`Project.disputes`): rare."""

    @classmethod
    def of(cls, slate: Slate) -> SlateFacts:
        from slate.models import Status

        sources = slate.sources_by_id
        # Per source: the key that orders "newest", and its first and last day.
        keyed = {
            sid: (s.published.recency_key(), s.published)
            for sid, s in sources.items()
            if s.published.earliest is not None
        }
        newest: list[FuzzyDate | None] = []
        for project in slate.projects:
            best = None
            # Sorted ids, as Slate.assess reads them: the first of equally new sources wins.
            for sid in sorted({*project.sources, *(u.source for u in project.updates)}):
                found = keyed.get(sid)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
            newest.append(best[1] if best is not None else None)
        bounds = {d: (_ordinal(d.earliest), _ordinal(d.latest)) for d in set(newest) if d}
        releases = {p.release for p in slate.projects}
        release_last = {d: _ordinal(d.latest) for d in releases}
        stopped = (Status.CANCELLED, Status.ABANDONED)
        disputes: dict[int, list[tuple[str, FuzzyDate]]] = {}
        for i, project in enumerate(slate.projects):
            updates = project.updates
            # Only claims that share a date can disagree on it: a set, not a walk per field.
            if len(updates) > 1 and len({u.date for u in updates}) < len(updates):
                clashes = project.disputes()
                if clashes:
                    disputes[i] = clashes
        return cls(
            newest=newest,
            newest_first=np.array([bounds[d][0] if d else _NONE for d in newest], np.int64),
            newest_last=np.array([bounds[d][1] if d else _NONE for d in newest], np.int64),
            release_last=np.array([release_last[p.release] for p in slate.projects], np.int64),
            may_pass=np.array(
                [
                    p.status is not Status.RELEASED
                    and p.status not in stopped
                    and not any(u.status is Status.RELEASED for u in p.updates)
                    for p in slate.projects
                ],
                bool,
            ),
            disputes=disputes,
        )


@dataclass(frozen=True)
class DayFlags:
    """Every project's assessment numbers for one day, as arrays in the slate's order."""

    as_of: dt.date
    newest: list[FuzzyDate]
    """The newest source published by that day (the unknown date where there is none)."""
    days_since_update: np.ndarray
    """Whole days since that source's last possible day; _NONE where there is none."""
    stale: np.ndarray
    release_passed_unconfirmed: np.ndarray
    days_past_release: np.ndarray
    """_NONE where the release did not pass unconfirmed."""
    disputes: dict[int, list[tuple[str, FuzzyDate]]]
    """By project place, the disagreements among claims known by that day."""

    @classmethod
    def of(cls, slate: Slate, facts: SlateFacts, as_of: dt.date) -> DayFlags:
        from slate.models import STALE_AFTER_DAYS

        day = as_of.toordinal()
        newest = [d if d is not None else _UNKNOWN for d in facts.newest]
        has = facts.newest_first != _NONE
        late = np.flatnonzero(has & (facts.newest_first > day))
        if late.size:
            # Looking back from before a project's newest source: the newest one published
            # by then, project by project (rare: only for as-of days in the past).
            newest = list(newest)
            first = facts.newest_first.copy()
            last = facts.newest_last.copy()
            for i in late.tolist():
                seen = slate.assess(slate.projects[i], as_of).newest_source
                newest[i] = seen
                first[i] = _ordinal(seen.earliest) if seen else _NONE
                last[i] = _ordinal(seen.latest) if seen else _NONE
            has = first != _NONE
        else:
            last = facts.newest_last
        # "At least N days": from the last day the source could be, never past the day.
        until = np.where(last == _NONE, day, np.minimum(last, day))
        days = np.where(has, day - until, _NONE)
        stale = ~has | (days > STALE_AFTER_DAYS)
        passed = (facts.release_last != _NONE) & (facts.release_last < day) & facts.may_pass
        return cls(
            as_of=as_of,
            newest=newest,
            days_since_update=days,
            stale=stale,
            release_passed_unconfirmed=passed,
            days_past_release=np.where(passed, day - facts.release_last, _NONE),
            disputes={
                i: known
                for i, found in facts.disputes.items()
                if (
                    known := [
                        (name, date)
                        for name, date in found
                        if date.earliest is None or date.earliest <= as_of
                    ]
                )
            },
        )

    def flags(self) -> list[list[str]]:
        """Each project's warnings in words, as `Assessment.flags` gives them."""
        out: list[list[str]] = []
        for i, (passed, past, stale, days) in enumerate(
            zip(
                self.release_passed_unconfirmed.tolist(),
                self.days_past_release.tolist(),
                self.stale.tolist(),
                self.days_since_update.tolist(),
                strict=True,
            )
        ):
            words = [
                f"Sources disagree on its {name} ({date.label}): see where sources disagree"
                for name, date in self.disputes.get(i, ())
            ]
            if passed:
                words.append(f"Release date passed {past} days ago without a confirming source")
            if stale:
                words.append(
                    "No source newer than 12 months" if days != _NONE else "No dated source"
                )
            out.append(words)
        return out


_UNKNOWN = FuzzyDate.unknown()


class Assessments(Mapping[str, "Assessment"]):
    """Every project's assessment for one day, by project id: worked out for all projects
    at once, and made into an `Assessment` only for the projects a page looks at."""

    def __init__(self, slate: Slate, day: DayFlags) -> None:
        self._slate = slate
        self.day = day
        self._made: dict[str, Assessment] = {}

    @property
    def as_of(self) -> dt.date:
        return self.day.as_of

    def __getitem__(self, project_id: str) -> Assessment:
        made = self._made.get(project_id)
        if made is not None:
            return made
        from slate.models import Assessment

        i = self._slate.project_index[project_id]
        day = self.day
        days = int(day.days_since_update[i])
        past = int(day.days_past_release[i])
        # Built from values already checked, without validating them again (a chart of
        # 100,000 projects asks for every one).
        made = Assessment.model_construct(
            as_of=day.as_of,
            newest_source=day.newest[i],
            days_since_update=None if days == _NONE else days,
            stale=bool(day.stale[i]),
            release_passed_unconfirmed=bool(day.release_passed_unconfirmed[i]),
            days_past_release=None if past == _NONE else past,
            disputes=day.disputes.get(i, []),
        )
        self._made[project_id] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return (p.id for p in self._slate.projects)

    def __len__(self) -> int:
        return len(self._slate.projects)

    def __contains__(self, project_id: object) -> bool:
        return project_id in self._slate.project_index

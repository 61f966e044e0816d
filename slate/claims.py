"""Bringing the slate current one report at a time: dated claims merged into projects.

A report is a data file with a top-level `updates:` list: each entry is a claim as in a
project's own `updates`, plus `project: <id>` naming the project it is about. Claims never
overwrite anything. On load each claim joins its project's history (`updates`, oldest
first), its source joins the project's sources, and the project's current status, release
and filming dates become those of the newest dated claim that states them. The record's
own fields stand for what its own history says, as of that history's newest claim: a
report only changes them with something newer. Claims of the same date that disagree are
kept side by side and the project is flagged (`Project.disputes`), never settled here.
Credits a claim names are added, or take the claim's certainty where the name is already
attached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slate.dates import FuzzyDate
from slate.models import Claim, Credit, Loc, Project, Slate, Status, Update, fold

__all__ = ["Change", "changes", "claim_problems", "merge", "resolve"]

_ENDED = (Status.ABANDONED, Status.CANCELLED)


def resolve(slate: Slate) -> Slate:
    """The slate with every report claim merged into its project (and none left over).

    Call it on a slate whose references check out (`Slate.reference_problems` and
    `claim_problems` empty); a slate with no report claims comes back as it is.
    """
    if not slate.updates:
        return slate
    by_project: dict[str, list[Claim]] = {}
    for claim in slate.updates:
        by_project.setdefault(claim.project, []).append(claim)
    projects = [merge(p, by_project.get(p.id, ()), slate) for p in slate.projects]
    return Slate.model_construct(
        sources=slate.sources, projects=projects, events=slate.events, updates=[]
    )


def merge(project: Project, claims: Sequence[Claim], slate: Slate) -> Project:
    """One project with the given report claims about it merged in."""
    if not claims:
        return project
    as_of_record = _record_date(project, slate)
    history = sorted(
        [*project.updates, *(_as_update(c) for c in claims)], key=lambda u: u.date.sort_key()
    )
    changes: dict[str, Any] = {
        "updates": history,
        "sources": list(dict.fromkeys([*project.sources, *(c.source for c in claims)])),
    }
    for name in ("status", "release", "filming"):
        stated = [c for c in claims if getattr(c, name) is not None]
        if not stated:
            continue
        newest = max(stated, key=lambda c: c.date.recency_key())
        current = getattr(project, name)
        record_states = not (isinstance(current, FuzzyDate) and current.is_unknown)
        if (
            record_states
            and as_of_record
            and (newest.date.recency_key() <= as_of_record.recency_key())
        ):
            continue  # the record already speaks for a claim as new or newer
        changes[name] = getattr(newest, name)
    for kind in ("directors", "cast"):
        credits: list[Credit] = list(getattr(project, kind))
        for claim in sorted(claims, key=lambda c: c.date.sort_key()):
            for credit in getattr(claim, kind):
                named = (
                    credit
                    if credit.sources
                    else credit.model_copy(update={"sources": [claim.source]})
                )
                index = next(
                    (i for i, c in enumerate(credits) if fold(c.name) == fold(credit.name)), None
                )
                if index is None:
                    credits.append(named)
                else:
                    credits[index] = named
        changes[kind] = credits
    return project.model_copy(update=changes)


def _as_update(claim: Claim) -> Update:
    return Update.model_construct(
        **{name: getattr(claim, name) for name in Update.model_fields},
    )


def _record_date(project: Project, slate: Slate) -> FuzzyDate:
    """The date the record's own fields speak for: its newest claim, else its newest source."""
    dates = [u.date for u in project.updates if u.date]
    if not dates:
        dates = [
            slate.sources_by_id[s].published for s in project.sources if s in slate.sources_by_id
        ]
    return max(dates, key=FuzzyDate.recency_key, default=FuzzyDate.unknown())


def claim_problems(slate: Slate) -> list[tuple[Loc, str]]:
    """What is wrong with the report claims beyond unknown ids: each with its place.

    A claim must say something; it cannot be dated before its source was published (a
    report's news is as of the report); and it cannot give a release date to a project
    that its sources say was abandoned or cancelled by then.
    """
    problems: list[tuple[Loc, str]] = []
    # Each project's claims so far: a folder of many reports is checked in one pass.
    earlier: dict[str, list[Claim]] = {}
    for i, claim in enumerate(slate.updates):
        loc: Loc = ("updates", i)
        if not claim.stated():
            problems.append((loc, "says nothing: give a status, release, filming date or credits"))
        source = slate.sources_by_id.get(claim.source)
        if (
            source is not None
            and claim.date.latest is not None
            and source.published.earliest is not None
            and claim.date.latest < source.published.earliest
        ):
            problems.append(
                (
                    (*loc, "date"),
                    f"{claim.date.label} is before its source was published "
                    f"({source.published.label})",
                )
            )
        project = slate.projects_by_id.get(claim.project)
        if claim.release is not None and project is not None:
            before = earlier.get(claim.project, [])
            status = claim.status or _status_by(project, slate, before, claim.date)
            if status in _ENDED:
                problems.append(
                    (
                        (*loc, "release"),
                        f"a release date for a project {status.label.lower()} by then; "
                        "give its new status in the same claim if it is back",
                    )
                )
        earlier.setdefault(claim.project, []).append(claim)
    return problems


def _status_by(
    project: Project, slate: Slate, earlier: Iterable[Claim], date: FuzzyDate
) -> Status | None:
    """A project's status on a claim's date, as its record and the claims before this one
    leave it (None where nothing dated says)."""
    stated = [
        (c.date, c.status)
        for c in earlier
        if c.project == project.id and c.status is not None and c.date.sort_key() <= date.sort_key()
    ]
    record = _record_date(project, slate)
    if record and record.sort_key() <= date.sort_key():
        stated.append((record, project.status))
    if not stated:
        return None
    return max(stated, key=lambda s: s[0].recency_key())[1]


@dataclass(frozen=True)
class Change:
    """How one project reads after a report: each field it changes, before and after."""

    project_id: str
    title: str
    fields: tuple[tuple[str, str, str], ...]
    """(field, before, after), in words; empty for a project the report adds."""
    new: bool = False

    def lines(self) -> list[str]:
        """The change as a terminal shows it, one line per field."""
        head = f"{self.project_id} ({self.title})"
        if self.new:
            return [f"{head}: new project"]
        return [head + ":", *(f"  {name}: {old} -> {new}" for name, old, new in self.fields)]


def _words(project: Project, slate: Slate) -> dict[str, str]:
    return {
        "status": project.status.label,
        "release": project.release.label,
        "filming": project.filming.label,
        "directors": "; ".join(c.name + c.certainty.mark for c in project.directors) or "—",
        "cast": "; ".join(c.name + c.certainty.mark for c in project.cast) or "—",
        "sources": "; ".join(slate.source_name(s) for s in project.sources),
        "claims": str(len(project.updates)),
    }


def changes(before: Slate, after: Slate) -> list[Change]:
    """What a report changes, project by project, in the order of the slate after it."""
    out = []
    for project in after.projects:
        old = before.projects_by_id.get(project.id)
        if old is None:
            out.append(Change(project.id, project.title, (), new=True))
            continue
        was, now = _words(old, before), _words(project, after)
        fields = tuple((k, was[k], now[k]) for k in now if was[k] != now[k])
        if fields:
            out.append(Change(project.id, project.title, fields))
    return out

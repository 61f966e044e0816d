"""Claims into projects: each report's claims join their project's history on load.

A report is a data file with a top-level `updates:` list: each entry is a claim as in a
project's own `updates`, plus `project: <id>` naming the project it is about (and an
`event_updates:` list of claims about events). Claims never overwrite anything. On load
(`resolve`) each claim joins its project's history, a claim with no date of its own takes
its source's, and the project's status, release, filming and credits become what its
claims say once all are known (`slate.knowledge` says what they said on any earlier day).
A field given on the record and by no claim is a claim of the record's newest source, as
of its publication; given on the record and by claims, it must agree with the newest.

Every id a record names must be some record's (`unresolved`): checked for records as read
too, so a file whose records fail validation still has its unknown ids found in the same
pass, each with the id it may have meant. So are the checks each claim answers on its own
(`lone_claim_problems`: it says nothing, or is dated after its source was published).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from slate.dates import FuzzyDate
from slate.knowledge import announced, credits_of, current, said_of
from slate.models import (
    CLAIM_FIELDS,
    Claim,
    Credit,
    EventClaim,
    Loc,
    Project,
    Slate,
    Source,
    Status,
    Update,
    fold,
)
from slate.press import read_date

__all__ = [
    "Change",
    "Unresolved",
    "changes",
    "claim_problems",
    "lone_claim_problems",
    "resolve",
    "slug",
    "unresolved",
]

_ENDED = (Status.ABANDONED, Status.CANCELLED)
_DATED = ("status", "release", "filming")
_RECORD_NOTE = "Given on the project's own record, without a dated claim."
_UNKNOWN = FuzzyDate.unknown()
_SAYS_NOTHING = "says nothing: give a status, release, filming date or credits"


def resolve(slate: Slate) -> Slate:
    """The slate with every claim dated, every report claim in its project's history (none
    left over), and each project's fields its claims' (see the module's docstring).

    Call it on a slate whose references check out (`Slate.reference_problems` and
    `claim_problems` empty)."""
    sources = slate.sources_by_id
    by_project: dict[str, list[Claim]] = {}
    for claim in slate.updates:
        by_project.setdefault(claim.project, []).append(claim)
    record_credits: dict[str, tuple[list[Credit], list[Credit]]] = {}
    projects = []
    for project in slate.projects:
        resolved, changed_credits = _resolve(project, by_project.get(project.id, ()), sources)
        if changed_credits:
            record_credits[project.id] = (project.directors, project.cast)
        projects.append(resolved)
    event_updates = [_dated(c, sources) for c in slate.event_updates]
    out = Slate.model_construct(
        subject=slate.subject, sources=slate.sources, projects=projects, events=slate.events,
        updates=[], event_updates=event_updates,
    )  # fmt: skip
    if record_credits:
        # The record's own credits, for days before a report changed them (knowledge.Day).
        out.__dict__["record_credits"] = record_credits
    return out


def _resolve(
    project: Project, claims: Sequence[Claim], sources: dict[str, Source]
) -> tuple[Project, bool]:
    """One project with its claims merged and its fields worked out; and whether the claims
    changed its credits."""
    updates = [_dated(u, sources) for u in [*project.updates, *map(_as_update, claims)]]
    # The record's own fields are weighed against its own claims only: a report is later
    # news, and supersedes them as any newer claim does.
    shorthand = _record_claim(project, project.updates, sources)
    if shorthand is not None:
        updates.append(shorthand)
    said = said_of(updates, sources)
    changes: dict[str, Any] = {}
    redated = any(u is not v for u, v in zip(updates, project.updates, strict=False))
    if claims or shorthand is not None or redated:
        changes["updates"] = [s.update for s in said]
    if claims:
        changes["sources"] = list(dict.fromkeys([*project.sources, *(c.source for c in claims)]))
    for field in _DATED:
        newest = current(said, field)
        if newest is not None and getattr(newest.update, field) != getattr(project, field):
            changes[field] = getattr(newest.update, field)
    first_news = announced(project, said)
    if first_news != project.announced:
        changes["announced"] = first_news
    changed_credits = any(u.directors or u.cast for u in updates)
    if changed_credits:
        known = set(sources)
        directors, cast = credits_of(project, said, known)
        if directors != project.directors or cast != project.cast:
            changes["directors"], changes["cast"] = directors, cast
        else:
            changed_credits = False
    if not changes:
        return project, False
    resolved = project.model_copy(update=changes)
    # What the claims set is not what the record gave: `model_fields_set` keeps saying
    # which fields the file itself held (an `announced` worked out from the claims must not
    # read, on an earlier day, as a date the record gave).
    object.__setattr__(resolved, "__pydantic_fields_set__", set(project.model_fields_set))
    return resolved, changed_credits


def _dated(claim: Any, sources: dict[str, Source]) -> Any:
    """A claim with its date: its own, or its source's publication where it gives none."""
    if claim.date or claim.source not in sources:
        return claim
    return claim.model_copy(update={"date": sources[claim.source].published})


def _as_update(claim: Claim) -> Update:
    return Update.model_construct(
        claim.model_fields_set - {"project"},
        **{name: getattr(claim, name) for name in Update.model_fields},
    )


def _newest_source(project: Project, sources: dict[str, Source]) -> Source | None:
    known = [sources[s] for s in project.sources if s in sources]
    return max(known, key=lambda s: s.published.recency_key(), default=None)


def _record_claim(
    project: Project, updates: Sequence[Update], sources: dict[str, Source]
) -> Update | None:
    """The fields the record gives and no claim does, as a claim of its newest source."""
    stated = project.model_fields_set
    given = {
        field: value
        for field in _DATED
        if field in stated
        and (value := getattr(project, field)) is not None
        and value != _UNKNOWN
        and not any(getattr(u, field) is not None for u in updates)
    }
    if not given:
        return None
    newest = _newest_source(project, sources)
    if newest is None:
        return None
    dated: dict[str, Any] = {f: given.get(f) for f in _DATED}
    # The record's own words for a date ("late 2026") stay with the claim made of it.
    written = {f: words for f, words in project.written.items() if f in given}
    return Update.model_construct(
        {"date", "source", "note", *given, *(("written",) if written else ())},
        date=newest.published, source=newest.id, note=_RECORD_NOTE, directors=[], cast=[],
        inferred={}, written=written, **dated,
    )  # fmt: skip


def claim_problems(slate: Slate) -> list[tuple[Loc, str]]:
    """What is wrong with the claims beyond unknown ids, each with its place.

    A report's claim must say something. No claim can hold after its source was published
    (an article reports what has happened or is planned as of its writing; "opened on
    2 October" in a December article is fine, "will open" dated after it is not). A release
    cannot be given to a project its sources say was abandoned or cancelled by then, unless
    the same claim brings it back. A field the record gives must agree with the newest of
    the record's own claims that gives it, since the claims decide."""
    problems: list[tuple[Loc, str]] = []
    sources = slate.sources_by_id
    for i, project in enumerate(slate.projects):
        for k, update in enumerate(project.updates):
            problems += _late(("projects", i, "updates", k), update, sources)
    for i, event_claim in enumerate(slate.event_updates):
        problems += _late(("event_updates", i), event_claim, sources)
    by_project: dict[str, list[tuple[int, Claim]]] = {}
    for i, claim in enumerate(slate.updates):
        loc: Loc = ("updates", i)
        if not claim.stated():
            problems.append((loc, _SAYS_NOTHING))
        problems += _late(loc, claim, sources)
        by_project.setdefault(claim.project, []).append((i, claim))
    for pid, claims in by_project.items():
        about = slate.projects_by_id.get(pid)
        if about is not None:
            problems += _ended(about, claims, sources)
    for i, project in enumerate(slate.projects):
        problems += _record_disagrees(i, project, sources)
    return problems


def _late(
    loc: Loc, claim: Update | EventClaim, sources: dict[str, Source]
) -> list[tuple[Loc, str]]:
    source = sources.get(claim.source)
    if source is None:
        return []
    late = _after(claim.date, source.published)
    return [((*loc, "date"), late)] if late else []


def _after(date: FuzzyDate, published: FuzzyDate) -> str | None:
    """Why a claim of this date cannot come from a source published then, if it cannot."""
    if not date or date.earliest is None or published.latest is None:
        return None
    if date.earliest > published.latest:
        return (
            f"{date.label} is after its source was published "
            f"({published.label}): a claim can only say what holds by then"
        )
    return None


def lone_claim_problems(files: Sequence[Mapping[str, Any]]) -> list[tuple[int, Loc, str]]:
    """The checks of `claim_problems` that each claim answers on its own (a report's claim
    that says nothing; a claim dated after its source was published), for files' records
    validated or as read: each problem with its file's place among `files` and its place in
    that file's records. For a folder that does not load (a file fails validation, an id is
    unknown), so that these are listed with its other problems, not on the run after.

    A date that cannot be read is not checked (its own problem says so), nor is a claim's
    date against a source that is not defined or whose date cannot be read. A claim that
    names a field no claim has (`relase:`, a problem already) is not said to say nothing:
    what it means to say is in the slip."""
    published: dict[str, FuzzyDate] = {}
    own: list[dict[str, FuzzyDate]] = []
    for records in files:
        mine: dict[str, FuzzyDate] = {}
        for record in _listed(records.get("sources")):
            sid = _field(record, "id")
            if isinstance(sid, str) and sid not in mine:
                date = _date_of(_field(record, "published"), None)
                if date is not None:
                    mine[sid] = date
        own.append(mine)
        for sid, date in mine.items():
            published.setdefault(sid, date)
    problems: list[tuple[int, Loc, str]] = []
    for n, records in enumerate(files):

        def late(loc: Loc, claim: Any, n: int = n) -> None:
            source = _field(claim, "source")
            if not isinstance(source, str) or source not in published:
                return
            # As the models read it: "next year" against the file's own source's day.
            date = _date_of(_field(claim, "date"), own[n].get(source))
            found = None if date is None else _after(date, published[source])
            if found:
                problems.append((n, (*loc, "date"), found))

        for i, claim in enumerate(_listed(records.get("updates"))):
            if isinstance(claim, dict | BaseModel) and _says_nothing(claim):
                problems.append((n, ("updates", i), _SAYS_NOTHING))
            late(("updates", i), claim)
        for i, project in enumerate(_listed(records.get("projects"))):
            for k, update in enumerate(_listed(_field(project, "updates"))):
                late(("projects", i, "updates", k), update)
        for i, event_claim in enumerate(_listed(records.get("event_updates"))):
            late(("event_updates", i), event_claim)
    return problems


def _says_nothing(claim: dict[str, Any] | BaseModel) -> bool:
    if isinstance(claim, Update):
        return not claim.stated()
    if not isinstance(claim, dict) or not claim.keys() <= Claim.model_fields.keys():
        return False
    return all(claim.get(name) in (None, []) for name in CLAIM_FIELDS)


def _date_of(value: Any, on: FuzzyDate | None) -> FuzzyDate | None:
    """A date as written in a record, read by the models' rules (EDTF, else the press's
    words, written on the day `on`); None where they would refuse it. EDTF is tried first
    for any text: the texts it reads that the models send to words first ("TBA", padded
    years) the words read the same."""
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        return FuzzyDate.parse(value)
    except ValueError:
        pass
    if not isinstance(value, str):
        return None
    try:
        return read_date(value, on=on).date
    except ValueError:
        return None


def _ended(
    project: Project, claims: Sequence[tuple[int, Claim]], sources: dict[str, Source]
) -> list[tuple[Loc, str]]:
    """Report claims giving a release to a project abandoned or cancelled by then: by the
    newest status among every claim (the record's own, a field the record gives alone, and
    every report's, in whatever order the files are read) that holds no later and whose
    source was out by the time this claim's was."""
    problems: list[tuple[Loc, str]] = []
    before = [_dated(u, sources) for u in project.updates]
    shorthand = _record_claim(project, project.updates, sources)
    if shorthand is not None:
        before.append(shorthand)
    every = said_of([*before, *(_as_update(_dated(c, sources)) for _, c in claims)], sources)
    by_order = {s.order: s for s in every}
    for k, (i, claim) in enumerate(claims):
        if claim.release is None:
            continue
        ended = claim.status
        if ended is None:
            this = by_order[len(before) + k]
            key = (this.until, this.update.date.earliest or _FIRST)
            earlier = [
                s for s in every
                if s is not this and s.known <= this.known
                and (s.until, s.update.date.earliest or _FIRST) <= key
            ]  # fmt: skip
            newest = current(earlier, "status")
            ended = newest.update.status if newest is not None else None
        if ended in _ENDED:
            problems.append(
                (
                    ("updates", i, "release"),
                    f"a release date for a project {ended.label.lower()} by then; give its "
                    "new status in the same claim if it is back",
                )
            )
    return problems


_FIRST = dt.date.min


def _record_disagrees(
    i: int, project: Project, sources: dict[str, Source]
) -> list[tuple[Loc, str]]:
    """A field the record gives beside its own claims must be the newest of them (a report's
    later claims are news that supersede both)."""
    given = [f for f in _DATED if f in project.model_fields_set]
    if not given or not project.updates:
        return []
    said = said_of([_dated(u, sources) for u in project.updates], sources)
    problems: list[tuple[Loc, str]] = []
    for field in given:
        newest = current(said, field)
        value = getattr(project, field)
        if newest is None or value == getattr(newest.update, field):
            continue
        if isinstance(value, FuzzyDate) and not value:
            continue
        source = sources.get(newest.source)
        name = source.name if source else newest.source
        problems.append(
            (
                ("projects", i, field),
                f"{_words(value)} is not what its newest claim says "
                f"({_words(getattr(newest.update, field))}, {name}, {newest.update.date.label}): "
                "leave it out here and let the claims decide",
            )
        )
    return problems


def _words(value: object) -> str:
    if isinstance(value, Status | FuzzyDate):
        return repr(value.label)
    return repr(value)


def slug(text: str) -> str:
    """Text as an id spells it: folded to lower-case letters and digits, its words joined by
    hyphens ("Mission: Impossible 8" -> "mission-impossible-8")."""
    return "-".join(w for w in re.split(r"[^a-z0-9]+", fold(text)) if w)


Kind = Literal["source", "project", "event"]
_DEFINES: dict[str, Kind] = {"sources": "source", "projects": "project", "events": "event"}
"""The keys whose records have ids, and what each id names."""
_EACH = "*"
"""In a path: each item of the list there."""
_CREDITED = (("directors", _EACH, "sources", _EACH), ("cast", _EACH, "sources", _EACH))
_REFERENCES: dict[str, tuple[tuple[tuple[str, ...], Kind], ...]] = {
    "projects": (
        (("sources", _EACH), "source"),
        *((path, "source") for path in _CREDITED),
        (("parties", _EACH, "sources", _EACH), "source"),
        (("obstacles", _EACH, "sources", _EACH), "source"),
        (("updates", _EACH, "source"), "source"),
        *((("updates", _EACH, *path), "source") for path in _CREDITED),
        (("rival_of",), "project"),
    ),
    "events": ((("sources", _EACH), "source"), (("projects", _EACH), "project")),
    "updates": (
        (("project",), "project"),
        (("source",), "source"),
        *((path, "source") for path in _CREDITED),
    ),
    "event_updates": ((("event",), "event"), (("source",), "source")),
}
"""Where each key's records name another record, and which kind: the rules of
`Slate.reference_problems`, as paths that records as read can be walked along too."""


@dataclass(frozen=True)
class Unresolved:
    """An id defined twice, or named and defined nowhere: in which file, where, and the known
    id it may have meant."""

    file: int
    """The file's place in the files checked."""
    loc: Loc
    """Where in that file's records (`("updates", 0, "project")`)."""
    problem: str
    """What is wrong ("unknown project id 'topgun-3'")."""
    meant: str | None = None
    """For an unknown id, the known one it may be a slip for ('top-gun-3'), if any."""

    @property
    def message(self) -> str:
        return self.problem + (f"; did you mean {self.meant!r}?" if self.meant else "")


def unresolved(
    files: Sequence[Mapping[str, Any]], unseen: Collection[str] = ()
) -> list[Unresolved]:
    """Ids defined twice (the later is the problem) or named and not defined, across files
    in the order they are read: each file's records by key, validated or as read (a file
    whose records failed validation still names ids, and defines them for the others).

    An id is not called unknown where it may be defined out of sight: among records of the
    `unseen` keys (in a file that could not be read at all, under a key written twice or
    not as a list), or where a record of its kind is not a mapping. Values of the wrong type
    are left to validation, which has said so."""
    problems: list[Unresolved] = []
    ids: dict[Kind, set[str]] = {kind: set() for kind in _DEFINES.values()}
    hidden = {_DEFINES[key] for key in unseen if key in _DEFINES}
    titled: list[tuple[Any, str]] = []
    for n, records in enumerate(files):
        for key, kind in _DEFINES.items():
            for i, record in enumerate(_listed(records.get(key))):
                if not isinstance(record, dict | BaseModel):  # `sources: [trade-2025]`
                    hidden.add(kind)
                rid = _field(record, "id")
                if not isinstance(rid, str):
                    continue
                if rid in ids[kind]:
                    problems.append(Unresolved(n, (key, i, "id"), f"duplicate id {rid!r}"))
                ids[kind].add(rid)
                if kind == "project":
                    titled.append((_field(record, "title"), rid))
    meant = _Meant(ids, titled)
    for n, records in enumerate(files):
        for key, paths in _REFERENCES.items():
            for i, record in enumerate(_listed(records.get(key))):
                for path, kind in paths:
                    for loc, value in _named(record, path):
                        if not isinstance(value, str):
                            continue
                        where = (key, i, *loc)
                        if path == ("rival_of",) and value == _field(record, "id"):
                            problems.append(
                                Unresolved(n, where, "a project cannot be its own rival")
                            )
                        elif value not in ids[kind] and kind not in hidden:
                            unknown = f"unknown {kind} id {value!r}"
                            problems.append(Unresolved(n, where, unknown, meant(kind, value)))
    return problems


def _listed(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list) else ()


def _field(record: Any, name: str) -> Any:
    """A field of a record, validated or as read (None for anything else)."""
    if isinstance(record, dict):
        return record.get(name)
    if isinstance(record, BaseModel):
        return getattr(record, name, None)
    return None


def _named(record: Any, path: tuple[str, ...]) -> list[tuple[Loc, Any]]:
    """The values along `path` in a record, each with its place in the record."""
    found: list[tuple[Loc, Any]] = [((), record)]
    for part in path:
        deeper: list[tuple[Loc, Any]] = []
        if part == _EACH:
            for loc, value in found:
                if isinstance(value, list):
                    deeper += (((*loc, k), item) for k, item in enumerate(value))
        else:
            for loc, value in found:
                if (inner := _field(value, part)) is not None:
                    deeper.append(((*loc, part), inner))
        if not deeper:
            return deeper
        found = deeper
    return found


_CLOSE = 0.75
"""How alike (difflib's ratio) a known id must be to be offered: 'top-gun-9' for 'top-gun-3'
is 0.89, 'zeta' for 'beta' 0.75, 'gamma' for 'alpha' 0.4."""
_COMPARISONS = 500_000
"""How many ids all the close matching of one check may compare (a microsecond or two
each): a large slate full of unknown ids gets its first few matched, not a minute's wait."""


class _Meant:
    """The known id an unknown one may mean: the same words in an id's spelling ("Top Gun 3",
    "top_gun_3"), a project titled so, or the closest known id or title by difflib."""

    def __init__(self, ids: Mapping[Kind, set[str]], titled: Sequence[tuple[Any, str]]) -> None:
        self.ids, self.titled = ids, titled
        self.left = _COMPARISONS
        self.found: dict[tuple[Kind, str], str | None] = {}

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        """Projects by their titles as ids spell them (made on the first unknown project:
        folding every title costs as much as a walk of the records)."""
        titles: dict[str, str] = {}
        for title, pid in self.titled:
            if isinstance(title, str):
                titles.setdefault(slug(title), pid)
        return titles

    def __call__(self, kind: Kind, value: str) -> str | None:
        if (kind, value) not in self.found:
            self.found[kind, value] = self._match(kind, value)
        return self.found[kind, value]

    def _match(self, kind: Kind, value: str) -> str | None:
        if len(value) > 300:  # longer than any id or title: nothing to mean
            return None
        spelt = slug(value)
        ids = self.ids[kind]
        titles = self.titles if kind == "project" else {}
        if spelt in ids:
            return spelt
        if spelt in titles:
            return titles[spelt]
        candidates = [*ids, *titles]
        if not spelt or len(candidates) > self.left:
            return None
        self.left -= len(candidates)
        close = difflib.get_close_matches(spelt, candidates, n=1, cutoff=_CLOSE)
        if not close:
            return None
        return close[0] if close[0] in ids else titles[close[0]]


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


def _fields(project: Project, slate: Slate) -> dict[str, str]:
    return {
        "status": project.status.label,
        "release": project.release.label,
        "filming": project.filming.label,
        "directors": "; ".join(c.marked for c in project.directors) or "—",
        "cast": "; ".join(c.marked for c in project.cast) or "—",
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
        was, now = _fields(old, before), _fields(project, after)
        fields = tuple((k, was[k], now[k]) for k in now if was[k] != now[k])
        if fields:
            out.append(Change(project.id, project.title, fields))
    return out

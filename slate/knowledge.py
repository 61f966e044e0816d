"""Two clocks: when a claim holds, and when its source made it known.

Every claim has two times, as a bitemporal database keeps valid time apart from
transaction time:

- **when it holds**: the claim's own `date`, a day, a month or a window ("opened on
  2 October"); never after its source was published, and its source's date where it gives
  none;
- **when it was known**: its source's publication. A source dated only to a window counts
  from the *last* day of that window (what was certainly in print by then); one with an
  open end from its first day; an undated source from the start of time. From today on,
  every source in the data counts (it is in the data, so it is out).

From these, for any day D:

- **the slate as of D** holds only the claims whose sources were known by D, each from its
  own date. A project is on it once a known claim gives its status; its status, release
  and filming are those of its newest known claim (by when they hold; of two that hold at
  once, the later-published);
- **a disagreement** is two sources, both known by D, that give different values for the
  same field at the same time. A claim speaks for its own date; a source's newest word on
  a field also speaks for every day until that source was published. Claims of two
  sources whose days meet and whose values differ disagree: listed and flagged, never
  settled silently (`disputes`);
- **history** is everything else: a later claim that speaks only for days after the other
  source was published moved the value on ("release moved from 2 Oct 2026 to 9 Oct
  2026"; announced, then stalled), and each project's `ledger` says what each claim
  replaced.

`project_as_of` is the rule for one project; `Facts` and `Day` apply it to a whole slate,
skipping every project whose sources were all known by D (its view is then the record as
loaded), so a day in the past costs only the projects it changes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np

from slate.dates import FuzzyDate
from slate.models import (
    Certainty,
    Credit,
    Event,
    EventClaim,
    Inferable,
    Outcome,
    Project,
    Slate,
    Source,
    Status,
    Update,
    fold,
)

__all__ = [
    "INFERRED_MARK",
    "SHOT_STATUSES",
    "Day",
    "Dispute",
    "Entry",
    "Facts",
    "Happening",
    "Said",
    "announced",
    "claim_words",
    "current",
    "disputes",
    "event_claims_of",
    "inferences",
    "known_from",
    "last_activity",
    "ledger",
    "marked",
    "memo",
    "project_as_of",
    "said_of",
    "shot",
]

SHOT_STATUSES = frozenset(
    {Status.FILMING, Status.POST_PRODUCTION, Status.COMPLETED, Status.RELEASED}
)
"""Statuses from which a shoot has happened: a filming date passed without any of them is a
shoot no source confirms."""

_DATED_FIELDS: tuple[Inferable, ...] = ("status", "release", "filming")


INFERRED_MARK = " (inferred)"
"""What follows a value the curators inferred rather than read in a source."""


def marked(words: str, basis: str) -> str:
    """A value's words with the inference mark where its basis is "inferred"."""
    return words + INFERRED_MARK if basis == "inferred" else words


def known_from(published: FuzzyDate) -> dt.date:
    """The first day before today on which a source's claims count as known: the last day it
    can have been published (a source of "2025" is certainly out by 31 Dec 2025); an open
    window from its first day; an undated source from the start of time (nothing else would
    ever show it). From today on, every source in the data counts: it is in the data, so it
    is out (`Day.of`)."""
    return published.latest or published.earliest or dt.date.min


class Said(NamedTuple):
    """A claim placed on both clocks."""

    update: Update
    known: dt.date
    """When its source counts as known (`known_from`)."""
    order: int
    """Its place in the project's history, the last tie-break."""

    @property
    def date(self) -> FuzzyDate:
        """When what it says holds."""
        return self.update.date

    @property
    def source(self) -> str:
        return self.update.source

    @property
    def until(self) -> dt.date:
        """The last day it can hold: its date's, but never after its source was out (a
        claim dated "2021" in an article of 1 March 2021 speaks of no later day than that)."""
        last = self.update.date.latest or self.update.date.earliest
        if last is None:
            return self.known
        # An undated source (known from the start of time) puts no end to its claims.
        return last if self.known == dt.date.min else min(last, self.known)


def _said_key(said: Said) -> tuple[Any, ...]:
    # Newest by when it holds (its last possible day, then its first); of two that hold
    # at once, the later-published; then the later in the file.
    first = said.update.date.earliest or dt.date.min
    return (said.until, first, said.known, said.order)


def said_of(updates: Sequence[Update], sources: Mapping[str, Source]) -> list[Said]:
    """A project's claims on both clocks, oldest first by when they hold. The claims' dates
    are filled in (the loader gives an undated claim its source's date)."""
    placed = [
        Said(u, known_from(s.published) if (s := sources.get(u.source)) else dt.date.min, i)
        for i, u in enumerate(updates)
    ]
    return sorted(placed, key=_said_key) if len(placed) > 1 else placed


def current(said: Sequence[Said], field: str) -> Said | None:
    """The claim that sets a field: the newest that gives it (`said` in `said_of` order)."""
    for claim in reversed(said):
        if _value(claim.update, field) is not None:
            return claim
    return None


def inferences(project: Project, sources: Mapping[str, Source]) -> dict[str, str]:
    """Why the curators read in each of the project's current status, release and filming,
    for those that no source states (the claim that sets it says so)."""
    said = said_of(project.updates, sources)
    return {
        field: why
        for field in _DATED_FIELDS
        if (newest := current(said, field)) is not None
        and (why := newest.update.inferred.get(field))
    }


def _value(update: Update, field: str) -> Any:
    value = getattr(update, field)
    return None if value == [] else value


def claim_words(value: object) -> str:
    """A claimed value as people read it: "Pre-production", "2 Oct 2026", a credit list."""
    if isinstance(value, Status | FuzzyDate):
        return value.label
    if isinstance(value, list):
        return "; ".join(c.marked for c in value)
    return str(value)


# --------------------------------------------------------------------------------------
# History and disagreement


class Dispute(NamedTuple):
    """Two sources that give different values for one field at the same time."""

    field: str
    """status, release, filming, or a credit as `cast: Emily Blunt`."""
    first: Said
    second: Said
    """The claim that holds later (or at the same time)."""

    @property
    def known(self) -> dt.date:
        """The first day both sources were known: the day the disagreement appears."""
        return max(self.first.known, self.second.known)


def _facets(update: Update) -> Iterator[tuple[str, str, Any]]:
    """What a claim says, field by field: (what compares, the field's name, the value). A
    credit is its own field, compared by its folded name (a claim naming one cast member
    says nothing of the others; "Zoe" is "Zoë")."""
    for field in _DATED_FIELDS:
        value = getattr(update, field)
        if value is not None:
            yield field, field, value
    for kind in ("directors", "cast"):
        for credit in getattr(update, kind):
            yield f"{kind}: {fold(credit.name)}", f"{kind}: {credit.name}", credit.certainty


def _agree(a: Any, b: Any) -> bool:
    """Whether two claimed values agree: equal, or one date within the other (October 2026
    and 2 October 2026 say the same, one more precisely)."""
    if a == b:
        return True
    if isinstance(a, FuzzyDate) and isinstance(b, FuzzyDate):
        return _within(a, b) or _within(b, a)
    return False


def _within(inner: FuzzyDate, outer: FuzzyDate) -> bool:
    low, high = outer.earliest, outer.latest
    if inner.earliest is None or inner.latest is None or (low is None and high is None):
        return False
    return (low is None or low <= inner.earliest) and (high is None or inner.latest <= high)


def _span(claim: Said, newest: bool) -> tuple[dt.date, dt.date]:
    """The days a claim speaks for: its own date's window up to its source's publication,
    and, for its source's newest word on the field, every day until then (its present
    tense)."""
    first = claim.update.date.earliest or dt.date.min
    return first, claim.known if newest else claim.until


def disputes(said: Sequence[Said]) -> list[Dispute]:
    """Where two sources give different values for the same field at the same time.

    A claim speaks for its own date (a window, where that is all it gives); a source's
    newest claim on a field also speaks for every day from then until the source was
    published, since the source still held it when it went to print. Two claims of
    different sources with different values whose days meet disagree. So a report of
    December that a film opened on 9 October disagrees with another December report that
    it opened on 2 October; a report that the release moved, after the first one was
    published, is history; and a source that recalls an announcement in 2020 says nothing
    about 2021. One source's two claims disagree only when they hold at the very same date."""
    by_field: dict[str, list[tuple[Said, Any]]] = {}
    names: dict[str, str] = {}
    for claim in said:
        for key, name, value in _facets(claim.update):
            by_field.setdefault(key, []).append((claim, value))
            names.setdefault(key, name)
    found: list[Dispute] = []
    for key, claims in by_field.items():
        field = names[key]
        if len({str(value) for _, value in claims}) < 2:
            continue
        newest = {claim.source: claim.order for claim, _ in claims}
        spans = [_span(claim, newest[claim.source] == claim.order) for claim, _ in claims]
        for j, (later, value) in enumerate(claims):
            for k, (earlier, earlier_value) in enumerate(claims[:j]):
                if _agree(earlier_value, value):
                    continue
                if earlier.source == later.source:
                    clash = earlier.update.date == later.update.date
                else:
                    clash = spans[k][0] <= spans[j][1] and spans[j][0] <= spans[k][1]
                if clash:
                    found.append(Dispute(field, earlier, later))
    found.sort(key=lambda d: (d.second.order, d.first.order))
    return found


class Entry(NamedTuple):
    """One claim as a project's history lists it: both its times, what it says, what it
    replaced, and how its source knows."""

    said: Said
    holds: str
    """When what it says holds, in words."""
    reported: str
    """When its source was published, in words."""
    source: str
    """The source's name."""
    says: tuple[str, ...]
    """Each thing it gives: "Status: Pre-production → Released", "Release: 2 Oct 2026 (as
    before)", "Cast: Emily Blunt (rumored)"; a disagreement says with whom."""
    inferred: tuple[tuple[str, str], ...]
    """(part, reason) for each part the curators inferred; empty where the source states it all."""


def ledger(said: Sequence[Said], sources: Mapping[str, Source]) -> list[Entry]:
    """A project's claims, oldest first by when they hold, each with what it superseded."""
    found = disputes(said)
    against: dict[tuple[str, int], list[Said]] = {}
    for dispute in found:
        against.setdefault((dispute.field, dispute.second.order), []).append(dispute.first)
        against.setdefault((dispute.field, dispute.first.order), []).append(dispute.second)
    before: dict[str, str] = {}
    out = []
    for claim in said:
        update = claim.update
        says = []
        for field in _DATED_FIELDS:
            value = getattr(update, field)
            if value is None:
                continue
            words = claim_words(value)
            was = before.get(field)
            # The reporter's own words, where the date was typed in words: "late 2026".
            shown = (
                f"{words} (written “{update.written[field]}”)" if field in update.written else words
            )
            line = f"{field.capitalize()}: {shown}"
            if was == words:
                line += " (as before)"
            elif was is not None:
                line = f"{field.capitalize()}: {was} → {shown}"
            others = against.get((field, claim.order), [])
            if others:
                line += " — disagrees with " + "; ".join(
                    f"{_name(o.source, sources)}: {claim_words(getattr(o.update, field))}"
                    for o in others
                )
            before[field] = words
            says.append(line)
        for kind in ("directors", "cast"):
            named = getattr(update, kind)
            if named:
                says.append(f"{kind.capitalize()}: " + "; ".join(c.marked for c in named))
        source = sources.get(claim.source)
        out.append(
            Entry(
                said=claim,
                holds=update.date.label
                + (f" (written “{update.written['date']}”)" if "date" in update.written else ""),
                reported=source.published.label if source else "undated",
                source=_name(claim.source, sources),
                says=tuple(says),
                inferred=tuple(update.inferred.items()),
            )
        )
    return out


def _name(source_id: str, sources: Mapping[str, Source]) -> str:
    source = sources.get(source_id)
    return source.name if source is not None else source_id


# --------------------------------------------------------------------------------------
# One project as of a day


def credits_of(
    project: Project,
    said: Iterable[Said],
    known: set[str],
    record: tuple[list[Credit], list[Credit]] | None = None,
) -> tuple[list[Credit], ...]:
    """The directors and cast known through the given claims: the record's own credits
    (`record`, else the project's; each known once a source of it is), then each claim's,
    oldest first, adding a name or changing how firmly it is held."""
    record_sources = [s for s in project.sources if s in known]
    own = record or (project.directors, project.cast)
    out: list[list[Credit]] = []
    for kind, given in zip(("directors", "cast"), own, strict=True):
        credits: list[Credit] = [
            c
            for c in given
            if (any(s in known for s in c.sources) if c.sources else bool(record_sources))
        ]
        for claim in said:
            for credit in getattr(claim.update, kind):
                named = (
                    credit
                    if credit.sources
                    else credit.model_copy(update={"sources": [claim.source]})
                )
                key = fold(credit.name)
                place = next((i for i, c in enumerate(credits) if fold(c.name) == key), None)
                if place is None:
                    credits.append(named)
                else:
                    credits[place] = named
        out.append(credits)
    return tuple(out)


def project_as_of(
    project: Project,
    record_credits: tuple[list[Credit], list[Credit]],
    sources: Mapping[str, Source],
    as_of: dt.date,
) -> Project | None:
    """The project as its sources told it on a day, or None where no claim known by then
    gives its status (it is not on that day's slate).

    `record_credits` are the record's own directors and cast, before any claim of a
    report changed them."""
    every = said_of(project.updates, sources)
    said = [s for s in every if s.known <= as_of]
    status = current(said, "status")
    if status is None:
        return None
    # Only the sources this project cites are asked (a slate may hold thousands).
    cited = {*project.sources, *(u.source for u in project.updates)}
    for items in (*record_credits, project.parties, project.obstacles):
        for item in items:
            cited.update(item.sources)
    known = {sid for sid in cited if (s := sources.get(sid)) and known_from(s.published) <= as_of}
    directors, cast = credits_of(project, said, known, record_credits)
    release, filming = current(said, "release"), current(said, "filming")
    values: dict[str, Any] = {
        **project.__dict__,
        "status": status.update.status,
        "release": release.update.release if release else FuzzyDate.unknown(),
        "filming": filming.update.filming if filming else FuzzyDate.unknown(),
        "directors": directors,
        "cast": cast,
        "sources": [s for s in project.sources if s in known],
        "updates": [s.update for s in sorted(said, key=lambda s: s.order)],
        "parties": [p for p in project.parties if any(s in known for s in p.sources)],
        "obstacles": [o for o in project.obstacles if any(s in known for s in o.sources)],
    }
    values["announced"] = announced(project, said, known)
    return Project.model_construct(project.model_fields_set, **values)


def announced(project: Project, said: Sequence[Said], known: set[str] | None = None) -> FuzzyDate:
    """When the project was first made public: the record's own date where it gives one
    (once a source of it is known), else the date of the earliest known claim that reports
    it announced."""
    if (
        project.announced
        and "announced" in project.model_fields_set
        and (known is None or any(s in known for s in project.sources))
    ):
        return project.announced
    dates = [s.update.date for s in said if s.update.status is Status.ANNOUNCED and s.update.date]
    return min(dates, key=FuzzyDate.sort_key, default=FuzzyDate.unknown())


# --------------------------------------------------------------------------------------
# Events, and the releases and shoots drawn beside them


@dataclass(frozen=True, slots=True)
class Happening:
    """An event, or a project's release or shoot, as the sources told it on a day: what
    the Chronicle and the project cards list."""

    key: str
    title: str
    date: FuzzyDate
    projects: tuple[str, ...]
    certainty: Certainty
    outcome: Outcome
    sources: tuple[str, ...]
    """Source ids, the event's own then those of the claims that moved it."""
    passed: bool
    """Planned, its last possible day behind the as-of day, and no source says it happened."""
    inferred: str = ""
    """Why its date is the curators' reading, where it is."""
    note: str = ""
    """How later claims changed it: "moved from 5 Oct 2021 (Trade Daily, 2 Sep 2021)"."""


def _passed(outcome: Outcome, date: FuzzyDate, as_of: dt.date) -> bool:
    return outcome is Outcome.PLANNED and date.latest is not None and date.latest < as_of


def event_claims_of(slate: Slate) -> dict[str, list[EventClaim]]:
    """The claims about each event, by event id, in the slate's order."""
    by_event: dict[str, list[EventClaim]] = {}
    for claim in slate.event_updates:
        by_event.setdefault(claim.event, []).append(claim)
    return by_event


def event_as_of(
    event: Event,
    claims: Sequence[EventClaim],
    sources: Mapping[str, Source],
    as_of: dt.date,
    key: str,
) -> Happening | None:
    """An event as a day's sources tell it (None where none of them tells of it).

    `sources` are the sources out by the day (`Day.view`'s). The event's own record is its
    first word, from its first source to be out; a later source's claim confirms, moves or
    calls it off, in the order they hold, and one from a source out before the record's
    first source is older news that the record already knew."""
    own = [known_from(sources[s].published) for s in event.sources if s in sources]
    if not own:
        return None
    first = min(own)
    date, outcome = event.date, Outcome.PLANNED if event.planned else Outcome.HAPPENED
    notes: list[str] = []
    cited = list(event.sources)
    later = sorted(
        (
            (c.date.recency_key(), known, i, c)
            for i, c in enumerate(claims)
            if c.source in sources and (known := known_from(sources[c.source].published)) >= first
        ),
        key=lambda t: t[:3],
    )
    for *_, claim in later:
        source = sources[claim.source]
        when = f"{source.name}, {source.published.label}"
        if claim.on is not None and claim.on != date:
            notes.append(f"moved from {date.label} to {claim.on.label} ({when})")
            date = claim.on
        if claim.outcome is not outcome:
            notes.append(f"{claim.outcome.label.lower()} ({when})")
            outcome = claim.outcome
        cited.append(claim.source)
    return Happening(
        key=key,
        title=event.title,
        date=date,
        projects=tuple(event.projects),
        certainty=event.certainty,
        outcome=outcome,
        sources=tuple(dict.fromkeys(cited)),
        passed=_passed(outcome, date, as_of),
        inferred=event.inferred.get("date", ""),
        note="; ".join(notes),
    )


def shot(project: Project, filming: FuzzyDate) -> bool:
    """Whether a claim reports the shoot of this filming date under way or done: a shooting
    (or later) status that holds no earlier than the shoot could have begun. A 2019 shoot
    does not make a 2027 one happen."""
    start = filming.earliest
    return any(
        u.status in SHOT_STATUSES
        and (start is None or (u.date.latest or u.date.earliest or dt.date.max) >= start)
        for u in project.updates
    )


def milestones(project: Project, as_of: dt.date) -> list[Happening]:
    """A project's release and shoot as dated events, from its claims as of the day: the
    same claims that set the table's columns, so the Chronicle cannot contradict them."""
    out = []
    for field, what in (("release", "release"), ("filming", "shoot")):
        date: FuzzyDate = getattr(project, field)
        if not date:
            continue
        if project.status in (Status.CANCELLED, Status.ABANDONED):
            outcome = Outcome.CALLED_OFF
        elif (field == "release" and project.status is Status.RELEASED) or (
            field == "filming" and shot(project, date)
        ):
            outcome = Outcome.HAPPENED
        else:
            outcome = Outcome.PLANNED
        backing = [u for u in project.updates if getattr(u, field) == date]
        inferred = next((u.inferred[field] for u in backing if field in u.inferred), "")
        out.append(
            Happening(
                key=f"{project.id}.{field}",
                title=f"{project.title}: {what}",
                date=date,
                projects=(project.id,),
                certainty=Certainty.CONFIRMED,
                outcome=outcome,
                sources=tuple(dict.fromkeys(u.source for u in backing)) or tuple(project.sources),
                passed=_passed(outcome, date, as_of),
                inferred=inferred,
            )
        )
    return out


def last_activity(project: Project, happenings: Iterable[Happening]) -> FuzzyDate:
    """The newest thing reported to have happened to a project: its latest event that took
    place (not one only planned), else its newest claim."""
    happened = [h.date for h in happenings if h.outcome is Outcome.HAPPENED and h.date]
    if happened:
        return max(happened, key=FuzzyDate.recency_key)
    dated = [u.date for u in project.updates if u.date]
    return max(dated, key=FuzzyDate.recency_key, default=FuzzyDate.unknown())


# --------------------------------------------------------------------------------------
# A whole slate


_NEVER = dt.date.max.toordinal()


@dataclass(frozen=True)
class Facts:
    """What a slate's days need that no day changes, in the slate's project order: the day
    each project joins the slate and the day every source of it is known."""

    first: np.ndarray
    """The first day a claim giving its status is known, as an ordinal (_NEVER: none)."""
    complete: np.ndarray
    """The first day every source it cites is known: from then on its view is its record."""
    last_known: int
    """The day every source of the slate is known."""

    @classmethod
    def of(cls, slate: Slate) -> Facts:
        days = {s.id: known_from(s.published).toordinal() for s in slate.sources}
        first, complete = [], []
        for project in slate.projects:
            status_days = [days.get(u.source, 1) for u in project.updates if u.status]
            first.append(min(status_days, default=_NEVER))
            cited = {*project.sources, *(u.source for u in project.updates)}
            for items in (project.directors, project.cast, project.parties, project.obstacles):
                for item in items:
                    cited.update(item.sources)
            complete.append(max((days.get(s, 1) for s in cited), default=1))
        return cls(
            first=np.array(first, np.int64),
            complete=np.array(complete, np.int64),
            last_known=max(days.values(), default=1),
        )


class Day:
    """The slate as its sources told it on one day: its projects (each as known then), its
    sources, its events, releases and shoots, and its disagreements.

    `view` is itself a Slate, so every table, chart and export made from it says only what
    was known on the day. A project whose every source was known by then is its record,
    the very object; only the others are worked out again."""

    def __init__(self, slate: Slate, facts: Facts, as_of: dt.date) -> None:
        self.slate = slate
        self.facts = facts
        self.as_of = as_of

    @classmethod
    def of(cls, slate: Slate, as_of: dt.date, today: dt.date | None = None) -> Day:
        """The slate as known on a day (its facts worked out once per slate, and kept).

        On or after `today` (the real one unless given) every source in the data counts,
        however late its date window closes: a source in the data is out by now. Before
        it, a source counts from the last day it can have been published."""
        facts = memo(slate, "knowledge-facts", lambda: Facts.of(slate))
        if as_of >= (today or dt.date.today()):
            facts = replace(facts, last_known=min(facts.last_known, as_of.toordinal()))
        return cls(slate, facts, as_of)

    @property
    def is_whole(self) -> bool:
        """Every source counts on the day: the view is the slate as loaded."""
        return self.as_of.toordinal() >= self.facts.last_known

    @functools.cached_property
    def view(self) -> Slate:
        slate, day = self.slate, self.as_of.toordinal()
        if self.is_whole:
            return slate
        present = self.facts.first <= day
        complete = self.facts.complete <= day
        projects = []
        for i in np.flatnonzero(present).tolist():
            project = slate.projects[i]
            if complete[i]:
                projects.append(project)
                continue
            seen = self._project(project)
            if seen is not None:
                projects.append(seen)
        known = [s for s in slate.sources if known_from(s.published) <= self.as_of]
        ids = {s.id for s in known}
        on_slate = {p.id for p in projects}
        events = [
            # As known then: from the sources out by then, about the projects known then.
            e if set(e.projects) <= on_slate and set(e.sources) <= ids
            else e.model_copy(update={
                "projects": [p for p in e.projects if p in on_slate],
                "sources": [s for s in e.sources if s in ids],
            })
            for e in slate.events
            if any(s in ids for s in e.sources)
        ]  # fmt: skip
        view = Slate.model_construct(
            subject=slate.subject,
            sources=known,
            projects=projects,
            events=events,
            updates=[],
            event_updates=[c for c in slate.event_updates if c.source in ids],
        )
        view.__dict__["content_key"] = None
        return view

    def _project(self, project: Project) -> Project | None:
        credits = record_credits(self.slate).get(project.id, (project.directors, project.cast))
        return project_as_of(project, credits, self.slate.sources_by_id, self.as_of)

    def project(self, project_id: str) -> Project | None:
        """One project as known on the day (None where it was not on the slate yet)."""
        return self.view.projects_by_id.get(project_id)

    @functools.cached_property
    def disputes(self) -> dict[str, list[Dispute]]:
        """Each project's disagreements among the claims known on the day (only projects
        that have one)."""
        sources = self.view.sources_by_id
        out = {}
        for project in self.view.projects:
            if len(project.updates) < 2:
                continue
            found = disputes(said_of(project.updates, sources))
            if found:
                out[project.id] = found
        return out

    @functools.cached_property
    def happenings(self) -> list[Happening]:
        """Every event known on the day, and every project's dated release and shoot, in
        date order (undated events last)."""
        sources = self.view.sources_by_id
        claims = event_claims_of(self.slate)
        out: list[Happening] = []
        for i, event in enumerate(self.slate.events):
            seen = event_as_of(
                event, claims.get(event.id, ()) if event.id else (), sources, self.as_of,
                event.id or f"e{i}",
            )  # fmt: skip
            if seen is not None:
                out.append(seen)
        for project in self.view.projects:
            out.extend(milestones(project, self.as_of))
        out.sort(key=lambda h: (h.date.sort_key(), h.title))
        return out


T = TypeVar("T")


def memo(slate: Slate, name: str, build: Callable[[], T]) -> T:
    """Something worked out once from a slate and kept with it: a slate is frozen, so what
    is derived from it never goes stale (like a cached property, kept by the modules that
    derive it rather than by the record)."""
    found = slate.__dict__.get(f"_memo_{name}")
    if found is None:
        found = slate.__dict__[f"_memo_{name}"] = build()
    return cast(T, found)


def record_credits(slate: Slate) -> dict[str, tuple[list[Credit], list[Credit]]]:
    """The record's own credits of each project whose credits a report's claims changed
    (the loader keeps them so that a day before the report shows them as they were)."""
    found: dict[str, tuple[list[Credit], list[Credit]]] = slate.__dict__.get("record_credits", {})
    return found

"""The slate's records: sources, projects (with their dated claims), events.

Every fact carries the ids of the sources that report it. Claims are never overwritten:
a project's top-level fields are the current picture, its `updates` keep what each source
said and when, so a slipped date or a changed status stays visible.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, SupportsIndex

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from slate.dates import FuzzyDate

if TYPE_CHECKING:
    from slate.assess import Assessments, SlateFacts

__all__ = [
    "STALE_AFTER_DAYS",
    "Assessment",
    "Certainty",
    "Claim",
    "Credit",
    "Event",
    "Obstacle",
    "ObstacleKind",
    "Party",
    "Project",
    "Slate",
    "Source",
    "Status",
    "Update",
]

STALE_AFTER_DAYS = 365
"""A project whose newest source is older than this, as of the chosen date, is flagged stale."""


class Status(StrEnum):
    """Where a project stands, as its sources report it."""

    RUMORED = "rumored"
    ANNOUNCED = "announced"
    IN_DEVELOPMENT = "in_development"
    PRE_PRODUCTION = "pre_production"
    FILMING = "filming"
    POST_PRODUCTION = "post_production"
    COMPLETED = "completed"
    RELEASED = "released"
    PAUSED = "paused"
    STALLED = "stalled"
    CANCELLED = "cancelled"
    ABANDONED = "abandoned"

    @property
    def definition(self) -> str:
        return STATUS_DEFINITIONS[self]

    @property
    def label(self) -> str:
        """The status as people write it: "In development", "Pre-production"."""
        return _STATUS_LABELS[self]


# Worked out once: charts of 100,000 projects ask for a status's words at every bar.
_STATUS_LABELS = {
    s: s.value.replace("_", "-" if s.value.endswith("_production") else " ").capitalize()
    for s in Status
}

# Each definition must hold for every project that carries the status, in the words of its
# sources: none claims more (an intention, a cause) than a source reports.
STATUS_DEFINITIONS: dict[Status, str] = {
    Status.RUMORED: "hinted at or talked about, not confirmed as a project",
    Status.ANNOUNCED: "made public as a project, with no development work reported yet",
    Status.IN_DEVELOPMENT: "being written or put together: script, director or cast in the works",
    Status.PRE_PRODUCTION: "set to shoot, with a date, studio or team in place; no shoot reported",
    Status.FILMING: "reported as shooting",
    Status.POST_PRODUCTION: "shooting done; editing, effects and sound under way",
    Status.COMPLETED: "finished but not yet released",
    Status.RELEASED: "shown to the public in cinemas or on a service",
    Status.PAUSED: "reported on hold; no source says it has ended",
    Status.STALLED: "reported stuck, with no progress reported, but not declared over",
    Status.CANCELLED: "officially ended by its makers or studio",
    Status.ABANDONED: "came to nothing without ever becoming an official project",
}

INACTIVE_STATUSES = frozenset({Status.PAUSED, Status.STALLED, Status.CANCELLED, Status.ABANDONED})
"""Statuses of work that is not moving: drawn as stalled segments and listed on their own page."""


class Certainty(StrEnum):
    """How firmly the sources state a credit, party or obstacle."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    RUMORED = "rumored"

    @property
    def mark(self) -> str:
        """What follows a name to say how firm it is: "", " (reported)", " (rumored)"."""
        return "" if self is Certainty.CONFIRMED else f" ({self.value})"


class ObstacleKind(StrEnum):
    """What kind of thing stands in a project's way."""

    POLITICS = "politics"
    REGULATORY = "regulatory"
    SAFETY = "safety"
    INSURANCE = "insurance"
    BUDGET = "budget"
    SCHEDULING = "scheduling"
    CENSORSHIP = "censorship"
    HEALTH = "health"
    CREATIVE = "creative"
    FINANCING = "financing"


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=120),
]
"""A lower-case id with hyphens, stable across edits: used in URLs and exports."""

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
"""A person's, organisation's or film's name."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
"""Prose in our own words (never copied from a source)."""

SourceIds = Annotated[list[Slug], Field(min_length=1)]

Url = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$", max_length=2000)
]
"""A web address: http or https only (a page shows it as text, never as a link)."""


def _none() -> Any:
    """An empty list as a field's default. A factory, not `= []`: pydantic deep-copies a
    mutable default for every record that leaves the field out (a tenth of validating a
    large slate), and calls a factory instead; the schema still says the default is []."""
    return Field(default_factory=list, json_schema_extra={"default": []})


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, frozen=True, validate_default=False
    )

    # The compiled cache (slate.cache) pickles hundreds of thousands of records: reading
    # one back as its fields and field set, without pydantic's generic state mapping, is
    # what keeps a warm start close to the cost of parsing plain JSON.
    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.__dict__, self.__pydantic_fields_set__))

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return self.__reduce__()


_set = object.__setattr__


def _restore(cls: type[_Model], values: dict[str, Any], fields_set: set[str]) -> _Model:
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


class Source(_Model):
    """A published article that the slate cites."""

    id: Slug
    """Stable id that records cite."""
    name: Name
    """A short name for the article, in our words."""
    headline: Name | None = None
    """The article's own headline, where it has one."""
    outlet: Name | None = None
    """The publication, where the article names it."""
    published: FuzzyDate
    """When it was published, as precisely as can be told (often inferred from its text)."""
    note: Text
    """What it covers, and how its date was worked out."""
    url: Url | None = None
    """The article's web address, where it has one."""
    file: Name | None = None
    """The article's file in the evidence folder, for checking claims against it."""
    cites: list[Name] = _none()
    """Outlets and people the article itself attributes its claims to."""

    @property
    def outlet_label(self) -> str:
        """The publisher as readers should see it: "unnamed outlet" where the text names none."""
        return self.outlet or "unnamed outlet"


class Credit(_Model):
    """A person attached to a project, and how firmly."""

    name: Name
    """The correct spelling of the name."""
    certainty: Certainty = Certainty.CONFIRMED
    """confirmed, reported (one source says so) or rumored (hedged: "likely", "expected")."""
    role: Name | None = None
    """What they do, where more than director or cast member: "lead", "co-star", "producer"."""
    aliases: list[Name] = _none()
    """Other spellings, including a source's misspelling, so searches still find them."""
    sources: list[Slug] = _none()
    """Sources for this credit, where they differ from the project's."""


class Party(_Model):
    """An organisation or person with a stake in a project, and their part in it."""

    name: Name
    """Who."""
    role: Text
    """Their part in the project, in our words."""
    certainty: Certainty = Certainty.CONFIRMED
    """How firmly the sources state it."""
    sources: SourceIds
    """Sources that report it."""


class Obstacle(_Model):
    """Something standing in a project's way."""

    kind: ObstacleKind
    """One of the fixed kinds, so obstacles can be grouped and counted."""
    detail: Text
    """What the obstacle is, in our words."""
    certainty: Certainty = Certainty.REPORTED
    """How firmly the sources state it."""
    sources: SourceIds
    """Sources that report it."""


class Update(_Model):
    """One source's dated claim about a project: the history is these, never overwritten."""

    date: FuzzyDate
    """When the claim was made (usually the source's publication date)."""
    source: Slug
    """The source making the claim."""
    status: Status | None = None
    """The status the source reports, if it reports one."""
    release: FuzzyDate | None = None
    """The release date the source reports, if it reports one."""
    filming: FuzzyDate | None = None
    """The filming date the source reports, if it reports one."""
    directors: list[Credit] = _none()
    """Directors the source attaches, or whose certainty it changes, if it names any."""
    cast: list[Credit] = _none()
    """Cast the source attaches, or whose certainty it changes, if it names any."""
    note: Text
    """What the source says, in our words."""

    def stated(self) -> dict[str, Any]:
        """The fields this claim states a value for (status, release, filming, credits)."""
        return {
            name: value
            for name in CLAIM_FIELDS
            if (value := getattr(self, name)) is not None and value != []
        }


CLAIM_FIELDS = ("status", "release", "filming", "directors", "cast")
"""The fields a dated claim can state, in the order they are shown."""


class Claim(Update):
    """A dated claim in a report file, about the project it names: a new article's news,
    recorded without touching the project's own record (merged into it on load)."""

    project: Slug
    """The id of the project the claim is about."""


class Project(_Model):
    """A film on the slate, upcoming, released or stalled."""

    id: Slug
    """Stable id, used in links and exports."""
    title: Name
    """The title, or a descriptive working name in our words for untitled work."""
    aliases: list[Name] = _none()
    """Working titles and other names it has gone by."""
    directors: list[Credit] = _none()
    """Directors attached, each with how firmly."""
    cast: list[Credit] = _none()
    """Cast attached, each with how firmly."""
    studio: Name | None = None
    """The studio or distributor, where reported."""
    genre: Name | None = None
    """The genre, where reported."""
    status: Status
    """Where the project stands in the newest source that says."""
    announced: FuzzyDate = FuzzyDate.unknown()
    """When it was first announced or reported."""
    filming: FuzzyDate = FuzzyDate.unknown()
    """When it was filmed or is to be filmed."""
    release: FuzzyDate = FuzzyDate.unknown()
    """The release date as the newest source gives it (TBA where none does)."""
    logline: Text
    """What it is, in one or two sentences of our own."""
    obstacles: list[Obstacle] = _none()
    """What stands in its way (for stalled and paused work)."""
    parties: list[Party] = _none()
    """Organisations and people with a part in it besides the credits."""
    rival_of: Slug | None = None
    """The id of a project this one raced or competed with."""
    sources: SourceIds
    """Every source that reports on this project."""
    updates: list[Update] = _none()
    """Dated claims from each source, oldest first: the project's history."""

    def last_activity(self) -> FuzzyDate:
        """The newest dated claim about the project (its latest update or announcement)."""
        dated = [u.date for u in self.updates if u.date] + (
            [self.announced] if self.announced else []
        )
        return max(dated, key=FuzzyDate.recency_key, default=FuzzyDate.unknown())

    def credits(self) -> Iterator[tuple[str, Credit]]:
        for credit in self.directors:
            yield "directors", credit
        for credit in self.cast:
            yield "cast", credit

    def disputes(self) -> list[tuple[str, FuzzyDate]]:
        """(field, date) where claims of the same date state different values: shown and
        flagged, never settled by picking one."""
        found: dict[tuple[str, str], FuzzyDate] = {}
        for name in CLAIM_FIELDS:
            said: dict[str, set[str]] = {}
            dates: dict[str, FuzzyDate] = {}
            for update in self.updates:
                value = update.stated().get(name)
                if value is not None:
                    said.setdefault(str(update.date), set()).add(_said(value))
                    dates[str(update.date)] = update.date
            for key, values in said.items():
                if len(values) > 1:
                    found[(name, key)] = dates[key]
        return [(name, date) for (name, _), date in found.items()]


class Event(_Model):
    """A dated happening on the way: a trip, an announcement, a launch, a release."""

    date: FuzzyDate
    """When it happened (or was planned to), as precisely as the sources tell."""
    title: Text
    """What happened, in our words."""
    projects: list[Slug] = _none()
    """Ids of the projects it concerns (none for a career event)."""
    certainty: Certainty = Certainty.CONFIRMED
    """How firmly the sources state it."""
    planned: bool = False
    """True where the sources report it as scheduled, not as having happened."""
    sources: SourceIds
    """Sources that report it."""


Loc = tuple[str | int, ...]


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "inarritu" finds "Iñárritu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _said(value: object) -> str:
    """A claimed value in a form two claims can be compared by."""
    if isinstance(value, list):
        return "; ".join(f"{c.name}{c.certainty.mark}" for c in value)
    return str(value)


class Assessment(_Model):
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
    disputes: list[tuple[str, FuzzyDate]] = _none()
    """(field, date) where same-date claims known by then disagree."""

    @property
    def flags(self) -> list[str]:
        """Plain-words warnings for the table and the detail view."""
        out = [
            f"Sources disagree on its {name} ({date.label}): see where sources disagree"
            for name, date in self.disputes
        ]
        if self.release_passed_unconfirmed:
            out.append(
                f"Release date passed {self.days_past_release} days ago without a confirming source"
            )
        if self.stale:
            out.append(
                "No source newer than 12 months"
                if self.days_since_update is not None
                else "No dated source"
            )
        return out


class Slate(_Model):
    """A whole slate: its sources, projects and events, checked against each other."""

    sources: list[Source] = _none()
    """The articles cited."""
    projects: list[Project] = _none()
    """The films."""
    events: list[Event] = _none()
    """Dated happenings."""
    updates: list[Claim] = _none()
    """Dated claims from reports, each about the project it names (merged into it on load)."""

    @model_validator(mode="after")
    def _references_resolve(self) -> Slate:
        problems = self.reference_problems()
        if problems:
            raise ValueError("; ".join(f"{_dotted(loc)}: {message}" for loc, message in problems))
        return self

    def reference_problems(self) -> list[tuple[Loc, str]]:
        """Cross-record rules: unique ids, and every cited source and project id known.

        A rule added here must be added to `_references_hold` too, which checks them all in
        bulk first: a rule it does not know of is never looked at."""
        if self._references_hold():
            return []
        problems: list[tuple[Loc, str]] = []
        collections: tuple[tuple[str, Sequence[Source | Project]], ...] = (
            ("sources", self.sources),
            ("projects", self.projects),
        )
        for key, records in collections:
            counts = Counter(r.id for r in records)
            seen: set[str] = set()
            for i, record in enumerate(records):
                if counts[record.id] > 1 and record.id in seen:
                    problems.append(((key, i, "id"), f"duplicate id {record.id!r}"))
                seen.add(record.id)
        source_ids = {s.id for s in self.sources}
        project_ids = {p.id for p in self.projects}

        def need_source(loc: Loc, sid: str) -> None:
            if sid not in source_ids:
                problems.append((loc, f"unknown source id {sid!r}"))

        for i, p in enumerate(self.projects):
            base: Loc = ("projects", i)
            for j, sid in enumerate(p.sources):
                need_source((*base, "sources", j), sid)
            for field, items in (("directors", p.directors), ("cast", p.cast)):
                for k, credit in enumerate(items):
                    for j, sid in enumerate(credit.sources):
                        need_source((*base, field, k, "sources", j), sid)
            attributed: tuple[tuple[str, Sequence[Party | Obstacle]], ...] = (
                ("parties", p.parties),
                ("obstacles", p.obstacles),
            )
            for field, items2 in attributed:
                for k, item in enumerate(items2):
                    for j, sid in enumerate(item.sources):
                        need_source((*base, field, k, "sources", j), sid)
            for k, update in enumerate(p.updates):
                need_source((*base, "updates", k, "source"), update.source)
                for field, credits in (("directors", update.directors), ("cast", update.cast)):
                    for m, credit in enumerate(credits):
                        for j, sid in enumerate(credit.sources):
                            need_source((*base, "updates", k, field, m, "sources", j), sid)
            if p.rival_of is not None:
                if p.rival_of == p.id:
                    problems.append(((*base, "rival_of"), "a project cannot be its own rival"))
                elif p.rival_of not in project_ids:
                    problems.append(((*base, "rival_of"), f"unknown project id {p.rival_of!r}"))
        for i, claim in enumerate(self.updates):
            need_source(("updates", i, "source"), claim.source)
            if claim.project not in project_ids:
                unknown = f"unknown project id {claim.project!r}"
                problems.append((("updates", i, "project"), unknown))
            for field, credits in (("directors", claim.directors), ("cast", claim.cast)):
                for m, credit in enumerate(credits):
                    for j, sid in enumerate(credit.sources):
                        need_source(("updates", i, field, m, "sources", j), sid)
        for i, e in enumerate(self.events):
            for j, sid in enumerate(e.sources):
                need_source(("events", i, "sources", j), sid)
            for j, pid in enumerate(e.projects):
                if pid not in project_ids:
                    problems.append((("events", i, "projects", j), f"unknown project id {pid!r}"))
        return problems

    def _references_hold(self) -> bool:
        """The rules of `reference_problems` checked in bulk, without placing anything: a
        valid slate of 100,000 projects costs a few set operations, and only one with a
        problem is walked record by record to say where."""
        source_ids = {s.id for s in self.sources}
        project_ids = {p.id for p in self.projects}
        if len(source_ids) != len(self.sources) or len(project_ids) != len(self.projects):
            return False
        projects = self.projects
        cited = {sid for p in projects for sid in p.sources}
        cited.update(
            sid
            for p in projects
            for items in (p.directors, p.cast, p.parties, p.obstacles)
            for item in items
            for sid in item.sources
        )
        cited.update(u.source for p in projects for u in p.updates)
        claims = self.updates
        cited.update(c.source for c in claims)
        every_update: Iterator[Update] = itertools.chain(claims, *(p.updates for p in projects))
        cited.update(
            sid
            for u in every_update
            for credits in (u.directors, u.cast)
            for credit in credits
            for sid in credit.sources
        )
        cited.update(sid for e in self.events for sid in e.sources)
        if not cited <= source_ids:
            return False
        if any(p.rival_of is not None and p.rival_of == p.id for p in projects):
            return False
        named = {p.rival_of for p in projects if p.rival_of is not None}
        named.update(pid for e in self.events for pid in e.projects)
        named.update(c.project for c in claims)
        return named <= project_ids

    def project(self, project_id: str) -> Project:
        """The project with this id (KeyError if there is none)."""
        return self.projects_by_id[project_id]

    def source_name(self, source_id: str) -> str:
        """A source's display name; the id itself for an id this slate does not hold."""
        source = self.sources_by_id.get(source_id)
        return source.name if source is not None else source_id

    def source_names_of(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Sources' display names (`source_name`), each once, in the order of `ids`."""
        key = tuple(ids)
        found = self._source_names.get(key)
        if found is None:
            # A chart of 100,000 projects names the same few source lists again and again.
            found = tuple(dict.fromkeys(self.source_name(i) for i in key))
            if len(self._source_names) < 100_000:
                self._source_names[key] = found
        return found

    @functools.cached_property
    def _source_names(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        return {}

    def assess(self, project: Project, as_of: dt.date | None = None) -> Assessment:
        """What time has done to a project's claims, as of a date (default today)."""
        as_of = as_of or dt.date.today()
        sources = self.sources_by_id
        cited = {*project.sources, *(u.source for u in project.updates)}
        # A source cannot vouch for anything before it existed: when looking back from an
        # earlier as-of date, sources published after it are left out.
        dates = [
            published
            for s in sorted(cited)  # not set order, which changes with the hash seed
            if s in sources
            and (first := (published := sources[s].published).earliest) is not None
            and first <= as_of
        ]
        newest = max(dates, key=FuzzyDate.recency_key, default=None)
        # Ages count from the latest day a source could have been published: "at least N days".
        days = (as_of - min(newest.latest or as_of, as_of)).days if newest else None
        release_end = project.release.latest
        confirmed = project.status is Status.RELEASED or any(
            u.status is Status.RELEASED for u in project.updates
        )
        passed = (
            release_end is not None
            and release_end < as_of
            and not confirmed
            and project.status not in (Status.CANCELLED, Status.ABANDONED)
        )
        return Assessment(
            as_of=as_of,
            disputes=[
                (name, date)
                for name, date in project.disputes()
                if date.earliest is None or date.earliest <= as_of
            ],
            newest_source=newest or FuzzyDate.unknown(),
            days_since_update=days,
            stale=days is None or days > STALE_AFTER_DAYS,
            release_passed_unconfirmed=passed,
            days_past_release=(as_of - release_end).days if passed and release_end else None,
        )

    def assess_all(self, as_of: dt.date) -> Assessments:
        """Every project's assessment for one day, by id: worked out once for the whole
        slate (`slate.assess`), then shared by the table, the charts and the flags."""
        from slate.assess import Assessments, DayFlags

        return Assessments(self, DayFlags.of(self, self._facts, as_of))

    @functools.cached_property
    def _facts(self) -> SlateFacts:
        from slate import cache
        from slate.assess import SlateFacts

        # Per data, across restarts too: half a second at 100,000 projects.
        return cache.derived("assess-facts", self.content_key, lambda: SlateFacts.of(self))

    @functools.cached_property
    def content_key(self) -> str | None:
        """A digest of the files the loader read this slate from (None for a slate made
        otherwise): tables and charts built from it are cached under it."""
        return None

    @functools.cached_property
    def project_index(self) -> dict[str, int]:
        """Each project's place in `projects`, by id."""
        return {p.id: i for i, p in enumerate(self.projects)}

    def last_activity(self, project: Project) -> FuzzyDate:
        """The newest thing reported to have happened to a project: its latest event that
        took place (not one only planned), else its newest dated claim or announcement."""
        happened = [e.date for e in self.events_of(project.id) if not e.planned and e.date]
        if happened:
            return max(happened, key=FuzzyDate.recency_key)
        return project.last_activity()

    def events_of(self, project_id: str) -> Sequence[Event]:
        """The events about one project, in the slate's order."""
        return self._events_by_project.get(project_id, ())

    # A Slate is frozen, so lookups derived from it can be built once and kept.
    @functools.cached_property
    def sources_by_id(self) -> dict[str, Source]:
        """Sources by id."""
        return {s.id: s for s in self.sources}

    @functools.cached_property
    def projects_by_id(self) -> dict[str, Project]:
        """Projects by id."""
        return {p.id: p for p in self.projects}

    def citing(self, source_id: str) -> Sequence[Project]:
        """The projects that cite a source, in their record or in a dated claim."""
        return self._projects_by_source.get(source_id, ())

    @functools.cached_property
    def _projects_by_source(self) -> dict[str, list[Project]]:
        by_source: dict[str, list[Project]] = {}
        for project in self.projects:
            for sid in dict.fromkeys([*project.sources, *(u.source for u in project.updates)]):
                by_source.setdefault(sid, []).append(project)
        return by_source

    @functools.cached_property
    def _events_by_project(self) -> dict[str, list[Event]]:
        by_project: dict[str, list[Event]] = {}
        for event in self.events:
            for pid in event.projects:
                by_project.setdefault(pid, []).append(event)
        return by_project

    def newest_source_date(self) -> FuzzyDate:
        """The publication date of the newest source: how fresh the whole slate is."""
        return max(
            (s.published for s in self.sources if s.published),
            key=FuzzyDate.recency_key,
            default=FuzzyDate.unknown(),
        )


def _dotted(loc: Loc) -> str:
    """A pydantic-style location as people read it: projects[3].cast[0].name."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

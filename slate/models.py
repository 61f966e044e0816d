"""The slate's records: sources, projects (with their dated claims), events.

Every fact carries the ids of the sources that report it. Claims are never overwritten:
a project's `updates` keep what each source said and when, so a slipped date or a changed
status stays visible. A claim has two times (`slate.knowledge` works out what they mean):
its own `date`, when what it says holds ("opened on 2 October"), and its source's
publication, when it became known. This module holds the records, their reference rules
and the indexes over them; reading files, the as-of knowledge, the assessment and the
cache are modules of their own.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from slate.dates import FuzzyDate
from slate.press import PressDateError, read_date

__all__ = [
    "CLAIM_FIELDS",
    "INACTIVE_STATUSES",
    "Certainty",
    "Claim",
    "Credit",
    "Event",
    "EventClaim",
    "Inferable",
    "Loc",
    "Obstacle",
    "ObstacleKind",
    "Outcome",
    "Party",
    "Project",
    "Slate",
    "Source",
    "Status",
    "Update",
    "dotted",
    "fold",
]


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

    @classmethod
    def read(cls, text: object) -> Status:
        """A status in the words people write: any case, with hyphens or spaces ("Pre-
        production", "in development"), and the trade's other names for one ("in
        production" is filming, "canceled" cancelled, "on hold" paused). ValueError, naming
        the statuses, for anything else."""
        if isinstance(text, Status):
            return text
        if isinstance(text, str):
            if text in _BY_VALUE:  # the stored spelling: the common case, kept cheap
                return _BY_VALUE[text]
            key = " ".join(fold(text).replace("-", " ").replace("_", " ").split())
            found = _STATUS_WORDS.get(key)
            if found is not None:
                return found
        raise ValueError(
            f"{_short(text)} is not a status; one of: {', '.join(s.label for s in Status)}"
        )


# Worked out once: charts of 100,000 projects ask for a status's words at every bar.
_STATUS_LABELS = {
    s: s.value.replace("_", "-" if s.value.endswith("_production") else " ").capitalize()
    for s in Status
}

_BY_VALUE = {s.value: s for s in Status}
_STATUS_WORDS: dict[str, Status] = {
    **{s.value.replace("_", " "): s for s in Status},
    **{s.value.replace("_", ""): s for s in Status},
    "development": Status.IN_DEVELOPMENT,
    "in pre production": Status.PRE_PRODUCTION,
    "preproduction": Status.PRE_PRODUCTION,
    "in production": Status.FILMING,
    "shooting": Status.FILMING,
    "principal photography": Status.FILMING,
    "in post production": Status.POST_PRODUCTION,
    "in post": Status.POST_PRODUCTION,
    "postproduction": Status.POST_PRODUCTION,
    "complete": Status.COMPLETED,
    "on hold": Status.PAUSED,
    "canceled": Status.CANCELLED,
}
"""What people write for each status, folded (lower case, spaces for hyphens), beyond its
own name: only words the trade uses for exactly that stage."""


def _short(value: object) -> str:
    # A refused value is echoed into an error: cut it, whatever it is.
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


StatusWords = Annotated[Status, BeforeValidator(Status.read)]
"""A status field that reads the words people write (`Status.read`); stored as its value."""


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


class Outcome(StrEnum):
    """What became of an event, as a claim about it reports."""

    PLANNED = "planned"
    HAPPENED = "happened"
    CALLED_OFF = "called_off"

    @property
    def label(self) -> str:
        """ "Planned", "Happened", "Called off"."""
        return self.value.replace("_", " ").capitalize()


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

Inferable = Literal["date", "status", "release", "filming"]
"""The parts of a claim that the curators may have inferred rather than read."""

Inferred = Annotated[
    dict[Inferable, Text],
    Field(
        json_schema_extra={"default": {}},
        description=(
            "The parts of this claim that the curators inferred rather than read in the "
            "source, each with the reason: {status: why we read it so}. A part not named "
            "here is stated by the source."
        ),
    ),
]


def _date_or_words(value: Any, handler: ValidatorFunctionWrapHandler) -> FuzzyDate:
    """EDTF as ever; else the words people write, read by `slate.press`, whose refusal
    (with its hint) is the field's problem instead of EDTF's. A record keeps the words it
    was given in `written` (`_Dated`): this reads only what reached the field as words."""
    if isinstance(value, _Unread):
        raise ValueError(value.why)
    try:
        return handler(value)
    except ValidationError:
        # Text of digits and EDTF's marks is EDTF gone wrong ("2026-02-30", a timestamp):
        # its own parser says best what is wrong with it.
        if not isinstance(value, str) or _EDTF_LIKE.fullmatch(value) or ":" in value:
            raise
    return read_date(value).date


class _Unread(NamedTuple):
    """Words a record's date was given in that could not be read, and why, in the words of
    the reader that tried them with all the record knew (its article's day): the field
    then says so, at its place, instead of a second reading's vaguer reason."""

    text: str
    why: str


When = Annotated[FuzzyDate, WrapValidator(_date_or_words)]
"""A date field: EDTF, or the words the press writes ("late 2026", "2 October 2026")."""

# Text that may be EDTF is left to the date's own parser: digits, X and EDTF's marks only.
_EDTF_LIKE = re.compile(r"[0-9X./~?%-]*")
# ... except a day written with numbers ("02/10/2026"), which only the press reader explains.
_NUMBERED_DAY = re.compile(r"[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}")
_MAX_WRITTEN = 300


def _none() -> Any:
    """An empty list as a field's default. A factory, not `= []`: pydantic deep-copies a
    mutable default for every record that leaves the field out (a tenth of validating a
    large slate), and calls a factory instead; the schema still says the default is []."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def _nothing_inferred() -> Any:
    return Field(default_factory=dict, json_schema_extra={"default": {}})


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, frozen=True, validate_default=False
    )


class _Dated(_Model):
    """A record with dates, which may be given in the words people write: each is stored
    as the EDTF it was read as, and the words are kept in `written` beside it."""

    _DATES: ClassVar[tuple[str, ...]] = ()
    if TYPE_CHECKING:
        written: dict[str, str]

    @model_validator(mode="before")
    @classmethod
    def _dates_in_words(cls, data: Any, info: ValidationInfo) -> Any:
        if type(data) is not dict:
            return data
        changed: dict[str, Any] | None = None
        for field in cls._DATES:
            value = data.get(field)
            if type(value) is not str:
                continue
            if _EDTF_LIKE.fullmatch(value):
                # EDTF comes first in a data file ("2021-22" is summer 2021 here), and a
                # valid one is cached; a person's "2025-26" that EDTF refuses is read below.
                try:
                    FuzzyDate.parse(value)
                    continue
                except ValueError:
                    pass
            try:
                reading = read_date(value, on=_anchor(data, info))
            except PressDateError as error:
                if ":" in value or (
                    _EDTF_LIKE.fullmatch(value) and not _NUMBERED_DAY.fullmatch(value)
                ):
                    continue  # EDTF or a timestamp gone wrong: the date's parser says why
                changed = dict(data) if changed is None else changed
                changed[field] = _Unread(value, _unread_why(error, data))
                continue
            changed = dict(data) if changed is None else changed
            changed[field] = reading.edtf
            written = changed.get("written")
            if reading.words and (written is None or isinstance(written, dict)):
                # A copy: the input mapping is the caller's, and stays as it was given.
                changed["written"] = {field: reading.words, **(written or {})}
        return data if changed is None else changed

    @model_validator(mode="after")
    def _written_names_a_date(self) -> _Dated:
        for field in self.written:
            if field not in self._DATES:
                raise ValueError(
                    f"written names {_short(field)}, which is not one of this record's "
                    f"dates ({', '.join(self._DATES)})"
                )
        return self


def _unread_why(error: PressDateError, data: dict[str, Any]) -> str:
    """The reader's refusal, and for relative words with no day to read them against, why
    the record had none."""
    source = data.get("source")
    if not error.needs_day or not isinstance(source, str):
        return str(error)
    return (
        f"{error}; a claim's 'next year' is read against its source's publication date, "
        f"and its source {_short(source)} is not in this file: give the date itself"
    )


def _anchor(data: dict[str, Any], info: ValidationInfo) -> FuzzyDate | None:
    """The day a claim's words were written, for "next year": its source's publication,
    where the loader has already read that source (the file's `sources` come first)."""
    context = info.context
    if not isinstance(context, dict):
        return None
    published = context.get("published")
    source = data.get("source")
    return (
        published.get(source) if isinstance(published, dict) and isinstance(source, str) else None
    )


def _written() -> Any:
    return Field(
        default_factory=dict,
        json_schema_extra={"default": {}},
        description=(
            "Dates as they were first written, where that was in words: "
            '{release: "late 2026"}. The date field holds the EDTF they were read as.'
        ),
    )


Written = dict[str, Annotated[str, StringConstraints(min_length=1, max_length=_MAX_WRITTEN)]]


class Source(_Dated):
    """A published article that the slate cites."""

    id: Slug
    """Stable id that records cite."""
    name: Name
    """A short name for the article, in our words."""
    headline: Name | None = None
    """The article's own headline, where it has one."""
    outlet: Name | None = None
    """The publication, where the article names it."""
    published: When
    """When it was published, as precisely as can be told (often inferred from its text).
    What it says counts as known from the last day this can be (`slate.knowledge`)."""
    note: Text
    """What it covers, and how its date was worked out."""
    url: Url | None = None
    """The article's web address, where it has one."""
    file: Name | None = None
    """The article's file in the evidence folder, for checking claims against it."""
    cites: list[Name] = _none()
    """Outlets and people the article itself attributes its claims to."""
    written: Written = _written()
    """Dates as first written, where in words: {release: "late 2026"} (stored as 2026-36)."""

    _DATES = ("published",)

    @model_validator(mode="after")
    def _known_to_its_file(self, info: ValidationInfo) -> Source:
        # The file's claims read "next year" against this day (`_anchor`).
        if isinstance(info.context, dict):
            info.context.setdefault("published", {})[self.id] = self.published
        return self

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

    @property
    def marked(self) -> str:
        """The name with how firm it is: "Emily Blunt (rumored)"."""
        return self.name + self.certainty.mark


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


class _Inferences(_Dated):
    """A record some of whose parts the curators may have inferred (its `inferred` field,
    declared last in each record so that files and exports list it after what it marks)."""

    if TYPE_CHECKING:
        inferred: dict[Inferable, str]

    @model_validator(mode="after")
    def _inferred_parts_are_given(self) -> _Inferences:
        for part in self.inferred:
            if getattr(self, part, None) in (None, FuzzyDate.unknown()):
                raise ValueError(
                    f"inferred names its {part}, but the record gives no {part} to infer"
                )
        return self

    def basis(self, part: Inferable) -> str:
        """ "stated" where the source says it, "inferred" where the curators read it in."""
        return "inferred" if part in self.inferred else "stated"


class Update(_Inferences):
    """One source's claim about a project: the history is these, never overwritten.

    It has two times: `date`, when what it says holds, and its source's publication, when
    it became known. A report of 7 December that a film opened on 2 October is dated
    2 October; a claim about the present ("now shooting") takes its source's date."""

    date: When = FuzzyDate.unknown()
    """When what it says holds: the day a film opened, the year it was announced. Never
    after its source was published; left out, it is the source's publication date."""
    source: Slug
    """The source making the claim."""
    status: StatusWords | None = None
    """The status the source reports, if it reports one."""
    release: When | None = None
    """The release date the source reports, if it reports one."""
    filming: When | None = None
    """The filming date the source reports, if it reports one."""
    directors: list[Credit] = _none()
    """Directors the source attaches, or whose certainty it changes, if it names any."""
    cast: list[Credit] = _none()
    """Cast the source attaches, or whose certainty it changes, if it names any."""
    note: Text
    """What the source says, in our words."""
    written: Written = _written()
    """Dates as first written, where in words: {release: "late 2026"} (stored as 2026-36)."""
    inferred: Inferred = _nothing_inferred()
    """The parts the curators inferred rather than read, each with the reason."""

    _DATES = ("date", "release", "filming")

    def stated(self) -> dict[str, Any]:
        """The fields this claim gives a value for (status, release, filming, credits)."""
        return {
            name: value
            for name in CLAIM_FIELDS
            if (value := getattr(self, name)) is not None and value != []
        }


CLAIM_FIELDS = ("status", "release", "filming", "directors", "cast")
"""The fields a claim can give, in the order they are shown."""


class Claim(Update):
    """A claim in a report file, about the project it names: a new article's news, recorded
    without touching the project's own record (it joins the project's history on load)."""

    project: Slug
    """The id of the project the claim is about."""


class Project(_Dated):
    """A film on the slate, upcoming, released or stalled.

    Its status, release and filming dates are its claims' (`updates`): what a page shows for
    a day is worked out from the claims known on that day (`slate.knowledge`). Given here
    too, they must agree with the newest claim; given here alone, they are a claim of the
    project's newest source, as of its publication."""

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
    # None only until `_status_from_claims` fills it in: a validated Project always has one.
    status: StatusWords = Field(default=None, json_schema_extra={"default": None})  # type: ignore[assignment]
    """Where the project stands: optional where a claim in `updates` gives a status (the
    loader fills it in from the newest one)."""
    announced: When = FuzzyDate.unknown()
    """When it was first announced or reported."""
    filming: When = FuzzyDate.unknown()
    """When it was filmed or is to be filmed (from the newest claim that gives one)."""
    release: When = FuzzyDate.unknown()
    """The release date (from the newest claim that gives one; TBA where none does)."""
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
    """Each source's claims, oldest first: the project's history."""
    written: Written = _written()
    """Dates as first written, where in words: {release: "late 2026"} (stored as 2026-36)."""

    _DATES = ("announced", "filming", "release")

    @model_validator(mode="after")
    def _status_from_claims(self) -> Project:
        # A status left to the claims: the record holds the last one its own history gives
        # until the loader, which knows when each source was published, works out the
        # newest. Set directly, so `model_fields_set` still says the record gave none.
        if self.status is None:
            said = [u.status for u in self.updates if u.status is not None]
            if not said:
                raise ValueError(
                    "no status: give the project's status, or a claim in its updates that does"
                )
            object.__setattr__(self, "status", said[-1])
        return self

    def credits(self) -> Iterator[tuple[str, Credit]]:
        for credit in self.directors:
            yield "directors", credit
        for credit in self.cast:
            yield "cast", credit


class Event(_Inferences):
    """A dated happening on the way: a trip, an announcement, a launch, a training start.

    A project's own release and shoot are not events here: the Chronicle draws them from
    the project's claims, so a report that confirms a release confirms it everywhere."""

    id: Slug | None = None
    """A stable id, for claims that later confirm, move or call it off (`event_updates`)."""
    date: When
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
    written: Written = _written()
    """Dates as first written, where in words: {release: "late 2026"} (stored as 2026-36)."""
    inferred: Inferred = _nothing_inferred()
    """The parts the curators inferred rather than read (its date), each with the reason."""

    _DATES = ("date",)


class EventClaim(_Inferences):
    """A later source's word on an event: it happened, it is still planned, it moved, or
    it was called off. Like a project's claims, it has its own date and its source's."""

    event: Slug
    """The id of the event it is about."""
    date: When = FuzzyDate.unknown()
    """When what it says holds (the day a launch happened); left out, its source's date."""
    source: Slug
    """The source making the claim."""
    outcome: Outcome
    """happened, planned (still, or again) or called_off."""
    on: When | None = None
    """The event's date as this source gives it, where it gives one (a moved launch)."""
    note: Text
    """What the source says, in our words."""
    written: Written = _written()
    """Dates as first written, where in words: {release: "late 2026"} (stored as 2026-36)."""
    inferred: Inferred = _nothing_inferred()
    """The parts the curators inferred rather than read (its date), each with the reason."""

    _DATES = ("date", "on")


Loc = tuple[str | int, ...]


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "inarritu" finds "Iñárritu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def dotted(loc: Loc) -> str:
    """A pydantic-style location as people read it: projects[3].cast[0].name."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Slate(_Model):
    """A whole slate: whose it is, its sources, projects and events, checked against each
    other."""

    subject: Name | None = None
    """Whose film slate this is (`subject: Tom Cruise` at the top of a data file): headings,
    the page title and export names follow it ("Tom Cruise's film slate"). Any file of a
    folder may name it, and those that do must name the same; where none does, the slate
    is nobody's in particular ("Film slate")."""
    sources: list[Source] = _none()
    """The articles cited."""
    projects: list[Project] = _none()
    """The films."""
    events: list[Event] = _none()
    """Dated happenings."""
    updates: list[Claim] = _none()
    """Claims from reports, each about the project it names (it joins that project's
    history on load)."""
    event_updates: list[EventClaim] = _none()
    """Claims from reports about events: happened, still planned, moved or called off."""

    @model_validator(mode="after")
    def _references_resolve(self) -> Slate:
        problems = self.reference_problems()
        if problems:
            raise ValueError("; ".join(f"{dotted(loc)}: {message}" for loc, message in problems))
        return self

    def reference_problems(self) -> list[tuple[Loc, str]]:
        """Cross-record rules: unique ids, and every cited source, project and event known.

        A rule added here must be added to `_references_hold` too, which checks them all in
        bulk first: a rule it does not know of is never looked at."""
        if self._references_hold():
            return []
        problems: list[tuple[Loc, str]] = []
        collections: tuple[tuple[str, Sequence[Source | Project | Event]], ...] = (
            ("sources", self.sources),
            ("projects", self.projects),
            ("events", self.events),
        )
        for key, records in collections:
            counts = Counter(r.id for r in records if r.id is not None)
            seen: set[str] = set()
            for i, record in enumerate(records):
                if record.id is None:
                    continue
                if counts[record.id] > 1 and record.id in seen:
                    problems.append(((key, i, "id"), f"duplicate id {record.id!r}"))
                seen.add(record.id)
        source_ids = {s.id for s in self.sources}
        project_ids = {p.id for p in self.projects}
        event_ids = {e.id for e in self.events if e.id is not None}

        def need_source(loc: Loc, sid: str) -> None:
            if sid not in source_ids:
                problems.append((loc, f"unknown source id {sid!r}"))

        def need_credits(base: Loc, record: Project | Update) -> None:
            for field, credits in (("directors", record.directors), ("cast", record.cast)):
                for k, credit in enumerate(credits):
                    for j, sid in enumerate(credit.sources):
                        need_source((*base, field, k, "sources", j), sid)

        for i, p in enumerate(self.projects):
            base: Loc = ("projects", i)
            for j, sid in enumerate(p.sources):
                need_source((*base, "sources", j), sid)
            need_credits(base, p)
            attributed: tuple[tuple[str, Sequence[Party | Obstacle]], ...] = (
                ("parties", p.parties),
                ("obstacles", p.obstacles),
            )
            for field, items in attributed:
                for k, item in enumerate(items):
                    for j, sid in enumerate(item.sources):
                        need_source((*base, field, k, "sources", j), sid)
            for k, update in enumerate(p.updates):
                need_source((*base, "updates", k, "source"), update.source)
                need_credits((*base, "updates", k), update)
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
            need_credits(("updates", i), claim)
        for i, e in enumerate(self.events):
            for j, sid in enumerate(e.sources):
                need_source(("events", i, "sources", j), sid)
            for j, pid in enumerate(e.projects):
                if pid not in project_ids:
                    problems.append((("events", i, "projects", j), f"unknown project id {pid!r}"))
        for i, event_claim in enumerate(self.event_updates):
            need_source(("event_updates", i, "source"), event_claim.source)
            if event_claim.event not in event_ids:
                unknown = f"unknown event id {event_claim.event!r}"
                problems.append((("event_updates", i, "event"), unknown))
        return problems

    def _references_hold(self) -> bool:
        """The rules of `reference_problems` checked in bulk, without placing anything: a
        valid slate of 100,000 projects costs a few set operations, and only one with a
        problem is walked record by record to say where."""
        source_ids = {s.id for s in self.sources}
        project_ids = {p.id for p in self.projects}
        event_ids = [e.id for e in self.events if e.id is not None]
        if (
            len(source_ids) != len(self.sources)
            or len(project_ids) != len(self.projects)
            or len(set(event_ids)) != len(event_ids)
        ):
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
        cited.update(c.source for c in self.event_updates)
        if not cited <= source_ids:
            return False
        if any(p.rival_of is not None and p.rival_of == p.id for p in projects):
            return False
        named = {p.rival_of for p in projects if p.rival_of is not None}
        named.update(pid for e in self.events for pid in e.projects)
        named.update(c.project for c in claims)
        return named <= project_ids and {c.event for c in self.event_updates} <= set(event_ids)

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

    @functools.cached_property
    def content_key(self) -> str | None:
        """A digest of the files the loader read this slate from (None for a slate made
        otherwise): tables and charts built from it are cached under it."""
        return None

    # A Slate is frozen, so lookups derived from it can be built once and kept.
    @functools.cached_property
    def project_index(self) -> dict[str, int]:
        """Each project's place in `projects`, by id."""
        return {p.id: i for i, p in enumerate(self.projects)}

    @functools.cached_property
    def sources_by_id(self) -> dict[str, Source]:
        """Sources by id."""
        return {s.id: s for s in self.sources}

    @functools.cached_property
    def projects_by_id(self) -> dict[str, Project]:
        """Projects by id."""
        return {p.id: p for p in self.projects}

    @functools.cached_property
    def events_by_id(self) -> dict[str, Event]:
        """Events that have an id, by id."""
        return {e.id: e for e in self.events if e.id is not None}

    def events_of(self, project_id: str) -> Sequence[Event]:
        """The events about one project, in the slate's order."""
        return self._events_by_project.get(project_id, ())

    def citing(self, source_id: str) -> Sequence[Project]:
        """The projects that cite a source, in their record or in a claim."""
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

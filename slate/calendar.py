"""The slate as an RFC 5545 calendar a person can subscribe to or import and live with.

A slate's dates are mostly fuzzy ("2025–2026", "c. Q4 2026", "TBA"), and a calendar client
draws an event over every day it spans: a two-year window is a bar across two years of days.
So no event here is longer than a month:

- a date known to the day is an all-day event on that day;
- a window of a month or less (Oct 2026, a known week) spans its days;
- any wider window (a quarter, a year, "2025–2026", an open end) is ONE all-day event on
  the window's first day, its words in the summary ("Broadsword: release 2025–2026") and
  the whole window in the description. A window with an open start ("until 2027") has no
  first day, so its event sits on its last day, the one day the sources do bound, and the
  description says so;
- a window of any size is TENTATIVE and TRANSPARENT: it marks when to look, not a day held.

Release and filming dates are events of their own, with UIDs `<id>.release@slate` and
`<id>.filming@slate` that stay the same across versions of the slate, so importing a newer
file moves an event instead of adding a copy. Projects with no date at all are named in the
calendar's own description, so a view that looks empty says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import icalendar
import pandas as pd

from slate.dates import FuzzyDate, day_label
from slate.models import Project, Slate, Status

__all__ = ["LONGEST_SPAN", "NAMED_UNDATED", "to_ics"]

LONGEST_SPAN = dt.timedelta(days=31)
"""The longest event drawn over its days: a month. A wider window is one day's event."""

NAMED_UNDATED = 12
"""How many undated projects the calendar's description names before "and N more": enough
to recognise a view's films, short enough that a client's calendar settings stay readable."""

# Statuses by which a film has been shot, at least in part: the sources then report its
# filming as having happened.
_SHOT = frozenset({Status.FILMING, Status.POST_PRODUCTION, Status.COMPLETED, Status.RELEASED})


@dataclass(frozen=True)
class _Kind:
    key: str  # the UID's middle part: never change it, or every client duplicates events
    noun: str  # in the summary: "Digger: filming Q4 2026"
    window: str  # "{} could fall any day" / "{} could be any time"


_RELEASE = _Kind("release", "release", "The release could fall any day")
_FILMING = _Kind("filming", "filming", "Filming could be any time")


def _default_name(subject: str | None) -> str:
    # slate.export.slate_title's words; not imported, because slate.export imports this
    # module to keep its to_ics, and importing back would close a circle.
    whose = f"{subject}'s film slate" if subject else "Film slate"
    return f"{whose}: release dates"


def _confirmed(kind: _Kind, project: Project, date: FuzzyDate, as_of: dt.date | None) -> bool:
    """Whether the sources report this date as a day that happened, by `as_of` where given.

    A window is never confirmed, whatever the status: the event sits on a day chosen for
    it, not on the day it happened. A planned day is still a plan, and "released" with a
    day still ahead contradicts itself (its flag says so)."""
    day = date.earliest
    if not date.is_exact_day or day is None or (as_of is not None and day > as_of):
        return False
    if kind is _RELEASE:
        return project.status is Status.RELEASED
    return project.status in _SHOT


def _window(kind: _Kind, date: FuzzyDate) -> tuple[dt.date, dt.date, str] | None:
    """The event's first and last day, and the sentence saying where the date could fall;
    None for a date with no bound at all."""
    first, last = date.earliest, date.latest
    could = f"{kind.window} from {day_label(first) if first else ''}"
    if first is not None and last is not None:
        if date.is_exact_day:
            return first, first, f"{kind.noun.capitalize()} on {day_label(first)}"
        if last - first < LONGEST_SPAN:
            return first, last, f"{could} to {day_label(last)}"
        return first, first, f"{could} to {day_label(last)} (shown on its first day)"
    if first is not None:
        return first, first, f"{could} on, with no end given (shown on its first day)"
    if last is not None:
        until = f"{kind.window} up to {day_label(last)}, with no start given"
        return last, last, f"{until} (shown on that last day)"
    return None


def _event(
    kind: _Kind,
    project: Project,
    row: dict[str, Any],
    *,
    stamp: dt.datetime,
    as_of: dt.date | None,
) -> icalendar.Event | None:
    date: FuzzyDate = getattr(project, kind.key)
    window = _window(kind, date)
    if window is None:
        return None
    first, last, sentence = window
    sources = "; ".join(row["source_names"]) or "none named"
    lines = [
        f"{sentence}; sources: {sources}.",
        f"{project.status.label}. {kind.noun.capitalize()}: {date.label} (EDTF {date}).",
        *row["flags"],
    ]
    event = icalendar.Event()
    event.add("uid", f"{project.id}.{kind.key}@slate")
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))
    event.add("summary", f"{project.title}: {kind.noun} {date.label}")
    event.add("status", "CONFIRMED" if _confirmed(kind, project, date, as_of) else "TENTATIVE")
    # A film's day is news to watch for, not time the reader is busy.
    event.add("transp", "TRANSPARENT")
    event.add("description", "\n".join(lines))
    return event


def _names(titles: Sequence[str]) -> str:
    shown = ", ".join(titles[:NAMED_UNDATED])
    more = len(titles) - NAMED_UNDATED
    return f"{shown} and {more} more" if more > 0 else shown


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = ["id", "flags", "source_names"]
    rows = []
    for values in frame.reindex(columns=columns).itertuples(index=False, name=None):
        row = dict(zip(columns, values, strict=True))
        for key in ("flags", "source_names"):
            value = row[key]
            row[key] = [str(v) for v in value] if isinstance(value, list | tuple) else []
        rows.append(row)
    return rows


def to_ics(
    frame: pd.DataFrame,
    slate: Slate,
    *,
    generated: dt.datetime | None = None,
    as_of: dt.date | None = None,
    name: str | None = None,
) -> tuple[str, int]:
    """The rows' release and filming dates as an RFC 5545 calendar (the module docstring has
    the rules), and how many rows have neither date and so are only named in its
    description.

    `name` is the calendar's name in a client (X-WR-CALNAME), the view's words, e.g. "Tom
    Cruise's film slate: Doug Liman's films"; by default whose slate it is. `generated`
    is every event's DTSTAMP (now, where not given). Only a release the sources report as
    having happened, by `as_of` where given, is CONFIRMED.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Slate//Film slate releases//EN")
    calendar.add("version", "2.0")
    # The X-WR properties are TEXT (RFC 5545 3.8.8.2), but icalendar writes a property it
    # does not know as it stands: escaped here, or a comma or new line in a name breaks it.
    calendar.add("x-wr-calname", icalendar.vText(name or _default_name(slate.subject)))
    stamp = generated or dt.datetime.now(dt.UTC)
    undated: list[str] = []
    release_unknown: list[str] = []
    events: list[icalendar.Event] = []
    for row in _rows(frame):
        project = slate.project(row["id"])
        release = _event(_RELEASE, project, row, stamp=stamp, as_of=as_of)
        filming = _event(_FILMING, project, row, stamp=stamp, as_of=as_of)
        if release is None and filming is None:
            undated.append(project.title)
        elif release is None:
            release_unknown.append(project.title)
        events += [e for e in (release, filming) if e is not None]
    notes = []
    if undated:
        notes.append(f"Not in this calendar, no date yet: {_names(undated)}.")
    if release_unknown:
        notes.append(f"Filming only, no release date yet: {_names(release_unknown)}.")
    if notes:
        # X-WR-CALDESC is what Apple Calendar and Outlook show; DESCRIPTION (RFC 7986) the
        # newer clients.
        calendar.add("x-wr-caldesc", icalendar.vText(" ".join(notes)))
        calendar.add("description", " ".join(notes))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8"), len(undated)

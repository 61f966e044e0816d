"""An Atom feed (RFC 4287) of what changed on the slate: one entry per claim, newest first.

A feed reader keeps every entry it has seen by its id and shows only new ones, so an
entry must say the same thing whenever it is fetched:

- **when**: a claim is news from its source's publication, on `slate.knowledge`'s clock
  (`known_from`: the last day a fuzzy date can be, an open window's first day). That day,
  at 00:00:00Z, is the entry's `published` and `updated`. An undated source is known "from
  the start of time": its claims sort last and carry the Unix epoch (`UNDATED`), since Atom
  requires a time and any other would move;
- **what it moved**: worked out against the claims known on that day only, never against
  later news, so a report added tomorrow leaves today's entries as they are ("release
  moved from Oct 2026 to 2 Oct 2026", "status In development → Pre-production", a claim
  that only restates says "(as before)");
- **id**: `tag:slate,2026:<project>/<source>/<n>`, n being the claim's place among that
  project's claims from that source. A new report brings its own source, so ids already
  handed out never shift. (A report adding claims to an *older* source could renumber
  that source's claims; sources are articles, and a report is a new one.)

A slate of 100,000 projects has hundreds of thousands of claims, and a feed shows a
`limit` of them: the claims are sorted by their source's day once per slate (kept with it,
`memo`), and each call walks that order from the `as_of` day on only until it has enough;
a filtered view gathers just its own projects' claims. Only the projects that have an
entry in the feed have their history worked out.

The output is XML 1.0 whatever the data holds: ElementTree escapes the markup, and the
characters XML 1.0 cannot carry at all (control characters, lone surrogates) become
U+FFFD, so a reader sees that something was there.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import heapq
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import NamedTuple
from urllib.parse import quote, urlencode

from slate.knowledge import INFERRED_MARK, Entry, Said, known_from, ledger, memo, said_of
from slate.models import Certainty, Project, Slate, Source, Status, Update, fold

__all__ = ["UNDATED", "to_atom"]

ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:slate,2026:"
"""The prefix of every id the feed hands out: fixed, so ids do not change with the host."""

UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""The time an undated source's entries (and an empty feed) carry: Atom requires one, and
this one never moves, so a reader never sees such an entry as updated."""

_RELEASED = Status.RELEASED.label

# XML 1.0's Char production, negated: what no escaping can put in a document.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Pick(NamedTuple):
    """One claim in the feed's order."""

    known: int
    """Its source's known day, as an ordinal (1 for an undated source)."""
    project: int
    """Its project's place in the slate."""
    update: int
    """Its place in the project's `updates`."""


def to_atom(
    slate: Slate,
    *,
    project_ids: Collection[str] | None = None,
    as_of: dt.date | None = None,
    base_url: str = "",
    title: str,
    limit: int = 200,
    self_url: str | None = None,
) -> str:
    """The slate's claims as an Atom feed, newest first: those known by `as_of` (every one
    for None, and from today on, as `Day.of` counts them), of `project_ids` only where
    given, at most `limit`. Links are under `base_url` (no trailing slash needed); the
    rel="self" link is `self_url`, else `base_url`'s /changes.atom with the arguments as its
    query (no self link where neither is given). `self_url` is for a route whose query
    differs from that: the link must be the address the reader polls."""
    base = base_url.rstrip("/")
    cutoff = None if as_of is None or as_of >= dt.date.today() else as_of.toordinal()
    picks = _picks(slate, project_ids, cutoff, max(limit, 0))
    sources = slate.sources_by_id
    histories: dict[int, dict[int, _Told]] = {}
    for pick in picks:
        if pick.project not in histories:
            histories[pick.project] = _told(slate.projects[pick.project], sources)

    feed = ET.Element("feed", {"xmlns": ATOM})
    _text(feed, "id", _feed_id(project_ids, as_of))
    _text(feed, "title", title)
    updated = _time(picks[0].known) if picks else UNDATED
    _text(feed, "updated", _stamp(updated))
    author = ET.SubElement(feed, "author")
    _text(author, "name", "Slate")
    _text(feed, "generator", "Slate")
    if base:
        ET.SubElement(feed, "link", {"rel": "alternate", "href": _clean(f"{base}/slate")})
    link_self = self_url or (_self_url(base, project_ids, as_of) if base else None)
    if link_self:
        ET.SubElement(feed, "link", {"rel": "self", "href": _clean(link_self)})
    for pick in picks:
        project = slate.projects[pick.project]
        told = histories[pick.project][pick.update]
        feed.append(_entry(project, told, sources.get(told.update.source), base))
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


# --------------------------------------------------------------------------------------
# Which claims


def _picks(
    slate: Slate, project_ids: Collection[str] | None, cutoff: int | None, limit: int
) -> list[_Pick]:
    if limit == 0:
        return []
    if project_ids is not None:
        # A filtered view: its own projects' claims, whatever their number, and no walk of
        # the whole slate's order past claims it would drop.
        index = slate.project_index
        wanted = sorted({index[p] for p in project_ids if p in index})
        found = (
            pick
            for i in wanted
            for pick in _claims_of(slate, i)
            if cutoff is None or pick.known <= cutoff
        )
        return heapq.nsmallest(limit, found, key=_order)
    ordered, days = memo(slate, "feed-order", lambda: _order_all(slate))
    # `days` holds each claim's known day, negated to run ascending: skip those after it.
    start = 0 if cutoff is None else bisect.bisect_left(days, -cutoff)
    return ordered[start : start + limit]


def _claims_of(slate: Slate, index: int) -> Iterator[_Pick]:
    sources = slate.sources_by_id
    for j, update in enumerate(slate.projects[index].updates):
        source = sources.get(update.source)
        known = known_from(source.published) if source is not None else dt.date.min
        yield _Pick(known.toordinal(), index, j)


def _order(pick: _Pick) -> tuple[int, int, int]:
    # Newest source first; of one day, in the slate's project order, a project's later
    # claims (by when they hold, as `resolve` keeps them) first.
    return (-pick.known, pick.project, -pick.update)


def _order_all(slate: Slate) -> tuple[list[_Pick], list[int]]:
    ordered = sorted(
        (pick for i in range(len(slate.projects)) for pick in _claims_of(slate, i)), key=_order
    )
    return ordered, [-pick.known for pick in ordered]


# --------------------------------------------------------------------------------------
# What each claim moved


class _Told(NamedTuple):
    """One claim as the feed tells it."""

    update: Update
    number: int
    """Its place among the project's claims from its source: the stable part of its id."""
    moves: tuple[str, ...]
    """What it moved, each in plain words ("status In development → Pre-production")."""
    entry: Entry
    """The history's own line for it, as known that day (with any disagreement)."""


def _told(project: Project, sources: Mapping[str, Source]) -> dict[int, _Told]:
    """Each of the project's claims, by its place in `updates`, told against the claims
    known on the day its own source became known (never against later news)."""
    updates = project.updates
    known = [
        known_from(s.published) if (s := sources.get(u.source)) else dt.date.min for u in updates
    ]
    numbers: dict[str, int] = {}
    number = []
    for update in updates:
        number.append(numbers.get(update.source, 0))
        numbers[update.source] = number[-1] + 1
    out: dict[int, _Told] = {}
    for day in sorted(set(known)):
        shown = [j for j in range(len(updates)) if known[j] <= day]
        said = said_of([updates[j] for j in shown], sources)
        entries = ledger(said, sources)
        moves = _moves(said)
        for claim, entry, moved in zip(said, entries, moves, strict=True):
            j = shown[claim.order]
            if known[j] == day:
                out[j] = _Told(updates[j], number[j], moved, entry)
    return out


def _moves(said: Sequence[Said]) -> list[tuple[str, ...]]:
    """What each claim (in `said_of` order) moved from the one before it in that order, as
    the history (`ledger`) reads it: a claim that holds earlier than another moves nothing
    the other said since."""
    before: dict[str, str] = {}
    credits: dict[tuple[str, str], Certainty] = {}
    out = []
    for claim in said:
        update = claim.update
        parts: list[str] = []
        restated: list[str] = []
        was_status = before.get("status")
        released = update.status is Status.RELEASED and was_status not in (None, _RELEASED)
        for field in ("status", "release", "filming"):
            value = getattr(update, field)
            if value is None:
                continue
            words, was = value.label, before.get(field)
            before[field] = words
            mark = INFERRED_MARK if field in update.inferred else ""
            if field == "status" and released:
                parts.append(f"release confirmed ({words}){mark}")
            elif was == words:
                if not (field == "release" and released):
                    restated.append(f"{field} {words}{mark} (as before)")
            elif was is None:
                parts.append(f"{field} {words}{mark}")
            elif field == "status":
                parts.append(f"status {was} → {words}{mark}")
            else:
                parts.append(f"{field} moved from {was} to {words}{mark}")
        for kind, role in (("directors", " as director"), ("cast", "")):
            for credit in getattr(update, kind):
                key = (kind, fold(credit.name))
                prior = credits.get(key)
                credits[key] = credit.certainty
                if prior is None:
                    parts.append(f"{credit.name} attached{role}{credit.certainty.mark}")
                elif prior is credit.certainty:
                    restated.append(f"{credit.name}{role}{credit.certainty.mark} (as before)")
                else:
                    parts.append(
                        f"{credit.name}{role} now {credit.certainty.value} (was {prior.value})"
                    )
        out.append(tuple(parts + restated))
    return out


# --------------------------------------------------------------------------------------
# The XML


def _entry(project: Project, told: _Told, source: Source | None, base: str) -> ET.Element:
    update = told.update
    entry = ET.Element("entry")
    _text(entry, "id", f"{TAG}{project.id}/{update.source}/{told.number}")
    moved = "; ".join(told.moves) or update.note
    _text(entry, "title", f"{project.title}: {moved}")
    when = _stamp(_time(known_from(source.published).toordinal()) if source else UNDATED)
    _text(entry, "published", when)
    _text(entry, "updated", when)
    href = f"{base}/slate?project={quote(project.id, safe='')}"
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": _clean(href)})
    if source is not None and source.url:
        related = {"rel": "related", "href": _clean(source.url), "title": _clean(source.name)}
        ET.SubElement(entry, "link", related)
    _text(entry, "summary", _summary(update), type="text")
    _text(entry, "content", _content(project, told, source), type="text")
    if source is not None:
        entry.append(_source(source))
    return entry


def _summary(update: Update) -> str:
    """The claim's note, in our words, with any part the curators inferred said so."""
    reasons = "; ".join(f"{part} inferred: {why}" for part, why in update.inferred.items())
    return f"{update.note} ({reasons})" if reasons else update.note


def _content(project: Project, told: _Told, source: Source | None) -> str:
    entry = told.entry
    lines = [_summary(told.update), "", f"{project.title}, as this claim gives it:"]
    lines += [f"- {line}" for line in entry.says]
    lines.append(f"Holds: {entry.holds}")
    if source is None:
        lines.append(f"Source: {told.update.source} (not in the slate)")
    else:
        lines.append(f"Source: {source.name} ({source.outlet_label}), {source.published.label}")
        if source.url:
            lines.append(source.url)
    return "\n".join(lines)


def _source(source: Source) -> ET.Element:
    """The article, as Atom's `source` element: where the entry's news came from."""
    out = ET.Element("source")
    _text(out, "id", f"{TAG}source/{source.id}")
    _text(out, "title", source.name)
    if source.outlet:
        _text(out, "subtitle", source.outlet)
    _text(out, "updated", _stamp(_time(known_from(source.published).toordinal())))
    if source.url:
        ET.SubElement(out, "link", {"rel": "alternate", "href": _clean(source.url)})
    return out


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _time(ordinal: int) -> dt.datetime:
    if ordinal <= 1:  # `known_from`'s start of time: an undated source
        return UNDATED
    return dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time(), dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed_id(project_ids: Collection[str] | None, as_of: dt.date | None) -> str:
    # A filtered view, or one as of a day, is a feed of its own: its id says which, in a
    # digest so that a view of thousands of projects still has a short one.
    out = f"{TAG}changes"
    if project_ids is not None:
        joined = "\n".join(sorted(set(project_ids)))
        out += "/projects-" + hashlib.sha256(joined.encode("utf-8", "replace")).hexdigest()[:16]
    if as_of is not None:
        out += f"/as-of-{as_of.isoformat()}"
    return out


def _self_url(base: str, project_ids: Collection[str] | None, as_of: dt.date | None) -> str:
    query: list[tuple[str, str]] = [("project", p) for p in sorted(set(project_ids or ()))]
    if as_of is not None:
        query.append(("as_of", as_of.isoformat()))
    return f"{base}/changes.atom" + (f"?{urlencode(query)}" if query else "")

"""The calendar: parsed back with the icalendar library, and imported into a real client
(khal), a fuzzy date must be one event a person can live with, never a bar across years."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
import pytest

import slate.export
from slate.calendar import LONGEST_SPAN, NAMED_UNDATED, to_ics
from slate.export import slate_title
from slate.load import load_slate
from slate.models import Slate
from slate.query import Filters, apply_filters, to_frame
from tests.conftest import SEEDS

AS_OF = dt.date(2026, 11, 21)
STAMP = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
SOURCE = {"id": "s", "name": "A trade report", "published": "2025", "note": "Covers."}
LIMAN = "Tom Cruise's film slate: Doug Liman's films"


def _slate(*projects: dict[str, Any], subject: str | None = None) -> Slate:
    records = [
        {"title": p["id"].title(), "status": "announced", "logline": "L.", "sources": ["s"], **p}
        for p in projects
    ]
    return Slate.model_validate({"subject": subject, "sources": [SOURCE], "projects": records})


def _calendar(
    slate: Slate, frame: pd.DataFrame | None = None, **options: Any
) -> tuple[icalendar.Calendar, int]:
    options.setdefault("as_of", AS_OF)
    options.setdefault("generated", STAMP)
    text, left_out = to_ics(to_frame(slate, AS_OF) if frame is None else frame, slate, **options)
    return icalendar.Calendar.from_ical(text), left_out


def _events(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _about(calendar: icalendar.Calendar) -> str:
    """The calendar's description, checking that X-WR-CALDESC holds the same words escaped."""
    words = str(calendar["description"])
    assert calendar["x-wr-caldesc"].to_ical() == icalendar.vText(words).to_ical()
    return words


def _days(event: Any) -> tuple[dt.date, dt.date]:
    return event.decoded("dtstart"), event.decoded("dtend")


def _seeds() -> Slate:
    return load_slate(SEEDS)


# --- No event longer than a month ---------------------------------------------------------

DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("edtf", "summary", "first", "last", "window"),
    [
        # Known to the day: that day.
        ("2026-10-02", "release 2 Oct 2026", "2026-10-02", "2026-10-02", "Release on 2 Oct 2026"),
        # A month or less spans its days.
        ("2026-10", "release Oct 2026", "2026-10-01", "2026-10-31",
         "from 1 Oct 2026 to 31 Oct 2026"),
        ("2026-06-01/2026-06-10", "release 1 Jun 2026–10 Jun 2026", "2026-06-01", "2026-06-10",
         "from 1 Jun 2026 to 10 Jun 2026"),
        ("2026-10-02~", "release c. 2 Oct 2026", "2026-10-02", "2026-10-02",
         "from 2 Oct 2026 to 2 Oct 2026"),
        # Wider: one day, the first, with the whole window in words.
        ("2026-36~", "release c. Q4 2026", "2026-10-01", "2026-10-01",
         "The release could fall any day from 1 Oct 2026 to 31 Dec 2026 (shown on its first day)"),
        ("2025/2026", "release 2025–2026", "2025-01-01", "2025-01-01",
         "from 1 Jan 2025 to 31 Dec 2026 (shown on its first day)"),
        ("2026~", "release c. 2026", "2026-01-01", "2026-01-01", "to 31 Dec 2026"),
        ("2026/..", "release from 2026", "2026-01-01", "2026-01-01",
         "from 1 Jan 2026 on, with no end given (shown on its first day)"),
        # An open start has no first day: the event sits on the one day the sources bound.
        ("../2027", "release until 2027", "2027-12-31", "2027-12-31",
         "up to 31 Dec 2027, with no start given (shown on that last day)"),
    ],
)  # fmt: skip
def test_a_date_is_one_event_no_longer_than_a_month(
    edtf: str, summary: str, first: str, last: str, window: str
) -> None:
    calendar, left_out = _calendar(_slate({"id": "digger", "release": edtf}))
    (event,) = calendar.walk("VEVENT")
    assert left_out == 0
    assert str(event["summary"]) == f"Digger: {summary}"
    start, end = _days(event)
    assert (start, end - DAY) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert end - start <= LONGEST_SPAN
    assert window in str(event["description"])
    assert "sources: A trade report." in str(event["description"])
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["transp"]) == "TRANSPARENT"


def test_no_event_in_the_seeds_is_longer_than_a_month() -> None:
    slate = _seeds()
    calendar, left_out = _calendar(slate)
    events = _events(calendar)
    for event in events.values():
        start, end = _days(event)
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        assert DAY <= end - start <= LONGEST_SPAN, event["summary"]
    broadsword = events["broadsword.release@slate"]
    assert str(broadsword["summary"]) == "Broadsword: release 2025–2026"
    assert _days(broadsword) == (dt.date(2025, 1, 1), dt.date(2025, 1, 2))
    assert "any day from 1 Jan 2025 to 31 Dec 2026" in str(broadsword["description"])
    reckoning = events["mission-impossible-the-final-reckoning.release@slate"]
    assert _days(reckoning) == (dt.date(2025, 1, 1), dt.date(2025, 1, 2))
    # Released, but its day is one chosen for the event, not the day it came out.
    assert str(reckoning["status"]) == "TENTATIVE"
    # Filming dates are events of their own; projects with neither date are counted.
    assert set(events) == {
        "broadsword.release@slate",
        "challenge.filming@slate",
        "digger.release@slate",
        "edge-of-tomorrow-2.filming@slate",
        "mission-impossible-7.filming@slate",
        "mission-impossible-the-final-reckoning.release@slate",
    }
    assert left_out == len(slate.projects) - 6


# --- Statuses -----------------------------------------------------------------------------


def test_only_a_release_reported_as_happened_by_the_day_is_confirmed() -> None:
    slate = _slate(
        {"id": "out", "status": "released", "release": "2025-10-02"},
        {"id": "ahead", "status": "released", "release": "2027-01-15"},
        {"id": "planned", "status": "post_production", "release": "2026-10-02"},
        {"id": "vague", "status": "released", "release": "2025-10"},
        {"id": "shot", "status": "post_production", "filming": "2025-03-03"},
        {"id": "to-shoot", "status": "pre_production", "filming": "2025-03-03"},
    )
    status = {uid: str(e["status"]) for uid, e in _events(_calendar(slate)[0]).items()}
    assert status == {
        "out.release@slate": "CONFIRMED",
        "ahead.release@slate": "TENTATIVE",
        "planned.release@slate": "TENTATIVE",
        "vague.release@slate": "TENTATIVE",
        "shot.filming@slate": "CONFIRMED",
        "to-shoot.filming@slate": "TENTATIVE",
    }
    # Without a day to judge by, only the sources' word counts.
    assert str(_events(_calendar(slate, as_of=None)[0])["ahead.release@slate"]["status"]) == (
        "CONFIRMED"
    )


def test_filming_is_an_event_of_its_own() -> None:
    slate = _slate({"id": "digger", "release": "2027-06", "filming": "2026-36"})
    events = _events(_calendar(slate)[0])
    filming = events["digger.filming@slate"]
    assert str(filming["summary"]) == "Digger: filming Q4 2026"
    assert _days(filming) == (dt.date(2026, 10, 1), dt.date(2026, 10, 2))
    assert "Filming could be any time from 1 Oct 2026 to 31 Dec 2026" in str(filming["description"])
    assert str(events["digger.release@slate"]["summary"]) == "Digger: release Jun 2027"


# --- What is not in it --------------------------------------------------------------------


def test_the_undated_are_named_in_the_calendars_description() -> None:
    slate = _slate(
        {"id": "digger", "release": "2026-10-02"},
        {"id": "deeper"},
        {"id": "edge", "title": "Edge of Tomorrow 2", "filming": "2026-36"},
        {"id": "top-gun-3", "title": "Top Gun 3"},
    )
    calendar, left_out = _calendar(slate)
    assert left_out == 2
    words = (
        "Not in this calendar, no date yet: Deeper, Top Gun 3. "
        "Filming only, no release date yet: Edge of Tomorrow 2."
    )
    assert _about(calendar) == words


def test_many_undated_are_cut_short() -> None:
    slate = _slate(*({"id": f"film-{n:02}"} for n in range(NAMED_UNDATED + 3)))
    calendar, left_out = _calendar(slate)
    assert left_out == NAMED_UNDATED + 3
    assert calendar.walk("VEVENT") == []
    description = _about(calendar)
    assert description.startswith("Not in this calendar, no date yet: Film-00, Film-01, ")
    assert description.endswith(f"Film-{NAMED_UNDATED - 1:02} and 3 more.")


def test_a_calendar_with_every_project_dated_has_no_description() -> None:
    calendar, _ = _calendar(_slate({"id": "digger", "release": "2026"}))
    assert "x-wr-caldesc" not in calendar and "description" not in calendar


# --- Names, UIDs, escaping ----------------------------------------------------------------


@pytest.mark.parametrize("subject", ["Dana Reyes", "James", None])
def test_the_calendar_is_named_for_the_view_or_whose_slate_it_is(subject: str | None) -> None:
    slate = _slate({"id": "digger", "release": "2027"}, subject=subject)
    calendar, _ = _calendar(slate)
    assert str(calendar["x-wr-calname"]) == f"{slate_title(subject)}: release dates"
    calendar, _ = _calendar(slate, name=LIMAN)
    assert str(calendar["x-wr-calname"]) == LIMAN


def test_the_export_module_keeps_the_same_call() -> None:
    assert slate.export.to_ics is to_ics


def test_a_project_keeps_its_uids_across_versions() -> None:
    before = _slate({"id": "digger", "release": "2026-36", "filming": "2025"})
    after = _slate({"id": "digger", "release": "2027-03-05", "filming": "2025-05"})
    old, new = (_events(_calendar(s)[0]) for s in (before, after))
    assert set(old) == set(new) == {"digger.release@slate", "digger.filming@slate"}
    assert _days(new["digger.release@slate"]) == (dt.date(2027, 3, 5), dt.date(2027, 3, 6))
    # Given the time it was made, the same slate makes the same bytes.
    assert to_ics(to_frame(after, AS_OF), after, generated=STAMP, as_of=AS_OF) == (
        to_ics(to_frame(after, AS_OF), after, generated=STAMP, as_of=AS_OF)
    )
    assert new["digger.release@slate"].decoded("dtstamp") == STAMP


def test_values_are_escaped() -> None:
    title = "Semi; colon, comma\nand a line\\break"
    slate = _slate({"id": "odd", "title": title, "release": "2026-10-02"}, {"id": "undated"})
    text, _ = to_ics(to_frame(slate, AS_OF), slate, name="A, B; C\nD", as_of=AS_OF)
    assert "SUMMARY:Semi\\; colon\\, comma\\nand a line\\\\break: release" in text
    assert "X-WR-CALNAME:A\\, B\\; C\\nD" in text
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["summary"]) == f"{title}: release 2 Oct 2026"


# --- A real client: khal ------------------------------------------------------------------

# A real client, as a subscriber has one: `make test` installs Debian's khal, and a missing
# one fails here rather than letting the calendar go untried.
KHAL = shutil.which("khal") or "/usr/bin/khal"


class Khal:
    """khal with a config, a vdir and a database of its own in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "vdir").mkdir()
        self.config = folder / "khal.conf"
        self.config.write_text(
            "[calendars]\n[[slate]]\n"
            f"path = {folder / 'vdir'}\ntype = calendar\n\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            "longdatetimeformat = %Y-%m-%d %H:%M\n\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n",
            encoding="utf-8",
        )

    def __call__(self, *args: str) -> str:
        # Only what khal needs, so no user's config or zone leaks in.
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder),
            "TZ": "UTC",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        done = subprocess.run(
            [KHAL, "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def load(self, text: str) -> list[str]:
        """Import a calendar and list it: one line a day an event shows on."""
        path = self.folder / "slate.ics"
        path.write_text(text, encoding="utf-8")
        self("import", "--batch", str(path))
        listing = self(
            "list", "--format", "{start-date}|{end-date}|{title}|{status}",
            "--day-format", "", "2020-01-01", "2028-12-31",
        )  # fmt: skip
        return [line.strip() for line in listing.splitlines() if line.strip()]


def test_khal_shows_broadsword_once(tmp_path: Path) -> None:
    slate = _seeds()
    text, _ = to_ics(to_frame(slate, AS_OF), slate, as_of=AS_OF, generated=STAMP)
    lines = Khal(tmp_path).load(text)
    assert [line for line in lines if "Broadsword" in line] == [
        "2025-01-01|2025-01-01|Broadsword: release 2025–2026|TENTATIVE"
    ]
    assert "2026-10-02|2026-10-02|Digger: release 2 Oct 2026|TENTATIVE" in lines
    # The longest an event shows is a month's days: Challenge's "Oct 2021".
    assert max(lines.count(line) for line in lines) == 31
    assert len(lines) == 5 + 31


def test_khal_reads_the_doug_liman_view(tmp_path: Path) -> None:
    slate = _seeds()
    frame = apply_filters(to_frame(slate, AS_OF), Filters(directors=("Doug Liman",)))
    text, left_out = to_ics(frame, slate, as_of=AS_OF, generated=STAMP, name=LIMAN)
    khal = Khal(tmp_path)
    assert khal.load(text) == [
        "2026-10-01|2026-10-01|Edge of Tomorrow 2: filming Q4 2026|TENTATIVE"
    ]
    shown = khal("printics", str(tmp_path / "slate.ics"))
    assert "1 events found" in shown
    assert "Filming could be any time from 1 Oct 2026 to 31 Dec 2026" in shown
    # The calendar says why it holds so little.
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["x-wr-calname"]) == LIMAN
    assert left_out == 2
    assert _about(calendar) == (
        "Not in this calendar, no date yet: Deeper, Untitled space film (NASA / SpaceX). "
        "Filming only, no release date yet: Edge of Tomorrow 2."
    )

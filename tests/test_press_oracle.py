"""slate.press against `dateparser` (1.2+), a well-kept reader of dates in words: the oracle.

On a seeded corpus of days, months and years written the ways the press writes them, and
on relative words read at fixed days, our earliest must equal dateparser's date with
PREFER_DAY_OF_MONTH and PREFER_MONTH_OF_YEAR 'first', and our latest its date with 'last'
(REQUIRE_PARTS naming the parts each phrase gives). Where we differ on purpose, the
difference is listed below with both behaviours (found by probing dateparser 1.5.0), one
test asserts what we do and `test_dateparser_still_differs` what dateparser does, so that
an upgrade that closes or moves a gap fails loudly here instead of leaving a stale entry.

Deliberate differences (example: dateparser -> us)

A numbers    Day and month in digits, both 12 or under: "02/10/2026", "10/2/2026".
             dateparser: month first, as in the US (10 Feb, 2 Oct) -> us: refused, write the
             month as a word. With a day over 12 ("13/10/2026") both read 13 October.
B weekday    A weekday that is not the date's: "Thursday, October 2, 2026" (a Friday).
             dateparser: 2026-10-02 -> us: refused, naming the weekday it was.
C no year    A month without a year, far from the day of writing: "December" written
             2026-03-15, "October" written 2027-01-20. dateparser: the current year's
             (Dec 2026, Oct 2027) -> us: the one that ended in the last three months
             (Dec 2025, Oct 2026); see slate.press for the rule.
D year span  "2025-26", "2021-22". dateparser: day 26 (22) of a month of 2025 (2021) -> us:
             the years 2025-2026 (2021-2022).
E open       "by 2027", "after 2027", "from 2027". dateparser: the year 2027 -> us: until
             (../2027) or from (2027/..) it, with no bound on the other side.
F misread    "H2 2026": dateparser February 2026 -> us: the second half (2026-41).
             "the 2020s": dateparser the RELATIVE_BASE day -> us: the decade (202X).
G unread     Words dateparser gives None for and we read (UNREAD below): "late 2026",
             "summer 2027", "Q4 2026" spelled "4Q 2026", "c. 2027", "2026 to 2027", ...
Agreed refusals: both give no date for vague words ("soon", "later") and impossible days
("31 February 2026").
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from typing import Any

import dateparser
import pytest

from slate.press import PressDateError, read_date

D = dt.date
MARCH = D(2026, 3, 15)
DECEMBER = D(2026, 12, 10)
JANUARY = D(2027, 1, 20)
DAY_PARTS = ["day", "month", "year"]


@pytest.fixture(autouse=True)
def _a_known_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    # dateparser asks for the machine's time zone on every parse, and warns (an error here)
    # where it cannot tell; the dates compared carry no time, so any zone will do.
    monkeypatch.setenv("TZ", "UTC")


def _dateparser(text: str, on: dt.date, prefer: str, parts: list[str]) -> dt.date | None:
    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime(on.year, on.month, on.day, 12),
        "PREFER_DAY_OF_MONTH": prefer,
        "PREFER_MONTH_OF_YEAR": prefer,
        "REQUIRE_PARTS": parts,
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found else None


def _bounds(text: str, on: dt.date, parts: list[str]) -> tuple[dt.date | None, dt.date | None]:
    return _dateparser(text, on, "first", parts), _dateparser(text, on, "last", parts)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _day_phrases(day: dt.date) -> list[str]:
    month, short = calendar.month_name[day.month], calendar.month_abbr[day.month]
    weekday = calendar.day_name[day.weekday()]
    phrases = [
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{short}. {day.day}, {day.year}",
        f"{short} {day.day} {day.year}",
        f"{_ordinal(day.day)} {month} {day.year}",
        f"{month} {_ordinal(day.day)}, {day.year}",
        f"{weekday}, {month} {day.day}, {day.year}",
        day.isoformat(),
    ]
    if day.day > 12:  # unambiguous in either order
        phrases += [f"{day.day}/{day.month}/{day.year}", f"{day.month}/{day.day}/{day.year}"]
    return phrases


def _corpus(size: int = 60) -> list[tuple[str, list[str]]]:
    """Phrases with the parts they give: days in every written order, months and years."""
    rng = random.Random(42)
    corpus: list[tuple[str, list[str]]] = []
    for _ in range(size):
        day = D(rng.randint(1900, 2100), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        phrase = rng.choice(_day_phrases(day))
        month, short = calendar.month_name[day.month], calendar.month_abbr[day.month]
        corpus += [
            (phrase, DAY_PARTS),
            (rng.choice([f"{month} {day.year}", f"{short}. {day.year}"]), ["month", "year"]),
            (rng.choice([f"{day.year}", f"in {day.year}"]), ["year"]),
        ]
    return corpus


CORPUS = _corpus()

# Relative words at a day of writing, where our rules and dateparser's agree.
RELATIVE = [
    ("today", MARCH),
    ("yesterday", D(2026, 1, 1)),
    ("tomorrow", DECEMBER),
    ("this year", MARCH),
    ("next year", MARCH),
    ("next year", DECEMBER),
    ("last year", MARCH),
    ("this month", MARCH),
    ("next month", DECEMBER),
    ("last month", MARCH),
    ("October", MARCH),
    ("2 October", MARCH),
    ("Oct. 2", DECEMBER),
]


def test_corpus_covers_every_written_order() -> None:
    assert len(CORPUS) == 180
    assert len({text for text, _ in CORPUS}) > 150
    assert any("," in text and text[0].isalpha() and text[-5] == " " for text, _ in CORPUS)
    assert any("/" in text for text, _ in CORPUS)


def test_agrees_with_dateparser_on_the_corpus() -> None:
    mismatches = []
    for text, parts in CORPUS:
        reading = read_date(text)
        ours = (reading.date.earliest, reading.date.latest)
        theirs = _bounds(text, MARCH, parts)
        if ours != theirs:
            mismatches.append((text, ours, theirs))
    assert mismatches == []


@pytest.mark.parametrize(("text", "on"), RELATIVE, ids=[f"{t}@{on}" for t, on in RELATIVE])
def test_agrees_with_dateparser_on_relative_words(text: str, on: dt.date) -> None:
    reading = read_date(text, on)
    assert (reading.date.earliest, reading.date.latest) == _bounds(text, on, [])


@pytest.mark.parametrize("text", ["soon", "later", "shortly", "eventually", "31 February 2026"])
def test_both_refuse(text: str) -> None:
    assert _bounds(text, MARCH, []) == (None, None)
    with pytest.raises(PressDateError):
        read_date(text, MARCH)


# Rows A-F of the table above: text, day of writing -> ours (EDTF, or the hint's words) and
# dateparser's (first, last).
DIFFERENCES: list[tuple[str, str, dt.date, str, tuple[dt.date, dt.date]]] = [
    ("A", "02/10/2026", MARCH, "!write the month as a word", (D(2026, 2, 10),) * 2),
    ("A", "10/2/2026", MARCH, "!write the month as a word", (D(2026, 10, 2),) * 2),
    ("B", "Thursday, October 2, 2026", MARCH, "!is a Friday", (D(2026, 10, 2),) * 2),
    ("C", "December", MARCH, "2025-12", (D(2026, 12, 1), D(2026, 12, 31))),
    ("C", "October", JANUARY, "2026-10", (D(2027, 10, 1), D(2027, 10, 31))),
    ("D", "2025-26", MARCH, "2025/2026", (D(2025, 1, 26), D(2025, 12, 26))),
    ("D", "2021-22", MARCH, "2021/2022", (D(2021, 1, 22), D(2021, 12, 22))),
    ("E", "by 2027", MARCH, "../2027", (D(2027, 1, 1), D(2027, 12, 31))),
    ("E", "after 2027", MARCH, "2027/..", (D(2027, 1, 1), D(2027, 12, 31))),
    ("E", "from 2027", MARCH, "2027/..", (D(2027, 1, 1), D(2027, 12, 31))),
    ("F", "H2 2026", MARCH, "2026-41", (D(2026, 2, 1), D(2026, 2, 28))),
    ("F", "the 2020s", MARCH, "202X", (MARCH, MARCH)),
]

# Row G: words dateparser does not read, with what we read them as.
UNREAD: list[tuple[str, str]] = [
    ("late 2026", "2026-36"),
    ("mid-2027", "2027-04/2027-09"),
    ("early October 2026", "2026-10-01/2026-10-10"),
    ("summer 2027", "2027-22"),
    ("4Q 2026", "2026-36"),
    ("fourth quarter of 2026", "2026-36"),
    ("first half of 2026", "2026-40"),
    ("c. 2027", "2027~"),
    ("around 2027", "2027~"),
    ("possibly 2027", "2027?"),
    ("until 2027", "../2027"),
    ("2026 to 2027", "2026/2027"),
    ("March–May 2027", "2027-03/2027-05"),
    ("sometime in 2027", "2027"),
    ("expected in 2027", "2027"),
    ("Release: Oct. 2, 2026.", "2026-10-02"),
    ("2026-36", "2026-36"),
    ("202X", "202X"),
    ("TBD", ""),
]


@pytest.mark.parametrize(
    ("row", "text", "on", "ours", "theirs"),
    DIFFERENCES,
    ids=[f"{row} {text}" for row, text, *_ in DIFFERENCES],
)
def test_we_differ_on_purpose(
    row: str, text: str, on: dt.date, ours: str, theirs: tuple[dt.date, dt.date]
) -> None:
    if ours.startswith("!"):
        with pytest.raises(PressDateError, match=ours[1:]):
            read_date(text, on)
    else:
        assert read_date(text, on).edtf == ours


@pytest.mark.parametrize(("text", "ours"), UNREAD, ids=[text for text, _ in UNREAD])
def test_we_read_what_dateparser_does_not(text: str, ours: str) -> None:
    assert read_date(text, MARCH).edtf == ours


def test_dateparser_still_differs() -> None:
    """If this fails, dateparser changed: move the phrase to the agreeing tests, or update
    the table in this module's docstring."""
    changed = [
        (text, theirs, _bounds(text, on, []))
        for _, text, on, _, theirs in DIFFERENCES
        if _bounds(text, on, []) != theirs
    ]
    changed += [
        (text, (None, None), _bounds(text, MARCH, []))
        for text, _ in UNREAD
        if _bounds(text, MARCH, []) != (None, None)
    ]
    assert changed == []

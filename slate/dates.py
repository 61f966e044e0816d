"""Honest dates: the subset of EDTF (ISO 8601-2, Library of Congress) that film news needs.

A slate is full of dates nobody knows to the day: "late 2026", "2025–26", "TBA". They are
stored as EDTF strings and parsed here, never rounded to a made-up day. The grammar:

    date      = YYYY | YYYY-MM | YYYY-MM-DD            (X for unspecified trailing digits)
              | YYYY-SS                 (21-24 seasons, 33-36 quarters, 40-41 halves)
    qualified = date ["?" | "~" | "%"]                  (uncertain, approximate, both)
    interval  = end "/" end,  end = qualified | ".." (open) | "" (unknown)
    unknown   = "" | "TBA"

The `edtf` package implements all of EDTF, but costs ~4 ms a parse and fails on open
intervals, so it is only the oracle in the tests (tests/test_dates_oracle.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import reprlib
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, ClassVar

__all__ = ["FuzzyDate", "FuzzyDateError", "Precision", "day_label"]


_QUOTED = reprlib.Repr()
_QUOTED.maxstring = _QUOTED.maxother = 80


class FuzzyDateError(ValueError):
    """A string that is not in the EDTF subset, with the text and the reason."""

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        # Quoted short: the text may be anything a data file held, megabytes included.
        super().__init__(f"not an EDTF date: {_QUOTED.repr(text)} ({reason})")


class Precision(Enum):
    """How much of a single date is known: what its label names and its bounds span."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    MILLENNIUM = "millennium"


# Seasons are Northern-hemisphere meteorological seasons, the way the trade press uses them
# ("a summer 2026 release" means June to August); winter runs from December into the next
# year's February. Each entry: (label, first month, months spanned).
_SUBYEAR: dict[int, tuple[str, int, int]] = {
    21: ("Spring", 3, 3),
    22: ("Summer", 6, 3),
    23: ("Autumn", 9, 3),
    24: ("Winter", 12, 3),
    33: ("Q1", 1, 3),
    34: ("Q2", 4, 3),
    35: ("Q3", 7, 3),
    36: ("Q4", 10, 3),
    40: ("H1", 1, 6),
    41: ("H2", 7, 6),
}
_SUBYEAR_PRECISION = {
    **dict.fromkeys(range(21, 25), Precision.SEASON),
    **dict.fromkeys(range(33, 37), Precision.QUARTER),
    40: Precision.HALF,
    41: Precision.HALF,
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_QUALIFIERS = ("?", "~", "%")
_UNKNOWN_WORDS = frozenset({"", "tba", "tbd", "unknown"})
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")
_POINT = re.compile(r"(?P<y>[0-9X]{4})(?:-(?P<m>[0-9X]{2})(?:-(?P<d>[0-9X]{2}))?)?(?P<q>[?~%])?")


@dataclass(frozen=True, slots=True)
class _Point:
    """One EDTF date: year with optional month (or season/quarter/half) and day."""

    year: str
    month: str | None = None
    day: str | None = None
    qualifier: str = ""

    @property
    def precision(self) -> Precision:
        if "X" in self.year:
            return (Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM)[
                self.year.count("X") - 1
            ]
        if self.month is None or self.month == "XX":
            return Precision.YEAR
        if int(self.month) > 12:
            return _SUBYEAR_PRECISION[int(self.month)]
        if self.day is None or self.day == "XX":
            return Precision.MONTH
        return Precision.DAY

    def bounds(self) -> tuple[dt.date, dt.date]:
        if "X" in self.year:
            digits = self.year.rstrip("X")
            width = 10 ** (4 - len(digits))
            first = int(digits or "0") * width
            return dt.date(max(first, 1), 1, 1), dt.date(first + width - 1, 12, 31)
        year = int(self.year)
        if self.month is None or self.month == "XX":
            return dt.date(max(year, 1), 1, 1), dt.date(year, 12, 31)
        month = int(self.month)
        if month > 12:
            _, first_month, span = _SUBYEAR[month]
            last = first_month + span - 1
            end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
            return dt.date(year, first_month, 1), _month_end(end_year, end_month)
        if self.day is None or self.day == "XX":
            return dt.date(year, month, 1), _month_end(year, month)
        day = dt.date(year, month, int(self.day))
        return day, day

    @property
    def label(self) -> str:
        precision = self.precision
        if precision is Precision.DECADE:
            text = f"{self.year[:3]}0s"
        elif precision is Precision.CENTURY:
            text = f"{_ordinal(int(self.year[:2]) + 1)} century"
        elif precision is Precision.MILLENNIUM:
            text = f"{_ordinal(int(self.year[:1]) + 1)} millennium"
        elif precision is Precision.YEAR:
            text = str(int(self.year))
        elif precision is Precision.MONTH:
            text = f"{_MONTHS[int(self.month or 0) - 1]} {int(self.year)}"
        elif precision is Precision.DAY:
            text = f"{int(self.day or 0)} {_MONTHS[int(self.month or 0) - 1]} {int(self.year)}"
        else:
            text = f"{_SUBYEAR[int(self.month or 0)][0]} {int(self.year)}"
        if self.qualifier in ("~", "%"):
            text = f"c. {text}"
        if self.qualifier in ("?", "%"):
            text = f"{text}?"
        return text

    def __str__(self) -> str:
        parts = [self.year, self.month, self.day]
        return "-".join(p for p in parts if p is not None) + self.qualifier


def day_label(day: dt.date) -> str:
    """A day as the labels write one: "2 Oct 2026". (Not strftime's "%-d", which Windows'
    C library does not know.)"""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _End(Enum):
    """An interval end that is not a date: open ("..", no limit) or unknown ("", not said)."""

    OPEN = ".."
    UNKNOWN = ""


_IntervalEnd = _Point | _End


@dataclass(frozen=True, init=False)
class FuzzyDate:
    """A date as precise as the evidence, no more: a single EDTF date, an interval, or unknown.

    Build one with `FuzzyDate.parse(text)`; `str()` gives the canonical EDTF back, `.label`
    the words people write, and `.earliest` / `.latest` the strict bounds as `datetime.date`
    (None where open or unknown). Equal dates compare and hash equal; order is by bounds.
    """

    # The bounds are slots but not fields: worked out once, when the date is made (tables
    # of 100,000 rows ask for them often), and no part of its equality or its schema.
    __slots__ = ("_earliest", "_end", "_interval", "_label", "_latest", "_start")
    _start: _IntervalEnd | None
    _end: _IntervalEnd | None
    _interval: bool
    _earliest: ClassVar[dt.date | None]
    _latest: ClassVar[dt.date | None]
    _label: ClassVar[str]

    @classmethod
    def parse(cls, text: object) -> FuzzyDate:
        """Parse EDTF text (also a `datetime.date`, or an int year as YAML gives them)."""
        if isinstance(text, FuzzyDate):
            return text
        if isinstance(text, dt.datetime):
            raise FuzzyDateError(text, "a timestamp; give a date without a time")
        if isinstance(text, dt.date):
            return _parse(text.isoformat())
        if isinstance(text, bool) or not isinstance(text, str | int):
            raise FuzzyDateError(text, f"expected text, got {type(text).__name__}")
        return _parse(str(text).strip())

    @classmethod
    def unknown(cls) -> FuzzyDate:
        """The date nobody has given yet: shown as "TBA", with no bounds."""
        return _UNKNOWN

    @classmethod
    def _make(
        cls, start: _IntervalEnd | None, end: _IntervalEnd | None, interval: bool
    ) -> FuzzyDate:
        self = object.__new__(cls)
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_end", end)
        object.__setattr__(self, "_interval", interval)
        first = start.bounds()[0] if isinstance(start, _Point) else None
        last_end = end if interval else start
        last = last_end.bounds()[1] if isinstance(last_end, _Point) else None
        object.__setattr__(self, "_earliest", first)
        object.__setattr__(self, "_latest", last)
        return self

    @property
    def is_unknown(self) -> bool:
        """True for TBA: no date at all has been given."""
        return self._start is None

    @property
    def is_interval(self) -> bool:
        return self._interval

    @property
    def precision(self) -> Precision | None:
        """The precision of a single date; None for intervals and the unknown date."""
        return (
            self._start.precision
            if isinstance(self._start, _Point) and not self._interval
            else None
        )

    @property
    def is_exact_day(self) -> bool:
        """True only for a single, unqualified, fully known day: the one date drawn as a point."""
        return (
            self.precision is Precision.DAY
            and isinstance(self._start, _Point)
            and not self._start.qualifier
        )

    @property
    def qualifier(self) -> str:
        """ "?" uncertain, "~" approximate, "%" both, "" neither (single dates only)."""
        return (
            self._start.qualifier if isinstance(self._start, _Point) and not self._interval else ""
        )

    @property
    def earliest(self) -> dt.date | None:
        """The first day this date can be, or None where open or unknown."""
        return self._earliest

    @property
    def latest(self) -> dt.date | None:
        """The last day this date can be, or None where open or unknown."""
        return self._latest

    @property
    def label(self) -> str:
        """What people write: "2 Oct 2026", "Q4 2026", "2025–2026", "c. 2026", "TBA"."""
        try:
            return self._label
        except AttributeError:  # worked out on first use, then kept: charts ask often
            object.__setattr__(self, "_label", self._words())
            return self._label

    def _words(self) -> str:
        if self._start is None:
            return "TBA"
        if not self._interval:
            assert isinstance(self._start, _Point)
            return self._start.label
        start, end = self._start, self._end
        if start is _End.OPEN:
            return f"until {_end_label(end)}"
        if end is _End.OPEN:
            return f"from {_end_label(start)}"
        return f"{_end_label(start)}\u2013{_end_label(end)}"

    def __str__(self) -> str:
        if self._start is None:
            return ""
        if not self._interval:
            return str(self._start)
        return f"{_end_str(self._start)}/{_end_str(self._end)}"

    def __repr__(self) -> str:
        return f"FuzzyDate({str(self)!r})"

    def __bool__(self) -> bool:
        return not self.is_unknown

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its EDTF text: read back through the parser's cache, one object per
        # distinct date, instead of a dataclass state per end.
        return (_parse, (str(self),))

    def sort_key(self) -> tuple[int, dt.date, dt.date]:
        """Known dates by earliest then latest bound; unknown ends sort after every date."""
        far = dt.date.max
        return (
            0 if self.earliest or self.latest else 1,
            self.earliest or self.latest or far,
            self.latest or far,
        )

    def recency_key(self) -> tuple[dt.date, dt.date]:
        """How new a date is, for "the newest source" or "the last news": by the last day it
        can be (an open end by its known start), then the narrower of two dates that end
        together ("c. Q4 2025" is newer than "2025"). The unknown date is the oldest."""
        low = dt.date.min
        return (self.latest or self.earliest or low, self.earliest or low)

    def __lt__(self, other: FuzzyDate) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    # pydantic: validated from the EDTF string, serialized back to it.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {
            "type": "string",
            "title": "EDTF date",
            "description": (
                "An EDTF date as precise as the evidence: 2026, 2026-10, 2026-10-02, "
                "2026-36 (Q4), 2026-41 (H2), 2026-22 (summer), 202X, 2026~ (about), "
                "2026? (uncertain), 2025/2026, 2025/.. (open), or empty / TBA (unknown)."
            ),
            "examples": ["2026-10-02", "2026-36", "2025/2026", "2026~", "TBA"],
        }


_UNKNOWN = FuzzyDate._make(None, None, False)


def _end_label(end: _IntervalEnd | None) -> str:
    return end.label if isinstance(end, _Point) else "?"


def _end_str(end: _IntervalEnd | None) -> str:
    return str(end) if isinstance(end, _Point) else (end.value if end else "")


@lru_cache(maxsize=65536)
def _parse(text: str) -> FuzzyDate:
    # Cached: a large slate repeats the same few hundred date strings many times over.
    if text.lower() in _UNKNOWN_WORDS:
        return _UNKNOWN
    if "/" in text:
        if text.count("/") > 1:
            raise FuzzyDateError(text, "an interval has one '/'")
        left, right = text.split("/")
        start, end = _parse_end(text, left), _parse_end(text, right)
        if not isinstance(start, _Point) and not isinstance(end, _Point):
            raise FuzzyDateError(text, "an interval needs at least one date")
        if (
            isinstance(start, _Point)
            and isinstance(end, _Point)
            and end.bounds()[1] < start.bounds()[0]
        ):
            raise FuzzyDateError(text, "the interval ends before it starts")
        return FuzzyDate._make(start, end, True)
    return FuzzyDate._make(_parse_point(text, text), None, False)


def _parse_end(whole: str, part: str) -> _IntervalEnd:
    if part == "..":
        return _End.OPEN
    if part == "":
        return _End.UNKNOWN
    return _parse_point(whole, part)


def _parse_point(whole: str, part: str) -> _Point:
    match = _POINT.fullmatch(part)
    if not match:
        if re.fullmatch(r"[0-9]{1,3}(-.*)?", part):
            raise FuzzyDateError(whole, "the year needs four digits")
        if _TIMESTAMP.match(part):
            raise FuzzyDateError(whole, "a timestamp; give a date without a time")
        hint = "expected YYYY, YYYY-MM or YYYY-MM-DD, an interval A/B, or TBA"
        if any(c.isalpha() and c != "X" for c in part):
            # Words are what curators most often type: show how EDTF says them.
            hint += "; for words write e.g. 2026-36 (Q4, 'late 2026'), 2026-41 (H2), 2026~ (about)"
        raise FuzzyDateError(whole, hint)
    year, month, day, qualifier = match["y"], match["m"], match["d"], match["q"] or ""
    if re.fullmatch(r"[0-9]*X*", year) is None or year == "XXXX":
        raise FuzzyDateError(whole, "only the last digits of a year may be X")
    if "X" in year and (month or day):
        raise FuzzyDateError(whole, "a year with X digits cannot have a month or day")
    if month is not None:
        if "X" in month and month != "XX":
            raise FuzzyDateError(whole, "a month is two digits or XX")
        if month == "XX" and day not in (None, "XX"):
            raise FuzzyDateError(whole, "a day cannot be known when its month is not")
        if month != "XX":
            number = int(month)
            if not (1 <= number <= 12 or number in _SUBYEAR):
                raise FuzzyDateError(
                    whole,
                    f"month {month} is not 01-12, a season (21-24), "
                    "a quarter (33-36) or a half (40-41)",
                )
            if number > 12 and day is not None:
                raise FuzzyDateError(whole, "a season, quarter or half has no day")
            if number == 24 and year == "9999":
                # Winter runs into the next year's February, and year 10000 is not a date.
                raise FuzzyDateError(whole, "winter 9999 ends after 9999-12-31")
    if day is not None and day != "XX":
        if "X" in day:
            raise FuzzyDateError(whole, "a day is two digits or XX")
        try:
            dt.date(int(year), int(month or 0), int(day))
        except ValueError:
            raise FuzzyDateError(whole, f"{year}-{month} has no day {day}") from None
    if year == "0000":
        raise FuzzyDateError(whole, "year 0000 is outside the calendar this tool draws")
    return _Point(year, month, day, qualifier)

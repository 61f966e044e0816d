"""Dates as the press writes them: "October 2, 2026", "late 2026", "next summer", read into EDTF.

Journalists do not write EDTF. `read_date(text, on)` reads their words into a `FuzzyDate`
exactly as wide as the words, and refuses, with a hint saying what to write instead,
whatever it would have to guess. Anything `FuzzyDate.parse` accepts is read as EDTF, so
stored dates read back unchanged; every answer goes through `FuzzyDate.parse` of the EDTF
built here, so it is always a valid stored date.

What the words mean

    2 October 2026, Oct. 2, 2026, Friday, October 2, 2026   the day (a wrong weekday is refused)
    October 2026, 2027, in 2027, sometime in 2027           the month, the year
    early / mid / late 2027                                 Q1 / April-September / Q4
    early / mid / late October 2026                         days 1-10 / 11-20 / 21-end
    early / mid / late summer 2027                          its first / second / third month
    mid-to-late 2027, early–mid October 2026                from the one's start to the
                                                            other's end
    spring, summer, fall = autumn, winter 2027              EDTF seasons 21-24; winter is
                                                            December 2027 to February 2028
    Q4 2026, 4Q 2026, fourth-quarter 2026, H2 2026, second half of 2026
    2025–26, 2025-26, 2025/26, 2026 to 2027, March–May 2027, between March and May 2027,
    from summer 2026 to spring 2027                         an interval; a left end without
                                                            a year takes the right end's
    around / about / circa / c. 2027                        2027~ (approximate)
    possibly / maybe / probably 2027, 2027?                 2027? (uncertain)
    by 2027, by the end of 2027, until 2027                 ../2027
    from 2027, after 2027, since 2027                       2027/..
    before 2027, before October 2026, before summer 2026    ../2026, ../2026-09, ../2026-05-31
    the 2020s                                               202X
    TBA, TBD, TBC, to be announced, unknown, ""             the unknown date

Filler in front of a date that does not change it is dropped: "expected", "slated for",
"set for", "due (out) in", "release date:", "sometime in", "in", "on", "during".

Rules for words that could mean more than one thing (each is a choice; all are tested):

*  "2021-22" is the span 2021-2022, not EDTF's season code (summer 2021), when its two-digit
   part is the next year's last two digits: people write spans that way far more often than
   season codes. A month's number stays a month: "2008-09" is September 2008, as in ISO
   8601 and every spreadsheet ("2008–09", with a dash, is the span). Any other YYYY-NN is
   EDTF ("2026-22" is summer 2026), and with an en dash or a slash ("2025–27", "2025/27") a
   span, whose end year must be later.
*  "after 2027" is read as "2027/..", the same as "from 2027": the press writes it loosely,
   and the wider reading never excludes what the writer meant.
*  "early"/"late" narrow only years, months and spring to autumn; "late winter" and "late
   Q4" are refused (which February is "late winter 2027"?), and so are two-digit years
   ("summer '27") and bare seasons, quarters and halves with no year ("in the summer").
*  Numeric dates are day-first or month-first depending on the writer: "02/10/2026" is
   refused unless one number is over 12 or both are equal. Year-first "2026/10/02" is read.

Relative words are read against `on`, the day the words were written; without it they are
refused. When `on` is itself fuzzy ("an article from 2026"), the words are read against its
first and last days, and refused unless both give the same date: every rule below only
moves forward as `on` does, so equal answers at both ends mean the same answer throughout.

*  today, yesterday, tomorrow; this / next / last year, month, quarter.
*  "the year" and "the month" are on's: "by the end of the year", "later in the year".
*  "later this year": on's month to December; "earlier this year": January to on's month;
   "later this month": on's day to the month's end.
*  "this <season>" (or month: "this October") is the one under way on `on`, else the next
   to begin; but where one ended less than four months before `on` ("this fall" written in
   December), it is refused: the one just gone and the one ahead are both read that way.
   In January and February "this winter" is the winter under way (December to February).
*  "next <season>" is the first to begin after `on` (in March, "next summer" is this June's);
   "last <season>" is the latest to have ended before `on`.
*  "early next year", "summer next year", "2 October this year": the year is resolved, then
   the words are read as if it had been written.
*  A day or month without a year ("2 October", "in October") is the coming one, unless one
   ended in the three months before `on`: the first to end in the twelve months from three
   months before `on`. The press mostly writes about what is ahead ("opens October 2",
   written in March, is this October), and about what just happened, not about a date of
   nine months ago. 29 February is refused when that year has none.

Where this differs from `dateparser` on purpose (its oracle, tests/test_press_oracle.py,
lists each difference and asserts both behaviours, so that an upgrade that changes one
fails there): numeric dates it reads month-first ("02/10/2026", 10 February) are refused
here; a wrong weekday it ignores is refused here; a month without a year is its current
year's, here the rule above; "2025-26" is a day of 2025 there and two years here; "by
2027" and "after 2027" are the year 2027 there and open intervals here; "H2 2026" is
February there and "the 2020s" its RELATIVE_BASE day. Seasons, quarters written out,
"early/mid/late", qualifiers and spans it does not read at all.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import reprlib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from slate.dates import FuzzyDate, FuzzyDateError, Precision, day_label

__all__ = ["MAX_LENGTH", "PressDateError", "Reading", "read_date"]

#: Longer text is refused before any other work: a date in words fits in far less, and the
#: text may be anything a form or a scraped page held.
MAX_LENGTH = 200

_QUOTED = reprlib.Repr()
_QUOTED.maxstring = _QUOTED.maxother = 80

_EXAMPLES = (
    "write e.g. '2 October 2026', 'October 2026', 'summer 2027', 'Q4 2026', 'late 2026', "
    "'2025–2026', 'about 2027' or TBA"
)
_VAGUE_HINT = (
    "too vague to date: leave it TBA, or give a year, season or month ('2027', 'summer 2027')"
)
_NO_DATE_HINT = "no date in the words: leave it TBA, or give a year, season or month ('2027')"
_NEEDS_ON_HINT = (
    "relative to when it was written: give the report's date, or name the year ('summer 2027')"
)


class PressDateError(ValueError):
    """Words that cannot be read as a date without guessing, with a hint for what to write."""

    def __init__(self, text: object, hint: str) -> None:
        self.text = text
        self.hint = hint
        # Quoted short: the text may be anything a report held, megabytes included.
        super().__init__(f"cannot read {_QUOTED.repr(text)} as a date: {hint}")

    @property
    def needs_day(self) -> bool:
        """True where the words are relative ("next year") and no day of writing was given."""
        return self.hint == _NEEDS_ON_HINT


@dataclass(frozen=True, slots=True)
class Reading:
    """Words read as a date: the words as written, the date, and whether `on` was needed."""

    text: str
    date: FuzzyDate
    relative: bool = False

    @property
    def edtf(self) -> str:
        return str(self.date)

    @property
    def label(self) -> str:
        return self.date.label

    @property
    def words(self) -> str | None:
        """The words worth keeping beside the date: None when they are its canonical EDTF."""
        return None if self.text == self.edtf else self.text

    def as_json(self) -> dict[str, str | None]:
        earliest, latest = self.date.earliest, self.date.latest
        return {
            "text": self.text,
            "edtf": self.edtf,
            "label": self.label,
            "earliest": earliest.isoformat() if earliest else None,
            "latest": latest.isoformat() if latest else None,
        }


def read_date(text: object, on: dt.date | FuzzyDate | None = None) -> Reading:
    """Read a date as the press writes it; `on` is the day the words were written.

    Raises PressDateError, with a hint, for anything that is not a date or would need a
    guess: vague words ("soon"), relative words without `on`, ambiguous numbers.
    """
    if isinstance(on, dt.datetime):
        on = on.date()
    if on is not None and not isinstance(on, dt.date | FuzzyDate):
        raise TypeError(f"on must be a date, a FuzzyDate or None, not {type(on).__name__}")
    if not isinstance(text, str):
        raise PressDateError(text, f"expected text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise PressDateError(
            text, f"too long for a date ({len(text):,} characters, at most {MAX_LENGTH})"
        )
    outcome = _read_cached(text.strip(), on)
    if isinstance(outcome, str):
        raise PressDateError(text, outcome)
    return outcome


@lru_cache(maxsize=16384)
def _read_cached(text: str, on: dt.date | FuzzyDate | None) -> Reading | str:
    # Cached by (text, on), refusals too (as their hint, so each caller gets a fresh error).
    try:
        return _read(text, on)
    except _Refused as refusal:
        return refusal.hint
    except FuzzyDateError as error:
        # A date worked out on the way that the calendar does not hold ("early winter
        # 9999" ends in year 10000): a refusal too, never another kind of error.
        return error.reason


class _Refused(Exception):
    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


class _NeedsOn(_Refused):
    def __init__(self) -> None:
        super().__init__(_NEEDS_ON_HINT)


# An interval's two EDTF ends; a single date has the same end twice. ".." is open.
_Span = tuple[str, str]


def _read(text: str, on: dt.date | FuzzyDate | None) -> Reading:
    if (span := _year_span(text)) is not None:
        return Reading(text, _build(span))
    try:
        return Reading(text, FuzzyDate.parse(text))
    except FuzzyDateError:
        pass
    words = _normalize(text)
    if isinstance(on, FuzzyDate):
        if on.earliest is None or on.latest is None:
            on = None  # an unknown or open day of writing says nothing about "next year"
        elif on.earliest != on.latest:
            return _read_on_fuzzy(text, words, on)
        else:
            on = on.earliest
    context = _Context(on)
    date = _build(_read_words(words, context))
    return Reading(text, date, context.used)


def _read_on_fuzzy(text: str, words: str, on: FuzzyDate) -> Reading:
    assert on.earliest is not None and on.latest is not None
    first, last = _Context(on.earliest), _Context(on.latest)
    depends = _Refused(f"depends on when in {on.label} it was written: name the year")
    readings: list[FuzzyDate | None] = []
    for context in (first, last):
        try:
            readings.append(_build(_read_words(words, context)))
        except _Refused:
            readings.append(None)
    early, late = readings
    if early is None and late is None:
        _build(_read_words(words, first))  # refused at both ends: say why, as on one day
    if early is None or late is None or early != late:
        raise depends
    return Reading(text, early, first.used)


class _Context:
    """The day of writing, and whether the words needed it."""

    def __init__(self, on: dt.date | None) -> None:
        self._on = on
        self.used = False

    @property
    def on(self) -> dt.date:
        if self._on is None:
            raise _NeedsOn()
        self.used = True
        return self._on


def _build(span: _Span) -> FuzzyDate:
    start, end = span
    edtf = start if start == end else f"{start}/{end}"
    try:
        return FuzzyDate.parse(edtf)
    except FuzzyDateError as error:
        if start and end and start != end and ".." not in (start, end):
            # Reversed, as in "December – February 2027", where the left end took the right's year.
            raise _Refused(
                f"{error.reason}: check the order, and give each end its year "
                "('December 2026 – February 2027')"
            ) from None
        raise _Refused(error.reason) from None


# --- Normalizing -----------------------------------------------------------------------------

_DASHES = str.maketrans(
    {**dict.fromkeys("\u2010\u2011", "-"), **dict.fromkeys("\u2012\u2013\u2014\u2015\u2212", "–")}
)
_SPACES = re.compile(r"[\t\n\r\v\f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode's category Cc, all of it
_LETTER_DOT = re.compile(r"(?<=[a-z])\.")
_ORDINAL = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)\b")
_COMPOUND = re.compile(
    r"\b(early|mid|late) *[-–] *(?=[0-9a-z])(?!to\b|early|mid|late)|-(quarter|half)\b"
)
_TO_PART = re.compile(r"\b(early|mid|late)[- ]to[- ](?=early|mid|late)")
_THE_UNIT = re.compile(r"\bthe (year|month)\b")
_WORD_HYPHEN = re.compile(r" +- *| *- +|(?<=[a-z])-|-(?=[a-z])")
_DAY_HYPHEN = re.compile(r"(?<![0-9-])([0-9]{1,2})-([0-9]{1,2})(?![0-9-])")
_YEAR_PAIR = re.compile(r"(?<![0-9-])([0-9]{4})([-/])([0-9]{2}|[0-9]{4})(?![0-9/-])")
_DASH = re.compile(r" *– *")
_DROPPED = frozenset({"the", "of"})


def _normalize(text: str) -> str:
    """Lower case, one space between words, one kind of dash, no dots after abbreviations."""
    if _CONTROL.search(_SPACES.sub(" ", text)):
        raise _Refused("contains control characters: give the date as plain text")
    if not text.isascii():
        # Zero-width and other format characters come with text copied from web pages.
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = text.lower().translate(_DASHES).replace("\u2019", "'").replace(",", " ")
    text = _LETTER_DOT.sub("", text)
    text = _ORDINAL.sub(r"\1", text)
    # "the end of the year" is this year's; "mid-to-late 2027" runs from mid to late 2027.
    text = _THE_UNIT.sub(r"this \1", text)
    text = _TO_PART.sub(r"\1 to ", text)
    # "mid-2027", "mid–October", "fourth-quarter": one phrase, not a span from "mid".
    text = _COMPOUND.sub(lambda m: f"{m[1]} " if m[1] else f" {m[2]}", text)
    text = _WORD_HYPHEN.sub(" – ", text)
    text = _DAY_HYPHEN.sub(r"\1 – \2", text)
    text = _YEAR_PAIR.sub(_year_pair, text)
    text = _DASH.sub(" – ", text)
    words = [w for w in text.split() if w not in _DROPPED]
    return " ".join(words).rstrip(".,;: ")


def _year_pair(match: re.Match[str]) -> str:
    first, separator, second = match.groups()
    # A hyphen before a two-digit part is EDTF's month or season code, unless it is the next
    # year's last two digits and no month: "2021-22" is a span, "2026-22" is summer 2026,
    # and "2008-09" is September 2008, as ISO 8601 and every spreadsheet read it.
    if (
        separator == "-"
        and len(second) == 2
        and (int(second) != (int(first) + 1) % 100 or 1 <= int(second) <= 12)
    ):
        return match[0]
    return f"{first} – {second}"


_NEXT_YEAR_SPAN = re.compile(r"([0-9]{4})( *[-–—/] *)([0-9]{2})")


def _year_span(text: str) -> _Span | None:
    """ "2021-22", "2021–22", "2021/22": the span of a year and the next, before EDTF; but
    "2008-09", a hyphen before a month's number, is ISO's September 2008."""
    match = _NEXT_YEAR_SPAN.fullmatch(text)
    if match is None or int(match[3]) != (int(match[1]) + 1) % 100:
        return None
    if match[2] == "-" and 1 <= int(match[3]) <= 12:
        return None
    first = int(match[1])
    return _year(first), _year(first + 1)


# --- Reading ---------------------------------------------------------------------------------

_MONTHS = {
    **{name: i for i, name in enumerate(calendar.month_name) if name},
    **{name: i for i, name in enumerate(calendar.month_abbr) if name},
    "Sept": 9,
}
_MONTH_NUMBER = {name.lower(): number for name, number in _MONTHS.items()}
_WEEKDAY_NUMBER = {
    **{name.lower(): i for i, name in enumerate(calendar.day_name)},
    **{name.lower(): i for i, name in enumerate(calendar.day_abbr)},
    "tues": 1,
    "wednes": 2,
    "thur": 3,
    "thurs": 3,
}
_SEASONS = {"spring": 21, "summer": 22, "fall": 23, "autumn": 23, "winter": 24}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# Which third of a year, season or month "early", "mid" and "late" name.
_PART = {
    "early": 0,
    "beginning": 0,
    "start": 0,
    "mid": 1,
    "middle": 1,
    "late": 2,
    "end": 2,
}
_UNKNOWN = frozenset(
    {"tba", "tbd", "tbc", "to be announced", "to be determined", "to be confirmed", "unknown"}
)
_VAGUE = re.compile(
    r"\b(?:soon|later|eventually|future|upcoming|shortly|coming|someday|sometime|some time"
    r"|some point|one day|down line|down road|due course|forthcoming|in time|imminent|near)\b"
)


def _alternatives(names: Iterable[str]) -> str:
    # Longest first, so that "sept" is not read as "sep" and a stray "t".
    return "|".join(sorted(names, key=len, reverse=True))


_M = f"(?P<month>{_alternatives(_MONTH_NUMBER)})"
_WD = f"(?:(?P<weekday>{_alternatives(_WEEKDAY_NUMBER)}) )?"
_S = f"(?P<season>{_alternatives(_SEASONS)})"
_Y = "(?P<year>[0-9]{4})"
_D = "(?P<day>[0-9]{1,2})"

_FILLER = re.compile(
    r"(?:expected|slated|set|due|scheduled|planned|penciled|pencilled|dated|targeting|targeted"
    r"|aiming|release date|release|releases|released|releasing|opens|opening|arrives|arriving"
    r"|premieres|premiering|out|now|currently)(?: (?:for|in|on|out|at))?:? "
)
_PREPOSITION = re.compile(r"(?:sometime|some time|at some point|in|on|for|during|within|at) ")
_QUALIFIER = re.compile(
    r"(?:(?P<approximate>(?:around|about|circa|ca|c|approximately|approx|roughly) |~ ?)"
    r"|(?P<uncertain>possibly|perhaps|maybe|probably|likely|tentatively) )(?P<rest>.+)"
)
_OPEN = re.compile(
    r"(?:(?P<until>by end|by|until|till|through|thru|no later than|not later than)"
    r"|(?P<from>from|after|since|starting|no earlier than|not before)|(?P<before>before))"
    r"(?: in| on)? (?P<rest>.+)"
)
_RANGE = re.compile(r"(?:(?P<between>between)|from) (?P<rest>.+)")
_YEAR = re.compile("[0-9]{4}")
_TWO_DIGITS = re.compile("[0-9]{2}")
_DAY = re.compile("[0-9]{1,2}")
_MONTH_DAY = re.compile(f"{_M} {_D}")
_DAY_YEAR = re.compile(f"[0-9]{{1,2}} {_Y}")
_DAY_MONTH_YEAR = re.compile(f"[0-9]{{1,2}} {_M} {_Y}")
_CONNECTORS = frozenset({"to", "through", "thru", "until", "till", "–"})
_MAX_DEPTH = 4


def _read_words(words: str, context: _Context) -> _Span:
    span = _read_expression(words, context)
    if span is None:
        raise _Refused(_VAGUE_HINT if _VAGUE.search(words) else _EXAMPLES)
    return span


def _read_expression(words: str, context: _Context) -> _Span | None:
    stripped = _strip_fillers(words)
    if not stripped:
        raise _Refused(_VAGUE_HINT if _VAGUE.search(words) else _NO_DATE_HINT)
    if stripped in _UNKNOWN:
        return "", ""
    words, qualifier = _strip_qualifiers(stripped)
    span = _read_range(words, context) or _read_open(words, context) or _point(words, context)
    if span is None:
        return None
    return _qualify(span[0], qualifier), _qualify(span[1], qualifier)


def _strip_fillers(words: str) -> str:
    words += " "  # each filler ends in a space, so "release:" alone is all filler
    for pattern in (_FILLER, _PREPOSITION):
        for _ in range(_MAX_DEPTH):  # "due out in", "sometime in": a few at most
            match = pattern.match(words)
            if match is None:
                break
            words = words[match.end() :]
    return words.rstrip()


def _strip_qualifiers(words: str) -> tuple[str, str]:
    qualifier = ""
    for _ in range(_MAX_DEPTH):
        if words.endswith("?"):
            qualifier += "?"
            words = words[:-1].rstrip()
            continue
        match = _QUALIFIER.fullmatch(words)
        if match is None:
            break
        qualifier += "~" if match["approximate"] else "?"
        words = match["rest"]
    return words, qualifier


def _qualify(end: str, qualifier: str) -> str:
    if not qualifier or end in ("", ".."):
        return end
    base, had = end.rstrip("?~%"), end[len(end.rstrip("?~%")) :]
    marks = set(had.replace("%", "?~") + qualifier)
    return base + ("%" if marks == {"?", "~"} else marks.pop())


def _read_open(words: str, context: _Context) -> _Span | None:
    match = _OPEN.fullmatch(words)
    if match is None:
        return None
    span = _read_range(match["rest"], context) or _point(match["rest"], context)
    if span is None:
        return None
    if match["before"]:
        return "..", _day_before(span[0])
    return ("..", span[1]) if match["until"] else (span[0], "..")


def _day_before(edtf: str) -> str:
    """The end of an interval that stops before `edtf` begins, as coarse as that allows:
    before 2027 is until 2026, before October 2026 until September, else until the day."""
    date = FuzzyDate.parse(edtf)
    if date.earliest is None or date.earliest == dt.date.min:
        raise _Refused("nothing is before the calendar's first day")
    last = date.earliest - dt.timedelta(days=1)
    if date.precision in (Precision.YEAR, Precision.DECADE, Precision.CENTURY):
        return _year(last.year)
    if date.precision is Precision.MONTH:
        return _month(last.year, last.month)
    return last.isoformat()


def _read_range(words: str, context: _Context) -> _Span | None:
    """Two readable ends joined by "to", "through", "until", a dash, or "between ... and"."""
    match = _RANGE.fullmatch(words)
    connectors = frozenset({"and"}) if match and match["between"] else _CONNECTORS
    tokens = (match["rest"] if match else words).split(" ")
    splits = [i for i, token in enumerate(tokens[1:-1], 1) if token in connectors]
    if len(splits) > _MAX_DEPTH:
        raise _Refused("too many dates joined together: give one date or one span")
    found: set[_Span] = set()
    refusal: _Refused | None = None
    for i in splits:
        try:
            span = _range_ends(" ".join(tokens[:i]), " ".join(tokens[i + 1 :]), context)
        except _NeedsOn:
            raise
        except _Refused as error:
            refusal = refusal or error
            continue
        if span is not None:
            found.add(span)
    if len(found) > 1:
        raise _Refused("reads as more than one span: give the two ends with their years")
    if found:
        return found.pop()
    if refusal is not None:
        raise refusal
    return None


def _range_ends(left: str, right: str, context: _Context) -> _Span | None:
    if _YEAR.fullmatch(left) and _TWO_DIGITS.fullmatch(right):
        first, last = int(left), int(right)
        if last == (first + 1) % 100:
            return _year(first), _year(first + 1)
        if last <= first % 100:
            raise _Refused("the span's end is not after its start: write both years in full")
        return _year(first), _year(first - first % 100 + last)
    month_day = _MONTH_DAY.fullmatch(left)
    if month_day and _DAY_YEAR.fullmatch(right):
        right = f"{month_day['month']} {right}"  # "October 2 – 5, 2026"
    end = _point(right, context)
    if end is None:
        return None
    start = None
    right_words = right.split(" ")
    if left in _PART and right_words[0] in _PART:
        # "early – mid October 2026": the left end is early October 2026, not early 2026.
        start = _point(" ".join([left, *right_words[1:]]), context)
    elif _YEAR.fullmatch(right_words[-1]) and not any(map(_YEAR.fullmatch, left.split(" "))):
        # A left end without a year takes the right end's: "March – May 2027", "2 – 5 Oct 2026".
        if _DAY.fullmatch(left) and _DAY_MONTH_YEAR.fullmatch(right):
            start = _point(" ".join([left, *right_words[1:]]), context)
        else:
            start = _point(f"{left} {right_words[-1]}", context)
    if start is None:
        start = _point(left, context)
    if start is None:
        return None
    return start[0], end[1]


def _point(words: str, context: _Context, depth: int = 0) -> _Span | None:
    """One date, or the interval that one phrase names ("mid 2027"): no joins, no open ends."""
    if depth > _MAX_DEPTH:
        return None
    for pattern, reader in _POINT_READERS:
        match = pattern.fullmatch(words)
        if match is not None:
            span = reader(match, context, depth)
            if span is not None:
                return span
    return None


_Reader = Callable[[re.Match[str], _Context, int], "_Span | None"]


def _single(edtf: str) -> _Span:
    return edtf, edtf


def _year(year: int) -> str:
    if not 1 <= year <= 9999:
        raise _Refused(f"year {year} is outside the calendar (1 to 9999)")
    return f"{year:04d}"


def _month(year: int, month: int) -> str:
    return f"{_year(year)}-{month:02d}"


def _day(year: int, month: int, day: int) -> dt.date:
    _year(year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Refused(f"{calendar.month_name[month]} {year} has no day {day}") from None


def _check_weekday(date: dt.date, weekday: str | None) -> dt.date:
    if weekday is not None and _WEEKDAY_NUMBER[weekday] != date.weekday():
        actual = calendar.day_name[date.weekday()]
        said = calendar.day_name[_WEEKDAY_NUMBER[weekday]]
        raise _Refused(f"{day_label(date)} is a {actual}, not a {said}: check the date")
    return date


def _edtf(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    text = match[0].upper()
    try:
        date = FuzzyDate.parse(text)
    except FuzzyDateError as error:
        if _YEAR.match(text) is None:
            return None  # "202x" and the like that are not EDTF either: other words
        if len(text) == 7 and text[4] == "-":  # "2025-27"
            raise _Refused(f"{error.reason}; for a span write both years ('2025–2027')") from None
        raise _Refused(error.reason) from None
    return _single(str(date))


def _decade(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    digits = match["digits"]
    if digits.endswith("0"):
        raise _Refused(
            f"'{digits}0s' may be a decade or a century: write '{digits}0–{digits}9' "
            f"or '{digits[:2]}XX'"
        )
    return _single(f"{digits}X")


def _full_date(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    month = _MONTH_NUMBER[match["month"]]
    date = _day(int(match["year"]), month, int(match["day"]))
    return _single(_check_weekday(date, match["weekday"]).isoformat())


def _month_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    return _single(_month(int(match["year"]), _MONTH_NUMBER[match["month"]]))


def _season_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    return _single(f"{_year(int(match['year']))}-{_SEASONS[match['season']]}")


def _quarter_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    quarter = match["q"]
    number = _ORDINALS.get(quarter) or int(quarter)
    return _single(f"{_year(int(match['year']))}-{32 + number}")


def _half_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    half = match["h"]
    number = _ORDINALS.get(half) or int(half)
    return _single(f"{_year(int(match['year']))}-{39 + number}")


def _numeric(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    first, second, year = int(match["a"]), int(match["b"]), match["year"]
    if len(year) == 2:
        raise _Refused("a two-digit year: write the year in full ('2 October 2026')")
    if first > 12 and second <= 12:
        day, month = first, second
    elif second > 12 and first <= 12:
        day, month = second, first
    elif first == second:
        day = month = first
    elif first <= 12 and second <= 12:
        raise _Refused(
            f"{match[0]} may be day-first or month-first "
            f"({first} {calendar.month_name[second]} or {second} {calendar.month_name[first]}):"
            " write the month as a word ('2 October 2026')"
        )
    else:
        return None
    return _single(_day(int(year), month, day).isoformat())


def _numeric_year_first(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    month, day = int(match["m"]), int(match["d"])
    if not 1 <= month <= 12:
        return None
    return _single(_day(int(match["year"]), month, day).isoformat())


def _numeric_month(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    month = int(match["m"])
    return _single(_month(int(match["year"]), month)) if 1 <= month <= 12 else None


def _two_digit_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    raise _Refused("a two-digit year: write the year in full ('summer 2027')")


def _no_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    what = match[0]
    raise _Refused(f"which {what}? name the year ('{what} 2027'), or say 'this {what}'")


# --- Relative words --------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise _Refused(f"year {year} is outside the calendar (1 to 9999)")
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _today(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[match[0]]
    try:
        return _single((context.on + dt.timedelta(days=offset)).isoformat())
    except OverflowError:
        raise _Refused("that day is outside the calendar (1 to 9999)") from None


_STEP = {"this": 0, "next": 1, "last": -1}


def _this_unit(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    on, step = context.on, _STEP[match["rel"]]
    unit = match["unit"]
    if unit == "year":
        return _single(_year(on.year + step))
    if unit == "month":
        shifted = _add_months(on.replace(day=1), step)
        return _single(_month(shifted.year, shifted.month))
    shifted = _add_months(on.replace(day=1), 3 * step)
    return _single(f"{_year(shifted.year)}-{33 + (shifted.month - 1) // 3}")


def _later_earlier(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    on = context.on
    if match["unit"] == "month":
        last = dt.date(on.year, on.month, calendar.monthrange(on.year, on.month)[1])
        if match["which"] == "later":
            return on.isoformat(), last.isoformat()
        return on.replace(day=1).isoformat(), on.isoformat()
    if match["which"] == "later":
        return _month(on.year, on.month), _month(on.year, 12)
    return _month(on.year, 1), _month(on.year, on.month)


def _periods(first_month: int, months: int, on: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """The periods (a season, a month) each year around `on`: (year, first day, last day)."""
    found = []
    for year in range(on.year - 1, on.year + 2):
        if not 1 <= year <= 9999:
            continue
        start = dt.date(year, first_month, 1)
        try:
            end = _add_months(start, months) - dt.timedelta(days=1)
        except (_Refused, OverflowError):
            continue
        found.append((year, start, end))
    return found


_JUST_GONE_DAYS = 122
"""How recently (about four months) a season or month may have ended for "this <season>"
to be unclear: "this summer" in December is, in March it is the coming one."""


def _choose(rel: str, first_month: int, months: int, on: dt.date) -> int:
    """The year of "this / next / last <period>" (rules in the module docstring)."""
    periods = _periods(first_month, months, on)
    if rel == "last":
        chosen = [year for year, _, end in periods if end < on][-1:]
    else:
        current = [year for year, start, end in periods if start <= on <= end]
        ahead = [year for year, start, _ in periods if start > on]
        ended = [end for _, _, end in periods if end < on]
        if rel == "this" and not current and ended and (on - ended[-1]).days < _JUST_GONE_DAYS:
            # "This fall" written in December: the one just gone or the one ahead? Either
            # is read daily in the press, and a wrong year is worse than a question.
            raise _Refused("could be the one just gone or the one ahead: name the year")
        chosen = (current if rel == "this" else []) + ahead
    if not chosen:
        raise _Refused("that falls outside the calendar (1 to 9999)")
    return chosen[0]


def _this_season(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    code = _SEASONS[match["season"]]
    year = _choose(match["rel"], (3, 6, 9, 12)[code - 21], 3, context.on)
    return _single(f"{_year(year)}-{code}")


def _this_month_name(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    month = _MONTH_NUMBER[match["month"]]
    return _single(_month(_choose(match["rel"], month, 1, context.on), month))


def _near_month(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    """A month without a year: the coming one, or one that ended in the last three months."""
    month = _MONTH_NUMBER[match["month"]]
    year = _nearest(context.on, lambda year: _add_months(dt.date(year, month, 1), 1))
    if year is None:
        raise _Refused("that falls outside the calendar (1 to 9999): name the year")
    return _single(_month(year, month))


def _near_day(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    """A day without a year: the coming one, or one in the last three months."""
    month, day = _MONTH_NUMBER[match["month"]], int(match["day"])
    year = _nearest(context.on, lambda year: dt.date(year, month, day) + dt.timedelta(days=1))
    if year is None:
        raise _Refused(
            f"no {day} {calendar.month_name[month]} in the year from three months before "
            f"{day_label(context.on)}: name the year"
        )
    return _single(_check_weekday(dt.date(year, month, day), match["weekday"]).isoformat())


def _nearest(on: dt.date, after: Callable[[int], dt.date]) -> int | None:
    """The year of the first day or month to end in the twelve months from three months
    before `on` (`after` gives the day after it ends): the rule in the module docstring."""
    low = _add_months(on, -3)
    high = _add_months(low, 12)
    for year in range(on.year - 1, on.year + 2):
        try:
            end = after(year) - dt.timedelta(days=1)
        except (ValueError, OverflowError, _Refused):  # no such day that year, or no year
            continue
        if low <= end < high:
            return year
    return None


def _relative_year(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    """ "summer next year", "early next year": resolve the year, then read the words."""
    year = _year(context.on.year + _STEP[match["rel"]])
    return _point(f"{match['rest']} {year}", context, depth + 1)


# --- Narrowing: early, mid, late -------------------------------------------------------------


def _narrowed(match: re.Match[str], context: _Context, depth: int) -> _Span | None:
    inner = _point(match["rest"], context, depth + 1)
    if inner is None:
        return None
    word, part = match["part"], _PART[match["part"]]
    start, end = inner
    date = FuzzyDate.parse(start)
    if start != end or date.qualifier or date.earliest is None:
        raise _Refused(f"'{word}' narrows one year, season or month: name the month")
    first = date.earliest
    if date.precision is Precision.YEAR:
        year = f"{first.year:04d}"
        return (
            _single(f"{year}-33"),
            (f"{year}-04", f"{year}-09"),
            _single(f"{year}-36"),
        )[part]
    if date.precision is Precision.MONTH:
        last_day = calendar.monthrange(first.year, first.month)[1]
        days = ((1, 10), (11, 20), (21, last_day))[part]
        return first.replace(day=days[0]).isoformat(), first.replace(day=days[1]).isoformat()
    if date.precision is Precision.SEASON and first.month != 12:
        return _single(_month(first.year, first.month + part))
    raise _Refused(
        f"'{word}' narrows a year, a month or a season from spring to autumn: name the month"
    )


_POINT_READERS: tuple[tuple[re.Pattern[str], _Reader], ...] = tuple(
    (re.compile(pattern), reader)
    for pattern, reader in (
        (r"[0-9x]{4}(?:-[0-9x]{2}){0,2}[?~%]?", _edtf),
        (r"(?P<digits>[0-9]{3})0s", _decade),
        (rf"{_WD}{_D} {_M} {_Y}", _full_date),
        (rf"{_WD}{_M} {_D} {_Y}", _full_date),
        (rf"{_M} {_Y}", _month_year),
        (rf"{_S} {_Y}", _season_year),
        (rf"{_Y} {_S}", _season_year),
        (rf"q(?P<q>[1-4]) {_Y}", _quarter_year),
        (rf"(?P<q>[1-4])q {_Y}", _quarter_year),
        (rf"{_Y} q(?P<q>[1-4])", _quarter_year),
        (rf"(?P<q>first|second|third|fourth|[1-4]) quarter {_Y}", _quarter_year),
        (rf"h(?P<h>[12]) {_Y}", _half_year),
        (rf"(?P<h>[12])h {_Y}", _half_year),
        (rf"(?P<h>first|second|[12]) half {_Y}", _half_year),
        (
            r"(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{2}|[0-9]{4})",
            _numeric,
        ),
        (rf"{_Y}(?P<sep>[/.])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})", _numeric_year_first),
        (rf"(?P<m>[0-9]{{1,2}})/{_Y}", _numeric_month),
        (r"(?:.* )?'[0-9]{2}s?", _two_digit_year),
        (r"today|yesterday|tomorrow", _today),
        (r"(?P<which>later|earlier) (?:in )?this (?P<unit>year|month)", _later_earlier),
        (r"(?P<rel>this|next|last) (?P<unit>year|month|quarter)", _this_unit),
        (rf"(?P<rel>this|next|last) {_S}", _this_season),
        (rf"(?P<rel>this|next|last) {_M}", _this_month_name),
        (r"(?P<rest>.+) (?P<rel>this|next|last) year", _relative_year),
        (rf"(?P<part>{_alternatives(_PART)}) (?P<rest>.+)", _narrowed),
        (rf"{_WD}{_D} {_M}", _near_day),
        (rf"{_WD}{_M} {_D}", _near_day),
        (_M, _near_month),
        (
            r"spring|summer|fall|autumn|winter|(?:first|second|third|fourth) (?:quarter|half)",
            _no_year,
        ),
    )
)

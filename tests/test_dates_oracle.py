"""slate.dates against the `edtf` package (5.x), the reference implementation of all of EDTF.

On a seeded corpus of strings in our subset, our earliest / latest must equal the package's
`lower_strict()` / `upper_strict()`. Where we differ on purpose, the difference is listed
below with both behaviours (found by probing edtf 5.0.2), the corpus excludes exactly the
strings it covers, one test asserts what we do, and `test_edtf_still_disagrees` asserts what
the package does, so that a package upgrade which closes a gap fails loudly here instead of
leaving a stale exclusion behind.

Deliberate disagreements (example: edtf -> us)

A winter     Season 24 as the last date (a single date, or an interval's end).
             "2026-24": edtf 2026-12-01..2026-12-31 -> us 2026-12-01..2027-02-28. We use
             meteorological winter, December to the next February, as the trade press does.
             As an interval's start both give the same lower bound, so that is compared.
B q-season   A qualified season, quarter or half as a single date: "2026-36~".
             edtf: EDTFParseException -> us: accepted, bounds of "2026-36", label "c. Q4 2026".
C q/h range  A quarter or half (33-36, 40-41) as an interval end: "2026-36/2027-41".
             edtf: EDTFParseException (only as single dates) -> us: 2026-10-01..2027-12-31.
D XX end     A month-unspecified YYYY-XX as an interval end: "2026-XX/2027".
             edtf: AttributeError inside the package -> us: 2026-01-01..2027-12-31.
E X and q    An interval with an X digit in one end and a qualifier on either end:
             "202X?/2030", "2026-10-XX/2030?". edtf: EDTFParseException -> us: accepted,
             qualifiers do not change bounds.
F year 0     X-years whose known digits are all zero: "0XXX", "00XX", "000X".
             edtf: ValueError (year 0) -> us: earliest clamped to 0001-01-01, as datetime has
             no year 0.
Not in the corpus, because edtf gives no date to compare or we reject the text:
G open       "2025/..", "../2026": edtf's strict bound is float('inf') / float('-inf') (no
             struct_time) -> us: None. "../..": edtf accepts -> us: FuzzyDateError.
H unknown    "2025/", "/2026": edtf invents ten years, upper 2035-01-01 / lower 2016-12-31
             -> us: None, nobody said.
I TBA        "", "TBA": edtf EDTFParseException -> us: the unknown date, label "TBA".
J codes      Sub-year codes 25-32 and 37-39 (hemisphere seasons, quadrimesters, ...):
             "2026-25": edtf 2026-03-01..2026-05-31 -> us: FuzzyDateError, not in the subset.
K X inside   X not in the year's last digits, or an X-year with a month or day: "X026",
             "20X6", "202X-10", "2026-XX-02": edtf accepts -> us: FuzzyDateError.
L reversed   "2027/2026": edtf accepts, lower 2027-01-01 > upper 2026-12-31 -> us:
             FuzzyDateError, the interval ends before it starts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
import time
import warnings
from collections import Counter
from collections.abc import Callable

import pytest

from slate.dates import FuzzyDate, FuzzyDateError

# pyparsing switches its grammar diagnostics ("warn_...: ") on when Python runs with -W error
# or PYTHONWARNINGS=error, and edtf's grammar trips several while it is built on import. Not
# ours to fix: ignore exactly those, during that import, so the module still imports then.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"warn_\w+: ", category=UserWarning, module=r"edtf\.")
    from edtf import EDTFParseException, parse_edtf

D = dt.date
_SUBYEARS = (21, 22, 23, 24, 33, 34, 35, 36, 40, 41)
# Fully known precisions twice as often as X-digit ones, so the exclusions leave most to compare.
_KINDS = ("year", "month", "day", "subyear") * 2 + ("x-year", "x-month", "x-day")


def _edtf_bounds(text: str) -> tuple[dt.date, dt.date]:
    parsed = parse_edtf(text)
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    if not isinstance(lower, time.struct_time) or not isinstance(upper, time.struct_time):
        raise TypeError(f"edtf gave no date for {text!r}: {lower!r}, {upper!r}")
    return (
        D(lower.tm_year, lower.tm_mon, lower.tm_mday),
        D(upper.tm_year, upper.tm_mon, upper.tm_mday),
    )


def _point(rng: random.Random, year: int) -> str:
    text = f"{year:04d}"
    kind = rng.choice(_KINDS)
    if kind == "month":
        text += f"-{rng.randint(1, 12):02d}"
    elif kind == "day":
        month = rng.randint(1, 12)
        text += f"-{month:02d}-{rng.randint(1, calendar.monthrange(year, month)[1]):02d}"
    elif kind == "subyear":
        text += f"-{rng.choice(_SUBYEARS)}"
    elif kind == "x-year":
        masked = rng.randint(1, 3)
        text = text[: 4 - masked] + "X" * masked
    elif kind == "x-month":
        text += rng.choice(["-XX", "-XX-XX"])
    elif kind == "x-day":
        text += f"-{rng.randint(1, 12):02d}-XX"
    return text + (rng.choice("?~%") if rng.random() < 0.25 else "")


def _corpus(size: int = 400) -> list[str]:
    """Single dates and closed intervals A/B in our subset; B's year is after A's."""
    rng = random.Random(42)
    corpus = []
    for _ in range(size):
        if rng.random() < 0.5:
            # Mostly the years a film slate holds; now and then any year, small ones as often
            # as large (log-uniform), which reaches the X-years near year 0.
            year = rng.randint(1880, 2100)
            if rng.random() < 0.2:
                year = min(int(10 ** rng.uniform(0, 4)), 9998)
            corpus.append(_point(rng, year))
        else:
            start = rng.randint(1880, 2100)
            end = start + rng.randint(1, 10)
            corpus.append(f"{_point(rng, start)}/{_point(rng, end)}")
    return corpus


_POINT = re.compile(r"(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-[0-9X]{2})?)?(?P<q>[?~%]?)")


def _points(text: str) -> list[re.Match[str]]:
    points = [_POINT.fullmatch(part) for part in text.split("/")]
    assert all(points), text
    return [p for p in points if p]


def _code(point: re.Match[str]) -> int:
    month = point["month"] or ""
    return int(month) if month.isdigit() else 0


def _winter_last(text: str) -> bool:
    return _code(_points(text)[-1]) == 24


def _qualified_subyear(text: str) -> bool:
    (*rest, last) = _points(text)
    return not rest and _code(last) > 12 and bool(last["q"])


def _quarter_or_half_in_interval(text: str) -> bool:
    points = _points(text)
    return len(points) == 2 and any(_code(p) >= 33 for p in points)


def _month_xx_interval_end(text: str) -> bool:
    points = _points(text)
    return len(points) == 2 and any(re.fullmatch(r"[0-9]{4}-XX[?~%]?", p[0]) for p in points)


def _x_and_qualifier_in_interval(text: str) -> bool:
    points = _points(text)
    return len(points) == 2 and any("X" in p[0] for p in points) and any(p["q"] for p in points)


def _zero_x_year(text: str) -> bool:
    return any(re.fullmatch(r"0*X+", p["year"]) for p in _points(text))


# The rows A-F of the table above, as predicates on a corpus string.
DISAGREEMENTS: dict[str, Callable[[str], bool]] = {
    "A winter": _winter_last,
    "B q-season": _qualified_subyear,
    "C q/h range": _quarter_or_half_in_interval,
    "D XX end": _month_xx_interval_end,
    "E X and q": _x_and_qualifier_in_interval,
    "F year 0": _zero_x_year,
}


def _excluded_by(text: str) -> list[str]:
    return [name for name, applies in DISAGREEMENTS.items() if applies(text)]


CORPUS = _corpus()


def test_corpus_is_in_our_subset_and_canonical() -> None:
    assert len(CORPUS) == 400
    for text in CORPUS:
        assert str(FuzzyDate.parse(text)) == text


def test_agrees_with_edtf_strict_bounds() -> None:
    compared, mismatches = 0, []
    for text in CORPUS:
        if _excluded_by(text):
            continue
        ours = FuzzyDate.parse(text)
        try:
            theirs = _edtf_bounds(text)
        except Exception as error:  # every failure is a finding: collect them all
            mismatches.append((text, f"edtf raised {type(error).__name__}: {error}"))
            continue
        compared += 1
        if (ours.earliest, ours.latest) != theirs:
            mismatches.append((text, f"ours {ours.earliest}..{ours.latest}, edtf {theirs}"))
    assert mismatches == []
    # The exclusions must leave most of the corpus to compare.
    assert compared >= 250, compared


def test_each_exclusion_is_used_and_really_disagrees() -> None:
    used: Counter[str] = Counter()
    for text in CORPUS:
        names = _excluded_by(text)
        if not names:
            continue
        used.update(names)
        ours = FuzzyDate.parse(text)
        try:
            theirs = _edtf_bounds(text)
        except (EDTFParseException, AttributeError, ValueError):
            continue
        # edtf answered, so the only disagreement allowed is winter's upper bound.
        assert names == ["A winter"], (text, names)
        assert theirs[0] == ours.earliest, text
        assert ours.latest is not None and theirs[1] < ours.latest, text
    assert set(used) == set(DISAGREEMENTS), used


# What edtf 5.0.2 does on each row of the table: bounds, or the exception it raises.
EDTF_SAYS: list[tuple[str, str, tuple[dt.date, dt.date] | type[BaseException]]] = [
    ("A winter", "2026-24", (D(2026, 12, 1), D(2026, 12, 31))),
    ("A winter", "2025/2026-24", (D(2025, 1, 1), D(2026, 12, 31))),
    ("B q-season", "2026-36~", EDTFParseException),
    ("B q-season", "2026-21?", EDTFParseException),
    ("C q/h range", "2026-36/2027-41", EDTFParseException),
    ("D XX end", "2026-XX/2027", AttributeError),
    ("E X and q", "202X?/2030", EDTFParseException),
    ("E X and q", "2026-10-XX/2030?", EDTFParseException),
    ("F year 0", "0XXX", ValueError),
    ("G open", "2025/..", TypeError),
    ("G open", "../2026", TypeError),
    ("H unknown", "2025/", (D(2025, 1, 1), D(2035, 1, 1))),
    ("H unknown", "/2026", (D(2016, 12, 31), D(2026, 12, 31))),
    ("I TBA", "", EDTFParseException),
    ("I TBA", "TBA", EDTFParseException),
    ("J codes", "2026-25", (D(2026, 3, 1), D(2026, 5, 31))),
    ("K X inside", "X026", (D(26, 1, 1), D(9026, 12, 31))),
    ("K X inside", "202X-10", (D(2020, 10, 1), D(2029, 10, 31))),
    ("L reversed", "2027/2026", (D(2027, 1, 1), D(2026, 12, 31))),
]


@pytest.mark.parametrize(
    ("row", "text", "says"), EDTF_SAYS, ids=[r[1] or "empty" for r in EDTF_SAYS]
)
def test_edtf_still_disagrees(
    row: str, text: str, says: tuple[dt.date, dt.date] | type[BaseException]
) -> None:
    if isinstance(says, tuple):
        assert _edtf_bounds(text) == says
    else:
        with pytest.raises(says):
            _edtf_bounds(text)


# One test per row: what we do.


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2026-24", D(2026, 12, 1), D(2027, 2, 28)),
        ("2027-24", D(2027, 12, 1), D(2028, 2, 29)),
        ("2026-24~", D(2026, 12, 1), D(2027, 2, 28)),
        ("2025/2026-24", D(2025, 1, 1), D(2027, 2, 28)),
        ("2026-24/2027", D(2026, 12, 1), D(2027, 12, 31)),
    ],
)
def test_a_winter_runs_to_february(text: str, earliest: dt.date, latest: dt.date) -> None:
    date = FuzzyDate.parse(text)
    assert (date.earliest, date.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2026-36~", "c. Q4 2026"),
        ("2026-21?", "Spring 2026?"),
        ("2026-41%", "c. H2 2026?"),
        ("2026-24?", "Winter 2026?"),
    ],
)
def test_b_qualified_season_quarter_half(text: str, label: str) -> None:
    date, plain = FuzzyDate.parse(text), FuzzyDate.parse(text[:-1])
    assert date.label == label
    assert date.qualifier == text[-1]
    assert (date.earliest, date.latest) == (plain.earliest, plain.latest)
    assert date != plain


def test_c_quarter_and_half_interval_ends() -> None:
    date = FuzzyDate.parse("2026-36/2027-41")
    assert (date.earliest, date.latest) == (D(2026, 10, 1), D(2027, 12, 31))
    assert date.label == "Q4 2026\u2013H2 2027"
    date = FuzzyDate.parse("2025-40/2026-33")
    assert (date.earliest, date.latest) == (D(2025, 1, 1), D(2026, 3, 31))


def test_d_month_unspecified_interval_end() -> None:
    date = FuzzyDate.parse("2026-XX/2027")
    assert (date.earliest, date.latest) == (D(2026, 1, 1), D(2027, 12, 31))
    date = FuzzyDate.parse("2025-10-02/2026-XX~")
    assert (date.earliest, date.latest) == (D(2025, 10, 2), D(2026, 12, 31))
    assert date.label == "2 Oct 2025\u2013c. 2026"


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("202X?/2030", D(2020, 1, 1), D(2030, 12, 31)),
        ("2026-10-XX/2030?", D(2026, 10, 1), D(2030, 12, 31)),
        ("2025~/20XX", D(2025, 1, 1), D(2099, 12, 31)),
    ],
)
def test_e_unspecified_and_qualified_interval(
    text: str, earliest: dt.date, latest: dt.date
) -> None:
    date = FuzzyDate.parse(text)
    assert (date.earliest, date.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "label"),
    [
        ("0XXX", D(1, 1, 1), D(999, 12, 31), "1st millennium"),
        ("00XX", D(1, 1, 1), D(99, 12, 31), "1st century"),
        ("000X", D(1, 1, 1), D(9, 12, 31), "0000s"),
    ],
)
def test_f_year_zero_clamped(text: str, earliest: dt.date, latest: dt.date, label: str) -> None:
    date = FuzzyDate.parse(text)
    assert (date.earliest, date.latest, date.label) == (earliest, latest, label)


def test_g_open_ends_have_no_bound() -> None:
    assert (FuzzyDate.parse("2025/..").earliest, FuzzyDate.parse("2025/..").latest) == (
        D(2025, 1, 1),
        None,
    )
    assert (FuzzyDate.parse("../2026").earliest, FuzzyDate.parse("../2026").latest) == (
        None,
        D(2026, 12, 31),
    )
    with pytest.raises(FuzzyDateError, match="at least one date"):
        FuzzyDate.parse("../..")


def test_h_unknown_ends_have_no_bound() -> None:
    assert (FuzzyDate.parse("2025/").earliest, FuzzyDate.parse("2025/").latest) == (
        D(2025, 1, 1),
        None,
    )
    assert (FuzzyDate.parse("/2026").earliest, FuzzyDate.parse("/2026").latest) == (
        None,
        D(2026, 12, 31),
    )


@pytest.mark.parametrize("text", ["", "TBA"])
def test_i_tba_is_the_unknown_date(text: str) -> None:
    date = FuzzyDate.parse(text)
    assert date is FuzzyDate.unknown()
    assert (date.label, date.earliest, date.latest) == ("TBA", None, None)


@pytest.mark.parametrize("text", ["2026-25", "2026-32", "2026-37", "2026-39"])
def test_j_other_subyear_codes_rejected(text: str) -> None:
    with pytest.raises(FuzzyDateError, match="is not 01-12, a season"):
        FuzzyDate.parse(text)


@pytest.mark.parametrize("text", ["X026", "20X6", "202X-10", "2026-XX-02"])
def test_k_x_only_in_trailing_year_digits(text: str) -> None:
    with pytest.raises(FuzzyDateError):
        FuzzyDate.parse(text)


def test_l_reversed_interval_rejected() -> None:
    with pytest.raises(FuzzyDateError, match="ends before it starts"):
        FuzzyDate.parse("2027/2026")


@pytest.mark.parametrize(
    "text",
    ["late 2026", "2026-13", "2026-02-30", "26", "2026-21-01", "/", "2026-10-02T10:00"],
)
def test_both_reject(text: str) -> None:
    with pytest.raises(FuzzyDateError):
        FuzzyDate.parse(text)
    with pytest.raises(EDTFParseException):
        parse_edtf(text)

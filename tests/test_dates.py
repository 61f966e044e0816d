"""FuzzyDate: the EDTF subset, its canonical strings, labels, bounds, errors and pydantic use."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from slate.dates import FuzzyDate, FuzzyDateError, Precision

D = dt.date

# text -> (canonical EDTF, label, earliest, latest)
VALID: list[tuple[str, str, str, dt.date | None, dt.date | None]] = [
    # Level 0: year, month, day.
    ("2026", "2026", "2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026-10", "2026-10", "Oct 2026", D(2026, 10, 1), D(2026, 10, 31)),
    ("2026-10-02", "2026-10-02", "2 Oct 2026", D(2026, 10, 2), D(2026, 10, 2)),
    ("2026-06", "2026-06", "Jun 2026", D(2026, 6, 1), D(2026, 6, 30)),
    ("2024-02", "2024-02", "Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("2023-02", "2023-02", "Feb 2023", D(2023, 2, 1), D(2023, 2, 28)),
    ("1900-02", "1900-02", "Feb 1900", D(1900, 2, 1), D(1900, 2, 28)),
    ("2024-02-29", "2024-02-29", "29 Feb 2024", D(2024, 2, 29), D(2024, 2, 29)),
    ("0999", "0999", "999", D(999, 1, 1), D(999, 12, 31)),
    (" 2026-10 ", "2026-10", "Oct 2026", D(2026, 10, 1), D(2026, 10, 31)),
    # Qualifiers on a whole date: ? uncertain, ~ approximate, % both. Bounds do not widen.
    ("2026?", "2026?", "2026?", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026~", "2026~", "c. 2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026%", "2026%", "c. 2026?", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026-10~", "2026-10~", "c. Oct 2026", D(2026, 10, 1), D(2026, 10, 31)),
    ("2026-10-02?", "2026-10-02?", "2 Oct 2026?", D(2026, 10, 2), D(2026, 10, 2)),
    ("2026-10-02%", "2026-10-02%", "c. 2 Oct 2026?", D(2026, 10, 2), D(2026, 10, 2)),
    # Unspecified digits.
    ("202X", "202X", "2020s", D(2020, 1, 1), D(2029, 12, 31)),
    ("199X", "199X", "1990s", D(1990, 1, 1), D(1999, 12, 31)),
    ("20XX", "20XX", "21st century", D(2000, 1, 1), D(2099, 12, 31)),
    ("19XX", "19XX", "20th century", D(1900, 1, 1), D(1999, 12, 31)),
    ("2XXX", "2XXX", "3rd millennium", D(2000, 1, 1), D(2999, 12, 31)),
    ("0XXX", "0XXX", "1st millennium", D(1, 1, 1), D(999, 12, 31)),
    ("202X~", "202X~", "c. 2020s", D(2020, 1, 1), D(2029, 12, 31)),
    ("2026-XX", "2026-XX", "2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026-XX-XX", "2026-XX-XX", "2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026-10-XX", "2026-10-XX", "Oct 2026", D(2026, 10, 1), D(2026, 10, 31)),
    ("2024-02-XX", "2024-02-XX", "Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("2026-10-XX?", "2026-10-XX?", "Oct 2026?", D(2026, 10, 1), D(2026, 10, 31)),
    # Seasons (Northern meteorological), winter into the next year's February.
    ("2026-21", "2026-21", "Spring 2026", D(2026, 3, 1), D(2026, 5, 31)),
    ("2026-22", "2026-22", "Summer 2026", D(2026, 6, 1), D(2026, 8, 31)),
    ("2026-23", "2026-23", "Autumn 2026", D(2026, 9, 1), D(2026, 11, 30)),
    ("2026-24", "2026-24", "Winter 2026", D(2026, 12, 1), D(2027, 2, 28)),
    ("2023-24", "2023-24", "Winter 2023", D(2023, 12, 1), D(2024, 2, 29)),
    ("1999-24", "1999-24", "Winter 1999", D(1999, 12, 1), D(2000, 2, 29)),
    ("2099-24", "2099-24", "Winter 2099", D(2099, 12, 1), D(2100, 2, 28)),
    ("2026-22~", "2026-22~", "c. Summer 2026", D(2026, 6, 1), D(2026, 8, 31)),
    # Quarters and halves.
    ("2026-33", "2026-33", "Q1 2026", D(2026, 1, 1), D(2026, 3, 31)),
    ("2026-34", "2026-34", "Q2 2026", D(2026, 4, 1), D(2026, 6, 30)),
    ("2026-35", "2026-35", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026-36", "2026-36", "Q4 2026", D(2026, 10, 1), D(2026, 12, 31)),
    ("2026-40", "2026-40", "H1 2026", D(2026, 1, 1), D(2026, 6, 30)),
    ("2026-41", "2026-41", "H2 2026", D(2026, 7, 1), D(2026, 12, 31)),
    ("2026-36?", "2026-36?", "Q4 2026?", D(2026, 10, 1), D(2026, 12, 31)),
    # Intervals: closed, open (..) and unknown (empty) ends.
    ("2025/2026", "2025/2026", "2025\u20132026", D(2025, 1, 1), D(2026, 12, 31)),
    ("2026/2026", "2026/2026", "2026\u20132026", D(2026, 1, 1), D(2026, 12, 31)),
    (
        "2026-10-02/2026-10-05",
        "2026-10-02/2026-10-05",
        "2 Oct 2026\u20135 Oct 2026",
        D(2026, 10, 2),
        D(2026, 10, 5),
    ),
    ("2026-10/2026", "2026-10/2026", "Oct 2026\u20132026", D(2026, 10, 1), D(2026, 12, 31)),
    (
        "2026-24/2027-21",
        "2026-24/2027-21",
        "Winter 2026\u2013Spring 2027",
        D(2026, 12, 1),
        D(2027, 5, 31),
    ),
    ("2025/2026-24", "2025/2026-24", "2025\u2013Winter 2026", D(2025, 1, 1), D(2027, 2, 28)),
    ("2025-41/2026-40", "2025-41/2026-40", "H2 2025\u2013H1 2026", D(2025, 7, 1), D(2026, 6, 30)),
    ("2025~/2026-36?", "2025~/2026-36?", "c. 2025\u2013Q4 2026?", D(2025, 1, 1), D(2026, 12, 31)),
    ("202X/2035", "202X/2035", "2020s\u20132035", D(2020, 1, 1), D(2035, 12, 31)),
    ("2025/..", "2025/..", "from 2025", D(2025, 1, 1), None),
    ("2026-10-XX/..", "2026-10-XX/..", "from Oct 2026", D(2026, 10, 1), None),
    ("../2026", "../2026", "until 2026", None, D(2026, 12, 31)),
    ("2025/", "2025/", "2025\u2013?", D(2025, 1, 1), None),
    ("/2026-36", "/2026-36", "?\u2013Q4 2026", None, D(2026, 12, 31)),
    # Unknown.
    ("", "", "TBA", None, None),
    ("TBA", "", "TBA", None, None),
    ("tba", "", "TBA", None, None),
    ("TBD", "", "TBA", None, None),
    ("unknown", "", "TBA", None, None),
    ("  TBA  ", "", "TBA", None, None),
]


@pytest.mark.parametrize(("text", "canonical", "label", "earliest", "latest"), VALID)
def test_valid(
    text: str, canonical: str, label: str, earliest: dt.date | None, latest: dt.date | None
) -> None:
    date = FuzzyDate.parse(text)
    assert (str(date), date.label, date.earliest, date.latest) == (
        canonical,
        label,
        earliest,
        latest,
    )
    assert FuzzyDate.parse(canonical) == date


@pytest.mark.parametrize(
    ("text", "precision", "qualifier", "exact_day"),
    [
        ("2026-10-02", Precision.DAY, "", True),
        ("2026-10-02~", Precision.DAY, "~", False),
        ("2026-10", Precision.MONTH, "", False),
        ("2026-10-XX", Precision.MONTH, "", False),
        ("2026-22", Precision.SEASON, "", False),
        ("2026-36%", Precision.QUARTER, "%", False),
        ("2026-41", Precision.HALF, "", False),
        ("2026", Precision.YEAR, "", False),
        ("2026-XX", Precision.YEAR, "", False),
        ("202X?", Precision.DECADE, "?", False),
        ("20XX", Precision.CENTURY, "", False),
        ("2XXX", Precision.MILLENNIUM, "", False),
        ("2026-10-02/2026-10-03", None, "", False),
        ("2026-10-02?/2026-10-03?", None, "", False),
        ("TBA", None, "", False),
    ],
)
def test_precision_and_qualifier(
    text: str, precision: Precision | None, qualifier: str, exact_day: bool
) -> None:
    date = FuzzyDate.parse(text)
    assert (date.precision, date.qualifier, date.is_exact_day) == (precision, qualifier, exact_day)


def test_kinds() -> None:
    assert FuzzyDate.parse("2025/2026").is_interval
    assert FuzzyDate.parse("2025/..").is_interval
    assert not FuzzyDate.parse("2026").is_interval
    unknown = FuzzyDate.parse("TBA")
    assert unknown.is_unknown and not unknown and not unknown.is_interval
    assert FuzzyDate.parse("2026") and not FuzzyDate.parse("2026").is_unknown
    assert unknown is FuzzyDate.unknown()
    assert repr(FuzzyDate.parse("2026-36")) == "FuzzyDate('2026-36')"


# text -> a fragment of the reason the message must give
INVALID: list[tuple[str, str]] = [
    ("late 2026", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2026-10-02T10:00", "a timestamp; give a date without a time"),
    ("2026 / 2027", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("202x", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2026??", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2026?-10", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("..", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("26", "the year needs four digits"),
    ("026-10", "the year needs four digits"),
    ("2026-13", "month 13 is not 01-12"),
    ("2026-00", "month 00 is not 01-12"),
    ("2026-25", "month 25 is not 01-12, a season (21-24)"),
    ("2026-37", "month 37 is not 01-12"),
    ("2026-02-30", "2026-02 has no day 30"),
    ("2023-02-29", "2023-02 has no day 29"),
    ("2026-10-00", "2026-10 has no day 00"),
    ("2026-04-31", "2026-04 has no day 31"),
    ("2027/2026", "the interval ends before it starts"),
    ("2026-10-05/2026-10-02", "the interval ends before it starts"),
    ("2026-36/2026-33", "the interval ends before it starts"),
    ("2025/2026/2027", "an interval has one '/'"),
    ("/", "an interval needs at least one date"),
    ("../..", "an interval needs at least one date"),
    ("../", "an interval needs at least one date"),
    ("TBA/2026", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("202X-10", "a year with X digits cannot have a month or day"),
    ("20XX-XX", "a year with X digits cannot have a month or day"),
    ("X026", "only the last digits of a year may be X"),
    ("20X6", "only the last digits of a year may be X"),
    ("XXXX", "only the last digits of a year may be X"),
    ("2026-1X", "a month is two digits or XX"),
    ("2026-XX-02", "a day cannot be known when its month is not"),
    ("2026-10-0X", "a day is two digits or XX"),
    ("2026-21-01", "a season, quarter or half has no day"),
    ("2026-36-XX", "a season, quarter or half has no day"),
    ("0000", "year 0000 is outside the calendar"),
    ("9999-24", "winter 9999 ends after 9999-12-31"),
    ("9998/9999-24", "winter 9999 ends after 9999-12-31"),
]


@pytest.mark.parametrize(("text", "reason"), INVALID)
def test_invalid(text: str, reason: str) -> None:
    with pytest.raises(FuzzyDateError) as info:
        FuzzyDate.parse(text)
    message = str(info.value)
    assert repr(text.strip()) in message
    assert reason in message
    assert info.value.text == text.strip()
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "expected text, got NoneType"),
        (True, "expected text, got bool"),
        (2026.0, "expected text, got float"),
        (dt.datetime(2026, 10, 2, 10, 0), "a timestamp"),
        (26, "the year needs four digits"),
        (-2026, "expected YYYY"),
    ],
)
def test_invalid_non_text(value: object, reason: str) -> None:
    with pytest.raises(FuzzyDateError, match="not an EDTF date") as info:
        FuzzyDate.parse(value)
    assert reason in str(info.value)


def test_error_is_a_value_error() -> None:
    # pydantic turns a ValueError raised by a validator into a ValidationError.
    assert issubclass(FuzzyDateError, ValueError)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        (dt.date(2026, 10, 2), "2026-10-02"),
        (dt.date(999, 1, 5), "0999-01-05"),
        (2026, "2026"),
        (FuzzyDate.parse("2026-36"), "2026-36"),
    ],
)
def test_parse_non_text(value: object, canonical: str) -> None:
    date = FuzzyDate.parse(value)
    assert str(date) == canonical
    assert date == FuzzyDate.parse(canonical)


class Release(BaseModel):
    when: FuzzyDate


@pytest.mark.parametrize(
    ("value", "canonical", "label"),
    [
        ("2026-36", "2026-36", "Q4 2026"),
        ("2025/2026", "2025/2026", "2025\u20132026"),
        (dt.date(2026, 10, 2), "2026-10-02", "2 Oct 2026"),
        (2026, "2026", "2026"),
        ("TBA", "", "TBA"),
    ],
)
def test_pydantic_field(value: object, canonical: str, label: str) -> None:
    release = Release(when=value)
    assert isinstance(release.when, FuzzyDate)
    assert release.when.label == label
    assert release.model_dump(mode="json") == {"when": canonical}
    assert Release.model_validate(release.model_dump(mode="json")) == release
    assert Release.model_validate_json(release.model_dump_json()) == release


@pytest.mark.parametrize(
    ("yaml_text", "canonical"),
    [
        ("when: 2026-10-02\n", "2026-10-02"),
        ("when: 2026\n", "2026"),
        ("when: 2026-10\n", "2026-10"),
        ("when: 2026-36\n", "2026-36"),
        ("when: '2025/..'\n", "2025/.."),
    ],
)
def test_pydantic_from_yaml(yaml_text: str, canonical: str) -> None:
    # YAML gives a date for 2026-10-02 and an int for 2026; both are accepted.
    release = Release.model_validate(yaml.safe_load(yaml_text))
    assert str(release.when) == canonical


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("late 2026", "'late 2026'"),
        ("2026-13", "month 13"),
        (dt.datetime(2026, 10, 2, 10, 0), "a timestamp"),
    ],
)
def test_pydantic_rejects(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        Release(when=value)
    (error,) = info.value.errors()
    assert error["loc"] == ("when",)
    assert "not an EDTF date" in error["msg"]
    assert fragment in error["msg"]


def test_pydantic_json_schema() -> None:
    schema = Release.model_json_schema()["properties"]["when"]
    assert schema["type"] == "string"
    assert "2026-36" in schema["examples"]


def test_sort_unknown_last() -> None:
    texts = ["TBA", "2027", "2025-06/", "2025/..", "../2024", "2026-24", "2026-10-02", "2026-36"]
    ordered = sorted(FuzzyDate.parse(t) for t in texts)
    assert [str(d) for d in ordered] == [
        "../2024",
        "2025/..",
        "2025-06/",
        "2026-36",
        "2026-10-02",
        "2026-24",
        "2027",
        "",
    ]
    assert FuzzyDate.unknown().sort_key() == (1, dt.date.max, dt.date.max)
    assert FuzzyDate.parse("9998") < FuzzyDate.unknown()
    assert not FuzzyDate.unknown() < FuzzyDate.parse("9998")


def test_sort_by_earliest_then_latest() -> None:
    year, quarter, day = (FuzzyDate.parse(t) for t in ("2026", "2026-33", "2026-01-01"))
    assert day < quarter < year
    assert sorted([year, quarter, day], key=FuzzyDate.sort_key) == [day, quarter, year]


def test_compare_with_other_type() -> None:
    with pytest.raises(TypeError):
        _ = FuzzyDate.parse("2026") < "2027"  # type: ignore[operator]


def test_equality_and_hash() -> None:
    by_text = FuzzyDate.parse("2026-10-02")
    by_date = FuzzyDate.parse(dt.date(2026, 10, 2))
    assert by_text == by_date and hash(by_text) == hash(by_date)
    assert FuzzyDate.parse("2026") == FuzzyDate.parse(2026)
    assert FuzzyDate.parse("") == FuzzyDate.parse("TBA") == FuzzyDate.unknown()
    assert hash(FuzzyDate.parse("")) == hash(FuzzyDate.parse("unknown"))
    assert FuzzyDate.parse("2025/2026") == FuzzyDate.parse(" 2025/2026 ")
    assert len({FuzzyDate.parse(t) for t in ("2026", "2026", "2026~", "TBA", "")}) == 3
    # The qualifier and the kind of end are part of the date, not only its bounds.
    assert FuzzyDate.parse("2026") != FuzzyDate.parse("2026~")
    assert FuzzyDate.parse("2025/..") != FuzzyDate.parse("2025/")
    assert FuzzyDate.parse("2026") != "2026"


def test_immutable() -> None:
    date = FuzzyDate.parse("2026")
    with pytest.raises(AttributeError):
        date._start = None  # type: ignore[misc]


# Property tests: generated strings in the subset, all already canonical.

QUALIFIERS = st.sampled_from(["", "", "?", "~", "%"])
SUBYEARS = st.sampled_from([21, 22, 23, 24, 33, 34, 35, 36, 40, 41])


@st.composite
def points(draw: st.DrawFn, year: int | None = None) -> str:
    """One canonical EDTF date of any precision in the subset, optionally in a given year."""
    if year is None:
        year = draw(st.integers(1, 9999))
    text = f"{year:04d}"
    kind = draw(st.sampled_from(["year", "month", "day", "subyear", "x"]))
    if kind == "x":
        masked = draw(st.integers(1, 3))
        text = text[: 4 - masked] + "X" * masked
    elif kind == "month":
        text += "-" + draw(st.sampled_from([f"{m:02d}" for m in range(1, 13)] + ["XX"]))
    elif kind == "day":
        month = draw(st.integers(1, 12))
        last = calendar.monthrange(year, month)[1]
        text += draw(
            st.one_of(
                st.integers(1, last).map(f"-{month:02d}-{{:02d}}".format),
                st.sampled_from([f"-{month:02d}-XX", "-XX-XX"]),
            )
        )
    elif kind == "subyear":
        # 9999 has no winter: it would end in year 10000.
        text += f"-{draw(SUBYEARS.filter(lambda code: year != 9999 or code != 24))}"
    return text + draw(QUALIFIERS)


@st.composite
def intervals(draw: st.DrawFn) -> str:
    """A/B with ordered ends: B in a later year (X digits widen each end outwards), or open."""
    start_year = draw(st.integers(1, 9000))
    end_year = start_year + draw(st.integers(1, 998))
    start, end = draw(points(start_year)), draw(points(end_year))
    shape = draw(st.sampled_from(["closed", "closed", "open-end", "open-start", "unknown"]))
    if shape == "open-end":
        end = ".."
    elif shape == "open-start":
        start = ".."
    elif shape == "unknown":
        start, end = draw(st.sampled_from([(start, ""), ("", end)]))
    return f"{start}/{end}"


@st.composite
def same_year_intervals(draw: st.DrawFn) -> str:
    """Two days or months of one year, in order."""
    year = draw(st.integers(1, 9999))
    days = st.dates(D(year, 1, 1), D(year, 12, 31))
    first, second = sorted([draw(days), draw(days)])
    if draw(st.booleans()):
        return f"{first.isoformat()[:7]}/{second.isoformat()[:7]}"
    return f"{first.isoformat()}/{second.isoformat()}"


EDTF = st.one_of(points(), intervals(), same_year_intervals())


@settings(max_examples=300, deadline=None)
@given(EDTF)
def test_round_trip(text: str) -> None:
    date = FuzzyDate.parse(text)
    assert str(date) == text
    again = FuzzyDate.parse(str(date))
    assert again == date and hash(again) == hash(date)
    assert date.label
    if date.earliest is not None and date.latest is not None:
        assert date.earliest <= date.latest
    if date.is_interval:
        start, end = (
            None if part in ("", "..") else FuzzyDate.parse(part) for part in text.split("/")
        )
        assert date.earliest == (start.earliest if start else None)
        assert date.latest == (end.latest if end else None)
        assert date.earliest is not None or date.latest is not None
    else:
        assert date.earliest is not None and date.latest is not None
        assert date.earliest.year == max(int(text[:4].replace("X", "0")), 1)
        winter = text[4:7] == "-24"
        assert date.latest.year == int(text[:4].replace("X", "9")) + winter
    if date.is_exact_day:
        assert date.earliest == date.latest == D.fromisoformat(text)


@settings(max_examples=300, deadline=None)
@given(st.dates(D(1, 1, 1), D(9999, 12, 31)))
def test_date_objects(day: dt.date) -> None:
    date = FuzzyDate.parse(day)
    assert date.earliest == date.latest == day
    assert date.is_exact_day
    assert str(date) == day.isoformat()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(EDTF, st.just("TBA"))))
def test_unknown_sorts_after_every_date(texts: list[str]) -> None:
    ordered = sorted(FuzzyDate.parse(t) for t in [*texts, "TBA"])
    known = [d for d in ordered if not d.is_unknown]
    assert ordered[: len(known)] == known
    assert all(d.is_unknown for d in ordered[len(known) :])
    assert [d.sort_key() for d in ordered] == sorted(d.sort_key() for d in ordered)


def test_an_error_quotes_a_huge_value_short() -> None:
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse("x" * 5_000_000)
    assert len(str(caught.value)) < 300
    assert caught.value.text == "x" * 5_000_000  # the whole value stays on the error


@pytest.mark.parametrize("text", ["2026-10-02 10:00", "2026-10-02T10:00:00Z", "2026-1-2 9:30"])
def test_a_timestamp_written_as_text_gets_its_own_hint(text: str) -> None:
    with pytest.raises(FuzzyDateError, match="a timestamp; give a date without a time"):
        FuzzyDate.parse(text)

"""Small words shared by every page and export: counts with their nouns, and ages."""

from __future__ import annotations

__all__ = ["age", "plural"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 day", "66 days", "1,204 projects": the count with thousands separators, and the
    noun in the number it needs (`many` where adding "s" is wrong: "1 person", "2 people")."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def age(days: int) -> str:
    """How long ago, as a person says it: "3 days", "11 months", "5 years, 6 months"; "today"
    for none. Months are of 30 days and years of 365: an age is read at a glance, and every
    one here is "at least" (counted from the last day a fuzzy date can be)."""
    if days <= 0:
        return "today"
    if days < 31:
        return plural(days, "day")
    years, rest = divmod(days, 365)
    months = rest // 30
    if not years:
        return plural(max(months, 1), "month")
    return plural(years, "year") + (f", {plural(months, 'month')}" if months else "")

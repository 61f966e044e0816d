"""Small words shared by every page and export: counts with their nouns."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 day", "66 days", "1,204 projects": the count with thousands separators, and the
    noun in the number it needs (`many` where adding "s" is wrong: "1 person", "2 people")."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"

"""Untrusted data files: the cheap pre-scan that decides which files get the exact shape
check (slate/load.py) must never clear one that nests deeper than its bound."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from slate import load

# The pre-scan that spares most files the exact shape check (slate/load.py) must never clear
# a text that nests deeper than its bound. Texts are built from YAML's indicators, quotes,
# brackets and lines known to have fooled earlier versions, repeated to pile levels up.
_TOKENS = (
    "- ", "? ", ": ", "k: ", "k:", "[", "]", "{", "}", ", ", ",", '"', "'", "a", " ", "  ",
    "#", " #", "!t ", "&a ", "*a", "|", ">", "\\", "-", "?", ":", "x y", "\u00a0", "\t", "%",
    "@", "`", '"]', "']", '["', "['", "\r", "\n", "\n  ", "\n- ",
)  # fmt: skip
_LINES = (
    't: "x', "t: 'x", '[", [? "]', "- [a, b]", "- {a: b}", '[? "]', "k: |", "  [[[", '"', "'",
    "- - - a", "? - a", ": - b", "k:", "  - x", "[a: b]", "['], [? ']", 'k: [? "]', 'k: ["',
    '[" [[[x]]]: v"]', "- [", "]", "[a,", " b]", "{a: [", "]}", 'k: [a: "b', '"]', ": [",
    "? [", "k: ['", "', [? '", 'k: [a "', 'b "c",', "'x' ]", 'k: [" # ",', '  "', "- \"",
    "k: >", "    [x]", "[a]: b", "{? a: b}", '? "]"', "- [a, \"b]\"", 'k: {a: "}"}',
    "- ? [", "  : [", "[a, b", " c, d]", "[!t a]", "- !!seq", "--- [", "...",
    "k: [\u00a0\"]", '[", [!t "]',
)  # fmt: skip


def _line(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(_LINES)
    return " " * rng.randint(0, 4) + "".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 7)))


def _depth_reached(text: str) -> int:
    """How deep libyaml's events go before the end or the first error: what the composer
    would recurse into."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


def test_the_pre_scan_never_clears_a_text_deeper_than_its_bound() -> None:
    rng = random.Random(42)
    cleared = 0
    for _ in range(30_000):
        head = [_line(rng) for _ in range(rng.randint(0, 3))]
        block = [_line(rng) for _ in range(rng.randint(1, 3))]
        tail = [_line(rng) for _ in range(rng.randint(0, 2))]
        text = "\n".join(head + block * rng.randint(1, 6) + tail) + rng.choice(("\n", ""))
        if load._may_be_deep_or_aliased(text):
            continue
        cleared += 1
        # The bound the scan relies on: two block levels per column of indentation and
        # indicators, plus two for a one-line flow collection of `key: value` pairs.
        run = max(len(re.match(r"[ \t?:-]*", line)[0]) for line in text.split("\n"))  # type: ignore[index]
        assert _depth_reached(text) <= 2 * (run + 1) + 2, text
    assert cleared > 1000, "the generator no longer makes texts the scan clears"


@pytest.mark.parametrize(
    "text",
    [
        'k: [? "]\n' + '[", [? "]\n' * 40,
        'k: [!t "]\n' + '[", [!t "]\n' * 40,
        't: "x\nk: ["\n' + "? [\n" * 40,
        'k: [\u00a0"]\n' + "[" * 70 + "x" + "]" * 70 + ': v"]\n',
        "x:\n" + "".join(" " * i + "- k:\n" for i in range(0, 60, 2)),
        "x: &a [1]\n",
        "x:\r" + "".join(" " * (i + 1) + "k:\r" for i in range(70)),
    ],
    ids=["key quote", "tag quote", "open string", "no-break space", "deep indent", "anchor", "CR"],
)
def test_texts_that_once_fooled_the_pre_scan_get_the_exact_check(text: str) -> None:
    assert load._may_be_deep_or_aliased(text)


def test_the_pre_scan_clears_the_seeds_and_large_synthetic_slates(tmp_path: Path) -> None:
    # Clearing them is what keeps the exact check (a fifth of a load) off the common path.
    from slate.synthetic import synthetic_slate, write_slate_folder

    written = write_slate_folder(synthetic_slate(2000), tmp_path)
    for path in [*written, *sorted(Path(load.DEFAULT_DATA).glob("*.yaml"))]:
        assert not load._may_be_deep_or_aliased(path.read_text(encoding="utf-8")), path

"""The Atom feed of what changed, read back as a feed reader would: with the standard
library's XML parser, and with feedparser, a real reader that flags a malformed feed."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from slate.feed import UNDATED, to_atom
from slate.load import load_slate
from slate.models import Slate
from tests.conftest import DIGGER_OPENS, SEEDS, resolved

NS = {"a": "http://www.w3.org/2005/Atom"}
BASE = "https://slate.example"

# The report of 7 December that Digger opened on 2 October (tests/conftest.py), with
# an article address to link to.
REPORT = DIGGER_OPENS.replace(
    '    published: "2026-12-07"\n',
    '    published: "2026-12-07"\n    url: https://trade.example/digger-opens\n',
)

# A later report that moves two other projects on.
LATER = """\
sources:
  - id: wire-slate-news
    name: Slate news
    outlet: Screen Wire
    published: "2026-12-08"
    note: Two projects move on.
updates:
  - project: top-gun-3
    source: wire-slate-news
    status: pre_production
    note: Now in pre-production, with a shoot being planned.
  - project: edge-of-tomorrow-2
    source: wire-slate-news
    cast:
      - name: Emily Blunt
        certainty: rumored
    note: Blunt is said to be circling a return.
"""


def _folder(tmp_path: Path, *reports: str) -> Path:
    out = tmp_path / "seeds"
    if not out.exists():
        shutil.copytree(SEEDS, out)
    for report in reports:
        name = f"report-{len(list(out.glob('report-*')))}.yaml"
        (out / name).write_text(report, encoding="utf-8")
    return out


def _entries(feed: str) -> list[ET.Element]:
    return ET.fromstring(feed).findall("a:entry", NS)


def _titles(feed: str) -> list[str]:
    return [e.findtext("a:title", "", NS) for e in _entries(feed)]


def _ids(feed: str) -> list[str]:
    return [e.findtext("a:id", "", NS) for e in _entries(feed)]


def _links(entry: ET.Element) -> dict[str, str]:
    return {link.get("rel", ""): link.get("href", "") for link in entry.findall("a:link", NS)}


@pytest.fixture
def seeded(tmp_path: Path) -> Slate:
    return load_slate(_folder(tmp_path, REPORT))


def test_the_newest_claim_comes_first_and_says_what_it_moved(seeded: Slate) -> None:
    feed = to_atom(seeded, title="Changes", base_url=BASE + "/")
    first = _entries(feed)[0]
    assert first.findtext("a:title", "", NS) == "Digger: release confirmed (Released)"
    assert first.findtext("a:updated", "", NS) == "2026-12-07T00:00:00Z"
    assert first.findtext("a:published", "", NS) == "2026-12-07T00:00:00Z"
    links = _links(first)
    assert links["alternate"] == f"{BASE}/slate?project=digger"
    assert links["related"] == "https://trade.example/digger-opens"
    assert first.findtext("a:source/a:title", "", NS) == "Digger opens"
    assert first.findtext("a:source/a:subtitle", "", NS) == "Trade Daily"
    content = first.findtext("a:content", "", NS)
    assert content.startswith("Opened in cinemas on 2 October 2026.")
    assert "Trade Daily" in content and "7 Dec 2026" in content
    assert first.find("a:content", NS).get("type") == "text"  # type: ignore[union-attr]

    root = ET.fromstring(feed)
    assert root.findtext("a:updated", "", NS) == "2026-12-07T00:00:00Z"
    assert root.findtext("a:author/a:name", "", NS) == "Slate"
    assert root.findtext("a:title", "", NS) == "Changes"
    assert {link.get("rel"): link.get("href") for link in root.findall("a:link", NS)}[
        "self"
    ] == f"{BASE}/changes.atom"
    stamps = [e.findtext("a:updated", "", NS) for e in _entries(feed)]
    assert stamps == sorted(stamps, reverse=True)
    # The older word on Digger, told as it was when it was new.
    assert "Digger: status Pre-production (inferred); release 2 Oct 2026" in _titles(feed)


def test_moves_are_told_in_plain_words(tmp_path: Path) -> None:
    slate = load_slate(_folder(tmp_path, REPORT, LATER))
    titles = _titles(to_atom(slate, title="Changes"))
    # One day's news in the slate's project order.
    assert titles[:2] == [
        "Edge of Tomorrow 2: Emily Blunt attached (rumored)",
        "Top Gun 3: status In development → Pre-production",
    ]
    # A claim that says again what was said says so.
    assert "Untitled space film (NASA / SpaceX): status Stalled (as before)" in titles


def test_a_moved_date_names_both(tmp_path: Path) -> None:
    slate = resolved(
        {
            "sources": [
                {"id": "early", "name": "Early", "published": "2026-01-10", "note": "First."},
                {"id": "late", "name": "Late", "published": "2026-03-05", "note": "Then."},
            ],
            "projects": [
                {
                    "id": "digger",
                    "title": "Digger",
                    "logline": "A film.",
                    "sources": ["early", "late"],
                    "updates": [
                        {"source": "early", "status": "announced", "release": "2026-10",
                         "note": "Set."},
                        {"source": "late", "release": "2026-10-02", "note": "Dated."},
                    ],
                }
            ],
        }
    )  # fmt: skip
    assert _titles(to_atom(slate, title="t")) == [
        "Digger: release moved from Oct 2026 to 2 Oct 2026",
        "Digger: status Announced; release Oct 2026",
    ]


def test_ids_are_stable_across_calls_and_across_a_new_report(tmp_path: Path) -> None:
    before = load_slate(_folder(tmp_path, REPORT))
    old = to_atom(before, title="t", base_url=BASE)
    assert _ids(old) == _ids(to_atom(before, title="t", base_url=BASE))
    assert len(set(_ids(old))) == len(_ids(old))
    assert "tag:slate,2026:digger/trade-digger-opens/0" in _ids(old)

    after = load_slate(_folder(tmp_path, LATER))
    new = to_atom(after, title="t", base_url=BASE)
    added = set(_ids(new)) - set(_ids(old))
    assert added == {
        "tag:slate,2026:top-gun-3/wire-slate-news/0",
        "tag:slate,2026:edge-of-tomorrow-2/wire-slate-news/0",
    }
    assert set(_ids(old)) <= set(_ids(new))
    # An entry a reader has already seen reads the same: later news does not rewrite it.
    said_before = {e.findtext("a:id", "", NS): ET.tostring(e) for e in _entries(old)}
    said_after = {e.findtext("a:id", "", NS): ET.tostring(e) for e in _entries(new)}
    assert {k: said_after[k] for k in said_before} == said_before


def test_as_of_hides_claims_not_yet_published(seeded: Slate) -> None:
    before = to_atom(seeded, title="t", as_of=dt.date(2026, 11, 1))
    assert "Digger: release confirmed (Released)" not in _titles(before)
    assert ET.fromstring(before).findtext("a:updated", "", NS) == "2025-12-31T00:00:00Z"
    spring = to_atom(seeded, title="t", as_of=dt.date(2021, 6, 1))
    assert {e.findtext("a:updated", "", NS) for e in _entries(spring)} == {"2021-05-31T00:00:00Z"}
    assert len(_entries(spring)) == 4
    # A source of "2025" is out by its last day, not before.
    assert _ids(to_atom(seeded, title="t", as_of=dt.date(2025, 12, 30))) == _ids(spring)
    # The feed as of a day is a feed of its own.
    assert (
        ET.fromstring(spring).findtext("a:id", "", NS) == "tag:slate,2026:changes/as-of-2021-06-01"
    )


def test_project_ids_keep_the_filtered_view_only(seeded: Slate) -> None:
    feed = to_atom(seeded, title="t", project_ids={"digger", "no-such-project"}, base_url=BASE)
    assert _titles(feed) == [
        "Digger: release confirmed (Released)",
        "Digger: status Pre-production (inferred); release 2 Oct 2026",
    ]
    whole = to_atom(seeded, title="t")
    assert ET.fromstring(feed).findtext("a:id", "", NS) != ET.fromstring(whole).findtext(
        "a:id", "", NS
    )
    self_link = [link.get("href") for link in ET.fromstring(feed).findall("a:link", NS)]
    assert f"{BASE}/changes.atom?project=digger&project=no-such-project" in self_link
    assert _entries(to_atom(seeded, title="t", project_ids=[])) == []


def test_the_limit_keeps_the_newest(seeded: Slate) -> None:
    whole = _ids(to_atom(seeded, title="t"))
    assert _ids(to_atom(seeded, title="t", limit=3)) == whole[:3]
    assert _ids(to_atom(seeded, title="t", limit=3, as_of=dt.date(2026, 11, 1))) == whole[1:4]
    assert _ids(to_atom(seeded, title="t", project_ids=["digger"], limit=1)) == whole[:1]
    assert _entries(to_atom(seeded, title="t", limit=0)) == []
    empty = ET.fromstring(to_atom(seeded, title="t", as_of=dt.date(2000, 1, 1)))
    assert empty.findtext("a:updated", "", NS) == "1970-01-01T00:00:00Z"


def test_an_undated_source_sorts_last_with_the_documented_time() -> None:
    slate = resolved(
        {
            "sources": [
                {"id": "undated", "name": "Undated", "published": "", "note": "No date."},
                {"id": "dated", "name": "Dated", "published": "2026-05-01", "note": "Dated."},
            ],
            "projects": [
                {
                    "id": "x",
                    "title": "X",
                    "logline": "A film.",
                    "sources": ["undated", "dated"],
                    "updates": [
                        {"source": "undated", "date": "2020", "status": "rumored", "note": "Talk."},
                        {"source": "dated", "status": "announced", "note": "Made public."},
                    ],
                }
            ],
        }
    )  # fmt: skip
    entries = _entries(to_atom(slate, title="t"))
    assert [e.findtext("a:title", "", NS) for e in entries] == [
        "X: status Rumored → Announced",
        "X: status Rumored",
    ]
    assert entries[-1].findtext("a:updated", "", NS) == UNDATED.strftime("%Y-%m-%dT%H:%M:%SZ")


HOSTILE = 'A <b>bold</b> & "quoted" claim ]]> with a \x01 control\x0b character.'


def test_a_hostile_note_stays_valid_xml() -> None:
    slate = resolved(
        {
            "sources": [
                {
                    "id": "odd",
                    "name": "Odd <source> & ]]>",
                    "outlet": "Out\x02let",
                    "published": "2026-05-01",
                    "url": "https://odd.example/?a=1&b=<2>",
                    "note": "Odd.",
                }
            ],
            "projects": [
                {
                    "id": "odd-film",
                    "title": "Odd <Film> & ]]>\x07",
                    "logline": "A film.",
                    "sources": ["odd"],
                    "updates": [
                        {
                            "source": "odd",
                            "status": "announced",
                            "note": HOSTILE,
                            "inferred": {"status": "Read in: <guess> & \x1f"},
                        }
                    ],
                }
            ],
        }
    )
    feed = to_atom(slate, title="Feed <&> \x00 \ud800", base_url="https://slate.example/?x=<&>")
    feed.encode("utf-8")  # no lone surrogate survives
    (entry,) = _entries(feed)
    assert (
        entry.findtext("a:title", "", NS) == "Odd <Film> & ]]>\ufffd: status Announced (inferred)"
    )
    summary = entry.findtext("a:summary", "", NS)
    assert summary.startswith('A <b>bold</b> & "quoted" claim ]]> with a \ufffd control\ufffd')
    assert "status inferred: Read in: <guess> & \ufffd" in summary
    assert _links(entry)["related"] == "https://odd.example/?a=1&b=<2>"

    parsed = feedparser.parse(feed.encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == "Odd <Film> & ]]>\ufffd: status Announced (inferred)"


def test_a_real_reader_reads_the_feed(seeded: Slate) -> None:
    parsed = feedparser.parse(to_atom(seeded, title="Changes", base_url=BASE).encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    first = parsed.entries[0]
    assert first.title == "Digger: release confirmed (Released)"
    assert first.link == f"{BASE}/slate?project=digger"
    assert first.id == "tag:slate,2026:digger/trade-digger-opens/0"
    assert first.updated_parsed[:3] == (2026, 12, 7)
    assert parsed.feed.title == "Changes"


def test_from_today_on_every_source_counts() -> None:
    # As `Day.of` counts them: a source in the data is out by now, however late its window
    # closes; before today it counts from the window's last day.
    slate = resolved(
        {
            "sources": [{"id": "soon", "name": "Soon", "published": "2099", "note": "Late."}],
            "projects": [
                {
                    "id": "x",
                    "title": "X",
                    "logline": "A film.",
                    "sources": ["soon"],
                    "updates": [{"source": "soon", "status": "rumored", "note": "Talk."}],
                }
            ],
        }
    )
    today = dt.date.today()
    assert _titles(to_atom(slate, title="t", as_of=today)) == ["X: status Rumored"]
    assert _titles(to_atom(slate, title="t", as_of=today - dt.timedelta(days=1))) == []
    (entry,) = _entries(to_atom(slate, title="t"))
    assert entry.findtext("a:updated", "", NS) == "2099-12-31T00:00:00Z"

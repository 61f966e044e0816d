"""Filters and facet counts as tables: input filters -> the project ids a user would see."""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from collections.abc import Sequence

import pandas as pd
import pytest

from slate.knowledge import Day
from slate.load import load_slate
from slate.models import Slate
from slate.query import Filters, apply_filters, facet_counts, matched_fields, options, to_frame
from tests.conftest import MakeFolder

AS_OF = dt.date(2026, 11, 21)

# Five projects chosen to exercise every filter: fuzzy and open release ranges, TBA, a
# director on two films, accents in names, studios and genres with gaps.
PROJECTS = """\
    projects:
      - id: digger
        title: Digger
        status: announced
        release: "2026-10-02"
        directors: [{name: Alejandro G. Iñárritu}]
        cast: [{name: Sandra Hüller}]
        studio: Warner Bros.
        genre: Black comedy
        logline: A comedy about a digger.
        sources: [trade-2025]
      - id: eot2
        title: Edge of Tomorrow 2
        aliases: [Live Die Repeat 2]
        status: filming
        release: "2026-36"
        directors: [{name: Doug Liman, certainty: rumored}]
        cast: [{name: Emily Blunt, certainty: rumored}]
        genre: Science fiction
        logline: A sequel.
        sources: [trade-2025]
      - id: deeper
        title: Deeper
        status: paused
        directors: [{name: Doug Liman, certainty: reported}]
        logline: Under the sea.
        sources: [trade-2025]
      - id: broadsword
        title: Broadsword
        status: paused
        release: "2025/2026"
        directors: [{name: Christopher McQuarrie}]
        genre: War drama
        logline: A wartime drama.
        sources: [trade-2025]
      - id: old
        title: The Old One
        status: released
        release: "2025"
        studio: Paramount
        logline: Out already.
        sources: [trade-2025]
    """


@pytest.fixture
def frame(make_folder: MakeFolder) -> pd.DataFrame:
    return to_frame(
        load_slate(
            make_folder(projects__yaml=textwrap.dedent(PROJECTS), events__yaml="events: []\n")
        ),
        AS_OF,
    )


def test_frame_is_one_row_per_project_sorted_by_release_tba_last(frame: pd.DataFrame) -> None:
    assert list(frame["id"]) == ["old", "broadsword", "eot2", "digger", "deeper"]
    row = frame.set_index("id").loc["eot2"]
    assert (row["release"], row["release_label"]) == ("2026-36", "Q4 2026")
    assert row["directors_marked"] == ["Doug Liman (rumored)"]
    # Lists stay lists in the frame: only an export joins them.
    assert row["cast"] == ["Emily Blunt"] and row["aliases"] == ["Live Die Repeat 2"]
    assert frame.set_index("id").loc["deeper", "release_label"] == "TBA"


FILTER_CASES = [
    (Filters(), ["old", "broadsword", "eot2", "digger", "deeper"]),
    (Filters(statuses=("paused",)), ["broadsword", "deeper"]),
    (Filters(statuses=("paused", "released")), ["old", "broadsword", "deeper"]),
    (Filters(directors=("Doug Liman",)), ["eot2", "deeper"]),
    (Filters(directors=("doug liman",)), ["eot2", "deeper"]),
    (Filters(directors=("Alejandro G. Inarritu",)), ["digger"]),
    (Filters(statuses=("paused",), directors=("Doug Liman",)), ["deeper"]),
    (Filters(studios=("Warner Bros.",)), ["digger"]),
    (Filters(genres=("War drama", "Science fiction")), ["broadsword", "eot2"]),
    # A fuzzy release matches every year it could fall in; TBA stays unless excluded.
    (Filters(year_from=2026, year_to=2026), ["broadsword", "eot2", "digger", "deeper"]),
    (
        Filters(year_from=2026, year_to=2026, include_undated=False),
        ["broadsword", "eot2", "digger"],
    ),
    (Filters(year_to=2025, include_undated=False), ["old", "broadsword"]),
    (Filters(year_from=2027, include_undated=False), []),
    (Filters(text="repeat"), ["eot2"]),
    (Filters(text="HULLER"), ["digger"]),
    (Filters(text="  sea "), ["deeper"]),
    (Filters(text="nothing like this"), []),
    (Filters(statuses=("cancelled",)), []),
    # TBA releases go whatever the year range, the full one included.
    (Filters(include_undated=False), ["old", "broadsword", "eot2", "digger"]),
    (Filters(cast=("Emily Blunt",)), ["eot2"]),
    (Filters(cast=("sandra huller",)), ["digger"]),
    (Filters(cast=("Emily Blunt",), credits=("confirmed",)), []),
    (Filters(directors=("Doug Liman",), credits=("reported",)), ["deeper"]),
    (Filters(directors=("Doug Liman",), credits=("reported", "rumored")), ["eot2", "deeper"]),
    # A certainty alone: projects with at least one credit that firm.
    (Filters(credits=("rumored",)), ["eot2"]),
    (Filters(credits=("confirmed",)), ["broadsword", "digger"]),
    (Filters(text="Kosinsky"), []),
]


@pytest.mark.parametrize(
    ("filters", "expected"), FILTER_CASES, ids=[str(c[0]) for c in FILTER_CASES]
)
def test_filters(frame: pd.DataFrame, filters: Filters, expected: list[str]) -> None:
    assert list(apply_filters(frame, filters)["id"]) == expected


FACET_CASES = [
    (Filters(), "status", {"paused": 2, "announced": 1, "filming": 1, "released": 1}),
    # Counts for a facet ignore that facet's own choice, so other statuses still show theirs.
    (
        Filters(statuses=("paused",)),
        "status",
        {"paused": 2, "announced": 1, "filming": 1, "released": 1},
    ),
    (Filters(directors=("Doug Liman",)), "status", {"filming": 1, "paused": 1}),
    (Filters(statuses=("paused",)), "director", {"Christopher McQuarrie": 1, "Doug Liman": 1}),
    (
        Filters(),
        "director",
        {"Doug Liman": 2, "Alejandro G. Iñárritu": 1, "Christopher McQuarrie": 1},
    ),
    (Filters(), "studio", {"Paramount": 1, "Warner Bros.": 1}),
    (Filters(text="nothing"), "genre", {}),
    (Filters(), "cast", {"Emily Blunt": 1, "Sandra Hüller": 1}),
    (Filters(), "credit", {"confirmed": 2, "rumored": 1, "reported": 1}),
    # The credit counts follow the other facets, not their own choice.
    (
        Filters(credits=("rumored",), directors=("Doug Liman",)),
        "credit",
        {"reported": 1, "rumored": 1},
    ),
]


@pytest.mark.parametrize(("filters", "facet", "expected"), FACET_CASES)
def test_facet_counts(
    frame: pd.DataFrame, filters: Filters, facet: str, expected: dict[str, int]
) -> None:
    assert facet_counts(frame, filters, facet) == expected  # type: ignore[arg-type]


def test_options_follow_the_status_vocabulary_order(frame: pd.DataFrame) -> None:
    assert options(frame, "status") == ["announced", "filming", "released", "paused"]
    assert options(frame, "credit") == ["confirmed", "reported", "rumored"]
    assert options(frame, "director") == [
        "Alejandro G. Iñárritu",
        "Christopher McQuarrie",
        "Doug Liman",
    ]


def test_flags_as_of_a_date(frame: pd.DataFrame) -> None:
    rows = frame.set_index("id")
    # Digger's day has passed and no source says it came out; the released film is not flagged.
    assert rows.loc["digger", "flags"][0].startswith("Release date passed 50 days ago")
    assert not rows.loc["old", "release_passed_unconfirmed"]
    # Q4 2026 has not ended on 21 Nov 2026, so it is not yet overdue.
    assert not rows.loc["eot2", "release_passed_unconfirmed"]


def test_flags_depend_on_the_as_of_date(make_folder: MakeFolder) -> None:
    slate = load_slate(
        make_folder(projects__yaml=textwrap.dedent(PROJECTS), events__yaml="events: []\n")
    )
    before = to_frame(slate, dt.date(2026, 9, 1)).set_index("id")
    after = to_frame(slate, dt.date(2027, 1, 1)).set_index("id")
    assert not before.loc["digger", "release_passed_unconfirmed"]
    assert after.loc["eot2", "release_passed_unconfirmed"]
    # The only source is from Q4 2025, so ages count from its last possible day, 2025-12-31.
    assert (after.loc["digger", "days_since_update"], after.loc["digger", "stale"]) == (366, True)
    assert (before.loc["digger", "days_since_update"], before.loc["digger", "stale"]) == (
        244,
        False,
    )


def test_describe_names_the_filters_for_file_names() -> None:
    assert Filters().describe() == "all"
    assert Filters(statuses=("stalled",)).describe() == "status-stalled"
    assert Filters(directors=("Alejandro G. Iñárritu",), year_from=2026).describe() == (
        "director-alejandro-g-inarritu_years-2026-"
    )


def test_empty_slate_gives_empty_frame_and_no_counts(make_folder: MakeFolder) -> None:
    frame = to_frame(
        load_slate(make_folder(projects__yaml="projects: []\n", events__yaml="events: []\n")), AS_OF
    )
    assert frame.empty
    assert "release_label" in frame.columns
    assert facet_counts(frame, Filters(), "status") == {}
    assert apply_filters(frame, Filters(statuses=("paused",))).empty


@pytest.mark.parametrize("day", ["2026-11-21", "2019-01-01", "2010-06-01", "2031-01-01"])
def test_table_rows_are_each_projects_own_view_and_assessment(day: str) -> None:
    # The table weighs the whole slate at once, re-making only the projects a day tells
    # otherwise; each row must say what the one-project rules say of that project alone,
    # looking back from any day (sources not yet published left out).
    from slate.assess import assess, assess_day
    from slate.knowledge import project_as_of
    from slate.synthetic import synthetic_slate

    as_of = dt.date.fromisoformat(day)
    slate = synthetic_slate(600, seed=5)
    frame = to_frame(slate, as_of).set_index("id")
    day_ = Day.of(slate, as_of)
    shared = assess_day(day_)
    seen = 0
    for project in slate.projects:
        alone_view = project_as_of(
            project, (project.directors, project.cast), slate.sources_by_id, as_of
        )
        if alone_view is None:
            assert project.id not in frame.index
            continue
        seen += 1
        alone = assess(day_.view, alone_view, as_of)
        row = frame.loc[project.id]
        assert shared[project.id] == alone
        assert row["status"] == alone_view.status.value
        assert row["release"] == str(alone_view.release)
        assert row["sources"] == alone_view.sources
        assert row["flags"] == alone.flags
        assert row["newest_source"] == str(alone.newest_source)
        days = row["days_since_update"]
        assert (None if pd.isna(days) else int(days)) == alone.days_since_update
        assert bool(row["stale"]) is alone.stale
        assert bool(row["release_passed_unconfirmed"]) is alone.release_passed_unconfirmed
    assert seen == len(frame)


def test_an_earlier_day_leaves_out_and_retells_projects() -> None:
    from slate.synthetic import synthetic_slate

    slate = synthetic_slate(300, seed=9)
    late = to_frame(slate, dt.date(2027, 1, 1)).set_index("id")
    early = to_frame(slate, dt.date(2018, 1, 1)).set_index("id")
    # Fewer projects were known in 2018, and some of those known stood elsewhere then.
    assert 0 < len(early) < len(late)
    both = early.index.intersection(late.index)
    assert (early.loc[both, "status"] != late.loc[both, "status"]).any()
    assert (early.loc[both, "sources"].map(len) <= late.loc[both, "sources"].map(len)).all()


# --------------------------------------------------------------------------------------
# Search: every field, as known on the day, and where each row matched

SEARCH_SOURCES = """\
    sources:
      - id: early
        name: An early report
        published: "2021-03-01"
        note: The first word.
      - id: late
        name: A late report
        published: "2024-06-01"
        note: The later word.
    """

# Each searched field has words of its own. Orbit's late source adds a claim, a credit, a
# party and an obstacle; Quiet Harbour's own sources are all early, and only an event about
# it comes late, so an early day tells it as recorded.
SEARCH_PROJECTS = """\
    projects:
      - id: orbit
        title: Orbit
        aliases: [Project Lift]
        directors: [{name: Zoë Marchetti, aliases: [Zoe Marcheti]}]
        cast: [{name: Björn Dahl}]
        studio: Pathé
        genre: Space drama
        logline: >-
          Training begins on the Hochalpenstraße below the Großglockner, then moves to the
          steppe, where the crew waits for a rocket that may never fly at all.
        parties:
          - {name: Roscosmos, role: Provides the rocket., sources: [early]}
          - {name: Société Générale, role: Lends the money for the launch., sources: [late]}
        obstacles:
          - {kind: insurance, detail: Nobody will insure a shoot in orbit., sources: [late]}
          # Accents as combining marks (as a file saved on a Mac may have them): folding drops
          # them, so the match's place in the folded text is not its place in the text.
          - kind: politics
            detail: >-
              Pe\u0301rignon, Mu\u0308ller, Gonc\u0327alves, Se\u0301ve\u0301rine,
              Ade\u0300le and Le\u0301a each need a visa before anyone boards the capsule
              at the pad.
            sources: [early]
        sources: [early, late]
        updates:
          - {source: early, status: announced, note: Announced with fanfare at Baikonur.}
          - source: late
            status: stalled
            cast: [{name: Ana Latecomer}]
            note: Stalled over who pays for the Soyuz seat.
      - id: quiet
        title: Quiet Harbour
        logline: A drama by the sea.
        sources: [early]
        updates:
          - {source: early, status: in_development, note: Being written.}
    """

SEARCH_EVENTS = """\
    events:
      - date: "2021"
        title: Orbit's crew visits the cosmodrome
        projects: [orbit]
        sources: [early]
      - date: "2024"
        title: Quiet Harbour wins a Zanzibar festival grant
        projects: [quiet]
        sources: [late]
    """

EARLY = dt.date(2022, 1, 1)
"""Only the early source is out."""


@pytest.fixture
def searched(make_folder: MakeFolder) -> Slate:
    return load_slate(
        make_folder(
            sources__yaml=SEARCH_SOURCES,
            projects__yaml=SEARCH_PROJECTS,
            events__yaml=SEARCH_EVENTS,
        )
    )


def _found(slate: Slate, text: str, as_of: dt.date) -> dict[str, str]:
    """Each project a search finds on a day, with where the Matched column says it did."""
    rows = apply_filters(to_frame(slate, as_of), Filters(text=text))
    view = Day.of(slate, as_of).view
    return dict(zip(rows["id"], matched_fields(rows, text, view), strict=True))


EVERY_FIELD = [
    # The first field that holds it (an obstacle and an event do too).
    ("orbit", {"orbit": "title: Orbit"}),
    ("project lift", {"orbit": "also known as: Project Lift"}),
    ("MARCHETTI", {"orbit": "director: Zoë Marchetti"}),
    # A credit's other spelling names the person it belongs to.
    ("zoe marcheti", {"orbit": "director: Zoë Marchetti (also Zoe Marcheti)"}),
    ("bjorn dahl", {"orbit": "cast: Björn Dahl"}),
    ("latecomer", {"orbit": "cast: Ana Latecomer"}),
    ("pathe", {"orbit": "studio: Pathé"}),
    ("space drama", {"orbit": "genre: Space drama"}),
    ("roscosmos", {"orbit": "party: Roscosmos"}),
    ("SOCIETE générale", {"orbit": "party: Société Générale"}),
    # A party's role names the party.
    ("lends the money", {"orbit": "party: Société Générale: Lends the money for the launch."}),
    ("insure a shoot", {"orbit": "obstacle: Nobody will insure a shoot in orbit."}),
    # A long field is cut at word breaks around the match, placed in the text's own
    # characters ("ß" folds to two, a combining accent to none).
    ("the steppe", {"orbit": "logline: …moves to the steppe, where the crew waits for a rocket…"}),
    (
        "grossglockner",
        {"orbit": "logline: …below the Großglockner, then moves to the steppe, where…"},
    ),
    (
        "perignon",
        {
            "orbit": unicodedata.normalize(
                "NFD", "obstacle: Pérignon, Müller, Gonçalves, Sévérine, Adèle and Léa…"
            )
        },
    ),
    (
        "each need a visa before anyone boards the capsule",
        {
            "orbit": unicodedata.normalize(
                "NFD", "obstacle: …and Léa each need a visa before anyone boards the capsule…"
            )
        },
    ),
    ("baikonur", {"orbit": "claim: Announced with fanfare at Baikonur."}),
    ("soyuz seat", {"orbit": "claim: Stalled over who pays for the Soyuz seat."}),
    ("cosmodrome", {"orbit": "event: Orbit's crew visits the cosmodrome"}),
    ("zanzibar", {"quiet": "event: Quiet Harbour wins a Zanzibar festival grant"}),
    # A search never runs from one field into the next.
    ("orbit project lift", {}),
    ("orbit\x1fproject", {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), EVERY_FIELD, ids=[t for t, _ in EVERY_FIELD])
def test_search_finds_every_field_and_says_which(
    searched: Slate, text: str, expected: dict[str, str]
) -> None:
    assert _found(searched, text, AS_OF) == expected


AS_OF_RULE = [
    # Known on the early day: the early claim, party and event.
    ("baikonur", {"orbit": "claim: Announced with fanfare at Baikonur."}),
    ("roscosmos", {"orbit": "party: Roscosmos"}),
    ("cosmodrome", {"orbit": "event: Orbit's crew visits the cosmodrome"}),
    # Not yet: the late claim's note, its credit, the late party and obstacle, and an event
    # about a project that day tells as recorded.
    ("soyuz seat", {}),
    ("latecomer", {}),
    ("societe generale", {}),
    ("lends the money", {}),
    ("insure", {}),
    ("zanzibar", {}),
]


@pytest.mark.parametrize(("text", "expected"), AS_OF_RULE, ids=[t for t, _ in AS_OF_RULE])
def test_search_reads_only_what_was_known_on_the_as_of_day(
    searched: Slate, text: str, expected: dict[str, str]
) -> None:
    assert _found(searched, text, EARLY) == expected


SEEDED = [
    # Each is in a party's name, and Trump in an obstacle and a claim's note too; Roscosmos
    # is in Challenge's party, and in a claim's note and an event's title of the space film.
    ("Trump", {"untitled-space-film": "party: Donald Trump"}),
    ("Bruckheimer", {"days-of-thunder-2": "party: Jerry Bruckheimer"}),
    (
        "Roscosmos",
        {
            "challenge": "party: Roscosmos",
            "untitled-space-film": 'claim: …entry. Roscosmos\' "Challenge" is now racing it.',
        },
    ),
    ("mosfilm", {"us-soviet-coproduction-1987": "party: Mosfilm"}),
    ("UNIVERSAL", {"untitled-space-film": "party: Universal Pictures"}),
    ("iñarritu", {"digger": "director: Alejandro G. Iñárritu"}),
]


@pytest.mark.parametrize(("text", "expected"), SEEDED, ids=[t for t, _ in SEEDED])
def test_search_finds_what_the_seed_articles_say(text: str, expected: dict[str, str]) -> None:
    assert _found(load_slate(), text, AS_OF) == expected


def test_no_search_matches_no_field(searched: Slate) -> None:
    rows = to_frame(searched, AS_OF)
    assert matched_fields(rows, "  ", Day.of(searched, AS_OF).view) == ["", ""]


@pytest.mark.parametrize("day", ["2016-06-01", "2019-06-01", "2023-01-01", "2031-01-01"])
def test_each_rows_search_text_is_its_projects_own_as_known_that_day(day: str) -> None:
    # The table makes the slate's search text once and makes it again only for the rows a
    # day tells otherwise or whose events are not all out: each row must hold what the
    # one-project rules say was known of that project, and nothing known only later.
    from slate.knowledge import project_as_of
    from slate.models import Event, Project, fold
    from slate.synthetic import synthetic_slate

    def texts(project: Project, events: Sequence[Event]) -> set[str]:
        credits = [*project.directors, *project.cast]
        return {
            fold(t)
            for t in [
                project.title, *project.aliases, project.logline, project.studio or "",
                project.genre or "", *(c.name for c in credits),
                *(a for c in credits for a in c.aliases), *(p.name for p in project.parties),
                *(p.role for p in project.parties), *(o.detail for o in project.obstacles),
                *(u.note for u in project.updates), *(e.title for e in events),
            ]
            if t
        }  # fmt: skip

    as_of = dt.date.fromisoformat(day)
    slate = synthetic_slate(1000, seed=3)
    frame = to_frame(slate, as_of).set_index("id")
    view = Day.of(slate, as_of).view
    left_out = recorded_with_late_events = 0
    for project in slate.projects:
        alone = project_as_of(
            project, (project.directors, project.cast), slate.sources_by_id, as_of
        )
        if alone is None:
            continue
        search = frame.loc[project.id, "_search"]
        known = texts(alone, view.events_of(project.id))
        assert all(t in search for t in known), project.id
        unknown = texts(project, slate.events_of(project.id)) - known
        unknown = {t for t in unknown if not any(t in k for k in known)}
        assert not any(t in search for t in unknown), project.id
        left_out += bool(unknown)
        recorded_with_late_events += view.project(project.id) is project and len(
            view.events_of(project.id)
        ) < len(slate.events_of(project.id))
    # Every day before the last source was out leaves something out, in both ways.
    if as_of < dt.date(2027, 1, 1):
        assert left_out and recorded_with_late_events
    else:
        assert not left_out

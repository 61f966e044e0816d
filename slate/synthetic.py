"""A made-up slate of any size, the same every time for the same seed.

For scale tests and benchmarks: `synthetic_slate(100_000)` gives a slate as varied as a
real one (every status, every kind of fuzzy date, credits of every certainty, sources,
updates, events), and `write_slate_folder` writes it as YAML files the loader reads back
to an equal slate. As datasette's fixtures do, everything random comes from one
`random.Random(seed)`, and nothing depends on set or hash order, so the output is
identical across runs and machines.
"""

from __future__ import annotations

import json
import os
import random
import unicodedata
from pathlib import Path
from typing import Any, Literal

import yaml

from slate.claims import resolve
from slate.dates import FuzzyDate
from slate.models import Certainty, ObstacleKind, Slate, Status

__all__ = ["synthetic_slate", "write_slate_folder"]

try:  # libyaml's emitter is several times faster at 100,000 projects.
    _Dumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Dumper = yaml.SafeDumper

# Name parts mix plain and accented spellings, so folding and UTF-8 are exercised at scale.
_FIRST = (
    "Ada", "Alejandro", "Ana", "Bao", "Camille", "Chidi", "Dagny", "Dmitri", "Elif", "Emma",
    "Farah", "Guillermo", "Hana", "Ingrid", "Jonas", "Kenji", "Lucía", "Marek", "Nadia", "Noor",
    "Oskar", "Priya", "Quentin", "Rafael", "Sandra", "Søren", "Tomás", "Uma", "Valentina", "Wei",
    "Ximena", "Yusuf", "Zoë", "Björn", "Chloé", "Dário", "Éva", "Gaël", "Ilkka", "Joaquín",
)  # fmt: skip
_LAST = (
    "Abbott", "Bianchi", "Castellanos", "Dubois", "Eriksen", "Fernández", "Gallagher", "Hüller",
    "Iñárritu", "Jankowski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "O'Connell",
    "Petrović", "Quinn", "Rossi", "Sánchez", "Takahashi", "Ueda", "Varga", "Wójcik", "Xu",
    "Yilmaz", "Zielińska", "Achebe", "Brennan", "Costa", "D'Arcy", "Eklund", "Fischer",
    "Grünewald", "Haddad", "Ibsen", "Jovanović", "Kaur", "Laurent", "Müller", "Ndiaye",
)  # fmt: skip
_STUDIOS = (
    "Paramount Pictures", "Warner Bros.", "Universal Pictures", "Sony Pictures", "Lionsgate",
    "A24", "Neon", "Skydance", "Legendary", "Focus Features", "Searchlight", "MGM",
    "Apple Original Films", "Amazon MGM Studios", "Netflix", "Blumhouse", "StudioCanal",
    "Pathé", "Gaumont", "Toho", "CJ ENM", "Studio Babelsberg", "Working Title", "Annapurna",
    "Plan B", "New Regency", "Village Roadshow", "Constantin Film", "Wild Bunch", "Mubi",
)  # fmt: skip
_GENRES = (
    "Action", "Science fiction", "Black comedy", "Drama", "War drama", "Thriller", "Horror",
    "Space drama", "Comedy", "Romance", "Western", "Musical", "Documentary", "Animation",
    "Crime", "Mystery", "Fantasy", "Biopic", "Sports drama", "Disaster",
)  # fmt: skip
_ADJECTIVES = (
    "Last", "Silent", "Broken", "Final", "Hidden", "Burning", "Frozen", "Distant", "Golden",
    "Midnight", "Iron", "Lost", "Crimson", "Endless", "Hollow", "Electric", "Quiet", "Wild",
)  # fmt: skip
_NOUNS = (
    "Horizon", "Orbit", "Harbour", "Signal", "Frontier", "Protocol", "Summit", "Tide",
    "Reckoning", "Descent", "Meridian", "Gambit", "Archive", "Crossing", "Engine", "Lantern",
    "Canyon", "Empire", "Voyage", "Cipher",
)  # fmt: skip
_SUBJECTS = (
    "a test pilot", "two rival astronauts", "a retired spy", "a small-town mechanic",
    "a crew of divers", "an exiled chess player", "a courier", "a family of smugglers",
    "a stunt double", "an ageing racing driver", "a translator", "a lighthouse keeper",
)  # fmt: skip
_TWISTS = (
    "who must cross a border before dawn", "caught between two governments",
    "chasing a signal from orbit", "racing a rival studio to finish first",
    "on the last day of a long war", "facing a storm nobody forecast",
    "hunting for a stolen reel", "trapped in a loop of the same week",
)  # fmt: skip
_OUTLETS = (
    "Trade Daily", "Screen Weekly", "Box Office Wire", "The Lot", "Film Ledger", "Reel Report",
    "Studio Insider", "Frame Rate",
)  # fmt: skip
_PARTY_ROLES = (
    "Co-financier of the production.", "Provides the main filming location.",
    "Handles international sales.", "Owns the rights to the source novel.",
    "Lends equipment and technical advice.",
)  # fmt: skip
_ROLES = ("lead", "co-star", "supporting", "cameo", "voice")

# Weights give a slate shaped like a real one: much in development, a tail of dead projects.
_STATUS_WEIGHTS = {
    Status.RUMORED: 8,
    Status.ANNOUNCED: 12,
    Status.IN_DEVELOPMENT: 18,
    Status.PRE_PRODUCTION: 8,
    Status.FILMING: 6,
    Status.POST_PRODUCTION: 6,
    Status.COMPLETED: 3,
    Status.RELEASED: 20,
    Status.PAUSED: 6,
    Status.STALLED: 5,
    Status.CANCELLED: 4,
    Status.ABANDONED: 4,
}
_CERTAINTY_WEIGHTS = {Certainty.CONFIRMED: 6, Certainty.REPORTED: 3, Certainty.RUMORED: 1}
_INACTIVE = (Status.PAUSED, Status.STALLED, Status.CANCELLED, Status.ABANDONED)

# Every kind of date in the EDTF subset, with the share of release dates of that kind.
_DATE_KINDS = {
    "day": 14,
    "month": 10,
    "quarter": 8,
    "half": 5,
    "season": 6,
    "year": 12,
    "approximate": 5,
    "uncertain": 4,
    "both": 2,
    "decade": 2,
    "interval": 6,
    "open_end": 2,
    "open_start": 1,
    "unknown_end": 1,
    "tba": 22,
}


# The way work moves: a project's earlier sources report earlier steps of the same road.
_ROAD = (
    Status.RUMORED, Status.ANNOUNCED, Status.IN_DEVELOPMENT, Status.PRE_PRODUCTION,
    Status.FILMING, Status.POST_PRODUCTION, Status.COMPLETED, Status.RELEASED,
)  # fmt: skip


def _claims(
    rng: random.Random,
    status: Status,
    release: str,
    filming: str | None,
    cited: list[str],
    published: dict[str, str],
) -> list[dict[str, Any]]:
    """A project's claims, one per source it cites, oldest source first: earlier sources
    report earlier steps of its road (or of the road to where it stopped), and a release
    an earlier source gives may slip by the last one. The newest claim gives the final
    status; the claims hold at their source's date, now and then at a day before it."""
    by_date = sorted(cited, key=lambda sid: (FuzzyDate.parse(published[sid]).sort_key(), sid))
    reached = _ROAD.index(status) if status in _ROAD else rng.randint(1, 3)
    steps = [*sorted(rng.randint(0, reached) for _ in by_date[:-1]), None]
    out = []
    for source, step in zip(by_date, steps, strict=True):
        said = status if step is None else _ROAD[step]
        # Dated, as a program that writes a slate would: a claim left undated is given its
        # source's date on every load.
        claim: dict[str, Any] = {
            "date": published[source],
            "source": source,
            "status": said.value,
            "note": f"Reports the film as {said.label.lower()}.",
        }
        when = FuzzyDate.parse(published[source]).earliest
        if when is not None and rng.random() < 0.15:
            # A claim about an earlier moment than the article's own ("opened in March").
            claim["date"] = f"{when.year - rng.randint(0, 1)}"
        if step is None or rng.random() < 0.3:
            claim["release"] = release if step is None else _slipped(rng, release)
        if filming is not None and (step is None or rng.random() < 0.2):
            claim["filming"] = filming
        if rng.random() < 0.1:
            claim["inferred"] = {"status": "The report gives no stage; read from its dates."}
        out.append(claim)
    return out


def _slipped(rng: random.Random, release: str) -> str:
    """An earlier claim's release: the final one, or a year sooner where that is a plain date."""
    if release and release[:4].isdigit() and rng.random() < 0.5:
        return str(int(release[:4]) - 1) + release[4:]
    return release


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fuzzy(rng: random.Random, year: int, kind: str) -> str:
    """An EDTF string of one kind around `year`."""
    month = rng.randint(1, 12)
    if kind == "day":
        return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    if kind == "month":
        return f"{year}-{month:02d}"
    if kind == "quarter":
        return f"{year}-{rng.randint(33, 36)}"
    if kind == "half":
        return f"{year}-{rng.choice((40, 41))}"
    if kind == "season":
        return f"{year}-{rng.randint(21, 24)}"
    if kind == "year":
        return str(year)
    if kind == "approximate":
        return f"{year}~"
    if kind == "uncertain":
        return f"{year}-{month:02d}?"
    if kind == "both":
        return f"{year}-{rng.randint(33, 36)}%"
    if kind == "decade":
        return f"{str(year)[:3]}X"
    if kind == "interval":
        if rng.random() < 0.5:
            return f"{year}/{year + rng.randint(1, 2)}"
        end = month + rng.randint(1, 8)
        return f"{year}-{month:02d}/{year + (end - 1) // 12}-{(end - 1) % 12 + 1:02d}"
    if kind == "open_end":
        return f"{year}/.."
    if kind == "open_start":
        return f"../{year}"
    if kind == "unknown_end":
        return f"{year}/"
    return ""


def _title(rng: random.Random) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"The {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    if form == 1:
        return f"{rng.choice(_NOUNS)} of the {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    return f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.randint(2, 7)}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


def _people(rng: random.Random, count: int) -> list[str]:
    pool = [f"{first} {last}" for first in _FIRST for last in _LAST]
    return rng.sample(pool, count)


def _credits(
    rng: random.Random, names: list[str], count: int, source_ids: list[str], roles: bool
) -> list[dict[str, Any]]:
    out = []
    for name in rng.sample(names, count):
        credit: dict[str, Any] = {"name": name, "certainty": _pick(rng, _CERTAINTY_WEIGHTS)}
        if roles and rng.random() < 0.4:
            credit["role"] = rng.choice(_ROLES)
        if rng.random() < 0.05:
            # A source's misspelling, kept as an alias so searches still find the person.
            credit["aliases"] = [name[:-2] + name[-1] + name[-2]]
        if rng.random() < 0.1:
            credit["sources"] = [rng.choice(source_ids)]
        out.append(credit)
    return out


def synthetic_slate(n_projects: int, seed: int = 42) -> Slate:
    """A valid, varied slate of `n_projects` projects; the same seed gives the same slate."""
    rng = random.Random(seed)
    directors = _people(rng, 200)
    actors = _people(rng, 1000)

    sources: list[dict[str, Any]] = []
    for k in range(max(3, min(500, n_projects // 200))):
        outlet = rng.choice(_OUTLETS)
        year = rng.randint(2015, 2026)
        date = _fuzzy(rng, year, rng.choice(("month", "quarter", "season", "year", "day")))
        sources.append(
            {
                "id": f"{_slug(outlet)}-{year}-{k}",
                "name": f"{outlet} round-up number {k}",
                "outlet": outlet,
                "published": date + ("~" if rng.random() < 0.5 else ""),
                "note": f"A synthetic article from {year}, dated from its own text.",
            }
        )
    source_ids = [s["id"] for s in sources]
    published = {s["id"]: s["published"] for s in sources}

    projects: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for _ in range(n_projects):
        status = _pick(rng, _STATUS_WEIGHTS)
        title = _title(rng)
        base = _slug(title)
        seen[base] = seen.get(base, 0) + 1
        project_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        genre = rng.choice(_GENRES)
        year = rng.randint(2008, 2025) if status is Status.RELEASED else rng.randint(2024, 2031)
        # Released films have a known past date; the rest spread over every kind, TBA included.
        if status is Status.RELEASED:
            release_kind = rng.choice(("day", "month", "year"))
        else:
            release_kind = _pick(rng, _DATE_KINDS)
        cited = rng.sample(source_ids, rng.randint(1, min(3, len(source_ids))))
        project: dict[str, Any] = {
            "id": project_id,
            "title": title,
            "logline": f"A {genre.lower()} about {rng.choice(_SUBJECTS)} {rng.choice(_TWISTS)}.",
            "sources": cited,
        }
        if rng.random() < 0.15:
            project["aliases"] = [f"Project {rng.choice(_NOUNS)}"]
        if rng.random() < 0.85:
            project["directors"] = _credits(rng, directors, rng.choice((1, 1, 1, 2)), cited, False)
        if rng.random() < 0.9:
            project["cast"] = _credits(rng, actors, rng.randint(1, 6), cited, True)
        if rng.random() < 0.7:
            project["studio"] = rng.choice(_STUDIOS)
        if rng.random() < 0.8:
            project["genre"] = genre
        if rng.random() < 0.6:
            kind = rng.choice(("year", "month", "day"))
            # Announcements lie in the past of the slate's own time (sources end in 2026).
            project["announced"] = _fuzzy(rng, min(year - rng.randint(1, 3), 2026), kind)
        release = _fuzzy(rng, year, release_kind)
        filming = _fuzzy(rng, year - 1, _pick(rng, _DATE_KINDS)) if rng.random() < 0.4 else None
        if status in _INACTIVE and rng.random() < 0.8:
            project["obstacles"] = [
                {
                    "kind": rng.choice(list(ObstacleKind)).value,
                    "detail": f"Held up for reasons the trade press gives as {kind.value}.",
                    "certainty": _pick(rng, _CERTAINTY_WEIGHTS).value,
                    "sources": [rng.choice(cited)],
                }
                for kind in rng.sample(list(ObstacleKind), rng.randint(1, 3))
            ]
        if rng.random() < 0.2:
            project["parties"] = [
                {
                    "name": rng.choice(_STUDIOS),
                    "role": rng.choice(_PARTY_ROLES),
                    "sources": [rng.choice(cited)],
                }
            ]
        if projects and rng.random() < 0.02:
            project["rival_of"] = rng.choice(projects)["id"]
        project["updates"] = _claims(rng, status, release, filming, cited, published)
        projects.append(project)

    events: list[dict[str, Any]] = []
    for _ in range(max(1, n_projects // 5)):
        concerned = rng.sample(projects, rng.randint(0, min(2, len(projects))))
        verb = rng.choice(("is announced", "starts filming", "wraps", "premieres", "is delayed"))
        names = " and ".join(p["title"] for p in concerned) or "A studio slate"
        event: dict[str, Any] = {
            "date": _fuzzy(rng, rng.randint(2015, 2030), _pick(rng, _DATE_KINDS)),
            "title": f"{names} {verb}",
            "projects": [p["id"] for p in concerned],
            "sources": rng.sample(source_ids, rng.randint(1, 2)),
        }
        if rng.random() < 0.2:
            event["certainty"] = _pick(rng, _CERTAINTY_WEIGHTS).value
        if rng.random() < 0.15:
            event["planned"] = True
        events.append(event)

    # As the loader would give it: every claim dated, each project's fields its claims'.
    return resolve(
        Slate.model_validate({"sources": sources, "projects": projects, "events": events})
    )


def _dump(data: dict[str, Any], path: Path) -> None:
    if path.suffix == ".json":
        # JSON has no comments: the data says what it is only through its file's name.
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        return
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text("# A synthetic slate from slate.synthetic; do not edit.\n" + text, "utf-8")


def write_slate_folder(
    slate: Slate,
    folder: str | os.PathLike[str],
    files: int = 1,
    form: Literal["yaml", "json"] = "yaml",
) -> list[Path]:
    """Write `slate` as YAML (or JSON) into `folder`, its projects split over `files` files,
    in order.

    Returns the files written. The loader reads files in name order, so the numbered
    project files come back in the order they were written.
    """
    if files < 1:
        raise ValueError(f"files must be at least 1, not {files}")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    dumped = slate.model_dump(mode="json", exclude_defaults=True)
    written = []
    for key in ("sources", "events"):
        path = root / f"{key}.{form}"
        _dump({key: dumped.get(key, [])}, path)
        written.append(path)
    projects = dumped.get("projects", [])
    size = -(-len(projects) // files) if projects else 0
    for k in range(files):
        path = root / ("projects" if files == 1 else f"projects-{k + 1:05d}")
        path = path.with_suffix(f".{form}")
        _dump({"projects": projects[k * size : (k + 1) * size]}, path)
        written.append(path)
    return written

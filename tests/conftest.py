"""Shared fixtures: small slates written to temporary folders."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from slate.assess import assess
from slate.cache import CACHE_ENV
from slate.claims import claim_problems, resolve
from slate.knowledge import Day
from slate.models import Slate
from slate.timeline import Row, project_row

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A minimal valid slate; malformed cases are small edits of it, so each test shows one fault.
VALID = {
    "sources.yaml": """\
        sources:
          - id: trade-2025
            name: A trade report
            published: "2025-36"
            note: Covers two films.
        """,
    "projects.yaml": """\
        projects:
          - id: alpha
            title: Alpha
            status: announced
            release: "2026-10-02"
            directors:
              - name: Ana Director
            logline: A film about the first letter.
            sources: [trade-2025]
          - id: beta
            title: Beta
            status: stalled
            announced: "2020"
            logline: A film that stopped.
            sources: [trade-2025]
            rival_of: alpha
        """,
    "events.yaml": """\
        events:
          - date: "2020"
            title: Beta is announced.
            projects: [beta]
            sources: [trade-2025]
        """,
}

MakeFolder = Callable[..., Path]


@pytest.fixture
def make_folder(tmp_path: Path) -> MakeFolder:
    """Write VALID, with files replaced or added by keyword (None removes one), to a folder."""

    def make(**files: str | bytes | None) -> Path:
        folder = tmp_path / "data"
        folder.mkdir(exist_ok=True)
        contents: dict[str, str | bytes | None] = {
            **VALID,
            **{k.replace("__", "."): v for k, v in files.items()},
        }
        for name, text in contents.items():
            if text is None:
                continue
            path = folder / name
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return make


@pytest.fixture(scope="session", autouse=True)
def private_cache() -> Iterator[Path]:
    """Every load in the run (and every CLI or server it starts) caches into a folder of the
    run's own, never the user's: a test cannot pass on an entry another run left."""
    folder = Path(tempfile.mkdtemp(prefix="slate-test-cache-"))
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(folder))
    yield folder
    patch.undo()
    shutil.rmtree(folder, ignore_errors=True)


def resolved(data: dict[str, object]) -> Slate:
    """A slate made from records in memory as the loader makes one from files: checked,
    every claim dated, each project's fields its claims'."""
    slate = Slate.model_validate(data)
    problems = claim_problems(slate)
    assert problems == [], problems
    return resolve(slate)


def day_row(slate: Slate, project_id: str, as_of: dt.date) -> Row:
    """A project's Gantt row as known on a day."""
    view = Day.of(slate, as_of).view
    project = view.project(project_id)
    return project_row(project, view, assess(view, project, as_of))


# A report of 7 December 2026 that Digger opened on 2 October: a claim that holds before its
# article, in the shape the Add a report form writes.
DIGGER_OPENS = """\
sources:
  - id: trade-digger-opens
    name: Digger opens
    outlet: Trade Daily
    published: "2026-12-07"
    note: A trade report, looking back, that Digger opened in cinemas on 2 October.
updates:
  - project: digger
    date: "2026-10-02"
    source: trade-digger-opens
    status: released
    release: "2026-10-02"
    note: Opened in cinemas on 2 October 2026.
"""

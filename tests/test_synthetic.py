"""The synthetic slate: reproducible, valid, varied, and read back equal by the loader."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from slate.dates import FuzzyDate, Precision
from slate.load import load_slate
from slate.models import Certainty, Slate, Status
from slate.synthetic import synthetic_slate, write_slate_folder

ROOT = Path(__file__).resolve().parent.parent
N = 800


@pytest.fixture(scope="module")
def slate() -> Slate:
    return synthetic_slate(N)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_identical_slate_and_files(slate: Slate, tmp_path: Path) -> None:
    again = synthetic_slate(N)
    assert again == slate
    write_slate_folder(slate, tmp_path / "a", files=2)
    write_slate_folder(again, tmp_path / "b", files=2)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_other_seed_gives_another_slate(slate: Slate) -> None:
    other = synthetic_slate(N, seed=7)
    assert [p.id for p in other.projects] != [p.id for p in slate.projects]


def test_output_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    # Set or dict-of-str order would differ between these two interpreters.
    code = (
        "import sys; from slate.synthetic import synthetic_slate, write_slate_folder; "
        "write_slate_folder(synthetic_slate(1000), sys.argv[1], files=2)"
    )
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        folder = tmp_path / hash_seed
        subprocess.run([sys.executable, "-c", code, str(folder)], check=True, env=env, cwd=ROOT)
    assert _digest(tmp_path / "1") == _digest(tmp_path / "2")


@pytest.mark.parametrize("files", [1, 3])
def test_written_folder_loads_back_equal(slate: Slate, tmp_path: Path, files: int) -> None:
    written = write_slate_folder(slate, tmp_path, files=files)
    project_files = [p.name for p in written if p.name.startswith("projects")]
    assert len(project_files) == files
    loaded = load_slate(tmp_path)
    assert [p.id for p in loaded.projects] == [p.id for p in slate.projects]
    assert loaded == slate


def test_many_files_keep_the_project_order(tmp_path: Path) -> None:
    # Ten or more files must still sort back in the order they were written.
    small = synthetic_slate(40)
    write_slate_folder(small, tmp_path, files=12)
    assert len(list(tmp_path.glob("projects*.yaml"))) == 12
    assert load_slate(tmp_path) == small


def test_write_refuses_zero_files(slate: Slate, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        write_slate_folder(slate, tmp_path, files=0)


def test_requested_size_and_unique_ids(slate: Slate) -> None:
    assert len(slate.projects) == N
    ids = [p.id for p in slate.projects]
    assert len(set(ids)) == len(ids)
    source_ids = [s.id for s in slate.sources]
    assert len(set(source_ids)) == len(source_ids) >= 3


def test_slate_is_varied_like_a_real_one(slate: Slate) -> None:
    assert {p.status for p in slate.projects} == set(Status)
    directors = {c.name for p in slate.projects for c in p.directors}
    assert 150 <= len(directors) <= 200
    assert "Iñárritu" in " ".join(directors) or "Hüller" in " ".join(directors)
    certainties = {c.certainty for p in slate.projects for _, c in p.credits()}
    assert certainties == set(Certainty)
    assert len({p.studio for p in slate.projects if p.studio}) >= 20
    assert len({p.genre for p in slate.projects if p.genre}) >= 15
    assert sum(bool(p.updates) for p in slate.projects) > N // 3
    assert len(slate.events) == N // 5
    assert any(p.rival_of for p in slate.projects)
    assert any(p.obstacles for p in slate.projects)


def _kind(date: FuzzyDate) -> str:
    if date.is_unknown:
        return "tba"
    if date.is_interval:
        if date.earliest is None:
            return "open start"
        if date.latest is None:
            return "open or unknown end"
        return "interval"
    assert date.precision is not None
    return date.precision.value + (f" {date.qualifier}" if date.qualifier else "")


def test_releases_use_every_kind_of_fuzzy_date(slate: Slate) -> None:
    kinds = Counter(_kind(p.release) for p in slate.projects)
    precisions = {p.release.precision for p in slate.projects if p.release.precision is not None}
    assert {
        Precision.DAY,
        Precision.MONTH,
        Precision.QUARTER,
        Precision.HALF,
        Precision.SEASON,
        Precision.YEAR,
        Precision.DECADE,
    } <= precisions
    assert {"tba", "interval", "open start", "open or unknown end"} <= set(kinds)
    assert {"year ~", "month ?", "quarter %"} <= set(kinds)
    assert {str(p.release) for p in slate.projects if str(p.release).endswith("/")}
    assert {str(p.release) for p in slate.projects if str(p.release).endswith("/..")}
    # TBA is common in a real slate, but not the rule.
    assert 0.1 < kinds["tba"] / len(slate.projects) < 0.3


def test_released_films_are_dated_in_the_past(slate: Slate) -> None:
    released = [p for p in slate.projects if p.status is Status.RELEASED]
    assert released
    assert all(p.release.latest and p.release.latest.year <= 2025 for p in released)


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_synth_command_writes_a_folder_that_loads_back_equal(tmp_path: Path, form: str) -> None:
    out = tmp_path / "slate"
    command = [sys.executable, "-m", "slate", "synth", "--projects", "120", "--seed", "7"]
    done = subprocess.run(
        [*command, "--out", str(out), "--format", form, "--files", "2"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "120 projects" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}.{form}" for stem in ("events", "sources", "projects-00001", "projects-00002")
    )
    assert load_slate(out) == synthetic_slate(120, seed=7)
    again = tmp_path / "again"
    subprocess.run(
        [*command, "--out", str(again), "--format", form, "--files", "2"], cwd=ROOT, check=True,
        capture_output=True,
    )  # fmt: skip
    assert _digest(out) == _digest(again)


def test_synth_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "slate", "synth", "--projects", "5", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "not an empty folder; refusing to overwrite" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_synth_needs_a_positive_count(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "slate", "synth", "--projects", "0", "--out", str(tmp_path / "x")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "must be at least 1" in done.stderr

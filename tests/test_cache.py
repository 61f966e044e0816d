"""The compiled cache: a restart reads no YAML, a change re-reads one file, and an entry
that does not verify is rebuilt, never trusted."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

import slate.load
from slate import cache
from slate.load import SlateError, load_slate
from slate.models import Slate
from tests.conftest import SEEDS, VALID, MakeFolder

P = VALID["projects.yaml"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the loader parses (YAML or JSON), in order."""
    names: list[str] = []
    # Patched where the loader looks them up.
    for kind in ("yaml_records", "json_records"):
        real = getattr(slate.load, kind)

        def spy(raw: bytes, name: str, problems: list[object], real=real) -> object:
            names.append(Path(name).name)
            return real(raw, name, problems)

        monkeypatch.setattr(slate.load, kind, spy)
    return names


def load(folder: Path) -> Slate:
    """load_slate, then wait for the entries it writes in the background."""
    try:
        return load_slate(folder)
    finally:
        cache.flush()


def entries(cache_dir: Path) -> list[Path]:
    """The files' entries (not what is derived from a whole slate)."""
    return sorted(
        p for p in (cache_dir / "files").glob("*.bin") if not p.name.startswith("derived-")
    )


def test_a_restart_reads_no_yaml_and_gives_the_same_slate(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    folder = make_folder()
    first = load(folder)
    assert sorted(parsed) == ["events.yaml", "projects.yaml", "sources.yaml"]
    assert len(entries(cache_dir)) == 3
    parsed.clear()
    again = load(folder)
    assert parsed == []
    assert again == first
    assert [p.id for p in again.projects] == ["alpha", "beta"]


def test_a_change_to_one_file_re_reads_that_file_only(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    folder = make_folder()
    load(folder)
    parsed.clear()
    path = folder / "projects.yaml"
    path.write_text(path.read_text().replace("title: Alpha", "title: Alpha Two"))
    assert load(folder).project("alpha").title == "Alpha Two"
    assert parsed == ["projects.yaml"]


def test_same_size_and_time_but_other_bytes_is_a_miss(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    # A copy that keeps the size and modification time (rsync -t, a restored backup) still
    # differs in content, which is part of the key.
    folder = make_folder()
    load(folder)
    path = folder / "projects.yaml"
    info = path.stat()
    path.write_text(path.read_text().replace("title: Alpha", "title: Alfa!"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    parsed.clear()
    assert load(folder).project("alpha").title == "Alfa!"
    assert parsed == ["projects.yaml"]


def _corrupt(entry: Path, how: str) -> None:
    blob = entry.read_bytes()
    if how == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif how == "flipped byte":
        entry.write_bytes(blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "foreign pickle":
        # A well-formed pickle that would run code: no valid MAC, so never unpickled.
        entry.write_bytes(pickle.dumps(print))
    elif how == "another key":
        (entry.parent.parent / "key").write_bytes(os.urandom(32))


@pytest.mark.parametrize(
    "how", ["truncated", "flipped byte", "empty", "foreign pickle", "another key"]
)
def test_an_entry_that_does_not_verify_is_rebuilt(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str], how: str
) -> None:
    folder = make_folder()
    expected = load(folder)
    # The whole slate's entry too, or a restart would never look at the files' entries.
    for entry in (cache_dir / "files").glob("*.bin"):
        _corrupt(entry, how)
    parsed.clear()
    assert load(folder) == expected
    assert sorted(parsed) == ["events.yaml", "projects.yaml", "sources.yaml"]
    parsed.clear()
    assert load(folder) == expected
    assert parsed == []  # rewritten, and good again


def test_another_code_version_is_a_miss(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder()
    load(folder)
    monkeypatch.setattr(cache, "CODE_VERSION", "an older release")
    parsed.clear()
    load(folder)
    assert len(parsed) == 3


def test_an_entry_is_not_moved_between_files(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    # Each entry names the file it was made for: one file's entry copied over another's
    # does not verify, so the second file is parsed, not given the first one's records.
    folder = make_folder()
    load(folder)
    by_file = {
        name: cache_dir / "files" / cache._entry_name(os.path.realpath(folder / name))
        for name in ("events.yaml", "sources.yaml")
    }
    by_file["events.yaml"].write_bytes(by_file["sources.yaml"].read_bytes())
    for whole in (cache_dir / "files").glob("derived-*.bin"):
        whole.unlink()
    parsed.clear()
    assert load(folder).events[0].projects == ["beta"]
    assert parsed == ["events.yaml"]


def test_the_cache_is_private_and_outside_the_data(
    make_folder: MakeFolder, cache_dir: Path
) -> None:
    folder = make_folder()
    load(folder)
    assert sorted(os.listdir(folder)) == sorted(VALID)
    for path in (cache_dir, cache_dir / "files"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_dir / "key").stat().st_mode) == 0o600
    assert all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in entries(cache_dir))


def test_a_cache_folder_others_can_write_is_not_used(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    folder = make_folder()
    load(folder)
    cache_dir.chmod(0o777)
    parsed.clear()
    assert [p.id for p in load(folder).projects] == ["alpha", "beta"]
    assert len(parsed) == 3


def test_a_cache_that_cannot_be_written_only_costs_time(
    make_folder: MakeFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    # A read-only home: the cache folder cannot be made (root ignores mode bits, so the
    # refusal is the file system's), and the slate loads regardless.
    folder = make_folder()
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "home" / "cache"))
    monkeypatch.setattr(os, "mkdir", _refuse)
    assert [p.id for p in load(folder).projects] == ["alpha", "beta"]
    assert [p.id for p in load(folder).projects] == ["alpha", "beta"]
    assert len(parsed) == 6


def _refuse(*args: object, **kwargs: object) -> None:
    raise PermissionError(30, "Read-only file system")


def test_a_full_disk_skips_the_write(
    make_folder: MakeFolder, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    folder = make_folder()
    assert [p.id for p in load(folder).projects] == ["alpha", "beta"]
    assert entries(cache_dir) == []
    assert [p.name for p in (cache_dir / "files").iterdir()] == []  # no temporary left


def test_cache_off(
    make_folder: MakeFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    load(make_folder())
    assert not (tmp_path / "home").exists()


def test_default_place_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_folder() == tmp_path / "xdg" / "slate"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert cache.cache_folder() == tmp_path / "me" / ".cache" / "slate"


def test_problems_keep_their_lines_after_other_files_were_cached(
    make_folder: MakeFolder, cache_dir: Path
) -> None:
    # A cross-record problem in a file whose records came from the cache is still placed
    # at its line: that one file is parsed again for its line numbers.
    folder = make_folder()
    load(folder)
    (folder / "more.yaml").write_text(
        "projects:\n  - {id: beta, title: B, status: rumored, logline: B, sources: [trade-2025]}\n"
    )
    with pytest.raises(SlateError) as caught:
        load(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder}/projects.yaml:10: projects[1].id: duplicate id 'beta'"
    ]


def test_a_warm_slate_shares_its_empty_lists_and_refuses_to_change_them(
    make_folder: MakeFolder, cache_dir: Path
) -> None:
    folder = make_folder()
    load(folder)
    warm = load(folder)
    alpha, beta = warm.project("alpha"), warm.project("beta")
    assert alpha.aliases == [] and alpha.aliases is beta.aliases
    with pytest.raises(TypeError, match="read-only"):
        beta.parties.append(alpha.parties)  # type: ignore[arg-type]


def test_what_is_built_from_a_slate_is_kept_for_the_next_start(
    make_folder: MakeFolder, cache_dir: Path
) -> None:
    folder = make_folder()
    slate = load(folder)
    assert slate.content_key is not None
    built: list[str] = []

    def table() -> list[str]:
        built.append("built")
        return [p.id for p in slate.projects]

    assert cache.derived("table", slate.content_key, table) == ["alpha", "beta"]
    cache.flush()
    again = load(folder)
    assert again.content_key == slate.content_key
    assert cache.derived("table", again.content_key, table) == ["alpha", "beta"]
    assert built == ["built"]
    # Another content is another key: built again, never the old table.
    path = folder / "projects.yaml"
    path.write_text(path.read_text().replace("title: Beta", "title: Beta Two"))
    changed = load(folder)
    assert changed.content_key != slate.content_key
    titles = cache.derived(
        "table", changed.content_key, lambda: [p.title for p in changed.projects]
    )
    assert titles == ["Alpha", "Beta Two"]


REPORT = """\
    sources:
      - id: daily-2026
        name: A daily report
        published: "2026-05"
        note: Dates Alpha again.
    updates:
      - project: alpha
        date: "2026-05"
        source: daily-2026
        status: filming
        release: "2027-06"
        cast:
          - name: Bea Lead
            certainty: reported
        note: Filming has begun; the release moves to June 2027.
"""


def test_a_report_file_is_cached_and_merged_into_its_project_on_every_start(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    # A report's claims are kept per file like any record, and merged after the cache: a
    # warm start gives the project as the report left it, history and all.
    folder = make_folder(**{"2026-05-daily__yaml": REPORT})
    first = load(folder)
    parsed.clear()
    again = load(folder)
    assert parsed == []
    assert again == first
    alpha = again.project("alpha")
    assert (alpha.status, str(alpha.release)) == ("filming", "2027-06")
    assert [c.name for c in alpha.cast] == ["Bea Lead"]
    # The record's own status and release, as a claim of its source, then the report's.
    assert [u.source for u in alpha.updates] == ["trade-2025", "daily-2026"]
    assert again.updates == []


def test_a_claim_about_an_unknown_project_keeps_its_line_from_a_warm_start(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    # Each file validates alone, so each is cached; the claim's problem is found only when
    # the files meet, and the report is read again just to place it.
    report = REPORT.replace("project: alpha", "project: gamma")
    folder = make_folder(**{"2026-05-daily__yaml": report})
    for _ in range(2):
        parsed.clear()
        with pytest.raises(SlateError) as raised:
            load(folder)
        [problem] = raised.value.problems
        assert str(problem).endswith(
            "/2026-05-daily.yaml:7: updates[0].project: unknown project id 'gamma'"
        )
    assert parsed == []


def test_the_seeds_claims_and_their_inferences_are_cached_too(
    tmp_path: Path, cache_dir: Path, parsed: list[str]
) -> None:
    # A claim's `inferred` is a mapping: the entries share equal parts by a key that must
    # take a mapping too, or no project file with an inference would ever be cached.
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    first = load(folder)
    assert sorted(parsed) == ["events.yaml", "projects.yaml", "sources.yaml"]
    assert len([e for e in entries(cache_dir) if not e.name.startswith("derived-")]) == 3
    parsed.clear()
    again = load(folder)
    assert parsed == []
    assert again.projects == first.projects
    digger = again.project("digger")
    assert digger.updates[0].inferred["status"].startswith("The article gives no stage.")


def test_an_unchanged_folder_comes_back_whole_without_reading_a_file_s_entry(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The slate as the loader finished it (checked, dated, merged) is one entry: a restart
    # reads it and nothing else; a change to a file falls back to the files' entries.
    folder = make_folder(**{"2026-05-daily__yaml": REPORT})
    first = load(folder)
    read: list[object] = []
    real = cache.read_entry
    monkeypatch.setattr(cache, "read_entry", lambda key: read.append(key) or real(key))
    parsed.clear()
    again = load(folder)
    assert (parsed, read) == ([], [])
    assert again.projects == first.projects and again.content_key == first.content_key
    assert again.project("alpha").status == "filming"
    path = folder / "events.yaml"
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    changed = load(folder)
    assert parsed == ["events.yaml"] and len(read) == 4  # one a miss, then parsed
    assert changed.projects == first.projects


def test_a_warm_start_keeps_whose_slate_it_is(
    make_folder: MakeFolder, cache_dir: Path, parsed: list[str]
) -> None:
    folder = make_folder(slate__yaml="subject: Dana Reyes\n")
    assert load(folder).subject == "Dana Reyes"
    # From the finished slate's one entry.
    parsed.clear()
    assert load(folder).subject == "Dana Reyes"
    assert parsed == []
    # From the files' entries, when a change to another file makes the slate anew.
    path = folder / "events.yaml"
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    again = load(folder)
    assert parsed == ["events.yaml"]
    assert again.subject == "Dana Reyes"

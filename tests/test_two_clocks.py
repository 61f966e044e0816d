"""Two clocks, as a journalist meets them: a report of 7 December that Digger opened on
2 October, read on every page and through the command line, on days before and after it
was published; a second outlet that gives another day; and spring 2021 as it knew itself."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from slate.load import load_slate
from tests.conftest import DIGGER_OPENS, ROOT, SEEDS
from tests.test_app import _unescaped, open_page, texts

REPORT = DIGGER_OPENS

SECOND = """\
sources:
  - id: wire-digger-date
    name: Digger's opening week
    outlet: Screen Wire
    published: "2026-12-07"
    note: Another outlet's account of the opening.
updates:
  - project: digger
    date: "2026-10-09"
    source: wire-digger-date
    status: released
    release: "2026-10-09"
    note: Opened on 9 October, a week later than planned.
"""

AFTER, BEFORE = "2026-12-08", "2026-11-01"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "seeds"
    shutil.copytree(SEEDS, out)
    (out / "2026-12-07-trade-digger-opens.yaml").write_text(REPORT, encoding="utf-8")
    return out


@pytest.fixture
def app(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("SLATE_DATA", str(folder))
    yield AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _on(app: AppTest, page: str, as_of: str) -> AppTest:
    app.query_params["as_of"] = as_of
    at = open_page(app, page)
    assert not at.exception, at.exception
    return at


def test_the_report_dates_the_release_to_its_day_not_its_publication(folder: Path) -> None:
    digger = load_slate(folder).project("digger")
    released = [u for u in digger.updates if u.status and u.status.value == "released"]
    assert [(str(u.date), u.source) for u in released] == [("2026-10-02", "trade-digger-opens")]


def test_after_the_report_every_page_says_digger_opened_on_2_october(app: AppTest) -> None:
    at = _on(app, "overview", AFTER)
    assert "Digger" not in " ".join(w.value for w in at.warning)
    assert {m.label: m.value for m in at.metric}["Release passed, unconfirmed"] == "0"

    at = _on(app, "slate", AFTER)
    row = at.dataframe[0].value.set_index("id").loc["digger"]
    assert (row["status_label"], list(row["flags"])) == ("Released", [])

    at = _on(app, "chronicle", AFTER)
    rows = at.dataframe[0].value.set_index("title")
    assert rows.loc["Digger: release", "reported_as"] == "Happened"
    assert rows.loc["Digger: release", "date_label"] == "2 Oct 2026"

    at = _on(app, "timeline", AFTER)
    figure = at.get("plotly_chart")[0].proto.spec
    assert '"Released"' in figure and "2026-10-02" in figure
    assert "Release date passed, unconfirmed" not in figure


def test_before_the_report_was_out_the_release_had_passed_unconfirmed(app: AppTest) -> None:
    at = _on(app, "slate", BEFORE)
    row = at.dataframe[0].value.set_index("id").loc["digger"]
    assert row["status_label"] == "Pre-production (inferred)"
    assert list(row["flags"]) == ["Release date passed 30 days ago without a confirming source"]
    at = _on(app, "chronicle", BEFORE)
    rows = at.dataframe[0].value.set_index("title")
    assert rows.loc["Digger: release", "reported_as"] == "Planned; date passed, not confirmed"


def test_a_second_outlets_other_day_is_a_disagreement_and_progress_is_not(
    app: AppTest, folder: Path
) -> None:
    at = _on(app, "sources", AFTER)
    assert "No two sources known by this day give different values" in _unescaped(texts(at))
    (folder / "2026-12-07-wire-digger-date.yaml").write_text(SECOND, encoding="utf-8")
    at = _on(app, "sources", AFTER)
    shown = _unescaped(texts(at))
    assert "Digger: release · :orange[:material/flag: disagree]" in shown
    # Announced → stalled, and pre-production → released, are the news moving on.
    flagged = [m.value for m in at.markdown if "disagree]" in m.value]
    assert [_unescaped(m) for m in flagged] == [
        "Digger: release · :orange[:material/flag: disagree]"
    ]
    table = at.dataframe[0].value
    assert list(table["Release"]) == ["2 Oct 2026", "9 Oct 2026"]
    assert list(table["Source"]) == ["Digger opens", "Digger's opening week"]
    at = _on(app, "slate", AFTER)
    flags = list(at.dataframe[0].value.set_index("id").loc["digger", "flags"])
    assert flags == [
        "Sources disagree on its release (Digger opens and Digger's opening week): "
        "see where sources disagree"
    ]


def test_spring_2021_sees_only_what_spring_2021_knew(app: AppTest) -> None:
    at = _on(app, "overview", "2021-07-01")
    assert {m.label: m.value for m in at.metric}["Projects shown"] == "3"
    statuses = dict(
        zip(at.dataframe[0].value["Status"], at.dataframe[0].value["Projects"], strict=True)
    )
    assert statuses == {"Announced": 1, "Pre-production": 1, "Filming": 1}
    at = _on(app, "slate", "2021-07-01")
    rows = at.dataframe[0].value.set_index("id")
    assert rows.loc["untitled-space-film", "status_label"] == "Announced"
    assert all(list(f) == [] for f in rows["flags"])
    at = _on(app, "sources", "2021-07-01")
    assert [_unescaped(s.value) for s in at.subheader] == [
        'Roscosmos\' "Challenge" races Cruise into orbit'
    ]
    at = _on(app, "chronicle", "2021-07-01")
    titles = set(at.dataframe[0].value["title"])
    assert "Cruise declines a Kennedy Center honour, his team citing scheduling" not in titles
    assert 'Soyuz MS-19 due to lift off from Baikonur with the "Challenge" crew' in titles


def test_the_command_line_tells_each_day_as_it_was_known(folder: Path) -> None:
    def export(as_of: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "slate", "export", "--data", str(folder), "--as-of", as_of],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        return next(line for line in done.stdout.splitlines() if line.startswith("digger,"))

    assert ",released," in export(AFTER) and ",stated,Released," in export(AFTER)
    before = export(BEFORE)
    assert ",pre_production," in before and ",inferred,Pre-production," in before
    assert "trade-digger-opens" not in before
    done = subprocess.run(
        [sys.executable, "-m", "slate", "export", "--data", str(folder), "--as-of", "2021-07-01"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    assert [line.split(",")[0] for line in done.stdout.splitlines()[1:]] == [
        "challenge", "mission-impossible-7", "untitled-space-film",
    ]  # fmt: skip


def test_a_report_added_from_the_terminal_may_date_a_claim_before_its_article(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    report = tmp_path / "2026-12-07-trade-digger-opens.yaml"
    report.write_text(REPORT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "slate", "add", str(report), "--data", str(folder)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "  status: Pre-production -> Released" in done.stdout
    late = REPORT.replace('date: "2026-10-02"', 'date: "2026-12-20"')
    report.write_text(late, encoding="utf-8")
    (folder / report.name).unlink()
    done = subprocess.run(
        [sys.executable, "-m", "slate", "add", str(report), "--data", str(folder)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert (
        "updates[0].date: 20 Dec 2026 is after its source was published (7 Dec 2026): "
        "a claim can only say what holds by then"
    ) in done.stderr

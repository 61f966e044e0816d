"""The dashboard on a slate too big to draw whole: every page keeps its budget and says so,
and a facet with hundreds of names is searched, not scrolled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from slate.synthetic import synthetic_slate, write_slate_folder
from slate.ui.common import CARD_BUDGET
from slate.ui.filters import LONG_LIST
from tests.test_app import ROOT, open_page, texts

N = 400
# A day by which every synthetic source is out: the whole slate, as generated.
AS_OF = "2027-06-01"


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    write_slate_folder(synthetic_slate(N), folder)
    return folder


@pytest.fixture
def big(big_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("SLATE_DATA", str(big_folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["as_of"] = AS_OF
    yield at


def test_stalled_page_draws_its_budget_of_cards_and_says_how_many_more(big: AppTest) -> None:
    at = open_page(big, "stalled")
    found = re.search(r"(\d+) of the \d+ matching projects are paused", texts(at))
    assert found is not None
    stopped = int(found[1])
    assert stopped > CARD_BUDGET
    assert f"Showing {CARD_BUDGET} of {stopped} stopped projects; narrow the filters" in texts(at)


def test_a_long_cast_list_is_searched_and_a_linked_name_stays_chosen(big: AppTest) -> None:
    at = open_page(big, "slate")
    cast = at.multiselect(key="cast")
    assert len(cast.options) == LONG_LIST
    everyone = {n for p in synthetic_slate(N).projects for c in p.cast for n in [c.name]}
    assert len(everyone) > LONG_LIST
    rare = sorted(everyone - set(cast.options))[0]
    at.text_input(key="cast-find").input(rare.split()[-1]).run()
    narrowed = at.multiselect(key="cast").options
    assert rare in narrowed and len(narrowed) < LONG_LIST
    at.multiselect(key="cast").set_value([rare]).run()
    ids = list(at.dataframe[0].value["id"])
    expected = [p.id for p in synthetic_slate(N).projects if rare in {c.name for c in p.cast}]
    assert ids and sorted(ids) == sorted(expected)


def test_a_linked_name_outside_the_list_is_kept(
    big_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLATE_DATA", str(big_folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    probe = open_page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "slate")
    everyone = {c.name for p in synthetic_slate(N).projects for c in p.cast}
    rare = sorted(everyone - set(probe.multiselect(key="cast").options))[0]
    at.query_params["as_of"] = AS_OF
    at.query_params["cast"] = rare
    at = open_page(at, "slate")
    assert at.multiselect(key="cast").value == [rare]
    assert f"of {N} projects" in texts(at)
    assert len(at.dataframe[0].value) < N

"""The shape of the project, checked: the core never needs streamlit, no raw HTML from data,
every seed file names its schema, and every model field says what it is."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

import slate.models
from tests.conftest import ROOT, SEEDS

SLATE = ROOT / "slate"
UI = SLATE / "ui"
SCHEMA_LINE = "# yaml-language-server: $schema=./schema.json"


def _core_files() -> list[Path]:
    files = sorted(p for p in SLATE.rglob("*.py") if UI not in p.parents)
    assert SLATE / "load" / "__init__.py" in files and SLATE / "query.py" in files
    return files


# Walks the package without importing slate.ui (pkgutil.walk_packages would import it to
# look inside), imports every other module, and reports what got imported.
_IMPORT_ALL = """
import importlib, json, pkgutil, sys
import slate

def walk(path, prefix):
    for info in pkgutil.iter_modules(path, prefix):
        if info.name == "slate.ui" or info.name.startswith("slate.ui."):
            continue
        module = importlib.import_module(info.name)
        yield info.name
        if info.ispkg:
            yield from walk(module.__path__, info.name + ".")

imported = list(walk(slate.__path__, "slate."))
print(json.dumps({
    "imported": imported,
    "streamlit": sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit.")),
}))
"""


def test_importing_the_core_does_not_import_streamlit() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    expected = {
        "slate." + ".".join(p.relative_to(SLATE).with_suffix("").parts).removesuffix(".__init__")
        for p in _core_files()
        if p != SLATE / "__init__.py"
    }
    assert expected <= set(report["imported"])
    assert {"slate.load", "slate.query", "slate.export", "slate.__main__"} <= expected
    assert report["streamlit"] == [], (
        "the data core pulled in streamlit; keep streamlit code in slate/ui/"
    )


def _streamlit_imports(source: str, name: str) -> list[str]:
    """Each import in `source` that brings streamlit in, directly or through slate/ui."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom):
            # A relative import of the ui package from the core would bring streamlit in too.
            dots = "." * node.level
            names = [dots + node.module] if node.module else [dots + a.name for a in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("__import__", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for module in names:
            if re.match(r"(streamlit|slate\.ui|\.+ui)(\.|$)", module):
                found.append(f"{name}:{node.lineno}: {module}")
    return found


def test_no_core_file_imports_streamlit() -> None:
    offenders = [
        hit
        for path in _core_files()
        for hit in _streamlit_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert offenders == [], "streamlit belongs in slate/ui/ only:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit as st",
        "import os, streamlit.components.v1",
        "from streamlit import cache_data",
        "from slate.ui import widgets",
        "from .ui import widgets",
        "from . import ui",
        "def f():\n    import importlib\n    return importlib.import_module('streamlit')",
    ],
)
def test_the_static_check_catches_each_way_in(source: str) -> None:
    assert len(_streamlit_imports(source, "probe.py")) == 1


@pytest.mark.parametrize(
    "source", ["import streamlined", "from slate.query import to_frame", "from .models import ui"]
)
def test_the_static_check_lets_other_imports_be(source: str) -> None:
    assert _streamlit_imports(source, "probe.py") == []


def test_no_raw_html_switched_on_anywhere() -> None:
    files = [*sorted(SLATE.rglob("*.py")), ROOT / "app.py"]
    pattern = re.compile(r"unsafe_allow_html\s*=\s*True")
    scanned = [p for p in files if p.is_file()]
    assert len(scanned) >= 5
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in scanned
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == [], "unsafe_allow_html=True renders data as HTML: " + ", ".join(offenders)


def test_every_seed_file_starts_with_its_schema_line() -> None:
    seeds = sorted([*SEEDS.glob("*.yaml"), *SEEDS.glob("*.yml")])
    assert {p.name for p in seeds} >= {"sources.yaml", "projects.yaml", "events.yaml"}
    wrong = [
        p.name for p in seeds if p.read_text(encoding="utf-8").splitlines()[:1] != [SCHEMA_LINE]
    ]
    assert wrong == [], f"these seed files must start with {SCHEMA_LINE!r}: {wrong}"
    assert (SEEDS / "schema.json").is_file()


MODELS = sorted(
    (
        obj
        for obj in vars(slate.models).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == "slate.models"
        and obj.model_fields
    ),
    key=lambda cls: cls.__name__,
)


def test_the_model_list_is_complete() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"Source", "Credit", "Party", "Obstacle", "Update", "Project", "Event", "Slate"} <= names


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_model_field_has_a_description(model: type[BaseModel]) -> None:
    missing = [name for name, field in model.model_fields.items() if not field.description]
    assert missing == [], (
        f"{model.__name__} fields without a docstring: {missing} "
        "(write a one-line docstring under each field)"
    )


# The layers, lowest first: a module may import from its own layer or any below, never from
# one above, and no modules may import each other in a circle. Data flows up: dates ->
# records -> rules -> tables and pictures -> pages -> the router.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"slate.dates", "slate.words", "slate.memory", "slate.press"}),
    frozenset({"slate.models"}),
    frozenset({"slate.knowledge", "slate.cache"}),
    frozenset({"slate.assess", "slate.claims"}),
    frozenset(
        {
            "slate.load",
            "slate.load.files",
            "slate.load.problems",
            "slate.load.records",
            "slate.load.yamlfile",
            "slate.load.jsonfile",
            "slate.query",
            "slate.timeline",
            "slate.report",
            "slate.store",
            "slate.synthetic",
        }
    ),
    frozenset({"slate.charts", "slate.export", "slate.importer", "slate.calendar", "slate.feed"}),
    frozenset({"slate.__main__", "slate.ui", "slate.web"}),
    frozenset({"app"}),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    name = ".".join(parts).removesuffix(".__init__")
    # Pages are one layer: what matters is that they sit above the core.
    return "slate.ui" if name.startswith("slate.ui.") else name


def _imports_of(path: Path) -> set[str]:
    """The project modules a file imports, anywhere in it (a function's late import too)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _import_graph() -> dict[str, set[str]]:
    files = [*sorted(SLATE.rglob("*.py")), ROOT / "app.py"]
    modules = {_module_name(p) for p in files} - {"slate"}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for path in files:
        name = _module_name(path)
        if name == "slate":
            continue
        for target in _imports_of(path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def test_every_module_has_a_layer() -> None:
    layered = set().union(*LAYERS)
    assert set(_import_graph()) == layered, "add the module to LAYERS in this test"


def test_imports_run_down_the_layers_only() -> None:
    layer = {m: i for i, members in enumerate(LAYERS) for m in members}
    upward = [
        f"{source} (layer {layer[source]}) imports {target} (layer {layer[target]})"
        for source, targets in sorted(_import_graph().items())
        for target in sorted(targets)
        if layer[target] > layer[source]
    ]
    assert upward == [], "imports must run down the layers:\n" + "\n".join(upward)


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = _import_graph()
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == [], "import circles:\n" + "\n".join(circles)


def test_the_graph_check_sees_a_circle() -> None:
    # The check must be able to fail: models importing assess would close a circle.
    graph = _import_graph()
    assert "slate.knowledge" in graph["slate.assess"]
    assert "slate.models" in graph["slate.knowledge"]

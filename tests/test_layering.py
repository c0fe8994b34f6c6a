"""The apps' import graph (DESIGN.md §3): dependencies point one way, ``liaison → merchants →
members → orgs``, with ``config`` wiring everything and imported by none of them; no two modules
of one app import each other, whether at load time or inside a function; and every module imports
cleanly in a fresh interpreter, app by app in dependency order.

The static checks read each module's ``import`` statements with :mod:`ast`, so they see the
modules that the running project never happens to import, and imports inside functions too.
"""

import ast
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The apps from the bottom layer up; an app may import the apps before it, never those after.
# ``config`` is the top: the settings, URLs, API router, admin site and demo data wire the apps.
LAYERS = ("orgs", "members", "merchants", "liaison", "config")


@dataclass(frozen=True)
class Import:
    """One imported module, as named by an ``import`` or ``from ... import`` statement."""

    target: str
    line: int
    # Inside a function: runs on the first call rather than when the module loads, which hides a
    # circle from the interpreter but not from the design.
    deferred: bool
    # Under ``if TYPE_CHECKING:``: never runs, so it cannot close a circle.
    type_only: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    """Every module of the apps, migrations excepted."""
    found = {}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                found[_module_name(path)] = path
    return found


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name of the module a ``from`` statement imports from."""
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    source = _resolve(module, node)
    for alias in node.names:
        # ``from orgs import audit`` imports the module orgs.audit; ``from orgs.audit import
        # record`` imports a name of orgs.audit.
        submodule = f"{source}.{alias.name}"
        yield submodule if submodule in MODULES else source


@functools.cache
def imports_of(module: str) -> tuple[Import, ...]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, deferred: bool, type_only: bool) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _targets(module, node):
                found.append(Import(target, node.lineno, deferred, type_only))
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            deferred = True
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, deferred, True)
            for child in node.orelse:
                visit(child, deferred, type_only)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, deferred, type_only)

    visit(tree, False, False)
    return tuple(found)


def _app(module: str) -> str:
    return module.partition(".")[0]


def upward_imports() -> set[tuple[str, str]]:
    """(module, imported module) pairs where a lower app imports a higher one."""
    rank = {app: index for index, app in enumerate(LAYERS)}
    found = set()
    for module in MODULES:
        for imported in imports_of(module):
            target_app = _app(imported.target)
            if target_app in rank and rank[target_app] > rank[_app(module)]:
                found.add((module, imported.target))
    return found


def _graph(app: str) -> dict[str, dict[str, Import]]:
    """For each module of ``app``: the modules of the same app it imports, with the import."""
    graph: dict[str, dict[str, Import]] = {}
    for module in sorted(m for m in MODULES if _app(m) == app):
        edges: dict[str, Import] = {}
        for imported in imports_of(module):
            if _app(imported.target) != app or imported.type_only:
                continue
            # A load-time import of the same module outweighs a deferred one.
            if imported.target not in edges or edges[imported.target].deferred:
                edges[imported.target] = imported
        graph[module] = edges
    return graph


def import_cycles(app: str) -> list[frozenset[str]]:
    """The circles of modules in ``app`` that import each other, at load time or inside a
    function: the strongly connected components of the import graph with more than one module,
    or a module importing itself (Tarjan's algorithm)."""
    graph = _graph(app)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[frozenset[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph[node]:
                cycles.append(frozenset(component))

    for node in graph:
        if node not in index:
            connect(node)
    return cycles


def _describe(app: str, cycle: frozenset[str]) -> str:
    graph = _graph(app)
    lines = []
    for module in sorted(cycle):
        for target, imported in graph[module].items():
            if target in cycle:
                where = "inside a function" if imported.deferred else "at load time"
                lines.append(f"  {module}:{imported.line} imports {target} ({where})")
    return "\n".join(lines)


def test_the_checks_see_every_kind_of_import() -> None:
    """The reader finds module-level, function-level and relative imports, and tells a
    submodule import from a name import."""
    services = {i.target: i.deferred for i in imports_of("liaison.services")}
    assert services["liaison.selectors"] is False
    assert services["liaison.rules"] is False
    assert services["orgs.models"] is False
    assert {i.target: i.deferred for i in imports_of("liaison.tasks")}["orgs.audit"] is False
    assert {i.target: i.deferred for i in imports_of("liaison.apps")}["liaison.selectors"] is True
    assert "orgs.audit.base" in {i.target for i in imports_of("orgs.models")}
    recording = {i.target for i in imports_of("orgs.audit.recording")}
    assert {"orgs.audit.chain", "orgs.audit.context", "orgs.audit.models"} <= recording


def test_no_app_imports_a_higher_layer() -> None:
    """orgs imports none of the other apps, members neither merchants nor liaison, merchants
    not liaison, and no app imports config — at load time or inside a function."""
    found = sorted(upward_imports())
    assert not found, "\n".join(f"{m} imports {t}" for m, t in found)


@pytest.mark.parametrize("app", LAYERS)
def test_no_modules_of_an_app_import_each_other(app: str) -> None:
    """A circle of load-time imports works or breaks depending on which module is imported
    first, and moving one of its imports into a function only hides it: each circle is broken by
    moving the shared names to the module that owns them."""
    cycles = import_cycles(app)
    assert not cycles, "\n".join(_describe(app, c) for c in cycles)


# Imports every module, app by app in dependency order, after ``django.setup()``; prints the
# modules that failed, with the error, as JSON.
_IMPORT_ALL = """
import importlib, json, sys, traceback
import django
django.setup()
failed = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps(failed))
"""


@pytest.mark.slow
def test_every_module_imports_in_a_fresh_interpreter_in_dependency_order() -> None:
    """Including the modules nothing imports at start-up (commands, tasks, demo data): a module
    that only imports after another has been loaded, or not at all, fails here."""
    ordered = sorted(MODULES, key=lambda m: (LAYERS.index(_app(m)), m))
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, json.dumps(ordered)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.returncode == 0, result.stderr
    failed = json.loads(result.stdout.strip().splitlines()[-1])
    assert not failed, "\n".join(f"{name}:\n{error}" for name, error in failed.items())

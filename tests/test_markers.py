"""The ``e2e`` mark stays true: a test that can start Dredd or a server carries it.

``pytest -m "not e2e"`` is the inner loop, so an unmarked test that starts Dredd would
make it slow, and a marked test that starts nothing would hide a fast test from it. A
test module that imports one of the names that start those processes must be marked,
at module level or on every test function that uses the name.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: What starts Dredd, a server process or the hooks handler, by the name tests import.
STARTERS = frozenset(
    {
        "WarmHandler",
        "conform",
        "copy_repository",
        "ensure_dredd",
        "reference_server",
        "run_contract",
        "started_server",
    }
)


def _marked(decorators: list[ast.expr]) -> bool:
    return any(ast.unparse(d) == "pytest.mark.e2e" for d in decorators)


def _module_marked(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            return "pytest.mark.e2e" in ast.unparse(node.value)
    return False


def _names_used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def unmarked_starters(path: Path) -> list[str]:
    """The tests of ``path`` that use a starter without the mark (all of them, by name,
    when a starter is used outside test functions, e.g. in a fixture)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    } & STARTERS
    if not imported or _module_marked(tree):
        return []
    tests = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    elsewhere = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node not in tests
    ]
    if any(_names_used(node) & imported for node in elsewhere):
        return [f"{path.name} (a helper or fixture uses {sorted(imported)})"]
    return [
        f"{path.name}::{test.name}"
        for test in tests
        if _names_used(test) & imported and not _marked(test.decorator_list)
    ]


def test_every_test_that_starts_dredd_or_a_server_is_marked_e2e() -> None:
    unmarked = [
        found
        for path in sorted(TESTS.rglob("test_*.py"))
        if path != Path(__file__)
        for found in unmarked_starters(path)
    ]
    assert not unmarked, "mark these e2e (pytestmark = pytest.mark.e2e): " + ", ".join(unmarked)


def test_the_check_finds_an_unmarked_starter(tmp_path: Path) -> None:
    path = tmp_path / "test_example.py"
    path.write_text(
        "from harness.testing import reference_server\n\n"
        "def test_fast():\n    assert True\n\n"
        "def test_slow():\n    with reference_server('x', 'y'):\n        pass\n",
        encoding="utf-8",
    )
    assert unmarked_starters(path) == ["test_example.py::test_slow"]
    path.write_text(
        "import pytest\nfrom harness.testing import reference_server\n\n"
        "pytestmark = pytest.mark.e2e\n\n"
        "def test_slow():\n    with reference_server('x', 'y'):\n        pass\n",
        encoding="utf-8",
    )
    assert unmarked_starters(path) == []

"""The copy the mutants are made in (``mutation.tree``): the working tree as it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mutation.tree import copy_working_tree, describe


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def repository(root: Path) -> Path:
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "tests@example.com")
    git(root, "config", "user.name", "tests")
    (root / ".gitignore").write_text("reports/\n*.log\n")
    (root / "server").mkdir()
    for name in ("server/rules.py", "server/views.py", "server/gone.py"):
        (root / name).write_text(f"# {name}, committed\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return root


def test_the_copy_is_the_working_tree_with_its_uncommitted_changes(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo")
    assert not describe(root).endswith(" with uncommitted changes")
    (root / "server/rules.py").write_text("# changed, not committed\n")
    (root / "server/new.py").write_text("# new, not added\n")
    (root / "server/gone.py").unlink()
    (root / "reports").mkdir()
    (root / "reports/mutation.md").write_text("ignored\n")
    (root / "run.log").write_text("ignored\n")
    (root / "node_modules").mkdir()

    copy = copy_working_tree(root, tmp_path / "copy")

    files = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert files == [".gitignore", "server/new.py", "server/rules.py", "server/views.py"]
    assert (copy / "server/rules.py").read_text() == "# changed, not committed\n"
    assert (copy / "node_modules").is_symlink()
    assert (copy / "node_modules").resolve() == (root / "node_modules").resolve()
    assert describe(root).endswith(" with uncommitted changes")


def test_changing_the_copy_leaves_the_working_tree_alone(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo")
    copy = copy_working_tree(root, tmp_path / "copy")
    (copy / "server/rules.py").write_text("# mutated\n")
    assert (root / "server/rules.py").read_text() == "# server/rules.py, committed\n"

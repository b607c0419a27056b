"""A copy of the working tree for the mutants: cosmic-ray rewrites modules in place.

What is measured is the working tree as it is, uncommitted changes included: every file
git knows (tracked, or new and not ignored) that exists, as it is on disk. Ignored files
(virtualenvs, reports, caches) are not copied; ``node_modules`` is linked, not copied
(the pinned Dredd, only read), and the contract's compile cache is copied when present
(keyed by the contract's content, so it can only save the compilation).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

COMPILE_CACHE = Path("blueprint/build/.transactions.json")


def known_files(root: Path) -> list[Path]:
    """The working tree's files git knows, relative to ``root``; deleted ones left out."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    names = sorted(set(filter(None, listed.split("\0"))))
    return [Path(name) for name in names if (root / name).is_file()]


def copy_working_tree(root: Path, target: Path) -> Path:
    """Copy ``root``'s working tree into ``target`` (created); ``target``."""
    target.mkdir(parents=True)
    for name in [*known_files(root), COMPILE_CACHE]:
        if (root / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target / name)
    if (root / "node_modules").is_dir():
        (target / "node_modules").symlink_to((root / "node_modules").resolve())
    return target


def describe(root: Path) -> str:
    """The commit the tree is at, and whether files differ from it."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=normal"],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{commit or 'no commit'}" + (" with uncommitted changes" if changed else "")

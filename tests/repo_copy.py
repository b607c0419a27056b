"""A throwaway copy of the repository, for tests that change blueprint, hooks or server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def copy_repository(target: Path) -> Path:
    """The files git knows (tracked, or new and not ignored), plus a link to node_modules."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    return target


def harness(copy: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``harness ARGS`` run in ``copy``, on the copy's own code."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )

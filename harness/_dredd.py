"""Installing and invoking the project's pinned Dredd."""

from __future__ import annotations

import fcntl
import shutil
import subprocess

from harness._paths import DREDD_BIN, PROJECT_ROOT
from harness.errors import ToolchainError


def ensure_dredd() -> str:
    """The pinned Dredd from ``package-lock.json``, installed with ``npm ci`` when missing
    or older than the lock file."""
    with open(PROJECT_ROOT / ".dredd-install.lock", "w") as lock_file:
        # One install at a time: two runs from a fresh checkout must not both run npm ci.
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        return _install_if_needed()


def _install_if_needed() -> str:
    lock = PROJECT_ROOT / "package-lock.json"
    installed = PROJECT_ROOT / "node_modules" / ".package-lock.json"
    if (
        DREDD_BIN.exists()
        and installed.exists()
        and installed.stat().st_mtime >= lock.stat().st_mtime
    ):
        return str(DREDD_BIN)
    npm = shutil.which("npm")
    if npm is None:
        raise ToolchainError("npm is not on PATH: install Node.js 20 (it ships npm)")
    # npm's progress ("added 227 packages") goes to stderr: stdout is the command's answer
    # (``harness names`` is read by scripts), which a first run on a fresh clone must not change.
    installed_by = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PROJECT_ROOT,
        check=False,
        stdout=2,  # the process's stderr, even where sys.stderr is replaced
    )
    if installed_by.returncode != 0:
        raise ToolchainError(
            f"npm ci (installing the pinned Dredd) failed with status {installed_by.returncode};"
            " its output is above"
        )
    return str(DREDD_BIN)

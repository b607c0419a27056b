"""Two contract runs started at the same moment on one machine both pass.

Each is a separate ``harness run`` process, as two developers (or two CI jobs) would
start them: each must get its own server port, its own hooks-handler port (the stock
handler always took 61321), its own database and its own report files (``--reports``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.testing import PROJECT_ROOT, ensure_dredd, read_xunit

pytestmark = pytest.mark.e2e

SUMMARY = re.compile(
    r"contract: (\d+) passed, (\d+) failed, (\d+) errors, (\d+) skipped, (\d+) of (\d+)"
)


def test_two_runs_at_once_both_pass(tmp_path: Path) -> None:
    # Install Dredd first if needed: two runs that both find it missing would both run
    # `npm ci` into the same node_modules (a separate problem from running at once).
    ensure_dredd()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CONTRACT_RESULTS", None)
    runs = {}
    for name in ("first", "second"):
        reports = tmp_path / name
        output = (tmp_path / f"{name}.txt").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "harness.cli", "run", "--reports", str(reports)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        runs[name] = (process, output, reports)

    for name, (process, output, reports) in runs.items():
        try:
            code = process.wait(timeout=600)
        finally:
            output.close()
        text = (tmp_path / f"{name}.txt").read_text(errors="replace")
        assert code == 0, f"{name} run failed:\n{text[-4000:]}"
        summary = SUMMARY.search(text)
        assert summary, text[-4000:]
        passed, failed, errors, skipped, total, expected = map(int, summary.groups())
        assert (failed, errors, skipped) == (0, 0, 0)
        assert passed == total == expected > 0
        report = read_xunit(reports / "contract.xml")
        assert report.count("passed") == report.total == expected

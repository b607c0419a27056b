"""What killed a mutant, read from the test command's output (``mutation.verdict``).

The lines read are the harness's own: ``judge`` and ``summary`` of a run that
``--fail-fast`` stopped, and the error line ``harness`` prints when a run breaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import testing
from harness.contract import ContractRun, judge, summary
from mutation import verdict
from mutation.contract_test import TRAILER

NAME = "Discount Codes > Discount Code Collection > List All Discount Codes"


def stopped_run_output() -> str:
    """What ``harness run --fail-fast`` ends with when a transaction failed."""
    cases = [testing.TestCase("Log In", 0.1, "passed"), testing.TestCase(NAME, 0.1, "failed")]
    report = testing.ContractReport(cases)
    run = ContractRun(181, report, 2.5, -15, [Path("/tmp/reports/contract.md")], stopped_at=NAME)
    run.problems = judge(run)
    coloured = f"[  2/181] \x1b[31mfail\x1b[39m: {NAME} duration: 63ms"
    return "\n".join([coloured, summary(run), TRAILER.format(code=1, seconds=2.71)])


def test_a_transaction_that_stopped_the_run_killed_the_mutant() -> None:
    found = verdict.read(stopped_run_output())
    assert found == verdict.Verdict(verdict.TRANSACTION, NAME, 2.71)


def test_a_server_that_did_not_start_is_a_broken_run() -> None:
    output = "harness: the reference server exited with status 1\n" + TRAILER.format(
        code=2, seconds=1.5
    )
    found = verdict.read(output)
    assert found == verdict.Verdict(
        verdict.BROKEN_RUN, "the reference server exited with status 1", 1.5
    )


def test_anything_else_is_told_by_its_last_line() -> None:
    output = "Traceback (most recent call last):\n  ...\nImportError: no such name\n"
    assert verdict.read(output) == verdict.Verdict(
        verdict.BROKEN_RUN, "ImportError: no such name", None
    )
    assert verdict.read("") == verdict.Verdict("", "", None)


@pytest.mark.parametrize(
    "output",
    [
        stopped_run_output(),
        "noise\nharness: fix the hooks first (harness hooks check)\nmore\n"
        + TRAILER.format(code=1, seconds=3.0),
        "Traceback (most recent call last):\nKeyError: 'x'\n",
        "timeout",
        "",
    ],
)
def test_the_kept_lines_give_the_same_verdict(output: str) -> None:
    kept = verdict.essentials(output)
    assert verdict.read(kept) == verdict.read(output)
    assert len(kept.splitlines()) <= 2

"""``harness run --fail-fast``: Dredd is stopped at the first failing transaction.

Dredd 14 has no bail option; the harness reads Dredd's result lines as they come and
ends Dredd at the first ``fail:`` or ``error:`` line naming a transaction of the run.
The mutation run (``mutation/``) relies on it: a mutant the contract kills costs the
run's start and the transactions up to the first failure, not the whole contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from repo_copy import copy_repository, harness

from harness import blueprint
from harness.contract import select
from harness.testing import compile_contract, failed_transaction

pytestmark = pytest.mark.e2e

COLLECTION = "Discount Codes > Discount Code Collection > "
LIST_ALL = COLLECTION + "List All Discount Codes"


def test_a_fail_or_error_result_line_names_its_transaction() -> None:
    assert failed_transaction(f"\x1b[31mfail\x1b[39m: {LIST_ALL} duration: 63ms") == LIST_ALL
    assert failed_transaction(f"error: {LIST_ALL} duration: 5ms") == LIST_ALL
    assert failed_transaction(f"\x1b[32mpass\x1b[39m: {LIST_ALL} duration: 9ms") is None
    assert failed_transaction(f"skip: {LIST_ALL}") is None
    assert failed_transaction("warn: something Dredd says") is None


def test_fail_fast_stops_at_the_first_failure_and_fails_the_run(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path / "copy")
    permissions = copy / "reference_server/permissions.py"
    check = "    if not user.is_admin:\n"
    assert check in permissions.read_text()
    # Every admin route now refuses the admin: "List All Discount Codes" (as the admin)
    # is the first of the selected transactions to fail; many after it would too.
    permissions.write_text(permissions.read_text().replace(check, "    if user.is_admin:\n"))
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "contract.xml").write_text("<testsuite/>")  # an earlier run's report

    result = harness(
        copy, "run", "--fail-fast", "Discount Code Collection", "--reports", str(reports)
    )

    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    out = result.stdout
    stopped = "contract: FAILED: stopped at the first failure (--fail-fast), after "
    assert stopped in out and out.rstrip().endswith(f"transactions: {LIST_ALL}")
    ran = int(out.split(stopped)[1].split(" of ")[0])
    selected = int(out.split(stopped)[1].split(" of ")[1].split()[0])
    assert 1 <= ran < selected
    assert f" 0 skipped, {ran} of {selected} expected transactions" in out
    # Dredd was stopped inside its xunit report: none is left, not even the earlier one.
    assert not (reports / "contract.xml").exists()
    assert LIST_ALL in (reports / "contract.md").read_text()


def test_without_a_failure_fail_fast_runs_every_selected_transaction(tmp_path: Path) -> None:
    copy, reports = copy_repository(tmp_path / "copy"), tmp_path / "reports"
    transactions = compile_contract(blueprint.build()).transactions
    selected = len(select(transactions, ["Discount Code Detail"]))
    assert selected > 1

    result = harness(copy, "run", "--fail-fast", "Discount Code Detail", "--reports", str(reports))

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    counts = f"{selected} passed, 0 failed, 0 errors, 0 skipped, {selected} of {selected} expected"
    assert f"contract: {counts}" in result.stdout
    assert (reports / "contract.xml").exists()

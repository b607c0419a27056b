"""``harness names``, ``hooks check`` and ``run PATTERN``: on the repository, on broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from repo_copy import PROJECT_ROOT, copy_repository, harness

pytestmark = pytest.mark.e2e

LIST_ALL = "Discount Codes > Discount Code Collection > List All Discount Codes"


def test_names_lists_every_transaction_by_group_with_the_count() -> None:
    result = harness(PROJECT_ROOT, "names")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Authentication ("), (result.stdout[:500], result.stderr[-2000:])
    assert f"  {LIST_ALL}" in lines
    declared = sum(
        line.startswith("+ Response ")
        for line in (PROJECT_ROOT / "blueprint/build/contract.apib").read_text().splitlines()
    )
    assert lines[-1] == f"{declared} transactions"


def test_hooks_check_passes_on_the_repository() -> None:
    result = harness(PROJECT_ROOT, "hooks", "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_check_names_a_misspelling_a_missing_hook_and_a_dropped_transaction(
    tmp_path: Path,
) -> None:
    copy = copy_repository(tmp_path)
    hook_file = copy / "hooks/discount_codes.py"
    text = hook_file.read_text()
    # A misspelled hook name: it would silently never run under bare Dredd.
    decorator = '@scenario(COLLECTION + "List All Discount Codes"'
    assert decorator in text
    text = text.replace(decorator, '@scenario(COLLECTION + "List All Discount Code"')
    # A removed hook.
    removed = 'scenario(DETAIL + "Get Discount Code Detail of a Missing Event")(nothing_as(admin))'
    assert text.count(removed) == 1
    text = text.replace(removed, "")
    hook_file.write_text(text)
    # A URI parameter without its example: Dredd drops the transactions with a warning.
    apib = copy / "blueprint/20-discount-codes.apib"
    example = "+ ticket_id: 2 (number, required) - Id of the ticket."
    assert example in apib.read_text()
    apib.write_text(apib.read_text().replace(example, "+ ticket_id (number, required)"))

    result = harness(copy, "hooks", "check")

    assert result.returncode == 1
    out = result.stdout
    assert (
        f"unknown-name: @before hook matches no transaction: {LIST_ALL[:-1]}"
        f" (did you mean: {LIST_ALL})"
    ) in out
    assert f"no-hook: no hook for transaction: {LIST_ALL}\n" in out
    missing = (
        "Discount Codes > Get Discount Code Detail of an Event > Get Discount Code Detail of a"
        " Missing Event"
    )
    assert f"no-hook: no hook for transaction: {missing}\n" in out
    assert "dropped: Dredd compiles" in out and "ticket_id" in out


def test_run_pattern_runs_only_the_matching_transactions(tmp_path: Path) -> None:
    result = harness(PROJECT_ROOT, "run", "Discount Code Detail", "--reports", str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "contract: 16 passed, 0 failed, 0 errors, 0 skipped, 16 of 16 expected" in result.stdout
    xunit = (tmp_path / "contract.xml").read_text()
    assert xunit.count("<testcase") - xunit.count("<skipped") == 16
    assert (tmp_path / "contract.md").exists() and (tmp_path / "contract.html").exists()


def test_run_stops_before_dredd_when_the_hooks_do_not_match(tmp_path: Path) -> None:
    # The hook files load in a warm process beside the server; what they registered is
    # checked before Dredd starts.
    copy = copy_repository(tmp_path / "copy")
    hook_file = copy / "hooks/discount_codes.py"
    decorator = '@scenario(COLLECTION + "List All Discount Codes"'
    hook_file.write_text(
        hook_file.read_text().replace(decorator, '@scenario(COLLECTION + "List All Discount Code"')
    )
    reports = tmp_path / "reports"

    result = harness(copy, "run", "--reports", str(reports))

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"no-hook: no hook for transaction: {LIST_ALL}\n" in result.stderr
    assert "harness: fix the hooks first (harness hooks check)" in result.stderr
    assert "complete:" not in result.stdout and not (reports / "contract.xml").exists()


def test_run_stops_with_the_traceback_when_a_hook_file_fails_to_load(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path / "copy")
    hook_file = copy / "hooks/users.py"
    hook_file.write_text(hook_file.read_text() + "\nraise RuntimeError('seed data missing')\n")

    result = harness(copy, "run", "--reports", str(tmp_path / "reports"))

    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback (most recent call last):" in result.stderr
    assert "raise RuntimeError('seed data missing')" in result.stderr
    assert "hook files failed to load: RuntimeError: seed data missing" in result.stderr
    assert "complete:" not in result.stdout


def test_hooks_check_names_a_hook_file_that_fails_to_load(tmp_path: Path) -> None:
    """The author's mistake, with its traceback: not reported as a bug of the harness."""
    copy = copy_repository(tmp_path / "copy")
    hook_file = copy / "hooks/users.py"
    hook_file.write_text(hook_file.read_text() + "\nraise NameError('RELATED')\n")

    result = harness(copy, "hooks", "check")

    assert result.returncode == 2, result.stdout + result.stderr
    assert "raise NameError('RELATED')" in result.stderr
    assert result.stderr.rstrip().endswith(
        "harness: the hook file hooks/users.py failed to load: NameError: RELATED"
    )
    assert "bug of the harness" not in result.stderr

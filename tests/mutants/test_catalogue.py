"""Runs the whole contract against every mutant and checks the named transactions fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness._server import reference_server
from harness.contract import run_contract
from tests.mutants import CAUGHT, MUTANTS, catalogue  # noqa: F401  (catalogue registers them)


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_contract_catches_mutant(name: str, tmp_path: Path) -> None:
    mutant = MUTANTS[name]
    database_url = f"sqlite:///{tmp_path / 'mutant.sqlite3'}"
    with reference_server(
        database_url, tmp_path / "server.log", module=("tests.mutants", name)
    ) as endpoint:
        run = run_contract(
            database_url=database_url, endpoint=endpoint, reports_dir=tmp_path, quiet=True
        )
    failed = run.failed_names()
    CAUGHT[name] = bool(failed)
    missed = [transaction for transaction in mutant.caught_by if transaction not in failed]
    assert not missed, f"{mutant.planted} - not caught by: {missed}"
    assert run.report.total == run.expected, run.problems

"""Runs ``harness conform`` against every mutant and checks the named transactions fail.

Each mutant is served as its own process, as a third-party implementation would be; the
sql seeder writes its database (the mutants share the reference schema), and the
server's signing key is given so expired-token rules are checked too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness._server import reference_server
from harness.conform import conform
from reference_server.config import DEFAULT_JWT_SECRET
from tests.mutants import CAUGHT, MUTANTS, catalogue  # noqa: F401  (catalogue registers them)


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_conformance_catches_mutant(name: str, tmp_path: Path) -> None:
    mutant = MUTANTS[name]
    database_url = f"sqlite:///{tmp_path / 'mutant.sqlite3'}"
    with reference_server(
        database_url, tmp_path / "server.log", module=("tests.mutants", name)
    ) as endpoint:
        result = conform(
            endpoint,
            "sql",
            database_url=database_url,
            jwt_secret=DEFAULT_JWT_SECRET,
            reports_dir=tmp_path,
            quiet=True,
        )
    failed = result.failed_names()
    CAUGHT[name] = sorted(failed)
    assert not result.problems, result.problems
    assert not result.not_checked_names(), "with the sql seeder and the key, all is checked"
    missed = [transaction for transaction in mutant.caught_by if transaction not in failed]
    assert not missed, f"{mutant.planted} - not caught by: {missed}"
    assert not result.conforms
    assert (tmp_path / "conformance.md").read_text().startswith("# Conformance report")

"""Runs ``harness conform`` against every mutant and checks the named transactions fail.

Each mutant is served as its own process, as a third-party implementation would be; the
sql seeder writes its database (the mutants share the reference schema), and the
server's signing key is given so expired-token rules are checked too. The unmutated
reference server must pass every transaction a mutant names (the whole contract runs
against it), or the catch proves nothing.

Against a mutant, only the transactions it names run (and those whose names contain
theirs): they are what the test asserts, and the rest of the contract would cost each
mutant ten seconds more. ``--whole-contract`` runs every transaction against each, to
report everything that catches it (``reports/mutation-score.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from harness.conform import Conformance, conform
from harness.testing import reference_server
from reference_server.config import DEFAULT_JWT_SECRET
from tests.mutants import CAUGHT, MUTANTS, catalogue  # noqa: F401  (catalogue registers them)

pytestmark = pytest.mark.e2e


def _conform(module: tuple[str, ...], tmp_path: Path, patterns: Sequence[str] = ()) -> Conformance:
    """``harness conform --seeder sql`` against ``python -m MODULE`` served on its own."""
    database_url = f"sqlite:///{tmp_path / 'mutant.sqlite3'}"
    with reference_server(database_url, tmp_path / "server.log", module=module) as endpoint:
        return conform(
            endpoint,
            "sql",
            database_url=database_url,
            jwt_secret=DEFAULT_JWT_SECRET,
            patterns=patterns,
            reports_dir=tmp_path,
            quiet=True,
        )


def test_reference_server_passes_what_the_mutants_name(tmp_path: Path) -> None:
    """A named transaction must exist and pass against the reference server: one that
    fails there anyway would catch nothing."""
    result = _conform(("reference_server",), tmp_path)
    named = {transaction for mutant in MUTANTS.values() for transaction in mutant.caught_by}
    unknown = named - {r.name for r in result.run.results}
    assert not unknown, f"no such transactions: {sorted(unknown)}"
    failing = named & result.failed_names()
    assert not failing, f"these fail against the reference server too: {sorted(failing)}"


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_conformance_catches_mutant(
    name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    mutant = MUTANTS[name]
    assert mutant.caught_by, "a mutant names the transactions that catch it"
    patterns = () if request.config.getoption("whole_contract") else mutant.caught_by
    result = _conform(("tests.mutants", name), tmp_path, patterns)
    failed = result.failed_names()
    CAUGHT[name] = sorted(failed)
    assert not result.problems, result.problems
    assert not result.not_checked_names(), "with the sql seeder and the key, all is checked"
    missed = [transaction for transaction in mutant.caught_by if transaction not in failed]
    assert not missed, f"{mutant.planted} - not caught by: {missed}"
    assert not result.conforms
    assert (tmp_path / "conformance.md").read_text().startswith("# Conformance report")

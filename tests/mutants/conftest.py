"""Collects which mutants the contract caught and prints the mutation score at the end."""

from __future__ import annotations

import pytest

from tests.mutants import CAUGHT


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CAUGHT:
        return
    caught = sum(CAUGHT.values())
    terminalreporter.section("contract mutation score")
    for name, was_caught in sorted(CAUGHT.items()):
        terminalreporter.write_line(f"  {'caught' if was_caught else 'MISSED'}  {name}")
    terminalreporter.write_line(
        f"mutation score: {caught}/{len(CAUGHT)} planted bugs caught ({caught / len(CAUGHT):.0%})"
    )

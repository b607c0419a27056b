"""The catalogue's score: what the contract caught of each mutant, printed at the end of
the session and written, with what caught each mutant, to ``reports/mutation-score.md``.

``tests/conftest.py`` calls these from pytest's hooks; with several workers (``-n``), each
worker's catches are sent to the controller, which prints and writes the whole score.
"""

from __future__ import annotations

import pytest

from harness.testing import REPORTS_DIR
from tests.mutants import CAUGHT, MUTANTS, catalogue  # noqa: F401  (registers the mutants)


def score_lines() -> list[str]:
    caught = sum(bool(failed) for failed in CAUGHT.values())
    return [
        f"mutation score: {caught}/{len(CAUGHT)} planted bugs caught ({caught / len(CAUGHT):.0%})"
        + ("" if len(CAUGHT) == len(MUTANTS) else f" ({len(MUTANTS)} in the catalogue)")
    ]


def write_report() -> None:
    lines = ["# Mutation score of the contract", "", f"**{score_lines()[0]}**", ""]
    lines += [
        "Each mutant is the reference server with one bug planted (`tests/mutants/catalogue.py`);",
        "`harness conform --seeder sql` ran the transactions it names against it (with"
        " `--whole-contract`: every transaction).",
        "",
        "| mutant | planted bug | caught by (transactions that failed) |",
        "|---|---|---|",
    ]
    for name, failed in sorted(CAUGHT.items()):
        shown = "<br>".join(failed) if failed else "**MISSED**"
        lines.append(f"| {name} | {MUTANTS[name].planted} | {shown} |")
    REPORTS_DIR.mkdir(exist_ok=True)
    (REPORTS_DIR / "mutation-score.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def summarize(terminalreporter: pytest.TerminalReporter) -> None:
    if not CAUGHT:
        return
    terminalreporter.section("contract mutation score")
    for name, failed in sorted(CAUGHT.items()):
        verdict = f"caught by {len(failed)} transaction(s)" if failed else "MISSED"
        terminalreporter.write_line(f"  {name}: {verdict}")
    for line in score_lines():
        terminalreporter.write_line(line)
    write_report()
    terminalreporter.write_line(f"written to {REPORTS_DIR / 'mutation-score.md'}")

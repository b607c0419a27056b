"""The equivalence list applied, the score, and the reports (``assess``, ``report``)."""

from __future__ import annotations

import json
from pathlib import Path

from mutation_fixture import example_mutants, one

from mutation import report
from mutation.assess import EQUIVALENT, assess
from mutation.mutants import INCOMPETENT, KILLED, SKIPPED, SURVIVED, TIMED_OUT
from mutation.selectors import Selector, naming

FACTS = report.RunFacts(
    tree="abc1234",
    modules=["price.py"],
    test_command="python check.py",
    workers=2,
    baseline_seconds=0.1,
    timeout_seconds=2.0,
    wall_seconds=90.0,
    started="2026-01-01 00:00 UTC",
    tool="cosmic-ray 8.7.0",
    equivalents_file="equivalent.toml",
)
DECORATOR = Selector("price.py", "core/RemoveDecorator", "@functools.cache", note="pure: a cache")


def test_a_declared_survivor_is_equivalent_and_out_of_the_score() -> None:
    mutants = example_mutants()
    plain, declared = assess(mutants, []), assess(mutants, [DECORATOR])
    assert plain.counts()[EQUIVALENT] == 0 and declared.counts()[EQUIVALENT] == 1
    assert declared.counts()[SURVIVED] == plain.counts()[SURVIVED] - 1
    counts = declared.counts()
    run = sum(counts.values())
    assert run == len([m for m in mutants if m.outcome != SKIPPED])
    expected = (counts[KILLED] + counts[TIMED_OUT]) / (
        run - counts[EQUIVALENT] - counts[INCOMPETENT]
    )
    assert declared.score() == expected > plain.score()


def test_a_declaration_that_matches_a_killed_mutant_or_nothing_is_reported() -> None:
    mutants = example_mutants()
    killed = naming(one("ReplaceComparisonOperator_Gt_Eq", "if percent == 100:"), mutants)
    nothing = Selector("price.py", "core/AddNot", "if never:", note="stale")
    assessed = assess(mutants, [killed, nothing])
    assert [s for s, _ in assessed.wrongly_declared] == [killed]
    assert assessed.unmatched == [nothing]
    assert assessed.counts()[EQUIVALENT] == 0
    text = report.markdown(assessed, FACTS)
    assert f"- declared equivalent but killed: {killed.describe()}" in text
    assert f"- matches no mutant of this run: {nothing.describe()}" in text


def test_the_markdown_shows_every_survivor_with_its_line_operator_and_diff() -> None:
    assessed = assess(example_mutants(), [DECORATOR])
    text = report.markdown(assessed, FACTS)
    survivors = assessed.with_outcome(SURVIVED)
    assert f"## Survivors ({len(survivors)})" in text
    for mutant in survivors:
        assert f"line {mutant.line}, `{mutant.operator}` (occurrence {mutant.occurrence})" in text
        changed = [line for line in mutant.diff.splitlines() if line[:1] in ("-", "+")]
        removed = next(line for line in changed if not line.startswith(("---", "+++")))
        assert f"  {removed}" in text
    assert "## Equivalent mutants (1)" in text and "pure: a cache" in text
    counts = assessed.counts()
    assert f"| survived | {counts[SURVIVED]} |" in text
    assert f"| timed out (counted as killed) | {counts[TIMED_OUT]} |" in text
    assert "| incompetent (not valid Python, or cosmic-ray could not test it) | 10 |" in text
    assert "## Not run (13)" in text and "| not in the sample | 13 | `price.py` 13 |" in text


def test_the_json_holds_every_mutant_and_reads_back_into_the_same_reports(
    tmp_path: Path,
) -> None:
    assessed = assess(example_mutants(), [DECORATOR])
    md, js = report.write(assessed, FACTS, tmp_path, "mutation")
    data = json.loads(js.read_text())
    assert data["score"] == assessed.score()
    assert data["totals"][EQUIVALENT] == 1
    assert len(data["mutants"]) == len(example_mutants())
    (decorator,) = [m for m in data["mutants"] if m["outcome"] == EQUIVALENT]
    assert decorator["equivalent_reason"] == "pure: a cache" and decorator["line"] == 27
    mutants, facts = report.load(js)
    again = assess(mutants, [DECORATOR])
    assert facts == FACTS
    assert report.markdown(again, facts) == md.read_text()
    assert report.as_json(again, facts) == data

"""Reading ``cosmic-ray dump``: outcomes, changed lines, order (``mutation.mutants``).

The fixture is a real cosmic-ray run over ``example/price.py`` (``example/regenerate.py``).
"""

from __future__ import annotations

from collections import Counter

from mutation_fixture import EXAMPLE, example_mutants, one

from mutation.mutants import (
    INCOMPETENT,
    KILLED,
    SKIPPED,
    SURVIVED,
    TIMED_OUT,
    Change,
    first_change,
)


def test_every_outcome_of_the_run_is_told_apart() -> None:
    counts = Counter(m.outcome for m in example_mutants())
    assert set(counts) == {KILLED, SURVIVED, TIMED_OUT, INCOMPETENT, SKIPPED}
    assert sum(counts.values()) == len((EXAMPLE / "session.jsonl").read_text().splitlines())


def test_a_survivor_keeps_its_line_and_both_versions_of_it() -> None:
    mutant = one("ReplaceComparisonOperator_Gt_GtE", "if percent >= 100:")
    assert mutant.outcome == SURVIVED
    assert mutant.module == "price.py" and mutant.definition == "discounted"
    assert mutant.change == Change(12, "if percent > 100:", "if percent >= 100:")
    assert mutant.line == mutant.start_line == 12
    assert "-    if percent > 100:" in mutant.diff and "+    if percent >= 100:" in mutant.diff


def test_a_run_past_the_timeout_is_timed_out_not_killed() -> None:
    # steps -= 0 never ends the loop; cosmic-ray reports it killed, with "timeout".
    mutant = one("NumberReplacer", "steps -= 0")
    assert mutant.outcome == TIMED_OUT and mutant.output == "timeout"
    assert one("NumberReplacer", "steps -= 2").outcome == KILLED


def test_a_removed_decorator_is_its_line_and_nothing_after() -> None:
    (mutant,) = [m for m in example_mutants() if m.operator == "core/RemoveDecorator"]
    # The diff removes the blank lines before it too: those are passed over.
    assert mutant.change == Change(27, "@functools.cache", "")
    assert mutant.outcome == SURVIVED  # a cache on a pure function: nothing to see


def test_mutants_recorded_before_the_run_keep_their_reason() -> None:
    incompetent = [m for m in example_mutants() if m.outcome == INCOMPETENT]
    assert incompetent and all(m.output.startswith("not valid Python") for m in incompetent)
    assert all(m.change.before.startswith("def between(") for m in incompetent)
    skipped = [m for m in example_mutants() if m.outcome == SKIPPED]
    assert skipped and {m.definition for m in skipped} == {"twice"}
    assert all(m.change is None and m.line == m.start_line for m in skipped)


def test_mutants_come_ordered_by_module_line_and_operator() -> None:
    order = [(m.module, m.start_line, m.operator, m.occurrence) for m in example_mutants()]
    assert order == sorted(order)


def test_a_diff_without_a_hunk_has_no_change() -> None:
    assert first_change("") is None
    assert first_change("--- mutation diff ---\n--- a/x.py\n+++ b/x.py") is None

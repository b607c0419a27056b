"""The mutants ``mutation.selection`` leaves out, against what they did when they ran.

The fixture's run did not apply the selection: every mutant there was run, so the
reasons can be checked against real outcomes.
"""

from __future__ import annotations

from collections import defaultdict

from mutation_fixture import EXAMPLE, example_mutants

from mutation.mutants import KILLED, SKIPPED, SURVIVED
from mutation.selection import ANNOTATION, DUPLICATE, ModuleFacts, not_run, reason_not_to_run


def left_out() -> dict[str, str]:
    return not_run([m for m in example_mutants() if m.outcome != SKIPPED], EXAMPLE)


def test_annotation_mutants_are_left_out_and_every_one_survived_when_run() -> None:
    mutants = {m.job_id: m for m in example_mutants()}
    annotation = [mutants[job] for job, why in left_out().items() if why == ANNOTATION]
    assert len(annotation) == 11  # str | None, the other eleven binary operators
    assert {m.change.before for m in annotation} == {"def label(code: str | None) -> str:"}
    assert {m.outcome for m in annotation} == {SURVIVED}


def test_concatenation_duplicates_fail_exactly_as_the_add_sub_mutant_that_is_run() -> None:
    mutants = {m.job_id: m for m in example_mutants()}
    duplicates = [mutants[job] for job, why in left_out().items() if why == DUPLICATE]
    by_line: dict[str, set[str]] = defaultdict(set)
    for mutant in duplicates:
        by_line[mutant.change.before].add(mutant.operator.removeprefix("core/"))
    # "code " + ...: a literal on the left without %, so Add_Mod cannot format: left out.
    assert "ReplaceBinaryOperator_Add_Mod" in by_line['return "code " + (code or "?")']
    # ATTRIBUTES + "price": a name on the left might hold a %: Add_Mod is run too.
    assert "ReplaceBinaryOperator_Add_Mod" not in by_line['return ATTRIBUTES + "price"']
    assert len(by_line['return "code " + (code or "?")']) == 10
    assert len(by_line['return ATTRIBUTES + "price"']) == 9
    for line in by_line:
        (kept,) = [
            m
            for m in example_mutants()
            if m.change and m.change.before == line and m.operator.endswith("_Add_Sub")
        ]
        assert kept.job_id not in left_out()
        assert kept.outcome == KILLED
        assert all(m.outcome == KILLED for m in duplicates if m.change.before == line)
        # A TypeError at the same place each time (the message names the operator).
        same = [m for m in duplicates if m.change.before == line]
        assert all(m.output.startswith("check failed: TypeError(") for m in [kept, *same])


def test_nothing_else_is_left_out() -> None:
    assert set(left_out().values()) == {ANNOTATION, DUPLICATE}
    numeric = [m for m in example_mutants() if m.definition == "discounted"]
    assert numeric and not any(m.job_id in left_out() for m in numeric)


def test_annotations_count_only_where_they_are_never_evaluated() -> None:
    evaluated = ModuleFacts.of("def label(code: str | None) -> str:\n    return code\n")
    postponed = ModuleFacts.of(
        "from __future__ import annotations\n\n\ndef label(code: str | None) -> str:\n"
        "    return code\n"
    )
    assert evaluated.annotations == []
    assert postponed.annotations  # the parameter's and the return's
    (mutant,) = [
        m for m in example_mutants() if m.operator.endswith("BitOr_BitAnd") and m.start_line == 28
    ]
    assert reason_not_to_run(mutant, ModuleFacts.of((EXAMPLE / "price.py").read_text())) == (
        ANNOTATION
    )

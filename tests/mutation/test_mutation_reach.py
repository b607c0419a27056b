"""Which transactions a mutant faces (``mutation.reach``): those whose requests ran the
mutated statement in the trace, or all of them when that cannot be known."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mutation.reach import Reach, changed_lines, statement_lines

RULES = textwrap.dedent(
    """\
    LIMIT = 3


    @decorated(LIMIT)
    def check(value):
        if value > LIMIT:
            raise ValueError(
                "too big",
                LIMIT + 1,
            )
        return value


    def unreached(value):
        return value * 2
    """
)
NAMES = ["Create a Small One", "Create a Big One", "List Them"]


def traced(root: Path) -> Reach:
    """A trace of ``RULES`` in ``root``: the module ran at start (lines 1-5, 14), the
    first two transactions called ``check``, only the second raised."""
    (root / "server").mkdir(parents=True)
    (root / "server/rules.py").write_text(RULES, encoding="utf-8")
    start = {1: {""}, 4: {""}, 5: {""}, 14: {""}}
    calls = {6: {NAMES[0], NAMES[1]}, 7: {NAMES[1]}, 11: {NAMES[0]}}
    return Reach.build(root, ["server/rules.py"], NAMES, {"server/rules.py": start | calls})


def mutated(root: Path, line: int, before: str, after: str) -> Path:
    path = root / "server/rules.py"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert before in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(before, after)
    path.write_text("\n".join(lines), encoding="utf-8")
    return root


def test_the_changed_lines_are_those_of_the_unmutated_source() -> None:
    assert changed_lines(RULES, RULES.replace("value > LIMIT", "value >= LIMIT")) == {6}
    assert changed_lines(RULES, RULES.replace("return value * 2", "return value / 2")) == {15}
    assert changed_lines(RULES, RULES) == set()


def test_a_line_inside_a_statement_stands_for_the_whole_statement() -> None:
    assert statement_lines(RULES, {9}) == {7, 8, 9, 10}  # a continuation line of the raise
    assert statement_lines(RULES, {6}) == {6}  # an if's header, not its body
    assert statement_lines(RULES, {4}) == {4, 5}  # a decorator belongs to its def


def test_a_mutant_runs_the_transactions_that_ran_its_statement_in_contract_order(
    tmp_path: Path,
) -> None:
    reach = traced(tmp_path / "traced")
    tree = mutated(tmp_path / "traced", 6, "value > LIMIT", "value >= LIMIT")
    selection = reach.select(tree)
    assert selection.names == ["Create a Small One", "Create a Big One"]
    assert selection.why == "2 of 3 transactions reach it"


def test_a_continuation_line_is_reached_through_its_statement(tmp_path: Path) -> None:
    reach = traced(tmp_path / "traced")
    selection = reach.select(mutated(tmp_path / "traced", 9, "LIMIT + 1", "LIMIT - 1"))
    assert selection.names == ["Create a Big One"]


def test_a_line_run_at_start_or_by_no_transaction_runs_the_whole_contract(
    tmp_path: Path,
) -> None:
    reach = traced(tmp_path / "traced")
    at_start = reach.select(mutated(tmp_path / "traced", 1, "LIMIT = 3", "LIMIT = 4"))
    assert (at_start.names, at_start.why) == (None, "server/rules.py:1 runs as the server starts")
    mutated(tmp_path / "traced", 1, "LIMIT = 4", "LIMIT = 3")
    unreached = reach.select(mutated(tmp_path / "traced", 15, "value * 2", "value / 2"))
    assert unreached.names is None
    assert unreached.why == "no transaction of the trace reaches the mutated lines"


def test_an_unmutated_tree_runs_the_whole_contract(tmp_path: Path) -> None:
    reach = traced(tmp_path / "traced")
    assert reach.select(tmp_path / "traced").names is None


def test_the_map_reads_back_as_it_was_written(tmp_path: Path) -> None:
    reach = traced(tmp_path / "traced")
    reach.write(tmp_path / "reach.json")
    assert Reach.load(tmp_path / "reach.json") == reach

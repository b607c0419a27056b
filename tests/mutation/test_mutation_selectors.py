"""Naming a mutant robustly (``mutation.selectors``), on the fixture's real mutants."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from mutation_fixture import example_mutants, one

from mutation.mutants import Mutant
from mutation.selectors import Selector, as_toml, load, matching, naming


def shifted(mutant: Mutant, lines: int) -> Mutant:
    """``mutant`` as it is after ``lines`` lines are added above it: its diff's hunk moves."""

    def move(hunk: re.Match[str]) -> str:
        return f"@@ -{int(hunk[1]) + lines},{hunk[2]} +{int(hunk[3]) + lines},{hunk[4]} @@"

    diff = re.sub(r"@@ -(\d+),(\d+) \+(\d+),(\d+) @@", move, mutant.diff)
    return replace(mutant, diff=diff, start_line=mutant.start_line + lines, occurrence=99)


def test_every_mutant_is_named_by_exactly_itself() -> None:
    mutants = [m for m in example_mutants() if m.change]
    for mutant in mutants:
        assert matching(naming(mutant, mutants), mutants) == [mutant], mutant


def test_a_name_outlives_lines_added_above_and_a_new_occurrence_number() -> None:
    mutant = one("ReplaceComparisonOperator_Gt_GtE", "if percent >= 100:")
    selector = naming(mutant, example_mutants())
    moved = shifted(mutant, 7)
    assert moved.line == mutant.line + 7
    assert selector.fits(moved)


def test_the_mutated_line_tells_two_places_on_one_line_apart() -> None:
    # low <= value <= high: two places for LtE_Lt on one line.
    first = one(
        "ReplaceComparisonOperator_LtE_Lt",
        "return low < value <= high if inclusive else low < value < high",
    )
    second = one(
        "ReplaceComparisonOperator_LtE_Lt",
        "return low <= value < high if inclusive else low < value < high",
    )
    mutants = example_mutants()
    line = first.change.before
    assert (
        len(matching(Selector("price.py", "ReplaceComparisonOperator_LtE_Lt", line), mutants)) == 2
    )
    assert matching(naming(first, mutants), mutants) == [first]
    assert matching(naming(second, mutants), mutants) == [second]


def test_nth_tells_a_repeated_line_apart_in_source_order() -> None:
    original = one("ReplaceComparisonOperator_Gt_GtE", "if percent >= 100:")
    repeated = replace(shifted(original, 30), job_id="repeated")  # the same line, lower down
    mutants = [*example_mutants(), repeated]
    named = naming(repeated, mutants)
    assert named.nth == 2
    assert matching(named, mutants) == [repeated]
    assert matching(replace(named, nth=1), mutants) == [original]
    assert matching(replace(named, nth=3), mutants) == []


def test_whitespace_and_the_provider_prefix_do_not_matter() -> None:
    mutant = one("ReplaceComparisonOperator_Gt_GtE", "if percent >= 100:")
    assert Selector("price.py", "ReplaceComparisonOperator_Gt_GtE", "if  percent >  100:").fits(
        mutant
    )
    assert not Selector("other.py", "ReplaceComparisonOperator_Gt_GtE", "if percent > 100:").fits(
        mutant
    )
    assert not Selector("price.py", "core/AddNot", "if percent > 100:").fits(mutant)


def test_the_lists_read_back_what_as_toml_writes(tmp_path: Path) -> None:
    mutants = [m for m in example_mutants() if m.change]
    selectors = [naming(m, mutants, note=f"reason {n}") for n, m in enumerate(mutants[:20])]
    path = tmp_path / "equivalent.toml"
    path.write_text("\n".join(as_toml(s, "equivalent", "reason") for s in selectors))
    assert load(path, "equivalent", "reason") == selectors
    assert load(tmp_path / "missing.toml", "equivalent", "reason") == []


@pytest.mark.parametrize(
    "entry, problem",
    [
        ('module = "price.py"\noperator = "core/AddNot"\nline = "x"\n', "missing ['reason']"),
        ('module = "price.py"\nline = "x"\nreason = "r"\n', "missing ['operator']"),
        (
            'module = "price.py"\noperator = "core/AddNot"\nline = "x"\nreason = "r"\n'
            "ocurrence = 1\n",
            "unknown ['ocurrence']",
        ),
    ],
)
def test_an_entry_with_a_key_missing_or_unknown_is_refused(
    tmp_path: Path, entry: str, problem: str
) -> None:
    path = tmp_path / "equivalent.toml"
    path.write_text(f"[[equivalent]]\n{entry}")
    with pytest.raises(ValueError, match=re.escape(problem)):
        load(path, "equivalent", "reason")

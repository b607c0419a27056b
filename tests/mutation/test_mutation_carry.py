"""``--again`` and ``--limit``: kills carried over by selector, samples spread evenly."""

from __future__ import annotations

import json
from pathlib import Path

from mutation import carry
from mutation.mutants import CARRIED, KILLED, SKIPPED, SURVIVED, Mutant


def mutant(job: str, line: int, before: str, after: str, outcome: str = SKIPPED) -> Mutant:
    diff = "\n".join(
        [
            "--- a/reference_server/rules.py",
            "+++ b/reference_server/rules.py",
            f"@@ -{line},1 +{line},1 @@",
            f"-{before}",
            f"+{after}",
        ]
    )
    return Mutant(
        job_id=job,
        module="reference_server/rules.py",
        operator="core/ReplaceComparisonOperator_Gt_GtE",
        occurrence=0,
        start_line=line,
        start_column=4,
        outcome=outcome,
        definition="check_attributes",
        diff=diff,
        output="",
    )


def earlier_run(tmp_path: Path) -> Path:
    """A ``mutation.json`` in the earlier layout: one kill, one survivor."""
    entries = [
        {
            "job_id": "old-1",
            "module": "reference_server/rules.py",
            "line": 40,
            "operator": "core/ReplaceComparisonOperator_Gt_GtE",
            "occurrence": 0,
            "outcome": KILLED,
            "killed_by": "Create Event Discount Code at the Boundaries",
            "diff": mutant("x", 40, "if a > b:", "if a >= b:").diff,
        },
        {
            "job_id": "old-2",
            "module": "reference_server/rules.py",
            "line": 50,
            "operator": "core/ReplaceComparisonOperator_Gt_GtE",
            "occurrence": 1,
            "outcome": SURVIVED,
            "diff": mutant("y", 50, "if c > d:", "if c >= d:").diff,
        },
    ]
    path = tmp_path / "mutation.json"
    path.write_text(json.dumps({"mutants": entries}), encoding="utf-8")
    return path


def test_a_kill_is_carried_over_to_the_same_change_on_another_line(tmp_path: Path) -> None:
    kills = carry.earlier_kills(earlier_run(tmp_path))
    now = [
        mutant("new-1", 44, "if a > b:", "if a >= b:"),
        mutant("new-2", 54, "if c > d:", "if c >= d:"),
    ]
    carried = carry.already_killed(now, kills)
    assert set(carried) == {"new-1"}
    counted = carry.carried_over(now, carried)
    assert [m.outcome for m in counted] == [KILLED, SKIPPED]
    assert counted[0].output.startswith(CARRIED)
    assert "Create Event Discount Code at the Boundaries" in counted[0].output


def test_the_limit_keeps_every_kth_mutant() -> None:
    mutants = [mutant(f"m{n}", n, f"x{n} > 1", f"x{n} >= 1") for n in range(10)]
    left_out = carry.spread_out(mutants, 5)
    assert sorted(set(m.job_id for m in mutants) - set(left_out)) == ["m0", "m2", "m4", "m6", "m8"]
    assert carry.spread_out(mutants, 20) == []

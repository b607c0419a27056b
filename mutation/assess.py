"""The equivalence list applied to a run's mutants, and the totals and score from it.

An equivalent mutant is one no HTTP request can tell from the reference server; it is
declared in ``tests/mutation/equivalent.toml`` with its reason. A declaration covers
survivors only: one that matches a killed mutant is wrong (the contract tells it apart)
and one that matches nothing is stale; both are listed for fixing, neither counts.

Score = killed / (mutants - equivalent - incompetent), where killed includes the timed
out (a run that never ends fails as surely as one that fails, and cosmic-ray counts it
so too); an incompetent mutant is not a program the contract could judge (not valid
Python), so it counts neither way. Mutants left out of the run (``selection``, or not in
the sample) are not in any count; the report says how many and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mutation import verdict
from mutation.mutants import (
    INCOMPETENT,
    KILLED,
    PENDING,
    SKIPPED,
    SURVIVED,
    TIMED_OUT,
    Mutant,
)
from mutation.selectors import Selector, matching

EQUIVALENT = "equivalent"
OUTCOMES = (KILLED, TIMED_OUT, SURVIVED, EQUIVALENT, INCOMPETENT, PENDING)


@dataclass
class Assessment:
    mutants: list[Mutant]  # the run's (skipped ones left out)
    not_run: list[Mutant] = field(default_factory=list)  # skipped: the reason is the output
    equivalent: dict[str, Selector] = field(default_factory=dict)  # job id -> declaration
    wrongly_declared: list[tuple[Selector, Mutant]] = field(default_factory=list)
    unmatched: list[Selector] = field(default_factory=list)

    def outcome(self, mutant: Mutant) -> str:
        return EQUIVALENT if mutant.job_id in self.equivalent else mutant.outcome

    def with_outcome(self, outcome: str) -> list[Mutant]:
        return [m for m in self.mutants if self.outcome(m) == outcome]

    def counts(self, mutants: list[Mutant] | None = None) -> Counter[str]:
        return Counter(self.outcome(m) for m in (self.mutants if mutants is None else mutants))

    def score(self, mutants: list[Mutant] | None = None) -> float | None:
        """Killed (timed out included) over the mutants neither equivalent nor incompetent."""
        counts = self.counts(mutants)
        judged = sum(counts.values()) - counts[EQUIVALENT] - counts[INCOMPETENT]
        return (counts[KILLED] + counts[TIMED_OUT]) / judged if judged else None

    def killed_by(self) -> Counter[str]:
        """How many mutants each transaction (or a broken run) killed."""
        kills: Counter[str] = Counter()
        for mutant in self.with_outcome(KILLED):
            found = verdict.read(mutant.output)
            kills[found.detail if found.kind == verdict.TRANSACTION else "(a broken run)"] += 1
        return kills


def assess(mutants: list[Mutant], declared: list[Selector]) -> Assessment:
    assessment = Assessment(
        [m for m in mutants if m.outcome != SKIPPED], [m for m in mutants if m.outcome == SKIPPED]
    )
    for selector in declared:
        matched = matching(selector, assessment.mutants)
        if not matched:
            assessment.unmatched.append(selector)
        for mutant in matched:
            if mutant.outcome == SURVIVED:
                assessment.equivalent[mutant.job_id] = selector
            elif mutant.outcome in (KILLED, TIMED_OUT):
                assessment.wrongly_declared.append((selector, mutant))
    return assessment

"""``reports/mutation.md`` and ``reports/mutation.json``: what the contract kills.

The Markdown is for reading (totals, score per module, every survivor with its diff,
the equivalent mutants with their reasons, what killed the rest); the JSON holds every
mutant with its outcome, for tools and for comparing runs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from mutation import verdict
from mutation.assess import EQUIVALENT, OUTCOMES, Assessment
from mutation.mutants import (
    INCOMPETENT,
    KILLED,
    PENDING,
    SKIPPED,
    SURVIVED,
    TIMED_OUT,
    Mutant,
)

TOP_KILLERS = 15


@dataclass(frozen=True)
class RunFacts:
    tree: str  # the commit measured, and whether uncommitted changes were
    modules: list[str]
    test_command: str
    workers: int
    baseline_seconds: float  # the slowest unmutated run (all workers at once)
    timeout_seconds: float
    wall_seconds: float
    started: str
    tool: str  # cosmic-ray and its version
    equivalents_file: str
    sample_file: str | None = None  # set for a sample run


def percent(score: float | None) -> str:
    return "n/a" if score is None else f"{100 * score:.1f}%"


def _hunk(diff: str) -> str:
    """The diff from its first ``---`` line (cosmic-ray puts a banner before it)."""
    lines = diff.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("--- a/")]
    return "\n".join(lines[starts[0] :] if starts else lines)


def _where(mutant: Mutant) -> str:
    return f"line {mutant.line}, `{mutant.operator}` (occurrence {mutant.occurrence})"


def _mutant_block(mutant: Mutant, note: str = "") -> list[str]:
    lines = [f"- {_where(mutant)}{note}", "", "  ```diff"]
    lines += [f"  {line}" for line in _hunk(mutant.diff).splitlines()]
    return [*lines, "  ```", ""]


def _by_module(mutants: list[Mutant]) -> dict[str, list[Mutant]]:
    grouped: dict[str, list[Mutant]] = defaultdict(list)
    for mutant in mutants:
        grouped[mutant.module].append(mutant)
    return dict(sorted(grouped.items()))


def _not_run(assessment: Assessment) -> list[str]:
    """How many mutants were left out, for which reason, from which module."""
    if not assessment.not_run:
        return []
    reasons = Counter(m.output for m in assessment.not_run)
    lines = [
        "",
        f"## Not run ({len(assessment.not_run)})",
        "",
        "Left out of the run and of every count above (`mutation/selection.py` says why):",
        "",
        "| reason | mutants | by module |",
        "|---|---:|---|",
    ]
    for reason, count in reasons.most_common():
        modules = Counter(m.module for m in assessment.not_run if m.output == reason)
        shown = ", ".join(f"`{module}` {n}" for module, n in sorted(modules.items()))
        lines.append(f"| {reason} | {count} | {shown} |")
    return lines


def markdown(assessment: Assessment, facts: RunFacts) -> str:
    counts = assessment.counts()
    total = len(assessment.mutants)
    kinds = [verdict.read(m.output).kind for m in assessment.with_outcome(KILLED)]
    title = "Mutation sample" if facts.sample_file else "Mutation testing"
    lines = [
        f"# {title} of the reference server, with the contract as the only test",
        "",
        f"**Score: {percent(assessment.score())}**: {counts[KILLED] + counts[TIMED_OUT]}"
        f" of {total - counts[EQUIVALENT] - counts[INCOMPETENT]} mutants killed ({total}"
        f" mutants run, {counts[EQUIVALENT]} of them declared equivalent,"
        f" {counts[INCOMPETENT]} incompetent; {len(assessment.not_run)} not run).",
        "",
        "| | |",
        "|---|---|",
        f"| tree | {facts.tree} |",
        f"| modules | {', '.join(f'`{m}`' for m in facts.modules)} |",
        f"| mutation tool | {facts.tool}, every core operator |",
        f"| test | `{facts.test_command}` |",
        f"| workers | {facts.workers}, each on its own copy of the tree |",
        f"| baseline | {facts.baseline_seconds:.1f} s (unmutated, slowest worker) |",
        f"| timeout | {facts.timeout_seconds:.1f} s per mutant |",
        f"| took | {facts.wall_seconds / 60:.1f} min, started {facts.started} |",
    ]
    if facts.sample_file:
        lines.append(f"| sample | the mutants named in `{facts.sample_file}` |")
    lines += [
        "",
        "| outcome | mutants |",
        "|---|---:|",
        f"| killed by a failing transaction | {kinds.count(verdict.TRANSACTION)} |",
        f"| killed by a broken run (server or hooks did not start, ...) |"
        f" {counts[KILLED] - kinds.count(verdict.TRANSACTION)} |",
        f"| timed out (counted as killed) | {counts[TIMED_OUT]} |",
        f"| survived | {counts[SURVIVED]} |",
        f"| equivalent (declared in `{facts.equivalents_file}`) | {counts[EQUIVALENT]} |",
        f"| incompetent (not valid Python, or cosmic-ray could not test it) |"
        f" {counts[INCOMPETENT]} |",
    ]
    if counts[PENDING]:
        lines.append(f"| pending (the run was cut short) | {counts[PENDING]} |")
    lines += [
        f"| **total** | **{total}** |",
        "",
        "A mutant is killed when `harness run --fail-fast` fails on it: a transaction"
        " fails (the run stops at the first), or the run breaks around Dredd (the server"
        " does not start, the hook files do not load). It times out when the run takes"
        " longer than the timeout (the baseline times a factor). Incompetent: the mutated"
        " module is not valid Python, or cosmic-ray could not test it. Score = (killed +"
        " timed out) / (total - equivalent - incompetent).",
        "",
        "## By module",
        "",
        "| module | mutants | killed | timed out | survived | equivalent | incompetent | score |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for module, mutants in _by_module(assessment.mutants).items():
        c = assessment.counts(mutants)
        lines.append(
            f"| `{module}` | {len(mutants)} | {c[KILLED]} | {c[TIMED_OUT]} | {c[SURVIVED]}"
            f" | {c[EQUIVALENT]} | {c[INCOMPETENT]} | {percent(assessment.score(mutants))} |"
        )
    lines += _not_run(assessment)
    survivors = assessment.with_outcome(SURVIVED)
    lines += ["", f"## Survivors ({len(survivors)})", ""]
    if not survivors:
        lines += ["None: the contract kills every mutant that is not equivalent.", ""]
    for module, mutants in _by_module(survivors).items():
        lines += [f"### `{module}` ({len(mutants)})", ""]
        for mutant in mutants:
            lines += _mutant_block(mutant)
    equivalent = assessment.with_outcome(EQUIVALENT)
    lines += [f"## Equivalent mutants ({len(equivalent)})", ""]
    if not equivalent:
        lines += [f"None declared in `{facts.equivalents_file}`.", ""]
    for module, mutants in _by_module(equivalent).items():
        lines += [f"### `{module}`", ""]
        for mutant in mutants:
            lines += _mutant_block(mutant, f": {assessment.equivalent[mutant.job_id].note}")
    if assessment.wrongly_declared or assessment.unmatched:
        lines += [f"## Declarations in `{facts.equivalents_file}` to fix", ""]
        for selector, mutant in assessment.wrongly_declared:
            lines.append(f"- declared equivalent but {mutant.outcome}: {selector.describe()}")
        for selector in assessment.unmatched:
            lines.append(f"- matches no mutant of this run: {selector.describe()}")
        lines.append("")
    for outcome, heading in ((TIMED_OUT, "Timed out"), (INCOMPETENT, "Incompetent")):
        listed = assessment.with_outcome(outcome)
        if listed:
            lines += [f"## {heading} ({len(listed)})", ""]
            for mutant in listed:
                why = (
                    f": {mutant.output.strip().splitlines()[-1]}" if outcome == INCOMPETENT else ""
                )
                lines += [f"- `{mutant.module}` {_where(mutant)}{why}"]
            lines.append("")
    killers = assessment.killed_by()
    if killers:
        lines += [
            "## What killed them",
            "",
            f"The {min(TOP_KILLERS, len(killers))} transactions that stopped the most runs"
            f" (of {len(killers)} that stopped any), first failure only:",
            "",
            "| killed | by |",
            "|---:|---|",
        ]
        lines += [f"| {n} | {name} |" for name, n in killers.most_common(TOP_KILLERS)]
        lines.append("")
    return "\n".join(lines)


def _entry(assessment: Assessment, mutant: Mutant) -> dict[str, object]:
    found = verdict.read(mutant.output)
    change = mutant.change
    outcome = assessment.outcome(mutant)
    return {
        "job_id": mutant.job_id,
        "module": mutant.module,
        "line": mutant.line,
        "operator": mutant.operator,
        "occurrence": mutant.occurrence,
        "within": mutant.definition,
        "before": change.before if change else None,
        "after": change.after if change else None,
        "outcome": outcome,
        "killed_by": found.detail if outcome == KILLED else None,
        "killed_by_kind": found.kind if outcome == KILLED else None,
        "seconds": found.seconds,
        "equivalent_reason": (
            assessment.equivalent[mutant.job_id].note if outcome == EQUIVALENT else None
        ),
        "not_run_reason": mutant.output if mutant.outcome == SKIPPED else None,
        "diff": _hunk(mutant.diff),
        # What reassessing needs (python -m mutation --reassess): cosmic-ray's side.
        "start": [mutant.start_line, mutant.start_column],
        "tested": mutant.outcome,
        "output": mutant.output if mutant.outcome == SKIPPED else verdict.essentials(mutant.output),
    }


def as_json(assessment: Assessment, facts: RunFacts) -> dict[str, object]:
    counts = assessment.counts()
    return {
        "facts": asdict(facts),
        "totals": {outcome: counts[outcome] for outcome in OUTCOMES},
        "total": len(assessment.mutants),
        "not_run": dict(Counter(m.output for m in assessment.not_run)),
        "score": assessment.score(),
        "declarations_to_fix": [
            *(
                f"declared equivalent but {m.outcome}: {s.describe()}"
                for s, m in assessment.wrongly_declared
            ),
            *(f"matches no mutant: {s.describe()}" for s in assessment.unmatched),
        ],
        "mutants": [_entry(assessment, m) for m in [*assessment.mutants, *assessment.not_run]],
    }


def load(path: Path) -> tuple[list[Mutant], RunFacts]:
    """The mutants and facts of a written ``mutation.json``, as cosmic-ray left them
    (before the equivalence list), for writing the reports again."""
    data = json.loads(path.read_text(encoding="utf-8"))
    mutants = [
        Mutant(
            job_id=entry["job_id"],
            module=entry["module"],
            operator=entry["operator"],
            occurrence=entry["occurrence"],
            start_line=entry["start"][0],
            start_column=entry["start"][1],
            outcome=entry["tested"],
            definition=entry["within"],
            diff=entry["diff"],
            output=entry["output"],
        )
        for entry in data["mutants"]
    ]
    return mutants, RunFacts(**data["facts"])


def write(assessment: Assessment, facts: RunFacts, directory: Path, stem: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    md, js = directory / f"{stem}.md", directory / f"{stem}.json"
    md.write_text(markdown(assessment, facts), encoding="utf-8")
    js.write_text(json.dumps(as_json(assessment, facts), indent=1) + "\n", encoding="utf-8")
    return [md, js]

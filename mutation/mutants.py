"""Mutants as the report sees them, read from ``cosmic-ray dump`` (no cosmic-ray import).

``cosmic-ray dump`` prints one JSON line per work item, ``[work_item, result]``, with
``null`` for a result still pending. cosmic-ray counts a test command that ran past its
timeout as killed, with the output ``"timeout"``; here that is an outcome of its own,
so a hang is not mistaken for a failing transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

KILLED = "killed"
TIMED_OUT = "timed out"
SURVIVED = "survived"
INCOMPETENT = "incompetent"  # the mutant could not be tested (cosmic-ray or worker failed)
SKIPPED = "skipped"  # left out of this run (the sample marks the others skipped)
PENDING = "pending"  # no result yet: the run was cut short

_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")


@dataclass(frozen=True)
class Change:
    """The line a mutation changed: where, as it was and as it became (stripped)."""

    line: int
    before: str
    after: str  # "" when the mutation removed the line (a decorator)


@dataclass(frozen=True)
class Mutant:
    job_id: str
    module: str  # relative to the repository root, e.g. reference_server/rules.py
    operator: str  # cosmic-ray's name, e.g. core/ReplaceComparisonOperator_Eq_NotEq
    occurrence: int  # cosmic-ray's index of the operator's places in the module
    start_line: int  # where cosmic-ray's parse tree puts the mutated node
    start_column: int  # in characters
    outcome: str
    definition: str = ""  # the function or class the mutated node is in (cosmic-ray's)
    diff: str = ""  # unified diff of the module, as cosmic-ray made it
    output: str = ""  # what the test command printed

    @property
    def change(self) -> Change | None:
        return first_change(self.diff)

    @property
    def line(self) -> int:
        change = self.change
        return change.line if change else self.start_line


def first_change(diff: str) -> Change | None:
    """The first changed line of a unified diff; ``None`` without a hunk.

    Operators change one token, so a mutation is one line replaced, or a decorator
    removed (with the blank lines before it): the first block of changed lines is read,
    and blank lines in it are passed over.
    """
    lines = diff.splitlines()
    starts = [i for i, text in enumerate(lines) if _HUNK.match(text)]
    if not starts:
        return None
    number = int(_HUNK.match(lines[starts[0]]).group(1))  # type: ignore[union-attr]
    removed: list[tuple[int, str]] = []
    added: list[str] = []
    for text in lines[starts[0] + 1 :]:
        if text.startswith("-"):
            removed.append((number, text[1:].strip()))
            number += 1
        elif text.startswith("+"):
            added.append(text[1:].strip())
        elif removed or added or _HUNK.match(text):
            break
        else:
            number += 1  # a context line before the change
    if not removed and not added:
        return None
    after = next((text for text in added if text), "")
    if not removed:
        return Change(number, "", after)
    line, before = next(((n, text) for n, text in removed if text), removed[0])
    return Change(line, before, after)


def outcome_of(result: dict[str, object] | None) -> str:
    """The outcome of one dumped result (``None``: not run yet)."""
    if result is None:
        return PENDING
    worker, test = result.get("worker_outcome"), result.get("test_outcome")
    if worker == "skipped":
        return SKIPPED
    if worker != "normal":
        return INCOMPETENT  # exception, abnormal (a worker gone), no-test (nothing to mutate)
    if test == "killed":
        return TIMED_OUT if result.get("output") == "timeout" else KILLED
    if test == "survived":
        return SURVIVED
    return INCOMPETENT


def from_dump(lines: Iterable[str]) -> list[Mutant]:
    """Every work item of a ``cosmic-ray dump``, ordered by module, line and operator."""
    mutants = []
    for text in lines:
        if not text.strip():
            continue
        item, result = json.loads(text)
        (mutation,) = item["mutations"]  # first-order mutants only
        mutants.append(
            Mutant(
                job_id=item["job_id"],
                module=mutation["module_path"],
                operator=mutation["operator_name"],
                occurrence=int(mutation["occurrence"]),
                start_line=int(mutation["start_pos"][0]),
                start_column=int(mutation["start_pos"][1]),
                outcome=outcome_of(result),
                definition=mutation.get("definition_name") or "",
                diff=(result or {}).get("diff") or "",
                output=(result or {}).get("output") or "",
            )
        )
    return sorted(mutants, key=lambda m: (m.module, m.start_line, m.operator, m.occurrence))

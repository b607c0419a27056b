"""Carrying kills over from an earlier run (``python -m mutation --again FILE``).

A full run takes most of an hour. After the contract has only grown (transactions added
or pinned harder, none removed), a mutant it killed before is still killed, so a second
run need only try what survived, timed out or is new. Mutants are matched across the
two runs by their selector (module, operator, the line before and after the change, the
function, and ``nth`` among repeats), not by cosmic-ray's job ids, which are new each
session, nor by line numbers, which move when the server changes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mutation import report, selectors
from mutation.mutants import CARRIED, KILLED, SKIPPED, Mutant

Kill = tuple[selectors.Selector, Mutant]


def earlier_kills(path: Path) -> list[Kill]:
    """Each mutant the run in ``path`` (a ``mutation.json``) killed, with its selector."""
    mutants, _ = report.load(path)
    killed = [m for m in mutants if m.outcome == KILLED and m.change is not None]
    return [(selectors.naming(m, mutants), m) for m in killed]


def already_killed(mutants: list[Mutant], kills: list[Kill]) -> dict[str, Mutant]:
    """The ``mutants`` that one of ``kills`` names exactly: job id -> the earlier kill."""
    found: dict[str, Mutant] = {}
    for selector, earlier in kills:
        matched = selectors.matching(selector, mutants)
        if len(matched) == 1:
            found[matched[0].job_id] = earlier
    return found


def carried_over(mutants: list[Mutant], carried: dict[str, Mutant]) -> list[Mutant]:
    """The skipped ``carried`` mutants counted as killed, with the earlier run's output
    (what killed them) after a first line saying so."""
    return [
        replace(m, outcome=KILLED, output=f"{CARRIED}\n{carried[m.job_id].output}")
        if m.job_id in carried and m.outcome == SKIPPED
        else m
        for m in mutants
    ]

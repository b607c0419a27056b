"""Carrying kills over from an earlier run (``python -m mutation --again FILE``).

A full run takes most of an hour. After the contract has only grown (transactions added
or pinned harder, none removed), a mutant it killed before is still killed, so a second
run need only try what survived, timed out or is new. Mutants are matched across the
two runs by their selector (module, operator, the line before and after the change, the
function, and ``nth`` among repeats), not by cosmic-ray's job ids, which are new each
session, nor by line numbers, which move when the server changes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from mutation import report, selectors
from mutation.mutants import CARRIED, KILLED, SKIPPED, Mutant

Kill = tuple[selectors.Selector, Mutant]


def _load(path: Path) -> list[Mutant]:
    """The mutants of a ``mutation.json``; from an earlier layout of the file (without
    the dumped outputs), what naming a mutant and its kill needs."""
    try:
        return report.load(path)[0]
    except KeyError:
        entries = json.loads(path.read_text(encoding="utf-8"))["mutants"]
    return [
        Mutant(
            job_id=entry["job_id"],
            module=entry["module"],
            operator=entry["operator"],
            occurrence=entry["occurrence"],
            start_line=entry["line"],
            start_column=0,
            outcome=entry["outcome"],
            definition=entry.get("within") or "",
            diff=entry["diff"],
            output=f"killed by: {entry.get('killed_by') or entry.get('killed_by_kind')}",
        )
        for entry in entries
    ]


def earlier_kills(path: Path) -> list[Kill]:
    """Each mutant the run in ``path`` (a ``mutation.json``) killed, with its selector."""
    mutants = _load(path)
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


def spread_out(mutants: list[Mutant], limit: int) -> list[str]:
    """Job ids of all but ``limit`` of ``mutants`` (in module and line order): the kept
    ones are every k-th, so a short run still tries every module (``--limit``)."""
    if limit >= len(mutants):
        return []
    step = len(mutants) / limit
    kept = {mutants[int(index * step)].job_id for index in range(limit)}
    return [m.job_id for m in mutants if m.job_id not in kept]

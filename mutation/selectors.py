"""Naming a mutant so that the name outlives unrelated edits of its module.

cosmic-ray numbers the places an operator can change in a module (its occurrence): one
line added above shifts them, and so do line numbers. A mutant is named instead by its
module, its operator and the source line it changes (runs of whitespace collapsed),
and where that is not enough, by the line as the mutation leaves it (``mutated``: a
line with two places for the operator), the function or class it is in (``within``)
and, for a line repeated there, which of them in source order (``nth``, from 1). The
checked-in lists (``tests/mutation/equivalent.toml``, ``tests/mutation/sample.toml``)
are read here.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from mutation.mutants import Mutant

KEYS = ("module", "operator", "line", "mutated", "within", "nth")


def _normal(line: str) -> str:
    return " ".join(line.split())


@dataclass(frozen=True)
class Selector:
    module: str
    operator: str  # with or without cosmic-ray's provider prefix ("core/")
    line: str
    mutated: str | None = None
    within: str | None = None
    nth: int | None = None
    note: str = ""  # why: the reason a mutant is equivalent, or what kills a sample one

    def fits(self, mutant: Mutant) -> bool:
        """Whether ``mutant`` is one this names, ``nth`` aside."""
        change = mutant.change
        if change is None or mutant.module != self.module:
            return False
        if mutant.operator.removeprefix("core/") != self.operator.removeprefix("core/"):
            return False
        if _normal(change.before) != _normal(self.line):
            return False
        if self.within is not None and mutant.definition != self.within:
            return False
        return self.mutated is None or _normal(change.after) == _normal(self.mutated)

    def describe(self) -> str:
        parts = [self.module, self.operator, repr(self.line)]
        if self.mutated is not None:
            parts.append(f"-> {self.mutated!r}")
        if self.within is not None:
            parts.append(f"in {self.within}")
        if self.nth is not None:
            parts.append(f"(#{self.nth})")
        return " ".join(parts)


def matching(selector: Selector, mutants: list[Mutant]) -> list[Mutant]:
    """The mutants ``selector`` names: all that fit it, or the ``nth`` of them by line."""
    fitting = sorted((m for m in mutants if selector.fits(m)), key=lambda m: m.line)
    if selector.nth is None:
        return fitting
    return fitting[selector.nth - 1 : selector.nth]


def naming(mutant: Mutant, mutants: list[Mutant], note: str = "") -> Selector:
    """The selector for ``mutant`` among ``mutants``: line, mutated line, definition, and
    ``nth`` only if the line is repeated there."""
    change = mutant.change
    if change is None:
        raise ValueError(f"mutant {mutant.job_id} has no diff to name it by")
    selector = Selector(
        mutant.module,
        mutant.operator,
        change.before,
        change.after,
        mutant.definition or None,
        note=note,
    )
    fitting = matching(selector, mutants)
    if len(fitting) > 1:
        nth = [m.job_id for m in fitting].index(mutant.job_id) + 1
        selector = replace(selector, nth=nth)
    return selector


def load(path: Path, table: str, note: str) -> list[Selector]:
    """The entries of ``[[table]]`` in ``path``, their ``note`` key as the note.

    Every entry needs ``module``, ``operator``, ``line`` and its note; ``mutated``,
    ``within`` and ``nth`` are optional. A missing file is an empty list.
    """
    if not path.exists():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get(table, [])
    selectors = []
    for number, entry in enumerate(entries, 1):
        missing = [key for key in ("module", "operator", "line", note) if key not in entry]
        unknown = sorted(set(entry) - {*KEYS, note})
        if missing or unknown:
            raise ValueError(f"{path}: [[{table}]] {number}: missing {missing}, unknown {unknown}")
        selectors.append(
            Selector(**{key: entry[key] for key in KEYS if key in entry}, note=entry[note])
        )
    return selectors


def as_toml(selector: Selector, table: str, note: str) -> str:
    """``selector`` as an entry of ``[[table]]`` (a JSON string is a TOML basic string)."""
    lines = [f"[[{table}]]"]
    for key in KEYS:
        value = getattr(selector, key)
        if value is not None:
            lines.append(f"{key} = {value if key == 'nth' else json.dumps(value)}")
    lines.append(f"{note} = {json.dumps(selector.note)}")
    return "\n".join(lines) + "\n"

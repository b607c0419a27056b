"""The mutation tests' fixture: a real cosmic-ray run over ``example/price.py``."""

from __future__ import annotations

from pathlib import Path

from mutation.mutants import Mutant, from_dump

EXAMPLE = Path(__file__).parent / "example"


def example_mutants() -> list[Mutant]:
    return from_dump((EXAMPLE / "session.jsonl").read_text(encoding="utf-8").splitlines())


def one(operator: str, after: str, mutants: list[Mutant] | None = None) -> Mutant:
    """The mutant of ``operator`` (without ``core/``) that leaves the line ``after``."""
    (found,) = [
        m
        for m in (mutants if mutants is not None else example_mutants())
        if m.operator == f"core/{operator}" and m.change and m.change.after == after
    ]
    return found

"""A catalogue of non-conforming implementations: the reference server with bugs planted.

Each mutant changes one behaviour of the reference server, the way a real implementation
might get it wrong, and names the contract transactions that must catch it. The test in
``test_catalogue.py`` serves each one (``python -m tests.mutants NAME --port P``), runs
``harness conform`` against it, and checks that those transactions fail. The share of
mutants caught is the contract's mutation score (``reports/mutation-score.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask


@dataclass(frozen=True)
class Mutant:
    name: str
    planted: str  # what is wrong, in one sentence
    plant: Callable[[Flask], None]  # plants the bug into a freshly built reference app
    caught_by: tuple[str, ...]  # transactions that must fail against it


MUTANTS: dict[str, Mutant] = {}
# Filled by the catalogue test: mutant name -> the transactions that failed against it.
CAUGHT: dict[str, list[str]] = {}


def mutant(
    planted: str, *caught_by: str
) -> Callable[[Callable[[Flask], None]], Callable[[Flask], None]]:
    def register(plant: Callable[[Flask], None]) -> Callable[[Flask], None]:
        name = plant.__name__.replace("_", "-")
        MUTANTS[name] = Mutant(name, planted, plant, caught_by)
        return plant

    return register


def build_app(name: str) -> Flask:
    """The reference app with mutant ``name``'s bug planted (patches happen before building)."""
    from reference_server import create_app
    from tests.mutants import catalogue  # noqa: F401  (registers the mutants)

    app = create_app()
    MUTANTS[name].plant(app)
    return app

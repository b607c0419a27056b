"""Foreign-shaped implementations: the reference server changed the way real servers of
this API differ from it, each with the profile that lets the harness seed it.

A variant is not a bug planted for the contract to catch (``tests/mutants``): it is an
implementation whose creation routes, tokens or role flow are shaped otherwise, as the
upstream Open Event Server's are. ``test_foreign.py`` runs ``harness conform`` against
each: without its profile the rules it cannot seed are reported as *could not seed*,
naming the refused request; with it every rule is seeded, and the verdict's causes are
exactly the differences the contract can observe (``causes``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

PROFILES = Path(__file__).parent / "profiles"


@dataclass(frozen=True)
class Variant:
    name: str
    differs: str  # how it differs, in one sentence
    plant: Callable[[Flask], None]
    causes: tuple[str, ...]  # the causes its conformance verdict names, with its profile
    pattern: str  # the rules a quick run of it needs (they seed what the variant changes)
    unseeded: str | None  # without its profile: the refused request (None: nothing is)

    @property
    def profile(self) -> Path:
        return PROFILES / f"{self.name}.toml"


VARIANTS: dict[str, Variant] = {}


def variant(
    differs: str, *, causes: tuple[str, ...], pattern: str, unseeded: str | None = None
) -> Callable[[Callable[[Flask], None]], Callable[[Flask], None]]:
    def register(plant: Callable[[Flask], None]) -> Callable[[Flask], None]:
        name = plant.__name__.replace("_", "-")
        VARIANTS[name] = Variant(name, differs, plant, causes, pattern, unseeded)
        return plant

    return register


def build_app(names: list[str]) -> Flask:
    """The reference app shaped as every variant in ``names`` at once."""
    from reference_server import create_app
    from tests.foreign import variants  # noqa: F401  (registers the variants)

    app = create_app()
    for name in filter(None, names):
        VARIANTS[name].plant(app)
    return app

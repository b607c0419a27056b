"""The common base: commit each row so the server process sees it at once."""

from __future__ import annotations

import factory.random
from factory.alchemy import SQLAlchemyModelFactory

from factories._session import FactorySession

# One seed for Faker and factory-boy's fuzzy values: the same data every run.
SEED = 20240101


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = FactorySession
        sqlalchemy_session_persistence = "commit"


def restart() -> None:
    """Start a scenario afresh: forget the old session's rows (the tables were emptied),
    and restart Faker, fuzzy values and every sequence so each scenario gets the same data."""
    FactorySession.remove()
    factory.random.reseed_random(SEED)
    for subclass in _all_subclasses(BaseFactory):
        subclass.reset_sequence(force=True)


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for subclass in cls.__subclasses__():
        found.append(subclass)
        found.extend(_all_subclasses(subclass))
    return found

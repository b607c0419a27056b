"""The common base: each row is committed (or only flushed, see ``commit_each_row``) so
the server process sees it."""

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


def commit_each_row(enabled: bool) -> None:
    """Commit every row as it is made (the default), or only flush it.

    pytest wants each row committed (its requests run on other connections). The hooks
    seed a whole scenario and commit it once (``FactorySession.commit()``): one commit
    instead of one per row is most of what seeding costs.
    """
    for subclass in [BaseFactory, *_all_subclasses(BaseFactory)]:
        subclass._meta.sqlalchemy_session_persistence = "commit" if enabled else "flush"


def save_links() -> None:
    """Persist what a ``post_generation`` step changed, as the rows themselves are."""
    if BaseFactory._meta.sqlalchemy_session_persistence == "commit":
        FactorySession.commit()
    else:
        FactorySession.flush()


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

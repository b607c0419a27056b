"""The common base: each row is committed (or, see ``commit_each_row``, written with the
rest of its scenario) so the server process sees it, unless a row store is in use
(``factories.use_store``)."""

from __future__ import annotations

from typing import Any

import factory.random
from factory.alchemy import SQLAlchemyModelFactory

from factories._session import FactorySession
from factories._store import active_store

# One seed for Faker and factory-boy's fuzzy values: the same data every run.
SEED = 20240101


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = FactorySession
        sqlalchemy_session_persistence = "commit"

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        store = active_store()
        if store is None:
            return super()._create(model_class, *args, **kwargs)
        return store.create(model_class, kwargs)

    @classmethod
    def _after_postgeneration(
        cls, instance: Any, create: bool, results: dict[str, Any] | None = None
    ) -> None:
        store = active_store()
        if create and store is not None:
            store.finish(instance)


def commit_each_row(enabled: bool) -> None:
    """Commit every row as it is made (the default), or only add it to the session.

    pytest wants each row committed (its requests run on other connections). The hooks
    seed a whole scenario and write it in one flush and one commit
    (``FactorySession.commit()``): the unit of work then runs once per scenario instead
    of once per row, which is most of what seeding costs. Until that commit, rows have
    no ids: a scenario links rows as objects (``event=...``), never by id.
    """
    for subclass in [BaseFactory, *_all_subclasses(BaseFactory)]:
        subclass._meta.sqlalchemy_session_persistence = "commit" if enabled else None


def save_links(instance: object) -> None:
    """Persist what a ``post_generation`` step changed on ``instance``, as rows are."""
    store = active_store()
    if store is not None:
        store.save_links(instance)
    elif BaseFactory._meta.sqlalchemy_session_persistence == "commit":
        FactorySession.commit()


def restart() -> None:
    """Start a scenario afresh: forget the old session's rows (the tables were emptied),
    and restart Faker, fuzzy values and every sequence so each scenario gets the same data."""
    FactorySession.remove()
    factory.random.reseed_random(SEED)
    for subclass in _all_subclasses(BaseFactory):
        subclass.reset_sequence(force=True)


def _all_subclasses(cls: Any) -> list[Any]:
    """Every factory class below ``cls`` (factory-boy's classes are untyped: ``Any``)."""
    found: list[Any] = []
    for subclass in cls.__subclasses__():
        found.append(subclass)
        found.extend(_all_subclasses(subclass))
    return found

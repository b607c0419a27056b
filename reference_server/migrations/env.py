"""Alembic's environment for the reference server: needs a database URL, not a Flask app.

Two ways in:

- ``reference_server.db.migrate(engine)`` (the server's start, the hooks' prepare step,
  the tests) hands over an open connection in ``config.attributes["connection"]``;
- the ``alembic`` command (``alembic.ini`` at the project root) connects to
  ``sqlalchemy.url`` if set, else to ``DATABASE_URL`` like the server.

Either way the whole upgrade runs in one transaction that first takes the database's
migration lock (``db.migration_lock``), so two processes migrating at once do it once.
"""

from __future__ import annotations

import warnings
from logging.config import fileConfig

from alembic import context
from alembic.autogenerate import compare_metadata
from sqlalchemy import Connection, inspect

from reference_server import config as settings
from reference_server import db, models  # noqa: F401  (models registers the tables)

alembic_config = context.config
target_metadata = db.Base.metadata
if alembic_config.config_file_name is not None:  # the alembic command: log its steps
    fileConfig(alembic_config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    return alembic_config.get_main_option("sqlalchemy.url") or str(
        settings.from_environment()["DATABASE_URL"]
    )


def run_offline() -> None:
    """``alembic upgrade head --sql``: print the SQL for the URL's dialect."""
    url = database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online(connection: Connection) -> None:
    with db.migration_lock(connection):
        context.configure(connection=connection, target_metadata=target_metadata)
        adopt_unversioned_schema(connection)
        # The transaction is migration_lock's, so Alembic neither begins nor commits one.
        with context.begin_transaction():
            context.run_migrations()


def adopt_unversioned_schema(connection: Connection) -> None:
    """Stamp a database made by ``metadata.create_all`` (before migrations existed).

    Such a database has every table but no ``alembic_version``, and upgrading it would
    fail on "table already exists". If its schema is exactly the models', it is stamped
    at head; otherwise the error says what differs.
    """
    inspector = inspect(connection)
    if inspector.has_table("alembic_version") or not inspector.has_table("discount_codes"):
        return
    migration_context = context.get_context()
    with warnings.catch_warnings():
        # SQLite cannot reflect the expression index, and both libraries say so.
        warnings.simplefilter("ignore")
        differences = compare_metadata(migration_context, target_metadata)
    if differences:
        raise RuntimeError(
            "the database has tables but no migration history, and its schema differs"
            f" from the models: {differences}; empty it (or delete the SQLite file)"
        )
    assert migration_context.script is not None
    migration_context.stamp(migration_context.script, "head")


if context.is_offline_mode():
    run_offline()
elif (given := alembic_config.attributes.get("connection")) is not None:
    run_online(given)
else:
    engine = db.make_engine(database_url())
    try:
        with engine.connect() as connection:
            run_online(connection)
    finally:
        engine.dispose()

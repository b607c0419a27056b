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

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

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
        # The transaction is migration_lock's, so Alembic neither begins nor commits one.
        with context.begin_transaction():
            context.run_migrations()


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

"""Database plumbing: one engine per URL, a request-scoped session, and a cheap reset.

Plain SQLAlchemy 2 rather than Flask-SQLAlchemy so that the hooks process (which has
no Flask app) can open the same database from the same URL.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from sqlalchemy import Connection, DateTime, Engine, create_engine, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    """Declarative base of every reference-server table."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on every backend.

    SQLite has no timezone type and hands back naive values; this stores UTC and
    always returns an aware UTC datetime, so comparisons with ``now`` never mix
    naive and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Seconds an SQLite connection waits for another process's write lock.
SQLITE_BUSY_TIMEOUT = 15


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get foreign keys and a busy timeout.

    The server and the hooks process share the SQLite file, so a writer must wait for
    the other rather than fail with "database is locked".
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            # LIKE as PostgreSQL has it (a filter's ``like`` minds case; ``ilike`` does not).
            cursor.execute("PRAGMA case_sensitive_like = ON")
            _use_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the SQLite file in WAL mode (readers and the writer do not block each other).

    The mode belongs to the file, so only its first connection changes it. Changing it
    needs an exclusive lock, and SQLite answers "database is locked" at once instead of
    waiting for the busy timeout: when the server and the hooks process open a new file
    together, the loser retries until the winner has switched the file.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


MIGRATIONS = Path(__file__).parent / "migrations"
# The key of the PostgreSQL advisory lock that serialises migrations of one database
# (any constant that nothing else on the database uses: "disc" in ASCII).
MIGRATION_LOCK_KEY = 0x64697363


def alembic_config(url: str | None = None) -> AlembicConfig:
    """Alembic's configuration for this project's migrations, without any alembic.ini.

    ``url`` is only needed when no connection is handed over (see ``migrate``); the
    migrations' ``env.py`` falls back to ``DATABASE_URL`` as the server does.
    """
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database's schema to ``revision`` with the Alembic migrations.

    Needs only an engine, no Flask app: the server runs it at start and so does the
    hooks process, possibly at the same moment (plain ``npx dredd`` starts both
    together). That is safe: ``env.py`` runs the whole upgrade in one transaction that
    first takes ``migration_lock``, so the second process waits, then finds the database
    at head and does nothing.
    """
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def migration_lock(connection: Connection) -> Iterator[None]:
    """One transaction on ``connection`` that holds the database's migration lock.

    PostgreSQL: ``pg_advisory_xact_lock``, released at commit or rollback (and by the
    server if the process dies). DDL is transactional there, so a failed migration
    leaves nothing behind. SQLite: ``BEGIN IMMEDIATE`` takes the file's write lock at
    once; a plain ``BEGIN`` would take it only at the first write, after both processes
    had read that the schema is missing. The other process waits for the lock (the busy
    timeout of ``make_engine``) and then reads what the first one committed. SQLite's
    DDL is transactional too once the transaction is explicit, which the driver's
    default handling (no ``BEGIN`` before DDL) would not give.
    """
    with connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield


def init_app(app: Flask) -> None:
    """Bind an engine and a request-scoped session to ``app``.

    The session is removed when the app context ends, so the server never holds a
    transaction open between requests (the hooks process resets tables in between).
    """
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_session"] = scoped_session(sessionmaker(engine, expire_on_commit=False))

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        app.extensions["db_session"].remove()


def session() -> Session:
    """The current request's session."""
    current: Session = current_app.extensions["db_session"]()
    return current

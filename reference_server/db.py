"""Database plumbing: one engine per URL, a request-scoped session, and a cheap reset.

Plain SQLAlchemy 2 rather than Flask-SQLAlchemy so that the hooks process (which has
no Flask app) can open the same database from the same URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, current_app
from sqlalchemy import DateTime, Engine, create_engine, event, text
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
        engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet."""
    from reference_server import models  # noqa: F401  (registers the tables)

    Base.metadata.create_all(engine)


def reset(engine: Engine) -> None:
    """Empty every table so that the next row of each gets id 1 again.

    SQLite: ``DELETE`` (tables have no AUTOINCREMENT, so rowids restart); the
    events <-> discount codes foreign keys point both ways, so checks are deferred to
    commit. PostgreSQL: ``TRUNCATE ... RESTART IDENTITY``.
    """
    from reference_server import models  # noqa: F401

    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            connection.execute(text("PRAGMA defer_foreign_keys = ON"))
            for table in tables:
                connection.execute(table.delete())


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
    return current_app.extensions["db_session"]()


def engine() -> Engine:
    return current_app.extensions["db_engine"]


@contextmanager
def session_scope(bound_engine: Engine) -> Iterator[Session]:
    """A committed-or-rolled-back session outside Flask (CLI, hooks)."""
    with Session(bound_engine, expire_on_commit=False) as db_session, db_session.begin():
        yield db_session

"""A PostgreSQL database of its own for one run: created, handed over, always dropped.

The server is named by an admin URL (``POSTGRESQL_ADMIN_URL``, by default the local
server's ``postgres`` database as user ``postgres``); every run creates a database named
``<prefix>_<pid>_<random>`` there, so runs never share rows or sequences, and drops it
afterwards, whatever happened, ending any connection still open to it first.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from harness.errors import HarnessError, UnreachableError

# psycopg and SQLAlchemy are imported where they are used: a run on SQLite does without
# them, and they cost ~0.2 s of every start.

ADMIN_URL_VARIABLE = "POSTGRESQL_ADMIN_URL"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
HOW_TO_GET_ONE = (
    "start a PostgreSQL server (Debian/Ubuntu: apt-get install postgresql) or point"
    f" {ADMIN_URL_VARIABLE} at one, as a user that may create databases"
)


def may_skip(*, named_explicitly: bool = False) -> bool:
    """Whether a run or test may skip PostgreSQL when no server answers: never in CI (the
    ``CI`` variable set), nor when the caller named the server explicitly; everywhere
    else skipping beats failing on a machine without PostgreSQL. The one place this
    policy is written (the contract's ``--skip-if-unreachable``, the test suite)."""
    return not named_explicitly and not os.environ.get("CI")


def admin_url() -> str:
    return os.environ.get(ADMIN_URL_VARIABLE) or DEFAULT_ADMIN_URL


def libpq_url(url: str, database: str | None = None) -> str:
    """``url`` as libpq (and so psycopg and ``db.make_engine``) reads it, optionally on
    another database: ``postgresql://user@host:port/database``."""
    from sqlalchemy.engine.url import make_url

    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def shown(url: str) -> str:
    """``url`` without its password, for messages."""
    from sqlalchemy.engine.url import make_url

    return make_url(url).render_as_string(hide_password=True)


def unreachable_reason(url: str) -> str | None:
    """``None`` when the server at ``url`` lets us in; why not, when nothing answers there.

    A server that answers but refuses (wrong password, no such role or database) is not
    "unreachable": that raises ``HarnessError``, since skipping would hide a mistake.
    """
    import psycopg

    try:
        with psycopg.connect(libpq_url(url), connect_timeout=5):
            return None
    except psycopg.OperationalError as error:
        detail = " ".join(str(error).split())
        if _something_listens(url):
            raise UnreachableError(
                f"PostgreSQL at {shown(url)} answers but refused the connection: {detail}"
            ) from error
        return f"no PostgreSQL server answers at {shown(url)} ({detail})"


def _something_listens(url: str) -> bool:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(libpq_url(url))
    port = int(str(params.get("port") or 5432).split(",")[0])
    host = str(params.get("host") or "/var/run/postgresql").split(",")[0]
    try:
        if host.startswith("/"):
            with socket.socket(socket.AF_UNIX) as unix:
                unix.settimeout(3)
                unix.connect(f"{host}/.s.PGSQL.{port}")
        else:
            socket.create_connection((host, port), timeout=3).close()
    except OSError:
        return False
    return True


@contextmanager
def temporary_database(url: str, prefix: str = "contract") -> Iterator[str]:
    """Create a fresh database on ``url``'s server; yield its URL; drop it at the end,
    also when the run fails or a signal stops it."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        # Created inside the ``try``: a signal that arrives while the server creates it
        # (the harness raises ``Interrupted``) must not leave it behind.
        try:
            with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=5) as admin:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            detail = " ".join(str(error).split())
            raise UnreachableError(
                f"PostgreSQL at {shown(url)} did not create a database for the run: {detail}"
            ) from error
        yield libpq_url(url, database=name)
    except BaseException:
        try:
            drop_database(url, name)
        except HarnessError as error:  # the first error says why the run ended
            print(f"harness: {error}", file=sys.stderr)
        raise
    drop_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop ``name``, first ending every connection to it (a server or hooks process
    that did not exit cleanly would otherwise make ``DROP DATABASE`` fail)."""
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=5) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            # FORCE (PostgreSQL 13+) also ends connections opened since.
            force = sql.SQL(" WITH (FORCE)") if admin.info.server_version >= 130000 else sql.SQL("")
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}{}").format(sql.Identifier(name), force)
            )
    except psycopg.Error as error:
        detail = " ".join(str(error).split())
        raise UnreachableError(
            f"could not drop the run's database {name} on {shown(url)}: {detail}"
        ) from error

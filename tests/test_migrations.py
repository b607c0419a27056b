"""The Alembic migrations build exactly the models' schema, on SQLite and PostgreSQL.

Each test gets empty databases of its own (``new_database()``): a file on SQLite, a
database created for the test on PostgreSQL (``TEST_POSTGRESQL_URL``'s server, else
``POSTGRESQL_ADMIN_URL``'s, else the local one) and dropped after it. The PostgreSQL cases
are skipped, with the reason, only when no server answers and neither that variable
nor ``CI`` is set.
"""

from __future__ import annotations

import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from api_support import postgresql_server_or_skip
from sqlalchemy import Connection, Engine, MetaData, func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from harness import postgresql
from reference_server import db
from reference_server.db import utcnow
from reference_server.models import (
    DiscountCode,
    DiscountType,
    Event,
    Role,
    UsedFor,
    User,
    UserEventRole,
)
from seeders.sql import empty_database

HEAD = "0002"
LIVE_CODE_INDEX = "uq_discount_codes_live_code_per_event"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def new_database(backend: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """``new_database()``: the URL of one more empty database of the test's backend."""
    server = postgresql_server_or_skip() if backend == "postgresql" else None
    with ExitStack() as stack:
        made: list[str] = []

        def make() -> str:
            if server is None:
                url = f"sqlite:///{tmp_path / f'database{len(made)}.sqlite3'}"
            else:
                url = stack.enter_context(postgresql.temporary_database(server, prefix="test"))
            made.append(url)
            return url

        yield make


@pytest.fixture
def engines() -> Iterator[Callable[[str], Engine]]:
    """``engine(url)``, disposed of at the end of the test (before its databases go)."""
    opened: list[Engine] = []

    def make(url: str) -> Engine:
        opened.append(db.make_engine(url))
        return opened[-1]

    yield make
    for engine in opened:
        engine.dispose()


@pytest.fixture
def migrated(new_database: Callable[[], str], engines: Callable[[str], Engine]) -> Engine:
    engine = engines(new_database())
    db.migrate(engine)
    return engine


# --- the schema --------------------------------------------------------------------------


def test_migrated_schema_has_no_difference_from_the_models(migrated: Engine) -> None:
    with migrated.connect() as connection, warnings.catch_warnings():
        # SQLite cannot reflect the expression index; the next test compares it there.
        warnings.simplefilter("ignore")
        assert compare_metadata(MigrationContext.configure(connection), db.Base.metadata) == []


def test_migrated_schema_is_what_create_all_makes(
    migrated: Engine, new_database: Callable[[], str], engines: Callable[[str], Engine]
) -> None:
    """Every table, column, constraint and index as the database itself describes them,
    which also covers what ``compare_metadata`` skips (the index's expressions on SQLite,
    its WHERE clause on both)."""
    created = engines(new_database())
    create_all(created)
    with migrated.connect() as left, created.connect() as right:
        assert describe(left) == describe(right)


def test_live_code_index_is_partial_unique_and_case_insensitive(migrated: Engine) -> None:
    with migrated.connect() as connection:
        if migrated.dialect.name == "sqlite":
            definition = connection.scalar(
                text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": LIVE_CODE_INDEX}
            )
            expected = "(coalesce(event_id, 0), lower(code)) WHERE deleted_at IS NULL"
        else:
            definition = connection.scalar(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                {"name": LIVE_CODE_INDEX},
            )
            expected = "(COALESCE(event_id, 0), lower((code)::text)) WHERE (deleted_at IS NULL)"
    assert definition.startswith(f"CREATE UNIQUE INDEX {LIVE_CODE_INDEX} ON ")
    assert definition.endswith(expected)


def test_database_refuses_a_second_live_code_on_an_event_whatever_its_case(
    migrated: Engine,
) -> None:
    with Session(migrated) as session:
        user, first, second = _user_and_events(session)
        _add_code(session, "Early", first, user)
        with pytest.raises(IntegrityError):
            _add_code(session, "EARLY", first, user)
        _add_code(session, "early", second, user)  # another event: its own codes


def test_event_codes_share_one_bucket(migrated: Engine) -> None:
    with Session(migrated) as session:
        user, _, _ = _user_and_events(session)
        _add_code(session, "Platform", None, user)
        with pytest.raises(IntegrityError):
            _add_code(session, "PLATFORM", None, user)


def test_deleted_codes_do_not_count(migrated: Engine) -> None:
    with Session(migrated) as session:
        user, event, _ = _user_and_events(session)
        for _ in range(2):  # two deleted rows with one code may coexist
            _add_code(session, "Reused", event, user, deleted=True)
        _add_code(session, "REUSED", event, user)
        live = select(func.count()).where(DiscountCode.deleted_at.is_(None))
        assert session.scalar(live.select_from(DiscountCode)) == 1


def test_circular_foreign_keys_are_enforced_and_reset_empties_them(migrated: Engine) -> None:
    """events.discount_code_id and discount_codes.event_id point at each other."""
    with Session(migrated) as session:
        user, event, _ = _user_and_events(session)
        event_code = _add_code(session, "Platform", None, user)
        _add_code(session, "Ticket", event, user)
        event.discount_code_id = event_code.id
        session.commit()
        event.discount_code_id = 999
        with pytest.raises(IntegrityError):
            session.commit()
    empty_database(migrated)
    with Session(migrated) as session:
        assert session.scalar(select(func.count()).select_from(DiscountCode)) == 0
        assert session.scalar(select(func.count()).select_from(Event)) == 0
        _, event, _ = _user_and_events(session)
        assert event.id == 1


# --- running the migrations ---------------------------------------------------------------


def test_migrating_again_changes_nothing(migrated: Engine) -> None:
    with migrated.connect() as connection:
        before = describe(connection)
    db.migrate(migrated)
    with migrated.connect() as connection:
        assert describe(connection) == before
        assert _versions(connection) == [HEAD]


def test_downgrade_removes_everything_and_upgrade_rebuilds_it(migrated: Engine) -> None:
    config = db.alembic_config()
    with migrated.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    with migrated.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]
        assert _versions(connection) == []
    db.migrate(migrated)
    with migrated.connect() as connection:
        assert _versions(connection) == [HEAD]


RACER = """
import sys, time
from reference_server import db
engine = db.make_engine(sys.argv[1])
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
db.migrate(engine)
"""


@pytest.mark.parametrize("round_", range(2))
def test_two_processes_migrating_one_new_database_at_once(
    round_: int, new_database: Callable[[], str], engines: Callable[[str], Engine]
) -> None:
    """The server and the hooks process both migrate at start; neither may fail."""
    url = new_database()
    start = time.time() + 2.0  # both interpreters have imported by then
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=60)[0].decode() for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], outputs
    with engines(url).connect() as connection:
        assert _versions(connection) == [HEAD]


def test_migrations_run_from_a_url_alone(new_database: Callable[[], str]) -> None:
    """What the ``alembic`` command does: no engine, no Flask app, only a URL."""
    url = new_database()
    command.upgrade(db.alembic_config(url), "head")
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            assert _versions(connection) == [HEAD]
    finally:
        engine.dispose()


# --- helpers -------------------------------------------------------------------------------


def create_all(engine: Engine) -> None:
    """``metadata.create_all``, the models' own idea of the schema, on a copy of the
    models' tables: on PostgreSQL, SQLAlchemy marks a ``use_alter`` foreign key as "never
    in CREATE TABLE" for good (``AddConstraint``), and a later ``create_all`` on SQLite in
    the same process would then leave events.discount_code_id without its foreign key."""
    metadata = MetaData()
    for table in db.Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.create_all(engine)


def describe(connection: Connection) -> dict[str, set[tuple[Any, ...]]]:
    """The schema as the database describes it, ``alembic_version`` left out."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
                " WHERE tbl_name <> 'alembic_version'"
            )
        )
        # The order of a table's clauses does not matter; their text does.
        return {"objects": {(*row[:3], _lines(row[3])) for row in rows}}
    queries = {
        "columns": "SELECT table_name, column_name, data_type, character_maximum_length,"
        " is_nullable, column_default FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name <> 'alembic_version'",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        " AND conrelid::regclass::text <> 'alembic_version'",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = 'public' AND tablename <> 'alembic_version'",
        "sequences": "SELECT sequence_name, data_type FROM information_schema.sequences"
        " WHERE sequence_schema = 'public'",
    }
    return {name: set(map(tuple, connection.execute(text(sql)))) for name, sql in queries.items()}


def _lines(sql: str | None) -> frozenset[str] | None:
    if sql is None:
        return None
    return frozenset(line.strip().rstrip(",").strip() for line in sql.splitlines())


def _versions(connection: Connection) -> list[str]:
    return list(connection.scalars(text("SELECT version_num FROM alembic_version")))


def test_database_refuses_a_second_role_of_a_user_in_an_event(migrated: Engine) -> None:
    with Session(migrated) as session:
        user, event, _ = _user_and_events(session)
        session.add(UserEventRole(user_id=user.id, event_id=event.id, role=Role.ORGANIZER))
        session.commit()
        session.add(UserEventRole(user_id=user.id, event_id=event.id, role=Role.COORGANIZER))
        with pytest.raises(IntegrityError):
            session.commit()


def test_database_refuses_an_email_taken_in_another_case(migrated: Engine) -> None:
    with Session(migrated) as session:
        _user_and_events(session)
        session.add(User(email="SomeOne@Example.com", password_hash="-"))
        with pytest.raises(IntegrityError):
            session.commit()


def _user_and_events(session: Session) -> tuple[User, Event, Event]:
    now = utcnow()
    user = User(email="someone@example.com", password_hash="-")
    events = [
        Event(name=f"Event {n}", starts_at=now, ends_at=now + timedelta(days=1)) for n in (1, 2)
    ]
    session.add_all([user, *events])
    session.commit()
    return user, events[0], events[1]


def _add_code(
    session: Session, code: str, event: Event | None, user: User, *, deleted: bool = False
) -> DiscountCode:
    row = DiscountCode(
        code=code,
        value=5,
        type=DiscountType.AMOUNT,
        used_for=UsedFor.EVENT if event is None else UsedFor.TICKET,
        event_id=None if event is None else event.id,
        marketer_id=user.id,
        deleted_at=utcnow() if deleted else None,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise
    return row

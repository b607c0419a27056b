"""The factories write the server's database; it is emptied before every transaction.

Emptying is the harness's business, not the server's: ``empty_database`` (and
``empty_tables``, in the caller's transaction) live here, beside their one user.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.orm import Session, selectinload

import factories
from reference_server import db, models  # noqa: F401  (models registers the tables)
from seeders._base import Rows, Seeder, Transaction
from seeders.tokens import Tokens


def empty_database(engine: Engine) -> None:
    """Empty every table so that the next row of each gets id 1 again.

    SQLite: ``DELETE`` (tables have no AUTOINCREMENT, so rowids restart); the
    events <-> discount codes foreign keys point both ways, so checks are deferred to
    commit. PostgreSQL: see ``_postgresql_emptying``.
    """
    with engine.begin() as connection:
        empty_tables(connection)


def empty_tables(connection: Connection) -> None:
    """``empty_database`` in the caller's transaction: the hooks empty the tables and write the
    next scenario's rows in one transaction, committed once."""
    for statement in _emptying_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


@functools.cache
def _emptying_statements(dialect: str) -> tuple[str, ...]:
    """The SQL of ``empty_tables``, made once (plain SQL: nothing to compile per call)."""
    tables = tuple(reversed(db.Base.metadata.sorted_tables))
    if dialect == "postgresql":
        return ("SET LOCAL synchronous_commit = off", _postgresql_emptying(tables))
    return ("PRAGMA defer_foreign_keys = ON", *(f'DELETE FROM "{t.name}"' for t in tables))


@functools.cache
def _postgresql_emptying(tables: tuple[Table, ...]) -> str:
    """One batch of SQL that empties ``tables`` (dependents first) on PostgreSQL.

    ``DELETE`` and restarting each id sequence rather than ``TRUNCATE ... RESTART
    IDENTITY``: on these few rows it takes about 1 ms instead of 15 to 60 (``TRUNCATE``
    makes new files for every table and index; ``bench/reset_cost.py`` measures both),
    and it needs no exclusive lock on the tables. Foreign keys are not deferrable there,
    so the columns that close a cycle (``use_alter``: events.discount_code_id) are
    cleared first. The commit need not wait for the disk (``synchronous_commit = off``,
    set by the caller): losing an emptying in a crash loses nothing.
    """
    statements = [
        f'UPDATE "{table.name}" SET {", ".join(f"{c} = NULL" for c in fk.column_keys)}'
        for table in tables
        for fk in table.foreign_key_constraints
        if fk.use_alter
    ]
    statements += [f'DELETE FROM "{table.name}"' for table in tables]
    sequences = [
        f"setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), 1, false)"
        for table in tables
        if (column := table.autoincrement_column) is not None
    ]
    statements.append(f"SELECT {', '.join(sequences)}")
    return ";\n".join(statements)


class SqlSeeder(Seeder):
    """Ids start at 1 in every transaction, so the blueprint's ids hold as written."""

    empties_database = True

    def __init__(self, database_url: str, tokens: Tokens) -> None:
        super().__init__(tokens)
        self.engine = db.make_engine(database_url)
        factories.use_store(None)
        factories.bind(self.engine)
        factories.commit_each_row(False)  # a scenario is committed once, after its seed
        self._snapshot_queries = [
            (table.name, f'SELECT * FROM "{table.name}"')
            for table in db.Base.metadata.sorted_tables
        ]

    def prepare(self) -> None:
        """Make sure the schema exists (a server on the same database migrates it too)."""
        db.migrate(self.engine)

    def start(self, transaction: Transaction) -> None:
        """No rows, ids from 1, the same fake data every time. The factories' session is
        closed first (it holds no lock), then the tables are emptied in its transaction:
        emptying and the scenario's rows are committed together, once."""
        factories.restart()
        empty_tables(factories.FactorySession.connection())

    def seeded(self, transaction: Transaction) -> None:
        factories.FactorySession.commit()

    def snapshot(self) -> Rows:
        """Every row of every table, as the database stores it."""
        with self.engine.connect() as connection:
            return {
                name: {tuple(row) for row in connection.exec_driver_sql(query)}
                for name, query in self._snapshot_queries
            }

    def stored(self, model: type[Any], contract_id: int) -> Any:
        """As the database has it now, not as the factories' session remembers it, with its
        relationships loaded (the row is read after its session is closed)."""
        with Session(self.engine) as session:
            return session.get(model, contract_id, options=[selectinload("*")])

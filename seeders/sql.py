"""The factories write the server's database; it is emptied before every transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, selectinload

import factories
from reference_server import db
from seeders._base import Rows, Seeder, Transaction
from seeders.tokens import Tokens


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
        db.create_schema(self.engine)

    def start(self, transaction: Transaction) -> None:
        """No rows, ids from 1, the same fake data every time. The factories' session is
        closed first (it holds no lock), then the tables are emptied in its transaction:
        emptying and the scenario's rows are committed together, once."""
        factories.restart()
        db.empty_tables(factories.FactorySession.connection())

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

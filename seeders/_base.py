"""What every seeder offers the hooks."""

from __future__ import annotations

from typing import Any

from reference_server.models import User
from seeders._errors import NotChecked
from seeders.tokens import Tokens

Transaction = dict[str, Any]
Rows = dict[str, set[tuple[Any, ...]]]


class Seeder:
    """The default implementations suit a seeder that cannot see the database."""

    #: False when other rows may exist besides the scenario's (nothing is emptied).
    empties_database: bool = False
    #: True when the expected response must be adapted to it (``before_validation``).
    adapts_expectations: bool = False

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens

    def prepare(self) -> None:
        """Once per run, before the first transaction."""

    def start(self, transaction: Transaction) -> None:
        """Before the transaction's scenario seeds its rows."""

    def seeded(self, transaction: Transaction) -> None:
        """After the scenario seeded its rows: make them visible to the server, adapt the
        request to them."""

    def before_validation(self, transaction: Transaction) -> None:
        """The response is in: adapt what is expected of it to the server's ids."""

    def authorization(self, kind: str | None, user: User | None) -> str | None:
        """The ``Authorization`` header for ``user`` (``kind``: see ``Tokens.header``)."""
        return self.tokens.header(kind, user)

    def in_server_terms(self, note: str) -> str:
        """``note`` (about the blueprint's rows: "event 1", "code 2") with the ids the
        server gave them; the blueprint's ids are the server's here."""
        return note

    def snapshot(self) -> Rows:
        """Every row of every table, to compare before and after a refused write."""
        raise NotChecked("that a refused write changed nothing: it needs the database")

    def stored(self, model: type[Any], contract_id: int) -> Any:
        """The row of ``model`` with the blueprint's id ``contract_id``, as stored now."""
        raise NotChecked(f"the stored {model.__tablename__} row: it needs the database")

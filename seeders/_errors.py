"""The ways seeding stops short of a verdict."""

from __future__ import annotations

from typing import Any

from dredd_hooks_runtime import TransactionFailed

#: How much of a request body or an answer a report quotes.
QUOTED = 400


class NotChecked(Exception):
    """This seeder cannot make the check; the message says what it would need."""


class CouldNotSeed(NotChecked):
    """The server refused to create one of a scenario's rows through its API.

    The rule is then not checked (it never reached the server), which is not the same as
    not conforming: the report shows the request and the answer once per cause.
    """

    def __init__(
        self, row: str, method: str, path: str, sent: str, status: int, answer: str
    ) -> None:
        self.row, self.method, self.path = row, method, path
        self.sent, self.status, self.answer = sent[:QUOTED], status, answer[:QUOTED]
        super().__init__(
            f"could not seed the {row}: {method} {path} answered {status}: {self.answer}"
        )

    def as_record(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "method": self.method,
            "path": self.path,
            "sent": self.sent,
            "status": self.status,
            "answer": self.answer,
        }


class SeedingFailed(TransactionFailed):
    """The server did not answer a seeding request (or seeding cannot go on): the
    transaction fails with the reason (no traceback: no hook is wrong)."""

"""Scenarios of the Authentication group."""

from __future__ import annotations

from factories import UserFactory
from hooks._scenario import Transaction, scenario


@scenario("Authentication > Login > Log In")
def log_in(transaction: Transaction) -> None:
    """POST /v1/auth/login anonymously, as user1@example.com with the default password."""
    UserFactory()

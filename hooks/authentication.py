"""Scenarios of the Authentication group."""

from __future__ import annotations

import harness.hooks_runtime as hooks
from factories import UserFactory
from hooks._scenario import Transaction


@hooks.before("Authentication > Login > Log In")
def log_in(transaction: Transaction) -> None:
    """POST /v1/auth/login as user1@example.com with the default password."""
    UserFactory()

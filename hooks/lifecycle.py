"""Hooks that run around every transaction, whatever its group."""

from __future__ import annotations

import harness.hooks_runtime as hooks
from hooks._scenario import (
    Transaction,
    check_refusal_changed_nothing,
    prepare_database,
    start_from_empty_database,
)


@hooks.before_all
def prepare(_transactions: list[Transaction]) -> None:
    prepare_database()


@hooks.before_each
def empty_database(transaction: Transaction) -> None:
    start_from_empty_database()
    # Reports title each test by its id ("GET (200) /v1/..."), which is not unique;
    # the transaction's name is.
    transaction["id"] = transaction["name"]


@hooks.after_each
def refused_writes_change_nothing(transaction: Transaction) -> None:
    check_refusal_changed_nothing(transaction)

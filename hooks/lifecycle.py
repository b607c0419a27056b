"""Hooks that run around every transaction, whatever its group."""

from __future__ import annotations

import harness.hooks_runtime as hooks
from harness import results_log
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
    if transaction.get("skip"):
        return  # left out of this run (``harness run PATTERN``): nothing to prepare
    start_from_empty_database()
    # Reports title each test by its id ("GET (200) /v1/..."), which is not unique;
    # the transaction's name is.
    transaction["id"] = transaction["name"]


@hooks.after_each
def refused_writes_change_nothing(transaction: Transaction) -> None:
    check_refusal_changed_nothing(transaction)


@hooks.after_each
def record_result(transaction: Transaction) -> None:
    """Last: what was expected and what came back, for the run's reports."""
    results_log.record(transaction)

"""Hooks that run around every transaction, whatever its group."""

from __future__ import annotations

import dredd_hooks_runtime as hooks
from harness import results_log
from hooks._scenario import (
    SEEDER,
    Transaction,
    check_refusal_changed_nothing,
    notes_for,
    start_from_empty_database,
)


@hooks.before_each
def clean_start(transaction: Transaction) -> None:
    if transaction.get("skip"):
        return  # left out of this run (``harness run PATTERN``): nothing to prepare
    start_from_empty_database(transaction)
    # Reports title each test by its id ("GET (200) /v1/..."), which is not unique;
    # the transaction's name is.
    transaction["id"] = transaction["name"]


def expect_the_servers_ids(transaction: Transaction) -> None:
    """Seeded through an API, the expected body names the server's ids."""
    if not transaction.get("skip"):
        SEEDER.before_validation(transaction)


# Only where there is something to adapt: a hook of this kind costs Dredd a round trip
# to the handler per transaction.
if SEEDER.adapts_expectations:
    hooks.before_each_validation(expect_the_servers_ids)


@hooks.after_each
def refused_writes_change_nothing(transaction: Transaction) -> None:
    check_refusal_changed_nothing(transaction)


@hooks.after_each
def record_result(transaction: Transaction) -> None:
    """Last: what was expected and what came back, for the run's reports."""
    notes, could_not_seed = notes_for(transaction)
    results_log.record(transaction, notes, could_not_seed)

"""Hooks that run around every transaction, whatever its group."""

from __future__ import annotations

import dredd_hooks_runtime as hooks
import seeders
from harness import results_log
from hooks._scenario import RUN, Transaction, check_refusal_changed_nothing


@hooks.before_each
def clean_start(transaction: Transaction) -> None:
    if transaction.get("skip"):
        return  # left out of this run (``harness run PATTERN``): nothing to prepare
    RUN.begin(transaction)
    # Reports title each test by its id ("GET (200) /v1/..."), which is not unique;
    # the transaction's name is.
    transaction["id"] = transaction["name"]


def expect_the_servers_ids(transaction: Transaction) -> None:
    """Seeded through an API, the expected body names the server's ids."""
    if not transaction.get("skip"):
        RUN.seeder.before_validation(transaction)


# Only where there is something to adapt: a hook of this kind costs Dredd a round trip
# to the handler per transaction. The seeder's kind says so without making one.
if seeders.kind_from_environment().adapts_expectations:
    hooks.before_each_validation(expect_the_servers_ids)


@hooks.after_each
def refused_writes_change_nothing(transaction: Transaction) -> None:
    check_refusal_changed_nothing(RUN.context(transaction))


@hooks.after_each
def record_result(transaction: Transaction) -> None:
    """Last: what was expected and what came back, for the run's reports."""
    context = RUN.finish(transaction)
    results_log.record(transaction, context.notes, context.could_not_seed)

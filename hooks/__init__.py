"""Dredd hooks: one ``before`` hook per transaction, seeding what it needs.

Hook files are the group modules (``authentication.py``, ``discount_codes.py``);
``_scenario.py`` holds everything they share, and this package offers it to the rest of
the project (the harness's scaffold, the tests that seed every scenario).
"""

from hooks._scenario import (
    BODY_LIMIT,
    ONE_ROUTE_TOKEN_PROBLEMS,
    RUN,
    TOKEN_PROBLEMS,
    Context,
    Run,
    Seed,
    Transaction,
    act_as,
    admin,
    after,
    deeply_nested_body,
    not_checked,
    nothing_as,
    oversized,
    plain_user,
    refused_without_valid_token,
    scenario,
    spoil_token,
    then_as,
)

__all__ = [
    "BODY_LIMIT",
    "ONE_ROUTE_TOKEN_PROBLEMS",
    "RUN",
    "TOKEN_PROBLEMS",
    "Context",
    "Run",
    "Seed",
    "Transaction",
    "act_as",
    "admin",
    "after",
    "deeply_nested_body",
    "not_checked",
    "nothing_as",
    "oversized",
    "plain_user",
    "refused_without_valid_token",
    "scenario",
    "spoil_token",
    "then_as",
]

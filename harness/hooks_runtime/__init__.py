"""Dredd hooks for Python: a drop-in for the ``dredd_hooks`` decorator API.

Hook files import the package under one spelling::

    import harness.hooks_runtime as hooks

    @hooks.before_all
    def seed(transactions):
        hooks.stash["token"] = make_token()

    @hooks.before("Discount Codes > Create > Example 1")
    def authorise(transaction):
        transaction["request"]["headers"]["Authorization"] = hooks.stash["token"]

Same names and order as ``dredd_hooks``: ``before_each`` runs before the named
``before`` hooks, ``before_each_validation`` before ``before_validation``, and
the named ``after`` hooks before ``after_each``. Unlike ``dredd_hooks``, hooks
of one kind run in the order they are defined, and a hook that raises fails
only its own transaction, with its traceback (see ``_dispatch``); one that raises
``TransactionFailed`` fails it with the message alone. ``stash`` is a plain dict that
lives as long as the handler process, i.e. one Dredd run.

The handler itself runs as ``python -m harness.hooks_runtime --port N FILE...``;
``harness.hooks_runtime.dredd_options.dredd_hook_args`` builds the matching
Dredd arguments.
"""

from ._dispatch import TransactionFailed
from ._registry import (
    after,
    after_all,
    after_each,
    before,
    before_all,
    before_each,
    before_each_validation,
    before_validation,
)

# Shared between hooks for one run, e.g. ids seeded in before_all.
stash: dict = {}

__all__ = [
    "TransactionFailed",
    "after",
    "after_all",
    "after_each",
    "before",
    "before_all",
    "before_each",
    "before_each_validation",
    "before_validation",
    "stash",
]

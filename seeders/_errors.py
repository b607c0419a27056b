"""The two ways seeding stops short of a verdict."""

from harness.hooks_runtime import TransactionFailed


class NotChecked(Exception):
    """This seeder cannot make the check; the message says what it would need."""


class SeedingFailed(TransactionFailed):
    """The server refused to create a scenario's row through its API, or did not answer:
    the transaction fails with the reason (no traceback: no hook is wrong)."""

"""What every scenario shares: the run, the transaction's context, the callers and checks.

A scenario is a function of the transaction's ``Context``: it seeds rows with the
factories and names its caller in one line, ``act_as(context, coorganizer_of(event))``.
Where the rows go is the seeder's business (``seeders``): the server's database, emptied
before each transaction so ids start at 1 (the normal run), or the server's own API
(conformance of another implementation). A scenario is written once and serves both.

The caller's token is chosen when the seed is complete: a seeder that logs users in
can only do so once their rows exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import dredd_hooks_runtime as hooks
import seeders
from factories import UserFactory
from reference_server.models import User

Transaction = dict[str, Any]
Rows = dict[str, set[tuple[Any, ...]]]


@dataclass(eq=False)
class Context:
    """The transaction being prepared, and what its scenario decided about it.

    Made before the transaction's seed (``Run.begin``) and handed to its scenario and to
    its ``after`` checks: the caller, a spoiled token, the notes of what was not checked
    and the rows before a refused write travel with the transaction into its report.
    ``transaction`` is Dredd's dict as sent for the current round trip (after the
    request it holds the response, ``real``).
    """

    transaction: Transaction
    seeder: seeders.Seeder
    caller: User | None = None
    token_problem: str | None = None
    notes: list[str] = field(default_factory=list)
    could_not_seed: dict[str, Any] | None = None
    rows_before_request: Rows | None = None

    @property
    def name(self) -> str:
        return str(self.transaction["name"])

    @property
    def request(self) -> dict[str, Any]:
        """The request Dredd will send: its ``body`` and ``headers`` may be changed."""
        request: dict[str, Any] = self.transaction["request"]
        return request

    @property
    def real(self) -> dict[str, Any]:
        """The response, in an ``after`` check (empty before the request)."""
        real: dict[str, Any] = self.transaction.get("real") or {}
        return real

    @property
    def skipped(self) -> bool:
        return bool(self.transaction.get("skip"))

    def fail(self, message: str) -> None:
        """Fail the transaction with ``message``, whatever its response."""
        self.transaction["fail"] = message

    def stored(self, model: type[Any], row_id: int) -> Any:
        """The row with the blueprint's id ``row_id``, as stored now (not as the
        factories' session remembers it)."""
        return self.seeder.stored(model, row_id)


Seed = Callable[[Context], None]


class Run:
    """One Dredd run of the hooks: its seeder and the transaction in flight.

    The seeder is made on first use, from the variables ``harness`` sets for the hooks
    process: importing a hook file builds nothing. Dredd runs one transaction at a time
    (its ``beforeEach``, the request, its ``afterEach``), so one context is in flight.
    """

    def __init__(self, make_seeder: Callable[[], seeders.Seeder] = seeders.from_environment):
        self._make_seeder = make_seeder
        self._seeder: seeders.Seeder | None = None
        self._prepared = False
        self._in_flight: Context | None = None

    @property
    def seeder(self) -> seeders.Seeder:
        if self._seeder is None:
            self._seeder = self._make_seeder()
        return self._seeder

    @property
    def engine(self) -> Any:
        """The database, when the seeder writes one (else ``None``)."""
        return getattr(self.seeder, "engine", None)

    def begin(self, transaction: Transaction) -> Context:
        """Before the transaction's seed: a clean start (an empty database, ids from 1, the
        same fake data every time; or, seeding through an API, new codes and emails).

        The seeder prepares once per run, here, not in a ``before_all`` hook: that would
        cost Dredd a round trip of every transaction as JSON.
        """
        if not self._prepared:
            self.seeder.prepare()
            self._prepared = True
        self.seeder.start(transaction)
        self._in_flight = Context(transaction, self.seeder)
        return self._in_flight

    def context(self, transaction: Transaction) -> Context:
        """The context of ``transaction``, holding the dict Dredd sent for this round trip
        (a new context for a transaction never begun: one the run leaves out)."""
        context = self._in_flight
        if context is None or context.name != transaction["name"]:
            context = self._in_flight = Context(transaction, self.seeder)
        context.transaction = transaction
        return context

    def finish(self, transaction: Transaction) -> Context:
        """The context of ``transaction``, which is then no longer in flight."""
        context = self.context(transaction)
        self._in_flight = None
        return context


#: This hooks process's run.
RUN = Run()


def changes_between(before: Rows, after: Rows) -> list[str]:
    found = []
    for table, rows in before.items():
        added, removed = after[table] - rows, rows - after[table]
        if added or removed:
            found.append(
                f"{table}: {len(removed)} row(s) changed or removed, {len(added)} added or changed"
            )
    return found


# --- what was not checked ----------------------------------------------------------------


def not_checked(context: Context, what: str | seeders.NotChecked, *, whole: bool = False) -> None:
    """Note a check this run cannot make; ``whole``: the transaction itself is not run.
    A row the server refused to create is kept apart, for the report's seeding causes."""
    if isinstance(what, seeders.CouldNotSeed) and context.could_not_seed is None:
        context.could_not_seed = what.as_record()
    context.notes.append(context.seeder.in_server_terms(str(what)))
    if whole:
        context.transaction["skip"] = True


# --- callers -----------------------------------------------------------------------------


def act_as(context: Context, user: User | None) -> None:
    """Send the transaction's request as ``user`` (``None``: anonymously)."""
    context.caller, context.token_problem = user, None


# The five ways a request can fail to authenticate, by the transaction-name suffix the
# blueprint gives them, and the kind of token each sends. Expired and forged tokens name
# the scenario's own caller, who would otherwise be let in: only the token is wrong.
TOKEN_PROBLEMS: dict[str, str] = {
    "without a Token": "missing",
    "with a Malformed Token": "malformed",
    "with an Expired Token": "expired",
    "with a Token Signed by Another Key": "forged",
    "with a Token without Expiry": "unexpiring",
}


#: Token problems tried on one route only (the server reads every token the same way).
ONE_ROUTE_TOKEN_PROBLEMS: dict[str, str] = {
    "with a Token for a User beyond Any Row": "nobody",
}


_ANY_TOKEN_PROBLEM = TOKEN_PROBLEMS | ONE_ROUTE_TOKEN_PROBLEMS


def spoil_token(context: Context, problem: str) -> None:
    """Replace the caller's valid token by one with ``problem`` (a ``TOKEN_PROBLEMS`` or
    ``ONE_ROUTE_TOKEN_PROBLEMS`` key)."""
    context.token_problem = _ANY_TOKEN_PROBLEM[problem]


def _send_as_caller(context: Context) -> None:
    headers = context.request["headers"]
    headers.pop("Authorization", None)
    try:
        header = context.seeder.authorization(context.token_problem, context.caller)
    except seeders.NotChecked as reason:
        not_checked(context, reason, whole=True)
        return
    if header is not None:
        headers["Authorization"] = header


def admin() -> User:
    return UserFactory(admin=True)


def plain_user() -> User:
    """Logged in, but with no role in any event."""
    return UserFactory()


# --- registering scenarios -------------------------------------------------------------

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def scenario(name: str, *, lists_every_row: bool = False) -> Callable[[Seed], Seed]:
    """Register ``seed`` as the ``before`` hook of transaction ``name``.

    ``lists_every_row``: the expected answer lists every row of a table, which holds
    only when the scenario's rows are the only ones (not when seeding through an API).

    When the contract expects the transaction to be a refused write (a 4xx answer to a
    POST/PATCH/DELETE), the database is recorded right after seeding, and
    ``check_refusal_changed_nothing`` fails the transaction if the request changed it.
    """

    def register(seed: Seed) -> Seed:
        @functools.wraps(seed)
        def before(transaction: Transaction) -> None:
            context = RUN.context(transaction)
            if context.skipped:
                return  # left out of this run: seeding would only cost time
            if lists_every_row and not context.seeder.empties_database:
                not_checked(
                    context,
                    "the answer lists every row: the server holds rows of other transactions",
                    whole=True,
                )
                return
            act_as(context, None)
            try:
                seed(context)
            except seeders.NotChecked as reason:
                not_checked(context, reason, whole=True)
                return
            context.seeder.seeded(transaction)
            _send_as_caller(context)
            if _is_refused_write(transaction) and not context.skipped:
                try:
                    context.rows_before_request = context.seeder.snapshot()
                except seeders.NotChecked as reason:
                    not_checked(context, str(reason))

        hooks.before(name)(before)
        return seed

    return register


def refused_without_valid_token(name: str, seed: Seed) -> None:
    """Register the five 401 scenarios of ``name``: ``seed``'s rows and caller, bad token."""
    for problem in TOKEN_PROBLEMS:

        def spoiled(context: Context, problem: str = problem) -> None:
            seed(context)
            spoil_token(context, problem)

        spoiled.__doc__ = f"{seed.__name__}, {problem.lower()}: 401."
        scenario(f"{name} {problem}")(spoiled)


def then_as(seed: Seed, caller: Callable[[], User | None]) -> Seed:
    """``seed``'s rows, but the request is sent by ``caller()`` (a refusal scenario)."""

    def seeded_then_as(context: Context) -> None:
        seed(context)
        act_as(context, caller())

    seeded_then_as.__doc__ = f"{seed.__name__}, sent by {caller.__name__}()."
    return seeded_then_as


def nothing_as(caller: Callable[[], User | None]) -> Seed:
    """Nothing seeded but the caller, who sends the request (a not-found scenario)."""

    def empty_as(context: Context) -> None:
        act_as(context, caller())

    empty_as.__doc__ = f"Nothing seeded, sent by {caller.__name__}()."
    return empty_as


def check_refusal_changed_nothing(context: Context) -> None:
    """After a refused write: fail the transaction if any row was added, changed or removed."""
    before, context.rows_before_request = context.rows_before_request, None
    if before is None:
        return
    changed = changes_between(before, context.seeder.snapshot())
    if changed:
        context.fail("the refused request changed the database: " + "; ".join(changed))


def _is_refused_write(transaction: Transaction) -> bool:
    status = int(transaction["expected"].get("statusCode", 0) or 0)
    return transaction["request"]["method"] in WRITES and status >= 400


def after(name: str) -> Callable[[Seed], Seed]:
    """Register a check to run after transaction ``name`` (not when the run skips it).

    A check the seeder cannot make (it reads the database) is noted as not checked.
    """

    def register(check: Seed) -> Seed:
        @functools.wraps(check)
        def after_request(transaction: Transaction) -> None:
            context = RUN.context(transaction)
            if context.skipped:
                return
            try:
                check(context)
            except seeders.NotChecked as reason:
                not_checked(context, f"{check.__doc__ or check.__name__} ({reason})")

        hooks.after(name)(after_request)
        return check

    return register


#: The largest request body the API reads (1 MiB); a larger one is a 413.
BODY_LIMIT = 1024 * 1024


def oversized(seed: Seed) -> Seed:
    """``seed``, then the request body padded with whitespace one byte past ``BODY_LIMIT``
    (still valid JSON: only its size is wrong). Too large to write into the blueprint."""

    def seeded_then_padded(context: Context) -> None:
        seed(context)
        body = context.request["body"]
        context.request["body"] = body + " " * (BODY_LIMIT + 1 - len(body.encode()))
        context.request["headers"].pop("Content-Length", None)

    seeded_then_padded.__doc__ = f"{seed.__name__}, with a body over {BODY_LIMIT} bytes."
    return seeded_then_padded


# --- hostile bodies too large to write in the blueprint ----------------------------------


def _fill_in(context: Context, marker: str, filled: str) -> None:
    body = context.request.get("body") or ""
    if marker in body:
        context.request["body"] = body.replace(marker, filled, 1)
    else:
        context.fail(f"the blueprint's request body has no {marker} to fill in")


def deeply_nested_body(context: Context, depth: int = 1000) -> None:
    """The body's ``"nested": []`` becomes ``depth`` arrays, each inside the one before."""
    _fill_in(context, '"nested": []', '"nested": ' + "[" * depth + "]" * depth)

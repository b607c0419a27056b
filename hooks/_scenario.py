"""What every scenario shares: the seeder, the callers and the checks.

A scenario seeds rows with the factories and names its caller in one line:
``act_as(transaction, coorganizer_of(event))``. Where the rows go is the seeder's
business (``seeders``): the server's database, emptied before each transaction so ids
start at 1 (the normal run), or the server's own API (conformance of another
implementation). A scenario is written once and serves both.

The caller's token is chosen when the seed is complete: a seeder that logs users in
can only do so once their rows exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import dredd_hooks_runtime as hooks
import seeders
from factories import UserFactory
from reference_server.models import User

Transaction = dict[str, Any]
Seed = Callable[[Transaction], None]

SEEDER = seeders.from_environment()
ENGINE = getattr(SEEDER, "engine", None)  # the database, when the seeder writes one


# --- the database ---------------------------------------------------------------------


_prepared = False


def prepare_database() -> None:
    """Once per run, before the first transaction's seed (not in a ``before_all`` hook:
    that costs Dredd a round trip of every transaction as JSON)."""
    global _prepared
    if not _prepared:
        SEEDER.prepare()
        _prepared = True


def start_from_empty_database(transaction: Transaction) -> None:
    """Before every transaction: a clean start (an empty database, ids from 1, the same
    fake data every time; or, seeding through an API, new codes and emails)."""
    prepare_database()
    SEEDER.start(transaction)


def changes_between(
    before: dict[str, set[tuple[Any, ...]]], after: dict[str, set[tuple[Any, ...]]]
) -> list[str]:
    found = []
    for table, rows in before.items():
        added, removed = after[table] - rows, rows - after[table]
        if added or removed:
            found.append(
                f"{table}: {len(removed)} row(s) changed or removed, {len(added)} added or changed"
            )
    return found


# --- what was not checked ----------------------------------------------------------------

_not_checked: dict[str, list[str]] = {}
_could_not_seed: dict[str, dict[str, Any]] = {}


def not_checked(
    transaction: Transaction, what: str | seeders.NotChecked, *, whole: bool = False
) -> None:
    """Note a check this run cannot make; ``whole``: the transaction itself is not run.
    A row the server refused to create is kept apart, for the report's seeding causes."""
    if isinstance(what, seeders.CouldNotSeed):
        _could_not_seed.setdefault(transaction["name"], what.as_record())
    _not_checked.setdefault(transaction["name"], []).append(SEEDER.in_server_terms(str(what)))
    if whole:
        transaction["skip"] = True


def notes_for(transaction: Transaction) -> tuple[list[str], dict[str, Any] | None]:
    """What was not checked for ``transaction`` (for its report line), and the seeding
    request the server refused, if one was; forgets them."""
    name = transaction["name"]
    return _not_checked.pop(name, []), _could_not_seed.pop(name, None)


# --- callers -----------------------------------------------------------------------------

_request: dict[str, Any] = {"caller": None, "token": None}


def act_as(transaction: Transaction, user: User | None) -> None:
    """Send the transaction's request as ``user`` (``None``: anonymously)."""
    _request["caller"], _request["token"] = user, None


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


def spoil_token(transaction: Transaction, problem: str) -> None:
    """Replace the caller's valid token by one with ``problem`` (a ``TOKEN_PROBLEMS`` or
    ``ONE_ROUTE_TOKEN_PROBLEMS`` key)."""
    _request["token"] = _ANY_TOKEN_PROBLEM[problem]


def _send_as_caller(transaction: Transaction) -> None:
    headers = transaction["request"]["headers"]
    headers.pop("Authorization", None)
    try:
        header = SEEDER.authorization(_request["token"], _request["caller"])
    except seeders.NotChecked as reason:
        not_checked(transaction, reason, whole=True)
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
_before_request: dict[str, dict[str, set[tuple[Any, ...]]]] = {}


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
            if transaction.get("skip"):
                return  # left out of this run: seeding would only cost time
            if lists_every_row and not SEEDER.empties_database:
                not_checked(
                    transaction,
                    "the answer lists every row: the server holds rows of other transactions",
                    whole=True,
                )
                return
            act_as(transaction, None)
            try:
                seed(transaction)
            except seeders.NotChecked as reason:
                not_checked(transaction, reason, whole=True)
                return
            SEEDER.seeded(transaction)
            _send_as_caller(transaction)
            if _is_refused_write(transaction) and not transaction.get("skip"):
                try:
                    _before_request[transaction["name"]] = SEEDER.snapshot()
                except seeders.NotChecked as reason:
                    not_checked(transaction, str(reason))

        hooks.before(name)(before)
        return seed

    return register


def refused_without_valid_token(name: str, seed: Seed) -> None:
    """Register the five 401 scenarios of ``name``: ``seed``'s rows and caller, bad token."""
    for problem in TOKEN_PROBLEMS:

        def spoiled(transaction: Transaction, problem: str = problem) -> None:
            seed(transaction)
            spoil_token(transaction, problem)

        spoiled.__doc__ = f"{seed.__name__}, {problem.lower()}: 401."
        scenario(f"{name} {problem}")(spoiled)


def then_as(seed: Seed, caller: Callable[[], User | None]) -> Seed:
    """``seed``'s rows, but the request is sent by ``caller()`` (a refusal scenario)."""

    def seeded_then_as(transaction: Transaction) -> None:
        seed(transaction)
        act_as(transaction, caller())

    seeded_then_as.__doc__ = f"{seed.__name__}, sent by {caller.__name__}()."
    return seeded_then_as


def nothing_as(caller: Callable[[], User | None]) -> Seed:
    """Nothing seeded but the caller, who sends the request (a not-found scenario)."""

    def empty_as(transaction: Transaction) -> None:
        act_as(transaction, caller())

    empty_as.__doc__ = f"Nothing seeded, sent by {caller.__name__}()."
    return empty_as


def check_refusal_changed_nothing(transaction: Transaction) -> None:
    """After a refused write: fail the transaction if any row was added, changed or removed."""
    before = _before_request.pop(transaction["name"], None)
    if before is None:
        return
    changed = changes_between(before, SEEDER.snapshot())
    if changed:
        transaction["fail"] = "the refused request changed the database: " + "; ".join(changed)


def _is_refused_write(transaction: Transaction) -> bool:
    status = int(transaction["expected"].get("statusCode", 0) or 0)
    return transaction["request"]["method"] in WRITES and status >= 400


def stored(model: type[Any], row_id: int) -> Any:
    """The row with the blueprint's id ``row_id``, as stored now (not as the factories'
    session remembers it)."""
    return SEEDER.stored(model, row_id)


def after(name: str) -> Callable[[Seed], Seed]:
    """Register a check to run after transaction ``name`` (not when the run skips it).

    A check the seeder cannot make (it reads the database) is noted as not checked.
    """

    def register(check: Seed) -> Seed:
        @functools.wraps(check)
        def after_request(transaction: Transaction) -> None:
            if transaction.get("skip"):
                return
            try:
                check(transaction)
            except seeders.NotChecked as reason:
                not_checked(transaction, f"{check.__doc__ or check.__name__} ({reason})")

        hooks.after(name)(after_request)
        return check

    return register


#: The largest request body the API reads (1 MiB); a larger one is a 413.
BODY_LIMIT = 1024 * 1024


def oversized(seed: Seed) -> Seed:
    """``seed``, then the request body padded with whitespace one byte past ``BODY_LIMIT``
    (still valid JSON: only its size is wrong). Too large to write into the blueprint."""

    def seeded_then_padded(transaction: Transaction) -> None:
        seed(transaction)
        body = transaction["request"]["body"]
        transaction["request"]["body"] = body + " " * (BODY_LIMIT + 1 - len(body.encode()))
        transaction["request"]["headers"].pop("Content-Length", None)

    seeded_then_padded.__doc__ = f"{seed.__name__}, with a body over {BODY_LIMIT} bytes."
    return seeded_then_padded


# --- hostile bodies too large to write in the blueprint ----------------------------------


def _fill_in(transaction: Transaction, marker: str, filled: str) -> None:
    request = transaction["request"]
    body = request.get("body") or ""
    if marker in body:
        request["body"] = body.replace(marker, filled, 1)
    else:
        transaction["fail"] = f"the blueprint's request body has no {marker} to fill in"


def deeply_nested_body(transaction: Transaction, depth: int = 1000) -> None:
    """The body's ``"nested": []`` becomes ``depth`` arrays, each inside the one before."""
    _fill_in(transaction, '"nested": []', '"nested": ' + "[" * depth + "]" * depth)

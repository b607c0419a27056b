"""What every scenario shares: the database, the empty start, the callers and the checks.

Each transaction starts from an empty database (ids from 1). A scenario seeds rows with
the factories and names its caller in one line: ``act_as(transaction, coorganizer_of(event))``.
Tokens are minted once per user id and reused: a token only says "user N", and the
server checks what user N may do against the rows of the current scenario.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token
from sqlalchemy.orm import Session

import factories
import harness.hooks_runtime as hooks
from factories import UserFactory
from reference_server import config, db
from reference_server.models import User

Transaction = dict[str, Any]
Seed = Callable[[Transaction], None]

SETTINGS = config.from_environment()
ENGINE = db.make_engine(SETTINGS["DATABASE_URL"])
factories.bind(ENGINE)
factories.commit_each_row(False)  # a scenario is committed once, after its seed


# --- the database -------------------------------------------------------------------


def prepare_database() -> None:
    """Once per run: make sure the schema exists (the server creates it too)."""
    db.create_schema(ENGINE)


def start_from_empty_database() -> None:
    """Before every transaction: no rows, ids from 1, the same fake data every time.

    The factories' session is closed first, so it holds no lock the reset would wait for.
    """
    factories.restart()
    db.reset(ENGINE)


def snapshot() -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table, to compare before and after a request."""
    with ENGINE.connect() as connection:
        return {
            table.name: {tuple(row) for row in connection.execute(table.select())}
            for table in db.Base.metadata.sorted_tables
        }


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


# --- callers ------------------------------------------------------------------------


def _token_app(secret: str) -> Flask:
    """A bare app with the server's JWT settings: tokens come out exactly as the server's."""
    app = Flask("contract-hooks")
    app.config.update(SETTINGS, JWT_SECRET_KEY=secret)
    JWTManager(app)
    return app


_server_signer = _token_app(SETTINGS["JWT_SECRET_KEY"])
_other_signer = _token_app("another-key-" + SETTINGS["JWT_SECRET_KEY"])
_tokens: dict[tuple[str, int], str] = {}
_caller: dict[str, User | None] = {"current": None}


def _token(kind: str, user: User) -> str:
    """``kind``: ``valid``, ``expired`` (an hour ago) or ``forged`` (signed with another key)."""
    if (kind, user.id) not in _tokens:
        signer = _other_signer if kind == "forged" else _server_signer
        lifetime = {"expires_delta": timedelta(hours=-1)} if kind == "expired" else {}
        with signer.app_context():
            _tokens[kind, user.id] = create_access_token(identity=str(user.id), **lifetime)
    return _tokens[kind, user.id]


def act_as(transaction: Transaction, user: User | None) -> None:
    """Send the transaction's request as ``user`` (``None``: anonymously)."""
    _caller["current"] = user
    headers = transaction["request"]["headers"]
    if user is None:
        headers.pop("Authorization", None)
    else:
        headers["Authorization"] = f"JWT {_token('valid', user)}"


# The four ways a request can fail to authenticate, by the transaction-name suffix the
# blueprint gives them. Expired and forged tokens name the scenario's own caller, who
# would otherwise be let in: only the token itself is wrong.
TOKEN_PROBLEMS: dict[str, Callable[[User | None], str | None]] = {
    "without a Token": lambda _user: None,
    "with a Malformed Token": lambda _user: "JWT not-a.jwt-token",
    "with an Expired Token": lambda user: f"JWT {_token('expired', user)}" if user else None,
    "with a Token Signed by Another Key": lambda user: (
        f"JWT {_token('forged', user)}" if user else None
    ),
}


def spoil_token(transaction: Transaction, problem: str) -> None:
    """Replace the caller's valid token by one with ``problem`` (a ``TOKEN_PROBLEMS`` key)."""
    header = TOKEN_PROBLEMS[problem](_caller["current"])
    headers = transaction["request"]["headers"]
    headers.pop("Authorization", None)
    if header is not None:
        headers["Authorization"] = header


def admin() -> User:
    return UserFactory(admin=True)


def plain_user() -> User:
    """Logged in, but with no role in any event."""
    return UserFactory()


# --- registering scenarios -----------------------------------------------------------

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_before_request: dict[str, dict[str, set[tuple[Any, ...]]]] = {}


def scenario(name: str) -> Callable[[Seed], Seed]:
    """Register ``seed`` as the ``before`` hook of transaction ``name``.

    When the contract expects the transaction to be a refused write (a 4xx answer to a
    POST/PATCH/DELETE), the database is recorded right after seeding, and
    ``check_refusal_changed_nothing`` fails the transaction if the request changed it.
    """

    def register(seed: Seed) -> Seed:
        @functools.wraps(seed)
        def before(transaction: Transaction) -> None:
            if transaction.get("skip"):
                return  # left out of this run: seeding would only cost time
            _caller["current"] = None
            seed(transaction)
            factories.FactorySession.commit()
            if _is_refused_write(transaction):
                _before_request[transaction["name"]] = snapshot()

        hooks.before(name)(before)
        return seed

    return register


def refused_without_valid_token(name: str, seed: Seed) -> None:
    """Register the four 401 scenarios of ``name``: ``seed``'s rows and caller, bad token."""
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
    """An empty database, the request sent by ``caller()`` (a not-found scenario)."""

    def empty_as(transaction: Transaction) -> None:
        act_as(transaction, caller())

    empty_as.__doc__ = f"Nothing seeded, sent by {caller.__name__}()."
    return empty_as


def check_refusal_changed_nothing(transaction: Transaction) -> None:
    """After a refused write: fail the transaction if any row was added, changed or removed."""
    before = _before_request.pop(transaction["name"], None)
    if before is None:
        return
    changed = changes_between(before, snapshot())
    if changed:
        transaction["fail"] = "the refused request changed the database: " + "; ".join(changed)


def _is_refused_write(transaction: Transaction) -> bool:
    status = int(transaction["expected"].get("statusCode", 0) or 0)
    return transaction["request"]["method"] in WRITES and status >= 400


def stored(model: type[Any], row_id: int) -> Any:
    """The row as the database has it now (not as the factories' session remembers it)."""
    with Session(ENGINE) as session:
        return session.get(model, row_id)


def after(name: str) -> Callable[[Seed], Seed]:
    """Register a check to run after transaction ``name`` (not when the run skips it)."""

    def register(check: Seed) -> Seed:
        @functools.wraps(check)
        def after_request(transaction: Transaction) -> None:
            if not transaction.get("skip"):
                check(transaction)

        hooks.after(name)(after_request)
        return check

    return register

"""What every scenario shares: the database, the empty start, and the callers.

Each transaction starts from an empty database (ids from 1) and names its caller in
one line: ``act_as(transaction, coorganizer_of(event))``. Tokens are minted once per
user id and reused: a token only says "user N", and the server checks what user N may
do against the rows of the current scenario.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token

import factories
from factories import UserEventRoleFactory, UserFactory
from reference_server import config, db
from reference_server.models import Event, Role, User

Transaction = dict[str, Any]

SETTINGS = config.from_environment()
ENGINE = db.make_engine(SETTINGS["DATABASE_URL"])
factories.bind(ENGINE)

# A bare app with the server's JWT settings: tokens come out exactly as the server's own.
_token_app = Flask("contract-hooks")
_token_app.config.update(SETTINGS)
JWTManager(_token_app)
_tokens: dict[int, str] = {}


def prepare_database() -> None:
    """Once per run: make sure the schema exists (the server creates it too)."""
    db.create_schema(ENGINE)


def start_from_empty_database() -> None:
    """Before every transaction: no rows, ids from 1, the same fake data every time."""
    db.reset(ENGINE)
    factories.restart()


def token_for(user: User) -> str:
    if user.id not in _tokens:
        with _token_app.app_context():
            _tokens[user.id] = create_access_token(identity=str(user.id))
    return _tokens[user.id]


def act_as(transaction: Transaction, user: User | None) -> User | None:
    """Send the transaction's request as ``user`` (``None``: anonymously)."""
    headers = transaction["request"]["headers"]
    if user is None:
        headers.pop("Authorization", None)
    else:
        headers["Authorization"] = f"JWT {token_for(user)}"
    return user


def admin() -> User:
    return UserFactory(admin=True)


def plain_user() -> User:
    """Logged in, but with no role in any event."""
    return UserFactory()


def with_role(event: Event, role: Role) -> User:
    user = UserFactory()
    UserEventRoleFactory(user=user, event=event, role=role)
    return user


def owner_of(event: Event) -> User:
    return with_role(event, Role.OWNER)


def organizer_of(event: Event) -> User:
    return with_role(event, Role.ORGANIZER)


def coorganizer_of(event: Event) -> User:
    return with_role(event, Role.COORGANIZER)

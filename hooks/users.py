"""Scenarios of the Users group: signing up, anonymously, on an empty database.

The request body signs up ``ada@example.com``; refusals seed what makes it fail.
"""

from __future__ import annotations

from factories import UserFactory
from hooks._scenario import (
    Transaction,
    act_as,
    after,
    scenario,
    spoil_token,
    stored,
)
from reference_server.models import User

COLLECTION = "Users > User Collection > "


@scenario(COLLECTION + "Create User")
def sign_up(transaction: Transaction) -> None:
    """POST /v1/users anonymously: the new user is user 1."""
    act_as(transaction, None)


@after(COLLECTION + "Create User")
def signed_up_as_a_plain_user(transaction: Transaction) -> None:
    """User 1 may log in with the password sent, and is no admin."""
    user = stored(User, 1)
    if user is None or user.is_admin or not user.check_password("correct horse battery staple"):
        transaction["fail"] = "user 1 must be stored as a plain user with the password sent"


@scenario(COLLECTION + "Create User with a Taken Email")
def sign_up_with_taken_email(transaction: Transaction) -> None:
    """User 1 has the body's email in capitals."""
    UserFactory(email="ADA@example.com")


@scenario(COLLECTION + "Create User with a Malformed Token")
def sign_up_with_malformed_token(transaction: Transaction) -> None:
    sign_up(transaction)
    spoil_token(transaction, "with a Malformed Token")


for invalid in ("with an Invalid Email", "with a Short Password", "as Plain JSON"):
    scenario(f"{COLLECTION}Create User {invalid}")(sign_up)

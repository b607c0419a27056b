"""Scenarios of the Users group: signing up, anonymously.

The request body signs up ``ada@example.com``; user 1 (``user1@example.com``) exists
already, so the new user is user 2. Refusals seed what makes them fail, or send a body
that does.
"""

from __future__ import annotations

import json

from factories import UserFactory
from hooks._scenario import (
    Context,
    act_as,
    after,
    deeply_nested_body,
    oversized,
    scenario,
    spoil_token,
)
from reference_server.models import User

COLLECTION = "Users > User Collection > "


@scenario(COLLECTION + "Create User")
def sign_up(context: Context) -> None:
    """POST /v1/users anonymously; user 1 exists: the new user is user 2."""
    UserFactory()
    act_as(context, None)


scenario(COLLECTION + "Create User with an 8-character Password")(sign_up)
scenario(COLLECTION + "Create User without Names")(sign_up)
scenario(COLLECTION + "Create User with Names of 100 Characters")(sign_up)
scenario(COLLECTION + "Create User with an Email of 255 Characters")(sign_up)


@scenario(COLLECTION + "Create User between the Emails of Others")
def sign_up_between_others(context: Context) -> None:
    """Users 1 and 2 have emails sorting before and after the new one; anonymous."""
    UserFactory(email="aaron@example.com")
    UserFactory(email="zoe@example.com")
    act_as(context, None)


def signed_up_as_a_plain_user(context: Context) -> None:
    """User 2 may log in with the password sent, and is no admin."""
    password = json.loads(context.request["body"])["data"]["attributes"]["password"]
    user = context.stored(User, 2)
    if user is None or user.is_admin or not user.check_password(password):
        context.fail("user 2 must be stored as a plain user with the password sent")


for signed_up in ("Create User", "Create User with an 8-character Password"):
    after(COLLECTION + signed_up)(signed_up_as_a_plain_user)


@scenario(COLLECTION + "Create User with a Taken Email")
def sign_up_with_taken_email(context: Context) -> None:
    """User 1 has the body's email in capitals."""
    UserFactory(email="ADA@example.com")


@scenario(COLLECTION + "Create User with a Malformed Token")
def sign_up_with_malformed_token(context: Context) -> None:
    sign_up(context)
    spoil_token(context, "with a Malformed Token")


for invalid in (
    "with an Invalid Email",
    "with a Client-generated Id",
    "without an Email",
    "without a Password",
    "as Plain Text",
    "with an Id among Its Attributes",
    "with a Short Password",
    "as Plain JSON",
    "with an Unknown Attribute",
    "with a First Name that Is Not a String",
    "with a First Name of 101 Characters",
    "with a Last Name of 101 Characters",
    "with a NUL Character in a Name",
    "with a Media Type Parameter",
    "with a Body that Is Not JSON",
    "whose Data Is Not an Object",
):
    scenario(f"{COLLECTION}Create User {invalid}")(sign_up)


@scenario(COLLECTION + "Create User with a Deeply Nested Body")
def sign_up_with_deeply_nested_body(context: Context) -> None:
    sign_up(context)
    deeply_nested_body(context)


scenario(COLLECTION + "Create User with a Body over 1 MiB")(oversized(sign_up))

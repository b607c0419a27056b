"""Scenarios of the Authentication group: user 1 (``user1@example.com``, the factories'
default password) logs in, anonymously; each refusal changes the body, not the seed."""

from __future__ import annotations

import json
import time

import jwt

from factories import UserFactory
from hooks._scenario import Context, after, deeply_nested_body, scenario

LOGIN = "Authentication > Login > "


@scenario(LOGIN + "Log In")
def log_in(context: Context) -> None:
    """POST /v1/auth/login anonymously, as user1@example.com with the default password."""
    UserFactory()


scenario(LOGIN + "Log In with an Email in Another Case")(log_in)


@scenario(LOGIN + "Log In beside a User whose Email Sorts after It")
def log_in_beside_a_later_email(context: Context) -> None:
    """User 1, zoe@example.com, has another password; user 2 logs in as user1@..."""
    UserFactory(email="zoe@example.com", password="another secret passphrase")
    UserFactory(email="user1@example.com")


for refused in (
    "with a Wrong Password",
    "with an Unknown Email",
    "without a Password",
    "with an Email that Is Not a String",
    "with a NUL Character in the Email",
    "with a NUL Character in the Password",
    "with a Body that Is Not JSON",
):
    scenario(f"{LOGIN}Log In {refused}")(log_in)


@scenario(LOGIN + "Log In with a Deeply Nested Body")
def log_in_with_deeply_nested_body(context: Context) -> None:
    log_in(context)
    deeply_nested_body(context)


def token_is_a_signed_jwt_that_expires(context: Context) -> None:
    """The token's header names a signing algorithm, its claims an expiry to come."""
    try:
        token = json.loads(context.real.get("body") or "")["access_token"]
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except (ValueError, KeyError, TypeError, jwt.PyJWTError):
        return  # no JWT at all: the response's schema fails the transaction already
    if str(header.get("alg", "none")).lower() == "none":
        context.fail("the token must be signed (its header's alg is none or missing)")
    elif not isinstance(claims.get("exp"), int | float) or claims["exp"] <= time.time():
        context.fail("the token's claims must carry an expiry (exp) in the future")


for logged_in in ("Log In", "Log In with an Email in Another Case"):
    after(LOGIN + logged_in)(token_is_a_signed_jwt_that_expires)

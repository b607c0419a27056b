"""401: every route but the lookup and the sign-up needs a valid token; a broken token is
refused everywhere.
Login: 200 with a token, 401 for wrong credentials, 422 for missing fields or fields that
are no strings. A token the server's key signed is still refused without an expiry or
with a subject that is not a user id."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import jwt
import pytest
from api_support import JSONAPI, assert_document, assert_error, ticket_code_body
from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token

from factories import (
    DEFAULT_PASSWORD,
    DiscountCodeTicketFactory,
    UserFactory,
)
from reference_server.models import User

PROTECTED_ROUTES = [
    ("GET", "/v1/discount-codes"),
    ("POST", "/v1/discount-codes"),
    ("GET", "/v1/discount-codes/1"),
    ("PATCH", "/v1/discount-codes/1"),
    ("DELETE", "/v1/discount-codes/1"),
    ("GET", "/v1/events/1/discount-codes"),
    ("GET", "/v1/events/1/discount-code"),
    ("GET", "/v1/users/1/discount-codes"),
    ("GET", "/v1/tickets/1/discount-codes"),
    ("GET", "/v1/discount-codes/1/relationships/tickets"),
    ("PATCH", "/v1/discount-codes/1/relationships/tickets"),
    ("POST", "/v1/discount-codes/1/relationships/tickets"),
    ("DELETE", "/v1/discount-codes/1/relationships/tickets"),
    ("PATCH", "/v1/discount-codes/1/relationships/event"),
    ("POST", "/v1/events"),
    ("POST", "/v1/tickets"),
    ("POST", "/v1/users-events-roles"),
]


@pytest.fixture
def admin() -> User:
    """User 1, an admin: any refusal below is the token's fault, not the caller's role."""
    return UserFactory(admin=True)


@pytest.fixture
def ticket_code(admin: User):  # type: ignore[no-untyped-def]
    """Event 1 with ticket 1 and ticket code 1 (code ``TICKET001``)."""
    return DiscountCodeTicketFactory(marketer=admin)


def _token_signed_with_another_key(identity: str) -> str:
    other = Flask("another-issuer")
    other.config["JWT_SECRET_KEY"] = "a-different-secret-than-the-servers-0123456789"
    JWTManager(other)
    with other.app_context():
        return create_access_token(identity=identity)


def _broken_headers(kind: str, token: Callable[..., str]) -> dict[str, str]:
    """An Authorization header that must not get anyone in (user 1 exists and is admin)."""
    return {
        "garbage token": {"Authorization": "JWT not-a-json-web-token"},
        "scheme without token": {"Authorization": "JWT"},
        "wrong scheme": {"Authorization": f"Bearer {token('1')}"},
        "expired token": {"Authorization": f"JWT {token('1', expires_delta=timedelta(-1))}"},
        "token signed with another key": {
            "Authorization": f"JWT {_token_signed_with_another_key('1')}"
        },
        "token for a missing user": {"Authorization": f"JWT {token('999')}"},
        "token for a non-numeric subject": {"Authorization": f"JWT {token('admin')}"},
        "token for a user id beyond any integer column": {
            "Authorization": f"JWT {token('9' * 20)}"
        },
    }[kind]


BROKEN_TOKENS = [
    "garbage token",
    "scheme without token",
    "wrong scheme",
    "expired token",
    "token signed with another key",
    "token for a missing user",
    "token for a non-numeric subject",
    "token for a user id beyond any integer column",
]


@pytest.mark.parametrize(("method", "url"), PROTECTED_ROUTES)
def test_every_route_but_the_lookup_needs_a_token(client, ticket_code, method, url):
    body = ticket_code_body(ticket_code.event, ticket_code.tickets)
    if method == "PATCH":
        body["data"]["id"] = "1"
    response = client.open(url, method=method, json=body, content_type=JSONAPI)
    assert_error(response, 401)


@pytest.mark.parametrize("kind", BROKEN_TOKENS)
def test_broken_token_is_401(client, admin, token, kind):
    response = client.get("/v1/discount-codes", headers=_broken_headers(kind, token))
    assert_error(response, 401)


def test_expired_token_says_it_expired(client, admin, token):
    expired = token(str(admin.id), expires_delta=timedelta(seconds=-1))
    response = client.get("/v1/discount-codes", headers={"Authorization": f"JWT {expired}"})
    assert "expired" in assert_error(response, 401)["detail"].lower()


def test_valid_token_of_an_admin_gets_in(api, admin):
    assert_document(api.get("/v1/discount-codes", user=admin))


@pytest.mark.parametrize("kind", BROKEN_TOKENS)
def test_lookup_with_broken_token_is_still_401(client, ticket_code, token, kind):
    url = f"/v1/events/{ticket_code.event_id}/discount-codes/{ticket_code.code}"
    assert_error(client.get(url, headers=_broken_headers(kind, token)), 401)


# --- POST /v1/auth/login ----------------------------------------------------------------


def test_login_answers_a_token_that_works(client):
    user = UserFactory()
    response = client.post(
        "/v1/auth/login", json={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    token = response.get_json()["access_token"]
    listed = client.get(
        f"/v1/users/{user.id}/discount-codes", headers={"Authorization": f"JWT {token}"}
    )
    assert_document(listed)


def test_login_with_wrong_password_is_401(client):
    user = UserFactory()
    response = client.post("/v1/auth/login", json={"email": user.email, "password": "wrong"})
    assert_error(response, 401)


def test_login_with_unknown_email_is_401(client):
    UserFactory()
    response = client.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": DEFAULT_PASSWORD}
    )
    assert_error(response, 401)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"password": DEFAULT_PASSWORD}, "/email"),
        ({"email": "user1@example.com"}, "/password"),
        ({"email": "", "password": DEFAULT_PASSWORD}, "/email"),
        ({"email": "user1@example.com", "password": 12345}, "/password"),
    ],
)
def test_login_with_missing_field_is_422(client, body, pointer):
    UserFactory()
    assert_error(client.post("/v1/auth/login", json=body), 422, pointer=pointer)


def test_login_with_a_body_that_is_not_json_is_400(client):
    response = client.post("/v1/auth/login", data="email=a", content_type="application/json")
    assert_error(response, 400)


@pytest.mark.parametrize("email", [15, True, None, ["user1@example.com"], {"a": "b"}])
def test_login_with_an_email_that_is_no_string_is_422(client, email):
    UserFactory()
    body = {"email": email, "password": DEFAULT_PASSWORD}
    assert_error(client.post("/v1/auth/login", json=body), 422, pointer="/email")


@pytest.mark.parametrize("password", [True, 0, None, [DEFAULT_PASSWORD]])
def test_login_with_a_password_that_is_no_string_is_422(client, password):
    user = UserFactory()
    body = {"email": user.email, "password": password}
    assert_error(client.post("/v1/auth/login", json=body), 422, pointer="/password")


def test_login_email_is_compared_without_regard_to_case(client):
    user = UserFactory()
    body = {"email": user.email.upper(), "password": DEFAULT_PASSWORD}
    assert client.post("/v1/auth/login", json=body).status_code == 200


# --- tokens signed with the server's key, with claims it does not issue -------------------


def _signed(app: Flask, **claims: object) -> dict[str, str]:
    """An Authorization header whose token has exactly ``claims`` (``None`` leaves one
    out), signed with the server's own key."""
    now = int(time.time())
    payload = {"sub": "1", "iat": now, "nbf": now, "exp": now + 600, "jti": "t", "type": "access"}
    payload.update(claims)
    payload = {name: value for name, value in payload.items() if value is not None}
    token = jwt.encode(payload, app.config["JWT_SECRET_KEY"], algorithm="HS256")
    return {"Authorization": f"JWT {token}"}


def test_a_well_formed_signed_token_gets_in(app, client, admin):
    """The tokens below differ from this one only in the claim each names."""
    assert_document(client.get("/v1/discount-codes", headers=_signed(app)))


NOT_A_SUBJECT = ["", "abc", "-1", "1.0", " 1", "1 ", "\u00b2", "\u0661", "0x1"]


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": None},
        {"sub": None},
        {"sub": 1},
        {"sub": ["1"]},
        {"sub": True},
        *({"sub": subject} for subject in NOT_A_SUBJECT),
    ],
    ids=lambda claims: repr(claims),
)
def test_token_without_expiry_or_user_id_subject_is_401(app, client, admin, claims):
    assert_error(client.get("/v1/discount-codes", headers=_signed(app, **claims)), 401)


def test_token_without_expiry_says_so(client, admin, token):
    response = client.get(
        "/v1/discount-codes", headers={"Authorization": f"JWT {token('1', expires_delta=False)}"}
    )
    assert "no expiry" in assert_error(response, 401)["detail"]


@pytest.mark.parametrize(
    ("method", "url"),
    [("GET", "/v1/events/1/discount-codes/TICKET001"), ("POST", "/v1/users")],
    ids=["lookup", "sign-up"],
)
def test_token_without_expiry_is_401_where_a_token_is_optional(
    client, ticket_code, token, method, url
):
    headers = {"Authorization": f"JWT {token('1', expires_delta=False)}"}
    body = {"data": {"type": "user", "attributes": {"email": "a@example.com", "password": "x" * 9}}}
    response = client.open(url, method=method, json=body, content_type=JSONAPI, headers=headers)
    assert_error(response, 401)

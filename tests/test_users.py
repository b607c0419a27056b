"""POST /v1/users: anyone signs up (a broken token is still 401); emails are unique
without regard to case (409); the password is checked (422) and never shown."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from api_support import JSONAPI, all_rows, assert_document, assert_error, document
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import UserFactory
from reference_server import rules
from reference_server.models import User

ATTR = "/data/attributes/"
PASSWORD = "correct horse battery staple"


def sign_up_body(**attributes: Any) -> dict[str, Any]:
    """Ada's sign-up; attributes given override hers (``None`` drops one)."""
    values = {"email": "ada@example.com", "password": PASSWORD}
    values.update(first_name="Ada", last_name="Lovelace")
    values.update(attributes)
    return document({k: v for k, v in values.items() if v is not None}, type_="user")


@pytest.fixture
def sign_up(api):  # type: ignore[no-untyped-def]
    """POST /v1/users anonymously (or as ``user=``)."""
    return lambda body, **options: api.post("/v1/users", body, **options)


def stored_users(engine) -> list[User]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return list(session.scalars(select(User).order_by(User.id)))


def test_sign_up_answers_the_new_user(sign_up):
    body = assert_document(sign_up(sign_up_body()), 201)
    assert body["data"] == {
        "type": "user",
        "id": "1",
        "attributes": {"email": "ada@example.com", "first-name": "Ada", "last-name": "Lovelace"},
    }
    assert body["links"] == {"self": "/v1/users/1"}


def test_new_user_is_a_plain_user_whose_password_works(client, engine, sign_up):
    assert_document(sign_up(sign_up_body()), 201)
    with Session(engine) as session:
        [user] = session.scalars(select(User)).all()
        assert not user.is_admin and not user.roles
        assert user.password_hash != PASSWORD and user.check_password(PASSWORD)
    login = client.post("/v1/auth/login", json={"email": "ADA@example.com", "password": PASSWORD})
    assert login.status_code == 200 and login.get_json()["access_token"]


def test_names_are_optional(sign_up):
    body = sign_up_body(first_name=None, last_name=None)
    attributes = assert_document(sign_up(body), 201)["data"]["attributes"]
    assert attributes == {"email": "ada@example.com", "first-name": None, "last-name": None}


def test_names_may_be_null(sign_up):
    body = sign_up_body()
    body["data"]["attributes"].update({"first-name": None, "last-name": None})
    attributes = assert_document(sign_up(body), 201)["data"]["attributes"]
    assert attributes["first-name"] is None and attributes["last-name"] is None


def test_password_is_never_shown(sign_up):
    response = sign_up(sign_up_body())
    assert PASSWORD not in response.get_data(as_text=True)
    assert "password" not in response.get_json()["data"]["attributes"]


def test_a_logged_in_user_may_sign_up_another(sign_up):
    assert_document(sign_up(sign_up_body(), user=UserFactory()), 201)


@pytest.mark.parametrize("taken", ["ada@example.com", "ADA@Example.COM"])
def test_taken_email_is_409_whatever_its_case(engine, sign_up, taken):
    UserFactory(email=taken)
    before = all_rows(engine)
    assert_error(sign_up(sign_up_body()), 409, pointer=ATTR + "email")
    assert all_rows(engine) == before


def test_a_lost_race_for_an_email_is_409_not_500(engine, sign_up, monkeypatch):
    """The unique column catches what the check between two sign-ups could not see."""
    UserFactory(email="ada@example.com")
    monkeypatch.setattr(rules, "check_email_free", lambda session, email: None)
    assert_error(sign_up(sign_up_body()), 409, pointer=ATTR + "email")
    assert len(stored_users(engine)) == 1


@pytest.mark.parametrize(
    ("attributes", "pointer"),
    [
        ({"email": "ada.example.com"}, "email"),
        ({"email": "ada@"}, "email"),
        ({"email": ""}, "email"),
        ({"email": None}, "email"),
        ({"email": 42}, "email"),
        ({"email": "ada@" + ".".join(["d" * 63] * 4) + ".com"}, "email"),
        ({"password": "seven77"}, "password"),
        ({"password": None}, "password"),
        ({"password": 12345678}, "password"),
        ({"first_name": "A" * 101}, "first-name"),
        ({"last_name": "L" * 101}, "last-name"),
    ],
)
def test_invalid_attribute_is_422(engine, sign_up, attributes, pointer):
    before = all_rows(engine)
    assert_error(sign_up(sign_up_body(**attributes)), 422, pointer=ATTR + pointer)
    assert all_rows(engine) == before


def test_password_of_eight_characters_is_enough(sign_up):
    assert_document(sign_up(sign_up_body(password="8 chars!")), 201)


@pytest.mark.parametrize("member", ["is-admin", "is_admin", "password-hash"])
def test_client_cannot_set_what_is_not_an_attribute(engine, sign_up, member):
    body = sign_up_body()
    body["data"]["attributes"][member] = True
    assert_error(sign_up(body), 422, pointer=ATTR + member)
    assert stored_users(engine) == []


def test_wrong_type_is_422(sign_up):
    body = sign_up_body()
    body["data"]["type"] = "users"
    assert_error(sign_up(body), 422, pointer="/data/type")


@pytest.mark.parametrize(
    "header",
    ["JWT not-a.jwt-token", "JWT", "Bearer x.y.z"],
    ids=["malformed", "scheme without token", "wrong scheme"],
)
def test_broken_token_is_401_even_where_none_is_needed(client, engine, header):
    response = client.post(
        "/v1/users", json=sign_up_body(), content_type=JSONAPI, headers={"Authorization": header}
    )
    assert_error(response, 401)
    assert stored_users(engine) == []


@pytest.mark.parametrize("kind", ["expired", "missing user"])
def test_token_that_names_no_valid_caller_is_401(client, engine, token, kind):
    user = UserFactory()
    if kind == "expired":
        value = token(str(user.id), expires_delta=timedelta(hours=-1))
    else:
        value = token("999")
    response = client.post(
        "/v1/users",
        json=sign_up_body(),
        content_type=JSONAPI,
        headers={"Authorization": f"JWT {value}"},
    )
    assert_error(response, 401)
    assert len(stored_users(engine)) == 1


def test_plain_json_is_415(engine, sign_up):
    assert_error(sign_up(sign_up_body(), content_type="application/json"), 415)
    assert stored_users(engine) == []


def test_body_that_is_no_document_is_400(client):
    response = client.post("/v1/users", data="{not json", content_type=JSONAPI)
    assert_error(response, 400)

"""POST /v1/users-events-roles: an admin, or an event's owner or organizer (not a
co-organizer), gives a user one role in the event; the user and event must exist."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from api_support import (
    JSONAPI,
    all_rows,
    assert_document,
    assert_error,
    coorganizer_of,
    document,
    organizer_of,
    owner_of,
    to_one,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import EventFactoryBasic, UserEventRoleFactory, UserFactory
from reference_server.models import Role, UserEventRole

ATTR, REL = "/data/attributes/", "/data/relationships/"
URL = "/v1/users-events-roles"


def role_body(user_id: Any, event_id: Any, role: Any = "coorganizer") -> dict[str, Any]:
    """``user_id`` gets ``role`` in ``event_id``; ``None`` leaves a relationship out."""
    relationships = {}
    if user_id is not None:
        relationships["user"] = to_one("user", user_id)
    if event_id is not None:
        relationships["event"] = to_one("event", event_id)
    attributes = {"role": role} if role is not None else {}
    return document(attributes, type_="users-events-role", relationships=relationships)


@pytest.fixture
def member(app):  # type: ignore[no-untyped-def]
    """The user who is given a role: no role anywhere yet."""
    return UserFactory()


def stored_roles(engine) -> list[tuple[int, int, Role]]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        rows = session.scalars(select(UserEventRole).order_by(UserEventRole.id))
        return [(row.user_id, row.event_id, row.role) for row in rows]


def test_grant_answers_the_role(api, engine, event, organizer, member):
    response = api.post(URL, role_body(member.id, event.id), user=organizer)
    body = assert_document(response, 201)
    assert body["data"] == {
        "type": "users-events-role",
        "id": "2",
        "attributes": {"role": "coorganizer"},
        "relationships": {
            "user": {"data": {"type": "user", "id": str(member.id)}},
            "event": {"data": {"type": "event", "id": str(event.id)}},
        },
    }
    assert body["links"] == {"self": f"{URL}/2"}
    assert stored_roles(engine)[-1] == (member.id, event.id, Role.COORGANIZER)


@pytest.mark.parametrize(
    "granter",
    [owner_of, organizer_of, "admin"],
    ids=lambda granter: getattr(granter, "__name__", granter),
)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_owner_organizer_and_admin_grant_every_role(api, event, member, granter, role):
    caller = UserFactory(admin=True) if granter == "admin" else granter(event)
    response = api.post(URL, role_body(member.id, event.id, role.value), user=caller)
    assert assert_document(response, 201)["data"]["attributes"]["role"] == role.value


def test_granted_role_takes_effect(api, event, organizer, member):
    """A new co-organizer may add tickets to the event straight away."""
    assert_document(api.post(URL, role_body(member.id, event.id), user=organizer), 201)
    ticket = document(
        {"name": "Standard", "type": "paid", "price": 10},
        type_="ticket",
        relationships={"event": to_one("event", event.id)},
    )
    assert_document(api.post("/v1/tickets", ticket, user=member), 201)


@pytest.mark.parametrize(
    "caller",
    [coorganizer_of, lambda event: UserFactory(), lambda event: organizer_of(EventFactoryBasic())],
    ids=["co-organizer", "plain user", "organizer of another event"],
)
def test_who_may_not_grant_is_403(api, engine, event, member, caller):
    user = caller(event)
    before = all_rows(engine)
    assert_error(api.post(URL, role_body(member.id, event.id), user=user), 403)
    assert all_rows(engine) == before


def test_user_may_not_grant_themself_a_role(api, engine, event):
    user = UserFactory()
    assert_error(api.post(URL, role_body(user.id, event.id, "owner"), user=user), 403)
    assert stored_roles(engine) == []


@pytest.mark.parametrize("user_id", ["999", "9" * 20])
def test_missing_user_is_404(api, engine, event, organizer, user_id):
    before = all_rows(engine)
    response = api.post(URL, role_body(user_id, event.id), user=organizer)
    assert_error(response, 404, pointer=REL + "user")
    assert all_rows(engine) == before


def test_missing_user_is_403_for_who_may_not_grant(api, event):
    """A caller without the right learns nothing about which users exist."""
    response = api.post(URL, role_body(999, event.id), user=coorganizer_of(event))
    assert_error(response, 403)


@pytest.mark.parametrize("event_id", ["999", "9" * 20])
def test_missing_event_is_404(api, engine, admin, member, event_id):
    before = all_rows(engine)
    response = api.post(URL, role_body(member.id, event_id), user=admin)
    assert_error(response, 404, pointer=REL + "event")
    assert all_rows(engine) == before


@pytest.mark.parametrize("held", list(Role), ids=str)
def test_user_who_holds_a_role_already_is_409(api, engine, event, organizer, member, held):
    UserEventRoleFactory(user=member, event=event, role=held)
    before = all_rows(engine)
    response = api.post(URL, role_body(member.id, event.id, "organizer"), user=organizer)
    assert_error(response, 409, pointer=REL + "user")
    assert all_rows(engine) == before


def test_granter_cannot_take_a_second_role_either(api, engine, event, organizer):
    response = api.post(URL, role_body(organizer.id, event.id, "owner"), user=organizer)
    assert_error(response, 409, pointer=REL + "user")


def test_a_role_in_another_event_is_no_conflict(api, event, organizer, member):
    UserEventRoleFactory(user=member, event=EventFactoryBasic(), role=Role.OWNER)
    assert_document(api.post(URL, role_body(member.id, event.id), user=organizer), 201)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        (lambda u, e: role_body(u, e, "attendee"), ATTR + "role"),
        (lambda u, e: role_body(u, e, "Owner"), ATTR + "role"),
        (lambda u, e: role_body(u, e, None), ATTR + "role"),
        (lambda u, e: role_body(None, e), REL + "user"),
        (lambda u, e: role_body(u, None), REL + "event"),
        (lambda u, e: role_body("someone", e), REL + "user"),
    ],
    ids=["unknown role", "role in capitals", "no role", "no user", "no event", "user id text"],
)
def test_invalid_grant_is_422(api, engine, event, organizer, member, body, pointer):
    before = all_rows(engine)
    response = api.post(URL, body(member.id, event.id), user=organizer)
    assert_error(response, 422, pointer=pointer)
    assert all_rows(engine) == before


def test_null_user_is_422(api, event, organizer):
    body = role_body(None, event.id)
    body["data"]["relationships"]["user"] = {"data": None}
    assert_error(api.post(URL, body, user=organizer), 422, pointer=REL + "user")


@pytest.mark.parametrize(
    "header", [None, "JWT not-a.jwt-token", "expired"], ids=["no token", "malformed", "expired"]
)
def test_without_a_valid_token_is_401(client, engine, token, event, organizer, member, header):
    if header == "expired":
        header = f"JWT {token(str(organizer.id), expires_delta=timedelta(hours=-1))}"
    headers = {"Authorization": header} if header else {}
    before = all_rows(engine)
    response = client.post(
        URL, json=role_body(member.id, event.id), content_type=JSONAPI, headers=headers
    )
    assert_error(response, 401)
    assert all_rows(engine) == before


def test_plain_json_is_415(api, engine, event, organizer, member):
    before = all_rows(engine)
    response = api.post(
        URL, role_body(member.id, event.id), user=organizer, content_type="application/json"
    )
    assert_error(response, 415)
    assert all_rows(engine) == before

"""POST /v1/events: any logged-in user creates an event and becomes its owner; the server
chooses the identifier; an event may lie in the past but cannot end before it starts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from api_support import JSONAPI, all_rows, assert_document, assert_error, document
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import EventFactoryBasic, UserFactory
from reference_server import models
from reference_server.models import Event, Role, UserEventRole
from reference_server.views import events as events_view

ATTR = "/data/attributes/"
STARTS, ENDS = "2026-06-01T09:00:00+00:00", "2026-06-03T18:00:00+00:00"


def event_body(**attributes: Any) -> dict[str, Any]:
    """A valid event; attributes given override (``None`` drops one)."""
    values = {"name": "Open Tech Summit", "starts_at": STARTS, "ends_at": ENDS}
    values.update(attributes)
    return document({k: v for k, v in values.items() if v is not None}, type_="event")


@pytest.fixture
def creator(app):  # type: ignore[no-untyped-def]
    """A plain user: no role anywhere, no admin."""
    return UserFactory()


@pytest.fixture
def create(api, creator):  # type: ignore[no-untyped-def]
    return lambda body: api.post("/v1/events", body, user=creator)


def test_create_answers_the_event(create):
    body = assert_document(create(event_body()), 201)
    data = body["data"]
    assert (data["type"], data["id"]) == ("event", "1")
    assert set(data) == {"type", "id", "attributes"}
    identifier = data["attributes"].pop("identifier")
    assert data["attributes"] == {"name": "Open Tech Summit", "starts-at": STARTS, "ends-at": ENDS}
    assert len(identifier) == 8 and int(identifier, 16) >= 0 and not identifier.isdigit()
    assert body["links"] == {"self": "/v1/events/1"}


def test_creator_becomes_the_owner(engine, create, creator):
    assert_document(create(event_body()), 201)
    with Session(engine) as session:
        roles = session.scalars(select(UserEventRole)).all()
        assert [(r.user_id, r.event_id, r.role) for r in roles] == [(creator.id, 1, Role.OWNER)]


def test_owner_manages_the_new_event_by_id_and_identifier(api, create, creator):
    identifier = assert_document(create(event_body()), 201)["data"]["attributes"]["identifier"]
    for name in ("1", identifier):
        assert_document(api.get(f"/v1/events/{name}/discount-codes", user=creator))


def test_dates_are_stored_and_answered_in_utc(engine, create):
    body = event_body(starts_at="2026-06-01T11:00:00+02:00", ends_at="2026-06-01T12:00:00-05:00")
    attributes = assert_document(create(body), 201)["data"]["attributes"]
    assert attributes["starts-at"] == "2026-06-01T09:00:00+00:00"
    assert attributes["ends-at"] == "2026-06-01T17:00:00+00:00"
    with Session(engine) as session:
        event = session.get(Event, 1)
        assert event.ends_at - event.starts_at == timedelta(hours=8)


def test_event_in_the_past_is_allowed(create):
    assert_document(create(event_body(starts_at="2001-01-01T00:00:00Z", ends_at=STARTS)), 201)


def test_event_may_end_when_it_starts(create):
    assert_document(create(event_body(ends_at=STARTS)), 201)


def test_an_admin_may_create_an_event_too(api, admin):
    assert_document(api.post("/v1/events", event_body(), user=admin), 201)


def test_identifiers_differ_between_events(create):
    first = assert_document(create(event_body()), 201)["data"]["attributes"]["identifier"]
    second = assert_document(create(event_body()), 201)["data"]["attributes"]["identifier"]
    assert first != second


def test_identifier_in_use_is_not_given_again(create, monkeypatch):
    EventFactoryBasic(identifier="0abc1234")
    offered = iter(["0abc1234", "0abc1234", "5eed5eed"])
    monkeypatch.setattr(events_view, "_new_identifier", lambda: next(offered))
    attributes = assert_document(create(event_body()), 201)["data"]["attributes"]
    assert attributes["identifier"] == "5eed5eed"


def test_new_identifier_is_never_all_digits(monkeypatch):
    """An all-digit identifier would read as an event id in every URL."""
    drawn = iter(["12345678", "00000000", "1234567a"])
    monkeypatch.setattr(models.secrets, "token_hex", lambda _size: next(drawn))
    assert models._new_identifier() == "1234567a"


@pytest.mark.parametrize(
    ("attributes", "pointer"),
    [
        ({"starts_at": ENDS, "ends_at": STARTS}, "ends-at"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "N" * 256}, "name"),
        ({"starts_at": None}, "starts-at"),
        ({"ends_at": None}, "ends-at"),
        ({"starts_at": "2026-06-01T09:00:00"}, "starts-at"),
        ({"starts_at": "June 1st"}, "starts-at"),
        ({"starts_at": "0001-01-01T00:00:00+05:00"}, "starts-at"),
        ({"ends_at": "9999-12-31T23:00:00-05:00"}, "ends-at"),
        ({"identifier": "myevent1"}, "identifier"),
    ],
)
def test_invalid_event_is_422_and_stores_nothing(engine, create, attributes, pointer):
    before = all_rows(engine)
    assert_error(create(event_body(**attributes)), 422, pointer=ATTR + pointer)
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    "header",
    [None, "JWT not-a.jwt-token", "expired", "missing user"],
    ids=["no token", "malformed", "expired", "missing user"],
)
def test_without_a_valid_token_is_401(client, engine, token, creator, header):
    if header == "expired":
        header = f"JWT {token(str(creator.id), expires_delta=timedelta(hours=-1))}"
    elif header == "missing user":
        header = f"JWT {token('999')}"
    headers = {"Authorization": header} if header else {}
    response = client.post("/v1/events", json=event_body(), content_type=JSONAPI, headers=headers)
    assert_error(response, 401)
    with Session(engine) as session:
        assert session.scalars(select(Event)).all() == []


def test_plain_json_is_415(engine, api, creator):
    before = all_rows(engine)
    response = api.post("/v1/events", event_body(), user=creator, content_type="application/json")
    assert_error(response, 415)
    assert all_rows(engine) == before

"""POST /v1/tickets: an event's owner, organizers and co-organizers (and admins) add
tickets to it; the event must exist (404) and be named (422); a free ticket is free."""

from __future__ import annotations

import json
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
from sqlalchemy.orm import Session

from factories import EventFactoryBasic, UserFactory
from reference_server.db import utcnow
from reference_server.models import Ticket, TicketType

ATTR, REL = "/data/attributes/", "/data/relationships/"
MANAGER_ROLES = [owner_of, organizer_of, coorganizer_of]


def ticket_body(event_id: Any = 1, **attributes: Any) -> dict[str, Any]:
    """A paid ticket of event ``event_id`` (``None``: no event relationship)."""
    values = {"name": "Standard", "type": "paid", "price": 100, "quantity": 50}
    values.update(attributes)
    relationships = {"event": to_one("event", event_id)} if event_id is not None else None
    return document(
        {k: v for k, v in values.items() if v is not None},
        type_="ticket",
        relationships=relationships,
    )


@pytest.fixture
def coorganizer(event):  # type: ignore[no-untyped-def]
    return coorganizer_of(event)


@pytest.fixture
def create(api, coorganizer):  # type: ignore[no-untyped-def]
    return lambda body: api.post("/v1/tickets", body, user=coorganizer)


def test_create_answers_the_ticket(create, engine, event):
    body = assert_document(create(ticket_body(event.id)), 201)
    assert body["data"] == {
        "type": "ticket",
        "id": "1",
        "attributes": {"name": "Standard", "type": "paid", "price": 100, "quantity": 50},
    }
    assert body["links"] == {"self": "/v1/tickets/1"}
    with Session(engine) as session:
        ticket = session.get(Ticket, 1)
        assert (ticket.event_id, ticket.type, ticket.deleted_at) == (
            event.id,
            TicketType.PAID,
            None,
        )


@pytest.mark.parametrize("role", [*MANAGER_ROLES, "admin"], ids=lambda r: getattr(r, "__name__", r))
def test_event_managers_and_admins_may_add_tickets(api, event, role):
    caller = UserFactory(admin=True) if role == "admin" else role(event)
    assert_document(api.post("/v1/tickets", ticket_body(event.id), user=caller), 201)


def test_price_defaults_to_0_and_quantity_to_100(create, event):
    body = ticket_body(event.id, type="free", price=None, quantity=None)
    attributes = assert_document(create(body), 201)["data"]["attributes"]
    assert (attributes["price"], attributes["quantity"]) == (0, 100)


def test_free_ticket_priced_0_is_allowed(create, event):
    assert_document(create(ticket_body(event.id, type="free", price=0)), 201)


@pytest.mark.parametrize("kind", ["paid", "donation"])
def test_paid_and_donation_tickets_may_cost_nothing(create, event, kind):
    assert_document(create(ticket_body(event.id, type=kind, price=0, quantity=0)), 201)


def test_a_new_ticket_can_carry_a_discount_code(api, create, coorganizer, event):
    """What the ticket is for: a code of its event may discount it."""
    assert_document(create(ticket_body(event.id)), 201)
    code = {"code": "SAVE10", "value": 10, "type": "amount", "used_for": "ticket"}
    relationships = {
        "event": to_one("event", event.id),
        "tickets": {"data": [{"type": "ticket", "id": "1"}]},
    }
    response = api.post(
        "/v1/discount-codes", document(code, relationships=relationships), user=coorganizer
    )
    assert assert_document(response, 201)["data"]["relationships"]["tickets"]["data"] == [
        {"type": "ticket", "id": "1"}
    ]


@pytest.mark.parametrize(
    "caller",
    [UserFactory, lambda: organizer_of(EventFactoryBasic())],
    ids=["plain user", "organizer of another event"],
)
def test_caller_without_a_role_in_the_event_is_403(api, engine, event, caller):
    user = caller()
    before = all_rows(engine)
    assert_error(api.post("/v1/tickets", ticket_body(event.id), user=user), 403)
    assert all_rows(engine) == before


@pytest.mark.parametrize("event_id", ["999", "9" * 20])
def test_missing_event_is_404(api, engine, admin, event_id):
    before = all_rows(engine)
    response = api.post("/v1/tickets", ticket_body(event_id), user=admin)
    assert_error(response, 404, pointer=REL + "event")
    assert all_rows(engine) == before


def test_soft_deleted_event_is_404(api, admin):
    event = EventFactoryBasic(deleted_at=utcnow() - timedelta(hours=1))
    response = api.post("/v1/tickets", ticket_body(event.id), user=admin)
    assert_error(response, 404, pointer=REL + "event")


def test_missing_event_is_404_before_the_callers_role_is_known(api):
    """Nobody has a role in an event that does not exist."""
    response = api.post("/v1/tickets", ticket_body(999), user=UserFactory())
    assert_error(response, 404, pointer=REL + "event")


def test_without_event_is_422(create):
    assert_error(create(ticket_body(None)), 422, pointer=REL + "event")


def test_null_event_is_422(create):
    body = ticket_body(None)
    body["data"]["relationships"] = {"event": {"data": None}}
    assert_error(create(body), 422, pointer=REL + "event")


def test_event_named_with_another_type_is_422(create, event):
    body = ticket_body(event.id)
    body["data"]["relationships"]["event"]["data"]["type"] = "user"
    assert_error(create(body), 422, pointer=REL + "event/data")


def test_event_id_that_is_no_number_is_422(create):
    assert_error(create(ticket_body("first")), 422, pointer=REL + "event")


@pytest.mark.parametrize(
    ("attributes", "pointer"),
    [
        ({"type": "free", "price": 100}, "price"),
        ({"type": "vip"}, "type"),
        ({"type": None}, "type"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "N" * 256}, "name"),
        ({"price": -0.01}, "price"),
        ({"price": "a lot"}, "price"),
        ({"quantity": -1}, "quantity"),
        ({"quantity": 2.5}, "quantity"),
        ({"quantity": 2**31}, "quantity"),
    ],
)
def test_invalid_ticket_is_422_and_stores_nothing(engine, create, event, attributes, pointer):
    before = all_rows(engine)
    assert_error(create(ticket_body(event.id, **attributes)), 422, pointer=ATTR + pointer)
    assert all_rows(engine) == before


@pytest.mark.parametrize("price", [float("nan"), float("inf"), float("-inf")])
def test_price_that_is_not_a_json_number_is_400_and_stores_nothing(
    api, engine, coorganizer, event, price
):
    """Python's JSON reader takes NaN and Infinity, which JSON has not: the body is no JSON."""
    before = all_rows(engine)
    raw = json.dumps(ticket_body(event.id, price=price))
    response = api.client.post(
        "/v1/tickets", data=raw, content_type=JSONAPI, headers=api.auth(coorganizer)
    )
    assert_error(response, 400)
    assert "is not a JSON number" in response.get_json()["errors"][0]["detail"]
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    "header", [None, "JWT not-a.jwt-token", "expired"], ids=["no token", "malformed", "expired"]
)
def test_without_a_valid_token_is_401(client, engine, token, coorganizer, event, header):
    if header == "expired":
        header = f"JWT {token(str(coorganizer.id), expires_delta=timedelta(hours=-1))}"
    headers = {"Authorization": header} if header else {}
    before = all_rows(engine)
    response = client.post(
        "/v1/tickets", json=ticket_body(event.id), content_type=JSONAPI, headers=headers
    )
    assert_error(response, 401)
    assert all_rows(engine) == before


def test_plain_json_is_415(api, engine, coorganizer, event):
    before = all_rows(engine)
    response = api.post(
        "/v1/tickets", ticket_body(event.id), user=coorganizer, content_type="application/json"
    )
    assert_error(response, 415)
    assert all_rows(engine) == before

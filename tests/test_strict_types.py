"""Every attribute is read as the JSON type it is written in: a string for a number, a
number for a string, a float or a boolean for an integer, anything but ``true``/``false``
for a boolean is a 422 at that attribute, and nothing is stored. Booleans are never
numbers."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import (
    EVENT_ENDS,
    EVENT_STARTS,
    all_rows,
    assert_document,
    assert_error,
    document,
    patch_body,
    ticket_code_body,
    to_one,
)

from factories import DiscountCodeTicketFactory, UserFactory

ATTR = "/data/attributes/"

CODE_WRONG_TYPES = [
    ("value", "15"),
    ("value", True),
    ("value", False),
    ("value", None),
    ("value", [15]),
    ("value", {"amount": 15}),
    ("min-quantity", 1.5),
    ("min-quantity", 1.0),
    ("min-quantity", "1"),
    ("min-quantity", True),
    ("max-quantity", "10"),
    ("max-quantity", 10.5),
    ("tickets-number", False),
    ("tickets-number", "100"),
    ("is-active", "yes"),
    ("is-active", "true"),
    ("is-active", 1),
    ("is-active", 0),
    ("is-active", None),
    ("code", 15),
    ("code", True),
    ("code", ["SAVE"]),
    ("discount-url", 5),
    ("type", 1),
    ("used-for", True),
    ("valid-from", 1_700_000_000),
    ("valid-till", True),
]


@pytest.mark.parametrize(("name", "value"), CODE_WRONG_TYPES)
def test_discount_code_attribute_of_the_wrong_type_is_422(
    api, event, ticket, organizer, engine, name, value
):
    before = all_rows(engine)
    body = ticket_code_body(event, [ticket])
    body["data"]["attributes"][name] = value
    assert_error(api.post("/v1/discount-codes", body, user=organizer), 422, pointer=ATTR + name)
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    ("name", "value"),
    [("value", "5"), ("value", True), ("min-quantity", "1"), ("is-active", 0), ("code", 1)],
)
def test_patch_attribute_of_the_wrong_type_is_422(
    api, event, ticket, organizer, engine, name, value
):
    code = DiscountCodeTicketFactory(event=event, tickets=[ticket])
    before = all_rows(engine)
    body = patch_body(code.id)
    body["data"]["attributes"][name] = value
    response = api.patch(f"/v1/discount-codes/{code.id}", body, user=organizer)
    assert_error(response, 422, pointer=ATTR + name)
    assert all_rows(engine) == before


def test_integers_are_numbers_and_booleans_are_booleans(api, event, ticket, organizer):
    body = ticket_code_body(event, [ticket], value=15, min_quantity=1, is_active=False)
    attributes = assert_document(api.post("/v1/discount-codes", body, user=organizer), 201)["data"][
        "attributes"
    ]
    assert (attributes["value"], attributes["min-quantity"], attributes["is-active"]) == (
        15.0,
        1,
        False,
    )


def _ticket(event_id: int, **attributes: Any) -> dict[str, Any]:
    values = {"name": "Standard", "type": "paid", "price": 10.0, "quantity": 5, **attributes}
    return document(values, type_="ticket", relationships={"event": to_one("event", event_id)})


def _event(**attributes: Any) -> dict[str, Any]:
    values = {"name": "Summit", "starts_at": EVENT_STARTS, "ends_at": EVENT_ENDS, **attributes}
    return document(values, type_="event")


def _user(**attributes: Any) -> dict[str, Any]:
    values = {"email": "ada@example.com", "password": "a long enough password", **attributes}
    return document(values, type_="user")


OTHER_WRONG_TYPES = [
    ("ticket", "price", "10"),
    ("ticket", "price", True),
    ("ticket", "quantity", "5"),
    ("ticket", "quantity", 5.5),
    ("ticket", "quantity", False),
    ("ticket", "name", 5),
    ("ticket", "type", True),
    ("event", "name", 5),
    ("event", "starts-at", 1_700_000_000),
    ("event", "ends-at", True),
    ("user", "email", 5),
    ("user", "password", 12_345_678),
    ("user", "first-name", 1),
    ("user", "last-name", True),
    ("role", "role", 1),
    ("role", "role", True),
]


@pytest.mark.parametrize(("kind", "name", "value"), OTHER_WRONG_TYPES)
def test_attribute_of_the_wrong_type_is_422_on_every_schema(
    api, event, organizer, engine, kind, name, value
):
    member = UserFactory()
    before = all_rows(engine)
    attributes = {name.replace("-", "_"): value}
    url, body, caller = {
        "ticket": ("/v1/tickets", lambda: _ticket(event.id, **attributes), organizer),
        "event": ("/v1/events", lambda: _event(**attributes), member),
        "user": ("/v1/users", lambda: _user(**attributes), None),
        "role": (
            "/v1/users-events-roles",
            lambda: document(
                attributes,
                type_="users-events-role",
                relationships={
                    "user": to_one("user", member.id),
                    "event": to_one("event", event.id),
                },
            ),
            organizer,
        ),
    }[kind]
    assert_error(api.post(url, body(), user=caller), 422, pointer=ATTR + name)
    assert all_rows(engine) == before


def test_ticket_price_may_be_an_integer(api, event, organizer):
    body = assert_document(
        api.post("/v1/tickets", _ticket(event.id, price=10), user=organizer), 201
    )
    assert body["data"]["attributes"]["price"] == 10.0

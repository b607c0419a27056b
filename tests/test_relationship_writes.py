"""Changing one relationship of a code over HTTP, on both backends: PATCH, POST and DELETE
of ``/v1/discount-codes/{id}/relationships/{name}`` apply the rules of a PATCH of the
code, answer the resulting linkage, point errors into the linkage sent, and store
nothing when refused."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import JSONAPI, all_rows, assert_document, assert_error, snapshot

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
    UserFactory,
    coorganizer_of,
    organizer_of,
)
from reference_server.db import utcnow
from reference_server.models import DiscountType, TicketType


def tickets(*ids: int) -> dict[str, Any]:
    return {"data": [{"type": "ticket", "id": str(i)} for i in ids]}


def events(*ids: int) -> dict[str, Any]:
    return {"data": [{"type": "event", "id": str(i)} for i in ids]}


def send(api, method: str, url: str, body: Any, user, content_type: str = JSONAPI):  # type: ignore[no-untyped-def]
    return api.client.open(
        url,
        method=method,
        json=body,
        headers=api.auth(user) if user is not None else {},
        content_type=content_type,
    )


def linkage_ids(response: Any) -> list[str]:
    body = assert_document(response)
    assert body["links"]["self"] == response.request.path
    return [identifier["id"] for identifier in body["data"]]


@pytest.fixture
def ticket_code(app):  # type: ignore[no-untyped-def]
    """Code 2 of event 1 discounts tickets 1 and 2 (and 3, deleted); ticket 4 is free,
    ticket 5 costs 5, ticket 6 is another event's, ticket 7 is free to link; code 1 is
    another code of event 1."""
    event, other = EventFactoryBasic(), EventFactoryBasic()
    first, second = TicketFactory(event=event), TicketFactory(event=event)
    gone = TicketFactory(event=event, deleted_at=utcnow())
    TicketFactory(event=event, type=TicketType.FREE, price=0)
    TicketFactory(event=event, price=5)
    TicketFactory(event=other)
    TicketFactory(event=event)
    DiscountCodeTicketFactory(event=event, tickets=[first])
    code = DiscountCodeTicketFactory(
        event=event, tickets=[first, second, gone], type=DiscountType.AMOUNT, value=10
    )
    FactorySession.commit()
    return code


@pytest.fixture
def event_code(app):  # type: ignore[no-untyped-def]
    """Event code 2 is set on events 1 and 2 (and 3, deleted); event 4 has code 1,
    event 5 none."""
    other, code = DiscountCodeFactory(), DiscountCodeFactory()
    EventFactoryBasic(discount_code=code)
    EventFactoryBasic(discount_code=code)
    EventFactoryBasic(discount_code=code, deleted_at=utcnow())
    EventFactoryBasic(discount_code=other)
    EventFactoryBasic()
    FactorySession.commit()
    return code


TICKETS = "/v1/discount-codes/2/relationships/tickets"
EVENTS = "/v1/discount-codes/2/relationships/events"


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        ("PATCH", tickets(2, 7), ["2", "7"]),
        ("PATCH", tickets(), []),
        ("POST", tickets(7, 1), ["1", "2", "7"]),
        ("POST", tickets(), ["1", "2"]),
        ("DELETE", tickets(1, 6, 999), ["2"]),
        ("DELETE", tickets(1, 2), []),
    ],
)
def test_ticket_code_tickets_change(api, engine, ticket_code, method, body, expected):
    response = send(api, method, TICKETS, body, coorganizer_of(ticket_code.event))
    assert linkage_ids(response) == expected
    code = assert_document(api.get("/v1/discount-codes/2", user=UserFactory(admin=True)))
    assert [t["id"] for t in code["data"]["relationships"]["tickets"]["data"]] == expected
    stored = {row[1] for row in snapshot(engine)["discount_codes_tickets"] if row[0] == 2}
    # The deleted ticket's link stays where the change did not name it.
    assert stored - {3} == {int(i) for i in expected}


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        ("PATCH", events(2, 5), ["2", "5"]),
        ("POST", events(5), ["1", "2", "5"]),
        ("DELETE", events(1, 4), ["2"]),
    ],
)
def test_event_code_events_change(api, engine, event_code, method, body, expected):
    response = send(api, method, EVENTS, body, UserFactory(admin=True))
    assert linkage_ids(response) == expected
    pointing = [e for e, code in snapshot(engine)["events"] if code == 2 and e != 3]
    assert pointing == [int(i) for i in expected]


@pytest.mark.parametrize(
    ("method", "body", "status"),
    [
        ("PATCH", tickets(6), 422),  # another event's
        ("POST", tickets(6), 422),
        ("PATCH", tickets(4), 422),  # free
        ("PATCH", tickets(3), 404),  # deleted
        ("POST", tickets(3), 404),
        ("POST", tickets(999), 404),
        ("PATCH", tickets(7, 7), 422),  # named twice
        ("POST", tickets(7, 7), 422),
        ("DELETE", tickets(1, 1), 422),
        ("PATCH", {"data": [{"type": "event", "id": "1"}]}, 422),
        ("POST", {"data": [{"type": "ticket"}]}, 422),
        ("DELETE", {"data": [{"type": "ticket", "id": "one"}]}, 422),
        ("PATCH", {"data": {"type": "ticket", "id": "1"}}, 422),
        ("POST", {"data": [None]}, 400),
        ("PATCH", {"data": ["1"]}, 400),
    ],
)
def test_ticket_rules_refuse_and_store_nothing(api, engine, ticket_code, method, body, status):
    user = coorganizer_of(ticket_code.event)
    before = all_rows(engine)
    response = send(api, method, TICKETS, body, user)
    assert_error(response, status, pointer="/data")
    assert all_rows(engine) == before


def test_a_ticket_cheaper_than_the_discount_points_at_the_linkage(api, engine, ticket_code):
    """Ticket 5 costs 5, the code takes 10 off: the rule names the value, the route /data."""
    user = coorganizer_of(ticket_code.event)
    before = all_rows(engine)
    error = assert_error(
        send(api, "POST", TICKETS, tickets(5), user),
        422,
        pointer="/data",
    )
    assert "above the price" in error["detail"]
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    ("method", "body", "status"),
    [
        ("PATCH", events(4), 409),  # event 4 has code 1
        ("POST", events(4), 409),
        ("POST", events(3), 404),  # deleted
        ("PATCH", events(5, 5), 422),  # named twice
        ("POST", events(5, 5), 422),
        ("PATCH", tickets(1), 422),
    ],
)
def test_event_rules_refuse_and_store_nothing(api, engine, event_code, method, body, status):
    admin = UserFactory(admin=True)
    before = all_rows(engine)
    assert_error(send(api, method, EVENTS, body, admin), status, pointer="/data")
    assert all_rows(engine) == before


def test_the_to_one_relationships(api, engine, ticket_code):
    organizer = organizer_of(ticket_code.event)
    url = "/v1/discount-codes/2/relationships/"
    same = {"data": {"type": "event", "id": "1"}}
    body = assert_document(send(api, "PATCH", url + "event", same, organizer))
    assert body["data"] == {"type": "event", "id": "1"}
    before = all_rows(engine)
    for name, linkage in (
        ("event", {"type": "event", "id": "2"}),
        ("event", None),
        ("marketer", {"type": "user", "id": str(organizer.id)}),
    ):
        assert_error(
            send(api, "PATCH", url + name, {"data": linkage}, organizer), 422, pointer="/data"
        )
    assert all_rows(engine) == before
    for method in ("POST", "DELETE"):
        assert_error(send(api, method, url + "event", same, organizer), 405)


def test_an_event_codes_event_is_always_null(api, event_code):
    response = send(
        api, "PATCH", "/v1/discount-codes/2/relationships/event", {"data": None},
        UserFactory(admin=True),
    )  # fmt: skip
    assert_error(response, 422, pointer="/data")


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("anonymous", 401),
        ("marketer", 403),
        ("organizer of another event", 403),
        ("plain user", 403),
    ],
)
@pytest.mark.parametrize("method", ["PATCH", "POST", "DELETE"])
def test_who_may_change_a_ticket_codes_tickets(api, engine, ticket_code, caller, status, method):
    users = {
        "anonymous": None,
        "marketer": ticket_code.marketer,
        "organizer of another event": organizer_of(EventFactoryBasic()),
        "plain user": UserFactory(),
    }
    before = all_rows(engine)
    assert_error(send(api, method, TICKETS, tickets(1), users[caller]), status)
    assert all_rows(engine) == before


@pytest.mark.parametrize("method", ["PATCH", "POST", "DELETE"])
def test_only_an_admin_changes_an_event_codes_events(api, engine, event_code, method):
    """The organizer of an event using the code, and its marketer, may not."""
    for user in (organizer_of(EventFactoryBasic(discount_code=event_code)), event_code.marketer):
        assert_error(send(api, method, EVENTS, events(5), user), 403)


@pytest.mark.parametrize(
    ("url", "fixture"),
    [
        (EVENTS, "ticket_code"),
        (TICKETS, "event_code"),
        ("/v1/discount-codes/2/relationships/marketer", "event_code"),
    ],
)
def test_a_relationship_the_kind_lacks_is_not_found(api, request, url, fixture):
    request.getfixturevalue(fixture)
    body = {"data": []} if not url.endswith("marketer") else {"data": None}
    assert_error(send(api, "PATCH", url, body, UserFactory(admin=True)), 404)


@pytest.mark.parametrize(
    ("url", "status"),
    [("/v1/discount-codes/9/relationships/tickets", 404), (TICKETS, 404)],
)
def test_a_missing_or_deleted_code_is_not_found(api, ticket_code, url, status):
    ticket_code.deleted_at = utcnow() if url == TICKETS else None
    FactorySession.commit()
    assert_error(send(api, "PATCH", url, tickets(1), UserFactory(admin=True)), status)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (tickets(1), "application/json", 415),
        (tickets(1), JSONAPI + "; charset=utf-8", 415),
        ([], JSONAPI, 400),
        ({"links": {}}, JSONAPI, 400),
    ],
)
def test_a_body_that_is_not_a_linkage_document(api, ticket_code, body, content_type, status):
    user = coorganizer_of(ticket_code.event)
    assert_error(send(api, "PATCH", TICKETS, body, user, content_type=content_type), status)


def test_a_body_that_is_not_json(api, ticket_code):
    response = api.client.patch(
        TICKETS,
        data=b'{"data": [',
        headers=api.auth(coorganizer_of(ticket_code.event)),
        content_type=JSONAPI,
    )
    assert_error(response, 400)


def test_include_is_refused_on_a_relationship_route(api, ticket_code):
    user = coorganizer_of(ticket_code.event)
    assert_error(api.get(TICKETS + "?include=tickets", user=user), 400, parameter="include")


@pytest.mark.parametrize("method", ["PATCH", "POST", "DELETE"])
def test_a_linkage_nested_too_deeply_is_a_bad_request(api, ticket_code, method):
    raw = '{"data": [' + "[" * 40 + "]" * 40 + "]}"
    response = api.client.open(
        TICKETS,
        method=method,
        data=raw,
        headers=api.auth(coorganizer_of(ticket_code.event)),
        content_type=JSONAPI,
    )
    assert_error(response, 400)


@pytest.mark.parametrize("method", ["PATCH", "POST", "DELETE"])
def test_include_on_a_write_is_refused_before_anything_changes(api, engine, ticket_code, method):
    user = coorganizer_of(ticket_code.event)
    before = all_rows(engine)
    response = send(api, method, TICKETS + "?include=tickets", tickets(7), user)
    assert_error(response, 400, parameter="include")
    assert all_rows(engine) == before


def test_a_missing_id_is_named_as_sent(api, ticket_code, event_code=None):
    user = coorganizer_of(ticket_code.event)
    error = assert_error(send(api, "POST", TICKETS, tickets(99999999999), user), 404)
    assert error["detail"] == "Ticket 99999999999 does not exist."


def test_a_to_one_route_says_which_methods_it_allows(api, ticket_code):
    response = send(api, "POST", "/v1/discount-codes/2/relationships/event", {"data": None}, None)
    assert_error(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "PATCH"}

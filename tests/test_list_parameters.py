"""Every list, the related lists of a code included, takes the same ``page[size]`` (1 to
100, default 20), ``page[number]`` (from 1) and ``sort`` (the listed type's attributes),
answers ``meta.count`` and self/first/last (and prev/next) links, and refuses a bad
parameter with a 400 naming it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from api_support import assert_document, assert_error, ids

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
)
from reference_server.models import TicketType, User

LISTS = [
    "all codes",
    "an event's codes",
    "a marketer's codes",
    "a ticket's codes",
    "a code's events",
    "a code's tickets",
]


@pytest.fixture(params=LISTS)
def a_list(request, admin, event, ticket, organizer):  # type: ignore[no-untyped-def]
    """(URL, caller) of each list, holding one row."""
    code = DiscountCodeTicketFactory(event=event, tickets=[ticket], marketer=organizer)
    event_code = DiscountCodeFactory()
    event.discount_code_id = event_code.id
    FactorySession.commit()
    return {
        "all codes": ("/v1/discount-codes", admin),
        "an event's codes": (f"/v1/events/{event.id}/discount-codes", organizer),
        "a marketer's codes": (f"/v1/users/{organizer.id}/discount-codes", organizer),
        "a ticket's codes": (f"/v1/tickets/{ticket.id}/discount-codes", organizer),
        "a code's events": (f"/v1/discount-codes/{event_code.id}/events", admin),
        "a code's tickets": (f"/v1/discount-codes/{code.id}/tickets", organizer),
    }[request.param]


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def test_every_list_has_count_and_page_links(api, a_list):
    url, caller = a_list
    body = assert_document(api.get(url, user=caller))
    assert body["meta"] == {"count": len(body["data"])}
    assert set(body["links"]) == {"self", "first", "last"}
    for link in body["links"].values():
        assert urlsplit(link).path == url
        assert _query(link) == {"page[size]": ["20"], "page[number]": ["1"]}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page[size]=0", "page[size]"),
        ("page[size]=101", "page[size]"),
        ("page[size]=abc", "page[size]"),
        ("page[size]=", "page[size]"),
        ("page[size]=-1", "page[size]"),
        ("page[size]=%C2%B2", "page[size]"),
        ("page[number]=0", "page[number]"),
        ("page[number]=-1", "page[number]"),
        ("page[number]=", "page[number]"),
        ("page[number]=%D9%A1", "page[number]"),
        ("sort=colour", "sort"),
        ("sort=id,,colour", "sort"),
    ],
)
def test_bad_list_parameter_is_400_naming_it(api, a_list, query, parameter):
    url, caller = a_list
    assert_error(api.get(f"{url}?{query}", user=caller), 400, parameter=parameter)


@pytest.mark.parametrize("query", ["page[size]=1", "page[size]=100", "page[number]=1", "sort=id"])
def test_limits_of_the_list_parameters_are_allowed(api, a_list, query):
    url, caller = a_list
    assert_document(api.get(f"{url}?{query}", user=caller))


# --- a code's events and tickets: sorted and paginated ---------------------------------------


@pytest.fixture
def code_with_events(admin):  # type: ignore[no-untyped-def]
    """Event code 1 set on five events (and a deleted one, and one without it)."""
    code = DiscountCodeFactory()
    names = ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]
    events = [EventFactoryBasic(name=name, discount_code_id=code.id) for name in names]
    EventFactoryBasic(name="Deleted", discount_code_id=code.id, deleted_at=events[0].starts_at)
    EventFactoryBasic(name="Elsewhere")
    return code, events


@pytest.fixture
def code_with_tickets(event, organizer):  # type: ignore[no-untyped-def]
    """A ticket code of ``event`` on five tickets (not on a sixth)."""
    prices = [30.0, 10.0, 50.0, 20.0, 40.0]
    tickets = [
        TicketFactory(event=event, name=f"T{price:.0f}", price=price, quantity=int(100 - price))
        for price in prices
    ]
    TicketFactory(event=event)
    code = DiscountCodeTicketFactory(event=event, tickets=tickets[::-1], value=5.0)
    return code, tickets


def _events_url(code: Any, query: str = "") -> str:
    return f"/v1/discount-codes/{code.id}/events" + (f"?{query}" if query else "")


def _tickets_url(code: Any, query: str = "") -> str:
    return f"/v1/discount-codes/{code.id}/tickets" + (f"?{query}" if query else "")


def test_a_codes_events_come_in_id_order(api, admin, code_with_events):
    code, events = code_with_events
    body = assert_document(api.get(_events_url(code), user=admin))
    assert ids(body) == [str(event.id) for event in events]
    assert body["meta"]["count"] == 5


def test_a_codes_tickets_come_in_id_order(api, organizer, code_with_tickets):
    code, tickets = code_with_tickets
    body = assert_document(api.get(_tickets_url(code), user=organizer))
    assert ids(body) == [str(ticket.id) for ticket in tickets]
    assert body["meta"]["count"] == 5


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("name", lambda e: e.name),
        ("-name", lambda e: e.name),
        ("identifier", lambda e: e.identifier),
        ("starts-at", lambda e: (e.starts_at, e.id)),
        ("-ends-at", lambda e: (e.ends_at, -e.id)),
        ("-id", lambda e: e.id),
    ],
)
def test_a_codes_events_sort_by_event_attributes(
    api, admin, code_with_events, sort: str, key: Callable[[Any], Any]
):
    code, events = code_with_events
    body = assert_document(api.get(_events_url(code, f"sort={sort}"), user=admin))
    expected = sorted(events, key=key, reverse=sort.startswith("-"))
    assert ids(body) == [str(event.id) for event in expected]


@pytest.mark.parametrize("sort", ["name", "type", "price", "-quantity", "-id"])
def test_a_codes_tickets_sort_by_ticket_attributes(api, organizer, code_with_tickets, sort):
    code, tickets = code_with_tickets
    body = assert_document(api.get(_tickets_url(code, f"sort={sort}"), user=organizer))
    name = sort.lstrip("-")
    attribute = {"type": lambda t: (TicketType(t.type).value, t.id)}.get(
        name, lambda t: getattr(t, name)
    )
    expected = sorted(tickets, key=attribute, reverse=sort.startswith("-"))
    assert ids(body) == [str(ticket.id) for ticket in expected]


@pytest.mark.parametrize("sort", ["code", "value", "marketer", "discount-code"])
def test_a_codes_tickets_do_not_sort_by_code_attributes(api, organizer, code_with_tickets, sort):
    code, _ = code_with_tickets
    response = api.get(_tickets_url(code, f"sort={sort}"), user=organizer)
    assert_error(response, 400, parameter="sort")


def test_a_codes_events_page_by_page(api, admin: User, code_with_events):
    code, _ = code_with_events
    seen = []
    for number, expected_links in [
        (1, {"self", "first", "last", "next"}),
        (2, {"self", "first", "last", "prev", "next"}),
        (3, {"self", "first", "last", "prev"}),
    ]:
        url = _events_url(code, f"sort=name&page[size]=2&page[number]={number}")
        body = assert_document(api.get(url, user=admin))
        assert set(body["links"]) == expected_links
        assert body["meta"]["count"] == 5
        assert _query(body["links"]["last"]) == {
            "sort": ["name"],
            "page[size]": ["2"],
            "page[number]": ["3"],
        }
        seen += [event["attributes"]["name"] for event in body["data"]]
    assert seen == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def test_a_codes_tickets_beyond_the_last_page_are_empty(api, organizer, code_with_tickets):
    code, _ = code_with_tickets
    body = assert_document(
        api.get(_tickets_url(code, "page[size]=2&page[number]=4"), user=organizer)
    )
    assert body["data"] == []
    assert body["meta"]["count"] == 5
    assert _query(body["links"]["prev"])["page[number]"] == ["3"]

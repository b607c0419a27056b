"""``include`` and ``fields[TYPE]`` over HTTP, on both backends: compound documents carry
each linked resource once (live rows, the code's own kind's relationships), sparse
fieldsets cut primary and included resources, and every unknown path, type or field is a
400 naming its parameter."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from api_support import all_rows, assert_document, assert_error

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
    UserFactory,
    organizer_of,
    owner_of,
)
from reference_server.db import utcnow
from reference_server.models import DiscountCode, Event

CODE_FIELDS = "fields%5Bdiscount-code%5D"


@pytest.fixture
def codes(app):  # type: ignore[no-untyped-def]
    """Ticket codes 1 and 2 of event 1 (tickets 1-2 and 2-3, ticket 3 deleted; both
    credited to user 1); event code 3 set on events 1 and 2; the admin is the last user."""
    first, second = EventFactoryBasic(), EventFactoryBasic()
    one, two = TicketFactory(event=first), TicketFactory(event=first)
    gone = TicketFactory(event=first, deleted_at=utcnow())
    marketer = UserFactory()
    DiscountCodeTicketFactory(event=first, tickets=[one, two], marketer=marketer)
    DiscountCodeTicketFactory(event=first, tickets=[two, gone], marketer=marketer)
    platform = DiscountCodeFactory(marketer=marketer)
    first.discount_code, second.discount_code = platform, platform
    admin = UserFactory(admin=True)
    FactorySession.commit()
    return admin


def keys(body: dict) -> list[tuple[str, str]]:
    return [(resource["type"], resource["id"]) for resource in body["included"]]


def test_one_code_with_everything_it_links(api, codes):
    url = "/v1/discount-codes/2?include=event,tickets,marketer,tickets"
    body = assert_document(api.get(url, user=codes))
    assert keys(body) == [("event", "1"), ("ticket", "2"), ("user", "1")]
    assert body["included"][0]["attributes"]["identifier"]
    assert body["links"] == {"self": "/v1/discount-codes/2"}


def test_each_resource_is_included_once_across_a_list(api, codes):
    body = assert_document(api.get("/v1/discount-codes?include=event,tickets", user=codes))
    assert [code["id"] for code in body["data"]] == ["1", "2", "3"]
    assert keys(body) == [("event", "1"), ("ticket", "1"), ("ticket", "2")]


def test_an_event_code_includes_its_own_relationships_only(api, codes):
    body = assert_document(api.get("/v1/discount-codes/3?include=tickets,marketer", user=codes))
    assert body["included"] == []
    body = assert_document(api.get("/v1/discount-codes/3?include=events", user=codes))
    assert keys(body) == [("event", "1"), ("event", "2")]


def test_without_include_there_is_no_included_member(api, codes):
    assert "included" not in assert_document(api.get("/v1/discount-codes/1", user=codes))


def test_include_on_the_nested_lists_and_the_lookup(api, codes):
    body = assert_document(api.get("/v1/events/1/discount-codes?include=event", user=codes))
    assert keys(body) == [("event", "1")]
    body = assert_document(api.get("/v1/users/1/discount-codes?include=marketer", user=codes))
    assert keys(body) == [("user", "1")]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/v1/discount-codes/1?include=sponsor", "include"),
        ("/v1/discount-codes/1?include=event.tickets", "include"),
        ("/v1/discount-codes/1?include=", "include"),
        ("/v1/discount-codes/1?include=event,", "include"),
        ("/v1/discount-codes/1?include=event&include=tickets", "include"),
        ("/v1/discount-codes?include=attributes", "include"),
        ("/v1/discount-codes/1/event?include=tickets", "include"),
        ("/v1/discount-codes/1/tickets?include=event", "include"),
        ("/v1/discount-codes/1/relationships/tickets?include=tickets", "include"),
        ("/v1/discount-codes/1?fields%5Bcolour%5D=red", "fields[colour]"),
        ("/v1/discount-codes/1?fields%5Bdiscount-code%5D=code,colour", "fields[discount-code]"),
        ("/v1/discount-codes/1?fields%5Bdiscount-code%5D=id", "fields[discount-code]"),
        (f"/v1/discount-codes/1?{CODE_FIELDS}=a&{CODE_FIELDS}=b", "fields[discount-code]"),
        ("/v1/discount-codes/1?fields%5Bticket%5D=event", "fields[ticket]"),
    ],
)  # fmt: skip
def test_what_cannot_be_read_is_a_bad_request(api, codes, url, parameter):
    assert_error(api.get(url, user=codes), 400, parameter=parameter)


def test_a_sparse_fieldset_keeps_the_named_members_only(api, codes):
    url = "/v1/discount-codes/1?fields%5Bdiscount-code%5D=code,value,tickets"
    data = assert_document(api.get(url, user=codes))["data"]
    assert set(data["attributes"]) == {"code", "value"}
    assert set(data["relationships"]) == {"tickets"}
    assert data["links"] == {"self": "/v1/discount-codes/1"}


def test_an_empty_fieldset_leaves_type_id_and_links(api, codes):
    data = assert_document(api.get("/v1/discount-codes/1?fields%5Bdiscount-code%5D=", user=codes))
    assert set(data["data"]) == {"type", "id", "links"}


def test_fieldsets_apply_to_included_resources_and_lists(api, codes):
    url = f"/v1/discount-codes?include=tickets&fields%5Bticket%5D=name&{CODE_FIELDS}=code"
    body = assert_document(api.get(url, user=codes))
    assert all(set(code["attributes"]) == {"code"} for code in body["data"])
    assert all("relationships" not in code for code in body["data"])
    assert [set(ticket["attributes"]) for ticket in body["included"]] == [{"name"}, {"name"}]


def test_fieldsets_of_the_related_routes(api, codes):
    url = "/v1/discount-codes/1/tickets?fields%5Bticket%5D=price"
    body = assert_document(api.get(url, user=codes))
    assert [set(t["attributes"]) for t in body["data"]] == [{"price"}, {"price"}]
    body = assert_document(api.get("/v1/discount-codes/1/event?fields%5Bevent%5D=name", user=codes))
    assert set(body["data"]["attributes"]) == {"name"}


def test_page_links_keep_include_and_fields(api, codes):
    url = "/v1/discount-codes?include=event&fields%5Bevent%5D=name&page%5Bsize%5D=1"
    body = assert_document(api.get(url, user=codes))
    query = parse_qs(urlsplit(body["links"]["next"]).query)
    assert query["include"] == ["event"] and query["fields[event]"] == ["name"]
    assert keys(body) == [("event", "1")]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("include=sponsor", "include"), ("fields%5Bcolour%5D=red", "fields[colour]")],
)
def test_a_write_refused_for_its_answers_parameters_stores_nothing(
    api, engine, codes, query, parameter
):
    before = all_rows(engine)
    body = {"data": {"type": "discount-code", "id": "1", "attributes": {"value": 5}}}
    response = api.patch(f"/v1/discount-codes/1?{query}", body, user=codes)
    assert_error(response, 400, parameter=parameter)
    assert all_rows(engine) == before


def test_a_write_answers_with_what_it_includes(api, codes):
    body = {"data": {"type": "discount-code", "id": "1", "attributes": {"value": 5}}}
    answer = assert_document(api.patch("/v1/discount-codes/1?include=tickets", body, user=codes))
    assert keys(answer) == [("ticket", "1"), ("ticket", "2")]
    assert answer["data"]["attributes"]["value"] == 5


def test_include_follows_the_read_rule_of_the_related_routes(api, codes):
    """An anonymous buyer looking a code up, and an organizer seeing the event code their
    event uses, are shown the codes, not what the codes link."""
    code = FactorySession.get(DiscountCode, 1)
    lookup = f"/v1/events/1/discount-codes/{code.code}?include=event,tickets,marketer"
    assert assert_document(api.get(lookup))["included"] == []
    organizer = organizer_of(FactorySession.get(Event, 1))
    url = "/v1/events/1/discount-codes?include=event,events,tickets"
    body = assert_document(api.get(url, user=organizer))
    assert [code["id"] for code in body["data"]] == ["1", "2", "3"]
    assert keys(body) == [("event", "1"), ("ticket", "1"), ("ticket", "2")]


def test_a_roles_user_is_not_included(api, codes):
    owner = owner_of(FactorySession.get(Event, 2))
    body = {
        "data": {
            "type": "users-events-role",
            "attributes": {"role": "coorganizer"},
            "relationships": {
                "user": {"data": {"type": "user", "id": "1"}},
                "event": {"data": {"type": "event", "id": "2"}},
            },
        }
    }
    response = api.post("/v1/users-events-roles?include=user", body, user=owner)
    assert_error(response, 400, parameter="include")


def test_a_deleted_event_is_not_included(api, codes):
    FactorySession.get(Event, 1).deleted_at = utcnow()
    FactorySession.commit()
    body = assert_document(api.get("/v1/discount-codes/1?include=event,tickets", user=codes))
    assert keys(body) == [("ticket", "1"), ("ticket", "2")]

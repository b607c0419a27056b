"""The lists (what they hold, count, pagination, sorting) and the buyer's lookup of a code."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from api_support import assert_document, assert_error, ids

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
    UserFactory,
)
from reference_server.db import utcnow


@pytest.fixture
def codes_around(event):  # type: ignore[no-untyped-def]
    """Event ``event`` with two live ticket codes, a deleted one and its event code; another
    event with a ticket code and an event code of its own. Returns the ids ``event`` lists."""
    mine = [DiscountCodeTicketFactory(event=event) for _ in range(2)]
    DiscountCodeTicketFactory(event=event, deleted_at=utcnow())
    event_code = DiscountCodeFactory()
    event.discount_code_id = event_code.id
    other = EventFactoryBasic(discount_code_id=DiscountCodeFactory().id)
    DiscountCodeTicketFactory(event=other)
    FactorySession.commit()
    return sorted(str(code.id) for code in [*mine, event_code])


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


# --- GET /v1/events/{event_identifier}/discount-codes ------------------------------------


def test_event_list_holds_its_ticket_codes_and_its_event_code(api, event, organizer, codes_around):
    body = assert_document(api.get(f"/v1/events/{event.id}/discount-codes", user=organizer))
    assert sorted(ids(body)) == codes_around


def test_event_list_by_string_identifier(api, event, organizer, codes_around):
    url = f"/v1/events/{event.identifier}/discount-codes"
    assert sorted(ids(assert_document(api.get(url, user=organizer)))) == codes_around


def test_event_list_counts_what_it_holds(api, event, organizer, codes_around):
    body = assert_document(api.get(f"/v1/events/{event.id}/discount-codes", user=organizer))
    assert body["meta"]["count"] == len(codes_around) == 3


def test_event_list_of_an_event_without_codes_is_empty(api, event, organizer):
    body = assert_document(api.get(f"/v1/events/{event.id}/discount-codes", user=organizer))
    assert body["data"] == []
    assert body["meta"]["count"] == 0


def test_admin_list_holds_every_live_code_of_both_kinds(api, admin, codes_around):
    body = assert_document(api.get("/v1/discount-codes", user=admin))
    used_for = {resource["attributes"]["used-for"] for resource in body["data"]}
    assert body["meta"]["count"] == len(body["data"]) == 5
    assert used_for == {"event", "ticket"}
    assert all(resource["attributes"]["deleted-at"] is None for resource in body["data"])


def test_marketer_list_holds_only_the_users_live_codes(api, event):
    marketer = UserFactory()
    own = [DiscountCodeTicketFactory(event=event, marketer=marketer) for _ in range(2)]
    DiscountCodeTicketFactory(event=event, marketer=marketer, deleted_at=utcnow())
    DiscountCodeTicketFactory(event=event)
    body = assert_document(api.get(f"/v1/users/{marketer.id}/discount-codes", user=marketer))
    assert sorted(ids(body)) == sorted(str(code.id) for code in own)


def test_ticket_list_holds_only_codes_linked_to_the_ticket(api, event, organizer):
    ticket = TicketFactory(event=event)
    linked = DiscountCodeTicketFactory(event=event, tickets=[ticket, TicketFactory(event=event)])
    DiscountCodeTicketFactory(event=event, tickets=[ticket], deleted_at=utcnow())
    DiscountCodeTicketFactory(event=event)
    body = assert_document(api.get(f"/v1/tickets/{ticket.id}/discount-codes", user=organizer))
    assert ids(body) == [str(linked.id)]


# --- pagination and sorting --------------------------------------------------------------


@pytest.fixture
def five_codes(event):  # type: ignore[no-untyped-def]
    names = ["DELTA", "ALPHA", "ECHO", "CHARLIE", "BRAVO"]
    return [DiscountCodeTicketFactory(event=event, code=name) for name in names]


def test_first_page_links_to_next_and_last(api, event, organizer, five_codes):
    url = f"/v1/events/{event.id}/discount-codes?page[size]=2"
    body = assert_document(api.get(url, user=organizer))
    assert len(body["data"]) == 2
    assert body["meta"]["count"] == 5
    links = body["links"]
    assert _query(links["first"]) == {"page[size]": ["2"], "page[number]": ["1"]}
    assert _query(links["next"]) == {"page[size]": ["2"], "page[number]": ["2"]}
    assert _query(links["last"]) == {"page[size]": ["2"], "page[number]": ["3"]}
    assert "prev" not in links


def test_middle_page_links_both_ways(api, event, organizer, five_codes):
    url = f"/v1/events/{event.id}/discount-codes?page[size]=2&page[number]=2"
    links = assert_document(api.get(url, user=organizer))["links"]
    assert _query(links["prev"])["page[number]"] == ["1"]
    assert _query(links["next"])["page[number]"] == ["3"]


def test_last_page_holds_the_rest_and_has_no_next(api, event, organizer, five_codes):
    url = f"/v1/events/{event.id}/discount-codes?page[size]=2&page[number]=3"
    body = assert_document(api.get(url, user=organizer))
    assert len(body["data"]) == 1
    assert "next" not in body["links"]
    assert _query(body["links"]["prev"])["page[number]"] == ["2"]


def test_pages_together_hold_every_code_once(api, event, organizer, five_codes):
    seen = []
    for number in (1, 2, 3):
        url = f"/v1/events/{event.id}/discount-codes?page[size]=2&page[number]={number}"
        seen += ids(assert_document(api.get(url, user=organizer)))
    assert sorted(seen, key=int) == [str(code.id) for code in five_codes]


def test_sort_by_code(api, event, organizer, five_codes):
    url = f"/v1/events/{event.id}/discount-codes?sort=code"
    body = assert_document(api.get(url, user=organizer))
    codes = [resource["attributes"]["code"] for resource in body["data"]]
    assert codes == ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO"]


def test_sort_by_code_descending(api, event, organizer, five_codes):
    url = f"/v1/events/{event.id}/discount-codes?sort=-code"
    body = assert_document(api.get(url, user=organizer))
    codes = [resource["attributes"]["code"] for resource in body["data"]]
    assert codes == ["ECHO", "DELTA", "CHARLIE", "BRAVO", "ALPHA"]


def test_links_keep_the_sort(api, event, organizer, five_codes):
    url = f"/v1/events/{event.id}/discount-codes?sort=-code&page[size]=2"
    links = assert_document(api.get(url, user=organizer))["links"]
    assert _query(links["next"])["sort"] == ["-code"]


@pytest.mark.parametrize("size", ["0", "-1", "two", "101", ""])
def test_bad_page_size_is_400(api, event, organizer, size):
    url = f"/v1/events/{event.id}/discount-codes?page[size]={size}"
    assert_error(api.get(url, user=organizer), 400, parameter="page[size]")


@pytest.mark.parametrize("number", ["0", "-1", "first"])
def test_bad_page_number_is_400(api, event, organizer, number):
    url = f"/v1/events/{event.id}/discount-codes?page[number]={number}"
    assert_error(api.get(url, user=organizer), 400, parameter="page[number]")


def test_page_number_beyond_any_offset_is_not_a_server_error(api, event, organizer):
    """Either an empty page or a 400 naming the parameter; never a 500."""
    url = f"/v1/events/{event.id}/discount-codes?page[number]={'9' * 20}"
    response = api.get(url, user=organizer)
    if response.status_code == 200:
        assert assert_document(response)["data"] == []
    else:
        assert_error(response, 400, parameter="page[number]")


@pytest.mark.parametrize("sort", ["price", "-marketer", "code,,nope"])
def test_sort_by_an_unknown_attribute_is_400(api, event, organizer, sort):
    url = f"/v1/events/{event.id}/discount-codes?sort={sort}"
    assert_error(api.get(url, user=organizer), 400, parameter="sort")


# --- GET /v1/events/{event_identifier}/discount-codes/{code}: the buyer's lookup ----------


def _lookup_url(code) -> str:  # type: ignore[no-untyped-def]
    return f"/v1/events/{code.event_id}/discount-codes/{code.code}"


def test_lookup_of_a_live_code_is_200_anonymously(api):
    code = DiscountCodeTicketFactory(code="WELCOME")
    body = assert_document(api.get(_lookup_url(code)))
    assert body["data"]["id"] == str(code.id)


def test_lookup_matches_the_code_case_insensitively(api):
    code = DiscountCodeTicketFactory(code="WELCOME")
    url = f"/v1/events/{code.event_id}/discount-codes/wElCoMe"
    assert assert_document(api.get(url))["data"]["attributes"]["code"] == "WELCOME"


def test_lookup_by_the_events_string_identifier(api):
    code = DiscountCodeTicketFactory(code="WELCOME")
    url = f"/v1/events/{code.event.identifier}/discount-codes/WELCOME"
    assert assert_document(api.get(url))["data"]["id"] == str(code.id)


def test_lookup_with_a_token_is_200(api):
    code = DiscountCodeTicketFactory()
    assert_document(api.get(_lookup_url(code), user=UserFactory()))


def test_lookup_of_an_inactive_code_is_405(api):
    code = DiscountCodeTicketFactory(is_active=False)
    assert_error(api.get(_lookup_url(code)), 405)


def test_lookup_of_a_code_valid_only_from_tomorrow_is_405(api):
    code = DiscountCodeTicketFactory(valid_from=utcnow() + timedelta(days=1))
    assert_error(api.get(_lookup_url(code)), 405)


def test_lookup_of_a_code_whose_valid_till_passed_is_405(api):
    now = utcnow()
    code = DiscountCodeTicketFactory(
        valid_from=now - timedelta(days=2), valid_till=now - timedelta(days=1)
    )
    assert_error(api.get(_lookup_url(code)), 405)


def test_lookup_without_valid_till_after_the_event_ended_is_405(api):
    now = utcnow()
    ended = EventFactoryBasic(starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=1))
    code = DiscountCodeTicketFactory(event=ended, valid_till=None)
    assert_error(api.get(_lookup_url(code)), 405)


def test_lookup_without_valid_till_before_the_event_ends_is_200(api):
    code = DiscountCodeTicketFactory(valid_till=None)
    assert_document(api.get(_lookup_url(code)))


def test_lookup_of_an_unknown_code_is_404(api):
    code = DiscountCodeTicketFactory()
    assert_error(api.get(f"/v1/events/{code.event_id}/discount-codes/NOPE"), 404)


def test_lookup_of_a_deleted_code_is_404(api):
    code = DiscountCodeTicketFactory(deleted_at=utcnow())
    assert_error(api.get(_lookup_url(code)), 404)


def test_lookup_of_another_events_code_is_404(api):
    code = DiscountCodeTicketFactory()
    other = EventFactoryBasic()
    assert_error(api.get(f"/v1/events/{other.id}/discount-codes/{code.code}"), 404)


@pytest.mark.parametrize("identifier", ["999", "no-such-event"])
def test_lookup_on_an_unknown_event_is_404(api, identifier):
    DiscountCodeTicketFactory(code="WELCOME")
    assert_error(api.get(f"/v1/events/{identifier}/discount-codes/WELCOME"), 404)

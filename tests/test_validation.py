"""422 for invalid attributes or relationships, 409 for conflicts, 404 for related rows that
do not exist, 415 for the wrong media type; and a refused write changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_support import (
    assert_document,
    assert_error,
    document,
    error_pointers,
    event_code_body,
    organizer_of,
    patch_body,
    snapshot,
    ticket_code_body,
    to_many,
    to_one,
)

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
    UserFactory,
)
from reference_server.db import utcnow

ATTR = "/data/attributes/"
REL = "/data/relationships/"


@pytest.fixture
def create(api, organizer):  # type: ignore[no-untyped-def]
    """POST a discount code as the event's organizer."""
    return lambda body: api.post("/v1/discount-codes", body, user=organizer)


@pytest.fixture
def ticket_code(event, ticket):  # type: ignore[no-untyped-def]
    """Stored: valid from yesterday to a month ahead, min 1, max 10, 100 tickets, value 10."""
    return DiscountCodeTicketFactory(event=event, tickets=[ticket], code="SPRING")


@pytest.fixture
def update(api, organizer, ticket_code):  # type: ignore[no-untyped-def]
    """PATCH the stored ticket code as the event's organizer."""

    def patch(relationships=None, **attributes):  # type: ignore[no-untyped-def]
        body = patch_body(ticket_code.id, relationships, **attributes)
        return api.patch(f"/v1/discount-codes/{ticket_code.id}", body, user=organizer)

    return patch


# --- 422: attributes ------------------------------------------------------------------


def test_min_quantity_above_max_quantity_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket], min_quantity=5, max_quantity=2)
    assert_error(create(body), 422, pointer=ATTR + "min-quantity")


def test_min_quantity_equal_to_max_quantity_is_allowed(create, event, ticket):
    body = ticket_code_body(event, [ticket], min_quantity=3, max_quantity=3)
    assert_document(create(body), 201)


def test_tickets_number_below_max_quantity_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket], tickets_number=4, max_quantity=5)
    assert_error(create(body), 422, pointer=ATTR + "tickets-number")


def test_valid_from_after_valid_till_is_422(create, event, ticket):
    now = utcnow()
    body = ticket_code_body(
        event, [ticket], valid_from=now + timedelta(days=2), valid_till=now + timedelta(days=1)
    )
    assert_error(create(body), 422, pointer=ATTR + "valid-till")


def test_patch_valid_from_after_the_stored_valid_till_is_422(update):
    response = update(valid_from=utcnow() + timedelta(days=60))
    assert_error(response, 422, pointer=ATTR + "valid-till")


def test_patch_valid_till_before_the_stored_valid_from_is_422(update):
    response = update(valid_till=utcnow() - timedelta(days=2))
    assert_error(response, 422, pointer=ATTR + "valid-till")


def test_patch_min_quantity_above_the_stored_max_quantity_is_422(update):
    assert_error(update(min_quantity=11), 422, pointer=ATTR + "min-quantity")


def test_percent_above_100_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket], type="percent", value=100.5)
    assert_error(create(body), 422, pointer=ATTR + "value")


def test_percent_of_100_is_allowed(create, event, ticket):
    assert_document(create(ticket_code_body(event, [ticket], type="percent", value=100)), 201)


@pytest.mark.parametrize("kind", ["amount", "percent"])
def test_negative_value_is_422(create, event, ticket, kind):
    body = ticket_code_body(event, [ticket], type=kind, value=-1)
    assert_error(create(body), 422, pointer=ATTR + "value")


@pytest.mark.parametrize("name", ["tickets_number", "min_quantity", "max_quantity"])
def test_negative_quantity_is_422(create, event, ticket, name):
    body = ticket_code_body(event, [ticket], **{name: -1})
    assert_error(create(body), 422, pointer=ATTR + name.replace("_", "-"))


def test_amount_above_a_linked_tickets_price_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket], type="amount", value=100.01)
    assert_error(create(body), 422, pointer=ATTR + "value")


def test_amount_equal_to_the_tickets_price_is_allowed(create, event, ticket):
    assert_document(create(ticket_code_body(event, [ticket], type="amount", value=100)), 201)


def test_amount_above_the_cheapest_of_several_tickets_is_422(create, event, ticket):
    cheap = TicketFactory(event=event, price=20.0)
    body = ticket_code_body(event, [ticket, cheap], type="amount", value=30)
    assert_error(create(body), 422, pointer=ATTR + "value")


def test_patch_amount_above_the_linked_tickets_price_is_422(update):
    assert_error(update(value=150), 422, pointer=ATTR + "value")


def test_patch_linking_a_ticket_cheaper_than_the_amount_is_422(update, event):
    cheap = TicketFactory(event=event, price=5.0)
    response = update(relationships={"tickets": to_many("ticket", [cheap.id])})
    assert_error(response, 422, pointer=ATTR + "value")


def test_percent_code_may_exceed_the_tickets_price_in_number(create, event):
    cheap = TicketFactory(event=event, price=20.0)
    body = ticket_code_body(event, [cheap], type="percent", value=50)
    assert_document(create(body), 201)


def test_free_ticket_cannot_get_a_ticket_code(create, event):
    free = TicketFactory(event=event, free=True)
    body = ticket_code_body(event, [free], type="percent", value=10)
    assert_error(create(body), 422, pointer=REL + "tickets")


def test_ticket_of_another_event_is_422(create, event):
    foreign = TicketFactory(event=EventFactoryBasic())
    assert_error(create(ticket_code_body(event, [foreign])), 422, pointer=REL + "tickets")


def test_patch_linking_a_ticket_of_another_event_is_422(update):
    foreign = TicketFactory(event=EventFactoryBasic())
    response = update(relationships={"tickets": to_many("ticket", [foreign.id])})
    assert_error(response, 422, pointer=REL + "tickets")


def test_ticket_code_without_event_relationship_is_422(create, ticket):
    assert_error(create(ticket_code_body(None, [ticket])), 422, pointer=REL + "event")


def test_ticket_code_with_null_event_is_422(create, ticket):
    body = ticket_code_body(None, [ticket])
    body["data"]["relationships"]["event"] = {"data": None}
    assert_error(create(body), 422, pointer=REL + "event")


def test_patch_moving_a_ticket_code_to_another_event_is_422(update):
    other = EventFactoryBasic()
    response = update(relationships={"event": to_one("event", other.id)})
    assert_error(response, 422, pointer=REL + "event")


def test_ticket_code_with_events_relationship_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["events"] = to_many("event", [event.id])
    assert_error(create(body), 422, pointer=REL + "events")


def test_event_code_with_tickets_relationship_is_422(api, admin, event, ticket):
    body = event_code_body([event])
    body["data"]["relationships"]["tickets"] = to_many("ticket", [ticket.id])
    assert_error(api.post("/v1/discount-codes", body, user=admin), 422, pointer=REL + "tickets")


@pytest.mark.parametrize("used_for", ["festival", "", None])
def test_unknown_used_for_is_422(create, event, ticket, used_for):
    body = ticket_code_body(event, [ticket], used_for=used_for)
    assert_error(create(body), 422, pointer=ATTR + "used-for")


def test_unknown_discount_type_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket], type="fixed")
    assert_error(create(body), 422, pointer=ATTR + "type")


@pytest.mark.parametrize("name", ["code", "value", "type", "used-for"])
def test_missing_required_attribute_is_422(create, event, ticket, name):
    body = ticket_code_body(event, [ticket])
    del body["data"]["attributes"][name]
    assert_error(create(body), 422, pointer=ATTR + name)


def test_every_missing_required_attribute_is_reported(create, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["attributes"] = {"discount-url": "https://example.com"}
    response = create(body)
    assert_error(response, 422)
    assert error_pointers(response) == {
        ATTR + name for name in ("code", "value", "type", "used-for")
    }


def test_empty_code_is_422(create, event, ticket):
    assert_error(create(ticket_code_body(event, [ticket], code="")), 422, pointer=ATTR + "code")


def test_value_that_is_not_a_number_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket], value="ten")
    assert_error(create(body), 422, pointer=ATTR + "value")


def test_wrong_jsonapi_type_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["type"] = "discount-codes"
    assert_error(create(body), 422, pointer="/data/type")


def test_patch_with_wrong_jsonapi_type_is_422(api, organizer, ticket_code):
    body = patch_body(ticket_code.id, value=5)
    body["data"]["type"] = "ticket"
    response = api.patch(f"/v1/discount-codes/{ticket_code.id}", body, user=organizer)
    assert_error(response, 422, pointer="/data/type")


@pytest.mark.parametrize("name", ["valid-from", "valid-till"])
def test_naive_datetime_is_422(create, event, ticket, name):
    body = ticket_code_body(event, [ticket])
    body["data"]["attributes"][name] = "2031-01-01T10:00:00"
    assert_error(create(body), 422, pointer=ATTR + name)


@pytest.mark.parametrize(
    ("name", "moment"),
    [("valid-from", "0001-01-01T00:00:00+05:00"), ("valid-till", "9999-12-31T23:00:00-05:00")],
)
def test_datetime_without_a_utc_equivalent_is_422(create, event, ticket, name, moment):
    """Stored as UTC, these would overflow: a 422, not a 500."""
    body = ticket_code_body(event, [ticket])
    body["data"]["attributes"][name] = moment
    assert_error(create(body), 422, pointer=ATTR + name)


@pytest.mark.parametrize("name", ["tickets_number", "min_quantity", "max_quantity"])
def test_quantity_beyond_an_integer_column_is_422(create, event, ticket, name):
    """2**31 fits no integer column on PostgreSQL, and 2**63 none on SQLite: 422, not 500."""
    body = ticket_code_body(event, [ticket], **{name: 2**31})
    assert_error(create(body), 422, pointer=ATTR + name.replace("_", "-"))


def test_largest_quantity_an_integer_column_holds_is_allowed(create, event, ticket):
    largest = 2**31 - 1
    body = ticket_code_body(
        event, [ticket], tickets_number=largest, max_quantity=largest, min_quantity=largest
    )
    assert_document(create(body), 201)


@pytest.mark.parametrize("name", ["discount", "valid_from", "created-by"])
def test_unknown_attribute_is_422(create, event, ticket, name):
    body = ticket_code_body(event, [ticket])
    body["data"]["attributes"][name] = "x"
    assert_error(create(body), 422, pointer=ATTR + name)


def test_patch_without_body_id_is_422(api, organizer, ticket_code):
    body = document({"value": 5})
    response = api.patch(f"/v1/discount-codes/{ticket_code.id}", body, user=organizer)
    assert_error(response, 422, pointer="/data/id")


def test_relationship_id_that_is_not_a_number_is_422(create, ticket):
    body = ticket_code_body(None, [ticket])
    body["data"]["relationships"]["event"] = to_one("event", "first")
    assert_error(create(body), 422, pointer=REL + "event")


def test_relationship_of_the_wrong_type_is_422(create, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["event"] = to_one("ticket", ticket.id)
    assert_error(create(body), 422, pointer=REL + "event/data")


# --- 404: relationships naming rows that do not exist ----------------------------------


def test_event_relationship_naming_a_missing_event_is_404(api, ticket):
    body = ticket_code_body(None, [ticket])
    body["data"]["relationships"]["event"] = to_one("event", 999)
    response = api.post("/v1/discount-codes", body, user=UserFactory(admin=True))
    assert_error(response, 404, pointer=REL + "event")


def test_event_relationship_naming_a_deleted_event_is_404(api, ticket):
    gone = EventFactoryBasic(deleted_at=utcnow())
    body = ticket_code_body(gone, [])
    response = api.post("/v1/discount-codes", body, user=UserFactory(admin=True))
    assert_error(response, 404, pointer=REL + "event")


def test_tickets_relationship_naming_a_missing_ticket_is_404(create, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["tickets"] = to_many("ticket", [ticket.id, 999])
    assert_error(create(body), 404, pointer=REL + "tickets")


def test_tickets_relationship_naming_a_deleted_ticket_is_404(create, event):
    gone = TicketFactory(event=event, deleted_at=utcnow())
    assert_error(create(ticket_code_body(event, [gone])), 404, pointer=REL + "tickets")


def test_events_relationship_naming_a_missing_event_is_404(api, admin, event):
    body = event_code_body([event])
    body["data"]["relationships"]["events"] = to_many("event", [event.id, 999])
    response = api.post("/v1/discount-codes", body, user=admin)
    assert_error(response, 404, pointer=REL + "events")


def test_patch_tickets_naming_a_missing_ticket_is_404(update):
    response = update(relationships={"tickets": to_many("ticket", [999])})
    assert_error(response, 404, pointer=REL + "tickets")


# --- 409: conflicts ------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["SPRING", "spring", "Spring"])
def test_duplicate_live_code_on_the_same_event_is_409(create, event, ticket, ticket_code, spelling):
    response = create(ticket_code_body(event, [ticket], code=spelling))
    assert_error(response, 409, pointer=ATTR + "code")


def test_same_code_is_allowed_on_another_event(api, ticket_code):
    other = EventFactoryBasic()
    body = ticket_code_body(other, [TicketFactory(event=other)], code="SPRING")
    response = api.post("/v1/discount-codes", body, user=organizer_of(other))
    assert assert_document(response, 201)["data"]["attributes"]["code"] == "SPRING"


def test_same_code_is_allowed_again_after_soft_delete(api, create, organizer, event, ticket):
    first = assert_document(create(ticket_code_body(event, [ticket], code="AGAIN")), 201)
    assert_document(api.delete(f"/v1/discount-codes/{first['data']['id']}", user=organizer))
    again = assert_document(create(ticket_code_body(event, [ticket], code="again")), 201)
    assert again["data"]["id"] != first["data"]["id"]


def test_patch_renaming_to_a_code_live_on_the_event_is_409(update, event, ticket, ticket_code):
    DiscountCodeTicketFactory(event=event, tickets=[ticket], code="SUMMER")
    assert_error(update(code="summer"), 409, pointer=ATTR + "code")


def test_patch_keeping_its_own_code_is_allowed(update):
    assert assert_document(update(code="spring"))["data"]["attributes"]["code"] == "spring"


def test_duplicate_live_event_code_is_409(api, admin):
    DiscountCodeFactory(code="PLATFORM10")
    response = api.post("/v1/discount-codes", event_code_body([], code="platform10"), user=admin)
    assert_error(response, 409, pointer=ATTR + "code")


def test_event_code_for_an_event_that_has_a_live_one_is_409(api, admin, event):
    event.discount_code_id = DiscountCodeFactory().id
    FactorySession.commit()
    response = api.post("/v1/discount-codes", event_code_body([event]), user=admin)
    assert_error(response, 409, pointer=REL + "events")


def test_event_code_for_an_event_whose_code_was_deleted_is_allowed(api, admin, event):
    event.discount_code_id = DiscountCodeFactory(deleted_at=utcnow()).id
    FactorySession.commit()
    response = api.post("/v1/discount-codes", event_code_body([event]), user=admin)
    assert_document(response, 201)


def test_patch_event_code_onto_an_event_that_has_a_live_one_is_409(api, admin, event):
    event.discount_code_id = DiscountCodeFactory().id
    FactorySession.commit()
    other_code = DiscountCodeFactory()
    body = patch_body(other_code.id, {"events": to_many("event", [event.id])})
    response = api.patch(f"/v1/discount-codes/{other_code.id}", body, user=admin)
    assert_error(response, 409, pointer=REL + "events")


def test_patch_changing_a_ticket_codes_used_for_is_409(update):
    assert_error(update(used_for="event"), 409, pointer=ATTR + "used-for")


def test_patch_changing_an_event_codes_used_for_is_409(api, admin):
    code = DiscountCodeFactory()
    body = patch_body(code.id, used_for="ticket")
    response = api.patch(f"/v1/discount-codes/{code.id}", body, user=admin)
    assert_error(response, 409, pointer=ATTR + "used-for")


def test_patch_restating_used_for_is_allowed(update):
    assert_document(update(used_for="ticket", value=5))


def test_patch_body_id_different_from_url_is_409(api, organizer, ticket_code):
    body = patch_body(ticket_code.id + 1, value=5)
    response = api.patch(f"/v1/discount-codes/{ticket_code.id}", body, user=organizer)
    assert_error(response, 409, pointer="/data/id")


# --- 415: the media type ---------------------------------------------------------------


def test_post_as_application_json_is_415(api, organizer, event, ticket):
    body = ticket_code_body(event, [ticket])
    response = api.post("/v1/discount-codes", body, user=organizer, content_type="application/json")
    assert_error(response, 415)


def test_patch_as_application_json_is_415(api, organizer, ticket_code):
    body = patch_body(ticket_code.id, value=5)
    response = api.patch(
        f"/v1/discount-codes/{ticket_code.id}",
        body,
        user=organizer,
        content_type="application/json",
    )
    assert_error(response, 415)


# --- nothing half-written ----------------------------------------------------------------


def _missing_ticket_body(event, ticket):  # type: ignore[no-untyped-def]
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["tickets"] = to_many("ticket", [ticket.id, 999])
    return body


REFUSED_POSTS = {
    "422 attributes": lambda event, ticket: ticket_code_body(
        event, [ticket], min_quantity=5, max_quantity=1
    ),
    "422 amount above price": lambda event, ticket: ticket_code_body(event, [ticket], value=500),
    "422 free ticket": lambda event, ticket: ticket_code_body(
        event, [TicketFactory(event=event, free=True)], type="percent"
    ),
    "404 missing ticket": _missing_ticket_body,
    "409 duplicate": lambda event, ticket: ticket_code_body(event, [ticket], code="spring"),
}


@pytest.mark.parametrize("case", REFUSED_POSTS)
def test_refused_post_writes_nothing(create, engine, event, ticket, ticket_code, case):
    body = REFUSED_POSTS[case](event, ticket)
    before = snapshot(engine)
    response = create(body)
    assert_error(response, int(case[:3]))
    assert snapshot(engine) == before


def test_refused_event_code_post_sets_no_event(api, admin, engine, event):
    taken = EventFactoryBasic(discount_code_id=DiscountCodeFactory().id)
    before = snapshot(engine)
    response = api.post("/v1/discount-codes", event_code_body([event, taken]), user=admin)
    assert_error(response, 409)
    assert snapshot(engine) == before


def test_forbidden_post_writes_nothing(api, engine, event, ticket):
    before = snapshot(engine)
    response = api.post("/v1/discount-codes", ticket_code_body(event, [ticket]), user=UserFactory())
    assert_error(response, 403)
    assert snapshot(engine) == before


REFUSED_PATCHES = {
    "422 dates": lambda event: {"valid_from": utcnow() + timedelta(days=90), "value": 1},
    "422 amount above price": lambda event: {"value": 1000, "code": "CHANGED"},
    "422 cheaper ticket": lambda event: {
        "code": "CHANGED",
        "relationships": {"tickets": to_many("ticket", [TicketFactory(event=event, price=1).id])},
    },
    "404 missing ticket": lambda event: {
        "code": "CHANGED",
        "relationships": {"tickets": to_many("ticket", [999])},
    },
    "409 used-for": lambda event: {"used_for": "event", "code": "CHANGED"},
    "409 duplicate": lambda event: {
        "code": DiscountCodeTicketFactory(event=event, code="TAKEN").code.lower(),
        "value": 1,
    },
}


@pytest.mark.parametrize("case", REFUSED_PATCHES)
def test_refused_patch_writes_nothing(update, engine, event, case):
    attributes = REFUSED_PATCHES[case](event)
    before = snapshot(engine)
    response = update(**attributes)
    assert_error(response, int(case[:3]))
    assert snapshot(engine) == before


def test_refused_event_code_patch_keeps_its_events(api, admin, engine, event):
    code = DiscountCodeFactory()
    event.discount_code_id = code.id
    FactorySession.commit()
    body = patch_body(code.id, {"events": to_many("event", [999])}, value=1)
    before = snapshot(engine)
    assert_error(api.patch(f"/v1/discount-codes/{code.id}", body, user=admin), 404)
    assert snapshot(engine) == before

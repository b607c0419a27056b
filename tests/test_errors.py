"""404 for what does not exist (or was soft-deleted), and no 500 or traceback for a
malformed request: every refusal is a JSON:API error document."""

from __future__ import annotations

import pytest
from api_support import JSONAPI, assert_error, organizer_of, patch_body, ticket_code_body

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    UserFactory,
)
from reference_server.db import utcnow

HUGE = "9" * 20  # no integer column holds it


@pytest.fixture
def admin():  # type: ignore[no-untyped-def]
    return UserFactory(admin=True)


# --- 404: one discount code -------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_missing_discount_code_is_404(api, admin, method):
    DiscountCodeTicketFactory()
    if method == "PATCH":
        response = api.patch("/v1/discount-codes/999", patch_body(999, value=1), user=admin)
    else:
        response = api.client.open("/v1/discount-codes/999", method=method, headers=api.auth(admin))
    assert_error(response, 404)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_soft_deleted_discount_code_is_404(api, admin, method):
    code = DiscountCodeTicketFactory(deleted_at=utcnow())
    url = f"/v1/discount-codes/{code.id}"
    if method == "PATCH":
        response = api.patch(url, patch_body(code.id, value=1), user=admin)
    else:
        response = api.client.open(url, method=method, headers=api.auth(admin))
    assert_error(response, 404)


def test_missing_discount_code_is_404_even_for_a_plain_user(api):
    """404 says nothing about who may read it; it does not exist for anyone."""
    assert_error(api.get("/v1/discount-codes/999", user=UserFactory()), 404)


@pytest.mark.parametrize(
    "url",
    [
        f"/v1/discount-codes/{HUGE}",
        f"/v1/events/{HUGE}/discount-codes",
        f"/v1/events/{HUGE}/discount-code",
        f"/v1/events/{HUGE}/discount-codes/WELCOME",
        f"/v1/users/{HUGE}/discount-codes",
        f"/v1/tickets/{HUGE}/discount-codes",
    ],
)
def test_id_beyond_any_integer_column_is_404(api, admin, url):
    assert_error(api.get(url, user=admin), 404)


@pytest.mark.parametrize("name", ["event", "tickets"])
def test_relationship_id_beyond_any_integer_column_is_404(api, admin, name):
    event = EventFactoryBasic()
    body = ticket_code_body(event, [TicketFactory(event=event)])
    linkage = {"type": name.rstrip("s"), "id": HUGE}
    body["data"]["relationships"][name] = {"data": [linkage] if name == "tickets" else linkage}
    response = api.post("/v1/discount-codes", body, user=admin)
    assert_error(response, 404, pointer=f"/data/relationships/{name}")


# --- 404: what the URL hangs off --------------------------------------------------------


@pytest.mark.parametrize("identifier", ["999", "no-such-event"])
@pytest.mark.parametrize("path", ["discount-codes", "discount-code"])
def test_unknown_event_is_404(api, admin, identifier, path):
    EventFactoryBasic()
    assert_error(api.get(f"/v1/events/{identifier}/{path}", user=admin), 404)


@pytest.mark.parametrize("path", ["discount-codes", "discount-code"])
def test_soft_deleted_event_is_404(api, admin, path):
    event = EventFactoryBasic(deleted_at=utcnow())
    assert_error(api.get(f"/v1/events/{event.id}/{path}", user=admin), 404)


def test_event_without_event_code_answers_404(api, admin):
    event = EventFactoryBasic()
    assert_error(api.get(f"/v1/events/{event.id}/discount-code", user=admin), 404)


def test_unknown_ticket_is_404(api, admin):
    TicketFactory()
    assert_error(api.get("/v1/tickets/999/discount-codes", user=admin), 404)


def test_soft_deleted_ticket_is_404(api, admin):
    ticket = TicketFactory(deleted_at=utcnow())
    assert_error(api.get(f"/v1/tickets/{ticket.id}/discount-codes", user=admin), 404)


def test_unknown_user_is_404_for_an_admin(api, admin):
    assert_error(api.get("/v1/users/999/discount-codes", user=admin), 404)


def test_unknown_route_is_a_jsonapi_404(api, admin):
    assert_error(api.get("/v1/discount-coupons", user=admin), 404)


def test_unsupported_method_is_a_jsonapi_405(api, admin):
    code = DiscountCodeFactory()
    response = api.client.put(f"/v1/discount-codes/{code.id}", headers=api.auth(admin))
    assert_error(response, 405)


# --- malformed requests: 400, never 500 ---------------------------------------------------


@pytest.fixture
def event_with_organizer():  # type: ignore[no-untyped-def]
    event = EventFactoryBasic()
    return event, organizer_of(event), TicketFactory(event=event)


@pytest.mark.parametrize("raw", ["{not json", "", "null", "[]", '"text"', "{}"])
def test_post_of_a_body_that_is_no_jsonapi_document_is_400(api, event_with_organizer, raw):
    _, organizer, _ = event_with_organizer
    response = api.client.post(
        "/v1/discount-codes", data=raw, content_type=JSONAPI, headers=api.auth(organizer)
    )
    assert_error(response, 400)


@pytest.mark.parametrize("data", [None, [], "discount-code", 1])
def test_post_whose_data_is_not_an_object_is_400(api, event_with_organizer, data):
    _, organizer, _ = event_with_organizer
    response = api.post("/v1/discount-codes", {"data": data}, user=organizer)
    assert_error(response, 400)


def test_patch_of_malformed_json_is_400(api, admin):
    code = DiscountCodeFactory()
    response = api.client.patch(
        f"/v1/discount-codes/{code.id}",
        data="{not json",
        content_type=JSONAPI,
        headers=api.auth(admin),
    )
    assert_error(response, 400)


def test_patch_without_data_is_400(api, admin):
    code = DiscountCodeFactory()
    response = api.patch(f"/v1/discount-codes/{code.id}", {"meta": {}}, user=admin)
    assert_error(response, 400)


MALFORMED_DOCUMENTS = {
    "attributes is a list": lambda body: body["data"].update(attributes=[]),
    "attributes is a string": lambda body: body["data"].update(attributes="code=X"),
    "relationships is a list": lambda body: body["data"].update(relationships=[]),
    "relationship is a string": lambda body: body["data"]["relationships"].update(event="1"),
    "linkage is a string": lambda body: body["data"]["relationships"].update(event={"data": "1"}),
    "to-many linkage holds a number": lambda body: body["data"]["relationships"].update(
        tickets={"data": [1]}
    ),
    "to-many linkage is an object": lambda body: body["data"]["relationships"].update(
        tickets={"data": {"type": "ticket", "id": "1"}}
    ),
    "type is missing": lambda body: body["data"].pop("type"),
}


@pytest.mark.parametrize("case", MALFORMED_DOCUMENTS)
def test_malformed_document_is_a_client_error_not_500(api, event_with_organizer, case):
    event, organizer, ticket = event_with_organizer
    body = ticket_code_body(event, [ticket])
    MALFORMED_DOCUMENTS[case](body)
    response = api.post("/v1/discount-codes", body, user=organizer)
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    assert_error(response, response.status_code)


# --- ids are ASCII digits: other scripts' digits name nothing -----------------------------

SUPERSCRIPT_TWO, ARABIC_INDIC_ONE = "%C2%B2", "%D9%A1"  # U+00B2, U+0661, URL-encoded


@pytest.mark.parametrize("digit", [SUPERSCRIPT_TWO, ARABIC_INDIC_ONE])
@pytest.mark.parametrize(
    "url",
    [
        "/v1/events/{digit}/discount-codes/TICKET001",
        "/v1/events/{digit}/discount-codes",
        "/v1/events/{digit}/discount-code",
        "/v1/discount-codes/{digit}",
        "/v1/discount-codes/{digit}/tickets",
        "/v1/users/{digit}/discount-codes",
        "/v1/tickets/{digit}/discount-codes",
    ],
)
def test_an_id_in_other_digits_than_ascii_names_nothing(api, admin, url, digit):
    """Code, event, ticket and user 1 exist: a Unicode digit one must not name them
    (``int`` reads U+0661 as 1, and refuses U+00B2 after ``str.isdigit`` took it)."""
    DiscountCodeTicketFactory()
    assert_error(api.get(url.format(digit=digit), user=admin), 404)


@pytest.mark.parametrize("digit", ["\u00b2", "\u0661", "1\u0661"])
@pytest.mark.parametrize("name", ["event", "tickets"])
def test_relationship_id_in_other_digits_than_ascii_is_422(api, admin, name, digit):
    event = EventFactoryBasic()
    body = ticket_code_body(event, [TicketFactory(event=event)])
    linkage = {"type": name.rstrip("s"), "id": digit}
    body["data"]["relationships"][name] = {"data": [linkage] if name == "tickets" else linkage}
    response = api.post("/v1/discount-codes", body, user=admin)
    assert_error(response, 422, pointer=f"/data/relationships/{name}")


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, ARABIC_INDIC_ONE])
@pytest.mark.parametrize("name", ["page[size]", "page[number]"])
def test_page_parameter_in_other_digits_than_ascii_is_400(api, admin, name, value):
    response = api.get(f"/v1/discount-codes?{name}={value}", user=admin)
    assert_error(response, 400, parameter=name)


@pytest.mark.parametrize("subject", ["\u00b2", "\u0661"])
def test_token_whose_subject_is_in_other_digits_than_ascii_is_401(client, admin, token, subject):
    """User 1 exists and is an admin: U+0661 must not name them."""
    headers = {"Authorization": f"JWT {token(subject)}"}
    assert_error(client.get("/v1/discount-codes", headers=headers), 401)

"""The shape of what the API answers: JSON:API 1.0, type ``discount-code``, string ids,
dasherized attributes, ``links.self`` and relationships with resource linkage."""

from __future__ import annotations

from datetime import datetime

from api_support import (
    ATTRIBUTES,
    JSONAPI,
    assert_document,
    ticket_code_body,
)

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
    UserFactory,
)


def _assert_aware_timestamp(value: str) -> None:
    assert datetime.fromisoformat(value).utcoffset() is not None, value


def test_ticket_code_document(api, event, organizer):
    tickets = [TicketFactory(event=event), TicketFactory(event=event)]
    code = DiscountCodeTicketFactory(event=event, tickets=tickets)
    response = api.get(f"/v1/discount-codes/{code.id}", user=organizer)
    body = assert_document(response)
    assert response.headers["Content-Type"] == JSONAPI
    assert body["links"] == {"self": f"/v1/discount-codes/{code.id}"}
    data = body["data"]
    assert data["type"] == "discount-code"
    assert data["id"] == str(code.id)
    assert data["links"] == {"self": f"/v1/discount-codes/{code.id}"}
    assert set(data["attributes"]) == ATTRIBUTES
    assert data["attributes"]["used-for"] == "ticket"
    relationships = data["relationships"]
    assert list(relationships) == ["event", "tickets", "marketer"]
    for name, relationship in relationships.items():
        assert relationship["links"] == {
            "self": f"/v1/discount-codes/{code.id}/relationships/{name}",
            "related": f"/v1/discount-codes/{code.id}/{name}",
        }
    assert relationships["event"]["data"] == {"type": "event", "id": str(event.id)}
    assert sorted(relationships["tickets"]["data"], key=lambda r: int(r["id"])) == [
        {"type": "ticket", "id": str(ticket.id)} for ticket in tickets
    ]
    assert relationships["marketer"]["data"] == {"type": "user", "id": str(code.marketer_id)}


def test_timestamps_are_timezone_aware(api, event, organizer):
    code = DiscountCodeTicketFactory(event=event)
    attributes = assert_document(api.get(f"/v1/discount-codes/{code.id}", user=organizer))["data"][
        "attributes"
    ]
    for name in ("valid-from", "valid-till", "created-at"):
        _assert_aware_timestamp(attributes[name])


def test_event_code_document_links_its_events(api, event):
    code = DiscountCodeFactory()
    event.discount_code_id = code.id
    other = EventFactoryBasic(discount_code_id=code.id)
    FactorySession.commit()
    body = assert_document(api.get(f"/v1/discount-codes/{code.id}", user=UserFactory(admin=True)))
    relationships = body["data"]["relationships"]
    assert body["data"]["attributes"]["used-for"] == "event"
    assert sorted(r["id"] for r in relationships["events"]["data"]) == sorted(
        [str(event.id), str(other.id)]
    )
    assert all(r["type"] == "event" for r in relationships["events"]["data"])
    assert relationships["event"]["data"] is None
    assert list(relationships) == ["event", "events"]


def test_created_code_document(api, event, organizer):
    ticket = TicketFactory(event=event)
    body = ticket_code_body(
        event, [ticket], code="NEW", discount_url="https://example.com/new", max_quantity=4
    )
    created = assert_document(api.post("/v1/discount-codes", body, user=organizer), 201)
    data = created["data"]
    assert data["type"] == "discount-code"
    assert data["id"].isdigit()
    assert created["links"]["self"] == f"/v1/discount-codes/{data['id']}"
    assert data["attributes"]["code"] == "NEW"
    assert data["attributes"]["discount-url"] == "https://example.com/new"
    assert data["attributes"]["max-quantity"] == 4
    assert data["attributes"]["deleted-at"] is None
    _assert_aware_timestamp(data["attributes"]["created-at"])
    assert data["relationships"]["marketer"]["data"] == {"type": "user", "id": str(organizer.id)}
    assert data["relationships"]["tickets"]["data"] == [{"type": "ticket", "id": str(ticket.id)}]


def test_created_code_reads_back_the_same(api, event, organizer):
    ticket = TicketFactory(event=event)
    created = assert_document(
        api.post("/v1/discount-codes", ticket_code_body(event, [ticket]), user=organizer), 201
    )
    url = created["links"]["self"]
    assert assert_document(api.get(url, user=organizer))["data"] == created["data"]


def test_patched_code_document_holds_the_new_and_the_kept_values(api, event, organizer):
    code = DiscountCodeTicketFactory(event=event, code="KEEP", value=10.0)
    body = {"data": {"type": "discount-code", "id": str(code.id), "attributes": {"value": 7.5}}}
    response = api.patch(f"/v1/discount-codes/{code.id}", body, user=organizer)
    attributes = assert_document(response)["data"]["attributes"]
    assert attributes["value"] == 7.5
    assert attributes["code"] == "KEEP"


def test_list_document(api, event, organizer):
    DiscountCodeTicketFactory(event=event)
    body = assert_document(api.get(f"/v1/events/{event.id}/discount-codes", user=organizer))
    assert set(body["links"]) >= {"self", "first", "last"}
    (resource,) = body["data"]
    assert resource["type"] == "discount-code"
    assert isinstance(resource["id"], str)
    assert resource["links"]["self"] == f"/v1/discount-codes/{resource['id']}"
    assert set(resource["attributes"]) == ATTRIBUTES

"""DELETE is a soft delete: the row stays with ``deleted_at`` set and the code disappears
from every read, list and lookup."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_support import assert_document, assert_error, ids, snapshot, stored_code

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    FactorySession,
    UserFactory,
)
from reference_server.db import utcnow


@pytest.fixture
def code(event, ticket):  # type: ignore[no-untyped-def]
    return DiscountCodeTicketFactory(event=event, tickets=[ticket], code="GONE")


@pytest.fixture
def deleted(api, organizer, code):  # type: ignore[no-untyped-def]
    """``code`` after its organizer deleted it through the API."""
    assert_document(api.delete(f"/v1/discount-codes/{code.id}", user=organizer))
    return code


def test_delete_answers_a_meta_document(api, organizer, code):
    body = assert_document(api.delete(f"/v1/discount-codes/{code.id}", user=organizer))
    assert body["meta"] == {"message": "Object successfully deleted"}


def test_deleted_row_stays_with_deleted_at_set(engine, deleted):
    row = stored_code(engine, deleted.id)
    assert row is not None
    assert row["code"] == "GONE"
    assert row["deleted_at"] is not None
    assert abs(row["deleted_at"] - utcnow()) < timedelta(minutes=1)


def test_deleted_code_keeps_its_ticket_links(engine, deleted, ticket):
    assert (deleted.id, ticket.id) in snapshot(engine)["discount_codes_tickets"]


def test_deleted_code_is_gone_from_get(api, organizer, deleted):
    assert_error(api.get(f"/v1/discount-codes/{deleted.id}", user=organizer), 404)


def test_deleting_twice_is_404(api, organizer, deleted):
    assert_error(api.delete(f"/v1/discount-codes/{deleted.id}", user=organizer), 404)


def test_deleted_code_is_gone_from_the_event_list(api, event, organizer, deleted):
    body = assert_document(api.get(f"/v1/events/{event.id}/discount-codes", user=organizer))
    assert str(deleted.id) not in ids(body)
    assert body["meta"]["count"] == 0


def test_deleted_code_is_gone_from_the_admin_list(api, deleted):
    body = assert_document(api.get("/v1/discount-codes", user=UserFactory(admin=True)))
    assert str(deleted.id) not in ids(body)


def test_deleted_code_is_gone_from_the_marketer_list(api, deleted):
    url = f"/v1/users/{deleted.marketer_id}/discount-codes"
    body = assert_document(api.get(url, user=deleted.marketer))
    assert body["data"] == []


def test_deleted_code_is_gone_from_the_ticket_list(api, organizer, ticket, deleted):
    body = assert_document(api.get(f"/v1/tickets/{ticket.id}/discount-codes", user=organizer))
    assert body["data"] == []


def test_deleted_code_is_gone_from_the_lookup(api, event, deleted):
    assert_error(api.get(f"/v1/events/{event.id}/discount-codes/GONE"), 404)


def test_events_event_code_answers_404_once_deleted(api, event):
    admin = UserFactory(admin=True)
    event_code = DiscountCodeFactory()
    event.discount_code_id = event_code.id
    FactorySession.commit()
    url = f"/v1/events/{event.id}/discount-code"
    assert_document(api.get(url, user=admin))
    assert_document(api.delete(f"/v1/discount-codes/{event_code.id}", user=admin))
    assert_error(api.get(url, user=admin), 404)

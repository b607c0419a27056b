"""403 for a known caller without the role; success for the least-privileged caller that has it.

Event codes are the admin's; ticket codes belong to their event's owner, organizers and
co-organizers (and admins); a code's marketer may read it.
"""

from __future__ import annotations

import pytest
from api_support import (
    assert_document,
    assert_error,
    coorganizer_of,
    event_code_body,
    organizer_of,
    owner_of,
    patch_body,
    ticket_code_body,
)

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    UserFactory,
)

MANAGER_ROLES = [owner_of, organizer_of, coorganizer_of]


@pytest.fixture
def ticket_code(event, ticket):  # type: ignore[no-untyped-def]
    return DiscountCodeTicketFactory(event=event, tickets=[ticket])


@pytest.fixture
def event_code(event):  # type: ignore[no-untyped-def]
    code = DiscountCodeFactory()
    event.discount_code_id = code.id
    FactorySession.commit()
    return code


# --- ticket codes: who may create, change and delete them -------------------------------


def test_plain_user_cannot_create_a_ticket_code(api, event, ticket):
    response = api.post("/v1/discount-codes", ticket_code_body(event, [ticket]), user=UserFactory())
    assert_error(response, 403)


def test_organizer_of_another_event_cannot_create_a_ticket_code(api, event, ticket):
    stranger = organizer_of(EventFactoryBasic())
    response = api.post("/v1/discount-codes", ticket_code_body(event, [ticket]), user=stranger)
    assert_error(response, 403)


def test_organizer_of_another_event_cannot_patch_a_ticket_code(api, ticket_code):
    stranger = organizer_of(EventFactoryBasic())
    response = api.patch(
        f"/v1/discount-codes/{ticket_code.id}", patch_body(ticket_code.id, value=5), user=stranger
    )
    assert_error(response, 403)


def test_organizer_of_another_event_cannot_delete_a_ticket_code(api, ticket_code):
    stranger = organizer_of(EventFactoryBasic())
    response = api.delete(f"/v1/discount-codes/{ticket_code.id}", user=stranger)
    assert_error(response, 403)


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_event_manager_can_create_a_ticket_code(api, event, ticket, role):
    response = api.post("/v1/discount-codes", ticket_code_body(event, [ticket]), user=role(event))
    assert assert_document(response, 201)["data"]["attributes"]["code"] == "SAVE10"


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_event_manager_can_patch_a_ticket_code(api, event, ticket_code, role):
    response = api.patch(
        f"/v1/discount-codes/{ticket_code.id}",
        patch_body(ticket_code.id, value=5),
        user=role(event),
    )
    assert assert_document(response)["data"]["attributes"]["value"] == 5


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_event_manager_can_delete_a_ticket_code(api, event, ticket_code, role):
    response = api.delete(f"/v1/discount-codes/{ticket_code.id}", user=role(event))
    assert_document(response)


def test_admin_can_create_a_ticket_code_of_any_event(api, event, ticket):
    response = api.post(
        "/v1/discount-codes", ticket_code_body(event, [ticket]), user=UserFactory(admin=True)
    )
    assert_document(response, 201)


def test_marketer_who_is_no_manager_cannot_patch_their_code(api, ticket_code):
    response = api.patch(
        f"/v1/discount-codes/{ticket_code.id}",
        patch_body(ticket_code.id, value=5),
        user=ticket_code.marketer,
    )
    assert_error(response, 403)


# --- event codes: the admin's only -------------------------------------------------------


def test_coorganizer_cannot_create_an_event_code(api, event):
    response = api.post("/v1/discount-codes", event_code_body([event]), user=coorganizer_of(event))
    assert_error(response, 403)


def test_admin_can_create_an_event_code(api, event):
    response = api.post(
        "/v1/discount-codes", event_code_body([event]), user=UserFactory(admin=True)
    )
    assert assert_document(response, 201)["data"]["relationships"]["events"]["data"] == [
        {"type": "event", "id": str(event.id)}
    ]


def test_admin_can_patch_an_event_code(api, event_code):
    response = api.patch(
        f"/v1/discount-codes/{event_code.id}",
        patch_body(event_code.id, value=15),
        user=UserFactory(admin=True),
    )
    assert assert_document(response)["data"]["attributes"]["value"] == 15


def test_admin_can_delete_an_event_code(api, event_code):
    response = api.delete(f"/v1/discount-codes/{event_code.id}", user=UserFactory(admin=True))
    assert_document(response)


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_event_manager_cannot_patch_its_events_event_code(api, event, event_code, role):
    response = api.patch(
        f"/v1/discount-codes/{event_code.id}", patch_body(event_code.id, value=1), user=role(event)
    )
    assert_error(response, 403)


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_event_manager_cannot_delete_its_events_event_code(api, event, event_code, role):
    response = api.delete(f"/v1/discount-codes/{event_code.id}", user=role(event))
    assert_error(response, 403)


# --- reading -----------------------------------------------------------------------------


def test_non_admin_cannot_list_all_discount_codes(api, event):
    assert_error(api.get("/v1/discount-codes", user=organizer_of(event)), 403)


def test_admin_can_list_all_discount_codes(api, ticket_code):
    assert_document(api.get("/v1/discount-codes", user=UserFactory(admin=True)))


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_non_admin_cannot_read_an_events_event_code(api, event, event_code, role):
    assert_error(api.get(f"/v1/events/{event.id}/discount-code", user=role(event)), 403)


def test_admin_can_read_an_events_event_code(api, event, event_code):
    response = api.get(f"/v1/events/{event.id}/discount-code", user=UserFactory(admin=True))
    assert assert_document(response)["data"]["id"] == str(event_code.id)


def test_user_cannot_list_another_users_codes(api, ticket_code):
    response = api.get(f"/v1/users/{ticket_code.marketer_id}/discount-codes", user=UserFactory())
    assert_error(response, 403)


def test_admin_can_list_another_users_codes(api, ticket_code):
    response = api.get(
        f"/v1/users/{ticket_code.marketer_id}/discount-codes", user=UserFactory(admin=True)
    )
    assert assert_document(response)["meta"]["count"] == 1


def test_plain_user_cannot_list_an_events_codes(api, event, ticket_code):
    assert_error(api.get(f"/v1/events/{event.id}/discount-codes", user=UserFactory()), 403)


def test_marketer_who_is_no_manager_cannot_list_the_events_codes(api, event, ticket_code):
    response = api.get(f"/v1/events/{event.id}/discount-codes", user=ticket_code.marketer)
    assert_error(response, 403)


@pytest.mark.parametrize("role", MANAGER_ROLES, ids=lambda role: role.__name__)
def test_event_manager_can_list_the_events_codes(api, event, ticket_code, role):
    response = api.get(f"/v1/events/{event.id}/discount-codes", user=role(event))
    assert assert_document(response)["meta"]["count"] == 1


def test_plain_user_cannot_list_a_tickets_codes(api, ticket, ticket_code):
    assert_error(api.get(f"/v1/tickets/{ticket.id}/discount-codes", user=UserFactory()), 403)


def test_coorganizer_can_list_a_tickets_codes(api, event, ticket, ticket_code):
    response = api.get(f"/v1/tickets/{ticket.id}/discount-codes", user=coorganizer_of(event))
    assert assert_document(response)["meta"]["count"] == 1


def test_plain_user_cannot_read_a_ticket_code_they_did_not_create(api, ticket_code):
    assert_error(api.get(f"/v1/discount-codes/{ticket_code.id}", user=UserFactory()), 403)


def test_marketer_can_read_their_own_ticket_code(api, ticket_code):
    response = api.get(f"/v1/discount-codes/{ticket_code.id}", user=ticket_code.marketer)
    assert assert_document(response)["data"]["id"] == str(ticket_code.id)


def test_coorganizer_can_read_a_ticket_code_of_their_event(api, event, ticket_code):
    response = api.get(f"/v1/discount-codes/{ticket_code.id}", user=coorganizer_of(event))
    assert assert_document(response)["data"]["id"] == str(ticket_code.id)


def test_organizer_cannot_read_the_event_code_of_their_event(api, event, event_code):
    response = api.get(f"/v1/discount-codes/{event_code.id}", user=organizer_of(event))
    assert_error(response, 403)


def test_organizer_of_another_event_cannot_read_a_ticket_code(api, ticket_code):
    stranger = organizer_of(EventFactoryBasic())
    assert_error(api.get(f"/v1/discount-codes/{ticket_code.id}", user=stranger), 403)

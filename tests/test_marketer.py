"""A discount code's marketer: the creator, unless an admin credits another user on
creation (anyone may name themself); fixed once the code exists (PATCH: 422)."""

from __future__ import annotations

import pytest
from api_support import (
    all_rows,
    assert_document,
    assert_error,
    coorganizer_of,
    event_code_body,
    patch_body,
    stored_code,
    ticket_code_body,
    to_one,
)

from factories import DiscountCodeTicketFactory, UserFactory

MARKETER = "/data/relationships/marketer"


def credited(body: dict, user_id: object) -> dict:
    body["data"]["relationships"]["marketer"] = to_one("user", user_id)
    return body


def marketer_of(response) -> str | None:  # type: ignore[no-untyped-def]
    linkage = assert_document(response, 201)["data"]["relationships"]["marketer"]["data"]
    return linkage and linkage["id"]


@pytest.fixture
def coorganizer(event):  # type: ignore[no-untyped-def]
    return coorganizer_of(event)


def test_without_a_marketer_the_creator_is_credited(api, coorganizer, event, ticket):
    response = api.post("/v1/discount-codes", ticket_code_body(event, [ticket]), user=coorganizer)
    assert marketer_of(response) == str(coorganizer.id)


def test_admin_credits_another_user(api, engine, admin, event, ticket):
    marketer = UserFactory()
    body = credited(ticket_code_body(event, [ticket]), marketer.id)
    assert marketer_of(api.post("/v1/discount-codes", body, user=admin)) == str(marketer.id)
    assert stored_code(engine, 1)["marketer_id"] == marketer.id


def test_admin_credits_another_user_with_an_event_code(api, engine, admin, event):
    """An event code is shown without ``marketer`` (the upstream schema), but the credit
    holds: the credited user finds the code in their list."""
    marketer = UserFactory()
    body = credited(event_code_body([event]), marketer.id)
    created = assert_document(api.post("/v1/discount-codes", body, user=admin), 201)["data"]
    assert list(created["relationships"]) == ["event", "events"]
    assert stored_code(engine, 1)["marketer_id"] == marketer.id
    listed = assert_document(api.get(f"/v1/users/{marketer.id}/discount-codes", user=marketer))
    assert [code["id"] for code in listed["data"]] == ["1"]


def test_credited_marketer_reads_and_lists_the_code(api, admin, event, ticket):
    """What the credit is for: the marketer sees the code without any role in the event."""
    marketer = UserFactory()
    body = credited(ticket_code_body(event, [ticket]), marketer.id)
    assert_document(api.post("/v1/discount-codes", body, user=admin), 201)
    assert_document(api.get("/v1/discount-codes/1", user=marketer))
    listed = assert_document(api.get(f"/v1/users/{marketer.id}/discount-codes", user=marketer))
    assert [code["id"] for code in listed["data"]] == ["1"]


def test_anyone_may_name_themself(api, coorganizer, event, ticket):
    body = credited(ticket_code_body(event, [ticket]), coorganizer.id)
    response = api.post("/v1/discount-codes", body, user=coorganizer)
    assert marketer_of(response) == str(coorganizer.id)


@pytest.mark.parametrize("named", ["other user", "missing user", "huge id"])
def test_only_an_admin_may_credit_someone_else(api, engine, coorganizer, event, ticket, named):
    """403 whether or not the named user exists: a non-admin learns nothing of users."""
    user_id = {"other user": UserFactory().id, "missing user": 999, "huge id": "9" * 20}[named]
    before = all_rows(engine)
    body = credited(ticket_code_body(event, [ticket]), user_id)
    assert_error(api.post("/v1/discount-codes", body, user=coorganizer), 403)
    assert all_rows(engine) == before


@pytest.mark.parametrize("user_id", ["999", "9" * 20])
def test_admin_crediting_a_missing_user_is_404(api, engine, admin, event, ticket, user_id):
    before = all_rows(engine)
    body = credited(ticket_code_body(event, [ticket]), user_id)
    response = api.post("/v1/discount-codes", body, user=admin)
    assert_error(response, 404, pointer=MARKETER)
    assert all_rows(engine) == before


def test_null_marketer_is_422(api, engine, admin, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["marketer"] = {"data": None}
    assert_error(api.post("/v1/discount-codes", body, user=admin), 422, pointer=MARKETER)
    assert stored_code(engine, 1) is None


def test_marketer_named_with_another_type_is_422(api, admin, event, ticket):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["marketer"] = {"data": {"type": "event", "id": "1"}}
    response = api.post("/v1/discount-codes", body, user=admin)
    assert_error(response, 422, pointer=MARKETER + "/data")


def test_marketer_id_that_is_no_number_is_422(api, admin, event, ticket):
    body = credited(ticket_code_body(event, [ticket]), "ada")
    assert_error(api.post("/v1/discount-codes", body, user=admin), 422, pointer=MARKETER)


@pytest.mark.parametrize("caller", ["co-organizer", "admin"])
@pytest.mark.parametrize("new_marketer", ["caller", "current marketer"])
def test_patch_cannot_change_the_marketer(api, engine, admin, caller, new_marketer):
    code = DiscountCodeTicketFactory()
    user = admin if caller == "admin" else coorganizer_of(code.event)
    user_id = user.id if new_marketer == "caller" else code.marketer_id
    before = all_rows(engine)
    body = patch_body(code.id, {"marketer": to_one("user", user_id)})
    response = api.patch(f"/v1/discount-codes/{code.id}", body, user=user)
    assert_error(response, 422, pointer=MARKETER)
    assert all_rows(engine) == before

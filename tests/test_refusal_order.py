"""Which refusal comes first when a request has two faults.

Routes only an admin, or only the user named, may use check the caller first: a caller
without the right gets 403 whether or not the row exists (it learns nothing of rows).
Routes whose right depends on the row (the event's managers, the code's readers) look
the row up first: a missing row is 404 for anyone with a valid token. A token problem
(401) comes before both, and a body over the limit (413) before everything.
"""

from __future__ import annotations

import pytest
from api_support import JSONAPI, all_rows, assert_error, patch_body, to_one

from factories import DiscountCodeTicketFactory, UserFactory

MISSING = 999


@pytest.fixture
def plain_user(app):  # type: ignore[no-untyped-def]
    """A user with no role anywhere, and rows for the URLs to miss (ids 1)."""
    DiscountCodeTicketFactory()
    return UserFactory()


# --- caller first: 403 before 404 ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [f"/v1/events/{MISSING}/discount-code", "/v1/events/no-such-event/discount-code"],
)
def test_admin_only_route_is_403_for_a_plain_user_even_for_a_missing_row(api, plain_user, url):
    assert_error(api.get(url, user=plain_user), 403)


def test_admin_only_route_is_404_for_an_admin(api, admin, plain_user):
    assert_error(api.get(f"/v1/events/{MISSING}/discount-code", user=admin), 404)


def test_self_only_route_is_403_for_another_user_even_for_a_missing_user(api, plain_user):
    assert_error(api.get(f"/v1/users/{MISSING}/discount-codes", user=plain_user), 403)


def test_self_only_route_is_404_for_an_admin(api, admin, plain_user):
    assert_error(api.get(f"/v1/users/{MISSING}/discount-codes", user=admin), 404)


def test_event_code_creation_is_403_for_a_plain_user_even_for_missing_events(
    api, plain_user, engine
):
    body = {
        "data": {
            "type": "discount-code",
            "attributes": {"code": "X", "value": 1, "type": "amount", "used-for": "event"},
            "relationships": {"events": {"data": [{"type": "event", "id": str(MISSING)}]}},
        }
    }
    before = all_rows(engine)
    assert_error(api.post("/v1/discount-codes", body, user=plain_user), 403)
    assert all_rows(engine) == before


# --- row first: 404 before 403 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", f"/v1/discount-codes/{MISSING}"),
        ("PATCH", f"/v1/discount-codes/{MISSING}"),
        ("DELETE", f"/v1/discount-codes/{MISSING}"),
        ("GET", f"/v1/discount-codes/{MISSING}/event"),
        ("GET", f"/v1/discount-codes/{MISSING}/events"),
        ("GET", f"/v1/discount-codes/{MISSING}/tickets"),
        ("GET", f"/v1/discount-codes/{MISSING}/marketer"),
        ("GET", f"/v1/events/{MISSING}/discount-codes"),
        ("GET", "/v1/events/no-such-event/discount-codes"),
        ("GET", f"/v1/tickets/{MISSING}/discount-codes"),
    ],
)
def test_row_scoped_route_is_404_for_a_plain_user(api, plain_user, engine, method, url):
    before = all_rows(engine)
    response = api.client.open(
        url,
        method=method,
        json=patch_body(MISSING, value=1),
        content_type=JSONAPI,
        headers=api.auth(plain_user),
    )
    assert_error(response, 404)
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/v1/discount-codes/1"),
        ("PATCH", "/v1/discount-codes/1"),
        ("DELETE", "/v1/discount-codes/1"),
        ("GET", "/v1/discount-codes/1/tickets"),
        ("GET", "/v1/events/1/discount-codes"),
        ("GET", "/v1/tickets/1/discount-codes"),
    ],
)
def test_row_scoped_route_is_403_for_a_plain_user_once_the_row_exists(
    api, plain_user, engine, method, url
):
    before = all_rows(engine)
    response = api.client.open(
        url,
        method=method,
        json=patch_body(1, value=1),
        content_type=JSONAPI,
        headers=api.auth(plain_user),
    )
    assert_error(response, 403)
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    ("url", "relationships"),
    [
        ("/v1/tickets", {"event": to_one("event", MISSING)}),
        (
            "/v1/users-events-roles",
            {"user": to_one("user", 1), "event": to_one("event", MISSING)},
        ),
    ],
)
def test_creation_under_a_missing_event_is_404_for_a_plain_user(
    api, plain_user, engine, url, relationships
):
    kind = "ticket" if url == "/v1/tickets" else "users-events-role"
    attributes = {"name": "T", "type": "paid"} if kind == "ticket" else {"role": "coorganizer"}
    body = {"data": {"type": kind, "attributes": attributes, "relationships": relationships}}
    before = all_rows(engine)
    assert_error(api.post(url, body, user=plain_user), 404, pointer="/data/relationships/event")
    assert all_rows(engine) == before


# --- before both: the token ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/v1/events/{MISSING}/discount-code",
        f"/v1/users/{MISSING}/discount-codes",
        f"/v1/discount-codes/{MISSING}",
    ],
)
def test_no_token_is_401_before_403_or_404(api, plain_user, url):
    assert_error(api.get(url), 401)

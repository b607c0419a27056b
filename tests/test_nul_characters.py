"""U+0000 never reaches a query (PostgreSQL's text cannot hold it, a 500 before): in an
attribute it is a 422 at that attribute, in the log-in a 422 at the field, in a URL
segment a 404 (nothing of that name exists), in a query parameter a 400 naming it."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import (
    EVENT_ENDS,
    EVENT_STARTS,
    all_rows,
    assert_error,
    document,
    patch_body,
    ticket_code_body,
    to_one,
)

from factories import DEFAULT_PASSWORD, DiscountCodeTicketFactory, UserFactory

NUL = "\x00"
ATTR = "/data/attributes/"


def _with_nul(value: str) -> str:
    return value[:1] + NUL + value[1:]


@pytest.fixture
def code_on_event(event):  # type: ignore[no-untyped-def]
    return DiscountCodeTicketFactory(event=event, code="WELCOME")


@pytest.fixture
def user(app):  # type: ignore[no-untyped-def]
    return UserFactory()


@pytest.fixture
def refused(engine):  # type: ignore[no-untyped-def]
    """``refused(response, status, **source)``: the error document, and nothing stored
    since this fixture was set up (request it after the fixtures that seed)."""
    before = all_rows(engine)

    def check(response, status, **source):  # type: ignore[no-untyped-def]
        error = assert_error(response, status, **source)
        assert all_rows(engine) == before
        return error

    return check


# --- in a body's attributes ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["code", "discount-url", "type", "used-for", "valid-from", "valid-till"]
)
def test_nul_in_a_discount_code_attribute_is_422(api, event, ticket, organizer, refused, name):
    body = ticket_code_body(event, [ticket], discount_url="https://example.com/")
    body["data"]["attributes"]["valid-from"] = "2026-01-01T00:00:00+00:00"
    body["data"]["attributes"]["valid-till"] = "2026-12-31T00:00:00+00:00"
    body["data"]["attributes"][name] = _with_nul(body["data"]["attributes"][name])
    response = api.post("/v1/discount-codes", body, user=organizer)
    error = refused(response, 422, pointer=ATTR + name)
    assert error["detail"] == "The value must not contain NUL characters (U+0000)."


def test_nul_in_a_patched_code_is_422(api, code_on_event, organizer, refused):
    code = code_on_event
    response = api.patch(
        f"/v1/discount-codes/{code.id}", patch_body(code.id, code="A\x00B"), user=organizer
    )
    refused(response, 422, pointer=ATTR + "code")


def test_nul_in_an_attribute_of_an_event_code_is_422(api, admin, refused):
    body = document(
        {"code": "A\x00B", "value": 10.0, "type": "percent", "used_for": "event"},
        relationships={"events": {"data": []}},
    )
    refused(api.post("/v1/discount-codes", body, user=admin), 422, pointer=ATTR + "code")


def _bodies(event_id: int, member_id: int) -> dict[str, tuple[str, dict[str, Any], str]]:
    """For each other creation route: its URL, a valid body, and whose turn it is."""
    return {
        "user": (
            "/v1/users",
            document(
                {
                    "email": "ada@example.com",
                    "password": "a long enough password",
                    "first_name": "Ada",
                    "last_name": "Lovelace",
                },
                type_="user",
            ),
            "anonymous",
        ),
        "event": (
            "/v1/events",
            document(
                {"name": "Summit", "starts_at": EVENT_STARTS, "ends_at": EVENT_ENDS},
                type_="event",
            ),
            "member",
        ),
        "ticket": (
            "/v1/tickets",
            document(
                {"name": "Standard", "type": "paid"},
                type_="ticket",
                relationships={"event": to_one("event", event_id)},
            ),
            "organizer",
        ),
        "role": (
            "/v1/users-events-roles",
            document(
                {"role": "coorganizer"},
                type_="users-events-role",
                relationships={
                    "user": to_one("user", member_id),
                    "event": to_one("event", event_id),
                },
            ),
            "organizer",
        ),
    }


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("user", "email"),
        ("user", "password"),
        ("user", "first-name"),
        ("user", "last-name"),
        ("event", "name"),
        ("event", "starts-at"),
        ("ticket", "name"),
        ("ticket", "type"),
        ("role", "role"),
    ],
)
def test_nul_in_an_attribute_of_any_resource_is_422(api, event, organizer, engine, kind, name):
    member = UserFactory()
    before = all_rows(engine)
    url, body, caller = _bodies(event.id, member.id)[kind]
    body["data"]["attributes"][name] = _with_nul(body["data"]["attributes"][name])
    user = {"anonymous": None, "member": member, "organizer": organizer}[caller]
    error = assert_error(api.post(url, body, user=user), 422, pointer=ATTR + name)
    assert "NUL" in error["detail"]
    assert all_rows(engine) == before


def test_nul_in_a_relationship_id_is_422(api, event, ticket, organizer, refused):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["event"]["data"]["id"] = f"{event.id}{NUL}"
    response = api.post("/v1/discount-codes", body, user=organizer)
    refused(response, 422, pointer="/data/relationships/event")


# --- in the log-in ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["email", "password"])
def test_nul_in_the_login_is_422(client, user, refused, field):
    body = {"email": user.email, "password": DEFAULT_PASSWORD}
    body[field] = _with_nul(body[field])
    error = refused(client.post("/v1/auth/login", json=body), 422, pointer=f"/{field}")
    assert "NUL" in error["detail"]


# --- in the URL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/v1/events/A%00B/discount-codes/WELCOME",
        "/v1/events/%00/discount-codes/WELCOME",
        "/v1/events/{event}/discount-codes/A%00B",
        "/v1/events/{event}/discount-codes/WELCOME%00",
        "/v1/events/{event}%00/discount-codes/WELCOME",
    ],
)
def test_nul_in_the_lookups_url_is_404_anonymously(api, code_on_event, url):
    assert_error(api.get(url.format(event=code_on_event.event_id)), 404)


@pytest.mark.parametrize("path", ["discount-codes", "discount-code"])
def test_nul_in_an_events_identifier_is_404(api, admin, event, path):
    assert_error(api.get(f"/v1/events/{event.identifier}%00/{path}", user=admin), 404)


# --- in a query parameter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("sort=%00", "sort"),
        ("sort=code%00", "sort"),
        ("sort=-%00code", "sort"),
        ("page[size]=1%00", "page[size]"),
        ("page[size]=%00", "page[size]"),
        ("page[number]=%001", "page[number]"),
    ],
)
@pytest.mark.parametrize(
    "list_url",
    [
        "/v1/discount-codes",
        "/v1/events/{event}/discount-codes",
        "/v1/discount-codes/{code}/tickets",
    ],
)
def test_nul_in_a_query_parameter_is_400(api, admin, code_on_event, list_url, query, parameter):
    url = list_url.format(event=code_on_event.event_id, code=code_on_event.id) + "?" + query
    assert_error(api.get(url, user=admin), 400, parameter=parameter)

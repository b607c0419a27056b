"""Helpers shared by the tests: callers with roles, JSON:API bodies, and the checks every
answer of the API must pass (status, media type, error document shape)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from werkzeug.test import TestResponse

from factories import (  # noqa: F401  (re-exported: the tests' callers)
    coorganizer_of,
    organizer_of,
    owner_of,
    with_role,
)
from harness import postgresql
from reference_server import db
from reference_server.models import (
    DiscountCode,
    Event,
    Ticket,
    discount_codes_tickets,
)

JSONAPI = "application/vnd.api+json"
# An event's dates, as a client writes them.
EVENT_STARTS, EVENT_ENDS = "2026-06-01T09:00:00+00:00", "2026-06-03T18:00:00+00:00"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
}

# Every attribute a discount code is rendered with, dasherized.
ATTRIBUTES = {
    "code",
    "discount-url",
    "value",
    "type",
    "is-active",
    "tickets-number",
    "min-quantity",
    "max-quantity",
    "valid-from",
    "valid-till",
    "used-for",
    "created-at",
    "deleted-at",
}


class BodyRoute:
    """One route that reads a JSON:API body, seeded so that ``valid()`` succeeds.

    Tests send variants of the valid body (or raw bytes) and check the refusal, which
    must be the same on every such route.
    """

    def __init__(
        self,
        client: FlaskClient,
        method: str,
        url: str,
        valid: Callable[[], dict[str, Any]],
        headers: dict[str, str],
        status: int,
    ) -> None:
        self.client, self.method, self.url = client, method, url
        self.valid, self.headers, self.status = valid, headers, status

    def send(
        self,
        body: Any = None,
        *,
        raw: str | bytes | None = None,
        content_type: str = JSONAPI,
    ) -> TestResponse:
        """``body`` as JSON (the valid body when neither is given), or ``raw`` as it is."""
        data = raw if raw is not None else json.dumps(self.valid() if body is None else body)
        return self.client.open(
            self.url,
            method=self.method,
            data=data,
            content_type=content_type,
            headers=self.headers,
        )


# --- callers -------------------------------------------------------------------------


# --- request bodies --------------------------------------------------------------------


def to_one(type_: str, id_: Any) -> dict[str, Any]:
    return {"data": {"type": type_, "id": str(id_)}}


def to_many(type_: str, ids: Iterable[Any]) -> dict[str, Any]:
    return {"data": [{"type": type_, "id": str(id_)} for id_ in ids]}


def _attribute_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def document(
    attributes: dict[str, Any],
    *,
    id_: Any = None,
    type_: str = "discount-code",
    relationships: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A JSON:API request document; attribute names may be given with underscores."""
    data: dict[str, Any] = {
        "type": type_,
        "attributes": {
            name.replace("_", "-"): _attribute_value(value) for name, value in attributes.items()
        },
    }
    if id_ is not None:
        data["id"] = str(id_)
    if relationships:
        data["relationships"] = relationships
    return {"data": data}


def ticket_code_body(
    event: Event | None, tickets: Iterable[Ticket] = (), **attributes: Any
) -> dict[str, Any]:
    """A ticket code of ``event`` linked to ``tickets``; valid attributes unless overridden."""
    values = {"code": "SAVE10", "value": 10.0, "type": "amount", "used_for": "ticket"}
    values.update(attributes)
    relationships: dict[str, Any] = {"tickets": to_many("ticket", [t.id for t in tickets])}
    if event is not None:
        relationships["event"] = to_one("event", event.id)
    return document(values, relationships=relationships)


def event_code_body(events: Iterable[Event] = (), **attributes: Any) -> dict[str, Any]:
    """An event-level code set on ``events``; valid attributes unless overridden."""
    values = {"code": "PLATFORM10", "value": 10.0, "type": "percent", "used_for": "event"}
    values.update(attributes)
    return document(values, relationships={"events": to_many("event", [e.id for e in events])})


def patch_body(
    code_id: Any, relationships: dict[str, Any] | None = None, **attributes: Any
) -> dict[str, Any]:
    return document(attributes, id_=code_id, relationships=relationships)


# --- checks on answers ----------------------------------------------------------------


def assert_document(response: Any, status: int = 200) -> dict[str, Any]:
    """A JSON:API document with ``status``; returns the parsed body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == JSONAPI
    body = response.get_json()
    assert body["jsonapi"] == {"version": "1.0"}
    return body


def assert_error(
    response: Any,
    status: int,
    *,
    pointer: str | None = None,
    parameter: str | None = None,
) -> dict[str, Any]:
    """A JSON:API error document for ``status``; returns its first error object.

    ``pointer`` / ``parameter``, when given, must be the ``source`` of the first error.
    """
    body = assert_document(response, status)
    assert "data" not in body
    assert "Traceback" not in response.get_data(as_text=True)
    assert body["errors"], "an error document needs at least one error"
    for error in body["errors"]:
        assert error["status"] == str(status)
        assert error["title"] == TITLES[status]
        assert isinstance(error["detail"], str) and error["detail"]
    error = body["errors"][0]
    if pointer is not None:
        assert error["source"] == {"pointer": pointer}, error
    elif parameter is not None:
        assert error["source"] == {"parameter": parameter}, error
    return error


def error_pointers(response: Any) -> set[str]:
    return {error["source"]["pointer"] for error in response.get_json()["errors"]}


def ids(body: dict[str, Any]) -> list[str]:
    return [resource["id"] for resource in body["data"]]


# --- the database, read outside the server -------------------------------------------


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the discount-codes API may write, for before/after comparisons."""
    with engine.connect() as connection:
        return {
            "discount_codes": [
                tuple(row)
                for row in connection.execute(
                    select(DiscountCode.__table__).order_by(DiscountCode.id)
                )
            ],
            "discount_codes_tickets": [
                tuple(row)
                for row in connection.execute(
                    select(discount_codes_tickets).order_by(*discount_codes_tickets.c)
                )
            ],
            "events": [
                tuple(row)
                for row in connection.execute(
                    select(Event.id, Event.discount_code_id).order_by(Event.id)
                )
            ],
        }


def all_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for checking that a refused request wrote nothing."""
    with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for table in db.Base.metadata.sorted_tables
        }


def stored_code(engine: Engine, code_id: int) -> dict[str, Any] | None:
    """The code's row as stored, soft-deleted or not."""
    with engine.connect() as connection:
        row = connection.execute(
            select(DiscountCode.__table__).where(DiscountCode.id == code_id)
        ).one_or_none()
    return None if row is None else dict(row._mapping)


def postgresql_server_or_skip() -> str:
    """The admin URL of a PostgreSQL server that answers, or skip the test (fail instead in
    CI or when ``TEST_POSTGRESQL_URL`` names the server explicitly)."""
    configured = os.environ.get("TEST_POSTGRESQL_URL")
    url = configured or postgresql.admin_url()
    reason = postgresql.unreachable_reason(url)
    if reason is not None:
        if not postgresql.may_skip(named_explicitly=bool(configured)):
            pytest.fail(reason)
        pytest.skip(f"{reason}; {postgresql.HOW_TO_GET_ONE}")
    return url

"""A body over 1 MiB sent over real HTTP to ``python -m reference_server`` (werkzeug's
server, as the contract runs it) gets the 413 error document, not a reset connection;
with a declared length and chunked alike; and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import JSONAPI, all_rows, document, ticket_code_body
from sqlalchemy import Engine

from harness.testing import reference_server
from reference_server.body import MAX_BODY_BYTES

pytestmark = pytest.mark.e2e

OVER = MAX_BODY_BYTES + MAX_BODY_BYTES // 2  # 1.5 MiB


@pytest.fixture
def endpoint(app, database_url: str, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The server as its own process, on the test's database (``app`` emptied it)."""
    with reference_server(database_url, tmp_path / "server.log") as url:
        yield url


def _padded(body: dict, size: int = OVER) -> bytes:  # type: ignore[type-arg]
    """``body`` as JSON, padded with spaces to ``size`` bytes."""
    raw = json.dumps(body).encode()
    return raw[:-1] + b" " * (size - len(raw)) + raw[-1:]


def _chunks(raw: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(raw), size):
        yield raw[start : start + size]


def _assert_413(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text[:500]
    assert response.headers["content-type"] == JSONAPI
    body = response.json()
    assert body["jsonapi"] == {"version": "1.0"}
    [error] = body["errors"]
    assert error == {
        "status": "413",
        "title": "Payload Too Large",
        "detail": "The request body is larger than the 1,048,576 bytes the API accepts.",
    }


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_anonymous_sign_up_over_the_limit_is_413(endpoint, engine: Engine, framing):
    raw = _padded(document({"email": "ada@example.com", "password": "x" * 12}, type_="user"))
    before = all_rows(engine)
    content = raw if framing == "content-length" else _chunks(raw)
    with httpx.Client(base_url=endpoint, timeout=30) as client:
        response = client.post("/v1/users", content=content, headers={"Content-Type": JSONAPI})
    _assert_413(response)
    assert all_rows(engine) == before


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_sign_up_of_exactly_the_limit_is_read(endpoint, engine: Engine, framing):
    body = document({"email": "ada@example.com", "password": "x" * 12}, type_="user")
    raw = _padded(body, MAX_BODY_BYTES)
    content = raw if framing == "content-length" else _chunks(raw)
    with httpx.Client(base_url=endpoint, timeout=30) as client:
        response = client.post("/v1/users", content=content, headers={"Content-Type": JSONAPI})
    assert response.status_code == 201, response.text[:500]


def test_ticket_code_over_the_limit_is_413_and_the_server_goes_on(
    endpoint, engine: Engine, event, ticket, organizer, auth
):
    raw = _padded(ticket_code_body(event, [ticket]))
    headers = {"Content-Type": JSONAPI, **auth(organizer)}
    before = all_rows(engine)
    with httpx.Client(base_url=endpoint, timeout=30) as client:
        _assert_413(client.post("/v1/discount-codes", content=raw, headers=headers))
        assert all_rows(engine) == before
        created = client.post(
            "/v1/discount-codes",
            content=json.dumps(ticket_code_body(event, [ticket])),
            headers=headers,
        )
    assert created.status_code == 201, created.text

"""What every route that reads a body refuses before a view sees it, the same way on each:
a body that is no JSON (400), no JSON:API document (400 at ``/data``), a creation naming
its own id (403 at ``/data/id``), nested too deeply (400), over 1 MiB (413), sent with
media type parameters (415); members the resource does not have (422 where they were
sent). Nothing is stored for any of them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from api_support import (
    JSONAPI,
    BodyRoute,
    all_rows,
    assert_document,
    assert_error,
    ticket_code_body,
)

from factories import DEFAULT_PASSWORD, UserFactory
from reference_server.body import MAX_BODY_BYTES, MAX_NESTING_DEPTH, nesting_depth

LOGIN = "/v1/auth/login"


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


@pytest.fixture
def user(app):  # type: ignore[no-untyped-def]
    """Someone who could log in (requested before ``refused`` takes its snapshot)."""
    return UserFactory()


def nested_arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_the_valid_body_of_each_route_is_accepted(body_route: BodyRoute) -> None:
    """The refusals below are the variants' doing, not the seed's."""
    assert_document(body_route.send(), body_route.status)


# --- 400: no JSON ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["{not json", "", "{", '{"data": {}', "\x00", b"\xff\xfe{}"],
    ids=["broken", "empty", "unclosed", "unclosed data", "NUL byte", "not UTF-8"],
)
def test_body_that_is_not_json_is_400_without_source(body_route, refused, raw):
    error = refused(body_route.send(raw=raw), 400)
    assert "source" not in error
    assert error["detail"].startswith("The body is not valid JSON")


def test_number_too_long_to_read_is_400(body_route, refused):
    raw = json.dumps(body_route.valid()).replace("{", '{"n": 1' + "0" * 5000 + ", ", 1)
    error = refused(body_route.send(raw=raw), 400)
    assert "source" not in error
    assert error["detail"].startswith("The body is not valid JSON")


@pytest.mark.parametrize("raw", ["{not json", "", "[]", '"text"', "null", "1"])
def test_login_body_that_is_not_a_json_object_is_400(client, user, refused, raw):
    response = client.post(LOGIN, data=raw, content_type="application/json")
    assert "source" not in refused(response, 400)


# --- 400: no JSON:API document -----------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [{"data": []}, {"data": "x"}, {"data": None}, {"data": 1}, {"meta": {}}, {}, [], "text"],
    ids=["list", "string", "null", "number", "meta only", "empty object", "array", "string doc"],
)
def test_document_without_a_data_object_is_400_at_data(body_route, refused, document):
    refused(body_route.send(document), 400, pointer="/data")


def test_top_level_members_besides_data_are_not_read(body_route):
    """``meta``, ``links``, ``jsonapi`` and ``included`` (even one that is no list of
    resource objects) change nothing: the API reads ``data`` only."""
    body = body_route.valid()
    body.update(meta={"a": 1}, links={"self": "x"}, jsonapi={"version": "1.0"}, included=[1, "x"])
    body["data"]["meta"] = {"note": "resource meta"}
    body["data"]["links"] = {"self": "/elsewhere"}
    assert_document(body_route.send(body), body_route.status)


# --- 400: nested too deeply ----------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_arrays_are_400(body_route, refused, depth):
    raw = '{"data": ' + nested_arrays(depth) + "}"
    error = refused(body_route.send(raw=raw), 400)
    assert "source" not in error
    assert f"more than {MAX_NESTING_DEPTH} levels" in error["detail"]


def test_deeply_nested_objects_in_an_attribute_are_400(body_route, refused):
    body = json.dumps(body_route.valid())
    deep = '{"a": ' * 1_000 + "1" + "}" * 1_000
    raw = body.replace('"attributes": {', '"attributes": {"deep": ' + deep + ", ", 1)
    error = refused(body_route.send(raw=raw), 400)
    assert "source" not in error
    assert f"more than {MAX_NESTING_DEPTH} levels" in error["detail"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_login_is_400(client, user, refused, depth):
    raw = '{"email": ' + nested_arrays(depth) + ', "password": "x"}'
    response = client.post(LOGIN, data=raw, content_type="application/json")
    error = refused(response, 400)
    assert "source" not in error
    assert f"more than {MAX_NESTING_DEPTH} levels" in error["detail"]


def _code_nested(arrays: int) -> str:
    """A ticket-code document whose ``code`` is ``arrays`` nested arrays: the document
    is level 1, ``data`` 2, ``attributes`` 3, so it nests ``3 + arrays`` levels."""
    return (
        '{"data": {"type": "discount-code", "attributes": {"code": '
        + nested_arrays(arrays)
        + ', "value": 1, "type": "amount", "used-for": "ticket"}}}'
    )


def test_nesting_of_exactly_the_limit_is_read(api, organizer, refused):
    """32 levels pass the limit and reach the schema (a list is no code: 422)."""
    raw = _code_nested(MAX_NESTING_DEPTH - 3)
    response = api.client.post(
        "/v1/discount-codes", data=raw, content_type=JSONAPI, headers=api.auth(organizer)
    )
    refused(response, 422, pointer="/data/attributes/code")


def test_nesting_one_level_beyond_the_limit_is_400(api, organizer, refused):
    raw = _code_nested(MAX_NESTING_DEPTH - 2)
    response = api.client.post(
        "/v1/discount-codes", data=raw, content_type=JSONAPI, headers=api.auth(organizer)
    )
    assert "levels deep" in refused(response, 400)["detail"]


def test_brackets_inside_strings_are_not_nesting(api, event, ticket, organizer, engine):
    code = '[{"\\' + "[{" * 100
    body = assert_document(
        api.post(
            "/v1/discount-codes", ticket_code_body(event, [ticket], code=code), user=organizer
        ),
        201,
    )
    assert body["data"]["attributes"]["code"] == code


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"a": "[[[[[[{{{{"}', 1),
        ('{"a": "\\"[[[[", "b": [[]]}', 3),
        ('{"a": "\\\\", "b": [[]]}', 3),
        ("[" * 100_000, 100_000),
        ('"' + "[" * 100_000, 100_000),
        ("", 0),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(text, depth):
    assert nesting_depth(text) == depth


# --- 413: over 1 MiB -----------------------------------------------------------------------


def _padded(body: dict[str, Any], size: int) -> bytes:
    """``body`` as JSON, padded with spaces to exactly ``size`` bytes."""
    raw = json.dumps(body).encode()
    return raw[:-1] + b" " * (size - len(raw)) + raw[-1:]


def test_body_over_one_mebibyte_is_413(body_route, refused):
    error = refused(body_route.send(raw=_padded(body_route.valid(), MAX_BODY_BYTES + 1)), 413)
    assert "source" not in error
    assert "1,048,576 bytes" in error["detail"]


def test_body_of_exactly_one_mebibyte_is_read(body_route):
    response = body_route.send(raw=_padded(body_route.valid(), MAX_BODY_BYTES))
    assert_document(response, body_route.status)


def test_oversized_login_is_413(client, user, refused):
    body = {"email": user.email, "password": DEFAULT_PASSWORD}
    response = client.post(LOGIN, data=_padded(body, MAX_BODY_BYTES + 1), content_type=JSONAPI)
    refused(response, 413)


@pytest.mark.parametrize(
    ("method", "url"),
    [("GET", "/v1/discount-codes"), ("DELETE", "/v1/discount-codes/1"), ("GET", "/v1/nowhere")],
)
def test_oversized_body_is_413_before_authentication_and_routing(client, refused, method, url):
    """The size is checked first, on every route, whoever calls."""
    response = client.open(url, method=method, data=b" " * (MAX_BODY_BYTES + 1))
    refused(response, 413)


# --- 415: media type parameters --------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        JSONAPI + '; ext="https://jsonapi.org/ext/atomic"',
        JSONAPI + "; charset=utf-8",
        JSONAPI + '; profile="x"',
        JSONAPI + ";q=1",
    ],
)
def test_jsonapi_media_type_with_parameters_is_415(body_route, refused, content_type):
    error = refused(body_route.send(content_type=content_type), 415)
    assert "without media type parameters" in error["detail"]


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_other_media_types_are_415(body_route, refused, content_type):
    refused(body_route.send(content_type=content_type), 415)


def test_media_type_is_read_without_regard_to_case(body_route):
    assert_document(body_route.send(content_type="Application/VND.API+JSON"), body_route.status)


# --- 403: an id of the client's choosing ------------------------------------------------


@pytest.mark.parametrize("id_", ["7", "1", "", 7, None])
def test_a_creation_with_a_client_generated_id_is_403_at_data_id(creation_route, refused, id_):
    """JSON:API 1.0: the server chooses ids, so one sent on creation is refused, whatever
    it is (also the id the row would get, and an id of the wrong type)."""
    body = creation_route.valid()
    body["data"]["id"] = id_
    error = refused(creation_route.send(body), 403, pointer="/data/id")
    assert "id" in error["detail"]


# --- 422: members the resource does not have ---------------------------------------------------


@pytest.mark.parametrize("name", ["colour", "valid_from", "created-at", "a/b~c", "co\x00de", "id"])
def test_unknown_attribute_is_422_where_it_was_sent(body_route, refused, name):
    body = body_route.valid()
    body["data"]["attributes"][name] = "red"
    token = name.replace("~", "~0").replace("/", "~1")
    refused(body_route.send(body), 422, pointer=f"/data/attributes/{token}")


def test_unknown_relationship_is_422_where_it_was_sent(body_route, refused):
    body = body_route.valid()
    body["data"].setdefault("relationships", {})["sponsor"] = {"data": None}
    error = refused(body_route.send(body), 422, pointer="/data/relationships/sponsor")
    assert "sponsor" in error["detail"]


def test_every_unknown_member_is_reported(body_route, refused):
    body = body_route.valid()
    body["data"]["attributes"]["colour"] = "red"
    body["data"].setdefault("relationships", {})["sponsor"] = {"data": None}
    response = body_route.send(body)
    refused(response, 422)
    pointers = [error["source"]["pointer"] for error in response.get_json()["errors"]]
    assert pointers == ["/data/attributes/colour", "/data/relationships/sponsor"]


def test_relationship_sent_as_an_attribute_is_422(api, event, ticket, organizer, refused):
    """marshmallow-jsonapi merges both objects: ``event`` as an attribute must not be
    read as the relationship."""
    body = ticket_code_body(None, [ticket])
    body["data"]["attributes"]["event"] = str(event.id)
    response = api.post("/v1/discount-codes", body, user=organizer)
    refused(response, 422, pointer="/data/attributes/event")


def test_attribute_sent_as_a_relationship_is_422(api, event, ticket, organizer, refused):
    body = ticket_code_body(event, [ticket])
    body["data"]["relationships"]["value"] = {"data": None}
    response = api.post("/v1/discount-codes", body, user=organizer)
    refused(response, 422, pointer="/data/relationships/value")

"""JSON:API request and document plumbing shared by the views.

Written by hand because the one maintained Flask JSON:API framework
(flask-rest-jsonapi-next) decides permissions and error statuses itself; this API
needs its own consistent 401/403/404/409/422 rules, so only (de)serialisation is
delegated to marshmallow-jsonapi and the envelope, pagination and sorting live here
(filtering in ``filtering``).
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from flask import Response, jsonify, request
from marshmallow import ValidationError
from marshmallow_jsonapi import Schema
from marshmallow_jsonapi.exceptions import IncorrectTypeError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from werkzeug.http import parse_options_header

from reference_server import db
from reference_server.body import json_body
from reference_server.compound import requested_shape, sparse_fieldsets
from reference_server.errors import (
    JSONAPI_MEDIA_TYPE,
    JSONAPI_VERSION,
    ApiError,
    BadRequest,
    Forbidden,
    Unprocessable,
    UnsupportedMediaType,
    ValidationFailed,
)
from reference_server.filtering import filter_clauses
from reference_server.listing import Listing
from reference_server.models import is_digits

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any list, and small enough that the row offset fits a 64-bit integer.
MAX_PAGE_NUMBER = 2**31 - 1


def document(body: dict[str, Any], status: int = 200) -> Response:
    body["jsonapi"] = JSONAPI_VERSION
    response = jsonify(body)
    response.status_code = status
    response.mimetype = JSONAPI_MEDIA_TYPE
    return response


def resource_document(
    schema: Schema, obj: object, status: int = 200, self_link: str | None = None
) -> Response:
    """One resource (or ``null``: an empty to-one), with the ``included`` resources and
    sparse fieldsets the client asks for."""
    shape = requested_shape(schema)
    data = schema.dump(obj)["data"] if obj is not None else None
    included = shape.apply(db.session(), [data] if data else [])
    links = {"self": self_link or request.path}
    return document({"data": data, **included, "links": links}, status)


def refuse_include() -> None:
    """400 for ``include`` on a relationship route, which answers resource identifiers only
    (a write calls this before it changes anything); ``fields[TYPE]`` is checked as on
    every route, though identifiers have no fields to cut."""
    sparse_fieldsets()
    if "include" in request.args:
        raise BadRequest(
            "A relationship route answers resource identifiers only: it takes no include.",
            parameter="include",
        )


def linkage_document(data: Any, links: dict[str, str]) -> Response:
    """A relationship's linkage alone."""
    refuse_include()
    return document({"data": data, "links": links})


def collection_document(
    schema: Schema, session: Session, query: Select[Any], listing: Listing
) -> Response:
    """A filtered, sorted, paginated list with ``meta.count`` (of the filtered rows) and
    first/last/prev/next links; ``include`` and ``fields[TYPE]`` as for one resource."""
    size, number = _page_params()
    shape = requested_shape(schema)
    query = query.where(*filter_clauses(listing))
    query = query.order_by(*_sort_clauses(listing), listing.model.id)
    count = session.execute(
        select(func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    items = session.scalars(query.limit(size).offset((number - 1) * size)).unique().all()
    last = max(1, math.ceil(count / size))
    links = {
        "self": _page_link(number, size),
        "first": _page_link(1, size),
        "last": _page_link(last, size),
    }
    if number > 1:
        links["prev"] = _page_link(number - 1, size)
    if number < last:
        links["next"] = _page_link(number + 1, size)
    data = schema.dump(items, many=True)["data"]
    included = shape.apply(session, data)
    return document({"data": data, **included, "links": links, "meta": {"count": count}})


def _page_params() -> tuple[int, int]:
    values = []
    for name, default, maximum in (
        ("page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
        ("page[number]", 1, MAX_PAGE_NUMBER),
    ):
        raw = request.args.get(name, str(default))
        if not is_digits(raw) or int(raw) < 1 or (maximum and int(raw) > maximum):
            limit = f" and at most {maximum}" if maximum else ""
            raise BadRequest(f"{name} must be a whole number from 1{limit}.", parameter=name)
        values.append(int(raw))
    return values[0], values[1]


def _sort_clauses(listing: Listing) -> list[Any]:
    clauses = []
    for key in filter(None, request.args.get("sort", "").split(",")):
        name = key.lstrip("-")
        if name not in listing.attributes:
            raise BadRequest(f"Cannot sort by {name!r}.", parameter="sort")
        column = listing.column(name)
        clauses.append(column.desc() if key.startswith("-") else column.asc())
    return clauses


def _page_link(number: int, size: int) -> str:
    args = {k: v for k, v in request.args.items() if not k.startswith("page[")}
    args.update({"page[size]": str(size), "page[number]": str(number)})
    return f"{request.path}?{urlencode(args)}"


def require_jsonapi_body() -> dict[str, Any]:
    """The request's JSON:API document; 415 for another media type, 400 for bad JSON."""
    _require_jsonapi_media_type()
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise BadRequest(
            "The body must be a JSON:API document with a data object.", pointer="/data"
        )
    check_resource_object(body["data"])
    return body


def require_new_resource_body() -> dict[str, Any]:
    """A creation's JSON:API document; 403 when it carries an id of the client's choosing.

    JSON:API 1.0: a server that does not support client-generated ids MUST answer 403 to
    a request to create a resource with one; the server chooses every id.
    """
    body = require_jsonapi_body()
    if "id" in body["data"]:
        raise Forbidden(
            "The server chooses the ids: a resource to create cannot carry one.",
            pointer="/data/id",
        )
    return body


def require_linkage_body() -> dict[str, Any]:
    """A relationship route's document, ``{"data": linkage}``; 415 and 400 as for a resource
    document (the linkage itself is checked where it is loaded)."""
    _require_jsonapi_media_type()
    body = json_body()
    if not isinstance(body, dict) or "data" not in body:
        raise BadRequest(
            "The body must be a JSON:API document whose data is the relationship's linkage.",
            pointer="/data",
        )
    return {"data": body["data"]}


def _require_jsonapi_media_type() -> None:
    """415 unless Content-Type is JSON:API's media type, without parameters.

    JSON:API 1.0: a server MUST answer 415 when the media type has parameters
    (``; charset=utf-8``, ``; ext="x"``); ``request.mimetype`` would have dropped them.
    """
    header = request.headers.get("Content-Type", "")
    mimetype, parameters = parse_options_header(header)
    if mimetype.lower() != JSONAPI_MEDIA_TYPE:
        raise UnsupportedMediaType(
            f"Content-Type must be {JSONAPI_MEDIA_TYPE}, not {mimetype.lower() or 'missing'}."
        )
    if parameters:
        raise UnsupportedMediaType(
            f"Content-Type must be {JSONAPI_MEDIA_TYPE} without media type parameters,"
            f" not {header.strip()!r}."
        )


def check_resource_object(data: dict[str, Any]) -> None:
    """400 for a resource object whose members are not shaped as JSON:API says.

    marshmallow-jsonapi assumes the shape and fails with a TypeError otherwise.
    """
    if not isinstance(data.get("type"), str):
        raise BadRequest("A resource object needs its type.", pointer="/data/type")
    for member in ("attributes", "relationships"):
        if member in data and not isinstance(data[member], dict):
            raise BadRequest(f"{member} must be an object.", pointer=f"/data/{member}")
    for name, relationship in data.get("relationships", {}).items():
        pointer = f"/data/relationships/{name}"
        if not isinstance(relationship, dict) or "data" not in relationship:
            raise BadRequest("A relationship must be an object with data.", pointer=pointer)
        linkage = relationship["data"]
        identifiers = linkage if isinstance(linkage, list) else [linkage]
        if not all(isinstance(item, dict) for item in identifiers if item is not None) or (
            isinstance(linkage, list) and None in linkage
        ):
            raise BadRequest(
                "Relationship data must be resource identifier objects.", pointer=pointer + "/data"
            )


def load(schema: Schema, body: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Deserialise ``body`` into plain attribute values; every bad field becomes one 422.

    Only ``data`` is read: the API takes no compound documents (marshmallow-jsonapi
    would fold ``included`` into the relationships, and fail on one that is not a list
    of resource objects), and top-level ``meta``, ``links`` or ``jsonapi`` mean nothing
    to a write. The answer's ``include`` and ``fields[TYPE]`` are checked here too, before
    the write changes anything: a write refused for them must store nothing.
    """
    requested_shape(schema)
    try:
        loaded: dict[str, Any] = schema.load({"data": body["data"]}, partial=partial)
        return loaded
    except IncorrectTypeError as error:
        raise Unprocessable(error.detail, pointer="/data/type") from error
    except ValidationError as error:
        errors: list[ApiError] = [
            Unprocessable(str(item.get("detail")), pointer=item.get("source", {}).get("pointer"))
            for item in error.messages.get("errors", [])  # type: ignore[union-attr]
        ]
        raise ValidationFailed(errors or [Unprocessable(str(error.messages))]) from error

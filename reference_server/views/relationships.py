"""Changing one relationship of a code: ``/v1/discount-codes/{id}/relationships/{name}``.

``PATCH`` replaces a relationship, ``POST`` adds members to a to-many one and ``DELETE``
removes them (JSON:API 1.0); each answers the resulting linkage, as ``GET`` shows it.
A change here is a PATCH of the code that names this one relationship: the same
caller may make it (the code's managers: not its marketer), by the same rules (the
tickets are live paid tickets of the code's event, an event has one live event code,
a ticket code stays on its event, the marketer is fixed), refused with the same
statuses. A relationship the code's kind does not have is a 404 after the permission
check. Errors point into this request's own document (``/data``), not the code's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint, Response

from reference_server import db, rules
from reference_server.errors import ApiError, NotFound, Unprocessable, ValidationFailed
from reference_server.jsonapi import (
    check_resource_object,
    linkage_document,
    load,
    refuse_include,
    require_linkage_body,
)
from reference_server.lookup import live_code
from reference_server.models import DiscountCode, UsedFor
from reference_server.permissions import require_code_manager, require_user
from reference_server.schemas import KIND_RELATIONSHIPS, DiscountCodeSchema
from reference_server.views.discount_codes import apply_update, check_and_save

bp = Blueprint("relationships", __name__, url_prefix="/v1/discount-codes/<int:code_id>")
schema = DiscountCodeSchema()
TO_MANY = ("events", "tickets")


@bp.patch("/relationships/<any(event, events, tickets, marketer):name>")
def replace_relationship(code_id: int, name: str) -> Response:
    code = _changeable_code(code_id, name)
    with _pointing_into_linkage(name):
        change = _linked_ids(code, name)
        if name == "event" and code.used_for == UsedFor.EVENT:
            raise Unprocessable(
                "An event discount code's event is always null: set the events using it.",
                pointer=rules.RELATIONSHIPS + name,
            )
        apply_update(code, change)
    return _linkage(code, name)


@bp.post("/relationships/<any(events, tickets):name>")
def add_members(code_id: int, name: str) -> Response:
    """Link the named tickets or events too; members already linked stay as they are."""
    code = _changeable_code(code_id, name)
    session = db.session()
    with _pointing_into_linkage(name):
        ids = _linked_ids(code, name)[name]
        with session.no_autoflush:
            if name == "tickets":
                tickets = rules.live_tickets(session, ids)
                code.tickets = [*code.tickets, *(t for t in tickets if t not in code.tickets)]
                check_and_save(code, events=None)
            else:
                added = rules.events_free_for(session, code, ids)
                events = [*code.events, *(e for e in added if e not in code.events)]
                check_and_save(code, events=events)
    return _linkage(code, name)


@bp.delete("/relationships/<any(events, tickets):name>")
def remove_members(code_id: int, name: str) -> Response:
    """Unlink the named tickets or events; naming one that is not linked changes nothing."""
    code = _changeable_code(code_id, name)
    with _pointing_into_linkage(name):
        noun, pointer = name.removesuffix("s").capitalize(), rules.RELATIONSHIPS + name
        named = rules.distinct(_linked_ids(code, name)[name], noun, pointer)
        ids = {rules.int_id(value, pointer) for value in named}
        with db.session().no_autoflush:
            if name == "tickets":
                code.tickets = [t for t in code.tickets if t.id not in ids]
                check_and_save(code, events=None)
            else:
                check_and_save(code, events=[e for e in code.events if e.id not in ids])
    return _linkage(code, name)


def _changeable_code(code_id: int, name: str) -> DiscountCode:
    """The live code, if the caller may change it and its kind has ``name``."""
    user = require_user()
    code = live_code(code_id)
    require_code_manager(user, code)
    if name not in KIND_RELATIONSHIPS[code.used_for.value]:
        raise NotFound(f"{code.used_for.code_kind} has no {name} relationship.")
    refuse_include()
    return code


def _linked_ids(code: DiscountCode, name: str) -> dict[str, Any]:
    """The request's linkage, loaded as the code's own document would be: ``{name: ids}``."""
    linkage = require_linkage_body()
    resource = {"type": "discount-code", "id": str(code.id), "relationships": {name: linkage}}
    check_resource_object(resource)
    loaded = load(schema, {"data": resource}, partial=True)
    return {name: loaded[name]}


@contextmanager
def _pointing_into_linkage(name: str) -> Iterator[None]:
    """Re-point the errors of a code's rules into the linkage document that was sent:
    ``/data/relationships/tickets/data`` becomes ``/data``, as does anything else the
    rules name (``/data/attributes/value``: a ticket cheaper than the code's discount)."""
    try:
        yield
    except ApiError as error:
        for each in error.errors if isinstance(error, ValidationFailed) else [error]:
            if each.pointer is not None:
                each.pointer = "/data"
        raise


def _linkage(code: DiscountCode, name: str) -> Response:
    relationship = schema.dump(code)["data"]["relationships"][name]
    return linkage_document(relationship["data"], relationship["links"])

"""``/v1/discount-codes/{id}/{event,events,tickets,marketer}``: a code's related resources.

Whoever may read the code may read what it is linked to.
"""

from __future__ import annotations

from flask import Blueprint, Response

from reference_server.jsonapi import document
from reference_server.permissions import require_code_reader, require_user
from reference_server.schemas import EventSchema, TicketSchema, UserSchema
from reference_server.views._lookup import live_code

bp = Blueprint("related", __name__, url_prefix="/v1/discount-codes/<int:code_id>")
event_schema, ticket_schema, user_schema = EventSchema(), TicketSchema(), UserSchema()


def _readable_code(code_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    code = live_code(code_id)
    require_code_reader(user, code)
    return code


def _one(schema, obj, path: str) -> Response:  # type: ignore[no-untyped-def]
    data = schema.dump(obj)["data"] if obj is not None else None
    return document({"data": data, "links": {"self": path}})


def _many(schema, objs, path: str) -> Response:  # type: ignore[no-untyped-def]
    data = schema.dump(objs, many=True)["data"]
    return document({"data": data, "links": {"self": path}, "meta": {"count": len(data)}})


@bp.get("/event")
def code_event(code_id: int) -> Response:
    """A ticket code's event (``null`` for an event code)."""
    code = _readable_code(code_id)
    return _one(event_schema, code.event, f"/v1/discount-codes/{code_id}/event")


@bp.get("/events")
def code_events(code_id: int) -> Response:
    """The live events an event code is set on (empty for a ticket code)."""
    code = _readable_code(code_id)
    events = [event for event in code.events if event.deleted_at is None]
    return _many(event_schema, events, f"/v1/discount-codes/{code_id}/events")


@bp.get("/tickets")
def code_tickets(code_id: int) -> Response:
    code = _readable_code(code_id)
    tickets = [ticket for ticket in code.tickets if ticket.deleted_at is None]
    return _many(ticket_schema, tickets, f"/v1/discount-codes/{code_id}/tickets")


@bp.get("/marketer")
def code_marketer(code_id: int) -> Response:
    code = _readable_code(code_id)
    return _one(user_schema, code.marketer, f"/v1/discount-codes/{code_id}/marketer")

"""``/v1/discount-codes/{id}/{event,events,tickets,marketer}``: a code's related resources.

Whoever may read the code may read what it is linked to. The two lists are paginated
and sorted like every other list (``jsonapi.collection_document``), by the related
type's attributes, in id order by default.
"""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import select

from reference_server import db
from reference_server.jsonapi import collection_document, document
from reference_server.models import Event, Ticket, discount_codes_tickets
from reference_server.permissions import require_code_reader, require_user
from reference_server.schemas import (
    EVENT_SORTABLE,
    TICKET_SORTABLE,
    EventSchema,
    TicketSchema,
    UserSchema,
)
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


@bp.get("/event")
def code_event(code_id: int) -> Response:
    """A ticket code's event (``null`` for an event code)."""
    code = _readable_code(code_id)
    return _one(event_schema, code.event, f"/v1/discount-codes/{code_id}/event")


@bp.get("/events")
def code_events(code_id: int) -> Response:
    """The live events an event code is set on (empty for a ticket code)."""
    code = _readable_code(code_id)
    query = select(Event).where(Event.discount_code_id == code.id, Event.deleted_at.is_(None))
    return collection_document(event_schema, db.session(), query, EVENT_SORTABLE)


@bp.get("/tickets")
def code_tickets(code_id: int) -> Response:
    """The live tickets a ticket code applies to (empty for an event code)."""
    code = _readable_code(code_id)
    linked = select(discount_codes_tickets.c.ticket_id).where(
        discount_codes_tickets.c.discount_code_id == code.id
    )
    query = select(Ticket).where(Ticket.id.in_(linked), Ticket.deleted_at.is_(None))
    return collection_document(ticket_schema, db.session(), query, TICKET_SORTABLE)


@bp.get("/marketer")
def code_marketer(code_id: int) -> Response:
    code = _readable_code(code_id)
    return _one(user_schema, code.marketer, f"/v1/discount-codes/{code_id}/marketer")

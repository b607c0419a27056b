"""A code's related resources and its relationships, under ``/v1/discount-codes/{id}``.

``/{event,events,tickets,marketer}`` answer the related resources, ``/relationships/...``
the linkage alone. Whoever may read the code may read both; a relationship the code's
kind does not have (``KIND_RELATIONSHIPS``: a ticket code has no ``events``, an event code
no ``tickets`` or ``marketer``) is a 404 on both routes, after the read rule, so that a
caller who may not read the code learns nothing of it. The two lists are paginated and
sorted like every other list (``jsonapi.collection_document``), in id order by default.
"""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import select

from reference_server import db
from reference_server.errors import NotFound
from reference_server.jsonapi import collection_document, linkage_document, resource_document
from reference_server.listing import EVENTS, TICKETS
from reference_server.lookup import live_code
from reference_server.models import DiscountCode, Event, Ticket, discount_codes_tickets
from reference_server.permissions import require_code_reader, require_user
from reference_server.schemas import (
    KIND_RELATIONSHIPS,
    DiscountCodeSchema,
    EventSchema,
    TicketSchema,
    UserSchema,
)

bp = Blueprint("related", __name__, url_prefix="/v1/discount-codes/<int:code_id>")
code_schema = DiscountCodeSchema()
event_schema, ticket_schema, user_schema = EventSchema(), TicketSchema(), UserSchema()


def _readable_code(code_id: int, relationship: str | None = None) -> DiscountCode:
    """The live code, if the caller may read it, and if it has ``relationship``."""
    user = require_user()
    code = live_code(code_id)
    require_code_reader(user, code)
    if relationship and relationship not in KIND_RELATIONSHIPS[code.used_for.value]:
        raise NotFound(f"{code.used_for.code_kind} has no {relationship} relationship.")
    return code


@bp.get("/event")
def code_event(code_id: int) -> Response:
    """A ticket code's event (``null`` for an event code)."""
    code = _readable_code(code_id, "event")
    return resource_document(event_schema, code.event)


@bp.get("/events")
def code_events(code_id: int) -> Response:
    """The live events an event code is set on."""
    code = _readable_code(code_id, "events")
    query = select(Event).where(Event.discount_code_id == code.id, Event.deleted_at.is_(None))
    return collection_document(event_schema, db.session(), query, EVENTS)


@bp.get("/tickets")
def code_tickets(code_id: int) -> Response:
    """The live tickets a ticket code applies to."""
    code = _readable_code(code_id, "tickets")
    linked = select(discount_codes_tickets.c.ticket_id).where(
        discount_codes_tickets.c.discount_code_id == code.id
    )
    query = select(Ticket).where(Ticket.id.in_(linked), Ticket.deleted_at.is_(None))
    return collection_document(ticket_schema, db.session(), query, TICKETS)


@bp.get("/marketer")
def code_marketer(code_id: int) -> Response:
    code = _readable_code(code_id, "marketer")
    return resource_document(user_schema, code.marketer)


@bp.get("/relationships/<any(event, events, tickets, marketer):name>")
def code_relationship(code_id: int, name: str) -> Response:
    """The linkage of one relationship, as the code's own document shows it."""
    code = _readable_code(code_id, name)
    relationship = code_schema.dump(code)["data"]["relationships"][name]
    return linkage_document(relationship["data"], relationship["links"])

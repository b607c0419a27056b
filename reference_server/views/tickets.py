"""``POST /v1/tickets``: an event's managers (or an admin) add a ticket to it."""

from __future__ import annotations

from flask import Blueprint, Response

from reference_server import db, rules
from reference_server.jsonapi import load, require_new_resource_body, resource_document
from reference_server.models import Ticket, TicketType
from reference_server.permissions import require_event_manager, require_user
from reference_server.schemas import TicketSchema

bp = Blueprint("tickets", __name__, url_prefix="/v1/tickets")
schema = TicketSchema()


@bp.post("")
def create_ticket() -> Response:
    """A ticket of the event its ``event`` relationship names (required)."""
    user = require_user()
    data = load(schema, require_new_resource_body())
    session = db.session()
    pointer = rules.RELATIONSHIPS + "event"
    event = rules.live_event(session, rules.required_relationship(data, "event"), pointer)
    require_event_manager(user, event)
    ticket = Ticket(
        name=data["name"],
        type=TicketType(data["type"]),
        price=data["price"],
        quantity=data["quantity"],
        event_id=event.id,
    )
    rules.check_ticket_price(ticket)
    session.add(ticket)
    session.commit()
    return resource_document(schema, ticket, status=201, self_link=f"{bp.url_prefix}/{ticket.id}")

"""Discount-code lists and lookups hanging off events, users and tickets."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import func, or_, select

from reference_server import db
from reference_server.auth import current_user
from reference_server.db import utcnow
from reference_server.errors import Forbidden, MethodNotAllowed, NotFound
from reference_server.jsonapi import collection_document, resource_document
from reference_server.models import DiscountCode, Event, UsedFor, discount_codes_tickets
from reference_server.permissions import require_admin, require_event_manager, require_user
from reference_server.schemas import SORTABLE, DiscountCodeSchema
from reference_server.views._lookup import event_by_identifier, existing_user, live_ticket

bp = Blueprint("nested", __name__, url_prefix="/v1")
schema = DiscountCodeSchema()
LIVE = DiscountCode.deleted_at.is_(None)


@bp.get("/events/<event_identifier>/discount-codes")
def event_codes(event_identifier: str) -> Response:
    """The event's ticket codes and also its event-level code."""
    user = require_user()
    event = event_by_identifier(event_identifier)
    require_event_manager(user, event)
    belongs = or_(
        (DiscountCode.event_id == event.id) & (DiscountCode.used_for == UsedFor.TICKET),
        DiscountCode.id == event.discount_code_id,
    )
    query = select(DiscountCode).where(LIVE, belongs)
    return collection_document(schema, db.session(), query, SORTABLE)


@bp.get("/events/<event_identifier>/discount-code")
def event_code(event_identifier: str) -> Response:
    require_admin(require_user())
    event = event_by_identifier(event_identifier)
    code = event.discount_code
    if code is None or code.deleted_at is not None:
        raise NotFound(f"Event {event_identifier} has no event discount code.")
    return resource_document(schema, code)


@bp.get("/events/<event_identifier>/discount-codes/<code>")
def lookup_code(event_identifier: str, code: str) -> Response:
    """A buyer checks a ticket code: any caller, even anonymous (a bad token is still 401)."""
    current_user(optional=True)
    event = event_by_identifier(event_identifier)
    if "\x00" in code:
        # No code holds U+0000 (the API refuses it), and PostgreSQL's text cannot.
        raise NotFound(f"No discount code {code!r} on event {event_identifier}.")
    found = db.session().scalar(
        select(DiscountCode).where(
            LIVE,
            DiscountCode.event_id == event.id,
            DiscountCode.used_for == UsedFor.TICKET,
            func.lower(DiscountCode.code) == code.lower(),
        )
    )
    if found is None:
        raise NotFound(f"No discount code {code!r} on event {event_identifier}.")
    refusal = why_unusable(found, event)
    if refusal:
        raise MethodNotAllowed(f"The discount code {code!r} {refusal}.")
    return resource_document(schema, found)


def why_unusable(code: DiscountCode, event: Event) -> str | None:
    """Why a buyer cannot use ``code`` now, or ``None`` if they can.

    Without its own ``valid-till`` a code is valid until its event ends.
    """
    now = utcnow()
    if not code.is_active:
        return "is not active"
    if code.valid_from and now < code.valid_from:
        return "is not valid yet"
    if now > (code.valid_till or event.ends_at):
        return "has expired"
    return None


@bp.get("/users/<int:user_id>/discount-codes")
def marketer_codes(user_id: int) -> Response:
    """The codes a user created (as marketer): that user or an admin."""
    user = require_user()
    if user.id != user_id and not user.is_admin:
        raise Forbidden("Only the user or an admin may list the user's discount codes.")
    existing_user(user_id)
    query = select(DiscountCode).where(LIVE, DiscountCode.marketer_id == user_id)
    return collection_document(schema, db.session(), query, SORTABLE)


@bp.get("/tickets/<int:ticket_id>/discount-codes")
def ticket_codes(ticket_id: int) -> Response:
    user = require_user()
    ticket = live_ticket(ticket_id)
    require_event_manager(user, ticket.event)
    linked = select(discount_codes_tickets.c.discount_code_id).where(
        discount_codes_tickets.c.ticket_id == ticket.id
    )
    query = select(DiscountCode).where(LIVE, DiscountCode.id.in_(linked))
    return collection_document(schema, db.session(), query, SORTABLE)

"""Discount-code lists and lookups hanging off events, users and tickets.

Each list also has its relationship route (``.../relationships/discount-codes``): the
same codes, by the same read rule, as resource identifiers in id order.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy import Select, func, or_, select

from reference_server import db
from reference_server.auth import current_user
from reference_server.db import utcnow
from reference_server.errors import Forbidden, MethodNotAllowed, NotFound
from reference_server.jsonapi import collection_document, linkage_document, resource_document
from reference_server.listing import CODES
from reference_server.lookup import event_named, existing_user, live_ticket
from reference_server.models import DiscountCode, Event, UsedFor, discount_codes_tickets
from reference_server.permissions import require_admin, require_event_manager, require_user
from reference_server.schemas import DiscountCodeSchema

bp = Blueprint("nested", __name__, url_prefix="/v1")
schema = DiscountCodeSchema()
LIVE = DiscountCode.deleted_at.is_(None)


def _codes_list(query: Select[Any]) -> Response:
    return collection_document(schema, db.session(), query, CODES)


def _codes_linkage(query: Select[Any]) -> Response:
    ids = db.session().scalars(query.with_only_columns(DiscountCode.id).order_by(DiscountCode.id))
    related = request.path.replace("/relationships/", "/")
    return linkage_document(
        [{"type": "discount-code", "id": str(code_id)} for code_id in ids],
        {"self": request.path, "related": related},
    )


@bp.get("/events/<event_identifier>/discount-codes")
def event_codes(event_identifier: str) -> Response:
    return _codes_list(_event_codes(event_identifier))


@bp.get("/events/<event_identifier>/relationships/discount-codes")
def event_codes_linkage(event_identifier: str) -> Response:
    return _codes_linkage(_event_codes(event_identifier))


def _event_codes(event_identifier: str) -> Select[Any]:
    """The event's ticket codes and also its event-level code."""
    user = require_user()
    event = event_named(event_identifier)
    require_event_manager(user, event)
    belongs = or_(
        (DiscountCode.event_id == event.id) & (DiscountCode.used_for == UsedFor.TICKET),
        DiscountCode.id == event.discount_code_id,
    )
    return select(DiscountCode).where(LIVE, belongs)


@bp.get("/events/<event_identifier>/discount-code")
def event_code(event_identifier: str) -> Response:
    require_admin(require_user())
    event = event_named(event_identifier)
    code = event.discount_code
    if code is None or code.deleted_at is not None:
        raise NotFound(f"Event {event_identifier} has no event discount code.")
    return resource_document(schema, code)


@bp.get("/events/<event_identifier>/discount-codes/<code>")
def lookup_code(event_identifier: str, code: str) -> Response:
    """A buyer checks a ticket code: any caller, even anonymous (a bad token is still 401)."""
    current_user(optional=True)
    event = event_named(event_identifier)
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
    return _codes_list(_marketer_codes(user_id))


@bp.get("/users/<int:user_id>/relationships/discount-codes")
def marketer_codes_linkage(user_id: int) -> Response:
    return _codes_linkage(_marketer_codes(user_id))


def _marketer_codes(user_id: int) -> Select[Any]:
    """The codes a user is credited with (as marketer): that user or an admin."""
    user = require_user()
    if user.id != user_id and not user.is_admin:
        raise Forbidden("Only the user or an admin may list the user's discount codes.")
    existing_user(user_id)
    return select(DiscountCode).where(LIVE, DiscountCode.marketer_id == user_id)


@bp.get("/tickets/<int:ticket_id>/discount-codes")
def ticket_codes(ticket_id: int) -> Response:
    return _codes_list(_ticket_codes(ticket_id))


@bp.get("/tickets/<int:ticket_id>/relationships/discount-codes")
def ticket_codes_linkage(ticket_id: int) -> Response:
    return _codes_linkage(_ticket_codes(ticket_id))


def _ticket_codes(ticket_id: int) -> Select[Any]:
    """The live codes that discount the ticket: a manager of its event, or an admin."""
    user = require_user()
    ticket = live_ticket(ticket_id)
    require_event_manager(user, ticket.event)
    linked = select(discount_codes_tickets.c.discount_code_id).where(
        discount_codes_tickets.c.ticket_id == ticket.id
    )
    return select(DiscountCode).where(LIVE, DiscountCode.id.in_(linked))

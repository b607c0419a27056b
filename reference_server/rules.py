"""The discount-code validation and conflict rules, applied to a code before it is saved.

Kept apart from the views so that POST and PATCH apply exactly the same rules to the
final state of the row (PATCH: sent values merged over the stored ones).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reference_server.errors import ApiError, Conflict, NotFound, Unprocessable, ValidationFailed
from reference_server.models import (
    MAX_ID,
    DiscountCode,
    DiscountType,
    Event,
    Ticket,
    TicketType,
    UsedFor,
)

ATTRIBUTES = "/data/attributes/"
RELATIONSHIPS = "/data/relationships/"


def check_attributes(code: DiscountCode) -> None:
    """422 for every broken rule among the code's own attributes (all reported at once)."""
    errors: list[ApiError] = []
    if code.max_quantity is not None and (code.min_quantity or 0) > code.max_quantity:
        errors.append(
            Unprocessable(
                "min-quantity cannot be greater than max-quantity.",
                pointer=ATTRIBUTES + "min-quantity",
            )
        )
    if (
        code.tickets_number is not None
        and code.max_quantity is not None
        and code.tickets_number < code.max_quantity
    ):
        errors.append(
            Unprocessable(
                "tickets-number cannot be less than max-quantity.",
                pointer=ATTRIBUTES + "tickets-number",
            )
        )
    if code.valid_from and code.valid_till and code.valid_from > code.valid_till:
        errors.append(
            Unprocessable(
                "valid-from cannot be after valid-till.", pointer=ATTRIBUTES + "valid-till"
            )
        )
    if code.value < 0:
        errors.append(Unprocessable("value cannot be negative.", pointer=ATTRIBUTES + "value"))
    elif code.type == DiscountType.PERCENT and code.value > 100:
        errors.append(
            Unprocessable("A percent discount cannot be above 100.", pointer=ATTRIBUTES + "value")
        )
    if errors:
        raise ValidationFailed(errors)


def check_tickets(code: DiscountCode) -> None:
    """Linked tickets must be paid tickets of the code's event, priced at least ``value``."""
    for ticket in code.tickets:
        if code.event_id is None or ticket.event_id != code.event_id:
            raise Unprocessable(
                f"Ticket {ticket.id} does not belong to the code's event.",
                pointer=RELATIONSHIPS + "tickets",
            )
        if ticket.type == TicketType.FREE:
            raise Unprocessable(
                f"Ticket {ticket.id} is free: it cannot have a discount code.",
                pointer=RELATIONSHIPS + "tickets",
            )
        if code.type == DiscountType.AMOUNT and code.value > ticket.price:
            raise Unprocessable(
                f"The discount {code.value} is above the price {ticket.price} of ticket"
                f" {ticket.id}.",
                pointer=ATTRIBUTES + "value",
            )


def check_unique_live_code(session: Session, code: DiscountCode) -> None:
    """409 when another live code on the same event (or among event codes) has this code."""
    query = select(DiscountCode.id).where(
        func.lower(DiscountCode.code) == code.code.lower(),
        DiscountCode.deleted_at.is_(None),
        func.coalesce(DiscountCode.event_id, 0) == (code.event_id or 0),
    )
    if code.id is not None:
        query = query.where(DiscountCode.id != code.id)
    if session.scalar(query.limit(1)) is not None:
        where = "on this event" if code.used_for == UsedFor.TICKET else "among event codes"
        raise Conflict(
            f"The code {code.code!r} is already in use {where}.", pointer=ATTRIBUTES + "code"
        )


def live_event(session: Session, event_id: Any, pointer: str) -> Event:
    event = session.get(Event, _int_id(event_id, pointer))
    if event is None or event.deleted_at is not None:
        raise NotFound(f"Event {event_id} does not exist.", pointer=pointer)
    return event


def live_tickets(session: Session, ticket_ids: Iterable[Any]) -> list[Ticket]:
    tickets = []
    for ticket_id in ticket_ids:
        ticket = session.get(Ticket, _int_id(ticket_id, RELATIONSHIPS + "tickets"))
        if ticket is None or ticket.deleted_at is not None:
            raise NotFound(f"Ticket {ticket_id} does not exist.", pointer=RELATIONSHIPS + "tickets")
        tickets.append(ticket)
    return tickets


def events_free_for(session: Session, code: DiscountCode, event_ids: Iterable[Any]) -> list[Event]:
    """The events an event code is set on; 409 for one pointing at another live code."""
    events = [live_event(session, event_id, RELATIONSHIPS + "events") for event_id in event_ids]
    for event in events:
        current = event.discount_code
        if current is not None and current.deleted_at is None and current is not code:
            raise Conflict(
                f"Event {event.id} already has an event discount code.",
                pointer=RELATIONSHIPS + "events",
            )
    return events


def _int_id(value: Any, pointer: str) -> int:
    """The id a relationship names; one too large for any row becomes 0, which names nothing."""
    if not isinstance(value, str | int) or not str(value).isdigit():
        raise Unprocessable(f"{value!r} is not a valid id.", pointer=pointer)
    return int(value) if int(value) <= MAX_ID else 0

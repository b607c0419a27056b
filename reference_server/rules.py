"""The validation and conflict rules, applied to a row before it is saved.

Kept apart from the views so that POST and PATCH apply exactly the same rules to the
final state of a discount code (PATCH: sent values merged over the stored ones). The
rules of the other rows the API creates (users, events, tickets, roles) live here too,
next to the lookups of what a request body names (``lookup.found``, as for URLs).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reference_server.errors import ApiError, Conflict, Unprocessable, ValidationFailed
from reference_server.lookup import found
from reference_server.models import (
    MAX_ID,
    DiscountCode,
    DiscountType,
    Event,
    Ticket,
    TicketType,
    UsedFor,
    User,
    UserEventRole,
    is_digits,
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
    """Linked live tickets must be paid tickets of the code's event, priced at least
    ``value`` (a deleted ticket is no longer sold: its price does not bind the code)."""
    for ticket in code.tickets:
        if ticket.deleted_at is not None:
            continue
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
        raise code_in_use(code)


# The three conflicts below are each found twice: by the check before the write, and by
# the unique index when a concurrent request wins the race after it. Both answer the
# same 409, so a client cannot tell (and need not care) which found it.


def code_in_use(code: DiscountCode) -> Conflict:
    where = "on this event" if code.used_for == UsedFor.TICKET else "among event codes"
    return Conflict(
        f"The code {code.code!r} is already in use {where}.", pointer=ATTRIBUTES + "code"
    )


def email_in_use(email: str) -> Conflict:
    return Conflict(f"The email {email!r} is already in use.", pointer=ATTRIBUTES + "email")


def role_held(user: User, event: Event) -> Conflict:
    return Conflict(
        f"User {user.id} already holds a role in event {event.id}.",
        pointer=RELATIONSHIPS + "user",
    )


def check_event_dates(event: Event) -> None:
    """An event may lie in the past, but it cannot end before it starts."""
    if event.ends_at < event.starts_at:
        raise Unprocessable("ends-at cannot be before starts-at.", pointer=ATTRIBUTES + "ends-at")


def check_ticket_price(ticket: Ticket) -> None:
    """A free ticket costs nothing."""
    if ticket.type == TicketType.FREE and ticket.price > 0:
        raise Unprocessable("A free ticket cannot have a price.", pointer=ATTRIBUTES + "price")


def check_email_free(session: Session, email: str) -> None:
    """409 when a user has this email already, compared without regard to case (as login)."""
    taken = select(User.id).where(func.lower(User.email) == email.lower()).limit(1)
    if session.scalar(taken) is not None:
        raise email_in_use(email)


def check_no_role_yet(session: Session, user: User, event: Event) -> None:
    """409 when ``user`` holds a role in ``event`` already: one role per user and event."""
    held = select(UserEventRole.id).where(
        UserEventRole.user_id == user.id, UserEventRole.event_id == event.id
    )
    if session.scalar(held.limit(1)) is not None:
        raise role_held(user, event)


def required_relationship(data: dict[str, Any], name: str) -> Any:
    """The id a required to-one relationship names; 422 when it is missing or null."""
    if data.get(name) is None:
        raise Unprocessable(f"The {name} relationship is required.", pointer=RELATIONSHIPS + name)
    return data[name]


def existing_user(session: Session, user_id: Any, pointer: str) -> User:
    return found(session, User, int_id(user_id, pointer), shown=user_id, pointer=pointer)


def live_event(session: Session, event_id: Any, pointer: str) -> Event:
    return found(session, Event, int_id(event_id, pointer), shown=event_id, pointer=pointer)


def live_tickets(session: Session, ticket_ids: Iterable[Any]) -> list[Ticket]:
    tickets = []
    pointer = RELATIONSHIPS + "tickets"
    for ticket_id in distinct(ticket_ids, "Ticket", pointer):
        tickets.append(
            found(session, Ticket, int_id(ticket_id, pointer), shown=ticket_id, pointer=pointer)
        )
    return tickets


def events_free_for(session: Session, code: DiscountCode, event_ids: Iterable[Any]) -> list[Event]:
    """The events an event code is set on; 409 for one pointing at another live code."""
    pointer = RELATIONSHIPS + "events"
    events = [
        live_event(session, event_id, pointer) for event_id in distinct(event_ids, "Event", pointer)
    ]
    for event in events:
        current = event.discount_code
        if current is not None and current.deleted_at is None and current is not code:
            raise Conflict(
                f"Event {event.id} already has an event discount code.",
                pointer=RELATIONSHIPS + "events",
            )
    return events


def distinct(values: Iterable[Any], noun: str, pointer: str) -> list[Any]:
    """The ids a to-many linkage names, as sent, each a valid id; 422 for one named twice
    (the link table holds a pair once, and a client naming it twice has made a mistake)."""
    named = list(values)
    seen: set[int] = set()
    for value in named:
        number = int_id(value, pointer)
        if number in seen and number:
            raise Unprocessable(f"{noun} {value} is named twice.", pointer=pointer)
        seen.add(number)
    return named


def int_id(value: Any, pointer: str) -> int:
    """The id a relationship names; one too large for any row becomes 0, which names nothing."""
    if not isinstance(value, str | int) or not is_digits(str(value)):
        raise Unprocessable(f"{value!r} is not a valid id.", pointer=pointer)
    return int(value) if int(value) <= MAX_ID else 0

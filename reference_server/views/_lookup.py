"""Loading the resources a URL names, with the API's 404 for missing or deleted ones."""

from __future__ import annotations

from sqlalchemy import select

from reference_server import db
from reference_server.errors import NotFound
from reference_server.models import MAX_ID, DiscountCode, Event, Ticket, User, is_digits


def live_code(code_id: int) -> DiscountCode:
    code = db.session().get(DiscountCode, code_id) if code_id <= MAX_ID else None
    if code is None or code.deleted_at is not None:
        raise NotFound(f"Discount code {code_id} does not exist.")
    return code


def event_by_identifier(event_identifier: str) -> Event:
    """An event by numeric id or by its string ``identifier``.

    An identifier holding U+0000 names nothing (PostgreSQL's text cannot hold it, so it
    is never sent in a query).
    """
    if "\x00" in event_identifier:
        raise NotFound(f"Event {event_identifier!r} does not exist.")
    if is_digits(event_identifier):
        number = int(event_identifier)
        event = db.session().get(Event, number) if number <= MAX_ID else None
    else:
        event = db.session().scalar(select(Event).where(Event.identifier == event_identifier))
    if event is not None and event.deleted_at is not None:
        event = None
    if event is None:
        raise NotFound(f"Event {event_identifier} does not exist.")
    return event


def live_ticket(ticket_id: int) -> Ticket:
    ticket = db.session().get(Ticket, ticket_id) if ticket_id <= MAX_ID else None
    if ticket is None or ticket.deleted_at is not None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return ticket


def existing_user(user_id: int) -> User:
    user = db.session().get(User, user_id) if user_id <= MAX_ID else None
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user

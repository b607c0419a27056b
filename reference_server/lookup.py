"""The row an id names, or the API's 404: for ids in a URL and for ids in a request body.

One function for both, so that a missing row, a soft-deleted one and an id too large
for any row are answered alike wherever the id comes from: ``views`` look up what a URL
names, ``rules`` what a body's relationships name (with the JSON pointer of the member).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from reference_server import db
from reference_server.errors import NotFound
from reference_server.models import MAX_ID, DiscountCode, Event, Ticket, User, is_digits

Row = TypeVar("Row", DiscountCode, Event, Ticket, User)

# How a 404 names each kind of row: "Discount code 7 does not exist."
NOUNS: dict[type, str] = {
    DiscountCode: "Discount code",
    Event: "Event",
    Ticket: "Ticket",
    User: "User",
}


def found(
    session: Session,
    model: type[Row],
    number: int,
    *,
    shown: Any = None,
    pointer: str | None = None,
) -> Row:
    """The ``model`` row with id ``number``, or 404 naming ``shown`` (the id as the client
    wrote it, ``number`` by default) at ``pointer``. A soft-deleted row is missing too
    (users are never deleted); an id beyond ``MAX_ID`` names nothing and is never sent
    to the database (PostgreSQL's integer columns would refuse the query)."""
    row = session.get(model, number) if number <= MAX_ID else None
    if row is None or getattr(row, "deleted_at", None) is not None:
        shown = number if shown is None else shown
        raise NotFound(f"{NOUNS[model]} {shown} does not exist.", pointer=pointer)
    return row


def event_by_identifier(session: Session, event_identifier: str) -> Event:
    """An event by numeric id or by its string ``identifier``.

    An identifier holding U+0000 names nothing (PostgreSQL's text cannot hold it, so it
    is never sent in a query).
    """
    if "\x00" in event_identifier:
        raise NotFound(f"Event {event_identifier!r} does not exist.")
    if is_digits(event_identifier):
        return found(session, Event, int(event_identifier), shown=event_identifier)
    event = session.scalar(select(Event).where(Event.identifier == event_identifier))
    if event is None or event.deleted_at is not None:
        raise NotFound(f"Event {event_identifier} does not exist.")
    return event


# --- what a URL names (the request's session) ------------------------------------------


def live_code(code_id: int) -> DiscountCode:
    return found(db.session(), DiscountCode, code_id)


def live_ticket(ticket_id: int) -> Ticket:
    return found(db.session(), Ticket, ticket_id)


def existing_user(user_id: int) -> User:
    return found(db.session(), User, user_id)


def event_named(event_identifier: str) -> Event:
    return event_by_identifier(db.session(), event_identifier)

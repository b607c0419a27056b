"""Scenarios of the Events group: creating events, their tickets, and users' roles in them.

Ids are those the factories get from an empty database, in creation order. Successes
seed a row the answer must not be (another event, another ticket, a role elsewhere),
so a server answering "the first row" fails; refusals run as the caller nearest to
being allowed.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import seeders
from factories import (
    EventFactoryBasic,
    TicketFactory,
    UserFactory,
    coorganizer_of,
    organizer_of,
    owner_of,
    with_role,
)
from hooks._scenario import (
    Context,
    Seed,
    act_as,
    admin,
    after,
    deeply_nested_body,
    not_checked,
    nothing_as,
    plain_user,
    refused_without_valid_token,
    scenario,
    then_as,
)
from reference_server.db import utcnow
from reference_server.models import Event, Role, Ticket, User, UserEventRole


def organizer_of_another_event() -> User:
    return organizer_of(EventFactoryBasic())


def deleted_event(context: Context) -> Event | None:
    """An event soft-deleted an hour ago. No API route deletes an event: seeded through
    an API, the transaction is not checked."""
    try:
        return EventFactoryBasic(deleted_at=utcnow() - timedelta(hours=1))
    except seeders.NotChecked as reason:
        not_checked(context, str(reason), whole=True)
        return None


def in_a_deleted_event(role: Role) -> Seed:
    """Event 1 was soft-deleted; the caller (user 1) holds ``role`` in it; user 2 exists."""

    def seed(context: Context) -> None:
        event = deleted_event(context)
        if event is not None:
            act_as(context, with_role(event, role))
            UserFactory()

    seed.__doc__ = f"Event 1 was soft-deleted; user 1 holds {role.value} in it; user 2 exists."
    return seed


# --- Event Collection: POST /v1/events -----------------------------------------------

EVENTS = "Events > Event Collection > "


@scenario(EVENTS + "Create Event")
def create_event(context: Context) -> None:
    """POST /v1/events as a plain user (user 2); user 1 owns event 1 (role 1)."""
    owner_of(EventFactoryBasic())
    act_as(context, plain_user())


def creator_owns_the_new_event(context: Context) -> None:
    """The new event's identifier is 8 hex digits, not all digits; its creator (user 2)
    holds it as its owner (role 2)."""
    try:
        body = json.loads(context.real.get("body") or "")
        identifier = body["data"]["attributes"]["identifier"]
    except (ValueError, KeyError, TypeError):
        return  # no event document: the response's schema fails the transaction already
    if not re.fullmatch(r"[0-9a-fA-F]{8}", str(identifier)) or identifier.isdigit():
        context.fail(f"the identifier must be 8 hex digits, not all digits: {identifier!r}")
        return
    role = context.stored(UserEventRole, 2)
    if role is None or (role.user_id, role.event_id, role.role) != (2, 2, Role.OWNER):
        context.fail("the event's creator (user 2) must become owner of event 2 (role 2)")


for created in (
    "Create Event",
    "Create Event that Ends when It Starts",
    "Create Event with Dates in Another Time Zone",
):
    if created != "Create Event":
        scenario(EVENTS + created)(create_event)
    after(EVENTS + created)(creator_owns_the_new_event)

refused_without_valid_token(EVENTS + "Create Event", create_event)
for invalid in (
    "that Ends before It Starts",
    "with a Client-generated Id",
    "without a Name",
    "with an Empty Name",
    "as Plain JSON",
    "with a Name that Is Not a String",
    "with a Start that Is Not a String",
    "with an Unknown Attribute",
    "with an Identifier",
    "with a NUL Character in the Name",
    "with a Media Type Parameter",
    "with a Body that Is Not JSON",
):
    scenario(f"{EVENTS}Create Event {invalid}")(create_event)


@scenario(EVENTS + "Create Event with a Deeply Nested Body")
def create_event_with_deeply_nested_body(context: Context) -> None:
    create_event(context)
    deeply_nested_body(context)


# --- Ticket Collection: POST /v1/tickets ---------------------------------------------

TICKETS = "Events > Ticket Collection > "


@scenario(TICKETS + "Create Ticket")
def create_ticket(context: Context) -> None:
    """POST /v1/tickets as a co-organizer (user 1) of event 1; event 2 has ticket 1."""
    act_as(context, coorganizer_of(EventFactoryBasic()))
    TicketFactory(event=EventFactoryBasic())


def ticket_stored_on_event_1(context: Context) -> None:
    """The new ticket 2 is stored on event 1, which the answer does not show."""
    ticket = context.stored(Ticket, 2)
    if ticket is None or ticket.event_id != 1:
        context.fail("the new ticket 2 must be stored on event 1, the one the body names")


for created in (
    "Create Ticket",
    "Create a Free Ticket",
    "Create a Free Ticket without a Price",
    "Create a Donation Ticket with a Price",
):
    if created != "Create Ticket":
        scenario(TICKETS + created)(create_ticket)
    after(TICKETS + created)(ticket_stored_on_event_1)

refused_without_valid_token(TICKETS + "Create Ticket", create_ticket)
scenario(TICKETS + "Create Ticket as a Plain User")(then_as(create_ticket, plain_user))
scenario(TICKETS + "Create Ticket as an Organizer of Another Event")(
    then_as(create_ticket, organizer_of_another_event)
)
scenario(TICKETS + "Create Ticket for a Missing Event")(nothing_as(admin))
scenario(TICKETS + "Create Ticket for a Missing Event as a Plain User")(nothing_as(plain_user))
scenario(TICKETS + "Create Ticket for a Deleted Event")(in_a_deleted_event(Role.COORGANIZER))
for invalid in (
    "Create Ticket without an Event",
    "Create Ticket without a Name",
    "Create Ticket with an Empty Name",
    "Create a Free Ticket with a Price",
    "Create a Free Ticket with a Price of a Cent",
    "Create Ticket with a Price that Is Not a Number",
    "Create Ticket with a Negative Price",
    "Create Ticket with a Price of Infinity",
    "Create Ticket with a Quantity above the Integer Maximum",
    "Create Ticket with an Unknown Relationship",
    "Create Ticket as Plain JSON",
    "Create Ticket with a Client-generated Id",
    "Create Ticket without a Type",
):
    scenario(TICKETS + invalid)(create_ticket)


# --- Users Events Role Collection: POST /v1/users-events-roles -----------------------

ROLES = "Events > Users Events Role Collection > "


@scenario(ROLES + "Grant a Role")
def grant_role(context: Context) -> None:
    """POST /v1/users-events-roles as the organizer (user 1, role 1) of event 1, for user 2."""
    act_as(context, organizer_of(EventFactoryBasic()))
    UserFactory()


def role_stored_as_answered(role_id: int) -> Seed:
    def check(context: Context) -> None:
        role = context.stored(UserEventRole, role_id)
        if role is None or (role.user_id, role.event_id, role.role) != (2, 1, Role.COORGANIZER):
            context.fail(f"role {role_id} must be stored: user 2, coorganizer of event 1")

    check.__doc__ = f"Role {role_id} is stored as answered: user 2 co-organizes event 1."
    return check


after(ROLES + "Grant a Role")(role_stored_as_answered(2))


@scenario(ROLES + "Grant a Role as an Owner")
def grant_role_as_owner(context: Context) -> None:
    """The owner (user 1, role 1) of event 1 grants user 2 a role."""
    act_as(context, owner_of(EventFactoryBasic()))
    UserFactory()


after(ROLES + "Grant a Role as an Owner")(role_stored_as_answered(2))


@scenario(ROLES + "Grant a Role to a User who Has a Role in Another Event")
def grant_role_to_user_with_role_elsewhere(context: Context) -> None:
    """User 1 organizes event 1 (role 1); user 2 owns event 2 (role 2)."""
    act_as(context, organizer_of(EventFactoryBasic()))
    owner_of(EventFactoryBasic())


after(ROLES + "Grant a Role to a User who Has a Role in Another Event")(role_stored_as_answered(3))

refused_without_valid_token(ROLES + "Grant a Role", grant_role)


@scenario(ROLES + "Grant a Role as a Co-organizer")
def grant_role_as_coorganizer(context: Context) -> None:
    """User 1 co-organizes event 1; user 2 is the one named."""
    act_as(context, coorganizer_of(EventFactoryBasic()))
    UserFactory()


scenario(ROLES + "Grant a Role as an Organizer of Another Event")(
    then_as(grant_role, organizer_of_another_event)
)
scenario(ROLES + "Grant a Role as a Plain User")(then_as(grant_role, plain_user))


@scenario(ROLES + "Grant a Role to a Missing User")
def grant_role_to_missing_user(context: Context) -> None:
    """The organizer of event 1 is user 1, and there is no user 2."""
    act_as(context, organizer_of(EventFactoryBasic()))


@scenario(ROLES + "Grant a Role to a Missing User as a Co-organizer")
def grant_role_to_missing_user_as_coorganizer(context: Context) -> None:
    """The co-organizer of event 1 is user 1, and there is no user 2."""
    act_as(context, coorganizer_of(EventFactoryBasic()))


@scenario(ROLES + "Grant a Role in a Missing Event")
def grant_role_in_missing_event(context: Context) -> None:
    """The admin is user 1, user 2 exists, and there is no event."""
    act_as(context, admin())
    UserFactory()


@scenario(ROLES + "Grant a Role in a Missing Event as a Plain User")
def grant_role_in_missing_event_as_plain_user(context: Context) -> None:
    """A plain user is user 1, user 2 exists, and there is no event."""
    act_as(context, plain_user())
    UserFactory()


scenario(ROLES + "Grant a Role in a Deleted Event")(in_a_deleted_event(Role.ORGANIZER))


@scenario(ROLES + "Grant a Role to a User who Has One")
def grant_role_to_user_with_one(context: Context) -> None:
    """User 2 owns event 1 already."""
    event = EventFactoryBasic()
    act_as(context, organizer_of(event))
    owner_of(event)


for invalid in (
    "with an Unknown Role",
    "with a Role that Is Not a String",
    "as Plain JSON",
    "with a Client-generated Id",
    "without a Role",
    "to No User",
    "in No Event",
):
    scenario(f"{ROLES}Grant a Role {invalid}")(grant_role)

"""Scenarios of the Events group: creating events, their tickets, and users' roles in them.

Ids are those the factories get from an empty database, in creation order.
"""

from __future__ import annotations

from factories import (
    EventFactoryBasic,
    UserFactory,
    coorganizer_of,
    organizer_of,
    owner_of,
)
from hooks._scenario import (
    Transaction,
    act_as,
    admin,
    after,
    nothing_as,
    plain_user,
    refused_without_valid_token,
    scenario,
    stored,
    then_as,
)
from reference_server.models import Role, UserEventRole

# --- Event Collection: POST /v1/events -----------------------------------------------

EVENTS = "Events > Event Collection > "


@scenario(EVENTS + "Create Event")
def create_event(transaction: Transaction) -> None:
    """POST /v1/events as a plain user (user 1), who has no role anywhere yet."""
    act_as(transaction, plain_user())


@after(EVENTS + "Create Event")
def creator_owns_the_event(transaction: Transaction) -> None:
    """The creator (user 1) holds the new event 1 as its owner (role 1)."""
    role = stored(UserEventRole, 1)
    if role is None or (role.user_id, role.event_id, role.role) != (1, 1, Role.OWNER):
        transaction["fail"] = "the event's creator (user 1) must become owner of event 1"


refused_without_valid_token(EVENTS + "Create Event", create_event)
for invalid in ("that Ends before It Starts", "without a Name", "as Plain JSON"):
    scenario(f"{EVENTS}Create Event {invalid}")(create_event)


# --- Ticket Collection: POST /v1/tickets ---------------------------------------------

TICKETS = "Events > Ticket Collection > "


@scenario(TICKETS + "Create Ticket")
def create_ticket(transaction: Transaction) -> None:
    """POST /v1/tickets as a co-organizer (user 1) of event 1."""
    act_as(transaction, coorganizer_of(EventFactoryBasic()))


refused_without_valid_token(TICKETS + "Create Ticket", create_ticket)
scenario(TICKETS + "Create Ticket as a Plain User")(then_as(create_ticket, plain_user))
scenario(TICKETS + "Create Ticket for a Missing Event")(nothing_as(admin))
for invalid in ("Create Ticket without an Event", "Create a Free Ticket with a Price"):
    scenario(TICKETS + invalid)(create_ticket)
scenario(TICKETS + "Create Ticket as Plain JSON")(create_ticket)


# --- Users Events Role Collection: POST /v1/users-events-roles -----------------------

ROLES = "Events > Users Events Role Collection > "


@scenario(ROLES + "Grant a Role")
def grant_role(transaction: Transaction) -> None:
    """POST /v1/users-events-roles as the organizer (user 1, role 1) of event 1, for user 2."""
    act_as(transaction, organizer_of(EventFactoryBasic()))
    UserFactory()


refused_without_valid_token(ROLES + "Grant a Role", grant_role)


@scenario(ROLES + "Grant a Role as a Co-organizer")
def grant_role_as_coorganizer(transaction: Transaction) -> None:
    """User 1 co-organizes event 1; user 2 is the one named."""
    act_as(transaction, coorganizer_of(EventFactoryBasic()))
    UserFactory()


scenario(ROLES + "Grant a Role as a Plain User")(then_as(grant_role, plain_user))


@scenario(ROLES + "Grant a Role to a Missing User")
def grant_role_to_missing_user(transaction: Transaction) -> None:
    """The organizer of event 1 is user 1, and there is no user 2."""
    act_as(transaction, organizer_of(EventFactoryBasic()))


@scenario(ROLES + "Grant a Role in a Missing Event")
def grant_role_in_missing_event(transaction: Transaction) -> None:
    """The admin is user 1, user 2 exists, and there is no event."""
    act_as(transaction, admin())
    UserFactory()


@scenario(ROLES + "Grant a Role to a User who Has One")
def grant_role_to_user_with_one(transaction: Transaction) -> None:
    """User 2 owns event 1 already."""
    event = EventFactoryBasic()
    act_as(transaction, organizer_of(event))
    owner_of(event)


for invalid in ("with an Unknown Role", "as Plain JSON"):
    scenario(f"{ROLES}Grant a Role {invalid}")(grant_role)

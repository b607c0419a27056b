"""Scenarios of the Relationship Changes group: PATCH, POST and DELETE of a code's
``/relationships/{tickets,events,event,marketer}``, one per context.

Each route's success scenario seeds the rows a wrong change would touch (another code's
tickets, another event's, a free, a cheap and a deleted one; events using another code)
and names the nearest caller allowed; each refusal reuses it with one change: the
code's own marketer (who may read but not write), an organizer of another event or of
an event using an event code, a spoiled token, a ticket or event a rule refuses.
"""

from __future__ import annotations

import json

from factories import (
    EventFactoryBasic,
    TicketFactory,
    UserEventRoleFactory,
    coorganizer_of,
    event_of_code,
)
from hooks._scenario import (
    Context,
    Seed,
    act_as,
    admin,
    after,
    nothing_as,
    plain_user,
    refused_without_valid_token,
    scenario,
    then_as,
)
from hooks.discount_codes import (
    code_with_tickets,
    event_code_on_events,
    events_as_organizer_of_one,
    events_of_deleted_code,
    organizer_of_another_event,
    related_as_coorganizer,
    ticket_code_among_others,
    tickets_of_deleted_code,
)
from reference_server.models import DiscountCode, Event, Role

TICKETS = "Relationship Changes > Discount Code Tickets Relationship > "
EVENTS = "Relationship Changes > Discount Code Events Relationship > "
EVENT = "Relationship Changes > Discount Code Event Relationship > "
MARKETER = "Relationship Changes > Discount Code Marketer Relationship > "


def tickets_to_change() -> DiscountCode:
    """``code_with_tickets`` (code 2: tickets 2, 3, 4 and deleted 5 of event 1; code 1:
    ticket 1; ticket 6 unlinked), then ticket 7 of event 2, free ticket 8 and ticket 9
    at 5 (below code 2's 10 off) of event 1. Returns code 2."""
    event, code = code_with_tickets(ticket_deleted=True)
    TicketFactory(event=EventFactoryBasic())
    TicketFactory(event=event, free=True)
    TicketFactory(event=event, price=5.0)
    return code


def change_tickets(context: Context) -> None:
    """A co-organizer of event 1 changes code 2's tickets."""
    act_as(context, coorganizer_of(event_of_code(tickets_to_change())))


def change_tickets_as_marketer(context: Context) -> None:
    act_as(context, tickets_to_change().marketer)


def change_events(context: Context) -> None:
    """``event_code_on_events`` with deleted event 6; the admin changes code 2's events."""
    event_code_on_events(deleted_event=True)
    act_as(context, admin())


def change_events_as_marketer(context: Context) -> None:
    _, code = event_code_on_events(deleted_event=True)
    act_as(context, code.marketer)


def change_an_event_code(context: Context) -> None:
    """Code 2 is an event code: the admin, who may change it, names a relationship that
    only a ticket code has (or one an event code cannot change)."""
    event_code_on_events()
    act_as(context, admin())


def code_links(expected: list[int]) -> Seed:
    def check(context: Context) -> None:
        linked = sorted(ticket.id for ticket in context.stored(DiscountCode, 2).tickets)
        if linked != expected:
            context.fail(f"code 2 must be linked to tickets {expected}, not {linked}")

    check.__doc__ = f"The link table holds code 2 -> tickets {expected} (deleted ones too)."
    return check


def events_using_code_2(expected: list[int], *, of: range = range(1, 6)) -> Seed:
    def check(context: Context) -> None:
        using = [i for i in of if context.stored(Event, i).discount_code_id == 2]
        if using != expected or context.stored(Event, 1).discount_code_id != 1:
            context.fail(
                f"events {expected} (and no other live one) must use code 2, not {using};"
                " event 1 keeps code 1"
            )

    check.__doc__ = f"Live events {expected} use code 2; event 1 still uses code 1."
    return check


def answered_nothing_and(stored_check: Seed) -> Seed:
    """An empty list cannot be pinned in MSON: the answer's data is checked here, then
    what is stored."""

    def check(context: Context) -> None:
        try:
            data = json.loads(context.real["body"])["data"]
        except (KeyError, TypeError, ValueError):
            data = "no data member"
        if data != []:
            context.fail(f"the linkage must be empty, not {data!r:.200}")
            return
        stored_check(context)

    check.__doc__ = f"The answer's linkage is empty. {stored_check.__doc__}"
    return check


# --- /v1/discount-codes/2/relationships/tickets: PATCH, POST, DELETE ---------------------

REPLACE_TICKETS, ADD_TICKETS, REMOVE_TICKETS = (
    TICKETS + "Replace the Tickets of a Discount Code",
    TICKETS + "Add Tickets to a Discount Code",
    TICKETS + "Remove Tickets from a Discount Code",
)
for change in (REPLACE_TICKETS, ADD_TICKETS, REMOVE_TICKETS):
    scenario(change)(change_tickets)
    refused_without_valid_token(change, change_tickets)
    scenario(change + " as Its Marketer")(change_tickets_as_marketer)
    scenario(change + " as an Organizer of Another Event")(
        then_as(change_tickets, organizer_of_another_event)
    )
    scenario(change + " as Plain JSON")(change_tickets)
    scenario(change.replace("a Discount", "a Missing Discount"))(nothing_as(admin))
    scenario(change.replace("a Discount", "an Event Discount"))(change_an_event_code)
after(REPLACE_TICKETS)(code_links([3, 6]))
after(ADD_TICKETS)(code_links([2, 3, 4, 5, 6]))
after(REMOVE_TICKETS)(code_links([2, 4, 5]))

for refusal in (
    "None",
    "a Ticket of Another Event",
    "a Free Ticket",
    "a Ticket Cheaper than the Discount",
    "a Deleted Ticket",
    "a Missing Ticket",
    "a Ticket Named Twice",
    "an Identifier of Another Type",
    "a To-one Linkage",
    "an Id that Is Not a Number",
    "a Body that Is Not JSON",
    "Identifiers that Are Not Objects",
    "a Media Type Parameter",
    "a Linkage Nested Too Deeply",
    "Include",
):
    scenario(f"{REPLACE_TICKETS} with {refusal}")(change_tickets)
scenario(REPLACE_TICKETS + " without Data")(change_tickets)
scenario(REPLACE_TICKETS + " as a Plain User")(then_as(change_tickets, plain_user))
scenario(TICKETS + "Replace the Tickets of a Missing Discount Code as a Plain User")(
    nothing_as(plain_user)
)
scenario(TICKETS + "Replace the Tickets of a Deleted Discount Code")(tickets_of_deleted_code)
after(REPLACE_TICKETS + " with None")(answered_nothing_and(code_links([])))
for refusal in (
    "a Ticket of Another Event",
    "a Free Ticket",
    "a Ticket Cheaper than the Discount",
    "a Deleted Ticket",
    "a Ticket Named Twice",
    "a Body that Is Not JSON",
):
    scenario(f"{ADD_TICKETS} with {refusal}")(change_tickets)
for refusal in ("an Id that Is Not a Number", "a Ticket Named Twice"):
    scenario(f"{REMOVE_TICKETS} with {refusal}")(change_tickets)
# Refusals that come late, after the rules ran or with a write half done: nothing stays.
for refusal in ("a Ticket Cheaper than the Discount", "Include"):
    after(f"{REPLACE_TICKETS} with {refusal}")(code_links([2, 3, 4, 5]))
after(ADD_TICKETS + " with a Ticket Cheaper than the Discount")(code_links([2, 3, 4, 5]))


# --- /v1/discount-codes/2/relationships/events: PATCH, POST, DELETE ----------------------

REPLACE_EVENTS, ADD_EVENTS, REMOVE_EVENTS = (
    EVENTS + "Replace the Events of a Discount Code",
    EVENTS + "Add Events to a Discount Code",
    EVENTS + "Remove Events from a Discount Code",
)
for change in (REPLACE_EVENTS, ADD_EVENTS, REMOVE_EVENTS):
    scenario(change)(change_events)
    refused_without_valid_token(change, change_events)
    scenario(change + " as Its Marketer")(change_events_as_marketer)
    scenario(change + " as an Organizer of an Event Using It")(events_as_organizer_of_one)
    scenario(change.replace("a Discount", "a Missing Discount"))(nothing_as(admin))
    scenario(change.replace("a Discount", "a Ticket Discount"))(related_as_coorganizer)
after(REPLACE_EVENTS)(events_using_code_2([3, 4]))
after(ADD_EVENTS)(events_using_code_2([2, 3, 4, 5]))
after(REMOVE_EVENTS)(events_using_code_2([4, 5]))
for refusal in (
    "an Event that Has Another Code",
    "an Event Named Twice",
    "a Deleted Event",
    "None",
):
    scenario(f"{REPLACE_EVENTS} with {refusal}")(change_events)
for refusal in ("an Event that Has Another Code", "an Event Named Twice", "a Deleted Event"):
    scenario(f"{ADD_EVENTS} with {refusal}")(change_events)
scenario(EVENTS + "Replace the Events of a Deleted Discount Code")(events_of_deleted_code)
after(REPLACE_EVENTS + " with an Event that Has Another Code")(events_using_code_2([2, 4, 5]))
after(REPLACE_EVENTS + " with None")(answered_nothing_and(events_using_code_2([])))


# --- /v1/discount-codes/2/relationships/{event,marketer}: PATCH only ---------------------


def coorganizer_of_both_events(context: Context) -> None:
    """``related_as_coorganizer``'s rows (code 2 of event 2, code 1 of event 1), asked by a
    user who co-organizes both events: moving the code is refused by rule, not role."""
    other, code = ticket_code_among_others()
    coorganizer = coorganizer_of(event_of_code(code))
    UserEventRoleFactory(user=coorganizer, event=other, role=Role.COORGANIZER)
    act_as(context, coorganizer)


def change_ticket_code_as_marketer(context: Context) -> None:
    """The marketer of ticket code 2 (user 2) may read it, not change it."""
    _, code = ticket_code_among_others()
    act_as(context, code.marketer)


REPLACE_EVENT = EVENT + "Replace the Event of a Discount Code"
scenario(REPLACE_EVENT + " with Its Own")(related_as_coorganizer)
refused_without_valid_token(REPLACE_EVENT + " with Its Own", related_as_coorganizer)
scenario(REPLACE_EVENT + " Moving It to Another Event")(coorganizer_of_both_events)
scenario(REPLACE_EVENT + " with Null")(related_as_coorganizer)
scenario(REPLACE_EVENT + " as Its Marketer")(change_ticket_code_as_marketer)
scenario(EVENT + "Replace the Event of an Event Discount Code")(change_an_event_code)
scenario(EVENT + "Add to the Event of a Discount Code")(related_as_coorganizer)

REPLACE_MARKETER = MARKETER + "Replace the Marketer of a Discount Code"
scenario(REPLACE_MARKETER)(then_as(related_as_coorganizer, admin))
scenario(REPLACE_MARKETER + " as Its Marketer")(change_ticket_code_as_marketer)
scenario(MARKETER + "Replace the Marketer of an Event Discount Code")(change_an_event_code)
scenario(MARKETER + "Remove the Marketer of a Discount Code")(related_as_coorganizer)

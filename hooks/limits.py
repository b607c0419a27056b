"""Scenarios of the Limits group: each documented limit at and one past it, and what
sits beside a limit (codes whose names sort around a new one, a later event, a later
code)."""

from __future__ import annotations

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    coorganizer_of,
    organizer_of,
    owner_of,
)
from hooks._scenario import BODY_LIMIT, Context, act_as, admin, after, scenario
from hooks.discount_codes import (
    an_hour_ago,
    answers_an_empty_list,
    create_ticket_code,
    event_with_paid_ticket,
    update_ticket_code,
)
from hooks.events import create_event
from hooks.relationship_changes import change_tickets

CODES = "Limits > Discount Code Limits > "
EVENTS = "Limits > Event Limits > "
OTHERS = "Limits > Role and Lookup Limits > "
USERS = "Limits > User Limits > "

for created in (
    "with the Longest Discount URL",
    "with a Discount URL One Too Long",
    "with the Longest Code",
    "with a Code One Too Long",
    "with a Null Discount URL",
    "with Quantities of Zero",
    "with a Max Quantity of Zero",
    "with a One-character Code",
    "with an Empty Code",
    "without Used-for",
):
    scenario(f"{CODES}Create Ticket Discount Code {created}")(create_ticket_code)
for renamed in ("to the Longest Code", "to a Code One Too Long", "to an Empty Code"):
    scenario(f"{CODES}Update Ticket Discount Code {renamed}")(update_ticket_code)


@scenario(CODES + "Create Ticket Discount Code beside Other Codes of Its Event")
def create_beside_other_codes(context: Context) -> None:
    """Event 1's paid ticket 1, which the new code names, then its codes 1 AARDVARK and
    2 ZEBRA (each with a ticket of its own)."""
    event = event_with_paid_ticket()
    for code in ("AARDVARK", "ZEBRA"):
        DiscountCodeTicketFactory(event=event, code=code)
    act_as(context, coorganizer_of(event))


@scenario(CODES + "Create Ticket Discount Code with a Body at the Size Limit")
def create_with_a_large_body(context: Context) -> None:
    """``create_ticket_code``, its body padded with whitespace to exactly ``BODY_LIMIT``.

    A seeder that rewrites codes and emails to the server's (the api seeder) makes the
    body longer after this, so there it stops 100 bytes short of the limit instead."""
    create_ticket_code(context)
    body = context.request["body"]
    margin = 0 if context.seeder.empties_database else 100
    padding = BODY_LIMIT - margin - len(body.encode())
    context.request["body"] = body + " " * padding
    context.request["headers"].pop("Content-Length", None)


@scenario(CODES + "Create Ticket Discount Code over the Size Limit without a Token")
def create_oversized_anonymously(context: Context) -> None:
    create_ticket_code(context)
    act_as(context, None)
    body = context.request["body"]
    context.request["body"] = body + " " * (BODY_LIMIT + 1 - len(body.encode()))
    context.request["headers"].pop("Content-Length", None)


@scenario(CODES + "List All Discount Codes with the Largest Page Size", lists_every_row=True)
def one_code_for_the_admin(context: Context) -> None:
    """Ticket code 1, and code 2, deleted, which the list leaves out."""
    DiscountCodeTicketFactory()
    DiscountCodeTicketFactory(deleted_at=an_hour_ago())
    act_as(context, admin())


scenario(CODES + "List All Discount Codes with the Largest Page Number", lists_every_row=True)(
    one_code_for_the_admin
)
after(CODES + "List All Discount Codes with the Largest Page Number")(answers_an_empty_list)


@scenario(CODES + "Create Ticket Discount Code with a Ticket of an Earlier Event")
def create_naming_an_earlier_events_ticket(context: Context) -> None:
    """Event 1 has paid ticket 1, event 2 paid ticket 2; the co-organizer (user 1) of
    event 2 asks."""
    event_with_paid_ticket()
    act_as(context, coorganizer_of(event_with_paid_ticket()))


@scenario(CODES + "Update Ticket Discount Code to the Code of an Earlier One")
def rename_to_an_earlier_code(context: Context) -> None:
    """Codes 1 EARLYBIRD and 2 LATEBIRD of event 1; its co-organizer asks."""
    event = EventFactoryBasic()
    for code in ("EARLYBIRD", "LATEBIRD"):
        DiscountCodeTicketFactory(event=event, code=code)
    act_as(context, coorganizer_of(event))


@scenario(CODES + "Update Ticket Discount Code with an Id Less than the URL's")
def update_naming_an_earlier_code(context: Context) -> None:
    event = EventFactoryBasic()
    DiscountCodeTicketFactory(event=event)
    DiscountCodeTicketFactory(event=event)
    act_as(context, coorganizer_of(event))


scenario(CODES + "Remove Many Tickets from a Discount Code")(change_tickets)
scenario(EVENTS + "Create Event with the Longest Name")(create_event)
scenario(EVENTS + "Create Event with a Name One Too Long")(create_event)
scenario(EVENTS + "Create Event without an End")(create_event)
scenario(EVENTS + "Create Event without a Start")(create_event)
scenario(EVENTS + "Create Event with a One-character Name")(create_event)


@scenario(OTHERS + "Grant a Role to a User who Has a Role in an Earlier Event")
def grant_role_beside_an_earlier_event(context: Context) -> None:
    """User 1 owns event 1; user 2 organizes event 2 and grants user 1 a role in it."""
    owner_of(EventFactoryBasic())
    act_as(context, organizer_of(EventFactoryBasic()))


@scenario(OTHERS + "Check a Discount Code of a Later Event")
def check_code_of_a_later_event(context: Context) -> None:
    DiscountCodeTicketFactory(event=EventFactoryBasic(), code="SUMMER25")
    EventFactoryBasic()
    act_as(context, None)


@scenario(OTHERS + "Get the Events of a Discount Code beside a Later Code")
def events_beside_a_later_code(context: Context) -> None:
    first, later = DiscountCodeFactory(), DiscountCodeFactory()
    EventFactoryBasic(discount_code=first)
    EventFactoryBasic(discount_code=first)
    EventFactoryBasic(discount_code=later)
    act_as(context, admin())


@scenario(OTHERS + "Check a Discount Code of an Earlier Event")
def check_code_of_an_earlier_event(context: Context) -> None:
    EventFactoryBasic()
    DiscountCodeTicketFactory(event=EventFactoryBasic(), code="SUMMER25")
    act_as(context, None)


@scenario(OTHERS + "Check a Discount Code beside Codes Sorting around It")
def check_code_beside_codes_sorting_around_it(context: Context) -> None:
    event = EventFactoryBasic()
    for code in ("ALPHA10", "ZULU10", "SUMMER25"):
        DiscountCodeTicketFactory(event=event, code=code)
    act_as(context, None)


@scenario(OTHERS + "Get the Tickets of a Discount Code beside a Later Code")
def tickets_beside_a_later_code(context: Context) -> None:
    """Event 1's paid tickets 1 and 2; code 1 discounts ticket 1, code 2 ticket 2; code
    1's marketer asks."""
    event = EventFactoryBasic()
    first, second = TicketFactory(event=event, price=100.0), TicketFactory(event=event, price=100.0)
    code = DiscountCodeTicketFactory(event=event, tickets=[first])
    DiscountCodeTicketFactory(event=event, tickets=[second])
    act_as(context, code.marketer)


@scenario(USERS + "Sign Up with an Email over 255 Characters")
def sign_up_anonymously(context: Context) -> None:
    """Anyone may sign up: nothing is seeded, the request goes without a token."""
    act_as(context, None)

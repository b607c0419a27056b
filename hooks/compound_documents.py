"""Scenarios of the Compound Documents group: ``include`` and ``fields[TYPE]``, one per
context.

The success scenarios seed what a wrong ``included`` would show: a deleted ticket still
linked, another code's ticket, events using another code, a deleted code's event, and a
code linked to the same event as another (included once).
"""

from __future__ import annotations

import json

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    organizer_of,
)
from hooks._scenario import (
    Context,
    act_as,
    admin,
    after,
    plain_user,
    scenario,
    then_as,
)
from hooks.discount_codes import (
    an_hour_ago,
    create_ticket_code,
    events_as_marketer,
    events_without_the_deleted_one,
    lookup,
    organizer_of_another_event,
    tickets_without_the_deleted_one,
)
from hooks.events import grant_role

CODE = "Compound Documents > Discount Code with Included Resources > "
LISTS = "Compound Documents > Lists with Included Resources > "
EVERYTHING = CODE + "Get a Discount Code with Its Event, Tickets and Marketer"


@scenario(LISTS + "List All Discount Codes with Their Events", lists_every_row=True)
def codes_on_shared_events(context: Context) -> None:
    """Ticket codes 1 and 2 of event 1 and 3 of event 2; event code 4, set on event 1;
    code 5 of event 3, deleted (its event is not included). The admin asks."""
    first, second, third = EventFactoryBasic(), EventFactoryBasic(), EventFactoryBasic()
    DiscountCodeTicketFactory(event=first)
    DiscountCodeTicketFactory(event=first)
    DiscountCodeTicketFactory(event=second)
    first.discount_code = DiscountCodeFactory()
    DiscountCodeTicketFactory(event=third, deleted_at=an_hour_ago())
    act_as(context, admin())


@scenario(LISTS + "List All Discount Codes with Their Shared Tickets", lists_every_row=True)
def codes_sharing_a_ticket(context: Context) -> None:
    """Event 1's paid tickets 1 and 2: code 1 discounts ticket 1, code 2 both (the
    shared ticket first in its linkage, then one not yet included); code 3, deleted,
    ticket 3. The admin asks."""
    event = EventFactoryBasic()
    first, second, third = (TicketFactory(event=event, price=100.0) for _ in range(3))
    DiscountCodeTicketFactory(event=event, tickets=[first])
    DiscountCodeTicketFactory(event=event, tickets=[first, second])
    DiscountCodeTicketFactory(event=event, tickets=[third], deleted_at=an_hour_ago())
    act_as(context, admin())


def nothing_included(context: Context) -> None:
    """An empty list cannot be pinned in MSON: the answer's ``included`` is checked here."""
    try:
        included = json.loads(context.real["body"])["included"]
    except (KeyError, TypeError, ValueError):
        included = "no included member"
    if included != []:
        context.fail(f"nothing may be included, not {included!r:.200}")


# Code 2 discounts tickets 2, 3, 4 (and deleted 5) of event 1; a co-organizer asks.
scenario(EVERYTHING)(tickets_without_the_deleted_one)
scenario(EVERYTHING + " as a Plain User")(then_as(tickets_without_the_deleted_one, plain_user))
scenario(EVERYTHING + " as an Organizer of Another Event")(
    then_as(tickets_without_the_deleted_one, organizer_of_another_event)
)
for shaped in (
    "Get a Discount Code with Its Tickets in a Sparse Fieldset",
    "Get a Discount Code with an Empty Sparse Fieldset",
    "Get a Discount Code with an Unknown Include Path",
    "Get a Discount Code with a Dotted Include Path",
    "Get a Discount Code with an Empty Include Path",
    "Get a Discount Code with Include Given Twice",
    "Get a Discount Code with a Sparse Fieldset of an Unknown Type",
    "Get a Discount Code with a Sparse Fieldset Naming an Unknown Field",
    "Get a Discount Code with a Sparse Fieldset Naming the Id",
    "Update a Discount Code with an Unknown Include Path",
):
    scenario(CODE + shaped)(tickets_without_the_deleted_one)
for shaped in (
    "Get the Tickets of a Discount Code in a Sparse Fieldset",
    "Get the Tickets of a Discount Code Including Their Event",
    "Get the Tickets Relationship of a Discount Code with Include",
):
    scenario(LISTS + shaped)(tickets_without_the_deleted_one)

# Event code 2 is set on events 2, 4, 5 (and deleted 6); event 1 uses code 1.
scenario(CODE + "Get an Event Discount Code with the Events Using It")(
    events_without_the_deleted_one
)
scenario(CODE + "Get an Event Discount Code Including What Only a Ticket Code Has")(
    events_as_marketer
)
after(CODE + "Get an Event Discount Code Including What Only a Ticket Code Has")(nothing_included)

for created in (
    "Create a Ticket Discount Code with Its Event and Tickets",
    "Create a Ticket Discount Code with an Unknown Include Path",
):
    scenario(LISTS + created)(create_ticket_code)

scenario(LISTS + "Look Up a Code with What It Links")(lookup)
after(LISTS + "Look Up a Code with What It Links")(nothing_included)
scenario(LISTS + "Grant a Role with Its User Included")(grant_role)


@scenario(LISTS + "List Discount Codes of an Event with What They Link as Its Organizer")
def event_codes_seen_by_organizer(context: Context) -> None:
    """Event code 1, set on events 1 and 2; ticket code 2 of event 1; left out: code 3 of
    event 1, deleted, and code 4 of event 2."""
    platform = DiscountCodeFactory()
    first = EventFactoryBasic(discount_code=platform)
    second = EventFactoryBasic(discount_code=platform)
    DiscountCodeTicketFactory(event=first)
    DiscountCodeTicketFactory(event=first, deleted_at=an_hour_ago())
    DiscountCodeTicketFactory(event=second)
    act_as(context, organizer_of(first))

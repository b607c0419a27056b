"""Scenarios of the Discount Codes group: each hook seeds one transaction and names its caller.

Ids are those the factories get from an empty database, in creation order.
"""

from __future__ import annotations

import dredd_hooks as hooks

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    UserFactory,
)
from hooks._scenario import (
    Transaction,
    act_as,
    admin,
    coorganizer_of,
    organizer_of,
)

GROUP = "Discount Codes > "


@hooks.before(GROUP + "Discount Code Collection > List All Discount Codes")
def list_all_codes(transaction: Transaction) -> None:
    """GET /v1/discount-codes as admin: one event code (1) and one ticket code (2)."""
    act_as(transaction, admin())
    DiscountCodeFactory()
    DiscountCodeTicketFactory()


@hooks.before(GROUP + "Discount Code Collection > Create Event Discount Code")
def create_event_code(transaction: Transaction) -> None:
    """POST /v1/discount-codes as admin, pointing event 1 at the new code."""
    act_as(transaction, admin())
    EventFactoryBasic()


@hooks.before(GROUP + "Ticket Discount Code Collection > Create Ticket Discount Code")
def create_ticket_code(transaction: Transaction) -> None:
    """POST /v1/discount-codes as co-organizer (user 1) of event 1, for its paid ticket 1."""
    event = EventFactoryBasic()
    TicketFactory(event=event)
    act_as(transaction, coorganizer_of(event))


@hooks.before(GROUP + "Discount Code > Get Discount Code")
def get_code(transaction: Transaction) -> None:
    """GET /v1/discount-codes/1 as its marketer (user 1), who has no role in the event."""
    marketer = UserFactory()
    DiscountCodeTicketFactory(marketer=marketer)
    act_as(transaction, marketer)


@hooks.before(GROUP + "Discount Code > Update Ticket Discount Code")
def update_ticket_code(transaction: Transaction) -> None:
    """PATCH /v1/discount-codes/1 as co-organizer of the code's event."""
    code = DiscountCodeTicketFactory()
    act_as(transaction, coorganizer_of(code.event))


@hooks.before(GROUP + "Discount Code > Delete Discount Code")
def delete_ticket_code(transaction: Transaction) -> None:
    """DELETE /v1/discount-codes/1 as co-organizer of the code's event."""
    code = DiscountCodeTicketFactory()
    act_as(transaction, coorganizer_of(code.event))


@hooks.before(GROUP + "Event Discount Code > Update Event Discount Code")
def update_event_code(transaction: Transaction) -> None:
    """PATCH /v1/discount-codes/1 as admin: event 1 has the code, event 2 gets it too."""
    act_as(transaction, admin())
    code = DiscountCodeFactory()
    EventFactoryBasic(discount_code=code)
    EventFactoryBasic()


@hooks.before(GROUP + "Event Discount Codes > List Discount Codes of an Event")
def list_event_codes(transaction: Transaction) -> None:
    """GET /v1/events/1/discount-codes as co-organizer: event code 1 and ticket code 2."""
    event = EventFactoryBasic(discount_code=DiscountCodeFactory())
    DiscountCodeTicketFactory(event=event)
    act_as(transaction, coorganizer_of(event))


@hooks.before(GROUP + "Event Discount Codes > List Discount Codes of an Event by Identifier")
def list_event_codes_by_identifier(transaction: Transaction) -> None:
    """GET /v1/events/event0001/discount-codes as organizer: ticket code 1."""
    event = EventFactoryBasic()
    DiscountCodeTicketFactory(event=event)
    act_as(transaction, organizer_of(event))


@hooks.before(GROUP + "Discount Code Lookup > Check a Discount Code")
def check_code(transaction: Transaction) -> None:
    """GET /v1/events/1/discount-codes/summer25 anonymously: code SUMMER25 is live."""
    DiscountCodeTicketFactory(code="SUMMER25")
    act_as(transaction, None)


@hooks.before(GROUP + "Get Discount Code Detail of an Event > Get Discount Code Detail of an Event")
def event_discount_code_get_detail(transaction: Transaction) -> None:
    """GET /v1/events/1/discount-code as admin: event 1 points at event code 1."""
    act_as(transaction, admin())
    DiscountCodeFactory()
    EventFactoryBasic(discount_code_id=1)


@hooks.before(GROUP + "Marketer Discount Codes > List Discount Codes of a Marketer")
def list_marketer_codes(transaction: Transaction) -> None:
    """GET /v1/users/1/discount-codes as user 1 themself: the two codes they created."""
    marketer = UserFactory()
    DiscountCodeTicketFactory(marketer=marketer)
    DiscountCodeTicketFactory(marketer=marketer)
    act_as(transaction, marketer)


@hooks.before(GROUP + "Ticket Discount Codes > List Discount Codes of a Ticket")
def list_ticket_codes(transaction: Transaction) -> None:
    """GET /v1/tickets/1/discount-codes as co-organizer of the ticket's event."""
    code = DiscountCodeTicketFactory()
    act_as(transaction, coorganizer_of(code.event))

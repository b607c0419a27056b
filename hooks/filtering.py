"""Scenarios of the Filtering group: each ``filter`` operator on one list, the codes of an
event, seeded with the rows a wrong filter would let through (a deleted code and another
event's code of the same name, a deleted ticket, an event code without an event)."""

from __future__ import annotations

from datetime import UTC, datetime

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    coorganizer_of,
)
from hooks._scenario import Context, act_as, scenario
from hooks.discount_codes import an_hour_ago
from reference_server.models import DiscountType

FILTERED = "Filtering > Filtered Discount Codes of an Event > "
VALID_TILL = datetime(2099, 6, 1, 12, 0, tzinfo=UTC)


def codes_to_filter(context: Context) -> None:
    """Codes 1-5 of event 1 "Alpha Fest" (4 its event code), 6 deleted, 7 event 2's; a
    co-organizer of event 1 asks. What each code holds is in the blueprint."""
    alpha, beta = EventFactoryBasic(name="Alpha Fest"), EventFactoryBasic(name="Beta Days")
    early, late = TicketFactory(event=alpha, name="Early"), TicketFactory(event=alpha, name="Late")
    gone = TicketFactory(event=alpha, name="Gone", deleted_at=an_hour_ago())
    vip = TicketFactory(event=alpha, name="VIP")
    percent = DiscountType.PERCENT
    DiscountCodeTicketFactory(
        event=alpha, tickets=[early], code="SUMMER10", value=10, type=percent,
        discount_url="https://example.com/summer", max_quantity=5, valid_till=VALID_TILL,
    )  # fmt: skip
    DiscountCodeTicketFactory(
        event=alpha, tickets=[late, gone], code="summer20", value=20,
        type=DiscountType.AMOUNT, is_active=False, discount_url=None, max_quantity=None,
    )  # fmt: skip
    DiscountCodeTicketFactory(event=alpha, tickets=[vip], code="WINTER", value=30, type=percent)
    alpha.discount_code = DiscountCodeFactory(code="PLATFORM", value=5, type=percent)
    DiscountCodeTicketFactory(event=alpha, tickets=[], code="Autumn", value=30, type=percent)
    DiscountCodeTicketFactory(event=alpha, code="SUMMER30", deleted_at=an_hour_ago())
    DiscountCodeTicketFactory(event=beta, code="SUMMER10", value=10, type=percent)
    act_as(context, coorganizer_of(alpha))


for filtered in (
    "by Value Equal",
    "by Value Not Equal",
    "by Value Less Than",
    "by Value at Most",
    "by Value Greater Than",
    "by Value at Least",
    "by Value among Several",
    "by Value among None of Several",
    "by Code Like a Pattern",
    "by Code Like a Pattern in Any Case",
    "by a Missing Discount URL",
    "by a Discount URL Present",
    "by Inactive",
    "by Used-for Event",
    "by Id",
    "by Id Greater Than",
    "by Valid-till Before an Instant",
    "by Valid-till at an Instant or Later",
    "through a Ticket",
    "through a Ticket Not among Several",
    "through Its Event",
    "with And",
    "with Or",
    "with Not",
    "through a Ticket Nested to the Limit",
    "through a Ticket inside Not Nested to the Limit",
    "with And Nested to the Limit",
    "by Two Conditions",
    # Refused: a 400 naming filter.
    "Is_ with a Value",
    "Like on a Number",
    "Like with a Number",
    "among a Value Not an Array",
    "among Values of the Wrong Type",
    "Ordering a Flag",
    "by an Id Not a String",
    "by a Date Not a Date",
    "by an Unknown Used-for",
    "through a Ticket's Unknown Field",
    "through a Relationship with a Plain Op",
    "with an Unknown Combinator",
    "with an Empty Or",
    "with an Empty Condition",
    "with a Condition Not an Object",
    "with an And Not an Array",
    "with a Condition Missing Its Op",
    "through a Ticket Nested Too Deeply",
    "with And Nested Too Deeply",
    "by an Id Not Digits",
    "by an Id beyond Any Row",
    "by an Id Like a Pattern",
    "with Not beside Another Member",
    "with a Filter Not an Array",
):
    scenario(f"{FILTERED}List Discount Codes of an Event Filtered {filtered}")(codes_to_filter)

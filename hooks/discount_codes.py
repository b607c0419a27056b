"""Scenarios of the Discount Codes group, one per transaction, resource by resource.

A success scenario seeds its rows and names the least-privileged caller allowed; each
refusal reuses it with one change (another caller, a spoiled token, a conflicting row).
Ids are those the factories get from an empty database, in creation order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    UserEventRoleFactory,
    UserFactory,
    coorganizer_of,
    event_of_code,
    organizer_of,
    owner_of,
)
from hooks._scenario import (
    Context,
    Seed,
    act_as,
    admin,
    after,
    nothing_as,
    oversized,
    plain_user,
    refused_without_valid_token,
    scenario,
    spoil_token,
    then_as,
)
from reference_server.db import utcnow
from reference_server.models import DiscountCode, Event, Role, TicketType, User


def organizer_of_another_event() -> User:
    return organizer_of(EventFactoryBasic())


def anonymous() -> None:
    return None


def an_hour_ago() -> datetime:
    """When the rows a scenario seeds as soft-deleted were deleted."""
    return utcnow() - timedelta(hours=1)


def event_with_paid_ticket(price: float = 100.0) -> Event:
    event = EventFactoryBasic()
    TicketFactory(event=event, price=price)
    return event


def event_code_on_event_as_admin(context: Context) -> None:
    """Event code 1, set on event 1; the admin asks."""
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())


# --- Discount Code Collection: GET /v1/discount-codes, POST event codes -------------

COLLECTION = "Discount Codes > Discount Code Collection > "


@scenario(COLLECTION + "List All Discount Codes", lists_every_row=True)
def list_all_codes(context: Context) -> None:
    """GET /v1/discount-codes as admin: code 1, a deleted EVENT001, which the list leaves
    out; its live twin, event code 2 (EVENT001); ticket code 3 (TICKET002). The deleted one
    comes first, as only then can an API make both."""
    act_as(context, admin())
    DiscountCodeFactory(code="EVENT001", deleted_at=an_hour_ago())
    DiscountCodeFactory(code="EVENT001")
    DiscountCodeTicketFactory(code="TICKET002")


refused_without_valid_token(COLLECTION + "List All Discount Codes", list_all_codes)


@scenario(COLLECTION + "List All Discount Codes with a Token for a User beyond Any Row")
def list_all_codes_as_nobody(context: Context) -> None:
    """``list_all_codes``, with the admin's token re-signed for user 99999999999999999999."""
    list_all_codes(context)
    spoil_token(context, "with a Token for a User beyond Any Row")


scenario(COLLECTION + "List All Discount Codes as a Plain User")(
    then_as(list_all_codes, plain_user)
)
scenario(COLLECTION + "List All Discount Codes as an Organizer")(
    then_as(list_all_codes, organizer_of_another_event)
)
for listing in ("Sorted and Paginated", ", First of Two Pages", ", a Page beyond the Last"):
    scenario(
        f"{COLLECTION}List All Discount Codes {listing}".replace(" ,", ","), lists_every_row=True
    )(list_all_codes)


@scenario(COLLECTION + "List All Discount Codes Sorted by Two Keys", lists_every_row=True)
def codes_tied_on_value(context: Context) -> None:
    """Code 1, a deleted ALPHA worth 20; live event codes ZULU (2, worth 10), ALPHA (3, 20)
    and MIKE (4, 10): sorted by value, the tie between 2 and 4 goes to the code."""
    act_as(context, admin())
    DiscountCodeFactory(code="ALPHA", value=20, deleted_at=an_hour_ago())
    DiscountCodeFactory(code="ZULU", value=10)
    DiscountCodeFactory(code="ALPHA", value=20)
    DiscountCodeFactory(code="MIKE", value=10)


for listing in ("Last of Two Uneven Pages", "Third of Three Pages"):
    scenario(f"{COLLECTION}List All Discount Codes, {listing}", lists_every_row=True)(
        codes_tied_on_value
    )


@scenario(COLLECTION + "List All Discount Codes Filtered by Two Attributes", lists_every_row=True)
def codes_to_filter(context: Context) -> None:
    """Code 1, a deleted SUMMER10; live ticket codes SUMMER10 (2), summer20 (3, worth 20)
    and WINTER10 (5), event code SUMMER50 (4, worth 50); the others are worth 10. Codes 1
    and 2 discount ticket VIP."""
    act_as(context, admin())
    event = EventFactoryBasic()
    vip = TicketFactory(event=event, name="VIP", price=200.0)
    DiscountCodeTicketFactory(event=event, code="SUMMER10", tickets=[vip], deleted_at=an_hour_ago())
    DiscountCodeTicketFactory(event=event, code="SUMMER10", tickets=[vip])
    DiscountCodeTicketFactory(event=event, code="summer20", value=20)
    DiscountCodeFactory(code="SUMMER50", value=50)
    DiscountCodeTicketFactory(event=event, code="WINTER10")


for filtered in (
    "Filtered with Or and Not",
    "Filtered through Their Tickets",
    "Filtered in the Short Form",
    "Filtered and Paginated",
):
    scenario(f"{COLLECTION}List All Discount Codes {filtered}", lists_every_row=True)(
        codes_to_filter
    )
for bad_filter in (
    "with a Filter that Is Not JSON",
    "Filtered by an Unknown Field",
    "with an Unknown Filter Op",
    "with a Filter Value of the Wrong Type",
    "Filtered through a Relationship by the Wrong Op",
    "with a NUL Character in a Filter",
    "with a Filter Nested Too Deeply",
    "with a Filter Given Twice",
    "Filtered by an Unknown Field in the Short Form",
    "Filtered in the Short Form by a Value of the Wrong Type",
):
    scenario(f"{COLLECTION}List All Discount Codes {bad_filter}")(codes_to_filter)
for bad_query in (
    "with a Bad Page Size",
    "with a Page Size above the Maximum",
    "with a Page Size Not a Number",
    "with Page Number Zero",
    "with a Page Number beyond the Maximum",
    "Sorted by an Unknown Field",
):
    scenario(f"{COLLECTION}List All Discount Codes {bad_query}")(list_all_codes)


def answers_an_empty_list(context: Context) -> None:
    """An empty list cannot be pinned in MSON (a fixed empty array is no schema): the
    answer's data is checked here."""
    try:
        data = json.loads(context.real["body"])["data"]
    except (KeyError, TypeError, ValueError):
        data = None
    if data != []:
        context.fail(f"the answer must list nothing, not {data!r:.200}")


after(COLLECTION + "List All Discount Codes, a Page beyond the Last")(answers_an_empty_list)


@scenario(COLLECTION + "Create Event Discount Code")
def create_event_code(context: Context) -> None:
    """POST /v1/discount-codes as admin (user 1), pointing event 1 at the new code; event 2
    is left alone."""
    act_as(context, admin())
    EventFactoryBasic()
    EventFactoryBasic()


@after(COLLECTION + "Create Event Discount Code")
def event_points_at_new_code(context: Context) -> None:
    """Event 1 now points at code 1; event 2 still has no code."""
    pointing = (
        context.stored(Event, 1).discount_code_id,
        context.stored(Event, 2).discount_code_id,
    )
    if pointing != (1, None):
        context.fail(f"events 1 and 2 must point at code 1 and none, not {pointing}")


refused_without_valid_token(COLLECTION + "Create Event Discount Code", create_event_code)


@scenario(COLLECTION + "Create Event Discount Code as a Co-organizer")
def create_event_code_as_coorganizer(context: Context) -> None:
    act_as(context, coorganizer_of(EventFactoryBasic()))


@scenario(COLLECTION + "Create Event Discount Code as the Owner of the Event")
def create_event_code_as_owner(context: Context) -> None:
    act_as(context, owner_of(EventFactoryBasic()))


scenario(COLLECTION + "Create Event Discount Code for a Missing Event")(nothing_as(admin))


@scenario(COLLECTION + "Create Event Discount Code for a Deleted Event")
def create_event_code_for_deleted_event(context: Context) -> None:
    act_as(context, admin())
    EventFactoryBasic(deleted_at=an_hour_ago())


@scenario(COLLECTION + "Create Event Discount Code for an Event that Has One")
def create_event_code_for_event_with_one(context: Context) -> None:
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())


@scenario(COLLECTION + "Create Event Discount Code with a Duplicate Code")
def create_duplicate_event_code(context: Context) -> None:
    create_event_code(context)
    DiscountCodeFactory(code="platform10")


@scenario(COLLECTION + "Create Event Discount Code Equal to a Deleted One")
def create_event_code_equal_to_deleted(context: Context) -> None:
    """Code 1, PLATFORM10, was deleted: the new PLATFORM10 is code 2."""
    act_as(context, admin())
    EventFactoryBasic()
    DiscountCodeFactory(code="PLATFORM10", deleted_at=an_hour_ago())


for invalid in (
    "with a Percent above 100",
    "with an Unknown Used-for",
    "with a Client-generated Id",
    "with a Deleted-at",
    "without a Value",
    "without a Discount Type",
    "with a Wrong Type",
    "with Valid-from after Valid-till",
    "with Min Quantity above Max Quantity",
    "with Tickets-number below Max Quantity",
    "as Plain JSON",
    "at the Boundaries",
    "with Dates in Other Time Zones",
    "with Tickets",
    "without a Code",
    "with a Null Value",
    "with a Negative Min Quantity",
    "with Tickets-number beyond the Maximum",
    "with a Body that Is Not JSON",
    "with Data Not an Object",
    "with an Unknown Attribute",
    "with an Unknown Relationship",
    "with a Value of the Wrong Type",
    "with a Boolean Value",
    "with a Value of NaN",
    "with a Value of 4,301 Digits",
    "with a Fractional Min Quantity",
    "with a Media Type Parameter",
    "Nested Too Deeply",
    "Nested to the Limit after a Closed Object",
    "Nested One Too Deep after a Closed Object",
    "with a NUL Character",
    "without Max Quantity",
    "Breaking Two Rules",
    "without a Type",
    "with Attributes Not an Object",
    "with a Relationship without Data",
    "with Linkage Not of Identifiers",
    "Nested 32 Levels",
    "Nested 33 Levels after a Closed List",
    "with a Date beyond UTC",
):
    scenario(f"{COLLECTION}Create Event Discount Code {invalid}")(create_event_code)


@scenario(COLLECTION + "Create Event Discount Code with the Code of a Ticket Code")
def create_event_code_named_as_ticket_code(context: Context) -> None:
    """Ticket code 1 of event 1 is PLATFORM10."""
    act_as(context, admin())
    DiscountCodeTicketFactory(event=EventFactoryBasic(), code="PLATFORM10")


@scenario(COLLECTION + "Create Event Discount Code for an Event whose Code Was Deleted")
def create_event_code_after_deleted_one(context: Context) -> None:
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory(deleted_at=an_hour_ago()))


scenario(COLLECTION + "Create Event Discount Code with a Body over the Size Limit")(
    oversized(create_event_code)
)


# --- Ticket Discount Code Collection: POST ticket codes ------------------------------

TICKET_COLLECTION = "Discount Codes > Ticket Discount Code Collection > "


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code")
def create_ticket_code(context: Context) -> None:
    """POST /v1/discount-codes as co-organizer (user 1) of event 1, for its paid ticket 1;
    its ticket 2 is not named."""
    event = event_with_paid_ticket()
    TicketFactory(event=event)
    act_as(context, coorganizer_of(event))


scenario(TICKET_COLLECTION + "Create Ticket Discount Code Inactive")(create_ticket_code)


@after(TICKET_COLLECTION + "Create Ticket Discount Code Inactive")
def new_code_is_stored_inactive(context: Context) -> None:
    if context.stored(DiscountCode, 1).is_active is not False:
        context.fail("code 1 must be stored inactive, as sent")


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code with an Amount above 100")
def create_code_for_a_dear_ticket(context: Context) -> None:
    """As ``create_ticket_code``, but ticket 1 costs 250."""
    event = event_with_paid_ticket(price=250.0)
    TicketFactory(event=event)
    act_as(context, coorganizer_of(event))


@after(TICKET_COLLECTION + "Create Ticket Discount Code")
def new_code_links_its_ticket(context: Context) -> None:
    """The link table holds code 1 -> ticket 1, and nothing for ticket 2."""
    linked = sorted(ticket.id for ticket in context.stored(DiscountCode, 1).tickets)
    if linked != [1]:
        context.fail(f"code 1 must be linked to ticket 1 alone, not to {linked}")


refused_without_valid_token(TICKET_COLLECTION + "Create Ticket Discount Code", create_ticket_code)
scenario(TICKET_COLLECTION + "Create Ticket Discount Code Naming a Ticket Twice")(
    create_ticket_code
)
scenario(TICKET_COLLECTION + "Create Ticket Discount Code as a Plain User")(
    then_as(create_ticket_code, plain_user)
)
scenario(TICKET_COLLECTION + "Create Ticket Discount Code as an Organizer of Another Event")(
    then_as(create_ticket_code, organizer_of_another_event)
)


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code as the Owner of the Event")
def create_ticket_code_as_owner(context: Context) -> None:
    act_as(context, owner_of(event_with_paid_ticket()))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code as an Organizer of the Event")
def create_ticket_code_as_organizer(context: Context) -> None:
    act_as(context, organizer_of(event_with_paid_ticket()))


scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Missing Event")(nothing_as(admin))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Missing Ticket")
def create_ticket_code_for_missing_ticket(context: Context) -> None:
    act_as(context, coorganizer_of(EventFactoryBasic()))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Deleted Event")
def create_ticket_code_for_deleted_event(context: Context) -> None:
    event = EventFactoryBasic(deleted_at=an_hour_ago())
    TicketFactory(event=event)
    act_as(context, admin())


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Deleted Ticket")
def create_ticket_code_for_deleted_ticket(context: Context) -> None:
    event = EventFactoryBasic()
    TicketFactory(event=event, deleted_at=an_hour_ago())
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code with a Duplicate Code")
def create_duplicate_ticket_code(context: Context) -> None:
    event = event_with_paid_ticket()
    DiscountCodeTicketFactory(event=event, code="earlybird", tickets=[])
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code with the Code of Another Event")
def create_ticket_code_taken_elsewhere(context: Context) -> None:
    """Event 1 and its ticket 1; event 2 has a live EARLYBIRD (code 1)."""
    event = event_with_paid_ticket()
    DiscountCodeTicketFactory(event=EventFactoryBasic(), code="EARLYBIRD")
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code with the Code of an Event Code")
def create_ticket_code_taken_by_an_event_code(context: Context) -> None:
    """Event 1 and its ticket 1; event code 1 is a live EARLYBIRD."""
    event = event_with_paid_ticket()
    DiscountCodeFactory(code="EARLYBIRD")
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code Equal to a Deleted One")
def create_ticket_code_equal_to_deleted(context: Context) -> None:
    event = event_with_paid_ticket()
    DiscountCodeTicketFactory(event=event, code="EARLYBIRD", tickets=[], deleted_at=an_hour_ago())
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Free Ticket")
def create_ticket_code_for_free_ticket(context: Context) -> None:
    event = EventFactoryBasic()
    TicketFactory(event=event, free=True)
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Ticket of Another Event")
def create_ticket_code_for_other_events_ticket(context: Context) -> None:
    event = EventFactoryBasic()
    TicketFactory(event=EventFactoryBasic())
    act_as(context, coorganizer_of(event))


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code with an Amount above the Ticket Price")
def create_ticket_code_above_price(context: Context) -> None:
    act_as(context, coorganizer_of(event_with_paid_ticket(price=10.0)))


@scenario(
    TICKET_COLLECTION + "Create Ticket Discount Code with an Amount above the Price of One Ticket"
)
def create_ticket_code_above_one_price(context: Context) -> None:
    """Event 1's ticket 1 costs 100, its ticket 2 costs 10."""
    event = event_with_paid_ticket()
    TicketFactory(event=event, price=10.0)
    act_as(context, coorganizer_of(event))


for invalid in (
    "without an Event",
    "with a Negative Value",
    "as Plain JSON",
    "at the Boundaries",
    "with Events",
    "with a Percent above 100",
    "with an Event Id Not a Number",
    "with Is-active Not a Boolean",
    "with a Code Not a String",
    "for an Event Id beyond Any Row",
    "Crediting Itself as a Co-organizer",
    "Crediting No Marketer",
    "with the Longest Discount URL",
    "with a Client-generated Id",
    "with a Created-at",
    "with a Value of Zero",
):
    scenario(f"{TICKET_COLLECTION}Create Ticket Discount Code {invalid}")(create_ticket_code)
scenario(TICKET_COLLECTION + "Create Ticket Discount Code with a Percent above a Ticket's Price")(
    create_ticket_code_above_price
)


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code Crediting a Marketer")
def create_ticket_code_crediting_marketer(context: Context) -> None:
    """POST /v1/discount-codes as admin (user 1), crediting the code to user 2."""
    act_as(context, admin())
    event_with_paid_ticket()
    UserFactory()


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code Crediting a Missing Marketer")
def create_ticket_code_crediting_missing_marketer(context: Context) -> None:
    """The admin is user 1, and there is no user 2."""
    act_as(context, admin())
    event_with_paid_ticket()


@scenario(
    TICKET_COLLECTION + "Create Ticket Discount Code Crediting Another Marketer as a Co-organizer"
)
def create_ticket_code_crediting_another_as_coorganizer(context: Context) -> None:
    """The co-organizer (user 1) of event 1 may create the code, not credit it to user 2."""
    create_ticket_code(context)
    UserFactory()


@scenario(TICKET_COLLECTION + "Create Ticket Discount Code for a Donation Ticket")
def create_ticket_code_for_a_donation(context: Context) -> None:
    """Event 1's donation ticket 1 (25) and paid ticket 2; its co-organizer asks."""
    event = EventFactoryBasic()
    TicketFactory(event=event, type=TicketType.DONATION, price=25.0)
    TicketFactory(event=event)
    act_as(context, coorganizer_of(event))


@scenario(
    TICKET_COLLECTION
    + "Create Ticket Discount Code Crediting an Earlier Marketer as a Co-organizer"
)
def create_ticket_code_crediting_an_earlier_user(context: Context) -> None:
    """User 1 signed up first; the co-organizer (user 2) of event 1 names them."""
    UserFactory()
    create_ticket_code(context)


# --- Discount Code: GET, PATCH (ticket code), DELETE /v1/discount-codes/1 ------------

CODE = "Discount Codes > Discount Code > "


def deleted_ticket_code_as_admin(context: Context) -> None:
    """Code 1 was soft-deleted."""
    act_as(context, admin())
    DiscountCodeTicketFactory(deleted_at=utcnow() - timedelta(hours=1))


@scenario(CODE + "Get Discount Code")
def get_code(context: Context) -> None:
    """GET /v1/discount-codes/1 as its marketer (user 1), who has no role in the event;
    code 2, on event 2, is the same marketer's too."""
    marketer = UserFactory()
    DiscountCodeTicketFactory(marketer=marketer)
    DiscountCodeTicketFactory(marketer=marketer)
    act_as(context, marketer)


refused_without_valid_token(CODE + "Get Discount Code", get_code)
scenario(CODE + "Get Discount Code as a Plain User")(then_as(get_code, plain_user))
scenario(CODE + "Get Discount Code as an Organizer of Another Event")(
    then_as(get_code, organizer_of_another_event)
)


@scenario(CODE + "Get Discount Code as a Co-organizer of Its Event")
def get_code_as_coorganizer(context: Context) -> None:
    """Code 1's event 1 is co-organized by user 2; code 2, on event 2, is left out."""
    code = DiscountCodeTicketFactory(marketer=UserFactory())
    act_as(context, coorganizer_of(code.event))
    DiscountCodeTicketFactory()


@scenario(CODE + "Get an Event Discount Code as an Organizer of an Event Using It")
def event_code_as_organizer_of_its_event(context: Context) -> None:
    """Event 1 points at event code 1; its organizer asks."""
    act_as(context, organizer_of(EventFactoryBasic(discount_code=DiscountCodeFactory())))


@scenario(CODE + "Get Discount Code as a User Made before Its Marketer")
def get_code_as_earlier_user(context: Context) -> None:
    """User 1 is a plain user; user 2 is code 1's marketer."""
    earlier = UserFactory()
    DiscountCodeTicketFactory(marketer=UserFactory())
    act_as(context, earlier)


@scenario(CODE + "Get Discount Code with a Deleted Ticket")
def get_code_with_a_deleted_ticket(context: Context) -> None:
    """Code 1 links tickets 1 and 2 of event 1; ticket 2 was deleted. Code 2, of event 2,
    is not the one answered."""
    event = EventFactoryBasic()
    tickets = [TicketFactory(event=event), TicketFactory(event=event, deleted_at=an_hour_ago())]
    DiscountCodeTicketFactory(event=event, tickets=tickets)
    DiscountCodeTicketFactory()
    act_as(context, admin())


@scenario(CODE + "Get an Event Discount Code Set on a Deleted Event")
def get_event_code_set_on_a_deleted_event(context: Context) -> None:
    """Events 1 and 2 point at event code 1; event 2 was deleted. Event 3 points at event
    code 2, which is not the one answered."""
    code = DiscountCodeFactory()
    EventFactoryBasic(discount_code=code)
    EventFactoryBasic(discount_code=code, deleted_at=an_hour_ago())
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    act_as(context, admin())


scenario(CODE + "Get a Missing Discount Code")(nothing_as(admin))
scenario(CODE + "Get a Missing Discount Code as a Plain User")(nothing_as(plain_user))
scenario(CODE + "Get a Discount Code with an Id beyond Any Row")(nothing_as(admin))
scenario(CODE + "Get a Deleted Discount Code")(deleted_ticket_code_as_admin)


@scenario(CODE + "Update Ticket Discount Code")
def update_ticket_code(context: Context) -> None:
    """PATCH /v1/discount-codes/1 as co-organizer (user 2) of the code's event 1; the
    code's marketer is user 1, its ticket 1 costs 100."""
    code = DiscountCodeTicketFactory()
    act_as(context, coorganizer_of(code.event))


@after(CODE + "Update Ticket Discount Code")
def update_is_stored(context: Context) -> None:
    """The stored code has the new value and max-quantity, and kept its min-quantity."""
    code = context.stored(DiscountCode, 1)
    if (code.value, code.max_quantity, code.min_quantity) != (20, 8, 1):
        context.fail("code 1 must be stored with value 20, max 8 and min 1")


scenario(CODE + "Update Ticket Discount Code Deactivating It")(update_ticket_code)
scenario(CODE + "Update Ticket Discount Code Clearing Its Validity")(update_ticket_code)


@after(CODE + "Update Ticket Discount Code Deactivating It")
def deactivation_is_stored(context: Context) -> None:
    code = context.stored(DiscountCode, 1)
    if (code.is_active, code.value, code.max_quantity) != (False, 10, 10):
        context.fail("code 1 must be stored inactive, with value 10 and max 10 kept")


def update_ticket_code_with(extra: Callable[[DiscountCode], object]) -> Seed:
    """``update_ticket_code``'s rows and caller, plus what ``extra(code)`` adds."""

    def seed(context: Context) -> None:
        code = DiscountCodeTicketFactory()
        extra(code)
        act_as(context, coorganizer_of(code.event))

    seed.__doc__ = f"update_ticket_code, plus {extra.__name__}."
    return seed


def same_events_ticket(code: DiscountCode) -> object:
    return TicketFactory(event=code.event)


def same_events_free_ticket(code: DiscountCode) -> object:
    return TicketFactory(event=code.event, free=True)


def another_events_ticket(code: DiscountCode) -> object:
    return TicketFactory(event=EventFactoryBasic())


def same_events_ticket002(code: DiscountCode) -> object:
    return DiscountCodeTicketFactory(event=code.event)


def same_events_deleted_ticket002(code: DiscountCode) -> object:
    return DiscountCodeTicketFactory(event=code.event, deleted_at=an_hour_ago())


def another_events_ticket002(code: DiscountCode) -> object:
    return DiscountCodeTicketFactory()


refused_without_valid_token(CODE + "Update Ticket Discount Code", update_ticket_code)
scenario(CODE + "Update Ticket Discount Code as an Organizer of Another Event")(
    then_as(update_ticket_code, organizer_of_another_event)
)


@scenario(CODE + "Update Ticket Discount Code as Its Marketer")
def update_ticket_code_as_marketer(context: Context) -> None:
    act_as(context, DiscountCodeTicketFactory().marketer)


scenario(CODE + "Update a Missing Discount Code")(nothing_as(admin))
scenario(CODE + "Update a Missing Discount Code as a Plain User")(nothing_as(plain_user))
for invalid in (
    "Changing Used-for",
    "with a Mismatched Id",
    "with Valid-till before the Stored Valid-from",
    "Changing the Marketer",
    "as Plain JSON",
    "with Min Quantity above the Stored Max Quantity",
    "with Max Quantity below the Stored Min Quantity",
    "with Tickets-number below the Stored Max Quantity",
    "with Valid-from after the Stored Valid-till",
    "to a Percent above 100",
    "with a Negative Value",
    "with an Amount above Its Ticket's Price",
    "Re-sending Its Event",
    "with a Missing Ticket",
    "Naming a Ticket Twice",
    "with Events",
    "without an Id",
    "with a Null Code",
    "with a Created-at",
    "with a Deleted-at",
    "with a Value of the Wrong Type",
    "with an Unknown Attribute",
    "with a Body that Is Not JSON",
    "with a Value of Minus Infinity",
    "with a Media Type Parameter",
    "Keeping Its Code",
    "Re-sending Used-for",
):
    scenario(f"{CODE}Update Ticket Discount Code {invalid}")(update_ticket_code)
for change, extra in (
    ("with a Duplicate Code", same_events_ticket002),
    ("to the Code of a Deleted One", same_events_deleted_ticket002),
    ("to the Code of Another Event's", another_events_ticket002),
    ("Replacing Its Tickets", same_events_ticket),
    ("Detaching Its Tickets", same_events_ticket),
    ("with a Ticket of Another Event", another_events_ticket),
    ("with a Free Ticket", same_events_free_ticket),
):
    scenario(f"{CODE}Update Ticket Discount Code {change}")(update_ticket_code_with(extra))


@scenario(CODE + "Update Ticket Discount Code above the Price of a Deleted Ticket")
def update_code_linking_a_deleted_ticket(context: Context) -> None:
    """As ``update_ticket_code``, but code 1 links ticket 2 too (price 20, deleted)."""
    event = EventFactoryBasic()
    live = TicketFactory(event=event)
    deleted = TicketFactory(event=event, price=20.0, deleted_at=an_hour_ago())
    DiscountCodeTicketFactory(event=event, tickets=[live, deleted])
    act_as(context, coorganizer_of(event))


@scenario(CODE + "Update Ticket Discount Code Moving It to Another Event")
def move_ticket_code(context: Context) -> None:
    """User 2 co-organizes both event 1 (the code's) and event 2."""
    code = DiscountCodeTicketFactory()
    coorganizer = coorganizer_of(code.event)
    UserEventRoleFactory(user=coorganizer, event=EventFactoryBasic(), role=Role.COORGANIZER)
    act_as(context, coorganizer)


def answered_linkage(context: Context, relationship: str) -> list[str] | None:
    """The ids of ``relationship`` in the answer's ``data``, or ``None`` if it has none."""
    try:
        linkage = json.loads(context.real["body"])["data"]["relationships"]
        return [item["id"] for item in linkage[relationship]["data"]]
    except (KeyError, TypeError, ValueError):
        return None


def code_links_tickets(expected: list[int]) -> Seed:
    def check(context: Context) -> None:
        answered = answered_linkage(context, "tickets")
        # Only an empty list needs checking here (a fixed list is pinned by the blueprint,
        # and this one has no ids an API seeder would rewrite).
        if not expected and answered != []:
            context.fail(f"the answer must link tickets {expected}, not {answered}")
            return
        linked = sorted(ticket.id for ticket in context.stored(DiscountCode, 1).tickets)
        if linked != expected:
            context.fail(f"code 1 must be linked to tickets {expected}, not {linked}")

    check.__doc__ = f"The link table holds code 1 -> tickets {expected} and nothing else."
    return check


after(CODE + "Update Ticket Discount Code Replacing Its Tickets")(code_links_tickets([2]))
after(CODE + "Update Ticket Discount Code Detaching Its Tickets")(code_links_tickets([]))


@scenario(CODE + "Delete Discount Code")
def delete_ticket_code(context: Context) -> None:
    """DELETE /v1/discount-codes/1 as co-organizer of the code's event."""
    update_ticket_code(context)


@after(CODE + "Delete Discount Code")
def deletion_is_soft(context: Context) -> None:
    """The deleted code stays in the database, marked with its deletion time."""
    code = context.stored(DiscountCode, 1)
    if code is None or code.deleted_at is None:
        context.fail("DELETE must mark code 1 deleted, not remove it (soft delete)")


refused_without_valid_token(CODE + "Delete Discount Code", delete_ticket_code)
scenario(CODE + "Delete Discount Code as a Plain User")(then_as(delete_ticket_code, plain_user))
scenario(CODE + "Delete Discount Code as an Organizer of Another Event")(
    then_as(delete_ticket_code, organizer_of_another_event)
)
scenario(CODE + "Delete Discount Code as Its Marketer")(update_ticket_code_as_marketer)
scenario(CODE + "Delete an Event Discount Code as an Organizer of an Event Using It")(
    event_code_as_organizer_of_its_event
)
scenario(CODE + "Delete a Deleted Discount Code")(deleted_ticket_code_as_admin)
scenario(CODE + "Delete a Missing Discount Code")(nothing_as(admin))


# --- Event Discount Code: PATCH an event code ----------------------------------------

EVENT_CODE = "Discount Codes > Event Discount Code > "


@scenario(EVENT_CODE + "Update Event Discount Code")
def update_event_code(context: Context) -> None:
    """PATCH /v1/discount-codes/1 as admin: event 1 has the code, event 2 gets it too."""
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    EventFactoryBasic()


def events_point_at_code(expected: tuple[int | None, ...]) -> Seed:
    def check(context: Context) -> None:
        pointing = tuple(
            context.stored(Event, event_id).discount_code_id
            for event_id in range(1, len(expected) + 1)
        )
        if pointing != expected:
            context.fail(f"events 1.. must point at codes {expected}, not {pointing}")

    check.__doc__ = f"The events' stored discount codes are {expected}."
    return check


after(EVENT_CODE + "Update Event Discount Code")(events_point_at_code((1, 1)))
refused_without_valid_token(EVENT_CODE + "Update Event Discount Code", update_event_code)
scenario(EVENT_CODE + "Update Event Discount Code Naming an Event Twice")(update_event_code)


@scenario(EVENT_CODE + "Update Event Discount Code as an Organizer of Its Event")
def update_event_code_as_organizer(context: Context) -> None:
    event = EventFactoryBasic(discount_code=DiscountCodeFactory())
    EventFactoryBasic()
    act_as(context, organizer_of(event))


@scenario(EVENT_CODE + "Update Event Discount Code as Its Marketer")
def update_event_code_as_marketer(context: Context) -> None:
    """Code 1 is credited to user 1, a plain user."""
    code = DiscountCodeFactory()
    EventFactoryBasic(discount_code=code)
    EventFactoryBasic()
    act_as(context, code.marketer)


@scenario(EVENT_CODE + "Update Event Discount Code onto an Event that Has One")
def update_event_code_onto_taken_event(context: Context) -> None:
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    EventFactoryBasic(discount_code=DiscountCodeFactory())


@scenario(EVENT_CODE + "Update Event Discount Code onto an Event whose Code Was Deleted")
def update_event_code_onto_event_with_deleted_code(context: Context) -> None:
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    EventFactoryBasic(discount_code=DiscountCodeFactory(deleted_at=an_hour_ago()))


@scenario(EVENT_CODE + "Update Event Discount Code onto a Deleted Event")
def update_event_code_onto_deleted_event(context: Context) -> None:
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    EventFactoryBasic(deleted_at=an_hour_ago())


for change in (
    "Keeping Its Event",
    "Detaching Its Events",
    "onto a Missing Event",
):
    scenario(f"{EVENT_CODE}Update Event Discount Code {change}")(event_code_on_event_as_admin)


@after(EVENT_CODE + "Update Event Discount Code Detaching Its Events")
def events_detached(context: Context) -> None:
    """The answer links no event, and event 1 no longer points at the code."""
    answered = answered_linkage(context, "events")
    if answered != []:
        context.fail(f"the answer must link no event, not {answered}")
        return
    events_point_at_code((None,))(context)


for invalid in (
    "with Min Quantity above the Stored Max Quantity",
    "with a Percent above 100",
    "with Tickets",
    "Changing Used-for",
):
    scenario(f"{EVENT_CODE}Update Event Discount Code {invalid}")(update_event_code)


# --- Event Discount Codes: GET /v1/events/{event_identifier}/discount-codes ----------
#
# The read routes seed the rows an answer must contain among rows it must leave out
# (another event's, another marketer's, another ticket's, soft-deleted ones), made
# before the rows it must contain, so that no answer is simply "the first rows".

EVENT_CODES = "Discount Codes > Event Discount Codes > "
# A bad query parameter on a list, each its own transaction (400 naming the parameter).
BAD_LIST_QUERIES = (
    "with a Page Size above the Maximum",
    "with a Page Size Not a Number",
    "with Page Number Zero",
    "Sorted by an Unknown Field",
    "Filtered by an Unknown Field",
)
BEYOND_ANY_ROW = " with an Id beyond Any Row"


@scenario(EVENT_CODES + "List Discount Codes of an Event that Has None")
def event_without_codes(context: Context) -> None:
    """Event 1 has ticket code 1; event 2 only code 2, deleted; its co-organizer asks."""
    DiscountCodeTicketFactory(event=EventFactoryBasic())
    event = EventFactoryBasic()
    DiscountCodeTicketFactory(event=event, deleted_at=an_hour_ago())
    act_as(context, coorganizer_of(event))


after(EVENT_CODES + "List Discount Codes of an Event that Has None")(answers_an_empty_list)


def deleted_if(deleted: bool) -> datetime | None:
    return an_hour_ago() if deleted else None


def event_codes_among_others(
    *, event_code_deleted: bool = False, event_deleted: bool = False
) -> tuple[Event, Event, DiscountCode]:
    """Event 2: event code 2, ticket codes 5 and 6, soft-deleted ticket code 4. Event 1:
    event code 1, ticket code 3. Returns event 2, event 1 and code 5."""
    other_event_code = DiscountCodeFactory()
    event_code = DiscountCodeFactory(deleted_at=deleted_if(event_code_deleted))
    other = EventFactoryBasic(discount_code=other_event_code)
    event = EventFactoryBasic(discount_code=event_code, deleted_at=deleted_if(event_deleted))
    DiscountCodeTicketFactory(event=other)
    DiscountCodeTicketFactory(event=event, deleted_at=an_hour_ago())
    listed = DiscountCodeTicketFactory(event=event)
    DiscountCodeTicketFactory(event=event)
    return event, other, listed


@scenario(EVENT_CODES + "List Discount Codes of an Event")
def list_event_codes(context: Context) -> None:
    """GET /v1/events/2/discount-codes as co-organizer of event 2: codes 2, 5 and 6."""
    event, _, _ = event_codes_among_others()
    act_as(context, coorganizer_of(event))


@scenario(EVENT_CODES + "List Discount Codes of an Event by Identifier")
def list_event_codes_by_identifier(context: Context) -> None:
    """GET /v1/events/event0002/discount-codes as organizer: the same codes."""
    event, _, _ = event_codes_among_others()
    act_as(context, organizer_of(event))


@scenario(EVENT_CODES + "List Discount Codes of an Event whose Event Code Was Deleted")
def list_event_codes_event_code_deleted(context: Context) -> None:
    event, _, _ = event_codes_among_others(event_code_deleted=True)
    act_as(context, coorganizer_of(event))


@scenario(EVENT_CODES + "List Discount Codes of an Event as an Organizer of Another Event")
def list_event_codes_as_other_organizer(context: Context) -> None:
    """The caller organizes event 1, which has codes of its own."""
    _, other, _ = event_codes_among_others()
    act_as(context, organizer_of(other))


@scenario(EVENT_CODES + "List Discount Codes of an Event as the Marketer of One of Its Codes")
def list_event_codes_as_marketer(context: Context) -> None:
    """The marketer of code 5 may read code 5, not the event's list."""
    _, _, listed = event_codes_among_others()
    act_as(context, listed.marketer)


def event_deleted_with_its_codes(context: Context) -> None:
    """Event 2 and its codes as above, but event 2 was soft-deleted; the admin asks."""
    event_codes_among_others(event_deleted=True)
    act_as(context, admin())


refused_without_valid_token(EVENT_CODES + "List Discount Codes of an Event", list_event_codes)
scenario(EVENT_CODES + "List Discount Codes of an Event Paginated")(list_event_codes)
scenario(EVENT_CODES + "List Discount Codes of an Event Filtered by Used-for")(list_event_codes)
scenario(EVENT_CODES + "List Discount Codes of an Event as a Plain User")(
    then_as(list_event_codes, plain_user)
)
for bad_query in BAD_LIST_QUERIES:
    scenario(f"{EVENT_CODES}List Discount Codes of an Event {bad_query}")(list_event_codes)
scenario(EVENT_CODES + "List Discount Codes of a Missing Event")(nothing_as(admin))
scenario(EVENT_CODES + "List Discount Codes of a Missing Event as a Plain User")(
    nothing_as(plain_user)
)
for deleted in (
    "List Discount Codes of a Deleted Event",
    "List Discount Codes of a Deleted Event by Identifier",
):
    scenario(EVENT_CODES + deleted)(event_deleted_with_its_codes)
scenario(EVENT_CODES + "List Discount Codes of an Event" + BEYOND_ANY_ROW)(
    then_as(list_event_codes, admin)
)


# --- Discount Code Lookup: GET /v1/events/1/discount-codes/summer25 ------------------

LOOKUP = "Discount Codes > Discount Code Lookup > "


def summer25_elsewhere(**event: object) -> Event:
    """Three codes SUMMER25 the lookup must not find: event code 1, set on event 1 (made
    with ``event``'s attributes); ticket code 2 of event 2; code 3 of event 1, deleted."""
    event_1 = EventFactoryBasic(discount_code=DiscountCodeFactory(code="SUMMER25"), **event)
    DiscountCodeTicketFactory(event=EventFactoryBasic(), code="SUMMER25")
    DiscountCodeTicketFactory(event=event_1, code="SUMMER25", deleted_at=an_hour_ago())
    return event_1


def summer25(event: dict[str, object] | None = None, **code: object) -> DiscountCode:
    """Event 1's live ticket code SUMMER25 (code 4, with ``code``'s attributes) after the
    three others of that name."""
    return DiscountCodeTicketFactory(
        event=summer25_elsewhere(**(event or {})), code="SUMMER25", **code
    )


def lookup(context: Context, event: dict[str, object] | None = None, **code: object) -> None:
    """Anonymously, with the codes ``summer25`` seeds."""
    summer25(event, **code)
    act_as(context, None)


@scenario(LOOKUP + "Check a Discount Code")
def check_code(context: Context) -> None:
    """GET /v1/events/1/discount-codes/summer25 anonymously: code 4, SUMMER25, is live."""
    lookup(context)


scenario(LOOKUP + "Check a Discount Code by Event Identifier")(check_code)
scenario(LOOKUP + "Check a Discount Code of an Event" + BEYOND_ANY_ROW)(check_code)


@scenario(LOOKUP + "Check a Discount Code with a Malformed Token")
def check_code_with_malformed_token(context: Context) -> None:
    check_code(context)
    spoil_token(context, "with a Malformed Token")


@scenario(LOOKUP + "Check an Unknown Discount Code")
def check_unknown_code(context: Context) -> None:
    DiscountCodeTicketFactory(code="WINTER10")


@scenario(LOOKUP + "Check a Deleted Discount Code")
def check_deleted_code(context: Context) -> None:
    """Event 1's only ticket code SUMMER25 was deleted."""
    summer25_elsewhere()


@scenario(LOOKUP + "Check a Discount Code of Another Event")
def check_code_of_another_event(context: Context) -> None:
    EventFactoryBasic()
    DiscountCodeTicketFactory(event=EventFactoryBasic(), code="SUMMER25")


@scenario(LOOKUP + "Check a Discount Code that Is an Event Code")
def check_event_code(context: Context) -> None:
    EventFactoryBasic(discount_code=DiscountCodeFactory(code="SUMMER25"))


@scenario(LOOKUP + "Check a Discount Code with a NUL Byte")
def check_code_with_nul_byte(context: Context) -> None:
    """Event 1 has codes AB and A: neither is A<NUL>B."""
    event = EventFactoryBasic()
    DiscountCodeTicketFactory(event=event, code="AB")
    DiscountCodeTicketFactory(event=event, code="A")


scenario(LOOKUP + "Check a Discount Code of a Missing Event")(nothing_as(anonymous))


@scenario(LOOKUP + "Check a Discount Code of a Deleted Event")
def check_code_of_deleted_event(context: Context) -> None:
    DiscountCodeTicketFactory(event=EventFactoryBasic(deleted_at=an_hour_ago()), code="SUMMER25")


def minutes(n: int) -> datetime:
    """``n`` minutes from now (before now if negative)."""
    return utcnow() + timedelta(minutes=n)


def days(n: int) -> datetime:
    return utcnow() + timedelta(days=n)


# The lookup of code 4 with the validity the name says (the blueprint says 200 or 405):
# transaction -> when seeded, (the attributes of event 1, those of code 4).
VALIDITY: dict[str, Callable[[], tuple[dict[str, Any], dict[str, Any]]]] = {
    "Check an Inactive Discount Code": lambda: ({}, {"is_active": False}),
    "Check an Expired Discount Code": lambda: (
        {},
        {"valid_from": days(-2), "valid_till": days(-1)},
    ),
    "Check a Discount Code Not Valid Yet": lambda: (
        {},
        {"valid_from": days(1), "valid_till": days(2)},
    ),
    "Check a Discount Code after Its Event Ended": lambda: (
        {"starts_at": days(-3), "ends_at": days(-1)},
        {"valid_from": days(-5), "valid_till": None},
    ),
    "Check a Discount Code Valid until a Minute from Now": lambda: (
        {},
        {"valid_till": minutes(1)},
    ),
    "Check a Discount Code that Expired a Minute Ago": lambda: ({}, {"valid_till": minutes(-1)}),
    "Check a Discount Code Valid from a Minute from Now": lambda: ({}, {"valid_from": minutes(1)}),
    "Check a Discount Code Valid from a Minute Ago": lambda: ({}, {"valid_from": minutes(-1)}),
    "Check a Discount Code without Valid-till whose Event Ends in a Minute": lambda: (
        {"starts_at": days(-1), "ends_at": minutes(1)},
        {"valid_till": None},
    ),
    "Check a Discount Code without Valid-till whose Event Ended a Minute Ago": lambda: (
        {"starts_at": days(-1), "ends_at": minutes(-1)},
        {"valid_till": None},
    ),
}


def check_with(validity: Callable[[], tuple[dict[str, Any], dict[str, Any]]]) -> Seed:
    """The lookup of code 4 made with ``validity()``'s attributes."""

    def check_code_with_validity(context: Context) -> None:
        event, code = validity()
        lookup(context, event, **code)

    return check_code_with_validity


for checked, validity in VALIDITY.items():
    scenario(LOOKUP + checked)(check_with(validity))


# --- Get Discount Code Detail of an Event: GET /v1/events/2/discount-code ------------

DETAIL = "Discount Codes > Get Discount Code Detail of an Event > "


def event_code_among_others(
    *, code_deleted: bool = False, event_deleted: bool = False, **other_event: Any
) -> tuple[Event, Event, DiscountCode]:
    """Event 2 points at event code 2 and has ticket code 3; event 1 (made with
    ``other_event``'s attributes) points at event code 1. Returns event 2, event 1 and
    code 2."""
    other_code = DiscountCodeFactory()
    code = DiscountCodeFactory(deleted_at=deleted_if(code_deleted))
    other = EventFactoryBasic(discount_code=other_code, **other_event)
    event = EventFactoryBasic(discount_code=code, deleted_at=deleted_if(event_deleted))
    DiscountCodeTicketFactory(event=event)
    return event, other, code


@scenario(DETAIL + "Get Discount Code Detail of an Event")
def event_discount_code_get_detail(context: Context) -> None:
    """GET /v1/events/2/discount-code as admin: event 2 points at event code 2."""
    event_code_among_others()
    act_as(context, admin())


@scenario(DETAIL + "Get Discount Code Detail of an Event by Identifier")
def event_discount_code_by_identifier(context: Context) -> None:
    """GET /v1/events/event0002/discount-code as admin; event 1's identifier, event9999,
    sorts after it (a lookup must match the identifier, not the first at or after it)."""
    event_code_among_others(identifier="event9999")
    act_as(context, admin())


scenario(DETAIL + "Get Discount Code Detail of an Event" + BEYOND_ANY_ROW)(
    event_discount_code_get_detail
)
refused_without_valid_token(
    DETAIL + "Get Discount Code Detail of an Event", event_discount_code_get_detail
)


@scenario(DETAIL + "Get Discount Code Detail of an Event as Its Organizer")
def event_discount_code_as_organizer(context: Context) -> None:
    event, _, _ = event_code_among_others()
    act_as(context, organizer_of(event))


@scenario(DETAIL + "Get Discount Code Detail of an Event as an Organizer of Another Event")
def event_discount_code_as_other_organizer(context: Context) -> None:
    """The caller organizes event 1, which has an event code of its own."""
    _, other, _ = event_code_among_others()
    act_as(context, organizer_of(other))


@scenario(DETAIL + "Get Discount Code Detail of an Event as Its Code's Marketer")
def event_discount_code_as_marketer(context: Context) -> None:
    _, _, code = event_code_among_others()
    act_as(context, code.marketer)


@scenario(DETAIL + "Get Discount Code Detail of an Event without One")
def event_without_discount_code(context: Context) -> None:
    """Event 2 has a ticket code but no event code; event 1 has event code 1."""
    act_as(context, admin())
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    DiscountCodeTicketFactory(event=EventFactoryBasic())


@scenario(DETAIL + "Get Discount Code Detail of an Event whose Code Was Deleted")
def event_discount_code_deleted(context: Context) -> None:
    event_code_among_others(code_deleted=True)
    act_as(context, admin())


@scenario(DETAIL + "Get Discount Code Detail of a Deleted Event")
def event_discount_code_of_deleted_event(context: Context) -> None:
    event_code_among_others(event_deleted=True)
    act_as(context, admin())


scenario(DETAIL + "Get Discount Code Detail of a Missing Event")(nothing_as(admin))
scenario(DETAIL + "Get Discount Code Detail of a Missing Event as a Plain User")(
    nothing_as(plain_user)
)


# --- Marketer Discount Codes: GET /v1/users/2/discount-codes -------------------------

MARKETER = "Discount Codes > Marketer Discount Codes > "


def marketer_codes_among_others() -> tuple[User, DiscountCode]:
    """User 2 is the marketer of ticket codes 3 and 5 and event code 4 (set on event 4),
    and of code 2, deleted; user 1 of code 1, and user 3, made last, of code 6 (a list
    must match its marketer, not those before or after). Returns user 2 and code 3."""
    other, marketer = UserFactory(), UserFactory()
    DiscountCodeTicketFactory(marketer=other)
    DiscountCodeTicketFactory(marketer=marketer, deleted_at=an_hour_ago())
    listed = DiscountCodeTicketFactory(marketer=marketer)
    EventFactoryBasic(discount_code=DiscountCodeFactory(marketer=marketer))
    DiscountCodeTicketFactory(marketer=marketer)
    DiscountCodeTicketFactory(marketer=UserFactory())
    return marketer, listed


@scenario(MARKETER + "List Discount Codes of a Marketer")
def list_marketer_codes(context: Context) -> None:
    """GET /v1/users/2/discount-codes as user 2 themself: codes 3, 4 and 5."""
    marketer, _ = marketer_codes_among_others()
    act_as(context, marketer)


@scenario(MARKETER + "List Discount Codes of a Marketer as an Organizer of Their Code's Event")
def list_marketer_codes_as_organizer(context: Context) -> None:
    """The caller organizes the event of code 3: they manage that code, not user 2's list."""
    _, listed = marketer_codes_among_others()
    act_as(context, organizer_of(event_of_code(listed)))


refused_without_valid_token(MARKETER + "List Discount Codes of a Marketer", list_marketer_codes)
scenario(MARKETER + "List Discount Codes of a Marketer as an Admin")(
    then_as(list_marketer_codes, admin)
)
scenario(MARKETER + "List Discount Codes of a Marketer Paginated")(list_marketer_codes)
scenario(MARKETER + "List Discount Codes of a Marketer Filtered by Used-for")(list_marketer_codes)
scenario(MARKETER + "List Discount Codes of a Marketer" + BEYOND_ANY_ROW)(
    then_as(list_marketer_codes, admin)
)
scenario(MARKETER + "List Discount Codes of a Marketer as Another User")(
    then_as(list_marketer_codes, plain_user)
)
for bad_query in BAD_LIST_QUERIES:
    scenario(f"{MARKETER}List Discount Codes of a Marketer {bad_query}")(list_marketer_codes)
scenario(MARKETER + "List Discount Codes of a Missing Marketer")(nothing_as(admin))
scenario(MARKETER + "List Discount Codes of a Missing Marketer as Another User")(
    nothing_as(plain_user)
)


# --- Ticket Discount Codes: GET /v1/tickets/2/discount-codes -------------------------

TICKET_CODES = "Discount Codes > Ticket Discount Codes > "


def ticket_codes_among_others(
    *, ticket_deleted: bool = False, last_active: bool = True
) -> tuple[Event, DiscountCode]:
    """Ticket 2 of event 1 is linked to codes 2, 4 and 5 and to code 3, deleted; code 1
    is linked only to ticket 1 (code 2 to both), code 6 only to ticket 3, made last (a
    list must match its ticket, not those before or after). Returns event 1 and code 2."""
    event = EventFactoryBasic()
    other = TicketFactory(event=event)
    ticket = TicketFactory(event=event, deleted_at=deleted_if(ticket_deleted))
    DiscountCodeTicketFactory(event=event, tickets=[other])
    listed = DiscountCodeTicketFactory(event=event, tickets=[other, ticket])
    DiscountCodeTicketFactory(event=event, tickets=[ticket], deleted_at=an_hour_ago())
    DiscountCodeTicketFactory(event=event, tickets=[ticket])
    DiscountCodeTicketFactory(event=event, tickets=[ticket], is_active=last_active)
    DiscountCodeTicketFactory(event=event, tickets=[TicketFactory(event=event)])
    return event, listed


@scenario(TICKET_CODES + "List Discount Codes of a Ticket")
def list_ticket_codes(context: Context) -> None:
    """GET /v1/tickets/2/discount-codes as co-organizer of the ticket's event: 2, 4, 5."""
    event, _ = ticket_codes_among_others()
    act_as(context, coorganizer_of(event))


@scenario(TICKET_CODES + "List Discount Codes of a Ticket as the Marketer of One of Its Codes")
def list_ticket_codes_as_marketer(context: Context) -> None:
    _, listed = ticket_codes_among_others()
    act_as(context, listed.marketer)


@scenario(TICKET_CODES + "List Discount Codes of a Deleted Ticket")
def list_codes_of_deleted_ticket(context: Context) -> None:
    ticket_codes_among_others(ticket_deleted=True)
    act_as(context, admin())


@scenario(TICKET_CODES + "List Discount Codes of a Ticket Filtered in the Short Form")
def list_ticket_codes_one_inactive(context: Context) -> None:
    """The same codes, code 5 inactive."""
    event, _ = ticket_codes_among_others(last_active=False)
    act_as(context, coorganizer_of(event))


refused_without_valid_token(TICKET_CODES + "List Discount Codes of a Ticket", list_ticket_codes)
scenario(TICKET_CODES + "List Discount Codes of a Ticket Paginated")(list_ticket_codes)
scenario(TICKET_CODES + "List Discount Codes of a Ticket" + BEYOND_ANY_ROW)(
    then_as(list_ticket_codes, admin)
)
scenario(TICKET_CODES + "List Discount Codes of a Ticket as a Plain User")(
    then_as(list_ticket_codes, plain_user)
)
scenario(TICKET_CODES + "List Discount Codes of a Ticket as an Organizer of Another Event")(
    then_as(list_ticket_codes, organizer_of_another_event)
)
for bad_query in BAD_LIST_QUERIES:
    scenario(f"{TICKET_CODES}List Discount Codes of a Ticket {bad_query}")(list_ticket_codes)
scenario(TICKET_CODES + "List Discount Codes of a Missing Ticket")(nothing_as(admin))
scenario(TICKET_CODES + "List Discount Codes of a Missing Ticket as a Plain User")(
    nothing_as(plain_user)
)


# --- Related resources: GET /v1/discount-codes/2/{event,events,tickets,marketer} -----


def ticket_code_among_others(*, deleted: bool = False) -> tuple[Event, DiscountCode]:
    """Ticket code 2 of event 2 (marketer: user 2) after code 1 of event 1 (user 1).
    Returns event 1 (another event) and code 2."""
    other, event = EventFactoryBasic(), EventFactoryBasic()
    DiscountCodeTicketFactory(event=other)
    return other, DiscountCodeTicketFactory(event=event, deleted_at=deleted_if(deleted))


def related_as_coorganizer(context: Context) -> None:
    """A co-organizer of event 2 reads code 2's event or marketer."""
    _, code = ticket_code_among_others()
    act_as(context, coorganizer_of(event_of_code(code)))


def related_as_other_organizer(context: Context) -> None:
    """The caller organizes event 1, which has code 1."""
    other, _ = ticket_code_among_others()
    act_as(context, organizer_of(other))


def related_of_deleted_ticket_code(context: Context) -> None:
    """Code 2 was soft-deleted; the admin asks."""
    ticket_code_among_others(deleted=True)
    act_as(context, admin())


def event_code_on_events(*, deleted_event: bool = False) -> tuple[Event, DiscountCode]:
    """Event code 2 (marketer: user 2) is set on events 2, 4 and 5 (and, deleted, on event
    6); event 1 points at event code 1, event 3 at none. Returns event 2 and code 2."""
    other_code, code = DiscountCodeFactory(), DiscountCodeFactory()
    EventFactoryBasic(discount_code=other_code)
    event = EventFactoryBasic(discount_code=code)
    EventFactoryBasic()
    EventFactoryBasic(discount_code=code)
    EventFactoryBasic(discount_code=code)
    if deleted_event:
        EventFactoryBasic(discount_code=code, deleted_at=an_hour_ago())
    return event, code


def events_as_marketer(context: Context) -> None:
    """GET /v1/discount-codes/2/events as the code's marketer: events 2, 4 and 5."""
    _, code = event_code_on_events()
    act_as(context, code.marketer)


def events_without_the_deleted_one(context: Context) -> None:
    _, code = event_code_on_events(deleted_event=True)
    act_as(context, code.marketer)


@scenario(
    "Discount Codes > Discount Code Events > Get the Events of a Discount Code Filtered by Name"
)
def events_named(context: Context) -> None:
    """Event code 2 is set on events 2 "Jazz Night", 3 "Jazz Brunch" and 4 "Rock Night";
    event 1, "Jazz Club", points at code 1. Code 2's marketer asks."""
    other, code = DiscountCodeFactory(), DiscountCodeFactory()
    EventFactoryBasic(name="Jazz Club", discount_code=other)
    for name in ("Jazz Night", "Jazz Brunch", "Rock Night"):
        EventFactoryBasic(name=name, discount_code=code)
    act_as(context, code.marketer)


def events_as_organizer_of_one(context: Context) -> None:
    """The caller organizes event 2, which uses the code: an event code is the admin's."""
    event, _ = event_code_on_events()
    act_as(context, organizer_of(event))


def events_of_deleted_code(context: Context) -> None:
    """Event code 2 was soft-deleted (event 1 uses code 1); the admin asks."""
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    DiscountCodeFactory(deleted_at=an_hour_ago())
    act_as(context, admin())


def code_with_tickets(*, ticket_deleted: bool = False) -> tuple[Event, DiscountCode]:
    """Code 2 discounts tickets 2, 3 and 4 (and ticket 5, deleted) of event 1; code 1
    discounts ticket 1; the last ticket of event 1 has no code. Returns event 1, code 2."""
    event = EventFactoryBasic()
    DiscountCodeTicketFactory(event=event, tickets=[TicketFactory(event=event)])
    tickets = [TicketFactory(event=event) for _ in range(3)]
    if ticket_deleted:
        tickets.append(TicketFactory(event=event, deleted_at=an_hour_ago()))
    TicketFactory(event=event)
    return event, DiscountCodeTicketFactory(event=event, tickets=tickets)


def tickets_as_coorganizer(context: Context) -> None:
    """GET /v1/discount-codes/2/tickets as co-organizer of event 1: tickets 2, 3 and 4."""
    event, _ = code_with_tickets()
    act_as(context, coorganizer_of(event))


def tickets_without_the_deleted_one(context: Context) -> None:
    event, _ = code_with_tickets(ticket_deleted=True)
    act_as(context, coorganizer_of(event))


def tickets_of_deleted_code(context: Context) -> None:
    """Code 2, with its tickets, was soft-deleted; the admin asks."""
    event = EventFactoryBasic()
    DiscountCodeTicketFactory(event=event)
    DiscountCodeTicketFactory(event=event, deleted_at=an_hour_ago())
    act_as(context, admin())


def marketer_as_marketer(context: Context) -> None:
    """The marketer of code 2 (user 2) reads its marketer."""
    _, code = ticket_code_among_others()
    act_as(context, code.marketer)


RELATED = "Discount Codes > Discount Code {0} > Get the {0} of "
# The relationship routes (the linkage alone) share the related routes' scenarios.
RELATIONSHIP = "Discount Codes > Discount Code {0} Relationship > Get the {0} Relationship of "
# Per related resource: its success scenario, and the same rows with code 2 deleted.
RELATED_SEEDS = {
    "Event": (related_as_coorganizer, related_of_deleted_ticket_code),
    "Events": (events_as_marketer, events_of_deleted_code),
    "Tickets": (tickets_as_coorganizer, tickets_of_deleted_code),
    "Marketer": (related_as_coorganizer, related_of_deleted_ticket_code),
}
# The relationship each kind of code lacks, with a caller who may read such a code.
OTHER_KIND = {
    "Events": ("a Ticket Discount Code", related_as_coorganizer),
    "Tickets": ("an Event Discount Code", events_as_marketer),
    "Marketer": ("an Event Discount Code", events_as_marketer),
}
for route in (RELATED, RELATIONSHIP):
    for related, (seed, deleted_seed) in RELATED_SEEDS.items():
        of = route.format(related)
        scenario(of + "a Discount Code")(seed)
        refused_without_valid_token(of + "a Discount Code", seed)
        scenario(of + "a Discount Code as a Plain User")(then_as(seed, plain_user))
        scenario(of + "a Missing Discount Code")(nothing_as(admin))
        scenario(of + "a Missing Discount Code as a Plain User")(nothing_as(plain_user))
        scenario(of + "a Deleted Discount Code")(deleted_seed)
        scenario(of + "a Discount Code" + BEYOND_ANY_ROW)(then_as(seed, admin))
    for related, (kind, seed) in OTHER_KIND.items():
        scenario(route.format(related) + kind)(seed)
        scenario(route.format(related) + kind + " as a Plain User")(then_as(seed, plain_user))
    event_of, events_of, tickets_of, marketer_of = (
        route.format(related) + "a Discount Code" for related in RELATED_SEEDS
    )
    scenario(event_of + " as an Organizer of Another Event")(related_as_other_organizer)
    scenario(events_of + " as an Organizer of an Event Using It")(events_as_organizer_of_one)
    scenario(events_of + " Leaving Out a Deleted Event")(events_without_the_deleted_one)
    scenario(tickets_of + " as an Organizer of Another Event")(
        then_as(tickets_as_coorganizer, organizer_of_another_event)
    )
    scenario(tickets_of + " Leaving Out a Deleted Ticket")(tickets_without_the_deleted_one)
    scenario(marketer_of + " as Its Marketer")(marketer_as_marketer)
    scenario(marketer_of + " as an Organizer of Another Event")(related_as_other_organizer)
for related in ("Events", "Tickets"):
    seed = RELATED_SEEDS[related][0]
    scenario(RELATED.format(related) + "a Discount Code Paginated")(seed)
scenario(RELATED.format("Tickets") + "a Discount Code Filtered by Name")(tickets_as_coorganizer)
for related in ("Events", "Tickets"):
    seed = RELATED_SEEDS[related][0]
    for bad_query in BAD_LIST_QUERIES:
        scenario(f"{RELATED.format(related)}a Discount Code {bad_query}")(seed)

EVENT_OF_AN_EVENT_CODE = [
    route.format("Event") + "an Event Discount Code" for route in (RELATED, RELATIONSHIP)
]


def event_of_an_event_code(context: Context) -> None:
    """Ticket code 1 of event 1; event code 2, set on event 2; the admin asks."""
    DiscountCodeTicketFactory()
    EventFactoryBasic(discount_code=DiscountCodeFactory())
    act_as(context, admin())


def event_code_has_no_event(context: Context) -> None:
    """A ``null`` to-one cannot be pinned in MSON: the answer's data is checked here."""
    try:
        data = json.loads(context.real["body"])["data"]
    except (KeyError, TypeError, ValueError):
        data = "no data member"
    if data is not None:
        context.fail(f"an event code's event must be null, not {data!r:.200}")


for name in EVENT_OF_AN_EVENT_CODE:
    scenario(name)(event_of_an_event_code)
    after(name)(event_code_has_no_event)


# --- The reverse linkage: GET /v1/{events,users,tickets}/2/relationships/discount-codes
# Each has the scenarios of its list (above), as resource identifiers.

LINKAGE = "Get the Discount Codes Relationship"
for resource, row, success, refusers, missing_as, deleted_case in (
    (
        "Event Discount Codes Relationship",
        "an Event",
        list_event_codes,
        {
            "as a Plain User": then_as(list_event_codes, plain_user),
            "as an Organizer of Another Event": list_event_codes_as_other_organizer,
            "as the Marketer of One of Its Codes": list_event_codes_as_marketer,
        },
        "a Plain User",
        ("a Deleted Event", event_deleted_with_its_codes),
    ),
    (
        "Marketer Discount Codes Relationship",
        "a Marketer",
        list_marketer_codes,
        {
            "as an Organizer of Their Code's Event": list_marketer_codes_as_organizer,
            "as Another User": then_as(list_marketer_codes, plain_user),
        },
        "Another User",
        None,
    ),
    (
        "Ticket Discount Codes Relationship",
        "a Ticket",
        list_ticket_codes,
        {
            "as a Plain User": then_as(list_ticket_codes, plain_user),
            "as an Organizer of Another Event": then_as(
                list_ticket_codes, organizer_of_another_event
            ),
            "as the Marketer of One of Its Codes": list_ticket_codes_as_marketer,
        },
        "a Plain User",
        ("a Deleted Ticket", list_codes_of_deleted_ticket),
    ),
):
    group = f"Discount Codes > {resource} > {LINKAGE} of "
    missing = row.split(" ", 1)[1]
    scenario(group + row)(success)
    refused_without_valid_token(group + row, success)
    for caller, refuser in refusers.items():
        scenario(f"{group}{row} {caller}")(refuser)
    scenario(f"{group}a Missing {missing}")(nothing_as(admin))
    scenario(f"{group}a Missing {missing} as {missing_as}")(nothing_as(plain_user))
    if deleted_case:
        scenario(group + deleted_case[0])(deleted_case[1])
    scenario(group + row + BEYOND_ANY_ROW)(then_as(success, admin))

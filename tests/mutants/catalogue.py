"""The planted bugs. Each function plants one into the app it is given.

The first ones are a sample of every kind; the sections after them plant the mistakes of
one kind each. Transaction names are those of ``blueprint/NN-*.apib``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask, Response, request
from flask_jwt_extended import get_current_user
from marshmallow import EXCLUDE, validate
from marshmallow_jsonapi.fields import AwareDateTime, Relationship
from sqlalchemy import func, select
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from reference_server import compound, db, jsonapi, lookup, permissions, rules, schemas
from reference_server.db import utcnow
from reference_server.errors import (
    Conflict,
    Forbidden,
    NotFound,
    Unauthorized,
    Unprocessable,
    ValidationFailed,
)
from reference_server.listing import CODES
from reference_server.models import DiscountCode, DiscountType, Event, Role, Ticket, UsedFor, User
from reference_server.views import (
    discount_codes,
    events,
    nested,
    related,
    relationships,
    roles,
    tickets,
    users,
)
from tests.mutants import mutant

DC = "Discount Codes > "
TICKET_POST = DC + "Ticket Discount Code Collection > Create Ticket Discount Code"
EVENT_POST = DC + "Discount Code Collection > Create Event Discount Code"
CODE = DC + "Discount Code > "
LOOKUP = DC + "Discount Code Lookup > "
EVENT_CODES = DC + "Event Discount Codes > "
EVENT_CODE = DC + "Event Discount Code > "
EVENTS = "Events > Event Collection > "
TICKETS = "Events > Ticket Collection > "
ROLES = "Events > Users Events Role Collection > "
USERS = "Users > User Collection > "
LOGIN = "Authentication > Login > "


def _rewrite_documents(app: Flask, change: Any) -> None:
    """Pass every JSON:API response body through ``change`` before it leaves the server."""

    @app.after_request
    def rewrite(response: Response) -> Response:
        if response.mimetype == jsonapi.JSONAPI_MEDIA_TYPE:
            body = response.get_json()
            change(body, response)
            response.set_data(json.dumps(body))
        return response


def _each_code(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data")
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [item for item in items if item.get("type") == "discount-code"]


@mutant(
    "A logged-in user without a role in the event may create a ticket code for it.",
    TICKET_POST + " as a Plain User",
    TICKET_POST + " as an Organizer of Another Event",
)
def plain_user_creates_ticket_code(app: Flask) -> None:
    discount_codes.require_event_manager = lambda user, event: None


@mutant(
    "Tokens that expired up to a day ago are still accepted.",
    DC + "Discount Code Collection > List All Discount Codes with an Expired Token",
    TICKET_POST + " with an Expired Token",
    CODE + "Delete Discount Code with an Expired Token",
)
def expired_token_accepted(app: Flask) -> None:
    app.config["JWT_DECODE_LEEWAY"] = timedelta(days=1)


@mutant(
    "The event's discount-code list leaves out its event-level code (the seed says it is in).",
    DC + "Event Discount Codes > List Discount Codes of an Event",
)
def event_code_missing_from_event_list(app: Flask) -> None:
    original = app.view_functions["nested.event_codes"]

    def ticket_codes_only(event_identifier: str) -> Response:
        event = lookup.event_named(event_identifier)
        code_id, event.discount_code_id = event.discount_code_id, None
        try:
            return original(event_identifier)
        finally:
            event.discount_code_id = code_id

    app.view_functions["nested.event_codes"] = ticket_codes_only


@mutant(
    "DELETE removes the row for real instead of marking it deleted.",
    CODE + "Delete Discount Code",
)
def soft_delete_deletes_for_real(app: Flask) -> None:
    def hard_delete(code_id: int) -> Response:
        user = discount_codes.require_user()
        code = lookup.live_code(code_id)
        discount_codes.require_code_manager(user, code)
        db.session().delete(code)
        db.session().commit()
        return jsonapi.document({"meta": {"message": "Object successfully deleted"}})

    app.view_functions["discount_codes.delete_code"] = hard_delete


@mutant(
    "The code lookup compares codes case-sensitively.",
    LOOKUP + "Check a Discount Code",
)
def case_sensitive_lookup(app: Flask) -> None:
    original = app.view_functions["nested.lookup_code"]

    def exact_match_only(event_identifier: str, code: str) -> Response:
        response = original(event_identifier, code)
        if response.get_json()["data"]["attributes"]["code"] != code:
            raise NotFound(f"No discount code {code!r} on event {event_identifier}.")
        return response

    app.view_functions["nested.lookup_code"] = exact_match_only


@mutant(
    "Discount codes are served without their discount-url attribute.",
    CODE + "Get Discount Code",
    DC + "Discount Code Collection > List All Discount Codes",
)
def missing_attribute(app: Flask) -> None:
    def drop_url(body: dict[str, Any], _response: Response) -> None:
        for item in _each_code(body):
            item["attributes"].pop("discount-url", None)

    _rewrite_documents(app, drop_url)


@mutant(
    'The value of a code is served as a string ("10.0") instead of a number.',
    CODE + "Get Discount Code",
    LOOKUP + "Check a Discount Code",
)
def value_served_as_string(app: Flask) -> None:
    def stringify(body: dict[str, Any], _response: Response) -> None:
        for item in _each_code(body):
            item["attributes"]["value"] = str(item["attributes"]["value"])

    _rewrite_documents(app, stringify)


@mutant(
    "Permission refusals are answered 422, as parts of the upstream server did.",
    TICKET_POST + " as a Plain User",
    CODE + "Get Discount Code as a Plain User",
)
def forbidden_answered_as_422(app: Flask) -> None:
    def relabel(body: dict[str, Any], response: Response) -> None:
        if response.status_code == 403:
            response.status_code = 422
            for error in body["errors"]:
                error.update(status="422", title="Unprocessable Entity")

    _rewrite_documents(app, relabel)


@mutant(
    "Writes are accepted with any Content-Type, not only application/vnd.api+json.",
    EVENT_POST + " as Plain JSON",
    TICKET_POST + " as Plain JSON",
    CODE + "Update Ticket Discount Code as Plain JSON",
)
def any_media_type_accepted(app: Flask) -> None:
    jsonapi._require_jsonapi_media_type = lambda: None


@mutant(
    "The lookup accepts codes that are inactive or outside their validity window.",
    LOOKUP + "Check an Inactive Discount Code",
    LOOKUP + "Check an Expired Discount Code",
    LOOKUP + "Check a Discount Code Not Valid Yet",
    LOOKUP + "Check a Discount Code after Its Event Ended",
)
def lookup_ignores_validity(app: Flask) -> None:
    nested.why_unusable = lambda code, event: None


@mutant(
    "Percent codes above 100 are accepted.",
    EVENT_POST + " with a Percent above 100",
)
def percent_unbounded(app: Flask) -> None:
    original = rules.check_attributes

    def without_percent_rule(code: Any) -> None:
        try:
            original(code)
        except ValidationFailed as failed:
            kept = [e for e in failed.errors if "percent" not in e.detail]
            if kept:
                raise ValidationFailed(kept) from None

    rules.check_attributes = without_percent_rule


@mutant(
    "A refused PATCH has already saved the attributes it was sent (half-written update).",
    CODE + "Update Ticket Discount Code with Valid-till before the Stored Valid-from",
)
def refused_patch_half_written(app: Flask) -> None:
    original = rules.check_attributes

    def commit_then_check(code: Any) -> None:
        db.session().commit()
        original(code)

    rules.check_attributes = commit_then_check


@mutant(
    "An event's organizer may read its event-level (platform) code.",
    DC + "Get Discount Code Detail of an Event > Get Discount Code Detail of an Event as Its"
    " Organizer",
)
def event_code_detail_for_organizers(app: Flask) -> None:
    nested.require_admin = lambda user: None


@mutant(
    "Conflicts are answered 422 instead of 409.",
    TICKET_POST + " with a Duplicate Code",
    EVENT_POST + " for an Event that Has One",
)
def conflict_answered_as_422(app: Flask) -> None:
    rules.Conflict = Unprocessable


@mutant(
    "Soft-deleted codes are still served.",
    CODE + "Get a Deleted Discount Code",
    CODE + "Delete a Deleted Discount Code",
)
def deleted_codes_still_served(app: Flask) -> None:
    from reference_server.errors import NotFound as Missing
    from reference_server.models import DiscountCode

    def any_code(code_id: int) -> DiscountCode:
        code = db.session().get(DiscountCode, code_id)
        if code is None:
            raise Missing(f"Discount code {code_id} does not exist.")
        return code

    for module in (discount_codes, related):
        module.live_code = any_code


@mutant(
    "Lists ignore page[size] and page[number].",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
    DC + "Discount Code Collection > List All Discount Codes with a Bad Page Size",
)
def pagination_ignored(app: Flask) -> None:
    jsonapi._page_params = lambda: (jsonapi.DEFAULT_PAGE_SIZE, 1)


# --- Leaks in lists and counts --------------------------------------------------------


@mutant(
    "The all-codes list leaves deleted codes out of the page only after counting them.",
    DC + "Discount Code Collection > List All Discount Codes",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
)
def deleted_codes_filtered_after_counting(app: Flask) -> None:
    def list_then_filter() -> Response:
        discount_codes.require_admin(discount_codes.require_user())
        query = select(DiscountCode)  # no deleted_at filter: the count includes them
        response = jsonapi.collection_document(discount_codes.schema, db.session(), query, CODES)
        body = response.get_json()
        body["data"] = [item for item in body["data"] if item["attributes"]["deleted-at"] is None]
        response.set_data(json.dumps(body))
        return response

    app.view_functions["discount_codes.list_codes"] = list_then_filter


@mutant(
    "meta.count is the number of items on the page, not in the whole list.",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
    DC + "Discount Code Collection > List All Discount Codes, First of Two Pages",
)
def count_of_the_page(app: Flask) -> None:
    def count_page(body: dict[str, Any], _response: Response) -> None:
        if isinstance(body.get("data"), list) and "count" in body.get("meta", {}):
            body["meta"]["count"] = len(body["data"])

    _rewrite_documents(app, count_page)


# --- Permission mistakes of the nearest kind ------------------------------------------


@mutant(
    "A user's role is looked up without the event: organizing one event is taken for"
    " organizing them all.",
    TICKET_POST + " as an Organizer of Another Event",
    CODE + "Get Discount Code as an Organizer of Another Event",
    CODE + "Update Ticket Discount Code as an Organizer of Another Event",
    CODE + "Delete Discount Code as an Organizer of Another Event",
    EVENT_CODES + "List Discount Codes of an Event as an Organizer of Another Event",
    TICKETS + "Create Ticket as an Organizer of Another Event",
    ROLES + "Grant a Role as an Organizer of Another Event",
)
def organizer_of_any_event_manages_all(app: Flask) -> None:
    def first_role(user: User, event: Event) -> Role | None:
        return user.roles[0].role if user.roles else None

    User.role_in = first_role


@mutant(
    "A code's marketer may update and delete it, not only read it.",
    CODE + "Update Ticket Discount Code as Its Marketer",
    CODE + "Delete Discount Code as Its Marketer",
    EVENT_CODE + "Update Event Discount Code as Its Marketer",
)
def marketer_may_write(app: Flask) -> None:
    def managers_or_marketer(user: User, code: DiscountCode) -> None:
        if code.marketer_id != user.id:
            permissions.require_code_manager(user, code)

    discount_codes.require_code_manager = managers_or_marketer


@mutant(
    "A manager of the events an event code names may create it, not only an admin.",
    EVENT_POST + " as a Co-organizer",
    EVENT_POST + " as the Owner of the Event",
)
def event_managers_create_event_codes(app: Flask) -> None:
    only_admins = discount_codes.require_admin

    def admin_or_manager_of_named_events(user: User) -> None:
        if request.method == "POST":
            named = request.get_json()["data"].get("relationships", {}).get("events", {})
            ids = [rules.int_id(item["id"], rules.RELATIONSHIPS) for item in named.get("data", [])]
            events = [db.session().get(Event, event_id) for event_id in ids]
            if events and all(e and permissions.manages_event(user, e) for e in events):
                return
        only_admins(user)

    discount_codes.require_admin = admin_or_manager_of_named_events


@mutant(
    "Co-organizers may grant roles, like owners and organizers.",
    ROLES + "Grant a Role as a Co-organizer",
)
def coorganizer_grants_roles(app: Flask) -> None:
    permissions.ROLE_GRANTERS = permissions.EVENT_MANAGERS


@mutant(
    "The event's owner is not among its managers (only organizers and co-organizers are).",
    TICKET_POST + " as the Owner of the Event",
)
def owner_not_a_manager(app: Flask) -> None:
    permissions.EVENT_MANAGERS = frozenset({Role.ORGANIZER, Role.COORGANIZER})


@mutant(
    "Any event's managers may read any code (reading checks a role, not the code's event).",
    CODE + "Get Discount Code as an Organizer of Another Event",
    CODE + "Get an Event Discount Code as an Organizer of an Event Using It",
)
def managers_of_any_event_read_codes(app: Flask) -> None:
    def any_manager_reads(user: User, code: DiscountCode) -> None:
        if not any(r.role in permissions.EVENT_MANAGERS for r in user.roles):
            permissions.require_code_reader(user, code)

    discount_codes.require_code_reader = any_manager_reads
    related.require_code_reader = any_manager_reads


@mutant(
    "An event code is managed by the organizers of the events using it, not by admins only.",
    CODE + "Get an Event Discount Code as an Organizer of an Event Using It",
    CODE + "Delete an Event Discount Code as an Organizer of an Event Using It",
    EVENT_CODE + "Update Event Discount Code as an Organizer of Its Event",
)
def event_code_managed_by_its_events(app: Flask) -> None:
    by_its_event = permissions.manages_code

    def also_by_events_using_it(user: User, code: DiscountCode) -> bool:
        if code.used_for == UsedFor.EVENT:
            return user.is_admin or any(permissions.manages_event(user, e) for e in code.events)
        return by_its_event(user, code)

    permissions.manages_code = also_by_events_using_it


@mutant(
    "A caller who may not act on some code is refused 403 before a missing code is 404.",
    CODE + "Get a Missing Discount Code as a Plain User",
    CODE + "Update a Missing Discount Code as a Plain User",
)
def forbidden_before_not_found(app: Flask) -> None:
    found_or_404 = discount_codes.live_code

    def permission_first(code_id: int) -> DiscountCode:
        # The permission query finds no role for a code that does not exist.
        if not get_current_user().is_admin and db.session().get(DiscountCode, code_id) is None:
            raise Forbidden("You may not act on this discount code.")
        return found_or_404(code_id)

    discount_codes.live_code = permission_first


@mutant(
    "Any creator may credit a new code to another user, not only an admin.",
    TICKET_POST + " Crediting Another Marketer as a Co-organizer",
)
def anyone_credits_any_marketer(app: Flask) -> None:
    discount_codes.require_may_credit = lambda user, marketer_id: None


@mutant(
    "Organizers of an event may list all discount codes, not only admins.",
    DC + "Discount Code Collection > List All Discount Codes as an Organizer",
)
def organizers_list_all_codes(app: Flask) -> None:
    only_admins = discount_codes.require_admin

    def admin_or_organizer(user: User) -> None:
        if request.method != "GET" or not any(r.role == Role.ORGANIZER for r in user.roles):
            only_admins(user)

    discount_codes.require_admin = admin_or_organizer


# --- Rules not applied to the stored row merged with a PATCH --------------------------


def _sent_attributes() -> set[str]:
    body = request.get_json(silent=True) or {}
    return set(body.get("data", {}).get("attributes", {}))


def _patch_skips_rule(rule: str, unless_sent: tuple[str, ...] = ()) -> None:
    """On PATCH, the rule whose detail mentions ``rule`` is not checked, or (``unless_sent``)
    only when the body sends all those attributes, as a validator of the body alone would."""
    original = rules.check_attributes

    def body_only(code: Any) -> None:
        try:
            original(code)
        except ValidationFailed as failed:
            sent = _sent_attributes()
            kept = [
                error
                for error in failed.errors
                if request.method != "PATCH"
                or rule not in error.detail
                or (unless_sent and all(name in sent for name in unless_sent))
            ]
            if kept:
                raise ValidationFailed(kept) from None

    rules.check_attributes = body_only


@mutant(
    "On PATCH, min-quantity and max-quantity are compared only when both are sent.",
    CODE + "Update Ticket Discount Code with Min Quantity above the Stored Max Quantity",
    CODE + "Update Ticket Discount Code with Max Quantity below the Stored Min Quantity",
    EVENT_CODE + "Update Event Discount Code with Min Quantity above the Stored Max Quantity",
)
def quantities_checked_on_patch_body_only(app: Flask) -> None:
    _patch_skips_rule("min-quantity", unless_sent=("min-quantity", "max-quantity"))


@mutant(
    "On PATCH, tickets-number and max-quantity are compared only when both are sent.",
    CODE + "Update Ticket Discount Code with Tickets-number below the Stored Max Quantity",
)
def tickets_number_checked_on_patch_body_only(app: Flask) -> None:
    _patch_skips_rule("tickets-number", unless_sent=("tickets-number", "max-quantity"))


@mutant(
    "On PATCH, valid-from and valid-till are compared only when both are sent.",
    CODE + "Update Ticket Discount Code with Valid-till before the Stored Valid-from",
    CODE + "Update Ticket Discount Code with Valid-from after the Stored Valid-till",
)
def validity_checked_on_patch_body_only(app: Flask) -> None:
    _patch_skips_rule("valid-from", unless_sent=("valid-from", "valid-till"))


@mutant(
    "The percent bound is checked on creation only, not on PATCH.",
    CODE + "Update Ticket Discount Code to a Percent above 100",
    EVENT_CODE + "Update Event Discount Code with a Percent above 100",
)
def percent_checked_on_create_only(app: Flask) -> None:
    _patch_skips_rule("percent")


@mutant(
    "A PATCH re-checks the linked tickets only when it sends tickets (a new amount is not"
    " compared with their prices).",
    CODE + "Update Ticket Discount Code with an Amount above Its Ticket's Price",
)
def ticket_prices_checked_only_when_tickets_sent(app: Flask) -> None:
    original = rules.check_tickets

    def when_tickets_sent(code: Any) -> None:
        body = request.get_json(silent=True) or {}
        if request.method != "PATCH" or "tickets" in body["data"].get("relationships", {}):
            original(code)

    rules.check_tickets = when_tickets_sent


@mutant(
    "A deleted ticket's price still binds the code's value (every linked row is checked,"
    " live or not).",
    CODE + "Update Ticket Discount Code above the Price of a Deleted Ticket",
)
def deleted_tickets_price_checked(app: Flask) -> None:
    original = rules.check_tickets

    def every_linked_ticket(code: Any) -> None:
        for ticket in code.tickets:
            if code.type == DiscountType.AMOUNT and code.value > ticket.price:
                raise Unprocessable("Above a ticket's price.", pointer=rules.ATTRIBUTES + "value")
        original(code)

    rules.check_tickets = every_linked_ticket


@mutant(
    "A code's linkage lists its soft-deleted tickets and events too.",
    CODE + "Get Discount Code with a Deleted Ticket",
    CODE + "Get an Event Discount Code Set on a Deleted Event",
)
def deleted_rows_in_linkage(app: Flask) -> None:
    schemas._LiveRelationship._serialize = Relationship._serialize  # type: ignore[method-assign]


@mutant(
    "On PATCH, the tickets sent are not checked to belong to the code's event.",
    CODE + "Update Ticket Discount Code with a Ticket of Another Event",
)
def other_events_tickets_accepted_on_patch(app: Flask) -> None:
    original = rules.check_tickets

    def tickets_of_any_event(code: Any) -> None:
        try:
            original(code)
        except Unprocessable as refused:
            if request.method != "PATCH" or "does not belong" not in refused.detail:
                raise

    rules.check_tickets = tickets_of_any_event


@mutant(
    "A PATCH resets the attributes it does not send to their defaults.",
    CODE + "Update Ticket Discount Code",
)
def patch_resets_unsent_attributes(app: Flask) -> None:
    defaults = {
        "discount_url": None,
        "is_active": True,
        "tickets_number": None,
        "min_quantity": 0,
        "max_quantity": None,
        "valid_from": None,
        "valid_till": None,
    }
    sent_only = discount_codes._attributes

    def over_defaults(data: dict[str, Any]) -> dict[str, Any]:
        attributes = sent_only(data)
        return {**defaults, **attributes} if request.method == "PATCH" else attributes

    discount_codes._attributes = over_defaults


@mutant(
    "A PATCH of tickets adds the sent tickets to the linked ones instead of replacing them.",
    CODE + "Update Ticket Discount Code Replacing Its Tickets",
    CODE + "Update Ticket Discount Code Detaching Its Tickets",
)
def patch_appends_tickets(app: Flask) -> None:
    sent_tickets = rules.live_tickets

    def linked_and_sent(session: Any, ticket_ids: Any) -> list[Any]:
        tickets = sent_tickets(session, ticket_ids)
        if request.method != "PATCH":
            return tickets
        linked = lookup.live_code(request.view_args["code_id"]).tickets
        return [*linked, *(ticket for ticket in tickets if ticket not in linked)]

    rules.live_tickets = linked_and_sent


@mutant(
    "A PATCH of an event code's events adds the sent events to those using it: detached"
    " events keep their discount_code_id.",
    EVENT_CODE + "Update Event Discount Code Detaching Its Events",
)
def patch_appends_events(app: Flask) -> None:
    sent_events = rules.events_free_for

    def using_and_sent(session: Any, code: DiscountCode, event_ids: Any) -> list[Any]:
        events = sent_events(session, code, event_ids)
        if request.method != "PATCH":
            return events
        return [*code.events, *(event for event in events if event not in code.events)]

    rules.events_free_for = using_and_sent


@mutant(
    "A PATCH naming another event for a ticket code is accepted, the event ignored.",
    CODE + "Update Ticket Discount Code Moving It to Another Event",
)
def patch_ignores_event(app: Flask) -> None:
    original = discount_codes.require_jsonapi_body

    def without_event() -> dict[str, Any]:
        body = original()
        if request.method == "PATCH":
            body["data"].get("relationships", {}).pop("event", None)
        return body

    discount_codes.require_jsonapi_body = without_event


# --- Off-by-one and boundary mistakes -------------------------------------------------


def _also_refuse(when: Callable[[Any], bool], detail: str, attribute: str) -> None:
    """Refuse a code at a limit the rules accept (a ``>=`` written for ``>``)."""
    original = rules.check_attributes

    def stricter(code: Any) -> None:
        original(code)
        if when(code):
            raise ValidationFailed([Unprocessable(detail, pointer=rules.ATTRIBUTES + attribute)])

    rules.check_attributes = stricter


@mutant(
    "min-quantity equal to max-quantity is refused (>= for >).",
    EVENT_POST + " at the Boundaries",
    TICKET_POST + " at the Boundaries",
)
def min_equal_to_max_refused(app: Flask) -> None:
    _also_refuse(
        lambda code: code.max_quantity is not None and code.min_quantity >= code.max_quantity,
        "min-quantity must be less than max-quantity.",
        "min-quantity",
    )


@mutant(
    "A percent of exactly 100 is refused (>= for >).",
    EVENT_POST + " at the Boundaries",
)
def percent_of_100_refused(app: Flask) -> None:
    _also_refuse(
        lambda code: code.type == DiscountType.PERCENT and code.value >= 100,
        "A percent discount must be below 100.",
        "value",
    )


@mutant(
    "tickets-number equal to max-quantity is refused (<= for <).",
    EVENT_POST + " at the Boundaries",
    TICKET_POST + " at the Boundaries",
)
def tickets_number_equal_to_max_refused(app: Flask) -> None:
    _also_refuse(
        lambda code: (
            None not in (code.tickets_number, code.max_quantity)
            and code.tickets_number <= code.max_quantity
        ),
        "tickets-number must be greater than max-quantity.",
        "tickets-number",
    )


@mutant(
    "valid-from equal to valid-till is refused (>= for >).",
    EVENT_POST + " at the Boundaries",
    TICKET_POST + " at the Boundaries",
)
def validity_of_one_instant_refused(app: Flask) -> None:
    _also_refuse(
        lambda code: (
            None not in (code.valid_from, code.valid_till) and code.valid_from >= code.valid_till
        ),
        "valid-from must be before valid-till.",
        "valid-till",
    )


@mutant(
    "An amount equal to a ticket's price is refused (>= for >).",
    TICKET_POST + " at the Boundaries",
)
def amount_equal_to_price_refused(app: Flask) -> None:
    original = rules.check_tickets

    def below_price_only(code: Any) -> None:
        original(code)
        for ticket in code.tickets:
            if code.type == DiscountType.AMOUNT and code.value >= ticket.price:
                raise Unprocessable(
                    f"The discount must be below the price of ticket {ticket.id}.",
                    pointer=rules.ATTRIBUTES + "value",
                )

    rules.check_tickets = below_price_only


@mutant(
    "Without its own valid-till a code never expires (no fall-back to the event's end).",
    LOOKUP + "Check a Discount Code after Its Event Ended",
)
def valid_till_without_fallback(app: Flask) -> None:
    def unusable(code: DiscountCode, event: Event) -> str | None:
        now = utcnow()
        if not code.is_active:
            return "is not active"
        if code.valid_from and now < code.valid_from:
            return "is not valid yet"
        if code.valid_till and now > code.valid_till:
            return "has expired"
        return None

    nested.why_unusable = unusable


@mutant(
    "Dates sent with an offset are stored as if their local time were UTC.",
    EVENT_POST + " with Dates in Other Time Zones",
    EVENTS + "Create Event with Dates in Another Time Zone",
)
def time_zone_offset_ignored(app: Flask) -> None:
    def local_time_as_utc(self: Any, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime:
        moment = AwareDateTime._deserialize(self, value, attr, data, **kwargs)
        return moment.replace(tzinfo=UTC)

    schemas.UTCDateTime._deserialize = local_time_as_utc


# --- Hostile input --------------------------------------------------------------------


def _rewrite_query(app: Flask, change: Callable[[MultiDict[str, str]], None]) -> None:
    """Let ``change`` edit the query parameters before the view reads them."""

    @app.before_request
    def rewrite() -> None:
        args = request.args.copy()
        change(args)
        request.args = ImmutableMultiDict(args)


@mutant(
    "Unknown attributes (and attributes only the server sets) are ignored instead of refused.",
    EVENT_POST + " with an Unknown Attribute",
    CODE + "Update Ticket Discount Code with an Unknown Attribute",
    USERS + "Create User with an Unknown Attribute",
    EVENTS + "Create Event with an Unknown Attribute",
    EVENTS + "Create Event with an Identifier",
)
def unknown_attributes_ignored(app: Flask) -> None:
    for view in (discount_codes, users, events):
        view.schema.unknown = EXCLUDE
    checked = schemas.ApiSchema._attribute_errors

    def known_ones_only(self: schemas.ApiSchema, item: dict[str, Any]) -> list[dict[str, Any]]:
        ignored = ("Unknown attribute", "read-only")
        return [e for e in checked(self, item) if not any(i in e["detail"] for i in ignored)]

    schemas.ApiSchema._attribute_errors = known_ones_only  # type: ignore[method-assign]


@mutant(
    "A page[size] above 100 is served as 100 instead of refused.",
    DC + "Discount Code Collection > List All Discount Codes with a Page Size above the Maximum",
)
def page_size_clamped(app: Flask) -> None:
    def clamp(args: MultiDict[str, str]) -> None:
        size = args.get("page[size]", "")
        if size.isdigit() and int(size) > jsonapi.MAX_PAGE_SIZE:
            args["page[size]"] = str(jsonapi.MAX_PAGE_SIZE)

    _rewrite_query(app, clamp)


@mutant(
    "page[number]=0 is served as the first page instead of refused.",
    DC + "Discount Code Collection > List All Discount Codes with Page Number Zero",
)
def page_number_zero_served_as_first(app: Flask) -> None:
    def first_page(args: MultiDict[str, str]) -> None:
        if args.get("page[number]") == "0":
            args["page[number]"] = "1"

    _rewrite_query(app, first_page)


@mutant(
    "sort on an unknown field is ignored instead of refused.",
    DC + "Discount Code Collection > List All Discount Codes Sorted by an Unknown Field",
)
def unknown_sort_ignored(app: Flask) -> None:
    def known_fields_only(args: MultiDict[str, str]) -> None:
        if "sort" in args:
            keys = [key for key in args["sort"].split(",") if key.lstrip("-") in CODES.attributes]
            args["sort"] = ",".join(keys)

    _rewrite_query(app, known_fields_only)


# --- Soft deletion --------------------------------------------------------------------


def _refuse_taken_code(session: Any, code: DiscountCode, *criteria: Any) -> None:
    """409 when another row matching ``criteria`` has the same code (without regard to case)."""
    query = select(DiscountCode.id).where(
        func.lower(DiscountCode.code) == code.code.lower(), DiscountCode.id != (code.id or 0)
    )
    if session.scalar(query.where(*criteria).limit(1)) is not None:
        raise Conflict(
            f"The code {code.code!r} is already in use.", pointer=rules.ATTRIBUTES + "code"
        )


@mutant(
    "A soft-deleted code still blocks a new one with the same code.",
    EVENT_POST + " Equal to a Deleted One",
    TICKET_POST + " Equal to a Deleted One",
    CODE + "Update Ticket Discount Code to the Code of a Deleted One",
)
def deleted_code_still_taken(app: Flask) -> None:
    def unique_among_all_rows(session: Any, code: DiscountCode) -> None:
        same_event = func.coalesce(DiscountCode.event_id, 0) == (code.event_id or 0)
        _refuse_taken_code(session, code, same_event)

    rules.check_unique_live_code = unique_among_all_rows


@mutant(
    "Codes are unique across all events instead of per event.",
    TICKET_POST + " with the Code of Another Event",
    CODE + "Update Ticket Discount Code to the Code of Another Event's",
)
def code_unique_across_events(app: Flask) -> None:
    def unique_everywhere(session: Any, code: DiscountCode) -> None:
        _refuse_taken_code(session, code, DiscountCode.deleted_at.is_(None))

    rules.check_unique_live_code = unique_everywhere


@mutant(
    "Soft-deleted events may be named in a request body (a code's events, a ticket's or a"
    " role's event).",
    EVENT_POST + " for a Deleted Event",
    TICKET_POST + " for a Deleted Event",
    EVENT_CODE + "Update Event Discount Code onto a Deleted Event",
    TICKETS + "Create Ticket for a Deleted Event",
    ROLES + "Grant a Role in a Deleted Event",
)
def deleted_events_accepted(app: Flask) -> None:
    def any_event(session: Any, event_id: Any, pointer: str) -> Event:
        event = session.get(Event, rules.int_id(event_id, pointer))
        if event is None:
            raise NotFound(f"Event {event_id} does not exist.", pointer=pointer)
        return event

    rules.live_event = any_event


@mutant(
    "Soft-deleted tickets may be linked to a code.",
    TICKET_POST + " for a Deleted Ticket",
)
def deleted_tickets_accepted(app: Flask) -> None:
    def any_tickets(session: Any, ticket_ids: Any) -> list[Ticket]:
        tickets = [
            session.get(Ticket, rules.int_id(i, rules.RELATIONSHIPS + "tickets"))
            for i in ticket_ids
        ]
        if None in tickets:
            raise NotFound("A ticket does not exist.", pointer=rules.RELATIONSHIPS + "tickets")
        return tickets

    rules.live_tickets = any_tickets


@mutant(
    "DELETE deactivates the code (is-active false) instead of marking it deleted.",
    CODE + "Delete Discount Code",
)
def delete_deactivates(app: Flask) -> None:
    def deactivate(code_id: int) -> Response:
        user = discount_codes.require_user()
        code = lookup.live_code(code_id)
        discount_codes.require_code_manager(user, code)
        code.is_active = False
        db.session().commit()
        return jsonapi.document({"meta": {"message": "Object successfully deleted"}})

    app.view_functions["discount_codes.delete_code"] = deactivate


# --- Links and pagination -------------------------------------------------------------


@mutant(
    "A list's links.self is its path without the query (page and sort).",
    DC + "Discount Code Collection > List All Discount Codes",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
)
def list_self_link_without_query(app: Flask) -> None:
    def path_only(body: dict[str, Any], _response: Response) -> None:
        if "first" in body.get("links", {}):
            body["links"]["self"] = request.path

    _rewrite_documents(app, path_only)


@mutant(
    "The last page is computed as count // size + 1 (one too many when it divides exactly).",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
    DC + "Discount Code Collection > List All Discount Codes, First of Two Pages",
)
def last_page_off_by_one(app: Flask) -> None:
    jsonapi.math = SimpleNamespace(ceil=lambda pages: int(pages) + 1)


@mutant(
    "The last page is computed as count // size (one too few when it does not divide).",
    DC + "Discount Code Collection > List All Discount Codes, Last of Two Uneven Pages",
)
def last_page_rounded_down(app: Flask) -> None:
    jsonapi.math = SimpleNamespace(ceil=int)


@mutant(
    "Only the first sort key is applied; ties fall back to id order.",
    DC + "Discount Code Collection > List All Discount Codes Sorted by Two Keys",
)
def first_sort_key_only(app: Flask) -> None:
    sort_clauses = jsonapi._sort_clauses

    def first_only(entity: type, sortable: dict[str, str]) -> list[Any]:
        return sort_clauses(entity, sortable)[:1]

    jsonapi._sort_clauses = first_only


@mutant(
    "`is-active` is read-only in effect: what is sent is not stored (POST and PATCH).",
    TICKET_POST + " Inactive",
    CODE + "Update Ticket Discount Code Deactivating It",
)
def is_active_not_stored(app: Flask) -> None:
    sent = discount_codes._attributes

    def without_is_active(data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in sent(data).items() if k != "is_active"}

    discount_codes._attributes = without_is_active


@mutant(
    "An event code's event is the first event using it, not null.",
    DC + "Discount Code Event > Get the Event of an Event Discount Code",
)
def event_codes_event_is_a_user_of_it(app: Flask) -> None:
    one = related.resource_document

    def first_event_using_it(schema: Any, obj: Any, *args: Any, **kwargs: Any) -> Response:
        if obj is None and request.path.endswith("/event"):
            code = db.session().get(DiscountCode, int(request.path.split("/")[3]))
            obj = code.events[0] if code is not None and code.events else None
        return one(schema, obj, *args, **kwargs)

    related.resource_document = first_event_using_it


@mutant(
    "The last page links to a next page.",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
)
def next_link_on_last_page(app: Flask) -> None:
    def next_after_last(body: dict[str, Any], _response: Response) -> None:
        links = body.get("links", {})
        if "last" in links and "next" not in links:
            number = int(parse_qs(urlsplit(links["self"]).query)["page[number]"][0])
            links["next"] = links["self"].replace(
                f"page%5Bnumber%5D={number}", f"page%5Bnumber%5D={number + 1}"
            )

    _rewrite_documents(app, next_after_last)


@mutant(
    "Page links drop the sort parameter.",
    DC + "Discount Code Collection > List All Discount Codes Sorted and Paginated",
)
def page_links_drop_sort(app: Flask) -> None:
    def page_only(number: int, size: int) -> str:
        return f"{request.path}?{urlencode({'page[size]': size, 'page[number]': number})}"

    jsonapi._page_link = page_only


@mutant(
    "A code's relationship links name the relationship URL (/relationships/event), not the"
    " related resource.",
    EVENT_POST,
    CODE + "Get Discount Code",
)
def relationship_links_not_related(app: Flask) -> None:
    def relationship_url(body: dict[str, Any], _response: Response) -> None:
        for item in _each_code(body):
            for relationship in item.get("relationships", {}).values():
                related_link = relationship["links"]["related"]
                prefix, name = related_link.rsplit("/", 1)
                relationship["links"]["related"] = f"{prefix}/relationships/{name}"

    _rewrite_documents(app, relationship_url)


@mutant(
    "A created code's document links to the collection it was posted to, not to the code.",
    EVENT_POST,
    TICKET_POST,
)
def created_self_link_is_collection(app: Flask) -> None:
    def self_link_of_the_request(
        schema: Any, obj: object, status: int = 200, self_link: str | None = None
    ) -> Response:
        return jsonapi.resource_document(schema, obj, status)

    discount_codes.resource_document = self_link_of_the_request


@mutant(
    "Resource objects' links.self lack the /v1 prefix.",
    DC + "Discount Code Collection > List All Discount Codes",
    CODE + "Get Discount Code",
)
def resource_self_link_without_version(app: Flask) -> None:
    def unversioned(body: dict[str, Any], _response: Response) -> None:
        for item in _each_code(body):
            item["links"]["self"] = item["links"]["self"].removeprefix("/v1")

    _rewrite_documents(app, unversioned)


# --- Events, tickets, users -----------------------------------------------------------


@mutant(
    "A free ticket may be given a price.",
    TICKETS + "Create a Free Ticket with a Price",
)
def free_ticket_price_unchecked(app: Flask) -> None:
    rules.check_ticket_price = lambda ticket: None


@mutant(
    "An event may end before it starts.",
    EVENTS + "Create Event that Ends before It Starts",
)
def event_dates_unchecked(app: Flask) -> None:
    rules.check_event_dates = lambda event: None


@mutant(
    "An event that ends when it starts is refused (<= for <).",
    EVENTS + "Create Event that Ends when It Starts",
)
def event_of_no_duration_refused(app: Flask) -> None:
    def ends_after_start(event: Event) -> None:
        if event.ends_at <= event.starts_at:
            raise Unprocessable(
                "ends-at must be after starts-at.", pointer=rules.ATTRIBUTES + "ends-at"
            )

    rules.check_event_dates = ends_after_start


@mutant(
    "A ticket may have a negative price.",
    TICKETS + "Create Ticket with a Negative Price",
)
def negative_ticket_price_accepted(app: Flask) -> None:
    tickets.schema.fields["price"].validators = []


@mutant(
    "A password of exactly 8 characters is refused (> 8 for >= 8).",
    USERS + "Create User with an 8-character Password",
)
def password_of_8_refused(app: Flask) -> None:
    users.schema.fields["password"].validators = [validate.Length(min=9)]


@mutant(
    "Log-in compares emails case-sensitively.",
    LOGIN + "Log In with an Email in Another Case",
)
def login_email_case_sensitive(app: Flask) -> None:
    original = app.view_functions["auth.login"]

    def exact_email() -> Response:
        response = original()
        body = request.get_json(silent=True) or {}
        if response.status_code == 200 and not db.session().scalar(
            select(User.id).where(User.email == body.get("email"))
        ):
            raise Unauthorized("Email or password is wrong.")
        return response

    app.view_functions["auth.login"] = exact_email


@mutant(
    "A role grant looks the user up before the caller's right (404 for a missing user"
    " to a caller who may not grant).",
    ROLES + "Grant a Role to a Missing User as a Co-organizer",
)
def role_grant_user_before_right(app: Flask) -> None:
    original = roles.require_role_granter

    def user_first(caller: User, event: Event) -> None:
        user_id = jsonapi.load(roles.schema, request.get_json()).get("user")
        if user_id is not None:
            rules.existing_user(db.session(), user_id, rules.RELATIONSHIPS + "user")
        original(caller, event)

    roles.require_role_granter = user_first


# --- Relationships and filters -----------------------------------------------------------


@mutant(
    "Every code is shown with all four relationships, whatever its kind.",
    EVENT_POST,
    TICKET_POST,
    DC + "Discount Code Collection > List All Discount Codes",
)
def every_kind_has_every_relationship(app: Flask) -> None:
    schemas.DiscountCodeSchema.format_item = schemas.ApiSchema.format_item  # type: ignore[method-assign]


@mutant(
    "A relationship the code's kind lacks answers an empty or null linkage, not a 404.",
    DC + "Discount Code Events > Get the Events of a Ticket Discount Code",
    DC + "Discount Code Tickets Relationship > Get the Tickets Relationship of an Event"
    " Discount Code",
    DC + "Discount Code Marketer Relationship > Get the Marketer Relationship of an Event"
    " Discount Code",
)
def missing_relationship_served_empty(app: Flask) -> None:
    readable = related._readable_code
    related._readable_code = lambda code_id, relationship=None: readable(code_id)


@mutant(
    "The relationship routes read the code without its read rule.",
    DC + "Discount Code Tickets Relationship > Get the Tickets Relationship of a Discount Code"
    " as an Organizer of Another Event",
    DC + "Discount Code Events Relationship > Get the Events Relationship of a Discount Code"
    " as an Organizer of an Event Using It",
)
def relationship_routes_without_read_rule(app: Flask) -> None:
    def linkage(code_id: int, name: str) -> Response:
        code = lookup.live_code(code_id)
        data = related.code_schema.dump(code)["data"]["relationships"][name]
        return jsonapi.document({"data": data["data"], "links": data["links"]})

    app.view_functions["related.code_relationship"] = linkage


@mutant(
    "filter is ignored: every row is listed (the upstream server's answer to filter=nonsense).",
    DC + "Discount Code Collection > List All Discount Codes Filtered by Two Attributes",
    DC + "Discount Code Collection > List All Discount Codes with a Filter that Is Not JSON",
    EVENT_CODES + "List Discount Codes of an Event Filtered by Used-for",
)
def filter_ignored(app: Flask) -> None:
    def without_filters(args: MultiDict[str, str]) -> None:
        for key in [key for key in args if key == "filter" or key.startswith("filter[")]:
            del args[key]

    _rewrite_query(app, without_filters)


@mutant(
    "The short form filter[name]=value is ignored.",
    DC + "Discount Code Collection > List All Discount Codes Filtered in the Short Form",
    DC + "Ticket Discount Codes > List Discount Codes of a Ticket Filtered in the Short Form",
)
def short_form_filter_ignored(app: Flask) -> None:
    def without_short_form(args: MultiDict[str, str]) -> None:
        for key in [key for key in args if key.startswith("filter[")]:
            del args[key]

    _rewrite_query(app, without_short_form)


# --- relationship changes and compound documents ----------------------------------------

CHANGES = "Relationship Changes > "
TICKET_LINKS = CHANGES + "Discount Code Tickets Relationship > "
EVENT_LINKS = CHANGES + "Discount Code Events Relationship > "
COMPOUND = "Compound Documents > Discount Code with Included Resources > "
COMPOUND_LISTS = "Compound Documents > Lists with Included Resources > "


@mutant(
    "Whoever may read a code may change its relationships (its marketer too).",
    TICKET_LINKS + "Replace the Tickets of a Discount Code as Its Marketer",
    TICKET_LINKS + "Add Tickets to a Discount Code as Its Marketer",
    EVENT_LINKS + "Remove Events from a Discount Code as Its Marketer",
)
def relationship_changes_by_readers(app: Flask) -> None:
    relationships.require_code_manager = permissions.require_code_reader


@mutant(
    "Tickets added through the relationship route skip the ticket rules.",
    TICKET_LINKS + "Add Tickets to a Discount Code with a Ticket of Another Event",
    TICKET_LINKS + "Add Tickets to a Discount Code with a Free Ticket",
)
def added_tickets_unchecked(app: Flask) -> None:
    check = rules.check_tickets

    def only_on_patch(code: DiscountCode) -> None:
        if request.method != "POST" or "/relationships/" not in request.path:
            check(code)

    rules.check_tickets = only_on_patch


@mutant(
    "PATCH of a to-many relationship adds the members instead of replacing them.",
    TICKET_LINKS + "Replace the Tickets of a Discount Code",
    EVENT_LINKS + "Replace the Events of a Discount Code",
)
def replacing_adds(app: Flask) -> None:
    app.view_functions["relationships.replace_relationship"] = lambda code_id, name: (
        relationships.add_members(code_id, name)
        if name in relationships.TO_MANY
        else relationships.replace_relationship(code_id, name)
    )


@mutant(
    "DELETE of relationship members removes every member, not the named ones.",
    TICKET_LINKS + "Remove Tickets from a Discount Code",
    EVENT_LINKS + "Remove Events from a Discount Code",
)
def removing_clears(app: Flask) -> None:
    linked = relationships._linked_ids

    def every_member(code: DiscountCode, name: str) -> dict[str, Any]:
        if request.method == "DELETE":
            linked(code, name)  # the body is still read and checked
            return {name: [str(row.id) for row in getattr(code, name)]}
        return linked(code, name)

    relationships._linked_ids = every_member


@mutant(
    "A relationship the code's kind lacks is refused by the PATCH rules (422), not a 404.",
    TICKET_LINKS + "Replace the Tickets of an Event Discount Code",
    EVENT_LINKS + "Add Events to a Ticket Discount Code",
)
def relationship_changes_ignore_kind(app: Flask) -> None:
    relationships.KIND_RELATIONSHIPS = {
        kind: ("event", "events", "tickets", "marketer") for kind in schemas.KIND_RELATIONSHIPS
    }


@mutant(
    "Events added through the relationship route may already use another event code.",
    EVENT_LINKS + "Add Events to a Discount Code with an Event that Has Another Code",
)
def added_events_unchecked(app: Flask) -> None:
    def any_live_events(session: Any, code: DiscountCode, ids: Any) -> list[Event]:
        return [rules.live_event(session, i, rules.RELATIONSHIPS + "events") for i in ids]

    relationships.rules = SimpleNamespace(  # type: ignore[assignment]
        **{**vars(rules), "events_free_for": any_live_events}
    )


@mutant(
    "include on a relationship write is refused only after the change was stored.",
    TICKET_LINKS + "Replace the Tickets of a Discount Code with Include",
)
def include_refused_after_writing(app: Flask) -> None:
    relationships.refuse_include = lambda: None


@mutant(
    "include is ignored: no included member.",
    COMPOUND + "Get a Discount Code with Its Event, Tickets and Marketer",
    COMPOUND + "Get an Event Discount Code with the Events Using It",
    COMPOUND_LISTS + "List All Discount Codes with Their Events",
)
def include_ignored(app: Flask) -> None:
    shape = compound.requested_shape

    def without_include(schema: Any) -> compound.Shape:
        requested = shape(schema)
        return compound.Shape(None, requested.fields)

    jsonapi.requested_shape = without_include


@mutant(
    "A resource linked by several primary resources is included once per link.",
    COMPOUND_LISTS + "List All Discount Codes with Their Events",
)
def included_once_per_link(app: Flask) -> None:
    def every_link(self: compound.Shape, session: Any, resources: list[Any]) -> list[Any]:
        included = []
        for resource in resources:
            for name in self.include or ():
                linkage = resource.get("relationships", {}).get(name, {}).get("data")
                for identifier in linkage if isinstance(linkage, list) else [linkage]:
                    if identifier is not None:
                        model, schema = compound.RESOURCE_TYPES[identifier["type"]]
                        row = session.get(model, int(identifier["id"]))
                        included.append(schema.dump(row)["data"])
        return included

    compound.Shape._included = every_link  # type: ignore[method-assign]


@mutant(
    "Sparse fieldsets are ignored: every member is sent.",
    COMPOUND + "Get a Discount Code with Its Tickets in a Sparse Fieldset",
    COMPOUND + "Get a Discount Code with an Empty Sparse Fieldset",
    COMPOUND_LISTS + "Get the Tickets of a Discount Code in a Sparse Fieldset",
)
def sparse_fieldsets_ignored(app: Flask) -> None:
    compound.Shape._sparse = lambda self, resource: resource  # type: ignore[method-assign]


@mutant(
    "An include path that names no relationship is ignored, not a 400.",
    COMPOUND + "Get a Discount Code with an Unknown Include Path",
    COMPOUND + "Get a Discount Code with a Dotted Include Path",
)
def unknown_include_ignored(app: Flask) -> None:
    compound._relationships = lambda schema: {  # type: ignore[assignment]
        path for path in request.args.get("include", "").split(",")
    }


@mutant(
    "A write's include is checked only when its answer is written, after the change was stored.",
    COMPOUND + "Update a Discount Code with an Unknown Include Path",
    COMPOUND_LISTS + "Create a Ticket Discount Code with an Unknown Include Path",
)
def include_checked_after_the_write(app: Flask) -> None:
    load = jsonapi.load

    def without_checking_the_answer(schema: Any, body: Any, *, partial: bool = False) -> Any:
        shape = jsonapi.requested_shape
        jsonapi.requested_shape = lambda schema: compound.Shape(None, {})
        try:
            return load(schema, body, partial=partial)
        finally:
            jsonapi.requested_shape = shape

    for module in (discount_codes, users, events, tickets, roles, relationships):
        module.load = without_checking_the_answer  # type: ignore[attr-defined]


@mutant(
    "A ticket or event named twice in a linkage is not refused (the link table's key makes"
    " it a 409 about the code instead).",
    CODE + "Update Ticket Discount Code Naming a Ticket Twice",
    DC + "Ticket Discount Code Collection > Create Ticket Discount Code Naming a Ticket Twice",
    TICKET_LINKS + "Add Tickets to a Discount Code with a Ticket Named Twice",
    EVENT_LINKS + "Replace the Events of a Discount Code with an Event Named Twice",
)
def named_twice_accepted(app: Flask) -> None:
    rules.distinct = lambda values, noun, pointer: list(values)  # type: ignore[assignment]

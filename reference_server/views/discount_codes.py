"""``/v1/discount-codes``: the admin's list, creation, and one code's read/update/delete."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reference_server import db, rules
from reference_server.db import utcnow
from reference_server.errors import ApiError, Conflict, Unprocessable
from reference_server.jsonapi import (
    collection_document,
    document,
    load,
    require_jsonapi_body,
    require_new_resource_body,
    resource_document,
)
from reference_server.listing import CODES
from reference_server.lookup import live_code
from reference_server.models import DiscountCode, DiscountType, UsedFor, User
from reference_server.permissions import (
    require_admin,
    require_code_manager,
    require_code_reader,
    require_event_manager,
    require_may_credit,
    require_user,
)
from reference_server.schemas import DiscountCodeSchema

bp = Blueprint("discount_codes", __name__, url_prefix="/v1/discount-codes")
schema = DiscountCodeSchema()

RELATIONSHIPS = ("event", "events", "tickets")
# Which of them a client may send for each kind of code. Either kind may be credited to
# a marketer on creation (``_marketer``), though an event code is shown without one
# (``KIND_RELATIONSHIPS``): the credited user may read it and finds it in their list.
ALLOWED_RELATIONSHIPS = {UsedFor.EVENT: {"events"}, UsedFor.TICKET: {"event", "tickets"}}


@bp.get("")
def list_codes() -> Response:
    require_admin(require_user())
    query = select(DiscountCode).where(DiscountCode.deleted_at.is_(None))
    return collection_document(schema, db.session(), query, CODES)


@bp.post("")
def create_code() -> Response:
    user = require_user()
    data = load(schema, require_new_resource_body())
    used_for = UsedFor(data["used_for"])
    _refuse_foreign_relationships(used_for, data)
    session = db.session()
    code = DiscountCode(**_attributes(data), marketer=user)
    if used_for == UsedFor.TICKET:
        if data.get("event") is None:
            raise Unprocessable(
                "A ticket discount code needs its event relationship.",
                pointer=rules.RELATIONSHIPS + "event",
            )
        event = rules.live_event(session, data["event"], rules.RELATIONSHIPS + "event")
        require_event_manager(user, event)
        code.event = event
        code.event_id = event.id
        code.tickets = rules.live_tickets(session, data.get("tickets", []))
        events = []
    else:
        require_admin(user)
        events = rules.events_free_for(session, code, data.get("events", []))
    code.marketer = _marketer(user, data)
    check_and_save(code, events=events)
    return resource_document(schema, code, status=201, self_link=f"{bp.url_prefix}/{code.id}")


@bp.get("/<int:code_id>")
def get_code(code_id: int) -> Response:
    user = require_user()
    code = live_code(code_id)
    require_code_reader(user, code)
    return resource_document(schema, code)


@bp.patch("/<int:code_id>")
def update_code(code_id: int) -> Response:
    user = require_user()
    code = live_code(code_id)
    require_code_manager(user, code)
    body = require_jsonapi_body()
    _check_body_id(body, code_id)
    apply_update(code, load(schema, body, partial=True))
    return resource_document(schema, code)


def apply_update(code: DiscountCode, data: dict[str, Any]) -> None:
    """Merge the loaded values over the stored code, apply every rule, save.

    Shared with the relationship routes, which change one relationship by these rules.
    """
    if "used_for" in data and data["used_for"] != code.used_for:
        raise Conflict("used-for cannot be changed.", pointer=rules.ATTRIBUTES + "used-for")
    _refuse_foreign_relationships(code.used_for, data)
    if "marketer" in data:
        raise Unprocessable(
            "The marketer is fixed when the code is created.",
            pointer=rules.RELATIONSHIPS + "marketer",
        )
    if "event" in data and str(data["event"]) != str(code.event_id):
        raise Unprocessable(
            "A ticket discount code cannot move to another event.",
            pointer=rules.RELATIONSHIPS + "event",
        )
    session = db.session()
    with session.no_autoflush:
        # Nothing reaches the database before every rule has passed: a pending rename
        # must not be flushed by a query the rules make (it would hit the unique index).
        for name, value in _attributes(data).items():
            setattr(code, name, value)
        if "tickets" in data:
            code.tickets = rules.live_tickets(session, data["tickets"])
        events = rules.events_free_for(session, code, data["events"]) if "events" in data else None
        check_and_save(code, events=events)


@bp.delete("/<int:code_id>")
def delete_code(code_id: int) -> Response:
    """Soft delete: the row stays, the code stops counting and can be reused."""
    user = require_user()
    code = live_code(code_id)
    require_code_manager(user, code)
    code.deleted_at = utcnow()
    db.session().commit()
    return document({"meta": {"message": "Object successfully deleted"}})


def _marketer(user: User, data: dict[str, Any]) -> User:
    """Whom a new code is credited to: the caller, unless the body names a marketer.

    Anyone may name themself; only an admin may name another user, who must exist (404).
    A caller without that right gets a 403 whether or not the user exists.
    """
    if "marketer" not in data:
        return user
    pointer = rules.RELATIONSHIPS + "marketer"
    if data["marketer"] is None:
        raise Unprocessable("A discount code's marketer cannot be null.", pointer=pointer)
    require_may_credit(user, rules.int_id(data["marketer"], pointer))
    return rules.existing_user(db.session(), data["marketer"], pointer)


def _attributes(data: dict[str, Any]) -> dict[str, Any]:
    attributes = {k: v for k, v in data.items() if k not in (*RELATIONSHIPS, "marketer", "id")}
    if "type" in attributes:
        attributes["type"] = DiscountType(attributes["type"])
    if "used_for" in attributes:
        attributes["used_for"] = UsedFor(attributes["used_for"])
    return attributes


def _refuse_foreign_relationships(used_for: UsedFor, data: dict[str, Any]) -> None:
    for name in RELATIONSHIPS:
        if name in data and name not in ALLOWED_RELATIONSHIPS[used_for]:
            raise Unprocessable(
                f"{used_for.code_kind} has no {name} relationship.",
                pointer=rules.RELATIONSHIPS + name,
            )


def _check_body_id(body: dict[str, Any], code_id: int) -> None:
    body_id = body["data"].get("id")
    if body_id is None:
        raise Unprocessable("The resource id is required.", pointer="/data/id")
    if str(body_id) != str(code_id):
        raise Conflict(f"The body's id {body_id} is not the URL's {code_id}.", pointer="/data/id")


def check_and_save(code: DiscountCode, *, events: list[Any] | None) -> None:
    """Apply every rule to the final state, then commit; a lost race is a 409, not a 500.

    A refused code is rolled back, so nothing of it is stored.
    """
    session = db.session()
    try:
        with session.no_autoflush:
            rules.check_attributes(code)
            rules.check_tickets(code)
            rules.check_unique_live_code(session, code)
        session.add(code)
        session.flush()
        if events is not None:
            for event in code.events:
                if event not in events:
                    event.discount_code_id = None
            for event in events:
                event.discount_code_id = code.id
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise rules.code_in_use(code) from error
    except ApiError:
        session.rollback()
        raise
    session.refresh(code)

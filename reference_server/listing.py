"""What each list can be sorted and filtered by: one ``Listing`` per type of row listed.

Attributes are named as the API spells them (dasherized); relationships as in the
resource's ``relationships``. A filter on a relationship sees only what the API shows:
live rows (``Listing.live``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import fields
from sqlalchemy import ColumnElement, true

from reference_server.models import DiscountCode, Event, Ticket, User
from reference_server.schemas import (
    DiscountCodeSchema,
    EventSchema,
    TicketSchema,
    UserSchema,
    dasherize,
)


@dataclass(frozen=True)
class Listing:
    """A listed type: its model, the attributes a client may sort and filter by (each
    with the schema field that reads a value of it), and the relationships a filter may
    follow (``has`` for to-one, ``any`` for to-many)."""

    model: type[Any]
    attributes: dict[str, tuple[str, fields.Field[Any]]]
    to_one: dict[str, Listing] = field(default_factory=dict)
    to_many: dict[str, Listing] = field(default_factory=dict)

    def column(self, name: str) -> Any:
        return getattr(self.model, self.attributes[name][0])

    def live(self) -> ColumnElement[bool]:
        deleted_at = getattr(self.model, "deleted_at", None)
        return true() if deleted_at is None else deleted_at.is_(None)


def _attributes(schema: Any, *names: str) -> dict[str, tuple[str, fields.Field[Any]]]:
    declared = schema().fields
    return {dasherize(name): (name, declared[name]) for name in names}


USERS = Listing(User, _attributes(UserSchema, "id", "email", "first_name", "last_name"))
EVENTS = Listing(
    Event, _attributes(EventSchema, "id", "name", "identifier", "starts_at", "ends_at")
)
TICKETS = Listing(Ticket, _attributes(TicketSchema, "id", "name", "type", "price", "quantity"))
CODES = Listing(
    DiscountCode,
    _attributes(
        DiscountCodeSchema,
        "id",
        "code",
        "discount_url",
        "value",
        "type",
        "is_active",
        "tickets_number",
        "min_quantity",
        "max_quantity",
        "valid_from",
        "valid_till",
        "used_for",
        "created_at",
    ),
    to_one={"event": EVENTS, "marketer": USERS},
    to_many={"events": EVENTS, "tickets": TICKETS},
)

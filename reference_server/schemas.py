"""JSON:API schemas (marshmallow-jsonapi): dasherized attributes, string ids, linkage."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, validate
from marshmallow_jsonapi import Schema, fields

from reference_server.models import DiscountType, UsedFor


def dasherize(name: str) -> str:
    return name.replace("_", "-")


def _related(path: str, type_: str, *, many: bool = False, dump_only: bool = False):  # type: ignore[no-untyped-def]
    return fields.Relationship(
        related_url=f"/v1/discount-codes/{{id}}/{path}",
        related_url_kwargs={"id": "<id>"},
        many=many,
        include_resource_linkage=True,
        type_=type_,
        allow_none=not many,
        dump_only=dump_only,
    )


class DiscountCodeSchema(Schema):
    """One schema for both kinds: ``used-for`` decides which relationships apply.

    Event codes use ``events`` (the events pointing at the code); ticket codes use
    ``event`` and ``tickets``. ``marketer`` is whoever created the code.
    """

    class Meta:
        type_ = "discount-code"
        inflect = dasherize
        self_url = "/v1/discount-codes/{id}"
        self_url_kwargs = {"id": "<id>"}
        unknown = RAISE

    id = fields.Str()
    code = fields.Str(required=True, validate=validate.Length(min=1, max=255))
    discount_url = fields.Str(allow_none=True, validate=validate.Length(max=1024))
    value = fields.Float(required=True, allow_nan=False)
    type = fields.Str(required=True, validate=validate.OneOf([t.value for t in DiscountType]))
    is_active = fields.Bool()
    tickets_number = fields.Int(allow_none=True, validate=validate.Range(min=0))
    min_quantity = fields.Int(validate=validate.Range(min=0))
    max_quantity = fields.Int(allow_none=True, validate=validate.Range(min=0))
    valid_from = fields.AwareDateTime(allow_none=True)
    valid_till = fields.AwareDateTime(allow_none=True)
    used_for = fields.Str(required=True, validate=validate.OneOf([u.value for u in UsedFor]))
    created_at = fields.AwareDateTime(dump_only=True)
    deleted_at = fields.AwareDateTime(dump_only=True)

    def format_error(self, field_name: str, message: Any, index: int | None = None) -> dict:
        error = super().format_error(field_name, message, index)
        if message == ["Unknown field."] or message == "Unknown field.":
            # An unknown member is named as the client spelled it, not dasherized into
            # the name of another, valid attribute (``valid_from`` is not ``valid-from``).
            parent = error["source"]["pointer"].rsplit("/", 1)[0]
            error["source"]["pointer"] = f"{parent}/{field_name}"
        return error

    event = _related("event", "event")
    events = _related("events", "event", many=True)
    tickets = _related("tickets", "ticket", many=True)
    marketer = _related("marketer", "user", dump_only=True)


# Sortable attributes: the dasherized name a client sends -> the model attribute.
SORTABLE = {
    dasherize(name): name
    for name in (
        "id",
        "code",
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
    )
}


class EventSchema(Schema):
    """An event as the discount-code routes show it (its own routes are not part of this API)."""

    class Meta:
        type_ = "event"
        inflect = dasherize

    id = fields.Str()
    identifier = fields.Str()
    name = fields.Str()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()


class TicketSchema(Schema):
    class Meta:
        type_ = "ticket"
        inflect = dasherize

    id = fields.Str()
    name = fields.Str()
    type = fields.Str()
    price = fields.Float()
    quantity = fields.Int()


class UserSchema(Schema):
    """A code's marketer: who to credit for it."""

    class Meta:
        type_ = "user"
        inflect = dasherize

    id = fields.Str()
    email = fields.Str()
    first_name = fields.Str(allow_none=True)
    last_name = fields.Str(allow_none=True)

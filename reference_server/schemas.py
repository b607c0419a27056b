"""JSON:API schemas (marshmallow-jsonapi): dasherized attributes, string ids, linkage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import RAISE, ValidationError, validate
from marshmallow_jsonapi import Schema, fields
from marshmallow_jsonapi.fields import BaseRelationship

from reference_server.models import (
    CODE_LENGTH,
    EMAIL_LENGTH,
    MAX_ID,
    DiscountType,
    Role,
    TicketType,
    UsedFor,
)

# What a string column of each length holds: longer values are a 422, not a database error.
NAME_LENGTH = validate.Length(min=1, max=255)
# What an integer column holds on every backend: a larger count is a 422, not a 500.
COUNT_RANGE = validate.Range(min=0, max=MAX_ID)
PASSWORD_LENGTH = validate.Length(min=8)


def dasherize(name: str) -> str:
    return name.replace("_", "-")


class UTCDateTime(fields.AwareDateTime):
    """A timezone-aware timestamp, loaded as UTC (how every column stores it).

    Converting on load turns a date that has no UTC equivalent (year 1 at +05:00) into
    a 422 here instead of an overflow when the row is written.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            in_utc: datetime = moment.astimezone(UTC)
            return in_utc
        except OverflowError as error:
            raise ValidationError("The date is out of range once converted to UTC.") from error


class StrictFloat(fields.Float):
    """A JSON number, nothing else.

    marshmallow's Float takes anything ``float()`` takes, so ``"15"`` would load as 15.0;
    the API reads JSON types as sent. (Booleans are refused by marshmallow's Number;
    ``NaN`` and ``Infinity`` never get here: the body reader refuses them, no JSON numbers.)
    """

    def _validated(self, value: Any) -> float:
        if not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        number: float = super()._validated(value)
        return number


class StrictBoolean(fields.Boolean):
    """``true`` or ``false``, nothing else.

    marshmallow's Boolean also takes ``"yes"``, ``"1"``, ``1`` and ``0``, and its
    ``truthy``/``falsy`` options cannot leave out 1 and 0, which equal True and False.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def strict_int(**options: Any) -> fields.Integer:
    """A JSON integer: marshmallow's own strict mode refuses ``"1"`` and ``1.5`` (and its
    Number refuses booleans)."""
    return fields.Int(strict=True, **options)


def _pointer_token(name: str) -> str:
    """``name`` as one reference token of a JSON Pointer (RFC 6901: ``~`` and ``/`` escaped)."""
    return name.replace("~", "~0").replace("/", "~1")


class ApiSchema(Schema):
    """The API's schemas: every member of a resource object is checked where it was sent.

    marshmallow-jsonapi merges ``attributes`` and ``relationships`` into one payload
    before loading, so an attribute named ``event`` would be read as the relationship,
    and an unknown relationship reported at ``/data/attributes/...``. Each member is
    therefore checked against the schema in the object it came in, named as the client
    spelled it, and a string attribute must not hold U+0000 (PostgreSQL's text cannot).
    """

    def unwrap_item(self, item: dict[str, Any]) -> dict[str, Any]:
        # The resource's own ``meta`` means nothing to a write; marshmallow-jsonapi would
        # load it as an unknown field named ``_resource_meta``.
        payload = super().unwrap_item({k: v for k, v in item.items() if k != "meta"})
        errors = [*self._attribute_errors(item), *self._relationship_errors(item)]
        if errors:
            raise ValidationError(errors)
        unwrapped: dict[str, Any] = payload
        return unwrapped

    def _attribute_errors(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        relationships, attributes = self._writable_members()
        read_only = self._read_only_members()
        errors = []
        for name, value in item.get("attributes", {}).items():
            detail = None
            if name in relationships:
                detail = f"{name!r} is a relationship, not an attribute."
            elif name in read_only:
                detail = f"{name!r} is read-only: the server sets it."
            elif name not in attributes:
                detail = f"Unknown attribute {name!r} for type {self.opts.type_!r}."
            elif isinstance(value, str) and "\x00" in value:
                detail = "The value must not contain NUL characters (U+0000)."
            if detail:
                errors.append(_error(detail, "/data/attributes/" + _pointer_token(name)))
        return errors

    def _relationship_errors(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        relationships, attributes = self._writable_members()
        errors = []
        for name in item.get("relationships", {}):
            detail = None
            if name in attributes:
                detail = f"{name!r} is an attribute, not a relationship."
            elif name not in relationships:
                detail = f"Unknown relationship {name!r} for type {self.opts.type_!r}."
            if detail:
                errors.append(_error(detail, "/data/relationships/" + _pointer_token(name)))
        return errors

    def _writable_members(self) -> tuple[set[str], set[str]]:
        """The names a client may send: (relationships, attributes)."""
        relationships, attributes = set(), set()
        for name, field in self.load_fields.items():
            if isinstance(field, BaseRelationship):
                relationships.add(field.data_key or name)
            elif name != "id":
                attributes.add(field.data_key or name)
        return relationships, attributes

    def _read_only_members(self) -> set[str]:
        return {
            field.data_key or name
            for name, field in self.dump_fields.items()
            if name not in self.load_fields and name != "id"
        }


def _error(detail: str, pointer: str) -> dict[str, Any]:
    return {"detail": detail, "source": {"pointer": pointer}}


class _LiveRelationship(fields.Relationship):
    """A relationship whose linkage names live rows only, as its related route lists them:
    a soft-deleted ticket or event stays in the link table but is gone from the API."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if self.many and value is not None:
            value = [row for row in value if row.deleted_at is None]
        return super()._serialize(value, attr, obj, **kwargs)


def _related(path: str, type_: str, *, many: bool = False) -> _LiveRelationship:
    return _LiveRelationship(
        self_url=f"/v1/discount-codes/{{id}}/relationships/{path}",
        self_url_kwargs={"id": "<id>"},
        related_url=f"/v1/discount-codes/{{id}}/{path}",
        related_url_kwargs={"id": "<id>"},
        many=many,
        include_resource_linkage=True,
        type_=type_,
        allow_none=not many,
    )


# The relationships each kind of code has (the upstream API's two schemas): an event
# code's ``event`` is always null, ``events`` are the events pointing at it; a ticket
# code's ``marketer`` is whoever it is credited to.
KIND_RELATIONSHIPS = {
    UsedFor.EVENT.value: ("event", "events"),
    UsedFor.TICKET.value: ("event", "tickets", "marketer"),
}


class DiscountCodeSchema(ApiSchema):
    """One schema for both kinds: ``used-for`` decides which relationships apply.

    Every relationship is loaded (so a write naming another kind's relationship gets a
    422 naming it, from the views); a code is shown with its kind's relationships only
    (``KIND_RELATIONSHIPS``). ``marketer`` is whoever the code is credited to: its
    creator unless an admin names another user on creation (the views decide who may).
    """

    class Meta:
        type_ = "discount-code"
        inflect = dasherize
        self_url = "/v1/discount-codes/{id}"
        self_url_kwargs = {"id": "<id>"}
        unknown = RAISE

    id = fields.Str()
    code = fields.Str(required=True, validate=validate.Length(min=1, max=CODE_LENGTH))
    discount_url = fields.Str(allow_none=True, validate=validate.Length(max=1024))
    value = StrictFloat(required=True)
    type = fields.Str(required=True, validate=validate.OneOf([t.value for t in DiscountType]))
    is_active = StrictBoolean()
    tickets_number = strict_int(allow_none=True, validate=COUNT_RANGE)
    min_quantity = strict_int(validate=COUNT_RANGE)
    max_quantity = strict_int(allow_none=True, validate=COUNT_RANGE)
    valid_from = UTCDateTime(allow_none=True)
    valid_till = UTCDateTime(allow_none=True)
    used_for = fields.Str(required=True, validate=validate.OneOf([u.value for u in UsedFor]))
    created_at = fields.AwareDateTime(dump_only=True)
    deleted_at = fields.AwareDateTime(dump_only=True)

    event = _related("event", "event")
    events = _related("events", "event", many=True)
    tickets = _related("tickets", "ticket", many=True)
    marketer = _related("marketer", "user")

    def format_item(self, item: Any) -> Any:
        resource = super().format_item(item)
        kind = KIND_RELATIONSHIPS[resource["attributes"]["used-for"]]
        resource["relationships"] = {
            name: value for name, value in resource["relationships"].items() if name in kind
        }
        return resource


class EventSchema(ApiSchema):
    """An event: created by any logged-in user, shown by the discount-code routes too.

    ``identifier`` is the server's to choose, so a client that sends one gets a 422.
    """

    class Meta:
        type_ = "event"
        inflect = dasherize
        unknown = RAISE

    id = fields.Str(dump_only=True)
    identifier = fields.Str(dump_only=True)
    name = fields.Str(required=True, validate=NAME_LENGTH)
    starts_at = UTCDateTime(required=True)
    ends_at = UTCDateTime(required=True)


class TicketSchema(ApiSchema):
    """A ticket of one event; ``event`` is only read on creation (the ticket's own
    document does not show it)."""

    class Meta:
        type_ = "ticket"
        inflect = dasherize
        unknown = RAISE

    id = fields.Str(dump_only=True)
    name = fields.Str(required=True, validate=NAME_LENGTH)
    type = fields.Str(required=True, validate=validate.OneOf([t.value for t in TicketType]))
    price = StrictFloat(load_default=0.0, validate=validate.Range(min=0))
    quantity = strict_int(load_default=100, validate=COUNT_RANGE)
    event = fields.Relationship(
        type_="event", include_resource_linkage=True, allow_none=True, load_only=True
    )


class UserSchema(ApiSchema):
    """A user: signed up by anyone, shown as a code's marketer. The password is only read."""

    class Meta:
        type_ = "user"
        inflect = dasherize
        unknown = RAISE

    id = fields.Str(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=EMAIL_LENGTH))
    password = fields.Str(required=True, load_only=True, validate=PASSWORD_LENGTH)
    first_name = fields.Str(allow_none=True, validate=validate.Length(max=100))
    last_name = fields.Str(allow_none=True, validate=validate.Length(max=100))


class UsersEventsRoleSchema(ApiSchema):
    """A user's role in an event, with both named by linkage."""

    class Meta:
        type_ = "users-events-role"
        inflect = dasherize
        unknown = RAISE

    id = fields.Str(dump_only=True)
    role = fields.Str(required=True, validate=validate.OneOf([r.value for r in Role]))
    user = fields.Relationship(type_="user", include_resource_linkage=True, allow_none=True)
    event = fields.Relationship(type_="event", include_resource_linkage=True, allow_none=True)

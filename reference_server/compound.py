"""``include`` and ``fields[TYPE]``: what a client asks a document to carry (JSON:API 1.0).

Written by hand: marshmallow-jsonapi includes related resources only through
relationship fields bound to a schema, loading them from the object itself, which
would bypass what the linkage already decided (a kind's own relationships,
``KIND_RELATIONSHIPS``; live rows only). Here the included resources are exactly those
the dumped linkage names, each once, in the order first named, and never one of the
primary resources. A sparse fieldset is applied after dumping, to primary and included
resources alike: a code's kind is read from ``used-for`` even when it is not asked for.

Both parameters are checked before anything is dumped: an unknown path, type or field
is a 400 naming its parameter, as are an empty path and a parameter given twice.

``include`` follows the read rule of the related routes: a code's related resources are
included only when the caller may read them there (the code's managers and its
marketer), so a list or a lookup that shows a code to someone else (an organizer seeing
the event code its event uses, an anonymous buyer) includes nothing of it; the linkage
still names them, which JSON:API allows. Only a code's relationships can be included:
a role's ``user`` and ``event`` are not (no route lets its granter read the user).
"""

from __future__ import annotations

import re
from typing import Any

from flask import request
from marshmallow_jsonapi import Schema
from marshmallow_jsonapi.fields import BaseRelationship
from sqlalchemy.orm import Session

from reference_server.auth import current_user
from reference_server.errors import BadRequest
from reference_server.models import DiscountCode, Event, Ticket, User, UserEventRole
from reference_server.permissions import reads_code
from reference_server.schemas import (
    DiscountCodeSchema,
    EventSchema,
    TicketSchema,
    UserSchema,
    UsersEventsRoleSchema,
)

__all__ = ["Shape", "requested_shape", "sparse_fieldsets"]

# Every type the API shows, with its model and the schema that dumps it.
RESOURCE_TYPES: dict[str, tuple[type[Any], Schema]] = {
    schema.opts.type_: (model, schema)
    for model, schema in (
        (DiscountCode, DiscountCodeSchema()),
        (Event, EventSchema()),
        (Ticket, TicketSchema()),
        (User, UserSchema()),
        (UserEventRole, UsersEventsRoleSchema()),
    )
}
FIELDS_PARAMETER = re.compile(r"fields\[(.*)\]", re.DOTALL)
# The types whose relationships may be included.
INCLUDABLE = ("discount-code",)


class Shape:
    """The include paths and sparse fieldsets of one request, ready to apply."""

    def __init__(self, include: list[str] | None, fields: dict[str, set[str]]) -> None:
        self.include = include
        self.fields = fields

    def apply(self, session: Session, resources: list[dict[str, Any]]) -> dict[str, Any]:
        """The document members for ``resources``: ``included`` if asked, fields cut."""
        members: dict[str, Any] = {}
        if self.include is not None:
            members["included"] = [
                self._sparse(resource) for resource in self._included(session, resources)
            ]
        for resource in resources:
            self._sparse(resource)
        return members

    def _included(self, session: Session, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen = {(resource["type"], resource["id"]) for resource in resources}
        caller = current_user(optional=True)
        included = []
        for resource in resources:
            code = session.get(DiscountCode, int(resource["id"]))
            if caller is None or code is None or not reads_code(caller, code):
                continue
            for name in self.include or ():
                linkage = resource.get("relationships", {}).get(name, {}).get("data")
                for identifier in _identifiers(linkage):
                    key = (identifier["type"], identifier["id"])
                    if key in seen:
                        continue
                    seen.add(key)
                    model, schema = RESOURCE_TYPES[key[0]]
                    row = session.get(model, int(key[1]))
                    if getattr(row, "deleted_at", None) is None:
                        included.append(schema.dump(row)["data"])
        return included

    def _sparse(self, resource: dict[str, Any]) -> dict[str, Any]:
        wanted = self.fields.get(resource["type"])
        if wanted is None:
            return resource
        for member in ("attributes", "relationships"):
            kept = {k: v for k, v in resource.get(member, {}).items() if k in wanted}
            if kept:
                resource[member] = kept
            else:
                resource.pop(member, None)
        return resource


def _identifiers(linkage: Any) -> list[dict[str, str]]:
    """A linkage's resource identifiers: a to-many list, or the to-one's (none if null)."""
    if isinstance(linkage, list):
        return linkage
    return [] if linkage is None else [linkage]


def requested_shape(schema: Schema) -> Shape:
    """The request's ``include`` (paths of ``schema``'s type) and ``fields[TYPE]``."""
    return Shape(_include_paths(schema), sparse_fieldsets())


def _single(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} may be given only once.", parameter=name)
    return values[0] if values else None


def _include_paths(schema: Schema) -> list[str] | None:
    raw = _single("include")
    if raw is None:
        return None
    relationships = _relationships(schema) if schema.opts.type_ in INCLUDABLE else set()
    paths: list[str] = []
    for path in raw.split(","):
        if path not in relationships:
            shown = ", ".join(sorted(relationships)) or "none"
            raise BadRequest(
                f"Cannot include {path!r}: what {schema.opts.type_!r} can include is"
                f" {shown} (and the types they name have nothing to follow).",
                parameter="include",
            )
        if path not in paths:
            paths.append(path)
    return paths


def sparse_fieldsets() -> dict[str, set[str]]:
    """The request's ``fields[TYPE]``, each checked against its type."""
    fieldsets = {}
    for name in request.args:
        match = FIELDS_PARAMETER.fullmatch(name)
        if not match:
            continue
        type_ = match.group(1)
        if type_ not in RESOURCE_TYPES:
            raise BadRequest(f"There is no resource type {type_!r}.", parameter=name)
        schema = RESOURCE_TYPES[type_][1]
        members = _attributes(schema) | _relationships(schema)
        wanted = set(filter(None, (_single(name) or "").split(",")))
        unknown = sorted(wanted - members)
        if unknown:
            raise BadRequest(f"{type_!r} has no field {unknown[0]!r}.", parameter=name)
        fieldsets[type_] = wanted
    return fieldsets


def _relationships(schema: Schema) -> set[str]:
    return {
        field.data_key or name
        for name, field in schema.dump_fields.items()
        if isinstance(field, BaseRelationship)
    }


def _attributes(schema: Schema) -> set[str]:
    return {
        field.data_key or name
        for name, field in schema.dump_fields.items()
        if not isinstance(field, BaseRelationship) and name != "id"
    }

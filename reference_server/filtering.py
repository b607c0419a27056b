"""The ``filter`` query parameter: the filter language of flask-rest-jsonapi (the real
server's), over one list's query.

``filter`` is a JSON array of nodes, every one of which must hold:

- ``{"name": attribute, "op": op, "val": value}`` with op ``eq ne lt le gt ge in_
  notin_ like ilike is_ isnot``;
- ``{"name": relationship, "op": "has" | "any", "val": node}``: a to-one (``has``) or
  to-many (``any``) relationship with a live related row for which ``node`` holds;
- ``{"and": [node, ...]}``, ``{"or": [node, ...]}``, ``{"not": node}``.

``filter[attribute]=value`` is the short form of ``eq``, the value read from the query
string by the attribute's type. Values are typed as strictly as in a body: a number
for a number, ``true``/``false`` for a flag, an id as its string. Anything else is a 400
naming the parameter.

Written by hand: flask-rest-jsonapi(-next) ties its filtering to its own resource and
data-layer classes and answers with its own error statuses, and resolves ``val`` with
SQLAlchemy's operator of that name (any of them) without checking its type, which
this API must refuse rather than leave to the database.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from typing import Any

from flask import request
from marshmallow import ValidationError, fields
from sqlalchemy import ColumnElement, String, and_, not_, or_, type_coerce

from reference_server.errors import BadRequest
from reference_server.listing import Listing
from reference_server.models import MAX_ID, is_digits

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
ORDERED = ("lt", "le", "gt", "ge")
OPERATORS = (*COMPARISONS, "in_", "notin_", "like", "ilike", "is_", "isnot")
# Deeper than any real filter, shallow enough for Python's and SQLAlchemy's recursion.
MAX_DEPTH = 16
_SIMPLE = re.compile(r"filter\[(.*)\]")


def filter_clauses(listing: Listing) -> list[ColumnElement[bool]]:
    """The conditions the request's ``filter`` parameters put on a list of ``listing``."""
    clauses = []
    given = request.args.getlist("filter")
    if len(given) > 1:
        raise _error("filter", "Give filter once, as one JSON array.")
    if given:
        clauses.extend(_Parser(listing, "filter").nodes(_json(given[0])))
    for parameter, value in request.args.items():
        match = _SIMPLE.fullmatch(parameter)
        if match:
            clauses.append(_Parser(listing, parameter).simple(match.group(1), value))
    return clauses


def _json(raw: str) -> Any:
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise _error("filter", "filter must be a JSON array of filter objects.") from error


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _error(parameter: str, detail: str) -> BadRequest:
    return BadRequest(detail, parameter=parameter)


class _Parser:
    """One parameter's filter, read against ``listing``; every fault names ``parameter``."""

    def __init__(self, listing: Listing, parameter: str) -> None:
        self.listing = listing
        self.parameter = parameter

    def fail(self, detail: str) -> BadRequest:
        return _error(self.parameter, detail)

    def nodes(self, nodes: Any) -> list[ColumnElement[bool]]:
        if not isinstance(nodes, list):
            raise self.fail("filter must be a JSON array of filter objects.")
        return [self.node(self.listing, node, 1) for node in nodes]

    def node(self, listing: Listing, node: Any, depth: int) -> ColumnElement[bool]:
        if depth > MAX_DEPTH:
            raise self.fail(f"A filter may nest at most {MAX_DEPTH} levels.")
        if not isinstance(node, dict):
            raise self.fail("Each filter must be an object.")
        if set(node) in ({"and"}, {"or"}):
            ((combinator, members),) = node.items()
            if not isinstance(members, list) or not members:
                raise self.fail(f"{combinator!r} takes a non-empty array of filters.")
            clauses = [self.node(listing, member, depth + 1) for member in members]
            return and_(*clauses) if combinator == "and" else or_(*clauses)
        if set(node) == {"not"}:
            return not_(self.node(listing, node["not"], depth + 1))
        if set(node) != {"name", "op", "val"}:
            raise self.fail(
                'A filter is {"name", "op", "val"}, or {"and": [...]}, {"or": [...]}, {"not": ...}.'
            )
        name, op, value = node["name"], node["op"], node["val"]
        if not isinstance(name, str) or not isinstance(op, str):
            raise self.fail("A filter's name and op must be strings.")
        if name in listing.to_one or name in listing.to_many:
            return self.relationship(listing, name, op, value, depth)
        return self.attribute(listing, name, op, value)

    def relationship(
        self, listing: Listing, name: str, op: str, value: Any, depth: int
    ) -> ColumnElement[bool]:
        many = name in listing.to_many
        expected = "any" if many else "has"
        if op != expected:
            kind = "to-many" if many else "to-one"
            raise self.fail(f"{name!r} is a {kind} relationship: filter it with {expected!r}.")
        related = (listing.to_many if many else listing.to_one)[name]
        condition = and_(related.live(), self.node(related, value, depth + 1))
        attribute = getattr(listing.model, name)
        related_clause: ColumnElement[bool] = (
            attribute.any(condition) if many else attribute.has(condition)
        )
        return related_clause

    def attribute(self, listing: Listing, name: str, op: str, value: Any) -> ColumnElement[bool]:
        if name not in listing.attributes:
            raise self.fail(f"Cannot filter by {name!r}.")
        if op not in OPERATORS:
            raise self.fail(f"Unknown filter op {op!r}: one of {', '.join(OPERATORS)}.")
        column = listing.column(name)
        reader = listing.attributes[name][1]
        if op in ("is_", "isnot"):
            if value is not None:
                raise self.fail(f"{op!r} compares with null only.")
            null_clause: ColumnElement[bool] = (
                column.is_(None) if op == "is_" else column.is_not(None)
            )
            return null_clause
        if op in ("like", "ilike"):
            if not isinstance(reader, fields.String) or name == "id":
                raise self.fail(f"{op!r} applies to text attributes, not to {name!r}.")
            pattern = self.text(value, name)
            # As text: an enum column would read the pattern as one of its values.
            text = type_coerce(column, String())
            return text.like(pattern) if op == "like" else text.ilike(pattern)
        if op in ("in_", "notin_"):
            if not isinstance(value, list):
                raise self.fail(f"{op!r} takes an array of values.")
            values = [self.value(name, reader, item) for item in value]
            in_clause: ColumnElement[bool] = (
                column.in_(values) if op == "in_" else column.not_in(values)
            )
            return in_clause
        if op in ORDERED and isinstance(reader, fields.Boolean):
            raise self.fail(f"{op!r} does not apply to the flag {name!r}.")
        compared: ColumnElement[bool] = COMPARISONS[op](column, self.value(name, reader, value))
        return compared

    def text(self, value: Any, name: str) -> str:
        if not isinstance(value, str):
            raise self.fail(f"The value for {name!r} must be a string, not {value!r:.50}.")
        if "\x00" in value:
            raise self.fail("A filter value must not contain NUL characters (U+0000).")
        return value

    def value(self, name: str, reader: fields.Field[Any], value: Any) -> Any:
        """``value`` as the attribute's column holds it, read as strictly as a body."""
        if name == "id":
            if not isinstance(value, str) or not is_digits(value) or int(value) > MAX_ID:
                raise self.fail(f"An id is a string of digits, not {value!r:.50}.")
            return int(value)
        if value is None:
            return None
        if isinstance(value, str):
            self.text(value, name)
        try:
            return reader.deserialize(value)
        except ValidationError as error:
            raise self.fail(f"Not a value of {name!r}: {value!r:.50}.") from error

    def simple(self, name: str, raw: str) -> ColumnElement[bool]:
        """``filter[name]=raw``: ``eq``, with ``raw`` read by the attribute's type."""
        if name not in self.listing.attributes:
            raise self.fail(f"Cannot filter by {name!r}.")
        reader = self.listing.attributes[name][1]
        value: Any = raw
        if isinstance(reader, fields.Number | fields.Boolean):
            try:
                value = json.loads(raw, parse_constant=_no_constant)
            except ValueError as error:
                raise self.fail(f"Not a value of {name!r}: {raw!r:.50}.") from error
        return self.attribute(self.listing, name, "eq", value)

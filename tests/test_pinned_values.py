"""Rule 5 of the contract for answers: what the API determines of every discount code is
pinned, whatever the transaction.

A live code is all the API ever shows, so ``deleted-at`` is ``null`` in every code of
every answer; an event code's ``event`` is always ``null`` (its events are ``events``)
and a ticket code's never is. The compiled schemas are read, not the blueprint's text:
a per-transaction override of a named type replaces what the type pins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from harness import blueprint
from harness.testing import compile_contract


def discount_codes(schema: Any) -> Iterator[dict[str, Any]]:
    """Every object schema in ``schema`` that describes a discount code resource."""
    if isinstance(schema, dict):
        members = schema.get("properties", {})
        if members.get("type", {}).get("const") == "discount-code" and "attributes" in members:
            yield schema
        for value in schema.values():
            yield from discount_codes(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from discount_codes(item)


def test_every_code_in_every_answer_pins_what_the_api_determines() -> None:
    transactions = compile_contract(blueprint.build()).transactions
    unpinned: list[str] = []
    checked = {"event": 0, "ticket": 0}
    for transaction in transactions:
        schema = json.loads(transaction.schema) if transaction.schema else {}
        for code in discount_codes(schema):
            members = code["properties"]
            attributes = members["attributes"]["properties"]
            # A sparse fieldset leaves it out, and then the answer may not have it at all.
            closed = members["attributes"].get("additionalProperties") is False
            absent = {"const": None} if closed else None
            if attributes.get("deleted-at", absent) != {"const": None}:
                unpinned.append(f"{transaction.name}: deleted-at")
            used_for = attributes.get("used-for", {})
            kinds = [used_for["const"]] if "const" in used_for else used_for.get("enum", [])
            for kind in kinds:
                checked[kind] += 1
            event = members.get("relationships", {}).get("properties", {}).get("event")
            if event is None:
                continue
            data = event["properties"]["data"]
            if kinds == ["event"] and data != {"const": None}:
                unpinned.append(f"{transaction.name}: an event code's event")
            if kinds == ["ticket"] and (data.get("type") != "object" or "anyOf" in data):
                unpinned.append(f"{transaction.name}: a ticket code's event may be null")
    assert min(checked.values()) > 40, checked
    assert unpinned == []

"""Rule 5 of the contract for refusals: what a refusal's answer determines is pinned.

Every transaction answering 4xx must fix, in the JSON Schema Dredd validates against,
each error object's ``status`` (the transaction's own, as a string) and ``title``: a
server answering the right status with another error document, or a 400's body with a
404's, fails. MSON drops a named type's member overrides silently in some layouts (a
description paragraph before them did), so this reads the compiled schemas, not the
blueprint's text.
"""

from __future__ import annotations

import json

from harness import blueprint
from harness.testing import compile_contract


def test_every_refusal_pins_its_error_status_and_title() -> None:
    refusals = [t for t in compile_contract(blueprint.build()).transactions if t.status >= 400]
    assert len(refusals) > 500
    unpinned = []
    for transaction in refusals:
        schema = json.loads(transaction.schema) if transaction.schema else {}
        errors = schema.get("properties", {}).get("errors", {})
        items = errors.get("items") or [{}]
        for item in items if isinstance(items, list) else [items]:
            members = item.get("properties", {})
            status = members.get("status", {}).get("const")
            if status != str(transaction.status) or "const" not in members.get("title", {}):
                unpinned.append(transaction.name)
        if "jsonapi" not in schema.get("required", []):
            unpinned.append(transaction.name)
    assert unpinned == []

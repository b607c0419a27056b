"""The modules mutated: where the server decides who may do what and what it answers.

Permissions, validation rules, the lookup of the rows an id names, views, the JSON:API
layer (with the reading of request bodies, ``filter``, ``include`` and sparse
fieldsets), authentication and the schemas.
Not mutated: the models, the database layer and the configuration (the hooks and
factories seed every transaction through them, so a mutant there would break the
seeding as much as the server), what each list may be sorted and filtered by
(``listing.py``: data, not decisions), the admin command (not part of the API), and the
error documents (``errors.py``, a candidate to add).
"""

from __future__ import annotations

from pathlib import Path

PATTERNS = (
    "reference_server/permissions.py",
    "reference_server/rules.py",
    "reference_server/jsonapi.py",
    "reference_server/filtering.py",
    "reference_server/compound.py",
    "reference_server/body.py",
    "reference_server/auth.py",
    "reference_server/lookup.py",
    "reference_server/schemas.py",
    "reference_server/views/*.py",
)


def modules(root: Path) -> list[str]:
    """The modules ``PATTERNS`` name in ``root``, relative to it, in pattern order."""
    found: list[str] = []
    for pattern in PATTERNS:
        matched = sorted(path.relative_to(root).as_posix() for path in root.glob(pattern))
        if not matched:
            raise FileNotFoundError(f"no module matches {pattern} in {root}")
        found += [name for name in matched if name not in found]
    return found

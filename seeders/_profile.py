"""Implementation profiles: what one implementation needs where the contract is silent.

The api seeder creates a scenario's rows through the server's own routes with the
contract's attributes. Another implementation may need more (an event's ``timezone``,
a ticket's sales dates), read its token's user id from another claim, or grant roles
another way. A profile says so, in TOML, so that rows can be seeded on it at all; what
it answers is then judged by the contract as always. The reference server needs none
(the empty profile, ``Profile()``).

    [create.event]                      # extra attributes of every event created
    timezone = "UTC"
    [create.ticket]                     # derived from a related row: its event's start,
    sales-starts-at = { from = "event.starts-at", days = -30 }   # 30 days earlier
    [body]
    always-send-attributes = true       # relationship-only PATCHes carry "attributes": {}
    [token]
    user-id-claim = "identity"          # the claim that holds the user id (default "sub")
    scheme = "JWT"                      # Authorization: JWT <token>
    claims = { type = "access" }        # set on every token the harness signs itself
    [delete]                            # routes that soft-delete rows the contract
    event = "/v1/events/{id}"           # cannot delete: scenarios needing a deleted
    ticket = "/v1/tickets/{id}"         # event or ticket are then checked too
    [adapter]
    module = "open_event_server.py"     # Python, beside the profile: what TOML cannot say

An adapter module may define ``create_users_events_role(seeding, role)`` (see
``seeders.api.Seeding``): roles granted through the implementation's own flow.
"""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

#: The kinds of row the api seeder creates, as ``[create.KIND]`` names them.
KINDS = ("user", "event", "ticket", "users-events-role", "discount-code")
_SECTIONS = {
    "create": set(KINDS),
    "body": {"always-send-attributes"},
    "token": {"user-id-claim", "scheme", "claims"},
    "adapter": {"module"},
    "delete": {"event", "ticket"},
}
_SHIFTS = ("days", "hours", "minutes", "seconds")
ADAPTER_HOOKS = ("create_users_events_role",)


class ProfileError(Exception):
    """The profile cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Derived:
    """A value computed from the row being created (``source``: ``attribute`` or
    ``relationship.attribute``, dasherized), shifted by ``shift`` if it is a time."""

    source: str
    shift: timedelta = timedelta()

    def value(self, row: Any) -> Any:
        target = row
        *path, attribute = self.source.split(".")
        for step in path:
            target = getattr(target, step.replace("-", "_"), None)
            if target is None:
                raise ProfileError(f"{self.source}: the row has no {step}")
        found = getattr(target, attribute.replace("-", "_"), None)
        if isinstance(found, datetime):
            return (found + self.shift).isoformat()
        if found is None:
            raise ProfileError(f"{self.source}: the row has no {attribute}")
        return found


@dataclass(frozen=True)
class Profile:
    """The parsed profile; every field's default is what the reference server needs."""

    source: str = "the reference server's (empty) profile"
    create: dict[str, dict[str, Any]] = field(default_factory=dict)
    always_send_attributes: bool = False
    user_id_claim: str = "sub"
    scheme: str = "JWT"
    claims: dict[str, Any] = field(default_factory=dict)
    adapter: ModuleType | None = None
    delete: dict[str, str] = field(default_factory=dict)  # kind -> DELETE path with {id}

    def deletion_path(self, kind: str, row_id: object) -> str | None:
        """Where ``kind``'s row ``row_id`` is deleted on this implementation, if it can be."""
        template = self.delete.get(kind)
        return template.replace("{id}", str(row_id)) if template else None

    def extra_attributes(self, kind: str, row: Any) -> dict[str, Any]:
        """The attributes ``kind``'s rows need beyond the contract's, for ``row``."""
        extra = {}
        for name, value in self.create.get(kind, {}).items():
            try:
                extra[name] = value.value(row) if isinstance(value, Derived) else value
            except ProfileError as error:
                raise ProfileError(f"{self.source}: [create.{kind}] {name}: {error}") from None
        return extra

    def hook(self, name: str) -> Any:
        """The adapter's function ``name``, or ``None``."""
        return getattr(self.adapter, name, None) if self.adapter is not None else None


def load(path: Path | str | None) -> Profile:
    """The profile in ``path`` (``None``: the empty one); ``ProfileError`` names what is
    wrong in one line."""
    if path is None or str(path) == "":
        return Profile()
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"profile {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"profile {path}: not TOML: {error}") from None
    where = f"profile {path}"
    for section, value in document.items():
        if section not in _SECTIONS:
            raise ProfileError(f"{where}: unknown section [{section}]: use {', '.join(_SECTIONS)}")
        if not isinstance(value, dict):
            raise ProfileError(f"{where}: [{section}] must be a table")
        unknown = set(value) - _SECTIONS[section]
        if unknown:
            allowed = ", ".join(sorted(_SECTIONS[section]))
            raise ProfileError(f"{where}: [{section}] has no {sorted(unknown)[0]!r}: use {allowed}")
    token = document.get("token", {})
    return Profile(
        source=where,
        create={
            kind: _attributes(where, kind, attributes)
            for kind, attributes in document.get("create", {}).items()
        },
        always_send_attributes=_boolean(where, document.get("body", {}), "always-send-attributes"),
        user_id_claim=_string(where, token, "user-id-claim", "sub"),
        scheme=_string(where, token, "scheme", "JWT"),
        claims=_table(where, token, "claims"),
        adapter=_adapter(where, path, document.get("adapter", {})),
        delete=_deletions(where, document.get("delete", {})),
    )


def _deletions(where: str, table: dict[str, Any]) -> dict[str, str]:
    paths = {kind: _string(where, table, kind, "") for kind in table}
    for kind, template in paths.items():
        if not template.startswith("/") or "{id}" not in template:
            raise ProfileError(f'{where}: [delete] {kind} is a path with {{id}}: "/v1/..s/{{id}}"')
    return paths


def _attributes(where: str, kind: str, attributes: Any) -> dict[str, Any]:
    if not isinstance(attributes, dict):
        raise ProfileError(f"{where}: [create.{kind}] must be a table of attributes")
    parsed: dict[str, Any] = {}
    for name, value in attributes.items():
        if isinstance(value, dict):
            unknown = set(value) - {"from", *_SHIFTS}
            if "from" not in value or unknown:
                raise ProfileError(
                    f"{where}: [create.{kind}] {name}: a derived value is"
                    f' {{ from = "attribute" }}, optionally with {", ".join(_SHIFTS)}'
                )
            shifts = {unit: value.get(unit, 0) for unit in _SHIFTS}
            if not all(isinstance(n, int | float) for n in shifts.values()):
                raise ProfileError(f"{where}: [create.{kind}] {name}: shifts are numbers")
            parsed[name] = Derived(str(value["from"]), timedelta(**shifts))
        else:
            parsed[name] = value
    return parsed


def _boolean(where: str, table: dict[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ProfileError(f"{where}: {key} must be true or false")
    return value


def _string(where: str, table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise ProfileError(f"{where}: {key} must be a non-empty string")
    return value


def _table(where: str, table: dict[str, Any], key: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ProfileError(f"{where}: {key} must be a table")
    return value


def _adapter(where: str, profile: Path, table: dict[str, Any]) -> ModuleType | None:
    if "module" not in table:
        return None
    path = profile.parent / _string(where, table, "module", "")
    spec = importlib.util.spec_from_file_location(f"profile_adapter_{path.stem}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ProfileError(f"{where}: adapter module {path} does not exist")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise ProfileError(f"{where}: adapter {path}: {type(error).__name__}: {error}") from None
    if not any(hasattr(module, hook) for hook in ADAPTER_HOOKS):
        raise ProfileError(f"{where}: adapter {path} defines none of {', '.join(ADAPTER_HOOKS)}")
    return module

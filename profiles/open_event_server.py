"""What the Open Event Server's profile cannot say in TOML: how it grants roles.

It has no ``POST /v1/users-events-roles``; a role is an invitation the invitee accepts:

1. ``POST /v1/role-invites`` as the admin: the invitee's ``email`` and the ``role-name``,
   linked to the event and to the role (its id from ``GET /v1/roles``); the answer's
   attributes carry the invite's ``hash``;
2. ``POST /v1/role_invites/accept-invite`` as the invitee, with ``{"data": {"token": hash}}``.
"""

from __future__ import annotations

from typing import Any

_role_ids: dict[str, str] = {}


def create_users_events_role(seeding: Any, role: dict[str, Any]) -> str | None:
    """Grant ``role`` (``role``, ``user``, ``email``, ``event``: the server's ids) the way
    the server does; its role row's id is not answered, so ``None``."""
    if not _role_ids:
        listed = seeding.as_admin("GET", "/v1/roles", "role list")
        _role_ids.update({r["attributes"]["name"]: r["id"] for r in listed["data"]})
    invite = {
        "data": {
            "type": "role-invite",
            "attributes": {"email": role["email"], "role-name": role["role"]},
            "relationships": {
                "event": {"data": {"type": "event", "id": role["event"]}},
                "role": {"data": {"type": "role", "id": _role_ids[role["role"]]}},
            },
        }
    }
    answer = seeding.as_admin("POST", "/v1/role-invites", "role invite", invite)
    accept = {"data": {"token": answer["data"]["attributes"]["hash"]}}
    seeding.as_user(
        role["email"], "POST", "/v1/role_invites/accept-invite", "accepted role invite", accept
    )
    return None

"""``POST /v1/users-events-roles``: give a user a role in an event."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy.exc import IntegrityError

from reference_server import db, rules
from reference_server.jsonapi import load, require_new_resource_body, resource_document
from reference_server.models import Role, UserEventRole
from reference_server.permissions import require_role_granter, require_user
from reference_server.schemas import UsersEventsRoleSchema

bp = Blueprint("roles", __name__, url_prefix="/v1/users-events-roles")
schema = UsersEventsRoleSchema()


@bp.post("")
def grant_role() -> Response:
    """An admin, or the event's owner or organizer, grants one role per user and event.

    The event is looked up first (who may grant depends on it), then the caller's right,
    and only then the user, so that a caller without the right learns nothing of users.
    """
    caller = require_user()
    data = load(schema, require_new_resource_body())
    session = db.session()
    event_pointer, user_pointer = rules.RELATIONSHIPS + "event", rules.RELATIONSHIPS + "user"
    user_id = rules.required_relationship(data, "user")
    event = rules.live_event(session, rules.required_relationship(data, "event"), event_pointer)
    require_role_granter(caller, event)
    user = rules.existing_user(session, user_id, user_pointer)
    rules.check_no_role_yet(session, user, event)
    role = UserEventRole(user_id=user.id, event_id=event.id, role=Role(data["role"]))
    session.add(role)
    try:
        session.commit()
    except IntegrityError as error:
        # Another grant to the same user and event won the race since the check.
        session.rollback()
        raise rules.role_held(user, event) from error
    return resource_document(schema, role, status=201, self_link=f"{bp.url_prefix}/{role.id}")

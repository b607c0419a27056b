"""``POST /v1/events``: any logged-in user creates an event and becomes its owner."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reference_server import db, rules
from reference_server.jsonapi import load, require_new_resource_body, resource_document
from reference_server.models import Event, Role, UserEventRole, _new_identifier
from reference_server.permissions import require_user
from reference_server.schemas import EventSchema

bp = Blueprint("events", __name__, url_prefix="/v1/events")
schema = EventSchema()


@bp.post("")
def create_event() -> Response:
    """The event gets an identifier of the server's choosing; its creator is its owner."""
    user = require_user()
    data = load(schema, require_new_resource_body())
    session = db.session()
    event = Event(
        name=data["name"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        identifier=_free_identifier(session),
    )
    rules.check_event_dates(event)
    session.add(event)
    session.add(UserEventRole(user=user, event=event, role=Role.OWNER))
    session.commit()
    return resource_document(schema, event, status=201, self_link=f"{bp.url_prefix}/{event.id}")


def _free_identifier(session: Session) -> str:
    """A new identifier no event has yet (a clash is unlikely, but would be a 500)."""
    while True:
        identifier = _new_identifier()
        if session.scalar(select(Event.id).where(Event.identifier == identifier)) is None:
            return identifier

"""Users who hold a role in an event: the callers most scenarios need."""

from __future__ import annotations

from factories.events import UserEventRoleFactory
from factories.users import UserFactory
from reference_server.models import Event, Role, User


def with_role(event: Event, role: Role) -> User:
    """A new plain user holding ``role`` in ``event``."""
    user = UserFactory()
    UserEventRoleFactory(user=user, event=event, role=role)
    return user


def owner_of(event: Event) -> User:
    return with_role(event, Role.OWNER)


def organizer_of(event: Event) -> User:
    return with_role(event, Role.ORGANIZER)


def coorganizer_of(event: Event) -> User:
    return with_role(event, Role.COORGANIZER)

"""Events, with dates relative to now so that nothing in a scenario ever expires."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory

from factories.base import BaseFactory
from reference_server.db import utcnow
from reference_server.models import Event, Role, UserEventRole


class EventFactoryBasic(BaseFactory):
    """An event with no roles and no event discount code unless given.

    ``discount_code_id`` / ``discount_code`` point the event at its event-level code.
    """

    class Meta:
        model = Event

    name = factory.Faker("catch_phrase")
    identifier = factory.Sequence(lambda n: f"event{n + 1:04d}")
    starts_at = factory.LazyFunction(lambda: utcnow() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(days=2))
    discount_code_id = None


class UserEventRoleFactory(BaseFactory):
    """``user`` holds ``role`` in ``event``; both must be given (no hidden defaults)."""

    class Meta:
        model = UserEventRole

    user = None
    event = None
    role = Role.ORGANIZER

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("user") is None or kwargs.get("event") is None:
            raise ValueError("UserEventRoleFactory needs an explicit user= and event=")
        return super()._create(model_class, *args, **kwargs)

"""Discount codes of both kinds, with their related rows really linked.

Validity runs from yesterday to a month ahead (relative to now, so it never lapses);
the marketer is a fresh plain user unless one is given.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory

from factories.base import BaseFactory, save_links
from factories.events import EventFactoryBasic
from factories.tickets import TicketFactory
from factories.users import UserFactory
from reference_server.db import utcnow
from reference_server.models import DiscountCode, DiscountType, Event, UsedFor


class _DiscountCodeBase(BaseFactory):
    class Meta:
        model = DiscountCode
        abstract = True

    discount_url = factory.Faker("url")
    value = 10.0
    type = DiscountType.AMOUNT
    is_active = True
    tickets_number = 100
    min_quantity = 1
    max_quantity = 10
    valid_from = factory.LazyFunction(lambda: utcnow() - timedelta(days=1))
    valid_till = factory.LazyFunction(lambda: utcnow() + timedelta(days=30))
    marketer = factory.SubFactory(UserFactory)


class DiscountCodeFactory(_DiscountCodeBase):
    """An event-level (platform) code. Point events at it with their ``discount_code_id``."""

    code = factory.Sequence(lambda n: f"EVENT{n + 1:03d}")
    used_for = UsedFor.EVENT
    event = None

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("event") is not None or kwargs.get("event_id") is not None:
            raise ValueError(
                "an event discount code has no event; set the event's discount_code_id,"
                " or use DiscountCodeTicketFactory for an event's own code"
            )
        return super()._create(model_class, *args, **kwargs)


class DiscountCodeTicketFactory(_DiscountCodeBase):
    """An event's ticket code, linked to ``tickets`` (default: one new paid ticket of it)."""

    code = factory.Sequence(lambda n: f"TICKET{n + 1:03d}")
    used_for = UsedFor.TICKET
    event = factory.SubFactory(EventFactoryBasic)

    @factory.post_generation
    def tickets(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        tickets = extracted if extracted is not None else [TicketFactory(event=self.event)]
        for ticket in tickets:
            # Compared as objects: rows are not yet written (so have no ids) until the
            # scenario's seed is committed.
            if ticket.event is not self.event:
                raise ValueError(
                    f"ticket {ticket.name!r} belongs to event {ticket.event.name!r},"
                    f" not to the code's event {self.event.name!r}"
                )
        self.tickets = list(tickets)
        if create:
            save_links(self)


def event_of_code(code: DiscountCode) -> Event:
    """A ticket code's event, which it always has (an event code has none: a seed asking
    for one has mixed up the kinds, and fails at once rather than seeding a wrong row)."""
    if code.event is None:
        raise ValueError(f"discount code {code.code!r} has no event: it is an event code")
    return code.event

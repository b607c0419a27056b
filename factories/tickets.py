"""Tickets: paid by default; ``free=True`` for a free one (which no code may discount)."""

from __future__ import annotations

import factory

from factories.base import BaseFactory
from factories.events import EventFactoryBasic
from reference_server.models import Ticket, TicketType


class TicketFactory(BaseFactory):
    class Meta:
        model = Ticket

    class Params:
        free = factory.Trait(type=TicketType.FREE, price=0.0)

    event = factory.SubFactory(EventFactoryBasic)
    name = factory.Sequence(lambda n: f"Ticket {n + 1}")
    type = TicketType.PAID
    price = 100.0
    quantity = 100

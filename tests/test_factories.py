"""The factories build what the API's rules expect: plain users unless asked, related rows
really linked, dates relative to now, ids from 1 and the same fake data on every run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_support import snapshot, stored_code
from sqlalchemy import select

import factories
from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    UserEventRoleFactory,
    UserFactory,
)
from reference_server.db import utcnow
from reference_server.models import Event, TicketType, UsedFor, User
from seeders.sql import empty_database


def _start_afresh(engine) -> None:  # type: ignore[no-untyped-def]
    empty_database(engine)
    factories.restart()


def test_users_are_not_admins_by_default(app):
    assert UserFactory().is_admin is False


def test_admin_trait_makes_an_admin(app):
    assert UserFactory(admin=True).is_admin is True


def test_admin_flag_is_stored(engine):
    UserFactory()
    UserFactory(admin=True)
    with engine.connect() as connection:
        flags = connection.execute(select(User.is_admin).order_by(User.id)).scalars().all()
    assert flags == [False, True]


def test_ticket_codes_tickets_are_in_the_link_table(engine):
    code = DiscountCodeTicketFactory()
    links = snapshot(engine)["discount_codes_tickets"]
    assert links == [(code.id, ticket.id) for ticket in code.tickets]
    assert len(links) == 1


def test_ticket_codes_tickets_belong_to_its_event(app):
    code = DiscountCodeTicketFactory()
    assert code.tickets
    assert {ticket.event_id for ticket in code.tickets} == {code.event_id}


def test_ticket_code_links_every_ticket_given(engine):
    event = EventFactoryBasic()
    tickets = [TicketFactory(event=event) for _ in range(3)]
    code = DiscountCodeTicketFactory(event=event, tickets=tickets)
    linked = [t for c, t in snapshot(engine)["discount_codes_tickets"] if c == code.id]
    assert linked == [ticket.id for ticket in tickets]


def test_ticket_code_is_a_paid_ticket_code_of_its_event(app):
    code = DiscountCodeTicketFactory()
    assert code.used_for == UsedFor.TICKET
    assert code.event_id is not None
    assert all(ticket.type == TicketType.PAID and ticket.price > 0 for ticket in code.tickets)


def test_free_ticket_trait(app):
    ticket = TicketFactory(free=True)
    assert (ticket.type, ticket.price) == (TicketType.FREE, 0.0)


def test_code_dates_are_aware_and_valid_now(app):
    code = DiscountCodeTicketFactory()
    assert code.valid_from.tzinfo is not None
    assert code.valid_till.tzinfo is not None
    assert code.valid_from <= utcnow() <= code.valid_till


def test_code_dates_read_back_aware_and_valid_now(engine):
    row = stored_code(engine, DiscountCodeTicketFactory().id)
    assert row["valid_from"].tzinfo is not None
    assert row["valid_from"] <= utcnow() <= row["valid_till"]


def test_code_dates_are_relative_to_now(app):
    code = DiscountCodeTicketFactory()
    assert abs(code.valid_from - (utcnow() - timedelta(days=1))) < timedelta(minutes=1)
    assert abs(code.valid_till - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)


def test_event_dates_are_aware_and_ahead(app):
    event = EventFactoryBasic()
    assert event.starts_at.tzinfo is not None
    assert utcnow() < event.starts_at < event.ends_at


def test_event_code_and_event_pointing_at_it(engine):
    code = DiscountCodeFactory()
    event = EventFactoryBasic(discount_code_id=1)
    assert (code.id, event.id) == (1, 1)
    assert code.used_for == UsedFor.EVENT
    assert code.event_id is None
    assert snapshot(engine)["events"] == [(1, 1)]


def test_marketer_is_a_fresh_plain_user(app):
    code = DiscountCodeFactory()
    assert code.marketer is not None
    assert code.marketer.is_admin is False


def test_ids_start_at_1_after_reset_and_restart(engine):
    DiscountCodeTicketFactory()
    DiscountCodeTicketFactory()
    _start_afresh(engine)
    code = DiscountCodeTicketFactory()
    assert (code.id, code.event_id, code.tickets[0].id) == (1, 1, 1)
    assert code.code == "TICKET001"


def test_event_code_factory_refuses_an_event(app):
    with pytest.raises(ValueError, match="has no event"):
        DiscountCodeFactory(event=EventFactoryBasic())


def test_event_code_factory_refuses_an_event_id(app):
    event = EventFactoryBasic()
    with pytest.raises(ValueError, match="has no event"):
        DiscountCodeFactory(event_id=event.id)


def test_ticket_code_factory_refuses_a_ticket_of_another_event(app):
    event = EventFactoryBasic()
    foreign = TicketFactory(event=EventFactoryBasic())
    with pytest.raises(ValueError, match="belongs to event"):
        DiscountCodeTicketFactory(event=event, tickets=[foreign])


def test_role_factory_needs_a_user_and_an_event(app):
    with pytest.raises(ValueError, match="explicit user= and event="):
        UserEventRoleFactory(user=UserFactory())


def test_same_fake_data_after_restart(engine):
    def make():  # type: ignore[no-untyped-def]
        user = UserFactory()
        event = EventFactoryBasic()
        code = DiscountCodeTicketFactory(event=event)
        return (
            user.id,
            user.email,
            user.first_name,
            user.last_name,
            event.name,
            event.identifier,
            code.code,
            code.discount_url,
        )

    first = make()
    _start_afresh(engine)
    assert make() == first


def test_restart_forgets_rows_of_the_emptied_tables(engine):
    EventFactoryBasic()
    _start_afresh(engine)
    event = EventFactoryBasic()
    with engine.connect() as connection:
        assert connection.execute(select(Event.id)).scalars().all() == [event.id] == [1]

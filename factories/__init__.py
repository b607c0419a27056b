"""factory-boy factories for every table the discount-codes API reads.

Bind them to a database first: ``factories.bind(engine)``.
"""

from factories._session import FactorySession, bind
from factories._store import RowStore, active_store, use_store
from factories.base import commit_each_row, restart
from factories.discount_codes import DiscountCodeFactory, DiscountCodeTicketFactory, event_of_code
from factories.events import EventFactoryBasic, UserEventRoleFactory
from factories.roles import coorganizer_of, organizer_of, owner_of, with_role
from factories.tickets import TicketFactory
from factories.users import DEFAULT_PASSWORD, UserFactory, password_behind

__all__ = [
    "DEFAULT_PASSWORD",
    "DiscountCodeFactory",
    "DiscountCodeTicketFactory",
    "EventFactoryBasic",
    "FactorySession",
    "RowStore",
    "TicketFactory",
    "UserEventRoleFactory",
    "UserFactory",
    "active_store",
    "bind",
    "commit_each_row",
    "coorganizer_of",
    "event_of_code",
    "organizer_of",
    "owner_of",
    "password_behind",
    "restart",
    "use_store",
    "with_role",
]

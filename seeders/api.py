"""Every row of a scenario is created through the server's own HTTP API.

Nothing is shared with the server but its API: the factories build their rows as usual,
and ``ApiStore`` creates each one with the routes of the contract (``POST /v1/users``,
``/v1/events``, ``/v1/tickets``, ``/v1/users-events-roles``, ``/v1/discount-codes``),
as the server's admin, and records the server's id beside the contract id an empty
database would have given. The transaction is then rewritten (``_rewrite.Rewrite``).

Two things cannot be asked of an API and are reported as not checked: an answer that
lists every row of a table (the server holds other rows too), and checks that read the
database (that a refused write changed nothing, that a deletion was soft).
"""

from __future__ import annotations

import itertools
import secrets
from datetime import datetime
from enum import Enum
from typing import Any

import jwt
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import MANYTOONE

import factories
from reference_server.models import DiscountCode, Event, Ticket, UsedFor, User, UserEventRole
from seeders._base import Seeder, Transaction
from seeders._errors import NotChecked, SeedingFailed
from seeders._http import ApiClient, linkage
from seeders._rewrite import Rewrite
from seeders.tokens import LoginTokens


class ApiStore:
    """A ``factories.RowStore`` that creates rows through the API, as the admin."""

    def __init__(self, client: ApiClient, admin_email: str, admin_password: str) -> None:
        self.client = client
        self.admin_email, self.admin_password = admin_email, admin_password
        self._admin: tuple[str, str] | None = None  # (id, token), on first use
        self._passwords: dict[str, str] = {admin_email: admin_password}
        self.rewrite = Rewrite(suffix="")
        self._code_events: dict[str, list[str]] = {}
        self._deleted_at_the_end: list[int] = []

    def start(self, suffix: str) -> None:
        self.rewrite = Rewrite(suffix=suffix)
        self._code_events = {}
        self._deleted_at_the_end = []

    def password_of(self, user: User) -> str:
        return self._passwords[user.email]

    # --- factories.RowStore ----------------------------------------------------------

    def create(self, model_class: type[Any], values: dict[str, Any]) -> Any:
        instance = model_class(**values)
        make = {
            User: self._user,
            Event: self._event,
            UserEventRole: self._role,
            Ticket: self._ticket,
            DiscountCode: self._code,
        }.get(model_class)
        if make is None:
            raise SeedingFailed(f"no API route creates {model_class.__name__} rows")
        type_ = _TYPES[model_class]
        contract_id = self.rewrite.next_contract_id(type_)
        make(instance)
        self.rewrite.seeded(type_, contract_id, str(instance.id))
        _fill_foreign_keys(instance)
        return instance

    def save_links(self, instance: Any) -> None:
        if isinstance(instance, DiscountCode) and instance.tickets:
            tickets = [linkage("ticket", ticket.id) for ticket in instance.tickets]
            self.client.relate(
                f"/v1/discount-codes/{instance.id}",
                "discount-code",
                str(instance.id),
                {"tickets": tickets},
                self._admin_token(),
            )

    def finish(self, instance: Any) -> None:
        """A code seeded as deleted is deleted through the API once it is complete; an event
        code once the whole scenario is (``delete_the_rest``): events made after it may
        point at it, and the API relates events to live codes only."""
        if isinstance(instance, DiscountCode) and instance.deleted_at is not None:
            if instance.used_for == UsedFor.EVENT:
                self._deleted_at_the_end.append(instance.id)
            else:
                self.client.delete(f"/v1/discount-codes/{instance.id}", self._admin_token())

    def delete_the_rest(self) -> None:
        for code_id in self._deleted_at_the_end:
            self.client.delete(f"/v1/discount-codes/{code_id}", self._admin_token())
        self._deleted_at_the_end = []

    # --- one method per row type ----------------------------------------------------------

    def _user(self, user: User) -> None:
        if user.is_admin:
            # The server's admin stands for every admin of the scenarios: an API has no
            # route that makes a user an admin, only a first admin made beforehand.
            user.id, user.email = int(self._admin_id()), self.admin_email
            return
        email, password = (
            self.rewrite.email(user.email),
            factories.password_behind(user.password_hash),
        )
        created = self.client.create(
            "/v1/users",
            "user",
            {
                "email": email,
                "password": password,
                "first-name": user.first_name,
                "last-name": user.last_name,
            },
        )
        user.id, user.email = int(created["id"]), email
        self._passwords[email] = password

    def _event(self, event: Event) -> None:
        _refuse_deleted(event)
        created = self.client.create(
            "/v1/events",
            "event",
            _attributes(event, "name", "starts_at", "ends_at"),
            token=self._admin_token(),
        )
        factory_identifier = event.identifier
        event.id, event.identifier = int(created["id"]), created["attributes"]["identifier"]
        if factory_identifier:
            self.rewrite.values[factory_identifier] = event.identifier
        code_id = self._id_of(event.discount_code, "discount-code", event.discount_code_id)
        if code_id is not None:
            linked = self._code_events.setdefault(code_id, [])
            linked.append(str(event.id))
            self.client.relate(
                f"/v1/discount-codes/{code_id}",
                "discount-code",
                code_id,
                {"events": [linkage("event", e) for e in linked]},
                self._admin_token(),
            )

    def _role(self, role: UserEventRole) -> None:
        created = self.client.create(
            "/v1/users-events-roles",
            "users-events-role",
            {"role": _plain(role.role)},
            {
                "user": linkage("user", self._id_of(role.user, "user", role.user_id)),
                "event": linkage("event", self._id_of(role.event, "event", role.event_id)),
            },
            self._admin_token(),
        )
        role.id = int(created["id"])

    def _ticket(self, ticket: Ticket) -> None:
        _refuse_deleted(ticket)
        created = self.client.create(
            "/v1/tickets",
            "ticket",
            _attributes(ticket, "name", "type", "price", "quantity"),
            {"event": linkage("event", self._id_of(ticket.event, "event", ticket.event_id))},
            self._admin_token(),
        )
        ticket.id = int(created["id"])

    def _code(self, code: DiscountCode) -> None:
        attributes = _attributes(
            code,
            "discount_url",
            "value",
            "type",
            "is_active",
            "tickets_number",
            "min_quantity",
            "max_quantity",
            "valid_from",
            "valid_till",
            "used_for",
        )
        attributes["code"] = self.rewrite.code(code.code)
        relationships: dict[str, Any] = {}
        marketer = self._id_of(code.marketer, "user", code.marketer_id)
        if marketer is not None:
            relationships["marketer"] = linkage("user", marketer)
        event = self._id_of(code.event, "event", code.event_id)
        if event is not None:
            relationships["event"] = linkage("event", event)
        created = self.client.create(
            "/v1/discount-codes", "discount-code", attributes, relationships, self._admin_token()
        )
        code.id, code.code = int(created["id"]), attributes["code"]

    # --- helpers ------------------------------------------------------------------------

    def _id_of(self, row: Any, type_: str, contract_id: int | None) -> str | None:
        """A related row given as an object (already created: its id is the server's) or
        as a contract id written in the scenario (translated)."""
        if row is not None:
            return str(row.id)
        if contract_id is None:
            return None
        return self.rewrite.real_id(type_, str(contract_id))

    def _admin_id(self) -> str:
        return self._admin_session()[0]

    def _admin_token(self) -> str:
        return self._admin_session()[1]

    def _admin_session(self) -> tuple[str, str]:
        if self._admin is None:
            token = self.client.log_in(self.admin_email, self.admin_password)
            # The admin's id is only needed where a scenario names the admin in a body;
            # a token's subject is the user's id in the reference server and most others.
            subject = str(jwt.decode(token, options={"verify_signature": False}).get("sub"))
            self._admin = (subject if subject.isdigit() else "0", token)
        return self._admin


_TYPES = {
    User: "user",
    Event: "event",
    UserEventRole: "users-events-role",
    Ticket: "ticket",
    DiscountCode: "discount-code",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _attributes(row: Any, *names: str) -> dict[str, Any]:
    """The row's attributes as the API spells them (dasherized), unset ones left out."""
    return {
        name.replace("_", "-"): _plain(getattr(row, name))
        for name in names
        if getattr(row, name) is not None or name in ("valid_till", "valid_from")
    }


def _fill_foreign_keys(row: Any) -> None:
    """Set ``event_id`` and the like from the related rows, as a flush would: the rows
    are never flushed, and scenarios and factories compare such ids."""
    for relationship in sa_inspect(type(row)).relationships:
        if relationship.direction is not MANYTOONE:
            continue
        related = getattr(row, relationship.key)
        if related is not None:
            for local, remote in relationship.local_remote_pairs:
                setattr(row, local.key, getattr(related, remote.key))


def _refuse_deleted(row: Any) -> None:
    """A soft-deleted event or ticket cannot be made through the API: what needs one is
    not checked (the scenario decides whether that is the whole transaction)."""
    if getattr(row, "deleted_at", None) is not None:
        name = type(row).__name__.lower()
        raise NotChecked(f"a deleted {name}: the API has no route to delete one")


class ApiSeeder(Seeder):
    """Seeds through ``ApiStore``; rewrites each transaction to the server's ids."""

    empties_database = False
    adapts_expectations = True

    def __init__(
        self,
        endpoint: str,
        admin_email: str,
        admin_password: str,
        secret: str | None = None,
        settings: dict[str, object] | None = None,
    ) -> None:
        client = ApiClient(endpoint)
        self.store = ApiStore(client, admin_email, admin_password)
        super().__init__(LoginTokens(client.log_in, self.store.password_of, secret, settings))
        self._run = f"{secrets.randbelow(10**6):06d}"
        self._numbers = itertools.count(1)
        factories.use_store(self.store)

    def start(self, transaction: Transaction) -> None:
        factories.restart()
        self.store.start(suffix=f"{self._run}{next(self._numbers):04d}")

    def seeded(self, transaction: Transaction) -> None:
        self.store.delete_the_rest()
        self.store.rewrite.request(transaction)

    def before_validation(self, transaction: Transaction) -> None:
        self.store.rewrite.expected(transaction)

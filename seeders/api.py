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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import MANYTOONE

import factories
from reference_server.models import DiscountCode, Event, Ticket, UsedFor, User, UserEventRole
from seeders._base import Seeder, Transaction
from seeders._errors import NotChecked, SeedingFailed
from seeders._http import ApiClient, linkage
from seeders._profile import Profile, ProfileError
from seeders._rewrite import Rewrite
from seeders.tokens import LoginTokens


@dataclass(frozen=True)
class Admin:
    """The server's admin account, and its id there (``harness conform`` finds the id
    before the run, from the login token's user-id claim)."""

    email: str
    password: str
    id: str


class Seeding:
    """What a profile's adapter may use: the server's API, as its admin or as a row's
    user, with refusals reported as the row that could not be seeded."""

    def __init__(self, store: ApiStore) -> None:
        self._store = store

    def as_admin(self, method: str, path: str, row: str, body: Any = None) -> Any:
        """The JSON answer to the request, sent as the admin."""
        return self._store.client.call(method, path, row, body, self._store.admin_token())

    def as_user(self, email: str, method: str, path: str, row: str, body: Any = None) -> Any:
        """The JSON answer to the request, sent as the seeded user with ``email``."""
        token = self._store.client.log_in(email, self._store.password_for(email))
        return self._store.client.call(method, path, row, body, token)


class ApiStore:
    """A ``factories.RowStore`` that creates rows through the API, as the admin."""

    def __init__(self, client: ApiClient, admin: Admin, profile: Profile | None = None) -> None:
        self.client = client
        self.admin = admin
        self.profile = profile or Profile()
        self._admin_token: str | None = None  # on first use
        self._passwords: dict[str, str] = {admin.email: admin.password}
        self.rewrite = Rewrite(suffix="")
        self._code_events: dict[str, list[str]] = {}
        self._deleted_at_the_end: dict[int, str] = {}  # event code id -> code, lower case
        self._deletions: list[tuple[str, str]] = []  # (kind, DELETE path) once all is made
        self._events: dict[str, Event] = {}  # server id -> the event row, for tickets
        self._users: dict[str, User] = {}  # server id -> the user row, for adapters

    def start(self, suffix: str) -> None:
        self.rewrite = Rewrite(suffix=suffix)
        self._code_events = {}
        self._deleted_at_the_end, self._deletions = {}, []
        self._events, self._users = {}, {}

    def password_of(self, user: User) -> str:
        return self._passwords[user.email]

    def password_for(self, email: str) -> str:
        return self._passwords[email]

    # --- factories.RowStore ----------------------------------------------------------

    def create(self, model_class: type[Any], values: dict[str, Any]) -> Any:
        instance = model_class(**values)
        makers: dict[type[Any], Callable[[Any], object]] = {
            User: self._user,
            Event: self._event,
            UserEventRole: self._role,
            Ticket: self._ticket,
            DiscountCode: self._code,
        }
        make = makers.get(model_class)
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
                self.admin_token(),
            )

    def finish(self, instance: Any) -> None:
        """A code seeded as deleted is deleted through the API once it is complete; an event
        code once the whole scenario is (``delete_the_rest``), since events made after it
        may point at it and the API relates events to live codes only, or as soon as an
        event code of the same name is to be made (only one of them may be live)."""
        if isinstance(instance, DiscountCode) and instance.deleted_at is not None:
            if instance.used_for == UsedFor.EVENT:
                self._deleted_at_the_end[instance.id] = instance.code.lower()
            else:
                self._delete_code(instance.id)

    def delete_the_rest(self) -> None:
        """Once the scenario is complete: links it made after a row was created (a hook's
        ``event.discount_code = code``, as the ORM would flush it), then deletions."""
        for event in self._events.values():
            self._link_event_code(event)
        for code_id in list(self._deleted_at_the_end):
            self._delete_code(code_id)
        for kind, path in self._deletions:
            self.client.delete(path, kind, self.admin_token())
        self._deletions = []

    def _delete_code(self, code_id: int) -> None:
        self._deleted_at_the_end.pop(code_id, None)
        self.client.delete(f"/v1/discount-codes/{code_id}", "discount-code", self.admin_token())

    # --- one method per row type ----------------------------------------------------------

    def _user(self, user: User) -> None:
        if user.is_admin:
            # The server's admin stands for every admin of the scenarios: an API has no
            # route that makes a user an admin, only a first admin made beforehand.
            user.id, user.email = int(self.admin.id), self.admin.email
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
                **self._extra("user", user),
            },
        )
        user.id, user.email = int(created["id"]), email
        self._passwords[email] = password
        self._users[str(user.id)] = user

    def _event(self, event: Event) -> None:
        self._refuse_deleted(event, "event")
        created = self.client.create(
            "/v1/events",
            "event",
            _attributes(event, "name", "starts_at", "ends_at") | self._extra("event", event),
            token=self.admin_token(),
        )
        factory_identifier = event.identifier
        event.id, event.identifier = int(created["id"]), created["attributes"]["identifier"]
        self._events[str(event.id)] = event
        self._delete_at_the_end(event, "event")
        if factory_identifier:
            self.rewrite.values[factory_identifier] = event.identifier
        self._link_event_code(event)

    def _link_event_code(self, event: Event) -> None:
        """Point ``event`` at its event code through the code's ``events``, if it has one
        it is not linked to yet."""
        code_id = self._id_of(event.discount_code, "discount-code", event.discount_code_id)
        if code_id is None or str(event.id) in self._code_events.get(code_id, []):
            return
        linked = self._code_events.setdefault(code_id, [])
        linked.append(str(event.id))
        self.client.relate(
            f"/v1/discount-codes/{code_id}",
            "discount-code",
            code_id,
            {"events": [linkage("event", e) for e in linked]},
            self.admin_token(),
        )

    def _role(self, role: UserEventRole) -> None:
        user_id = self._id_of(role.user, "user", role.user_id)
        event_id = self._id_of(role.event, "event", role.event_id)
        grant = self.profile.hook("create_users_events_role")
        if grant is not None:
            # The implementation's own way (e.g. an invitation the user accepts).
            user = role.user or self._users.get(str(user_id))
            email = user.email if user is not None else None
            granted = grant(
                Seeding(self),
                {"role": _plain(role.role), "user": user_id, "email": email, "event": event_id},
            )
            role.id = int(granted) if granted is not None else 0
            return
        created = self.client.create(
            "/v1/users-events-roles",
            "users-events-role",
            {"role": _plain(role.role)} | self._extra("users-events-role", role),
            {"user": linkage("user", user_id), "event": linkage("event", event_id)},
            self.admin_token(),
        )
        role.id = int(created["id"])

    def _ticket(self, ticket: Ticket) -> None:
        self._refuse_deleted(ticket, "ticket")
        event_id = self._id_of(ticket.event, "event", ticket.event_id)
        if ticket.event is None and event_id in self._events:
            ticket.event = self._events[event_id]  # a profile may derive values from it
        created = self.client.create(
            "/v1/tickets",
            "ticket",
            _attributes(ticket, "name", "type", "price", "quantity")
            | self._extra("ticket", ticket),
            {"event": linkage("event", event_id)},
            self.admin_token(),
        )
        ticket.id = int(created["id"])
        self._delete_at_the_end(ticket, "ticket")

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
        attributes |= self._extra("discount-code", code)
        if code.used_for == UsedFor.EVENT:
            for code_id, deleted in list(self._deleted_at_the_end.items()):
                if deleted == attributes["code"].lower():
                    self._delete_code(code_id)
        relationships: dict[str, Any] = {}
        marketer = self._id_of(code.marketer, "user", code.marketer_id)
        if marketer is not None:
            relationships["marketer"] = linkage("user", marketer)
        event = self._id_of(code.event, "event", code.event_id)
        if event is not None:
            relationships["event"] = linkage("event", event)
        created = self.client.create(
            "/v1/discount-codes", "discount-code", attributes, relationships, self.admin_token()
        )
        code.id, code.code = int(created["id"]), attributes["code"]

    # --- helpers ------------------------------------------------------------------------

    def _refuse_deleted(self, row: Any, kind: str) -> None:
        """A soft-deleted event or ticket is made live and deleted once the scenario is
        complete (rows made after it may link it) where the profile names a route that
        deletes one; else what needs one is not checked (the scenario decides whether
        that is the whole transaction)."""
        if row.deleted_at is not None and kind not in self.profile.delete:
            raise NotChecked(
                f"a deleted {kind}: the API has no route to delete one"
                " (a profile's [delete] can name one)"
            )

    def _delete_at_the_end(self, row: Any, kind: str) -> None:
        if row.deleted_at is not None:
            path = self.profile.deletion_path(kind, row.id)
            assert path is not None  # _refuse_deleted let it through
            self._deletions.append((kind, path))

    def _id_of(self, row: Any, type_: str, contract_id: int | None) -> str | None:
        """A related row given as an object (already created: its id is the server's) or
        as a contract id written in the scenario (translated)."""
        if row is not None:
            return str(row.id)
        if contract_id is None:
            return None
        return self.rewrite.real_id(type_, str(contract_id))

    def admin_token(self) -> str:
        if self._admin_token is None:
            self._admin_token = self.client.log_in(self.admin.email, self.admin.password)
        return self._admin_token

    def _extra(self, kind: str, row: Any) -> dict[str, Any]:
        """What the profile adds to ``kind``'s attributes (a profile that cannot be
        applied to the row stops the run: no rule of it could be seeded)."""
        try:
            return self.profile.extra_attributes(kind, row)
        except ProfileError as error:
            raise SeedingFailed(str(error)) from None


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


class ApiSeeder(Seeder):
    """Seeds through ``ApiStore``; rewrites each transaction to the server's ids."""

    empties_database = False
    adapts_expectations = True

    def __init__(
        self, endpoint: str, admin: Admin, secret: str | None = None, profile: Profile | None = None
    ) -> None:
        profile = profile or Profile()
        client = ApiClient(
            endpoint, scheme=profile.scheme, always_send_attributes=profile.always_send_attributes
        )
        self.store = ApiStore(client, admin, profile)
        tokens = LoginTokens(
            client.log_in,
            self.store.password_of,
            secret,
            scheme=profile.scheme,
            claims=profile.claims,
            user_id_claim=profile.user_id_claim,
        )
        super().__init__(tokens)
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

    def in_server_terms(self, note: str) -> str:
        return self.store.rewrite.note(note)

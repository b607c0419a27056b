"""The tables of the discount-codes API: users, events and their roles, tickets, codes."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from reference_server.db import Base, UTCDateTime, utcnow


class Role(enum.StrEnum):
    """A user's role in one event."""

    OWNER = "owner"
    ORGANIZER = "organizer"
    COORGANIZER = "coorganizer"


class TicketType(enum.StrEnum):
    FREE = "free"
    PAID = "paid"
    DONATION = "donation"


class DiscountType(enum.StrEnum):
    AMOUNT = "amount"
    PERCENT = "percent"


class UsedFor(enum.StrEnum):
    """``event``: a platform-level code an event points at; ``ticket``: an event's own code."""

    EVENT = "event"
    TICKET = "ticket"

    @property
    def code_kind(self) -> str:
        """How a detail names a code of this kind: "An event discount code"."""
        return f"{'An' if self is UsedFor.EVENT else 'A'} {self.value} discount code"


# The largest id an integer primary key holds on every backend: a larger one names nothing.
MAX_ID = 2**31 - 1
# The longest discount code the API accepts.
CODE_LENGTH = 255
# The longest email an account may have (the column, the schema, the api seeder's rewrite).
EMAIL_LENGTH = 255


def is_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits, as ids and page numbers are written.

    ``str.isdigit`` alone also takes U+00B2 (superscript two), which ``int`` refuses (a
    500), and U+0661 (Arabic-Indic one), which ``int`` reads as 1.
    """
    return text.isascii() and text.isdigit()


def _enum(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum by its value ("ticket"), as the API spells it, on every backend."""
    return Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


def _new_identifier() -> str:
    """8 hex characters, never all digits: an all-digit identifier would read as an id
    (``/v1/events/12345678/...`` names event 12345678)."""
    while True:
        identifier = secrets.token_hex(4)
        if not is_digits(identifier):
            return identifier


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles: Mapped[list[UserEventRole]] = relationship(
        back_populates="user", order_by="UserEventRole.id"
    )

    # One account per email, whatever its case (the login compares without case).
    __table_args__ = (Index("uq_users_lower_email", func.lower(email), unique=True),)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Store only the password's hash (werkzeug ``method``: scrypt unless configured)."""
        self.password_hash = generate_password_hash(password, method=method)

    def role_in(self, event: Event) -> Role | None:
        for role in self.roles:
            if role.event_id == event.id:
                return role.role
        return None


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(32), unique=True, default=_new_identifier)
    name: Mapped[str] = mapped_column(String(255))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The event-level (platform) discount code; several events may share one.
    discount_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("discount_codes.id", use_alter=True, name="fk_events_discount_code_id")
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # post_update: events and discount codes point at each other, so the column is
    # written by an UPDATE after both rows exist; every other row is then inserted table
    # by table in the order it was made (the hooks seed a scenario in one flush and its
    # ids must follow the order of creation).
    discount_code: Mapped[DiscountCode | None] = relationship(
        foreign_keys=[discount_code_id], back_populates="events", post_update=True
    )
    tickets: Mapped[list[Ticket]] = relationship(back_populates="event", order_by="Ticket.id")
    roles: Mapped[list[UserEventRole]] = relationship(
        back_populates="event", order_by="UserEventRole.id"
    )


class UserEventRole(Base):
    __tablename__ = "users_events_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(_enum(Role))

    user: Mapped[User] = relationship(back_populates="roles")
    event: Mapped[Event] = relationship(back_populates="roles")

    # One role per user and event.
    __table_args__ = (
        Index("uq_users_events_roles_user_event", "user_id", "event_id", unique=True),
    )


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[TicketType] = mapped_column(_enum(TicketType))
    price: Mapped[float] = mapped_column(Float, default=0.0)
    quantity: Mapped[int] = mapped_column(Integer, default=100)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="tickets")


discount_codes_tickets = Table(
    "discount_codes_tickets",
    Base.metadata,
    Column(
        "discount_code_id",
        ForeignKey("discount_codes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("ticket_id", ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
)


class DiscountCode(Base):
    __tablename__ = "discount_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    discount_url: Mapped[str | None] = mapped_column(String(1024))
    value: Mapped[float] = mapped_column(Float)
    type: Mapped[DiscountType] = mapped_column(_enum(DiscountType))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    tickets_number: Mapped[int | None] = mapped_column(Integer)
    min_quantity: Mapped[int] = mapped_column(Integer, default=0)
    max_quantity: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    valid_till: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_for: Mapped[UsedFor] = mapped_column(_enum(UsedFor))
    # Set for ticket codes only: the event whose tickets the code discounts.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    marketer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event | None] = relationship(foreign_keys=[event_id])
    # Lists in answers are in id order: without ORDER BY, PostgreSQL returns rows in their
    # order on disk, which an UPDATE changes.
    events: Mapped[list[Event]] = relationship(
        foreign_keys=[Event.discount_code_id],
        back_populates="discount_code",
        post_update=True,
        order_by="Event.id",
    )
    tickets: Mapped[list[Ticket]] = relationship(
        secondary=discount_codes_tickets, order_by="Ticket.id"
    )
    marketer: Mapped[User | None] = relationship()

    __table_args__ = (
        # A live code is unique per event, whatever its case. Event-level codes have no
        # event and share the bucket 0. Partial on both backends: NULL deleted_at values
        # would otherwise never collide.
        Index(
            "uq_discount_codes_live_code_per_event",
            func.coalesce(event_id, 0),
            func.lower(code),
            unique=True,
            sqlite_where=deleted_at.is_(None),
            postgresql_where=deleted_at.is_(None),
        ),
    )

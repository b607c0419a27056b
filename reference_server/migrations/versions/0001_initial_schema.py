"""Initial schema: users, events and their roles, tickets, discount codes.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Exactly what ``reference_server.models`` declares (``tests/test_migrations.py`` checks
it on SQLite and PostgreSQL). Types are written out (``sa.DateTime(timezone=True)``
for the models' ``UTCDateTime``), never imported from the models, so the migration
stays what it was when the models change.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE_CODE_INDEX = "uq_discount_codes_live_code_per_event"
EVENT_CODE_FOREIGN_KEY = "fk_events_discount_code_id"


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _enum(*values: str, name: str) -> sa.Enum:
    """Stored as VARCHAR(20) holding the value, with no CHECK, like the models' enums."""
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def _alters_constraints() -> bool:
    """Whether the dialect adds foreign keys with ALTER TABLE (PostgreSQL: yes; SQLite:
    no, it declares them in CREATE TABLE and checks them only when rows are written)."""
    return op.get_context().dialect.supports_alter


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    # events.discount_code_id and discount_codes.event_id point at each other. With
    # use_alter, SQLite gets this foreign key inside CREATE TABLE (discount_codes need
    # not exist yet there) and PostgreSQL leaves it out, to add it below.
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("starts_at", _timestamp(), nullable=False),
        sa.Column("ends_at", _timestamp(), nullable=False),
        sa.Column("discount_code_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(
            ["discount_code_id"], ["discount_codes.id"], name=EVENT_CODE_FOREIGN_KEY, use_alter=True
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identifier"),
    )
    op.create_table(
        "discount_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=255), nullable=False),
        sa.Column("discount_url", sa.String(length=1024), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("type", _enum("amount", "percent", name="discounttype"), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("tickets_number", sa.Integer(), nullable=True),
        sa.Column("min_quantity", sa.Integer(), nullable=False),
        sa.Column("max_quantity", sa.Integer(), nullable=True),
        sa.Column("valid_from", _timestamp(), nullable=True),
        sa.Column("valid_till", _timestamp(), nullable=True),
        sa.Column("used_for", _enum("event", "ticket", name="usedfor"), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("marketer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("deleted_at", _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["marketer_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    if _alters_constraints():
        op.create_foreign_key(
            EVENT_CODE_FOREIGN_KEY, "events", "discount_codes", ["discount_code_id"], ["id"]
        )
    # One live code per event, whatever its case; event-level codes (no event) share
    # the bucket 0. Partial, because in a plain unique index every NULL deleted_at
    # would count as distinct and never collide.
    op.create_index(
        LIVE_CODE_INDEX,
        "discount_codes",
        [sa.text("coalesce(event_id, 0)"), sa.text("lower(code)")],
        unique=True,
        sqlite_where=sa.text("deleted_at IS NULL"),
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("type", _enum("free", "paid", "donation", name="tickettype"), nullable=False),
        sa.Column("price", sa.Float(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("deleted_at", _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "users_events_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", _enum("owner", "organizer", "coorganizer", name="role"), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "discount_codes_tickets",
        sa.Column("discount_code_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["discount_code_id"], ["discount_codes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("discount_code_id", "ticket_id"),
    )


def downgrade() -> None:
    op.drop_table("discount_codes_tickets")
    op.drop_table("users_events_roles")
    op.drop_table("tickets")
    op.drop_index(LIVE_CODE_INDEX, table_name="discount_codes")
    if _alters_constraints():
        op.drop_constraint(EVENT_CODE_FOREIGN_KEY, "events", type_="foreignkey")
    op.drop_table("discount_codes")
    op.drop_table("events")
    op.drop_table("users")

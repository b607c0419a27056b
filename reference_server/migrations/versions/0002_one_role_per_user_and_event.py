"""One role per user and event, one account per email whatever its case.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The views check both before writing; these indexes make them database rules, so two
requests racing past the check cannot both write (the loser gets a 409).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE_INDEX = "uq_users_events_roles_user_event"
EMAIL_INDEX = "uq_users_lower_email"


def upgrade() -> None:
    op.create_index(ROLE_INDEX, "users_events_roles", ["user_id", "event_id"], unique=True)
    op.create_index(EMAIL_INDEX, "users", [sa.text("lower(email)")], unique=True)


def downgrade() -> None:
    op.drop_index(EMAIL_INDEX, table_name="users")
    op.drop_index(ROLE_INDEX, table_name="users_events_roles")

"""Team use: users with a clearance, and the user behind every audit event.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("display_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("clearance", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("audit_events", sa.Column("user", sa.String(120), nullable=True))
    op.create_index("ix_audit_events_user", "audit_events", ["user"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_user", "audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("user")
    op.drop_table("users")

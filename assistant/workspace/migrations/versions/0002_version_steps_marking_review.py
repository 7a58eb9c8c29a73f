"""Draft versions group one user action (action, steps); documents keep their marking review and upload path.

Databases made between the two branches that added these columns (by `create_all` plus an ad-hoc ALTER) may
already have some of them: each is added only where missing.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ADDED: dict[str, list[sa.Column]] = {
    "draft_versions": [sa.Column("action", sa.String(40), nullable=True), sa.Column("steps", sa.JSON(), nullable=True)],
    "documents": [sa.Column("marking_review", sa.JSON(), nullable=True),
                  sa.Column("stored_path", sa.String(1000), nullable=False, server_default="")],
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, columns in _ADDED.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        for column in columns:
            if column.name not in present:
                op.add_column(table, column)


def downgrade() -> None:
    for table, columns in _ADDED.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)

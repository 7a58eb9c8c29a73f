"""The workspace as it was before migrations: projects, members, documents, messages, draft versions, audit.

A database made before Alembic (by `create_all`, no `alembic_version`) already has these tables: each table is
created only where missing, so such a database passes through this revision unchanged and is upgraded from here.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def _table(name: str, *columns: sa.Column | sa.UniqueConstraint, indexes: tuple[str, ...] = ()) -> None:
    """Create `name` with its indexes (ix_<table>_<column>, the names SQLAlchemy gives), unless it exists."""
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, *columns)
    for column in indexes:
        op.create_index(f"ix_{name}_{column}", name, [column])


def upgrade() -> None:
    _table(
        "projects",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("project_id", sa.String(8), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("classification", sa.String(40), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("review_cycle", sa.String(20), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
    )
    _table(
        "members",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_key", sa.String(80), sa.ForeignKey("projects.key", ondelete="CASCADE"), nullable=False),
        sa.Column("user", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.UniqueConstraint("project_key", "user"),
        indexes=("project_key",),
    )
    _table(
        "documents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("project_key", sa.String(80), sa.ForeignKey("projects.key", ondelete="CASCADE"), nullable=False),
        sa.Column("filename", sa.String(400), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("requirement_ids", sa.JSON(), nullable=False),
        sa.Column("markings", sa.JSON(), nullable=False),
        sa.Column("guard_flags", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        indexes=("project_key", "content_hash"),
    )
    _table(
        "messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_key", sa.String(80), sa.ForeignKey("projects.key", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("feedback", sa.Integer(), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        indexes=("project_key",),
    )
    _table(
        "draft_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_key", sa.String(80), sa.ForeignKey("projects.key", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("strategy", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(400), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.UniqueConstraint("project_key", "number"),
        indexes=("project_key",),
    )
    _table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_key", sa.String(80), nullable=True),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        indexes=("project_key", "kind"),
    )


def downgrade() -> None:
    for table in ("audit_events", "draft_versions", "messages", "documents", "members", "projects"):
        op.drop_table(table)

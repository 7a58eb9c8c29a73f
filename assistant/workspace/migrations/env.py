"""Alembic environment for the workspace. Run by `assistant.workspace.migrate`, which hands over an open
connection (no alembic.ini, no logging setup: the package migrates its own database on open)."""

from __future__ import annotations

from alembic import context

from assistant.workspace.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table where a migration needs it.
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()

"""Schema migrations (Alembic, scripts in `migrations/` inside the package): a new database is created by
migrating from nothing, an older one is brought to the current revision when the workspace opens it.

A database made before migrations existed (tables from `create_all`, no `alembic_version`) is upgraded from
nothing too: the first revision creates only the tables it lacks, later ones add only the columns it lacks."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")
# One number for the PostgreSQL advisory lock: two processes opening a new database at once migrate it once.
_LOCK_KEY = 0x6D6C6F7073  # "mlops"


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision the package knows (read once: the scripts do not change while it runs)."""
    revision = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert revision is not None  # the package always ships at least the baseline
    return revision


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the database to the newest revision; returns it. Cheap when it is already there (one query)."""
    target = head()
    with engine.connect() as connection:
        if current(connection) == target:
            return target
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        revision = current(connection)
        if revision == target:
            return target  # another process migrated it while this one waited for the lock
        command.upgrade(_config(connection), "head")
    return target

"""The workspace tests run against both databases a deployment may use: SQLite (the single-user default) and
PostgreSQL (a team). PostgreSQL needs a server: CI starts one with `.ci/postgres` and passes its URL in
MLOPS_ASSISTANT_TEST_POSTGRES_URL; without it those cases skip and say why."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "MLOPS_ASSISTANT_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL of each kind (PostgreSQL: a new database per test, dropped after it)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ws.db'}"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"PostgreSQL case: no server URL in {POSTGRES_ENV} (start one with `bash .ci/postgres`)")
    name = f"ws_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

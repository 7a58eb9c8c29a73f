"""The workspace tests run against both databases a deployment may use: SQLite (the single-user default) and
PostgreSQL (a team). PostgreSQL needs a server: CI starts one with `.ci/postgres` and passes its URL in
MLOPS_ASSISTANT_TEST_POSTGRES_URL; without that URL the tests start one the same way, and only when that fails
do the PostgreSQL cases skip, saying why."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "MLOPS_ASSISTANT_TEST_POSTGRES_URL"
_START_SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "postgres"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL server's URL: CI's, else one started (or found running) by `.ci/postgres`."""
    if os.environ.get(POSTGRES_ENV):
        return os.environ[POSTGRES_ENV]
    try:
        started = subprocess.run(["bash", str(_START_SCRIPT)], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"PostgreSQL case: could not run {_START_SCRIPT}: {error}")
    if started.returncode != 0 or not started.stdout.strip():
        reason = (started.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"PostgreSQL case: `bash .ci/postgres` could not start a server ({reason}); "
                    f"install Debian's postgresql package or set {POSTGRES_ENV}")
    return started.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL of each kind (PostgreSQL: a new database per test, dropped after it)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ws.db'}"
        return
    server = request.getfixturevalue("postgres_server")
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

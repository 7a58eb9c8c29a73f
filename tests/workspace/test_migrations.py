"""Schema migrations: a new database is made by migrating, it then matches the models exactly, and a workspace
written before migrations existed is brought up to date with every row kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from assistant.workspace import Workspace, migrate
from assistant.workspace.models import Base

LEGACY_SQL = Path(__file__).with_name("fixtures") / "workspace_before_migrations.sql"


def _differences(workspace: Workspace) -> list[object]:
    with workspace.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_a_new_database_is_made_by_migrating_and_matches_the_models(workspace_url: str) -> None:
    workspace = Workspace(workspace_url)
    with workspace.engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
    assert _differences(workspace) == []
    assert {"projects", "users", "draft_versions", "audit_events", "alembic_version"} <= set(
        inspect(workspace.engine).get_table_names())


def test_migrations_go_down_to_nothing_and_up_again(workspace_url: str) -> None:
    workspace = Workspace(workspace_url)
    with workspace.engine.begin() as connection:
        command.downgrade(migrate._config(connection), "base")
    assert set(inspect(workspace.engine).get_table_names()) <= {"alembic_version"}
    again = Workspace(workspace_url)
    assert _differences(again) == []
    again.create_project("Alpha")
    assert again.get_project("001").key == "alpha"


def test_a_workspace_from_before_migrations_is_upgraded_with_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as old:
        old.executescript(LEGACY_SQL.read_text(encoding="utf-8"))
    workspace = Workspace(f"sqlite:///{db}")
    assert _differences(workspace) == []
    project = workspace.require_project("claims")
    assert (project.name, project.classification) == ("Claims Triage", "OFFICIAL-SENSITIVE")
    (document,) = workspace.list_documents("claims")
    assert (document.requirement_ids, document.marking_review, document.stored_path) == (["FR-001"], {}, "")
    assert [m.feedback for m in workspace.messages("claims")] == [1]
    old_version = workspace.latest_draft("claims")
    assert (old_version.number, old_version.note, old_version.steps) == (1, "first draft", [])
    assert workspace.audit_events("claims")[0].user is None
    # and it keeps working: a new version follows the old one
    assert workspace.save_draft("claims", {"s": 2}, note="after upgrade").number == 2

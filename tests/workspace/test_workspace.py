from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from assistant.workspace import DocumentRecord, Workspace, get_workspace


@pytest.fixture()
def workspace(workspace_url: str) -> Workspace:
    return Workspace(workspace_url)


def test_projects_get_sequential_arckit_ids_and_a_local_owner(workspace: Workspace) -> None:
    first = workspace.create_project("Benefits Fraud Triage")
    second = workspace.create_project("Imagery Classifier", classification="SECRET")
    assert (first.key, first.project_id) == ("benefits-fraud-triage", "001")
    assert second.project_id == "002"
    assert workspace.get_project("002").name == "Imagery Classifier"
    assert workspace.members(first.key) == [("local", "owner")]


def test_duplicate_key_and_bad_project_id_are_refused(workspace: Workspace) -> None:
    workspace.create_project("Alpha")
    with pytest.raises(InvalidInputError, match="already exists"):
        workspace.create_project("Alpha")
    with pytest.raises(InvalidInputError, match="three digits"):
        workspace.create_project("Beta", project_id="12")


def test_document_with_same_filename_is_replaced_not_duplicated(workspace: Workspace) -> None:
    workspace.create_project("Alpha")
    workspace.add_document("alpha", DocumentRecord(filename="req.md", content_hash="a" * 64, chunk_count=3))
    workspace.add_document("alpha", DocumentRecord(filename="req.md", content_hash="b" * 64, chunk_count=5))
    docs = workspace.list_documents("alpha")
    assert [(d.filename, d.content_hash[0], d.chunk_count) for d in docs] == [("req.md", "b", 5)]
    assert workspace.find_document("alpha", content_hash="b" * 64).id == docs[0].id
    assert workspace.remove_document("alpha", docs[0].id) is True
    assert workspace.list_documents("alpha") == []


def test_drafts_are_versioned_and_survive_a_new_process(workspace_url: str) -> None:
    url = workspace_url
    Workspace(url).create_project("Alpha")
    Workspace(url).save_draft("alpha", {"sections": 1}, note="first")
    Workspace(url).save_draft("alpha", {"sections": 2}, note="second")
    reopened = Workspace(url)
    assert reopened.latest_draft("alpha").strategy == {"sections": 2}
    assert [v.number for v in reopened.draft_history("alpha")] == [1, 2]
    assert reopened.get_draft("alpha", 1).note == "first"


def test_sqlite_file_uses_write_ahead_logging(tmp_path: Path) -> None:
    db = tmp_path / "ws.db"
    Workspace(f"sqlite:///{db}").create_project("Alpha")
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_messages_feedback_and_audit(workspace: Workspace) -> None:
    workspace.create_project("Alpha")
    question = workspace.add_message("alpha", "user", "What is NFR-P-001?")
    answer = workspace.add_message("alpha", "assistant", "300 ms [1]", citations=[{"chunk_id": "c1"}])
    workspace.set_feedback(answer.id, 1)
    with pytest.raises(InvalidInputError):
        workspace.set_feedback(answer.id, 5)
    history = workspace.messages("alpha")
    assert [m.id for m in history] == [question.id, answer.id]
    assert history[1].feedback == 1 and history[1].citations == [{"chunk_id": "c1"}]
    workspace.audit("alpha", "generation", {"prompt_id": "draft_section"})
    assert [e.kind for e in workspace.audit_events("alpha")] == ["generation"]


def test_default_workspace_lives_under_the_data_home(data_home: Path) -> None:
    get_workspace().create_project("Alpha")
    assert (data_home / "workspace.db").exists()


def test_get_or_create_by_name_finds_the_project_made_from_that_name(workspace: Workspace) -> None:
    first = workspace.get_or_create_project("Claims Triage")
    again = workspace.get_or_create_project("Claims Triage")
    assert (first.key, again.key) == ("claims-triage", "claims-triage")
    assert len(workspace.list_projects()) == 1


def test_one_user_action_is_one_version_with_its_steps_inside(workspace: Workspace) -> None:
    workspace.create_project("Alpha")
    workspace.create_project("Beta")
    workspace.save_draft("alpha", {"s": 0}, note="before")
    with workspace.one_version("alpha", "Draft all sections"):
        for number in (1, 2, 3):
            saved = workspace.save_draft("alpha", {"s": number}, note=f"section {number} drafted")
            # each finished section is durable at once: the latest draft already holds it
            assert workspace.latest_draft("alpha").strategy == {"s": number}
        other = workspace.save_draft("beta", {"s": 9}, note="another project")
    after = workspace.save_draft("alpha", {"s": 4}, note="edited by hand")
    history = workspace.draft_history("alpha")
    assert [v.number for v in history] == [1, 2, 3]
    grouped = history[1]
    assert (saved.number, grouped.note, grouped.strategy) == (2, "Draft all sections", {"s": 3})
    assert [s["note"] for s in grouped.steps] == ["section 1 drafted", "section 2 drafted", "section 3 drafted"]
    assert (other.number, after.number) == (1, 3)
    assert [s["note"] for s in history[2].steps] == ["edited by hand"]


def test_a_database_made_before_version_steps_gains_the_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as old:
        old.execute("CREATE TABLE projects (key VARCHAR(80) PRIMARY KEY, project_id VARCHAR(8), name VARCHAR(200),"
                    " classification VARCHAR(40), owner VARCHAR(200), review_cycle VARCHAR(20), settings JSON,"
                    " created_at DATETIME, updated_at DATETIME)")
        old.execute("CREATE TABLE draft_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, project_key VARCHAR(80),"
                    " number INTEGER, strategy JSON, note VARCHAR(400), author VARCHAR(120), created_at DATETIME)")
        old.execute("INSERT INTO projects (key, project_id, name, settings) VALUES ('alpha', '001', 'Alpha', '{}')")
        old.execute("INSERT INTO draft_versions (project_key, number, strategy, note, author)"
                    " VALUES ('alpha', 1, '{\"s\": 1}', 'old', 'local')")
    workspace = Workspace(f"sqlite:///{db}")
    assert workspace.latest_draft("alpha").steps == []
    assert workspace.save_draft("alpha", {"s": 2}, note="new").steps[0]["note"] == "new"
    assert [v.note for v in workspace.draft_history("alpha")] == ["old", "new"]

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from assistant.workspace import DocumentRecord, Workspace, get_workspace


@pytest.fixture()
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(f"sqlite:///{tmp_path / 'ws.db'}")


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


def test_drafts_are_versioned_and_survive_a_new_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ws.db'}"
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

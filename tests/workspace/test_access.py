"""Access by role and clearance, enforced in the store: every read and write of a project checks the acting
user, on SQLite and PostgreSQL alike. Each test tries to cross a project or a clearance and must be refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import get_settings
from assistant.errors import AccessDeniedError, InvalidInputError
from assistant.workspace import DocumentRecord, Workspace
from assistant.workspace.models import AuditEvent


@pytest.fixture()
def team(workspace_url: str) -> Workspace:
    """Three projects made in single-user mode, then a team: alice (BPSS), bob (SC), carol (SC, no projects).
    alice views alpha and is an editor of the SECRET project (which her clearance must still refuse);
    bob edits alpha and the SECRET project; nobody but the local user was ever in beta."""
    ws = Workspace(workspace_url)
    for name, classification in (("Alpha", "OFFICIAL"), ("Beta", "OFFICIAL-SENSITIVE"), ("Vault", "SECRET")):
        ws.create_project(name, classification=classification)
        ws.save_draft(name.lower(), {"s": f"{name} draft"})
        ws.add_document(name.lower(), DocumentRecord(filename=f"{name}.md", content_hash=name[0] * 64))
        ws.add_message(name.lower(), "user", f"{name} question")
        ws.audit(name.lower(), "generation", {"about": name})
    ws.add_user("alice", clearance="BPSS")
    ws.add_user("bob", clearance="SC")
    ws.add_user("carol", clearance="SC")
    ws.grant("alpha", "alice", "viewer")
    ws.grant("vault", "alice", "editor")
    ws.grant("alpha", "bob", "editor")
    ws.grant("vault", "bob", "editor")
    return ws


READS = {
    "project": lambda ws, key: ws.require_project(key),
    "documents": lambda ws, key: ws.list_documents(key),
    "document": lambda ws, key: ws.find_document(key, filename=f"{key.title()}.md"),
    "messages": lambda ws, key: ws.messages(key),
    "drafts": lambda ws, key: ws.latest_draft(key),
    "history": lambda ws, key: ws.draft_history(key),
    "version": lambda ws, key: ws.get_draft(key, 1),
    "members": lambda ws, key: ws.members(key),
    "audit": lambda ws, key: ws.audit_events(key),
}


@pytest.mark.parametrize("read", sorted(READS))
def test_a_project_the_user_is_not_in_cannot_be_read(team: Workspace, read: str) -> None:
    alice = team.for_user("alice")
    READS[read](alice, "alpha")  # her own project opens
    with pytest.raises(AccessDeniedError, match="alice.*beta.*not a member"):
        READS[read](alice, "beta")


@pytest.mark.parametrize("read", sorted(READS))
def test_a_project_above_the_clearance_is_refused_whatever_the_role(team: Workspace, read: str) -> None:
    READS[read](team.for_user("bob"), "vault")  # SC opens SECRET
    with pytest.raises(AccessDeniedError, match="SECRET, above clearance BPSS"):
        READS[read](team.for_user("alice"), "vault")  # an editor, but BPSS stops at OFFICIAL-SENSITIVE


def test_lists_and_the_audit_across_projects_show_only_what_the_user_may_open(team: Workspace) -> None:
    assert [p.key for p in team.for_user("alice").list_projects()] == ["alpha"]
    assert [p.key for p in team.for_user("bob").list_projects()] == ["alpha", "vault"]
    assert team.for_user("carol").list_projects() == []
    seen = {e.project_key for e in team.for_user("alice").audit_events()}
    assert seen <= {"alpha", None} and "alpha" in seen
    assert all(e.user == "alice" for e in team.for_user("alice").audit_events() if e.project_key is None)


def test_editing_needs_editor_and_every_change_carries_the_user(team: Workspace) -> None:
    alice, bob = team.for_user("alice"), team.for_user("bob")
    writes = [
        lambda ws: ws.save_draft("alpha", {"s": "changed"}),
        lambda ws: ws.add_document("alpha", DocumentRecord(filename="x.md", content_hash="x" * 64)),
        lambda ws: ws.update_project("alpha", name="Renamed"),
    ]
    for write in writes:
        with pytest.raises(AccessDeniedError, match="may not change project 'alpha': the role viewer is below editor"):
            write(alice)
    assert team.for_user("bob").latest_draft("alpha").strategy == {"s": "Alpha draft"}  # nothing written
    version = bob.save_draft("alpha", {"s": "bob's edit"})
    assert version.author == "bob"
    with pytest.raises(AccessDeniedError, match="role editor is below owner"):
        bob.update_project("alpha", classification="SECRET")  # changing the marking is the owner's
    bob.audit("alpha", "generation", {})
    events = bob.audit_events("alpha")
    assert events[-1].user == "bob"
    denied = [e for e in bob.audit_events("alpha") if e.kind == "access_denied"]
    assert {e.user for e in denied} == {"alice", "bob"}


def test_the_local_user_is_not_let_in_once_a_team_exists_and_clearance_changes_apply(team: Workspace) -> None:
    with pytest.raises(AccessDeniedError, match="not a registered user"):
        team.latest_draft("alpha")  # the unbound workspace acts as the local user, who is not registered
    with pytest.raises(AccessDeniedError, match="not a registered user"):
        team.create_project("Gamma")
    alice = team.for_user("alice")
    team.set_clearance("alice", "SC")
    assert alice.latest_draft("vault").strategy == {"s": "Vault draft"}
    team.revoke("vault", "alice")
    with pytest.raises(AccessDeniedError, match="not a member"):
        alice.latest_draft("vault")
    created = alice.create_project("Gamma")
    assert alice.members(created.key) == [("alice", "owner")]


def test_single_user_use_needs_no_users(workspace_url: str) -> None:
    ws = Workspace(workspace_url)
    ws.create_project("Solo", classification="TOP SECRET")
    ws.save_draft("solo", {"s": 1})
    assert ws.latest_draft("solo").author == "local"
    assert [p.key for p in ws.list_projects()] == ["solo"]


def test_bad_roles_and_clearances_are_refused(team: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="viewer, editor, owner"):
        team.grant("alpha", "carol", "admin")
    with pytest.raises(InvalidInputError, match="BPSS"):
        team.add_user("dave", clearance="TOP")
    with pytest.raises(InvalidInputError, match="No user 'dave'"):
        team.grant("alpha", "dave", "viewer")
    assert team.access_list(user="carol") == []


def test_search_refuses_a_project_the_user_may_not_open(team: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.retrieval.search import search

    monkeypatch.setenv("MLOPS_ASSISTANT_DATABASE_URL", team.url)
    monkeypatch.setenv("MLOPS_ASSISTANT_USER", "alice")
    get_settings.cache_clear()
    with pytest.raises(AccessDeniedError, match="beta"):
        search("fraud", "beta", scope="project", mode="bm25")
    with pytest.raises(AccessDeniedError, match="above clearance"):
        search("fraud", "vault", scope="project", mode="bm25")
    assert search("fraud", "alpha", scope="project", mode="bm25") == []  # her own project: searched (empty)


def test_chunks_of_a_project_the_user_may_not_open_are_refused(team: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.retrieval.search import flagged_chunks, release_chunks, whole_document

    monkeypatch.setenv("MLOPS_ASSISTANT_DATABASE_URL", team.url)
    monkeypatch.setenv("MLOPS_ASSISTANT_USER", "alice")
    get_settings.cache_clear()
    for read in (lambda p: whole_document(p, "d1"), flagged_chunks, lambda p: release_chunks(p, ["c1"])):
        for project in ("beta", "vault"):
            with pytest.raises(AccessDeniedError, match=project):
                read(project)
    assert whole_document("alpha", "d1") == []  # her own project's (empty) chunks are readable


def test_admin_cli_adds_users_grants_and_lists(workspace_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_ASSISTANT_DATABASE_URL", workspace_url)
    get_settings.cache_clear()
    Workspace(workspace_url).create_project("Alpha")
    runner = CliRunner()
    assert runner.invoke(app, ["users", "add", "erin", "--clearance", "sc"]).exit_code == 0
    bad = runner.invoke(app, ["access", "grant", "--project", "alpha", "--user", "erin", "--role", "boss"])
    assert bad.exit_code == 2 and "viewer, editor, owner" in bad.output
    assert runner.invoke(app, ["access", "grant", "--project", "alpha", "--user", "erin", "--role", "editor"]).exit_code == 0
    listed = runner.invoke(app, ["access", "list", "--project", "alpha"])
    assert "alpha\terin\teditor" in listed.output
    assert runner.invoke(app, ["users", "set-clearance", "erin", "BPSS"]).exit_code == 0
    assert "erin\tBPSS" in runner.invoke(app, ["users", "list"]).output
    assert runner.invoke(app, ["access", "revoke", "--project", "alpha", "--user", "erin"]).exit_code == 0
    assert runner.invoke(app, ["access", "revoke", "--project", "alpha", "--user", "erin"]).exit_code == 2
    # read the log directly: in a team workspace the unregistered local user may not read project events
    with Workspace(workspace_url).engine.connect() as connection:
        rows = connection.execute(select(AuditEvent.kind, AuditEvent.user).order_by(AuditEvent.id)).all()
    assert [tuple(r) for r in rows] == [("user_added", "local"), ("access_granted", "local"),
                                        ("clearance_changed", "local"), ("access_revoked", "local")]


def test_drafting_is_refused_to_a_viewer_before_anything_is_retrieved_or_generated(
        team: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.drafting.engine import draft_document_events

    monkeypatch.setenv("MLOPS_ASSISTANT_DATABASE_URL", team.url)
    monkeypatch.setenv("MLOPS_ASSISTANT_USER", "alice")
    get_settings.cache_clear()
    events = draft_document_events("alpha")  # alice views alpha
    with pytest.raises(AccessDeniedError, match="below editor"):
        next(events)  # the very first step: no evidence retrieved, no provider called
    assert [v.number for v in team.for_user("bob").draft_history("alpha")] == [1]  # nothing saved

"""Project scope in the vector store: a project's chunks are reachable only through the scope the workspace
issues after its access check. Each test tries to cross from one project into another (search, chunks by id,
delete) and must be refused or come back empty-handed."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from assistant.config import get_settings
from assistant.errors import AccessDeniedError, InvalidInputError
from assistant.index.scope import ChunkScope
from assistant.index.store import KNOWLEDGE, get_store
from assistant.retrieval.search import flagged_chunks, search, whole_document
from assistant.workspace import Workspace, get_workspace
from assistant.workspace.models import AuditEvent

DIM = 8


def _vector(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


@pytest.fixture
def two_projects() -> Workspace:
    """alpha and beta, each with three chunks (beta's say "beta secret"); then a team in which alice views
    alpha only."""
    ws = get_workspace()
    store = get_store()
    for seed, key in enumerate(("alpha", "beta")):
        ws.create_project(key.title(), key=key)
        ids = [f"{key}:doc:{i}" for i in range(3)]
        store.upsert(ws.chunk_scope(key, "editor"), ids, [_vector(10 * seed + i) for i in range(3)],
                     [f"{key} secret passage {i}" for i in range(3)],
                     [{"document_id": f"{key}-doc", "document": f"{key}.md", "chunk_index": i, "source": "document",
                       "injection_flagged": i == 2} for i in range(3)])
    ws.add_user("alice", clearance="SC")
    ws.grant("alpha", "alice", "viewer")
    return ws


def _beta_count() -> int:
    return int(get_store().client.get_collection("project-beta").count())  # straight to Chroma, bypassing scopes


def test_a_scope_is_issued_only_to_a_user_who_may_open_the_project(two_projects: Workspace) -> None:
    alice = two_projects.for_user("alice")
    with pytest.raises(AccessDeniedError, match="beta.*not a member"):
        alice.chunk_scope("beta")
    with pytest.raises(AccessDeniedError, match="below editor"):
        alice.chunk_scope("alpha", "editor")  # she may read alpha's chunks, not write them
    with pytest.raises(AccessDeniedError, match="no such project"):
        alice.chunk_scope("gamma")  # a collection nobody registered is not a way round the check
    assert alice.chunk_scope("alpha").project == "alpha"
    with two_projects.engine.connect() as connection:  # the audit log as an auditor reads it, all projects
        refusals = set(connection.execute(select(AuditEvent.project_key, AuditEvent.user)
                                          .where(AuditEvent.kind == "access_denied")))
    assert refusals == {("beta", "alice"), ("alpha", "alice"), ("gamma", "alice")}  # each on record with her name


def test_the_store_takes_no_bare_collection_name_and_no_home_made_scope(two_projects: Workspace) -> None:
    store = get_store()
    with pytest.raises(InvalidInputError, match="ChunkScope"):
        store.get("project-beta")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="ChunkScope"):
        store.query("project-beta", _vector(10), 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="ChunkScope"):
        store.delete("project-beta", ids=["beta:doc:0"])  # type: ignore[arg-type]
    with pytest.raises(AccessDeniedError, match="Workspace.chunk_scope"):
        ChunkScope("beta")
    assert _beta_count() == 3


def test_alphas_scope_never_reaches_betas_chunks(two_projects: Workspace) -> None:
    store = get_store()
    alpha = two_projects.for_user("alice").chunk_scope("alpha")
    beta_ids = [f"beta:doc:{i}" for i in range(3)]
    assert store.get(alpha, ids=beta_ids) == []  # chunks by id: another project's ids are not found
    assert {c.id for c in store.get(alpha)} == {f"alpha:doc:{i}" for i in range(3)}
    nearest = store.query(alpha, _vector(10), 10)  # beta's own vector: its nearest neighbour would be beta:doc:0
    assert nearest and {i for i, _ in nearest} <= {f"alpha:doc:{i}" for i in range(3)}
    store.delete(alpha, ids=beta_ids)  # a delete through alpha's scope cannot touch beta
    assert _beta_count() == 3
    assert [c.id for c in store.get(KNOWLEDGE, ids=beta_ids)] == []  # nor can the knowledge base's scope


def test_search_and_chunk_reads_of_another_project_are_refused(two_projects: Workspace,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_ASSISTANT_USER", "alice")
    get_settings.cache_clear()
    for attempt in (lambda: search("beta secret", "beta", scope="project", mode="bm25"),
                    lambda: whole_document("beta", "beta-doc"), lambda: flagged_chunks("beta")):
        with pytest.raises(AccessDeniedError, match="beta"):
            attempt()
    hits = search("secret passage", "alpha", k=10, scope="project", mode="bm25")
    assert hits and all(h.chunk_id.startswith("alpha:") for h in hits)
    assert [h.chunk_id for h in whole_document("alpha", "alpha-doc") or []] == ["alpha:doc:0", "alpha:doc:1"]

"""Fixtures for the drafting engine tests: an in-memory corpus and retriever, a project, a simulated provider.

The retriever has the signature of `assistant.retrieval.search` and scores by shared words, so these tests
need no embeddings or vector store; retrieval itself is tested in tests/retrieval.
"""

from __future__ import annotations

import pytest

from assistant.llm import RetryPolicy

from drafting_data import MemoryRetriever

@pytest.fixture
def retriever() -> MemoryRetriever:
    return MemoryRetriever()


@pytest.fixture
def project() -> str:
    from assistant.workspace import get_workspace

    get_workspace().create_project("Benefit Fraud Triage", key="fraud", project_id="001", classification="OFFICIAL")
    return "fraud"


@pytest.fixture
def no_retry() -> RetryPolicy:
    return RetryPolicy(max_retries=0, initial_delay_s=0.0, max_delay_s=0.0, sleep=lambda s: None)


@pytest.fixture
def all_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    """Applicability without the offline drafter: every section applies (9 and 13 with a stated reason)."""

    class Decider:
        def applicable_sections(self) -> dict[int, tuple[bool, str]]:
            return {n: (True, "applies") for n in range(1, 16)}

    monkeypatch.setattr("assistant.drafting.engine.offline_drafter", lambda pool, facts: Decider())

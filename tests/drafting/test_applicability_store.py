"""The chat outline's applicability decision is kept on disk per document set (assistant/drafting/applicability_store.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting import outline_plan
from assistant.drafting.applicability_store import Decision
from assistant.drafting.engine import applicability, project_facts, resolve_project
from assistant.drafting.evidence import EvidencePool, whole_project_evidence
from assistant.ingest import ingest_paths
from assistant.workspace import get_workspace

SAMPLE = Path(__file__).resolve().parents[2] / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md"


def _full_decision(project: str) -> Decision:
    """What the full path decides: the engine's rule over every passage of the project."""
    pool = EvidencePool()
    pool.add(whole_project_evidence(project, None))
    return applicability(pool, project_facts(resolve_project(project)))


def _decided(outline: outline_plan.Outline) -> list[tuple[int, bool, str]]:
    return [(s.number, s.applies, s.reason) for s in outline.sections]


def test_kept_decision_is_the_full_one_and_a_changed_document_set_recomputes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    get_workspace().create_project("Benefits Fraud Triage", key="fraud", project_id="001", classification="OFFICIAL")
    ingest_paths([SAMPLE], "fraud")
    full = _full_decision("fraud")

    first = outline_plan.quick_outline("fraud")
    assert _decided(first) == [(n, *full[n]) for n in sorted(n for n in full if n)]

    # after a restart (empty in-memory cache) the decision comes from disk: the rule is not run again
    outline_plan._cache.clear()
    calls: list[int] = []

    def counted(pool: EvidencePool, facts: object) -> Decision:
        calls.append(1)
        return applicability(pool, facts)  # type: ignore[arg-type]

    monkeypatch.setattr(outline_plan, "applicability", counted)
    assert _decided(outline_plan.quick_outline("fraud")) == _decided(first)
    assert calls == []

    # a document added changes the set: the stored decision is not used, and the new one is the full path's
    extra = tmp_path / "genai-assistant.md"
    extra.write_text("# Caseworker assistant\n\nA generative AI large language model (LLM) drafts letters to "
                     "claimants; prompts and outputs are logged for review.\n", encoding="utf-8")
    ingest_paths([extra], "fraud")
    outline_plan._cache.clear()
    changed = outline_plan.quick_outline("fraud")
    assert calls == [1]
    full = _full_decision("fraud")
    assert _decided(changed) == [(n, *full[n]) for n in sorted(n for n in full if n)]


def test_an_unreadable_stored_decision_is_recomputed(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.drafting.applicability_store import _path, kept_applicability

    path = _path("p")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert kept_applicability("p", ("docs",), lambda: {1: (True, "always")}) == {1: (True, "always")}
    assert kept_applicability("p", ("docs",), lambda: {1: (False, "never")}) == {1: (True, "always")}
    assert kept_applicability("p", ("other docs",), lambda: {1: (False, "never")}) == {1: (False, "never")}

"""Chat on an ingested project: answers lead with the fact the question asks for (figure and unit, the
requirement covering a subject) and cite the passage holding it; the outline is the engine's decision, made
without per-section searches."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.chat import handle_turn
from assistant.drafting.engine import plan_outline
from assistant.drafting.outline_plan import quick_outline
from assistant.ingest import ingest_paths
from assistant.llm import get_provider
from assistant.workspace import get_workspace

SAMPLE = Path(__file__).resolve().parents[2] / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md"


def _ask(question: str) -> tuple[str, list[dict]]:
    final = [e for e in handle_turn("fraud", question, provider=get_provider("offline")) if e.kind == "final"][-1]
    return final.text, final.data["citations"]


def test_answers_lead_with_the_fact_and_cite_its_passage_and_the_outline_is_the_engines() -> None:
    get_workspace().create_project("Benefits Fraud Triage", key="fraud", project_id="001", classification="OFFICIAL")
    ingest_paths([SAMPLE], "fraud")

    text, cites = _ask("What availability must online scoring achieve?")
    first = text.splitlines()[0]
    assert "99.5%" in first and "NFR-A-001" in first
    assert any("NFR-A-001" in (c.get("heading") or "") for c in cites)

    text, cites = _ask("Which requirement covers explanations for caseworkers?")
    assert text.startswith("NFR-U-001")
    assert any("NFR-U-001" in (c.get("heading") or "") for c in cites)

    text, _ = _ask("What is the monthly run cost ceiling?")
    assert "25,000" in text.splitlines()[0]

    # The chat's outline decides applicability exactly as the drafting engine's outline does.
    quick, full = quick_outline("fraud"), plan_outline("fraud")
    assert [(s.number, s.applies) for s in quick.sections] == [(s.number, s.applies) for s in full.sections]
    assert all(s.key_evidence for s in quick.sections if s.number in (6, 7))
    assert quick_outline("fraud") is quick  # kept for the same documents

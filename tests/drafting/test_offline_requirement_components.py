"""A functional requirement whose title names an AI component is a model-inventory row (issue 21): the
speech and summarisation components a requirements document defines were missing from real drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.drafting.offline.inventory import names_ai_component, title_model_type

REQ = """# Requirements: Tribunal Records

## Document Control

| Field | Value |
|-------|-------|
| **Document ID** | ARC-001-REQ-v1.0 |
| **Document Type** | Requirements |
| **Project** | Tribunal Records (Project 001) |
| **Classification** | OFFICIAL |
| **Version** | 1.0 |

## Functional Requirements

### FR-001: AI Hearing Transcription
**Description**: The system must transcribe recorded tribunal hearings into searchable text within one day.

### FR-002: AI Governance Register
**Description**: A register must list every AI tool in use with its transparency record status.

### FR-003: AI Decision Letter Summarisation
**Description**: The system must produce a plain-English summary of each decision letter for the appellant.

### FR-004: Bundle upload
**Description**: Parties must be able to upload hearing bundles as PDF files.
"""


@pytest.mark.parametrize(("title", "component", "kind"), [
    ("AI Hearing Transcription", True, "NLP"),
    ("ML-Assisted Claim Classification", True, "Classification"),
    ("AI Decision Letter Summarisation", True, "GenAI"),
    ("AI Governance Register", False, "Other"),          # about the AI, not a part of the system
    ("Ethical AI Impact Assessment Framework", False, "Other"),
    ("Scoring support for AI-004 decisions", False, "Other"),  # an inventory identifier, not a new component
    ("Email notifications", False, "Other"),             # "ai" inside a word is no marker
    ("Security Patterns for GenAI", False, "Other"),     # what the requirement is about, not a component
])
def test_titles_that_name_a_component(title: str, component: bool, kind: str) -> None:
    assert names_ai_component(title) is component
    assert title_model_type(title) == kind


def test_ai_requirements_become_rows_named_by_their_titles_with_their_citation(tmp_path: Path) -> None:
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    drafter = OfflineDrafter(evidence_from_file(tmp_path / "ARC-001-REQ-v1.0.md"), project_name="Tribunal Records",
                             project_id="001", classification="OFFICIAL")
    strategy = drafter.draft()
    rows = {m.name: m for m in strategy.model_inventory.models}
    assert set(rows) == {"AI Hearing Transcription", "AI Decision Letter Summarisation"}
    assert rows["AI Hearing Transcription"].provenance.evidence == ["FR-001"]
    assert rows["AI Decision Letter Summarisation"].type == "GenAI"
    # a summarising component is generative: section 9 applies, partly (the transcription is not)
    assert strategy.genai.applies is True
    assert "Partly" in (strategy.genai.applies_reason or "")

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from assistant.strategy import SECTIONS, Provenance, Strategy
from assistant.strategy.enums import Classification, DocumentStatus, RiskLevel, YesNo
from assistant.strategy.guidance import ai_playbook_principles, match_principle
from assistant.strategy.schema import Citation, ExternalReferences, ModelRow, citation_prefix


def test_sections_constant_matches_strategy_fields() -> None:
    assert [s.number for s in SECTIONS] == list(range(1, 16))
    for info in SECTIONS:
        assert info.field in Strategy.model_fields


def test_new_strategy_starts_draft_pending_with_template_rows() -> None:
    s = Strategy.new("001", "Fraud Triage", "OFFICIAL-SENSITIVE", today=dt.date(2025, 1, 1))
    dc = s.document_control
    assert dc.status is DocumentStatus.DRAFT
    assert dc.reviewed_by == dc.approved_by == "PENDING"
    assert dc.classification is Classification.OFFICIAL_SENSITIVE
    assert s.document_id == "ARC-001-MLOPS-v1.0" and s.filename == "ARC-001-MLOPS-v1.0.md"
    # The next review is one review cycle on (Quarterly by default), not a fixed 30 days.
    assert dc.review_cycle.value == "Quarterly" and dc.next_review_date == dt.date(2025, 4, 1)
    monthly = Strategy.new("001", "X", today=dt.date(2025, 1, 31), review_cycle="Monthly").document_control
    assert monthly.next_review_date == dt.date(2025, 2, 28)
    assert [r.risk_level for r in s.model_inventory.risk_classification] == list(RiskLevel)
    assert [r.principle for r in s.uk_compliance.ai_playbook] == list(range(1, 11))
    assert s.section(8) is s.retraining
    with pytest.raises(KeyError):
        s.section(16)


def test_top_secret_is_accepted() -> None:
    assert Classification("TOP SECRET") is Classification.TOP_SECRET
    assert Classification("top-secret") is Classification.TOP_SECRET


def test_provenance_rules() -> None:
    assert Provenance(evidence=["FR-001"]).basis == "evidence"
    with pytest.raises(ValidationError):
        Provenance(basis="evidence")
    with pytest.raises(ValidationError):
        Provenance(rationale="why")
    with pytest.raises(ValidationError):
        Provenance(evidence=["has space"])
    assert Provenance.recommendation("rule R-7").basis == "recommendation"


def test_assignment_is_validated_and_text_normalised() -> None:
    row = ModelRow(model_id="ML-001", framework="lat<100ms\n p99")
    row.risk_level = "very high"  # type: ignore[assignment]
    assert row.risk_level is RiskLevel.VERY_HIGH
    assert row.framework == "lat< 100ms p99"
    with pytest.raises(ValidationError):
        row.pii = YesNo.YES  # type: ignore[attr-defined]


def test_unknown_json_keys_are_rejected() -> None:
    with pytest.raises(ValidationError) as err:
        Strategy.model_validate({"overview": {"bogus": 1}})
    assert "bogus" in str(err.value)


def test_citation_ids_are_arckit_style() -> None:
    assert citation_prefix("benefits-fraud-requirements.md") == "BFR"
    refs = ExternalReferences()
    first = refs.add_citation("FR-001", "benefits-fraud-requirements.md", page_section="§3")
    assert first.citation_id == "BFR-C1"
    assert refs.add_citation("FR-001", "benefits-fraud-requirements.md") is first
    assert refs.add_citation("chunk-7", "benefits-fraud-requirements.md").citation_id == "BFR-C2"
    assert Citation(citation_id="PP-C1").evidence_id == "PP-C1"


def test_principles_are_the_ten_official_ones() -> None:
    principles = ai_playbook_principles()
    assert len(principles) == 10
    assert principles[0].title == "You know what AI is and what its limitations are"
    assert match_principle("Principle 4") == 4
    assert match_principle("You understand how to manage the full AI life cycle") == 5


def test_json_schema_export() -> None:
    schema = Strategy.model_json_schema()
    assert {"document_control", "genai", "uk_compliance", "extra_content"} <= set(schema["properties"])
    assert "Provenance" in schema["$defs"]

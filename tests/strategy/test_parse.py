from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError
from assistant.strategy.enums import DocumentStatus, ModelType, RiskLevel
from assistant.strategy.parse import parse_markdown
from assistant.strategy.schema import Strategy

from .conftest import EXAMPLE_MD, FIXTURES


def test_example_markdown_parses_to_example_json(example: Strategy) -> None:
    result = parse_markdown(EXAMPLE_MD.read_text())
    assert result.warnings == []
    assert result.strategy == example


def test_arckit_drift_document() -> None:
    result = parse_markdown((FIXTURES / "strategies" / "arckit-drift-mlop.md").read_text())
    s, warnings = result.strategy, " | ".join(result.warnings)
    dc = s.document_control
    assert (dc.project_id, dc.version, dc.status) == ("004", "1.1", DocumentStatus.IN_REVIEW)
    assert dc.reviewed_by == "Sam Patel" and dc.reviewed_on.isoformat() == "2025-01-18"
    assert "type code MLOP read as MLOPS" in warnings and s.document_id == "ARC-004-MLOPS-v1.1"
    # Reordered sections are read by title; MOD-001 IDs kept; "Critical" is the top of the one risk scale.
    models = s.model_inventory.models
    assert [m.model_id for m in models] == ["MOD-001", "MOD-002", "MOD-003"]
    assert models[0].type is ModelType.TIME_SERIES and models[1].risk_level is RiskLevel.VERY_HIGH
    assert models[2].type is None and models[2].extra == {"Type": "Survival model"}
    # Extra column kept per row.
    assert s.data_pipeline.training_sources[0].extra == {"Notes": "Address fields pseudonymised"}
    assert s.data_pipeline.feature_store.platform.value == "Custom (PostgreSQL tables)"
    # Evidence marker kept.
    assert s.overview.business_context.business_purpose.provenance.evidence == ["REQ-C1"]
    # Unknown sub-section and section kept, with warnings.
    assert any(b.section == 3 and "Data Lineage" in b.markdown for b in s.extra_content)
    assert any(b.section is None and "Ethics Review" in b.markdown and "Data Ethics Panel" in b.markdown for b in s.extra_content)
    assert "unknown section '16. Ethics Review'" in warnings
    # Old single-table External References converted.
    docs = s.external_references.documents
    assert [d.filename for d in docs] == ["Repairs requirements v2", "Depot list"]
    assert docs[0].source_location == "projects/004/requirements.docx"
    assert "old single-table" in warnings
    assert s.footer.arckit_version == "4.2.0" and s.footer.model == "claude-sonnet"
    assert s.monitoring.data_drift[0].threshold == "PSI > 0.25"


def test_hand_written_document() -> None:
    result = parse_markdown((FIXTURES / "strategies" / "handwritten-nhs-triage.md").read_text())
    s = result.strategy
    assert s.document_id == "ARC-012-MLOPS-v2.0"
    assert any("Written by hand" in b.markdown for b in s.extra_content)
    assert [r.role for r in s.overview.stakeholders] == ["ML Lead", "Clinical Safety Officer"]
    assert s.genai.llm_configuration.model.value == "GPT-4o"
    assert s.genai.llm_configuration.model_provider.value.value == "Azure OpenAI"
    cc = s.retraining.champion_challenger
    assert (cc.champion, cc.challenger, cc.challenger_traffic_pct) == ("Model v2.0", "Model v2.1", 5)
    assert [st.step for st in s.retraining.rollback_procedure] == ["Detect Issue", "Execute Rollback"]
    assert [d.done for d in s.governance.documentation_requirements] == [True, False]
    assert [(p.principle, p.status.value) for p in s.uk_compliance.ai_playbook] == [(4, "Met"), (2, "Partial")]
    assert s.serving.performance_requirements[0].target == "< 5s"
    assert s.serving.performance_requirements[0].current == "TBD"
    assert [r.status.value for r in s.traceability.rows] == ["✅", "⚠️"]
    assert s.external_references.citations[0].citation_id == "RR-C1"
    assert s.external_references.citations[0].evidence_id == "RR-C1"


@pytest.mark.parametrize(
    "text",
    ["", "# Meeting notes\n\nNothing here.\n", "# DPIA\n\n## 1. Screening\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"],
)
def test_non_strategy_markdown_is_rejected(text: str) -> None:
    with pytest.raises(InvalidInputError, match="not an ArcKit MLOps Strategy|empty document"):
        parse_markdown(text)


def test_a_champion_chart_whose_edge_label_has_words_after_the_share_is_read() -> None:
    from assistant.strategy.charts import read_champion_challenger

    chart = ("flowchart LR\n    B -->|95%| C[Champion mapping]\n"
             "    B -->|5% canary cohort| D[Challenger mapping]\n")
    assert read_champion_challenger(chart) == {"champion": "mapping", "challenger": "mapping",
                                               "challenger_traffic_pct": 5}


@pytest.mark.parametrize(("written", "read"), [
    ("2026-02-09 10:00 GMT", "2026-02-09"),   # a time and a zone name after the date
    ("2026-02-09T10:00:00Z", "2026-02-09"),
    ("9th February", None),                   # no date we can read: left empty, with a warning, not a failure
])
def test_a_footer_date_with_a_time_or_an_unreadable_date_does_not_stop_the_reading(written: str,
                                                                                      read: str | None) -> None:
    text = (FIXTURES / "strategies" / "handwritten-nhs-triage.md").read_text()
    result = parse_markdown(text.replace("**Generated on**: 2025-02-10", f"**Generated on**: {written}"))
    got = result.strategy.footer.generated_on
    assert (got.isoformat() if got else None) == read
    assert (read is None) == any("Footer: generated_on" in w for w in result.warnings)

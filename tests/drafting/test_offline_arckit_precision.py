"""Precision-first drafting on a small ArcKit project written for this test (no real project's text): what a
security assessment rates, an integration's SLA and a requirement asking for a control are not the system's own
risk level, serving targets and control implementations."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from tests.drafting.arckit_snippets import document_control

_control = document_control


REQ = _control("ARC-001-REQ-v1.0", "Requirements") + """## Functional Requirements

### FR-001: Route scoring model
**Description**: The system uses a classification model to score each parcel route for delay risk.

### FR-002: Guardrails for the assistant
**Description**: The assistant MUST detect and block prompt injection attempts in user messages.

## Non-Functional Requirements

### NFR-A-001: Scoring availability
**Requirement**: The route scoring API MUST achieve 99.9% availability measured monthly.

## Integration Requirements

### INT-001: Carrier Tracking Integration
**Purpose**: Receive tracking events from the carrier platform.
**SLA**: API response < 800ms p95; 97.5% availability
"""

SECD = _control("ARC-001-SECD-v1.0", "Secure by Design Assessment") + """## Findings

- Risk Classification: HIGH-RISK system (route decisions affect deliveries)
- NEW REQUIREMENT: explain each score with SHAP values
"""


def _draft(tmp_path: Path):
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    (tmp_path / "ARC-001-SECD-v1.0.md").write_text(SECD, encoding="utf-8")
    evidence = [c for name in ("ARC-001-REQ-v1.0.md", "ARC-001-SECD-v1.0.md")
                for c in evidence_from_file(tmp_path / name)]
    drafter = OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001", classification="OFFICIAL")
    return drafter.draft()


def test_security_assessment_rating_is_not_the_ai_risk_level(tmp_path: Path) -> None:
    strategy = _draft(tmp_path)
    assert strategy.model_inventory.models, "the requirement's model is inventoried"
    assert all(m.risk_level is None for m in strategy.model_inventory.models)
    methods = {r.method for r in strategy.responsible_ai.explainability if r.provenance.basis == "evidence"}
    assert "SHAP" not in methods  # a proposed control in an assessment is not the system's method


def test_integration_sla_is_not_a_serving_target(tmp_path: Path) -> None:
    targets = {r.target for r in _draft(tmp_path).serving.performance_requirements}
    assert "99.9%" in targets
    assert not any(t and ("97.5" in t or "800" in t) for t in targets)


def _infra(tmp_path: Path, sentence: str) -> dict[str, str | None]:
    text = _control("ARC-001-REQ-v1.0", "Requirements") + (
        "## Functional Requirements\n\n### FR-001: Route scoring model\n**Description**: The system uses a "
        f"classification model to score each parcel route for delay risk.\n\n## Technical Constraints\n\n"
        f"### TC-001: Platform\n**Constraint**: {sentence}\n")
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(text, encoding="utf-8")
    drafter = OfflineDrafter(evidence_from_file(tmp_path / "ARC-001-REQ-v1.0.md"), project_name="Parcel Routing",
                             project_id="001", classification="OFFICIAL")
    return {r.component: r.technology for r in drafter.draft().training_pipeline.infrastructure}


def test_a_platform_is_training_infrastructure_only_where_its_passage_is_about_training(tmp_path: Path) -> None:
    # a decision table flattened onto one line, as ingest writes it: the "domain model" is another row's
    web = _infra(tmp_path, "| Component | Decision | | Kubernetes Orchestration | BUY (managed Kubernetes) | | Data mesh "
                           "platform | BUILD: core IP, specific to the parcel network's own domain model |")
    assert web["Compute"] is None  # the system's platform, not where models train
    training = _infra(tmp_path, "Models MUST be trained on Kubernetes, with training data held in Amazon S3.")
    assert training["Compute"] == "Kubernetes"


def test_a_pipeline_tool_beside_the_models_lifecycle_is_training_infrastructure(tmp_path: Path) -> None:
    tracked = _infra(tmp_path, "Pipelines MUST be orchestrated with Apache Airflow and models tracked in MLflow.")
    assert tracked["Orchestration"] == "Airflow"


def test_a_field_label_is_not_what_a_target_is_about() -> None:
    from assistant.drafting.offline.authority import _label
    from assistant.facts import QuantityFact, SourceSpan

    span = SourceSpan(document="ARC-001-REQ-v1.0.md", requirement_id="FR-009")
    fact = QuantityFact(source=span, metric="latency", subject="Validations", value="400", unit="ms",
                        clause="- **Validations**: minimum score (0.6), maximum lookup latency (400ms)")
    # the requirement's title says what the latency is of; "Validations" only names the list it sits in
    assert _label(fact, "Depot address lookup") == "Latency: Depot address lookup"


def test_two_items_sharing_a_figure_are_two_targets(tmp_path: Path) -> None:
    req = _control("ARC-001-REQ-v1.0", "Requirements") + """## Non-Functional Requirements

### NFR-P-001: Response Time
**Requirement**:
- Scan upload: < 3 seconds (95th percentile)
- Label print: < 3 seconds (95th percentile)
"""
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(req, encoding="utf-8")
    evidence = evidence_from_file(tmp_path / "ARC-001-REQ-v1.0.md")
    strategy = OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001",
                              classification="OFFICIAL").draft()
    rows = {r.metric: r.target for r in strategy.serving.performance_requirements}
    assert any("Scan upload" in (m or "") for m in rows) and any("Label print" in (m or "") for m in rows)


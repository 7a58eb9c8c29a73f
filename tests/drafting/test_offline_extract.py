"""Offline drafter: the extraction pieces that need no embeddings (quantities, vocabulary, requirements)."""

from __future__ import annotations

import pytest

from assistant.drafting.offline.data import rules, signal, terms, vocabulary
from assistant.drafting.offline.evidence import EvidenceChunk, condense, group_requirements
from assistant.drafting.offline.quantities import extract


def _one(text: str, kind: str):
    found = [q for q in extract(text, "c1", "X") if q.kind == kind]
    assert found, f"no {kind} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "subject", "display"),
    [
        ("Online scoring SHALL respond within 300 ms at the 99th percentile.", "latency", "Latency (p99)", "≤ 300 ms"),
        ("p95 latency < 200ms for the scoring API.", "latency", "Latency (p95)", "< 200 ms"),
        ("The API shall be available 99.9% of the time.", "availability", "Availability", "99.9%"),
        ("The service shall handle 1,000 requests per second at peak.", "throughput", "Throughput", "1,000 requests per second"),
        ("Audit logs shall be retained for 7 years.", "retention", "Audit logs", "7 years"),
        ("A PSI > 0.2 on any key feature SHALL raise an alert.", "drift", "PSI", "> 0.2"),
        ("KS test p-value < 0.05 flags drift.", "drift", "KS test p-value", "< 0.05"),
        ("Precision shall be at least 90% on the test set.", "metric", "Precision", "≥ 90%"),
        ("The model shall be retrained monthly.", "frequency", "Retraining", "monthly"),
        ("Run costs SHALL not exceed £25,000 per month.", "cost", "Cost", "£25,000 per month"),
        ("more than 2% missing values in a key field SHALL stop the pipeline", "missing", "Missing values", "> 2%"),
    ],
)
def test_quantities_keep_subject_unit_and_number_as_written(text: str, kind: str, subject: str, display: str) -> None:
    quantity = _one(text, kind)
    assert quantity.subject == subject
    assert quantity.display() == display
    assert quantity.text in text.replace("**", "")


def test_percentile_goes_to_the_nearest_figure() -> None:
    found = extract("Online scoring SHALL respond within 300 ms at the 99th percentile and 120 ms at the median.", "c", "X")
    assert [(q.subject, q.value) for q in found if q.kind == "latency"] == [("Latency (p99)", "300"), ("Latency (p50)", "120")]


def test_retention_clauses_each_keep_their_subject() -> None:
    text = "Scores SHALL be kept for 6 years for audit; training snapshots for 7 years; prediction logs for 24 months."
    found = [(q.subject, q.display()) for q in extract(text, "c", "X") if q.kind == "retention"]
    assert found == [("Scores", "6 years"), ("Training snapshots", "7 years"), ("Prediction logs", "24 months")]


def test_a_retention_period_is_read_within_its_own_table_cell() -> None:
    # a KPI row about keeping customers: the months in its timeline cell are no period for keeping records
    row = "Metric: Courier rolling 60-day retention | Baseline: n/a | Target: >= 80% | Timeline: launch + 9 months"
    assert not [q for q in extract(row, "c", "X") if q.kind == "retention"]
    found = extract("Entity: Depot scan | Retention Period: 4 years (audit)", "c", "X")
    assert [q.display() for q in found if q.kind == "retention"] == ["4 years"]


def test_drift_warning_and_alert_roles() -> None:
    found = extract("A PSI > 0.2 shall raise an alert and PSI above 0.1 a warning.", "c", "X")
    assert [(q.value, q.role) for q in found if q.kind == "drift"] == [("0.2", "alert"), ("0.1", "warning")]


def test_vocabulary_is_one_data_file_with_categories() -> None:
    names = {t.name: t.category for t in terms()}
    for name in ("SageMaker", "Vertex AI", "Azure ML", "Databricks", "MLflow", "XGBoost", "PyTorch", "pgvector", "SHAP"):
        assert name in names
    assert {m["name"] for m in vocabulary()["model_types"]} >= {"Classification", "Regression", "NLP", "GenAI", "Computer Vision"}
    # Every platform the vocabulary knows has its services in the rules (registry, serving, monitoring).
    for platform in [n for n, c in names.items() if c == "platform"]:
        services = rules()["platform_services"]["platforms"][platform]
        assert {"registry", "serving", "monitoring"} <= set(services)


def test_acronyms_match_case_sensitively() -> None:
    assert signal("mod", "Ministry of Defence (MOD) imagery") is not None
    assert signal("mod", "a mod to the model") is None
    sagemaker = next(t for t in terms() if t.name == "SageMaker")
    assert sagemaker.find("trained on Amazon SageMaker") is not None


def test_requirements_are_grouped_by_owning_chunk() -> None:
    chunks = [
        EvidenceChunk(chunk_id="d#1", document="r.md", heading="Reqs > FR-001: Score claims", requirement_ids=["FR-001"],
                      text="**Statement**: The service SHALL return a risk score for each claim. **Priority**: MUST"),
        EvidenceChunk(chunk_id="d#2", document="r.md", heading="Reqs", requirement_ids=["NFR-P-001"],
                      text="NFR-P-001: Latency - The API shall respond within 300 ms."),
        EvidenceChunk(chunk_id="d#3", document="r.md", heading="Notes", requirement_ids=["FR-001"], text="See FR-001 for scoring."),
    ]
    reqs = group_requirements(chunks)
    assert list(reqs) == ["FR-001", "NFR-P-001"]
    assert reqs["FR-001"].title == "Score claims"
    assert reqs["FR-001"].chunk_ids == ["d#1"]  # d#3 only mentions FR-001
    assert reqs["NFR-P-001"].title == "Latency"
    assert condense(reqs["FR-001"].statement) == "Return a risk score for each claim"

"""The checks a generated section must pass: evidence IDs exist, numbers are supported, output guard."""

from __future__ import annotations

from assistant.drafting.checks import check_section, numbers_in, template_values
from assistant.drafting.evidence import Evidence, EvidencePool
from assistant.strategy import Strategy
from assistant.strategy.schema import Monitoring, Serving

POOL = EvidencePool().add([
    Evidence(id="req#2", text="NFR-P-001: Scoring shall complete within 300 ms at p99.", requirement_ids=("NFR-P-001",)),
    Evidence(id="req#3", text="FR-007: Alert when the population stability index exceeds 0.20; checked weekly.",
             requirement_ids=("FR-007",)),
])


def test_numbers_are_quantities_not_identifiers() -> None:
    assert numbers_in("p99 latency < 300 ms for ML-001 (FR-ML-003, ISO27001), PSI > 0.20") == {"300", "0.2"}
    assert numbers_in("1,000 claims a day, 90/10 split") == {"1000", "90", "10"}


def test_supported_numbers_pass_and_identifiers_are_ignored() -> None:
    section = Serving.model_validate({"performance_requirements": [
        {"metric": "p99 latency (ML-001)", "target": "< 300 ms", "provenance": {"evidence": ["NFR-P-001"]}}]})
    fixed, report = check_section(section, POOL)
    assert report.ok and fixed == section


def test_chunk_ids_and_requirement_ids_both_cite() -> None:
    section = Monitoring.model_validate({"data_drift": [
        {"threshold": "PSI > 0.2", "provenance": {"evidence": ["req#3"]}}]})
    assert check_section(section, POOL)[1].ok


def test_unknown_evidence_id_removed_and_value_marked() -> None:
    section = Monitoring.model_validate({"dashboards": [
        {"dashboard": "Drift board", "audience": "ML team", "provenance": {"evidence": ["FR-404", "FR-007"]}},
        {"dashboard": "Ops board", "provenance": {"evidence": ["FR-405"]}}]})
    fixed, report = check_section(section, POOL)
    assert [v.check for v in report.violations] == ["evidence_id", "evidence_id"]
    assert fixed.dashboards[0].provenance.evidence == ["FR-007"]
    ops = fixed.dashboards[1].provenance
    assert ops.evidence == [] and ops.basis == "assumption" and "FR-405" in ops.rationale


def test_unsupported_number_becomes_open_question() -> None:
    section = Serving.model_validate({"performance_requirements": [
        {"metric": "Throughput", "target": "> 500 requests/s", "provenance": {"evidence": ["NFR-P-001"]}}]})
    fixed, report = check_section(section, POOL)
    (violation,) = report.by_check("number")
    assert "500" in violation.message and "NFR-P-001" in violation.message
    assert fixed.performance_requirements[0].target is None
    assert fixed.performance_requirements[0].metric == "Throughput"
    assert "Target for Throughput" in fixed.open_questions[0].question


def test_fact_with_unsupported_number_is_cleared_with_its_evidence() -> None:
    section = Serving.model_validate({"rollout": {"traffic_split": {"value": "95/5", "provenance": {"evidence": ["FR-007"]}}}})
    fixed, report = check_section(section, POOL)
    assert report.by_check("number") and fixed.rollout.traffic_split.value is None
    assert fixed.rollout.traffic_split.provenance.is_empty()


def test_marked_values_and_template_rows_may_carry_numbers() -> None:
    template = Strategy.new("001", "x").monitoring
    section = template.model_copy(deep=True)
    section.fairness = Monitoring.model_validate({"fairness": [
        {"protected_group": "Age", "threshold": "< 0.1 difference",
         "provenance": {"basis": "recommendation", "rationale": "ICO fairness guidance"}}]}).fairness
    fixed, report = check_section(section, POOL, exempt_values=template_values(template))
    assert report.ok  # "7 days rolling" is the template's own row; 0.1 is a marked recommendation


def test_user_stated_numbers_are_supported() -> None:
    section = Monitoring.model_validate({"data_drift": [{"threshold": "PSI > 0.1", "provenance": {"evidence": ["FR-007"]}}]})
    assert not check_section(section, POOL)[1].ok
    assert check_section(section, POOL, user_numbers={"0.1"})[1].ok


def test_canary_echo_rejects_the_section() -> None:
    section = Monitoring.model_validate({"open_questions": [{"question": "What is EVIDENCE-abc123 about?"}]})
    _, report = check_section(section, POOL, canary="EVIDENCE-abc123")
    assert report.failed and "canary" in report.failed


def test_section_references_are_not_quantities() -> None:
    from assistant.drafting.checks import numbers_in

    assert numbers_in("§11 Model Governance; §1 ML System Overview") == set()
    assert numbers_in("p99 latency 300 ms at 99.5% availability") == {"300", "99.5"}

"""Issue 21 coverage and precision classes on one requirements document written for this test in ArcKit's style
(no real project's text): a nested list item's figure keeps its own item as subject, a flattened list's retention
periods keep their own record types, a feature "assisted" by AI is no model, the running costs a budget states
(never its capital or savings lines), the people a stakeholder table makes accountable, and recovery objectives
that share one label keep what each is for."""

from __future__ import annotations

import pytest

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.drafting.offline.inventory import names_only_a_feature
from assistant.drafting.offline.quantities import extract
from assistant.strategy import Strategy

REQ = """# Requirements: Harbour Permits

## Document Control

| Field | Value |
|-------|-------|
| **Document ID** | ARC-001-REQ-v1.0 |
| **Document Type** | Requirements |
| **Project** | Harbour Permits (Project 001) |
| **Classification** | OFFICIAL |
| **Version** | 1.0 |

## Stakeholders

| Stakeholder | Role | Organization | Involvement Level |
|-------------|------|--------------|-------------------|
| Ada Quayle | Harbour Master | Port Authority | Executive Sponsor, Decision maker |
| TBD | Product Owner | Port Digital | Requirements definition |
| Ben Moor | Legal Counsel | Port Authority | Policy owner, legal review |
| Cara Dock | Head of Permits | Port Authority | Product Owner, Requirements definition |

## Functional Requirements

### FR-001: AI-Assisted Drafting
**Description**: The system must offer AI-assisted drafting of permit conditions for officers to edit.

### FR-002: ML-Assisted Vessel Classification
**Description**: The system must classify vessel types from registration records for permit routing.

## Non-Functional Requirements

### NFR-O-001: Tracing
**Description**: Requests are traced across services.

**Acceptance Criteria**:
- Sampling rate: 1-5% of requests
- Trace retention: 30 days
- Metric retention: 13 months

### NFR-A-001: Disaster Recovery
**RTO (Recovery Time Objective)**: Maximum 1 hour for berth systems; 4 hours for reporting systems

## Data Requirements

### DR-001: Permit Data Products

**Data Products**:

1. **Berth Bookings Data Product**
   - Owner: Berth Domain Owner
   - SLA: 99.9% availability, < 5 min freshness, > 98% completeness

2. **Vessel Movements Data Product**
   - Owner: Movements Domain Owner
   - SLA: 99.5% availability, < 45 sec freshness, > 99% accuracy

## Budget

### Cost Estimate (Capital Expenditure)

| Category | Estimated Cost | Notes |
|----------|----------------|-------|
| Development | £900,000 | Build team |
| Cloud setup | £50,000 | Landing zone |
| **Total CapEx** | **£950,000** | |

### Ongoing Operational Costs (Annual)

| Category | Annual Cost | Notes |
|----------|-------------|-------|
| Cloud Hosting | £120,000 | Compute and storage |
| LLM API usage | £40,000 | Token usage |
| Support staff | £300,000 | Service desk |
| **Total OpEx** | **£460,000/year** | |

### Value Realisation

| Year | Investment | Savings |
|------|------------|---------|
| Year 1 | £1.4M | £2M |
"""


@pytest.fixture(scope="module")
def strategy(tmp_path_factory: pytest.TempPathFactory) -> Strategy:
    folder = tmp_path_factory.mktemp("req")
    (folder / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    drafter = OfflineDrafter(evidence_from_file(folder / "ARC-001-REQ-v1.0.md"), project_name="Harbour Permits",
                             project_id="001", classification="OFFICIAL")
    return drafter.draft()


def test_a_nested_items_figure_is_about_its_own_item_not_the_heading(strategy: Strategy) -> None:
    checks = {row.threshold: row.check or "" for row in strategy.data_pipeline.data_quality_checks if row.threshold}
    assert "Vessel Movements Data Product" in checks["< 45 seconds"]
    assert "Berth Bookings Data Product" in checks["< 5 minutes"]
    assert "Berth" not in checks["< 45 seconds"]


def test_each_record_type_keeps_its_own_retention_period(strategy: Strategy) -> None:
    periods = {row.event or "": row.retention for row in strategy.governance.audit_trail if row.retention}
    assert periods.get("Trace") == "30 days"
    assert periods.get("Metric") == "13 months"
    assert not any(event.startswith(("-", "*")) for event in periods)  # a list marker is no record type


def test_flattened_list_items_keep_their_own_retention_subjects() -> None:
    found = [(q.subject, q.value) for q in extract("- Sampling: 1-5% - Trace retention: 30 days - Log retention: 90 days",
                                                  "c", "e") if q.kind == "retention"]
    assert found == [("Trace", "30"), ("Log", "90")]


@pytest.mark.parametrize(("title", "feature"), [
    ("AI-Assisted Drafting", True),
    ("AI-Powered Search", True),
    ("ML-Assisted Vessel Classification", False),  # a task on something named: the component
    ("AI Case Summarisation", False),
])
def test_an_ai_assisted_feature_is_not_a_model(title: str, feature: bool) -> None:
    assert names_only_a_feature(title) is feature


def test_the_feature_is_not_named_as_a_model_and_its_model_is_asked_for(strategy: Strategy) -> None:
    rows = {m.name: m for m in strategy.model_inventory.models}
    assert "AI-Assisted Drafting" not in rows
    assert "ML-Assisted Vessel Classification" in rows
    behind = rows["Unnamed model behind FR-001 (AI-Assisted Drafting)"]  # the model it uses, not the feature
    assert behind.type == "GenAI" and behind.provenance.evidence == ["FR-001"]
    questions = " ".join(q.question for q in strategy.model_inventory.open_questions)
    assert "FR-001 (AI-Assisted Drafting)" in questions


def test_running_costs_are_stated_with_their_period_and_never_capital_or_savings(strategy: Strategy) -> None:
    rows = {row.component: row.monthly_cost for row in strategy.costs.infrastructure_costs if row.monthly_cost}
    assert rows == {"Cloud Hosting": "£120,000 per year", "LLM API usage": "£40,000 per year"}
    total = strategy.costs.total_monthly_cost
    assert total.value is not None and total.value.startswith("£460,000 per year")
    assert "Total OpEx" in total.value
    assert total.provenance.evidence
    every = " ".join([*(r.monthly_cost or "" for r in strategy.costs.infrastructure_costs), total.value])
    assert "950,000" not in every and "2M" not in every and "300,000" not in every


def test_accountable_stakeholders_are_named_and_placeholders_are_not(strategy: Strategy) -> None:
    named = {row.name: row.role for row in strategy.overview.stakeholders if row.name}
    assert named == {"Ada Quayle (Harbour Master)": "Executive Sponsor, Decision maker",
                     "Cara Dock (Head of Permits)": "Product Owner, Requirements definition"}
    assert all(row.provenance.evidence for row in strategy.overview.stakeholders if row.name)


def test_objectives_sharing_one_label_each_keep_what_they_are_for(strategy: Strategy) -> None:
    targets = {row.metric or "": row.target for row in strategy.serving.performance_requirements}
    rto = {metric: target for metric, target in targets.items() if metric.startswith("RTO")}
    assert len(rto) == 2
    assert any("berth systems" in m and t and t.endswith("1 hours") for m, t in rto.items())
    assert any("reporting systems" in m and t == "4 hours" for m, t in rto.items())

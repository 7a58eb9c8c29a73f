"""Issue 21 coverage classes on one requirements document written for this test in ArcKit's style (no real
project's text): a unit-cost cap the requirements set ("Cost per enquiry: < £0.40") is a section 9 cost target,
while a baseline or an uncapped estimate is not; a data model entity's "Data Retention" line keeps that entity's
records as its record type."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.drafting.offline.authority import counted_size
from assistant.strategy import Strategy

REQ = """# Requirements: Lighthouse Enquiries

## Document Control

| Field | Value |
|-------|-------|
| **Document ID** | ARC-001-REQ-v1.0 |
| **Document Type** | Requirements |
| **Project** | Lighthouse Enquiries (Project 001) |
| **Classification** | OFFICIAL |
| **Version** | 1.0 |

## Functional Requirements

### FR-001: Drafted Replies
**Description**: The system MUST use Azure OpenAI GPT-4o to draft replies to keeper enquiries for staff to approve.

## Business Requirements

### BR-001: Lower Handling Cost
**Success Measures**:
- **Cost per enquiry**: < £0.40 (assistant) vs. £6 (phone line)
- **Cost per letter**: £3 today

## Unit Economics

| Measure | Target (steady state) |
|---------|-----------------------|
| Cost per active keeper per month | ≤ £2/month/keeper |

## Data Requirements

### Data Entities

#### Entity 1: Enquiry

**Description**: A keeper's question and its reply.

**Data Retention**: 4 years, then automatic deletion

#### Entity 2: Keeper Account

**Data Retention**: 2 years after last sign-in
"""


@pytest.fixture(scope="module")
def strategy(tmp_path_factory: pytest.TempPathFactory) -> Strategy:
    folder = tmp_path_factory.mktemp("req")
    (folder / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    drafter = OfflineDrafter(evidence_from_file(folder / "ARC-001-REQ-v1.0.md"), project_name="Lighthouse Enquiries",
                             project_id="001", classification="OFFICIAL")
    return drafter.draft()


def test_a_unit_cost_cap_is_a_cost_target_and_a_baseline_is_not(strategy: Strategy) -> None:
    assert strategy.genai.applies
    stated = {row.metric: row.target for row in strategy.genai.cost_optimization if row.provenance.basis == "evidence"}
    assert stated == {"Cost per enquiry": "< £0.40 per enquiry",
                      "Cost per active keeper per month": "≤ £2 per active keeper per month"}  # a table's row
    row = next(r for r in strategy.genai.cost_optimization if r.metric == "Cost per enquiry")
    assert row.provenance.evidence
    every = " ".join(str(r.target or "") for r in strategy.genai.cost_optimization)
    assert "£6" not in every and "£3" not in every  # the phone line's cost and an uncapped figure set no target


def test_an_entitys_retention_line_is_that_entitys_period(strategy: Strategy) -> None:
    periods = {row.event or "": row.retention for row in strategy.governance.audit_trail if row.retention}
    assert periods.get("Enquiry") == "4 years"
    assert periods.get("Keeper Account") == "2 years"


@pytest.mark.parametrize(("name", "size"), [
    ("4,200 Buoy Beacons", "4,200 beacons"),
    ("12 Tide Gauges", "12 gauges"),
    ("Harbour Booking System", None),
    ("24/7 Pilot Desk", None),
    ("GPT-4 Outputs", None),
])
def test_a_source_named_by_its_count_states_its_size(name: str, size: str | None) -> None:
    assert counted_size(name) == size


PRINCIPLES = """# Architecture Principles

## Document Control

| Field | Value |
|-------|-------|
| **Document ID** | ARC-000-PRIN-v1.0 |
| **Document Type** | Architecture Principles |
| **Classification** | OFFICIAL |
| **Version** | 1.0 |

## Principle 5: Observability

**Log Retention**:
- **Application logs**: 60 days for troubleshooting
- **Keeper Account**: 9 years
- **Lamp logs**: 25 years
"""


def test_the_principles_set_operational_records_periods_the_project_does_not(tmp_path: Path) -> None:
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    (tmp_path / "ARC-000-PRIN-v1.0.md").write_text(PRINCIPLES, encoding="utf-8")
    evidence = [*evidence_from_file(tmp_path / "ARC-001-REQ-v1.0.md"), *evidence_from_file(tmp_path / "ARC-000-PRIN-v1.0.md")]
    drafted = OfflineDrafter(evidence, project_name="Lighthouse Enquiries", project_id="001",
                             classification="OFFICIAL").draft()
    periods = {row.event or "": row.retention for row in drafted.governance.audit_trail if row.retention}
    assert periods.get("Application logs") == "60 days"  # an operational record the requirements leave open
    assert periods.get("Keeper Account") == "2 years"  # the project's own period, not the principles'
    assert periods.get("Lamp logs") == "25 years"  # a log: operational
    assert not any(period == "9 years" for period in periods.values())

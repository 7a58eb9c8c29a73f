"""Classes of drafting error a blind census of real drafted cells found (session 12), each on a small ArcKit
project written for this test (no real project's text): a period counted from an event or left open is printed
whole; a row is never made for a period whose label names no records; a latency that states its percentile in
its own words is labelled by it; a system that only calls a hosted model keeps no model code or training data
in the code host its CI names."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.drafting.offline.authority import period_bounds, period_part
from tests.drafting.arckit_snippets import document_control

REQ = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Functional Requirements

### FR-001: Parcel assistant
**Description**: The assistant answers couriers' questions with a large language model (GPT-4o) called through the
Azure OpenAI API. The model will not be fine-tuned.

## Non-Functional Requirements

### NFR-P-001: Assistant Response Latency
**Acceptance Criteria**:
- p50 latency: < 300ms
- p99 latency: < 2000ms

### NFR-D-001: Data Retention
| Data Type | Retention Period |
|-----------|------------------|
| Depot records | Lifetime of depot + 6 years |
| Courier complaints | 2 years to indefinite for litigated cases |
| Courier verification | Outcome retained for contract life; raw response 24 hours |

### NFR-D-002: Records
Data retained for 30 days after a courier leaves.

## Delivery

### NFR-M-001: Pipelines
**Description**: Code is built and deployed by GitHub Actions.
"""


def _draft(tmp_path: Path, text: str = REQ):
    path = tmp_path / "ARC-001-REQ-v1.0.md"
    path.write_text(text, encoding="utf-8")
    return OfflineDrafter(evidence_from_file(path), project_name="Parcel Routing", project_id="001",
                          classification="OFFICIAL").draft()


def test_a_period_counted_from_an_event_or_left_open_is_printed_whole(tmp_path: Path) -> None:
    assert period_bounds("Depot records | Lifetime of depot + 6 years", "6", "years") == ("Lifetime of depot +", "")
    assert period_bounds("Complaints: 2 years to indefinite", "2", "years") == ("", "to indefinite")
    assert period_bounds("Incident records: 7 years", "7", "years") == ("", "")
    kept = {r.event: r.retention for r in _draft(tmp_path).governance.audit_trail if r.retention}
    assert kept.get("Depot records") == "Lifetime of depot + 6 years"
    assert kept.get("Courier complaints") == "2 years to indefinite"


def test_a_period_for_one_part_of_a_record_names_that_part(tmp_path: Path) -> None:
    assert period_part("Outcome retained for contract life; raw response 24 hours", "24", "hours") == "raw response"
    assert period_part("Archive 14 days; record 12 months", "12", "months") == ""  # "record" names nothing more
    assert period_part("Retained 7 years", "7", "years") == ""
    kept = {r.event: r.retention for r in _draft(tmp_path).governance.audit_trail if r.retention}
    assert kept.get("Courier verification (raw response)") == "24 hours"
    assert "Courier verification" not in kept


def test_a_period_whose_label_names_no_records_makes_no_row(tmp_path: Path) -> None:
    events = {r.event for r in _draft(tmp_path).governance.audit_trail}
    assert "Data" not in events


def test_a_latency_naming_its_percentile_in_its_own_words_is_labelled_by_it(tmp_path: Path) -> None:
    rows = {r.metric: r.target for r in _draft(tmp_path).serving.performance_requirements}
    assert "Latency (percentile not stated)" not in rows
    assert rows.get("P50 latency") == "< 300 ms"
    assert rows.get("P99 latency") == "< 2000 ms"


def test_a_system_that_calls_a_hosted_model_keeps_no_model_code_in_its_ci_host(tmp_path: Path) -> None:
    strategy = _draft(tmp_path)
    hosted = {r.artifact: r.repository for r in strategy.cicd.source_control}
    assert hosted.get("Config/params") == "GitHub"
    assert hosted.get("Model code") is None and hosted.get("Training pipelines") is None
    assert hosted.get("Data (DVC)") is None
    assert any("prompts" in q.question for q in strategy.cicd.open_questions)


AVAILABILITY = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Functional Requirements

### FR-007: Emergency Priority Access
**Acceptance Criteria**:
- 99.99% availability SLA for emergency dispatch endpoints (higher than the public API)

## Non-Functional Requirements

### NFR-A-001: Platform Availability
**Description**: Achieve 99.95% platform availability for depot operations.
"""


def test_an_availability_stated_for_one_part_is_not_the_systems(tmp_path: Path) -> None:
    rows = {r.metric: r.target for r in _draft(tmp_path, AVAILABILITY).serving.performance_requirements}
    assert rows.get("Availability") == "99.95%"
    assert rows.get("Availability: emergency dispatch endpoints") == "99.99%"


RECOVERY = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Non-Functional Requirements

### NFR-A-003: Recovery objectives per tier
**Requirement**: Objectives defined and tested per agent; default Tier-3 RTO ≤ 4 hours, RPO ≤ 15 minutes; Tier-2 RTO
≤ 8 hours, RPO ≤ 1 hour.
"""


def test_a_figure_listed_after_another_shares_its_scope(tmp_path: Path) -> None:
    rows = {r.metric: r.target for r in _draft(tmp_path, RECOVERY).serving.performance_requirements}
    # each tier's RPO is a row of its own, not one row named after the requirement holding the first RPO only
    assert rows.get("Default Tier-3 RPO") == "≤ 15 minutes"
    assert rows.get("Tier-2 RPO") == "≤ 1 hours"

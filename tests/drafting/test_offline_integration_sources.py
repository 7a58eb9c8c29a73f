"""Section 3's data sources on a small ArcKit project written for this test (no real project's text): the
systems the requirements' inbound integrations read from are listed with the cadence the requirement states;
an integration that only sends data out is not a source, and no cadence is guessed where none is stated."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from tests.drafting.arckit_snippets import document_control

REQ = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Functional Requirements

### FR-001: Delay scoring model
**Description**: The system uses a classification model to score each parcel route for delay risk.

## Integration Requirements

### INT-001: Carrier Tracking Integration
**Purpose**: Receive tracking events from the carrier platform.
**Integration Type**: Batch file transfer
**Data Exchanged**:
- **From Carrier Tracking to Routing**: Tracking events (daily batch), depot codes

### INT-002: Courier Notification Service
**Purpose**: Send delivery notices to couriers.
**Integration Type**: Outbound API

### INT-003: Road Closure Register
**Purpose**: Retrieve planned road closures for route planning.
**Integration Type**: Real-time API
"""


def test_inbound_integrations_are_sources_with_their_stated_cadence(tmp_path: Path) -> None:
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    evidence = evidence_from_file(tmp_path / "ARC-001-REQ-v1.0.md")
    strategy = OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001",
                              classification="OFFICIAL").draft()
    rows = {r.source: r for r in strategy.data_pipeline.training_sources}
    assert "Courier Notification Service" not in rows
    assert rows["Carrier Tracking"].update_frequency == "Daily"
    assert rows["Carrier Tracking"].provenance.basis == "evidence"
    assert "INT-001" in rows["Carrier Tracking"].provenance.evidence
    assert rows["Road Closure Register"].update_frequency is None


def test_a_cadence_the_template_cannot_say_is_kept_in_the_sources_words() -> None:
    from assistant.drafting.offline.authority import frequency_class, stated_frequency

    assert frequency_class("Tracking events (daily batch)") == "Daily"
    assert frequency_class("Readings every 10 minutes") is None  # neither real-time nor hourly
    assert frequency_class("Incidents in real time, roadworks hourly") is None  # two data, two cadences
    assert frequency_class("Daily sync by 06:00; urgent fixes within 1 hour") == "Daily"  # a deadline is no cadence

    # The row says what the requirement says rather than a class that is wrong for part of the data.
    assert stated_frequency("Tracking events (daily batch)") == "Daily"
    assert stated_frequency("readings every 10 minutes, forecasts hourly") == "Readings every 10 minutes, forecasts hourly"
    assert stated_frequency(None) is None

"""Inbound integration requirements are data sources, with the cadence the requirement states (text written for
this test, not taken from any real project)."""

from __future__ import annotations

from assistant.facts import DataSourceFact, extract_document_facts

CONTROL = """# Requirements

| Field | Value |
|---|---|
| **Document ID** | ARC-001-REQ-v1.0 |
| **Document Type** | Business and Technical Requirements |
| **Classification** | OFFICIAL |

"""

REQ = CONTROL + """## Integration Requirements

### INT-001: Tidewater Gauge Feed

**Purpose**: Receive tide gauge readings from the harbour telemetry service.

**Integration Type**: API-based

**Data Exchanged**:
- **From Tidewater Gauge to Portal**: Gauge readings, station metadata
- **From Portal to Tidewater Gauge**: None (read-only)

**Frequency**: Readings every 10 minutes, metadata refreshed weekly

**Priority**: MUST_HAVE

### INT-002: Mailer Service Integration

**Purpose**: Send notification emails to subscribers.

**Integration Type**: Outbound API

**Data Exchanged**:
- **From Portal to Mailer**: Messages
- **From Mailer Service to Portal**: Delivery receipts

### INT-003: Berth Booking System Integration

**Purpose**: Integrate with the berth booking system for vessel schedules.

**Integration Type**: Real-time API + Event-driven

**Data Exchanged**:
- **From Berth Booking to Portal**: Vessel arrivals, berth allocations

**SLA**: API response < 400ms p95; Schedule delivery < 2 minutes; 99.5% availability

### INT-004: Pilotage Register

**Purpose**: Look up licensed pilots.

**Integration Type**: One-way (Pilotage Register to Portal) via secure API

### INT-005: Customs Reporting Feed

**Purpose**: Share arrivals with the customs agency.

**Integration Type**: One-way (Portal to Customs Agency)

### INT-006: Chart Archive

**Purpose**: Pull historical charts from the chart archive.

**Integration Type**: Real-time API

### INT-007: Vessel Position Data

**Description**: Integrate with vessel tracking operators for live positions.

**Integration Type**: One-way (Tracking Operators to Portal) with potential for bi-directional expansion

### INT-008: Coastguard Incident Systems Integration

**Description**: Integrate with coastguard systems for bi-directional incident data exchange.

**Frequency**: Real-time push notifications
"""


def _sources(text: str = REQ) -> dict[str, DataSourceFact]:
    facts = extract_document_facts(text, "ARC-001-REQ-v1.0.md").facts
    return {f.name: f for f in facts if isinstance(f, DataSourceFact) and f.via == "integration"}


def test_only_integrations_that_bring_data_in_are_sources() -> None:
    sources = _sources()
    # received, read from its data-exchange line, one-way towards us: sources; sending mail or one-way out: not
    assert set(sources) == {"Tidewater Gauge Feed", "Berth Booking System", "Pilotage Register", "Chart Archive",
                            "Tracking Operators (Vessel Position Data)", "Coastguard Incident Systems"}
    assert all(s.asserted and s.source.requirement_id for s in sources.values())
    assert sources["Berth Booking System"].source.requirement_id == "INT-003"


def test_cadence_is_the_requirements_own_statement_for_the_inbound_data() -> None:
    sources = _sources()
    assert sources["Tidewater Gauge Feed"].frequency == "Readings every 10 minutes, metadata refreshed weekly"
    # the SLA's delivery clause, not its response time or availability
    assert sources["Berth Booking System"].frequency == "Schedule delivery < 2 minutes"
    # "Real-time API" says how calls are made, not how often data is refreshed: no cadence rather than a guess
    assert sources["Chart Archive"].frequency is None
    assert sources["Pilotage Register"].frequency is None
    # data both ways: the Frequency field may be the outbound flow's, so it is not the source's cadence
    assert sources["Coastguard Incident Systems"].frequency is None


def test_a_cadence_beside_the_inbound_exchange_line_is_used() -> None:
    text = REQ.replace("Gauge readings, station metadata", "Gauge readings (hourly batch), station metadata").replace(
        "**Frequency**: Readings every 10 minutes, metadata refreshed weekly\n", "")
    # the item that states it, not the whole line (other items may come at other cadences)
    assert _sources(text)["Tidewater Gauge Feed"].frequency == "Gauge readings (hourly batch)"


def test_integrations_outside_a_requirements_document_are_not_read() -> None:
    other = REQ.replace("ARC-001-REQ-v1.0", "ARC-001-DATA-v1.0").replace(
        "Business and Technical Requirements", "Data Model")
    facts = extract_document_facts(other, "ARC-001-DATA-v1.0.md").facts
    assert not [f for f in facts if isinstance(f, DataSourceFact) and f.via == "integration"]

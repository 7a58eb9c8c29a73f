"""What a clause's structure says a fact is about (issue 21), on passages written for these tests in ArcKit's
style (no real project's text): a nested list item's figure belongs to the item above it, a retention table's row
names the record type its period is for, and a stakeholder table names who is accountable."""

from __future__ import annotations

from assistant.facts import QuantityFact, RetentionFact, StakeholderFact, extract_document_facts
from assistant.facts.text import walk

PRODUCTS = """## DR-002: Port Data Products

1. **Berth Bookings Data Product**
   - Owner: Berth Domain Owner
   - SLA: 99.9% availability, < 5 min freshness, > 98% completeness

2. **Vessel Movements Data Product**
   - SLA: 99.5% availability, < 45 sec freshness
"""


def test_a_nested_item_knows_the_item_it_is_nested_under() -> None:
    parents = {c.text: c.parent for c in walk(PRODUCTS)[0] if c.text.startswith("- SLA")}
    assert list(parents.values()) == ["Berth Bookings Data Product", "Vessel Movements Data Product"]


def test_chunked_text_without_indentation_keeps_the_numbered_item_as_parent() -> None:
    flattened = "\n".join(line.strip() for line in PRODUCTS.splitlines() if line.strip())
    parents = [c.parent for c in walk(flattened)[0] if c.text.startswith("- SLA")]
    assert parents == ["Berth Bookings Data Product", "Vessel Movements Data Product"]


def test_a_paragraph_at_the_margin_ends_the_list() -> None:
    text = "1. **Berth Bookings**\n   - Owner: A\n\nThe SLA below applies to all.\n\n- SLA: < 5 min freshness\n"
    assert [c.parent for c in walk(text)[0] if c.text.startswith("- SLA")] == [""]


def test_a_nested_data_quality_figure_names_its_own_item() -> None:
    doc = extract_document_facts(PRODUCTS, "ARC-001-REQ-v1.0.md")
    fresh = {f.value: f.subject for f in doc.facts if isinstance(f, QuantityFact) and f.metric == "data_quality"}
    assert fresh["45"].startswith("Vessel Movements Data Product")
    assert fresh["5"].startswith("Berth Bookings Data Product")


RETENTION = """## DR-003: Retention Policy

| Data Type | Classification | Retention Period |
|-----------|----------------|------------------|
| Raw AIS positions | OFFICIAL-SENSITIVE | 24 hours |
| Berth invoices | OFFICIAL | 7 years |
| Login records | OFFICIAL | Session: short-lived; security audit: 12 months |

## Classification Summary

| Classification | Examples | Retention |
|----------------|----------|-----------|
| OFFICIAL | Bookings | 7 years |

## Backup and Recovery

| Data Category | Backup Frequency | Retention |
|---------------|------------------|-----------|
| Booking data | Daily | 30 days |

## NFR-O-002: Tracing

- Sampling rate: 1-5% of requests
- Trace retention: 30 days

Logs are reviewed by the service desk and retained for 2 years.
"""


def test_record_types_come_from_the_structure_that_states_them() -> None:
    doc = extract_document_facts(RETENTION, "ARC-001-REQ-v1.0.md")
    found = {(f.record_type, f.value, f.unit) for f in doc.facts if isinstance(f, RetentionFact)}
    assert ("Raw AIS positions", "24", "hours") in found
    assert ("Berth invoices", "7", "years") in found
    assert ("Login records (security audit)", "12", "months") in found  # the period's own label in its cell
    assert ("Booking data backups", "30", "days") in found  # a backup schedule keeps backups
    assert ("Trace", "30", "days") in found
    assert not any(record.startswith("OFFICIAL") for record, _, _ in found)  # a marking is no record type
    prose = [f for f in doc.facts if isinstance(f, RetentionFact) and f.value == "2"]
    assert prose and prose[0].record_type == ""  # prose names no record type by its structure


ENTITIES = """## Data Requirements

### Data Entities

#### Entity 1: Berth Booking

**Description**: A vessel's reservation of a berth.

**Data Retention**: 6 years after departure, then deletion

#### E-002: Pilot Log

**Data Retention**: 18 months

#### Entity 3: Tide Tables

**Data Retention**: Current tables retained indefinitely; replaced tables archived for 3 years

## Data Governance

**Data Retention**: 3 years
"""


def test_an_entity_sections_retention_line_keeps_the_entitys_records() -> None:
    doc = extract_document_facts(ENTITIES, "ARC-001-REQ-v1.0.md")
    found = {(f.record_type, f.value, f.unit) for f in doc.facts if isinstance(f, RetentionFact)}
    assert ("Berth Booking", "6", "years") in found
    assert ("Pilot Log", "18", "months") in found
    assert ("Tide Tables (replaced tables)", "3", "years") in found  # the period's own records, named before it
    assert ("Data", "3", "years") in found  # outside an entity the generic label stays generic


STAKEHOLDERS = """## Stakeholders

| Stakeholder | Role | Organization | Involvement Level |
|-------------|------|--------------|-------------------|
| Ada Quayle | Harbour Master | Port Authority | Executive Sponsor, Decision maker |
| TBD | Product Owner | Port Digital | Requirements definition |
| Ben Moor | Legal Counsel | Port Authority | Policy owner |
| Cara Dock | Senior Responsible Owner (SRO) | Port Authority | Programme board |
"""


def test_the_accountable_people_of_a_stakeholder_table() -> None:
    doc = extract_document_facts(STAKEHOLDERS, "ARC-001-REQ-v1.0.md")
    people = {f.name: (f.role, f.title) for f in doc.facts if isinstance(f, StakeholderFact)}
    assert people == {"Ada Quayle": ("Executive Sponsor, Decision maker", "Harbour Master"),
                      "Cara Dock": ("Senior Responsible Owner (SRO)", "Senior Responsible Owner (SRO)")}


ATRS_RECORD = """# Algorithmic Transparency Record: Harbour Assistant

### 1.2 - Team
**Responsible Team**: Port Digital AI Team
**Team Function**: Builds and runs the assistant

### 1.3 - Senior Responsible Owner
**SRO Name**: [To be confirmed]
**SRO Role**: Chief Harbour Officer, Port Authority
"""


def test_a_transparency_records_sro_role_and_responsible_team_are_accountable() -> None:
    doc = extract_document_facts(ATRS_RECORD, "ARC-001-ATRS-v1.0.md")
    found = {(f.name, f.role) for f in doc.facts if isinstance(f, StakeholderFact)}
    assert found == {("Port Digital AI Team", "Responsible team"),
                     ("Chief Harbour Officer, Port Authority", "Senior Responsible Owner")}  # no placeholder name
    other = extract_document_facts(ATRS_RECORD, "ARC-001-REQ-v1.0.md")
    assert not [f for f in other.facts if isinstance(f, StakeholderFact)]  # only a transparency record's fields


BACKUPS = """## NFR-A-004: Backups

- Nightly snapshot: Retained for 30 days
- Quarterly archive: Kept for 5 years
- Backup retention: 6 years for ledger data; 45 days for working copies
- Retention: 9 years
"""


def test_a_labelled_item_that_is_kept_and_each_period_for_its_own_records() -> None:
    doc = extract_document_facts(BACKUPS, "ARC-001-REQ-v1.0.md")
    found = {(f.record_type, f.value, f.unit) for f in doc.facts if isinstance(f, RetentionFact)}
    assert ("Nightly snapshot", "30", "days") in found
    assert ("Quarterly archive", "5", "years") in found
    assert ("ledger data backups", "6", "years") in found  # a backup line's periods are backups'
    assert ("working copies backups", "45", "days") in found
    assert ("", "9", "years") in found  # a bare "Retention" label names no record type


LEAD_LIST = """## NFR-C-009: Logs

**Retention**:

- Security logs: >= 12 months
- Application logs: >= 90 days

**Data Retention**:
- Live permits: Until expiry + 6 years
- Old accounts: Deleted 2 years after last login

The service desk sends summaries.

- Review cycle: 5 years
- Storage limitation: Original plates deleted after 24 hours
"""


def test_a_list_under_a_retention_lead_keeps_each_items_records() -> None:
    doc = extract_document_facts(LEAD_LIST, "ARC-001-REQ-v1.0.md")
    found = {(f.record_type, f.value, f.unit) for f in doc.facts if isinstance(f, RetentionFact)}
    assert {("Security logs", "12", "months"), ("Application logs", "90", "days"), ("Live permits", "6", "years"),
            ("Old accounts", "2", "years")} <= found
    assert not any(value == "5" for _, value, _ in found)  # a paragraph ended the lead's list
    assert ("", "24", "hours") in found  # the value names its records: the label is a principle, no record type


DENIED = """## Data Categories

| Data category | Retention |
|---|---|
| Drafting context (transient) | Transient - not retained by the provider; held in the event log for 90 days |
| Booking data | Retained for 6 years |
"""


def test_a_denied_keeping_states_no_period_for_its_row() -> None:
    doc = extract_document_facts(DENIED, "ARC-001-DPIA-v1.0.md")
    found = {(f.record_type, f.value, f.unit) for f in doc.facts if isinstance(f, RetentionFact)}
    assert found == {("Booking data", "6", "years")}  # the 90 days are the event log's, not the context's

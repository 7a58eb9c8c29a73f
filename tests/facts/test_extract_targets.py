"""Model targets, data-quality thresholds and audit cadences in the facts layer, on passages written for these
tests in ArcKit's style (no real project's text)."""

from __future__ import annotations

from assistant.facts import CadenceFact, DocumentFacts, QuantityFact, extract_document_facts, qualify


def _quantities(doc: DocumentFacts, metric: str | None = None) -> list[QuantityFact]:
    return [f for f in doc.facts if isinstance(f, QuantityFact) and (metric is None or f.metric == metric)]


def test_acceptance_criteria_boxes_are_criteria_not_choices() -> None:
    text = ("### FR-004: Parcel label reader\n\n**Description**: An OCR model reads parcel labels.\n\n"
            "**Acceptance Criteria**:\n- [ ] Given a scanned label, when the reader runs, then precision >88%\n\n"
            "**Groups considered**:\n- [ ] Gender (not relevant to label reading)\n- [ ] Precision >50% on handwriting\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    precision = {f.value: f for f in _quantities(doc, "precision")}
    assert precision["88"].asserted and precision["88"].checked is None
    # Outside a criteria list an empty box is still an unselected option.
    assert precision["50"].checked is False and not precision["50"].asserted


def test_criteria_heading_scopes_its_list_only() -> None:
    text = ("### Acceptance Criteria\n- [ ] Recall >72% on the weekly sample\n\n"
            "### Options\n- [ ] Recall >60% with the smaller model\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    recall = {f.value: f.asserted for f in _quantities(doc, "recall")}
    assert recall == {"72": True, "60": False}


def test_data_quality_section_figures_are_data_quality_with_their_subject() -> None:
    text = ("### Data Quality Requirements\n\n"
            "**Data Accuracy**: <0.5% error rate for depot addresses, checked at entry\n\n"
            "**Data Timeliness**: Scan events loaded within 6 hours of capture\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    found = {(f.comparator, f.value, f.unit): f.subject for f in _quantities(doc, "data_quality")}
    assert set(found) == {("<", "0.5", "%"), ("≤", "6", "hours")}
    assert "depot addresses" in found[("<", "0.5", "%")]
    assert "Scan events loaded" in found[("≤", "6", "hours")]
    assert not _quantities(doc, "error_rate")  # the data's error rate is no model metric


def test_data_requirement_dimensions_but_not_service_levels_or_cadences() -> None:
    text = ("### DR-003: Depot telemetry\n\n**Quality Rules**:\n"
            "- Completeness: >= 97% of depots reporting every 10 minutes\n"
            "- SLA: 99.5% availability, < 3 min freshness\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    dq = {(f.value, f.unit) for f in _quantities(doc, "data_quality")}
    assert dq == {("97", "%"), ("3", "minutes")}  # "every 10 minutes" is how often depots report
    assert [f.value for f in _quantities(doc, "availability")] == ["99.5"]


def test_benchmark_column_is_a_baseline_not_a_target() -> None:
    text = ("### 7.1 - Model Performance\n\n| Metric | Target Value | Benchmark |\n|---|---|---|\n"
            "| **Recall** (% parcels routed) | >93% | Manual desk ~91% |\n")
    doc = extract_document_facts(text, "ARC-001-ATRS-v1.0.md")
    roles = {f.value: f.role for f in _quantities(doc, "recall")}
    assert roles == {"93": "target", "91": "baseline"}


def test_bias_audit_cadence_is_a_fact_and_an_unticked_one_is_not_asserted() -> None:
    text = ("### Bias Mitigation\n\n- [x] Bias testing across age groups, run quarterly\n"
            "- [ ] Monthly bias audits (recommended during beta)\n- Budget reviewed quarterly by finance\n")
    doc = extract_document_facts(text, "ARC-001-AIPB-v1.0.md")
    cadences = [f for f in doc.facts if isinstance(f, CadenceFact)]
    asserted = {(f.value, f.asserted) for f in cadences if "bias" in f.activity.lower()}
    assert asserted == {("quarterly", True), ("monthly", False)}
    assert any(f.value == "quarterly" and "finance" in f.activity for f in cadences)


def test_a_list_of_alternatives_is_not_a_decision() -> None:
    text = "- Teams choose between: commercial API, self-hosted open models, or sovereign options\n"
    at = text.index("self-hosted")
    assert qualify(text, at, at + len("self-hosted")).conditional


def test_document_owner_is_read_unless_a_placeholder() -> None:
    def owner(value: str) -> str | None:
        text = ("# Requirements\n\n## Document Control\n\n| Field | Value |\n|---|---|\n"
                f"| **Document ID** | ARC-001-REQ-v1.0 |\n| **Owner** | {value} |\n\n## Scope\n\nText.\n")
        return extract_document_facts(text, "ARC-001-REQ-v1.0.md").info.owner

    assert owner("Head of Parcel Data") == "Head of Parcel Data"
    assert owner("[OWNER_NAME_AND_ROLE]") is None
    assert owner("PENDING") is None


def test_times_listed_under_a_response_time_requirement_are_latencies_of_their_items() -> None:
    text = ("#### NFR-P-004: Response Time\n\n**Requirement**:\n"
            "- Dispatcher console: <1 second for switching incidents\n"
            "- Route lookups: <250ms (95th percentile)\n"
            "- Manifest build: Complete within 5 minutes per depot\n\n"
            "**Load Conditions**:\n- Peak burst: 4x normal for 10 minutes\n\n"
            "#### NFR-P-005: Nightly Jobs\n\n- Depot export: <2 hours\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    found = {(f.subject, f.comparator, f.value, f.unit) for f in _quantities(doc, "latency")}
    # a load condition's duration is no target, and a title that names no response time makes none of its list
    assert found == {("Dispatcher console", "<", "1", "seconds"), ("Route lookups", "<", "250", "ms"),
                     ("Manifest build", "≤", "5", "minutes")}


def test_a_parenthesis_that_excludes_part_of_the_subject_does_not_deny_the_figure() -> None:
    text = ("#### NFR-P-006: Interactive Response Time\n\n"
            "- Booking API response time (writes excluding payment): < 900 ms p95\n"
            "- Refund API response time excluding < 4 seconds\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    asserted = {f.value: f.asserted for f in _quantities(doc, "latency")}
    assert asserted["900"] is True
    assert asserted["4"] is False  # a negation outside any parenthesis still denies


def test_percentages_listed_under_an_availability_requirement_are_the_tiers_availability() -> None:
    text = ("#### NFR-A-004: Availability Target\n\n**Requirement**: Tiered by criticality:\n"
            "- **Core** (routing, dispatch): 99.9% during depot hours\n"
            "- **Important** (delay scoring model, manifests): 99.5%\n\n"
            "#### NFR-Q-001: Manifest Quality\n\n- **Depot codes** (all depots): 98%\n")
    doc = extract_document_facts(text, "ARC-001-REQ-v1.0.md")
    found = {(f.subject, f.value) for f in _quantities(doc, "availability")}
    # the bold label keeps the parenthesis that says what it covers; a title naming no availability makes none
    assert found == {("Core (routing, dispatch)", "99.9"), ("Important (delay scoring model, manifests)", "99.5")}

"""The offline drafter's last precision pass: template practice is labelled, unstated values are removed."""

from __future__ import annotations

from assistant.drafting.offline.claims import TEMPLATE_RULE, audit, passage_lookup, stated_in
from assistant.drafting.offline.evidence import EvidenceChunk
from assistant.strategy import Provenance, Strategy
from assistant.strategy.schema import ExplainabilityRow, PerformanceMetricRow


def _chunk(text: str, chunk_id: str = "doc:1:00001", req: str | None = None) -> EvidenceChunk:
    return EvidenceChunk(chunk_id=chunk_id, document="ARC-001-REQ-v1.0.md", text=text,
                         heading=f"{req}: x" if req else "", requirement_ids=[req] if req else [])


def test_numbers_are_compared_by_value_with_their_magnitude_words() -> None:
    assert stated_in("£4.8M per year", ["The annual budget is £4,800,000."])
    assert stated_in("< 2 s", ["Responses within 2 seconds at p95."])
    assert not stated_in("30%", ["Accuracy of at least 95% on the test set."])
    assert not stated_in("99.9%", ["Availability 99.5% in business hours"])


def test_a_unit_written_against_the_figure_still_states_it() -> None:
    assert stated_in("< 450 ms", ["- Booking gateway: <450ms (95th percentile)"])
    assert stated_in("20 GB", ["Nightly export of up to 20GB per depot"])
    assert not stated_in("< 450 ms", ["- Booking gateway: <45ms (95th percentile)"])
    assert stated_in("4.8M", ["4.8M parcels a year"])  # a magnitude letter with no letter after it


def test_a_word_the_passage_rules_out_is_not_stated() -> None:
    passage = "Explanations use retrieved passages (not SHAP/LIME, as those are for discriminative models)."
    assert not stated_in("SHAP", [passage])
    assert stated_in("Retrieved passages", [passage])
    assert not stated_in("Great Expectations", ["Data is validated against the schema."])


def test_untouched_template_rows_are_labelled_as_the_templates_practice() -> None:
    strategy = Strategy.new("001", "Demo")
    counts = audit(strategy, passage_lookup([]))
    testing = strategy.cicd.automated_testing
    assert testing and all(r.provenance.basis == "recommendation" for r in testing)
    assert testing[0].provenance.rationale == TEMPLATE_RULE
    assert counts["template_practice"] >= len(testing)


def test_a_template_row_citing_a_requirement_is_still_the_templates_practice() -> None:
    strategy = Strategy.new("001", "Demo")
    row = strategy.cicd.automated_testing[0]
    row.provenance = Provenance.of("FR-001")
    audit(strategy, passage_lookup([_chunk("FR-001: The system shall be tested.", req="FR-001")]))
    assert row.provenance.basis == "recommendation" and row.provenance.evidence == ["FR-001"]


def test_a_value_its_citation_does_not_state_is_removed_and_the_rest_kept() -> None:
    strategy = Strategy.new("001", "Demo")
    chunk = _chunk("NFR-P-001: Answers are 95% accurate on the monthly audit set.", req="NFR-P-001")
    strategy.monitoring.performance_metrics = [
        PerformanceMetricRow(metric="Accuracy", baseline="30%", critical="< 95%", provenance=Provenance.of("NFR-P-001"))
    ]
    strategy.responsible_ai.explainability = [
        ExplainabilityRow(model="Chatbot", method="SHAP", output="Answers", provenance=Provenance.of("NFR-P-001"))
    ]
    counts = audit(strategy, passage_lookup([chunk]), sections=[7])
    row = strategy.monitoring.performance_metrics[0]
    assert row.baseline is None and row.critical == "< 95%"
    # Section 12 was not asked for, so its (unsupported) row is left alone.
    assert strategy.responsible_ai.explainability[0].method == "SHAP"
    assert counts["removed"] == 1


def test_a_name_first_written_in_a_placeholder_and_then_stated_is_stated() -> None:
    passage = ("**SRO Name**: [To be confirmed - Harbour Director of Pilotage]\n"
               "**SRO Role**: Director of Pilotage, Harbour Board\n")
    assert stated_in("Director of Pilotage, Harbour Board", [passage])
    assert not stated_in("Director of Pilotage, Harbour Board",
                         ["**SRO Name**: [To be confirmed - Harbour Director of Pilotage]\n"])


def test_a_cadence_the_source_gives_as_an_adjective_is_stated() -> None:
    # "annual penetration testing" states a row's "Annually"; "6 months" states no "Monthly"
    assert stated_in("Annually", ["Conduct annual penetration testing by CREST-certified testers"])
    assert not stated_in("Monthly", ["Retained for 6 months"])

"""Offline answers by class of question, on a small project written for these tests: the figure asked for (not
a number the question gives, nor another subject's figure that shares one word), what is kept for how long by
the requirement that owns it, two metrics each with its own figure, a kind of requirement named by an
abbreviation, the Playbook assessment's labelled risk level, a register row by what the system does, and a
joined question whose answers both come first."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.answers import about_guidance, follow_on_answer, lead_answer
from assistant.drafting.chat import handle_turn, leads_first
from assistant.drafting.evidence import Evidence
from assistant.drafting.fact_answers import _initialisms, _roots, _states
from assistant.ingest import ingest_paths
from assistant.llm import get_provider
from assistant.workspace import get_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "chat_classes"


def _lead(question: str) -> tuple[str, list[dict]]:
    final = [e for e in handle_turn("parking", question, provider=get_provider("offline")) if e.kind == "final"][-1]
    text = final.text
    return text.split("Source (quoted")[0], final.data["citations"]


def _cited(cites: list[dict], where: str) -> bool:
    return any(where in (c.get("heading") or "") for c in cites)


def test_each_class_of_question_is_answered_by_its_own_fact_and_passage() -> None:
    get_workspace().create_project("Parking Appeals Triage", key="parking", project_id="001", classification="OFFICIAL")
    ingest_paths(sorted(FIXTURES.glob("*.md")), "parking")

    # the figure for the subject asked about, not the page-load target that shares a word; never the given 5,000
    lead, cites = _lead("How quickly must bulk triage get through a backlog of 5,000 appeal letters?")
    assert "6 hours" in lead and "5,000" not in lead.split("(")[0]
    assert _cited(cites, "FR-002")

    # retention by what is kept: the audit log's own requirement, not the backup line that mentions audit data
    lead, cites = _lead("How long must audit logs be kept?")
    assert "6 years" in lead and "NFR-C-002" in lead
    assert _cited(cites, "NFR-C-002")

    # the thing measured is the outage; the availability named is only where it is stated
    lead, cites = _lead("How much unplanned outage per month does the portal availability requirement allow?")
    assert lead.startswith("At most 87 minutes"), lead
    lead, _ = _lead("What availability must the officer portal keep?")
    assert "99.8%" in lead, lead

    # two metrics asked together, each with the figure that follows its own word
    lead, _ = _lead("What are the default RTO and RPO?")
    assert "RTO ≤ 3 hours" in lead and "RPO ≤ 20 minutes" in lead

    # a kind of requirement and an abbreviation of its title
    lead, cites = _lead("Which integration requirement is the LLM gateway?")
    assert lead.startswith("INT-003") and "Data Handling" not in lead
    assert _cited(cites, "INT-003")

    # the assessment's labelled risk level, though "playbook" is also a guidance word
    lead, cites = _lead("What risk level did the AI Playbook assessment give the system?")
    assert lead.startswith("Medium risk")
    lead, _ = _lead("Was the system rated high-risk in the AI Playbook assessment?")
    assert lead.startswith("No: Medium risk")
    assert any("AIPB" in (c.get("document") or "") for c in cites)

    # a register row found by what the system does, answered with its ID and name
    lead, _ = _lead("Which AI system ID is the reply letter drafting agent?")
    assert lead.startswith("AI-002") and "Reply letter drafting" in lead

    # the marking of a thing the question names, not the documents' marking
    lead, cites = _lead("What security classification applies to appeal letters written by minors?")
    assert lead.startswith("OFFICIAL-SENSITIVE") and _cited(cites, "NFR-C-001")
    lead, _ = _lead("What is the security classification of the project?")
    assert lead.startswith("OFFICIAL ")

    # the figure of the tier asked about, not the default tier's
    lead, _ = _lead("What RTO and RPO apply to Tier-2 services?")
    assert "RTO ≤ 8 hours" in lead and "RPO ≤ 2 hours" in lead and "3 hours" not in lead

    # a figure no passage gives for the subject asked about: no other subject's figure leads
    lead, _ = _lead("How quickly must a refund be paid to a driver?")
    assert "2 seconds" not in lead

    # a priority question: the requirement's MoSCoW priority first
    lead, cites = _lead("Is bulk appeal triage a must-have?")
    assert lead.startswith("SHOULD_HAVE") and "FR-002" in lead and _cited(cites, "FR-002")

    # a joined question: both answers before any quotation
    lead, _ = _lead("How long must audit logs be kept, and which integration requirement is the LLM gateway?")
    assert "6 years" in lead and "INT-003" in lead

    # a count no passage states, by the requirement IDs of the kind asked
    lead, _ = _lead("How many non-functional requirements are there?")
    assert lead.startswith("5 non-functional requirements (NFR-A-001 to NFR-P-001")

    # the project's own name tells none of its figures apart, and "requirement for me" asks for no requirement
    lead, _ = _lead("Check the recovery requirement for me - what is the default RTO for Parking Appeals Triage?")
    assert "3 hours" in lead and "8 hours" not in lead


def test_a_number_the_question_states_is_never_the_figure_and_a_duration_answers_how_quickly() -> None:
    hits = [Evidence(id="p1", document="req.md", heading="FR-009: Batch scoring",
                     text="Given 20,000 records, when a batch run starts, then all records are scored within 3 hours")]
    found = lead_answer("How quickly must a batch of 20,000 records be scored?", hits)
    assert found is not None and found.lead.startswith("Within 3 hours")


def test_a_later_ask_is_answered_from_the_passage_that_answered_the_first() -> None:
    row = Evidence(id="r1", document="dpia.md", heading="10.3 Monitoring",
                   text="- [x] Review the parity ratio quarterly (target: ratio above 0.85 for every group)")
    again = follow_on_answer("how often? (parity ratio)", row)
    assert again is not None and again.lead.startswith("Quarterly")
    assert follow_on_answer("who signs it off?", row) is None


def test_metric_words_own_the_figure_after_them() -> None:
    clause = "objectives: RTO ≤ 4 hours, RPO ≤ 15 minutes"
    assert _states("rpo", clause, "15") and not _states("rpo", clause, "4")
    assert _states("rto", clause, "4") and not _states("rto", clause, "15")


@pytest.mark.parametrize(("question", "expected"), [
    ("What does the AI Playbook say about human oversight?", True),
    ("What risk level did the AI Playbook assessment give us?", False),
])
def test_the_projects_own_assessment_is_not_guidance(question: str, expected: bool) -> None:
    assert about_guidance(question) is expected


@pytest.mark.parametrize(("question", "project", "expected"), [
    # a project document named as the source: the project's documents answer, whatever regulator it mentions
    ("Did our DPIA conclude that the ICO must be consulted first?", "", False),
    ("Per the ATRS, what error rate raises an alert?", "", False),
    # ... unless what guidance or the law says is asked
    ("Is a DPIA required by law for this kind of processing?", "", True),
    ("What does ICO guidance say a DPIA must contain?", "", True),
    # a guidance word that is part of the project's own name is no cue
    ("What is the recovery time of the playbook portal?", "Departmental Playbook Portal", False),
    ("What is the recovery time of the playbook portal?", "", True),
    # "the recommended option" is the project's own choice; what is recommended is guidance
    ("What does the business case say the recommended option costs?", "", False),
    ("What is recommended for logging prompts?", "", True),
])
def test_a_named_project_document_or_the_projects_own_name_is_not_a_guidance_cue(question: str, project: str,
                                                                               expected: bool) -> None:
    assert about_guidance(question, project) is expected


def test_roots_initialisms_and_leads_first() -> None:
    assert _roots("audit logs") == _roots("Audit Logging")
    assert "llm" in _initialisms("AI / Large Language Model Endpoint")
    merged = leads_first(["A [1]\n\nSource (quoted, offline mode):\n- \"a\" [1] (x)",
                          "B [2]\n\nSource (quoted, offline mode):\n- \"b\" [2] (y)"])
    assert merged.split("Source (quoted")[0].split() == ["A", "[1]", "B", "[2]"]
    assert merged.count("Source (quoted") == 1 and '"b" [2]' in merged


def test_a_sum_of_money_answers_how_much_investment_and_a_size_answers_how_much_data() -> None:
    case = Evidence(id="b1", document="ARC-001-SOBC-v1.0.md", heading="Proposed Investment",
                    text="This case proposes a £12M investment over 18 months to deliver the new platform.")
    found = lead_answer("How much investment does the business case propose?", [case])
    assert found is not None and found.lead.startswith("£12M")
    feed = Evidence(id="n1", document="ARC-001-REQ-v1.0.md", heading="NFR-P-002: Ingestion",
                    text="Platform must ingest 3TB/day of sensor data with < 2 second end-to-end latency.")
    found = lead_answer("How much sensor data a day must the platform ingest?", [feed])
    assert found is not None and found.lead.startswith("3TB/day")


def test_a_decision_named_in_the_chosen_option_heading_is_what_the_record_chose() -> None:
    adr = Evidence(id="a1", document="ARC-001-ADR-002-v1.0.md",
                   heading="Architecture Decision Record > Decision Outcome > Chosen Option: Option B -- Managed queues",
                   text="Status: ACCEPTED (approved by the design authority)")
    found = lead_answer("What queueing approach did ADR-002 choose?", [adr])
    assert found is not None and "Option B -- Managed queues" in found.lead and "ACCEPTED" not in found.lead


def test_a_stated_equal_value_reads_as_the_value() -> None:
    from assistant.facts.models import QuantityFact, SourceSpan

    fact = QuantityFact(source=SourceSpan(document="req.md"), metric="rpo", subject="RPO", comparator="=",
                        value="1", unit="hours")
    assert fact.display() == "1 hour"


def test_how_many_things_a_year_counts_the_things_not_the_years() -> None:
    entity = Evidence(id="e1", document="ARC-001-REQ-v1.0.md", heading="Entity 1: Claim",
                      text="Data Volume: 40,000 claims/year × 20 years = 0.8M records")
    found = lead_answer("How many claims a year does the data model assume?", [entity])
    assert found is not None and found.lead.startswith("40,000 claims") and "0.8M" in found.lead


def test_a_count_in_words_answers_how_many_though_another_number_follows() -> None:
    row = Evidence(id="i5", document="ARC-001-REQ-v1.0.md", heading="INT-005: LLM provider",
                   text="LLM Provider (INT-005): minimum two tested providers; transfers under Article 46 safeguards.")
    found = lead_answer("How many LLM providers must be tested?", [row])
    assert found is not None and "minimum two tested providers" in found.lead.casefold() and "46" not in found.lead


def test_a_register_counts_the_risks_it_defines_not_one_it_mentions_in_passing() -> None:
    from assistant.drafting.fact_answers import _defined_risks

    register = [
        Evidence(id="r1", document="ARC-001-RISK-v1.0.md", heading="Risk Register > Top Risks",
                 text="1. **R-001** (STRATEGIC, High 16): funding refused\n2. **R-002** (TECHNOLOGY): vendor lock-in"),
        Evidence(id="r2", document="ARC-001-RISK-v1.0.md", heading="Risk Register > R-003: Skills gap",
                 text="Owner: CDO. A candidate R-009 may be added in a future version."),
        Evidence(id="r3", document="ARC-001-RISK-v1.0.md", heading="Risk Register > Heat map",
                 text="| Likely | R-004 | R-001 |\n| Possible | R-004 | R-002 |"),
    ]
    assert _defined_risks(register) == {1, 2, 3, 4}


@pytest.mark.parametrize(("unit", "comparator", "shown"), [
    ("GBP", "", "£500,000"),
    ("GBP per year", "", "£500,000 per year"),
    ("$ per month", "≤", "≤ $500,000 per month"),
    ("queries per second", "", "500,000 queries per second"),
])
def test_a_sum_of_money_is_shown_with_its_currency_sign_first(unit: str, comparator: str, shown: str) -> None:
    from assistant.facts.models import QuantityFact, SourceSpan

    fact = QuantityFact(source=SourceSpan(document="req.md"), metric="cost", subject="Phase 1", comparator=comparator,
                        value="500,000", unit=unit)
    assert fact.display() == shown

"""The offline lead by the form of answer asked (issue 22): the value of the label the question names, not the
first value of the passage; Yes/No for a yes/no question; the figure whose own words match the question; and a
plain "not stated" when no passage names what is asked. Passages are written for these tests in the shapes
ArcKit writes (flattened table rows, bold labels, key/value rows)."""

from __future__ import annotations

import pytest

from assistant.drafting.answer_forms import answer_form, labelled_values, polarity, yes_no_lead
from assistant.drafting.answers import lead_answer, terms
from assistant.drafting.evidence import Evidence
from assistant.drafting.fact_answers import _nearest_period
from assistant.drafting.intent import route
from assistant.drafting.passage_rank import named_types


def _hit(text: str, heading: str = "Register", document: str = "ARC-009-RISK-v1.0.md", n: int = 1) -> Evidence:
    return Evidence(id=f"c{n}", document=document, heading=heading, text=text)


@pytest.mark.parametrize(("question", "form"), [
    ("Who owns the flooding risk?", "who"),
    ("Who's the sponsor of the pilot?", "who"),
    ("Which vector database does the design use?", "which"),
    ("Does the assessment say we need a review board?", "yesno"),
    ("Is the kiosk in scope?", "yesno"),
    ("Is the pilot run weekly or monthly?", "other"),
    ("How long are backups kept?", "other"),
])
def test_answer_form_by_the_question(question: str, form: str) -> None:
    assert answer_form(question) == form


def test_labelled_values_read_flattened_rows_bold_labels_and_lines() -> None:
    text = ("Ref: R-12 | Title: Flooding | Risk Owner: Estates Director | Action Owner: Site Manager\n"
            "**Category**: OPERATIONAL **Risk Owner**: Head of Facilities **Action Owner**: Duty Officer\n"
            "- **Vector Store**: Postgres with pgvector")
    got = [(x.label, x.value, x.key) for x in labelled_values(text)]
    assert ("Risk Owner", "Estates Director", "R-12") in got
    assert ("Action Owner", "Site Manager", "R-12") in got
    assert ("Risk Owner", "Head of Facilities", "") in got
    assert ("Action Owner", "Duty Officer", "") in got
    assert ("Vector Store", "Postgres with pgvector", "") in got


def test_who_leads_with_the_role_label_the_question_names_not_another_owner() -> None:
    hits = [_hit("Summary: the flooding risk is being treated.", heading="Summary", n=1),
            _hit("**Category**: OPERATIONAL **Action Owner**: Duty Officer **Risk Owner**: Head of Facilities",
                 heading="R-12: Basement flooding damages servers", n=2)]
    lead = lead_answer("Who owns the risk of basement flooding?", hits)
    assert lead is not None and "Head of Facilities" in lead.lead and "Duty Officer" not in lead.lead
    action = lead_answer("Who is the action owner for basement flooding?", hits)
    assert action is not None and "Duty Officer" in action.lead


def test_who_reads_a_stakeholder_row_whose_role_is_the_one_asked() -> None:
    hits = [_hit("Stakeholder: Priya Shah | Role: Head of Lending | Involvement: Sponsor, funding decisions\n"
                 "Stakeholder: Tom Reid | Role: Lead Engineer | Involvement: Delivery", heading="Stakeholders",
                 document="ARC-009-REQ-v1.0.md")]
    lead = lead_answer("Who's the sponsor for the lending requirements?", hits)
    assert lead is not None and lead.lead.startswith("Priya Shah")


def test_who_with_no_one_named_says_so() -> None:
    hits = [_hit("The lending service is hosted in two regions and fails over within an hour.", heading="Hosting")]
    lead = lead_answer("Who approves the lending service failover?", hits)
    assert lead is not None and lead.lead.startswith("Not stated")


def test_which_leads_with_the_label_naming_the_thing_asked() -> None:
    hits = [_hit("Cloud: AWS | Region: eu-west-2\n- **Vector Store**: Postgres with pgvector\n"
                 "- **Embedding Model**: nomic-embed-text v1.5 (768 dimensions)", heading="2.1 Architecture",
                 document="ARC-009-HLD-v1.0.md")]
    lead = lead_answer("Which embedding model does the design use?", hits)
    assert lead is not None and "nomic-embed-text" in lead.lead
    store = lead_answer("Which vector store does the design use?", hits)
    assert store is not None and "pgvector" in store.lead


def test_which_item_of_a_kind_leads_with_its_id() -> None:
    hits = [_hit("- [ ] Retention schedule published — NOT YET\n- **GAP-004**: No retention schedule published for "
                 "chat transcripts", heading="Data governance", document="ARC-009-AIPB-v1.0.md")]
    lead = lead_answer("Which gap is about the missing retention schedule?", hits)
    assert lead is not None and lead.lead.startswith("GAP-004")


def test_which_choice_a_decision_record_took_is_its_decision_sentence() -> None:
    hits = [_hit("Pipelines will be built on the queue selected here.", heading="ADR-002 > 9. Related Decisions",
                 document="ARC-009-ADR-002-v1.0.md", n=1),
            _hit("We will adopt managed RabbitMQ for order events, rather than a self-hosted broker.",
                 heading="ADR-002 > 4. Decision", document="ARC-009-ADR-002-v1.0.md", n=2)]
    lead = lead_answer("Which message queue did the ADR pick for order events?", hits)
    assert lead is not None and "RabbitMQ" in lead.lead


def test_yes_no_questions_lead_with_yes_or_no_from_the_passage() -> None:
    denied = [_hit("An external audit is not needed at this stage: no residual high risk remains.",
                   heading="7. Sign-off", document="ARC-009-DPIA-v1.0.md")]
    lead = lead_answer("Does the DPIA say we need an external audit?", denied)
    assert lead is not None and lead.lead.startswith("No, not required")
    stated = [_hit("The kiosk service is in scope for the first release.", heading="Scope")]
    yes = lead_answer("Is the kiosk service in scope?", stated)
    assert yes is not None and yes.lead.startswith("Yes")
    assert polarity("Prompts cannot be stored.") == "No"
    assert yes_no_lead("Is the kiosk not in scope?", "The kiosk is not in scope.") == ""


def test_yes_no_question_about_a_noun_phrase_is_asked_not_a_revision() -> None:
    assert route("Can raw audio be stored, and if so for how long?").intent == "ask"
    assert route("could the costs table be in euros?").intent == "revise"


def test_figure_of_a_named_variable_and_of_a_key_value_row() -> None:
    hits = [_hit("Risk ID: P-3 | Risk Title: Linkage | Mitigations Applied: l-diversity (l≥3), suppression of "
                 "small cells | Owner: Analytics Lead", heading="6.3 Mitigations", document="ARC-009-DPIA-v1.0.md")]
    lead = lead_answer("What l value does the DPIA set for l-diversity?", hits)
    assert lead is not None and lead.lead.startswith("l≥3")
    rows = [_hit("Aspect: Expected impact | Detail: **10–15% reduction in storage cost** after tiering",
                 heading="Lever 2 — Storage tiering", document="ARC-009-FINOPS-v1.0.md")]
    saving = lead_answer("What saving is expected from storage tiering?", rows)
    assert saving is not None and "10–15%" in saving.lead


def test_a_count_cell_beats_a_sibling_cell_that_restates_the_subject() -> None:
    hits = [_hit("Metric: **Registered pilot sites** | Count: 48 | Details: Across all regional offices",
                 heading="5.1 Pilot statistics", document="ARC-009-RSCH-v1.0.md")]
    lead = lead_answer("How many pilot sites were registered across the regional offices?", hits)
    assert lead is not None and "48" in lead.lead


def test_a_count_in_words_answers_how_many() -> None:
    hits = [_hit("Adaptor plus at least three production-tested regions from day one.",
                 heading="Option 1 (Three Regions)", document="ARC-009-ADR-005-v1.0.md")]
    lead = lead_answer("How many regions does the ADR require at launch?", hits)
    assert lead is not None and "three" in lead.lead.lower()


def test_a_question_names_its_source_document_by_an_alias() -> None:
    assert named_types("What does the transparency record say about the model?") == {"ATRS"}
    assert named_types("In the operational readiness pack, what is the restore objective?") == {"OPS"}
    assert named_types("What does FinOps expect to save?") == {"FINOPS"}
    assert named_types("How long are backups kept?") == set()


def test_a_period_is_read_with_its_own_words_not_the_previous_periods() -> None:
    clause = "Retention: 5 years for billing records (NFR-C-2); 30 days for debug traces"
    assert _nearest_period(terms("How long are debug traces kept?"), clause) == "30 days for debug traces"
    assert "5 years for billing records" in (_nearest_period(terms("How long are billing records kept?"), clause) or "")


def test_the_part_a_question_sets_aside_is_not_asked_for() -> None:
    hits = [_hit("- Page load time: <3 seconds (p95)\n- Search query time: <800 ms (p95)",
                 heading="NFR-P-4: Response Time", document="ARC-009-REQ-v1.0.md")]
    lead = lead_answer("What p95 time is set for the search query itself, separate from the page load time?", hits)
    assert lead is not None and "800 ms" in lead.lead


def test_who_without_a_role_word_is_answered_from_the_best_sentence() -> None:
    hits = [_hit("BC-2: The clinical safety board has veto on AI tools affecting patient triage.",
                 heading="Constraints", document="ARC-009-REQ-v1.0.md")]
    lead = lead_answer("Who can veto an AI tool that affects patient triage?", hits)
    assert lead is not None and "clinical safety board" in lead.lead


def test_yes_no_only_from_a_sentence_about_what_is_asked() -> None:
    hits = [_hit("Risk: kiosk payments work bypasses the audit trail.", heading="Risks", n=1)]
    lead = lead_answer("Can a visitor switch off kiosk payments for their household?", hits)
    assert lead is None or not lead.lead.startswith(("Yes", "No"))


def test_may_we_questions_are_asked_unless_they_name_the_draft() -> None:
    assert route("Could we use a rules engine for the eligibility triage?").intent == "ask"
    assert route("could we add a fairness row to section 7?").intent == "revise"


def test_which_x_needs_a_label_naming_an_x_and_reads_a_registers_initial_prefix() -> None:
    hits = [_hit("Risk reduction from controls: ~40 % reduction from inherent.\n"
                 "Risk profile status: one residual High (R-004 Supplier insolvency); 9 Medium risks.",
                 heading="Overall Risk Assessment")]
    lead = lead_answer("Which risk is the only one still rated High after controls?", hits)
    assert lead is not None and "R-004" in lead.lead and "40" not in lead.lead

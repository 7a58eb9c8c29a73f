"""Choosing, inside the retrieved passages, the clause that answers the question and the figure in it (issue 22
part 4): the qualifier a question names, the kind of figure it asks for, table rows read with their row label,
label rows passed over, a change's target rather than its starting point. Passages are our own words."""

from __future__ import annotations

from assistant.drafting.answers import lead_answer
from assistant.drafting.clauses import own_part, qualifier_fit, qualifiers
from assistant.drafting.evidence import Evidence
from assistant.drafting.fact_answers import _which_document
from assistant.drafting.passage_rank import index_passages


def _hit(text: str, heading: str = "NFR-X-001: Example", ident: str = "p1") -> Evidence:
    return Evidence(id=ident, document="reqs.md", heading=heading, text=text)


def test_qualifiers_are_normalised_with_their_family() -> None:
    assert qualifiers("What is the recovery time for a tier 2 service?") == {"tier2": "tier"}
    assert qualifiers("the 99th percentile and Level-3") == {"p99": "p", "level3": "level"}
    assert qualifiers("a case of 10,000 items at 99.5%") == {}


def test_a_figure_qualified_otherwise_is_ruled_out() -> None:
    clause = "Gold services recover within 2 hours; Tier-3 services recover within 12 hours."
    wanted = qualifiers("How fast must a Tier-3 service recover?")
    assert own_part(clause, "12") == " Tier-3 services recover within 12 hours."
    assert qualifier_fit(wanted, own_part(clause, "12"), clause) > 0
    other = "Tier-1 services recover within 1 hour."
    assert qualifier_fit(wanted, other, other) < 0


def test_the_qualified_clause_wins_over_a_closer_word_match() -> None:
    hits = [_hit("Default Tier-1 recovery objective: restore within 2 hours after an outage of the ledger.\n"
                 "Tier-4 recovery objective: restore within 3 days.")]
    lead = lead_answer("What recovery objective applies to a Tier-4 ledger outage?", hits)
    assert lead is not None and "3 days" in lead.lead and "2 hours" not in lead.lead


def test_how_quickly_prefers_a_duration_over_a_percentage_sentence() -> None:
    hits = [_hit("Patching coverage for critical servers is above 95% each quarter.\n"
                 "Critical flaws found by scanning are patched within 48 hours.")]
    lead = lead_answer("How quickly must critical flaws be patched?", hits)
    assert lead is not None and "48 hours" in lead.lead


def test_how_many_leads_with_the_thing_counted_not_a_duration() -> None:
    hits = [_hit("The breaker on the payments link opens after 5 errors in 60 seconds and stays open.")]
    lead = lead_answer("After how many errors does the payments breaker open?", hits)
    assert lead is not None and lead.lead.startswith("5 errors")


def test_throughput_leads_with_the_rate_not_the_aside() -> None:
    hits = [_hit("The gateway MUST accept 800 orders per second at peak (4x the usual load) in sale weeks.")]
    lead = lead_answer("What throughput must the gateway take in sale weeks?", hits)
    assert lead is not None and lead.lead.startswith("800 orders per second")


def test_a_change_from_one_figure_to_another_answers_with_the_target() -> None:
    hits = [_hit("Shorten the average wait for a first decision from 20 weeks to 8 weeks by automating triage.")]
    lead = lead_answer("What average wait for a first decision are we aiming for?", hits)
    assert lead is not None and lead.lead.startswith("8 weeks")


def test_a_threshold_without_a_unit_is_a_figure() -> None:
    hits = [_hit("Outputs: ranked passages with their similarity scores and source links for matching.\n"
                 "Checks: minimum similarity threshold (0.65) before a passage is used.")]
    lead = lead_answer("What minimum similarity score must a passage reach before matching uses it?", hits)
    assert lead is not None and "0.65" in lead.lead


def test_a_table_cell_is_read_with_its_row_label() -> None:
    table = ("System: S-01 (Invoice Reader) | Data: supplier invoices | Residual risk: MEDIUM — personal data rare\n"
             "System: S-02 (Claims Sorter) | Data: claims forms | Residual risk: HIGH — affects payouts")
    hits = [_hit(table, heading="Risk assessment", ident="t1"),
            _hit("Rationale: residual risk for the sorter flagged by the risk assessment for review.", ident="t2")]
    lead = lead_answer("What residual risk did the assessment give the Claims Sorter?", hits)
    assert lead is not None and "HIGH" in lead.lead and "MEDIUM" not in lead.lead


def test_a_label_row_is_passed_over_for_the_sentence_that_says_something() -> None:
    hits = [_hit("Field: Regulator Approval\nThe regulator must approve the release before it goes live, "
                 "following the consultation.", heading="7. Regulator approval")]
    lead = lead_answer("Does the regulator have to approve the release?", hits)
    assert lead is not None and "must approve" in lead.lead


def test_by_what_date_leads_with_the_date() -> None:
    hits = [_hit("Description: each team publishes its transparency record in plain English by 2027-03-15.",
                 heading="BR-004: Publish records")]
    lead = lead_answer("By what date must the transparency records be published?", hits)
    assert lead is not None and lead.lead.startswith("By 2027-03-15")


def test_the_figure_whose_own_part_names_the_subject_is_taken() -> None:
    hits = [_hit("Aligned with NFR-Z-002: RPO < 30 min; RTO < 6 hours; regional copies; 40-day minimum retention.")]
    lead = lead_answer("What's the minimum backup retention?", hits)
    assert lead is not None and lead.lead.startswith("40-day")


def test_a_score_out_of_a_total_is_quoted_whole() -> None:
    hits = [_hit("Shortlist: bidders must score ≥ 33/50 on the technical questions.")]
    lead = lead_answer("What technical score must a bidder reach for the shortlist?", hits)
    assert lead is not None and "33/50" in lead.lead


def test_which_decision_record_is_answered_with_its_id_and_title() -> None:
    passages = [
        Evidence(id="a1", document="ARC-001-ADR-002-v1.0.md", heading="Architecture Decision Record: Message Queue "
                 "Choice > 3. Context", text="Orders are passed between services through a managed queue."),
        Evidence(id="a2", document="ARC-001-ADR-006-v1.0.md", heading="Architecture Decision Record: Per-Team "
                 "Spending Limits > 2. Decision", text="Each team gets a monthly cloud spending limit, enforced by "
                 "alerts and a hard stop at 120 %."),
        Evidence(id="a3", document="ARC-001-REQ-v1.0.md", heading="NFR-C-001: Spending limits",
                 text="Per-team monthly spending limit enforced."),
    ]
    found = _which_document("Which ADR should finance read for the per-team spending limits?",
                            index_passages(passages))
    assert found is not None and found.lead.startswith("ADR-006 (Per-Team Spending Limits)")
    assert found.evidence.id == "a2"


def test_a_markdown_table_cell_is_read_with_its_column_name() -> None:
    hits = [_hit("| Signal | Test | Limit | Response |\n|---|---|---|---|\n| Inputs | KS | p < 0.01 | Page on-call |",
                 heading="Input shift")]
    lead = lead_answer("What limit is set for the inputs?", hits)
    assert lead is not None and "0.01" in lead.lead


def test_a_date_question_prefers_the_dated_sentence_over_a_count() -> None:
    hits = [_hit("Success Criteria: 4 of 4 records published; readability checked by a lay reviewer.\n"
                 "Description: one record per service published in plain English by 2027-02-11.",
                 heading="BR-009: Records")]
    lead = lead_answer("By what date must the four records be published?", hits)
    assert lead is not None and lead.lead.startswith("By 2027-02-11")


def test_a_range_is_quoted_whole() -> None:
    hits = [_hit("Forecasting models estimate refurbishment needs over a 2-4 year horizon from condition data.")]
    lead = lead_answer("Over what horizon should the forecasting models estimate refurbishment needs?", hits)
    assert lead is not None and lead.lead.startswith("2-4 year")


def test_a_flattened_rows_name_cell_names_its_figures_and_a_cost_question_takes_the_sum() -> None:
    # an invented build plan: the component's name is in a "Name:" cell, not the first cell
    plan = ("Component ID: K-101 | Name: Invoice Reader (OCR) | Stage: 0.40 | Estimated Cost: £310K | Owner: Finance\n"
            "Component ID: K-102 | Name: Payment Matcher | Stage: 0.70 | Estimated Cost: £45K | Owner: Treasury")
    mapping = "Linked components: K-101 (Invoice Reader 0.40), K-102 (Payment Matcher 0.70)"
    hits = [_hit(mapping, heading="Traceability", ident="m1"), _hit(plan, heading="Component plan", ident="m2")]
    lead = lead_answer("What's the estimated build cost of the Invoice Reader (OCR) component?", hits)
    assert lead is not None and "£310K" in lead.lead and "£45K" not in lead.lead


def test_a_row_naming_the_role_first_answers_who_holds_it() -> None:
    signoff = ("Role: Data Protection Officer | Name: R. Patel | Decision: APPROVED\n"
               "Role: Data Controller | Name: Chief Operating Officer of the agency | Decision: PENDING")
    aside = "Any change to the assessment must be approved again by the DPO and the data controller."
    hits = [_hit(aside, heading="Change management", ident="c1"), _hit(signoff, heading="Sign-off", ident="c2")]
    lead = lead_answer("Who is the data controller for this processing?", hits)
    assert lead is not None and lead.lead.startswith("Chief Operating Officer of the agency")


def test_a_part_set_off_with_not_is_not_asked() -> None:
    from assistant.drafting.answers import asked_part

    assert "whole" not in asked_part("What's the p95 target for the scoring call itself, not the whole request?")
    assert "call" in asked_part("What's the p95 target for the scoring call itself, not the whole request?")
    # a "not" that is the question's own (no comma before it) stays asked
    assert "retrained" in asked_part("Which models are not retrained automatically?")
    timing = ("Whole request: under 3 seconds (p95), including retrieval and formatting.\n"
              "Scoring call: under 800 ms (p95) for the model itself.")
    lead = lead_answer("What's the p95 target for the scoring call itself, not the whole request?", [_hit(timing)])
    assert lead is not None and "800 ms" in lead.lead


def test_the_sro_written_out_or_as_initials_is_the_role_asked() -> None:
    from assistant.drafting.answer_forms import roles

    assert "sro" in roles("Who is the SRO?") and "sro" in roles("Senior Responsible Owner: A. Person")
    # a label that is the role itself names its holder, even in a passage well down the list
    others = [_hit(f"Finding {i}: the assessment covers the reporting features.", heading="Scope", ident=f"o{i}")
              for i in range(4)]
    evidence = _hit("**Evidence**:\n- SRO: Dana Whitfield, Head of Service\n- Accountability for errors: the "
                    "reviewing officer", heading="Theme 4: Accountability", ident="e1")
    lead = lead_answer("Who's the SRO for the reporting features according to the assessment?", [*others, evidence])
    assert lead is not None and lead.lead.startswith("SRO: Dana Whitfield")


def test_a_question_naming_its_decision_record_is_not_asking_which_record() -> None:
    adr = Evidence(id="a1", document="ARC-007-ADR-004-v1.0.md", heading="ADR-004: Payment Provider Choice > Context",
                   text="We need a payment provider for the licensing service.")
    indexed = index_passages([adr])
    assert _which_document("Which ADR covers the payment provider?", indexed) is not None
    assert _which_document("What did ADR-004 decide for the payment provider?", indexed) is None


def test_how_many_of_a_total_answers_with_the_score_not_its_total() -> None:
    hits = [_hit("Screening Score: 6/8 criteria met, so a full assessment is required.", heading="1.1 Screening")]
    lead = lead_answer("How many of the eight screening criteria did the assessment find were met?", hits)
    assert lead is not None and lead.lead.startswith("6/8")


def test_a_role_to_escalate_to_names_no_holder_but_a_department_cell_does() -> None:
    routes = _hit("Decision Type: Tier assignment | Reviewer Role: Case Officer | Escalation Path: SRO",
                  heading="Human control", ident="r1")
    assert lead_answer("Who is the SRO?", [routes]) is None or "Tier assignment" not in lead_answer(
        "Who is the SRO?", [routes]).lead  # type: ignore[union-attr]
    team = _hit("Name: Priya Shah | Role: Evaluator | Department: Licensing Directorate (Product Owner)",
                heading="Evaluation team", ident="t1")
    lead = lead_answer("Who is the product owner for the licensing service?", [team])
    assert lead is not None and lead.lead.startswith("Priya Shah")


def test_an_unticked_checklist_item_states_nothing_and_how_many_counts_the_head_noun() -> None:
    checklist = _hit("- [ ] RPO and recovery tests documented\n- [x] Backups encrypted", heading="Checklist", ident="k1")
    stated = _hit("RPO (Recovery Point Objective): at most 2 hours of data loss.", heading="NFR-A-2: Recovery",
                  ident="k2")
    lead = lead_answer("what RPO have we set?", [checklist, stated])
    assert lead is not None and "2 hours" in lead.lead
    providers = [_hit("The gateway passes 46 fields to the transfer mechanism.", ident="g1"),
                 _hit("Adaptor plus at least two production-tested providers from day one.", ident="g2")]
    lead = lead_answer("How many AI model providers does the decision require from day one?", providers)
    assert lead is not None and "two" in lead.lead and "46" not in lead.lead


def test_a_figure_cell_counts_what_its_row_names() -> None:
    # the table row names the counted thing in its first cell; the figure sits alone in another cell, with a period
    # (a table row as the index holds it: each cell with its column's name)
    hits = [_hit("Group: Apprentices | Notes: Trainees on placement across all depots and offices | Volume: ~4,000/year\n"
                 "Group: Contractors | Notes: Agency staff on site | Volume: ~900/year", heading="Whose data is held",
                 ident="p1"),
            # a checklist flattened onto one line: its items, read apart, each share a word or two with the question
            _hit("1. ☑ Large scale — YES: 80,000 staff records a year 2. ☑ Vulnerable people — YES: apprentices "
                 "under 18 3. ☑ Systematic monitoring — YES: placement attendance tracked 4. ☑ Matching datasets — "
                 "YES: depots' rosters joined with payroll", heading="Screening", ident="p2")]
    lead = lead_answer("Roughly how many apprentices a year are on placement across the depots?", hits)
    assert lead is not None and "4,000" in lead.lead, lead


def test_a_date_is_not_a_count() -> None:
    hits = [_hit("Publication has been mandatory since March 2024 for departments and arm's-length bodies.",
                 heading="Overview", ident="p1"),
            _hit("Metric: Departments and arm's-length bodies' records | Count: 41", heading="Statistics", ident="p2")]
    lead = lead_answer("How many records have departments and arm's-length bodies published?", hits)
    assert lead is not None and "41" in lead.lead, lead


def test_a_line_under_its_subjects_heading_beats_a_bare_target_label_of_another_subject() -> None:
    # "Target Value" names the attribute asked, but of the other goal; the line under the asked goal's heading
    # states the target with the asked subject's words
    hits = [_hit("Target Value: 2 million downloads/month (baseline + 20% growth)",
                 heading="Outcome O-3: More Open Data Downloads for the Map App", ident="p1"),
            _hit("Success measures: reviewer rating ≥4.2/5.0 (monthly survey)",
                 heading="Goal G-2: Launch the Map App to Reviewers", ident="p2")]
    lead = lead_answer("what is the reviewer rating target for the map app goal?", hits)
    assert lead is not None and "4.2" in lead.lead, lead


def test_the_longest_a_thing_may_last_is_a_duration() -> None:
    hits = [_hit("Waivers are granted by the design authority. Time Limit: waiver end date (max 6 months)",
                 heading="Requesting Waivers", ident="p1")]
    lead = lead_answer("What is the longest a granted waiver can last?", hits)
    assert lead is not None and "6 months" in lead.lead, lead


def test_how_much_of_a_thing_takes_the_figure_that_measures_it() -> None:
    hits = [_hit("Description: Keep 99.9% service availability, measured monthly, with at most 43.8 minutes "
                 "unplanned outage per month.", heading="NFR-A-002: Service Availability", ident="p1")]
    lead = lead_answer("How much unplanned outage per month does the availability requirement allow?", hits)
    assert lead is not None and lead.lead.startswith("At most 43.8 minutes"), lead


def test_a_score_out_of_a_total_beats_numbers_of_names_and_references() -> None:
    hits = [_hit("Screening score: 4/10 → assessment needed under Article 22(1) and the WP251 threshold.",
                 heading="Screening against ten criteria", ident="p1")]
    lead = lead_answer("How many of the ten screening criteria does the proposal meet?", hits)
    assert lead is not None and lead.lead.startswith("4/10"), lead


def test_until_when_takes_the_date_it_runs_to() -> None:
    hits = [_hit("The certificate, issued March 2024, was renewed in May 2025 until 30 April 2029.",
                 heading="Certification", ident="p1")]
    lead = lead_answer("Until when does the certificate run?", hits)
    assert lead is not None and lead.lead.startswith("By 30 April 2029"), lead


def test_a_count_with_a_plus_is_a_count_and_a_version_is_not() -> None:
    hits = [_hit("Version: 2.0", heading="Partner Directory", ident="p1"),
            _hit("Scope: 40+ partners (this directory) across 5 regions", heading="Partner Directory", ident="p2")]
    lead = lead_answer("how many partners did the partner directory list", hits)
    assert lead is not None and "40" in lead.lead, lead


def test_a_sentence_under_the_labels_own_heading_gains_nothing_from_it() -> None:
    # both lines sit under the heading that names what is asked: the labelled score answers, not the commentary
    text = ("Dimension: Overall | Score: 71/100 | Rating: GOOD\n"
            "Interpretation: The service has strong foundations (principles, owners, requirements) but gaps in "
            "its assurance artefacts.")
    hits = [_hit(text, heading="Summary > Overall Assurance Health Score", ident="p1")]
    lead = lead_answer("What overall assurance health score did the review give the service?", hits)
    assert lead is not None and "71/100" in lead.lead, lead


def test_a_figure_for_the_period_asked_beats_one_for_another_period() -> None:
    hits = [_hit("Oversight: [X] Human-on-the-loop (sample of 2M+ tickets/year) [ ] Fully automated",
                 heading="Human review", ident="p1"),
            _hit("Weekly audit: sample 40 tickets, note recurring faults.", heading="Improvement", ident="p2"),
            _hit("Frequency: daily random sample of 40 tickets (0.01% of volume)", heading="Human review",
                 ident="p3")]
    lead = lead_answer("how many tickets does the review team sample each day?", hits)
    assert lead is not None and lead.evidence.id == "p3", lead

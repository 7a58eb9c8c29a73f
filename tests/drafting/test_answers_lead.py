"""The offline answer's lead: a cadence for "how often" questions, not the nearest number."""

from __future__ import annotations

from assistant.drafting.answers import lead_answer
from assistant.drafting.evidence import Evidence


def test_how_often_leads_with_the_cadence_not_a_figure() -> None:
    hits = [Evidence(id="c1", document="atrs.md", heading="6 Fairness",
                     text="Target: under 4% gap between groups. Subgroup accuracy is re-measured monthly by the panel.")]
    lead = lead_answer("How often is subgroup accuracy re-measured?", hits)
    assert lead is not None and lead.lead.startswith("Monthly")
    figure = lead_answer("What gap between groups is the target?", hits)
    assert figure is not None and "4%" in figure.lead


def test_a_word_few_passages_share_outweighs_one_many_share() -> None:
    # "depot" is in most sentences found, "quorum" in one: with as many words in common, the sentence that shares
    # the rare word answers the question, though a passage ranked earlier shares the common one.
    from assistant.drafting.answers import best_sentence
    hits = [
        Evidence(id="c1", document="ops.md", heading="3 Operations", text="The depot meeting reviews the routes of the depot."),
        Evidence(id="c2", document="gov.md", heading="1 Panel", text="The panel needs a quorum of the chairs at each meeting."),
        Evidence(id="c3", document="ops.md", heading="4 Tender",
                 text="The depot tender is published on the portal. Questions on the depot tender close later."),
    ]
    found = best_sentence("Who makes up the quorum for the depot meeting?", hits)
    assert found is not None and found[1] == "The panel needs a quorum of the chairs at each meeting."


def test_a_ratio_asked_is_answered_with_the_ratio_not_the_sums_it_divides() -> None:
    hits = [Evidence(id="c1", document="sobc.md", heading="4 Economic Case",
                     text="Benefit-Cost Ratio (BCR): 4.5:1 (£9M benefits ÷ £2M cost)")]
    lead = lead_answer("what is the benefit-cost ratio in the economic case?", hits)
    assert lead is not None and lead.lead.startswith("4.5:1"), lead


def test_figures_the_question_gives_pick_out_the_row_it_is_about() -> None:
    from assistant.drafting.answers import best_sentence
    hits = [
        Evidence(id="c1", document="sobc.md", heading="D3 Risks", text="Supplier agreements between depots are not yet signed."),
        Evidence(id="c2", document="sobc.md", heading="D2 Approvals", text="Depot Board: up to £10M. Regional Board: £10M-£40M."),
    ]
    found = best_sentence("who signs off spend between £10M and £40M", hits)
    assert found is not None and found[1] == "Regional Board: £10M-£40M.", found


def test_british_and_american_spellings_meet() -> None:
    from assistant.drafting.passage_rank import stemmed_terms
    assert stemmed_terms("historical digitisation budget") == stemmed_terms("Historical Digitization budget")
    assert stemmed_terms("optimised costs") == stemmed_terms("optimized costs")

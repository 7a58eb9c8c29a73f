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

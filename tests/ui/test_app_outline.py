"""Outline first: plan the draft, approve sections, draft only those; evidence labelled by ArcKit citation."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from assistant.strategy import Strategy
from assistant.ui import services
from assistant.workspace import get_workspace
from tests.ui.conftest import make_project, texts

SAMPLE = "sample-benefits-fraud"
CHUNK_LABEL = re.compile(r"^\[[0-9a-f]{8,}[^\]]*:\d{5}\]")  # a raw chunk ID such as [cbee00f0...:00000]


def _sample(app: AppTest) -> AppTest:
    """The sample project (benefits fraud triage: no LLM/GenAI), indexed, with section 7 drafted offline."""
    app.session_state["ui.provider"] = "offline"
    app.run()
    next(b for b in app.button if b.label == "Try the sample project").click().run()
    assert not app.exception
    assert get_workspace().latest_draft(SAMPLE) is not None, texts(app)
    return app


def test_plan_shows_what_applies_and_drafts_only_the_approved_sections(app: AppTest) -> None:
    _sample(app)
    before = get_workspace().latest_draft(SAMPLE).number
    next(b for b in app.button if b.label == "Plan the draft").click().run()
    assert not app.exception
    shown = texts(app)
    # Section 9 does not apply to a non-GenAI project, and says why; it gets no checkbox.
    assert re.search(r"9\. LLM/GenAI Operations — does not apply: .*generative", shown), shown
    boxes = {c.label: c for c in app.checkbox}
    assert "9. LLM/GenAI Operations" not in boxes
    assert "1. ML System Overview" in boxes and all(c.value for c in boxes.values())
    assert "Key evidence: " in shown
    # Approve only sections 1 and 3.
    for label, box in boxes.items():
        if not label.startswith(("1. ", "3. ")):
            box.uncheck()
    app.run()
    next(b for b in app.button if b.label == "Draft the approved sections").click().run()
    assert not app.exception
    assert "Drafted section(s) 1, 3" in texts(app), texts(app)
    # one action, one version; its sections are the steps inside it
    added = [v for v in get_workspace().draft_history(SAMPLE) if v.number > before]
    assert [v.number for v in added] == [before + 1], [v.note for v in added]
    steps = [s["note"] for s in added[0].steps]
    assert len(steps) == 2 and all(re.match(r"section [13] drafted", n) for n in steps), steps


def test_drafted_evidence_is_labelled_by_citation_not_chunk_id(app: AppTest) -> None:
    _sample(app)
    strategy = Strategy.model_validate(get_workspace().latest_draft(SAMPLE).strategy)
    citations = {c.citation_id: c for c in strategy.external_references.citations}
    assert citations
    evidence = [e.label for e in app.expander if e.label.startswith("[")]
    assert evidence
    for label in evidence:
        assert not CHUNK_LABEL.match(label), label
        marker = label[1:label.index("]")]
        assert marker in citations, label
        citation = citations[marker]
        if citation.page_section:
            assert citation.page_section in label
    assert any(re.match(r"\[BFR-C\d+\] benefits-fraud-requirements\.md · ", label) for label in evidence), evidence
    # The outline labels evidence the draft already cites the same way.
    next(b for b in app.button if b.label == "Plan the draft").click().run()
    assert re.search(r"Key evidence: .*\[BFR-C\d+\] benefits-fraud-requirements\.md", texts(app))


def test_outline_evidence_without_a_citation_names_the_place_not_the_chunk_id() -> None:
    project = make_project("Alpha")
    strategy = services.new_strategy(project)
    strategy.external_references.add_citation("NFR-P-001", "requirements.md", page_section="p. 3",
                                              quoted_passage="p99 latency under 300 ms")
    labels = services.outline_evidence(strategy, ["NFR-P-001 (requirements.md p.3 > Performance)",
                                                  "cbee00f0a1b2:00000 (requirements.md > Intro)"])
    assert labels[0].startswith("[R-C1] ") and "p. 3" in labels[0]
    assert labels[1] == "requirements.md > Intro"  # an internal chunk ID is never shown

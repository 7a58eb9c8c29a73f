"""The oversight-model checklist of an AI Playbook assessment or ATRS record becomes one fact per option, ticked or
not, whether the options are list items, lines under the lead, or run together in one paragraph; other documents
state no oversight model. Documents written for this test in ArcKit's style (no real project's text)."""

from __future__ import annotations

import pytest

from assistant.facts import OversightFact, extract_document_facts
from tests.drafting.arckit_snippets import document_control

LIST_ITEMS = """**Human Oversight Model**:
- [x] **Human-in-the-loop**: A caseworker reviews every recommendation before it is used
- [ ] Human-on-the-loop
- [x] **Human-in-command**: Staff can switch the model off
- [ ] Fully automated
**Human Review Requirements**:
- [x] Reviews logged
"""
LINES = """**Human Oversight Model**:

[X] Human-on-the-loop (periodic/sample review)
[ ] Human-in-the-loop (review every decision)

**Structure**: a weekly panel
"""
ONE_PARAGRAPH = ("**Human Oversight Model**: [X] Human-on-the-loop (periodic/sample review) "
                 "[ ] Human-in-the-loop (review every decision) [X] Human-in-command (can override at any time)\n")


def _options(doc_type: str, body: str) -> list[tuple[str, bool, str]]:
    text = document_control(f"ARC-001-{doc_type}-v1.0", "Assessment") + "## 4. Human Control\n\n" + body
    facts = extract_document_facts(text, f"ARC-001-{doc_type}-v1.0.md").facts
    return [(f.level, f.asserted, f.description) for f in facts if isinstance(f, OversightFact)]


@pytest.mark.parametrize("doc_type", ["AIPB", "ATRS"])
def test_each_option_is_a_fact_ticked_or_not(doc_type: str) -> None:
    assert _options(doc_type, LIST_ITEMS) == [
        ("Human-in-the-loop", True, "A caseworker reviews every recommendation before it is used"),
        ("Human-on-the-loop", False, ""),
        ("Human-in-command", True, "Staff can switch the model off"),
        ("Fully automated", False, ""),
    ]


def test_options_on_lines_of_their_own_or_in_one_paragraph_are_read_too() -> None:
    assert _options("ATRS", LINES) == [("Human-on-the-loop", True, "Periodic/sample review"),
                                       ("Human-in-the-loop", False, "Review every decision")]
    assert [(level, ticked) for level, ticked, _ in _options("ATRS", ONE_PARAGRAPH)] == [
        ("Human-on-the-loop", True), ("Human-in-the-loop", False), ("Human-in-command", True)]


def test_a_requirements_document_states_no_oversight_model() -> None:
    assert _options("REQ", LIST_ITEMS) == []

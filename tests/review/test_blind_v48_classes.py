"""False-finding classes seen on the blind unplanted v48 strategy (issue 22), each fixed as a class: ArcKit's
[PENDING] is a stated state of a draft, a negated or "Not applicable" mention names no sensitive processing,
a key's fingerprint is no biometric, an uncited target is compared only with requirements about its subject,
and a sub-section the author numbered under its own section stays there."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.review.checks import _same_subject
from assistant.review.content import _ANSWERED_NO, _NOT_A_PERSON, _PLACEHOLDER, _negated_list
from assistant.strategy.cells import is_pending
from assistant.strategy.placement import place_content
from assistant.strategy.validate import validate_markdown


@pytest.mark.parametrize(("text", "pending"), [
    ("PENDING", True), ("[PENDING]", True), ("[PENDING] Service Owner, DPO", True),
    ("[PENDING_NAME]", False), ("Pending review", False), ("[APPROVER_NAME]", False)])
def test_pending_is_the_templates_own_value(text: str, pending: bool) -> None:
    assert is_pending(text) is pending


def test_pending_is_no_placeholder_but_a_template_token_still_is() -> None:
    found = [m.group(0) for m in _PLACEHOLDER.finditer("| Approved By | [PENDING] Service Owner | [APPROVER_NAME] |")]
    assert found == ["[APPROVER_NAME]"]
    doc = "## Document Control\n\n| Field | Value |\n|---|---|\n| **Reviewed By** | [PENDING] Lead Architect |\n"
    detail = next(c for c in validate_markdown(doc).checks if c.check == "document_control_complete").detail
    assert "Reviewed By" not in detail.split("unfilled:")[1]


def test_a_term_inside_a_negated_list_or_answered_no_under_its_heading_is_not_processing() -> None:
    text = "No special-category data (health, ethnic origin, biometric data) is processed."
    assert _negated_list(text, text.index("biometric"))
    assert not _negated_list("Special-category data (health, biometric data) is processed.", 36)
    assert _ANSWERED_NO.match("'s Data\n\n**Not applicable** - the service is B2B.")
    assert not _ANSWERED_NO.match("'s Data\n\nChildren aged 13-17 use the service.")
    assert _NOT_A_PERSON.search("the bundle hash and signature key ")
    assert not _NOT_A_PERSON.search("staff enrol their ")


def _req(heading: str, statement: str) -> SimpleNamespace:
    return SimpleNamespace(heading=heading, statement=statement)


def test_an_uncited_target_is_held_only_to_requirements_about_its_subject() -> None:
    page = _req("NFR-P-001: Interactive Response Time", "Web page load < 1 s p95; writes excluding generation < 1 s")
    generation = _req("NFR-P-002: AI Generation Latency", "Generation returns within 60 seconds at p95.")
    assert not _same_subject("AI generation latency to streaming start (p95)", page)
    assert _same_subject("AI generation latency to streaming start (p95)", generation)
    assert _same_subject("Latency (p95)", page)  # no subject of its own: every requirement may be its


def test_a_subsection_numbered_under_its_own_section_is_not_relocated() -> None:
    doc = ("## 9. LLM/GenAI Operations\n\n### 9.4 Quality Targets\n\n| Metric | Target |\n|---|---|\n"
           "| Latency (p95) | < 8 s |\n| Availability | 99.9% |\n\n"
           "## 4. Training Pipeline\n\n### 4.3 Evaluation Pipeline Architecture\n\n| Stage | Tool |\n|---|---|\n"
           "| Golden prompts | pytest |\n\n"
           "## 4. Data Management\n\n### 3.2 Data Sources\n\n| Source | Type | Frequency | Volume | PII |\n"
           "|---|---|---|---|---|\n| Sensor feed | Stream | Real-time | 5 TB/day | No |\n")
    _, moves = place_content(doc)
    originals = {m.original: m.section for m in moves}
    assert "9.4 Quality Targets" not in originals and "4.3 Evaluation Pipeline Architecture" not in originals
    assert originals.get("3.2 Data Sources") == 3  # numbered for another section: placed by what it is

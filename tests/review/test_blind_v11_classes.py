"""False-finding classes seen on the blind unplanted v11 strategy (issue 22), each fixed as a class on the
real-strategy reader and the review rules: a deferred model owes nothing yet, a template list written as a table
and a renamed column are still read, a model card written as an H2 stays in section 11, a DPIA trigger quoted
from the law is not processing, a model card's "Ethical Considerations" is no ethics review step, a requirement's
own tier or acceptance figure is no contradiction, and the tail of another ID is no description."""

from __future__ import annotations

import re

from assistant.review.content import _DPIA_RULE, _SCREENING, _description
from assistant.review.doctext import Line
from assistant.strategy.parse import parse_markdown
from assistant.strategy.placement import place_content

_HEAD = "# MLOps Strategy: Test\n\n"


def test_a_template_list_written_as_a_table_is_read_as_its_items() -> None:
    md = ("## 11. Model Governance\n\n### Documentation Requirements\n\n| Document | Low | High |\n|---|---|---|\n"
          "| Model card | ✅ | ✅ |\n| Data sheet | — | ✅ |\n")
    items = parse_markdown(_HEAD + md).strategy.governance.documentation_requirements
    assert [i.text.split(" (")[0] for i in items] == ["Model card", "Data sheet"]


def test_a_renamed_column_of_the_same_shape_is_the_templates_column_in_its_place() -> None:
    md = ("## 13. UK Government AI Compliance\n\n### AI Playbook Principles\n\n"
          "| Principle | How This Strategy Addresses It | Status |\n|---|---|---|\n"
          "| Meaningful human control | Operator confirms every alert | Designed |\n")
    rows = parse_markdown(_HEAD + md).strategy.uk_compliance.ai_playbook
    assert rows and rows[0].implementation == "Operator confirms every alert"


def test_a_model_card_written_as_an_h2_stays_in_section_11_with_what_follows() -> None:
    md = ("## 11. Model Governance\n\n### 11.2 Model Card Template\n\nThe card below is the worked example.\n\n"
          "## Model Card: MOD-001 Incident Detector\n\n#### Model Details\n\n| Field | Value |\n|---|---|\n"
          "| Name | Incident Detector |\n\n### 11.4 Model Retirement\n\nModels are retired when superseded; the "
          "endpoint is removed within 30 days.\n\n## 12. Responsible AI Operations\n\nText.\n")
    placed, moves = place_content(md)
    assert [m.original for m in moves if m.kind == "relocated"] == ["Model Card: MOD-001 Incident Detector"]
    h2 = re.findall(r"(?m)^## (.+)$", placed)
    assert not any(h.startswith("Model Card") for h in h2)
    section_11 = placed.split("\n## 12.")[0]
    assert "Model Retirement" in section_11 and "Incident Detector" in section_11


def test_the_laws_dpia_trigger_names_no_processing_of_the_system() -> None:
    assert _DPIA_RULE.search("UK GDPR Article 35 requires DPIA for large-scale processing of special category data")
    assert _SCREENING.search("**Triggering Factors**:\n1.")
    assert not _DPIA_RULE.search("The service processes health data of claimants.")


def test_the_tail_of_another_identifier_is_no_description() -> None:
    line = Line(number=1, text="Every alert has a runbook in line with NFR-O-002's criterion, and carries a "
                               "correlation ID (NFR-O-001).", section=7, heading="7.1 Monitoring")
    assert _description(line, "NFR-O-001") is None
    titled = Line(number=2, text="Quality Feedback (FR-013) closes the loop.", section=7, heading="7.1")
    assert _description(titled, "FR-013") == "Quality Feedback"


def test_a_written_out_model_cards_own_parts_stay_in_section_11() -> None:
    md = ("## 11. Model Governance\n\n### 11.2 Model Card Template\n\n## Model Card: MOD-001 Triage Model\n\n"
          "### Training Data\n- Dataset: appeal letters 2021-2024\n- Size: 40,000 records\n\n"
          "### Performance\n| Metric | Value |\n|---|---|\n| Precision | 0.91 |\n\n"
          "### 11.3 Audit Trail\n\n| Event | Logged | Retention |\n|---|---|---|\n| Prediction | Yes | 7 years |\n\n"
          "## 12. Responsible AI Operations\n\nText.\n")
    placed, moves = place_content(md)
    # the card's Training Data and Performance are its own parts, not section 3's sources or section 7's metrics
    assert not [m for m in moves if m.original in ("Training Data", "Performance")]
    section_11 = placed.split("\n## 12.")[0]
    assert "appeal letters" in section_11 and "Precision" in section_11


def test_a_section_of_an_act_is_no_figure_in_seconds() -> None:
    # round J (v21j): "DPA 2018 s.49-50" was reported as an unsupported figure "2018 s"
    from assistant.review.content import _FIGURE

    assert [m.group(0) for m in _FIGURE.finditer("challenge it in court (DPIA §2.3; DPA 2018 s.49-50)")] == []
    assert [m.group(0) for m in _FIGURE.finditer("answers within 2 s. Then the next")] == ["2 s"]

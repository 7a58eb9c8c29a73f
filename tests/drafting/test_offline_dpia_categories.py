"""Issue 21: section 13's DPIA table records the special-category data the DPIA says is processed, one name per
category, citing the DPIA; a DPIA that denies such data (a denied list denies every item) adds no row, and no
other document speaks for the DPIA. Documents written for this test in ArcKit's style (no real project's text)."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.strategy import Strategy
from tests.drafting.arckit_snippets import document_control

REQ = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Context

HM Courts & Tribunals Service, a UK government agency, must follow the Technology Code of Practice.

## Functional Requirements

### FR-001: ML-Assisted Case Triage
**Description**: The system must classify incoming case files by urgency for caseworkers to review.
"""

DPIA_STATES = document_control("ARC-001-DPIA-v1.0", "Data Protection Impact Assessment") + """## 2. Personal Data

- Processing involves special category data (criminal offence data, health data, biometric data).
- **Racial/ethnic origin data**: defendant demographic data, ethnicity monitoring
"""

DPIA_DENIES = document_control("ARC-001-DPIA-v1.0", "Data Protection Impact Assessment") + """## 2. Personal Data

- No Article 9 special-category data (health, racial / ethnic origin, religion, biometric) is processed.
"""

ATRS = document_control("ARC-001-ATRS-v1.0", "Algorithmic Transparency Record") + """## 4. Data

- **Special Category Data** (health, ethnicity, religion) processed: [ ] No
"""


def _draft(folder: Path, dpia: str) -> Strategy:
    evidence = []
    for name, text in (("ARC-001-REQ-v1.0.md", REQ), ("ARC-001-DPIA-v1.0.md", dpia), ("ARC-001-ATRS-v1.0.md", ATRS)):
        (folder / name).write_text(text, encoding="utf-8")
        evidence.extend(evidence_from_file(folder / name))
    return OfflineDrafter(evidence, project_name="Case Triage", project_id="001", classification="OFFICIAL").draft()


def _special_rows(strategy: Strategy) -> list[str]:
    return [row.mlops_link or "" for row in strategy.uk_compliance.dpia
            if (row.dpia_element or "").startswith("Special category")]


def test_the_dpia_categories_are_recorded_once_each_with_the_dpia_cited(tmp_path: Path) -> None:
    strategy = _draft(tmp_path, DPIA_STATES)
    rows = _special_rows(strategy)
    assert len(rows) == 1
    named = rows[0].casefold()
    for category in ("criminal offence", "health", "biometric", "racial"):
        assert named.count(category) == 1, named
    assert "religion" not in named  # only the ATRS form names it, in a box left unticked
    row = next(r for r in strategy.uk_compliance.dpia if (r.dpia_element or "").startswith("Special category"))
    assert row.provenance.basis == "evidence" and row.provenance.evidence


def test_a_dpia_that_denies_special_category_data_adds_no_row(tmp_path: Path) -> None:
    assert _special_rows(_draft(tmp_path, DPIA_DENIES)) == []

"""Issue 21: section 13 (UK Government AI Compliance) applies to a UK public-sector body. An overseas government
that names public-sector words or models its records on UK guidance (the ATRS) is not one: without a word that
places the body in the UK the section does not apply, and the reason says why. Documents written for this test
in ArcKit's style (no real project's text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from tests.drafting.arckit_snippets import document_control

BODY = """## Business Requirements

### BR-001: Transparency records
**Requirement**: The {body} public sector entity publishes an ATRS-equivalent record for each agent before go-live.

### FR-001: Permit triage
**Requirement**: A classification model ranks permit applications for officer review.
"""


def _section_13(tmp_path: Path, body: str) -> tuple[bool, str]:
    path = tmp_path / "ARC-001-REQ-v1.0.md"
    path.write_text(document_control("ARC-001-REQ-v1.0", "Requirements") + BODY.format(body=body), encoding="utf-8")
    drafter = OfflineDrafter(evidence_from_file(path), project_name="Parcel Routing", project_id="001",
                             classification="OFFICIAL")
    return drafter.applicable_sections()[13]


@pytest.mark.parametrize(("body", "applies"), [
    ("federal (Ministry of Economy, Abu Dhabi)", False),
    ("UK central government", True),
    ("Welsh Government (Wales)", True),
    # a named UK public body places itself: no other word is needed
    ("Department for Work and Pensions", True),
    ("Driver and Vehicle Licensing Agency", True),
    ("Harrow London borough", True),
])
def test_section_13_needs_the_body_placed_in_the_uk(tmp_path: Path, body: str, applies: bool) -> None:
    decided, reason = _section_13(tmp_path, body)
    assert decided is applies, reason
    if not applies:
        assert "no document places the body in the UK" in reason

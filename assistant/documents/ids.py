"""Requirement IDs and ArcKit document IDs found in text (markings: `assistant.documents.markings`).

The ID families follow ArcKit requirements documents: BR, FR (and FR-ML), NFR with a category
(P, SEC, S, A, C, M, U, I, Q, E), INT, DR; data-model entities E-nnn, risks R-nnn and DPIA-nnn.
"""

from __future__ import annotations

import re

from assistant.documents.markings import LEVELS, scan_markings

# Prefix, up to two upper-case qualifiers (NFR-P, NFR-SEC, FR-ML), then a number and an optional lower-case
# letter for a requirement inserted later (FR-004a). Requirement families may number from 1 (ArcKit's older REQ
# documents write FR-1, NFR-P-1); entity, risk and DPIA IDs keep two or more digits, so "R-1"-like fragments
# of other text are not taken for IDs.
_FAMILY = r"(?:BR|FR|NFR|INT|DR)(?:-[A-Z]{1,5}){0,2}-(?:\d{3}[a-z]|\d{1,4})"
REQUIREMENT_ID = re.compile(
    rf"(?<![A-Za-z0-9-])(?:{_FAMILY}|(?:DPIA|E|R)(?:-[A-Z]{{1,5}}){{0,2}}-(?:\d{{3}}[a-z]|\d{{2,4}}))(?![A-Za-z0-9])"
)
# Only the requirement families (business, functional, non-functional, integration, data): not entities or risks.
REQUIREMENT_FAMILY_ID = re.compile(rf"^{_FAMILY}$")
# ARC-001-REQ-v1.0, ARC-001-ADR-003-v1.1, ARC-001-MLOPS-v2.0 (old copies: MLOP).
ARCKIT_DOC_ID = re.compile(r"(?<![A-Za-z0-9])ARC-\d{3}-[A-Z]{2,12}(?:-\d{3})?-v\d+(?:\.\d+)?(?![A-Za-z0-9])")

def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def find_requirement_ids(text: str) -> list[str]:
    """Requirement IDs in order of first appearance, without duplicates."""
    return _unique(REQUIREMENT_ID.findall(text))


def find_document_ids(text: str) -> list[str]:
    """ArcKit document IDs (ARC-001-REQ-v1.0) in order of first appearance."""
    return _unique(ARCKIT_DOC_ID.findall(text))


def find_markings(text: str) -> list[str]:
    """Classification tiers used as markings in `text`, least to most restrictive (guardrails' scanner)."""

    found = {marking.level for marking in scan_markings(text).markings}
    return [level for level in LEVELS if level in found]


def starts_with_requirement_id(text: str) -> bool:
    match = REQUIREMENT_ID.search(text[:40])
    return match is not None and text[: match.start()].strip(" *_`|#-:.\t") == ""

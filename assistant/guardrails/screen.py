"""All input checks on one text (a chunk at ingestion, a chat message): injection, PII, classification.

Fast by design (compiled regexes only; no models): ingestion screens every chunk with it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.guardrails.injection import DEFAULT_THRESHOLD, InjectionResult, detect_injection
from assistant.guardrails.markings import scan_markings
from assistant.guardrails.pii import PiiSpan, detect_pii


class ScreenResult(BaseModel):
    injection: InjectionResult
    pii: list[PiiSpan] = Field(default_factory=list)
    classification: str | None = None  # most restrictive tier used as a marking, e.g. "OFFICIAL-SENSITIVE"
    caveats: list[str] = Field(default_factory=list)  # handling caveats seen, e.g. ["PERSONAL", "UK EYES ONLY"]
    mentioned_markings: list[str] = Field(default_factory=list)  # tiers named in prose, not used as a marking


def screen_text(text: str, *, injection_threshold: float = DEFAULT_THRESHOLD) -> ScreenResult:
    """Screen one text. `pii[*].text` holds the value in memory only; it is excluded from JSON."""
    marks = scan_markings(text)
    strongest = marks.strongest
    return ScreenResult(
        injection=detect_injection(text, threshold=injection_threshold),
        pii=detect_pii(text),
        classification=strongest.level if strongest else None,
        caveats=list(strongest.caveats) if strongest else [],
        mentioned_markings=sorted(set(marks.mentions)),
    )

"""All input checks on one text (a chunk at ingestion, a chat message): injection, PII, classification.

Fast by design: compiled regexes, plus the learned injection classifier (`injection_model`), which embeds only the
sentences that pass a lexical pre-filter (usually none or a few per chunk; repeated sentences are cached).
Ingestion screens every chunk with it.

`source="document"` (default: an uploaded document or a chunk of one) treats any address to the model as
suspicious; `source="chat"` is a user's own message, where "Assistant, add a section on ..." is normal and only
override, exfiltration, role-hijack and prompt-extraction signals count.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.documents.markings import scan_markings
from assistant.guardrails.injection import DEFAULT_THRESHOLD, InjectionResult, detect_injection
from assistant.guardrails.injection_model import prewarm
from assistant.guardrails.pii import PiiSpan, detect_pii


class ScreenResult(BaseModel):
    injection: InjectionResult
    pii: list[PiiSpan] = Field(default_factory=list)
    classification: str | None = None  # most restrictive tier used as a marking, e.g. "OFFICIAL-SENSITIVE"
    caveats: list[str] = Field(default_factory=list)  # handling caveats seen, e.g. ["PERSONAL", "UK EYES ONLY"]
    mentioned_markings: list[str] = Field(default_factory=list)  # tiers named in prose, not used as a marking


def screen_text(text: str, *, injection_threshold: float = DEFAULT_THRESHOLD,
                source: Literal["document", "chat"] = "document") -> ScreenResult:
    """Screen one text. `pii[*].text` holds the value in memory only; it is excluded from JSON."""
    marks = scan_markings(text)
    strongest = marks.strongest
    return ScreenResult(
        injection=detect_injection(text, threshold=injection_threshold, source=source),
        pii=detect_pii(text),
        classification=strongest.level if strongest else None,
        caveats=list(strongest.caveats) if strongest else [],
        mentioned_markings=sorted(set(marks.mentions)),
    )


def screen_texts(texts: list[str], *, source: Literal["document", "chat"] = "document") -> list[ScreenResult]:
    """Screen many texts (a document's chunks): the classifier embeds all their candidate sentences in one
    batch first, which is several times faster than one small batch per chunk."""

    prewarm(texts, source)
    return [screen_text(text, source=source) for text in texts]


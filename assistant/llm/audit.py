"""The record of one generation that the drafting layer writes to the workspace audit log (decision 6)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from assistant.llm.types import Usage


class GenerationRecord(BaseModel):
    """Which prompt (id, version, content hash), which provider and model, what it cost, what evidence."""

    prompt_id: str
    prompt_version: str
    prompt_hash: str
    provider: str
    model: str | None
    usage: Usage
    evidence_ids: list[str] = Field(default_factory=list)
    project_key: str | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def to_audit_event(self) -> dict[str, Any]:
        """A JSON-safe dict for the audit log and the document's revision history."""
        return {"event": "generation", **self.model_dump(mode="json")}


def generation_record(prompt: Any, provider: Any, usage: Usage, evidence_ids: Iterable[str] = (),
                      project_key: str | None = None) -> GenerationRecord:
    """Build the record from a `Prompt` (assistant.prompts) and a `Provider` (assistant.llm)."""
    return GenerationRecord(prompt_id=prompt.id, prompt_version=prompt.version, prompt_hash=prompt.hash,
                            provider=provider.name, model=provider.model, usage=usage,
                            evidence_ids=sorted(set(evidence_ids)), project_key=project_key)

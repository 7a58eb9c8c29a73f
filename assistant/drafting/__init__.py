"""Section drafting, whole-document orchestration, revision and chat turns (the offline drafter is in `offline/`).

Public API (imported lazily, so `import assistant.drafting.offline` stays light):
    plan_outline(project, *, document_ids=None) -> Outline
    draft_document(project, *, sections=None, provider=None, on_event=None, document_ids=None) -> DraftOutcome
    draft_document_events(project, ...) -> Iterator[DraftEvent]          (the same, as a stream for the UI)
    revise_section(project, number, instruction, *, provider=None, document_ids=None) -> RevisionOutcome
    handle_turn(project, message, *, provider=None, document_ids=None) -> Iterator[ChatEvent]
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "plan_outline": "engine", "draft_document": "engine", "draft_document_events": "engine",
    "DraftEvent": "engine", "DraftOutcome": "engine", "Outline": "engine", "PlannedSection": "engine",
    "revise_section": "revision", "RevisionOutcome": "revision",
    "handle_turn": "chat", "ChatEvent": "chat", "Citation": "chat", "IntentRoute": "chat",
    "CheckReport": "checks", "Violation": "checks", "check_section": "checks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.drafting' has no attribute {name!r}")
    return getattr(import_module(f"assistant.drafting.{module}"), name)

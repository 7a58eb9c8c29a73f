"""Workspace persistence: projects, members, documents, conversations, draft versions, audit."""

from __future__ import annotations

from functools import lru_cache

from assistant.config import get_settings
from assistant.workspace.records import (
    AuditRecord,
    DocumentRecord,
    DraftVersionRecord,
    MessageRecord,
    ProjectRecord,
)
from assistant.workspace.store import LOCAL_USER, Workspace, slugify

__all__ = [
    "AuditRecord",
    "DocumentRecord",
    "DraftVersionRecord",
    "LOCAL_USER",
    "MessageRecord",
    "ProjectRecord",
    "Workspace",
    "get_workspace",
    "slugify",
]


@lru_cache(maxsize=4)
def _workspace_for(url: str) -> Workspace:
    return Workspace(url)


def get_workspace() -> Workspace:
    """The workspace at the configured database URL; one engine per URL per process."""
    return _workspace_for(get_settings().resolved_database_url)

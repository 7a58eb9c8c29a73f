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
    UserRecord,
)
from assistant.workspace.store import LOCAL_USER, Workspace, slugify

__all__ = [
    "AuditRecord",
    "DocumentRecord",
    "DraftVersionRecord",
    "LOCAL_USER",
    "MessageRecord",
    "ProjectRecord",
    "UserRecord",
    "Workspace",
    "get_workspace",
    "slugify",
]


@lru_cache(maxsize=4)
def _workspace_for(url: str) -> Workspace:
    return Workspace(url)


def get_workspace() -> Workspace:
    """The workspace at the configured database URL (one engine per URL per process), acting as the configured
    user (`MLOPS_ASSISTANT_USER`; the local user when unset)."""
    settings = get_settings()
    workspace = _workspace_for(settings.resolved_database_url)
    return workspace.for_user(settings.user) if settings.user else workspace

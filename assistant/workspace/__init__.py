"""Workspace persistence: projects, members, documents, conversations, draft versions, audit."""

from __future__ import annotations

from functools import lru_cache

from assistant.config import get_settings
from assistant.workspace.identity import acting_user
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
    "registered_users",
    "slugify",
]


@lru_cache(maxsize=4)
def _workspace_for(url: str) -> Workspace:
    return Workspace(url)


def get_workspace() -> Workspace:
    """The workspace at the configured database URL (one engine per URL per process), acting as the signed-in
    user of the web app (`identity.py`), else the configured user (`MLOPS_ASSISTANT_USER`), else the local
    user."""
    settings = get_settings()
    workspace = _workspace_for(settings.resolved_database_url)
    user = acting_user(settings.user)
    return workspace.for_user(user) if user else workspace


def registered_users() -> list[str]:
    """The registered users' names, read without an acting user (this is how the acting user is found)."""
    return [user.name for user in _workspace_for(get_settings().resolved_database_url).list_users()]

"""Issuing a project's chunk scope. Only the workspace imports this (after it checked the acting user may open
the project); the import contract in pyproject.toml forbids every other package from doing so."""

from __future__ import annotations

from assistant.index.scope import _ISSUED, ChunkScope


def project_scope(project_key: str) -> ChunkScope:
    return ChunkScope(project_key, _ISSUED)

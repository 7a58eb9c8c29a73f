"""Plain, detached records that the workspace hands out (no database session attached)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Record(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProjectRecord(_Record):
    key: str
    project_id: str
    name: str
    classification: str = "OFFICIAL"
    owner: str = ""
    review_cycle: str = "Quarterly"
    settings: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


class DocumentRecord(_Record):
    id: str = ""
    project_key: str = ""
    filename: str
    content_hash: str
    size_bytes: int = 0
    kind: str = ""
    pages: int | None = None
    chunk_count: int = 0
    requirement_ids: list[str] = Field(default_factory=list)
    markings: list[str] = Field(default_factory=list)
    marking_review: dict[str, Any] = Field(default_factory=dict)
    stored_path: str = ""
    guard_flags: int = 0
    created_at: datetime | None = None

    @field_validator("marking_review", mode="before")
    @classmethod
    def _no_review(cls, value: Any) -> Any:
        return {} if value is None else value  # rows written before marking reviews existed


class MessageRecord(_Record):
    id: int | None = None
    project_key: str = ""
    role: str
    content: str
    citations: list[dict[str, Any]] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)
    feedback: int | None = None
    created_at: datetime | None = None


class DraftVersionRecord(_Record):
    id: int | None = None
    project_key: str
    number: int
    strategy: dict[str, Any]
    note: str = ""
    author: str = "local"
    created_at: datetime | None = None
    action: str | None = None
    steps: list[dict[str, Any]] = Field(default_factory=list)  # [{"note", "at", "fields"}]: the saves of one user action

    @field_validator("steps", mode="before")
    @classmethod
    def _no_steps(cls, value: Any) -> Any:
        return [] if value is None else value  # rows written before steps existed


class AuditRecord(_Record):
    id: int | None = None
    project_key: str | None = None
    kind: str
    detail: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = None
    user: str | None = None  # who acted; None on events written before users existed


class UserRecord(_Record):
    name: str
    display_name: str = ""
    clearance: str
    created_at: datetime | None = None

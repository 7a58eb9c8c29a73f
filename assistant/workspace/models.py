"""SQLAlchemy tables of the workspace. Private to this package: callers get the records in `records.py`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(8))  # ArcKit's 3-digit number, "001"
    name: Mapped[str] = mapped_column(String(200))
    classification: Mapped[str] = mapped_column(String(40), default="OFFICIAL")
    owner: Mapped[str] = mapped_column(String(200), default="")
    review_cycle: Mapped[str] = mapped_column(String(20), default="Quarterly")
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Member(Base):
    """Project membership exists from the start so a team deployment can add sign-in without a redesign."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("project_key", "user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_key: Mapped[str] = mapped_column(ForeignKey("projects.key", ondelete="CASCADE"), index=True)
    user: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default="owner")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    project_key: Mapped[str] = mapped_column(ForeignKey("projects.key", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(400))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="")
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    requirement_ids: Mapped[list] = mapped_column(JSON, default=list)
    markings: Mapped[list] = mapped_column(JSON, default=list)
    # Unconfirmed marking-like text applied as the higher tier until a person decides (status, passages).
    marking_review: Mapped[dict | None] = mapped_column(JSON, default=dict, nullable=True)  # NULL: rows from before it
    stored_path: Mapped[str] = mapped_column(String(1000), default="", server_default="")  # the kept upload, deleted with the record
    guard_flags: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_key: Mapped[str] = mapped_column(ForeignKey("projects.key", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JSON, default=list)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    feedback: Mapped[int | None] = mapped_column(Integer, nullable=True)  # +1 / -1 / None
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DraftVersion(Base):
    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("project_key", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_key: Mapped[str] = mapped_column(ForeignKey("projects.key", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... per project
    strategy: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(400), default="")
    author: Mapped[str] = mapped_column(String(120), default="local")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # One user action (draft all, a chat turn) is one version; each save inside it is a step here.
    action: Mapped[str | None] = mapped_column(String(40), nullable=True)
    steps: Mapped[list | None] = mapped_column(JSON, nullable=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_key: Mapped[str | None] = mapped_column(String(80), index=True, nullable=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user: Mapped[str | None] = mapped_column(String(120), index=True, nullable=True)  # who acted (None: before users)


class User(Base):
    """A person who may sign in; the clearance names the markings they may open (policy file `clearances`)."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    clearance: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

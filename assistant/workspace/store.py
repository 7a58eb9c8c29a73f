"""The workspace: projects, documents, conversations, draft versions and the audit log.

SQLite (WAL) under the data home by default, PostgreSQL by URL for a team. Every public method is one
transaction, so a write is either whole or absent: a finished section is durable the moment it is saved.
"""

from __future__ import annotations

import copy
import os
import re
import time
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import AccessDeniedError, DraftConflictError, InvalidInputError
from assistant.strategy.schema import SECTIONS
from assistant.workspace import migrate
from assistant.workspace.models import (
    AuditEvent,
    Document,
    DraftVersion,
    Member,
    Message,
    Project,
    User,
    utcnow,
)
from assistant.workspace.records import (
    AuditRecord,
    DocumentRecord,
    DraftVersionRecord,
    MessageRecord,
    ProjectRecord,
)
from assistant.workspace.team import LOCAL_USER, AccessControl, Denied


def _section_fields(numbers: Collection[int]) -> set[str]:
    return {info.field for info in SECTIONS if info.number in set(numbers)}


@lru_cache(maxsize=1)
def _all_section_fields() -> frozenset[str]:
    return frozenset(info.field for info in SECTIONS)
_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


def slugify(text: str) -> str:
    """A project key from a name: lower case, words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "project"


def _enable_sqlite_wal(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def _private_sqlite_file(path: Path) -> None:
    """Create the database's folder 0700 and the file 0600 before SQLite opens it (its -wal and -shm files
    take the database file's permissions), and tighten an existing one: it holds project material."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.chmod(0o600)


@dataclass
class _Action:
    """One user action in progress: every draft saved inside it amends the same version."""

    project_key: str
    label: str
    id: str
    number: int | None = None


_ACTION: ContextVar[_Action | None] = ContextVar("workspace_draft_action", default=None)


# Optimistic retries of a draft save racing another writer for the same version number.
_SAVE_ATTEMPTS = 50


class Workspace(AccessControl):
    """The store. Acts as one user (`for_user`; the local user by default); every method that touches a
    project checks that user's access first (see `team.py`: off until the workspace has a registered user)."""

    def __init__(self, url: str, *, user: str = LOCAL_USER) -> None:
        self.user = user
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            _private_sqlite_file(Path(url.removeprefix("sqlite:///")))
        self.url = url
        self.engine = create_engine(url, future=True)
        if url.startswith("sqlite"):
            _enable_sqlite_wal(self.engine)
        migrate.upgrade(self.engine)  # a new database is created by migrating; an older one is brought up to date
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def for_user(self, user: str) -> Workspace:
        """The same store (engine and connections shared) acting as `user`."""
        other = copy.copy(self)
        other.user = user
        return other

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except Denied as denied:
            with self._sessions.begin() as session:
                session.add(denied.event)
            raise denied.error from None

    # Projects ---------------------------------------------------------------------------------------

    def create_project(
        self,
        name: str,
        *,
        key: str | None = None,
        project_id: str | None = None,
        classification: str = "OFFICIAL",
        owner: str = "",
        review_cycle: str = "Quarterly",
    ) -> ProjectRecord:
        key = key or slugify(name)
        if not _KEY_PATTERN.match(key):
            raise InvalidInputError(f"Project key {key!r} must be lower-case letters, digits, '.', '_' or '-'.")
        if project_id is not None and not re.fullmatch(r"\d{3}", project_id):
            raise InvalidInputError(f"Project ID {project_id!r} must be three digits, such as 001.")
        with self._transaction() as session:
            if session.get(Project, key) is not None:
                raise InvalidInputError(f"A project with key {key!r} already exists.")
            if project_id is None:
                highest = session.scalar(select(func.max(Project.project_id)))
                project_id = f"{int(highest or 0) + 1:03d}"
            project = Project(
                key=key,
                project_id=project_id,
                name=name,
                classification=classification,
                owner=owner,
                review_cycle=review_cycle,
                settings={},
            )
            session.add(project)
            session.flush()  # the member row refers to the project
            team = self._team(session)
            if team and session.get(User, self.user) is None:
                raise AccessDeniedError(f"User {self.user!r} may not create projects: not a registered user.")
            session.add(Member(project_key=key, user=self.user, role="owner"))
            if team:
                self._record(session, key, "project_created", {"classification": classification})
            session.flush()
            return ProjectRecord.model_validate(project)

    def get_project(self, key_or_id: str) -> ProjectRecord | None:
        """A project by key, or by its 3-digit ArcKit project ID."""
        with self._transaction() as session:
            project = session.get(Project, key_or_id)
            if project is None and re.fullmatch(r"\d{3}", key_or_id):
                project = session.scalar(select(Project).where(Project.project_id == key_or_id))
            if project is not None:
                self._require(session, project.key)
            return ProjectRecord.model_validate(project) if project else None

    def require_project(self, key_or_id: str) -> ProjectRecord:
        project = self.get_project(key_or_id)
        if project is None:
            raise InvalidInputError(f"No project {key_or_id!r}: create it first or check the name.")
        return project

    def get_or_create_project(self, key: str, *, name: str | None = None) -> ProjectRecord:
        """A project by key, ID or name (as its key, "Claims Triage" -> claims-triage), created if missing."""
        return self.get_project(key) or self.get_project(slugify(key)) or self.create_project(name or key, key=slugify(key))

    def list_projects(self) -> list[ProjectRecord]:
        with self._transaction() as session:
            rows = session.scalars(select(Project).order_by(Project.project_id))
            return [ProjectRecord.model_validate(row) for row in self._visible(session, rows)]

    def update_project(self, key: str, **changes: Any) -> ProjectRecord:
        allowed = {"name", "classification", "owner", "review_cycle", "settings"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInputError(f"Cannot change project field(s): {', '.join(sorted(unknown))}.")
        with self._transaction() as session:
            project = session.get(Project, key)
            if project is None:
                raise InvalidInputError(f"No project {key!r}.")
            self._require(session, key, "owner" if "classification" in changes else "editor")
            before = project.classification
            for field, value in changes.items():
                setattr(project, field, value)
            if "classification" in changes and changes["classification"] != before:
                # Audited here, in the same transaction, so no caller can change it without a trace.
                session.add(AuditEvent(project_key=key, kind="classification_changed", user=self.user,
                                       detail={"old": before, "new": changes["classification"]},
                                       created_at=utcnow()))
            session.flush()
            return ProjectRecord.model_validate(project)

    def members(self, key: str) -> list[tuple[str, str]]:
        with self._transaction() as session:
            self._require(session, key)
            rows = session.scalars(select(Member).where(Member.project_key == key))
            return [(row.user, row.role) for row in rows]

    # Documents --------------------------------------------------------------------------------------

    def add_document(self, project_key: str, record: DocumentRecord) -> DocumentRecord:
        """Store a document record; one with the same filename in the project is replaced."""
        with self._transaction() as session:
            self._require(session, project_key, "editor")
            existing = session.scalar(
                select(Document).where(Document.project_key == project_key, Document.filename == record.filename)
            )
            if existing is not None:
                session.delete(existing)
                session.flush()
            values = record.model_dump(exclude={"created_at"})
            values["id"] = record.id or uuid.uuid4().hex[:16]
            values["project_key"] = project_key
            document = Document(**values)
            session.add(document)
            session.flush()
            return DocumentRecord.model_validate(document)

    def find_document(
        self, project_key: str, *, content_hash: str | None = None, filename: str | None = None
    ) -> DocumentRecord | None:
        query = select(Document).where(Document.project_key == project_key)
        if content_hash is not None:
            query = query.where(Document.content_hash == content_hash)
        if filename is not None:
            query = query.where(Document.filename == filename)
        with self._transaction() as session:
            self._require(session, project_key)
            document = session.scalars(query).first()
            return DocumentRecord.model_validate(document) if document else None

    def get_document(self, project_key: str, document_id: str) -> DocumentRecord | None:
        with self._transaction() as session:
            self._require(session, project_key)
            document = session.get(Document, document_id)
            if document is None or document.project_key != project_key:
                return None
            return DocumentRecord.model_validate(document)

    def list_documents(self, project_key: str) -> list[DocumentRecord]:
        with self._transaction() as session:
            self._require(session, project_key)
            rows = session.scalars(
                select(Document).where(Document.project_key == project_key).order_by(Document.created_at)
            )
            return [DocumentRecord.model_validate(row) for row in rows]

    def set_marking_review(self, project_key: str, document_id: str, *, markings: list[str],
                           review: dict[str, Any]) -> DocumentRecord:
        """Record a person's decision on a document's unconfirmed marking (the new levels and the review)."""
        with self._transaction() as session:
            self._require(session, project_key, "editor")
            document = session.get(Document, document_id)
            if document is None or document.project_key != project_key:
                raise InvalidInputError(f"No document {document_id!r} in project {project_key!r}.")
            document.markings = list(markings)
            document.marking_review = dict(review)
            session.flush()
            return DocumentRecord.model_validate(document)

    def remove_document(self, project_key: str, document_id: str) -> bool:
        with self._transaction() as session:
            self._require(session, project_key, "editor")
            document = session.get(Document, document_id)
            if document is None or document.project_key != project_key:
                return False
            session.delete(document)
            return True

    # Conversation -----------------------------------------------------------------------------------

    def add_message(
        self,
        project_key: str,
        role: str,
        content: str,
        *,
        citations: list[dict[str, Any]] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> MessageRecord:
        with self._transaction() as session:
            self._require(session, project_key)  # a viewer may chat over a project; chat does not edit it
            message = Message(
                project_key=project_key, role=role, content=content, citations=citations or [], meta=meta or {}
            )
            session.add(message)
            session.flush()
            return MessageRecord.model_validate(message)

    def messages(self, project_key: str, *, limit: int | None = None) -> list[MessageRecord]:
        query = select(Message).where(Message.project_key == project_key).order_by(Message.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._transaction() as session:
            self._require(session, project_key)
            rows = list(session.scalars(query))
        return [MessageRecord.model_validate(row) for row in reversed(rows)]

    def set_feedback(self, message_id: int, feedback: int | None) -> None:
        if feedback not in (1, -1, None):
            raise InvalidInputError("Feedback must be +1, -1 or empty.")
        with self._transaction() as session:
            message = session.get(Message, message_id)
            if message is None:
                raise InvalidInputError(f"No message {message_id}.")
            self._require(session, message.project_key)
            message.feedback = feedback

    # Draft versions ---------------------------------------------------------------------------------

    @contextmanager
    def one_version(self, project_key: str, label: str) -> Iterator[None]:
        """Group the drafts saved inside this block (on this thread) into one version: the first save makes it,
        later ones amend it and add a step. A whole-document draft is then one version with its per-section
        history in `steps`, and each finished section is still durable the moment it is saved."""
        token = _ACTION.set(_Action(project_key=project_key, label=label, id=uuid.uuid4().hex[:16]))
        try:
            yield
        finally:
            _ACTION.reset(token)

    def save_draft(self, project_key: str, strategy: dict[str, Any], *, note: str = "", author: str | None = None,
                   sections: Collection[int] | None = None, base_version: int | None = None,
                   base_steps: int | None = None) -> DraftVersionRecord:
        """Save the project's strategy (the whole document, as schema JSON): a new version, or, inside
        `one_version`, the action's version amended with one more step while it is still the latest.

        `sections`: the sections this save changes. They are merged onto the latest version at the moment of
        saving, so two runs drafting one project at once each keep the other's sections; without it the
        whole document is the new version. The version number is taken optimistically: a writer that loses
        the race for a number (the UNIQUE constraint) re-reads the latest version and merges again, so no
        save crashes and none overwrites a section it did not change. One Core transaction per attempt.

        `base_version`: the version a person's edit started from (0: none existed). If a later version changed
        any of the same sections (the whole document when `sections` is not given), nothing is saved and
        DraftConflictError carries both versions of those sections; edits to other sections merge as above.
        `base_steps`: how many steps that version had when the edit started (`len(record.steps)`): a user
        action amends its version while it is the latest, so the sections its later steps changed conflict
        too, even though the version number did not move."""
        with self._transaction() as session:
            self._require(session, project_key, "editor")
        author = author or self.user
        table = cast(Table, DraftVersion.__table__)
        projects = cast(Table, Project.__table__)
        fields = _section_fields(sections) if sections is not None else None
        action = _ACTION.get()
        if action is not None and action.project_key != project_key:
            action = None  # a save for another project is its own version
        for attempt in range(_SAVE_ATTEMPTS):
            now = utcnow()
            # The sections a step changed (None: the whole document), for the conflict check of amended versions.
            step = {"note": note, "at": now.isoformat(), "fields": sorted(fields) if fields is not None else None}
            try:
                with self.engine.begin() as connection:
                    # Take the project's row lock first (PostgreSQL: this row until commit; SQLite: the write
                    # lock): saves of one project then run one after another, so the version read next is the
                    # latest committed one and no save amends or merges onto a version another just replaced.
                    connection.execute(update(projects).where(projects.c.key == project_key).values(updated_at=now))
                    latest = connection.execute(
                        select(table.c.id, table.c.number, table.c.strategy, table.c.steps, table.c.created_at)
                        .where(table.c.project_key == project_key)
                        .order_by(table.c.number.desc()).limit(1)).first()
                    amended = base_steps is not None and latest is not None and len(latest.steps or []) > base_steps
                    if base_version is not None and latest is not None and (latest.number != base_version or amended):
                        self._check_conflict(connection, project_key, (base_version, base_steps),
                                             (latest.number, latest.strategy), strategy, fields)
                    body = strategy
                    if fields is not None and latest is not None:
                        body = {**strategy, **{k: v for k, v in latest.strategy.items()
                                               if k in _all_section_fields() and k not in fields}}
                    if action is not None and latest is not None and action.number == latest.number:
                        # Another writer's version on top would be hidden by amending below it: then a new one.
                        changed = {"strategy": body, "steps": [*(latest.steps or []), step], "author": author}
                        connection.execute(update(table).where(table.c.id == latest.id).values(changed))
                        return DraftVersionRecord.model_validate(
                            {"id": latest.id, "project_key": project_key, "number": latest.number,
                             "note": action.label, "created_at": latest.created_at, "action": action.id, **changed})
                    values: dict[str, Any] = {
                        "project_key": project_key, "strategy": body, "author": author, "created_at": now,
                        "number": (latest.number if latest else 0) + 1, "steps": [step],
                        "note": action.label if action is not None else note,
                        "action": action.id if action is not None else None}
                    inserted = connection.execute(insert(table).values(values)).inserted_primary_key
                if action is not None:
                    action.number = values["number"]
                return DraftVersionRecord.model_validate({"id": inserted[0] if inserted else None, **values})
            except IntegrityError:
                time.sleep(0.005 * (attempt + 1))  # another writer took this number: merge onto its version
            except OperationalError as exc:
                # SQLite only: writers queued past busy_timeout (many users on one file). Nothing was written;
                # waiting again is what a person would do. Anything else is a real error.
                if "database is locked" not in str(exc):
                    raise
                time.sleep(0.005 * (attempt + 1))
        raise InvalidInputError(f"Could not save a draft of {project_key!r}: {_SAVE_ATTEMPTS} concurrent "
                                "writers took every version number first or held the database; try again.")

    @staticmethod
    def _check_conflict(connection: Connection, project_key: str, base_read: tuple[int, int | None],
                        latest_version: tuple[int, dict[str, Any]], strategy: dict[str, Any],
                        fields: set[str] | None) -> None:
        """Raise DraftConflictError when a version after the base (or a step amending the base after it was
        read) changed what this save changes."""
        (base_version, base_steps), (number, saved) = base_read, latest_version
        table = cast(Table, DraftVersion.__table__)
        row = connection.execute(select(table.c.strategy, table.c.steps).where(
            table.c.project_key == project_key, table.c.number == base_version)).first()
        base = row.strategy if row is not None else {}
        keys = fields if fields is not None else set(base) | set(saved) | set(strategy)
        touched = {k for k in keys if base.get(k) != saved.get(k)}  # by the versions after the base
        if row is not None and base_steps is not None:
            for later in (row.steps or [])[base_steps:]:  # by steps amending the base after it was read
                touched |= keys if later.get("fields") is None else keys & set(later["fields"])
        # A conflict: they changed it since, and this save would put something else there.
        changed = sorted(k for k in touched if strategy.get(k) != saved.get(k))
        if changed:
            raise DraftConflictError(
                (f"Version {number} of {project_key!r} was amended after this edit started"
                 if number == base_version else
                 f"Version {number} of {project_key!r} was saved after the version {base_version} this edit "
                 "started from")
                + f", and changed {', '.join(changed)} too: nothing was saved. Choose which to keep.",
                project_key=project_key, base=base_version, latest=number, fields=changed,
                theirs={k: saved.get(k) for k in changed}, yours={k: strategy.get(k) for k in changed})

    def latest_draft(self, project_key: str) -> DraftVersionRecord | None:
        with self._transaction() as session:
            self._require(session, project_key)
            version = session.scalars(
                select(DraftVersion)
                .where(DraftVersion.project_key == project_key)
                .order_by(DraftVersion.number.desc())
                .limit(1)
            ).first()
            return DraftVersionRecord.model_validate(version) if version else None

    def get_draft(self, project_key: str, number: int) -> DraftVersionRecord | None:
        with self._transaction() as session:
            self._require(session, project_key)
            version = session.scalar(
                select(DraftVersion).where(DraftVersion.project_key == project_key, DraftVersion.number == number)
            )
            return DraftVersionRecord.model_validate(version) if version else None

    def draft_history(self, project_key: str) -> list[DraftVersionRecord]:
        with self._transaction() as session:
            self._require(session, project_key)
            rows = session.scalars(
                select(DraftVersion).where(DraftVersion.project_key == project_key).order_by(DraftVersion.number)
            )
            return [DraftVersionRecord.model_validate(row) for row in rows]

    # Audit ------------------------------------------------------------------------------------------

    def audit(self, project_key: str | None, kind: str, detail: dict[str, Any] | None = None) -> AuditRecord:
        """Append an audit event (one Core transaction: written once per drafted section, so no ORM flush)."""
        if project_key is not None:
            with self._transaction() as session:
                self._require(session, project_key)
        values = {"project_key": project_key, "kind": kind, "detail": detail or {}, "created_at": utcnow(),
                  "user": self.user}
        with self.engine.begin() as connection:
            inserted = connection.execute(insert(cast(Table, AuditEvent.__table__)).values(values)).inserted_primary_key
        return AuditRecord.model_validate({"id": inserted[0] if inserted else None, **values})

    def audit_events(self, project_key: str | None = None, *, kind: str | None = None) -> list[AuditRecord]:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if project_key is not None:
            query = query.where(AuditEvent.project_key == project_key)
        if kind is not None:
            query = query.where(AuditEvent.kind == kind)
        with self._transaction() as session:
            if project_key is not None:
                self._require(session, project_key)
            elif self._team(session):
                # Across projects: the events of projects this user may open, and their own project-less ones.
                keys = [p.key for p in self._visible(session, session.scalars(select(Project)))]
                query = query.where(AuditEvent.project_key.in_(keys)
                                    | (AuditEvent.project_key.is_(None) & (AuditEvent.user == self.user)))
            return [AuditRecord.model_validate(row) for row in session.scalars(query)]

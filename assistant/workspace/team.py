"""Team use of the workspace: users with a clearance, project membership with a role, and the check every
store method makes before it reads or writes a project (enforced here, below every UI and CLI).

Access is off until the workspace has a registered user: single-user use stays as it was, one local user who
owns everything. Once an administrator adds a user, a workspace acts as one user (`Workspace.for_user`) and
a project opens only to a member whose role suffices and whose clearance reaches the project's marking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from assistant.errors import AccessDeniedError, InvalidInputError
from assistant.index.grant import project_scope
from assistant.index.scope import ChunkScope
from assistant.workspace.access import ROLE_RANK, check_clearance, check_role, clearance_allows
from assistant.workspace.models import AuditEvent, Member, Project, User, utcnow
from assistant.workspace.records import UserRecord

LOCAL_USER = "local"


class Denied(Exception):
    """Raised inside a transaction when access is refused; `Workspace._transaction` rolls that transaction
    back, records `event` in a transaction of its own (the refusal must stay on record) and raises `error`.
    Recording after the first transaction ends keeps one connection per request (no pool deadlock)."""

    def __init__(self, error: AccessDeniedError, event: AuditEvent) -> None:
        super().__init__(str(error))
        self.error, self.event = error, event


class AccessControl:
    """Mixed into `Workspace`: the acting user, the access check, and the administrator's operations."""

    user: str

    def _transaction(self) -> AbstractContextManager[Session]:  # provided by Workspace
        raise NotImplementedError

    # The check ------------------------------------------------------------------------------------------

    @staticmethod
    def _team(session: Session) -> bool:
        return bool(session.scalar(select(exists().where(User.name.is_not(None)))))

    def _denied(self, project_key: str, reason: str) -> Denied:
        verb, why = reason.split(":", 1)
        error = AccessDeniedError(f"User {self.user!r} may not {verb} project {project_key!r}: {why.strip()}.")
        return Denied(error, AuditEvent(project_key=project_key, kind="access_denied", user=self.user,
                                        detail={"reason": reason}, created_at=utcnow()))

    def _require(self, session: Session, project_key: str, need: str = "viewer") -> None:
        """Raise AccessDeniedError unless the acting user may do `need` (viewer: read, editor: write) in the
        project. A project that does not exist passes: the caller reports it as missing."""
        if not self._team(session):
            return
        project = session.get(Project, project_key)
        if project is None:
            return
        verb = "open" if need == "viewer" else "change"
        user = session.get(User, self.user)
        if user is None:
            raise self._denied(project_key, f"{verb}: not a registered user")
        if not clearance_allows(user.clearance, project.classification):
            raise self._denied(project_key,
                               f"{verb}: the project is {project.classification}, above clearance {user.clearance}")
        role = session.scalar(select(Member.role).where(Member.project_key == project_key, Member.user == self.user))
        if role is None:
            raise self._denied(project_key, f"{verb}: not a member")
        if ROLE_RANK.get(role, -1) < ROLE_RANK[need]:
            raise self._denied(project_key, f"{verb}: the role {role} is below {need}")

    def require_access(self, project_key: str, need: str = "viewer") -> None:
        """Raise AccessDeniedError (and record it) unless the acting user may `need` in the project: for a long
        operation, such as drafting, that must be refused before it starts rather than at its first save."""
        with self._transaction() as session:
            self._require(session, project_key, check_role(need))

    def chunk_scope(self, project_key: str, need: str = "viewer") -> ChunkScope:
        """The scope through which the vector store reads (viewer) or writes (editor) the project's chunks,
        issued only when the acting user may; in a team workspace a project that does not exist has none."""
        with self._transaction() as session:
            if self._team(session) and session.get(Project, project_key) is None:
                raise self._denied(project_key, "open: there is no such project")
            self._require(session, project_key, need)
        return project_scope(project_key)

    def _visible(self, session: Session, projects: Iterator[Project]) -> list[Project]:
        """The projects the acting user may open (all of them in single-user use)."""
        if not self._team(session):
            return list(projects)
        user = session.get(User, self.user)
        if user is None:
            return []
        mine = set(session.scalars(select(Member.project_key).where(Member.user == self.user)))
        return [p for p in projects if p.key in mine and clearance_allows(user.clearance, p.classification)]

    def _record(self, session: Session, project_key: str | None, kind: str, detail: dict[str, Any]) -> None:
        session.add(AuditEvent(project_key=project_key, kind=kind, detail=detail, user=self.user, created_at=utcnow()))

    # Administration: users --------------------------------------------------------------------------------

    def add_user(self, name: str, *, clearance: str, display_name: str = "") -> UserRecord:
        name = name.strip()
        if not name:
            raise InvalidInputError("A user needs a name (the identity provider's user name or e-mail).")
        clearance = check_clearance(clearance)
        with self._transaction() as session:
            if session.get(User, name) is not None:
                raise InvalidInputError(f"A user {name!r} already exists; use `users set-clearance` to change them.")
            user = User(name=name, display_name=display_name, clearance=clearance, created_at=utcnow())
            session.add(user)
            self._record(session, None, "user_added", {"name": name, "clearance": clearance})
            session.flush()
            return UserRecord.model_validate(user)

    def list_users(self) -> list[UserRecord]:
        with self._transaction() as session:
            return [UserRecord.model_validate(u) for u in session.scalars(select(User).order_by(User.name))]

    def set_clearance(self, name: str, clearance: str) -> UserRecord:
        clearance = check_clearance(clearance)
        with self._transaction() as session:
            user = session.get(User, name)
            if user is None:
                raise InvalidInputError(f"No user {name!r}: add them first with `users add`.")
            old, user.clearance = user.clearance, clearance
            self._record(session, None, "clearance_changed", {"name": name, "old": old, "new": clearance})
            session.flush()
            return UserRecord.model_validate(user)

    # Administration: membership ---------------------------------------------------------------------------

    def grant(self, project_key: str, user: str, role: str) -> None:
        role = check_role(role)
        with self._transaction() as session:
            if session.get(Project, project_key) is None:
                raise InvalidInputError(f"No project {project_key!r}.")
            if session.get(User, user) is None:
                raise InvalidInputError(f"No user {user!r}: add them first with `users add`.")
            member = session.scalar(select(Member).where(Member.project_key == project_key, Member.user == user))
            old = member.role if member is not None else None
            if member is None:
                session.add(Member(project_key=project_key, user=user, role=role))
            else:
                member.role = role
            self._record(session, project_key, "access_granted", {"user": user, "role": role, "old": old})

    def revoke(self, project_key: str, user: str) -> bool:
        with self._transaction() as session:
            member = session.scalar(select(Member).where(Member.project_key == project_key, Member.user == user))
            gone = member is not None
            if member is not None:
                session.delete(member)
            if gone:
                self._record(session, project_key, "access_revoked", {"user": user})
            return bool(gone)

    def access_list(self, project_key: str | None = None, user: str | None = None) -> list[tuple[str, str, str]]:
        """(project, user, role) rows, narrowed to a project and/or a user."""
        query = select(Member).order_by(Member.project_key, Member.user)
        if project_key is not None:
            query = query.where(Member.project_key == project_key)
        if user is not None:
            query = query.where(Member.user == user)
        with self._transaction() as session:
            return [(m.project_key, m.user, m.role) for m in session.scalars(query)]

"""ArcKit document IDs and versions: `ARC-{PID}-MLOPS-v{MAJOR.MINOR}`, kept consistent with the file name."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from assistant.strategy.enums import DocumentStatus
from assistant.strategy.schema import TYPE_CODE, RevisionRow, Strategy

DOC_ID_RE = re.compile(r"^ARC-(?P<pid>\d{3})-(?P<type>MLOPS?)-v(?P<version>\d+\.\d+)$")


def document_id(project_id: str, version: str) -> str:
    return f"ARC-{project_id}-{TYPE_CODE}-v{version}"


def filename(project_id: str, version: str, ext: str = "md") -> str:
    return f"{document_id(project_id, version)}.{ext}"


def parse_document_id(text: str) -> tuple[str, str, str] | None:
    """(project ID, type code, version) of an ID or file name stem, or None."""
    m = DOC_ID_RE.match(text.strip().removesuffix(".md").removesuffix(".json").removesuffix(".docx"))
    return (m.group("pid"), m.group("type"), m.group("version")) if m else None


def next_version(version: str, *, scope_changed: bool) -> str:
    """Minor bump (1.0 -> 1.1) when scope is unchanged, major (1.4 -> 2.0) when it changes."""
    major, minor = (int(x) for x in version.split("."))
    return f"{major + 1}.0" if scope_changed else f"{major}.{minor + 1}"


def bump_version(
    strategy: Strategy,
    changes: str,
    *,
    scope_changed: bool = False,
    author: str = "MLOps Strategy Assistant",
    today: dt.date | None = None,
) -> Strategy:
    """A copy at the next version with a Revision History row; back to DRAFT, sign-off PENDING again."""
    today = today or dt.date.today()
    new = strategy.model_copy(deep=True)
    dc = new.document_control
    dc.version = next_version(dc.version, scope_changed=scope_changed)
    dc.last_modified = today
    dc.status = DocumentStatus.DRAFT
    dc.reviewed_by, dc.reviewed_on, dc.approved_by, dc.approved_on = "PENDING", None, "PENDING", None
    new.revision_history.append(RevisionRow(version=dc.version, date=today, author=author, changes=changes))
    return new


def latest_in_folder(folder: Path, project_id: str) -> str | None:
    """The highest version of this project's MLOps strategy already in an ArcKit project folder (MLOP too)."""
    versions = []
    for path in folder.glob(f"ARC-{project_id}-MLOP*-v*.md"):
        parsed = parse_document_id(path.name)
        if parsed and parsed[0] == project_id:
            versions.append(tuple(int(x) for x in parsed[2].split(".")))
    return ".".join(str(x) for x in max(versions)) if versions else None


def arckit_output(strategy: Strategy, folder: Path, *, today: dt.date | None = None) -> tuple[Strategy, Path]:
    """The strategy to write into an ArcKit project folder and its path: v1.0 when the folder has none, else the
    next version after the highest there, with a Revision History row saying so."""
    project_id = strategy.document_control.project_id or "001"
    latest = latest_in_folder(folder, project_id)
    if latest is None:
        return strategy, folder / filename(project_id, strategy.document_control.version)
    base = strategy.model_copy(deep=True)
    base.document_control.version = latest
    bumped = bump_version(base, f"Redrafted from the project's documents (supersedes v{latest})", today=today)
    return bumped, folder / filename(project_id, bumped.document_control.version)

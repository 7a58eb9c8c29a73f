"""Stored facts: one JSON file per document under `<home>/facts/<project>/`, written at ingest.

Drafting, review and chat read them with `project_facts(project_key)` instead of re-extracting. A write goes
to a temporary file first and is renamed into place, so a failed write leaves the previous facts intact.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from pydantic import ValidationError

from assistant.config import get_settings
from assistant.errors import IngestError
from assistant.facts.models import EXTRACTOR_VERSION, DocumentFacts
from assistant.facts.project import ProjectFacts


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not cleaned:
        raise IngestError(f"{name!r} cannot name a facts file.")
    return cleaned


def facts_dir(project_key: str) -> Path:
    return get_settings().home / "facts" / _safe(project_key)


def save_document_facts(project_key: str, document_id: str, facts: DocumentFacts) -> Path:
    folder = facts_dir(project_key)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_safe(document_id)}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(facts.model_dump_json())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def remove_document_facts(project_key: str, document_id: str) -> None:
    (facts_dir(project_key) / f"{_safe(document_id)}.json").unlink(missing_ok=True)


def load_document_facts(path: Path) -> DocumentFacts | None:
    """One stored document's facts; None when the file is unreadable or from another extractor version."""
    try:
        facts = DocumentFacts.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None
    return facts if facts.extractor_version == EXTRACTOR_VERSION else None


def has_current_facts(project_key: str, document_id: str) -> bool:
    """True when the document's facts are stored and were read by this extractor version."""
    path = facts_dir(project_key) / f"{_safe(document_id)}.json"
    return path.is_file() and load_document_facts(path) is not None


def project_facts(project_key: str, *, document_ids: set[str] | None = None) -> ProjectFacts:
    """The project's stored facts (optionally only some documents); empty when nothing was stored."""
    folder = facts_dir(project_key)
    documents = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if document_ids is not None and path.stem not in document_ids:
                continue
            loaded = load_document_facts(path)
            if loaded is not None:
                documents.append(loaded)
    return ProjectFacts(project_key=project_key, documents=documents)

"""Stored facts: one JSON file per document under `<home>/facts/<project>/`, written at ingest.

Drafting, review and chat read them with `project_facts(project_key)` instead of re-extracting. A write goes
to a temporary file first and is renamed into place, so a failed write leaves the previous facts intact.

Beside each document's facts is the text they were read from (`<id>.source`): when a newer extractor finds
facts from an older one, it reads them again from that text on load, so an upgrade never silently drops a
project's facts. Facts stored before the text was kept cannot be re-read: they are reported (logged, and in
`ProjectFacts.unread`) with the way to refresh them, a re-ingest of the same files.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path

from pydantic import ValidationError

from assistant.config import get_settings
from assistant.errors import IngestError
from assistant.facts.extract import read_facts
from assistant.facts.models import EXTRACTOR_VERSION, DocumentFacts
from assistant.facts.project import ProjectFacts

log = logging.getLogger(__name__)


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not cleaned:
        raise IngestError(f"{name!r} cannot name a facts file.")
    return cleaned


def facts_dir(project_key: str) -> Path:
    return get_settings().home / "facts" / _safe(project_key)


def _write(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_document_facts(project_key: str, document_id: str, facts: DocumentFacts, *, text: str | None = None) -> Path:
    """Store a document's facts; with `text` (what they were read from) also keep it, for re-reading."""
    folder = facts_dir(project_key)
    target = folder / f"{_safe(document_id)}.json"
    if text is not None:
        _write(folder / f"{_safe(document_id)}.source", json.dumps({"filename": facts.info.document, "text": text}))
    _write(target, facts.model_dump_json())
    return target


def remove_document_facts(project_key: str, document_id: str) -> None:
    for suffix in (".json", ".source"):
        (facts_dir(project_key) / f"{_safe(document_id)}{suffix}").unlink(missing_ok=True)


def load_document_facts(path: Path) -> DocumentFacts | None:
    """One stored document's facts; None when the file is unreadable or from another extractor version."""
    try:
        facts = DocumentFacts.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None
    return facts if facts.extractor_version == EXTRACTOR_VERSION else None


def has_current_facts(project_key: str, document_id: str) -> bool:
    """True when the document's facts are stored, were read by this extractor version, and their text is kept
    (facts stored before the text was kept are read again by a re-ingest, which keeps it)."""
    path = facts_dir(project_key) / f"{_safe(document_id)}.json"
    return path.is_file() and path.with_suffix(".source").is_file() and load_document_facts(path) is not None


def _reread(project_key: str, path: Path) -> DocumentFacts | None:
    """The document's facts read again, by this extractor, from the text kept beside them (and stored)."""
    try:
        kept = json.loads(path.with_suffix(".source").read_text(encoding="utf-8"))
        text, filename = str(kept["text"]), str(kept["filename"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    facts = read_facts(text, filename, workspace_id=path.stem)
    save_document_facts(project_key, path.stem, facts)
    log.info("%s: facts read again by extractor %s", filename, EXTRACTOR_VERSION)
    return facts


def project_facts(project_key: str, *, document_ids: set[str] | None = None) -> ProjectFacts:
    """The project's stored facts (optionally only some documents); empty when nothing was stored. Facts from
    an older extractor are read again from their kept text; those that cannot be are listed in `unread`."""
    folder = facts_dir(project_key)
    documents, unread = [], []
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if document_ids is not None and path.stem not in document_ids:
                continue
            loaded = load_document_facts(path) or _reread(project_key, path)
            if loaded is not None:
                documents.append(loaded)
            else:
                unread.append(path.stem)
    if unread:
        log.warning("project %s: the facts of %d document(s) were read by an older version and their text was not "
                    "kept; ingest the same files again to refresh them (nothing else is re-indexed)",
                    project_key, len(unread))
    return ProjectFacts(project_key=project_key, documents=documents, unread=unread)

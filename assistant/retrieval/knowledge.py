"""The knowledge base collection: UK guidance and MLOps practice notes from `knowledge/`.

Built on first use and kept in step with the notes: each note's content hash is stored on its chunks,
so only notes that changed (or are new) are re-embedded, and chunks of deleted notes are removed.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.config import get_settings
from assistant.documents.chunking import chunk_blocks
from assistant.documents.parsers import parse_bytes
from assistant.errors import InvalidInputError
from assistant.index.embeddings import get_embedder
from assistant.index.store import KNOWLEDGE, VectorStore, get_store

REQUIRED_FIELDS = ("id", "title", "source_urls", "retrieved", "version", "confidence")


@dataclass
class Note:
    id: str
    title: str
    path: Path
    meta: dict[str, Any]
    body: str
    content_hash: str


@dataclass
class KnowledgeBuild:
    """What one build did; `embedded` counts chunks embedded (0 when nothing changed)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded: int = 0


def parse_note(path: Path) -> Note:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    if not text.startswith("---"):
        raise InvalidInputError(f"{path.name}: knowledge note has no YAML front matter.")
    try:
        _, front, body = text.split("---", 2)
        meta = yaml.safe_load(front) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidInputError(f"{path.name}: bad front matter ({exc}).") from exc
    missing = [name for name in REQUIRED_FIELDS if not meta.get(name)]
    if missing:
        raise InvalidInputError(f"{path.name}: front matter lacks {', '.join(missing)}.")
    return Note(
        id=str(meta["id"]),
        title=str(meta["title"]),
        path=path,
        meta=meta,
        body=body,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def load_notes(directory: Path | None = None) -> list[Note]:
    """The notes of `directory`; an absent or empty folder is an error, never a silent empty knowledge base."""
    directory = Path(directory or get_settings().knowledge_dir)
    notes = [parse_note(path) for path in sorted(directory.glob("*.md")) if path.name.lower() != "readme.md"]
    if not notes:
        raise InvalidInputError(
            f"No knowledge notes in {directory}: guidance search and citations need them. They ship inside the "
            "package (assistant/resources/knowledge); check MLOPS_ASSISTANT_KNOWLEDGE_DIR or reinstall."
        )
    seen: dict[str, Path] = {}
    for note in notes:
        if note.id in seen:
            raise InvalidInputError(f"{note.path.name}: note id {note.id!r} is also used by {seen[note.id].name}.")
        seen[note.id] = note.path
    return notes


_checked: dict[tuple[str, str], tuple[Any, ...]] = {}
_lock = threading.Lock()


def _directory_signature(directory: Path) -> tuple[Any, ...]:
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.md")))


def build_knowledge(*, store: VectorStore | None = None, directory: Path | None = None, force: bool = False) -> KnowledgeBuild:
    """Bring the knowledge collection in line with the notes; re-embeds only notes whose hash changed."""
    store = store or get_store()
    directory = Path(directory or get_settings().knowledge_dir)
    notes = load_notes(directory)
    embedder = get_embedder()
    existing: dict[str, tuple[str, str]] = {}
    for chunk in store.get(KNOWLEDGE):
        existing.setdefault(
            str(chunk.metadata.get("document_id")),
            (str(chunk.metadata.get("content_hash")), str(chunk.metadata.get("embedding_model"))),
        )
    build = KnowledgeBuild()
    for note in notes:
        if not force and existing.get(note.id) == (note.content_hash, embedder.name):
            build.unchanged.append(note.id)
            continue
        parsed = parse_bytes(note.path, note.path.read_bytes())
        chunks = chunk_blocks(parsed.blocks)
        if not chunks:
            continue
        vectors = embedder.embed([c.embedding_text for c in chunks])
        ids = [f"kb:{note.id}:{note.content_hash[:8]}:{c.index:04d}" for c in chunks]
        metadatas = [
            {
                "source": "knowledge",
                "document_id": note.id,
                "document": note.path.name,
                "title": note.title,
                "content_hash": note.content_hash,
                "embedding_model": embedder.name,
                "chunk_index": c.index,
                "chunk_kind": c.kind,
                "heading": c.heading,
                "requirement_ids": "",
                "source_urls": " ".join(str(u) for u in note.meta.get("source_urls") or []),
                "retrieved": str(note.meta.get("retrieved")),
                "version": str(note.meta.get("version")),
                "confidence": str(note.meta.get("confidence")),
                "injection_flagged": False,
                "injection_released": False,
            }
            for c in chunks
        ]
        store.upsert(KNOWLEDGE, ids, vectors, [c.text for c in chunks], metadatas)
        if note.id in existing:
            store.delete(
                KNOWLEDGE,
                where={"$and": [{"document_id": note.id}, {"content_hash": {"$ne": note.content_hash}}]},
            )
            build.updated.append(note.id)
        else:
            build.added.append(note.id)
        build.embedded += len(chunks)
    for stale in sorted(set(existing) - {note.id for note in notes}):
        store.delete(KNOWLEDGE, where={"document_id": stale})
        build.removed.append(stale)
    return build


def ensure_knowledge(*, store: VectorStore | None = None) -> KnowledgeBuild | None:
    """Build or refresh the knowledge collection once per process, and again only when a note file changes."""
    store = store or get_store()
    directory = Path(get_settings().knowledge_dir)
    key = (str(directory), store.identity)
    signature = _directory_signature(directory)
    with _lock:
        if _checked.get(key) == signature and store.count(KNOWLEDGE) > 0:
            return None
        build = build_knowledge(store=store, directory=directory)
        _checked[key] = signature
        return build

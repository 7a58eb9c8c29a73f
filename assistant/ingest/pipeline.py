"""Ingest files into a project: read -> parse -> chunk -> IDs -> guard screen -> embed -> index -> record.

Nothing already indexed is lost on failure: a file is parsed, chunked, screened and embedded in full
before the store is touched; a changed file's new chunks are written before its old ones are deleted.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.config import get_settings
from assistant.documents.chunking import Chunk, chunk_blocks
from assistant.documents.ids import find_document_ids
from assistant.documents.markings import document_markings
from assistant.documents.parsers import SUPPORTED_EXTENSIONS, ParsedDocument, sniff_kind
from assistant.errors import IngestError
from assistant.facts import (
    DocumentFacts,
    has_current_facts,
    read_facts,
    remove_document_facts,
    save_document_facts,
)
from assistant.guardrails.screen import screen_texts
from assistant.index.embeddings import get_embedder
from assistant.index.store import get_store
from assistant.ingest.isolation import parse_isolated
from assistant.ingest.names import printable, printable_name
from assistant.workspace import DocumentRecord, Workspace, get_workspace, slugify

log = logging.getLogger(__name__)

Status = Literal["ingested", "duplicate", "replaced", "failed"]
Stage = Literal["read", "parse", "chunk", "screen", "embed", "index", "done", "duplicate", "failed"]


@dataclass(frozen=True)
class ProgressEvent:
    file: str
    stage: Stage
    fraction: float  # 0.0 .. 1.0 for this file
    detail: str = ""


@dataclass
class IngestResult:
    path: str
    status: Status
    document_id: str | None = None
    chunks: int = 0
    pages: int | None = None
    requirement_ids: list[str] = field(default_factory=list)
    error: str | None = None
    markings: list[str] = field(default_factory=list)
    guard_flags: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "document_id": self.document_id,
            "chunks": self.chunks,
            "pages": self.pages,
            "requirement_ids": self.requirement_ids,
            "markings": self.markings,
            "guard_flags": self.guard_flags,
            "error": self.error,
        }


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass
class _Screened:
    flagged: bool
    score: float
    reasons: list[str]
    pii: int
    classification: str | None
    screened: bool


def _screen_all(texts: list[str]) -> list[_Screened]:
    """The guardrails screen (prompt injection, PII, markings) for a document's chunks, in one batch."""
    return [
        _Screened(result.injection.flagged, result.injection.score, list(result.injection.reasons), len(result.pii),
                  result.classification, True)
        for result in screen_texts(texts)
    ]


def facts_text(data: bytes, parsed: ParsedDocument) -> str:
    """What facts are read from: the file's own text for Markdown and plain text (so spans are offsets into
    the file), the parsed text for other formats. It is kept beside the facts, to read them again."""
    return data.decode("utf-8-sig", errors="replace") if parsed.kind in ("markdown", "text") else parsed.text


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inside(child: Path, folder: Path) -> bool:
    """True when `child` resolves inside `folder` (a symlink out of the folder is not followed)."""
    try:
        return child.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and supported files inside folders (recursively, hidden files skipped, symlinks that
    lead out of the folder not followed: a folder ingest must not index /etc/shadow)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUPPORTED_EXTENSIONS
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    if not _inside(child, path):
                        log.warning("not following %s: it links outside %s", printable_name(str(child)), path)
                        continue
                    out.append(child)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def read_upload(path: Path) -> bytes:
    """The file's bytes, after the checks that need no parsing (exists, size limit, empty)."""
    if not path.exists():
        raise IngestError(f"{path.name}: file not found ({path}).")
    if not path.is_file():
        raise IngestError(f"{path.name}: not a regular file.")
    size = path.stat().st_size
    limit_mb = get_settings().max_upload_mb
    if size > limit_mb * 1024 * 1024:
        raise IngestError(
            f"{path.name}: file is {size / 1_048_576:.1f} MB, over the {limit_mb:g} MB upload limit "
            "(MLOPS_ASSISTANT_MAX_UPLOAD_MB)."
        )
    if size == 0:
        raise IngestError(f"{path.name}: is empty.")
    return path.read_bytes()


def chunk_id(document_id: str, digest: str, index: int) -> str:
    # The content hash is part of the ID so a changed file's new chunks never overwrite the old ones.
    return f"{document_id}:{digest[:8]}:{index:05d}"


def _metadata(
    chunk: Chunk, *, document_id: str, filename: str, digest: str, kind: str, screened: _Screened
) -> dict[str, Any]:
    return {
        "source": "document",
        "document_id": document_id,
        "document": filename,
        "doc_kind": kind,
        "content_hash": digest,
        "chunk_index": chunk.index,
        "chunk_kind": chunk.kind,
        "page": chunk.page,
        "heading": chunk.heading,
        # Pipe-delimited on both ends so "|NFR-P-003|" never matches inside "NFR-P-0031".
        "requirement_ids": f"|{'|'.join(chunk.requirement_ids)}|" if chunk.requirement_ids else "",
        "arckit_ids": "|".join(chunk.document_ids),
        "injection_flagged": screened.flagged,
        "injection_score": round(screened.score, 4),
        "injection_reasons": "; ".join(screened.reasons)[:500],
        "injection_released": False,
        "pii_count": screened.pii,
        "guard_screened": screened.screened,
    }


class Ingestor:
    """Ingests files into one project's collection and document records."""

    def __init__(self, project: str, *, workspace: Workspace | None = None, store: Any = None) -> None:
        self.workspace = workspace or get_workspace()
        existing = self.workspace.get_project(project) or self.workspace.get_project(slugify(project))
        self.project = (existing or self.workspace.get_or_create_project(slugify(project), name=project)).key
        self.store = store or get_store()
        self.collection = self.workspace.chunk_scope(self.project, "editor")  # refused unless they may edit it

    def ingest_file(self, path: str | Path, on_progress: ProgressCallback | None = None) -> IngestResult:
        path = Path(path)

        def report(stage: Stage, fraction: float, detail: str = "") -> None:
            if on_progress is not None:
                on_progress(ProgressEvent(str(path), stage, fraction, detail))

        try:
            return self._ingest(path, report)
        except IngestError as exc:
            error = printable(str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad file is that file's error; the batch goes on
            log.exception("ingesting %s failed", printable_name(path.name))
            error = f"{printable_name(path.name)}: could not be ingested ({type(exc).__name__}: {exc})."
        report("failed", 1.0, error)
        self.workspace.audit(self.project, "ingest_failed", {"file": printable_name(path.name), "error": error})
        return IngestResult(path=str(path), status="failed", error=error)

    @staticmethod
    def _parse(path: Path, data: bytes) -> ParsedDocument:
        """Parse in a worker held to the configured time, memory and character limits."""
        settings = get_settings()
        return parse_isolated(path, data, timeout_s=settings.ingest_parse_timeout_s,
                              memory_mb=settings.ingest_parse_memory_mb, max_chars=settings.ingest_max_chars)

    def _ingest(self, path: Path, report: Callable[[Stage, float, str], None]) -> IngestResult:
        report("read", 0.0, "")
        data = read_upload(path)
        # A file whose content contradicts its name is an error even if that content is already indexed.
        sniff_kind(path, data)
        digest = content_hash(data)
        duplicate = self.workspace.find_document(self.project, content_hash=digest)
        if duplicate is not None:
            if not has_current_facts(self.project, duplicate.id):
                # Facts from an older extractor (or none): read them again; the index is left as it is.
                text = facts_text(data, self._parse(path, data))
                self._keep_facts(duplicate.id, read_facts(text, path.name), text)
            report("duplicate", 1.0, f"same content as {duplicate.filename}")
            return IngestResult(
                path=str(path),
                status="duplicate",
                document_id=duplicate.id,
                chunks=duplicate.chunk_count,
                pages=duplicate.pages,
                requirement_ids=list(duplicate.requirement_ids),
                markings=list(duplicate.markings),
                guard_flags=duplicate.guard_flags,
                error=printable(f"{path.name}: already ingested as {duplicate.filename} (same content); skipped."),
            )

        report("parse", 0.1, "")
        settings = get_settings()
        parsed = self._parse(path, data)
        text = facts_text(data, parsed)
        facts = read_facts(text, path.name)
        report("chunk", 0.3, "")
        chunks = chunk_blocks(parsed.blocks)
        if not chunks:
            raise IngestError(f"{path.name}: contains no text to index.")
        if len(chunks) > settings.ingest_max_chunks:
            raise IngestError(
                f"{path.name}: gives {len(chunks):,} passages, over the {settings.ingest_max_chunks:,} limit per "
                "file (MLOPS_ASSISTANT_INGEST_MAX_CHUNKS); split the file or raise the limit.")

        report("screen", 0.35, "")
        screened = _screen_all([chunk.text for chunk in chunks])

        report("embed", 0.45, f"{len(chunks)} chunks")
        embedder = get_embedder()
        texts = [c.embedding_text for c in chunks]
        # Batch similar lengths together across the whole file: a batch is padded to its longest text,
        # so mixing 30-token requirements with 200-token prose would waste most of the work.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[Any] = [None] * len(texts)
        batch = 64
        for start in range(0, len(order), batch):
            indices = order[start : start + batch]
            for index, vector in zip(indices, embedder.embed([texts[i] for i in indices], batch_size=batch), strict=False):
                vectors[index] = vector
            report("embed", 0.45 + 0.45 * min(1.0, (start + batch) / len(texts)), "")

        name = printable_name(path.name) or "unnamed"  # stored and shown: never an escape sequence
        previous = self.workspace.find_document(self.project, filename=name)
        document_id = previous.id if previous is not None else hashlib.sha1(f"{self.project}/{name}/{digest}".encode()).hexdigest()[:16]
        requirement_ids = list(dict.fromkeys(rid for chunk in chunks for rid in chunk.requirement_ids))
        found = document_markings("\n".join([parsed.marking_text, parsed.text]))
        markings = list(found.levels)
        for s in screened:
            if s.classification and s.classification not in markings:
                markings.append(s.classification)
        flags = sum(1 for s in screened if s.flagged)

        report("index", 0.9, "")
        ids = [chunk_id(document_id, digest, chunk.index) for chunk in chunks]
        metadatas = [
            _metadata(c, document_id=document_id, filename=name, digest=digest, kind=parsed.kind, screened=s)
            for c, s in zip(chunks, screened, strict=False)
        ]
        # New chunks first; the old version's chunks go only after the new ones and the record are safe.
        self.store.upsert(self.collection, ids, vectors, [c.text for c in chunks], metadatas)
        try:
            record = self.workspace.add_document(
                self.project,
                DocumentRecord(
                    id=document_id,
                    filename=name,
                    content_hash=digest,
                    size_bytes=len(data),
                    kind=parsed.kind,
                    pages=parsed.pages,
                    chunk_count=len(chunks),
                    requirement_ids=requirement_ids,
                    markings=markings,
                    marking_review=found.review,
                    stored_path=str(path.resolve()) if _is_upload_copy(path) else "",
                    guard_flags=flags,
                ),
            )
        except Exception:
            self.store.delete(self.collection, ids=ids)
            raise
        if previous is not None:
            self.store.delete(
                self.collection, where={"$and": [{"document_id": document_id}, {"content_hash": {"$ne": digest}}]}
            )
        self._keep_facts(record.id, facts, text)
        status: Status = "replaced" if previous is not None else "ingested"
        self.workspace.audit(
            self.project,
            f"document_{status}",
            {
                "document_id": record.id,
                "filename": name,
                "content_hash": digest,
                "chunks": len(chunks),
                "guard_flags": flags,
                "markings": markings,
                "arckit_ids": find_document_ids(parsed.text)[:20],
            },
        )
        report("done", 1.0, status)
        return IngestResult(
            path=str(path),
            status=status,
            document_id=record.id,
            chunks=len(chunks),
            pages=parsed.pages,
            requirement_ids=requirement_ids,
            markings=markings,
            guard_flags=flags,
        )

    def _keep_facts(self, document_id: str, facts: DocumentFacts, text: str) -> None:
        """Store a document's facts under its workspace ID, with the text they were read from."""
        save_document_facts(self.project, document_id, facts.model_copy(
            update={"info": facts.info.model_copy(update={"workspace_id": document_id})}), text=text)

    def remove(self, document: str) -> DocumentRecord:
        """Remove a document (by ID or filename) and its chunks."""
        record = self.workspace.get_document(self.project, document) or self.workspace.find_document(
            self.project, filename=document
        )
        if record is None:
            raise IngestError(f"{document}: no such document in project {self.project!r} (give an ID or filename).")
        self.store.delete(self.collection, where={"document_id": record.id})
        self.workspace.remove_document(self.project, record.id)
        if record.stored_path and _is_upload_copy(Path(record.stored_path)):
            # The app's own copy of the upload goes with its document (a CLI ingest's source file is the
            # user's and is never touched: stored_path is empty for it).
            Path(record.stored_path).unlink(missing_ok=True)
        remove_document_facts(self.project, record.id)
        self.workspace.audit(self.project, "document_removed", {"document_id": record.id, "filename": record.filename})
        return record


def _is_upload_copy(path: Path) -> bool:
    """True for a file under the data home's uploads folder (the app's copy of an upload)."""
    try:
        return path.resolve().is_relative_to((get_settings().home / "uploads").resolve())
    except OSError:
        return False


def ingest_paths(
    paths: Iterable[str | Path], project: str, *, on_progress: ProgressCallback | None = None
) -> list[IngestResult]:
    """Ingest files and folders into `project`; one result per file, failures do not stop the batch."""
    ingestor = Ingestor(project)
    return [ingestor.ingest_file(path, on_progress) for path in expand_paths(paths)]


def ingest_file(path: str | Path, project: str, *, on_progress: ProgressCallback | None = None) -> IngestResult:
    return Ingestor(project).ingest_file(path, on_progress)


def list_documents(project: str) -> list[DocumentRecord]:
    """The project's documents (by key, ArcKit ID such as 001, or the name it was created from)."""
    workspace = get_workspace()
    record = workspace.get_project(project) or workspace.get_project(slugify(project))
    return [] if record is None else workspace.list_documents(record.key)


def remove_document(project: str, document: str) -> DocumentRecord:
    """Remove a document by its ID or filename; raises `IngestError` when there is none."""
    return Ingestor(project).remove(document)

"""The offline drafter's input: evidence chunks, grouped into requirements, and the ways to obtain them.

A chunk comes from the project's documents (`source="document"`) or from the knowledge notes
(`source="knowledge"`). A requirement is the set of document chunks that *own* a requirement ID (the
chunk starts with it, or sits under a heading that starts with it); a chunk that only mentions an ID
does not own it. Values the drafter fills cite requirement IDs where they come from a requirement,
and chunk IDs otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.config import get_settings
from assistant.documents.ids import REQUIREMENT_ID, find_requirement_ids, starts_with_requirement_id

Source = Literal["document", "knowledge"]


class EvidenceChunk(BaseModel):
    """One retrieved or ingested chunk, as the drafter sees it."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    document: str
    page: int | None = None
    heading: str = ""
    requirement_ids: list[str] = Field(default_factory=list)
    text: str
    source: Source = "document"


@dataclass
class Requirement:
    """A requirement ID with the text of every chunk that owns it."""

    id: str
    title: str
    text: str
    statement: str
    chunk_ids: list[str] = field(default_factory=list)
    document: str = ""
    heading: str = ""

    @property
    def family(self) -> str:
        """BR, FR, NFR-P, NFR-SEC, DR, INT ... (the ID without its number)."""
        return re.sub(r"-\d+$", "", self.id)


def evidence_id_for(chunk: EvidenceChunk) -> str:
    """What a value from this chunk cites: its owning requirement ID, else the chunk ID."""
    owner = owner_requirement(chunk)
    return owner or safe_evidence_id(chunk.chunk_id)


def safe_evidence_id(value: str) -> str:
    """Evidence IDs may not contain spaces or brackets (schema `EvidenceId`)."""
    cleaned = re.sub(r"[^A-Za-z0-9._:/#-]+", "-", value).strip("-")
    if not cleaned or not cleaned[0].isalnum():
        cleaned = "c" + cleaned
    return cleaned[:120]


_ARCKIT_TYPE = re.compile(r"(?:^|/)ARC-\d{3}-(?P<code>[A-Z]{2,12})(?:-\d{3})?-v\d")


def owner_requirement(chunk: EvidenceChunk) -> str | None:
    """The requirement ID a chunk states (not merely mentions), if any. In an ArcKit project only the
    requirements document (REQ) states requirements: a data model, DPIA or traceability matrix that lists
    "FR-007" in a row refers to it."""
    if chunk.source != "document":
        return None
    arckit = _ARCKIT_TYPE.search(chunk.document)
    if arckit and arckit.group("code") != "REQ":
        return None
    last_heading = chunk.heading.split(" > ")[-1] if chunk.heading else ""
    if last_heading and starts_with_requirement_id(last_heading):
        ids = find_requirement_ids(last_heading)
        if ids:
            return ids[0]
    text = chunk.text.lstrip()
    if starts_with_requirement_id(text):
        ids = find_requirement_ids(text[:60])
        if ids:
            return ids[0]
    # A table row "ID: FR-001 | Requirement: ..." names its requirement in its first cell.
    first_cell = text.split("|", 1)[0]
    match = re.match(r"^\s*(?:Req(?:uirement)?\.?\s*)?(?:ID|Ref(?:erence)?|No\.?)\s*:\s*(.+)$", first_cell, re.I)
    if match and starts_with_requirement_id(match.group(1).strip()):
        return find_requirement_ids(match.group(1))[0]
    return None


_MODAL = re.compile(r"\b(?:shall|must|should|will|may|needs? to|is required to|are required to)\b", re.I)
_LEAD = re.compile(
    r"^(?:the\s+)?(?:system|solution|service|platform|model|tool|assistant|application|ML component|AI component)?\s*"
    r"(?:shall|must|should|will|may|needs? to|is required to)\s+(?:be\s+able\s+to\s+)?",
    re.I,
)


def _cells(text: str) -> dict[str, str]:
    """A table row "Col: value | Col: value" as a dict (empty if the text is not a row)."""
    if " | " not in text:
        return {}
    cells: dict[str, str] = {}
    for part in text.split(" | "):
        key, sep, value = part.partition(": ")
        if sep and len(key) <= 40:
            cells[key.strip().casefold()] = value.strip()
    return cells


def strip_markup(text: str) -> str:
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph (a full stop followed by a space and a capital or digit ends one)."""
    parts = re.split(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'])|\s+(?=- )|\s+(?=\u2022 )", text)
    return [p.strip(" -\u2022") for p in parts if p.strip(" -\u2022")]


_LABELS = {"statement", "requirement", "description", "requirement statement", "text", "summary"}


def _title_and_statement(req_id: str, heading: str, texts: list[str]) -> tuple[str, str]:
    """A short title and the requirement statement from its owning chunks."""
    title = ""
    last_heading = heading.split(" > ")[-1] if heading else ""
    if starts_with_requirement_id(last_heading):
        title = strip_markup(re.sub(REQUIREMENT_ID, "", last_heading, count=1)).strip(" :-\u2013\u2014|.")
    body = " ".join(texts)
    cells = _cells(texts[0]) if texts else {}
    if cells:
        for key in ("title", "name", "requirement name", "summary"):
            if cells.get(key):
                title = title or strip_markup(cells[key])
        for key in ("requirement", "statement", "description", "requirement statement", "text"):
            if cells.get(key):
                return title, strip_markup(cells[key])
    plain = strip_markup(body)
    # Drop the leading ID and an inline title "FR-001: Fraud scoring - The system shall ..."
    plain = re.sub(r"^\W*" + re.escape(req_id) + r"\W*", "", plain)
    match = re.match(r"^([A-Z][^.:\u2013\u2014]{2,80}?)\s*(?::\s|\s-\s|\s\u2013\s|\s\u2014\s)\s*(.*)$", plain)
    if match and not _MODAL.search(match.group(1)) and match.group(1).strip().casefold() not in _LABELS:
        title = title or match.group(1).strip()
        plain = match.group(2)
    plain = re.sub(r"^(?:Statement|Requirement|Description)\s*:\s*", "", plain, flags=re.I)
    candidates = sentences(plain)
    statement = next((s for s in candidates if _MODAL.search(s)), candidates[0] if candidates else plain)
    statement = re.sub(r"\s*(?:Acceptance criteria|Priority|Rationale)\s*:.*$", "", statement, flags=re.I).strip()
    return title, statement or plain


def group_requirements(chunks: Iterable[EvidenceChunk]) -> dict[str, Requirement]:
    """Requirement ID -> Requirement, in document order."""
    owned: dict[str, list[EvidenceChunk]] = {}
    for chunk in chunks:
        owner = owner_requirement(chunk)
        if owner:
            owned.setdefault(owner, []).append(chunk)
    requirements: dict[str, Requirement] = {}
    for req_id, members in owned.items():
        title, statement = _title_and_statement(req_id, members[0].heading, [m.text for m in members])
        requirements[req_id] = Requirement(
            id=req_id,
            title=title,
            text="\n".join(m.text for m in members),
            statement=statement,
            chunk_ids=[m.chunk_id for m in members],
            document=members[0].document,
            heading=members[0].heading,
        )
    return requirements


def condense(statement: str, limit: int = 160) -> str:
    """A requirement statement as a table-cell value: lead-in removed, capitalised, cut at a word."""
    text = strip_markup(statement)
    text = _LEAD.sub("", text, count=1) if _LEAD.match(text) else text
    text = text.rstrip(" .;")
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        text = cut + "..."
    return text[:1].upper() + text[1:] if text else text


# ---------------------------------------------------------------------------------------------------
# Obtaining evidence
# ---------------------------------------------------------------------------------------------------


def _getter(item: Any) -> Callable[..., Any]:
    """Read a field of a dict-like or attribute-like chunk the same way."""
    if isinstance(item, dict):
        return lambda key, default=None: item.get(key, default)
    return lambda key, default=None: getattr(item, key, default)


def evidence_from_chunks(chunks: Iterable[Any], *, source: Source = "document") -> list[EvidenceChunk]:
    """EvidenceChunks from anything shaped like a retrieval hit or ingest chunk (attributes or dict keys)."""
    result: list[EvidenceChunk] = []
    for item in chunks:
        get = _getter(item)
        heading = get("heading") or ""
        if isinstance(heading, (list, tuple)):
            heading = " > ".join(heading)
        ids = get("requirement_ids") or []
        if isinstance(ids, str):
            ids = [i for i in ids.split("|") if i]
        result.append(
            EvidenceChunk(
                chunk_id=str(get("chunk_id") or get("id")),
                document=str(get("document") or ""),
                page=get("page"),
                heading=str(heading),
                requirement_ids=list(ids),
                text=str(get("text") or ""),
                source=get("source") or source,
            )
        )
    return result


def evidence_from_file(path: str | Path, *, source: Source = "document", prefix: str | None = None) -> list[EvidenceChunk]:
    """Parse and chunk one file with the ingest pipeline (used for tests, benchmarks and the knowledge notes)."""
    # lazy: only evidence_from_file parses and chunks; the chunker loads langchain_text_splitters
    from assistant.documents.chunking import chunk_blocks
    from assistant.documents.parsers import parse_bytes

    path = Path(path)
    document = parse_bytes(path, path.read_bytes())
    stem = prefix or safe_evidence_id(path.stem)
    return [
        EvidenceChunk(
            chunk_id=f"{stem}#{chunk.index}",
            document=path.name if source == "document" else f"knowledge/{path.name}",
            page=chunk.page,
            heading=chunk.heading,
            requirement_ids=list(chunk.requirement_ids),
            text=chunk.text,
            source=source,
        )
        for chunk in chunk_blocks(document.blocks)
    ]


def knowledge_evidence(knowledge_dir: str | Path | None = None) -> list[EvidenceChunk]:
    """Chunks of the knowledge notes (`knowledge/*.md`), for guidance citations."""
    if knowledge_dir is None:
        knowledge_dir = get_settings().knowledge_dir
    folder = Path(knowledge_dir)
    chunks: list[EvidenceChunk] = []
    for note in sorted(folder.glob("*.md")):
        chunks.extend(evidence_from_file(note, source="knowledge", prefix=f"kb-{safe_evidence_id(note.stem)}"))
    return chunks

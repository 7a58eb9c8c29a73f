"""The project's requirements as the review sees them: IDs, statements and the numbers they promise.

Built from ingested chunks (each chunk carries the requirement IDs found in it, see
`assistant.documents.chunking`): a chunk that *starts* with an ID (a requirement paragraph or a table
row) defines that requirement; an ID merely mentioned elsewhere still counts as existing, so a
traceability row citing it is not reported as invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.documents.ids import REQUIREMENT_ID, find_requirement_ids
from assistant.documents.markings import document_markings
from assistant.errors import InvalidInputError
from assistant.index.store import get_store
from assistant.review.quantities import Quantity, extract_quantities
from assistant.workspace import get_workspace

# Families that never describe the ML system itself: data-model entities, risks and DPIA risks.
_NOT_REQUIREMENTS = re.compile(r"^(E|R|DPIA)-")


class Requirement(BaseModel):
    id: str
    statement: str | None = None  # None: only mentioned, never defined in the uploaded documents
    source: str | None = None  # document file name
    chunk_id: str | None = None
    heading: str | None = None

    @property
    def family(self) -> str:
        """`NFR-P`, `FR`, `FR-ML`, `DR`, ..."""
        return re.sub(r"-\d+$", "", self.id)

    def quantities(self) -> list[Quantity]:
        return extract_quantities(self.statement or "")

    def where(self) -> str:
        return f"{self.id} ({self.source})" if self.source else self.id


class RequirementSet(BaseModel):
    """Requirements by ID, in order of first appearance."""

    requirements: dict[str, Requirement] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    # The markings of the documents these requirements come from, and their project: whatever sends the
    # requirements' text to a model hands both to the guardrails gate (issue 17: the rubric did not).
    markings: list[str] = Field(default_factory=list)
    project_key: str | None = None

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self.requirements

    def __len__(self) -> int:
        return len(self.requirements)

    # BaseModel iterates (field, value) pairs; a requirement set iterates its requirements, on purpose.
    def __iter__(self) -> Iterator[Requirement]:  # type: ignore[override]
        return iter(self.requirements.values())

    def get(self, requirement_id: str) -> Requirement | None:
        return self.requirements.get(requirement_id)

    def ids(self) -> list[str]:
        return list(self.requirements)

    def defined(self) -> list[Requirement]:
        """Requirements with a statement (defined in a document, not only mentioned)."""
        return [r for r in self.requirements.values() if r.statement]

    def add(self, requirement: Requirement) -> None:
        current = self.requirements.get(requirement.id)
        if current is None or (current.statement is None and requirement.statement):
            self.requirements[requirement.id] = requirement
        if requirement.source and requirement.source not in self.sources:
            self.sources.append(requirement.source)


_LABEL = re.compile(r"\*{0,2}(Statement|Description|Requirement|Acceptance criteria|Priority|Rationale|"
                    r"Source|Owner|Notes?)\*{0,2}\s*:\s*\*{0,2}", re.I)


def _strip_id(text: str, requirement_id: str) -> str:
    """The statement alone: no leading ID, no title line, no acceptance criteria, priority or rationale.

    ArcKit writes `### FR-001: Title` then `**Statement**: ...`, `**Acceptance criteria**: ...`; tables
    give "Requirement ID: FR-001 | Statement: ...". Numbers in acceptance criteria (load-test rates)
    are not the requirement's own targets, so they are left out.
    """
    text = text.strip()
    index = text.find(requirement_id)
    if 0 <= index < 40:
        text = text[index + len(requirement_id):]
    labels = list(_LABEL.finditer(text))
    statement = next((m for m in labels if m.group(1).lower() in {"statement", "description", "requirement"}), None)
    if statement is not None:
        following = next((m for m in labels if m.start() > statement.end()), None)
        text = text[statement.end(): following.start() if following else len(text)]
    elif labels and labels[0].start() > 0:
        text = text[: labels[0].start()]
    text = re.sub(r"^[\s*_`|:.\-–—)]+", "", text)
    text = re.sub(r"[\s|*]+$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _ids_of(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[|,;\s]+", value) if v]
    return [str(v) for v in value]


def _get(chunk: Any, *names: str) -> Any:
    for name in names:
        if isinstance(chunk, Mapping):
            if chunk.get(name) is not None:
                return chunk[name]
            meta = chunk.get("metadata")
            if isinstance(meta, Mapping) and meta.get(name) is not None:
                return meta[name]
        else:
            value = getattr(chunk, name, None)
            if value is not None:
                return value
            meta = getattr(chunk, "metadata", None)
            if isinstance(meta, Mapping) and meta.get(name) is not None:
                return meta[name]
    return None


def requirements_from_chunks(chunks: Iterable[Any], *, source: str | None = None) -> RequirementSet:
    """A RequirementSet from ingested chunks (objects or dicts with text, requirement_ids, heading...).

    Accepts `assistant.documents.chunking.Chunk`, the vector store's `StoredChunk` (fields in
    `metadata`, lists joined with "|") and plain dicts.
    """
    result = RequirementSet()
    for chunk in chunks:
        text = str(_get(chunk, "text", "document") or "")
        ids = _ids_of(_get(chunk, "requirement_ids")) or find_requirement_ids(text)
        ids = [i for i in ids if REQUIREMENT_ID.fullmatch(i) and not _NOT_REQUIREMENTS.match(i)]
        if not ids:
            continue
        heading = _get(chunk, "heading")
        if isinstance(heading, (list, tuple)):
            heading = " > ".join(heading)
        if heading is None and getattr(chunk, "heading_path", None):
            heading = " > ".join(chunk.heading_path)
        doc = _get(chunk, "document", "filename", "source") or source
        chunk_id = _get(chunk, "chunk_id", "id")
        first = find_requirement_ids(text[:60])
        last_heading = str(heading or "").split(" > ")[-1]
        for rid in ids:
            defines = (first and first[0] == rid and text.strip().find(rid) < 40) or (
                last_heading and find_requirement_ids(last_heading)[:1] == [rid])
            statement = _strip_id(text, rid) if defines else None
            result.add(Requirement(id=rid, statement=statement or None, source=str(doc) if doc else None,
                                   chunk_id=str(chunk_id) if chunk_id is not None else None,
                                   heading=str(heading) if heading else None))
    return result


def requirements_from_file(path: str | Path) -> RequirementSet:
    """Parse and chunk one requirements document (any format ingest reads) without indexing it."""
    # lazy: only requirements_from_file parses and chunks; the chunker loads langchain_text_splitters
    from assistant.documents.chunking import chunk_blocks
    from assistant.documents.parsers import parse_bytes

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read the requirements file: {exc.strerror}") from exc

    parsed = parse_bytes(path, data)
    result = requirements_from_chunks(chunk_blocks(parsed.blocks), source=path.name)
    result.markings = document_markings("\n".join([parsed.marking_text, parsed.text])).levels
    return result


def is_requirements_document(name: str) -> bool:
    """An ArcKit requirements document (ARC-001-REQ-v1.0.md) or a file named as requirements."""
    return bool(re.search(r"-REQ-v|requirement", name, re.I))


def requirements_for_project(project_key: str) -> RequirementSet:
    """The requirements in a project's ingested documents (IDs, statements and their numbers).

    Reads the project's chunks from the vector store; the workspace's document list names the files.
    Raises `InvalidInputError` when the project does not exist.
    """
    workspace = get_workspace()
    project = workspace.get_project(project_key)
    if project is None:
        raise InvalidInputError(f"--project {project_key}: no such project; create it with `ingest ... --project`.")
    filenames = {d.id: d.filename for d in workspace.list_documents(project.key)}
    chunks = get_store().get(workspace.chunk_scope(project.key))
    for chunk in chunks:  # name the document by its file name, whichever key ingest stored
        doc_id = chunk.metadata.get("document_id") or chunk.metadata.get("doc_id")
        if doc_id in filenames and not chunk.metadata.get("document"):
            chunk.metadata["document"] = filenames[doc_id]
    # The requirements document defines a requirement; other documents (platform designs, assessments) quote it
    chunks = sorted(chunks, key=lambda c: 0 if is_requirements_document(str(c.metadata.get("document") or "")) else 1)
    result = requirements_from_chunks(chunks)
    result.project_key = project.key
    result.markings = list(dict.fromkeys(
        [project.classification, *(m for d in workspace.list_documents(project.key) for m in d.markings)]))
    # IDs the workspace knows from ingestion but no chunk defines still exist.
    for record in workspace.list_documents(project.key):
        for rid in record.requirement_ids:
            if not _NOT_REQUIREMENTS.match(rid):
                result.add(Requirement(id=rid, source=record.filename))
    return result

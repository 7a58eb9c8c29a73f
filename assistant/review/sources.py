"""The project's own documents as the review reads them: names, Document IDs, text and facts.

An adapter over the project facts layer (`assistant.facts`, extracted at ingest) and the indexed text
(the vector store's chunks), so content checks can quote a source sentence beside the strategy's.
`ProjectSources.from_texts` builds the same from files in memory (tests, benchmarks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from assistant.documents.ids import REQUIREMENT_ID
from assistant.errors import InvalidInputError
from assistant.facts import ProjectFacts, RequirementFact, extract_document_facts, merge, project_facts
from assistant.index.store import get_store
from assistant.review.requirements import is_requirements_document
from assistant.workspace import get_workspace

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|\n+|\s\|\s")


@dataclass
class SourceSentence:
    document: str
    text: str


@dataclass
class ProjectSources:
    """Documents by file name with their text; the facts extracted from them."""

    texts: dict[str, str] = field(default_factory=dict)
    facts: ProjectFacts | None = None

    @classmethod
    def from_texts(cls, texts: dict[str, str]) -> ProjectSources:
        documents = [extract_document_facts(text, name) for name, text in texts.items()]
        return cls(texts=dict(texts), facts=merge(documents))

    @classmethod
    def from_project(cls, project_key: str) -> ProjectSources:
        """The ingested documents of a project (text from the index, facts from the facts store)."""
        workspace = get_workspace()
        project = workspace.get_project(project_key)
        if project is None:
            raise InvalidInputError(f"--project {project_key}: no such project; create it with `ingest ... --project`.")
        filenames = {d.id: d.filename for d in workspace.list_documents(project.key)}
        parts: dict[str, list[tuple[int, str, str]]] = {name: [] for name in filenames.values()}
        for chunk in get_store().get(workspace.chunk_scope(project.key)):
            meta = chunk.metadata
            name = meta.get("document") or filenames.get(meta.get("document_id") or meta.get("doc_id") or "")
            if not name:
                continue
            order = int(meta.get("index") or meta.get("chunk_index") or 0)
            heading = str(meta.get("heading") or "").split(" > ")[-1]
            parts.setdefault(str(name), []).append((order, heading, chunk.text))
        texts = {}
        for name, chunks in parts.items():
            lines, last = [], None
            for _, heading, text in sorted(chunks):
                if heading and heading != last:
                    lines.append(f"## {heading}")  # the chunk's heading ("NFR-A-003: Fault Tolerance") is content
                    last = heading
                lines.append(text)
            texts[name] = "\n".join(lines)
        try:
            facts = project_facts(project.key)
        except Exception:  # noqa: BLE001 - a project ingested before the facts layer still has its text
            facts = None
        return cls(texts=texts, facts=facts)

    # ----- what the checks ask ------------------------------------------------------------------
    @property
    def documents(self) -> list[str]:
        return list(self.texts)

    @cached_property
    def doc_ids(self) -> set[str]:
        ids = set()
        if self.facts is not None:
            ids |= {i.doc_id for i in self.facts.infos() if i.doc_id}
        for name, text in self.texts.items():
            m = re.match(r"(ARC-[A-Z0-9]+-[A-Z]+(?:-\d+)?-v\d+(?:\.\d+)*)", name)
            if m:
                ids.add(m.group(1))
            # A Document ID field the facts layer did not read (a Document Control table without its heading)
            m = re.search(r"(?i)document\s*id\W{0,12}(ARC-[A-Z0-9]+-[A-Z]+(?:-\d+)?-v\d+(?:\.\d+)*)", text[:3000])
            if m:
                ids.add(m.group(1))
        return ids

    @cached_property
    def type_codes(self) -> set[str]:
        codes = {i.type_code for i in self.facts.infos() if i.type_code} if self.facts is not None else set()
        for doc_id in self.doc_ids:
            m = re.match(r"ARC-[A-Z0-9]+-([A-Z]+)", doc_id)
            if m:
                codes.add(m.group(1))
        return codes

    @cached_property
    def sentences(self) -> list[SourceSentence]:
        out = []
        for name, text in self.texts.items():
            for part in _SENTENCE_SPLIT.split(text):
                part = re.sub(r"[*_`#>]+", " ", part)
                part = re.sub(r"\s+", " ", part).strip(" |-")
                if len(part) > 3:
                    out.append(SourceSentence(name, part))
        return out

    @cached_property
    def all_text(self) -> str:
        return "\n".join(self.texts.values())

    @cached_property
    def open_item_lines(self) -> list[str]:
        """The sources' lines that leave something TBD or TBC, case-folded (read once for every row checked)."""
        return [m.group(0).casefold() for m in re.finditer(r"^.*\b(?:TBD|TBC)\b.*$", self.all_text, re.MULTILINE)]

    @cached_property
    def requirements(self) -> dict[str, RequirementFact]:
        return self.facts.requirements() if self.facts is not None else {}

    def facts_of(self, kind: str, *, asserted: bool = True) -> list[Any]:
        """The sources' facts of a kind; `asserted=False` adds those denied, unticked or conditional."""
        return list(self.facts.all(kind, asserted=asserted)) if self.facts is not None else []

    def requirement_body(self, rid: str) -> str:
        """The whole section a requirements document gives a requirement (heading to the next heading)."""
        for name, text in self.texts.items():
            if not is_requirements_document(name):
                continue
            m = re.search(r"(?m)^(#{2,6})[^\n]*\b" + re.escape(rid) + r"\b[^\n]*$", text)
            if m:
                level = len(m.group(1))
                end = re.search(r"(?m)^#{2," + str(level) + r"}\s", text[m.end():])
                return text[m.start(): m.end() + (end.start() if end else 3000)][:4000]
            # Indexed text has no heading marks: every passage from the ID to the next requirement ID
            parts = []
            for m in re.finditer(re.escape(rid) + r"\b", text):
                rest = text[m.end():m.end() + 1500]
                nxt = REQUIREMENT_ID.search(rest)
                parts.append(rest[: nxt.start() if nxt else len(rest)])
            if parts:
                return (rid + " " + " ".join(parts))[:6000]
        return ""

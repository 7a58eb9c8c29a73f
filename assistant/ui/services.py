"""The UI's one door into the library: every call the views make to ingest, retrieval, drafting, review,
strategy and llm goes through here.

Why a door: the views stay about layout, and when a part of the library is not installed in this build
the door says so (`Missing`, with the module and the reason) instead of the view faking a result.
No Streamlit here, so this module is plain to test.
"""

from __future__ import annotations

import difflib
import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import RESOURCES
from assistant.errors import AssistantError
from assistant.workspace import DocumentRecord, ProjectRecord, Workspace, get_workspace

SAMPLE_REQUIREMENTS = (RESOURCES / "sample" / "benefits-fraud-requirements.md",)
SAMPLE_PROJECT_NAME = "Benefits Fraud Triage (sample)"
SAMPLE_PROJECT_KEY = "sample-benefits-fraud"


class Missing(AssistantError):
    """A part of the library this build does not have yet; the message names it and what is lost."""


def _module(name: str, *, needed_for: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:  # only a module that is absent or broken at import time lands here
        raise Missing(f"{needed_for} is not available: `{name}` could not be imported ({exc}).") from exc


def _attr(module_name: str, attr: str, *, needed_for: str) -> Any:
    module = _module(module_name, needed_for=needed_for)
    value = getattr(module, attr, None)
    if value is None:
        raise Missing(f"{needed_for} is not available: `{module_name}` has no `{attr}` yet.")
    return value


def capability(module_name: str, attr: str) -> str | None:
    """None when `module_name.attr` can be used, else the reason it cannot (shown to the user)."""
    try:
        _attr(module_name, attr, needed_for=f"`{module_name}.{attr}`")
    except Missing as exc:
        return str(exc)
    return None


def workspace() -> Workspace:
    return get_workspace()


# --------------------------------------------------------------------------------------------------
# Projects and the strategy document
# --------------------------------------------------------------------------------------------------


def new_strategy(project: ProjectRecord) -> Any:
    from assistant.strategy import Strategy

    strategy = Strategy.new(project.project_id, project.name, project.classification)
    return apply_document_control(strategy, project)


def apply_document_control(strategy: Any, project: ProjectRecord) -> Any:
    """Copy the project's Document Control fields into the strategy (the project is where they are edited)."""
    data = strategy.model_dump(mode="json")
    control = data["document_control"]
    control.update(project_id=project.project_id, project_name=project.name,
                   classification=project.classification, review_cycle=project.review_cycle)
    if project.owner:
        control["owner"] = project.owner
    return type(strategy).model_validate(data)


def load_strategy(data: dict[str, Any]) -> Any:
    from assistant.strategy import Strategy

    return Strategy.model_validate(data)


def current_strategy(project: ProjectRecord) -> tuple[Any, int | None]:
    """The latest saved draft (and its version number), or a fresh one that is not saved yet."""
    latest = workspace().latest_draft(project.key)
    if latest is None:
        return new_strategy(project), None
    return load_strategy(latest.strategy), latest.number


def save_strategy(project: ProjectRecord, strategy: Any, note: str) -> int:
    record = workspace().save_draft(project.key, strategy.model_dump(mode="json"), note=note)
    workspace().audit(project.key, "ui.draft_saved", {"version": record.number, "note": note})
    return record.number


def render_markdown(strategy: Any) -> str:
    render = _attr("assistant.strategy.render", "render_markdown", needed_for="The Markdown preview")
    return render(strategy)


def diff_versions(project_key: str, old: int, new: int) -> str:
    """A unified diff of two versions' rendered Markdown."""
    ws = workspace()
    a, b = ws.get_draft(project_key, old), ws.get_draft(project_key, new)
    if a is None or b is None:
        raise AssistantError(f"Version {old if a is None else new} does not exist for project {project_key!r}.")
    left = render_markdown(load_strategy(a.strategy)).splitlines(keepends=True)
    right = render_markdown(load_strategy(b.strategy)).splitlines(keepends=True)
    return "".join(difflib.unified_diff(left, right, fromfile=f"version {old}", tofile=f"version {new}"))


def sections() -> list[Any]:
    from assistant.strategy import SECTIONS

    return list(SECTIONS)


def section_data(strategy: Any, number: int) -> dict[str, Any]:
    return strategy.section(number).model_dump(mode="json")


def replace_section(strategy: Any, number: int, text: str) -> Any:
    """The strategy with section `number` replaced by JSON `text`, validated against the schema.

    Raises `AssistantError` naming the section and the first invalid field.
    """
    from pydantic import ValidationError

    info = next(s for s in sections() if s.number == number)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AssistantError(f"Section {number} ({info.title}): not valid JSON: {exc.msg} at line {exc.lineno}.") from exc
    data = strategy.model_dump(mode="json")
    data[info.field] = value
    try:
        return load_strategy(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or info.field
        raise AssistantError(f"Section {number} ({info.title}), field `{where}`: {first['msg']}.") from exc


@dataclass
class SectionStatus:
    number: int
    title: str
    drafted: bool
    reviewed: bool
    open_questions: list[str]
    evidence: list[str]

    @property
    def label(self) -> str:
        parts = ["Drafted" if self.drafted else "Not started"]
        if self.reviewed:
            parts.append("reviewed")
        if self.open_questions:
            parts.append(f"{len(self.open_questions)} open question{'s' if len(self.open_questions) != 1 else ''}")
        return ", ".join(parts)


def section_statuses(project: ProjectRecord, strategy: Any, version: int | None) -> list[SectionStatus]:
    """Each section's state: drafted means it differs from the template's fresh copy."""
    from assistant.strategy.base import evidence_ids

    blank = new_strategy(project)
    review = (project.settings or {}).get("last_review") or {}
    reviewed = version is not None and review.get("version") == version
    out = []
    for info in sections():
        section = strategy.section(info.number)
        drafted = version is not None and section != blank.section(info.number)
        out.append(SectionStatus(
            number=info.number, title=info.title, drafted=drafted, reviewed=reviewed and drafted,
            open_questions=[q.question for q in section.open_questions], evidence=evidence_ids(section),
        ))
    return out


@dataclass
class Evidence:
    evidence_id: str
    marker: str
    document: str
    where: str
    snippet: str


def evidence_for(strategy: Any, ids: Iterable[str], project_key: str | None = None) -> list[Evidence]:
    """What each evidence ID resolves to: the strategy's citation register first, then the project's index
    (a chunk by its ID, a requirement ID by the passage that states it), else an honest 'not found'."""
    refs = strategy.external_references
    docs = {d.doc_id: d.filename for d in refs.documents if d.doc_id}
    by_evidence = {c.evidence_id: c for c in refs.citations}
    out: list[Evidence] = []
    for evidence_id in ids:
        citation = by_evidence.get(evidence_id)
        if citation is not None:
            out.append(_from_citation(citation, docs))
            continue
        found = _from_index(evidence_id, project_key) if project_key else None
        out.append(found or Evidence(evidence_id=evidence_id, marker=evidence_id, document="", where="",
                                     snippet="No passage for this ID was found in the citations or the index."))
    return out


def _from_citation(citation: Any, docs: dict[str, str]) -> Evidence:
    return Evidence(evidence_id=citation.evidence_id, marker=citation.citation_id,
                    document=docs.get(citation.doc_id or "", citation.doc_id or "unknown document"),
                    where=citation.page_section or "", snippet=citation.quoted_passage or "")


def evidence_label(item: Evidence) -> str:
    """`[BFR-C3] requirements.md · 4. Non-Functional Requirements`: the citation ID, document and page/heading
    (the raw evidence ID only where no citation maps it)."""
    return f"[{item.marker}] {item.document or item.evidence_id}" + (f" · {item.where}" if item.where else "")


def outline_evidence(strategy: Any, entries: Iterable[str]) -> list[str]:
    """An outline's key evidence (`ID (document > heading)`), each labelled by its citation when the strategy's
    register has one for that ID; otherwise the entry as planned."""
    refs = strategy.external_references
    docs = {d.doc_id: d.filename for d in refs.documents if d.doc_id}
    by_evidence = {c.evidence_id: c for c in refs.citations}
    out = []
    for entry in entries:
        evidence_id, _, source = entry.partition(" (")
        citation = by_evidence.get(evidence_id.strip())
        if citation is not None:
            out.append(evidence_label(_from_citation(citation, docs)))
        elif source:
            out.append(f"[{evidence_id.strip()}] {source.removesuffix(')')}")
        else:
            out.append(entry)
    return out


def _snippet(text: str, needle: str, width: int = 400) -> str:
    """The line of `text` that holds `needle` (a requirement ID), else the start of the text."""
    for line in text.splitlines():
        if needle in line:
            return line.strip()[:width]
    return text.strip()[:width]


def _from_index(evidence_id: str, project_key: str) -> Evidence | None:
    try:
        from assistant.documents.ids import REQUIREMENT_ID
        from assistant.retrieval.search import search
        from assistant.index.store import KNOWLEDGE_COLLECTION, collection_name, get_store
    except ImportError:
        return None
    try:
        if REQUIREMENT_ID.fullmatch(evidence_id):
            hits = [h for h in search(evidence_id, project_key, 5, scope="project")
                    if evidence_id in h.requirement_ids or evidence_id in h.text]
            if not hits:
                return None
            hit = hits[0]
            where = f"page {hit.page}" if hit.page else hit.heading
            return Evidence(evidence_id, evidence_id, hit.document, where, _snippet(hit.text, evidence_id))
        store = get_store()
        for name in (collection_name(project_key), KNOWLEDGE_COLLECTION):
            chunks = store.get(name, ids=[evidence_id])
            if chunks:
                meta = chunks[0].metadata
                page = meta.get("page")
                where = f"page {int(page)}" if isinstance(page, (int, float)) and page else str(meta.get("heading", ""))
                document = str(meta.get("document", "")) or ("knowledge base" if name == KNOWLEDGE_COLLECTION else "")
                return Evidence(evidence_id, evidence_id, document, where, chunks[0].text.strip()[:400])
    except AssistantError:
        return None
    return None


# --------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------


@dataclass
class FileOutcome:
    filename: str
    status: str  # ingested | duplicate | replaced | failed
    error: str | None = None
    document: DocumentRecord | None = None


def ingest_uploads(
    project: ProjectRecord,
    files: list[tuple[str, bytes]],
    *,
    folder: Path,
    on_progress: Callable[[str, float, str], None] | None = None,
) -> list[FileOutcome]:
    """Write the uploaded bytes under `folder` and ingest them; one outcome per file, failures included."""
    ingest_paths = _attr("assistant.ingest", "ingest_paths", needed_for="Document ingestion")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files:
        path = folder / Path(name).name
        path.write_bytes(data)
        paths.append(path)

    def progress(event: Any) -> None:
        if on_progress is not None:
            stage = f"{event.stage}" + (f" ({event.detail})" if event.detail else "")
            on_progress(Path(str(event.file)).name, float(event.fraction), stage)

    # A zip is an ArcKit project folder: every ARC document in it is imported (project number and name kept).
    zips = [p for p in paths if p.suffix.lower() == ".zip"]
    results = list(ingest_paths([p for p in paths if p not in zips], project.key, on_progress=progress))
    if zips:
        ingest_zip = _attr("assistant.ingest.arckit", "ingest_arckit_zip", needed_for="ArcKit project import")
        for archive in zips:
            results.extend(ingest_zip(archive, project=project.key, on_progress=progress)[1])
    outcomes = []
    for result in results:
        document = workspace().get_document(project.key, result.document_id) if result.document_id else None
        outcomes.append(FileOutcome(filename=Path(result.path).name, status=result.status,
                                    error=result.error, document=document))
    return outcomes


def remove_document(project: ProjectRecord, document_id: str) -> bool:
    """Remove a document's record and its passages from the index."""
    remove = _attr("assistant.ingest", "remove_document", needed_for="Removing a document from the index")
    return remove(project.key, document_id) is not None


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


# --------------------------------------------------------------------------------------------------
# Knowledge base, providers, policy
# --------------------------------------------------------------------------------------------------


def ensure_knowledge_base() -> str:
    """Build the knowledge-base index if it is not built; returns a line for the user."""
    ensure = _attr("assistant.retrieval.knowledge", "ensure_knowledge", needed_for="The knowledge base")
    build = ensure()
    if build is None:
        return "Knowledge base ready."
    notes = len(build.added) + len(build.updated) + len(build.unchanged)
    return f"Knowledge base ready: {notes} guidance notes ({build.embedded} passages indexed now)."


def load_embedder() -> Any:
    get_embedder = _attr("assistant.index.embeddings", "get_embedder", needed_for="The embedding model")
    return get_embedder()


def providers() -> list[Any]:
    from assistant.llm import available_providers

    return available_providers()


def provider_for(name: str | None, model: str | None) -> Any:
    from assistant.llm import get_provider

    return get_provider(name or None, model=model or None)


@dataclass
class PolicyView:
    source: str
    marking: str
    allowed: list[str] = field(default_factory=list)
    blocked: dict[str, str] = field(default_factory=dict)
    undecided: set[str] = field(default_factory=set)  # local endpoints not configured yet

    @property
    def restricts(self) -> bool:
        """True when the marking rules out a provider.

        A local endpoint that is not configured yet is left out: whether it is allowed depends on the address
        it will be given (loopback or not), so refusing it now would put a banner on every OFFICIAL project.
        """
        return any(name not in self.undecided for name in self.blocked)


def policy_for(classification: str) -> PolicyView:
    """Which providers the policy lets receive material at `classification`, and why not the others."""
    from assistant.errors import PolicyBlockedError
    from assistant.guardrails.gate import ProviderInfo, check_policy, current_policy
    from assistant.documents.markings import Marking, parse_marking

    policy = current_policy()
    marking = parse_marking(classification) or Marking(policy.unrecognised)
    view = PolicyView(source=policy.source, marking=marking.label)
    for described in providers():
        info = ProviderInfo(name=described.name, kind=described.kind, base_url=described.base_url)
        if described.kind == "local" and not described.available:
            view.undecided.add(described.name)
        try:
            check_policy(info, marking, policy)
            view.allowed.append(described.name)
        except PolicyBlockedError as exc:
            view.blocked[described.name] = str(exc)
    return view


# --------------------------------------------------------------------------------------------------
# Drafting, chat, review, export
# --------------------------------------------------------------------------------------------------


def chat_turn(project: ProjectRecord, message: str, *, provider: Any, document_ids: list[str] | None) -> Iterator[Any]:
    handle_turn = _attr("assistant.drafting", "handle_turn", needed_for="Chat answers")
    return handle_turn(project, message, provider=provider, document_ids=document_ids)


def plan(project: ProjectRecord, *, document_ids: list[str] | None) -> Any:
    """The outline: each section, whether it applies and why, and the evidence it would draw on."""
    plan_outline = _attr("assistant.drafting", "plan_outline", needed_for="Planning the draft")
    return plan_outline(project, document_ids=document_ids)


def draft(project: ProjectRecord, *, sections: list[int] | None, provider: Any, document_ids: list[str] | None,
          on_event: Callable[[Any], None]) -> Any:
    draft_document = _attr("assistant.drafting", "draft_document", needed_for="Drafting")
    return draft_document(project, sections=sections, provider=provider, on_event=on_event, document_ids=document_ids)


def revise(project: ProjectRecord, number: int, instruction: str, *, provider: Any,
           document_ids: list[str] | None) -> Any:
    revise_section = _attr("assistant.drafting", "revise_section", needed_for="Revising a section")
    return revise_section(project, number, instruction, provider=provider, document_ids=document_ids)


def review(project: ProjectRecord, strategy: Any, version: int | None, *, provider: Any) -> Any:
    """Review the strategy and remember the findings with the version they are about."""
    review_strategy = _attr("assistant.review", "review_strategy", needed_for="Review")
    requirements_for_project = _attr("assistant.review", "requirements_for_project", needed_for="Review")
    requirements = requirements_for_project(project.key) if workspace().list_documents(project.key) else None
    report = review_strategy(strategy, requirements=requirements, provider=provider)
    findings = [_finding_dict(f) for f in _get(report, "findings", default=[])]
    settings = dict(project.settings or {})
    settings["last_review"] = {"version": version, "findings": findings,
                               "summary": _jsonable(_get(report, "summary", default={}))}
    workspace().update_project(project.key, settings=settings)
    workspace().audit(project.key, "ui.review", {"version": version, "findings": len(findings)})
    return report


def apply_fix(project: ProjectRecord, strategy: Any, finding: dict[str, Any]) -> int:
    apply_fixes = _attr("assistant.review", "apply_fixes", needed_for="Applying a fix")
    finding_cls = _attr("assistant.review", "Finding", needed_for="Applying a fix")
    fixed = apply_fixes(strategy, [finding_cls.model_validate(finding)])
    if fixed is strategy:
        raise AssistantError(f"The fix for {finding.get('rule')} changed nothing: it may already be applied.")
    return save_strategy(project, fixed, note=f"Fix applied: {finding.get('rule')} ({finding.get('section')})")


def _finding_dict(finding: Any) -> dict[str, Any]:
    if hasattr(finding, "model_dump"):
        return finding.model_dump(mode="json")
    return dict(finding)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def export_bytes(strategy: Any, fmt: str) -> tuple[bytes, str, str]:
    """(data, file name, mime type) for Markdown, DOCX or JSON, named as ArcKit names them."""
    stem = strategy.filename.removesuffix(".md")
    if fmt == "md":
        return render_markdown(strategy).encode("utf-8"), f"{stem}.md", "text/markdown"
    if fmt == "json":
        return strategy.model_dump_json(indent=2).encode("utf-8"), f"{stem}.json", "application/json"
    if fmt == "docx":
        to_docx = _attr("assistant.strategy.export", "to_docx", needed_for="DOCX export")
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            result = to_docx(strategy, Path(tmp) / f"{stem}.docx").read_bytes()
        return bytes(result), f"{stem}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise AssistantError(f"Unknown export format {fmt!r}: choose md, docx or json.")


def sample_requirements() -> Path | None:
    return next((p for p in SAMPLE_REQUIREMENTS if p.is_file()), None)


def upload_folder(project: ProjectRecord) -> Path:
    """Where a project's uploaded files are kept, under the data home."""
    from assistant.config import get_settings

    return get_settings().home / "uploads" / project.key

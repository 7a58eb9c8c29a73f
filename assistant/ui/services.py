"""The UI's one door into the library: every call the views make to ingest, retrieval, drafting, review,
strategy and llm goes through here, with plain imports and typed results.

Why a door: the views stay about layout and never learn the library's module layout; a change there is one
edit here. No Streamlit here, so this module is plain to test.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from assistant.config import RESOURCES, get_settings
from assistant.documents.markings import Marking, parse_marking
from assistant.drafting.actions import chat_action, draft_action
from assistant.drafting.chat import ChatEvent, handle_turn
from assistant.drafting.engine import DraftEvent, DraftOutcome, Outline, draft_document, plan_outline
from assistant.drafting.revision import RevisionOutcome, revise_section
from assistant.errors import AssistantError, PolicyBlockedError
from assistant.guardrails.gate import ProviderInfo, check_policy, current_policy
from assistant.guardrails.output import inert_markdown
from assistant.index.embeddings import get_embedder
from assistant.ingest import ProgressEvent, ingest_paths
from assistant.ingest import remove_document as ingest_remove_document
from assistant.ingest.arckit import ingest_arckit_zip
from assistant.ingest.marking_review import decide_marking as _decide_marking
from assistant.ingest.names import storage_name
from assistant.llm import Provider, ProviderDescription, available_providers, get_provider
from assistant.retrieval.knowledge import ensure_knowledge
from assistant.review import Finding, ReviewReport, apply_fixes, requirements_for_project, review_strategy
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.base import evidence_ids
from assistant.strategy.export import reader_markdown, to_docx
from assistant.strategy.schema import SectionInfo
from assistant.ui import document_control
from assistant.ui.evidence import Evidence, evidence_for, evidence_label, outline_evidence, passage
from assistant.workspace import DocumentRecord, DraftVersionRecord, ProjectRecord, Workspace, get_workspace

JsonObject = dict[str, object]  # schema JSON as stored (a draft version, a section, a stored finding)

SAMPLE_REQUIREMENTS = (RESOURCES / "sample" / "benefits-fraud-requirements.md",)
SAMPLE_PROJECT_NAME = "Benefits Fraud Triage (sample)"
SAMPLE_PROJECT_KEY = "sample-benefits-fraud"

__all__ = ["Evidence", "evidence_for", "evidence_label", "outline_evidence", "passage"]  # re-exported for the views


def workspace() -> Workspace:
    return get_workspace()


# --------------------------------------------------------------------------------------------------
# Projects and the strategy document
# --------------------------------------------------------------------------------------------------


def new_strategy(project: ProjectRecord) -> Strategy:
    strategy = Strategy.new(project.project_id, project.name, project.classification)
    return apply_document_control(strategy, project)


def apply_document_control(strategy: Strategy, project: ProjectRecord) -> Strategy:
    """The strategy with the project's Document Control (the project is where those fields are edited)."""
    return document_control.apply(strategy, project)


def load_strategy(data: JsonObject) -> Strategy:
    return Strategy.model_validate(data)


def current_strategy(project: ProjectRecord) -> tuple[Strategy, int | None]:
    """The latest saved draft (and its version number), or a fresh one that is not saved yet; either way with
    the project's Document Control, since drafting starts from the template's."""
    latest = workspace().latest_draft(project.key)
    if latest is None:
        return new_strategy(project), None
    return apply_document_control(load_strategy(latest.strategy), project), latest.number


def strategy_at(project: ProjectRecord, number: int) -> Strategy | None:
    record = workspace().get_draft(project.key, number)
    return None if record is None else apply_document_control(load_strategy(record.strategy), project)


def save_strategy(project: ProjectRecord, strategy: Strategy, note: str, *, sections: Sequence[int] | None = None,
                  base: EditBase | None = None) -> int:
    """Save a person's change. With `base` (where their edit started), a save over someone else's later change
    to the same sections raises DraftConflictError with both sides, and nothing is written."""
    record = workspace().save_draft(project.key, strategy.model_dump(mode="json"), note=note, sections=sections,
                                    base_version=base.version if base else None,
                                    base_steps=base.steps if base else None)
    workspace().audit(project.key, "ui.draft_saved", {"version": record.number, "note": note})
    return record.number


@dataclass(frozen=True)
class EditBase:
    """The version (0: none yet) and its step count when a person opened an edit: what their save is checked
    against, so a concurrent change to the same section is never overwritten silently."""

    version: int
    steps: int


def edit_base(project: ProjectRecord) -> EditBase:
    latest = workspace().latest_draft(project.key)
    return EditBase(0, 0) if latest is None else EditBase(latest.number, len(latest.steps))


def render_markdown(strategy: Strategy) -> str:
    """The document as its reader sees it: citation markers, no internal chunk IDs."""
    return reader_markdown(strategy)


def sections_markdown(strategy: Strategy) -> dict[int, str]:
    """Each numbered section of the reader's Markdown, from its `## N.` heading to the next `## ` heading."""
    out: dict[int, str] = {}
    for part in ("\n" + render_markdown(strategy)).split("\n## ")[1:]:
        number, dot, _ = part.partition(".")
        if dot and number.isdigit():
            out[int(number)] = "## " + part.strip()
    return out


def diff_versions(project_key: str, old: int, new: int) -> str:
    """A unified diff of two versions as their reader sees them (markers, not chunk IDs)."""
    ws = workspace()
    a, b = ws.get_draft(project_key, old), ws.get_draft(project_key, new)
    if a is None or b is None:
        raise AssistantError(f"Version {old if a is None else new} does not exist for project {project_key!r}.")
    left = render_markdown(load_strategy(a.strategy)).splitlines(keepends=True)
    right = render_markdown(load_strategy(b.strategy)).splitlines(keepends=True)
    return "".join(difflib.unified_diff(left, right, fromfile=f"version {old}", tofile=f"version {new}"))


def history(project_key: str) -> list[DraftVersionRecord]:
    return workspace().draft_history(project_key)


def sections() -> list[SectionInfo]:
    return list(SECTIONS)


def section_title(number: int) -> str:
    return next(f"{s.number}. {s.title}" for s in SECTIONS if s.number == number)


def section_data(strategy: Strategy, number: int) -> JsonObject:
    return strategy.section(number).model_dump(mode="json")


def replace_section(strategy: Strategy, number: int, text: str) -> Strategy:
    """The strategy with section `number` replaced by JSON `text`, validated against the schema.

    Raises `AssistantError` naming the section and the first invalid field.
    """
    info = next(s for s in SECTIONS if s.number == number)
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


HAND_EDIT_NOTE = "Section {number} edited by hand"


def hand_edited_sections(project_key: str) -> list[int]:
    """Sections whose latest change was a hand edit (not redrafted since): a full redraft asks before it
    replaces them. Read from the version history's steps, oldest first."""
    edited: dict[int, bool] = {}
    for version in workspace().draft_history(project_key):
        for step in version.steps or [{"note": version.note}]:
            note = str(step.get("note", ""))
            for info in SECTIONS:
                if note == HAND_EDIT_NOTE.format(number=info.number):
                    edited[info.number] = True
                elif note.startswith(f"section {info.number} drafted"):
                    edited[info.number] = False
    return sorted(n for n, yes in edited.items() if yes)


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


def section_statuses(project: ProjectRecord, strategy: Strategy, version: int | None) -> list[SectionStatus]:
    """Each section's state: drafted means it differs from the template's fresh copy."""
    blank = new_strategy(project)
    review = (project.settings or {}).get("last_review") or {}
    reviewed = version is not None and review.get("version") == version
    out = []
    for info in SECTIONS:
        section = strategy.section(info.number)
        drafted = version is not None and section != blank.section(info.number)
        out.append(SectionStatus(
            number=info.number, title=info.title, drafted=drafted, reviewed=reviewed and drafted,
            open_questions=[q.question for q in section.open_questions], evidence=evidence_ids(section),
        ))
    return out


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
    for level in (folder.parent, folder):  # uploads/ and uploads/<project>/: owner only, even in an old home
        level.mkdir(parents=True, exist_ok=True, mode=0o700)
        level.chmod(0o700)
    paths = []
    for name, data in files:
        # The browser names the file: "..", "." or "" must never become a path, nor leave the folder.
        path = folder / storage_name(name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        path.chmod(0o600)  # an existing file keeps its old mode through O_CREAT
        paths.append(path)

    def progress(event: ProgressEvent) -> None:
        if on_progress is not None:
            stage = f"{event.stage}" + (f" ({event.detail})" if event.detail else "")
            on_progress(Path(str(event.file)).name, float(event.fraction), stage)

    # A zip is an ArcKit project folder: every ARC document in it is imported (project number and name kept).
    zips = [p for p in paths if p.suffix.lower() == ".zip"]
    results = list(ingest_paths([p for p in paths if p not in zips], project.key, on_progress=progress))
    if zips:
        for archive in zips:
            results.extend(ingest_arckit_zip(archive, project=project.key, on_progress=progress)[1])
    outcomes = []
    for result in results:
        document = workspace().get_document(project.key, result.document_id) if result.document_id else None
        outcomes.append(FileOutcome(filename=Path(result.path).name, status=result.status,
                                    error=result.error, document=document))
    return outcomes


def remove_document(project: ProjectRecord, document_id: str) -> bool:
    """Remove a document's record and its passages from the index."""
    return ingest_remove_document(project.key, document_id) is not None


# --------------------------------------------------------------------------------------------------
# Knowledge base, providers, policy
# --------------------------------------------------------------------------------------------------


def ensure_knowledge_base() -> str:
    """Build the knowledge-base index if it is not built; returns a line for the user."""
    build = ensure_knowledge()
    if build is None:
        return "Knowledge base ready."
    notes = len(build.added) + len(build.updated) + len(build.unchanged)
    return f"Knowledge base ready: {notes} guidance notes ({build.embedded} passages indexed now)."


def load_embedder() -> None:
    """Load the embedding model now (first start), so the first search does not wait for it."""
    get_embedder()


def providers() -> list[ProviderDescription]:
    return available_providers()


def provider_for(name: str | None, model: str | None) -> Provider:
    return get_provider(name or None, model=model or None)


def offline_provider() -> Provider:
    return get_provider("offline")


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

    def why_not(self, name: str) -> str:
        """The reason `name` cannot be used, in words that fit its state: an unconfigured local endpoint is
        not 'blocked for its address' when it has no address yet."""
        if name in self.undecided:
            return ("set MLOPS_ASSISTANT_BASE_URL to your local endpoint (for example "
                    "http://127.0.0.1:11434/v1). At this marking the policy allows it only on a loopback address.")
        return self.blocked.get(name, "")


def policy_for(classification: str) -> PolicyView:
    """Which providers the policy lets receive material at `classification`, and why not the others."""
    policy = current_policy()
    marking = parse_marking(classification) or Marking(policy.unrecognised)
    view = PolicyView(source=policy.source, marking=marking.label)
    for described in providers():
        info = ProviderInfo(name=described.name, kind=described.kind, base_url=described.base_url)
        if described.kind == "local" and not described.base_url:
            view.undecided.add(described.name)
        try:
            check_policy(info, marking, policy)
            view.allowed.append(described.name)
        except PolicyBlockedError as exc:
            view.blocked[described.name] = str(exc)
    return view


# --------------------------------------------------------------------------------------------------
# Drafting, chat, review
# --------------------------------------------------------------------------------------------------


def one_chat_action(project: ProjectRecord, message: str) -> AbstractContextManager[None]:
    """Everything one chat turn saves is one version (one user action), labelled as the CLI labels it. A caller
    streaming a chat turn holds it around the whole loop: a context variable set inside a generator could
    outlive an abandoned stream."""
    return chat_action(project.key, message)


def chat_turn(project: ProjectRecord, message: str, *, provider: Provider,
              document_ids: list[str] | None) -> Iterator[ChatEvent]:
    """One chat turn as a stream of events (hold `one_chat_action` around the loop)."""
    return handle_turn(project, message, provider=provider, document_ids=document_ids)


def plan(project: ProjectRecord, *, document_ids: list[str] | None) -> Outline:
    """The outline: each section, whether it applies and why, and the evidence it would draw on."""
    return plan_outline(project, document_ids=document_ids)


def draft(project: ProjectRecord, *, sections: list[int] | None, provider: Provider | None,
          document_ids: list[str] | None, on_event: Callable[[DraftEvent], None]) -> DraftOutcome:
    """Draft the sections asked for (None: all that apply) as one version, each section a step inside it."""
    with draft_action(project.key, sections):
        return draft_document(project, sections=sections, provider=provider, on_event=on_event,
                              document_ids=document_ids)


def revise(project: ProjectRecord, number: int, instruction: str, *, provider: Provider | None,
           document_ids: list[str] | None) -> RevisionOutcome:
    return revise_section(project, number, instruction, provider=provider, document_ids=document_ids)


def review(project: ProjectRecord, strategy: Strategy, version: int | None, *, provider: Provider | None) -> ReviewReport:
    """Review the strategy and remember the findings with the version they are about."""
    requirements = requirements_for_project(project.key) if workspace().list_documents(project.key) else None
    report = review_strategy(strategy, requirements=requirements, provider=provider, project_key=project.key)
    findings = [f.model_dump(mode="json") for f in report.findings]
    settings = dict(project.settings or {})
    settings["last_review"] = {"version": version, "findings": findings,
                               "summary": report.summary.model_dump(mode="json")}
    workspace().update_project(project.key, settings=settings)
    workspace().audit(project.key, "ui.review", {"version": version, "findings": len(findings)})
    return report


def apply_fix(project: ProjectRecord, strategy: Strategy, finding: JsonObject) -> int:
    fixed = apply_fixes(strategy, [Finding.model_validate(finding)])
    if fixed is strategy:
        raise AssistantError(f"The fix for {finding.get('rule')} changed nothing: it may already be applied.")
    return save_strategy(project, fixed, note=f"Fix applied: {finding.get('rule')} ({finding.get('section')})")


# --------------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------------


def export_bytes(strategy: Strategy, fmt: str) -> tuple[bytes, str, str]:
    """(data, file name, mime type) for Markdown, DOCX or JSON, named as ArcKit names them."""
    stem = strategy.filename.removesuffix(".md")
    if fmt == "md":
        return render_markdown(strategy).encode("utf-8"), f"{stem}.md", "text/markdown"
    if fmt == "json":
        return strategy.model_dump_json(indent=2).encode("utf-8"), f"{stem}.json", "application/json"
    if fmt == "docx":
        with tempfile.TemporaryDirectory() as tmp:
            data = to_docx(strategy, Path(tmp) / f"{stem}.docx").read_bytes()
        return data, f"{stem}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise AssistantError(f"Unknown export format {fmt!r}: choose md, docx or json.")


def sample_requirements() -> Path | None:
    return next((p for p in SAMPLE_REQUIREMENTS if p.is_file()), None)


def decide_marking(project: ProjectRecord, document_id: str, *, is_marking: bool) -> DocumentRecord:
    """A person confirms or dismisses a document's unconfirmed marking (audited with old and new)."""
    return _decide_marking(project.key, document_id, is_marking=is_marking)


def safe_markdown(text: str) -> str:
    """Markdown from documents, chat or a model with nothing a browser would fetch (issue 17: images loaded
    external URLs); every `st.markdown` of such text goes through this."""
    return inert_markdown(text)


def upload_folder(project: ProjectRecord) -> Path:
    """Where a project's uploaded files are kept, under the data home."""
    return get_settings().home / "uploads" / project.key

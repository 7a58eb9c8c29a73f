"""Whole-document drafting: outline first, then sections concurrently, each saved the moment it is done.

    outline = plan_outline("fraud-triage")                 # which sections apply, why, key evidence
    outcome = draft_document("fraud-triage", on_event=print)  # DraftOutcome(strategy, version, failed, ...)

Concurrency: at most `get_settings().draft_concurrency` sections are with the provider at once (a thread
pool: provider calls are blocking HTTP). The sections in `data/sections.yaml` `first` are drafted alone
before the rest: they fix the model IDs later sections reuse, and their call writes the prompt cache
that the concurrent calls read. Events are produced on the caller's thread (workers only enqueue), so a
callback may touch the UI or a progress bar; each finished section is merged into the document and saved
as a new workspace version on that thread, so a failure later loses nothing already finished.

With a non-generative provider (offline) the extractive `OfflineDrafter` drafts each section instead.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import queue
import re
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import __version__
from assistant.config import get_settings
from assistant.documents.markings import RANK
from assistant.drafting.checks import CheckReport, check_section, template_values
from assistant.drafting.evidence import (
    Evidence,
    EvidencePool,
    Retriever,
    first_sections,
    safe_retrieve,
    whole_project_evidence,
)
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.offline.drafter import CitationIndex, cite
from assistant.drafting.offline.evidence import evidence_from_chunks
from assistant.drafting.sections import (
    DraftContext,
    ProjectFacts,
    SectionResult,
    generate_section,
    is_drafted,
    section_title,
    summarise_section,
    template_strategy,
    usage_of,
)
from assistant.errors import AssistantError, InvalidInputError
from assistant.facts import project_facts as stored_facts
from assistant.guardrails.gate import enforce_outbound
from assistant.llm import (
    GenerationRecord,
    Provider,
    RequestContext,
    Usage,
    get_provider,
)
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.base import evidence_ids
from assistant.strategy.enums import Classification
from assistant.strategy.schema import RevisionRow
from assistant.workspace import get_workspace

EventKind = Literal["plan", "section_started", "section_done", "section_failed", "step", "done"]
ALL_SECTIONS: tuple[int, ...] = tuple(s.number for s in SECTIONS)
AUTHOR = "MLOps Strategy Assistant"


class DraftEvent(BaseModel):
    """A progress event for the CLI progress bar and the UI."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: EventKind
    section: int | None = None
    title: str = ""
    message: str = ""
    fraction: float = 0.0  # sections finished (done or failed) / sections planned
    version: int | None = None  # the workspace draft version saved with this event
    data: dict[str, Any] = Field(default_factory=dict)


class PlannedSection(BaseModel):
    number: int
    title: str
    applies: bool
    reason: str
    key_evidence: list[str] = Field(default_factory=list)  # "FR-003 (requirements.pdf p.4 > Monitoring)"


class Outline(BaseModel):
    project: str
    sections: list[PlannedSection]

    def applicable(self) -> list[int]:
        return [s.number for s in self.sections if s.applies]

    def text(self) -> str:
        lines = []
        for s in self.sections:
            mark = "x" if s.applies else " "
            lines.append(f"[{mark}] {s.number:>2}. {s.title}: {s.reason}")
            if s.key_evidence:
                lines.append("        evidence: " + "; ".join(s.key_evidence[:3]))
        return "\n".join(lines)


@dataclass
class DraftOutcome:
    strategy: Strategy
    version: int | None  # the last workspace draft version saved (None: nothing saved)
    failed: dict[int, str] = field(default_factory=dict)
    records: list[GenerationRecord] = field(default_factory=list)
    usage: Usage = field(default_factory=lambda: Usage(calls=0))
    checks: dict[int, CheckReport] = field(default_factory=dict)
    drafted: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)  # not applicable, with the reason


# ----- project, context, evidence -------------------------------------------------------------
def resolve_project(project: Any) -> Any:
    """A workspace `ProjectRecord` from a key, a 3-digit ID or a record."""
    if isinstance(project, str):
        return get_workspace().require_project(project)
    return project


def project_facts(record: Any) -> ProjectFacts:
    markings = [record.classification]
    for doc in get_workspace().list_documents(record.key):
        markings.extend(doc.markings)
    return ProjectFacts(key=record.key, project_id=record.project_id, name=record.name,
                        classification=record.classification, markings=tuple(dict.fromkeys(m for m in markings if m)))


def preflight(provider: Provider, facts: ProjectFacts) -> None:
    """Refuse a whole draft up front when the policy forbids this provider for the project's markings.

    Every call is still gated on its own; this only stops fifteen sections failing one by one with the same
    message, and lets callers tell a blocked draft (PolicyBlockedError) from a failed one.
    """
    ctx = request_context(facts)
    enforce_outbound(provider.info, [], ctx.markings, audit=ctx.audit, project_key=facts.key)


def request_context(facts: ProjectFacts) -> RequestContext:
    ws = get_workspace()
    return RequestContext.of(facts.markings, project_key=facts.key,
                             audit=lambda kind, detail: ws.audit(facts.key, kind, detail))


def gather_evidence(project_key: str, sections: Sequence[int], *, retriever: Retriever | None = None,
                    document_ids: Collection[str] | None = None,
                    on_note: Callable[[str], None] | None = None) -> tuple[dict[int, list[Evidence]], EvidencePool]:
    """Each section's evidence, and the pool of all of it (what citations are checked against)."""
    per_section: dict[int, list[Evidence]] = {}
    pool = EvidencePool()
    for number in sections:
        items = safe_retrieve(number, project_key, retriever=retriever, document_ids=document_ids, on_error=on_note)
        per_section[number] = items
        pool.add(items)
    return per_section, pool


def applicability(pool: EvidencePool, facts: ProjectFacts, drafter: Any | None = None) -> dict[int, tuple[bool, str]]:
    """Which sections apply (9: LLM/GenAI only; 13: UK public sector) - the offline drafter's rule,
    so it lives in one place. Every other section always applies. Key 0 holds JSP 936 (MOD only)
    when the drafter decided it. Pass the run's drafter to reuse its extracted facts."""
    drafter = drafter or offline_drafter(pool, facts)
    decided = {int(k): (bool(v[0]), str(v[1])) for k, v in drafter.applicable_sections().items()}
    out: dict[int, tuple[bool, str]] = {}
    for number in ALL_SECTIONS:
        out[number] = decided.get(number, (True, "part of every MLOps Strategy"))
    mod = getattr(getattr(drafter, "_applicability_facts", None), "applicability", {}).get("mod")
    if mod is not None:
        out[JSP936] = (bool(mod.applies), str(mod.reason))
    return out


JSP936 = 0  # the key of the JSP 936 decision in `applicability()`


def offline_drafter(pool: EvidencePool, facts: ProjectFacts) -> OfflineDrafter:
    """The offline drafter over the pool, reading the facts stored at ingest (not re-extracting them)."""
    chunks = evidence_from_chunks([e.as_chunk() for e in pool])
    return OfflineDrafter(chunks, project_name=facts.name, project_id=facts.project_id,
                          classification=facts.classification, project_facts=stored_facts(facts.key))


def start_strategy(facts: ProjectFacts, drafter: OfflineDrafter | None = None) -> tuple[Strategy, int | None]:
    """The project's latest draft, or a fresh DRAFT (status DRAFT, reviewers PENDING). With the run's drafter,
    a fresh draft takes the sources' project number, marking and review cycle, and a saved draft's marking is
    raised to the sources' when they are more restrictive (never lowered)."""
    latest = get_workspace().latest_draft(facts.key)
    if latest is not None:
        strategy = Strategy.model_validate(latest.strategy)
        if drafter is not None:
            strategy.document_control.classification = raise_classification(
                strategy.document_control.classification, drafter.classification)
            # An owner the sources now state fills an empty field; one a person wrote is never replaced.
            strategy.document_control.owner = strategy.document_control.owner or drafter.project.owner()
        return strategy, latest.number
    if drafter is not None:
        return drafter.new_strategy(), None
    project_id = facts.project_id if re.fullmatch(r"\d{3}", facts.project_id or "") else "001"
    return Strategy.new(project_id, facts.name, _classification(facts.classification)), None


def raise_classification(current: Any, sources: str) -> Any:
    """The more restrictive of a strategy's classification and its sources' marking."""
    value = current.value if current is not None else None
    if sources in RANK and (value is None or RANK[sources] > RANK.get(value, -1)):
        return Classification(sources)
    return current


def _classification(value: str) -> str:
    try:
        return Classification(value).value
    except ValueError:
        return Classification.OFFICIAL.value


def apply_applicability(strategy: Strategy, decided: dict[int, tuple[bool, str]]) -> None:
    for number, attr in ((9, "genai"), (13, "uk_compliance")):
        applies, reason = decided[number]
        section = getattr(strategy, attr)
        section.applies = applies
        section.applies_reason = reason or None
    if JSP936 in decided:
        strategy.uk_compliance.jsp936_applies, reason = decided[JSP936]
        strategy.uk_compliance.jsp936_reason = reason or None


def plan_outline(project: Any, *, document_ids: Collection[str] | None = None,
                 retriever: Retriever | None = None) -> Outline:
    """The sections that apply, why, and the evidence each would draw on: shown before drafting."""
    record = resolve_project(project)
    facts = project_facts(record)
    per_section, pool = gather_evidence(record.key, ALL_SECTIONS, retriever=retriever, document_ids=document_ids)
    decided = applicability(pool, facts)
    planned = []
    for number in ALL_SECTIONS:
        applies, reason = decided[number]
        key = [f"{(e.requirement_ids or (e.id,))[0]} ({e.source})" for e in per_section[number][:5]]
        planned.append(PlannedSection(number=number, title=section_title(number), applies=applies,
                                      reason=reason, key_evidence=key))
    return Outline(project=record.key, sections=planned)


# ----- records, footer, revision history ---------------------------------------------------------
OFFLINE_PROMPT_ID = "offline_drafter"


def offline_record(facts: ProjectFacts, evidence_ids: Sequence[str]) -> GenerationRecord:
    """The offline drafter has no prompt: its 'prompt' is its data files, hashed the same way."""
    folder = Path(__file__).with_name("offline")
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.read_bytes())
    return GenerationRecord(prompt_id=OFFLINE_PROMPT_ID, prompt_version=__version__, prompt_hash=digest.hexdigest(),
                            provider="offline", model=None, usage=Usage(calls=0),
                            evidence_ids=sorted(set(evidence_ids)), project_key=facts.key)


def model_label(records: Sequence[GenerationRecord]) -> str:
    """What drafted it, for the footer and the revision history: provider, model, prompt id@version#hash."""
    seen: dict[str, None] = {}
    for r in records:
        who = r.provider + (f" {r.model}" if r.model else "")
        seen[f"{who}; prompt {r.prompt_id}@{r.prompt_version} ({r.prompt_hash[:12]})"] = None
    return " | ".join(seen) or "unknown"


def stamp(strategy: Strategy, records: Sequence[GenerationRecord], change: str) -> None:
    """Name the model and prompt version in the footer and the revision history; keep sign-off PENDING."""
    if not records:
        return
    label = model_label(records)
    strategy.footer.model = label
    today = dt.date.today()
    strategy.document_control.last_modified = today
    version = strategy.document_control.version
    history = strategy.revision_history
    entry = f"{change} by {label}"
    if history and history[-1].version == version and history[-1].approved_by == "PENDING":
        row = history[-1]
        previous = row.changes or ""
        # keep the history readable: the same change replaces its previous note
        base = previous.split(" | Drafted", 1)[0].split(" | Revised", 1)[0]
        row.changes = f"{base} | {entry}" if base and not base.startswith(("Drafted", "Revised")) else entry
        row.date = today
    else:
        history.append(RevisionRow(version=version, date=today, author=AUTHOR, changes=entry))


# ----- drafting -----------------------------------------------------------------------------------
def draft_document(project: Any, *, sections: Sequence[int] | None = None, provider: Provider | None = None,
                   on_event: Callable[[DraftEvent], None] | None = None,
                   document_ids: Collection[str] | None = None, retriever: Retriever | None = None,
                   concurrency: int | None = None, staged: bool = True,
                   prompt_version: str | None = None) -> DraftOutcome:
    """Draft the sections asked for (default: all that apply) and save each as it finishes."""
    outcome: DraftOutcome | None = None
    for event in draft_document_events(project, sections=sections, provider=provider, document_ids=document_ids,
                                       retriever=retriever, concurrency=concurrency, staged=staged,
                                       prompt_version=prompt_version):
        if on_event is not None:
            on_event(event)
        if event.kind == "done":
            outcome = event.data["outcome"]
    assert outcome is not None
    return outcome


def draft_document_events(project: Any, *, sections: Sequence[int] | None = None, provider: Provider | None = None,
                          document_ids: Collection[str] | None = None, retriever: Retriever | None = None,
                          concurrency: int | None = None, staged: bool = True,
                          prompt_version: str | None = None) -> Iterator[DraftEvent]:
    """`draft_document` as a stream of events; the last one (`done`) carries the `DraftOutcome` in `data`."""
    record = resolve_project(project)
    facts = project_facts(record)
    provider = provider or get_provider()
    wanted = _validate_sections(sections)
    ws = get_workspace()
    ws.require_access(record.key, "editor")  # a viewer is refused before any provider call, not at the save

    if provider.is_generative:
        preflight(provider, facts)
    notes: list[str] = []
    if provider.is_generative or retriever is not None:  # a given retriever is the evidence source
        yield DraftEvent(kind="step", message="Retrieving evidence")
        per_section, pool = gather_evidence(record.key, ALL_SECTIONS if sections is None else wanted,
                                            retriever=retriever, document_ids=document_ids, on_note=notes.append)
    else:
        # The offline drafter reads every passage of the project (a requirement no section query retrieves must
        # still be traced), so per-section searches would only cost time: a third of a large project's draft.
        yield DraftEvent(kind="step", message="Reading the project's documents")
        per_section, pool = {}, EvidencePool()
    if not provider.is_generative:
        pool.add(whole_project_evidence(record.key, document_ids))
    for note in notes:
        yield DraftEvent(kind="step", message=note)
    drafter = offline_drafter(pool, facts)  # one per run: its extracted facts are computed once
    # Citations come from the drafter's cleaned evidence (no footers or appendices) and name each document by
    # its own Document ID.
    own = drafter if isinstance(drafter, OfflineDrafter) else None  # tests may stand in a decider
    cited_chunks = own.evidence if own is not None and not provider.is_generative else evidence_from_chunks(
        [e.as_chunk() for e in pool])
    citations = CitationIndex(cited_chunks)  # built once: every finished section is cited against it
    doc_ids = own.doc_ids() if own is not None else {}
    decided = applicability(pool, facts, drafter)
    strategy, version = start_strategy(facts, own)
    apply_applicability(strategy, decided)
    outcome = DraftOutcome(strategy=strategy, version=version)
    todo: list[int] = []
    for number in wanted:
        applies, reason = decided[number]
        if applies:
            todo.append(number)
        else:
            outcome.skipped[number] = reason
            # A section that does not apply holds nothing: rows an earlier version drafted when it did apply
            # would otherwise be carried over, with citations, into a section that says it does not.
            field_name = next(s.field for s in SECTIONS if s.number == number)
            setattr(strategy, field_name, type(getattr(strategy, field_name))())
    if outcome.skipped:
        apply_applicability(strategy, decided)
    yield DraftEvent(kind="plan", message=f"{len(todo)} section(s) to draft with {provider.describe()}",
                     data={"sections": todo, "skipped": dict(outcome.skipped), "provider": provider.name,
                           "model": provider.model})

    total = max(1, len(todo))
    finished = 0


    def finish(result: SectionResult) -> DraftEvent:
        nonlocal finished
        finished += 1
        _merge(outcome.strategy, result)
        cite(outcome.strategy, citations, doc_ids=doc_ids)  # cited IDs become ArcKit citations with passages
        outcome.records.append(result.record)
        outcome.checks[result.number] = result.report
        outcome.drafted.append(result.number)
        stamp(outcome.strategy, outcome.records, "Drafted")
        saved = ws.save_draft(facts.key, outcome.strategy.model_dump(mode="json"), sections=(result.number,),
                              note=f"section {result.number} drafted ({result.record.provider})")
        outcome.version = saved.number
        return DraftEvent(kind="section_done", section=result.number, title=section_title(result.number),
                          message=result.report.summary(), fraction=finished / total, version=saved.number,
                          data={"violations": [v.as_dict() for v in result.report.violations]})

    def fail(number: int, exc: BaseException) -> DraftEvent:
        nonlocal finished
        finished += 1
        message = str(exc) if isinstance(exc, AssistantError) else f"{type(exc).__name__}: {exc}"
        outcome.failed[number] = message
        ws.audit(facts.key, "generation_failed", {"section": number, "provider": provider.name,
                                                  "model": provider.model, "error": message})
        return DraftEvent(kind="section_failed", section=number, title=section_title(number), message=message,
                          fraction=finished / total)

    if not provider.is_generative:
        yield from _draft_offline(todo, facts, drafter, pool, per_section, outcome, finish, fail, total)
    else:
        ctx = DraftContext(facts=facts, provider=provider, pool=pool, context=request_context(facts),
                           prompt_version=prompt_version, project_facts=stored_facts(facts.key))
        yield from _draft_concurrently(todo, ctx, per_section, outcome, finish, fail,
                                       concurrency or get_settings().draft_concurrency, staged)

    outcome.usage = usage_of(outcome.records)
    done = sorted(outcome.drafted)
    message = f"drafted {len(done)} section(s)" + (f", {len(outcome.failed)} failed" if outcome.failed else "")
    yield DraftEvent(kind="done", message=message, fraction=1.0, version=outcome.version,
                     data={"outcome": outcome})


def audit_generation(project_key: str, result: SectionResult) -> None:
    """The generation record (prompt id/version/hash, provider, model, usage, evidence) in the audit log."""
    get_workspace().audit(project_key, "generation", {
        **result.record.to_audit_event(), "section": result.number, "cited": _cited(result),
        "checks": [v.as_dict() for v in result.report.violations]})


def _validate_sections(sections: Sequence[int] | None) -> list[int]:
    if not sections:
        return list(ALL_SECTIONS)
    bad = [n for n in sections if n not in ALL_SECTIONS]
    if bad:
        raise InvalidInputError(f"--section {bad[0]}: sections are numbered 1-15.")
    return sorted(dict.fromkeys(sections))


def _merge(strategy: Strategy, result: SectionResult) -> None:
    field_name = next(s.field for s in SECTIONS if s.number == result.number)
    setattr(strategy, field_name, result.section)


def _cited(result: SectionResult) -> list[str]:
    """The evidence IDs the section cites, in document order (an empty `Strategy()` cites none, so this is
    what merging the section into one would give, without building and validating a whole strategy)."""
    return evidence_ids(result.section)


def _draft_offline(todo: list[int], facts: ProjectFacts, drafter: Any, pool: EvidencePool,
                   per_section: dict[int, list[Evidence]], outcome: DraftOutcome,
                   finish: Callable[[SectionResult], DraftEvent],
                   fail: Callable[[int, BaseException], DraftEvent], total: int) -> Iterator[DraftEvent]:
    template = template_strategy()
    for number in todo:
        yield DraftEvent(kind="section_started", section=number, title=section_title(number),
                         fraction=(len(outcome.drafted) + len(outcome.failed)) / total)
        try:
            drafted = drafter.draft_section(number, outcome.strategy)  # returns a copy; its input is untouched
            section, report = check_section(drafted.section(number), pool,
                                            exempt_values=template_values(template.section(number)))
            # The record lists what the section cites (the offline drafter searches nothing per section).
            ids = [e.id for e in per_section.get(number, [])] or evidence_ids(section)
            result = SectionResult(number, section, report, offline_record(facts, ids), ids)
            audit_generation(facts.key, result)
        except Exception as exc:  # noqa: BLE001 - one section's failure must not lose the others
            yield fail(number, exc)
            continue
        yield finish(result)


def _draft_concurrently(todo: list[int], ctx: DraftContext, per_section: dict[int, list[Evidence]],
                        outcome: DraftOutcome, finish: Callable[[SectionResult], DraftEvent],
                        fail: Callable[[int, BaseException], DraftEvent], concurrency: int,
                        staged: bool) -> Iterator[DraftEvent]:
    events: queue.Queue[tuple[str, int, Any]] = queue.Queue()
    lock = threading.Lock()
    template = template_strategy()
    # Sections already drafted in the starting document count as "earlier" for consistency.
    summaries: dict[int, str] = {
        n: summarise_section(outcome.strategy.section(n)) for n in ALL_SECTIONS
        if n not in todo and is_drafted(outcome.strategy.section(n), template.section(n))}

    def work(number: int) -> None:
        events.put(("started", number, None))
        try:
            with lock:
                earlier = sorted(summaries.items())
                snapshot = outcome.strategy.model_copy(deep=True)
            result = generate_section(ctx, number, snapshot, per_section.get(number, []), earlier=earlier)
        except BaseException as exc:  # noqa: BLE001 - reported as this section's failure
            events.put(("failed", number, exc))
            return
        if result.report.failed:
            events.put(("failed", number, AssistantError(f"output check: {result.report.failed}")))
            return
        try:
            # written here, in parallel with other sections' provider calls, to keep the save path short
            audit_generation(ctx.facts.key, result)
        except BaseException as exc:  # noqa: BLE001
            events.put(("failed", number, exc))
            return
        events.put(("done", number, result))

    first = [n for n in todo if n in first_sections()] if staged and len(todo) > 1 else []
    rest = [n for n in todo if n not in first]
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="draft")
    try:
        for stage in (first, rest):
            if not stage:
                continue
            for number in stage:
                # In the caller's context: a worker acts as the signed-in user (workspace/identity.py)
                pool.submit(contextvars.copy_context().run, work, number)
            pending = set(stage)
            while pending:
                kind, number, payload = events.get()
                if kind == "started":
                    yield DraftEvent(kind="section_started", section=number, title=section_title(number),
                                     message=f"Drafting section {number}",
                                     fraction=(len(outcome.drafted) + len(outcome.failed)) / max(1, len(todo)))
                    continue
                pending.discard(number)
                if kind == "done":
                    with lock:
                        event = finish(payload)
                        summaries[number] = summarise_section(payload.section)
                    yield event
                else:
                    yield fail(number, payload)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

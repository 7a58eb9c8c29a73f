"""The outline a chat turn proposes, fast: no per-section searches.

`engine.plan_outline` searches the index for each of the fifteen sections (dozens of embedded queries) only
to list a few passages per section and decide applicability. A chat turn needs neither search: which
sections apply is decided by the drafting engine's own rule (`engine.applicability`) over every chunk of
the project's documents (read from the store, the evidence the offline drafter itself works from), and
what each section would draw on is what the facts layer read from the documents at ingest
(`facts_prompt.section_facts`: the section's kinds of fact, each with its requirement or passage), else the
passages whose headings name the section's topic. The result is kept per project and document set, so
asking again is immediate; ingesting, removing or releasing a document changes the key.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection

from assistant.drafting.applicability_store import kept_applicability
from assistant.drafting.engine import (
    ALL_SECTIONS,
    Outline,
    PlannedSection,
    applicability,
    project_facts,
    resolve_project,
    section_title,
)
from assistant.drafting.evidence import Evidence, EvidencePool, whole_project_evidence
from assistant.drafting.facts_prompt import section_facts
from assistant.facts import project_facts as stored_facts
from assistant.workspace import get_workspace

KEY_EVIDENCE = 5  # passages named per section (the outline text shows three)

_lock = threading.Lock()
_cache: dict[tuple[object, ...], Outline] = {}


def documents_key(project_key: str, document_ids: Collection[str] | None) -> tuple[object, ...]:
    """A key that changes when the project's document set does (what per-project caches are kept under)."""
    docs = tuple(sorted((d.id, d.content_hash, d.chunk_count, d.guard_flags, str(d.created_at))
                        for d in get_workspace().list_documents(project_key)
                        if document_ids is None or d.id in document_ids))
    return project_key, docs, tuple(sorted(document_ids)) if document_ids is not None else None


def _by_heading(number: int, items: list[Evidence]) -> list[str]:
    """Passages whose heading names the section's topic ("Monitoring", "Data retention"), for sections the
    facts layer has nothing typed for."""
    # lazy: import cycle: assistant.drafting.chat imports this module at its top
    from assistant.drafting.chat import intent_data

    words = [section_title(number).casefold(), *intent_data()["section_words"].get(number, [])]
    pattern = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z])", re.I)
    out = []
    named: dict[str, bool] = {}  # many passages share a heading: test each heading once (seconds on large projects)
    for item in items:
        if not item.heading:
            continue
        if item.heading not in named:
            named[item.heading] = pattern.search(item.heading) is not None
        if named[item.heading]:
            out.append(f"{(item.requirement_ids or (item.heading.split(' > ')[-1],))[0]} ({item.document})")
    return list(dict.fromkeys(out))


def quick_outline(project: object, *, document_ids: Collection[str] | None = None) -> Outline:
    """The sections that apply, why, and what each would draw on, without searching the index."""
    record = resolve_project(project)
    key = documents_key(record.key, document_ids)
    with _lock:
        if key in _cache:
            return _cache[key]
    facts = project_facts(record)
    items = whole_project_evidence(record.key, document_ids)
    pool = EvidencePool()
    pool.add(items)
    if document_ids is None:
        # the slow part (seconds on a large project): kept on disk per document set, so it is paid once per
        # ingest, not once per restart; a chosen subset of documents is rare and decided afresh
        decided = kept_applicability(record.key, (key, facts), lambda: applicability(pool, facts))
    else:
        decided = applicability(pool, facts)

    typed = stored_facts(record.key)
    planned = []
    for number in ALL_SECTIONS:
        applies, reason = decided[number]
        # a requirement by its ID and document; a passage by its document and heading
        key_evidence = [f["source"] if re.search(r":\d{3,}$", f["cite"]) else f"{f['cite']} ({f['source'].split(', ')[0]})"
                        for f in section_facts(typed, number, pool)]
        key_evidence = list(dict.fromkeys(key_evidence)) or _by_heading(number, items)
        planned.append(PlannedSection(number=number, title=section_title(number), applies=applies, reason=reason,
                                      key_evidence=key_evidence[:KEY_EVIDENCE]))
    outline = Outline(project=record.key, sections=planned)
    with _lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = outline
    return outline

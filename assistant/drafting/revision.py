"""Revise one section with an instruction ("make the drift thresholds stricter"), keeping the rest.

With a generative provider the `revise_section` prompt applies any instruction; the result is checked like
a fresh draft (values already in the section and numbers the user stated count as supported). Offline,
a deterministic reviser applies the instruction kinds in `data/revisions.yaml` and says plainly when an
instruction is not one of them. Either way the whole document is saved as a new workspace version and
the revision history names what changed and who (which model and prompt) changed it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from assistant.drafting.checks import CheckReport
from assistant.drafting.engine import offline_record, project_facts, request_context, resolve_project, stamp
from assistant.drafting.evidence import DATA_DIR, Evidence, EvidencePool, Retriever, safe_retrieve
from assistant.drafting.sections import DraftContext, SectionResult, revise_with_provider, section_field, section_title
from assistant.errors import AssistantError, InvalidInputError
from assistant.llm import GenerationRecord, Provider, get_provider
from assistant.strategy import Provenance, Section, Strategy
from assistant.strategy.base import Model, Row
from assistant.workspace import get_workspace


@dataclass
class RevisionOutcome:
    strategy: Strategy
    version: int | None
    section: int
    applied: bool  # False: nothing changed (the message says why)
    message: str
    report: CheckReport = field(default_factory=CheckReport)
    record: GenerationRecord | None = None
    changes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def revision_rules() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "revisions.yaml").read_text("utf-8"))


def instruction_kind(instruction: str) -> str | None:
    text = instruction.casefold()
    for kind, spec in revision_rules()["kinds"].items():
        if any(k in text for k in spec["keywords"]):
            return kind
    return None


def supported_instructions() -> list[str]:
    return [spec["describe"] for spec in revision_rules()["kinds"].values()]


_NUM = re.compile(r"\d+(?:\.\d+)?")
_UPPER = re.compile(r">|\babove\b|\bover\b|\bexceeds?\b|\bmore than\b|\bgreater\b", re.I)
_LOWER = re.compile(r"<|\bbelow\b|\bunder\b|\bless than\b|\bdrops?\b|\bfalls?\b", re.I)


def _scale(text: str, factor: float) -> str | None:
    """Move the numbers of a threshold. An upper-bound alert ("PSI > 0.2") scales by `factor`; a lower
    bound ("accuracy < 90%") moves the other way (a percentage keeps its distance to 100 scaled instead).
    None when the text has no number or no direction (nothing safe to change)."""
    if not _NUM.search(text):
        return None
    upper = bool(_UPPER.search(text))
    if not upper and not _LOWER.search(text):
        return None
    percent = "%" in text

    def repl(m: re.Match[str]) -> str:
        x = float(m.group(0))
        if upper:
            value = x * factor
        elif percent and x <= 100:
            value = 100 - (100 - x) * factor
        else:
            value = x / factor
        return f"{value:.4g}"

    return _NUM.sub(repl, text)


def offline_revise(section: Section, instruction: str, *, topic: str | None = None) -> tuple[Section, list[str]]:
    """Apply a known instruction kind to a copy of `section`; returns it and a list of the changes."""
    kind = instruction_kind(instruction)
    if kind is None:
        raise InvalidInputError(
            "Offline revision supports only these instructions: " + "; ".join(supported_instructions())
            + ". Use a generative provider (--provider) for other changes, or edit the section directly.")
    spec = revision_rules()["kinds"][kind]
    columns = set(revision_rules()["columns"])
    revised = section.model_copy(deep=True)
    changes: list[str] = []
    for table, value in ((n, getattr(revised, n)) for n in type(revised).model_fields):
        if topic and topic.casefold() not in table.replace("_", " ") and not isinstance(value, list):
            continue
        rows = value if isinstance(value, list) else []
        for row in rows:
            if not isinstance(row, Row):
                continue
            for header, name, _ in type(row).COLUMNS:
                if name not in columns or not isinstance(getattr(row, name, None), str):
                    continue
                if topic and topic.casefold() not in table.replace("_", " "):
                    continue
                old = getattr(row, name)
                new = _scale(old, float(spec["factor"]))
                if new is None or new == old:
                    continue
                setattr(row, name, new)
                row.provenance = Provenance(
                    evidence=row.provenance.evidence, basis="recommendation",
                    rationale=f"user instruction '{instruction.strip()}': changed from '{old}'")
                changes.append(f"{table.replace('_', ' ')}: {header} '{old}' -> '{new}'")
    return type(revised).model_validate(revised.model_dump(mode="python")), changes


_TOPICS = {"drift": "data drift", "fairness": "fairness", "performance": "performance metrics",
           "prediction": "prediction monitoring", "quality": "data quality checks"}


def _topic(instruction: str) -> str | None:
    text = instruction.casefold()
    return next((t for k, t in _TOPICS.items() if k in text), None)


def revise_section(project: Any, number: int, instruction: str, *, provider: Provider | None = None,
                   document_ids: Collection[str] | None = None, retriever: Retriever | None = None) -> RevisionOutcome:
    """Revise section `number` of the project's latest draft with `instruction`; the rest is kept."""
    if not 1 <= number <= 15:
        raise InvalidInputError(f"section {number}: sections are numbered 1-15.")
    if not instruction.strip():
        raise InvalidInputError("the revision instruction is empty: say what to change.")
    record = resolve_project(project)
    facts = project_facts(record)
    ws = get_workspace()
    latest = ws.latest_draft(facts.key)
    if latest is None:
        raise InvalidInputError(f"project {facts.key!r} has no draft yet: draft section {number} first.")
    strategy = Strategy.model_validate(latest.strategy)
    provider = provider or get_provider()
    current = strategy.section(number)

    if provider.is_generative:
        evidence = safe_retrieve(number, facts.key, retriever=retriever, document_ids=document_ids)
        pool = EvidencePool().add(evidence)
        # IDs the document already cites stay valid even when this retrieval did not return them
        # (known by ID only: a new number citing them still needs text that states it).
        pool.add(Evidence(id=i, text="") for i in strategy.all_evidence_ids() if i not in pool)
        ctx = DraftContext(facts=facts, provider=provider, pool=pool, context=request_context(facts))
        result: SectionResult = revise_with_provider(ctx, number, strategy, instruction, evidence)
        if result.report.failed:
            raise AssistantError(f"section {number} revision rejected by the output check: {result.report.failed}")
        revised, report, gen = result.section, result.report, result.record
        changes = _diff(current, revised)
    else:
        revised, changes = offline_revise(current, instruction, topic=_topic(instruction))
        report, gen = CheckReport(), offline_record(facts, strategy.all_evidence_ids())
    if not changes:
        return RevisionOutcome(strategy, latest.number, number, False,
                               f"Nothing in section {number} ({section_title(number)}) matched '{instruction}'; "
                               f"the draft is unchanged.", report, gen)
    setattr(strategy, section_field(number), revised)
    _bump_minor(strategy)
    stamp(strategy, [gen], f"Revised section {number} ('{instruction.strip()[:80]}')")
    saved = ws.save_draft(facts.key, strategy.model_dump(mode="json"), sections=(number,),
                          note=f"section {number} revised: {instruction[:120]}")
    ws.audit(facts.key, "generation", {**gen.to_audit_event(), "section": number, "instruction": instruction,
                                       "changes": changes, "checks": [v.as_dict() for v in report.violations],
                                       "draft_version": saved.number})
    return RevisionOutcome(strategy, saved.number, number, True,
                           f"Revised section {number} ({section_title(number)}): {len(changes)} change(s).",
                           report, gen, changes)


def _bump_minor(strategy: Strategy) -> None:
    major, minor = strategy.document_control.version.split(".")
    strategy.document_control.version = f"{major}.{int(minor) + 1}"


def _diff(before: Model, after: Model) -> list[str]:
    """Top-level fields of the section that changed (enough for the audit log and the chat reply)."""

    def _dump(value: Any) -> Any:
        if isinstance(value, list):
            return [x.model_dump(mode="json") for x in value]
        return value.model_dump(mode="json") if isinstance(value, Model) else value

    out = []
    for name in type(before).model_fields:
        a, b = getattr(before, name), getattr(after, name)
        if _dump(a) != _dump(b):
            out.append(f"{name.replace('_', ' ')} changed")
    return out

"""Project facts for a generative section prompt: typed statements with their sources and a citable ID.

The model is given what the facts layer read from the documents (a latency target with its percentile, the
AI Playbook assessment's risk level, the models in use) as well as raw chunks, each fact naming its document,
heading and the evidence ID to cite, so it need not re-read numbers out of context.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from assistant.drafting.evidence import DATA_DIR, EvidencePool
from assistant.facts import (
    Fact,
    FairnessGroupFact,
    MarkingFact,
    ModelFact,
    PersonalDataFact,
    PlatformFact,
    ProjectFacts,
    QuantityFact,
    RequirementFact,
    RetentionFact,
    RiskLevelFact,
    clause_key,
    squash,
)


@lru_cache(maxsize=1)
def _spec() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "section_facts.yaml").read_text(encoding="utf-8"))


def statement(fact: Fact) -> str:
    """One line stating the fact as the document does."""
    if isinstance(fact, QuantityFact):
        return f"{fact.subject}: {fact.display()} ({fact.metric.replace('_', ' ')}, {fact.role})"
    if isinstance(fact, ModelFact):
        kind = "generative" if fact.generative else "non-generative"
        return f"AI component: {fact.name} ({kind}; task: {fact.task or 'not stated'})"
    if isinstance(fact, RiskLevelFact):
        return f"Risk level ({fact.scheme.replace('_', ' ')}): {fact.level}"
    if isinstance(fact, RetentionFact):
        return f"Retention of {fact.subject}: {fact.value} {fact.unit}"
    if isinstance(fact, FairnessGroupFact):
        return f"Group considered for fairness: {fact.group}"
    if isinstance(fact, PersonalDataFact):
        return f"Personal data: {fact.category}" + (" (special category)" if fact.special_category else "")
    if isinstance(fact, PlatformFact):
        return f"Platform decision ({fact.aspect.replace('_', ' ')}): {fact.choice}"
    if isinstance(fact, MarkingFact):
        return f"Marking: {' '.join((fact.level, *fact.caveats))}"
    if isinstance(fact, RequirementFact):
        return f"{fact.id}: {fact.title or fact.statement[:120]}" + (f" (priority {fact.priority})" if fact.priority else "")
    return getattr(fact, "name", fact.kind)


def citable(fact: Fact, pool: EvidencePool) -> str | None:
    """The pool's ID for the fact: its requirement when the pool holds it, else the chunk holding its clause."""
    rid = fact.source.requirement_id
    if rid and rid in pool:
        return rid
    needle = clause_key(fact.clause, fact.source.text)
    if not needle:
        return None
    for item in pool:
        if item.document == fact.source.document and needle in squash(item.text):
            return item.id
    return None


def section_facts(project: ProjectFacts | None, number: int, pool: EvidencePool) -> list[dict[str, str]]:
    """The asserted facts section `number` draws on, as {kind, statement, source, cite} for the prompt."""
    if project is None or not project.documents:
        return []
    spec = _spec()["sections"].get(number) or _spec()["sections"].get(str(number))
    if not spec:
        return []
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for kind in spec["kinds"]:
        for fact in project.authoritative(kind):
            if isinstance(fact, QuantityFact) and (
                    fact.metric not in spec.get("metrics", [fact.metric])
                    or fact.role not in spec.get("roles", ["target", "limit", "load"])):
                continue
            if isinstance(fact, RequirementFact) and spec.get("families") and not any(
                    fact.id.startswith(f + "-") for f in spec["families"]):
                continue
            text = statement(fact)
            cite = citable(fact, pool)
            # Only facts whose clause is in the run's evidence: the pool leaves out chunks the injection screen
            # flagged, and a fact the model cannot cite is no use to it.
            if text in seen or cite is None:
                continue
            seen.add(text)
            out.append({"kind": fact.kind, "statement": text, "source": fact.source.label(), "cite": cite})
            if len(out) >= int(_spec()["max_facts"]):
                return out
    return out

"""Section 15: Requirements Traceability."""

from __future__ import annotations

from assistant.drafting.offline import data
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.facts import is_ml_related
from assistant.drafting.offline.sections.builder import Builder, cited_by_section, section_label
from assistant.strategy.schema import (
    TraceRow,
)


def build(b: Builder) -> None:
    sec = b.s.traceability
    cited = cited_by_section(b.s)
    fields = {f["id"]: f for f in data.fields()}
    rows = []
    for unit in b.f.units:
        if not unit.is_requirement:
            continue
        sections = [n for n, ids in cited.items() if unit.id in ids["evidence"]]
        rec_sections = [n for n, ids in cited.items() if unit.id in ids["recommendation"]]
        if not (sections or rec_sections or is_ml_related(unit, b.f)):
            continue
        best = unit.best_field
        if sections:
            element = "; ".join(section_label(n) for n in sections[:3])
            status = "✅"
        elif rec_sections:
            element = "; ".join(section_label(n) for n in rec_sections[:3])
            status = "⚠️"
        elif best:
            element = fields[best]["element"]
            status = "⚠️"
        else:
            element = "Not mapped"
            status = "❌"
        rows.append(TraceRow(requirement_id=unit.id, requirement=unit.title or condense(unit.statement, 100),
                             mlops_element=element, status=status, provenance=b.ev(unit.id)))  # type: ignore[arg-type]
    sec.rows = rows
    gaps = [r.requirement_id for r in rows if r.status and r.status.value != "✅"]
    if gaps:
        b.ask(sec, f"How will the strategy address these requirements that it does not yet cover in full: {', '.join(g for g in gaps if g)}?", "Traceability")
    if not rows:
        b.ask(sec, "No ML-related requirement IDs were found: which requirements does the ML system have to meet?", "Traceability")

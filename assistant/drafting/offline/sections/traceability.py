"""Section 15: Requirements Traceability.

One row per real requirement (business, functional, non-functional, integration, data: never data-model
entities, risks, DPIA items or tests). A row is covered (✅) only when another section's value cites the
requirement as its evidence, that is, states how it is met; a section that only recommends something for it
is partial (⚠️); otherwise it is a gap (❌), and every row that is not covered is asked about.
"""

from __future__ import annotations

from assistant.drafting.offline import data
from assistant.drafting.offline.authority import is_arckit
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.facts import Unit, is_ml_related
from assistant.drafting.offline.sections.builder import Builder, cited_by_section, section_label
from assistant.facts import is_requirement_id
from assistant.strategy.schema import TraceRow


def _rows_for(b: Builder, cited: dict[int, dict[str, set[str]]]) -> list[Unit]:
    """The requirements to trace: every requirement of an ArcKit requirements document; otherwise the
    requirements a section cites or that concern the ML system."""
    units = [u for u in b.f.units if u.is_requirement and is_requirement_id(u.id)]
    project = b.f.project
    if project is not None and is_arckit(project) and project.requirements():
        stated = project.requirements()
        return [u for u in units if u.id in stated]
    cited_ids = {i for ids in cited.values() for group in ids.values() for i in group}
    return [u for u in units if u.id in cited_ids or is_ml_related(u, b.f)]


def build(b: Builder) -> None:
    sec = b.s.traceability
    cited = cited_by_section(b.s)
    fields = {f["id"]: f for f in data.fields()}
    rows = []
    for unit in _rows_for(b, cited):
        sections = [n for n, ids in cited.items() if unit.id in ids["evidence"]]
        rec_sections = [n for n, ids in cited.items() if unit.id in ids["recommendation"]]
        if sections:
            element, status = "; ".join(section_label(n) for n in sections[:3]), "✅"
        elif rec_sections:
            element, status = "; ".join(section_label(n) for n in rec_sections[:3]), "⚠️"
        else:
            best = unit.best_field
            element = f"Not yet addressed (belongs in: {fields[best]['element']})" if best else "Not yet addressed"
            status = "❌"
        rows.append(TraceRow(requirement_id=unit.id, requirement=unit.title or condense(unit.statement, 100),
                             mlops_element=element, status=status, provenance=b.ev(unit.id)))
    sec.rows = rows
    gaps = [r.requirement_id for r in rows if r.status and r.status.value != "✅" and r.requirement_id]
    if gaps:
        shown = ", ".join(gaps[:25]) + (f" and {len(gaps) - 25} more" if len(gaps) > 25 else "")
        b.ask(sec, f"How will the strategy meet these requirements, which no section yet states how it meets: {shown}?",
              "Traceability")
    if not rows:
        b.ask(sec, "No requirement IDs were found: which requirements does the ML system have to meet?", "Traceability")

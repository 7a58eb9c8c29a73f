"""Section 1: ML System Overview."""

from __future__ import annotations

import re

from assistant.drafting.offline import data
from assistant.drafting.offline.authority import is_arckit
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    StakeholderRow,
)


def build(b: Builder) -> None:
    sec = b.s.overview
    bc = sec.business_context
    name = b.f.project_name or None
    if name:
        hits = [u.id for u in b.f.units if name.casefold() in u.text.casefold()]
        bc.system_name.value = name
        bc.system_name.provenance = b.ev(*hits[:1]) if hits else Provenance.assumption("project name from the project metadata")
    # The first business requirement that states an aim (not a prohibition) is the purpose.
    business = [
        u for u in b.f.units
        if u.is_requirement and u.id.startswith("BR") and not re.match(r"^(?:no|not|never)\b", u.statement.strip(), re.I)
    ]
    if not business:
        business = sorted(
            [u for u in b.f.units if u.fields.get("business_purpose", 0) >= 0.3 or u.best_field == "model_capability"],
            key=lambda u: -max(u.fields.get("business_purpose", 0), u.fields.get("model_capability", 0)),
        )
    if business:
        bc.business_purpose.value = condense(business[0].statement, 200)
        bc.business_purpose.provenance = b.ev(business[0].id)
    else:
        b.ask(sec, "What business problem does the ML system solve, and how will success be measured?", "Business Purpose")
    if b.f.models:
        uses = []
        ids = []
        for model in b.f.models:
            for uid in model.evidence[:3]:
                unit = b.f.unit(uid)
                if unit and unit.is_requirement:
                    uses.append(unit.title or condense(unit.statement, 80))
                    ids.append(uid)
        if not uses:
            uses = [m.purpose for m in b.f.models]
            ids = [e for m in b.f.models for e in m.evidence[:1]]
        bc.primary_use_cases.value = "; ".join(dict.fromkeys(uses[:5]))
        bc.primary_use_cases.provenance = b.ev(*ids)
    else:
        b.ask(sec, "Which use cases will the ML system serve?", "Primary Use Cases")
    impact = [
        u for u in b.f.units
        if u.is_requirement and u.id in b.signal_units("human_review") and u.id in b.signal_units("significant_effect")
    ] or [u for u in b.f.units if u.is_requirement and u.id in b.signal_units("public_facing")]
    if impact:
        impact.sort(key=lambda u: -u.fields.get("human_oversight", 0))
        bc.user_impact.value = condense(impact[0].statement, 200)
        bc.user_impact.provenance = b.ev(impact[0].id)
    else:
        b.ask(sec, "How do the model's outputs affect end users or the people they concern?", "User Impact")
    # Maturity target (rule), current level unknown.
    rule = b.rules["maturity"]
    chosen = rule["default"]
    evidence: list[str] = []
    for option in rule["order"]:
        hits = [e for s in option["when"] for e in b.signal_units(s)]
        if hits:
            chosen, evidence = option, hits[:4]
            break
    level = chosen["level"]
    cap = b.risk_rules().get("maturity_cap")
    order = [row.level.value for row in sec.maturity if row.level is not None]
    if cap and cap in order and order.index(level) > order.index(cap):
        level = cap
    for row in sec.maturity:
        if row.level is None or row.level.value == "Level 0 (Manual)":
            continue
        idx = order.index(row.level.value)
        row.target = "Yes" if idx <= order.index(level) else "No"  # type: ignore[assignment]
        detail = f"target {level}: {chosen['reason']}"
        row.provenance = b.rec("maturity", detail, *(evidence if row.level.value == level else []), keywords=("Level",))
    b.ask(sec, "What is the current MLOps maturity level, and by when should each target level be reached?", "MLOps Maturity")
    # Stakeholders named in the evidence.
    present = {r.role for r in sec.stakeholders if r.role}
    # ArcKit documents name roles in risk tables and checklists as often as in stakeholder lists: a role's
    # responsibility is not read from whichever sentence first names it.
    terms = [] if b.f.project is not None and is_arckit(b.f.project) else data.role_terms()
    for term in terms:
        for unit in b.f.units:
            m = term.find(unit.text)
            if m and term.name not in present:
                sentence = next((x for x in re.split(r"(?<=[.;])\s+", unit.text) if term.find(x)), unit.statement)
                sec.stakeholders.append(StakeholderRow(role=term.name, responsibility=condense(sentence, 120), provenance=b.ev(unit.id)))
                present.add(term.name)
                break
    # The people a stakeholder table makes accountable (sponsor, SRO, product owner), as the table names them.
    for name, role, cited in b.f.accountable:
        sec.stakeholders.append(StakeholderRow(role=role, name=name, provenance=b.ev(cited)))
    b.ask(sec, "Who are the named people for each stakeholder role?", "Key Stakeholders")

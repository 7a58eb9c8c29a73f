"""Section 13: UK Government AI Compliance."""

from __future__ import annotations

import re

from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy.enums import ComplianceStatus, JSP936RiskLevel
from assistant.strategy.guidance import uk_guidance
from assistant.strategy.schema import DPIARow


def build(b: Builder) -> None:
    sec = b.s.uk_compliance
    uk = b.f.applicability["uk"]
    mod = b.f.applicability["mod"]
    sec.applies, sec.applies_reason = uk.applies, uk.reason
    sec.jsp936_applies, sec.jsp936_reason = mod.applies, mod.reason
    if not uk.applies:
        sec.ai_playbook = []
        sec.dpia = []
        return
    playbook = b.rules["ai_playbook"]
    extra = {"documentation": "documentation", "security": "security"}
    rows = []
    for row in sec.ai_playbook:
        spec = playbook["principles"][row.principle]
        evidence: list[str] = []
        for sig in spec["signals"]:
            if sig in extra:
                evidence += [u.id for u in b.req_units(extra[sig], top=1)]
            else:
                evidence += [e for e in b.signal_units(sig) if _is_requirement(b, e)]
        evidence = list(dict.fromkeys(evidence))[:3]
        row.implementation = spec["implementation"]
        row.status = ComplianceStatus.PARTIAL if evidence else None
        row.provenance = b.rec("ai_playbook", "planned in this strategy; status Partial where the requirements address it, to be evidenced in operation", *evidence, keywords=(f"{row.principle}.",))
        rows.append(row)
    sec.ai_playbook = rows
    b.ask(sec, "Has an AI Playbook assessment been carried out? Its scores would set the status of each principle.", "AI Playbook Principles")
    atrs = b.f.applicability["atrs"]
    rule = b.rules["atrs"]
    record = sec.atrs
    if atrs.applies or b.signal_units("atrs_published"):
        bc = b.s.overview.business_context
        if bc.system_name.value:
            record.tool_name.value, record.tool_name.provenance = bc.system_name.value, bc.system_name.provenance
        if bc.business_purpose.value:
            record.purpose.value, record.purpose.provenance = bc.business_purpose.value, bc.business_purpose.provenance
        published = [e for e in b.signal_units("atrs_published")]
        if published:
            published_unit = b.f.unit(published[0])
            stmt = condense(published_unit.statement, 160) if published_unit is not None else None
            record.tier_1_summary.value, record.tier_1_summary.provenance = stmt or rule["tier_1"], b.ev(published[0])
            record.tier_2_record.value = rule["tier_2"]
            record.tier_2_record.provenance = b.rec("atrs", "both tiers are published together", published[0], keywords=("Tier 2",))
        else:
            record.tier_1_summary.value, record.tier_1_summary.provenance = rule["tier_1"], b.rec("atrs", "in scope", *atrs.evidence[:2], keywords=("Tier 1",))
            record.tier_2_record.value, record.tier_2_record.provenance = rule["tier_2"], b.rec("atrs", "in scope", *atrs.evidence[:2], keywords=("Tier 2",))
        b.ask(sec, "What is the ATRS record ID and its published location, once published?", "ATRS")
    if mod.applies:
        j = b.rules["jsp936"]
        sec.jsp936.ethical_principles.implementation = j["ethical_principles"]
        sec.jsp936.ethical_principles.provenance = b.rec("jsp936", None, *mod.evidence[:2], keywords=("ethical principles",))
        sec.jsp936.lifecycle_phase.implementation = j["lifecycle_phase"]
        sec.jsp936.lifecycle_phase.provenance = b.rec("jsp936", j["approval_note"], keywords=("lifecycle",))
        stated = None
        for unit in b.f.units:
            m = re.search(r"JSP 936[^.]{0,80}\b(Critical|Severe|Major|Moderate|Minor)\b|\b(Critical|Severe|Major|Moderate|Minor)\b[^.]{0,40}JSP 936", unit.text)
            if m:
                stated = (m.group(1) or m.group(2), unit.id)
                break
        if stated:
            sec.jsp936.risk_classification.level = JSP936RiskLevel(stated[0])
            sec.jsp936.risk_classification.provenance = b.ev(stated[1])
            pathway = uk_guidance()["jsp936"]["levels"].get(stated[0])
            if pathway:
                sec.jsp936.approval_pathway.pathway = pathway  # a guidance value; the schema validates it
                sec.jsp936.approval_pathway.provenance = b.rec("jsp936", j["approval_note"], stated[1])
        else:
            b.ask(sec, "What is the JSP 936 risk level from the ethical risk assessment (Critical, Severe, Major, Moderate, Minor)? "
                     "It sets the approval pathway.", "JSP 936 Alignment")
    else:
        sec.jsp936_applies = False
    # DPIA.
    dpia_units = [e for e in b.signal_units("dpia") if b.f.unit(e)]
    pii = any(s.pii == "Yes" for s in b.f.data_sources) or bool(b.signal_units("pii"))
    if dpia_units:
        for dpia_row in sec.dpia:
            dpia_row.provenance = b.ev(dpia_units[0])
    elif pii:
        for dpia_row in sec.dpia:
            dpia_row.provenance = b.rec("dpia", "personal data is processed", *b.signal_units("pii")[:2], keywords=("DPIA",))
        b.ask(sec, "Personal data is processed: has a DPIA been started, and who owns it?", "DPIA Integration")
    if b.f.special_categories:
        # What the DPIA says is processed, as it says it: the data a model trained or run on it must protect.
        categories, evidence = b.f.special_categories
        sec.dpia.append(DPIARow(dpia_element="Special category data",
                                mlops_link=f"{', '.join(categories).capitalize()} data",
                                provenance=b.ev(*evidence)))


def _is_requirement(b: Builder, evidence_id: str) -> bool:
    unit = b.f.unit(evidence_id)
    return unit is not None and unit.is_requirement

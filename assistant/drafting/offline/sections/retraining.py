"""Section 8: Retraining Strategy."""

from __future__ import annotations

import re

from assistant.drafting.offline import data
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    RetrainingTriggerRow,
)


def build(b: Builder) -> None:
    sec = b.s.retraining
    freq = b.quantities("frequency")
    drift = [q for q in b.quantities("drift") if q.role == "alert"]
    floors = [q for q in b.quantities("metric") if q.role == "floor"] or [
        q for q in b.quantities("metric") if _best_field(b, q.evidence_id) == "performance_monitoring"
    ]
    approval = b.rules["retraining"]["high_risk_approval"] if b.risk == "High" else None
    for row in sec.triggers:
        b.trigger_condition(row, "Data drift", freq, drift, floors)
        if approval and row.trigger in ("Scheduled", "Data drift", "Performance"):
            row.approval = approval
            if row.provenance.basis == "evidence":
                row.provenance = Provenance(evidence=row.provenance.evidence, rationale=data.rule_rationale("retraining", "High risk: human approval of every retrained model"))
            else:
                row.provenance = b.rec("retraining", "High risk: human approval of every retrained model", *row.provenance.evidence)
    event = b.rules["retraining"]["event_trigger"]
    sec.triggers.append(RetrainingTriggerRow(**event, approval=approval or "ML Lead", provenance=b.rec("retraining", None, keywords=("Event-triggered",))))
    if not freq:
        b.ask(sec, "Should the model also be retrained on a fixed schedule? How often?", "Retraining Triggers")
    if b.f.models:
        cc = sec.champion_challenger
        primary = b.f.models[0]
        cc.champion = re.sub(r'["\[\]{}|]', "", primary.name) + " (current)"
        cc.challenger = re.sub(r'["\[\]{}|]', "", primary.name) + " (candidate)"
        traffic = b.quantities("traffic")
        if traffic:
            try:
                cc.challenger_traffic_pct = int(float(traffic[0].value))
                cc.provenance = b.ev(traffic[0].evidence_id, *primary.evidence[:1])
            except ValueError:
                pass
        if cc.challenger_traffic_pct is None:
            cc.provenance = b.rec("rollout", "champion-challenger promotion on evidence", *primary.evidence[:1], keywords=("Champion-challenger",))
            b.ask(sec, "What share of traffic should a challenger model receive before promotion?", "Champion-Challenger")
    rb = [u for u in b.f.units if u.is_requirement and u.id in b.signal_units("rollback")]
    for step in sec.rollback_procedure:
        if step.step == "Execute Rollback" and rb:
            step.description = condense(rb[0].statement, 200)
            step.provenance = b.ev(rb[0].id)


def _best_field(b: Builder, evidence_id: str) -> str | None:
    unit = b.f.unit(evidence_id)
    return unit.best_field if unit is not None else None

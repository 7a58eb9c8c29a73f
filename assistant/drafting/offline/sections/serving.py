"""Section 6: Serving Infrastructure."""

from __future__ import annotations

from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    ServingPlatformRow,
    TargetRow,
)


def build(b: Builder) -> None:
    sec = b.s.serving
    latency = b.quantities("latency")
    patterns = {"Real-time": "real_time", "Batch": "batch", "Streaming": "streaming"}
    kept = []
    for row in sec.deployment_patterns:
        hits = b.signal_units(patterns.get(row.pattern or "", ""))
        if row.pattern == "Real-time" and latency:
            hits = list(dict.fromkeys([*hits, latency[0].evidence_id]))
        if hits:
            unit = b.f.unit(hits[0])
            row.use_case = condense(unit.statement, 100) if unit and unit.is_requirement else row.use_case
            if row.pattern == "Real-time" and latency:
                row.latency = next((f"{q.display()} ({q.subject.split('(')[-1].rstrip(')')})" if "(" in q.subject else q.display() for q in latency if "p99" in q.subject), latency[0].display())
            row.models = b.model_names()
            row.provenance = b.ev(*hits[:3])
            kept.append(row)
    if kept:
        sec.deployment_patterns = kept
    else:
        b.ask(sec, "Will predictions be served in real time, in batch, or from a stream?", "Deployment Patterns")
    name, prov = b.service("serving", "serving")
    throughput = b.quantities("throughput", "concurrency")
    for model in b.f.models:
        row = ServingPlatformRow(model=model.name, platform=name, provenance=prov or Provenance())
        if throughput:
            row.scaling = "Auto"  # type: ignore[assignment]
            if prov is None or prov.basis == "evidence":
                row.provenance = b.rec("rollout", "throughput targets call for autoscaling", *(prov.evidence if prov else []), throughput[0].evidence_id)
        if row.platform or row.scaling:
            sec.serving_platforms.append(row)
    if not name:
        b.ask(sec, "Which serving platform will host the model endpoints?", "Serving Platforms")
    # Performance requirements.
    rows = {r.metric: r for r in sec.performance_requirements}
    for q in latency:
        metric = q.subject if "(" in q.subject else "Latency (percentile not stated)"
        row = rows.get(metric) or TargetRow(metric=metric)
        if row.target is None:
            row.target, row.provenance = q.display(), b.ev(q.evidence_id)
            if metric not in rows:
                sec.performance_requirements.append(row)
                rows[metric] = row
        if "(" not in q.subject:
            b.ask(sec, f"Which percentile does the {q.display()} latency target ({q.evidence_id}) apply to?", "Performance Requirements")
    for kind, metric in (("throughput", "Throughput"), ("availability", "Availability"), ("concurrency", None)):
        for q in b.quantities(kind):
            label = metric or q.subject
            row = rows.get(label) or TargetRow(metric=label)
            if row.target is None:
                row.target, row.provenance = q.display(), b.ev(q.evidence_id)
                if label not in rows:
                    sec.performance_requirements.append(row)
                    rows[label] = row
    empty = [r.metric for r in sec.performance_requirements if r.target is None]
    sec.performance_requirements = [r for r in sec.performance_requirements if r.target is not None]
    if empty:
        b.ask(sec, f"What are the targets for: {', '.join(e for e in empty if e)}?", "Performance Requirements")
    _rollout(b)


def _rollout(b: Builder) -> None:
    ro = b.s.serving.rollout
    evidence_strategy = None
    for signal, value in (("canary", "Canary"), ("shadow", "Shadow"), ("ab_test", "A/B Testing"), ("blue_green", "Blue-Green")):
        hits = b.signal_units(signal)
        if hits:
            evidence_strategy = (value, hits)
            break
    rule = b.rules["rollout"].get(b.risk or "Medium")
    traffic = b.quantities("traffic")
    if evidence_strategy:
        ro.strategy.value, ro.strategy.provenance = evidence_strategy[0], b.ev(*evidence_strategy[1][:2])  # type: ignore[assignment]
    elif traffic:
        ro.strategy.value = "Canary"  # type: ignore[assignment]
        ro.strategy.provenance = b.rec("rollout", "a share of live traffic for the new version is a canary release", traffic[0].evidence_id, keywords=("Canary",))
    else:
        ro.strategy.value = rule["strategy"]  # type: ignore[assignment]
        ro.strategy.provenance = b.rec("rollout", f"{b.risk or 'Medium'} risk", keywords=(rule["strategy"],))
    if traffic:
        ro.traffic_split.value, ro.traffic_split.provenance = f"New version {traffic[0].display()} of traffic", b.ev(traffic[0].evidence_id)
    elif rule.get("traffic_split") and ro.strategy.value and ro.strategy.value.value == "Canary":
        ro.traffic_split.value, ro.traffic_split.provenance = rule["traffic_split"], b.rec("rollout", None, keywords=("5%",))
    metrics = list(dict.fromkeys(q.subject for q in b.quantities("metric")))
    if metrics:
        ids = [q.evidence_id for q in b.quantities("metric")]
        ro.success_metrics.value = ", ".join(metrics[:4]) + (", latency" if b.quantities("latency") else "")
        ro.success_metrics.provenance = b.ev(*ids[:3], *[q.evidence_id for q in b.quantities("latency")[:1]])
    else:
        ro.success_metrics.value, ro.success_metrics.provenance = rule["success_metrics"], b.rec("rollout", None)
    floors = [q for q in b.quantities("metric") if q.role == "floor"] or [
        q for q in b.quantities("metric") if q.comparator in ("≥", ">") and b.f.unit(q.evidence_id) and "performance" in b.f.unit(q.evidence_id).best_fields()[:1]
    ]
    if floors:
        ro.rollback_criteria.value = "; ".join(f"{q.subject} below {q.value}{q.unit}" for q in floors[:2])
        ro.rollback_criteria.provenance = b.ev(*[q.evidence_id for q in floors[:2]])
    else:
        ro.rollback_criteria.value, ro.rollback_criteria.provenance = rule["rollback"], b.rec("rollout", None)

"""Section 6: Serving Infrastructure."""

from __future__ import annotations

import re

from assistant.drafting.offline.evidence import condense, sentences
from assistant.drafting.offline.quantities import Quantity
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.enums import RolloutStrategy, ScalingMode
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
            # The pattern's latency only when the passage that calls for real-time serving states it: another
            # clause's latency (a page load, a download) is not this use case's target.
            same = [q for q in latency if q.evidence_id == hits[0]]
            if row.pattern == "Real-time" and same:
                row.latency = same[0].display()
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
        platform_row = ServingPlatformRow(model=model.name, platform=name, provenance=prov or Provenance())
        if throughput:
            platform_row.scaling = ScalingMode.AUTO
            if prov is None or prov.basis == "evidence":
                platform_row.provenance = b.rec("rollout", "throughput targets call for autoscaling", *(prov.evidence if prov else []), throughput[0].evidence_id)
        if platform_row.platform or platform_row.scaling:
            sec.serving_platforms.append(platform_row)
    if not name:
        b.ask(sec, "Which serving platform will host the model endpoints?", "Serving Platforms")
    # Performance requirements.
    # Rows by label, whatever its case: "Public-facing services" from one document and "public-facing services"
    # from another are one row.
    rows: dict[str, TargetRow] = {(r.metric or "").casefold(): r for r in sec.performance_requirements}

    def fill(label: str, q: Quantity) -> None:
        """The row for `label` takes the quantity's target unless it already has one (first statement wins)."""
        target_row = rows.get(label.casefold()) or TargetRow(metric=label)
        if target_row.target is None:
            target_row.target, target_row.provenance = q.display(), b.ev(q.evidence_id)
            if label.casefold() not in rows:
                sec.performance_requirements.append(target_row)
                rows[label.casefold()] = target_row

    for q in latency:
        fill(q.subject if _names_subject(q) else "Latency (percentile not stated)", q)
        if "(" not in q.subject and not _PERCENTILE_WORDS.search(q.subject):
            b.ask(sec, f"Which percentile does the {q.display()} latency target ({q.evidence_id}) apply to?", "Performance Requirements")
    # A target keeps the subject its clause gives it ("Availability: playbook platform"); a bare kind gets the
    # fixed label, and a kind with none (concurrency) the quantity's own subject.
    labelled: tuple[tuple[str, str | None], ...] = (("throughput", "Throughput"), ("availability", "Availability"),
                                                   ("concurrency", None), ("recovery", None))
    for kind, fixed_label in labelled:
        for q in b.quantities(kind):
            fill(q.subject if _names_subject(q) else fixed_label or q.subject, q)
    empty = [r.metric for r in sec.performance_requirements if r.target is None]
    sec.performance_requirements = [r for r in sec.performance_requirements if r.target is not None]
    if empty:
        b.ask(sec, f"What are the targets for: {', '.join(e for e in empty if e)}?", "Performance Requirements")
    _rollout(b)


def _rollout(b: Builder) -> None:
    ro = b.s.serving.rollout
    evidence_strategy: tuple[RolloutStrategy, list[str]] | None = None
    signals = (("canary", RolloutStrategy.CANARY), ("shadow", RolloutStrategy.SHADOW), ("ab_test", RolloutStrategy.AB_TESTING), ("blue_green", RolloutStrategy.BLUE_GREEN))
    for signal, value in signals:
        hits = [e for e in b.signal_units(signal) if _releases_the_service(b, e, signal)]
        if hits:
            evidence_strategy = (value, hits)
            break
    rule = b.rules["rollout"].get(b.risk or "Medium")
    # A share of traffic is a rollout split only in a sentence about releasing a model version ("27% of
    # traffic uses smart motorways" is not one).
    traffic = [q for q in b.quantities("traffic") if _ROLLOUT_WORDS.search(b.sentence_of(q))]
    if evidence_strategy:
        ro.strategy.value, ro.strategy.provenance = evidence_strategy[0], b.ev(*evidence_strategy[1][:2])
    elif traffic:
        ro.strategy.value = RolloutStrategy.CANARY
        ro.strategy.provenance = b.rec("rollout", "a share of live traffic for the new version is a canary release", traffic[0].evidence_id, keywords=("Canary",))
    else:
        ro.strategy.value = RolloutStrategy(rule["strategy"])
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
        q for q in b.quantities("metric") if q.comparator in ("≥", ">") and _performance_led(b, q)
    ]
    if floors:
        ro.rollback_criteria.value = "; ".join(f"{q.subject} below {q.value}{q.unit}" for q in floors[:2])
        ro.rollback_criteria.provenance = b.ev(*[q.evidence_id for q in floors[:2]])
    else:
        ro.rollback_criteria.value, ro.rollback_criteria.provenance = rule["rollback"], b.rec("rollout", None)


# A release practice named for a database cut-over ("Blue-Green Database: migrate schema in blue database") or as
# a topic of guidance ("prompt version management guidance included (versioning, A/B testing)") is not how the
# service's model versions are released.
_NOT_A_RELEASE = re.compile(r"\bschema\b|\bdatabases?\b|\bguidance\b", re.I)


def _releases_the_service(b: Builder, evidence_id: str, signal: str) -> bool:
    text = b.f.evidence_text.get(evidence_id, "")
    surfaces = [s for s in b.f.signal_surfaces.get(signal, []) if s]
    spots = [s for line in text.splitlines() for s in sentences(line)
             if any(surface.casefold() in s.casefold() for surface in surfaces)]
    return not spots or any(not _NOT_A_RELEASE.search(s) for s in spots)


_ROLLOUT_WORDS = re.compile(r"canary|roll-?out|new (?:model )?version|release|shadow|a/b|champion|challenger", re.I)


def _names_subject(q: Quantity) -> bool:
    """Whether the quantity's label says what it is about (a percentile or a subject), not only its kind: "P50
    latency" and "first-token latency p95" state their percentile as much as "Latency (p95)" does."""
    return ("(" in q.subject or ":" in q.subject or bool(_PERCENTILE_WORDS.search(q.subject))
            or not _BARE_SUBJECT.match(q.subject.strip()))


_PERCENTILE_WORDS = re.compile(r"\bp\d\d(?:\.\d)?\b|percentile|median|average", re.I)
# A subject that names only the kind of target, or the label of the field it was written in ("Description:
# Achieve 99.95% availability"): the target is the system's own, the row's fixed label. "Dashboard
# availability" names what it is for and keeps its own row.
_BARE_SUBJECT = re.compile(r"^(?:(?:system|service|platform|overall)\s+)?(?:availability|uptime|latency|response time|"
                           r"throughput|concurrency|sla|target|requirement|description|value|metric)s?"
                           r"(?:\s+(?:target|sla|requirement|objective)s?)?$", re.I)


def _performance_led(b: Builder, q: Quantity) -> bool:
    """Whether the quantity's source unit maps first to the performance field (so it reads as a floor)."""
    unit = b.f.unit(q.evidence_id)
    return unit is not None and "performance" in unit.best_fields()[:1]

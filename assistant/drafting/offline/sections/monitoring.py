"""Section 7: Model Monitoring."""

from __future__ import annotations

import re

from assistant.drafting.offline import data
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    DriftRow,
    FairnessRow,
    PerformanceMetricRow,
)


def build(b: Builder) -> None:
    sec = b.s.monitoring
    drift = b.quantities("drift")
    for q in drift:
        unit = b.f.unit(q.evidence_id)
        group = "Key features" if unit and re.search(r"key feature", unit.text, re.I) else "Input features"
        sec.data_drift.append(
            DriftRow(
                feature_group=group,
                method=q.subject.replace(" p-value", ""),
                threshold=f"{q.subject} {q.display()}",
                action="Warning" if q.role == "warning" else "Alert",
                provenance=b.ev(q.evidence_id),
            )
        )
    methods = {q.subject.split()[0].casefold() for q in drift}
    rule = b.rules["drift"]
    if b.genai_only():
        for r in rule["genai_rows"]:
            sec.data_drift.append(DriftRow(**r, provenance=b.rec("drift", None, keywords=("Embedding drift",))))
    else:
        for r in rule["rows"]:
            key = r["method"].split()[0].casefold()
            key = {"kolmogorov-smirnov": "ks", "chi-squared": "chi-squared"}.get(key, key)
            if key in methods or (key == "psi" and "psi" in methods):
                continue
            if r["feature_group"] == "Model predictions" and "psi" in methods:
                continue
            sec.data_drift.append(DriftRow(**r, provenance=b.rec("drift", "evidence states no threshold for this method", keywords=(r["method"].split()[0],))))
    # Performance metrics.
    metrics = b.quantities("metric")
    window = b.quantities("window")
    if metrics:
        rows: dict[str, PerformanceMetricRow] = {}
        for q in metrics:
            row = rows.get(q.subject) or PerformanceMetricRow(metric=q.subject, provenance=b.ev(q.evidence_id))
            if q.role == "floor":
                below = {"≥": "<", ">": "≤"}.get(q.comparator, q.comparator or "<")
                row.critical = row.critical or f"{below} {q.value}{q.unit}".strip()
            else:
                # the template reads Baseline as the level expected (warning at X-2%); a stated target is that
                # level, said to be a target so nobody reads it as a measured result
                row.baseline = row.baseline or f"{q.display()} (target)"
            row.provenance = Provenance.of(*row.provenance.evidence, q.evidence_id)
            same_unit_window = [w for w in window if w.evidence_id == q.evidence_id]
            if same_unit_window:
                row.window = same_unit_window[0].display()
            rows[q.subject] = row
        sec.performance_metrics = list(rows.values())
        b.ask(sec, "What warning level should sit between each metric's target and its critical floor?", "Model Performance Monitoring")
    elif b.genai_only():
        sec.performance_metrics = [
            PerformanceMetricRow(metric=m, provenance=b.rec("metrics", "GenAI quality metrics"))
            for m in b.rules["metrics"]["GenAI"]
        ]
        b.ask(sec, "What targets should the GenAI quality metrics meet?", "Model Performance Monitoring")
    else:
        b.ask(sec, "What performance targets (precision, recall, accuracy...) must the model meet, and at what level should an alert fire?", "Model Performance Monitoring")
    # Fairness.
    groups = []
    fairness_units = [u for u in b.f.units if u.id in b.signal_units("protected_characteristics") and u.id in b.signal_units("fairness")]
    fq = b.quantities("fairness")
    if b.f.fairness_groups is not None:
        groups = list(b.f.fairness_groups)  # ArcKit: the groups the documents tick, not every word in a list
    else:
        for unit in fairness_units:
            for g in data.vocabulary()["protected_groups"]:
                if re.search(rf"\b{g}", unit.text, re.I) and g not in [x[0] for x in groups]:
                    groups.append((g, unit.id))
    stated = b.f.bias_frequency  # how often the documents say bias is audited, for every group
    for g, uid in groups:
        fairness_q = next((x for x in fq if x.evidence_id == uid), None)
        unit = b.f.unit(uid)
        freq = re.search(r"\b(daily|weekly|monthly|quarterly)\b", unit.text, re.I) if unit and unit.is_requirement else None
        frequency = freq.group(1).capitalize() if freq else (stated[0] if stated else None)
        evidence = [uid] + ([stated[1]] if stated and not freq and stated[1] != uid else [])
        sec.fairness.append(
            FairnessRow(
                protected_group=g.capitalize(),
                metric=(f"{fairness_q.subject} of outcome rates" if fairness_q else None),
                threshold=(fairness_q.display() if fairness_q else None),
                frequency=frequency,
                provenance=b.ev(*evidence),
            )
        )
    if not groups and (b.signal_units("significant_effect") or b.signal_units("public_facing")):
        b.ask(sec, "Which protected groups must fairness monitoring cover, with which metric and threshold?", "Fairness Monitoring")
    elif groups and not fq:
        b.ask(sec, "What fairness metric and threshold apply to each protected group?", "Fairness Monitoring")
    name, prov = b.service("monitoring", "monitoring")
    if name:
        for dashboard_row in sec.dashboards:
            if dashboard_row.dashboard == "Drift Dashboard":
                dashboard_row.purpose = f"Data/concept drift ({name})"
                dashboard_row.provenance = prov or Provenance()

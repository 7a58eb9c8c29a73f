"""Section 11: Model Governance."""

from __future__ import annotations

import re

from assistant.drafting.offline.authority import UNNAMED_RECORDS
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.quantities import Quantity
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    AuditRow,
    Item,
    MetricValueRow,
)


def build(b: Builder) -> None:
    sec = b.s.governance
    for unit in b.req_units("documentation", top=1):
        sec.documentation_requirements.append(type(sec.documentation_requirements[0])(text=condense(unit.statement, 160), provenance=b.ev(unit.id)) if sec.documentation_requirements else Item(text=condense(unit.statement, 160), provenance=b.ev(unit.id)))  # type: ignore[arg-type]
    card = sec.model_card
    if b.f.models:
        model = b.f.models[0]
        card.model_name = model.name.replace("`", "")
        card.type.value, card.type.provenance = model.type, b.ev(*model.evidence[:1])
        if model.framework:
            card.framework.value, card.framework.provenance = model.framework, b.ev(*model.framework_evidence)
        card.primary_use.value, card.primary_use.provenance = model.purpose, b.ev(*model.evidence[:1])
        oos = [u for u in b.f.units if u.is_requirement and u.id in b.signal_units("human_review")
               and re.search(r"\b(?:no|not|never|alone|only)\b", u.statement, re.I)]
        if oos:
            card.out_of_scope.value, card.out_of_scope.provenance = condense(oos[0].statement, 160), b.ev(oos[0].id)
        else:
            b.ask(sec, f"What must {model.name} not be used for (out-of-scope uses)?", "Model Card")
        # A model card's dataset is what the model learns from: a source the system only reads from (an
        # integration) is not one, so only sources a passage says a model is trained on fill it.
        training = [s for s in b.f.data_sources if s.training]
        if training:
            card.dataset.value = "; ".join(s.name for s in training[:4])
            card.dataset.provenance = b.ev(*[e for s in training[:4] for e in s.evidence[:1]])
            # One source's size is the dataset's only when it is the only source.
            vol = training[0] if len(training) == 1 and training[0].volume else None
            if vol:
                card.size.value, card.size.provenance = vol.volume, b.ev(vol.evidence[0])
        else:
            b.ask(sec, f"What data is {model.name} trained or evaluated on (the model card's dataset)?", "Model Card")
        dr = b.quantities("date_range")
        if dr:
            card.date_range.value, card.date_range.provenance = dr[0].value, b.ev(dr[0].evidence_id)
        # the embedding model that retrieves for a generative one is part of its pipeline, not a rival for its
        # targets: the system's quality targets stay the generative model's
        rivals = [m.name for m in b.f.models if not (m.retrieval and model.type == "GenAI")]
        metrics = _card_metrics(b.quantities("metric"), model.name, rivals)
        if metrics:
            card.performance = [
                MetricValueRow(metric=q.subject, value=f"Target {q.display()}" if q.role != "floor" else f"Floor {q.display()}", provenance=b.ev(q.evidence_id))
                for q in metrics[:6]
            ]
        b.ask(sec, f"What are the known limitations of {model.name}?", "Model Card")
    # Audit trail.
    audit_units = [u for u in b.f.units if u.is_requirement and u.id in b.signal_units("audit")]
    logs_predictions = [u for u in audit_units if re.search(r"score|prediction|detection|decision|answer|conversation|output", u.text, re.I)]
    retention = b.quantities("retention")
    for row in sec.audit_trail:
        if row.event == "Predictions" and logs_predictions:
            row.logged, row.provenance = "Yes", b.ev(logs_predictions[0].id)  # type: ignore[assignment]
        # A retention period fills a row only when its own subject is that row's event.
        # An audit log's period is not each model event's ("audit logs 7 years" does not say how long training
        # or deployment records are kept): those rows take a period whose subject names their event.
        event_words = [w for w in re.findall(r"[a-z]{4,}", (row.event or "").casefold()) if w != "model"]
        r = (_prediction_retention(retention) if row.event == "Predictions"
             else next((q for q in retention if any(w in q.subject.casefold() for w in event_words)
                        and re.search(r"\b(?:logs?|records?|audit|events?|history)\b", q.subject, re.I)), None))
        if r and row.retention is None:
            row.retention = f"{r.display()}"
            row.provenance = Provenance.of(*row.provenance.evidence, r.evidence_id)
    # One row per record type: a retention schedule keeping five record types for 7 years states five periods.
    # A period read from prose (whose subject is a guess from its sentence) is not repeated once its value is in.
    used = {row.retention for row in sec.audit_trail if row.retention}
    listed: set[tuple[str, str]] = set()
    for r in retention:
        if any(w in r.subject.casefold() for w in ("train", "snapshot")) or UNNAMED_RECORDS.match(r.subject.strip(" :-*")):
            continue  # a period whose label names no records ("Data: 7 years") is not a row of its own
        if (r.subject.casefold(), r.display()) in listed or (r.role != "record" and r.display() in used):
            continue
        sec.audit_trail.append(AuditRow(event=r.subject, logged="Yes", retention=r.display(), provenance=b.ev(r.evidence_id)))
        used.add(r.display())
        listed.add((r.subject.casefold(), r.display()))
    if not retention:
        b.ask(sec, "How long must predictions, decisions and audit logs be kept?", "Audit Trail")


# What names a model's outputs as words of their own ("VerificationDecision", an entity, is a business record).
_PREDICTIONS = re.compile(r"\b(?:predictions?|scores?|decisions?|detections?|inferences?|model outputs?)\b", re.I)


def _prediction_retention(retention: list[Quantity]) -> Quantity | None:
    return next((q for q in retention if _PREDICTIONS.search(q.subject)), None)


def _card_metrics(metrics: list[Quantity], card_model: str, models: list[str]) -> list[Quantity]:
    """The targets of the card's own model: those whose subject names it, or, when the project has one model,
    those that name no other model. A target set for another component ("Relevance: prior art search" beside a
    classifier's card) is not this model's performance."""
    def names(metric: Quantity, model: str) -> bool:
        return model.casefold() in metric.subject.casefold()

    own = [q for q in metrics if names(q, card_model)]
    if own or len(models) > 1:
        return own
    return [q for q in metrics if not any(names(q, m) for m in models if m != card_model)]

"""Section 2: Model Inventory."""

from __future__ import annotations

from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    ModelRow,
)


def build(b: Builder) -> None:
    sec = b.s.model_inventory
    risk = b.f.risk
    if not b.f.models:
        b.ask(sec, "Which ML models does the system need (model type, framework, purpose)?", "Model Catalog")
    for number, model in enumerate(b.f.models, start=1):
        evidence = [*model.evidence[:3], *model.framework_evidence, *risk.evidence[:2]]
        rationale = None
        if risk.level and not risk.stated:
            rr = b.rules["risk_levels"]
            rationale = f"risk level by rule {rr['id']} ({rr['note']}): {risk.criteria}"
        sec.models.append(
            ModelRow(
                model_id=f"ML-{number:03d}",
                name=model.name,
                type=model.type,
                framework=model.framework,
                purpose=model.purpose,
                risk_level=risk.level,
                provenance=Provenance(evidence=list(dict.fromkeys(evidence)), rationale=rationale),
            )
        )
        if model.framework is None:
            what = "LLM (provider and model)" if model.type == "GenAI" else "ML framework"
            b.ask(sec, f"Which {what} will {model.name} use?", "Model Catalog")
    if b.f.models:
        b.ask(sec, "Who owns each model in the catalogue?", "Model Catalog")
    if risk.level is None and b.f.models:
        b.ask(
            sec,
            "Do the model's outputs lead to decisions about individuals, and does a person review every decision? "
            "(This sets the risk level.)",
            "Model Risk Classification",
        )

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
    for feature in b.f.unnamed_models:
        b.ask(sec, f"Which model (provider, model and version) does {feature} use?", "Model Catalog")
    if not b.f.models:
        b.ask(sec, "Which ML models does the system need (model type, framework, purpose)?", "Model Catalog")
    # A row has one provenance, so a level the sources do not state (only a rule derives it) is not put in the
    # row beside stated facts: the rule's answer becomes a question for the owner to confirm.
    level = risk.level if risk.stated else None
    owner = b.f.model_owner
    for number, model in enumerate(b.f.models, start=1):
        evidence = [*model.evidence[:3], *model.framework_evidence, *(risk.evidence[:2] if level else []),
                    *([owner[1]] if owner else [])]
        sec.models.append(
            ModelRow(
                model_id=f"ML-{number:03d}",
                name=model.name,
                type=model.type,
                framework=model.framework,
                purpose=model.purpose or None,
                risk_level=level,
                owner=owner[0] if owner else None,
                provenance=Provenance(evidence=list(dict.fromkeys(evidence))),
            )
        )
        if model.framework is None:
            what = "LLM (provider and model)" if model.type == "GenAI" else "ML framework"
            b.ask(sec, f"Which {what} will {model.name} use?", "Model Catalog")
    if b.f.models and owner is None:
        b.ask(sec, "Who owns each model in the catalogue?", "Model Catalog")
    if risk.level and not risk.stated and b.f.models:
        rr = b.rules["risk_levels"]
        b.ask(sec, f"The sources state no risk level; rule {rr['id']} ({rr['note']}) suggests {risk.level} "
                   f"({risk.criteria}). Is that the model's risk level?", "Model Risk Classification")
    if risk.level is None and b.f.models:
        b.ask(
            sec,
            "Do the model's outputs lead to decisions about individuals, and does a person review every decision? "
            "(This sets the risk level.)",
            "Model Risk Classification",
        )

"""Section 5: Model Registry."""

from __future__ import annotations

from assistant.drafting.offline.sections.builder import Builder


def build(b: Builder) -> None:
    sec = b.s.model_registry
    rc = sec.registry_configuration
    name, prov = b.service("registry", "experiment_tracking" if "MLflow" in b.f.names("experiment_tracking") else None)
    if name == "MLflow":
        name = "MLflow Model Registry"
    if name and prov is not None:  # service() gives both or neither
        rc.platform.value, rc.platform.provenance = name, prov
    else:
        b.ask(sec, "Which model registry will hold versioned models (MLflow, SageMaker, Vertex AI, Azure ML...)?", "Registry Configuration")
    reg_units = b.req_units("registry", top=2)
    rc.versioning.value = b.rules["practice"]["registry_versioning"]
    rc.versioning.provenance = b.rec("practice", None, *[u.id for u in reg_units[:2]], keywords=("registry",))
    b.fill_service(rc.storage, "storage", "storage")
    gov = b.risk_rules()
    if b.risk == "High" and gov.get("approval_step"):
        step = gov["approval_step"]
        for row in sec.approval_workflow:
            if row.actor == "Ethics Board":
                row.step, row.checks = step["step"], step["checks"]
                row.provenance = b.rec("risk_governance", "High risk needs ethics board review", *b.f.risk.evidence[:2], keywords=("board",))
    elif b.risk in ("Medium", "Low"):
        # The template's ethics step applies to High risk only; keep it visible but say why it is conditional.
        pass

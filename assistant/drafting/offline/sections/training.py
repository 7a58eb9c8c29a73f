"""Section 4: Training Pipeline."""

from __future__ import annotations

import re

from assistant.drafting.offline.evidence import condense, sentences
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy import Provenance
from assistant.strategy.schema import InfrastructureRow

# A passage about training: a platform or tool it names is where models are trained, not only where the service runs.
# The ML lifecycle's own words count too: "pipelines orchestrated with Airflow and models tracked in MLflow" is about
# the models' pipelines; "an open-weight model on GPU infrastructure" (an option weighed) is not.
_TRAINING = re.compile(r"\b(?:train\w*|re-?train\w*|fine-?tun\w*|experiment\w*|model development|feature engineering|"
                       r"MLflow|MLOps|machine learning|ML\s+(?:pipelines?|workloads?|platform)|"
                       r"models?\s+(?:are\s+|is\s+)?(?:tracked|trained|registered|versioned))\b", re.I)

_CLOUD_ROW = "Cloud platform (whole service)"


def _about_training(b: Builder, provenance: Provenance) -> bool:
    """A row filled from evidence is kept only when a passage it cites is about training: a hosting platform
    ("deployed on Kubernetes") or an option a decision record weighed is not the training infrastructure."""
    if provenance.basis != "evidence":
        return True
    return any(_TRAINING.search(b.f.evidence_text.get(e, "")) for e in provenance.evidence)


def build(b: Builder) -> None:
    sec = b.s.training_pipeline
    template = [(row.technology, row.specification, row.provenance) for row in sec.infrastructure]
    _fill_infrastructure(b)
    for row, before in zip(sec.infrastructure, template, strict=True):
        if row.technology and not _about_training(b, row.provenance):
            row.technology, row.specification, row.provenance = before
    if b.f.hosting:
        # Where the requirements place the whole service: the cloud that training runs in unless they say otherwise.
        cloud, evidence = b.f.hosting
        said = next((s for line in b.f.evidence_text.get(evidence, "").splitlines() for s in sentences(line)
                     if cloud.split(" (")[0] in s), None)
        sec.infrastructure.append(InfrastructureRow(component=_CLOUD_ROW, technology=cloud,
                                                    specification=condense(said, 100) if said else None,
                                                    provenance=b.ev(evidence)))
    _rest(b)


def _fill_infrastructure(b: Builder) -> None:
    sec = b.s.training_pipeline
    for row in sec.infrastructure:
        if row.component == "Compute":
            name, prov = b.service("compute", "compute")
            if name and prov is not None:  # service() gives both or neither
                row.technology, row.provenance = name, prov
        elif row.component == "GPU":
            gpu = b.signal_units("gpu")
            if gpu:
                row.technology, row.provenance = "GPU", b.ev(*gpu[:2])
                gpu_unit = b.f.unit(gpu[0])
                gpu_text = gpu_unit.text if gpu_unit is not None else ""
                sentence = next((s for s in re.split(r"(?<=\.)\s", gpu_text) if re.search(r"GPU", s)), None)
                if sentence:
                    row.specification = condense(sentence, 100)
        elif row.component == "Storage":
            name, prov = b.service("storage", "storage")
            if name and prov is not None:
                row.technology, row.provenance = name, prov
        elif row.component == "Orchestration":
            name, prov = b.service("orchestration", "orchestration")
            if name and prov is not None:
                row.technology, row.provenance = name, prov


def _rest(b: Builder) -> None:
    sec = b.s.training_pipeline
    if not any(r.technology for r in sec.infrastructure if r.component != _CLOUD_ROW):
        where = f"on {b.f.hosting[0]}" if b.f.hosting else "(cloud or on-premises)"
        b.ask(sec, f"Which compute, storage and orchestration services will train the models {where}?", "Infrastructure")
    et = sec.experiment_tracking
    b.fill_service(et.platform, "experiment_tracking", "experiment_tracking",
                      (sec, "Which experiment tracking tool will the team use?", "Experiment Tracking"))
    repro = b.req_units("data_versioning", top=3) + b.req_units("training", top=1)
    et.tracked_artifacts.value = b.rules["practice"]["tracked_artifacts"]
    et.tracked_artifacts.provenance = b.rec("practice", None, *[u.id for u in repro[:2]], keywords=("hyperparameters",))
    hpo = sec.hyperparameter_optimization
    b.fill_service(hpo.platform, "hpo", "hpo")
    _training_triggers(b)


def _training_triggers(b: Builder) -> None:
    sec = b.s.training_pipeline
    freq = b.quantities("frequency")
    floors = [q for q in b.quantities("metric") if q.role == "floor"] or [q for q in b.quantities("metric") if "floor" in _unit_title(b, q.evidence_id).casefold()]
    drift = [q for q in b.quantities("drift") if q.role == "alert"]
    for row in sec.training_triggers:
        b.trigger_condition(row, "Data-driven", freq, drift, floors)
    if not freq:
        b.ask(sec, "How often should the model be retrained on a schedule?", "Training Triggers")


def _unit_title(b: Builder, evidence_id: str) -> str:
    unit = b.f.unit(evidence_id)
    return unit.title if unit is not None else ""

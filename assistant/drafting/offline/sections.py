"""Section builders: ExtractedFacts + rules -> the fifteen sections of a Strategy.

Each builder fills its section in place. A value found in the evidence cites it; a value from a rule is
a recommendation naming the rule and its knowledge note; anything else becomes an open question.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.drafting.offline import data
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.facts import ExtractedFacts, Unit, is_ml_related
from assistant.drafting.offline.quantities import Quantity
from assistant.strategy import Fact, OpenQuestion, Provenance, Strategy
from assistant.strategy.guidance import uk_guidance
from assistant.strategy.schema import (
    AuditRow,
    BiasCheckRow,
    ControlRow,
    DataSourceRow,
    DriftRow,
    ExplainabilityRow,
    FairnessRow,
    Item,
    MetricValueRow,
    ModelRow,
    OversightRow,
    PerformanceMetricRow,
    RagComponentRow,
    RetrainingTriggerRow,
    ServingPlatformRow,
    StakeholderRow,
    TargetRow,
    TestRow,
    TraceRow,
    TriggerRow,
)

PLATFORM_SLOTS = ("registry", "serving", "monitoring", "experiment_tracking", "feature_store", "orchestration", "hpo", "storage", "compute")


class Builder:
    def __init__(self, facts: ExtractedFacts, strategy: Strategy) -> None:
        self.f = facts
        self.s = strategy
        self.rules = data.rules()

    # ---- provenance helpers ------------------------------------------------------------------------

    def ev(self, *ids: str) -> Provenance:
        ids = tuple(dict.fromkeys(i for i in ids if i))
        return Provenance.of(*ids) if ids else Provenance.assumption("derived from the project metadata")

    def rec(self, rule_key: str, detail: str | None = None, *evidence: str, keywords: tuple[str, ...] = ()) -> Provenance:
        note = self.rules[rule_key]["note"]
        kb = self._note_chunk(note, keywords)
        return Provenance.recommendation(data.rule_rationale(rule_key, detail), *dict.fromkeys([*evidence, *kb]))

    def _note_chunk(self, note: str, keywords: tuple[str, ...]) -> list[str]:
        chunks = [c for c in self.f.knowledge if c.document == note or c.document.endswith(note.split("/")[-1])]
        if not chunks:
            return []
        for keyword in keywords:
            for chunk in chunks:
                if keyword.casefold() in chunk.text.casefold():
                    return [_eid(chunk.chunk_id)]
        return [_eid(chunks[0].chunk_id)]

    @staticmethod
    def ask(section: object, question: str, topic: str | None = None) -> None:
        section.open_questions.append(OpenQuestion(question=question, topic=topic))  # type: ignore[attr-defined]

    # ---- look-ups ----------------------------------------------------------------------------------

    def units(self, field_id: str, top: int = 2) -> list[Unit]:
        return self.f.units_for(field_id, top=top)

    def req_units(self, field_id: str, top: int = 2) -> list[Unit]:
        return [u for u in self.units(field_id, top) if u.is_requirement]

    def signal_units(self, signal: str) -> list[str]:
        return self.f.signals.get(signal, [])

    def tool(self, category: str) -> tuple[str | None, list[str]]:
        names = self.f.names(category)
        if not names:
            return None, []
        return names[0], self.f.evidence_of(names[0])[:3]

    def platform(self) -> tuple[str | None, list[str]]:
        for name in self.f.names("platform"):
            if name in self.rules["platform_services"]["platforms"]:
                return name, self.f.evidence_of(name)[:3]
        return None, []

    def service(self, slot: str, tool_category: str | None = None) -> tuple[str | None, Provenance | None]:
        """A service for a slot: a tool named in the evidence, else the platform's own service (rule)."""
        if tool_category:
            name, evidence = self.tool(tool_category)
            if name:
                return name, self.ev(*evidence)
        platform, evidence = self.platform()
        if platform:
            value = self.rules["platform_services"]["platforms"][platform].get(slot)
            if value:
                return value, self.rec("platform_services", f"{platform} implies {value}", *evidence, keywords=(platform,))
        return None, None

    def fill_service(self, fact: Fact, slot: str, tool_category: str | None,
                     ask: tuple[object, str, str] | None = None) -> None:
        """Fill `fact` with the service for `slot` (named in the evidence, else the platform's by rule), or
        ask `ask` = (section, question, topic) as an open question when neither settles it."""
        name, prov = self.service(slot, tool_category)
        if name:
            fact.value, fact.provenance = name, prov
        elif ask is not None:
            self.ask(*ask)

    def quantities(self, *kinds: str) -> list[Quantity]:
        return self.f.quantities_of(*kinds)

    @property
    def risk(self) -> str | None:
        return self.f.risk.level

    def risk_rules(self) -> dict:
        return self.rules["risk_governance"].get(self.risk or "", {})

    def model_names(self) -> str | None:
        return ", ".join(m.name for m in self.f.models) or None

    def genai_only(self) -> bool:
        return bool(self.f.models) and all(m.type == "GenAI" for m in self.f.models)

    # ================================================================================================
    # 1. ML System Overview
    # ================================================================================================

    def s1(self) -> None:
        sec = self.s.overview
        bc = sec.business_context
        name = self.f.project_name or None
        if name:
            hits = [u.id for u in self.f.units if name.casefold() in u.text.casefold()]
            bc.system_name.value = name
            bc.system_name.provenance = self.ev(*hits[:1]) if hits else Provenance.assumption("project name from the project metadata")
        # The first business requirement that states an aim (not a prohibition) is the purpose.
        business = [
            u for u in self.f.units
            if u.is_requirement and u.id.startswith("BR") and not re.match(r"^(?:no|not|never)\b", u.statement.strip(), re.I)
        ]
        if not business:
            business = sorted(
                [u for u in self.f.units if u.fields.get("business_purpose", 0) >= 0.3 or u.best_field == "model_capability"],
                key=lambda u: -max(u.fields.get("business_purpose", 0), u.fields.get("model_capability", 0)),
            )
        if business:
            bc.business_purpose.value = condense(business[0].statement, 200)
            bc.business_purpose.provenance = self.ev(business[0].id)
        else:
            self.ask(sec, "What business problem does the ML system solve, and how will success be measured?", "Business Purpose")
        if self.f.models:
            uses = []
            ids = []
            for model in self.f.models:
                for uid in model.evidence[:3]:
                    unit = self.f.unit(uid)
                    if unit and unit.is_requirement:
                        uses.append(unit.title or condense(unit.statement, 80))
                        ids.append(uid)
            if not uses:
                uses = [m.purpose for m in self.f.models]
                ids = [e for m in self.f.models for e in m.evidence[:1]]
            bc.primary_use_cases.value = "; ".join(dict.fromkeys(uses[:5]))
            bc.primary_use_cases.provenance = self.ev(*ids)
        else:
            self.ask(sec, "Which use cases will the ML system serve?", "Primary Use Cases")
        impact = [
            u for u in self.f.units
            if u.is_requirement and u.id in self.signal_units("human_review") and u.id in self.signal_units("significant_effect")
        ] or [u for u in self.f.units if u.is_requirement and u.id in self.signal_units("public_facing")]
        if impact:
            impact.sort(key=lambda u: -u.fields.get("human_oversight", 0))
            bc.user_impact.value = condense(impact[0].statement, 200)
            bc.user_impact.provenance = self.ev(impact[0].id)
        else:
            self.ask(sec, "How do the model's outputs affect end users or the people they concern?", "User Impact")
        # Maturity target (rule), current level unknown.
        rule = self.rules["maturity"]
        chosen = rule["default"]
        evidence: list[str] = []
        for option in rule["order"]:
            hits = [e for s in option["when"] for e in self.signal_units(s)]
            if hits:
                chosen, evidence = option, hits[:4]
                break
        level = chosen["level"]
        cap = self.risk_rules().get("maturity_cap")
        order = [row.level.value for row in sec.maturity if row.level is not None]
        if cap and cap in order and order.index(level) > order.index(cap):
            level = cap
        for row in sec.maturity:
            if row.level is None or row.level.value == "Level 0 (Manual)":
                continue
            idx = order.index(row.level.value)
            row.target = "Yes" if idx <= order.index(level) else "No"  # type: ignore[assignment]
            detail = f"target {level}: {chosen['reason']}"
            row.provenance = self.rec("maturity", detail, *(evidence if row.level.value == level else []), keywords=("Level",))
        self.ask(sec, "What is the current MLOps maturity level, and by when should each target level be reached?", "MLOps Maturity")
        # Stakeholders named in the evidence.
        present = {r.role for r in sec.stakeholders if r.role}
        for term in data.role_terms():
            for unit in self.f.units:
                m = term.find(unit.text)
                if m and term.name not in present:
                    sentence = next((x for x in re.split(r"(?<=[.;])\s+", unit.text) if term.find(x)), unit.statement)
                    sec.stakeholders.append(StakeholderRow(role=term.name, responsibility=condense(sentence, 120), provenance=self.ev(unit.id)))
                    present.add(term.name)
                    break
        self.ask(sec, "Who are the named people for each stakeholder role?", "Key Stakeholders")

    # ================================================================================================
    # 2. Model Inventory
    # ================================================================================================

    def s2(self) -> None:
        sec = self.s.model_inventory
        risk = self.f.risk
        if not self.f.models:
            self.ask(sec, "Which ML models does the system need (model type, framework, purpose)?", "Model Catalog")
        for number, model in enumerate(self.f.models, start=1):
            evidence = [*model.evidence[:3], *model.framework_evidence, *risk.evidence[:2]]
            rationale = None
            if risk.level and not risk.stated:
                rr = self.rules["risk_levels"]
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
                self.ask(sec, f"Which {what} will {model.name} use?", "Model Catalog")
        if self.f.models:
            self.ask(sec, "Who owns each model in the catalogue?", "Model Catalog")
        if risk.level is None and self.f.models:
            self.ask(
                sec,
                "Do the model's outputs lead to decisions about individuals, and does a person review every decision? "
                "(This sets the risk level.)",
                "Model Risk Classification",
            )

    # ================================================================================================
    # 3. Data Pipeline
    # ================================================================================================

    def s3(self) -> None:
        sec = self.s.data_pipeline
        for source in self.f.data_sources:
            sec.training_sources.append(
                DataSourceRow(
                    source=source.name,
                    type=source.type,
                    update_frequency=source.frequency,
                    volume=source.volume,
                    pii=source.pii,
                    provenance=self.ev(*source.evidence),
                )
            )
        if not self.f.data_sources:
            self.ask(sec, "Which data sources will train and feed the model, and do they hold personal data?", "Training Data Sources")
        else:
            unknown = [s.name for s in self.f.data_sources if s.pii is None]
            if unknown:
                self.ask(sec, f"Do these sources hold personal data (PII): {', '.join(unknown)}?", "Training Data Sources")
            self.ask(sec, "Who owns each training data source?", "Training Data Sources")
        fs_units = self.req_units("feature_store")
        if not self.genai_only():
            fs = sec.feature_store
            self.fill_service(fs.platform, "feature_store", "feature_store",
                              (sec, "Will features be shared between training and serving through a feature store? Which one?", "Feature Store"))
            online = self.signal_units("online_serving")
            if online:
                fs.online_store.value = "Yes"  # type: ignore[assignment]
                fs.online_store.provenance = self.rec("practice", "real-time serving needs an online store", *online[:2], keywords=("online store",))
            fs.offline_store.value = "Yes"  # type: ignore[assignment]
            fs.offline_store.provenance = self.rec("practice", "training needs point-in-time correct history", keywords=("offline store",))
            if fs_units:
                fs.versioning.value = "Enabled"  # type: ignore[assignment]
                fs.versioning.provenance = self.ev(*[u.id for u in fs_units[:2]])
            self.ask(sec, "Which feature groups does the model use, and how is each transformed and refreshed?", "Feature Engineering")
        # Data quality checks.
        dq = [u for u in self.units("data_quality", top=2)] + [self.f.unit(e) for e in self.signal_units("data_quality") if self.f.unit(e)]
        dq_ids = list(dict.fromkeys(u.id for u in dq if u))
        missing = self.quantities("missing")
        drift = [q for q in self.quantities("drift") if q.subject == "PSI" and q.role == "alert"]
        for row in sec.data_quality_checks:
            if row.check == "Missing values" and missing:
                row.threshold, row.provenance = missing[0].display(), self.ev(missing[0].evidence_id)
            elif row.check == "Schema validation" and dq_ids:
                schema = [i for i in dq_ids if re.search(r"schema", self.f.unit(i).text, re.I)]  # type: ignore[union-attr]
                if schema:
                    row.provenance = self.ev(*schema[:2])
            elif row.check == "Statistical drift":
                if drift:
                    row.threshold, row.provenance = f"PSI {drift[0].display()}", self.ev(drift[0].evidence_id)
                else:
                    row.threshold = "PSI >= 0.2"
                    row.provenance = self.rec("drift", None, keywords=("PSI",))
        if not missing:
            self.ask(sec, "What share of missing values in a key field should block the pipeline?", "Data Quality Checks")
        self.ask(sec, "How fresh must each source be before training or scoring runs (freshness threshold)?", "Data Quality Checks")
        # Data versioning.
        dv = sec.data_versioning
        name, prov = self.service("storage", "data_versioning")
        versioning_units = self.req_units("data_versioning", top=1)
        if self.f.names("data_versioning"):
            tool, evidence = self.tool("data_versioning")
            dv.strategy.value, dv.strategy.provenance = tool, self.ev(*evidence)
        elif versioning_units:
            dv.strategy.value = condense(versioning_units[0].statement, 120)
            dv.strategy.provenance = self.ev(versioning_units[0].id)
        else:
            dv.strategy.value = self.rules["practice"]["data_versioning"]
            dv.strategy.provenance = self.rec("practice", None, keywords=("versioned data",))
        self.fill_service(dv.storage, "storage", "storage",
                          (sec, "Where are training data snapshots stored (object store, region)?", "Data Versioning"))
        retention = self._retention(("train", "snapshot", "data"))
        if retention:
            dv.retention.value = f"{retention.subject}: {retention.display()}"
            dv.retention.provenance = self.ev(retention.evidence_id)
        else:
            self.ask(sec, "How long are training data snapshots kept?", "Data Versioning")

    def _retention(self, words: tuple[str, ...]) -> Quantity | None:
        for q in self.quantities("retention"):
            if any(w in q.subject.casefold() for w in words):
                return q
        return None

    # ================================================================================================
    # 4. Training Pipeline
    # ================================================================================================

    def s4(self) -> None:
        sec = self.s.training_pipeline
        for row in sec.infrastructure:
            if row.component == "Compute":
                name, prov = self.service("compute", "compute")
                if name:
                    row.technology, row.provenance = name, prov
            elif row.component == "GPU":
                gpu = self.signal_units("gpu")
                if gpu:
                    row.technology, row.provenance = "GPU", self.ev(*gpu[:2])
                    sentence = next((s for s in re.split(r"(?<=\.)\s", self.f.unit(gpu[0]).text) if re.search(r"GPU", s)), None)  # type: ignore[union-attr]
                    if sentence:
                        row.specification = condense(sentence, 100)
            elif row.component == "Storage":
                name, prov = self.service("storage", "storage")
                if name:
                    row.technology, row.provenance = name, prov
            elif row.component == "Orchestration":
                name, prov = self.service("orchestration", "orchestration")
                if name:
                    row.technology, row.provenance = name, prov
        if not any(r.technology for r in sec.infrastructure):
            self.ask(sec, "Which cloud or on-premises platform will train the models (compute, storage, orchestration)?", "Infrastructure")
        et = sec.experiment_tracking
        self.fill_service(et.platform, "experiment_tracking", "experiment_tracking",
                          (sec, "Which experiment tracking tool will the team use?", "Experiment Tracking"))
        repro = self.req_units("data_versioning", top=3) + self.req_units("training", top=1)
        et.tracked_artifacts.value = self.rules["practice"]["tracked_artifacts"]
        et.tracked_artifacts.provenance = self.rec("practice", None, *[u.id for u in repro[:2]], keywords=("hyperparameters",))
        hpo = sec.hyperparameter_optimization
        self.fill_service(hpo.platform, "hpo", "hpo")
        self._training_triggers()

    def _training_triggers(self) -> None:
        sec = self.s.training_pipeline
        freq = self.quantities("frequency")
        floors = [q for q in self.quantities("metric") if q.role == "floor"] or [q for q in self.quantities("metric") if "floor" in (self.f.unit(q.evidence_id).title.casefold() if self.f.unit(q.evidence_id) else "")]
        drift = [q for q in self.quantities("drift") if q.role == "alert"]
        for row in sec.training_triggers:
            self._trigger_condition(row, "Data-driven", freq, drift, floors)
        if not freq:
            self.ask(sec, "How often should the model be retrained on a schedule?", "Training Triggers")

    def _trigger_condition(self, row: TriggerRow | RetrainingTriggerRow, drift_trigger: str, freq: list[Quantity],
                           drift: list[Quantity], floors: list[Quantity]) -> None:
        """A retraining trigger row's condition and provenance: "Scheduled" from the first frequency,
        `drift_trigger` from the first drift alert (else the drift rule), "Performance" from up to two floors."""
        if row.trigger == "Scheduled":
            if freq:
                row.condition, row.provenance = freq[0].value.capitalize(), self.ev(freq[0].evidence_id)
        elif row.trigger == drift_trigger:
            if drift:
                row.condition, row.provenance = f"{drift[0].subject} {drift[0].display()}", self.ev(drift[0].evidence_id)
            else:
                row.condition = self.rules["drift"]["retraining_trigger"]["condition"]
                row.provenance = self.rec("drift", None, keywords=("Drift-triggered",))
        elif row.trigger == "Performance" and floors:
            row.condition = "; ".join(f"{q.subject} below {q.value}{q.unit}" for q in floors[:2])
            row.provenance = self.ev(*[q.evidence_id for q in floors[:2]])

    # ================================================================================================
    # 5. Model Registry
    # ================================================================================================

    def s5(self) -> None:
        sec = self.s.model_registry
        rc = sec.registry_configuration
        name, prov = self.service("registry", "experiment_tracking" if "MLflow" in self.f.names("experiment_tracking") else None)
        if name == "MLflow":
            name = "MLflow Model Registry"
        if name:
            rc.platform.value, rc.platform.provenance = name, prov
        else:
            self.ask(sec, "Which model registry will hold versioned models (MLflow, SageMaker, Vertex AI, Azure ML...)?", "Registry Configuration")
        reg_units = self.req_units("registry", top=2)
        rc.versioning.value = self.rules["practice"]["registry_versioning"]
        rc.versioning.provenance = self.rec("practice", None, *[u.id for u in reg_units[:2]], keywords=("registry",))
        self.fill_service(rc.storage, "storage", "storage")
        gov = self.risk_rules()
        if self.risk == "High" and gov.get("approval_step"):
            step = gov["approval_step"]
            for row in sec.approval_workflow:
                if row.actor == "Ethics Board":
                    row.step, row.checks = step["step"], step["checks"]
                    row.provenance = self.rec("risk_governance", "High risk needs ethics board review", *self.f.risk.evidence[:2], keywords=("board",))
        elif self.risk in ("Medium", "Low"):
            # The template's ethics step applies to High risk only; keep it visible but say why it is conditional.
            pass

    # ================================================================================================
    # 6. Serving Infrastructure
    # ================================================================================================

    def s6(self) -> None:
        sec = self.s.serving
        latency = self.quantities("latency")
        patterns = {"Real-time": "real_time", "Batch": "batch", "Streaming": "streaming"}
        kept = []
        for row in sec.deployment_patterns:
            hits = self.signal_units(patterns.get(row.pattern or "", ""))
            if row.pattern == "Real-time" and latency:
                hits = list(dict.fromkeys([*hits, latency[0].evidence_id]))
            if hits:
                unit = self.f.unit(hits[0])
                row.use_case = condense(unit.statement, 100) if unit and unit.is_requirement else row.use_case
                if row.pattern == "Real-time" and latency:
                    row.latency = next((f"{q.display()} ({q.subject.split('(')[-1].rstrip(')')})" if "(" in q.subject else q.display() for q in latency if "p99" in q.subject), latency[0].display())
                row.models = self.model_names()
                row.provenance = self.ev(*hits[:3])
                kept.append(row)
        if kept:
            sec.deployment_patterns = kept
        else:
            self.ask(sec, "Will predictions be served in real time, in batch, or from a stream?", "Deployment Patterns")
        name, prov = self.service("serving", "serving")
        throughput = self.quantities("throughput", "concurrency")
        for model in self.f.models:
            row = ServingPlatformRow(model=model.name, platform=name, provenance=prov or Provenance())
            if throughput:
                row.scaling = "Auto"  # type: ignore[assignment]
                if prov is None or prov.basis == "evidence":
                    row.provenance = self.rec("rollout", "throughput targets call for autoscaling", *(prov.evidence if prov else []), throughput[0].evidence_id)
            if row.platform or row.scaling:
                sec.serving_platforms.append(row)
        if not name:
            self.ask(sec, "Which serving platform will host the model endpoints?", "Serving Platforms")
        # Performance requirements.
        rows = {r.metric: r for r in sec.performance_requirements}
        for q in latency:
            metric = q.subject if "(" in q.subject else "Latency (percentile not stated)"
            row = rows.get(metric) or TargetRow(metric=metric)
            if row.target is None:
                row.target, row.provenance = q.display(), self.ev(q.evidence_id)
                if metric not in rows:
                    sec.performance_requirements.append(row)
                    rows[metric] = row
            if "(" not in q.subject:
                self.ask(sec, f"Which percentile does the {q.display()} latency target ({q.evidence_id}) apply to?", "Performance Requirements")
        for kind, metric in (("throughput", "Throughput"), ("availability", "Availability"), ("concurrency", None)):
            for q in self.quantities(kind):
                label = metric or q.subject
                row = rows.get(label) or TargetRow(metric=label)
                if row.target is None:
                    row.target, row.provenance = q.display(), self.ev(q.evidence_id)
                    if label not in rows:
                        sec.performance_requirements.append(row)
                        rows[label] = row
        empty = [r.metric for r in sec.performance_requirements if r.target is None]
        sec.performance_requirements = [r for r in sec.performance_requirements if r.target is not None]
        if empty:
            self.ask(sec, f"What are the targets for: {', '.join(e for e in empty if e)}?", "Performance Requirements")
        self._rollout()

    def _rollout(self) -> None:
        ro = self.s.serving.rollout
        evidence_strategy = None
        for signal, value in (("canary", "Canary"), ("shadow", "Shadow"), ("ab_test", "A/B Testing"), ("blue_green", "Blue-Green")):
            hits = self.signal_units(signal)
            if hits:
                evidence_strategy = (value, hits)
                break
        rule = self.rules["rollout"].get(self.risk or "Medium")
        traffic = self.quantities("traffic")
        if evidence_strategy:
            ro.strategy.value, ro.strategy.provenance = evidence_strategy[0], self.ev(*evidence_strategy[1][:2])  # type: ignore[assignment]
        elif traffic:
            ro.strategy.value = "Canary"  # type: ignore[assignment]
            ro.strategy.provenance = self.rec("rollout", "a share of live traffic for the new version is a canary release", traffic[0].evidence_id, keywords=("Canary",))
        else:
            ro.strategy.value = rule["strategy"]  # type: ignore[assignment]
            ro.strategy.provenance = self.rec("rollout", f"{self.risk or 'Medium'} risk", keywords=(rule["strategy"],))
        if traffic:
            ro.traffic_split.value, ro.traffic_split.provenance = f"New version {traffic[0].display()} of traffic", self.ev(traffic[0].evidence_id)
        elif rule.get("traffic_split") and ro.strategy.value and ro.strategy.value.value == "Canary":
            ro.traffic_split.value, ro.traffic_split.provenance = rule["traffic_split"], self.rec("rollout", None, keywords=("5%",))
        metrics = list(dict.fromkeys(q.subject for q in self.quantities("metric")))
        if metrics:
            ids = [q.evidence_id for q in self.quantities("metric")]
            ro.success_metrics.value = ", ".join(metrics[:4]) + (", latency" if self.quantities("latency") else "")
            ro.success_metrics.provenance = self.ev(*ids[:3], *[q.evidence_id for q in self.quantities("latency")[:1]])
        else:
            ro.success_metrics.value, ro.success_metrics.provenance = rule["success_metrics"], self.rec("rollout", None)
        floors = [q for q in self.quantities("metric") if q.role == "floor"] or [
            q for q in self.quantities("metric") if q.comparator in ("≥", ">") and self.f.unit(q.evidence_id) and "performance" in self.f.unit(q.evidence_id).best_fields()[0]
        ]
        if floors:
            ro.rollback_criteria.value = "; ".join(f"{q.subject} below {q.value}{q.unit}" for q in floors[:2])
            ro.rollback_criteria.provenance = self.ev(*[q.evidence_id for q in floors[:2]])
        else:
            ro.rollback_criteria.value, ro.rollback_criteria.provenance = rule["rollback"], self.rec("rollout", None)

    # ================================================================================================
    # 7. Model Monitoring
    # ================================================================================================

    def s7(self) -> None:
        sec = self.s.monitoring
        drift = self.quantities("drift")
        for q in drift:
            unit = self.f.unit(q.evidence_id)
            group = "Key features" if unit and re.search(r"key feature", unit.text, re.I) else "Input features"
            sec.data_drift.append(
                DriftRow(
                    feature_group=group,
                    method=q.subject.replace(" p-value", ""),
                    threshold=f"{q.subject} {q.display()}",
                    action="Warning" if q.role == "warning" else "Alert",
                    provenance=self.ev(q.evidence_id),
                )
            )
        methods = {q.subject.split()[0].casefold() for q in drift}
        rule = self.rules["drift"]
        if self.genai_only():
            for r in rule["genai_rows"]:
                sec.data_drift.append(DriftRow(**r, provenance=self.rec("drift", None, keywords=("Embedding drift",))))
        else:
            for r in rule["rows"]:
                key = r["method"].split()[0].casefold()
                key = {"kolmogorov-smirnov": "ks", "chi-squared": "chi-squared"}.get(key, key)
                if key in methods or (key == "psi" and "psi" in methods):
                    continue
                if r["feature_group"] == "Model predictions" and "psi" in methods:
                    continue
                sec.data_drift.append(DriftRow(**r, provenance=self.rec("drift", "evidence states no threshold for this method", keywords=(r["method"].split()[0],))))
        # Performance metrics.
        metrics = self.quantities("metric")
        window = self.quantities("window")
        if metrics:
            rows: dict[str, PerformanceMetricRow] = {}
            for q in metrics:
                row = rows.get(q.subject) or PerformanceMetricRow(metric=q.subject, provenance=self.ev(q.evidence_id))
                if q.role == "floor":
                    below = {"≥": "<", ">": "≤"}.get(q.comparator, q.comparator or "<")
                    row.critical = row.critical or f"{below} {q.value}{q.unit}".strip()
                else:
                    row.baseline = row.baseline or q.display()
                row.provenance = Provenance.of(*row.provenance.evidence, q.evidence_id)
                same_unit_window = [w for w in window if w.evidence_id == q.evidence_id]
                if same_unit_window:
                    row.window = same_unit_window[0].display()
                rows[q.subject] = row
            sec.performance_metrics = list(rows.values())
            self.ask(sec, "What warning level should sit between each metric's target and its critical floor?", "Model Performance Monitoring")
        elif self.genai_only():
            sec.performance_metrics = [
                PerformanceMetricRow(metric=m, provenance=self.rec("metrics", "GenAI quality metrics"))
                for m in self.rules["metrics"]["GenAI"]
            ]
            self.ask(sec, "What targets should the GenAI quality metrics meet?", "Model Performance Monitoring")
        else:
            self.ask(sec, "What performance targets (precision, recall, accuracy...) must the model meet, and at what level should an alert fire?", "Model Performance Monitoring")
        # Fairness.
        groups = []
        fairness_units = [u for u in self.f.units if u.id in self.signal_units("protected_characteristics") and u.id in self.signal_units("fairness")]
        fq = self.quantities("fairness")
        for unit in fairness_units:
            for g in ("age", "sex", "disability", "ethnicity", "race", "religion", "gender", "sexual orientation", "pregnancy", "nationality"):
                if re.search(rf"\b{g}", unit.text, re.I) and g not in [x[0] for x in groups]:
                    groups.append((g, unit.id))
        for g, uid in groups:
            q = next((x for x in fq if x.evidence_id == uid), None)
            unit = self.f.unit(uid)
            freq = re.search(r"\b(daily|weekly|monthly|quarterly)\b", unit.text, re.I) if unit else None
            sec.fairness.append(
                FairnessRow(
                    protected_group=g.capitalize(),
                    metric=(f"{q.subject} of outcome rates" if q else None),
                    threshold=(q.display() if q else None),
                    frequency=freq.group(1).capitalize() if freq else None,
                    provenance=self.ev(uid),
                )
            )
        if not groups and (self.signal_units("significant_effect") or self.signal_units("public_facing")):
            self.ask(sec, "Which protected groups must fairness monitoring cover, with which metric and threshold?", "Fairness Monitoring")
        elif groups and not fq:
            self.ask(sec, "What fairness metric and threshold apply to each protected group?", "Fairness Monitoring")
        name, prov = self.service("monitoring", "monitoring")
        if name:
            for row in sec.dashboards:
                if row.dashboard == "Drift Dashboard":
                    row.purpose = f"Data/concept drift ({name})"
                    row.provenance = prov or Provenance()

    # ================================================================================================
    # 8. Retraining Strategy
    # ================================================================================================

    def s8(self) -> None:
        sec = self.s.retraining
        freq = self.quantities("frequency")
        drift = [q for q in self.quantities("drift") if q.role == "alert"]
        floors = [q for q in self.quantities("metric") if q.role == "floor"] or [
            q for q in self.quantities("metric") if self.f.unit(q.evidence_id) and self.f.unit(q.evidence_id).best_field == "performance_monitoring"
        ]
        approval = self.rules["retraining"]["high_risk_approval"] if self.risk == "High" else None
        for row in sec.triggers:
            self._trigger_condition(row, "Data drift", freq, drift, floors)
            if approval and row.trigger in ("Scheduled", "Data drift", "Performance"):
                row.approval = approval
                if row.provenance.basis == "evidence":
                    row.provenance = Provenance(evidence=row.provenance.evidence, rationale=data.rule_rationale("retraining", "High risk: human approval of every retrained model"))
                else:
                    row.provenance = self.rec("retraining", "High risk: human approval of every retrained model", *row.provenance.evidence)
        event = self.rules["retraining"]["event_trigger"]
        sec.triggers.append(RetrainingTriggerRow(**event, approval=approval or "ML Lead", provenance=self.rec("retraining", None, keywords=("Event-triggered",))))
        if not freq:
            self.ask(sec, "Should the model also be retrained on a fixed schedule? How often?", "Retraining Triggers")
        if self.f.models:
            cc = sec.champion_challenger
            primary = self.f.models[0]
            cc.champion = re.sub(r'["\[\]{}|]', "", primary.name) + " (current)"
            cc.challenger = re.sub(r'["\[\]{}|]', "", primary.name) + " (candidate)"
            traffic = self.quantities("traffic")
            if traffic:
                try:
                    cc.challenger_traffic_pct = int(float(traffic[0].value))
                    cc.provenance = self.ev(traffic[0].evidence_id, *primary.evidence[:1])
                except ValueError:
                    pass
            if cc.challenger_traffic_pct is None:
                cc.provenance = self.rec("rollout", "champion-challenger promotion on evidence", *primary.evidence[:1], keywords=("Champion-challenger",))
                self.ask(sec, "What share of traffic should a challenger model receive before promotion?", "Champion-Challenger")
        rb = [u for u in self.f.units if u.is_requirement and u.id in self.signal_units("rollback")]
        for step in sec.rollback_procedure:
            if step.step == "Execute Rollback" and rb:
                step.description = condense(rb[0].statement, 200)
                step.provenance = self.ev(rb[0].id)

    # ================================================================================================
    # 9. LLM/GenAI Operations
    # ================================================================================================

    def s9(self) -> None:
        sec = self.s.genai
        app = self.f.applicability["genai"]
        sec.applies, sec.applies_reason = app.applies, app.reason
        if not app.applies:
            sec.guardrails, sec.rag_pipeline, sec.cost_optimization, sec.rag_applies = [], [], [], False
            return
        cfg = sec.llm_configuration
        provider, provider_ev = self.tool("llm_provider")
        llm, llm_ev = self.tool("llm")
        self_hosted = self.signal_units("self_hosted")
        if provider:
            cfg.model_provider.value, cfg.model_provider.provenance = provider, self.ev(*provider_ev)  # type: ignore[assignment]
        elif llm:
            term = next(t for t in data.terms() if t.name == llm)
            if term.attr("provider"):
                cfg.model_provider.value = term.attr("provider")  # type: ignore[assignment]
                cfg.model_provider.provenance = self.ev(*llm_ev)
        if cfg.model_provider.value is None:
            self.ask(sec, "Which LLM provider will be used (Azure OpenAI, Bedrock, Anthropic, OpenAI, self-hosted)?", "LLM Configuration")
        if llm:
            cfg.model.value, cfg.model.provenance = llm, self.ev(*llm_ev)
        else:
            self.ask(sec, "Which LLM (model and version) will be used?", "LLM Configuration")
        if self_hosted:
            cfg.deployment.value, cfg.deployment.provenance = "Self-hosted", self.ev(*self_hosted[:2])  # type: ignore[assignment]
        elif provider or llm:
            cfg.deployment.value, cfg.deployment.provenance = "API", self.ev(*(provider_ev or llm_ev))  # type: ignore[assignment]
        if self.signal_units("not_fine_tuned"):
            cfg.fine_tuned.value, cfg.fine_tuned.provenance = "No", self.ev(*self.signal_units("not_fine_tuned")[:2])  # type: ignore[assignment]
        elif self.signal_units("fine_tuned"):
            cfg.fine_tuned.value, cfg.fine_tuned.provenance = "Yes", self.ev(*self.signal_units("fine_tuned")[:2])  # type: ignore[assignment]
        else:
            self.ask(sec, "Will the LLM be fine-tuned, or used as supplied?", "LLM Configuration")
        pm = sec.prompt_management
        controls = self.rules["genai_controls"]
        pv = self.signal_units("prompt_versioning")
        if pv:
            pm.versioning.value, pm.versioning.provenance = condense(self.f.unit(pv[0]).statement, 120), self.ev(pv[0])  # type: ignore[union-attr]
        else:
            pm.versioning.value, pm.versioning.provenance = controls["prompt_management"]["versioning"], self.rec("genai_controls", None)
        evals = [u for u in self.f.units if u.is_requirement and re.search(r"evaluat|test set", u.text, re.I) and u.id in self.signal_units("genai")]
        if evals:
            pm.testing.value, pm.testing.provenance = condense(evals[0].statement, 120), self.ev(evals[0].id)
        else:
            pm.testing.value, pm.testing.provenance = controls["prompt_management"]["testing"], self.rec("genai_controls", None)
        if self.signal_units("ab_test"):
            pm.ab_testing.value, pm.ab_testing.provenance = "Yes", self.ev(*self.signal_units("ab_test")[:1])  # type: ignore[assignment]
        # Guardrails: evidence first, then the rule's controls.
        patterns = {
            "Input validation": r"prompt injection|input (?:validation|screening)|screen\w* .*input|jailbreak",
            "Output filtering": r"filter\w*|harmful|toxic|never contain|output check",
            "Token limits": r"tokens?",
            "Rate limiting": r"rate limit|throttl",
            "Red-teaming": r"red[- ]team|adversarial test|penetration",
        }
        rows: list[ControlRow] = []
        candidates = set(self.signal_units("genai")) | set(self.req_ids_for(("security", "genai")))
        for rule_row in controls["rows"]:
            name = rule_row["control"]
            hit = next(
                (u for u in self.f.units if u.is_requirement and u.id in candidates and re.search(patterns[name], u.text, re.I)),
                None,
            )
            if hit:
                rows.append(ControlRow(control=name, implementation=condense(hit.statement, 140), monitoring=rule_row["monitoring"], provenance=self.ev(hit.id)))
            else:
                rows.append(ControlRow(**rule_row, provenance=self.rec("genai_controls", None, keywords=(name.split()[0].lower(),))))
        sec.guardrails = rows
        # RAG.
        rag = self.f.applicability["rag"]
        sec.rag_applies = rag.applies
        if rag.applies:
            comps = []
            store, store_ev = self.tool("vector_store")
            refresh_unit = next((u for u in self.f.units if u.id in rag.evidence and re.search(r"refresh|updat|re-?index", u.text, re.I)), None)
            refresh = None
            if refresh_unit:
                m = re.search(r"\b(daily|weekly|hourly|monthly|nightly|real[- ]time)\b", refresh_unit.text, re.I)
                refresh = m.group(1).capitalize() if m else None
            comps.append(RagComponentRow(component="Vector Store", technology=store, refresh=refresh,
                                         provenance=self.ev(*store_ev, *([refresh_unit.id] if refresh_unit and refresh else [])) if store or refresh else Provenance()))
            emb, emb_ev = self.tool("embedding_model")
            comps.append(RagComponentRow(component="Embedding Model", technology=emb, refresh="-", provenance=self.ev(*emb_ev) if emb else Provenance()))
            hybrid = self.signal_units("hybrid_retrieval")
            comps.append(RagComponentRow(component="Retriever", technology="Hybrid (BM25 and dense)" if hybrid else None, refresh="-",
                                         provenance=self.ev(*hybrid[:2]) if hybrid else Provenance()))
            sec.rag_pipeline = comps
            if not store:
                self.ask(sec, "Which vector store will hold the document index?", "RAG Pipeline")
            if not emb:
                self.ask(sec, "Which embedding model will index the documents?", "RAG Pipeline")
        costs = [q for q in self.quantities("cost") if re.search(r"request|conversation|query|question", q.unit)]
        tokens = self.quantities("tokens")
        strategy = self.rules["practice"]["llm_cost_strategy"]
        cost_rows = []
        for row in sec.cost_optimization:
            if row.metric == "Cost/request" and costs:
                row.target = f"{costs[0].value} {costs[0].unit}".strip()
                row.provenance = self.ev(costs[0].evidence_id)
            if row.metric == "Token usage/day" and tokens:
                row.target, row.provenance = tokens[0].display() + " per request", self.ev(tokens[0].evidence_id)
            row.strategy = row.strategy or strategy
            if row.provenance.is_empty():
                row.provenance = self.rec("practice", "LLM cost controls")
            cost_rows.append(row)
        sec.cost_optimization = cost_rows
        if not costs:
            self.ask(sec, "What is the target LLM cost per request, and the daily token budget?", "Cost Optimization")

    def req_ids_for(self, fields: tuple[str, ...]) -> list[str]:
        return [u.id for f in fields for u in self.req_units(f, top=2)]

    # ================================================================================================
    # 10. CI/CD for ML
    # ================================================================================================

    def s10(self) -> None:
        sec = self.s.cicd
        ci, ci_ev = self.tool("ci")
        if ci:
            for row in sec.source_control:
                row.repository = f"{ci} repository"
                row.provenance = self.ev(*ci_ev)
        else:
            self.ask(sec, "Which source control and CI/CD service will host the model code and pipelines?", "Source Control")
        dv, dv_ev = self.tool("data_validation")
        for row in sec.automated_testing:
            if row.test_type == "Data validation" and dv:
                row.tool, row.provenance = dv, self.ev(*dv_ev)
            if row.test_type == "Data validation" and not dv:
                dq = self.req_units("data_quality", top=1)
                if dq:
                    row.provenance = self.ev(dq[0].id)
            if row.test_type == "Model validation":
                floors = self.quantities("metric")
                if floors:
                    row.provenance = self.ev(*[q.evidence_id for q in floors[:2]])
        practice = self.rules["practice"]
        if self.quantities("latency", "throughput"):
            ev = [q.evidence_id for q in self.quantities("latency", "throughput")][:2]
            sec.automated_testing.append(TestRow(**practice["load_test"], provenance=self.rec("practice", None, *ev, keywords=("latency",))))
        if self.s.monitoring.fairness:
            ev = [r.provenance.evidence[0] for r in self.s.monitoring.fairness if r.provenance.evidence][:1]
            sec.automated_testing.append(TestRow(**practice["fairness_test"], provenance=self.rec("practice", None, *ev, keywords=("fairness",))))
        if self.f.applicability["genai"].applies:
            sec.automated_testing.append(TestRow(**practice["prompt_eval"], provenance=self.rec("practice", None)))
        freq = self.quantities("frequency")
        for row in sec.continuous_training:
            if row.trigger == "Scheduled" and freq:
                row.trigger = f"Scheduled ({freq[0].value})"
                row.provenance = self.ev(freq[0].evidence_id)
        if self.genai_only():
            sec.continuous_training = [r for r in sec.continuous_training if r.provenance.basis == "evidence"]

    # ================================================================================================
    # 11. Model Governance
    # ================================================================================================

    def s11(self) -> None:
        sec = self.s.governance
        for unit in self.req_units("documentation", top=1):
            sec.documentation_requirements.append(type(sec.documentation_requirements[0])(text=condense(unit.statement, 160), provenance=self.ev(unit.id)) if sec.documentation_requirements else Item(text=condense(unit.statement, 160), provenance=self.ev(unit.id)))  # type: ignore[arg-type]
        card = sec.model_card
        if self.f.models:
            model = self.f.models[0]
            card.model_name = model.name.replace("`", "")
            card.type.value, card.type.provenance = model.type, self.ev(*model.evidence[:1])
            if model.framework:
                card.framework.value, card.framework.provenance = model.framework, self.ev(*model.framework_evidence)
            card.primary_use.value, card.primary_use.provenance = model.purpose, self.ev(*model.evidence[:1])
            oos = [u for u in self.f.units if u.is_requirement and u.id in self.signal_units("human_review")
                   and re.search(r"\b(?:no|not|never|alone|only)\b", u.statement, re.I)]
            if oos:
                card.out_of_scope.value, card.out_of_scope.provenance = condense(oos[0].statement, 160), self.ev(oos[0].id)
            else:
                self.ask(sec, f"What must {model.name} not be used for (out-of-scope uses)?", "Model Card")
            if self.f.data_sources:
                card.dataset.value = "; ".join(s.name for s in self.f.data_sources[:4])
                card.dataset.provenance = self.ev(*[e for s in self.f.data_sources[:4] for e in s.evidence[:1]])
                vol = next((s for s in self.f.data_sources if s.volume), None)
                if vol:
                    card.size.value, card.size.provenance = vol.volume, self.ev(vol.evidence[0])
            dr = self.quantities("date_range")
            if dr:
                card.date_range.value, card.date_range.provenance = dr[0].value, self.ev(dr[0].evidence_id)
            metrics = self.quantities("metric")
            if metrics:
                card.performance = [
                    MetricValueRow(metric=q.subject, value=f"Target {q.display()}" if q.role != "floor" else f"Floor {q.display()}", provenance=self.ev(q.evidence_id))
                    for q in metrics[:6]
                ]
            self.ask(sec, f"What are the known limitations of {model.name}?", "Model Card")
        # Audit trail.
        audit_units = [u for u in self.f.units if u.is_requirement and u.id in self.signal_units("audit")]
        logs_predictions = [u for u in audit_units if re.search(r"score|prediction|detection|decision|answer|conversation|output", u.text, re.I)]
        retention = self.quantities("retention")
        for row in sec.audit_trail:
            if row.event == "Predictions" and logs_predictions:
                row.logged, row.provenance = "Yes", self.ev(logs_predictions[0].id)  # type: ignore[assignment]
            r = self._retention(("score", "prediction", "decision", "audit", "log", "record", "detection", "conversation")) if row.event == "Predictions" else self._retention(("audit",))
            if r and row.retention is None:
                row.retention = f"{r.display()}"
                row.provenance = Provenance.of(*row.provenance.evidence, r.evidence_id)
        used = {row.retention for row in sec.audit_trail}
        for r in retention:
            if r.display() not in used and not any(w in r.subject.casefold() for w in ("train", "snapshot")):
                sec.audit_trail.append(AuditRow(event=r.subject, logged="Yes", retention=r.display(), provenance=self.ev(r.evidence_id)))  # type: ignore[arg-type]
                used.add(r.display())
        if not retention:
            self.ask(sec, "How long must predictions, decisions and audit logs be kept?", "Audit Trail")

    # ================================================================================================
    # 12. Responsible AI Operations
    # ================================================================================================

    def s12(self) -> None:
        sec = self.s.responsible_ai
        fairness_units = [u for u in self.req_units("fairness", top=1)]
        for unit in fairness_units:
            freq = re.search(r"\b(daily|weekly|monthly|quarterly|each major model version|at each major model version)\b", unit.text, re.I)
            sec.bias_detection.append(
                BiasCheckRow(check=unit.title or condense(unit.statement, 60), method=condense(unit.statement, 140),
                             frequency=freq.group(1).capitalize() if freq else None, provenance=self.ev(unit.id))
            )
        self.ask(sec, "Who owns each bias check?", "Bias Detection")
        rule = self.rules["explainability"]
        exp_units = [u for u in self.f.units if u.is_requirement and u.id in self.signal_units("explainability")]
        exp_units.sort(key=lambda u: -u.fields.get("explainability", 0))
        named, named_ev = self.tool("explainability")
        for model in self.f.models:
            if named:
                method, prov = named, self.ev(*named_ev, *[u.id for u in exp_units[:1]])
            else:
                choice = rule["by_framework"].get(model.framework or "") or rule["by_type"].get(model.type) or rule["default"]
                method = choice["method"]
                prov = self.rec("explainability", f"{model.framework or model.type}", *[u.id for u in exp_units[:2]], keywords=(method.split()[0],))
            output = condense(exp_units[0].statement, 140) if exp_units else (rule["by_framework"].get(model.framework or "") or rule["by_type"].get(model.type) or rule["default"])["output"]
            sec.explainability.append(ExplainabilityRow(model=model.name, method=method, output=output, provenance=prov))
        # Human oversight.
        oversight_units = [
            u for u in self.f.units
            if u.is_requirement and u.id in self.signal_units("human_review") and "human_oversight" in u.best_fields()[:2]
        ]
        oversight_units.sort(key=lambda u: -u.fields.get("human_oversight", 0))
        gov = self.risk_rules()
        level_name = gov.get("oversight")
        rows = []
        for unit in oversight_units[:6]:
            text = unit.text
            if re.search(r"appeal|override|challenge|contest", text, re.I):
                level = "Full review"
            elif re.search(r"every|all|each|never|no claim|not .* alone|confirmed by", text, re.I):
                level = "Human-in-the-loop"
            else:
                level = level_name or "Human review"
            rows.append(OversightRow(scenario=unit.title or condense(unit.statement, 60), oversight_level=level,
                                     implementation=condense(unit.statement, 160), provenance=self.ev(unit.id)))
        if rows:
            sec.human_oversight = rows
        elif self.risk:
            sec.human_oversight = [OversightRow(**r, provenance=self.rec("oversight", f"{self.risk} risk", *self.f.risk.evidence[:2], keywords=("human",)))
                                   for r in self.rules["oversight"][self.risk]]
        else:
            self.ask(sec, "Where in the process does a person review or override the model's output?", "Human Oversight")
        if self.risk == "High" and not any(r.oversight_level == "Human-in-the-loop" for r in sec.human_oversight):
            r = self.rules["oversight"]["High"][0]
            sec.human_oversight.insert(0, OversightRow(**r, provenance=self.rec("oversight", "High risk requires human-in-the-loop", *self.f.risk.evidence[:2])))

    # ================================================================================================
    # 13. UK Government AI Compliance
    # ================================================================================================

    def s13(self) -> None:
        sec = self.s.uk_compliance
        uk = self.f.applicability["uk"]
        mod = self.f.applicability["mod"]
        sec.applies, sec.applies_reason = uk.applies, uk.reason
        sec.jsp936_applies, sec.jsp936_reason = mod.applies, mod.reason
        if not uk.applies:
            sec.ai_playbook = []
            sec.dpia = []
            return
        playbook = self.rules["ai_playbook"]
        extra = {"documentation": "documentation", "security": "security"}
        rows = []
        for row in sec.ai_playbook:
            spec = playbook["principles"][row.principle]
            evidence: list[str] = []
            for sig in spec["signals"]:
                if sig in extra:
                    evidence += [u.id for u in self.req_units(extra[sig], top=1)]
                else:
                    evidence += [e for e in self.signal_units(sig) if self.f.unit(e) and self.f.unit(e).is_requirement]
            evidence = list(dict.fromkeys(evidence))[:3]
            row.implementation = spec["implementation"]
            row.status = "Partial" if evidence else None  # type: ignore[assignment]
            row.provenance = self.rec("ai_playbook", "planned in this strategy; status Partial where the requirements address it, to be evidenced in operation", *evidence, keywords=(f"{row.principle}.",))
            rows.append(row)
        sec.ai_playbook = rows
        self.ask(sec, "Has an AI Playbook assessment been carried out? Its scores would set the status of each principle.", "AI Playbook Principles")
        atrs = self.f.applicability["atrs"]
        rule = self.rules["atrs"]
        record = sec.atrs
        if atrs.applies or self.signal_units("atrs_published"):
            bc = self.s.overview.business_context
            if bc.system_name.value:
                record.tool_name.value, record.tool_name.provenance = bc.system_name.value, bc.system_name.provenance
            if bc.business_purpose.value:
                record.purpose.value, record.purpose.provenance = bc.business_purpose.value, bc.business_purpose.provenance
            published = [e for e in self.signal_units("atrs_published")]
            if published:
                stmt = condense(self.f.unit(published[0]).statement, 160) if self.f.unit(published[0]) else None  # type: ignore[union-attr]
                record.tier_1_summary.value, record.tier_1_summary.provenance = stmt or rule["tier_1"], self.ev(published[0])
                record.tier_2_record.value = rule["tier_2"]
                record.tier_2_record.provenance = self.rec("atrs", "both tiers are published together", published[0], keywords=("Tier 2",))
            else:
                record.tier_1_summary.value, record.tier_1_summary.provenance = rule["tier_1"], self.rec("atrs", "in scope", *atrs.evidence[:2], keywords=("Tier 1",))
                record.tier_2_record.value, record.tier_2_record.provenance = rule["tier_2"], self.rec("atrs", "in scope", *atrs.evidence[:2], keywords=("Tier 2",))
            self.ask(sec, "What is the ATRS record ID and its published location, once published?", "ATRS")
        if mod.applies:
            j = self.rules["jsp936"]
            sec.jsp936.ethical_principles.implementation = j["ethical_principles"]
            sec.jsp936.ethical_principles.provenance = self.rec("jsp936", None, *mod.evidence[:2], keywords=("ethical principles",))
            sec.jsp936.lifecycle_phase.implementation = j["lifecycle_phase"]
            sec.jsp936.lifecycle_phase.provenance = self.rec("jsp936", j["approval_note"], keywords=("lifecycle",))
            stated = None
            for unit in self.f.units:
                m = re.search(r"JSP 936[^.]{0,80}\b(Critical|Severe|Major|Moderate|Minor)\b|\b(Critical|Severe|Major|Moderate|Minor)\b[^.]{0,40}JSP 936", unit.text)
                if m:
                    stated = (m.group(1) or m.group(2), unit.id)
                    break
            if stated:
                sec.jsp936.risk_classification.level = stated[0]  # type: ignore[assignment]
                sec.jsp936.risk_classification.provenance = self.ev(stated[1])
                pathway = uk_guidance()["jsp936"]["levels"].get(stated[0])
                if pathway:
                    sec.jsp936.approval_pathway.pathway = pathway  # type: ignore[assignment]
                    sec.jsp936.approval_pathway.provenance = self.rec("jsp936", j["approval_note"], stated[1])
            else:
                self.ask(sec, "What is the JSP 936 risk level from the ethical risk assessment (Critical, Severe, Major, Moderate, Minor)? "
                         "It sets the approval pathway.", "JSP 936 Alignment")
        else:
            sec.jsp936_applies = False
        # DPIA.
        dpia_units = [e for e in self.signal_units("dpia") if self.f.unit(e)]
        pii = [s for s in self.f.data_sources if s.pii == "Yes"] or ([1] if self.signal_units("pii") else [])
        if dpia_units:
            for row in sec.dpia:
                row.provenance = self.ev(dpia_units[0])
        elif pii:
            for row in sec.dpia:
                row.provenance = self.rec("dpia", "personal data is processed", *self.signal_units("pii")[:2], keywords=("DPIA",))
            self.ask(sec, "Personal data is processed: has a DPIA been started, and who owns it?", "DPIA Integration")

    # ================================================================================================
    # 14. Costs and Resources
    # ================================================================================================

    def s14(self) -> None:
        sec = self.s.costs
        monthly = [q for q in self.quantities("cost") if "month" in q.unit]
        yearly = [q for q in self.quantities("cost") if "year" in q.unit]
        if monthly:
            sec.total_monthly_cost.value = f"{monthly[0].value} {monthly[0].unit} (ceiling)"
            sec.total_monthly_cost.provenance = self.ev(monthly[0].evidence_id)
        elif yearly:
            sec.total_monthly_cost.value = f"Annual budget {yearly[0].value} {yearly[0].unit}"
            sec.total_monthly_cost.provenance = self.ev(yearly[0].evidence_id)
        else:
            self.ask(sec, "What is the budget for running the service (monthly)?", "Infrastructure Costs")
        self.ask(sec, "What is the cost estimate per component (training, serving, storage, monitoring)?", "Infrastructure Costs")
        self.ask(sec, "How many FTE of each role does the team need?", "Team Structure")

    # ================================================================================================
    # 15. Requirements Traceability
    # ================================================================================================

    def s15(self) -> None:
        sec = self.s.traceability
        cited = cited_by_section(self.s)
        fields = {f["id"]: f for f in data.fields()}
        rows = []
        for unit in self.f.units:
            if not unit.is_requirement:
                continue
            sections = [n for n, ids in cited.items() if unit.id in ids["evidence"]]
            rec_sections = [n for n, ids in cited.items() if unit.id in ids["recommendation"]]
            if not (sections or rec_sections or is_ml_related(unit, self.f)):
                continue
            best = unit.best_field
            if sections:
                element = "; ".join(_section_label(n) for n in sections[:3])
                status = "✅"
            elif rec_sections:
                element = "; ".join(_section_label(n) for n in rec_sections[:3])
                status = "⚠️"
            elif best:
                element = fields[best]["element"]
                status = "⚠️"
            else:
                element = "Not mapped"
                status = "❌"
            rows.append(TraceRow(requirement_id=unit.id, requirement=unit.title or condense(unit.statement, 100),
                                 mlops_element=element, status=status, provenance=self.ev(unit.id)))  # type: ignore[arg-type]
        sec.rows = rows
        gaps = [r.requirement_id for r in rows if r.status and r.status.value != "✅"]
        if gaps:
            self.ask(sec, f"How will the strategy address these requirements that it does not yet cover in full: {', '.join(g for g in gaps if g)}?", "Traceability")
        if not rows:
            self.ask(sec, "No ML-related requirement IDs were found: which requirements does the ML system have to meet?", "Traceability")


def _eid(chunk_id: str) -> str:
    from assistant.drafting.offline.evidence import safe_evidence_id

    return safe_evidence_id(chunk_id)


def _section_label(number: int) -> str:
    from assistant.strategy import SECTIONS

    return f"§{number} {SECTIONS[number - 1].title}"


def cited_by_section(strategy: Strategy) -> dict[int, dict[str, set[str]]]:
    """Section number -> evidence IDs cited by evidence-based values, and by recommendations."""
    from assistant.strategy import SECTIONS
    from assistant.strategy.base import provenances

    result: dict[int, dict[str, set[str]]] = {}
    for info in SECTIONS:
        if info.number == 15:
            continue
        found = {"evidence": set(), "recommendation": set()}
        for provenance in provenances(getattr(strategy, info.field)):
            key = "recommendation" if provenance.basis == "recommendation" else "evidence"
            found[key].update(provenance.evidence)
        result[info.number] = found
    return result


BUILDERS: dict[int, Callable[[Builder], None]] = {
    1: Builder.s1, 2: Builder.s2, 3: Builder.s3, 4: Builder.s4, 5: Builder.s5, 6: Builder.s6, 7: Builder.s7,
    8: Builder.s8, 9: Builder.s9, 10: Builder.s10, 11: Builder.s11, 12: Builder.s12, 13: Builder.s13,
    14: Builder.s14, 15: Builder.s15,
}

"""The MLOps Strategy as data: the source of truth; Markdown is a rendering of it.

Mirrors the ArcKit MLOps template (github.com/tractorjuice/arc-kit, MIT licence): Document Control,
Revision History, sections 1-15, Approval, External References and the footer. Table rows are typed
(`Row` subclasses whose `COLUMNS` give header, field and placeholder in the template's order);
key/value tables are `Fact` fields whose `title` is the template's label. Every fact can carry
`Provenance`; every section carries its open questions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import Field, StringConstraints, field_validator, model_validator

from assistant.strategy.base import (
    CheckItem,
    EvidenceId,
    ExtraBlock,
    Fact,
    Item,
    Model,
    OpenQuestion,
    Provenance,
    Row,
    Section,
    Text,
    evidence_ids,
)
from assistant.strategy.enums import (
    Classification,
    ComplianceStatus,
    DocumentStatus,
    EnabledDisabled,
    Frequency,
    HPOMethod,
    JSP936ApprovalPathway,
    JSP936RiskLevel,
    LLMDeployment,
    LLMProvider,
    MaturityLevel,
    ModelType,
    ReviewCycle,
    RiskLevel,
    RolloutStrategy,
    ScalingMode,
    SourceType,
    TraceStatus,
    YesNo,
)

__all__ = [
    "SECTIONS", "SectionInfo", "DOCUMENT_TYPE", "TYPE_CODE", "Strategy", "Provenance", "Fact", "Row", "Item",
    "CheckItem", "OpenQuestion", "Section", "ExtraBlock", "Text", "EvidenceId",
]

DOCUMENT_TYPE = "MLOps Strategy"
TYPE_CODE = "MLOPS"
ProjectId = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]


def _fact(title: str, placeholder: str) -> Any:  # a pydantic FieldInfo standing in for the default, as `Field` itself is typed
    """A key/value attribute: `title` is the template's bold label, the placeholder what an empty one shows."""
    return Field(default_factory=Fact, title=title, json_schema_extra={"placeholder": placeholder})


# --------------------------------------------------------------------------------------------------
# Document Control, Revision History
# --------------------------------------------------------------------------------------------------


class DocumentControl(Model):
    """The 14 Document Control fields. Document ID and Document Type are derived, never stored."""

    project_id: ProjectId | None = None
    project_name: Text | None = None
    classification: Classification | None = None
    status: DocumentStatus = DocumentStatus.DRAFT
    version: Version = "1.0"
    created_date: dt.date | None = None
    last_modified: dt.date | None = None
    review_cycle: ReviewCycle | None = None
    next_review_date: dt.date | None = None
    owner: Text | None = None
    reviewed_by: Text = "PENDING"
    reviewed_on: dt.date | None = None
    approved_by: Text = "PENDING"
    approved_on: dt.date | None = None
    distribution: Text | None = None

    @property
    def document_id(self) -> str:
        """`ARC-{PID}-MLOPS-v{VERSION}`, with the template's placeholders for unknown parts."""
        return f"ARC-{self.project_id or '[PROJECT_ID]'}-{TYPE_CODE}-v{self.version}"

    @property
    def document_type(self) -> str:
        return DOCUMENT_TYPE


class RevisionRow(Row):
    version: Version | None = None
    date: dt.date | None = None
    author: Text | None = None
    changes: Text | None = None
    approved_by: Text = "PENDING"
    approval_date: dt.date | None = None
    COLUMNS: ClassVar = (
        ("Version", "version", "[VERSION]"),
        ("Date", "date", "[DATE]"),
        ("Author", "author", "[AUTHOR]"),
        ("Changes", "changes", "[CHANGES]"),
        ("Approved By", "approved_by", "PENDING"),
        ("Approval Date", "approval_date", "PENDING"),
    )


# --------------------------------------------------------------------------------------------------
# 1. ML System Overview
# --------------------------------------------------------------------------------------------------


class BusinessContext(Model):
    system_name: Fact[Text] = _fact("System Name", "[ML System Name]")
    business_purpose: Fact[Text] = _fact("Business Purpose", "[What business problem does ML solve?]")
    primary_use_cases: Fact[Text] = _fact("Primary Use Cases", "[List of ML use cases]")
    user_impact: Fact[Text] = _fact("User Impact", "[How does ML affect end users?]")


class MaturityRow(Row):
    level: MaturityLevel | None = None
    current: YesNo | None = None
    target: YesNo | None = None
    timeline: Text | None = None
    COLUMNS: ClassVar = (
        ("Level", "level", "[Level]"),
        ("Current", "current", "[Yes/No]"),
        ("Target", "target", "[Yes/No]"),
        ("Timeline", "timeline", "[Date]"),
    )


class StakeholderRow(Row):
    role: Text | None = None
    name: Text | None = None
    responsibility: Text | None = None
    COLUMNS: ClassVar = (
        ("Role", "role", "[Role]"),
        ("Name", "name", "[Name]"),
        ("Responsibility", "responsibility", "[Responsibility]"),
    )


class Overview(Section):
    business_context: BusinessContext = Field(default_factory=BusinessContext)
    maturity: list[MaturityRow] = Field(default_factory=list)
    stakeholders: list[StakeholderRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 2. Model Inventory
# --------------------------------------------------------------------------------------------------


class ModelRow(Row):
    model_id: Text | None = None  # ML-001 (MOD-001 and other styles are accepted; `validate` flags them)
    name: Text | None = None
    type: ModelType | None = None
    framework: Text | None = None
    purpose: Text | None = None
    risk_level: RiskLevel | None = None
    owner: Text | None = None
    COLUMNS: ClassVar = (
        ("Model ID", "model_id", "[ML-001]"),
        ("Model Name", "name", "[Name]"),
        ("Type", "type", "[Classification/Regression/NLP/GenAI]"),
        ("Framework", "framework", "[PyTorch/TensorFlow/sklearn]"),
        ("Purpose", "purpose", "[Purpose]"),
        ("Risk Level", "risk_level", "[Low/Medium/High/Very High]"),
        ("Owner", "owner", "[Name]"),
    )


class RiskClassificationRow(Row):
    risk_level: RiskLevel | None = None
    criteria: Text | None = None
    governance: Text | None = None
    COLUMNS: ClassVar = (
        ("Risk Level", "risk_level", "[Low/Medium/High/Very High]"),
        ("Criteria", "criteria", "[Criteria]"),
        ("Governance", "governance", "[Governance]"),
    )


class ModelInventory(Section):
    models: list[ModelRow] = Field(default_factory=list)
    risk_classification: list[RiskClassificationRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 3. Data Pipeline
# --------------------------------------------------------------------------------------------------


class DataSourceRow(Row):
    source: Text | None = None
    type: SourceType | None = None
    # A cadence the classes cannot say ("every 15 minutes; forecasts hourly") is kept in the source's words.
    # Left to right: a class written loosely ("daily") still reads as the class.
    update_frequency: Annotated[Frequency | Text, Field(union_mode="left_to_right")] | None = None
    volume: Text | None = None
    pii: YesNo | None = None
    owner: Text | None = None
    COLUMNS: ClassVar = (
        ("Source", "source", "[Source]"),
        ("Type", "type", "[Database/API/File]"),
        ("Update Frequency", "update_frequency", "[Real-time/Daily/Weekly]"),
        ("Volume", "volume", "[Size]"),
        ("PII", "pii", "[Yes/No]"),
        ("Owner", "owner", "[Name]"),
    )


class FeatureGroupRow(Row):
    feature_group: Text | None = None
    features: Text | None = None
    transformation: Text | None = None
    refresh: Text | None = None
    COLUMNS: ClassVar = (
        ("Feature Group", "feature_group", "[Group Name]"),
        ("Features", "features", "[List of features]"),
        ("Transformation", "transformation", "[Standardization/Encoding/etc.]"),
        ("Refresh", "refresh", "[Frequency]"),
    )


class FeatureStore(Model):
    platform: Fact[Text] = _fact("Platform", "[Feast / SageMaker Feature Store / Vertex AI Feature Store / Custom]")
    online_store: Fact[YesNo] = _fact("Online Store", "[Yes/No] - for real-time serving")
    offline_store: Fact[YesNo] = _fact("Offline Store", "[Yes/No] - for training")
    versioning: Fact[EnabledDisabled] = _fact("Versioning", "[Enabled/Disabled]")


class CheckRow(Row):
    check: Text | None = None
    threshold: Text | None = None
    action: Text | None = None
    COLUMNS: ClassVar = (
        ("Check", "check", "[Check]"),
        ("Threshold", "threshold", "[Threshold]"),
        ("Action", "action", "[Action]"),
    )


class DataVersioning(Model):
    strategy: Fact[Text] = _fact("Strategy", "[DVC / Delta Lake / Git LFS / Custom]")
    storage: Fact[Text] = _fact("Storage", "[S3/GCS/Azure Blob]")
    retention: Fact[Text] = _fact("Retention", "[X months]")


class DataPipeline(Section):
    training_sources: list[DataSourceRow] = Field(default_factory=list)
    feature_engineering: list[FeatureGroupRow] = Field(default_factory=list)
    feature_store: FeatureStore = Field(default_factory=FeatureStore)
    data_quality_checks: list[CheckRow] = Field(default_factory=list)
    data_versioning: DataVersioning = Field(default_factory=DataVersioning)


# --------------------------------------------------------------------------------------------------
# 4. Training Pipeline
# --------------------------------------------------------------------------------------------------


class InfrastructureRow(Row):
    component: Text | None = None
    technology: Text | None = None
    specification: Text | None = None
    COLUMNS: ClassVar = (
        ("Component", "component", "[Component]"),
        ("Technology", "technology", "[Technology]"),
        ("Specification", "specification", "[Specification]"),
    )


class ExperimentTracking(Model):
    platform: Fact[Text] = _fact("Platform", "[MLflow / Weights & Biases / SageMaker Experiments / Vertex AI]")
    tracked_artifacts: Fact[Text] = _fact("Tracked Artifacts", "[Parameters, Metrics, Models, Code]")
    comparison: Fact[Text] = _fact("Comparison", "[Dashboard URL]")


class HyperparameterOptimization(Model):
    method: Fact[HPOMethod] = _fact("Method", "[Grid Search / Random Search / Bayesian / Hyperband]")
    platform: Fact[Text] = _fact("Platform", "[Optuna / Ray Tune / SageMaker HPO / Manual]")
    budget: Fact[Text] = _fact("Budget", "[Max trials / Max time]")


class TriggerRow(Row):
    trigger: Text | None = None
    condition: Text | None = None
    action: Text | None = None
    COLUMNS: ClassVar = (
        ("Trigger", "trigger", "[Trigger]"),
        ("Condition", "condition", "[Condition]"),
        ("Action", "action", "[Action]"),
    )


class TrainingPipeline(Section):
    infrastructure: list[InfrastructureRow] = Field(default_factory=list)
    experiment_tracking: ExperimentTracking = Field(default_factory=ExperimentTracking)
    hyperparameter_optimization: HyperparameterOptimization = Field(default_factory=HyperparameterOptimization)
    training_triggers: list[TriggerRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 5. Model Registry
# --------------------------------------------------------------------------------------------------


class RegistryConfiguration(Model):
    platform: Fact[Text] = _fact("Platform", "[MLflow Registry / SageMaker Registry / Vertex AI / Custom]")
    versioning: Fact[Text] = _fact("Versioning", "[Semantic versioning (MAJOR.MINOR.PATCH)]")
    storage: Fact[Text] = _fact("Storage", "[S3/GCS/Azure Blob]")


class StageRow(Row):
    stage: Text | None = None
    criteria: Text | None = None
    approval: Text | None = None
    COLUMNS: ClassVar = (
        ("Stage", "stage", "[Stage]"),
        ("Criteria", "criteria", "[Criteria]"),
        ("Approval", "approval", "[Approver]"),
    )


class ApprovalStepRow(Row):
    step: Text | None = None
    actor: Text | None = None
    checks: Text | None = None
    COLUMNS: ClassVar = (
        ("Step", "step", "[Step]"),
        ("Actor", "actor", "[Actor]"),
        ("Checks", "checks", "[Checks]"),
    )


class ModelRegistry(Section):
    registry_configuration: RegistryConfiguration = Field(default_factory=RegistryConfiguration)
    model_metadata: list[Item] = Field(default_factory=list)
    promotion_stages: list[StageRow] = Field(default_factory=list)
    approval_workflow: list[ApprovalStepRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 6. Serving Infrastructure
# --------------------------------------------------------------------------------------------------


class DeploymentPatternRow(Row):
    pattern: Text | None = None
    use_case: Text | None = None
    latency: Text | None = None
    models: Text | None = None
    COLUMNS: ClassVar = (
        ("Pattern", "pattern", "[Pattern]"),
        ("Use Case", "use_case", "[Use case]"),
        ("Latency", "latency", "[Latency]"),
        ("Models", "models", "[List]"),
    )


class ServingPlatformRow(Row):
    model: Text | None = None
    platform: Text | None = None
    endpoint: Text | None = None
    scaling: ScalingMode | None = None
    COLUMNS: ClassVar = (
        ("Model", "model", "[Model 1]"),
        ("Platform", "platform", "[SageMaker Endpoint / KServe / Custom]"),
        ("Endpoint", "endpoint", "[URL]"),
        ("Scaling", "scaling", "[Auto/Manual]"),
    )


class TargetRow(Row):
    metric: Text | None = None
    target: Text | None = None
    current: Text | None = None
    COLUMNS: ClassVar = (
        ("Metric", "metric", "[Metric]"),
        ("Target", "target", "[< X ms]"),
        ("Current", "current", "[TBD]"),
    )


class Rollout(Model):
    strategy: Fact[RolloutStrategy] = _fact("Strategy", "[A/B Testing / Canary / Shadow]")
    traffic_split: Fact[Text] = _fact("Traffic Split", "[e.g., 90/10 for canary]")
    success_metrics: Fact[Text] = _fact("Success Metrics", "[Accuracy, latency, business metric]")
    rollback_criteria: Fact[Text] = _fact("Rollback Criteria", "[Metric threshold]")


class Serving(Section):
    deployment_patterns: list[DeploymentPatternRow] = Field(default_factory=list)
    serving_platforms: list[ServingPlatformRow] = Field(default_factory=list)
    performance_requirements: list[TargetRow] = Field(default_factory=list)
    rollout: Rollout = Field(default_factory=Rollout)


# --------------------------------------------------------------------------------------------------
# 7. Model Monitoring
# --------------------------------------------------------------------------------------------------


class DriftRow(Row):
    feature_group: Text | None = None
    method: Text | None = None
    threshold: Text | None = None
    action: Text | None = None
    COLUMNS: ClassVar = (
        ("Feature Group", "feature_group", "[Numeric features]"),
        ("Method", "method", "[PSI / KS Test]"),
        ("Threshold", "threshold", "[PSI > 0.2]"),
        ("Action", "action", "[Alert]"),
    )


class PerformanceMetricRow(Row):
    metric: Text | None = None
    baseline: Text | None = None
    warning: Text | None = None
    critical: Text | None = None
    window: Text | None = None
    COLUMNS: ClassVar = (
        ("Metric", "metric", "[Metric]"),
        ("Baseline", "baseline", "[X%]"),
        ("Warning", "warning", "[< X-2%]"),
        ("Critical", "critical", "[< X-5%]"),
        ("Window", "window", "[Window]"),
    )


class FairnessRow(Row):
    protected_group: Text | None = None
    metric: Text | None = None
    threshold: Text | None = None
    frequency: Text | None = None
    COLUMNS: ClassVar = (
        ("Protected Group", "protected_group", "[e.g., Age groups]"),
        ("Metric", "metric", "[Demographic parity]"),
        ("Threshold", "threshold", "[< 0.1 difference]"),
        ("Frequency", "frequency", "[Daily]"),
    )


class PredictionMonitorRow(Row):
    metric: Text | None = None
    description: Text | None = None
    alert: Text | None = None
    COLUMNS: ClassVar = (
        ("Metric", "metric", "[Metric]"),
        ("Description", "description", "[Description]"),
        ("Alert", "alert", "[> X%]"),
    )


class DashboardRow(Row):
    dashboard: Text | None = None
    purpose: Text | None = None
    url: Text | None = None
    audience: Text | None = None
    COLUMNS: ClassVar = (
        ("Dashboard", "dashboard", "[Dashboard]"),
        ("Purpose", "purpose", "[Purpose]"),
        ("URL", "url", "[URL]"),
        ("Audience", "audience", "[Audience]"),
    )


class Monitoring(Section):
    data_drift: list[DriftRow] = Field(default_factory=list)
    performance_metrics: list[PerformanceMetricRow] = Field(default_factory=list)
    fairness: list[FairnessRow] = Field(default_factory=list)
    prediction_monitoring: list[PredictionMonitorRow] = Field(default_factory=list)
    dashboards: list[DashboardRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 8. Retraining Strategy
# --------------------------------------------------------------------------------------------------


class RetrainingTriggerRow(Row):
    trigger: Text | None = None
    condition: Text | None = None
    action: Text | None = None
    approval: Text | None = None
    COLUMNS: ClassVar = (
        ("Trigger", "trigger", "[Trigger]"),
        ("Condition", "condition", "[Condition]"),
        ("Action", "action", "[Action]"),
        ("Approval", "approval", "[Approver]"),
    )


class ChampionChallenger(Model):
    """Data behind the champion-challenger chart: the actual versions and the traffic split."""

    champion: Text | None = None  # e.g. "Fraud Triage v1.2"
    challenger: Text | None = None
    challenger_traffic_pct: int | None = Field(default=None, ge=0, le=100)
    provenance: Provenance = Field(default_factory=Provenance)

    @field_validator("champion", "challenger")
    @classmethod
    def _mermaid_safe(cls, value: str | None) -> str | None:
        if value is not None and re.search(r'["\[\]{}|]', value):
            raise ValueError('a model label cannot contain quotes, brackets, braces or "|"')
        return value


class RollbackStep(Row):
    step: Text
    description: Text | None = None
    COLUMNS: ClassVar = (("Step", "step", "[Step]"), ("Description", "description", "[Description]"))

    @field_validator("step")
    @classmethod
    def _no_colon_stars(cls, value: str) -> str:
        if "**" in value:
            raise ValueError("a rollback step name cannot contain '**'")
        return value


class Retraining(Section):
    triggers: list[RetrainingTriggerRow] = Field(default_factory=list)
    champion_challenger: ChampionChallenger = Field(default_factory=ChampionChallenger)
    rollback_procedure: list[RollbackStep] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 9. LLM/GenAI Operations
# --------------------------------------------------------------------------------------------------


class LLMConfiguration(Model):
    model_provider: Fact[LLMProvider] = _fact("Model Provider", "[OpenAI / Anthropic / Azure OpenAI / Bedrock / Self-hosted]")
    model: Fact[Text] = _fact("Model", "[GPT-4 / Claude / Llama / etc.]")
    deployment: Fact[LLMDeployment] = _fact("Deployment", "[API / Self-hosted]")
    fine_tuned: Fact[YesNo] = _fact("Fine-tuned", "[Yes/No]")


class PromptManagement(Model):
    versioning: Fact[Text] = _fact("Versioning", "[Git / Prompt management tool]")
    testing: Fact[Text] = _fact("Testing", "[Automated prompt evaluation]")
    ab_testing: Fact[YesNo] = _fact("A/B Testing", "[Yes/No]")


class ControlRow(Row):
    control: Text | None = None
    implementation: Text | None = None
    monitoring: Text | None = None
    COLUMNS: ClassVar = (
        ("Control", "control", "[Control]"),
        ("Implementation", "implementation", "[Implementation]"),
        ("Monitoring", "monitoring", "[Monitoring]"),
    )


class RagComponentRow(Row):
    component: Text | None = None
    technology: Text | None = None
    refresh: Text | None = None
    COLUMNS: ClassVar = (
        ("Component", "component", "[Component]"),
        ("Technology", "technology", "[Technology]"),
        ("Refresh", "refresh", "[Real-time / Daily]"),
    )


class LLMCostRow(Row):
    metric: Text | None = None
    current: Text | None = None
    target: Text | None = None
    strategy: Text | None = None
    COLUMNS: ClassVar = (
        ("Metric", "metric", "[Metric]"),
        ("Current", "current", "[X]"),
        ("Target", "target", "[Y]"),
        ("Strategy", "strategy", "[Caching, prompt optimization]"),
    )


class GenAI(Section):
    """Section 9: applies only when the system uses LLMs or generative AI (decided as data)."""

    applies: bool | None = None
    applies_reason: Text | None = None
    llm_configuration: LLMConfiguration = Field(default_factory=LLMConfiguration)
    prompt_management: PromptManagement = Field(default_factory=PromptManagement)
    guardrails: list[ControlRow] = Field(default_factory=list)
    rag_applies: bool | None = None
    rag_pipeline: list[RagComponentRow] = Field(default_factory=list)
    cost_optimization: list[LLMCostRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 10. CI/CD for ML
# --------------------------------------------------------------------------------------------------


class SourceControlRow(Row):
    artifact: Text | None = None
    repository: Text | None = None
    branch_strategy: Text | None = None
    COLUMNS: ClassVar = (
        ("Artifact", "artifact", "[Artifact]"),
        ("Repository", "repository", "[Repo URL]"),
        ("Branch Strategy", "branch_strategy", "[Branch strategy]"),
    )


class TestRow(Row):
    __test__ = False  # not a pytest test class
    test_type: Text | None = None
    what: Text | None = None
    when: Text | None = None
    tool: Text | None = None
    COLUMNS: ClassVar = (
        ("Test Type", "test_type", "[Test type]"),
        ("What", "what", "[What]"),
        ("When", "when", "[When]"),
        ("Tool", "tool", "[Tool]"),
    )


class ContinuousTrainingRow(Row):
    trigger: Text | None = None
    pipeline: Text | None = None
    duration: Text | None = None
    output: Text | None = None
    COLUMNS: ClassVar = (
        ("Trigger", "trigger", "[Trigger]"),
        ("Pipeline", "pipeline", "[Pipeline]"),
        ("Duration", "duration", "[X hours]"),
        ("Output", "output", "[Output]"),
    )


class CICD(Section):
    source_control: list[SourceControlRow] = Field(default_factory=list)
    automated_testing: list[TestRow] = Field(default_factory=list)
    continuous_training: list[ContinuousTrainingRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 11. Model Governance
# --------------------------------------------------------------------------------------------------


class MetricValueRow(Row):
    metric: Text | None = None
    value: Text | None = None
    COLUMNS: ClassVar = (("Metric", "metric", "[Metric]"), ("Value", "value", "[X%]"))


# The model card's own headings, in the template's order (its code block; authors often write it out unfenced).
MODEL_CARD_PARTS = ("Model Details", "Intended Use", "Training Data", "Performance", "Limitations",
                    "Ethical Considerations")


class ModelCard(Model):
    """The model card block (kept in a ```markdown fence as the template does)."""

    model_name: Text | None = None
    developer: Fact[Text] = _fact("Developer", "[Team]")
    version: Fact[Text] = _fact("Version", "[X.Y.Z]")
    type: Fact[Text] = _fact("Type", "[Classification/Regression/etc.]")
    framework: Fact[Text] = _fact("Framework", "[PyTorch/TensorFlow/etc.]")
    primary_use: Fact[Text] = _fact("Primary", "[Intended use case]")
    out_of_scope: Fact[Text] = _fact("Out-of-scope", "[What NOT to use for]")
    dataset: Fact[Text] = _fact("Dataset", "[Description]")
    size: Fact[Text] = _fact("Size", "[N records]")
    date_range: Fact[Text] = _fact("Date range", "[From-To]")
    performance: list[MetricValueRow] = Field(default_factory=list)
    limitations: list[Item] = Field(default_factory=list)
    ethical_considerations: list[Item] = Field(default_factory=list)

    @field_validator("model_name")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and "`" in value:
            raise ValueError("a model name cannot contain backticks")
        return value


class AuditRow(Row):
    event: Text | None = None
    logged: YesNo | None = None
    retention: Text | None = None
    COLUMNS: ClassVar = (
        ("Event", "event", "[Event]"),
        ("Logged", "logged", "[Yes/No]"),
        ("Retention", "retention", "[X years]"),
    )


class RetirementRow(Row):
    stage: Text | None = None
    action: Text | None = None
    approval: Text | None = None
    COLUMNS: ClassVar = (
        ("Stage", "stage", "[Stage]"),
        ("Action", "action", "[Action]"),
        ("Approval", "approval", "[Approver]"),
    )


class Governance(Section):
    documentation_requirements: list[CheckItem] = Field(default_factory=list)
    model_card: ModelCard = Field(default_factory=ModelCard)
    audit_trail: list[AuditRow] = Field(default_factory=list)
    model_retirement: list[RetirementRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 12. Responsible AI Operations
# --------------------------------------------------------------------------------------------------


class BiasCheckRow(Row):
    check: Text | None = None
    method: Text | None = None
    frequency: Text | None = None
    owner: Text | None = None
    COLUMNS: ClassVar = (
        ("Check", "check", "[Check]"),
        ("Method", "method", "[Method]"),
        ("Frequency", "frequency", "[Frequency]"),
        ("Owner", "owner", "[Owner]"),
    )


class ExplainabilityRow(Row):
    model: Text | None = None
    method: Text | None = None
    output: Text | None = None
    COLUMNS: ClassVar = (
        ("Model", "model", "[Model 1]"),
        ("Method", "method", "[SHAP / LIME / Attention]"),
        ("Output", "output", "[Feature importance / Explanations]"),
    )


class OversightRow(Row):
    scenario: Text | None = None
    oversight_level: Text | None = None
    implementation: Text | None = None
    COLUMNS: ClassVar = (
        ("Scenario", "scenario", "[Scenario]"),
        ("Oversight Level", "oversight_level", "[Oversight level]"),
        ("Implementation", "implementation", "[Implementation]"),
    )


class ResponsibleAI(Section):
    bias_detection: list[BiasCheckRow] = Field(default_factory=list)
    explainability: list[ExplainabilityRow] = Field(default_factory=list)
    human_oversight: list[OversightRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 13. UK Government AI Compliance
# --------------------------------------------------------------------------------------------------


class PrincipleRow(Row):
    """One AI Playbook principle (1-10); its wording comes from data/ai_playbook_principles.yaml."""

    principle: int | None = Field(default=None, ge=1, le=10)
    implementation: Text | None = None
    status: ComplianceStatus | None = None
    COLUMNS: ClassVar = (
        ("Principle", "principle", "[Principle]"),
        ("Implementation", "implementation", "[How implemented]"),
        ("Status", "status", "[Met/Partial/Not Met]"),
    )


class ATRSRecord(Model):
    """ATRS: Tier 1 is the summary for the public, Tier 2 the detailed record for specialists; both published."""

    record_id: Fact[Text] = _fact("ATRS Record ID", "[ID if published]")
    tool_name: Fact[Text] = _fact("Algorithmic Tool Name", "[Name]")
    purpose: Fact[Text] = _fact("Purpose", "[Brief description]")
    tier_1_summary: Fact[Text] = _fact("Tier 1 (summary information, for the public)", "[Status / location of the Tier 1 summary]")
    tier_2_record: Fact[Text] = _fact("Tier 2 (detailed record, for specialists)", "[Status / location of the Tier 2 record]")
    transparency_url: Fact[Text] = _fact("Transparency URL", "[Published location]")


class JSP936Element(Row):
    implementation: Text | None = None
    evidence_document: Text | None = None
    COLUMNS: ClassVar = (("Implementation", "implementation", "[How addressed]"), ("Evidence", "evidence_document", "[Document]"))


class JSP936Risk(Row):
    level: JSP936RiskLevel | None = None
    evidence_document: Text | None = None
    COLUMNS: ClassVar = (
        ("Implementation", "level", "[Critical / Severe / Major / Moderate / Minor]"),
        ("Evidence", "evidence_document", "[Assessment]"),
    )


class JSP936Approval(Row):
    pathway: JSP936ApprovalPathway | None = None
    evidence_document: Text | None = None
    COLUMNS: ClassVar = (
        ("Implementation", "pathway", "[Ministerial / 2PUS / Defence (JROC/IAC) / TLB]"),
        ("Evidence", "evidence_document", "[Approval record]"),
    )


class JSP936Alignment(Model):
    """JSP 936 (MOD only). Risk levels and pathways are ArcKit's named banding, unverified against JSP 936."""

    ethical_principles: JSP936Element = Field(default_factory=JSP936Element)
    risk_classification: JSP936Risk = Field(default_factory=JSP936Risk)
    lifecycle_phase: JSP936Element = Field(default_factory=JSP936Element)
    approval_pathway: JSP936Approval = Field(default_factory=JSP936Approval)


class DPIARow(Row):
    dpia_element: Text | None = None
    mlops_link: Text | None = None
    COLUMNS: ClassVar = (
        ("DPIA Element", "dpia_element", "[DPIA element]"),
        ("MLOps Link", "mlops_link", "[MLOps link]"),
    )


class UKCompliance(Section):
    """Section 13: applies to UK public-sector systems; its JSP 936 table only to MOD (decided as data)."""

    applies: bool | None = None
    applies_reason: Text | None = None
    ai_playbook: list[PrincipleRow] = Field(default_factory=list)
    atrs: ATRSRecord = Field(default_factory=ATRSRecord)
    jsp936_applies: bool | None = None
    jsp936_reason: Text | None = None
    jsp936: JSP936Alignment = Field(default_factory=JSP936Alignment)
    dpia: list[DPIARow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 14. Costs and Resources
# --------------------------------------------------------------------------------------------------


class CostRow(Row):
    component: Text | None = None
    monthly_cost: Text | None = None
    scaling: Text | None = None
    COLUMNS: ClassVar = (
        ("Component", "component", "[Component]"),
        ("Monthly Cost", "monthly_cost", "[£X]"),
        ("Scaling", "scaling", "[Scaling]"),
    )

    @field_validator("component")
    @classmethod
    def _not_total(cls, value: str | None) -> str | None:
        if value is not None and value.strip("* ").casefold() == "total":
            raise ValueError("the total is `Costs.total_monthly_cost`, not a component row")
        return value


class TeamRow(Row):
    role: Text | None = None
    fte: float | None = Field(default=None, ge=0, le=10000)
    skills: Text | None = None
    COLUMNS: ClassVar = (("Role", "role", "[Role]"), ("FTE", "fte", "[X]"), ("Skills", "skills", "[Skills]"))


class Costs(Section):
    infrastructure_costs: list[CostRow] = Field(default_factory=list)
    total_monthly_cost: Fact[Text] = _fact("Total", "[£X]")
    team_structure: list[TeamRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# 15. Requirements Traceability
# --------------------------------------------------------------------------------------------------


class TraceRow(Row):
    requirement_id: Text | None = None
    requirement: Text | None = None
    mlops_element: Text | None = None
    status: TraceStatus | None = None
    COLUMNS: ClassVar = (
        ("Requirement ID", "requirement_id", "[FR-ML-001]"),
        ("Requirement", "requirement", "[Requirement]"),
        ("MLOps Element", "mlops_element", "[MLOps element]"),
        ("Status", "status", "[✅/⚠️/❌]"),
    )


class Traceability(Section):
    rows: list[TraceRow] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# Approval, External References, footer
# --------------------------------------------------------------------------------------------------


class ApprovalRow(Row):
    role: Text | None = None
    name: Text | None = None
    signature: Text | None = None
    date: dt.date | None = None
    COLUMNS: ClassVar = (("Role", "role", ""), ("Name", "name", ""), ("Signature", "signature", ""), ("Date", "date", ""))


class DocumentRef(Row):
    """A Document Register row: a source document the strategy drew on."""

    doc_id: Text | None = None
    filename: Text | None = None
    type: Text | None = None
    source_location: Text | None = None
    description: Text | None = None
    COLUMNS: ClassVar = (
        ("Doc ID", "doc_id", "[DOC-001]"),
        ("Filename", "filename", "[Filename]"),
        ("Type", "type", "[Type]"),
        ("Source Location", "source_location", "[Path]"),
        ("Description", "description", "[Description]"),
    )


class Citation(Row):
    """One citation: what an inline marker like `[REQ-C3]` resolves to.

    `evidence_id` is the ID the strategy's provenance uses for this source (a chunk ID or requirement ID);
    when it is the citation ID itself the marker resolves to this row directly.
    """

    citation_id: EvidenceId
    doc_id: Text | None = None
    page_section: Text | None = None
    category: Text | None = None
    quoted_passage: Text | None = None
    evidence_id: EvidenceId | None = None
    COLUMNS: ClassVar = (
        ("Citation ID", "citation_id", "[REQ-C1]"),
        ("Doc ID", "doc_id", "[DOC-001]"),
        ("Page/Section", "page_section", "[Page/Section]"),
        ("Category", "category", "[Category]"),
        ("Quoted Passage", "quoted_passage", "[Quoted passage]"),
    )

    @model_validator(mode="after")
    def _default_evidence_id(self) -> Citation:
        if self.evidence_id is None:
            self.__dict__["evidence_id"] = self.citation_id
        return self


class UnreferencedDocument(Row):
    filename: Text | None = None
    source_location: Text | None = None
    reason: Text | None = None
    COLUMNS: ClassVar = (
        ("Filename", "filename", "[Filename]"),
        ("Source Location", "source_location", "[Path]"),
        ("Reason", "reason", "[Why not cited]"),
    )


class ExternalReferences(Model):
    documents: list[DocumentRef] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    unreferenced: list[UnreferencedDocument] = Field(default_factory=list)

    @field_validator("citations")
    @classmethod
    def _unique_ids(cls, citations: list[Citation]) -> list[Citation]:
        seen: set[str] = set()
        for c in citations:
            if c.citation_id in seen:
                raise ValueError(f"citation ID {c.citation_id} is used twice")
            seen.add(c.citation_id)
        return citations

    def marker_for(self, evidence_id: str) -> str:
        """The citation ID an evidence ID renders as (itself when no citation maps it)."""
        for citation in self.citations:
            if citation.evidence_id == evidence_id:
                return citation.citation_id
        return evidence_id

    def add_citation(
        self,
        evidence_id: str,
        filename: str,
        *,
        doc_id: str | None = None,
        page_section: str | None = None,
        category: str | None = None,
        quoted_passage: str | None = None,
    ) -> Citation:
        """Register (or return the existing) citation for a source; its ID is ArcKit-style `INITIALS-Cn`."""
        for citation in self.citations:
            if citation.evidence_id == evidence_id:
                return citation
        prefix = citation_prefix(filename)
        used = sum(1 for c in self.citations if c.citation_id.startswith(prefix + "-C"))
        citation = Citation(
            citation_id=f"{prefix}-C{used + 1}",
            doc_id=doc_id,
            page_section=page_section,
            category=category,
            quoted_passage=quoted_passage,
            evidence_id=evidence_id,
        )
        self.citations.append(citation)
        return citation


def citation_prefix(filename: str) -> str:
    """ArcKit's citation prefix: the initials of the source file name (`benefits-fraud-requirements.md` -> BFR)."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", filename.rsplit("/", 1)[-1])
    words = [w for w in re.split(r"[^A-Za-z0-9]+", stem) if w]
    initials = "".join(w[0] for w in words if not w.isdigit()).upper()
    return initials or "DOC"


class Footer(Model):
    generated_by: Text | None = None
    generated_on: dt.date | None = None
    arckit_version: Text | None = None
    project: Text | None = None
    model: Text | None = None  # the AI model that drafted it (e.g. "offline"), not an ML model


# --------------------------------------------------------------------------------------------------
# The strategy
# --------------------------------------------------------------------------------------------------


class SectionInfo(NamedTuple):
    number: int
    field: str
    title: str


SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo(1, "overview", "ML System Overview"),
    SectionInfo(2, "model_inventory", "Model Inventory"),
    SectionInfo(3, "data_pipeline", "Data Pipeline"),
    SectionInfo(4, "training_pipeline", "Training Pipeline"),
    SectionInfo(5, "model_registry", "Model Registry"),
    SectionInfo(6, "serving", "Serving Infrastructure"),
    SectionInfo(7, "monitoring", "Model Monitoring"),
    SectionInfo(8, "retraining", "Retraining Strategy"),
    SectionInfo(9, "genai", "LLM/GenAI Operations"),
    SectionInfo(10, "cicd", "CI/CD for ML"),
    SectionInfo(11, "governance", "Model Governance"),
    SectionInfo(12, "responsible_ai", "Responsible AI Operations"),
    SectionInfo(13, "uk_compliance", "UK Government AI Compliance"),
    SectionInfo(14, "costs", "Costs and Resources"),
    SectionInfo(15, "traceability", "Requirements Traceability"),
)


class Strategy(Model):
    """A whole MLOps Strategy. `Strategy.new(...)` gives a fresh DRAFT with the template's default rows."""

    schema_version: str = "1"
    document_control: DocumentControl = Field(default_factory=DocumentControl)
    revision_history: list[RevisionRow] = Field(default_factory=list)
    overview: Overview = Field(default_factory=Overview)
    model_inventory: ModelInventory = Field(default_factory=ModelInventory)
    data_pipeline: DataPipeline = Field(default_factory=DataPipeline)
    training_pipeline: TrainingPipeline = Field(default_factory=TrainingPipeline)
    model_registry: ModelRegistry = Field(default_factory=ModelRegistry)
    serving: Serving = Field(default_factory=Serving)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    retraining: Retraining = Field(default_factory=Retraining)
    genai: GenAI = Field(default_factory=GenAI)
    cicd: CICD = Field(default_factory=CICD)
    governance: Governance = Field(default_factory=Governance)
    responsible_ai: ResponsibleAI = Field(default_factory=ResponsibleAI)
    uk_compliance: UKCompliance = Field(default_factory=UKCompliance)
    costs: Costs = Field(default_factory=Costs)
    traceability: Traceability = Field(default_factory=Traceability)
    approval: list[ApprovalRow] = Field(default_factory=list)
    external_references: ExternalReferences = Field(default_factory=ExternalReferences)
    footer: Footer = Field(default_factory=Footer)
    extra_content: list[ExtraBlock] = Field(default_factory=list)

    @classmethod
    def new(
        cls,
        project_id: str,
        name: str,
        classification: Classification | str = Classification.OFFICIAL,
        *,
        today: dt.date | None = None,
        review_cycle: ReviewCycle | str = ReviewCycle.QUARTERLY,
    ) -> Strategy:
        """A fresh v1.0 DRAFT with the template's default rows; sign-off PENDING; next review one cycle on."""
        from assistant.strategy.defaults import new_strategy  # lazy: cycle, defaults builds on this schema

        return new_strategy(project_id, name, Classification(classification), today=today,
                            review_cycle=ReviewCycle(review_cycle))

    def section(self, number: int) -> Section:
        """Section `number` (1-15)."""
        for info in SECTIONS:
            if info.number == number:
                return getattr(self, info.field)
        raise KeyError(f"no section {number}: sections are numbered 1-15")

    @property
    def document_id(self) -> str:
        return self.document_control.document_id

    @property
    def filename(self) -> str:
        """The ArcKit file name, e.g. `ARC-001-MLOPS-v1.0.md`."""
        return f"{self.document_id}.md"

    def all_evidence_ids(self) -> list[str]:
        """Every evidence ID cited anywhere in the strategy, in document order, without repeats."""
        return evidence_ids(self)


def section_info(number_or_field: int | str) -> SectionInfo:
    for info in SECTIONS:
        if number_or_field in (info.number, info.field):
            return info
    raise KeyError(f"unknown section {number_or_field!r}")

"""Where each piece of the schema sits in the ArcKit MLOps Markdown: one layout read by render and parse.

Each numbered section is a sequence of blocks; a block with a heading starts a `###` sub-section, one
without continues the previous heading (or sits directly under the `##` section heading).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal[
    "table",  # a list of Row; columns from the row class
    "attrs",  # a model of Fact fields, rendered as an Attribute | Value table
    "bullets",  # a list of Item
    "checklist",  # a list of CheckItem
    "numbered",  # the rollback procedure
    "mermaid",  # a chart: static (from the template) or built from the data
    "champion",  # the champion-challenger chart (its labels are data)
    "model_card",  # the fenced model card
    "principles",  # AI Playbook principles table
    "jsp936",  # JSP 936 alignment table (MOD only)
    "costs",  # infrastructure costs with the total row
    "applies",  # the "Applies" line of sections 9 and 13 and of RAG / JSP 936
]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    heading: str | None = None
    path: str | None = None  # attribute of the section model; for "applies" the flag field
    intro: str | None = None  # fixed paragraph printed before the block
    chart: str | None = None  # chart name for "mermaid" (a template or a builder in charts.py)
    note: str | None = None  # fixed paragraph printed after the block


SECTION_LAYOUT: dict[str, tuple[Block, ...]] = {
    "overview": (
        Block("attrs", "Business Context", "business_context"),
        Block("table", "MLOps Maturity", "maturity"),
        Block("table", "Key Stakeholders", "stakeholders"),
    ),
    "model_inventory": (
        Block("table", "Model Catalog", "models"),
        Block("table", "Model Risk Classification", "risk_classification"),
        Block("mermaid", "Model Dependencies", chart="dependencies"),
    ),
    "data_pipeline": (
        Block("table", "Training Data Sources", "training_sources"),
        Block("table", "Feature Engineering", "feature_engineering"),
        Block("attrs", "Feature Store", "feature_store"),
        Block("table", "Data Quality Checks", "data_quality_checks"),
        Block("attrs", "Data Versioning", "data_versioning"),
    ),
    "training_pipeline": (
        Block("table", "Infrastructure", "infrastructure"),
        Block("mermaid", "Training Pipeline Architecture", chart="training_pipeline"),
        Block("attrs", "Experiment Tracking", "experiment_tracking"),
        Block("attrs", "Hyperparameter Optimization", "hyperparameter_optimization"),
        Block("table", "Training Triggers", "training_triggers"),
    ),
    "model_registry": (
        Block("attrs", "Registry Configuration", "registry_configuration"),
        Block("bullets", "Model Metadata", "model_metadata", intro="Each registered model must include:"),
        Block("mermaid", "Model Promotion Stages", chart="promotion"),
        Block("table", None, "promotion_stages"),
        Block("table", "Model Approval Workflow", "approval_workflow"),
    ),
    "serving": (
        Block("table", "Deployment Patterns", "deployment_patterns"),
        Block("mermaid", "Serving Architecture", chart="serving_architecture"),
        Block("table", "Serving Platforms", "serving_platforms"),
        Block("table", "Performance Requirements", "performance_requirements"),
        Block("attrs", "A/B Testing & Canary", "rollout"),
    ),
    "monitoring": (
        Block("mermaid", "Monitoring Architecture", chart="monitoring_architecture"),
        Block("table", "Data Drift Monitoring", "data_drift"),
        Block("table", "Model Performance Monitoring", "performance_metrics"),
        Block("table", "Fairness Monitoring", "fairness"),
        Block("table", "Prediction Monitoring", "prediction_monitoring"),
        Block("table", "Monitoring Dashboards", "dashboards"),
    ),
    "retraining": (
        Block("table", "Retraining Triggers", "triggers"),
        Block("champion", "Champion-Challenger Deployment", "champion_challenger"),
        Block("numbered", "Rollback Procedure", "rollback_procedure"),
    ),
    "genai": (
        Block("applies", None, "applies", intro="*(Include this section if using Large Language Models or Generative AI)*"),
        Block("attrs", "LLM Configuration", "llm_configuration"),
        Block("attrs", "Prompt Management", "prompt_management"),
        Block("table", "Guardrails & Safety", "guardrails"),
        Block("applies", "RAG Pipeline Operations", "rag_applies", intro="*(If using Retrieval-Augmented Generation)*"),
        Block("table", None, "rag_pipeline"),
        Block("table", "Cost Optimization", "cost_optimization"),
    ),
    "cicd": (
        Block("mermaid", "Pipeline Architecture", chart="cicd_pipeline"),
        Block("table", "Source Control", "source_control"),
        Block("table", "Automated Testing", "automated_testing"),
        Block("table", "Continuous Training", "continuous_training"),
    ),
    "governance": (
        Block("checklist", "Documentation Requirements", "documentation_requirements", intro="Each model must have:"),
        Block("model_card", "Model Card Template", "model_card"),
        Block("table", "Audit Trail", "audit_trail"),
        Block("table", "Model Retirement", "model_retirement"),
    ),
    "responsible_ai": (
        Block("table", "Bias Detection", "bias_detection"),
        Block("table", "Explainability", "explainability"),
        Block("table", "Human Oversight", "human_oversight"),
        Block("mermaid", "Feedback Loop", chart="feedback_loop"),
    ),
    "uk_compliance": (
        Block("applies", None, "applies"),
        Block(
            "principles",
            "AI Playbook Principles",
            "ai_playbook",
            intro="The ten principles of the AI Playbook for the UK Government (GDS, February 2025).",
        ),
        Block(
            "attrs",
            "ATRS Requirements",
            "atrs",
            note=(
                "*ATRS: Tier 1 is the summary information for the public and Tier 2 the detailed record for "
                "specialists; both tiers are completed and published.*"
            ),
        ),
        Block("applies", "JSP 936 Alignment (MOD Only)", "jsp936_applies"),
        Block(
            "jsp936",
            None,
            "jsp936",
            note=(
                "*JSP 936 risk levels and approval pathways are ArcKit's named banding (Critical, Severe, Major, "
                "Moderate, Minor; Ministerial / 2PUS, Defence (JROC/IAC), TLB), not verified against the JSP 936 "
                "text: confirm with your RAISO.*"
            ),
        ),
        Block("table", "DPIA Integration", "dpia"),
    ),
    "costs": (
        Block("costs", "Infrastructure Costs", "infrastructure_costs"),
        Block("table", "Team Structure", "team_structure"),
    ),
    "traceability": (Block("table", None, "rows"),),
}

# Reason fields of the "applies" flags (None: the flag has no reason field).
APPLIES_REASON: dict[str, str | None] = {
    "applies": "applies_reason",
    "rag_applies": None,
    "jsp936_applies": "jsp936_reason",
}

# Fixed rows of the JSP 936 table: (element label, field of JSP936Alignment).
JSP936_ROWS: tuple[tuple[str, str], ...] = (
    ("Ethical Principles", "ethical_principles"),
    ("Risk Classification", "risk_classification"),
    ("Lifecycle Phase", "lifecycle_phase"),
    ("Approval Pathway", "approval_pathway"),
)

TITLE = "MLOps Strategy"
OPEN_QUESTIONS_LABEL = "**Open Questions**"
BASIS_LABEL = "**Basis**:"
APPLIES_LABEL = "**Applies**:"
EXTERNAL_REFERENCE_TABLES: tuple[tuple[str, str], ...] = (
    ("Document Register", "documents"),
    ("Citations", "citations"),
    ("Unreferenced Documents", "unreferenced"),
)

"""Closed vocabularies of the MLOps Strategy: each value is exactly what the ArcKit template prints.

Lookup is forgiving (case, spacing, hyphens) so hand-written documents parse; output is always the
canonical value.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-/().]+", "", text).casefold()


class TemplateEnum(StrEnum):
    """A str enum whose members print as the template prints them and accept loose spellings."""

    @classmethod
    def _missing_(cls, value: Any) -> TemplateEnum | None:
        if not isinstance(value, str):
            return None
        key = _norm(value)
        for member in cls:
            if key in {_norm(member.value), _norm(member.name)} | {_norm(a) for a in _ALIASES.get(member, ())}:
                return member
        return None


class Classification(TemplateEnum):
    PUBLIC = "PUBLIC"
    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
    SECRET = "SECRET"
    TOP_SECRET = "TOP SECRET"


class DocumentStatus(TemplateEnum):
    DRAFT = "DRAFT"
    IN_REVIEW = "IN_REVIEW"
    APPROVED = "APPROVED"
    PUBLISHED = "PUBLISHED"
    SUPERSEDED = "SUPERSEDED"
    ARCHIVED = "ARCHIVED"


class ReviewCycle(TemplateEnum):
    MONTHLY = "Monthly"
    QUARTERLY = "Quarterly"
    ANNUAL = "Annual"
    ON_DEMAND = "On-Demand"


class YesNo(TemplateEnum):
    YES = "Yes"
    NO = "No"
    NOT_APPLICABLE = "-"  # the template's "-" cells (e.g. Level 0 has no target)


class EnabledDisabled(TemplateEnum):
    ENABLED = "Enabled"
    DISABLED = "Disabled"


class RiskLevel(TemplateEnum):
    """One risk scale for the whole document (the template mixes a 3- and a 4-level scale)."""

    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"
    VERY_HIGH = "Very High"


class MaturityLevel(TemplateEnum):
    LEVEL_0 = "Level 0 (Manual)"
    LEVEL_1 = "Level 1 (Automated Training)"
    LEVEL_2 = "Level 2 (CI/CD for ML)"
    LEVEL_3 = "Level 3 (Auto-Retraining)"
    LEVEL_4 = "Level 4 (Full Automation)"


class ModelType(TemplateEnum):
    CLASSIFICATION = "Classification"
    REGRESSION = "Regression"
    NLP = "NLP"
    GENAI = "GenAI"
    # Beyond the template's four: common model families it does not name.
    COMPUTER_VISION = "Computer Vision"
    TIME_SERIES = "Time Series"
    ANOMALY_DETECTION = "Anomaly Detection"
    RECOMMENDATION = "Recommendation"
    CLUSTERING = "Clustering"
    OTHER = "Other"


class SourceType(TemplateEnum):
    DATABASE = "Database"
    API = "API"
    FILE = "File"
    STREAM = "Stream"


class Frequency(TemplateEnum):
    REAL_TIME = "Real-time"
    HOURLY = "Hourly"
    DAILY = "Daily"
    WEEKLY = "Weekly"
    MONTHLY = "Monthly"
    QUARTERLY = "Quarterly"
    ANNUAL = "Annual"
    ON_DEMAND = "On-Demand"


class HPOMethod(TemplateEnum):
    GRID_SEARCH = "Grid Search"
    RANDOM_SEARCH = "Random Search"
    BAYESIAN = "Bayesian"
    HYPERBAND = "Hyperband"
    MANUAL = "Manual"


class ScalingMode(TemplateEnum):
    AUTO = "Auto"
    MANUAL = "Manual"


class DeploymentPattern(TemplateEnum):
    REAL_TIME = "Real-time"
    BATCH = "Batch"
    STREAMING = "Streaming"


class RolloutStrategy(TemplateEnum):
    AB_TESTING = "A/B Testing"
    CANARY = "Canary"
    SHADOW = "Shadow"
    BLUE_GREEN = "Blue-Green"


class LLMProvider(TemplateEnum):
    OPENAI = "OpenAI"
    ANTHROPIC = "Anthropic"
    AZURE_OPENAI = "Azure OpenAI"
    BEDROCK = "Bedrock"
    VERTEX_AI = "Vertex AI"
    SELF_HOSTED = "Self-hosted"


class LLMDeployment(TemplateEnum):
    API = "API"
    SELF_HOSTED = "Self-hosted"


class RetrieverType(TemplateEnum):
    SIMILARITY = "Similarity"
    HYBRID = "Hybrid"


class ComplianceStatus(TemplateEnum):
    MET = "Met"
    PARTIAL = "Partial"
    NOT_MET = "Not Met"


class TraceStatus(TemplateEnum):
    COVERED = "✅"
    PARTIAL = "⚠️"
    GAP = "❌"


class JSP936RiskLevel(TemplateEnum):
    """ArcKit's named JSP 936 levels: ArcKit's reading, not verified against the JSP 936 text."""

    CRITICAL = "Critical"
    SEVERE = "Severe"
    MAJOR = "Major"
    MODERATE = "Moderate"
    MINOR = "Minor"


class JSP936ApprovalPathway(TemplateEnum):
    """ArcKit's approval pathways for its JSP 936 levels (unverified against the JSP 936 text)."""

    MINISTERIAL = "Ministerial / 2PUS"
    DEFENCE = "Defence (JROC/IAC)"
    TLB = "TLB"


# Spellings seen in hand-written and older documents.
_ALIASES: dict[TemplateEnum, tuple[str, ...]] = {
    Classification.TOP_SECRET: ("TOP-SECRET", "TOP_SECRET"),
    DocumentStatus.IN_REVIEW: ("IN REVIEW", "IN-REVIEW", "REVIEW"),
    ReviewCycle.ANNUAL: ("Annually", "Yearly"),
    ReviewCycle.ON_DEMAND: ("Ad hoc", "As needed"),
    YesNo.YES: ("Y", "True"),
    YesNo.NO: ("N", "False"),
    YesNo.NOT_APPLICABLE: ("—", "N/A", "NA"),
    RiskLevel.VERY_HIGH: ("Critical", "VeryHigh"),
    ModelType.NLP: ("Natural Language Processing", "Text classification"),
    ModelType.GENAI: ("Generative AI", "LLM", "Gen AI"),
    ModelType.ANOMALY_DETECTION: ("Anomaly",),
    ModelType.RECOMMENDATION: ("Recommender", "Ranking"),
    SourceType.DATABASE: ("DB", "Data warehouse", "Warehouse"),
    SourceType.STREAM: ("Streaming", "Event stream", "Kafka"),
    Frequency.REAL_TIME: ("Realtime", "Live", "Continuous"),
    Frequency.ANNUAL: ("Annually", "Yearly"),
    Frequency.ON_DEMAND: ("Ad hoc", "As needed", "On demand"),
    HPOMethod.BAYESIAN: ("Bayesian optimisation", "Bayesian optimization", "TPE"),
    ScalingMode.AUTO: ("Autoscaling", "Auto-scaling", "Automatic"),
    RolloutStrategy.AB_TESTING: ("AB", "A/B", "AB Testing"),
    RolloutStrategy.BLUE_GREEN: ("Blue/Green",),
    LLMProvider.BEDROCK: ("AWS Bedrock", "Amazon Bedrock"),
    LLMProvider.VERTEX_AI: ("Google Vertex AI", "Vertex"),
    LLMDeployment.SELF_HOSTED: ("Self hosted", "On-prem"),
    ComplianceStatus.PARTIAL: ("Partially Met",),
    TraceStatus.COVERED: ("✔", "✔️", "Covered", "Met", "Yes"),
    TraceStatus.PARTIAL: ("⚠", "Partial"),
    TraceStatus.GAP: ("✗", "Gap", "Not Met", "No"),
    JSP936ApprovalPathway.MINISTERIAL: ("Ministerial", "2PUS", "Ministers"),
    JSP936ApprovalPathway.DEFENCE: ("Defence", "JROC/IAC", "JROC", "IAC"),
    JSP936ApprovalPathway.TLB: ("TLB-level", "Top Level Budget"),
}

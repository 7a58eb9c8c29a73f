"""The strategy and the hand-written Anthropic reply behind tests/cassettes/review/anthropic_review_rubric.yaml.

The cassette's request was captured from what `review_strategy` sends for `rubric_strategy()`; if
either changes, re-create the cassette (see tests/cassettes/README.md, section "review").
"""

from __future__ import annotations

import datetime as dt

from assistant.strategy import Strategy
from assistant.strategy.enums import ModelType, RiskLevel
from assistant.strategy.schema import ModelRow

TODAY = dt.date(2025, 3, 20)


def rubric_strategy() -> Strategy:
    s = Strategy.new("001", "Benefits Fraud-Risk Triage", "OFFICIAL", today=TODAY)
    s.model_inventory.models = [ModelRow(model_id="ML-001", name="Claim Risk Classifier", type=ModelType.CLASSIFICATION,
                                         framework="XGBoost", purpose="Fraud and error risk score per claim",
                                         risk_level=RiskLevel.HIGH, owner="Counter-Fraud Analytics")]
    return s


RUBRIC_REPLY = {
    "id": "msg_01RvW3kPq8ZtYx2LmN5cHbJd",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [{
        "type": "tool_use",
        "id": "toolu_01K8pQx4TzW2nVb7LmR3sYdF",
        "name": "RubricReview",
        "input": {
            "scores": {"completeness": 3, "specificity": 2, "traceability": 2, "actionability": 3, "clarity": 6},
            "findings": [
                {"criterion": "specificity", "severity": "major", "section": "7. Model Monitoring",
                 "message": "Performance monitoring keeps the template's '[X%]' baselines and thresholds.",
                 "fix": "Set baseline, warning and critical values per metric from the evaluation report, or ask the ML Lead."},
                {"criterion": "traceability", "severity": "blocking", "section": 15,
                 "message": "The traceability table is empty, so no requirement maps to an MLOps element.",
                 "fix": "Add one row per ML requirement (FR-ML, NFR-P, NFR-A) naming the element that meets it."},
                {"criterion": "clarity", "severity": "minor", "section": None,
                 "message": "The document mixes 'retrain' and 're-train'.",
                 "fix": "Use 'retrain' throughout."},
            ],
            "summary": "A template-shaped draft: structure is present but most values are placeholders and nothing is traced to requirements.",
        },
    }],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 9412, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
              "output_tokens": 412, "service_tier": "standard"},
}

"""Section builders: ExtractedFacts + rules -> the fifteen sections of a Strategy, one module per section.

Each builder fills its section in place. A value found in the evidence cites it; a value from a rule is
a recommendation naming the rule and its knowledge note; anything else becomes an open question.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.drafting.offline.sections import (
    cicd,
    costs,
    data_pipeline,
    genai,
    governance,
    inventory,
    monitoring,
    overview,
    registry,
    responsible_ai,
    retraining,
    serving,
    traceability,
    training,
    uk_compliance,
)
from assistant.drafting.offline.sections.builder import Builder, cited_by_section, section_label

BUILDERS: dict[int, Callable[[Builder], None]] = {
    1: overview.build, 2: inventory.build, 3: data_pipeline.build, 4: training.build, 5: registry.build,
    6: serving.build, 7: monitoring.build, 8: retraining.build, 9: genai.build, 10: cicd.build,
    11: governance.build, 12: responsible_ai.build, 13: uk_compliance.build, 14: costs.build, 15: traceability.build,
}

__all__ = ["BUILDERS", "Builder", "cited_by_section", "section_label"]

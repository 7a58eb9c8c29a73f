"""Project facts: typed facts with exact source spans, extracted once per document at ingest.

Public API:
    extract_document_facts(text, filename, *, workspace_id=None) -> DocumentFacts
    read_facts(text, filename, *, workspace_id=None) -> DocumentFacts   the same, a failure noted, never raised
    read_document_info(text, filename) -> DocumentInfo          ArcKit Document Control
    save_document_facts(project_key, document_id, facts); remove_document_facts(project_key, document_id)
    project_facts(project_key) -> ProjectFacts                   what drafting, review and chat read
    ProjectFacts: .current, .superseded, .all(kind), .authoritative(kind), .marking(), .project_number(),
        .project_name(), .review_cycle(), .requirements(), .risk_level(), .models(generative=), .quantities(...)
    Fact models: QuantityFact, ModelFact, DataSourceFact, MarkingFact, RiskLevelFact, RetentionFact,
        FairnessGroupFact, PersonalDataFact, PlatformFact, RequirementFact, OversightFact; SourceSpan; fact.asserted
    qualify(text, start, end) -> Qualifiers                      negation/checkbox/condition of any passage
"""

from assistant.facts.arckit import authoritative_on, document_control, is_footer_line, read_document_info
from assistant.facts.extract import Qualifiers, extract_document_facts, qualify, read_facts
from assistant.facts.models import (
    EXTRACTOR_VERSION,
    RESPONSIBLE_TEAM,
    CadenceFact,
    DataSourceFact,
    DocumentFacts,
    DocumentInfo,
    Fact,
    FactKind,
    FairnessGroupFact,
    MarkingFact,
    ModelFact,
    OversightFact,
    PersonalDataFact,
    PlatformFact,
    QuantityFact,
    RequirementFact,
    RetentionFact,
    RiskLevelFact,
    SourceSpan,
    StakeholderFact,
    clause_key,
    squash,
)
from assistant.facts.project import ProjectFacts, merge
from assistant.facts.store import (
    facts_dir,
    has_current_facts,
    project_facts,
    remove_document_facts,
    save_document_facts,
)
from assistant.facts.text import is_requirement_id

__all__ = [
    "EXTRACTOR_VERSION", "RESPONSIBLE_TEAM", "CadenceFact", "DataSourceFact", "DocumentFacts", "DocumentInfo", "FairnessGroupFact", "Fact", "FactKind",
    "MarkingFact", "ModelFact", "OversightFact", "PersonalDataFact", "PlatformFact", "ProjectFacts", "Qualifiers", "QuantityFact", "RequirementFact",
    "RetentionFact", "RiskLevelFact", "SourceSpan", "StakeholderFact", "authoritative_on", "clause_key", "document_control", "extract_document_facts",
    "facts_dir", "has_current_facts", "is_footer_line", "is_requirement_id", "merge", "project_facts", "qualify", "read_document_info", "read_facts",
    "remove_document_facts", "save_document_facts", "squash",
]

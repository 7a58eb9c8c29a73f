"""The MLOps Strategy as data: schema (source of truth), Markdown render/parse, validation, versioning, export.

Public API:
    Strategy, SECTIONS, Provenance, Fact, Row, Item, OpenQuestion, Section   (schema)
    render_markdown(strategy) -> str                                         (render)
    parse_markdown(text) -> ParseResult(strategy, warnings)                  (parse)
    validate_markdown(text) / validate_strategy(strategy) -> ValidationReport (validate)
    bump_version(strategy, ...), document_id(...), filename(...)             (versioning)
    export(strategy, fmt, out) / to_docx / to_json                           (export)
    load_strategy(path) / strategy_from_json(text)                           (io)
"""

from assistant.strategy.base import CheckItem, ExtraBlock, Fact, Item, OpenQuestion, Provenance, Row, Section
from assistant.strategy.schema import SECTIONS, SectionInfo, Strategy

__all__ = [
    "SECTIONS", "SectionInfo", "Strategy", "Provenance", "Fact", "Row", "Item", "CheckItem", "OpenQuestion",
    "Section", "ExtraBlock",
]

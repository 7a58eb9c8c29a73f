from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx

from assistant.strategy.enums import DocumentStatus
from assistant.strategy.export import export
from assistant.strategy.render import render_markdown
from assistant.strategy.schema import Strategy
from assistant.strategy.validate import validate_markdown, validate_strategy
from assistant.strategy.versioning import bump_version, filename, next_version, parse_document_id

from .conftest import EXAMPLE_MD


def _checks(report) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return {c.check: c.passed for c in report.checks}


def test_example_passes_every_check(example: Strategy) -> None:
    assert validate_strategy(example).passed
    assert validate_markdown(EXAMPLE_MD.read_text(), example, filename=EXAMPLE_MD.name).passed


def test_new_strategy_fails_with_reasons() -> None:
    report = validate_strategy(Strategy.new("001", "X"))
    checks = _checks(report)
    assert not report.passed
    assert not checks["no_placeholders"] and not checks["drift_monitoring"] and not checks["data_pipeline_documented"]
    assert checks["document_id_format"] and checks["revision_history"] and checks["heading_levels"]


def test_text_level_defects_are_caught(example: Strategy) -> None:
    text = render_markdown(example)
    bad = (
        text.replace("| **Status** | DRAFT |", "| **Status** | FINAL |")
        .replace("ARC-001-MLOPS-v1.0 |", "ARC-001-MLOP-v1.0 |", 1)
        .replace("### Model Catalog", "#### Model Catalog")
        .replace("| **Owner** |", "| **Owner** | x | extra |", 1)
        .replace("Caseworkers review", "TODO caseworkers review")
    )
    bad = bad.replace("**Model**: offline", "**Modle**: offline")
    checks = _checks(validate_markdown(bad, example, filename="ARC-001-MLOPS-v1.0.md"))
    for name in ("status_valid", "document_id_format", "heading_levels", "consistent_tables", "footer_present"):
        assert not checks[name], name
    assert not _checks(validate_markdown(text, example, filename="ARC-001-MLOPS-v1.1.md"))["document_id_format"]
    assert not _checks(validate_markdown(text + "\nTBD\n", example))["no_placeholders"]


def test_versioning(example: Strategy) -> None:
    assert next_version("1.0", scope_changed=False) == "1.1"
    assert next_version("1.4", scope_changed=True) == "2.0"
    assert filename("001", "1.1") == "ARC-001-MLOPS-v1.1.md"
    assert parse_document_id("ARC-001-MLOP-v1.2.md") == ("001", "MLOP", "1.2")
    bumped = bump_version(example, "Stricter drift thresholds", today=dt.date(2025, 5, 1))
    assert bumped.document_id == "ARC-001-MLOPS-v1.1" and bumped.filename == "ARC-001-MLOPS-v1.1.md"
    assert bumped.revision_history[-1].version == "1.1" and bumped.revision_history[-1].approved_by == "PENDING"
    assert bumped.document_control.status is DocumentStatus.DRAFT
    major = bump_version(bumped, "Adds a second model", scope_changed=True)
    assert major.document_control.version == "2.0" and len(major.revision_history) == 3
    assert example.document_control.version == "1.0"  # the original is untouched
    assert validate_strategy(bumped).passed


def test_export_formats(example: Strategy, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    md = export(example, "md")
    assert md.name == "ARC-001-MLOPS-v1.0.md" and md.read_text() == EXAMPLE_MD.read_text()
    js = export(example, "json")
    assert Strategy.model_validate(json.loads(js.read_text())) == example
    path = export(example, "docx", tmp_path / "out.docx")
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. ML System Overview" in headings and "Model Catalog" in headings
    assert len(document.tables) > 40
    assert document.tables[0].cell(1, 1).text == "ARC-001-MLOPS-v1.0"
    assert any("flowchart TD" in p.text for p in document.paragraphs)

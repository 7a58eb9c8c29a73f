"""Eval cases: loading `case.yaml` files and materialising their documents in the requested formats.

A document is written once in Markdown and converted on load (`as: docx | pdf | md`), so the same
requirements exercise each ingestion path without keeping binary copies that drift from their source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.config import PROJECT_ROOT
from assistant.errors import InvalidInputError
from assistant.markdown_tables import is_delimiter_row, split_row

CASES_DIR = PROJECT_ROOT / "evals" / "cases"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProjectSpec(_Strict):
    name: str
    project_id: str
    classification: str = "OFFICIAL"


class DocumentSpec(_Strict):
    source: str
    as_: Literal["md", "docx", "pdf"] = Field(default="md", alias="as")


class FactExpectation(_Strict):
    section: int = Field(ge=1, le=15)
    text: str | None = None
    any: list[str] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> FactExpectation:
        if (self.text is None) == (self.any is None):
            raise ValueError("a fact needs exactly one of 'text' or 'any'")
        return self

    @property
    def alternatives(self) -> list[str]:
        return [self.text] if self.text is not None else list(self.any or [])


class Bounds(_Strict):
    min: int | None = None
    max: int | None = None


class GuardrailExpectation(_Strict):
    blocked: bool | None = None
    flagged_min: int | None = None
    pii_min: int | None = None


class Expectations(_Strict):
    sections_apply: list[int] = Field(default_factory=list)
    sections_not_apply: list[int] = Field(default_factory=list)
    jsp936: bool | None = None
    facts: list[FactExpectation] = Field(default_factory=list)
    trace_ids: list[str] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    open_questions: Bounds = Field(default_factory=Bounds)
    guardrails: GuardrailExpectation | None = None


class Case(_Strict):
    id: str
    title: str
    suites: list[str] = Field(default_factory=lambda: ["offline"])
    project: ProjectSpec
    provider: str | None = None  # a provider the case configures itself (e.g. an external one that must be blocked)
    documents: list[DocumentSpec]
    expect: Expectations
    folder: Path = Field(default=Path("."), exclude=True)


def load_case(folder: Path) -> Case:
    path = folder / "case.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Case.model_validate({**data, "folder": folder})
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InvalidInputError(f"Eval case {path}: {exc}") from exc


def load_cases(suite: str | None = None, *, root: Path = CASES_DIR) -> list[Case]:
    """Every case under `root` (sorted by id), or those in `suite`."""
    cases = [load_case(folder) for folder in sorted(root.iterdir()) if (folder / "case.yaml").exists()]
    if suite is not None:
        cases = [case for case in cases if suite in case.suites]
        if not cases:
            raise InvalidInputError(f"No eval case belongs to suite {suite!r}.")
    return cases


def materialise(case: Case, out_dir: Path) -> list[Path]:
    """Write the case's documents into `out_dir` in their requested formats; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in case.documents:
        source = case.folder / spec.source
        markdown = source.read_text(encoding="utf-8")
        target = out_dir / f"{case.id}-{source.stem}.{spec.as_}"
        if spec.as_ == "md":
            target.write_text(markdown, encoding="utf-8")
        elif spec.as_ == "docx":
            markdown_to_docx(markdown, target)
        else:
            markdown_to_pdf(markdown, target)
        paths.append(target)
    return paths


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str


@dataclass(frozen=True)
class _Table:
    rows: list[list[str]]


@dataclass(frozen=True)
class _Text:
    kind: Literal["bullet", "para"]
    text: str


def _blocks(markdown: str) -> list[_Heading | _Table | _Text]:
    """Markdown as blocks: headings, tables (rows of cells), bullets and paragraphs."""
    blocks: list[_Heading | _Table | _Text] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip() or line.strip().startswith("<!--") and line.strip().endswith("-->"):
            i += 1
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            blocks.append(_Heading(len(heading.group(1)), heading.group(2).strip()))
        elif line.lstrip().startswith("|"):
            rows: list[list[str]] = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not is_delimiter_row(lines[i]):
                    rows.append(split_row(lines[i]))
                i += 1
            blocks.append(_Table(rows))
            continue
        elif re.match(r"^\s*[-*]\s+", line):
            blocks.append(_Text("bullet", re.sub(r"^\s*[-*]\s+", "", line)))
        else:
            blocks.append(_Text("para", line.strip()))
        i += 1
    return blocks


def markdown_to_docx(markdown: str, target: Path) -> None:
    """A real Word document: headings as Heading styles, tables as tables, bullets as list items."""
    # lazy: python-docx loads only when a DOCX is read or written
    from docx import Document

    document = Document()
    for block in _blocks(markdown):
        if isinstance(block, _Heading):
            document.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, _Table):
            rows = block.rows
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif block.kind == "bullet":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    document.save(str(target))


def markdown_to_pdf(markdown: str, target: Path) -> None:
    """A text-layer PDF (reportlab): headings in bold, table rows as lines, so page numbers are real."""

    # lazy: reportlab (a test dependency) loads only when an eval case is written as a PDF
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for block in _blocks(markdown):
        if isinstance(block, _Heading):
            story.append(Paragraph(escape(block.text), styles["Heading1" if block.level == 1 else "Heading2"]))
        elif isinstance(block, _Table):
            for row in block.rows:
                story.append(Paragraph(escape(" | ".join(row)), styles["BodyText"]))
        elif block.kind == "bullet":
            story.append(Paragraph("• " + escape(block.text), styles["BodyText"]))
        else:
            story.append(Paragraph(escape(block.text), styles["BodyText"]))
        story.append(Spacer(1, 4))
    SimpleDocTemplate(str(target), pagesize=A4).build(story)

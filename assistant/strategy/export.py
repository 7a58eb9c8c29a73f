"""Export: ArcKit-named Markdown, DOCX (real headings and tables, Mermaid kept as code) and JSON."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeGuard, get_args

from assistant.errors import InvalidInputError
from assistant.strategy.io import strategy_to_json
from assistant.strategy.markdown_blocks import list_items, read_blocks, split_row, table_rows
from assistant.strategy.render import render_markdown
from assistant.strategy.schema import Strategy

if TYPE_CHECKING:  # python-docx loads only when a DOCX is written
    from docx.text.paragraph import Paragraph

Format = Literal["md", "docx", "json"]


def is_format(value: str) -> TypeGuard[Format]:
    """Whether `value` names an export format (for a string from the command line)."""
    return value in get_args(Format)


def default_output(strategy: Strategy, fmt: Format) -> Path:
    return Path(f"{strategy.document_id}.{fmt}")


def _plain(text: str) -> str:
    text = re.sub(r"\\([\\|\[\]_*])", r"\1", text)
    return text


def _add_runs(paragraph: Paragraph, text: str) -> None:
    """Bold `**x**` spans become bold runs; the rest is plain text."""
    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if part:
            run = paragraph.add_run(_plain(part))
            run.bold = i % 2 == 1


def to_docx(strategy: Strategy, out: Path) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for block in read_blocks(render_markdown(strategy)):
        if block.kind == "heading":
            document.add_heading(_plain(block.text), level=min(block.level - 1, 9) if block.level > 1 else 0)
        elif block.kind == "table":
            header, rows = table_rows(block)
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = ""
                _add_runs(cell.paragraphs[0], text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for cells, _ in rows:
                row = table.add_row().cells
                # A ragged Markdown row fills only the header's columns, as a Markdown viewer shows it.
                for cell, text in zip(row, cells, strict=False):
                    _add_runs(cell.paragraphs[0], text)
        elif block.kind == "fence":
            para = document.add_paragraph()
            run = para.add_run(block.body)
            run.font.name = "Courier New"
            run.font.size = Pt(8)
            para.style = document.styles["No Spacing"]
        elif block.kind == "list":
            for item in list_items(block):
                numbered = bool(re.match(r"^\d+[.)]\s", item))
                text = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", item)
                para = document.add_paragraph(style="List Number" if numbered else "List Bullet")
                _add_runs(para, text)
        elif block.kind == "para":
            para = document.add_paragraph()
            _add_runs(para, " ".join(line.strip().lstrip("> ") for line in block.lines))
    document.core_properties.title = f"{strategy.document_id} MLOps Strategy"
    document.save(str(out))
    return out


def export(strategy: Strategy, fmt: Format, out: Path | None = None) -> Path:
    """Write the strategy as `fmt`; the default file name is the ArcKit one (`ARC-001-MLOPS-v1.0.md`)."""
    out = out or default_output(strategy, fmt)
    try:
        if fmt == "md":
            out.write_text(render_markdown(strategy), encoding="utf-8")
        elif fmt == "json":
            out.write_text(strategy_to_json(strategy), encoding="utf-8")
        elif fmt == "docx":
            to_docx(strategy, out)
        else:
            raise InvalidInputError(f"unknown export format '{fmt}': use md, docx or json")
    except OSError as exc:
        raise InvalidInputError(f"{out}: cannot be written ({exc.strerror})") from exc
    return out


__all__ = ["export", "to_docx", "default_output", "split_row"]

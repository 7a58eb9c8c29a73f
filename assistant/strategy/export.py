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
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

Format = Literal["md", "docx", "json"]


def is_format(value: str) -> TypeGuard[Format]:
    """Whether `value` names an export format (for a string from the command line)."""
    return value in get_args(Format)


# An index passage's ID (`<document id>:<content digest>:<chunk index>`): internal, never for a reader.
INTERNAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/#-]*:[0-9a-f]{6,}:\d{3,}")
UNREGISTERED_SOURCE = "source.md"  # names the citation prefix (S-Cn) of a passage whose document is unknown


def is_internal(evidence_id: str) -> bool:
    """Chunk IDs hold colons; requirement IDs (FR-001) and citation IDs (REQ-C3) never do."""
    return ":" in evidence_id


def reader_strategy(strategy: Strategy) -> Strategy:
    """A copy in which every internal evidence ID has an ArcKit citation (so its marker reads `[REQ-C3]`);
    the copy keeps each citation's `evidence_id`, so the mapping stays in the data."""
    copy = strategy.model_copy(deep=True)
    refs = copy.external_references
    registered = {c.evidence_id for c in refs.citations}
    for evidence_id in copy.all_evidence_ids():
        if is_internal(evidence_id) and evidence_id not in registered:
            refs.add_citation(evidence_id, UNREGISTERED_SOURCE, category="Source")
            registered.add(evidence_id)
    return copy


def reader_markdown(strategy: Strategy) -> str:
    """The Markdown a reader gets: citation markers only. The citation register's `· <chunk id>` suffix goes,
    and an internal ID left in free text (an open question quoting its source) becomes its marker."""
    copy = reader_strategy(strategy)
    markers = {c.evidence_id: c.citation_id for c in copy.external_references.citations
               if c.evidence_id and is_internal(c.evidence_id)}
    text = render_markdown(copy)
    # longest first, so an ID that is a prefix of another never splits it
    for evidence_id in sorted(markers, key=len, reverse=True):
        text = text.replace(f" · {evidence_id}", "").replace(evidence_id, markers[evidence_id])
    text = re.sub(r" · (?:" + INTERNAL_ID.pattern + r")", "", text)
    return INTERNAL_ID.sub("source", text)


def default_output(strategy: Strategy, fmt: Format) -> Path:
    return Path(f"{strategy.document_id}.{fmt}")


def _plain(text: str) -> str:
    """Cell/paragraph text without Markdown syntax: escapes, links (their text stays), HTML breaks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"\\([\\|\[\]_*`])", r"\1", text)
    return text


_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|(?<![\w*\\])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")


def _add_runs(paragraph: Paragraph, text: str) -> None:
    """`**bold**`, `*italic*` and `` `code` `` spans become formatted runs; no Markdown syntax is left."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            paragraph.add_run(_plain(text[position:match.start()]))
        bold, code, italic = match.groups()
        run = paragraph.add_run(_plain(bold or code or italic))
        run.bold = bold is not None
        run.italic = italic is not None
        if code is not None:
            run.font.name = "Courier New"
        position = match.end()
    if position < len(text):
        paragraph.add_run(_plain(text[position:]))


def _mark_every_page(document: DocxDocument, marking: str) -> None:
    """The protective marking, centred and bold, in the header and footer of every section (first and even
    pages too), as the Government Security Classifications require of a marked document."""
    # lazy: python-docx loads only when a DOCX is read or written
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in document.sections:
        parts = [section.header, section.footer, section.first_page_header, section.first_page_footer,
                 section.even_page_header, section.even_page_footer]
        for part in parts:
            part.is_linked_to_previous = False
            paragraph = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(marking).bold = True


def _write_blocks(document: DocxDocument, markdown: str) -> None:
    # lazy: python-docx loads only when a DOCX is read or written
    from docx.shared import Pt

    for block in read_blocks(markdown):
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
        elif block.kind == "fence" and block.text.lower() in ("markdown", "md"):
            # The template keeps the model card in a Markdown fence; a Word reader gets its headings, lists
            # and tables as real ones (the Markdown export keeps the fence).
            _write_blocks(document, block.body)
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


def to_docx(strategy: Strategy, out: Path) -> Path:
    """The reader's document as Word: real headings, tables and lists, and the protective marking in every
    header and footer."""
    # lazy: python-docx loads only when a DOCX is read or written
    import docx

    document = docx.Document()
    _write_blocks(document, reader_markdown(strategy))
    classification = strategy.document_control.classification
    if classification is not None:
        _mark_every_page(document, classification.value)
    document.core_properties.title = f"{strategy.document_id} MLOps Strategy"
    document.save(str(out))
    return out


def export(strategy: Strategy, fmt: Format, out: Path | None = None) -> Path:
    """Write the strategy as `fmt`; the default file name is the ArcKit one (`ARC-001-MLOPS-v1.0.md`)."""
    out = out or default_output(strategy, fmt)
    try:
        if fmt == "md":
            out.write_text(reader_markdown(strategy), encoding="utf-8")
        elif fmt == "json":
            out.write_text(strategy_to_json(strategy), encoding="utf-8")
        elif fmt == "docx":
            to_docx(strategy, out)
        else:
            raise InvalidInputError(f"unknown export format '{fmt}': use md, docx or json")
    except OSError as exc:
        raise InvalidInputError(f"{out}: cannot be written ({exc.strerror})") from exc
    return out


__all__ = ["export", "to_docx", "default_output", "reader_markdown", "reader_strategy", "split_row"]

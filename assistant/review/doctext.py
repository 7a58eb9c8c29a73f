"""The strategy as its reader sees it: lines of text with the section they sit in.

Content checks (the same metric twice with different values, figures no source states, references to
documents the project lacks) read what the document says wherever it says it, so they work on ArcKit's
own layouts as well as ours. Headings are placed by what they are (`assistant.strategy.placement`):
a line's section is the template section its content belongs to. Document Control, Revision History,
Approval, External References, the footer and Mermaid blocks are not content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.markdown_tables import Table, is_delimiter_row, read_tables
from assistant.strategy.placement import place_content, section_of_heading

_NOT_CONTENT_H2 = re.compile(r"(?i)^(document control|revision history|approval|approvals|sign-?off|external references)")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the (placed) document
    section: int | None  # template section 1-15; None outside the numbered sections
    heading: str  # "7. Model Monitoring > Data Drift Monitoring"
    text: str  # the line as prose: table cells joined with " | ", Markdown emphasis removed
    cells: tuple[str, ...] = ()  # table cells when the line is a table row
    header: tuple[str, ...] = ()  # the table's header cells
    fenced: bool = False  # inside a code block (an example or a template to copy), not the document's own text

    def where(self) -> str:
        return f"section {self.section} ({self.heading.split(' > ')[-1]})" if self.section else self.heading or "the document"


def _clean(text: str) -> str:
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _table_rows(tables: list[Table]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each body row's cells and its table's header, by 0-based line."""
    return {row.line: (tuple(_clean(c) for c in row.values), tuple(_clean(c) for c in table.columns))
            for table in tables for row in table.rows}


def strategy_lines(markdown: str) -> list[Line]:
    """Content lines of a strategy, each with its template section and heading path."""
    placed, _ = place_content(markdown)
    out: list[Line] = []
    h2, h3, section = "", "", None
    content = False
    fenced = mermaid = False
    lines = placed.splitlines()
    tables = read_tables(lines)
    # header and delimiter lines are not content
    rows = _table_rows(tables)
    table_heads = {line for table in tables for line in (table.start, table.start + 1)}
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            mermaid = fenced and "mermaid" in stripped
            continue
        if mermaid:
            continue  # a chart: drawn from the data, not prose
        if not fenced and raw.startswith("# "):
            continue
        if not fenced and raw.startswith("## "):
            h2, h3 = raw[3:].strip(), ""
            content = not _NOT_CONTENT_H2.match(re.sub(r"^\d+\.\s*", "", h2))
            section = section_of_heading(h2) if content else None
            continue
        if not fenced and raw.startswith("### "):
            h3 = raw[4:].strip()
            continue
        if not content or not stripped or stripped == "---" or stripped.startswith("**Generated"):
            continue
        heading = f"{h2} > {h3}" if h3 else h2
        if number - 1 in table_heads:
            continue
        if number - 1 in rows:
            cells, header = rows[number - 1]
            out.append(Line(number, section, heading, " | ".join(c for c in cells if c), cells, header))
            continue
        text = _clean(re.sub(r"^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s*)", "", raw))
        if text:
            out.append(Line(number, section, heading, text))
    return out


def all_lines(markdown: str) -> list[Line]:
    """Every non-empty line (Document Control and footer included), with its section: for placeholders. A table
    row keeps its raw text and also carries its cells and its table's header."""
    placed, _ = place_content(markdown)
    out: list[Line] = []
    h2, section = "", None
    fenced = mermaid = False
    lines = placed.splitlines()
    rows = _table_rows(read_tables(lines))
    for number, raw in enumerate(lines, start=1):
        if raw.strip().startswith(("```", "~~~")):
            fenced = not fenced
            mermaid = fenced and "mermaid" in raw
            continue
        if mermaid:
            continue
        if raw.startswith("## "):
            h2 = raw[3:].strip()
            section = section_of_heading(h2) if not _NOT_CONTENT_H2.match(re.sub(r"^\d+\.\s*", "", h2)) else None
            continue
        if raw.strip() and not is_delimiter_row(raw):
            cells, header = rows.get(number - 1, ((), ()))
            out.append(Line(number, section, h2, raw.strip(), cells, header, fenced=fenced))
    return out

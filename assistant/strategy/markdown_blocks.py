"""A small line-based Markdown block reader: headings, tables, fences, lists, paragraphs, rules.

ArcKit documents use a narrow Markdown subset; reading it line by line keeps the original text of every
block (so content we cannot place is kept verbatim) and is fast. Tables are found and split by the one table
reader (`assistant.markdown_tables`, GFM rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.markdown_tables import is_delimiter_row, table_starts
from assistant.markdown_tables import split_row as _split_cells

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_HR = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")


@dataclass
class MdBlock:
    kind: str  # heading | table | fence | list | para | hr
    lines: list[str] = field(default_factory=list)
    level: int = 0  # heading level
    text: str = ""  # heading text; fence info string
    body: str = ""  # fence content

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)


def read_blocks(text: str) -> list[MdBlock]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[MdBlock] = []
    tables = table_starts(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fence = stripped[:3]
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(fence):
                j += 1
            block = MdBlock("fence", lines[i : j + 1], text=stripped[3:].strip(), body="\n".join(lines[i + 1 : j]))
            blocks.append(block)
            i = j + 1
            continue
        m = _HEADING.match(line)
        if m:
            blocks.append(MdBlock("heading", [line], level=len(m.group(1)), text=m.group(2).strip()))
            i += 1
            continue
        if _HR.match(line):
            blocks.append(MdBlock("hr", [line]))
            i += 1
            continue
        table = tables.get(i)
        if table is not None and not _LIST.match(line):
            blocks.append(MdBlock("table", lines[i : table.end]))
            i = table.end
            continue
        if _LIST.match(line):
            j = i + 1
            while j < len(lines) and lines[j].strip() and (
                _LIST.match(lines[j]) or (lines[j].startswith("  ") and j not in tables)
            ):
                j += 1
            blocks.append(MdBlock("list", lines[i:j]))
            i = j
            continue
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            s = nxt.strip()
            if not s or _HEADING.match(nxt) or j in tables or s.startswith(("```", "~~~")) or _LIST.match(nxt) or _HR.match(nxt):
                break
            j += 1
        blocks.append(MdBlock("para", lines[i:j]))
        i = j
    return blocks


def split_row(line: str) -> list[str]:
    """Cells of a table row; `\\|` stays inside its cell (escapes are kept for the cell grammar)."""
    return _split_cells(line, escaped=True)


def table_rows(block: MdBlock) -> tuple[list[str], list[tuple[list[str], str]]]:
    """(header cells, [(row cells, raw line)]) of a table block; the separator line is skipped."""
    header = split_row(block.lines[0])
    rows = [(split_row(line), line) for line in block.lines[1:] if not is_delimiter_row(line)]
    return header, rows


def list_items(block: MdBlock) -> list[str]:
    """Item texts of a list block, markers kept (`- `, `1. `); continuation lines joined."""
    items: list[str] = []
    for line in block.lines:
        if _LIST.match(line):
            items.append(line.strip())
        elif items:
            items[-1] += " " + line.strip()
    return items


def norm(text: str) -> str:
    """A comparison key for headings and labels."""
    return re.sub(r"[^a-z0-9]+", "", text.casefold())

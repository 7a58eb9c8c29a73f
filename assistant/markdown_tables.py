"""The one reader of Markdown pipe tables (GitHub-flavoured), for strategy parsing, ingestion, facts and review.

Where a table is, and which of its lines are the header, the delimiter and the body rows, is decided by
markdown-it-py's GFM table rule (its tokens' `map` gives the line numbers). So a table without outer pipes, one
inside a list item or a block quote, or one directly under a paragraph line is found, and pipe lines inside a
code fence or an indented code block, or without a delimiter row that matches the header, are not tables.

A row is split into cells by the same rule's `escapedSplit`: `\\|` is a pipe inside a cell (GFM drops the
backslash, also inside inline code), every other escape stays for the caller's own cell grammar, and the outer
pipes are optional. Rows keep the cells they were written with: markdown-it pads a short body row and cuts a
long one to the header's width, which would hide a malformed row from the validator, so the cells here are
split from each row's own line.

A leaf module: it imports nothing from the assistant, so every layer may use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit

# A delimiter cell, as the GFM table rule accepts it (`---`, `:--`, `--:`, `:-:`).
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
# What precedes a row's text on its line inside a container: indentation and block-quote markers. A table that
# starts on a list item's marker line ("- | a | b |") also has the marker before its header.
_CONTAINER = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*")
_LIST_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")


@dataclass(frozen=True)
class Cell:
    """One cell: its text, and where its (stripped) source sits in the row's line.

    `source` is `line[start:end]`, escapes as written; `text` is the cell as GFM reads it (`\\|` -> `|`).
    """

    start: int
    end: int
    text: str
    source: str


@dataclass(frozen=True)
class Row:
    """One table row: its line index (0-based) in the text read, the line as written and its cells."""

    line: int
    source: str
    cells: tuple[Cell, ...]

    @property
    def values(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True)
class Table:
    """A table: the lines [start, end) it spans, its header row, its body rows and each column's alignment."""

    start: int
    end: int
    header: Row
    rows: tuple[Row, ...]
    aligns: tuple[str, ...]  # "left" | "center" | "right" | "" per header column

    @property
    def columns(self) -> list[str]:
        return self.header.values


def _split(body: str, offset: int) -> list[Cell]:
    """Cells of a row's text (`body`, found at `offset` in its line), split by markdown-it's own rule."""
    stripped = body.strip()
    lead = offset + len(body) - len(body.lstrip())
    pieces = escapedSplit(stripped)
    cells: list[Cell] = []
    pos = 0
    for piece in pieces:
        # escapedSplit turns each `\\|` into `|`, so the piece's source is one character longer per pipe in it.
        source = stripped[pos : pos + len(piece) + piece.count("|")]
        if source.strip():
            start = lead + pos + len(source) - len(source.lstrip())
            end = lead + pos + len(source.rstrip())
        else:
            start = end = lead + pos
        cells.append(Cell(start, end, piece.strip(), source.strip()))
        pos += len(source) + 1
    # Outer pipes are optional: an empty first or last piece is the space outside them, not a cell.
    if cells and pieces[0] == "":
        cells.pop(0)
    if cells and pieces[-1] == "":
        cells.pop()
    return cells


def row_cells(line: str) -> list[Cell]:
    """The cells of one table row line, with their offsets in the line (a block-quote prefix is skipped)."""
    prefix = _CONTAINER.match(line)
    start = prefix.end() if prefix else 0
    return _split(line[start:], start)


def split_row(line: str, *, escaped: bool = False) -> list[str]:
    """The cell texts of one table row line (`| a | b \\| c |` -> ["a", "b | c"]).

    `escaped=True` keeps each cell as written (`b \\| c`), for a caller with its own escape grammar.
    """
    return [cell.source if escaped else cell.text for cell in row_cells(line)]


def is_delimiter_row(line: str) -> bool:
    """Whether a line is a table's delimiter row (`|---|:--:|`, `--- | ---`), by the GFM table rule."""
    text = line.strip()
    if not text or text[0] not in "|-:" or not set(text) <= set("|-: \t"):
        return False
    if text[0] == "-" and len(text) > 1 and text[1] in " \t":  # "- --" is a list item, not a delimiter
        return False
    parts = text.split("|")
    cells = [part.strip() for part in parts]
    for i, cell in enumerate(cells):
        if not cell:
            if i in (0, len(cells) - 1):
                continue
            return False
        if not _DELIMITER_CELL.match(cell):
            return False
    return any(cells)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Block structure only: the inline pass (emphasis, links) is not needed to find tables, and skipping it
    # keeps a long document fast.
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def _align(style: str) -> str:
    return style.removeprefix("text-align:") if style else ""


def read_tables(lines: Sequence[str]) -> list[Table]:
    """Every table in a document given as its lines (as `str.splitlines()` gives them), in document order."""
    if not any("|" in line for line in lines):  # no table is possible: skip the parse
        return []
    tokens = _parser().parse("\n".join(lines))
    tables: list[Table] = []
    for index, token in enumerate(tokens):
        if token.type != "table_open" or token.map is None:
            continue
        start, end = token.map
        aligns: list[str] = []
        for inner in tokens[index + 1 :]:
            if inner.type == "th_open":
                aligns.append(_align(str(inner.attrs.get("style", ""))))
            elif inner.type == "thead_close":
                break
        # A table that opens a list item shares the marker's line: the header's text starts after the marker.
        previous = tokens[index - 1] if index else None
        on_marker = previous is not None and previous.type == "list_item_open" and previous.map is not None \
            and previous.map[0] == start
        header_line = lines[start]
        marker = _LIST_MARKER.match(header_line) if on_marker else None
        header_cells = tuple(_split(header_line[marker.end():], marker.end()) if marker else row_cells(header_line))
        header = Row(start, header_line, header_cells)
        rows = tuple(Row(i, lines[i], tuple(row_cells(lines[i]))) for i in range(start + 2, end))
        tables.append(Table(start, end, header, rows, tuple(aligns)))
    return tables


def table_starts(lines: Sequence[str]) -> dict[int, Table]:
    """The tables of a document keyed by their header line: for readers that walk a document line by line."""
    return {table.start: table for table in read_tables(lines)}


__all__ = ["Cell", "Row", "Table", "is_delimiter_row", "read_tables", "row_cells", "split_row", "table_starts"]

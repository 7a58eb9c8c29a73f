"""Walk a document's text into clauses with offsets, heading path, owning requirement and qualifiers.

A clause is a sentence of prose, a list item (or a sentence of one), or one cell of a table row (read with
its column header and the row's first cell as its label). Headings, generation footers and the parts of a
document that describe the document itself (see `arckit.is_skipped_heading`) are walked past, not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.documents.ids import REQUIREMENT_FAMILY_ID, REQUIREMENT_ID
from assistant.facts import vocabulary
from assistant.facts.arckit import is_footer_line, is_skipped_heading
from assistant.markdown_tables import table_starts

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
_ORDERED = re.compile(r"^\s*\d+[.)]\s")
_CHECKBOX = re.compile(r"^\s*(?:[-*+]\s+)?\[(?P<mark>[ xX✓✔])\]\s*")
_BOX_GLYPH = re.compile(r"^\s*(?:[-*+]\s+)?(?P<glyph>[☐☑☒✅❌])\s*")
# A bold label may carry a parenthesis after its bold ("**Important** (disclosure tools, AI services): 99.5%"):
# the parenthesis says what the label covers, so it is part of the label.
_LABEL = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\[[ xX]\]\s*)?\**(?P<label>[^:*|]{2,60}?(?:\*\*\s*\([^():*|]{1,80}\))?)"
                    r"\**\s*:\**\s+(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z\[(\"'*`])")


def is_requirement_id(value: str) -> bool:
    """Business, functional, non-functional, integration and data requirements: not entities, risks, tests."""
    return bool(REQUIREMENT_FAMILY_ID.match(value))


def _lead_requirement(title: str) -> str | None:
    m = REQUIREMENT_ID.match(title.strip().strip("*`[] "))
    return m.group(0) if m and is_requirement_id(m.group(0)) else None


@dataclass
class Clause:
    """One clause: its exact span in the document and the context needed to read it."""

    start: int
    end: int
    text: str
    heading: tuple[str, ...]
    requirement_id: str | None = None
    label: str = ""  # bullet label ("Web page load time") or table row label
    column: str = ""  # table column header
    row: dict[str, str] = field(default_factory=dict)  # the whole table row, header -> cell
    checked: bool | None = None
    conditional: str | None = None  # inherited from a heading or an "Out of Scope:" list
    in_table: bool = False
    criteria: bool = False  # a criterion to verify ("Acceptance Criteria"): its checkbox is no choice
    # The title of the list item this one is nested under ("Incidents Data Product" for "   - SLA: < 30 sec
    # freshness" under "2. **Incidents Data Product**"): what a nested item's figures are about.
    parent: str = ""
    # The bold label a list hangs from ("Retention" for "- Application logs: >= 90 days" under "**Retention**:"):
    # what every item of that list is a value of.
    lead: str = ""

    @property
    def heading_text(self) -> str:
        return " > ".join(self.heading)


def _clean_cell(text: str) -> str:
    return re.sub(r"[*_`]+", "", text).strip()


def _split_sentences(text: str, offset: int) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[pos : m.start()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield offset + pos + lead, offset + pos + lead + len(piece.strip()), piece.strip()
        pos = m.end()
    piece = text[pos:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        yield offset + pos + lead, offset + pos + lead + len(piece.strip()), piece.strip()


def walk(text: str) -> tuple[list[Clause], list[str]]:
    """The document's clauses, and the headings (or footer lines) that were skipped as not content."""
    clauses: list[Clause] = []
    skipped: list[str] = []
    headings: list[tuple[int, str]] = []
    owner: tuple[int, str] | None = None  # (heading level, requirement ID)
    skip_level: int | None = None
    scope_level: tuple[int, str] | None = None  # a heading that makes everything under it conditional
    label_scope: str | None = None  # an "**Out of Scope**:" label that qualifies the list below it
    lead = ""  # the bold-only label paragraph the current list hangs from
    # A heading level or "**Acceptance Criteria**:" label under which checkboxes are criteria, not choices.
    criteria_level: int | None = None
    criteria_label = False
    lines = text.splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    tables = table_starts([line.rstrip("\r\n") for line in lines])
    in_fence = False
    items: list[tuple[int, bool, str]] = []  # the open list items above this line: (indent, numbered, title)
    index = 0
    while index < len(lines):
        raw = lines[index].rstrip("\r\n")
        start = offsets[index]
        index += 1
        if raw.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(raw)
        if heading:
            level, title = len(heading.group(1)), _clean_cell(heading.group(2))
            headings = [h for h in headings if h[0] < level] + [(level, title)]
            if owner and level <= owner[0]:
                owner = None
            if skip_level is not None and level <= skip_level:
                skip_level = None
            if scope_level is not None and level <= scope_level[0]:
                scope_level = None
            label_scope = None
            lead = ""
            criteria_label = False
            if criteria_level is not None and level <= criteria_level:
                criteria_level = None
            if criteria_level is None and vocabulary.is_criteria_label(title):
                criteria_level = level
            if skip_level is None and is_skipped_heading(title):
                skip_level = level
                skipped.append(title)
            rid = _lead_requirement(title)
            if rid:
                owner = (level, rid)
            cond = vocabulary.scope_qualifier(title)
            if cond and scope_level is None:
                scope_level = (level, cond)
            items = []
            continue
        if skip_level is not None:
            continue
        if is_footer_line(raw):
            skipped.append(raw.strip()[:80])
            continue
        path = tuple(title for _, title in headings)
        conditional = scope_level[1] if scope_level else None
        stripped = raw.strip()
        if not stripped:
            continue
        table = tables.get(index - 1)
        if table is not None:
            header = [_clean_cell(c) for c in table.columns]
            index = table.end
            for table_row in table.rows:
                row_start = offsets[table_row.line]
                # A clause's text is its cell as written, so offsets inside it stay offsets in the document.
                cells = [(c.start, c.end, c.source) for c in table_row.cells]
                values = [_clean_cell(c) for c in table_row.values]
                row = {header[i] if i < len(header) else f"Column {i + 1}": v for i, v in enumerate(values)}
                row_owner = _lead_requirement(values[0]) if values else None
                label = values[0] if values else ""
                for i, (cs, ce, cell) in enumerate(cells):
                    if not cell:
                        continue
                    column = header[i] if i < len(header) else ""
                    box = _CHECKBOX.match(cell) or _BOX_GLYPH.match(cell)
                    clauses.append(Clause(
                        row_start + cs, row_start + ce, cell, path,
                        requirement_id=row_owner or (owner[1] if owner else None), label=label if i else "",
                        column=column, row=row, checked=None if criteria_level is not None else _box_state(box),
                        conditional=conditional, in_table=True, criteria=criteria_level is not None))
            continue
        row_cells = _row_line_cells(raw, start)
        if row_cells:
            row = {key: value for _, _, key, value in row_cells}
            label = row_cells[0][3]
            row_owner = _lead_requirement(label)
            for i, (cs, ce, key, value) in enumerate(row_cells):
                clauses.append(Clause(cs, ce, value, path, requirement_id=row_owner or (owner[1] if owner else None),
                                      label=label if i else "", column=key, row=row, conditional=conditional,
                                      in_table=True))
            continue
        item = _ITEM.match(raw)
        parent = ""
        if item:
            indent = 2 * len(item.group(1).expandtabs(4))
            if not _ORDERED.match(raw) and any(i == indent and ordered for i, ordered, _ in items):
                # Chunked text loses indentation: a bullet under a numbered item at the same margin ("1. **Name**"
                # then "- SLA: ...") is still that item's child.
                indent += 1
            items = [(i, o, t) for i, o, t in items if i < indent]
            parent = items[-1][2] if items else ""
            items.append((indent, bool(_ORDERED.match(raw)), _item_title(raw[item.end():])))
        elif not raw[:1].isspace():
            items = []  # a paragraph at the margin closes the list
        if not item:
            label_match = _LABEL.match(raw)
            bold_only = re.fullmatch(r"\**(?P<l>[^*:]{2,60})\**\s*:?\**\s*:?", stripped)
            label_scope = vocabulary.scope_qualifier(bold_only.group("l")) if bold_only else None
            criteria_label = bool(bold_only and vocabulary.is_criteria_label(bold_only.group("l")))
            if bold_only:
                lead = bold_only.group("l").strip()
            elif stripped:
                lead = ""  # a paragraph ends the list the last bold label led
        else:
            label_match = _LABEL.match(raw)
        if item and label_scope:
            conditional = conditional or label_scope
        # A criterion's empty box says it is not yet verified, not that it was left unselected.
        criteria = item is not None and (criteria_label or criteria_level is not None)
        box = None if criteria else _CHECKBOX.match(raw) or _BOX_GLYPH.match(raw)
        label = _clean_cell(label_match.group("label")) if label_match else ""
        line_owner = _lead_requirement(label) if label else None
        rid = line_owner or (owner[1] if owner else None)
        for cs, ce, sentence in _split_sentences(raw, start):
            clauses.append(Clause(cs, ce, sentence, path, requirement_id=rid, label=label,
                                  checked=_box_state(box), conditional=conditional, criteria=criteria,
                                  parent=parent, lead=lead if item else ""))
    return clauses, skipped


def _item_title(body: str) -> str:
    """What a list item is called, for the items nested under it: its label ("Owner" in "Owner: X"), or its
    whole text when short ("**Incidents Data Product**"); "" for an item that is a sentence."""
    body = re.sub(r"^\[[ xX✓✔]\]\s*", "", body.strip())
    label = _LABEL.match(body)
    if label:
        return _clean_cell(label.group("label"))
    text = _clean_cell(body).rstrip(":")
    return text if 0 < len(text) <= 60 and not re.search(r"[.!?]\s", text) else ""


_ROW_CELL = re.compile(r"^\s*(?P<key>[^:|]{1,60}?):\s+(?P<value>\S.*?)\s*$")


def _row_line_cells(line: str, offset: int) -> list[tuple[int, int, str, str]]:
    """A table row flattened by ingestion ("Metric: Latency | Target: < 2 s") as (start, end, header, value)."""
    if " | " not in line:
        return []
    cells = []
    pos = 0
    for part in line.split(" | "):
        m = _ROW_CELL.match(part)
        if not m:
            return []
        cells.append((offset + pos + m.start("value"), offset + pos + m.end("value"), _clean_cell(m.group("key")),
                      m.group("value")))
        pos += len(part) + 3
    return cells


def _box_state(match: re.Match[str] | None) -> bool | None:
    if match is None:
        return None
    mark = match.groupdict().get("mark") or match.groupdict().get("glyph") or ""
    return mark.strip() not in ("", "☐", "❌")

"""ArcKit MLOps Markdown -> Strategy.

Lossless for what `render_markdown` writes; best effort for ArcKit's own and hand-written documents
that drift (reordered or extra sections, extra columns, other ID styles, the old single-table External
References, the `MLOP` type code). What cannot be placed goes to `extra_content` with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from assistant.errors import InvalidInputError
from assistant.strategy import charts
from assistant.strategy.base import ExtraBlock, Provenance, Row
from assistant.strategy.cells import is_marker_id, make_provenance, split_provenance, unescape, value_text
from assistant.strategy.errors import NotAStrategyError
from assistant.strategy.guidance import match_principle
from assistant.strategy.layout import (
    APPLIES_REASON,
    BASIS_LABEL,
    EXTERNAL_REFERENCE_TABLES,
    JSP936_ROWS,
    OPEN_QUESTIONS_LABEL,
    SECTION_LAYOUT,
    Block,
)
from assistant.strategy.markdown_blocks import MdBlock, list_items, norm, read_blocks, split_row, table_rows
from assistant.strategy.placement import Move, place_content, section_by_title_prefix, section_of_heading, title_part
from assistant.strategy.render import fact_fields
from assistant.strategy.schema import (
    SECTIONS,
    TYPE_CODE,
    ApprovalRow,
    Citation,
    CostRow,
    DocumentControl,
    DocumentRef,
    Footer,
    JSP936Alignment,
    MetricValueRow,
    ModelCard,
    PrincipleRow,
    RevisionRow,
    Strategy,
    UnreferencedDocument,
)


@dataclass
class ParseResult:
    strategy: Strategy
    warnings: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)  # headings read in another place or under another name


_SECTION_BY_TITLE = {norm(info.title): info for info in SECTIONS}
_SECTION_ALIASES = {
    norm("LLM / Generative AI Operations"): 9,
    norm("GenAI Operations"): 9,
    norm("UK Government Compliance"): 13,
    norm("Costs"): 14,
    norm("Traceability"): 15,
    norm("Model Catalogue"): 2,
}
_TABLE_KINDS = {"table", "attrs", "principles", "jsp936", "costs"}
_LIST_KINDS = {"bullets", "checklist", "numbered"}
_APPLIES_RE = re.compile(r"^\*\*Applies\*\*:\s*(Yes|No|Undecided)(?:\s+—\s+(.*))?$", re.IGNORECASE)
_NOT_APPLICABLE_RE = re.compile(r"^\*{0,2}(?:not applicable|n/a)\*{0,2}[:.\s—–-]*(.*)$", re.IGNORECASE)
# The generative-AI section opened by a sentence saying no such model is in scope ("No Large Language Model is
# in scope for Beta."): the author's answer to its Applies line, in words.
_NO_GENAI_RE = re.compile(
    r"^((?:no|none of the)\s+(?:large language models?|LLMs?|generative(?:[- ]AI)? models?|GenAI models?|foundation "
    r"models?)\s+(?:is|are)\s+(?:in scope|used|in use|deployed|planned)\b.*)$", re.IGNORECASE | re.DOTALL)
_DOC_ID_RE = re.compile(r"ARC-([A-Za-z0-9\[\]_]+)-([A-Z]+)-v(\S+)")
_TOPIC_RE = re.compile(r"\s*_\(Topic: (.*)\)_$")
_NUMBERED_RE = re.compile(r"^\d+[.)]\s+(?:\*\*(.+?)\*\*:?\s*(.*)|(.*))$")
_CHECK_RE = re.compile(r"^[-*+]\s+\[([ xX])\]\s+(.*)$")
_BULLET_RE = re.compile(r"^(?:[-*+]|\d+[.)])\s+(.*)$")
_DOC_CONTROL_FIELDS = {
    norm("Classification"): "classification",
    norm("Status"): "status",
    norm("Version"): "version",
    norm("Created Date"): "created_date",
    norm("Last Modified"): "last_modified",
    norm("Review Cycle"): "review_cycle",
    norm("Next Review Date"): "next_review_date",
    norm("Owner"): "owner",
    norm("Distribution"): "distribution",
}


def _column_by_words(header: str, row_cls: type[Row], used: set[str]) -> tuple[str, str, str] | None:
    """A template column whose every word is in the header ("Implementation in this strategy" -> Implementation)."""
    got = set(re.findall(r"[a-z0-9]+", header.casefold()))
    for h, f, p in row_cls.COLUMNS:
        want = set(re.findall(r"[a-z0-9]+", h.casefold()))
        if f not in used and want and want <= got and len(got - want) <= 4:
            return h, f, p
    return None


def heading_kind(text: str) -> tuple[str, int | None]:
    """Classify an H2 heading: ("section", n) | ("document_control"|..., None) | ("unknown", None)."""
    plain = re.sub(r"^\d+(?:\.\d+)*\.?\s*", "", text)
    key = norm(plain)
    for candidate in (key, norm(title_part(plain))):  # the title, then the title without an added subtitle
        if candidate in _SECTION_BY_TITLE:
            return "section", _SECTION_BY_TITLE[candidate].number
        if candidate in _SECTION_ALIASES:
            return "section", _SECTION_ALIASES[candidate]
    if (number := section_by_title_prefix(plain)) is not None:
        return "section", number  # "Model Governance and Autonomy-Tier Operations": the title, extended
    # A retitled section ("4. Training, Adaptation and Evaluation Pipeline") whose own number agrees with the
    # section its words name
    own = re.match(r"\s*(\d+)\.?\s", text)
    if own and section_of_heading(text) == int(own.group(1)):
        return "section", int(own.group(1))
    for name in ("documentcontrol", "revisionhistory", "externalreferences"):
        if key == name:
            return name, None
    if key in ("approval", "approvals", "signoff", "approvalsignoff"):
        return "approval", None
    return "unknown", None


def _table_as_list(block: MdBlock) -> MdBlock:
    """A table's rows as list items: the first cell, then the other cells with their column names."""
    header, rows = table_rows(block)
    lines = []
    for cells, _ in rows:
        first = cells[0].strip() if cells else ""
        rest = [f"{h.strip()}: {c.strip()}" for h, c in zip(header[1:], cells[1:], strict=False)
                if c.strip() and c.strip() not in ("-", "—")]
        if first:
            lines.append(f"- {first}" + (f" ({'; '.join(rest)})" if rest else ""))
    return MdBlock("list", lines)


class _Parser:
    def __init__(self, text: str) -> None:
        self.blocks = read_blocks(text)
        self.warnings: list[str] = []
        self.data: dict[str, Any] = {}
        self.sections: dict[str, dict[str, Any]] = {info.field: {} for info in SECTIONS}
        self.extra: list[ExtraBlock] = []
        self._extra_lines: list[str] = []
        self._extra_section: int | None = None
        self.seen_sections: list[int] = []
        self.title = ""
        self._ext_table: str | None = None  # the External References sub-section being read

    # -- helpers ---------------------------------------------------------------------------------------
    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def keep(self, block: MdBlock, section: int | None, why: str | None = None) -> None:
        """Keep a block we cannot place; consecutive ones form one extra-content block."""
        if self._extra_lines and self._extra_section != section:
            self.flush()
        if why:
            self.warn(why)
        self._extra_section = section
        self._extra_lines.append(block.raw)

    def flush(self) -> None:
        if self._extra_lines:
            self.extra.append(ExtraBlock(section=self._extra_section, markdown="\n\n".join(self._extra_lines)))
            self._extra_lines = []

    def rows(self, block: MdBlock, row_cls: type[Row], where: str, section: int | None) -> list[Row]:
        """Typed rows of a table; extra columns go to `row.extra`, rows that cannot be typed are kept."""
        header, raw_rows = table_rows(block)
        columns = {norm(h): (h, f, p) for h, f, p in row_cls.COLUMNS}
        mapping: list[tuple[str, str | None, str | None]] = []  # (header, field, placeholder)
        used: set[str] = set()
        for h in header:
            col = columns.get(norm(h)) or _column_by_words(h, row_cls, used)
            if col and col[1] not in used:
                used.add(col[1])
                mapping.append((col[0], col[1], col[2]))
            else:
                mapping.append((unescape(h), None, None))
        if len(header) == len(row_cls.COLUMNS) and used:
            # The template's table with a column renamed ("How This Strategy Addresses It" for Implementation):
            # same shape, the other columns recognised, so the renamed one is the template's column in its place.
            for i, (_h, f, _) in enumerate(mapping):
                th, tf, tp = row_cls.COLUMNS[i]
                if f is None and tf not in used:
                    used.add(tf)
                    mapping[i] = (th, tf, tp)
        extra_cols = [h for h, f, _ in mapping if f is None]
        if extra_cols:
            self.warn(f"{where}: extra column(s) {', '.join(extra_cols)} kept as extra columns")
        out: list[Row] = []
        for cells, line in raw_rows:
            if len(cells) > len(mapping):
                mapping += [(f"Column {i + 1}", None, None) for i in range(len(mapping), len(cells))]
            data: dict[str, Any] = {}
            extra: dict[str, str] = {}
            markers: list[str] = []
            basis = rationale = None
            for (h, f, placeholder), cell in zip(mapping, cells, strict=False):
                if f is None:
                    if cell.strip():
                        extra[h] = unescape(cell.strip())
                    continue
                if row_cls is Citation and f == "page_section":
                    head, sep, tail = cell.rpartition("·")
                    if sep and is_marker_id(tail.strip()):
                        data["evidence_id"] = tail.strip()
                        cell = head.strip()
                text, ms, b, r = split_provenance(cell, placeholder)
                markers += ms
                basis, rationale = b or basis, r if r is not None else rationale
                value = value_text(text, placeholder)
                if value is None:
                    continue
                if row_cls is PrincipleRow and f == "principle":
                    number = match_principle(value)
                    if number is None:
                        extra[h] = value
                        self.warn(f"{where}: '{value}' is not one of the ten AI Playbook principles; kept as extra")
                        continue
                    data[f] = number
                    continue
                data[f] = value
            if not data and not markers and basis is None and not extra:
                continue  # a placeholder row
            data["provenance"] = make_provenance(markers, basis, rationale)
            data["extra"] = extra
            row = self._validate_row(row_cls, data, mapping, where, line)
            if row is not None:
                out.append(row)
            else:
                self.keep(MdBlock("para", [line]), section)
        return out

    def _validate_row(self, row_cls: type[Row], data: dict[str, Any], mapping: Any, where: str, line: str) -> Row | None:
        headers = {f: h for h, f, _ in mapping if f}
        for _ in range(len(headers) + 1):
            try:
                return row_cls.model_validate(data)
            except ValidationError as exc:
                moved = False
                for err in exc.errors():
                    loc = err["loc"][0] if err["loc"] else None
                    if isinstance(loc, str) and loc in data and loc in headers and loc not in ("provenance", "extra"):
                        raw = str(data.pop(loc))
                        data["extra"][headers[loc]] = raw
                        self.warn(f"{where}: {headers[loc]} '{raw}' is not valid ({err['msg']}); kept as extra column")
                        moved = True
                if not moved:
                    self.warn(f"{where}: row could not be read ({exc.errors()[0]['msg']}); kept as extra content")
                    return None
        return None

    def attrs(self, block: MdBlock, model_cls: type[BaseModel], where: str, section: int | None) -> dict[str, Any]:
        labels = {norm(info.title or name): (name, info) for name, info in model_cls.model_fields.items() if info.title}
        header, raw_rows = table_rows(block)
        out: dict[str, Any] = {}
        unknown: list[str] = []
        for cells, line in raw_rows:
            if len(cells) < 2:
                unknown.append(line)
                continue
            label = cells[0].strip().strip("*").strip()
            hit = labels.get(norm(label))
            if hit is None:
                unknown.append(line)
                continue
            name, info = hit
            # Schema fields carry their placeholder in a dict; pydantic also allows a callable there, which we never use.
            extra = info.json_schema_extra
            placeholder = str(extra.get("placeholder", "")) if isinstance(extra, dict) else ""
            text, ms, b, r = split_provenance(" | ".join(cells[1:]) if len(cells) > 2 else cells[1], placeholder)
            value = value_text(text, placeholder)
            fact: dict[str, Any] = {"provenance": make_provenance(ms, b, r)}
            if value is not None:
                fact["value"] = value
            try:
                _model_class(info.annotation).model_validate(fact)
            except ValidationError as exc:
                self.warn(f"{where}: {label} '{value}' is not valid ({exc.errors()[0]['msg']}); kept as extra content")
                unknown.append(line)
                continue
            out[name] = fact
        if unknown:
            self.keep(MdBlock("table", block.lines[:2] + unknown), section, f"{where}: unknown row(s) kept as extra content")
        return out

    # -- the document ------------------------------------------------------------------------------------
    def run(self) -> ParseResult:
        context, number = "preamble", None
        queue: list[Block] = []
        pending_oq = False
        for block in self.blocks:
            if block.kind == "heading" and block.level == 1:
                self.flush()
                self.title = block.text
                context, number, queue = "preamble", None, []
                continue
            if block.kind == "heading" and block.level == 2:
                self.flush()
                context, number = heading_kind(block.text)
                pending_oq = False
                if context == "section":
                    assert number is not None
                    if number in self.seen_sections:
                        context = "unknown"
                        self.keep(block, None, f"section {number} appears twice; the second copy is kept as extra content")
                        continue
                    self.seen_sections.append(number)
                    layout = SECTION_LAYOUT[SECTIONS[number - 1].field]
                    queue = _group(layout, None)
                    if block.text.split(".")[0].strip().isdigit() and int(block.text.split(".")[0]) != number:
                        self.warn(f"heading '{block.text}' is section {number} of the template; read as section {number}")
                elif context == "unknown":
                    self.keep(block, None, f"unknown section '{block.text}' kept as extra content")
                else:
                    queue = []
                continue
            if block.kind == "hr":
                continue
            if block.kind == "para" and block.raw.lstrip().startswith("**Generated by**"):
                self.flush()
                self.footer(block)
                continue
            if context == "unknown":
                self.keep(block, None)
                continue
            if context == "section":
                assert number is not None
                if block.kind == "heading":
                    self.flush()
                    layout = SECTION_LAYOUT[SECTIONS[number - 1].field]
                    queue = _group(layout, block.text)
                    if not queue:
                        self.keep(block, number, f"section {number}: unknown sub-section '{block.text}' kept as extra content")
                        context = "section-unknown"
                    continue
                if block.kind == "para" and block.raw.strip() == OPEN_QUESTIONS_LABEL:
                    pending_oq = True
                    continue
                if pending_oq and block.kind == "list":
                    self.open_questions(number, block)
                    pending_oq = False
                    continue
                self.section_block(number, block, queue)
                continue
            if context == "section-unknown":
                assert number is not None
                if block.kind == "heading" and block.level >= 3:
                    layout = SECTION_LAYOUT[SECTIONS[number - 1].field]
                    queue = _group(layout, block.text)
                    if queue:
                        self.flush()
                        context = "section"
                        continue
                if block.kind == "para" and block.raw.strip() == OPEN_QUESTIONS_LABEL:
                    self.flush()
                    context, pending_oq = "section", True
                    continue
                self.keep(block, number)
                continue
            self.other_block(context, block)
        self.flush()
        return self.finish()

    def other_block(self, context: str, block: MdBlock) -> None:
        if block.kind == "para" and block.raw.lstrip().startswith("**Generated"):
            self.footer(block)
            return
        if context == "preamble":
            if block.kind == "para" and block.raw.lstrip().startswith("> **Template Status**"):
                return
            self.keep(block, None, "content before the first section kept as extra content")
            return
        if context == "documentcontrol" and block.kind == "table":
            self.document_control(block)
            return
        if context == "revisionhistory" and block.kind == "table":
            self.data["revision_history"] = self.rows(block, RevisionRow, "Revision History", None)
            return
        if context == "approval" and block.kind == "table":
            self.data["approval"] = self.rows(block, ApprovalRow, "Approval", None)
            return
        if context == "externalreferences":
            self.external_references(block)
            return
        if context.startswith("extref:"):
            self.external_references(block, context.split(":", 1)[1])
            return
        self.keep(block, None, f"{context}: unexpected {block.kind} kept as extra content")

    def external_references(self, block: MdBlock, table: str | None = None) -> None:
        refs = self.data.setdefault("external_references", {})
        if block.kind == "heading":
            key = norm(block.text)
            for heading, name in EXTERNAL_REFERENCE_TABLES:
                if key == norm(heading):
                    self._ext_table = name
                    return
            self._ext_table = None
            self.keep(block, None, f"External References: unknown sub-section '{block.text}' kept as extra content")
            return
        table = self._ext_table
        if block.kind != "table":
            self.keep(block, None)
            return
        header, _ = table_rows(block)
        if table is None and "keyextractions" in {norm(h) for h in header}:
            self.warn("External References: old single-table format converted to the Document Register")
            refs.setdefault("documents", []).extend(self._old_references(block))
            return
        ref_tables: dict[str, type[Row]] = {"documents": DocumentRef, "citations": Citation, "unreferenced": UnreferencedDocument}
        cls = ref_tables.get(table or "")
        if cls is None:
            self.keep(block, None, "External References: table outside a known sub-section kept as extra content")
            return
        refs[table] = self.rows(block, cls, f"External References / {table}", None)

    def _old_references(self, block: MdBlock) -> list[DocumentRef]:
        header, raw_rows = table_rows(block)
        keys = [norm(h) for h in header]
        out = []
        for n, (cells, _) in enumerate(raw_rows, 1):
            got = {k: value_text(split_provenance(c)[0]) for k, c in zip(keys, cells, strict=False)}
            if not any(got.values()):
                continue
            out.append(
                DocumentRef(
                    doc_id=f"DOC-{n:03d}",
                    filename=got.get("document"),
                    type=got.get("type"),
                    source_location=got.get("path") or got.get("source"),
                    description=got.get("keyextractions"),
                )
            )
        return out

    def document_control(self, block: MdBlock) -> None:
        dc: dict[str, Any] = {}
        for cells, _ in table_rows(block)[1]:
            if len(cells) < 2:
                continue
            key = norm(cells[0].strip("* "))
            raw = cells[1]
            value = value_text(raw)
            if key == "documentid":
                m = _DOC_ID_RE.search(raw)
                if m:
                    if m.group(2) != TYPE_CODE:
                        self.warn(f"Document ID '{value}': type code {m.group(2)} read as {TYPE_CODE}")
                    dc["_id_version"] = m.group(3)
                    if m.group(1).isdigit():
                        dc["project_id"] = m.group(1)
            elif key == "project":
                m = re.match(r"^(.*?)\s*\(Project\s+([^)]*)\)\s*$", raw)
                name = value_text(m.group(1)) if m else value_text(raw)
                pid = (m.group(2).strip() if m else "") or ""
                if name:
                    dc["project_name"] = name
                if pid.isdigit():
                    dc["project_id"] = pid
            elif key in ("reviewedby", "approvedby"):
                m = re.match(r"^(.*?)\s*\((\d{4}-\d{2}-\d{2})\)$", raw.strip())
                prefix = "reviewed" if key == "reviewedby" else "approved"
                if m:
                    dc[f"{prefix}_by"] = unescape(m.group(1)) or "PENDING"
                    dc[f"{prefix}_on"] = m.group(2)
                elif value and not raw.strip().startswith("["):
                    dc[f"{prefix}_by"] = value
            elif key in _DOC_CONTROL_FIELDS and value is not None:
                dc[_DOC_CONTROL_FIELDS[key]] = value
            elif key == "documenttype":
                if value and "mlops" not in norm(value):
                    self.warn(f"Document Type '{value}' is not {TYPE_CODE}; read as an MLOps Strategy")
            elif key not in _DOC_CONTROL_FIELDS:
                self.warn(f"Document Control: unknown field '{cells[0]}' ignored")
        id_version = dc.pop("_id_version", None)
        if id_version and dc.get("version") and id_version != dc["version"]:
            self.warn(f"Document ID version v{id_version} disagrees with Version {dc['version']}; Version wins")
        elif id_version and "version" not in dc and re.fullmatch(r"\d+\.\d+", id_version):
            dc["version"] = id_version
        self.data["document_control"] = self._validated_fields(dc, "Document Control")

    def _validated_fields(self, data: dict[str, Any], where: str,
                          model: type[BaseModel] = DocumentControl) -> dict[str, Any]:
        for _ in range(len(data) + 1):
            try:
                model.model_validate(data)
                return data
            except ValidationError as exc:
                for err in exc.errors():
                    loc = err["loc"][0] if err["loc"] else None
                    if loc in data:
                        self.warn(f"{where}: {loc} '{data.pop(loc)}' is not valid ({err['msg']}); left empty")
        return data

    def footer(self, block: MdBlock) -> None:
        labels = {"generatedby": "generated_by", "generatedon": "generated_on", "arckitversion": "arckit_version",
                  "project": "project", "model": "model"}
        footer: dict[str, Any] = {}
        for line in block.lines:
            m = re.match(r"^\*\*(.+?)\*\*:\s*(.*)$", line.strip())
            if m and norm(m.group(1)) in labels:
                value = value_text(m.group(2))
                if value is not None:
                    footer[labels[norm(m.group(1))]] = value
        # "2026-02-09 10:00 GMT": the date the footer gives, whatever time and zone are written after it
        when = re.match(r"\d{4}-\d{2}-\d{2}(?!\d)", str(footer.get("generated_on", "")))
        if when:
            footer["generated_on"] = when.group(0)
        self.data["footer"] = self._validated_fields(footer, "Footer", Footer)

    def open_questions(self, number: int, block: MdBlock) -> None:
        section = self.sections[SECTIONS[number - 1].field]
        for item in list_items(block):
            text = re.sub(r"^[-*+]\s+|^\d+[.)]\s+", "", item)
            topic = None
            m = _TOPIC_RE.search(text)
            if m:
                topic, text = unescape(m.group(1)), text[: m.start()]
            q = value_text(text)
            if q:
                section.setdefault("open_questions", []).append({"question": q, "topic": topic})

    # -- numbered sections -------------------------------------------------------------------------------
    def section_block(self, number: int, block: MdBlock, queue: list[Block]) -> None:
        info = SECTIONS[number - 1]
        data = self.sections[info.field]
        model_cls = _model_class(_annotation(Strategy, info.field))
        where = f"Section {number} ({info.title})"
        if block.kind == "para":
            text = block.raw.strip()
            if any(text == b.intro or text == b.note for b in SECTION_LAYOUT[info.field]):
                for b in queue:
                    if b.kind == "applies" and text == b.intro:
                        queue.remove(b)
                        break
                return
            m = _APPLIES_RE.match(text)
            target = next((b for b in queue if b.kind == "applies"), None)
            na = _NOT_APPLICABLE_RE.match(text)
            if m is None and na is None and target is not None and target.path == "applies" and info.field == "genai":
                na = _NO_GENAI_RE.match(text)
            if m is None and na and target is not None and target.path == "applies":
                # ArcKit writes "Not applicable: <why>" instead of the template's Applies line
                queue.remove(target)
                data["applies"] = False
                reason_field = APPLIES_REASON.get("applies")
                if reason_field and na.group(1):
                    data[reason_field] = unescape(na.group(1).strip())
                return
            if m and target is not None:
                queue.remove(target)
                word = m.group(1).casefold()
                data[target.path or ""] = None if word == "undecided" else word == "yes"
                reason_field = APPLIES_REASON.get(target.path or "")
                if m.group(2) and reason_field:
                    data[reason_field] = unescape(m.group(2))
                return
            if text.startswith(BASIS_LABEL) and info.field == "retraining":
                _, ms, basis, r = split_provenance(text[len(BASIS_LABEL) :].strip(), "")
                data.setdefault("champion_challenger", {})["provenance"] = make_provenance(ms, basis, r)
                return
            self.keep(block, number, f"{where}: paragraph kept as extra content")
            return
        kinds = _TABLE_KINDS if block.kind == "table" else _LIST_KINDS if block.kind == "list" else set()
        if block.kind == "fence":
            kinds = {"model_card"} if block.text.startswith("markdown") else {"mermaid", "champion"}
        target = next((b for b in queue if b.kind in kinds), None)
        if target is None and block.kind == "table":
            # ArcKit authors often write the template's list as a table ("| Document | Low | Medium | High |"):
            # each row is one item of the list the template has there.
            target = next((b for b in queue if b.kind in _LIST_KINDS), None)
            if target is not None:
                block = _table_as_list(block)
        if target is None:
            self.keep(block, number, f"{where}: {block.kind} that does not fit here kept as extra content")
            return
        del queue[: queue.index(target) + 1]
        kind, path = target.kind, target.path or ""
        sub = f"{where} / {target.heading or path}"
        if kind == "table":
            (row_annotation,) = get_args(_annotation(model_cls, path))  # list[XRow] -> XRow
            data[path] = self.rows(block, _row_class(row_annotation), sub, number)
        elif kind == "attrs":
            data[path] = self.attrs(block, _model_class(_annotation(model_cls, path)), sub, number)
        elif kind == "principles":
            data[path] = self.rows(block, PrincipleRow, sub, number)
        elif kind == "costs":
            self.costs(block, data, sub, number)
        elif kind == "jsp936":
            self.jsp936(block, data, sub, number)
        elif kind in _LIST_KINDS:
            data[path] = self.list_block(block, kind, sub)
        elif kind == "champion":
            data.setdefault("champion_challenger", {}).update(charts.read_champion_challenger(block.body))
        elif kind == "model_card":
            data[path] = self.model_card(block, sub, number)
        # "mermaid": charts are drawn from the data; nothing to read

    def list_block(self, block: MdBlock, kind: str, where: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in list_items(block):
            if kind == "checklist":
                m = _CHECK_RE.match(item)
                done, text = (m.group(1) in "xX", m.group(2)) if m else (False, _bullet_text(item))
                body, ms, b, r = split_provenance(text)
                value = value_text(body)
                if value:
                    out.append({"text": value, "done": done, "provenance": make_provenance(ms, b, r)})
            elif kind == "numbered":
                m = _NUMBERED_RE.match(item) or _NUMBERED_RE.match("1. " + _BULLET_RE.sub(r"\1", item))
                assert m is not None
                step, rest = (m.group(1), m.group(2)) if m.group(1) is not None else (None, m.group(3))
                body, ms, b, r = split_provenance(rest, "[Description]")
                if step is None:
                    step, body = body, ""
                step_text, desc = value_text(step), value_text(body, "[Description]")
                if step_text is None:
                    continue
                entry: dict[str, Any] = {"step": step_text, "provenance": make_provenance(ms, b, r)}
                if desc is not None:
                    entry["description"] = desc
                out.append(entry)
            else:
                body, ms, b, r = split_provenance(_BULLET_RE.sub(r"\1", item))
                value = value_text(body)
                if value:
                    out.append({"text": value, "provenance": make_provenance(ms, b, r)})
        return out

    def costs(self, block: MdBlock, data: dict[str, Any], where: str, number: int) -> None:
        total_lines = [ln for ln in block.lines if [c.strip("*").strip().casefold() for c in split_row(ln)[:1]] == ["total"]]
        rest = MdBlock("table", [ln for ln in block.lines if ln not in total_lines])
        data["infrastructure_costs"] = self.rows(rest, CostRow, where, number)
        if total_lines:
            cells = split_row(total_lines[0])
            text, ms, b, r = split_provenance(cells[1] if len(cells) > 1 else "", "")
            text = text.strip()
            if text.startswith("**") and text.endswith("**") and len(text) >= 4:
                text = text[2:-2]
            value = value_text(text, "[£X]")
            fact: dict[str, Any] = {"provenance": make_provenance(ms, b, r)}
            if value is not None:
                fact["value"] = value
            data["total_monthly_cost"] = fact

    def jsp936(self, block: MdBlock, data: dict[str, Any], where: str, number: int) -> None:
        out: dict[str, Any] = {}
        labels = {norm(label): name for label, name in JSP936_ROWS}
        for cells, line in table_rows(block)[1]:
            name = labels.get(norm(cells[0].strip("* "))) if cells else None
            if name is None:
                self.keep(MdBlock("para", [line]), number, f"{where}: unknown JSP 936 element kept as extra content")
                continue
            row_cls = _row_class(_annotation(JSP936Alignment, name))
            sub = MdBlock("table", ["| " + " | ".join(h for h, _, _ in row_cls.COLUMNS) + " |", "| " + " | ".join(cells[1:3]) + " |"])
            rows = self.rows(sub, row_cls, where, number)
            if rows:
                out[name] = rows[0]
        data["jsp936"] = out

    def model_card(self, block: MdBlock, where: str, number: int) -> dict[str, Any]:
        card: dict[str, Any] = {}
        labels = {norm(label): name for name, info in ModelCard.model_fields.items() if (label := info.title)}
        placeholders = {name: p for (label, _, p), name in zip(fact_fields(ModelCard()), labels.values(), strict=False)}
        heading = ""
        for inner in read_blocks(block.body):
            if inner.kind == "heading":
                heading = norm(inner.text)
                m = re.match(r"^Model Card:\s*(.*)$", inner.text)
                if m and value_text(m.group(1)):
                    card["model_name"] = value_text(m.group(1))
            elif inner.kind == "table" and heading == "performance":
                card["performance"] = self.rows(inner, MetricValueRow, where + " / model card", number)
            elif inner.kind == "list" and heading in ("limitations", "ethicalconsiderations"):
                key = "limitations" if heading == "limitations" else "ethical_considerations"
                card[key] = self.list_block(inner, "bullets", where)
            elif inner.kind == "list":
                for item in list_items(inner):
                    m = re.match(r"^[-*+]\s+([^:]+):\s*(.*)$", item)
                    name = labels.get(norm(m.group(1))) if m else None
                    if not m or name is None:
                        self.warn(f"{where}: model card line '{item}' not recognised; ignored")
                        continue
                    text, ms, b, r = split_provenance(m.group(2), placeholders[name])
                    fact: dict[str, Any] = {"provenance": make_provenance(ms, b, r)}
                    value = value_text(text, placeholders[name])
                    if value is not None:
                        fact["value"] = value
                    card[name] = fact
        return card

    # -- assembly -------------------------------------------------------------------------------------------
    def finish(self) -> ParseResult:
        is_mlops = "mlops" in norm(self.title) or "document_control" in self.data
        if len(self.seen_sections) < 3 and not (is_mlops and self.seen_sections):
            raise NotAStrategyError(
                "not an ArcKit MLOps Strategy: expected the '# MLOps Strategy' title and numbered sections such as "
                f"'## 1. ML System Overview' (found {len(self.seen_sections)} known section(s))"
            )
        missing = [info.number for info in SECTIONS if info.number not in self.seen_sections]
        if missing and len(missing) < 15:
            self.warn(f"section(s) {', '.join(map(str, missing))} missing; left empty")
        if self.seen_sections != sorted(self.seen_sections):
            self.warn("sections are not in template order; read by title")
        data = dict(self.data)
        for info in SECTIONS:
            data[info.field] = self.sections[info.field]
        data["extra_content"] = self.extra
        refs = data.get("external_references", {})
        cites: dict[str, str] = {}
        citations: list[Citation] = refs.get("citations", [])
        for c in citations:
            # Citation's validator fills evidence_id from citation_id, so the `or` only narrows the type.
            cites.setdefault(c.citation_id, c.evidence_id or c.citation_id)
        try:
            strategy = Strategy.model_validate(data)
        except ValidationError as exc:  # pragma: no cover - rows are validated one by one above
            raise InvalidInputError(f"the Markdown could not be read into the schema: {exc}") from exc
        if cites:
            _resolve_markers(strategy, cites)
        return ParseResult(strategy, self.warnings)


def _group(layout: tuple[Block, ...], heading: str | None) -> list[Block]:
    """The blocks of the sub-section `heading` (None: those directly under the section heading)."""
    out: list[Block] = []
    inside = heading is None
    for i, block in enumerate(layout):
        if block.heading is not None:
            inside = heading is not None and norm(block.heading) == norm(heading)
            if not inside and out:
                break
        elif i == 0 and heading is not None:
            inside = False
        if inside:
            out.append(block)
    return out


def _bullet_text(item: str) -> str:
    """A list item's text without its marker (list_items keeps the marker, so the pattern matches)."""
    m = _BULLET_RE.match(item)
    return m.group(1) if m else item


def _annotation(model_cls: type[BaseModel], name: str) -> Any:
    """The declared type of a schema field (every schema field is annotated)."""
    annotation = model_cls.model_fields[name].annotation
    if annotation is None:
        raise TypeError(f"{model_cls.__name__}.{name} has no type annotation")
    return annotation


def _model_class(annotation: Any) -> type[BaseModel]:
    """A field type that must be a schema model (a section, or a key/value block inside one)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    raise TypeError(f"expected a schema model type, got {annotation!r}")


def _row_class(annotation: Any) -> type[Row]:
    """A field type that must be a table row model."""
    if isinstance(annotation, type) and issubclass(annotation, Row):
        return annotation
    raise TypeError(f"expected a table row type, got {annotation!r}")


def _resolve_markers(obj: Any, cites: dict[str, str]) -> None:
    """Turn citation markers back into the evidence IDs they stand for (in place; IDs keep their form)."""
    if isinstance(obj, Provenance):
        if obj.evidence:
            obj.__dict__["evidence"] = list(dict.fromkeys(cites.get(e, e) for e in obj.evidence))
    elif isinstance(obj, BaseModel):
        for value in obj.__dict__.values():
            if isinstance(value, (BaseModel, list)):
                _resolve_markers(value, cites)
    elif isinstance(obj, list):
        for value in obj:
            _resolve_markers(value, cites)


def parse_markdown(text: str) -> ParseResult:
    """Read ArcKit MLOps Markdown into a Strategy; warnings say what was converted or kept aside."""
    if not text.strip():
        raise NotAStrategyError("empty document: not an ArcKit MLOps Strategy")
    placed, moves = place_content(text)
    result = _Parser(placed).run()
    result.moves = moves
    result.warnings[:0] = [m.describe() for m in moves if m.kind == "relocated"]
    return result

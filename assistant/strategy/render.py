"""Strategy -> ArcKit MLOps Markdown, through the Jinja2 templates in `templates/`.

The layout (layout.py) says where every piece sits; cells.py says how one value and its provenance are
written. Parsing reads the same two, so whatever we render parses back to the same strategy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, get_args

from jinja2 import Environment, PackageLoader, StrictUndefined

from assistant.markdown_tables import split_row
from assistant.strategy import charts
from assistant.strategy.base import Fact, Model, Provenance, Row
from assistant.strategy.cells import escape, format_cell, format_provenance, format_scalar
from assistant.strategy.guidance import principle_label
from assistant.strategy.layout import (
    APPLIES_LABEL,
    APPLIES_REASON,
    BASIS_LABEL,
    EXTERNAL_REFERENCE_TABLES,
    JSP936_ROWS,
    OPEN_QUESTIONS_LABEL,
    SECTION_LAYOUT,
    TITLE,
    Block,
)
from assistant.strategy.schema import (
    MODEL_CARD_PARTS,
    SECTIONS,
    ApprovalRow,
    Citation,
    Costs,
    DocumentRef,
    MetricValueRow,
    RevisionRow,
    Section,
    Strategy,
    UnreferencedDocument,
)


def _separator(headers: list[str]) -> str:
    return "|" + "|".join("-" * (len(h) + 2) for h in headers) + "|"


def _line(cells: Iterable[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells).replace("|  |", "| |") + " |"


def row_class(model_cls: type[Model], field: str) -> type[Row]:
    """The row class of a `list[SomeRow]` field: a table's columns come from it."""
    args = get_args(model_cls.model_fields[field].annotation)
    if not args or not (isinstance(args[0], type) and issubclass(args[0], Row)):
        raise TypeError(f"{model_cls.__name__}.{field} is not a list of rows")
    return args[0]


def fact_fields(model: Model) -> list[tuple[str, Fact, str]]:
    """(label, fact, placeholder) for each Fact field of an attribute group, in template order."""
    out = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, Fact):
            # The schema's field helper always sets a dict; pydantic also allows a callable, which has no placeholder.
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            out.append((info.title or name, value, str(extra.get("placeholder", f"[{info.title}]"))))
    return out


class MarkdownWriter:
    """Formatting helpers the templates call; holds the citation lookup for markers."""

    def __init__(self, strategy: Strategy) -> None:
        self.s = strategy
        self._markers = {c.evidence_id: c.citation_id for c in reversed(strategy.external_references.citations)}

    def marker(self, evidence_id: str) -> str:
        return self._markers.get(evidence_id, evidence_id)

    def cell(self, value: Any, placeholder: str, provenance: Provenance | None = None) -> str:
        return format_cell(value, placeholder, provenance, self.marker)

    def provenance(self, provenance: Provenance | None) -> str:
        return format_provenance(provenance, self.marker).strip()

    # -- tables ------------------------------------------------------------------------------------
    def table(self, rows: Sequence[Row], row_cls: type[Row]) -> str:
        columns = row_cls.COLUMNS
        extra_headers: list[str] = list(dict.fromkeys(k for r in rows for k in r.extra))
        headers = [h for h, _, _ in columns] + extra_headers
        lines = [_line(headers), _separator(headers)]
        if not rows:
            lines.append(_line([p for _, _, p in columns] + [""] * len(extra_headers)))
        for row in rows:
            cells = [self.cell(getattr(row, f), p) for _, f, p in columns]
            if isinstance(row, Citation):
                # The source ID the marker stands for, so the Markdown keeps chunk/requirement IDs.
                cells[2] = f"{cells[2]} · {row.evidence_id}"
            cells[-1] = (cells[-1] + " " + self.provenance(row.provenance)).strip()
            cells += [escape(row.extra[h]) if h in row.extra else "" for h in extra_headers]
            lines.append(_line(cells))
        return "\n".join(lines)

    def attrs(self, model: Model) -> str:
        lines = [_line(["Attribute", "Value"]), _separator(["Attribute", "Value"])]
        for label, fact, placeholder in fact_fields(model):
            lines.append(_line([f"**{label}**", self.cell(fact.value, placeholder, fact.provenance)]))
        return "\n".join(lines)

    def principles(self, rows: list[Any]) -> str:
        headers = ["Principle", "Implementation", "Status"]
        lines = [_line(headers), _separator(headers)]
        if not rows:
            lines.append(_line(["[Principle]", "[How implemented]", "[Met/Partial/Not Met]"]))
        for row in rows:
            first = principle_label(row.principle) if row.principle else "[Principle]"
            status = self.cell(row.status, "[Met/Partial/Not Met]")
            status = (status + " " + self.provenance(row.provenance)).strip()
            lines.append(_line([first, self.cell(row.implementation, "[How implemented]"), status]))
        return "\n".join(lines)

    def jsp936(self, alignment: Model) -> str:
        headers = ["JSP 936 Element", "Implementation", "Evidence"]
        lines = [_line(headers), _separator(headers)]
        for label, name in JSP936_ROWS:
            row = getattr(alignment, name)
            (_, f1, p1), (_, f2, p2) = row.COLUMNS
            last = (self.cell(getattr(row, f2), p2) + " " + self.provenance(row.provenance)).strip()
            lines.append(_line([label, self.cell(getattr(row, f1), p1), last]))
        return "\n".join(lines)

    def costs(self, section: Costs) -> str:
        table = self.table(section.infrastructure_costs, row_class(type(section), "infrastructure_costs"))
        total = section.total_monthly_cost
        value = "[£X]" if total.value is None else format_scalar(total.value)
        cell = (f"**{value}** " + self.provenance(total.provenance)).strip()
        extra = len(split_row(table.splitlines()[0])) - 3
        return table + "\n" + _line(["**Total**", cell, "-"] + [""] * extra)

    # -- lists ---------------------------------------------------------------------------------------
    def item(self, item: Any) -> str:
        return (escape(item.text) + " " + self.provenance(item.provenance)).strip()

    def bullets(self, items: list[Any], placeholder: str = "[Item]") -> str:
        if not items:
            return f"- {placeholder}"
        return "\n".join(f"- {self.item(i)}" for i in items)

    def checklist(self, items: list[Any]) -> str:
        if not items:
            return "- [ ] [Documentation requirement]"
        return "\n".join(f"- [{'x' if i.done else ' '}] {self.item(i)}" for i in items)

    def numbered(self, steps: list[Any]) -> str:
        if not steps:
            return "1. **[Step]**: [Description]"
        lines = []
        for n, step in enumerate(steps, 1):
            desc = (self.cell(step.description, "[Description]") + " " + self.provenance(step.provenance)).strip()
            lines.append(f"{n}. **{escape(step.step)}**: {desc}")
        return "\n".join(lines)

    def model_card(self, card: Any) -> str:
        def fact_line(label: str, fact: Fact, placeholder: str) -> str:
            return f"- {label}: {self.cell(fact.value, placeholder, fact.provenance)}"

        facts = {label: (fact, p) for label, fact, p in fact_fields(card)}
        lines = ["```markdown", f"## Model Card: {escape(card.model_name) if card.model_name else '[Model Name]'}", ""]
        details, use, data, performance, limitations, ethics = MODEL_CARD_PARTS
        groups = (
            (details, ("Developer", "Version", "Type", "Framework")),
            (use, ("Primary", "Out-of-scope")),
            (data, ("Dataset", "Size", "Date range")),
        )
        for heading, labels in groups:
            lines.append(f"### {heading}")
            lines += [fact_line(label, *facts[label]) for label in labels]
            lines.append("")

        lines += [f"### {performance}", self.table(card.performance, MetricValueRow), ""]
        lines += [f"### {limitations}", self.bullets(card.limitations, "[Known limitations]"), ""]
        lines += [f"### {ethics}"]
        lines.append(self.bullets(card.ethical_considerations, "[Bias analysis results]"))
        lines.append("```")
        return "\n".join(lines)

    def applies(self, section: Section, block: Block) -> str:
        flag = getattr(section, block.path or "")
        reason_field = APPLIES_REASON.get(block.path or "")
        reason = getattr(section, reason_field) if reason_field else None
        if flag is None and reason is None:
            return block.intro or ""
        word = "Undecided" if flag is None else ("Yes" if flag else "No")
        return f"{APPLIES_LABEL} {word}" + (f" — {escape(reason)}" if reason else "")

    def champion(self, cc: Any) -> str:
        out = "```mermaid\n" + charts.champion_challenger(self.s) + "\n```"
        if not cc.provenance.is_empty():
            out += f"\n\n{BASIS_LABEL} " + self.provenance(cc.provenance)
        return out

    def open_questions(self, section: Section) -> str:
        if not section.open_questions:
            return ""
        lines = [OPEN_QUESTIONS_LABEL, ""]
        for q in section.open_questions:
            topic = f" _(Topic: {escape(q.topic)})_" if q.topic else ""
            lines.append(f"- {escape(q.question)}{topic}")
        return "\n".join(lines)

    # -- blocks --------------------------------------------------------------------------------------
    def block(self, section: Section, block: Block) -> str:
        kind = block.kind
        if kind == "applies":
            return self.applies(section, block)
        if kind == "mermaid":
            body = "```mermaid\n" + charts.chart(block.chart or "", self.s) + "\n```"
        elif kind == "costs":
            if not isinstance(section, Costs):  # pragma: no cover - layout and writer are kept in step
                raise ValueError(f"a costs block in {type(section).__name__}")
            body = self.costs(section)
        elif block.path is None:  # pragma: no cover - layout and writer are kept in step
            raise ValueError(f"a {kind} block needs the section field it shows")
        else:
            body = self.field_block(section, kind, block.path)
        parts = [block.intro, body, block.note]
        return "\n\n".join(p for p in parts if p)

    def field_block(self, section: Section, kind: str, path: str) -> str:
        """A block that shows one field of the section."""
        value = getattr(section, path)
        if kind == "table":
            return self.table(value, row_class(type(section), path))
        if kind == "attrs":
            return self.attrs(value)
        if kind == "bullets":
            return self.bullets(value)
        if kind == "checklist":
            return self.checklist(value)
        if kind == "numbered":
            return self.numbered(value)
        if kind == "champion":
            return self.champion(value)
        if kind == "model_card":
            return self.model_card(value)
        if kind == "principles":
            return self.principles(value)
        if kind == "jsp936":
            return self.jsp936(value)
        raise ValueError(f"unknown block kind {kind}")  # pragma: no cover - layout and writer are kept in step

    def section_groups(self, field: str) -> list[tuple[str | None, list[str]]]:
        """(heading, rendered blocks) per sub-section; empty groups of a non-applying part are left out."""
        section: Section = getattr(self.s, field)
        groups: list[tuple[str | None, list[Block]]] = []
        for block in SECTION_LAYOUT[field]:
            if block.heading is not None or not groups:
                groups.append((block.heading, []))
            groups[-1][1].append(block)
        section_off = getattr(section, "applies", None) is False
        out: list[tuple[str | None, list[str]]] = []
        for heading, blocks in groups:
            flag_off = any(b.kind == "applies" and getattr(section, b.path or "") is False for b in blocks)
            rendered = []
            for block in blocks:
                if (section_off or flag_off) and block_is_empty(section, block):
                    continue
                rendered.append(self.block(section, block))
            if heading is None or rendered:
                out.append((heading, [r for r in rendered if r]))
        return out

    def document_control(self) -> list[tuple[str, str]]:
        dc = self.s.document_control
        pid = dc.project_id or "[PROJECT_ID]"

        def signoff(name: str, on: Any) -> str:
            if on is None:
                return escape(name)
            return f"{escape(name)} ({on.isoformat()})"

        return [
            ("Document ID", dc.document_id),
            ("Document Type", dc.document_type),
            ("Project", f"{escape(dc.project_name) if dc.project_name else '[PROJECT_NAME]'} (Project {pid})"),
            ("Classification", self.cell(dc.classification, "[PUBLIC / OFFICIAL / OFFICIAL-SENSITIVE / SECRET]")),
            ("Status", self.cell(dc.status, "[DRAFT / IN_REVIEW / APPROVED / PUBLISHED / SUPERSEDED / ARCHIVED]")),
            ("Version", dc.version),
            ("Created Date", self.cell(dc.created_date, "[YYYY-MM-DD]")),
            ("Last Modified", self.cell(dc.last_modified, "[YYYY-MM-DD]")),
            ("Review Cycle", self.cell(dc.review_cycle, "[Monthly / Quarterly / Annual / On-Demand]")),
            ("Next Review Date", self.cell(dc.next_review_date, "[YYYY-MM-DD]")),
            ("Owner", self.cell(dc.owner, "[OWNER_NAME_AND_ROLE]")),
            ("Reviewed By", signoff(dc.reviewed_by, dc.reviewed_on)),
            ("Approved By", signoff(dc.approved_by, dc.approved_on)),
            ("Distribution", self.cell(dc.distribution, "[DISTRIBUTION_LIST]")),
        ]

    def footer(self) -> list[tuple[str, str]]:
        f = self.s.footer
        return [
            ("Generated by", self.cell(f.generated_by, "[GENERATOR]")),
            ("Generated on", self.cell(f.generated_on, "[DATE]")),
            ("ArcKit Version", self.cell(f.arckit_version, "[VERSION]")),
            ("Project", self.cell(f.project, "[PROJECT_NAME]")),
            ("Model", self.cell(f.model, "[AI_MODEL]")),
        ]


def block_is_empty(section: Section, block: Block) -> bool:
    if block.kind == "mermaid":
        return True
    if block.kind == "applies":
        reason = APPLIES_REASON.get(block.path or "")
        return getattr(section, block.path or "") is None and (reason is None or getattr(section, reason) is None)
    if block.kind == "costs":
        if not isinstance(section, Costs):  # pragma: no cover - layout and writer are kept in step
            raise ValueError(f"a costs block in {type(section).__name__}")
        return not section.infrastructure_costs and section.total_monthly_cost.is_empty()
    value = getattr(section, block.path or "")
    if isinstance(value, list):
        return not value
    if block.kind == "attrs":
        return all(f.is_empty() for _, f, _ in fact_fields(value))
    if block.kind == "champion":
        return value == type(value)()
    if block.kind in ("model_card", "jsp936"):
        return value == type(value)()
    return False


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("assistant.strategy", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML; cells are escaped by cells.escape
    )
    return env


def render_markdown(strategy: Strategy) -> str:
    """The strategy as ArcKit MLOps Markdown."""
    writer = MarkdownWriter(strategy)
    text = _environment().get_template("strategy.md.j2").render(
        s=strategy,
        w=writer,
        title=TITLE,
        sections=SECTIONS,
        revision_cls=RevisionRow,
        approval_cls=ApprovalRow,
        ext_tables=[
            (heading, getattr(strategy.external_references, name), cls)
            for (heading, name), cls in zip(EXTERNAL_REFERENCE_TABLES, (DocumentRef, Citation, UnreferencedDocument), strict=True)
        ],
        extra_by_section={n: [b for b in strategy.extra_content if b.section == n] for n in [None, *range(1, 16)]},
    )
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"

"""Drafting and revising one section with a generative provider, then checking it.

One structured tool for every section
-------------------------------------
Every section is generated through the same `SectionDraft` tool ({section, content}); the section's own
JSON schema travels in the user message (the prompt's `output_schema`), and `content` is validated
against the section's pydantic model (`Monitoring`, `Serving`, ...) inside the tool's validator, so a
mismatch goes back to the model in the provider's repair round. Why not one tool per section: Anthropic
builds the prompt-cache key from tools, then system, then messages, so a different tool per section
would make every section miss the cached draft context. With one tool, the shared context
(`cache_prefix`: prompt rules, project facts, the document's evidence) is written once and read by
every later section.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, create_model, model_validator

from assistant.drafting.checks import CheckReport, check_section, numbers_anywhere, template_values
from assistant.drafting.evidence import Evidence, EvidencePool, section_data
from assistant.drafting.facts_prompt import section_facts
from assistant.llm import GenerationRecord, Provider, RequestContext, Usage, generation_record
from assistant.llm.base import SchemaSpec
from assistant.prompts import get_prompt
from assistant.strategy import SECTIONS, Section, Strategy
from assistant.strategy.base import Fact, Model, Row

MAX_SHARED_EVIDENCE = 80  # items in the cached draft context
MAX_SUMMARY_CHARS = 700


# ----- facts about the project ------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectFacts:
    key: str
    project_id: str
    name: str
    classification: str
    markings: tuple[str, ...] = ()

    def text(self) -> str:
        return (f"Project: {self.name} (ArcKit project ID {self.project_id}, key {self.key}). "
                f"Classification: {self.classification}.")


@lru_cache(maxsize=1)
def template_strategy() -> Strategy:
    """The template's start state (its pre-filled rows); built once, never mutated (copy before changing)."""
    return Strategy.new("001", "template")


def section_title(number: int) -> str:
    return next(s.title for s in SECTIONS if s.number == number)


def section_field(number: int) -> str:
    return next(s.field for s in SECTIONS if s.number == number)


def section_model(number: int) -> type[Section]:
    return Strategy.model_fields[section_field(number)].annotation  # type: ignore[return-value]


# ----- the one structured tool ----------------------------------------------------------------
class SectionDraft(BaseModel):
    """One drafted section of the MLOps Strategy: `section` is the section number asked for and
    `content` the section object, matching the JSON schema given in the request."""

    model_config = ConfigDict(extra="forbid")

    section: int = Field(ge=1, le=15, description="The section number asked for")
    content: dict[str, Any] = Field(description="The section object, matching the schema in the request")

    _parsed: Section | None = PrivateAttr(default=None)
    target: ClassVar[int | None] = None

    @model_validator(mode="after")
    def _check_content(self) -> SectionDraft:
        number = type(self).target
        if number is None:
            return self
        if self.section != number:
            raise ValueError(f"section must be {number} (the section asked for), not {self.section}")
        self._parsed = section_model(number).model_validate(self.content)
        return self

    @property
    def parsed(self) -> Section:
        assert self._parsed is not None
        return self._parsed


@lru_cache(maxsize=16)
def section_tool(number: int) -> type[SectionDraft]:
    """`SectionDraft` bound to one section: same name, description and JSON schema (so the provider
    sends an identical tool for every section), but validation against that section's model."""
    return create_model("SectionDraft", __base__=SectionDraft, __doc__=SectionDraft.__doc__,
                        target=(ClassVar[int | None], number))


@lru_cache(maxsize=16)
def section_schema_text(number: int) -> str:
    return json.dumps(SchemaSpec.of(section_model(number)).json_schema, separators=(",", ":"))


# ----- what the template expects, from the schema ----------------------------------------------
def section_guidance(number: int, current: Section | None = None) -> str:
    """The section's purpose (data) and its tables and fields (read from the schema, not restated)."""
    model = section_model(number)
    lines = [section_data()[number].purpose]
    for name, info in model.model_fields.items():
        if name == "open_questions":
            continue
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        row = args[0] if args and isinstance(args[0], type) and issubclass(args[0], Row) else None
        label = info.title or name.replace("_", " ").capitalize()
        if row is not None:
            lines.append(f"- {name} (table): columns " + ", ".join(h for h, _, _ in row.COLUMNS))
        elif isinstance(annotation, type) and issubclass(annotation, Model):
            facts = [f.title or n for n, f in annotation.model_fields.items()]
            lines.append(f"- {name}: " + ", ".join(facts))
        else:
            lines.append(f"- {name}: {label}")
    if current is not None:
        defaults = current.model_dump(mode="json", exclude_defaults=True)
        defaults.pop("open_questions", None)
        if defaults:
            lines.append("The template pre-fills these rows; keep them unless the evidence changes them: "
                         + json.dumps(defaults, separators=(",", ":")))
    lines.append("Put what is unknown in open_questions. Cite evidence IDs in each row's or fact's provenance.")
    return "\n".join(lines)


# ----- summaries of drafted sections, for consistency -------------------------------------------
def summarise_section(section: Section) -> str:
    """A compact, deterministic summary: the filled values of each table (model IDs, thresholds...)."""
    parts: list[str] = []
    for name in type(section).model_fields:
        if name == "open_questions":
            continue
        value = getattr(section, name)
        rows = value if isinstance(value, list) else [value]
        texts: list[str] = []
        for row in rows:
            cells = _filled(row)
            if cells:
                texts.append("/".join(cells))
        if texts:
            parts.append(f"{name.replace('_', ' ')}: " + "; ".join(texts))
    text = ". ".join(parts)
    return text if len(text) <= MAX_SUMMARY_CHARS else text[: MAX_SUMMARY_CHARS - 3] + "..."


def _filled(node: Any) -> list[str]:
    if isinstance(node, Fact):
        return [str(getattr(node.value, "value", node.value))] if node.value is not None else []
    if isinstance(node, Model):
        out: list[str] = []
        for name in type(node).model_fields:
            if name in ("provenance", "extra", "open_questions"):
                continue
            value = getattr(node, name)
            if isinstance(value, (Fact, Model)):
                out.extend(_filled(value))
            elif value is not None and not isinstance(value, (list, dict, bool)):
                out.append(str(getattr(value, "value", value)))
        return out
    return []


def is_drafted(section: Section, template: Section) -> bool:
    """True when the section differs from the template's start state (something was drafted)."""
    return section.model_dump(mode="json") != template.model_dump(mode="json")


# ----- the draft context shared by every section of one run ---------------------------------------
@dataclass
class DraftContext:
    """What one drafting run shares: the project, the provider, the evidence and the cached prefix."""

    facts: ProjectFacts
    provider: Provider
    pool: EvidencePool
    delimiter: str = field(default_factory=lambda: f"EVIDENCE-{secrets.token_hex(4)}")
    context: RequestContext | None = None
    prompt_version: str | None = None  # None: the latest version of draft_section / revise_section
    shared_ids: tuple[str, ...] = ()
    project_facts: Any = None  # assistant.facts.ProjectFacts read at ingest; given to prompts that take facts

    def __post_init__(self) -> None:
        if not self.shared_ids:
            chosen = [e.id for e in self.pool if e.kind == "document"][:MAX_SHARED_EVIDENCE]
            self.shared_ids = tuple(chosen)

    @property
    def shared(self) -> list[Evidence]:
        return [self.pool.items[i] for i in self.shared_ids]

    def cache_prefix(self, system: str) -> str:
        """Prompt rules + project facts + the document's evidence: identical for every section of the run."""
        block = [f"[{e.prompt_item()['id']}] ({_undelimit(e.source, self.delimiter)})\n"
                 f"{_undelimit(e.text, self.delimiter)}\n" for e in self.shared]
        return (f"{system}\n\n{self.facts.text()}\n\nShared project evidence ({len(block)} items), quoted data:\n"
                f"<{self.delimiter}>\n" + "\n".join(block) + f"</{self.delimiter}>")

    def prompt_evidence(self, items: Sequence[Evidence]) -> list[dict[str, str]]:
        """Section evidence for the prompt; items already in the cached context are referred to, not repeated."""
        shared = set(self.shared_ids)
        return [e.prompt_item(text="(quoted in the shared project evidence above)") if e.id in shared
                else e.prompt_item() for e in items]


def _undelimit(text: str, delimiter: str) -> str:
    return text.replace(delimiter, "")


@dataclass
class SectionResult:
    number: int
    section: Section
    report: CheckReport
    record: GenerationRecord
    evidence_ids: list[str]
    repaired: bool = False


def _prompt(prompt_id: str, version: str | None) -> Any:
    return get_prompt(prompt_id, version)


def generate_section(ctx: DraftContext, number: int, strategy: Strategy, evidence: Sequence[Evidence], *,
                     earlier: Iterable[tuple[int, str]] = ()) -> SectionResult:
    """Draft section `number` with the provider, then check and fix it (see `assistant.drafting.checks`)."""
    template = template_strategy().section(number)
    current = strategy.section(number)
    prompt = _prompt("draft_section", ctx.prompt_version)
    extra: dict[str, Any] = {}
    if "facts" in prompt.parameters:  # draft_section 1.1.0 on: typed facts with their sources

        extra["facts"] = section_facts(ctx.project_facts, number, ctx.pool)
    rendered = prompt.render(
        project_name=ctx.facts.name, classification=ctx.facts.classification, delimiter=ctx.delimiter,
        section_number=number, section_title=section_title(number),
        section_guidance=section_guidance(number, template),
        evidence=ctx.prompt_evidence(evidence),
        earlier_sections=[{"number": n, "title": section_title(n), "summary": s} for n, s in earlier],
        output_schema=section_schema_text(number), **extra)
    result = ctx.provider.generate_structured(rendered.messages(), section_tool(number), system=None,
                                              cache_prefix=ctx.cache_prefix(rendered.system),
                                              context=ctx.context)
    draft = result.value.parsed
    draft = _keep_applicability(draft, current)
    checked, report = check_section(draft, ctx.pool, exempt_values=template_values(template),
                                    canary=ctx.delimiter)
    ids = [e.id for e in evidence]
    record = generation_record(rendered, ctx.provider, result.usage, ids, project_key=ctx.facts.key)
    return SectionResult(number, checked, report, record, ids, result.repaired)


def _keep_applicability(draft: Section, current: Section) -> Section:
    """Sections 9 and 13 carry the applicability decided from evidence; the model does not overrule it."""
    for name in ("applies", "applies_reason", "jsp936_applies", "jsp936_reason"):
        if name in type(draft).model_fields and getattr(current, name, None) is not None:
            setattr(draft, name, getattr(current, name))
    return type(draft).model_validate(draft.model_dump(mode="python"))


def revise_with_provider(ctx: DraftContext, number: int, strategy: Strategy, instruction: str,
                         evidence: Sequence[Evidence]) -> SectionResult:
    """Apply one instruction to a drafted section; everything else in it is kept (and checked as such)."""
    current = strategy.section(number)
    prompt = _prompt("revise_section", ctx.prompt_version)
    rendered = prompt.render(
        project_name=ctx.facts.name, classification=ctx.facts.classification, delimiter=ctx.delimiter,
        section_number=number, section_title=section_title(number),
        current_section=current.model_dump_json(exclude_defaults=True), instruction=instruction,
        evidence=[e.prompt_item() for e in evidence], output_schema=section_schema_text(number))
    result = ctx.provider.generate_structured(rendered.messages(), section_tool(number),
                                              system=rendered.system, context=ctx.context)
    draft = _keep_applicability(result.value.parsed, current)
    checked, report = check_section(draft, ctx.pool, exempt_values=template_values(current),
                                    user_numbers=numbers_anywhere(instruction), canary=ctx.delimiter)
    ids = [e.id for e in evidence]
    record = generation_record(rendered, ctx.provider, result.usage, ids, project_key=ctx.facts.key)
    return SectionResult(number, checked, report, record, ids, result.repaired)


def usage_of(records: Iterable[GenerationRecord]) -> Usage:
    total = Usage(calls=0)
    for r in records:
        total = total + r.usage
    return total

"""What every check needs to know about one strategy, computed once per review.

Applicability signals (GenAI, UK public sector, MOD, personal data, protected characteristics) are read
from the parts of the document that describe the system (overview, catalog, data pipeline, owners),
not from sections 9 and 13 themselves: those are what the checks judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from assistant.review.doctext import all_lines, strategy_lines
from assistant.review.requirements import RequirementSet
from assistant.review.rules import RuleSet
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.base import Fact, Row
from assistant.strategy.enums import Classification, ModelType, RiskLevel, YesNo
from assistant.strategy.layout import SECTION_LAYOUT
from assistant.strategy.placement import covered_headings, named_headings, place_content
from assistant.strategy.render import render_markdown
from assistant.strategy.validate import written_at_length

HIGH_RISK = (RiskLevel.HIGH, RiskLevel.VERY_HIGH)
SECTION_TITLES = {info.number: info.title for info in SECTIONS}
SECTION_NUMBERS = {info.field: info.number for info in SECTIONS}
# "No generative model ... in the current scope", "No LLM is used", "not applicable": within one sentence
_NO_GENAI = re.compile(r"\b(?:no|not\s+use\s+(?:any|an?))\s+(?:generative|gen\s?ai|llms?\b|large\s+language)[^.]{0,120}?"
                       r"\b(?:in\s+(?:the\s+)?(?:current\s+)?scope|is\s+used|are\s+used|planned|deployed|specified|"
                       r"required|proposed)\b"
                       r"|\bsection\s+(?:9\s+)?(?:is\s+)?not\s+applicable\b"
                       r"|\bapplicab(?:le|ility)\W{0,4}:\W{0,4}(?:not\s+in\s+scope|not\s+applicable|n/a|no)\b",
                       re.IGNORECASE)


_DEFERRED = re.compile(r"(?i)\bdeferred\b|\bout of (?:current )?scope\b|\bnot in (?:current )?scope\b|\bphase\s*(?:2|3|two|three)\b|"
                       r"\bfuture phase\b|\bnot (?:yet )?(?:planned|started)\b")


def text_of(value: Any) -> str:
    """A value as text: enums by their template value, facts by their value, rows by their cells."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Fact):
        return text_of(value.value)
    if isinstance(value, Row):
        cells = [text_of(getattr(value, name)) for _, name, _ in type(value).COLUMNS]
        return " | ".join(c for c in [*cells, *value.extra.values()] if c)
    if isinstance(value, BaseModel):
        return " ".join(t for t in (text_of(getattr(value, n)) for n in type(value).model_fields) if t)
    if isinstance(value, (list, tuple)):
        return " ".join(t for t in (text_of(v) for v in value) if t)
    return str(value)


def _term_pattern(term: str) -> str:
    term = term.strip()
    body = re.escape(term)
    # Short terms ("age", "sex", "mod") must be whole words; longer ones may be word prefixes ("ethic").
    # "MOD-001" is a model ID, not the Ministry of Defence: a short term followed by "-<digit>" is no match.
    return r"(?<![a-z0-9])" + body + (r"(?![a-z0-9]|-\d)" if len(term) <= 4 else "")


class Vocabulary:
    """A compiled word list from rules.yaml."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = [t.strip() for t in terms if t.strip()]
        self._regex = re.compile("|".join(f"({_term_pattern(t)})" for t in self.terms), re.I) if self.terms else None

    def found(self, text: str) -> list[str]:
        if not self._regex or not text:
            return []
        hits = []
        for match in self._regex.finditer(text):
            index = next(i for i, g in enumerate(match.groups()) if g is not None)
            hits.append(self.terms[index])
        return list(dict.fromkeys(hits))

    def __call__(self, text: str) -> bool:
        return bool(self._regex and text and self._regex.search(text))


@dataclass(frozen=True)
class TableRef:
    section: int
    field: str  # section attribute
    path: str  # attribute of the section model
    heading: str
    kind: str
    value: Any  # list of rows, or the attrs model

    @property
    def dotted(self) -> str:
        return f"{self.field}.{self.path}"

    def where(self) -> str:
        return f"Section {self.section} {self.heading}"


class ReviewContext:
    def __init__(self, strategy: Strategy, rules: RuleSet, requirements: RequirementSet | None) -> None:
        self.strategy = strategy
        self.rules = rules
        self.requirements = requirements
        self._vocab: dict[str, Vocabulary] = {}
        self.markdown: str | None = None  # the imported document's text, when reviewing Markdown
        self.filename: str | None = None
        self.sources: Any = None  # assistant.review.sources.ProjectSources: the project's own documents

    # ----- the document as text (content checks) --------------------------------------------------
    @cached_property
    def text(self) -> str:
        """The Markdown the reader sees: the imported document, or our rendering of the strategy."""
        if self.markdown is not None:
            return self.markdown

        return render_markdown(self.strategy)

    @cached_property
    def lines(self) -> list[Any]:
        return strategy_lines(self.text)

    @cached_property
    def all_lines(self) -> list[Any]:
        return all_lines(self.text)

    @cached_property
    def prose_headings(self) -> set[tuple[int, str]]:
        """(section, template heading) whose content the document gives as prose under its own heading."""
        return self._headings_with(cells=False)

    @cached_property
    def filled_headings(self) -> set[tuple[int, str]]:
        """(section, template heading) with any content (prose or table rows) under a heading naming it."""
        return self._headings_with(cells=True)

    def _headings_with(self, *, cells: bool) -> set[tuple[int, str]]:
        if self.markdown is None:
            return set()
        # Prose is matched generously (any sub-heading whose words its heading holds), as before; content
        # counted against an empty table must sit under the heading that names that table.
        named = named_headings if cells else covered_headings
        out: set[tuple[int, str]] = set()
        for line in self.lines:
            if (line.cells and not cells) or line.section is None or " > " not in line.heading:
                continue
            sub = line.heading.split(" > ", 1)[1]
            out |= {(line.section, h) for h in named(line.section, sub)}
        return out

    @cached_property
    def written_headings(self) -> set[tuple[int, str]]:
        """(section, template heading) that some heading of the document names, whatever its number or
        level: the author wrote that part of the template there, filled or not."""
        if self.markdown is None:
            return set()
        headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", self.text, flags=re.MULTILINE)
        # A section's own title ("6. Serving Infrastructure") names the section, not one of its tables
        titles = {t.casefold() for t in SECTION_TITLES.values()}
        headings = [h for h in headings if re.sub(r"^[\d.\s]+", "", h).strip().casefold() not in titles]
        return {(number, h) for number in SECTION_TITLES for text in headings for h in named_headings(number, text)}

    def labelled_rows(self, section: int | None, label: str) -> list[Any]:
        """The table rows of `section` whose first cell is `label` (case, spacing and punctuation aside)."""
        key = re.sub(r"[^a-z0-9]+", "", label.casefold())
        return [line for line in self.lines if line.cells and line.section == section
                and re.sub(r"[^a-z0-9]+", "", line.cells[0].casefold()) == key]

    def label_filled(self, section: int, label: str) -> bool:
        """Whether the document gives a value for an attribute label in the section (read or not)."""
        if self.markdown is None:
            return False
        return any(len(line.cells) >= 2 and line.cells[1].strip() for line in self.labelled_rows(section, label))

    @cached_property
    def moves(self) -> list[Any]:
        """Headings the parser read in another place (placement), when reviewing an imported document."""
        if self.markdown is None:
            return []

        return place_content(self.markdown)[1]

    def vocab(self, name: str) -> Vocabulary:
        if name not in self._vocab:
            self._vocab[name] = Vocabulary(self.rules.vocab(name))
        return self._vocab[name]

    # ----- models --------------------------------------------------------------------------------
    @cached_property
    def models(self) -> list[Any]:
        return [m for m in self.strategy.model_inventory.models if m.model_id or m.name]

    @cached_property
    def active_models(self) -> list[Any]:
        """The catalogued models this phase builds: a row that says it is deferred, out of scope or for a later
        phase ("N/A (deferred)", "Phase 2 - Year 2") owes no owner, serving, monitoring or retraining yet."""
        return [m for m in self.models if not _DEFERRED.search(text_of(m))]

    @cached_property
    def high_risk_models(self) -> list[Any]:
        return [m for m in self.models if m.risk_level in HIGH_RISK]

    @staticmethod
    def model_label(model: Any) -> str:
        if model.model_id and model.name:
            return f"{model.model_id} ({model.name})"
        return model.model_id or model.name or "?"

    def model_keys(self, model: Any) -> list[str]:
        return [k for k in (model.model_id, model.name) if k]

    def mentions_model(self, text: str, model: Any) -> bool:
        low = text.casefold()
        return any(re.search(r"(?<![a-z0-9])" + re.escape(k.casefold()) + r"(?![a-z0-9])", low)
                   for k in self.model_keys(model))

    def mentions_any_model(self, text: str) -> bool:
        return any(self.mentions_model(text, m) for m in self.models)

    # ----- descriptive text (where applicability is read from) -----------------------------------
    @cached_property
    def system_text(self) -> str:
        s = self.strategy
        dc = s.document_control
        parts = [dc.project_name, dc.owner, dc.distribution, text_of(s.overview.business_context),
                 text_of(s.overview.stakeholders), text_of(s.model_inventory.models),
                 text_of(s.data_pipeline.training_sources), text_of(s.approval), s.footer.project]
        return " ".join(p for p in parts if p)

    @cached_property
    def data_text(self) -> str:
        """Where protected characteristics would show: data sources, features, training data, purposes."""
        s = self.strategy
        parts = [text_of(s.data_pipeline.training_sources), text_of(s.data_pipeline.feature_engineering),
                 text_of(s.governance.model_card.dataset), text_of(s.overview.business_context),
                 text_of(s.model_inventory.models)]
        if self.requirements is not None:
            parts += [r.statement or "" for r in self.requirements.defined()
                      if r.family.startswith(("DR", "FR-ML"))]
        return " ".join(p for p in parts if p)

    # ----- applicability ------------------------------------------------------------------------
    @cached_property
    def genai_signals(self) -> list[str]:
        signals = [f"model {self.model_label(m)} is of type GenAI" for m in self.models if m.type == ModelType.GENAI]
        words = self.vocab("genai_terms").found(" ".join([
            text_of(self.strategy.overview.business_context), text_of(self.strategy.model_inventory.models)]))
        if words:
            signals.append("the overview or catalog mentions " + ", ".join(f"'{w}'" for w in words[:3]))
        return signals

    @cached_property
    def genai_present(self) -> bool:
        g = self.strategy.genai
        if g.applies is not None:
            return bool(g.applies)
        if self.genai_declared_out_of_scope and not self.genai_signals:
            return False  # the section says itself that it does not apply: its content is not checked
        return bool(g.llm_configuration.model.value or g.llm_configuration.model_provider.value) or \
            self.written_at_length(9)

    def written_at_length(self, section: int) -> bool:
        """Whether an imported document writes the section out under its own heading, whatever sub-headings it
        uses: its content is there even where the template's fields are not read, so it is not "not filled"."""
        return self.markdown is not None and written_at_length(
            [line.text for line in self.lines if line.section == section and line.text.strip()])

    @cached_property
    def genai_declared_out_of_scope(self) -> bool:
        """Section 9's own prose says no generative model or LLM is in scope (an encoder's configuration may
        still follow it, for retrieval): the author has marked the section not applicable in words."""
        return any(_NO_GENAI.search(line.text) for line in self.lines if line.section == 9 and not line.cells)

    @cached_property
    def another_country(self) -> bool:
        """The system belongs to another country's government: it names one and nothing UK-specific."""
        return bool(self.vocab("non_uk_terms").found(self.system_text)) and \
            not self.vocab("uk_terms").found(self.system_text)

    @cached_property
    def public_sector_signals(self) -> list[str]:
        if self.another_country:
            return []
        signals = []
        cls = self.strategy.document_control.classification
        if cls is not None and cls != Classification.PUBLIC:
            signals.append(f"classification {cls.value} (Government Security Classifications)")
        words = self.vocab("public_sector_terms").found(self.system_text)
        if words:
            signals.append("the document names " + ", ".join(f"'{w}'" for w in words[:3]))
        return signals

    @cached_property
    def uk_present(self) -> bool:
        u = self.strategy.uk_compliance
        if u.applies is not None:
            return bool(u.applies)
        return any(r.implementation for r in u.ai_playbook) or self.written_at_length(13)

    @cached_property
    def mod_signals(self) -> list[str]:
        if self.another_country:
            return []
        words = self.vocab("mod_terms").found(self.system_text)
        return ["the document names " + ", ".join(f"'{w}'" for w in words[:3])] if words else []

    @cached_property
    def jsp936_present(self) -> bool:
        u = self.strategy.uk_compliance
        if u.jsp936_applies is not None:
            return bool(u.jsp936_applies)
        return any(not getattr(u.jsp936, name).is_empty() for name in type(u.jsp936).model_fields)

    @cached_property
    def missing_sections(self) -> list[int]:
        """Numbered sections with no content at all (absent from an imported document, or never filled)."""
        return [info.number for info in SECTIONS
                if not getattr(self.strategy, info.field).model_dump(exclude_defaults=True)]

    def section_applies(self, number: int) -> bool:
        if number == 9:
            return self.genai_present
        if number == 13:
            return self.uk_present
        return True

    @cached_property
    def pii_sources(self) -> list[Any]:
        return [r for r in self.strategy.data_pipeline.training_sources if r.pii == YesNo.YES]

    # ----- tables -------------------------------------------------------------------------------
    def tables(self) -> Iterator[TableRef]:
        """Every table and attribute block of the numbered sections, with its heading."""
        for field_name, blocks in SECTION_LAYOUT.items():
            number = SECTION_NUMBERS[field_name]
            section = getattr(self.strategy, field_name)
            heading = SECTION_TITLES[number]
            for block in blocks:
                if block.heading:
                    heading = block.heading
                if block.kind in ("mermaid", "applies") or not block.path:
                    continue
                value = getattr(section, block.path, None)
                yield TableRef(number, field_name, block.path, heading, block.kind, value)

    def open_question_text(self, number: int) -> str:
        section = self.strategy.section(number)
        return " ".join(f"{q.topic or ''} {q.question}" for q in section.open_questions).casefold()

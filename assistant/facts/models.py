"""Typed project facts, each with the exact span of the document it was read from.

A fact is what one clause of one document states: a quantity (metric, subject, comparator, value, unit,
scope), an AI component and its task, a data source, a marking, a risk level, a retention period, a fairness
group, a platform decision, a requirement. Whether the clause denies it (`negated`), leaves its checkbox empty
(`checked=False`) or makes it conditional ("if ...", "Phase 2", "not in scope") is part of the fact, so a
reader can tell an asserted fact (`asserted`) from one merely mentioned.

Offsets are character offsets into the document's text as extracted at ingest (the decoded file for
Markdown and plain text, the parsed text for other formats); `SourceSpan.text` is that slice.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# Bumped whenever extraction changes: stored facts of another version are read again on the next ingest.
EXTRACTOR_VERSION = "31"


class SourceSpan(BaseModel):
    """Where a fact is stated: document, its ArcKit ID, heading path, owning requirement, offsets, text."""

    model_config = ConfigDict(frozen=True)

    document: str  # file name as ingested
    doc_id: str | None = None  # the Document Control's Document ID (ARC-001-REQ-v1.0), when it has one
    heading: str = ""  # "Non-Functional Requirements > NFR-P-001: Latency"
    requirement_id: str | None = None  # the requirement that owns the clause (not one merely mentioned)
    start: int = 0
    end: int = 0
    text: str = ""

    def label(self) -> str:
        """A human citation: "ARC-001-REQ-v1.0, NFR-P-001" or "requirements.md, Scope"."""
        where = self.requirement_id or (self.heading.split(" > ")[-1] if self.heading else "")
        return ", ".join(part for part in (self.doc_id or self.document, where) if part)


def squash(text: str) -> str:
    """Letters and digits only, lower-cased: a clause is found in a passage whatever the markup around it."""
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def clause_key(clause: str, span_text: str = "") -> str:
    """What a passage holding a fact's clause (else its span's text) contains, squashed: its first 80 letters and
    digits. How a fact is traced to the chunk that states it; "" when there is nothing to trace."""
    return squash(clause or span_text)[:80]


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: SourceSpan
    negated: bool = False  # "not SHAP/LIME", "no self-hosted models"
    checked: bool | None = None  # a checkbox: True [x], False [ ], None not a checkbox
    conditional: str | None = None  # "if ...", "Phase 2", "not in scope", "optional": the qualifier's words
    clause: str = ""  # the clause the fact belongs to (a sentence, list item or table cell)

    @property
    def asserted(self) -> bool:
        """Stated as true now: not negated, not an unticked box, not conditional."""
        return not self.negated and self.checked is not False and self.conditional is None


QuantityRole = Literal["target", "limit", "baseline", "weight", "saving", "budget", "estimate", "load", "other"]


# The currencies a cost's unit names (extraction writes "GBP" for £, and "$" or "€" as written), each with the sign
# its amounts are shown with.
_CURRENCY_SIGNS = {"GBP": "£", "$": "$", "€": "€"}


class QuantityFact(_Fact):
    kind: Literal["quantity"] = "quantity"
    metric: str  # latency, availability, throughput, concurrency, accuracy, precision, recall, rto, rpo, cost ...
    subject: str  # what the number is about, from the same clause ("web page load time")
    comparator: str = ""  # "", "<", "≤", ">", "≥", "="
    value: str  # as written ("99.9", "500", "200K")
    unit: str = ""  # "%", "ms", "seconds", "queries per second", "GBP per year"
    scope: str = ""  # "95th percentile", "peak", "per month", "business hours"
    role: QuantityRole = "target"

    def currency(self) -> str:
        """The sign a cost is written with ("£" for a unit of "GBP per year"); "" for any other quantity."""
        return _CURRENCY_SIGNS.get(self.unit.split(" per ", 1)[0], "")

    def display(self) -> str:
        unit = self.unit[:-1] if self.value == "1" and self.unit.endswith("s") and len(self.unit) > 2 else self.unit
        sign = self.currency()
        if sign:
            # a sum of money as a UK reader writes it: "£500,000", "£2M per year" (not "500,000 GBP")
            per = unit.split(" per ", 1)[1] if " per " in unit else ""
            value = f"{sign}{self.value}" + (f" per {per}" if per else "")
        else:
            value = f"{self.value}{unit}" if unit in ("%", "") else f"{self.value} {unit}"
        # "data loss = 1 hour" states the value; only a bound ("< 2 s", "≥ 95%") is worth showing beside it
        text = f"{self.comparator} {value}".strip() if self.comparator and self.comparator != "=" else value
        return f"{text} ({self.scope})" if self.scope else text


class ModelFact(_Fact):
    """An AI/ML component the system uses or builds, with its task."""

    kind: Literal["model"] = "model"
    name: str  # "Azure OpenAI GPT-4o", "speech-to-text model"
    task: str = ""  # "summarisation", "speech recognition", "embeddings for search"
    generative: bool = False
    provider: str | None = None

    def versioned_name(self) -> str | None:
        """The name with the version the clause gives it ("Claude" in "Claude 3.5 Sonnet model")."""
        m = re.search(re.escape(self.name) + r"(?:[\s-]+(?:v?\d[\w.]*|[A-Z][a-z]+)){1,3}", self.clause)
        return m.group(0) if m and re.search(r"\d", m.group(0)[len(self.name):]) else None

    def labelled_name(self) -> str | None:
        """The product a labelled line names for this kind of model ("**Embedding Model**: AWS Titan Embeddings
        (1536-dimensional vectors)"): the capitalised words after a label that names a model."""
        m = _LABELLED_MODEL.match(self.clause)
        return m.group("value") if m and not _PLACEHOLDER.search(m.group("value")) else None


# "- **Embedding Model**: AWS Titan Embeddings (...)", "LLM: Claude 3.5 Sonnet": a label that is a kind of model,
# then a product name (words that each open with a capital or a digit); "X or Y" names no choice yet.
_LABELLED_MODEL = re.compile(r"^\W*(?i:(?:(?:embeddings?|language|foundation|base|ml|ai|generative|classification|"
                             r"translation|transcription|speech|vision|ocr|nlp)\s+)?(?:model|llm|engine)|llm)\W*:\W*"
                             r"(?P<value>[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*){0,4})(?![\w.+-]|\s+[A-Z0-9]|\s+or\b)")
_PLACEHOLDER = re.compile(r"\b(?:TBC|TBD|N/?A|None|Unknown|Pending)\b|\[", re.I)


class DataSourceFact(_Fact):
    kind: Literal["data_source"] = "data_source"
    name: str
    description: str = ""
    personal_data: bool | None = None
    classification: str | None = None
    frequency: str | None = None  # how often its data comes in, as the source states it ("daily batch")
    via: Literal["table", "integration"] = "table"  # a source column of a table, or an inbound integration requirement


class MarkingFact(_Fact):
    kind: Literal["marking"] = "marking"
    level: str  # PUBLIC | OFFICIAL | OFFICIAL-SENSITIVE | SECRET | TOP SECRET
    caveats: tuple[str, ...] = ()


RiskScheme = Literal["ai_playbook", "atrs_tier", "dpia", "risk_register", "other"]


class RiskLevelFact(_Fact):
    kind: Literal["risk_level"] = "risk_level"
    scheme: RiskScheme
    level: str  # "High" | "Medium" | "Low" (AI Playbook, DPIA, register); "Tier 1" / "Tier 2" (ATRS)
    subject: str = ""  # what is rated ("overall AI system", "DPIA-003 re-identification")


class RetentionFact(_Fact):
    kind: Literal["retention"] = "retention"
    subject: str
    value: str
    unit: str
    # The record type the clause's own structure names for the period: the row of a retention table ("CCTV
    # footage (operational) | 31 days") or a "Trace retention: 30 days" label; "" when only prose says what is kept.
    record_type: str = ""


class FairnessGroupFact(_Fact):
    """A protected characteristic or group; `asserted` is False for "[ ] Gender (not relevant)"."""

    kind: Literal["fairness_group"] = "fairness_group"
    group: str


class PersonalDataFact(_Fact):
    kind: Literal["personal_data"] = "personal_data"
    category: str
    special_category: bool = False


class PlatformFact(_Fact):
    """A platform or hosting decision ("hosted on Azure UK South", "no self-hosted models")."""

    kind: Literal["platform"] = "platform"
    aspect: str  # cloud | model_hosting | region | tool
    choice: str


class CadenceFact(_Fact):
    """How often something is done ("quarterly bias audits", "DPIA reviewed every 6 months")."""

    kind: Literal["cadence"] = "cadence"
    activity: str  # what is done, in the clause's words
    value: str  # "quarterly", "every 6 months", "continuous"


class OversightFact(_Fact):
    """An option of the human oversight model an AI Playbook assessment or ATRS record states ("[x] Human-on-the-loop
    (periodic/sample review)"); `asserted` is False for an unticked option."""

    kind: Literal["oversight"] = "oversight"
    level: str  # Human-in-the-loop | Human-on-the-loop | Human-in-command | Fully automated
    description: str = ""  # the option's own words after its name


# The role of the team an ATRS record makes responsible for the tool it records: the owner of its models, not a
# person accountable for the system.
RESPONSIBLE_TEAM = "Responsible team"


class StakeholderFact(_Fact):
    """A person or body a stakeholder table makes accountable for the system ("Tim Moss | Chief Executive | ... |
    Executive Sponsor"): `role` is the accountable role as the row states it (RESPONSIBLE_TEAM for an ATRS
    record's responsible team), `title` the row's job title."""

    kind: Literal["stakeholder"] = "stakeholder"
    name: str
    role: str
    title: str = ""


class RequirementFact(_Fact):
    kind: Literal["requirement"] = "requirement"
    id: str
    title: str = ""
    statement: str = ""
    priority: str | None = None

    @property
    def family(self) -> str:
        return self.id.rsplit("-", 1)[0]


Fact = Annotated[
    QuantityFact | ModelFact | DataSourceFact | MarkingFact | RiskLevelFact | RetentionFact | FairnessGroupFact
    | PersonalDataFact | PlatformFact | CadenceFact | StakeholderFact | RequirementFact | OversightFact,
    Field(discriminator="kind"),
]
FactKind = Literal["quantity", "model", "data_source", "marking", "risk_level", "retention", "fairness_group",
                   "personal_data", "platform", "cadence", "stakeholder", "requirement", "oversight"]


class DocumentInfo(BaseModel):
    """What a document's Document Control (or, lacking one, its file name) says it is."""

    model_config = ConfigDict(frozen=True)

    document: str  # file name
    workspace_id: str | None = None  # the workspace's document record ID
    doc_id: str | None = None  # Document ID field only (never an ID found in the body)
    type_code: str | None = None  # REQ, DATA, AIPB, ATRS, DPIA, ...
    type_name: str | None = None
    project_number: str | None = None  # "001"
    project_name: str | None = None
    version: str | None = None  # "1.0"
    classification: str | None = None
    status: str | None = None
    review_cycle: str | None = None
    next_review: str | None = None
    created: str | None = None
    organisation: str | None = None  # Department/Agency or Organisation field
    owner: str | None = None  # the Owner field, when it names someone (not a template placeholder)
    arckit: bool = False  # has an ArcKit Document Control table

    @property
    def series(self) -> str | None:
        """The document's identity across versions: ARC-001-REQ, ARC-001-ADR-003."""
        if not self.doc_id:
            return None
        return self.doc_id.rsplit("-v", 1)[0]

    def version_key(self) -> tuple[int, ...]:
        try:
            return tuple(int(p) for p in (self.version or "0").split("."))
        except ValueError:
            return (0,)


class DocumentFacts(BaseModel):
    """Every fact read from one document, extracted once at ingest and stored."""

    info: DocumentInfo
    facts: list[Fact] = Field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION
    text_chars: int = 0
    skipped: list[str] = Field(default_factory=list)  # headings/blocks not read as content (footers, appendices)

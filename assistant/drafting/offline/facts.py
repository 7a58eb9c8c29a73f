"""What the evidence says, before any section is drafted: `facts_from(evidence) -> ExtractedFacts`.

Everything here is found in the evidence (vocabulary mentions, quantities, signal phrases, field
mapping by embedding similarity) or derived from it by a rule in rules.yaml; each item keeps the
evidence IDs it came from. Review and eval code can use the facts directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.documents.ids import REQUIREMENT_ID
from assistant.drafting.offline import data
from assistant.drafting.offline.embed import EmbedFn, embed, field_scores
from assistant.drafting.offline.evidence import (
    EvidenceChunk,
    Requirement,
    condense,
    evidence_id_for,
    group_requirements,
    safe_evidence_id,
    strip_markup,
)
from assistant.drafting.offline.quantities import Quantity, extract
from assistant.drafting.offline.stated_tests import StatedTest
from assistant.facts import ProjectFacts

# With this many requirement IDs, only requirement statements are mapped to fields (context paragraphs
# still give vocabulary, quantities and signals).
MIN_REQUIREMENTS_FOR_STATEMENTS_ONLY = 25

_NEGATION = re.compile(r"\b(?:no|not|never|without|nor|neither|won't|cannot|can't)\b[^.;]{0,25}$", re.I)


@dataclass(frozen=True)
class Mention:
    """A vocabulary term found in a chunk."""

    name: str
    category: str
    evidence_id: str
    chunk_id: str
    surface: str
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, key: str) -> str | None:
        return dict(self.attrs).get(key)


@dataclass
class Unit:
    """A requirement, or a document chunk outside any requirement: what gets mapped to fields."""

    id: str  # evidence ID: requirement ID or chunk ID
    title: str
    statement: str
    text: str
    is_requirement: bool
    chunk_ids: list[str]
    fields: dict[str, float] = field(default_factory=dict)
    _ranked: list[tuple[str, float]] | None = field(default=None, repr=False)

    def best_fields(self, minimum: float | None = None) -> list[str]:
        minimum = data.field_settings()["min_score"] if minimum is None else minimum
        if self._ranked is None:
            self._ranked = sorted(self.fields.items(), key=lambda kv: -kv[1])
        return [fid for fid, score in self._ranked if score >= minimum]

    @property
    def best_field(self) -> str | None:
        best = self.best_fields()
        return best[0] if best else None


@dataclass
class ModelFact:
    name: str
    type: str
    purpose: str
    evidence: list[str]
    framework: str | None = None
    framework_evidence: list[str] = field(default_factory=list)
    purpose_from_requirement: bool = True

    @property
    def retrieval(self) -> bool:
        """An embedding model that finds passages for search: in a RAG system it is part of the generation
        pipeline, monitored and explained by what it retrieves, not by feature drift or attribution."""
        return self.purpose == RETRIEVAL_TASK


# The facts vocabulary's task for an embedding model (assistant/facts/vocabulary.yaml).
RETRIEVAL_TASK = "embeddings for search"


@dataclass
class DataSourceFact:
    name: str
    evidence: list[str]
    type: str | None = None
    frequency: str | None = None
    volume: str | None = None
    pii: str | None = None  # "Yes" | "No" | None
    training: bool = False  # a passage says a model learns from it (a model card's dataset), not only that it feeds the system


# "trained on", "training data", "used to train", "fine-tuned on": a source a model learns from.
_TRAINING_USE = re.compile(r"(?i)\b(?:train(?:ing|ed)?\s+(?:and\s+validation\s+)?(?:data|datasets?|sets?|corpus|corpora)|"
                           r"trained\s+on|(?:used|use)\s+to\s+train|for\s+(?:model\s+)?training|"
                           r"fine-?tun\w*\s+(?:on|with|data))\b")


@dataclass
class RiskFact:
    level: str | None
    criteria: str
    evidence: list[str]
    stated: bool  # the evidence states the level itself (else the rule derived it)


@dataclass
class Applicability:
    applies: bool
    reason: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class ExtractedFacts:
    project_name: str
    project_id: str
    classification: str
    chunks: list[EvidenceChunk]
    knowledge: list[EvidenceChunk]
    requirements: dict[str, Requirement]
    units: list[Unit]
    mentions: list[Mention]
    quantities: list[Quantity]
    signals: dict[str, list[str]]
    signal_surfaces: dict[str, list[str]]
    models: list[ModelFact]
    data_sources: list[DataSourceFact]
    risk: RiskFact
    applicability: dict[str, Applicability]
    evidence_text: dict[str, str]
    knowledge_notes: dict[str, str]  # "knowledge/drift-monitoring.md" -> first chunk ID of that note
    project: ProjectFacts | None = None  # the facts layer's view of the same documents (authority, requirements)
    fairness_groups: list[tuple[str, str]] | None = None  # (group, evidence ID) asserted by ArcKit documents
    bias_frequency: tuple[str, str] | None = None  # (cadence, evidence ID): how often the documents audit bias
    # Requirements ("FR-004: AI-Assisted Generation") that name a feature using a model the documents do not name.
    unnamed_models: list[str] = field(default_factory=list)
    # (name, accountable role, evidence ID) of the people a stakeholder table makes accountable for the system.
    accountable: list[tuple[str, str, str]] = field(default_factory=list)
    # (team, evidence ID): the team an ATRS record makes responsible for the algorithmic tool, its models' owner.
    model_owner: tuple[str, str] | None = None
    # The tests and drills the documents run on a stated cadence (section 10's Automated Testing rows).
    tests: list[StatedTest] = field(default_factory=list)
    # (categories, evidence IDs) of the special-category data the DPIA says is processed.
    special_categories: tuple[list[str], list[str]] | None = None
    # (cloud with its primary region, evidence ID): where the requirements say the whole service runs.
    hosting: tuple[str, str] | None = None
    # (level, description, document type, evidence ID) of each oversight-model option an AIPB or ATRS ticks.
    oversight: list[tuple[str, str, str, str]] = field(default_factory=list)

    # ---- look-ups used by the section builders ------------------------------------------------------

    def unit(self, unit_id: str) -> Unit | None:
        if not hasattr(self, "_by_id"):
            self._by_id = {u.id: u for u in self.units}
        return self._by_id.get(unit_id)

    def units_for(self, field_id: str, *, top: int = 2, minimum: float | None = None) -> list[Unit]:
        """Units whose best `top` fields include `field_id` (above the minimum score)."""
        if not hasattr(self, "_units_for"):
            self._units_for: dict[tuple[str, int, float | None], list[Unit]] = {}
        key = (field_id, top, minimum)
        if key not in self._units_for:
            self._units_for[key] = [u for u in self.units if field_id in u.best_fields(minimum)[:top]]
        return self._units_for[key]

    def mentions_of(self, *categories: str) -> list[Mention]:
        return [m for m in self.mentions if m.category in categories]

    def names(self, *categories: str) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.mentions_of(*categories)))

    def evidence_of(self, name: str) -> list[str]:
        return list(dict.fromkeys(m.evidence_id for m in self.mentions if m.name == name))

    def quantities_of(self, *kinds: str) -> list[Quantity]:
        return [q for q in self.quantities if q.kind in kinds]

    def has(self, signal_name: str) -> bool:
        return bool(self.signals.get(signal_name))

    def note_evidence(self, note: str) -> list[str]:
        chunk = self.knowledge_notes.get(note)
        return [chunk] if chunk else []

    @property
    def ml_requirement_ids(self) -> list[str]:
        return [u.id for u in self.units if u.is_requirement and is_ml_related(u, self)]


def _find_all(term: data.Term, text: str) -> list[re.Match[str]]:
    matches: list[re.Match[str]] = []
    for pattern in term.patterns:
        matches.extend(pattern.finditer(text))
    return matches


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 40) : start]))


ML_TERM_CATEGORIES = {
    "platform", "framework", "experiment_tracking", "feature_store", "data_versioning", "data_validation",
    "monitoring", "fairness", "explainability", "serving", "llm", "llm_provider", "vector_store", "embedding_model",
    "hpo", "llm_runtime",
}


def is_ml_related(unit: Unit, facts: ExtractedFacts) -> bool:
    """ML-related: ML signal words, an ML vocabulary term, or a strong match to an ML field.

    In a project that has a model, its business (BR) and data (DR) requirements are all ML-related:
    they state what the model is for and what it learns from.
    """
    if facts.models and unit.is_requirement and re.match(r"^(?:BR|DR)-", unit.id):
        return True
    if unit.id in facts.signals.get("ml", []) or unit.id in facts.signals.get("genai", []):
        return True
    if any(m.evidence_id == unit.id and m.category in ML_TERM_CATEGORIES for m in facts.mentions):
        return True
    if any(q.evidence_id == unit.id and q.kind in ("drift", "metric", "fairness", "frequency") for q in facts.quantities):
        return True
    threshold = data.field_settings()["ml_related_score"]
    ml_fields = {f["id"] for f in data.fields() if f.get("ml")}
    return any(unit.fields.get(fid, 0.0) >= threshold for fid in ml_fields)


_STATED_RISK = re.compile(
    r"\b(?P<a>high|medium|low|very high)[- ]risk\s+(?:AI|ML|system|model|use|tool|application|algorithm)\b"
    r"|\brisk\s+(?:level|rating|classification|tier)\s*(?:is|:|of)?\s*(?P<b>very high|high|medium|low)\b",
    re.I,
)


def _risk(units: list[Unit], signals: dict[str, list[str]], chunks: list[EvidenceChunk]) -> RiskFact:
    for chunk in chunks:
        m = _STATED_RISK.search(strip_markup(chunk.text))
        if m and not _negated(chunk.text, m.start()):
            level = (m.group("a") or m.group("b")).title()
            return RiskFact(level, f"Stated in the requirements: {m.group(0)}", [evidence_id_for(chunk)], True)
    rules = data.rules()["risk_levels"]
    for option in rules["order"]:
        needed = option["when"]
        together = [
            u.id for u in units
            if all(u.id in signals.get(s, []) for s in needed)
            and not (option["level"] == "High" and u.id in signals.get("human_review", []))
        ]
        if together:
            return RiskFact(option["level"], option["criteria"], together[:6], False)
    for option in rules["order"]:
        needed = option["when"]
        if option["level"] == "High" and signals.get("human_review"):
            continue  # a person reviews decisions somewhere in the evidence: not fully automated
        if all(signals.get(s) for s in needed):
            ev = list(dict.fromkeys(e for s in needed for e in signals[s][:3]))
            return RiskFact(option["level"], option["criteria"], ev, False)
    return RiskFact(None, "", [], False)


_SOURCE_TYPE = (
    ("Stream", re.compile(r"\bstream|kafka|kinesis|event hub|events? feed|real-time feed", re.I)),
    ("API", re.compile(r"\bAPI\b|web service|interface|REST", re.I)),
    ("File", re.compile(r"\bfiles?\b|CSV|spreadsheet|SFTP|extract|upload|images?|imagery|documents?\b", re.I)),
    ("Database", re.compile(r"database|data warehouse|warehouse|data lake|lakehouse|SQL|tables?\b|system of record|records system|Management System|\bhistory\b", re.I)),
)
# The template's update-frequency classes and the words that state each (one table: the pattern extractor and
# the facts-layer drafter both read cadences with it).
FREQUENCY_CLASSES = (
    ("Real-time", re.compile(r"real[- ]time|streaming|as they arrive|continuous", re.I)),
    ("Hourly", re.compile(r"\bhourly\b|every hour\b", re.I)),
    ("Daily", re.compile(r"\bdaily\b|nightly|every day|each day|overnight", re.I)),
    ("Weekly", re.compile(r"\bweekly\b|every week\b|each week\b", re.I)),
    ("Monthly", re.compile(r"\bmonthly\b|every month\b|each month\b", re.I)),
    ("Quarterly", re.compile(r"\bquarterly\b|every quarter\b", re.I)),
    ("Annual", re.compile(r"\bannual(?:ly)?\b|\byearly\b|every year\b", re.I)),
    ("On-Demand", re.compile(r"on[- ]demand", re.I)),
)
_SYSTEM_NAME = re.compile(
    r"(?P<name>(?:(?:[A-Z][\w&'-]*|of|and|for)\s+){0,6}?[A-Z][\w&'-]*\s+\([A-Z][A-Za-z]{1,9}\))"
    r"|(?P<name2>(?:[A-Z][\w&'-]*\s+){1,6}(?:System|Database|Feed|feed|Archive|Register|Warehouse|Lake|Store|Portal|Platform|Records|Dataset|data set|dataset))\b"
)
_SOURCE_HEADING = re.compile(r"data source|data sources|source data|datasets?|data requirements|training data", re.I)
_SOURCE_CONTEXT = re.compile(r"\b(?:train\w*|labels?|features?|sourced|comes? from|source|feed|ingest\w*|data)\b", re.I)


# What a capitalised phrase can be without naming a source: a licence, act or policy ("Open Government Licence
# (OGL)"), an integration's protocol ("Real-time API (REST)"), only descriptors and a kind ("Real-time feed",
# "Every dataset"), or the system's own object storage.
_INSTRUMENT = re.compile(r"\b(?:licen[cs]es?|acts?|regulations?|polic(?:y|ies)|standards?|agreements?|frameworks?|"
                         r"charter|guidance|code of practice)\b", re.I)
_PROTOCOL = re.compile(r"\((?:REST|SOAP|API|JSON|XML|CSV|SFTP|HTTPS?|GraphQL|gRPC|MQTT|AMQP)\)", re.I)
_KIND_WORDS = frozenset({"real-time", "realtime", "near-real-time", "every", "each", "all", "any", "new", "existing",
                         "external", "internal", "batch", "streaming", "live", "manual", "daily", "weekly", "monthly",
                         "system", "systems", "database", "feed", "feeds", "archive", "register", "warehouse", "lake",
                         "store", "portal", "platform", "records", "dataset", "datasets", "data", "set", "api", "apis"})


# Object storage is where the system keeps its own data (an archive tier, a bucket), not where data comes from.
_OBJECT_STORE = re.compile(r"\b(?:S3|Glacier|Blob Storage|buckets?)\b")


def _not_a_source(name: str) -> bool:
    words = re.sub(r"\([^)]*\)", " ", name).casefold().split()
    return bool(_INSTRUMENT.search(name) or _PROTOCOL.search(name) or _OBJECT_STORE.search(name)
                or all(w in _KIND_WORDS for w in words))


def _data_sources(units: list[Unit], chunks: list[EvidenceChunk]) -> list[DataSourceFact]:
    sources: dict[str, DataSourceFact] = {}
    by_chunk = {c.chunk_id: c for c in chunks}

    def add(name: str, text: str, evidence: str, volumes: list[Quantity]) -> None:
        name = strip_markup(name).strip(" .,;:")
        name = re.sub(r"^(?:The|A|An|Monthly|Daily|Weekly|Training|Labels?)\s+", "", name)
        if len(name) < 3 or len(name) > 80 or name.casefold() in ("the", "data", "system") or _not_a_source(name):
            return
        key = re.sub(r"\s*\([^)]*\)", "", name).casefold()
        if any(key != k and (key in k or k in key) for k in sources):
            key = next(k for k in sources if key in k or k in key)
        fact = sources.get(key) or DataSourceFact(name=name, evidence=[])
        fact.evidence = list(dict.fromkeys([*fact.evidence, evidence]))
        rest = text.replace(name, " ")  # "Real Time Information feed" says nothing about the frequency
        fact.type = fact.type or next((t for t, rx in _SOURCE_TYPE if rx.search(rest)), None)
        fact.frequency = fact.frequency or next((f for f, rx in FREQUENCY_CLASSES if rx.search(rest)), None)
        if fact.volume is None:
            vol = next((q for q in volumes if q.kind in ("volume", "data_size")), None)
            fact.volume = vol.display() if vol else None
        fact.training = fact.training or bool(_TRAINING_USE.search(text))
        if fact.pii is None:
            no = data.signal("no_pii", text)
            yes = _first_unnegated(data.signal_terms()["pii"], text)
            fact.pii = "No" if no and not yes else ("Yes" if yes else None)
        sources[key] = fact

    for unit in units:
        family = re.sub(r"-\d+$", "", unit.id)
        heading = by_chunk[unit.chunk_ids[0]].heading if unit.chunk_ids and unit.chunk_ids[0] in by_chunk else ""
        relevant = (
            family.startswith(("DR", "INT"))
            or "training_data" in unit.best_fields()[:3]
            or bool(_SOURCE_HEADING.search(heading))
        )
        if not relevant:
            continue
        text = strip_markup(unit.text)
        qs = extract(unit.text, unit.chunk_ids[0] if unit.chunk_ids else unit.id, unit.id)
        cells = {}
        if " | " in text:
            for part in text.split(" | "):
                key, sep, value = part.partition(": ")
                if sep:
                    cells[key.strip().casefold()] = value.strip()
        named = next((cells[k] for k in ("data source", "source", "dataset", "source system", "data set") if cells.get(k)), None)
        if named:
            add(named, text, unit.id, qs)
            continue
        if not _SOURCE_CONTEXT.search(text):
            continue
        for m in _SYSTEM_NAME.finditer(text):
            add(m.group("name") or m.group("name2"), text, unit.id, qs)
            break
        else:
            # An integration requirement about a source already found ("INT-003: HMRC RTI") adds its detail.
            words = {w.casefold() for w in re.findall(r"[A-Z][A-Za-z]{2,}", f"{unit.title} {text}")}
            for fact in sources.values():
                if words & {w.casefold() for w in re.findall(r"[A-Z][A-Za-z]{2,}", fact.name)} - {"the", "data", "system"}:
                    fact.evidence.append(unit.id)
                    fact.type = fact.type or next((t for t, rx in _SOURCE_TYPE if rx.search(text)), None)
                    fact.frequency = fact.frequency or next((f for f, rx in FREQUENCY_CLASSES if rx.search(text)), None)
                    break
    return list(sources.values())


def _first_unnegated(term: data.Term, text: str, runs: frozenset[str] | None = None) -> re.Match[str] | None:
    """The first match not negated just before it; `runs` (`data.word_runs(text)`) skips a term that cannot occur."""
    if not term.may_occur(runs):
        return None
    for pattern in term.patterns:
        for m in pattern.finditer(text):
            if not _negated(text, m.start()):
                return m
    return None


_MODEL_NAME = re.compile(
    r"\b(?P<name>(?:[A-Z][\w-]*\s+){1,4}(?:Model|Classifier|Detector|Scorer|Assistant|Chatbot|Engine))\b"
)
_LOWER_MODEL_NAME = re.compile(r"\bthe\s+(?P<name>(?:(?!machine|ml\b|ai\b|new\b)[a-z][\w-]*\s+){2,3}(?:model|classifier|detector|assistant|chatbot))\b")


_STRONG_ML = re.compile(r"\b(?:model|classifier|machine[- ]learning|LLM|large language model|neural network|detector)\b", re.I)
_TYPE_NOUN = {"Classification": "classifier", "GenAI": "assistant (LLM)", "Computer Vision": "vision model",
              "Time Series": "forecasting model", "Anomaly Detection": "anomaly detector", "NLP": "text model",
              "Recommendation": "recommender", "Clustering": "clustering model", "Regression": "regression model"}


def _models(units: list[Unit], mentions: list[Mention], signals: dict[str, list[str]], project_name: str) -> list[ModelFact]:
    by_type: dict[str, ModelFact] = {}
    type_terms = data.model_type_terms()
    ml_units = set(signals.get("ml", [])) | set(signals.get("genai", []))
    for unit in units:
        family = re.sub(r"-\d+$", "", unit.id)
        text = strip_markup(unit.text)
        if unit.is_requirement:
            if family.startswith(("NFR", "INT")) or unit.id not in ml_units:
                continue
        elif not _STRONG_ML.search(text):
            continue
        model_type = next((t.name for t in type_terms if (m := t.find(text)) and not _negated(text, m.start())), None)
        if model_type is None:
            continue
        if model_type in by_type:
            model = by_type[model_type]
            model.evidence.append(unit.id)
            if not model.purpose_from_requirement and unit.is_requirement:
                model.purpose, model.purpose_from_requirement = condense(unit.statement), True
            continue
        m = _MODEL_NAME.search(text)
        lm = _LOWER_MODEL_NAME.search(text)
        if m:
            name = m.group("name")
        elif lm:
            name = lm.group("name")[:1].upper() + lm.group("name")[1:]
        else:
            name = f"{project_name} {_TYPE_NOUN.get(model_type, 'model')}".strip()
        model = ModelFact(name=name.strip(), type=model_type, purpose=condense(unit.statement), evidence=[unit.id])
        model.purpose_from_requirement = unit.is_requirement
        by_type[model_type] = model
    models = list(by_type.values())
    frameworks = [m for m in mentions if m.category == "framework"]
    llms = [m for m in mentions if m.category == "llm"]
    for model in models:
        own = [m for m in frameworks if m.evidence_id in model.evidence]
        pool = own or (frameworks if len({m.name for m in frameworks}) == 1 else [])
        if model.type == "GenAI":
            pool = [m for m in llms if m.evidence_id in model.evidence] or (llms if len({m.name for m in llms}) == 1 else [])
        if pool:
            model.framework = pool[0].name
            model.framework_evidence = list(dict.fromkeys(m.evidence_id for m in pool if m.name == pool[0].name))[:3]
    return models


def _knowledge_notes(knowledge: list[EvidenceChunk]) -> dict[str, str]:
    notes: dict[str, str] = {}
    for chunk in knowledge:
        notes.setdefault(chunk.document if chunk.document.startswith("knowledge/") else f"knowledge/{chunk.document}", safe_evidence_id(chunk.chunk_id))
    return notes


def _applicability(signals: dict[str, list[str]], surfaces: dict[str, list[str]], models: list[ModelFact]) -> dict[str, Applicability]:
    def describe(name: str, label: str) -> Applicability:
        ids = signals.get(name, [])
        if not ids:
            return Applicability(False, f"No evidence of {label} in the project's documents", [])
        terms = ", ".join(dict.fromkeys(surfaces.get(name, [])[:4]))
        # The reason is read by people: requirement IDs, never chunk IDs.
        named = [i for i in ids if REQUIREMENT_ID.fullmatch(i)][:5]
        where = f": {', '.join(named)}" if named else f" ({len(ids)} passage{'s' if len(ids) != 1 else ''})"
        return Applicability(True, f"{label} named in the evidence ({terms}){where}", ids[:8])

    genai = describe("genai", "LLM/GenAI use")
    if not genai.applies and any(m.type == "GenAI" for m in models):
        ev = [e for m in models if m.type == "GenAI" for e in m.evidence]
        genai = Applicability(True, f"A generative AI model is required: {', '.join(ev[:5])}", ev)
    uk = describe("uk_public_sector", "UK public sector body or guidance")
    if uk.applies and not signals.get("uk_jurisdiction"):
        terms = ", ".join(dict.fromkeys(surfaces.get("uk_public_sector", [])[:4]))
        uk = Applicability(False, f"Public-sector words or UK guidance are named ({terms}), but no document places "
                                  "the body in the UK", [])
    mod = describe("mod", "Ministry of Defence use")
    if mod.applies and not uk.applies:
        uk = Applicability(True, mod.reason, mod.evidence)
    rag = describe("rag", "Retrieval-augmented generation")
    in_scope = [e for s in data.rules()["atrs"]["in_scope_when_any"] for e in signals.get(s, [])]
    atrs = Applicability(
        uk.applies and bool(in_scope),
        "UK public sector tool that influences decisions about people or interacts with the public" if uk.applies and in_scope
        else "Not in ATRS mandatory scope on the evidence",
        list(dict.fromkeys(in_scope))[:6],
    )
    return {"genai": genai, "uk": uk, "mod": mod, "rag": rag, "atrs": atrs}


def facts_from(
    evidence: Iterable[EvidenceChunk],
    *,
    project_name: str = "",
    project_id: str = "",
    classification: str = "OFFICIAL",
    embed_fn: EmbedFn | None = None,
    applicability_only: bool = False,
) -> ExtractedFacts:
    """Extract every fact the offline drafter uses from the evidence (document and knowledge chunks).
    `applicability_only`: only what decides which sections apply (signals and model types), without the field
    mapping (an embedding of every statement), the term mentions and the quantities: an outline needs no more."""
    evidence = list(evidence)
    chunks = [c for c in evidence if c.source == "document"]
    knowledge = [c for c in evidence if c.source == "knowledge"]
    requirements = group_requirements(chunks)

    owned_chunks = {cid for r in requirements.values() for cid in r.chunk_ids}
    units = [
        Unit(r.id, r.title, r.statement, r.text, True, list(r.chunk_ids)) for r in requirements.values()
    ]
    for chunk in chunks:
        if chunk.chunk_id not in owned_chunks:
            title = (chunk.heading.split(" > ")[-1] if chunk.heading else "")[:80]
            units.append(Unit(safe_evidence_id(chunk.chunk_id), title, strip_markup(chunk.text), chunk.text, False, [chunk.chunk_id]))

    # Field mapping: one batch through the cached embedding model. Requirement statements are what
    # gets mapped; context paragraphs are mapped too only when the documents have few requirements.
    mapped = [u for u in units if not applicability_only and (u.is_requirement or
                                                             len(requirements) < MIN_REQUIREMENTS_FOR_STATEMENTS_ONLY)]
    texts = [(f"{u.title}. {u.statement}" if u.title else u.statement)[:300] for u in mapped]
    for unit, scores in zip(mapped, field_scores(texts, embed_fn or embed), strict=False):
        unit.fields = scores

    evidence_text: dict[str, str] = {}
    mentions: list[Mention] = []
    quantities: list[Quantity] = []
    signals: dict[str, list[str]] = {}
    surfaces: dict[str, list[str]] = {}
    all_terms = [] if applicability_only else data.terms()
    signal_terms = data.signal_terms()
    for chunk in chunks:
        eid = evidence_id_for(chunk)
        evidence_text[eid] = (evidence_text.get(eid, "") + "\n" + chunk.text).strip()
        evidence_text.setdefault(safe_evidence_id(chunk.chunk_id), chunk.text)
        text = strip_markup(chunk.text)
        scan = f"{chunk.heading}\n{text}" if chunk.heading else text
        runs = data.word_runs(scan)  # once per passage: every term is pre-tested against it
        for term in all_terms:
            m = term.find(scan, runs)
            if m:
                mentions.append(Mention(term.name, term.category, eid, chunk.chunk_id, m.group(0), term.attrs))
        for name, term in signal_terms.items():
            m = _first_unnegated(term, scan, runs)
            if m:
                signals.setdefault(name, [])
                if eid not in signals[name]:
                    signals[name].append(eid)
                surfaces.setdefault(name, []).append(m.group(0))
        if not applicability_only:
            quantities.extend(extract(chunk.text, chunk.chunk_id, eid))
    for chunk in knowledge:
        evidence_text[safe_evidence_id(chunk.chunk_id)] = chunk.text

    models = _models(units, mentions, signals, project_name)
    risk = _risk(units, signals, chunks)
    return ExtractedFacts(
        project_name=project_name,
        project_id=project_id,
        classification=classification,
        chunks=chunks,
        knowledge=knowledge,
        requirements=requirements,
        units=units,
        mentions=mentions,
        quantities=quantities,
        signals=signals,
        signal_surfaces=surfaces,
        models=models,
        data_sources=_data_sources(units, chunks),
        risk=risk,
        applicability=_applicability(signals, surfaces, models),
        evidence_text=evidence_text,
        knowledge_notes=_knowledge_notes(knowledge),
    )

"""ArcKit authority: what the AI Playbook assessment, ATRS record and requirements say overrides guesses.

When the project's documents are ArcKit documents, the risk level is the AI Playbook assessment's own (never a
DPIA or risk-register rating), the model inventory is the AI components those documents assert (never a
model named only in a generation footer or a research note), and section 9 applies when, and as far as, a
generative model is used. Each value cites the chunk that holds the fact's clause.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from assistant.drafting.offline import data
from assistant.drafting.offline.budget import running_costs, unit_cost_targets
from assistant.drafting.offline.evidence import EvidenceChunk, condense, evidence_id_for
from assistant.drafting.offline.facts import (
    FREQUENCY_CLASSES,
    Applicability,
    DataSourceFact,
    ExtractedFacts,
    ModelFact,
    RiskFact,
    _risk,
)
from assistant.drafting.offline.inventory import (
    inventory_rows,
    listed_components,
    names_ai_component,
    names_only_a_feature,
    title_model_type,
)
from assistant.drafting.offline.precision import RATIO_METRICS, first_number, type_code
from assistant.drafting.offline.quantities import Quantity
from assistant.drafting.offline.stated_tests import stated_tests
from assistant.facts import (
    RESPONSIBLE_TEAM,
    CadenceFact,
    FairnessGroupFact,
    OversightFact,
    PersonalDataFact,
    PlatformFact,
    ProjectFacts,
    QuantityFact,
    RequirementFact,
    RetentionFact,
    StakeholderFact,
    clause_key,
    is_requirement_id,
    squash,
)
from assistant.facts import DataSourceFact as SourceFact
from assistant.facts import ModelFact as ComponentFact
from assistant.facts.arckit import authoritative_on
from assistant.facts.models import _Fact
from assistant.facts.vocabulary import data as facts_vocabulary
from assistant.facts.vocabulary import metric_patterns, model_terms

_RATING_DOCUMENTS = {"DPIA", "RISK"}


def _row_label(fact: _Fact) -> str:
    activity = str(getattr(fact, "activity", "") or "")
    return activity[: -len(fact.clause)] if fact.clause and activity.endswith(fact.clause) else ""


class Resolver:
    """The evidence ID (requirement or chunk) whose chunk holds a fact's clause."""

    def __init__(self, evidence: list[EvidenceChunk]) -> None:
        self.by_document: dict[str, list[tuple[str, EvidenceChunk]]] = {}
        for chunk in evidence:
            if chunk.source == "document":
                self.by_document.setdefault(chunk.document.rsplit("/", 1)[-1], []).append((squash(chunk.text), chunk))

    def __call__(self, fact: _Fact) -> str | None:
        needle = clause_key(fact.clause, fact.source.text)
        if not needle:
            return None
        holding = [(squashed, chunk) for squashed, chunk in self.by_document.get(fact.source.document, [])
                   if needle in squashed]
        if not holding:
            return None
        # A table cell's clause is its value alone ("£1,500,000", ">95%", "Every PR"), which other rows and tables
        # of the document hold too (a user count of 1,500,000): the chunk under the fact's own heading that also
        # names its subject (a cadence's: its row label, the activity's words before the clause) states it.
        subject = squash(getattr(fact, "subject", "") or _row_label(fact))

        def fit(item: tuple[str, EvidenceChunk]) -> tuple[bool, bool]:
            squashed, chunk = item
            return (bool(fact.source.heading) and chunk.heading == fact.source.heading,
                    bool(subject) and subject in squashed)

        return evidence_id_for(max(holding, key=fit)[1])


def is_arckit(project: ProjectFacts) -> bool:
    return any(info.arckit for info in project.infos())


def risk(extracted: ExtractedFacts, project: ProjectFacts, resolve: Resolver) -> RiskFact:
    for stated in project.risk_levels():
        evidence = resolve(stated)
        if evidence and stated.level == project.risk_levels()[0].level:
            where = stated.source.doc_id or stated.source.document
            return RiskFact(stated.level, f"Stated by the AI Playbook assessment ({where}): {stated.level} risk",
                            [evidence], True)
    current = extracted.risk
    if project.risk_levels() and current.level != project.risk_levels()[0].level:
        # The assessment states a level this evidence cannot cite: ask rather than print a different one.
        return RiskFact(None, "", [], False)
    if current.stated and is_arckit(project):
        # In an ArcKit project only the AI Playbook assessment or an ATRS record states the AI system's risk
        # level; a "HIGH-RISK" in a security assessment, an analysis report or a decision record rates something
        # else (a threat, a finding, an option). Without either, the level is the rule's suggestion, not a fact.
        return _risk(extracted.units, extracted.signals, [])
    if current.stated and current.evidence:
        chunks = [c for c in extracted.chunks if evidence_id_for(c) in current.evidence]
        if chunks and all(type_code(c.document) in _RATING_DOCUMENTS for c in chunks):
            # A DPIA or register rates its own risks, not the AI system: derive the level by rule instead.
            others = [c for c in extracted.chunks if type_code(c.document) not in _RATING_DOCUMENTS]
            return _risk(extracted.units, extracted.signals, others)
    return current


def _components(project: ProjectFacts) -> list[ComponentFact]:
    """The project's AI components, less the kinds ("LLM") a named product of the same sort stands for, and less
    the hosting services (Amazon Bedrock) when the model they serve is named (Claude): the row is the model."""
    found = project.models()
    specific = [m for m in found if not _flagged(m.name, "generic")]
    models = [m for m in specific if not _flagged(m.name, "service")]
    return [m for m in found
            if not (_flagged(m.name, "generic") and any(s.generative == m.generative for s in specific))
            and not (_flagged(m.name, "service") and any(s.generative == m.generative for s in models))]


def _flagged(name: str, flag: str) -> bool:
    return any(entry["name"] == name and entry.get(flag) for entry in facts_vocabulary()["models"])


def _named_in_inventory(component: ComponentFact, requirement_documents: set[str]) -> bool:
    """Whether a component is stated well enough to be a row of the model inventory: a named product (Claude,
    Amazon Bedrock), or a kind of model the requirements say the system uses. A kind named in passing elsewhere
    ("cost anomaly detection" in a plan, "LLMs" in an assessment's overview, a passage under "Data Model") is no
    model of the system; it still counts for whether section 9 applies, which asks only whether generation is
    used."""
    return (bool(component.provider) or bool(component.source.requirement_id)
            or component.source.document in requirement_documents)


def stated_name(component: ComponentFact, project: ProjectFacts) -> tuple[str, ComponentFact, bool]:
    """The name the documents give a component, the fact that gives it, and whether that fact states it as a
    model of the system: the product a labelled line names for its kind ("Embedding Model: AWS Titan Embeddings",
    as an ATRS record lists its models) does; a version a clause gives its name ("Claude 3.5 Sonnet") only names
    it better."""
    same = project.models_named(component.name)
    labelled = next(((label, f) for f in same if (label := f.labelled_name()) is not None), None)
    if labelled:
        return labelled[0], labelled[1], True
    versioned = next(((v, f) for f in same if (v := f.versioned_name()) is not None), None)
    return (versioned[0], versioned[1], False) if versioned else (component.name, component, False)


def models(extracted: ExtractedFacts, project: ProjectFacts, resolve: Resolver) -> list[ModelFact]:
    if not is_arckit(project):
        return extracted.models
    types = data.vocabulary()["model_type_by_task"]
    out: list[ModelFact] = []
    requirement_documents = {d.info.document for d in project.documents_of("REQ")}
    requirements = project.requirements()
    known = {entry["name"] for entry in facts_vocabulary()["models"]}
    covered: set[str] = set()  # requirements a row already stands for
    # a named kind of model first: a model named only by its capability is a row for a requirement no named one
    # already covers
    for component in sorted(_components(project), key=lambda c: c.name not in known):
        stated, source, labelled = stated_name(component, project)
        if not labelled and not _named_in_inventory(component, requirement_documents):
            continue
        evidence = resolve(source) or resolve(component)
        if evidence is None:
            continue
        name, kind = stated, "GenAI" if component.generative else types.get(component.task, "Other")
        owner = requirements.get(component.source.requirement_id or "")
        if component.name not in known:
            # "predictive maintenance models consuming asset condition data"; "ML models" alone is the model that
            # a named kind of its requirement already is (FR-002's "ML models" is its "classification model"); a
            # bare "NLP models" is named by its requirement's title
            generic = re.fullmatch(r"(?i)(?:ML|machine[- ]learning|AI)\s+(?:models?|classifiers?|engines?)", name)
            if (generic and owner and owner.id in covered) or any(m.name == name for m in out):
                continue
            if owner and owner.title and len(re.findall(r"[A-Za-z]{2,}", name)) <= 2:
                name = owner.title if generic else f"{owner.title} ({name})"
            kind = title_model_type(f"{name} {component.task}")
        if owner:
            covered.add(owner.id)
        # The row's framework column is the ML framework (LangChain, PyTorch): a model's provider is not one, and
        # our vocabulary's provider for a model name is not something the documents stated.
        out.append(ModelFact(name=name, type=kind, purpose=component.task, evidence=[evidence],
                             framework=None, framework_evidence=[], purpose_from_requirement=False))
    # A component an inventory table defines by identifier is a row too, named as the table names it; the
    # table states no model type, so none is guessed.
    for row in inventory_rows(extracted.chunks):
        out.append(ModelFact(name=f"{row.identifier} {row.name}", type="Other", purpose=condense(row.task),
                             evidence=[evidence_id_for(row.chunk)], framework=None, framework_evidence=[],
                             purpose_from_requirement=False))
    # A functional requirement that names an AI component in its title is a row, named by that title, unless a
    # row already stands for it (a named model the requirement states, or an inventory identifier it names).
    cited_requirements = {u.id for u in extracted.units if u.is_requirement}
    for requirement in requirement_components(project):
        # A long requirement's clause may span chunks: its ID, which cites every chunk it owns, stands in.
        evidence = resolve(requirement) or (requirement.id if requirement.id in cited_requirements else None)
        if evidence is None or any(requirement.id in m.evidence for m in out):
            continue
        name = requirement.title
        if names_only_a_feature(requirement.title):
            # A feature is not a model: the row stands for the model behind it, which the documents do not name
            # (it is asked for), so the inventory still says a model of that kind is used, and at what risk.
            feature = f"{requirement.id} ({requirement.title})"
            extracted.unnamed_models.append(feature)
            name = f"Unnamed model behind {feature}"
        out.append(ModelFact(name=name, type=title_model_type(requirement.title),
                             purpose=condense(requirement.statement), evidence=[evidence],
                             framework=None, framework_evidence=[], purpose_from_requirement=True))
    # A component a document lists as one of the system's AI components is a row, named as the list names it,
    # unless a row already stands for the requirement it answers or has its name.
    for item in listed_components(extracted.chunks):
        if any(ref in covered or any(ref in m.evidence or ref in m.name for m in out) for ref in item.references) or \
                any(item.name.casefold() in m.name.casefold() for m in out):
            continue
        out.append(ModelFact(name=item.name, type=title_model_type(f"{item.name} {item.task}"),
                             purpose=condense(item.task), evidence=[evidence_id_for(item.chunk)], framework=None,
                             framework_evidence=[], purpose_from_requirement=False))
    # The facts layer has read every document (those ingested before it existed too): a model its reading does
    # not assert is not put back from the builders' vocabulary matches.
    return out


def requirement_components(project: ProjectFacts) -> list[RequirementFact]:
    """Functional requirements whose titles name an AI component that no asserted component already covers
    (its requirement, or a named model its statement mentions)."""
    components = _components(project)
    out = []
    for requirement in project.requirements().values():
        if requirement.family != "FR" or not names_ai_component(requirement.title):
            continue
        statement = requirement.statement.casefold()
        if any(c.source.requirement_id == requirement.id or (c.provider and c.name.casefold() in statement)
               for c in components):
            continue
        out.append(requirement)
    return out


def _name_and_generative(component: _Fact) -> tuple[str, bool]:
    """A component's name and whether it generates content: a named model says so; a requirement's title does."""
    if isinstance(component, ComponentFact):
        return component.name, component.generative
    assert isinstance(component, RequirementFact)
    return component.title, title_model_type(component.title) == "GenAI"


def genai(extracted: ExtractedFacts, project: ProjectFacts, resolve: Resolver) -> Applicability:
    if not is_arckit(project):
        return extracted.applicability["genai"]
    components: list[_Fact] = [*_components(project), *requirement_components(project)]
    generative = [m for m in components if _name_and_generative(m)[1]]
    if not generative:
        return Applicability(False, "No: the documents name no generative model that the system uses", [])
    evidence = [e for e in (resolve(m) for m in generative) if e]
    names = ", ".join(_name_and_generative(m)[0] for m in generative)
    others = [_name_and_generative(m)[0] for m in components if not _name_and_generative(m)[1]]
    if others:
        reason = (f"Partly: generative models are used ({names}) beside non-generative components "
                  f"({', '.join(others)}); the LLM parts of this section apply to those uses only")
    else:
        reason = f"Yes: the system uses generative models ({names})"
    return Applicability(True, reason, evidence)


_DEFENCE = re.compile(r"\bMOD\b|\bMoD\b|Ministry of Defence|\bDefence\b|\bDstl\b|Armed Forces")


def mod(extracted: ExtractedFacts, project: ProjectFacts) -> Applicability:
    """JSP 936 applies when the owning organisation or the project is Defence, not when a list names the MOD."""
    if not is_arckit(project):
        return extracted.applicability["mod"]
    owners = [i.organisation or "" for i in project.infos()] + [project.project_name() or ""]
    hits = [o for o in owners if _DEFENCE.search(o)]
    if hits:
        return Applicability(True, f"Defence organisation: {hits[0]}", extracted.applicability["mod"].evidence)
    return Applicability(False, "The documents' owning organisation is not Defence (JSP 936 is for MOD systems)", [])


def data_sources(extracted: ExtractedFacts, project: ProjectFacts, resolve: Resolver) -> list[DataSourceFact]:
    """Sources a data model or requirements table names in its source column, and sources that a requirement
    itself names; never a capitalised phrase guessed from an assessment's or a research note's prose."""
    # Only a data model (DATA) is the authority on sources: a requirements table's "Source" column says where
    # an entity's records come from, not what a model is trained on. Without a data model that names sources,
    # the sources requirements themselves name are kept.
    stated = [f for d in project.documents_of("DATA") for f in d.facts if isinstance(f, SourceFact) and f.asserted]
    # A requirement-named source keeps no cadence guessed from its requirement's other words ("Real-time API" is
    # how calls are made): its cadence is what an inbound integration states for it, below.
    out: dict[str, DataSourceFact] = {} if stated else {
        s.name.casefold(): replace(s, frequency=None) for s in extracted.data_sources
        if any(is_requirement_id(e) for e in s.evidence)}
    for fact in stated:
        evidence = resolve(fact)
        if evidence and fact.name.casefold() not in out:
            pii = None if fact.personal_data is None else ("Yes" if fact.personal_data else "No")
            out[fact.name.casefold()] = DataSourceFact(name=fact.name, evidence=[evidence], pii=pii,
                                                       volume=counted_size(fact.name))
    # The systems the requirements' inbound integrations take data from, with the cadence they state for it; one
    # a table already names keeps its row and gains the cadence.
    integrations = [f for d in project.documents_of("REQ") for f in d.facts
                    if isinstance(f, SourceFact) and f.via == "integration" and f.asserted]
    for fact in integrations:
        rid = fact.source.requirement_id
        evidence = resolve(fact) or (rid if rid in extracted.requirements else None)
        if not evidence:
            continue
        same = next((row for row in out.values() if _same_source(row.name, fact.name)), None)
        if same is None:
            out[fact.name.casefold()] = DataSourceFact(name=fact.name, evidence=[evidence],
                                                       frequency=stated_frequency(fact.frequency))
        elif fact.frequency and not same.frequency:
            same.frequency = stated_frequency(fact.frequency)
            same.evidence = list(dict.fromkeys([*same.evidence, evidence]))
    return list(out.values())


# A source named by how many of it there are ("10,000 IoT Traffic Sensors", "3,500 CCTV Cameras").
_COUNTED = re.compile(r"^(?P<count>\d{1,3}(?:,\d{3})+|\d+)\+?\s+(?:[A-Za-z][\w&-]*\s+){0,4}?(?P<things>[A-Za-z]+s)$")


def counted_size(name: str) -> str | None:
    """The size a source's own name states by counting its things ("10,000 sensors"); None otherwise."""
    m = _COUNTED.match(name.strip())
    return f"{m.group('count')} {m.group('things').lower()}" if m else None


# A cadence the template's classes cannot say ("every 15 minutes" is neither real-time nor hourly).
_OTHER_CADENCE = re.compile(r"\bevery\s+\d+\s*(?:s|secs?|seconds?|mins?|minutes?|hours?|days?|weeks?)\b", re.I)


def frequency_class(stated: str | None) -> str | None:
    """The template's update-frequency class of a stated cadence, only when it states one class."""
    if not stated or _OTHER_CADENCE.search(stated):
        return None
    found = [name for name, rx in FREQUENCY_CLASSES if rx.search(stated)]
    return found[0] if len(found) == 1 else None


def stated_frequency(stated: str | None) -> str | None:
    """A source's update frequency: the template's class when the statement is one class, else the statement in
    its own words ("Observations every 15 minutes, forecasts updated hourly" is neither real-time nor hourly, and
    a class picked from it would be wrong for part of the data)."""
    if not stated:
        return None
    return frequency_class(stated) or condense(stated[0].upper() + stated[1:], 160)


_SOURCE_GENERIC = frozenset({"the", "and", "of", "for", "with", "data", "system", "systems", "service", "services",
                             "api", "apis", "feed", "platform", "database", "databases", "integration"})


def _same_source(a: str, b: str) -> bool:
    """Two names of one source: they share two significant words, or a one-word name is the other's word."""
    wa, wb = ({w for w in re.findall(r"[a-z0-9]+", n.casefold()) if w not in _SOURCE_GENERIC} for n in (a, b))
    shared = wa & wb
    return len(shared) >= 2 or (bool(shared) and min(len(wa), len(wb)) == 1)


# Builder quantity kinds whose values are targets the requirements set, and the fact metrics behind each.
_TARGET_KINDS = {"latency": {"latency"}, "throughput": {"throughput"}, "availability": {"availability"},
                 "concurrency": {"concurrency"}, "recovery": {"rto", "rpo", "mttr"},
                 # Satisfaction and resolution rates are the service's outcomes, not what a model is monitored on.
                 "metric": set(RATIO_METRICS) - {"satisfaction", "resolution_rate"},
                 "cost": {"cost"}}
# The fact roles that make a number that kind's target: a load for capacity (a rate limit is not one), a budget
# (not an estimate or a saving) for costs, a target or limit for the rest.
_ROLES = {"throughput": ("target", "load"), "concurrency": ("target", "load"), "cost": ("budget",)}
# Subjects that are a requirement template's field labels, not what a number is about.
_GENERIC_SUBJECT = re.compile(r"^(?:requirement|target|the system|system|it|value|metric|statement|acceptance criteria|"
                              r"rationale|description|details?|success criteria|measure|notes?|sla|slas|kpi|validations?|constraints?|"
                              r"inputs?|outputs?)$", re.I)


_LEAD_WORDS = re.compile(r"^(?:for|of|the|a|an|and|with)\s+|\s+(?:must|shall|should|will|is|are|be|of|at|under|"
                         r"below|within|above|over|to|[<>≤≥=]+|<=|>=)$", re.I)


_MODAL = re.compile(r"\b(?:must|shall|should|will|can|may|is|are)\b", re.I)


def _clause_subject(fact: QuantityFact) -> str:
    """The words before the figure in its own clause ("internal agents (AI-001) >= 99.5%" -> "internal agents"),
    when they make a short noun phrase; "" otherwise."""
    clause = fact.clause or ""
    m = re.search(r"(?<![\w.-])" + re.escape(fact.value) + r"(?!\d)", clause)
    if m is None:
        return ""
    before = re.split(r"[;:.](?:\s|$)", clause[: m.start()])[-1]
    parts = [p.strip() for p in re.sub(r"\([^)]*\)", " ", before).split(",")]
    phrase = next((p for p in reversed(parts) if p), "")
    previous = None
    while previous != phrase:
        previous, phrase = phrase, _LEAD_WORDS.sub("", phrase).strip()
    if len(phrase.split()) == 1 and len(parts) >= 2:
        # "default Tier-3 RTO <= 4 hours, RPO <= 15 minutes": the second figure shares the first's scope
        shared = _SHARED_SCOPE.match(parts[0])
        scope = _LEAD_WORDS.sub("", shared.group("scope")).strip() if shared else ""
        phrase = f"{scope} {phrase}" if 1 <= len(scope.split()) <= 4 else phrase
    # A clause ("Online scoring SHALL respond within") is not a subject: only a short noun phrase is.
    return phrase if 2 <= len(phrase.split()) <= 6 and not _MODAL.search(phrase) else ""


# The words a list's first figure is scoped by, before its own metric word ("default Tier-3" in "default Tier-3
# RTO <= 4 hours").
_SHARED_SCOPE = re.compile(r"^\s*(?P<scope>.*?)\s*\b[\w-]+\s*(?:[<>≤≥=]|under\b|below\b|within\b)")


def _label(fact: QuantityFact, title: str = "", shared: bool = False) -> str:
    """The metric and what it is about ("Latency: search results return"), so a target keeps its subject; a
    field label ("Statement") gives way to the words before the figure when the requirement states several
    figures of the metric (its title cannot tell them apart), else to the owning requirement's title."""
    metric = fact.metric.replace("_", " ")
    metric = metric.upper() if metric in ("rto", "rpo", "mttr", "auc", "f1") else metric.capitalize()
    subject = re.sub(r"\s+(?:target(?: value)?|requirement|value)$", "", fact.subject.strip(), flags=re.I).strip(" :-")
    if _GENERIC_SUBJECT.match(subject) and shared and _clause_subject(fact):
        subject = _clause_subject(fact)
    elif _GENERIC_SUBJECT.match(subject) and title:
        subject = title
    if not subject or _GENERIC_SUBJECT.match(subject) or subject.casefold() == metric.casefold():
        label = metric
    elif (metric.casefold() in subject.casefold() or fact.metric in subject.casefold()
          or re.search(r"\b(?:RTO|RPO|MTTR)\b", subject)):  # the subject names its own recovery objective
        label = subject[:1].upper() + subject[1:]
    else:
        label = f"{metric}: {subject}"
    return f"{label} ({fact.scope})" if fact.scope and fact.scope.casefold() not in label.casefold() else label


def _own_scope(fact: QuantityFact) -> str:
    """The words right after a figure in its clause, up to the next separator, when they say what it is for
    ("4 hours for important systems" -> "important systems"); "" when they are not a short phrase."""
    m = re.search(r"(?<![\w.-])" + re.escape(fact.value) + r"(?!\d)\s*[A-Za-z]*", fact.clause or "")
    if m is None:
        return ""
    tail = re.split(r"[;,.()]|\band\b", (fact.clause or "")[m.end():], maxsplit=1)[0].strip()
    tail = re.sub(r"^(?:for|of|in|on|at|to)\s+", "", tail, flags=re.I)
    return tail if 1 <= len(tail.split()) <= 6 else ""


_SERVICE_KINDS = {"latency", "throughput", "availability", "concurrency", "metric"}
# Requirements whose service levels are another system's or the data's, not the service or the model the strategy
# runs: an integration's SLA (an external API, a partner's feed), a data requirement's freshness or accuracy
# (a data product's "> 99.5% accuracy" is data quality, not a model's), a migration's downtime. Their targets are
# left to the owner rather than restated as serving targets or model metrics.
_OTHER_SERVICE = re.compile(r"\bintegrat\w*|\binterface\b|data exchange|\bingest\w*|\bmigrat\w*|data products?\b|\bfeeds?\b", re.I)


def _not_the_service(fact: QuantityFact, title: str) -> bool:
    rid = fact.source.requirement_id or ""
    return rid.startswith(("INT-", "DR-")) or bool(_OTHER_SERVICE.search(f"{title} {fact.subject}"))


def _serving_rate(kind: str, fact: QuantityFact) -> bool:
    """A throughput target is a rate a service must sustain (per second, minute or hour: "50 million calls per
    year" is a volume); a load is a target at its peak, not its average."""
    if kind == "throughput" and not re.search(r"per (?:second|minute|hour)|/s\b", fact.unit, re.I):
        return False
    return not (fact.role == "load" and re.search(r"average|mean|median|typical", fact.scope, re.I))


# What names an AI component or task. A ratio metric is a model's target only where its clause, its subject or its
# requirement's title names one: "95% first-time accuracy in case processing" is a business outcome,
# "classification model precision > 80%" a model's. Acronyms match in capitals only.
_AI_WORDS = re.compile(r"\b(?:models?|classifi\w*|machine[- ]learning|transcri\w*|speech|speaker|translat\w*|search\w*|"
                       r"retriev\w*|recogni\w*|predict\w*|chatbot|generat\w*|embedding\w*|detection|neural|"
                       r"algorithm\w*|artificial intelligence)\b", re.I)
_AI_ACRONYMS = re.compile(r"\b(?:AI|ML|LLMs?|OCR|NLP|ASR|RAG|GenAI)\b")
# Where an ATRS record states its model's performance ("7.1 - Model Performance"): the record is the authority on
# the model, so its targets are the model's even though no requirement numbers them.
_MODEL_PERFORMANCE = re.compile(r"model performance|performance metrics|accuracy|evaluation", re.I)
# A REQ table of measures outside any requirement ("Technical Success Metrics"): its AI rows are model targets.
_METRICS_HEADING = re.compile(r"\bmetrics?\b|success criteria|\bkpis?\b|measures of success", re.I)


def _names_ai(*texts: str) -> bool:
    return any(_AI_WORDS.search(t) or _AI_ACRONYMS.search(t) for t in texts if t)


def _model_subject(fact: QuantityFact, title: str) -> str:
    """What a model metric is about: the AI component its clause names ("Classification model"), else its
    requirement's title; "" when neither says more than the metric."""
    for entry, pattern in model_terms():
        if pattern.search(fact.clause or ""):
            return str(entry["name"])
    return title


# A score's cut-off ("minimum relevance threshold (0.7)") configures retrieval or escalation: it is not a level
# of performance the model must reach.
_CUT_OFF = re.compile(r"\bthresholds?\b|\bcut-?off\b", re.I)


def _model_metric(fact: QuantityFact, title: str, *, model_section: bool = False) -> bool:
    """A ratio metric set for an AI component or task (never a business KPI, a weighting or a data-quality
    figure: those have other metrics or roles). `model_section`: the clause sits in a section about the model's
    performance (an ATRS record's), which names the component for every row."""
    if fact.unit != "%" and _CUT_OFF.search(fact.clause):
        return False
    return model_section or _names_ai(fact.clause, fact.subject, title)


def _names_only_metric(fact: QuantityFact) -> bool:
    """The fact's subject is only its metric's word ("precision", "accurate"): it says nothing of what is measured."""
    pattern = metric_patterns().get(fact.metric, (None, ""))[0]
    subject = fact.subject.strip(" :-")
    return not subject or bool(pattern and pattern.fullmatch(subject))


def _atrs_model_metrics(project: ProjectFacts) -> list[QuantityFact]:
    metrics = _TARGET_KINDS["metric"]
    return [f for d in project.documents_of("ATRS") for f in d.facts
            if isinstance(f, QuantityFact) and f.asserted and f.metric in metrics and f.role in ("target", "limit")
            and _MODEL_PERFORMANCE.search(f.source.heading)]


def target_quantities(extracted: ExtractedFacts, project: ProjectFacts, resolve: Resolver) -> list[Quantity]:
    """The project's targets from the facts layer (the requirements' own clauses, with their subjects), in place
    of the builders' pattern matches for the same kinds: a number from a savings, weighting or baseline clause
    never becomes a target, and every target says what it is about."""
    out: list[Quantity] = []
    seen: set[tuple[str | None, ...]] = set()
    titles = {rid: r.title for rid, r in project.requirements().items()}
    for kind, metrics in _TARGET_KINDS.items():
        roles = _ROLES.get(kind, ("target", "limit"))
        # When the documents number their requirements, a target is one a requirement sets: figures in an
        # introduction or a goals list restate them or belong to something else ("reduce calls by 30%"). A
        # latency "above" a figure is a timeout's trigger, not a target; an "availability" under 90% is some
        # other share that the clause's words misled the reader on (no service targets that).
        pool = project.quantities(*metrics, roles=roles)
        if kind == "metric":
            # A model's targets: in a requirement, a REQ metrics table or an ATRS record's performance section,
            # and only where the clause names an AI component or task.
            atrs = _atrs_model_metrics(project)
            pool = [f for f in [*pool, *atrs]
                    if _model_metric(f, titles.get(f.source.requirement_id or "", ""), model_section=f in atrs)
                    and (f.source.requirement_id or f in atrs or _METRICS_HEADING.search(f.source.heading))]
        facts = [f for f in pool
                 if (f.source.requirement_id or not titles or kind == "metric"
                     # A recovery objective in the requirements' metrics table ("Mean time to recovery (MTTR) |
                     # < 15 minutes") is set there, outside any numbered requirement.
                     or (kind == "recovery" and _METRICS_HEADING.search(f.source.heading))) and not (kind == "latency" and f.comparator in (">", "≥"))
                 and not (kind in _SERVICE_KINDS and _not_the_service(f, titles.get(f.source.requirement_id or "", "")))
                 and not (kind == "availability" and (first_number(f.value) or 0) < 90) and _serving_rate(kind, f)]
        # A figure repeated elsewhere (a load-test condition under a latency requirement) is the same target: the
        # statement whose requirement or subject names the metric is kept.
        facts.sort(key=lambda f: (f.metric.replace("_", " ") not in f"{titles.get(f.source.requirement_id or '', '')} "
                                                                 f"{f.subject}".casefold(),
                                  bool(re.match(r"acceptance|test", f.subject, re.I)), not f.scope))
        # Figures of one metric that a requirement's title and their percentile cannot tell apart.
        per_requirement = Counter((f.source.requirement_id, f.metric, f.scope) for f in facts
                                  if _GENERIC_SUBJECT.match(f.subject.strip(" :-")))
        same_label = Counter((f.source.requirement_id, f.metric, f.subject) for f in facts)
        for fact in facts:
            evidence = fact.source.requirement_id or resolve(fact)
            shared = (fact.source.requirement_id is not None
                      and per_requirement[(fact.source.requirement_id, fact.metric, fact.scope)] > 1)
            title = titles.get(fact.source.requirement_id or "", "")
            if kind == "metric" and _names_only_metric(fact):
                fact = fact.model_copy(update={"subject": _model_subject(fact, title)})
            label = _label(fact, title, shared)
            if kind == "recovery" and same_label[(fact.source.requirement_id, fact.metric, fact.subject)] > 1:
                # "RTO: 1 hour for mission-critical systems; 4 hours for important systems": one label, several
                # objectives, each for what its own words name.
                scope = _own_scope(fact)
                label = f"{label}: {scope}" if scope else label
            # One requirement stating the same figure twice ("page load times under 3 seconds" in its statement,
            # "Web page load time: < 3 seconds (95th percentile)" in its list) states one target: the statement
            # with its percentile and its own subject is kept, not a second row under the requirement's title.
            key = ((kind, fact.source.requirement_id, fact.comparator, fact.value, fact.unit, fact.metric)
                   if fact.source.requirement_id else (kind, fact.display(), fact.metric))
            # A figure named only by its metric's word ("then response is generated in < 1.5 seconds") that another
            # requirement states with its subject ("LLM response time: < 1.5 seconds") restates that target.
            restated = (kind, fact.metric, fact.comparator, fact.value, fact.unit)
            # Two items of one requirement that each name their own subject ("AI transcription: < 3 s", "Page
            # load: < 3 s") are two targets that happen to share a figure, not a restatement.
            specific = (fact.source.requirement_id is not None and not _names_only_metric(fact)
                        and not _GENERIC_SUBJECT.match(fact.subject.strip(" :-")))
            subject_key = (*key, fact.subject.casefold()) if specific else key
            if evidence is None or subject_key in seen or (not specific and key in seen) or (
                    _names_only_metric(fact) and restated in seen):
                continue
            seen.update((key, subject_key, restated))
            role = "floor" if kind == "metric" and fact.role == "limit" else "target"
            out.append(Quantity(kind, label, fact.comparator, fact.value, fact.unit, fact.clause or fact.source.text,
                                "", evidence, role))
    kept = [q for q in extracted.quantities if q.kind not in _TARGET_KINDS]
    return out + kept


def data_quality_checks(project: ProjectFacts, resolve: Resolver) -> list[Quantity]:
    """Data-quality thresholds (kind "data_quality"): what a data requirement (DR-xxx) or the requirements' "Data
    Quality Requirements" section sets for completeness, accuracy, freshness or consistency. A figure another
    requirement ties to data (an integration's migration check, a feature's) is that requirement's, not a check
    on the data the model learns from."""
    titles = {rid: r.title for rid, r in project.requirements().items()}
    out: list[Quantity] = []
    seen: set[tuple[str, str, str]] = set()
    for fact in project.quantities("data_quality", roles=("target", "limit")):
        rid = fact.source.requirement_id
        if rid and not rid.startswith("DR-"):
            continue
        evidence = rid or resolve(fact)
        key = (fact.subject.casefold(), fact.comparator, fact.display())
        if evidence is None or key in seen:
            continue
        seen.add(key)
        subject = fact.subject[:1].upper() + fact.subject[1:]
        check = f"{subject} ({rid}: {titles[rid]})" if rid and titles.get(rid) else subject
        out.append(Quantity("data_quality", check, fact.comparator, fact.value, fact.unit, fact.clause or fact.source.text,
                            "", evidence))
    return out


# A retention fact's subject that names no record type ("Retention: 7 years", "Data retention period").
# Labels that say a period is stated, not what it keeps ("Retention period: 7 years", "Requirement: ... 7 years").
UNNAMED_RECORDS = re.compile(r"^(?:(?:data|record|records|information)\s+)?(?:retention(?:\s+(?:period|policy|schedule))?|"
                             r"records?|data|period|duration|retain(?:ed)?|kept|maximum|minimum|default|standard|typical|"
                             r"requirements?|description|details?|notes?|rationale|policy|value)?$", re.I)


def retention_periods(extracted: ExtractedFacts, project: ProjectFacts, resolve: Resolver) -> list[Quantity]:
    """One retention period per record type the documents state (a requirement's or a data model's retention
    table: "CCTV footage (operational): 31 days", "Incident records: 7 years"), each with the record type its
    own row or item names; then the builders' periods for values no fact states. A period whose subject names no
    record type ("Retention: 7 years") is left to the builders' reading of its sentence."""
    out: list[Quantity] = []
    seen: set[str] = set()
    for fact in _scheduled_retention(project):
        subject = fact.record_type.strip(" :-*")
        evidence = fact.source.requirement_id or resolve(fact)
        # One period per record type: a schedule's second column ("Total Retention", a source requirement's
        # range) restates or bounds the first.
        if evidence is None or subject.casefold() in seen:
            continue
        seen.add(subject.casefold())
        clause = fact.clause or fact.source.text
        before, after = period_bounds(clause, fact.value, fact.unit)
        part = period_part(clause, fact.value, fact.unit)
        subject = f"{subject} ({part})" if part and part.casefold() not in subject.casefold() else subject
        out.append(Quantity("retention", subject[:1].upper() + subject[1:], "", fact.value, fact.unit,
                            clause, "", evidence, role="record", before=before, after=after))
    stated = {(q.value, q.unit) for q in out}
    return out + [q for q in extracted.quantities if q.kind == "retention" and (q.value, q.unit) not in stated]


# "Lifetime of asset + 7 years", "Until grant/refusal + 7 years": the event a period is counted from.
_COUNTED_FROM = r"(?P<start>[A-Za-z][\w /'-]{2,60}?)\s*\+\s*$"
# "5 years to indefinite", "1 to 7 years" is read by its first figure: the upper bound keeps it a range.
_UP_TO = re.compile(r"^\s*(?:to|-|–)\s*(?P<end>indefinite(?:ly)?|permanent(?:ly)?|\d+(?:\.\d+)?\s*(?:years?|months?|weeks?|days?))\b",
                    re.I)


def _period_figure(value: str, unit: str) -> re.Pattern[str]:
    """A stated period's figure as its clause writes it, singular or plural ("7 years", "1 year", "24hours")."""
    return re.compile(rf"(?<![\d.]){re.escape(value)}\s?{re.escape(unit.rstrip('s'))}s?\b", re.I)


_EMPHASIS = re.compile(r"[*_`]+")


def period_bounds(clause: str, value: str, unit: str) -> tuple[str, str]:
    """The words that make a stated period more than a flat one, as ("Lifetime of asset +", "") or ("", "to
    indefinite"); ("", "") when the clause states the period alone. A retention table's cell reads "Lifetime of
    asset + 7 years": a row printing "7 years" would keep the records for less than the source says."""
    text = _EMPHASIS.sub("", clause)
    m = _period_figure(value, unit).search(text)
    if not m:
        return "", ""
    start = re.search(_COUNTED_FROM, re.split(r"[|;:(]", text[:m.start()])[-1])
    end = _UP_TO.match(text[m.end():])
    return (f"{start.group('start').strip()} +" if start else ""), (f"to {end.group('end')}" if end else "")


# Words that qualify a period rather than name what it keeps ("minimum 90 days", "retained for 7 years").
_PERIOD_QUALIFIER = re.compile(r"^(?:(?:only|then|and|but|is|are|be|retained|retain|kept|keep|held|stored|for|"
                               r"minimum|maximum|min|max|at least|up to|typically|default|usually|purged|deleted|"
                               r"in|within|after|of)\b\s*)+", re.I)


def period_part(clause: str, value: str, unit: str) -> str:
    """What a period keeps when its cell keeps several parts of a record for different periods ("Outcome retained
    for tenancy lifetime; raw response 24 hours": the 24 hours are the raw response's, not the record's); ""
    when the cell states one period or its part names nothing before the figure."""
    parts = [p.strip() for p in _EMPHASIS.sub("", clause).split(";") if p.strip()]
    if len(parts) < 2:
        return ""
    figure = _period_figure(value, unit)
    for part in parts:
        m = figure.search(part)
        if not m:
            continue
        words = _PERIOD_QUALIFIER.sub("", re.sub(r"\b(?:retained|kept|held|purged|deleted)\b.*$", "",
                                                part[:m.start()], flags=re.I).strip(" :-,")).strip(" :-,")
        named = 1 <= len(words.split()) <= 4 and not UNNAMED_RECORDS.match(words)
        return words if named else ""
    return ""


def _scheduled_retention(project: ProjectFacts) -> list[RetentionFact]:
    """The record-typed retention periods of the documents that set them: the requirements and the DPIA; the data
    model's per-entity schedule only when neither states one (it restates their policy entity by entity). An
    analysis, a decision's options or a research note describes or proposes periods; it sets none."""
    def named(codes: tuple[str | None, ...]) -> list[RetentionFact]:
        return [f for d in project.current if d.info.type_code in codes for f in d.facts
                if isinstance(f, RetentionFact) and f.asserted and f.record_type.strip(" :-*")
                and not UNNAMED_RECORDS.match(f.record_type.strip(" :-*")) and not is_requirement_id(f.record_type)]
    setting = named(("REQ", "DPIA", None))
    setting = setting or named(tuple(c for c in {d.info.type_code for d in project.current}
                                     if c and "retention" in authoritative_on(c)))
    # The architecture principles set how long the organisation keeps its systems' operational records (logs,
    # metrics, traces, backups, training data) for every project: a period this project's own documents do not
    # set for that record type. Business records' schedules are the requirements', DPIA's and data model's.
    own = {f.record_type.strip(" :-*").casefold() for f in setting}
    principles = [f for f in named(("PRIN",)) if _OPERATIONAL_RECORDS.search(f.record_type)
                  and f.record_type.strip(" :-*").casefold() not in own]
    return setting + principles


_OPERATIONAL_RECORDS = re.compile(r"\blogs?\b|\bmetrics?\b|\btraces?\b|\bbackups?\b|\btelemetry\b|\btraining data\b",
                                  re.I)


# A heading of bias testing itself: an equality impact assessment's list of the characteristics it assessed is
# not a list of groups whose model outcomes are tested.
_BIAS_HEADING = re.compile(r"\bbias|\bfairness", re.I)
_FAIRNESS_CLAUSE = re.compile(r"bias|fair|disparit|parity|monitor|test|audit|equalit(?:y|ies) of|outcome", re.I)


def fairness_groups(project: ProjectFacts, resolve: Resolver) -> list[tuple[str, str]]:
    """(group, evidence) for each group the documents assert is monitored (ticked, not negated)."""
    out: dict[str, str] = {}
    for fact in project.of_type(FairnessGroupFact, "fairness_group"):
        # A group is monitored where a clause about bias, fairness or testing names it; the Equality Act's list
        # of protected characteristics quoted in passing names groups nobody said would be monitored.
        # Under a bias assessment's heading, a list item or table cell that is only the group ("15.2 Algorithmic
        # Bias Assessment" > "- [x] Age", "Gender" in a fairness-testing table) names a group assessed too (an
        # unticked box is not asserted, so never reaches here).
        rest = re.sub(re.escape(fact.group), " ", fact.clause or "", flags=re.I)
        listed_for_bias = len(re.sub(r"[-*+|:\[\]]|\b[xX]\b", " ", rest).split()) <= 1 and bool(
            _BIAS_HEADING.search(fact.source.heading.split(" > ")[-1]))
        if not (_FAIRNESS_CLAUSE.search(fact.clause or fact.source.text) or listed_for_bias):
            continue
        evidence = resolve(fact)
        if evidence and fact.group not in out:
            out[fact.group] = evidence
    return list(out.items())


_BIAS_WORD = r"(?:\bbias\w*|\bfair\w*|disparit\w*|\bparity\b)"
_CHECK_WORD = r"(?:\baudit\w*|\btest\w*|\bretest\w*|\breview\w*|\bmonitor\w*|\bmetrics?\b|\bassess\w*)"
# The check is of bias only when its word is next to a bias word ("bias audit", "audited for bias", "fairness
# metrics"): "fairness disclosure (model card requested at quarterly DPO review)" is a review of a document.
_CHECKS_BIAS = re.compile(rf"{_BIAS_WORD}\W+(?:\w+\W+){{0,2}}?{_CHECK_WORD}|{_CHECK_WORD}\W+(?:\w+\W+){{0,2}}?{_BIAS_WORD}",
                          re.I)


def bias_audit_frequency(project: ProjectFacts, resolve: Resolver) -> tuple[str, str] | None:
    """(cadence, evidence) of the documents' own statement of how often bias or fairness is audited, tested or
    monitored ("quarterly bias audits"); None when no asserted clause says."""
    for fact in project.of_type(CadenceFact, "cadence"):
        if not (_CHECKS_BIAS.search(fact.activity) or _CHECKS_BIAS.search(fact.clause)):
            continue
        evidence = resolve(fact)
        if evidence:
            return fact.value[:1].upper() + fact.value[1:], evidence
    return None


# One name per special category: the DPIA's words for the same category ("racial", "ethnic origin", "ethnicity").
_SPECIAL_CATEGORY_NAMES = {"medical": "health", "racial": "racial or ethnic origin", "ethnic origin": "racial or ethnic origin",
                           "ethnicity": "racial or ethnic origin", "race": "racial or ethnic origin",
                           "religious": "religion", "criminal conviction": "criminal offence",
                           "criminal record": "criminal offence"}


def special_category_data(project: ProjectFacts, resolve: Resolver) -> tuple[list[str], list[str]] | None:
    """(categories, evidence) of the special-category and criminal-offence data the DPIA says is processed, each
    category once in the DPIA's own first word for it; None without a DPIA that says so (only the DPIA is the
    authority: an ATRS form's unticked box or a principle's example is no statement about this system's data)."""
    categories: dict[str, str] = {}
    evidence: dict[str, None] = {}
    for document in project.documents_of("DPIA"):
        for fact in document.facts:
            if isinstance(fact, PersonalDataFact) and fact.special_category and fact.asserted:
                where = resolve(fact)
                key = _SPECIAL_CATEGORY_NAMES.get(fact.category, fact.category)
                if where and key not in categories:
                    categories[key] = fact.category
                    evidence[where] = None
    return (list(categories.values()), list(evidence)) if categories else None


def accountable_people(project: ProjectFacts, resolve: Resolver) -> list[tuple[str, str, str]]:
    """(name, role, evidence) for each person or body the requirements' stakeholder table makes accountable (its
    sponsor, SRO, product or service owner), named as the table names them with their job title."""
    out: list[tuple[str, str, str]] = []
    for fact in project.of_type(StakeholderFact, "stakeholder"):
        if fact.role == RESPONSIBLE_TEAM:
            continue  # the team an ATRS record makes responsible owns its models (responsible_team), nobody else
        evidence = resolve(fact)
        if evidence is None or any(fact.name == name for name, _, _ in out):
            continue
        name = f"{fact.name} ({fact.title})" if fact.title and fact.title != fact.role else fact.name
        out.append((name, fact.role, evidence))
    return out


# A requirement clause that says where the service runs or keeps its data ("All citizen data processed and stored in
# UK (AWS eu-west-2)", "Cloud-first: Azure UK regions", "Primary region: Azure UK South"); an assumption that a
# model is "available in UK region", an owner or an upskilling plan that names a cloud says nothing of where it runs.
_HOSTED_HERE = re.compile(r"\bhost(?:ed|ing)\b|processed and stored|\bstored in\b|primary region|cloud[- ]first|"
                          r"\bdeployed (?:on|to|in)\b|\bruns? on\b", re.I)


def hosting_cloud(project: ProjectFacts, resolve: Resolver) -> tuple[str, str] | None:
    """(cloud with its primary region, evidence) when the requirements say where the service runs and name one
    cloud only; None when they name none, or several (a choice still open is a question, not a cell)."""
    clouds: dict[str, tuple[str, str]] = {}
    for document in project.documents_of("REQ"):
        facts = [f for f in document.facts if isinstance(f, PlatformFact) and f.asserted and f.source.requirement_id]
        for fact in facts:
            if fact.aspect != "cloud" or not _HOSTED_HERE.search(fact.clause or fact.source.text):
                continue
            named = {f.choice.casefold() for f in facts if f.aspect == "cloud" and f.source.start == fact.source.start}
            if len(named) > 1:
                continue  # "across cloud providers (AWS, Azure, GCP)": no one of them is chosen here
            region = next((f.choice for f in facts if f.aspect == "region" and f.source.start == fact.source.start
                           and not re.fullmatch(r"uk[- ]region", f.choice, re.I)), None)
            evidence = resolve(fact)
            key = fact.choice.casefold()
            if evidence and (key not in clouds or (region and "(" not in clouds[key][0])):
                clouds[key] = (f"{fact.choice} ({region})" if region else fact.choice, evidence)
    return next(iter(clouds.values())) if len(clouds) == 1 else None


def oversight_model(project: ProjectFacts, resolve: Resolver) -> list[tuple[str, str, str, str]]:
    """(level, description, document type, evidence) of each option the AI Playbook assessment or ATRS record
    ticks under "Human Oversight Model", once per level; an unticked option is not stated."""
    out: dict[str, tuple[str, str, str, str]] = {}
    for fact in project.of_type(OversightFact, "oversight"):
        evidence = resolve(fact)
        if evidence and fact.level not in out:
            out[fact.level] = (fact.level, fact.description, type_code(fact.source.document) or fact.source.document,
                               evidence)
    return list(out.values())


def responsible_team(project: ProjectFacts, resolve: Resolver) -> tuple[str, str] | None:
    """(team, evidence) of the team the project's one ATRS record makes responsible for the tool it records: the
    owner of the models that record describes. None without exactly one such record (several records describe
    several tools, and which team owns which model is the owner's to say)."""
    records = project.documents_of("ATRS")
    if len(records) != 1:
        return None
    for fact in records[0].facts:
        if isinstance(fact, StakeholderFact) and fact.role == RESPONSIBLE_TEAM and fact.asserted:
            evidence = resolve(fact)
            if evidence:
                return fact.name, evidence
    return None


def apply_applicability(extracted: ExtractedFacts, project: ProjectFacts, evidence: list[EvidenceChunk]) -> ExtractedFacts:
    """Only the decisions `apply` makes on which sections apply (GenAI, MOD), for an outline."""
    extracted.applicability["genai"] = genai(extracted, project, Resolver(evidence))
    extracted.applicability["mod"] = mod(extracted, project)
    extracted.project = project
    return extracted


def apply(extracted: ExtractedFacts, project: ProjectFacts, evidence: list[EvidenceChunk]) -> ExtractedFacts:
    resolve = Resolver(evidence)
    extracted.risk = risk(extracted, project, resolve)
    extracted.models = models(extracted, project, resolve)
    extracted.applicability["genai"] = genai(extracted, project, resolve)
    extracted.applicability["mod"] = mod(extracted, project)
    if is_arckit(project):
        retention = retention_periods(extracted, project, resolve)
        targets = [q for q in target_quantities(extracted, project, resolve) if q.kind != "retention"]
        extracted.quantities = (targets + data_quality_checks(project, resolve) + retention + running_costs(project, resolve)
                                + unit_cost_targets(project, resolve))
        extracted.data_sources = data_sources(extracted, project, resolve)
        extracted.fairness_groups = fairness_groups(project, resolve)
        extracted.bias_frequency = bias_audit_frequency(project, resolve)
        extracted.accountable = accountable_people(project, resolve)
        extracted.model_owner = responsible_team(project, resolve)
        extracted.tests = stated_tests(project, resolve)
        extracted.special_categories = special_category_data(project, resolve)
        extracted.hosting = hosting_cloud(project, resolve)
        extracted.oversight = oversight_model(project, resolve)
    extracted.project = project
    return extracted

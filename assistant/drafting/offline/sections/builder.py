"""The section builders' shared state and helpers: provenance, look-ups, services, open questions."""

import re

from assistant.drafting.offline import data
from assistant.drafting.offline.evidence import safe_evidence_id, sentences
from assistant.drafting.offline.facts import ExtractedFacts, Unit
from assistant.drafting.offline.quantities import Quantity
from assistant.strategy import SECTIONS, Fact, OpenQuestion, Provenance, Strategy
from assistant.strategy.base import Section, provenances
from assistant.strategy.schema import (
    RetrainingTriggerRow,
    TriggerRow,
)

_GENERAL_PURPOSE = frozenset({"compute", "storage", "orchestration", "data_versioning"})
_ML_PURPOSE = re.compile(r"\btrain\w*|\bmodels?\b|machine learning|\bML\b|MLOps|feature store|experiment\w*|"
                         r"\binferenc\w*|\bAI\b|dataset versio\w*|data versio\w*", re.I)
# "data model", "domain model", "isolation model": models that are not machine-learning models.
_NOT_ML_MODEL = re.compile(r"(?i)\b(?:data|domain|isolation|operating|business|cost|costing|pricing|threat|delivery|service|"
                           r"security|maturity|governance|tenancy|tenant|access|deployment|engagement|commercial|financial|"
                           r"charging|support|staffing|sourcing|logical|physical|conceptual|information|object)\s+models?\b")
_ML_WINDOW = 100  # characters either side of a tool's name that may say what it is for
PLATFORM_SLOTS = ("registry", "serving", "monitoring", "experiment_tracking", "feature_store", "orchestration", "hpo", "storage", "compute")


class Builder:
    def __init__(self, facts: ExtractedFacts, strategy: Strategy) -> None:
        self.f = facts
        self.s = strategy
        self.rules = data.rules()

    # ---- provenance helpers ------------------------------------------------------------------------

    def ev(self, *ids: str) -> Provenance:
        ids = tuple(dict.fromkeys(i for i in ids if i))
        return Provenance.of(*ids) if ids else Provenance.assumption("derived from the project metadata")

    def rec(self, rule_key: str, detail: str | None = None, *evidence: str, keywords: tuple[str, ...] = ()) -> Provenance:
        note = self.rules[rule_key]["note"]
        kb = self._note_chunk(note, keywords)
        return Provenance.recommendation(data.rule_rationale(rule_key, detail), *dict.fromkeys([*evidence, *kb]))

    def _note_chunk(self, note: str, keywords: tuple[str, ...]) -> list[str]:
        chunks = [c for c in self.f.knowledge if c.document == note or c.document.endswith(note.split("/")[-1])]
        if not chunks:
            return []
        for keyword in keywords:
            for chunk in chunks:
                if keyword.casefold() in chunk.text.casefold():
                    return [_eid(chunk.chunk_id)]
        return [_eid(chunks[0].chunk_id)]

    @staticmethod
    def ask(section: Section, question: str, topic: str | None = None) -> None:
        section.open_questions.append(OpenQuestion(question=question, topic=topic))

    # ---- look-ups ----------------------------------------------------------------------------------

    def units(self, field_id: str, top: int = 2) -> list[Unit]:
        return self.f.units_for(field_id, top=top)

    def req_units(self, field_id: str, top: int = 2) -> list[Unit]:
        return [u for u in self.units(field_id, top) if u.is_requirement]

    def signal_units(self, signal: str) -> list[str]:
        return self.f.signals.get(signal, [])

    def tool(self, category: str) -> tuple[str | None, list[str]]:
        mentions = self.f.mentions_of(category)
        if category in _GENERAL_PURPOSE:
            # A general platform tool (Kubernetes, blob storage, a table format) is this strategy's only where its
            # passage ties it to the ML work: a data model's storage attribute or a platform-wide technology
            # choice does not say what trains, stores or versions the models.
            mentions = [m for m in mentions if self._for_ml(m.evidence_id, m.surface)]
        names = list(dict.fromkeys(m.name for m in mentions))
        if not names:
            return None, []
        return names[0], list(dict.fromkeys(m.evidence_id for m in mentions if m.name == names[0]))[:3]

    def _for_ml(self, evidence_id: str, surface: str) -> bool:
        """Whether the words around the tool's name are about the ML work (training, models, experiments).
        Only its neighbourhood counts: a flattened table or a one-sentence architecture summary names
        Kubernetes and, hundreds of characters on, a "domain model" or an "AI-provider abstraction"."""
        text = self.f.evidence_text.get(evidence_id, "")
        needle = surface.casefold()
        for line in text.splitlines():
            for sentence in sentences(line):
                at = sentence.casefold().find(needle)
                while at >= 0:
                    window = sentence[max(0, at - _ML_WINDOW):at + len(needle) + _ML_WINDOW]
                    if _ML_PURPOSE.search(_NOT_ML_MODEL.sub(" ", window)):
                        return True
                    at = sentence.casefold().find(needle, at + 1)
        return False

    def platform(self) -> tuple[str | None, list[str]]:
        for name in self.f.names("platform"):
            if name in self.rules["platform_services"]["platforms"]:
                return name, self.f.evidence_of(name)[:3]
        return None, []

    def service(self, slot: str, tool_category: str | None = None) -> tuple[str | None, Provenance | None]:
        """A service for a slot: a tool named in the evidence, else the platform's own service (rule)."""
        if tool_category:
            name, evidence = self.tool(tool_category)
            if name:
                return name, self.ev(*evidence)
        platform, evidence = self.platform()
        if platform:
            value = self.rules["platform_services"]["platforms"][platform].get(slot)
            if value:
                return value, self.rec("platform_services", f"{platform} implies {value}", *evidence, keywords=(platform,))
        return None, None

    def fill_service(self, fact: Fact, slot: str, tool_category: str | None,
                     ask: tuple[Section, str, str] | None = None) -> None:
        """Fill `fact` with the service for `slot` (named in the evidence, else the platform's by rule), or
        ask `ask` = (section, question, topic) as an open question when neither settles it."""
        name, prov = self.service(slot, tool_category)
        if name and prov is not None:  # service() gives both or neither
            fact.value, fact.provenance = name, prov
        elif ask is not None:
            self.ask(*ask)

    def quantities(self, *kinds: str) -> list[Quantity]:
        return self.f.quantities_of(*kinds)

    def sentence_of(self, q: Quantity) -> str:
        """The sentence of the quantity's evidence that holds it (the matched text alone when it cannot be found)."""
        text = self.f.evidence_text.get(q.evidence_id, "")
        return next((s for line in text.splitlines() for s in sentences(line) if q.text in s), q.text)

    @property
    def risk(self) -> str | None:
        return self.f.risk.level

    def risk_rules(self) -> dict:
        return self.rules["risk_governance"].get(self.risk or "", {})

    def model_names(self) -> str | None:
        return ", ".join(m.name for m in self.f.models) or None

    def genai_only(self) -> bool:
        # an embedding model beside a generative one is the retrieval half of the same RAG pipeline
        generative = [m for m in self.f.models if m.type == "GenAI"]
        return bool(generative) and all(m.type == "GenAI" or m.retrieval for m in self.f.models)


    def retention(self, words: tuple[str, ...]) -> Quantity | None:
        for q in self.quantities("retention"):
            if any(w in q.subject.casefold() for w in words):
                return q
        return None

    def trigger_condition(self, row: TriggerRow | RetrainingTriggerRow, drift_trigger: str, freq: list[Quantity],
                           drift: list[Quantity], floors: list[Quantity]) -> None:
        """A retraining trigger row's condition and provenance: "Scheduled" from the first frequency,
        `drift_trigger` from the first drift alert (else the drift rule), "Performance" from up to two floors."""
        if row.trigger == "Scheduled":
            if freq:
                row.condition, row.provenance = freq[0].value.capitalize(), self.ev(freq[0].evidence_id)
        elif row.trigger == drift_trigger:
            if drift:
                row.condition, row.provenance = f"{drift[0].subject} {drift[0].display()}", self.ev(drift[0].evidence_id)
            else:
                row.condition = self.rules["drift"]["retraining_trigger"]["condition"]
                row.provenance = self.rec("drift", None, keywords=("Drift-triggered",))
        elif row.trigger == "Performance" and floors:
            row.condition = "; ".join(f"{q.subject} below {q.value}{q.unit}" for q in floors[:2])
            row.provenance = self.ev(*[q.evidence_id for q in floors[:2]])

    def req_ids_for(self, fields: tuple[str, ...]) -> list[str]:
        return [u.id for f in fields for u in self.req_units(f, top=2)]


def _eid(chunk_id: str) -> str:
    return safe_evidence_id(chunk_id)


def section_label(number: int) -> str:
    return f"§{number} {SECTIONS[number - 1].title}"


def cited_by_section(strategy: Strategy) -> dict[int, dict[str, set[str]]]:
    """Section number -> evidence IDs cited by evidence-based values, and by recommendations."""
    result: dict[int, dict[str, set[str]]] = {}
    for info in SECTIONS:
        if info.number == 15:
            continue
        found: dict[str, set[str]] = {"evidence": set(), "recommendation": set()}
        for provenance in provenances(getattr(strategy, info.field)):
            key = "recommendation" if provenance.basis == "recommendation" else "evidence"
            found[key].update(provenance.evidence)
        result[info.number] = found
    return result


"""A project's facts across its documents: current versions only, each kind read from its authority.

Older versions of the same ArcKit document (ARC-001-REQ-v1.0 beside ARC-001-REQ-v2.0) are superseded, not
merged. A fact kind is read from the document types authoritative on it (`arckit_types.yaml`) when the
project has one; research and option documents never supply the system's own models or platforms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TypeVar

from pydantic import BaseModel, Field

from assistant.documents.markings import RANK, Marking, most_restrictive
from assistant.facts.arckit import arckit_data, authoritative_on, outside_decision
from assistant.facts.models import (
    DocumentFacts,
    DocumentInfo,
    Fact,
    MarkingFact,
    ModelFact,
    QuantityFact,
    RequirementFact,
    RiskLevelFact,
)

T = TypeVar("T")


class ProjectFacts(BaseModel):
    """Every stored document's facts for one project, with look-ups that respect supersession and authority."""

    project_key: str = ""
    documents: list[DocumentFacts] = Field(default_factory=list)
    # Workspace IDs of documents whose stored facts are from an older extractor and could not be read again.
    unread: list[str] = Field(default_factory=list)

    # ----- documents ----------------------------------------------------------------------------------
    @property
    def current(self) -> list[DocumentFacts]:
        """Documents not superseded by a later version of the same ArcKit document."""
        latest: dict[str, DocumentFacts] = {}
        out: list[DocumentFacts] = []
        for doc in self.documents:
            series = doc.info.series
            if series is None:
                out.append(doc)
                continue
            held = latest.get(series)
            if held is None or doc.info.version_key() > held.info.version_key():
                latest[series] = doc
        return out + sorted(latest.values(), key=lambda d: d.info.document)

    @property
    def superseded(self) -> list[DocumentInfo]:
        current = {id(d) for d in self.current}
        return [d.info for d in self.documents if id(d) not in current]

    def infos(self) -> list[DocumentInfo]:
        return [d.info for d in self.current]

    def documents_of(self, *type_codes: str) -> list[DocumentFacts]:
        return [d for d in self.current if d.info.type_code in type_codes]

    # ----- facts --------------------------------------------------------------------------------------
    def all(self, kind: str | None = None, *, asserted: bool = True) -> Iterator[Fact]:
        for doc in self.current:
            for fact in doc.facts:
                if (kind is None or fact.kind == kind) and (not asserted or fact.asserted):
                    yield fact

    def authoritative(self, kind: str, *, asserted: bool = True) -> list[Fact]:
        """Facts of `kind` from the documents authoritative on it; if the project has none of those, from every
        document that is not research or options."""
        options_only = set(arckit_data().get("options_only", []))
        owners = [d for d in self.current if kind in authoritative_on(d.info.type_code)]
        pool = owners or [d for d in self.current if d.info.type_code not in options_only]
        return [f for d in pool for f in d.facts if f.kind == kind and (not asserted or f.asserted)
                and not outside_decision(d.info.type_code, f.source.heading)]

    # ----- answers the drafter, review and chat share --------------------------------------------------
    def marking(self) -> Marking | None:
        """The most restrictive marking of the current documents (never lowered by a less restrictive one)."""
        found = [Marking(f.level, f.caveats) for f in self.all("marking", asserted=False) if isinstance(f, MarkingFact)]
        return most_restrictive(found)

    def marking_sources(self) -> list[MarkingFact]:
        top = self.marking()
        if top is None:
            return []
        return [f for f in self.all("marking", asserted=False)
                if isinstance(f, MarkingFact) and RANK[f.level] == RANK[top.level]]

    def project_number(self) -> str | None:
        """The project number the ArcKit documents agree on (the most common one)."""
        numbers = Counter(d.info.project_number for d in self.current if d.info.project_number)
        return numbers.most_common(1)[0][0] if numbers else None

    def project_name(self) -> str | None:
        names = Counter(d.info.project_name for d in self.current if d.info.project_name)
        return names.most_common(1)[0][0] if names else None

    def review_cycle(self) -> str | None:
        cycles = Counter(d.info.review_cycle for d in self.current if d.info.review_cycle)
        return cycles.most_common(1)[0][0] if cycles else None

    def owner(self) -> str | None:
        """The owner the requirements document's Document Control names (the project's architecture owner)."""
        return next((d.info.owner for d in self.documents_of("REQ") if d.info.owner), None)

    def requirements(self) -> dict[str, RequirementFact]:
        """Real requirements (BR, FR, NFR, INT, DR), from the requirements documents when there are any."""
        out: dict[str, RequirementFact] = {}
        for fact in self.authoritative("requirement", asserted=False):
            if isinstance(fact, RequirementFact):
                out.setdefault(fact.id, fact)
        return out

    def risk_levels(self) -> list[RiskLevelFact]:
        """Every statement of the system's overall risk level, the AI Playbook assessment's first (its Document
        Control, then its ticked box), then an ATRS record's; never a DPIA or risk-register rating."""
        out = []
        for scheme in ("ai_playbook", "atrs_tier"):
            out += [f for f in self.all("risk_level")
                    if isinstance(f, RiskLevelFact) and f.scheme == scheme and f.subject == "overall AI system"]
        return out

    def risk_level(self) -> RiskLevelFact | None:
        """The AI Playbook assessment's own risk level; else an ATRS record's; never a DPIA or register rating."""
        levels = self.risk_levels()
        return levels[0] if levels else None

    def models(self, *, generative: bool | None = None) -> list[ModelFact]:
        """AI components the system uses (asserted, from authoritative or decision documents), one per name."""
        seen: dict[str, ModelFact] = {}
        for fact in self.authoritative("model"):
            if isinstance(fact, ModelFact) and (generative is None or fact.generative == generative):
                seen.setdefault(fact.name, fact)
        return list(seen.values())

    def models_named(self, name: str) -> list[ModelFact]:
        """Every asserted statement of the AI component of that name, from the documents authoritative on it."""
        return [f for f in self.authoritative("model") if isinstance(f, ModelFact) and f.name == name]

    def quantities(self, *metrics: str, roles: tuple[str, ...] = ("target",)) -> list[QuantityFact]:
        return [f for f in self.authoritative("quantity")
                if isinstance(f, QuantityFact) and (not metrics or f.metric in metrics) and f.role in roles]

    def of_type(self, cls: type[T], kind: str) -> list[T]:
        return [f for f in self.authoritative(kind) if isinstance(f, cls)]


def merge(documents: list[DocumentFacts], project_key: str = "") -> ProjectFacts:
    return ProjectFacts(project_key=project_key, documents=list(documents))

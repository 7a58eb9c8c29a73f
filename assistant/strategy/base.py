"""Building blocks shared by every section: text normalisation, provenance, facts, rows, open questions.

Why normalise text in the model: a Markdown table cell is one line, and ArcKit writes a space after
`<`/`>` so renderers do not read HTML. Doing both here keeps render -> parse lossless.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, ClassVar, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

_SPACES = re.compile(r"\s+")
_ANGLE = re.compile(r"([<>])(?=[^\s=<>-])")
_NEEDS_SPACING = re.compile(r"\s\s|[^\S ]|^\s|\s$")


def normalise_text(value: str) -> str:
    """One line, single spaces, a space after `<`/`>` (ArcKit's habit: `< 100 ms`)."""
    if _NEEDS_SPACING.search(value):
        value = _SPACES.sub(" ", value).strip()
    if "<" in value or ">" in value:
        value = _ANGLE.sub(r"\1 ", value)
    return value


Text = Annotated[str, AfterValidator(normalise_text), StringConstraints(min_length=1)]
"""A non-empty single-line text value as it appears in a table cell."""

EvidenceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$", max_length=120)]
"""A source chunk ID, requirement ID (FR-001) or citation ID (REQ-C3): no spaces, no brackets."""

Basis = Literal["evidence", "assumption", "recommendation"]


class Model(BaseModel):
    """Base for every schema model: unknown keys are errors and assignments are validated (str -> enum)."""

    model_config = ConfigDict(extra="forbid", validate_default=True, validate_assignment=True)

    @model_validator(mode="after")
    def _drop_empty_rows(self) -> Model:
        # An all-empty row renders as a template placeholder row and would not survive a round trip.
        for name, value in self.__dict__.items():
            if type(value) is list and value and isinstance(value[0], Row) and any(v.is_empty() for v in value):
                self.__dict__[name] = [v for v in value if not (isinstance(v, Row) and v.is_empty())]
        return self


class Provenance(Model):
    """Why a value is believed: evidence IDs, or an explicit assumption/recommendation with its rationale.

    `basis` is "evidence" whenever evidence is given and no other basis is stated; an assumption or a
    recommendation may still cite evidence. A rationale (e.g. the rule or knowledge note behind a
    recommendation) needs a basis.
    """

    evidence: list[EvidenceId] = Field(default_factory=list)
    basis: Basis | None = None
    rationale: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Provenance:
        # Writes go through __dict__: with validate_assignment a setattr would re-enter this validator.
        if self.basis is None and self.evidence:
            self.__dict__["basis"] = "evidence"
        if self.basis == "evidence" and not self.evidence:
            raise ValueError("basis 'evidence' needs at least one evidence ID")
        if self.rationale is not None and self.basis is None:
            raise ValueError("a rationale needs a basis (evidence, assumption or recommendation)")
        # Order-preserving de-duplication: the same source cited twice is one citation.
        self.__dict__["evidence"] = list(dict.fromkeys(self.evidence))
        return self

    def is_empty(self) -> bool:
        return not self.evidence and self.basis is None

    @classmethod
    def of(cls, *evidence: str) -> Provenance:
        return cls(evidence=list(evidence))

    @classmethod
    def assumption(cls, rationale: str | None = None, *evidence: str) -> Provenance:
        return cls(basis="assumption", rationale=rationale, evidence=list(evidence))

    @classmethod
    def recommendation(cls, rationale: str | None = None, *evidence: str) -> Provenance:
        return cls(basis="recommendation", rationale=rationale, evidence=list(evidence))


T = TypeVar("T")


def instances(obj: object, kinds: type[T] | tuple[type[T], ...]) -> Iterator[T]:
    """Every instance of `kinds` in a model, or a list of models, in document order (a found one is not searched)."""
    if isinstance(obj, kinds):
        yield obj
    elif isinstance(obj, Model):
        for name in type(obj).model_fields:
            yield from instances(getattr(obj, name), kinds)
    elif isinstance(obj, list):
        for item in obj:
            yield from instances(item, kinds)


def provenances(obj: object) -> Iterator[Provenance]:
    """Every Provenance in a model, or a list of models, in document order (a Provenance is not searched)."""
    return instances(obj, Provenance)


def evidence_ids(obj: object) -> list[str]:
    """Every evidence ID cited anywhere in `obj`, in document order, without repeats."""
    return list(dict.fromkeys(eid for provenance in provenances(obj) for eid in provenance.evidence))



class Fact(Model, Generic[T]):
    """A key/value attribute cell: a value (None: not known yet) and its provenance."""

    value: T | None = None
    provenance: Provenance = Field(default_factory=Provenance)

    def is_empty(self) -> bool:
        return self.value is None and self.provenance.is_empty()


class Row(Model):
    """A table row stating facts. `extra` keeps columns the template does not have (by header)."""

    provenance: Provenance = Field(default_factory=Provenance)
    extra: dict[str, str] = Field(default_factory=dict)

    # (header, field name, placeholder printed when the value is None)
    COLUMNS: ClassVar[tuple[tuple[str, str, str], ...]] = ()

    @classmethod
    def blank_in_template(cls) -> frozenset[str]:
        """Headers of the columns the template prints blank, with no placeholder (the Approval table's Name,
        Signature and Date): a "TBD" an author writes there is an unknown stated, not a slot left unfilled."""
        return frozenset(header for header, _, placeholder in cls.COLUMNS if placeholder == "")

    def is_empty(self) -> bool:
        return (
            all(getattr(self, name) is None for _, name, _ in self.COLUMNS)
            and self.provenance.is_empty()
            and not self.extra
        )


class Item(Row):
    """A bullet-list item (model metadata, documentation requirement, limitation...)."""

    text: Text
    COLUMNS: ClassVar = (("Item", "text", "[Item]"),)


class CheckItem(Item):
    """A checklist bullet (`- [ ]` / `- [x]`)."""

    done: bool = False


class OpenQuestion(Model):
    """Something the strategy does not know yet: asked, never invented."""

    question: Text
    topic: Text | None = None  # the sub-section or field it concerns, e.g. "Feature Store"


class Section(Model):
    """Common base of the fifteen numbered sections."""

    open_questions: list[OpenQuestion] = Field(default_factory=list)



class ExtraBlock(Model):
    """Markdown the parser could not place, kept verbatim and rendered back where it was found."""

    section: int | None = Field(default=None, ge=1, le=15, description="Section it was found in; None: top level")
    markdown: str = Field(min_length=1)

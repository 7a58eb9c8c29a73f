"""Checks a generated section must pass before it is saved, and the fixes they apply.

1. Evidence IDs: every cited ID must be one that retrieval returned for this draft. An unknown ID is
   removed; a value left with no evidence becomes an assumption that says why.
2. Numbers: every number in a value must appear in the text of the evidence that value cites, unless
   the value is marked assumption or recommendation (its basis is then visible to the reader). An
   unsupported number is not kept: the value is cleared and an open question asks for it.
3. Output guard: the serialised section goes through `assistant.guardrails.output.check_output`
   (secrets, canary echo, unsafe markup); a canary echo or secret fails the section.

Values identical to the template's own pre-filled rows (e.g. "Level 0 (Manual)"), to values already in
the section before a revision, or numbers the user stated in an instruction, are not new claims.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from assistant.drafting.evidence import EvidencePool
from assistant.guardrails.output import check_output
from assistant.strategy.base import Fact, Model, OpenQuestion, Provenance, Row, Section

# A number not glued to an identifier (ML-001, FR-ML-003, p99, ISO27001 are names, not quantities) and not a
# section reference (§11 points inside the strategy; it is not a claim about the system).
_NUMBER = re.compile(r"(?<![A-Za-z0-9_\-.§])(\d+(?:[.,]\d+)*)(?![A-Za-z0-9_]*-\d)")
_ANY_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Fields whose numbers are structure, not claims (AI Playbook principle number, a checkbox).
_STRUCTURAL_FIELDS = frozenset({"principle", "done"})


def normalise_number(token: str) -> str:
    """'1,000' -> '1000', '0.20' -> '0.2', '007' -> '7': the same quantity compares equal."""
    text = token.replace(",", "")
    if text.count(".") > 1:
        return text
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() else repr(value)


def numbers_in(text: str) -> set[str]:
    """The quantities a value states (identifiers excluded)."""
    return {normalise_number(m) for m in _NUMBER.findall(text)}


def numbers_anywhere(text: str) -> set[str]:
    """Every number in a text, identifiers included: what evidence may support."""
    found = {normalise_number(m) for m in _ANY_NUMBER.findall(text)}
    for m in _ANY_NUMBER.findall(text):  # 1,000 is also read as 1 and 000 by some writers
        found.update(normalise_number(p) for p in m.split(","))
    return found


@dataclass
class Violation:
    check: str  # evidence_id | number | output
    where: str  # a dotted path inside the section, e.g. data_drift[0].threshold
    message: str
    fix: str  # what was done about it

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "where": self.where, "message": self.message, "fix": self.fix}


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    failed: str | None = None  # set when the section must not be saved at all

    @property
    def ok(self) -> bool:
        return not self.violations and self.failed is None

    def by_check(self, check: str) -> list[Violation]:
        return [v for v in self.violations if v.check == check]

    def summary(self) -> str:
        if self.failed:
            return f"rejected: {self.failed}"
        if not self.violations:
            return "all checks passed"
        counts: dict[str, int] = {}
        for v in self.violations:
            counts[v.check] = counts.get(v.check, 0) + 1
        return "fixed " + ", ".join(f"{n} {k.replace('_', ' ')} problem(s)" for k, n in counts.items())


def _scalar_text(value: Any) -> str | None:
    """The text of a value that can state a number (enums, booleans and dates are not free text)."""
    if value is None or isinstance(value, (bool, Enum, dt.date)):
        return None
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value))
    if isinstance(value, str):
        return value
    return None


def _cells(node: Model) -> list[tuple[str, Any]]:
    """(field, value) pairs of a provenance-bearing node that can carry a claim."""
    out: list[tuple[str, Any]] = []
    for name in type(node).model_fields:
        if name in ("provenance",) or name in _STRUCTURAL_FIELDS:
            continue
        value = getattr(node, name)
        if name == "extra" and isinstance(value, dict):
            out.extend((f"extra[{k}]", v) for k, v in value.items())
        elif _scalar_text(value) is not None:
            out.append((name, value))
    return out


def _label(node: Model, name: str) -> str:
    """The template's column header or fact title for a field, for open questions."""
    if isinstance(node, Row):
        for header, field_name, _ in type(node).COLUMNS:
            if field_name == name:
                return header
    info = type(node).model_fields.get(name)
    return (info.title if info and info.title else name.replace("_", " "))


def _row_name(node: Model) -> str | None:
    """A short name for a row (its first filled column) so a question says which row it means."""
    if isinstance(node, Row):
        for _, field_name, _ in type(node).COLUMNS:
            value = getattr(node, field_name, None)
            if isinstance(value, str) and value:
                return value
    return None


def _walk(node: Any, path: str, parent_title: str | None = None) -> Iterable[tuple[str, Model, str | None]]:
    """Every node that has a `provenance` field, with its path and the title of the field holding it."""
    if isinstance(node, Model):
        if isinstance(getattr(node, "provenance", None), Provenance):
            yield path, node, parent_title
        for name, info in type(node).model_fields.items():
            if name in ("provenance", "open_questions"):
                continue
            child = getattr(node, name)
            yield from _walk(child, f"{path}.{name}" if path else name, info.title or name.replace("_", " "))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{path}[{i}]", parent_title)


def template_values(section: Section | None) -> set[str]:
    """Every string value in a section (the template defaults, or the section before a revision)."""
    found: set[str] = set()
    if section is None:
        return found
    for _, node, _ in _walk(section, ""):
        for _, value in _cells(node):
            text = _scalar_text(value)
            if text:
                found.add(text)
    return found


def check_section(section: Section, pool: EvidencePool, *, exempt_values: set[str] | None = None,
                  user_numbers: set[str] | None = None, canary: str | None = None) -> tuple[Section, CheckReport]:
    """Check (and fix, in a copy) one generated section against the evidence it may cite."""
    fixed = section.model_copy(deep=True)
    report = CheckReport()
    exempt = exempt_values or set()
    stated = user_numbers or set()
    questions: list[OpenQuestion] = []

    for path, node, parent_title in _walk(fixed, ""):
        prov: Provenance = node.provenance  # type: ignore[attr-defined]
        unknown = [e for e in prov.evidence if e not in pool]
        if unknown:
            kept = [e for e in prov.evidence if e in pool]
            for e in unknown:
                report.violations.append(Violation(
                    "evidence_id", path, f"cites {e}, which is not among the retrieved evidence",
                    "citation removed" + ("" if kept or prov.basis in ("assumption", "recommendation")
                                          else "; value marked as an assumption")))
            basis = prov.basis
            rationale = prov.rationale
            if not kept and basis in (None, "evidence"):
                basis = "assumption"
                rationale = f"the cited source {', '.join(unknown)} was not found among the project's evidence"
            node.provenance = Provenance(evidence=kept, basis=basis if (kept or basis != "evidence") else None,  # type: ignore[attr-defined]
                                         rationale=rationale)
            prov = node.provenance  # type: ignore[attr-defined]
            invented_only = not kept
        else:
            invented_only = False

        marked = prov.basis in ("assumption", "recommendation") and not invented_only
        if marked:
            continue
        supported: set[str] = set(stated)
        for e in prov.evidence:
            for source_text in pool.texts_for(e):
                supported |= numbers_anywhere(source_text)
        cleared = False
        for name, value in _cells(node):
            text = _scalar_text(value)
            if not text or text in exempt:
                continue
            missing = sorted(numbers_in(text) - supported)
            if not missing:
                continue
            label = _label(node, name)
            row = _row_name(node)
            cited = ", ".join(prov.evidence) or "no evidence"
            report.violations.append(Violation(
                "number", f"{path}.{name}",
                f"{label} {text!r} states {', '.join(missing)}, which the cited evidence ({cited}) does not contain",
                "value cleared; open question added"))
            cleared = True
            if name.startswith("extra["):
                node.extra.pop(name[6:-1], None)  # type: ignore[attr-defined]
            elif name == "value":
                node.value = None  # type: ignore[attr-defined]
            else:
                setattr(node, name, None)
            subject = f"{label} for {row}" if row and row != text else label
            where = parent_title or path
            questions.append(OpenQuestion(
                question=f"What is the {subject}? The draft proposed {text!r}, but the evidence does not state "
                         f"{', '.join(missing)}; confirm the value and its source.", topic=str(where).title()))
        # A fact or row left with no value keeps no evidence (it would render as a bare citation).
        if cleared and isinstance(node, Fact) and node.value is None:
            node.provenance = Provenance()

    existing = {q.question for q in fixed.open_questions}
    fixed.open_questions.extend(q for q in questions if q.question not in existing)
    fixed = _revalidate(fixed)

    _output_guard(fixed, canary, report)
    return fixed, report


def _revalidate(section: Section) -> Section:
    """Re-run validation (drops rows emptied by a fix) and prove the schema still holds."""
    return type(section).model_validate(section.model_dump(mode="python"))


def _output_guard(section: Section, canary: str | None, report: CheckReport) -> None:
    text = section.model_dump_json()
    issues = [i for i in check_output(text, canary=canary) if i.check in ("secret", "canary", "unsafe_markup", "remote_image")]
    for issue in issues:
        report.violations.append(Violation("output", "", issue.message, "section rejected"))
    if issues:
        report.failed = "; ".join(i.message for i in issues)

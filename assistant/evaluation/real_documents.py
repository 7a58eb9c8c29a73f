"""Score a drafted strategy against a real project's gold annotations (issue 21's real-document set).

Per filled, mapped cell: correct (a gold statement of that key with that value and a matching subject), wrong
(the gold states the key for that subject with another value, the value is a gold not_value, or a gold value
of the key put under another subject), invented (the key is in not_stated, or no gold statement supports it).
Cells a recommendation or assumption labels as such are judged too but kept out of precision (they do not
claim to come from the sources). Then the project-level checks: marking, traceability, risk tier,
applicability, model inventory and citation support.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.evaluation.real_cells import Cell, assign_keys, filled_cells
from assistant.evaluation.real_gold import Gold, Statement
from assistant.evaluation.real_values import (
    canonical,
    name_score,
    passage_has_subject,
    passage_has_value,
    quantity_match,
    subject_match,
    tokens,
)

QUANTITY_KEYS = frozenset({
    "data_volume", "retention_period", "data_quality_threshold", "latency_target", "throughput_target",
    "availability_target", "recovery_target", "accuracy_target", "fairness_threshold", "drift_threshold",
    "budget", "users",
})
ENUM_KEYS = frozenset({
    "classification", "risk_level", "human_oversight", "llm_deployment", "fine_tuned", "personal_data",
    "rollout_strategy", "update_frequency", "monitoring_frequency", "hosting_platform", "data_residency",
    "atrs_tier",
})
# Keys whose statements are about a subject the draft must get right (a 2 s target is not every 2 s target).
SUBJECT_KEYS = frozenset(QUANTITY_KEYS | {"update_frequency", "monitoring_frequency", "retraining_trigger",
                                          "personal_data"})
# Keys with one value per project (or per subject): another value contradicts the gold. Other keys list
# items (tools, data sources, rollout approaches, oversight modes): one more is unsupported, not contradicting.
SINGLE_VALUED_KEYS = frozenset({"classification", "risk_level", "llm_deployment", "fine_tuned"} | SUBJECT_KEYS)
MODEL_NOT_VALUE_KEYS = ("model_names", "models")


def kind_of(key: str) -> str:
    return "quantity" if key in QUANTITY_KEYS else "enum" if key in ENUM_KEYS else "name"


@dataclass
class Judgement:
    path: str
    section: str
    key: str
    value: str
    subject: str
    claim: bool
    verdict: str                   # correct | wrong | invented
    reason: str
    matched: list[str] = field(default_factory=list)   # gold statements (key: value [subject]) it matched
    evidence: list[str] = field(default_factory=list)
    citation: str = "none"         # supported | unsupported | no-passage | none (no evidence cited)


def _value_matches(key: str, value: str, gold_value: str, unit: str = "", comparator: str = "") -> float:
    """A match strength in [0, 1] (0: no match) of a drafted value against one gold value."""
    kind = kind_of(key)
    if kind == "quantity":
        if quantity_match(value, gold_value, unit, comparator):
            return 1.0
        # a threshold written as words ("query-topic distribution shift") falls back to the name comparison
        return name_score(value, gold_value) if not re.search(r"\d", value) else 0.0
    if kind == "enum":
        drafted, gold = canonical(key, value), canonical(key, gold_value)
        if drafted and gold:
            return 1.0 if drafted & gold else 0.0
    if re.search(r"\d", value) and re.search(r"\d", gold_value) and quantity_match(value, gold_value, unit, comparator):
        return 1.0  # a free-text condition ("accuracy below 90%") that states the gold's number
    return name_score(value, gold_value)


def _subject_ok(cell: Cell, statement: Statement, ignore: frozenset[str] = frozenset()) -> bool | None:
    if statement.key not in SUBJECT_KEYS:
        return True
    # Only the row's naming columns say what the value is about: the value's own words ("500 requests per
    # second") are units and metrics, not subjects.
    return subject_match(cell.subject, statement.subject, ignore)


def _label(s: Statement) -> str:
    unit = f" {s.unit}" if s.unit else ""
    subject = f" [{s.subject}]" if s.subject else ""
    return f"{s.key}: {s.comparator}{s.value}{unit}{subject}"


def judge_cell(cell: Cell, gold: Gold) -> Judgement:
    key = cell.key or ""
    keys = (key, *cell.also)
    statements = [s for k in keys for s in gold.by_key(k)]
    if key == "classification" and gold.marking:
        # The strategy's own marking must be the most restrictive of its sources' (the gold's `marking`);
        # a lower marking that one source carries is still a lowered marking.
        statements = [Statement(key, gold.marking, subject="the strategy's marking")]
    scored = [(s, _value_matches(s.key, cell.value, s.value, s.unit, s.comparator)) for s in statements]
    value_hits = [(s, score) for s, score in scored if score > 0]
    # A subject the draft does not name (None) is not held against it: only a named, different subject is.
    ignore = frozenset(tokens(gold.project_name))
    subject_hits = [(s, score) for s, score in value_hits if _subject_ok(cell, s, ignore) is not False]
    not_value_keys = MODEL_NOT_VALUE_KEYS if key == "model_names" else keys
    nv_scores = [(n, _value_matches(key, cell.value, n.value)) for n in gold.not_values if n.key in not_value_keys]
    nv_best = max((score for _, score in nv_scores), default=0.0)
    best = max((score for _, score in subject_hits), default=0.0)

    def out(verdict: str, reason: str, matched: list[str]) -> Judgement:
        return Judgement(cell.path, cell.section, key, cell.value, cell.subject, cell.is_claim, verdict, reason,
                         matched, list(cell.evidence))

    if subject_hits and best >= nv_best:
        top = [_label(s) for s, score in subject_hits if score == best]
        return out("correct", "a gold statement with this value and subject", top)
    if nv_best > 0:
        nv = next(n for n, score in nv_scores if score == nv_best)
        return out("wrong", f"a gold not_value ({nv.why or 'not a statement'})", [f"not_value {nv.key}: {nv.value}"])
    if value_hits:
        return out("wrong", "a gold value of this key, stated for another subject",
                   [_label(s) for s, _ in value_hits])
    if all(k in gold.not_stated for k in keys):
        return out("invented", "the gold says the sources do not state this key", [])
    if key in SINGLE_VALUED_KEYS and kind_of(key) != "name":
        # Contradiction needs the same subject, named on both sides (an unnamed subject contradicts nothing).
        same_subject = [s for s in statements if _subject_ok(cell, s, ignore) is True]
        if same_subject:
            return out("wrong", "the gold states this key for this subject with another value",
                       [_label(s) for s in same_subject[:5]])
    return out("invented", "no gold statement supports it", [])


# ------------------------------------------------------------------------------------------ citations

def passages_for(evidence: list[str], strategy: dict[str, Any], chunks: list[dict[str, Any]]) -> list[str]:
    """The project passages a cell's evidence IDs stand for (chunk IDs, requirement IDs or citation IDs)."""
    by_id = {c["chunk_id"]: c["text"] for c in chunks}
    by_req: dict[str, list[str]] = defaultdict(list)
    for c in chunks:
        for rid in c.get("requirement_ids") or []:
            by_req[rid].append(c["text"])
    citations = {c.get("citation_id"): c.get("evidence_id") for c in
                 (strategy.get("external_references") or {}).get("citations") or []}
    out: list[str] = []
    for eid in evidence:
        eid = citations.get(eid) or eid
        if eid in by_id:
            out.append(by_id[eid])
        elif eid in by_req:
            out.extend(by_req[eid])
        else:  # chunk IDs may be cited without their document prefix
            out.extend(text for cid, text in by_id.items() if cid.endswith(eid))
    return out


def citation_verdict(cell: Cell, strategy: dict[str, Any], chunks: list[dict[str, Any]]) -> str:
    if not cell.evidence:
        return "none"
    passages = passages_for(cell.evidence, strategy, chunks)
    if not passages:
        return "no-passage"
    kind = kind_of(cell.key or "")
    need_subject = cell.key in SUBJECT_KEYS and cell.subject
    for passage in passages:
        if passage_has_value(passage, cell.value, kind) and (
                not need_subject or passage_has_subject(passage, cell.subject)):
            return "supported"
    return "unsupported"


# ------------------------------------------------------------------------------------------ project checks

_REQ_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+[a-z]?$")


def _norm_id(rid: str) -> str:
    return re.sub(r"\s+", "", rid or "").upper()


def traceability(strategy: dict[str, Any], gold: Gold) -> dict[str, Any]:
    rows = (strategy.get("traceability") or {}).get("rows") or []
    gold_ids = {_norm_id(r) for r in gold.requirement_ids}
    ml_ids = {_norm_id(r) for r in gold.ml_requirement_ids}
    ids = [_norm_id(r.get("requirement_id") or "") for r in rows]
    not_requirements = sorted({i for i in ids if i and i not in gold_ids})
    present = set(ids)
    covered = {_norm_id(r.get("requirement_id") or "") for r in rows
               if str(r.get("status") or "").lower() in ("covered", "✅", "met", "yes")}
    return {
        "rows": len(rows),
        "rows_not_requirements": sum(1 for i in ids if i and i not in gold_ids),
        "not_requirement_ids": not_requirements,
        "ml_requirements": len(ml_ids),
        "ml_requirements_in_traceability": len(ml_ids & present),
        "ml_requirement_coverage": _ratio(len(ml_ids & present), len(ml_ids)),
        "ml_requirements_missing": sorted(ml_ids - present),
        "ml_requirements_marked_covered": len(ml_ids & covered),
        "statuses": dict(Counter(str(r.get("status")) for r in rows)),
    }


def _risk_word(text: str | None) -> str | None:
    words = canonical("risk_level", text or "")
    return sorted(words)[0] if len(words) == 1 else (None if not words else "/".join(sorted(words)))


def risk_tier(strategy: dict[str, Any], gold: Gold) -> dict[str, Any]:
    """The draft's stated risk levels (model rows not labelled as recommendations) against the AIPB's."""
    stated = []
    for row in (strategy.get("model_inventory") or {}).get("models") or []:
        basis = (row.get("provenance") or {}).get("basis")
        if row.get("risk_level") and basis not in ("recommendation", "assumption"):
            stated.append(_risk_word(str(row["risk_level"])))
    gold_word = _risk_word(gold.risk_level) if gold.risk_level else None
    if gold_word is None:
        agree = not stated
        note = "gold: no AI Playbook risk level; the draft " + ("states none" if agree else f"states {stated}")
    else:
        agree = bool(stated) and all(s == gold_word for s in stated)
        note = f"gold {gold_word}; draft {stated or 'none'}"
    return {"gold": gold_word, "draft": stated, "agree": agree, "note": note}


def _applies(value: Any) -> str:
    return "unset" if value is None else ("yes" if value else "no")


def applicability(strategy: dict[str, Any], gold: Gold) -> dict[str, Any]:
    genai = strategy.get("genai") or {}
    uk = strategy.get("uk_compliance") or {}
    pairs = {
        "section_9_genai": (_applies(genai.get("applies")), genai.get("applies_reason")),
        "section_13_uk_gov": (_applies(uk.get("applies")), uk.get("applies_reason")),
        "jsp_936": (_applies(uk.get("jsp936_applies")), uk.get("jsp936_reason")),
    }
    out: dict[str, Any] = {}
    for name, (draft, reason) in pairs.items():
        want = gold.applicability.get(name, "")
        # "partly" means the section applies in part: the schema's applies=True is agreement with it.
        agree = (draft == "yes") if want in ("yes", "partly") else (draft == "no") if want == "no" else None
        out[name] = {"gold": want, "draft": draft, "agree": agree, "reason": reason}
    return out


def _model_match(draft_name: str, gold_model: dict[str, Any], stop: frozenset[str]) -> bool:
    drafted = _name_words(draft_name, stop)
    gold_words = _name_words(str(gold_model.get("name", "")), stop)
    return bool(drafted & gold_words)


def _name_words(name: str, stop: frozenset[str]) -> set[str]:
    """A model name's words, a hyphened compound's parts too ("artefact-generation" names "generation"); an
    identifier with a digit ("FR-004") stays whole."""
    return tokens(name, stop) | tokens(re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", name), stop)


def model_inventory(strategy: dict[str, Any], gold: Gold) -> dict[str, Any]:
    """Recall and precision of the drafted models (inventory rows and the section 9 model) against the gold's."""
    # The project key (as a whole, and its parts with a digit: "v22") is how a drafter may prefix model names.
    key_parts = {part for part in re.split(r"[-_ ]", gold.project.lower()) if re.search(r"\d", part)}
    stop = frozenset(tokens(gold.project) | key_parts)
    names = [str(r.get("name")) for r in (strategy.get("model_inventory") or {}).get("models") or [] if r.get("name")]
    genai_model = (((strategy.get("genai") or {}).get("llm_configuration") or {}).get("model") or {}).get("value")
    if genai_model:
        names.append(str(genai_model))
    matched_gold = [m for m in gold.models if any(_model_match(n, m, stop) for n in names)]
    matched_draft = [n for n in names if any(_model_match(n, m, stop) for m in gold.models)]
    footer_like = [n for n in names for nv in gold.not_values if nv.key in MODEL_NOT_VALUE_KEYS
                   and name_score(n, nv.value) > 0 and n not in matched_draft]
    return {
        "gold_models": [m.get("name") for m in gold.models], "draft_models": names,
        "recall": _ratio(len(matched_gold), len(gold.models)),
        "precision": _ratio(len(matched_draft), len(names)),
        "missing": [m.get("name") for m in gold.models if m not in matched_gold],
        "unmatched_draft": [n for n in names if n not in matched_draft],
        "draft_models_that_are_not_values": footer_like,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


# ------------------------------------------------------------------------------------------ the project score

@dataclass
class ProjectScore:
    project: str
    judgements: list[Judgement]
    unmapped_cells: int
    coverage_found: list[str]
    coverage_total: int
    marking: dict[str, Any]
    traceability: dict[str, Any]
    risk_tier: dict[str, Any]
    applicability: dict[str, Any]
    models: dict[str, Any]
    # Of the statements a blind reader judged to have a slot in the template: how many, and how many were found.
    placeable_total: int | None = None
    placeable_found: int | None = None

    def counts(self, claims: bool = True, section: str | None = None) -> dict[str, int]:
        chosen = [j for j in self.judgements if j.claim == claims and (section is None or j.section == section)]
        c = Counter(j.verdict for j in chosen)
        return {"filled": len(chosen), "correct": c["correct"], "wrong": c["wrong"], "invented": c["invented"]}

    def summary(self) -> dict[str, Any]:
        c = self.counts()
        claims = [j for j in self.judgements if j.claim]
        cited = [j for j in claims if j.citation != "none"]
        supported = sum(1 for j in cited if j.citation == "supported")
        return {
            "filled": c["filled"], "correct": c["correct"], "wrong": c["wrong"], "invented": c["invented"],
            "precision": _ratio(c["correct"], c["filled"]),
            "wrong_or_invented_rate": _ratio(c["wrong"] + c["invented"], c["filled"]),
            "coverage": _ratio(len(self.coverage_found), self.coverage_total),
            "coverage_found": len(self.coverage_found), "coverage_total": self.coverage_total,
            "coverage_placeable": (_ratio(self.placeable_found, self.placeable_total)
                                   if self.placeable_total is not None and self.placeable_found is not None else None),
            "placeable_found": self.placeable_found, "placeable_total": self.placeable_total,
            "recommendations": self.counts(claims=False),
            "unmapped_cells": self.unmapped_cells,
            "citation_cells": len(cited), "citation_supported": supported,
            "citation_support": _ratio(supported, len(cited)),
            "marking_carried": self.marking["carried"],
            "traceability_rows_not_requirements": self.traceability["rows_not_requirements"],
            "ml_requirement_coverage": self.traceability["ml_requirement_coverage"],
            "risk_tier_agree": self.risk_tier["agree"],
            "section_9_agree": self.applicability["section_9_genai"]["agree"],
            "section_13_agree": self.applicability["section_13_uk_gov"]["agree"],
            "jsp_936_agree": self.applicability["jsp_936"]["agree"],
            "model_recall": self.models["recall"], "model_precision": self.models["precision"],
        }

    def per_section(self) -> dict[str, dict[str, Any]]:
        out = {}
        for section in sorted({j.section for j in self.judgements}, key=int):
            c = self.counts(section=section)
            out[section] = {**c, "precision": _ratio(c["correct"], c["filled"]),
                            "recommendations": self.counts(claims=False, section=section)["filled"]}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"project": self.project, "summary": self.summary(), "per_section": self.per_section(),
                "per_key": self.per_key(), "marking": self.marking, "traceability": self.traceability,
                "risk_tier": self.risk_tier, "applicability": self.applicability, "models": self.models,
                "coverage_found": self.coverage_found,
                "judgements": [asdict(j) for j in self.judgements]}

    def per_key(self) -> dict[str, dict[str, int]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for j in self.judgements:
            if j.claim:
                out[j.key][j.verdict] += 1
        return {k: dict(v) for k, v in sorted(out.items())}


def score_strategy(strategy: dict[str, Any], gold: Gold, chunks: list[dict[str, Any]] | None = None) -> ProjectScore:
    cells = assign_keys(filled_cells(strategy))
    mapped = [c for c in cells if c.key]
    judgements = []
    for cell in mapped:
        judgement = judge_cell(cell, gold)
        judgement.citation = citation_verdict(cell, strategy, chunks or [])
        judgements.append(judgement)
    drafted = (strategy.get("document_control") or {}).get("classification")
    marking = {"gold": gold.marking, "draft": drafted,
               "carried": bool(gold.marking) and str(drafted or "").upper() == str(gold.marking).upper()}
    # Only the gold's own statements count as found. The strategy's marking is judged against `marking`; carried,
    # it states the documents' classification wherever they carry that same marking.
    stated = {_label(s) for s in gold.statements}
    found_labels = {m for j in judgements if j.verdict == "correct" for m in j.matched} & stated
    if marking["carried"]:
        found_labels |= {_label(s) for s in gold.by_key("classification")
                         if s.value.upper() == str(gold.marking).upper()}
    found = sorted(found_labels)
    placeable = None if gold.placeable is None else [s for i, s in gold.statement_ids().items() if i in gold.placeable]
    return ProjectScore(
        project=gold.project, judgements=judgements, unmapped_cells=len(cells) - len(mapped),
        coverage_found=found, coverage_total=len(gold.statements), marking=marking,
        traceability=traceability(strategy, gold), risk_tier=risk_tier(strategy, gold),
        applicability=applicability(strategy, gold), models=model_inventory(strategy, gold),
        placeable_total=None if placeable is None else len(placeable),
        placeable_found=None if placeable is None else sum(1 for s in placeable if _label(s) in found_labels),
    )

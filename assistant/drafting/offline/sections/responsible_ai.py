"""Section 12: Responsible AI Operations."""

from __future__ import annotations

import re

from assistant.drafting.offline.evidence import condense, sentences
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy.schema import (
    BiasCheckRow,
    ExplainabilityRow,
    OversightRow,
)

_BIAS_WORDS = re.compile(r"bias|fair|disparit|discriminat|protected|equalit|parity", re.I)
# Review that a low confidence score triggers is the template's "Mandatory review" row, not the full review of an
# appeal, even when the same requirement also names contesting or overriding.
_CONFIDENCE_ROUTED = re.compile(r"\bconfidence\b[^.;]{0,60}?\b(?:below|under|falls|lower than)\b|\blow[- ]confidence\b", re.I)


def build(b: Builder) -> None:
    sec = b.s.responsible_ai
    fairness_units = [u for u in b.req_units("fairness", top=1)]
    for unit in fairness_units:
        # The check's frequency is read only in a sentence about bias or fairness: "reported quarterly" about
        # a training cohort in the same requirement is not how often bias is checked.
        freq = next((m for s in sentences(unit.text) if _BIAS_WORDS.search(s)
                     for m in [re.search(r"\b(daily|weekly|monthly|quarterly|each major model version|at each major model version)\b", s, re.I)] if m), None)
        sec.bias_detection.append(
            BiasCheckRow(check=unit.title or condense(unit.statement, 60), method=condense(unit.statement, 140),
                         frequency=freq.group(1).capitalize() if freq else None, provenance=b.ev(unit.id))
        )
    stated = b.f.bias_frequency
    if stated:
        # The documents' own audit cadence replaces the template's suggested one for the check on the model's outputs.
        for row in sec.bias_detection:
            if row.check == "Model predictions bias" and row.provenance.basis != "evidence":
                row.frequency, row.provenance = stated[0], b.ev(stated[1])
    b.ask(sec, "Who owns each bias check?", "Bias Detection")
    rule = b.rules["explainability"]
    exp_units = [u for u in b.f.units if u.is_requirement and u.id in b.signal_units("explainability")]
    exp_units.sort(key=lambda u: -u.fields.get("explainability", 0))
    named, named_ev = b.tool("explainability")
    rag = b.genai_only()
    # the lines that name the method: said of one model, it is that model's method, not every model's
    said = [line for e in named_ev for line in b.f.evidence_text.get(e, "").splitlines()
            if named and named.casefold() in line.casefold()]
    # Feature attribution (SHAP, LIME) explains a discriminative model's score; a generative model's answer is
    # explained by its sources, so a named attribution method is not carried over to one.
    # (a retrieval model in a RAG pipeline is explained as the answer is: by the passages it found)
    kinds = {model.name: "GenAI" if model.retrieval and rag else model.type for model in b.f.models}
    takes_named = [m.name for m in b.f.models if named and not (kinds[m.name] == "GenAI" and re.match(r"shap|lime", named, re.I))]
    for model in b.f.models:
        kind = kinds[model.name]
        choice = rule["by_framework"].get(model.framework or "") or rule["by_type"].get(kind) or rule["default"]
        if model.name in takes_named and _said_of(model.name, said, only_model=len(takes_named) == 1):
            method, prov = named, b.ev(*named_ev, *[u.id for u in exp_units[:1]])
        else:
            method = choice["method"]
            prov = b.rec("explainability", f"{model.framework or kind}", *[u.id for u in exp_units[:2]], keywords=(method.split()[0],))
        output = condense(exp_units[0].statement, 140) if exp_units else choice["output"]
        sec.explainability.append(ExplainabilityRow(model=model.name, method=method, output=output, provenance=prov))
    # Human oversight.
    oversight_units = [
        u for u in b.f.units
        if u.is_requirement and u.id in b.signal_units("human_review") and "human_oversight" in u.best_fields()[:2]
    ]
    oversight_units.sort(key=lambda u: -u.fields.get("human_oversight", 0))
    gov = b.risk_rules()
    level_name = gov.get("oversight")
    stated_model = _stated_oversight_model(b)
    rows = list(stated_model)
    for unit in oversight_units[:6]:
        text = unit.text
        if _CONFIDENCE_ROUTED.search(text):
            level = "Mandatory review"
        elif re.search(r"appeal|override|challenge|contest", text, re.I):
            level = "Full review"
        elif re.search(r"every|all|each|never|no claim|not .* alone|confirmed by", text, re.I):
            level = "Human-in-the-loop"
        else:
            level = level_name or "Human review"
        rows.append(OversightRow(scenario=unit.title or condense(unit.statement, 60), oversight_level=level,
                                 implementation=condense(unit.statement, 160), provenance=b.ev(unit.id)))
    if rows:
        sec.human_oversight = rows
    elif b.risk:
        sec.human_oversight = [OversightRow(**r, provenance=b.rec("oversight", f"{b.risk} risk", *b.f.risk.evidence[:2], keywords=("human",)))
                               for r in b.rules["oversight"][b.risk]]
    else:
        b.ask(sec, "Where in the process does a person review or override the model's output?", "Human Oversight")
    # (a model the documents state, such as on-the-loop review because every decision cannot be checked at scale,
    # is not overruled by the rule)
    if b.risk == "High" and not stated_model and not any(r.oversight_level == "Human-in-the-loop" for r in sec.human_oversight):
        r = b.rules["oversight"]["High"][0]
        sec.human_oversight.insert(0, OversightRow(**r, provenance=b.rec("oversight", "High risk requires human-in-the-loop", *b.f.risk.evidence[:2])))


def _stated_oversight_model(b: Builder) -> list[OversightRow]:
    """One row per option of the oversight model an AI Playbook assessment or ATRS record ticks, in its words."""
    return [OversightRow(scenario=f"Oversight model ({where})", oversight_level=level,
                         implementation=condense(description, 160) or None, provenance=b.ev(evidence))
            for level, description, where, evidence in b.f.oversight]


# Words of a model's name that say nothing of which model it is.
_GENERIC_NAME_WORDS = frozenset({"model", "models", "engine", "system", "service", "tool", "assistant", "agent",
                                 "with", "from", "based", "automated", "artificial", "intelligence", "machine",
                                 "learning"})
# "for all AI outputs", "every model": a method said of every model (only the lines naming the method are read)
_EVERY_MODEL = re.compile(r"(?i)\b(?:all|every|each)\s+(?:of\s+the\s+)?(?:ai\s+|ml\s+|model\s+)?"
                          r"(?:models?|algorithms?|outputs?|predictions?)\b")


def _said_of(model_name: str, lines: list[str], *, only_model: bool) -> bool:
    """Whether lines that name a method say it of this model: the project's only model, every model, or one a
    word of whose name they use ("LIME/SHAP explanations for all AI disclosure categorisations" is said of the
    disclosure review engine, not of the transcription model)."""
    if only_model or any(_EVERY_MODEL.search(line) for line in lines):
        return True
    words = {w for w in re.findall(r"[a-z]{4,}", model_name.casefold()) if w not in _GENERIC_NAME_WORDS}
    return any(re.search(rf"\b{re.escape(w)}", line, re.I) for w in words for line in lines)

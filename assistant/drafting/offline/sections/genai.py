"""Section 9: LLM/GenAI Operations."""

from __future__ import annotations

import re

from assistant.drafting.offline import data
from assistant.drafting.offline.authority import Resolver, is_arckit, stated_name
from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.sections.builder import Builder
from assistant.facts import PlatformFact, ProjectFacts
from assistant.strategy import Provenance
from assistant.strategy.schema import (
    ControlRow,
    LLMCostRow,
    RagComponentRow,
)


def build(b: Builder) -> None:
    sec = b.s.genai
    app = b.f.applicability["genai"]
    sec.applies, sec.applies_reason = app.applies, app.reason
    if not app.applies:
        sec.guardrails, sec.rag_pipeline, sec.cost_optimization, sec.rag_applies = [], [], [], False
        return
    project = b.f.project
    if project is not None and is_arckit(project):
        _llm_from_facts(b, project)
    else:
        _llm_from_mentions(b)
    pm = sec.prompt_management
    controls = b.rules["genai_controls"]
    pv = b.signal_units("prompt_versioning")
    if pv:
        pm.versioning.value, pm.versioning.provenance = condense(b.f.unit(pv[0]).statement, 120), b.ev(pv[0])  # type: ignore[union-attr]
    else:
        pm.versioning.value, pm.versioning.provenance = controls["prompt_management"]["versioning"], b.rec("genai_controls", None)
    evals = [u for u in b.f.units if u.is_requirement and re.search(r"evaluat|test set", u.text, re.I) and u.id in b.signal_units("genai")]
    if evals:
        pm.testing.value, pm.testing.provenance = condense(evals[0].statement, 120), b.ev(evals[0].id)
    else:
        pm.testing.value, pm.testing.provenance = controls["prompt_management"]["testing"], b.rec("genai_controls", None)
    if b.signal_units("ab_test"):
        pm.ab_testing.value, pm.ab_testing.provenance = "Yes", b.ev(*b.signal_units("ab_test")[:1])  # type: ignore[assignment]
    # Guardrails: evidence first, then the rule's controls.
    patterns = data.vocabulary()["guardrail_patterns"]
    rows: list[ControlRow] = []
    candidates = set(b.signal_units("genai")) | set(b.req_ids_for(("security", "genai")))
    for rule_row in controls["rows"]:
        name = rule_row["control"]
        hit = next(
            (u for u in b.f.units if u.is_requirement and u.id in candidates and re.search(patterns[name], u.text, re.I)),
            None,
        )
        if hit:
            # A requirement that calls for the control says what is needed, not how it is implemented (and its
            # words often match another control's: "penetration testing" is not red-teaming): the row is the
            # rule's implementation, labelled a recommendation, citing the requirement it answers.
            rows.append(ControlRow(**rule_row, provenance=b.rec("genai_controls", f"answers {hit.id}", hit.id,
                                                                keywords=(name.split()[0].lower(),))))
        else:
            rows.append(ControlRow(**rule_row, provenance=b.rec("genai_controls", None, keywords=(name.split()[0].lower(),))))
    sec.guardrails = rows
    # RAG.
    rag = b.f.applicability["rag"]
    sec.rag_applies = rag.applies
    if rag.applies:
        comps = []
        store, store_ev = b.tool("vector_store")
        refresh_unit = next((u for u in b.f.units if u.id in rag.evidence and re.search(r"refresh|updat|re-?index", u.text, re.I)), None)
        refresh = None
        if refresh_unit:
            m = re.search(r"\b(daily|weekly|hourly|monthly|nightly|real[- ]time)\b", refresh_unit.text, re.I)
            refresh = m.group(1).capitalize() if m else None
        comps.append(RagComponentRow(component="Vector Store", technology=store, refresh=refresh,
                                     provenance=b.ev(*store_ev, *([refresh_unit.id] if refresh_unit and refresh else [])) if store or refresh else Provenance()))
        emb, emb_ev = b.tool("embedding_model")
        comps.append(RagComponentRow(component="Embedding Model", technology=emb, refresh="-", provenance=b.ev(*emb_ev) if emb else Provenance()))
        hybrid = b.signal_units("hybrid_retrieval")
        comps.append(RagComponentRow(component="Retriever", technology="Hybrid (BM25 and dense)" if hybrid else None, refresh="-",
                                     provenance=b.ev(*hybrid[:2]) if hybrid else Provenance()))
        sec.rag_pipeline = comps
        if not store:
            b.ask(sec, "Which vector store will hold the document index?", "RAG Pipeline")
        if not emb:
            b.ask(sec, "Which embedding model will index the documents?", "RAG Pipeline")
    costs = [q for q in b.quantities("cost") if re.search(r"request|conversation|query|question", q.unit)]
    # A per-request cap ("max 2000 tokens per request") is not a daily budget: the daily row is filled only from a
    # figure its own sentence states per day.
    tokens = [q for q in b.quantities("tokens") if _per_day(b.sentence_of(q), q.text)]
    strategy = b.rules["practice"]["llm_cost_strategy"]
    cost_rows = []
    for row in sec.cost_optimization:
        if row.metric == "Cost/request" and costs:
            row.target = f"{costs[0].value} {costs[0].unit}".strip()
            row.provenance = b.ev(costs[0].evidence_id)
        if row.metric == "Token usage/day" and tokens:
            row.target, row.provenance = tokens[0].display() + " per day", b.ev(tokens[0].evidence_id)
        row.strategy = row.strategy or strategy
        if row.provenance.is_empty():
            row.provenance = b.rec("practice", "LLM cost controls")
        cost_rows.append(row)
    # The unit-cost caps the documents set ("Cost per conversation: < £0.50"), each a row of its own: the
    # template's "Cost/request" row stays a recommendation unless a per-request figure fills it above.
    unit_costs = b.quantities("unit_cost")
    for q in unit_costs:
        cost_rows.append(LLMCostRow(metric=q.subject, target=q.display(), provenance=b.ev(q.evidence_id)))
    sec.cost_optimization = cost_rows
    if not costs and not unit_costs:
        b.ask(sec, "What is the target LLM cost per request, and the daily token budget?", "Cost Optimization")


def _per_day(sentence: str, matched: str) -> bool:
    """Whether the sentence states the token figure per day ("1M tokens per day", "daily budget of 1M tokens")."""
    at = sentence.find(matched)
    after = sentence[at + len(matched):at + len(matched) + 12] if at >= 0 else ""
    return bool(re.match(r"\s*(?:per|a|/|each)\s*day\b", after, re.I) or re.search(r"\bdaily\b", sentence[:max(at, 0)], re.I))


def _llm_from_mentions(b: Builder) -> None:
    """Provider, model and deployment from vocabulary mentions (documents that are not ArcKit's)."""
    sec = b.s.genai
    cfg = sec.llm_configuration
    provider, provider_ev = b.tool("llm_provider")
    llm, llm_ev = b.tool("llm")
    self_hosted = b.signal_units("self_hosted")
    if provider:
        cfg.model_provider.value, cfg.model_provider.provenance = provider, b.ev(*provider_ev)  # type: ignore[assignment]
    elif data.term_attr(llm, "provider"):
        cfg.model_provider.value = data.term_attr(llm, "provider")  # type: ignore[assignment]
        cfg.model_provider.provenance = b.ev(*llm_ev)
    if cfg.model_provider.value is None:
        b.ask(sec, "Which LLM provider will be used (Azure OpenAI, Bedrock, Anthropic, OpenAI, self-hosted)?", "LLM Configuration")
    if llm:
        cfg.model.value, cfg.model.provenance = llm, b.ev(*llm_ev)
    else:
        b.ask(sec, "Which LLM (model and version) will be used?", "LLM Configuration")
    if self_hosted:
        cfg.deployment.value, cfg.deployment.provenance = "Self-hosted", b.ev(*self_hosted[:2])  # type: ignore[assignment]
    elif provider or llm:
        cfg.deployment.value, cfg.deployment.provenance = "API", b.ev(*(provider_ev or llm_ev))  # type: ignore[assignment]
    _fine_tuned(b, stated_yes=True)


def _llm_from_facts(b: Builder, project: ProjectFacts) -> None:
    """Provider, model and deployment from the AI components and hosting decisions the documents assert."""
    sec = b.s.genai
    cfg = sec.llm_configuration
    resolve = Resolver(b.f.chunks)
    vocab = data.vocabulary()
    generative = [m for m in project.models(generative=True)]
    provider = next(((vocab["llm_provider_by_model"][m.name], m) for m in generative
                     if m.name in vocab["llm_provider_by_model"] and resolve(m)), None)
    if provider:
        cfg.model_provider.value = provider[0]
        cfg.model_provider.provenance = b.ev(resolve(provider[1]) or "")
    else:
        b.ask(sec, "Which LLM provider will be used (Azure OpenAI, Bedrock, Anthropic, OpenAI, self-hosted)?",
              "LLM Configuration")
    model = next((m for m in generative if m.name in vocab["llm_models"] and resolve(m)), None)
    if model:
        # with the version a clause gives it ("Claude 3.5 Sonnet"), as the inventory names it
        name, stated_by, _ = stated_name(model, project)
        cfg.model.value, cfg.model.provenance = name, b.ev(resolve(stated_by) or resolve(model) or "")
    else:
        b.ask(sec, "Which LLM (model and version) will be used?", "LLM Configuration")
    hosting = [p for p in project.of_type(PlatformFact, "platform") if p.aspect == "model_hosting"]
    decided = next(((vocab["llm_deployment_by_hosting"].get(p.choice.casefold()), p) for p in hosting
                    if vocab["llm_deployment_by_hosting"].get(p.choice.casefold()) and resolve(p)), None)
    if decided:
        cfg.deployment.value, cfg.deployment.provenance = decided[0], b.ev(resolve(decided[1]) or "")
    elif provider and provider[0] != "Self-hosted":
        cfg.deployment.value = "API"  # type: ignore[assignment]
        cfg.deployment.provenance = b.ev(resolve(provider[1]) or "")
    else:
        b.ask(sec, "Will the LLM be called as a managed API or self-hosted?", "LLM Configuration")
    _fine_tuned(b, stated_yes=False)


def _fine_tuned(b: Builder, *, stated_yes: bool) -> None:
    """"No" where a document says the LLM is used as supplied; "Yes" where one mentions fine-tuning, only when
    `stated_yes` (the precision-first facts path takes no "Yes" from a keyword signal: no fact says the model is
    fine-tuned, and a mention of fine-tuning is as often an option weighed); otherwise a question."""
    cfg = b.s.genai.llm_configuration
    if b.signal_units("not_fine_tuned"):
        cfg.fine_tuned.value, cfg.fine_tuned.provenance = "No", b.ev(*b.signal_units("not_fine_tuned")[:2])  # type: ignore[assignment]
    elif stated_yes and b.signal_units("fine_tuned"):
        cfg.fine_tuned.value, cfg.fine_tuned.provenance = "Yes", b.ev(*b.signal_units("fine_tuned")[:2])  # type: ignore[assignment]
    else:
        b.ask(b.s.genai, "Will the LLM be fine-tuned, or used as supplied?", "LLM Configuration")

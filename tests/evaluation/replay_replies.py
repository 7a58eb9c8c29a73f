"""Hand-written Anthropic replies for the `replay` eval suite (case `citizen-genai`).

Written by hand from evals/cases/citizen-genai/documents/requirements.md alone, as a careful model
following the `draft_section` prompt could answer: values from the requirements cite their IDs; what
the requirements do not say is an open question; a judgement is marked `assumption` or
`recommendation` with its reason. They were not tuned to the case's expectations or to the scorers.
Where the prompt hands the model the template's pre-filled rows ("keep them unless the evidence
changes them"), the reply keeps them, as a model would.

Ids and token counts are made up. `tests/evaluation/replay_cassettes.py` turns these into the cassette.
"""

from __future__ import annotations

from typing import Any

MODEL = "claude-sonnet-4-6"


def _p(*ids: str, basis: str | None = None, rationale: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"evidence": list(ids)}
    if basis:
        out["basis"] = basis
    if rationale:
        out["rationale"] = rationale
    return out


def _f(value: Any, *ids: str, **kw: Any) -> dict[str, Any]:
    return {"value": value, "provenance": _p(*ids, **kw)}


def _q(question: str, topic: str) -> dict[str, str]:
    return {"question": question, "topic": topic}


def _template(number: int) -> dict[str, Any]:
    """The rows the prompt shows the model as the template's pre-filled ones."""
    from assistant.drafting.sections import template_strategy

    data = template_strategy().section(number).model_dump(mode="json", exclude_defaults=True)
    data.pop("open_questions", None)
    return data


def section_content(number: int) -> dict[str, Any]:
    t = _template(number)
    content: dict[str, Any]
    if number == 1:
        content = {
            "business_context": {
                "system_name": _f("Ask HMRC Guidance Assistant", "FR-001"),
                "business_purpose": _f("Answer citizens' questions about Self Assessment in plain English on GOV.UK, "
                                       "using retrieval-augmented generation over published HMRC guidance; it does not "
                                       "make or change any tax decision.", "FR-001", "FR-ML-002"),
                "primary_use_cases": _f("Plain-English answers to Self Assessment questions that cite the GOV.UK "
                                        "guidance pages used", "FR-001"),
                "user_impact": _f("Citizens get general guidance only: no personalised tax advice, answers labelled "
                                  "as written by an AI assistant with a link to a human adviser", "FR-005", "FR-006"),
            },
            "maturity": t["maturity"],
            "stakeholders": t["stakeholders"],
            "open_questions": [
                _q("What MLOps maturity level does the team operate at today, and what target level and timeline "
                   "are planned? (ML lead)", "MLOps Maturity"),
                _q("Who are the named service owner, product owner and ML lead for the assistant? (programme manager)",
                   "Stakeholders"),
            ],
        }
    elif number == 2:
        content = {
            "models": [{
                "model_id": "GENAI-001", "name": "Claude (Amazon Bedrock, London region)", "type": "GenAI",
                "framework": "Amazon Bedrock (managed API)",
                "purpose": "Generate plain-English answers to Self Assessment questions from retrieved GOV.UK guidance",
                "risk_level": "Medium", "owner": None,
                "provenance": _p("FR-ML-002", "FR-001", basis="recommendation",
                                 rationale="Citizen-facing and may shape how people meet tax obligations, but it makes "
                                           "no decision and refuses personalised advice (FR-006)"),
            }],
            "risk_classification": t["risk_classification"],
            "open_questions": [
                _q("Which Claude model version on Bedrock is to be used, and who owns the model in service? (service owner)",
                   "Model Inventory"),
                _q("Which embedding model builds the pgvector retrieval index? (ML engineer)", "Model Inventory"),
                _q("Has the risk level been agreed with the department's AI assurance board? (ML lead)", "Risk"),
            ],
        }
    elif number == 3:
        content = {
            "training_sources": [{
                "source": "Published HMRC guidance from the GOV.UK content API (retrieval corpus, not training data)",
                "type": "API", "update_frequency": "Daily", "volume": None, "pii": "No", "owner": None,
                "provenance": _p("FR-ML-003", basis="assumption",
                                 rationale="Published guidance pages are public and contain no personal data"),
            }],
            "feature_engineering": [{
                "feature_group": "Guidance passages", "features": "Guidance text with its GOV.UK page link",
                "transformation": "Split into passages and embedded into pgvector", "refresh": "Daily",
                "provenance": _p("FR-ML-003", "FR-001", basis="assumption",
                                 rationale="Citations to the pages used (FR-001) need the page link kept with each passage"),
            }],
            "feature_store": {"platform": _f("pgvector in the department's PostgreSQL service", "FR-ML-003"),
                              "online_store": _f(None), "offline_store": _f(None), "versioning": _f(None)},
            "data_quality_checks": t["data_quality_checks"] + [{
                "check": "Guidance index freshness", "threshold": "Refreshed daily",
                "action": "Alert", "provenance": _p("FR-ML-003")}],
            "data_versioning": {"strategy": _f(None), "storage": _f(None), "retention": _f(None)},
            "open_questions": [
                _q("How many guidance pages and passages does the corpus hold? (content designer)", "Data Sources"),
                _q("Are conversation logs stored, where, and for how long? (data protection officer)", "Data Versioning"),
                _q("How are index versions kept so an answer can be traced to the guidance as it was on the day? "
                   "(ML engineer)", "Data Versioning"),
            ],
        }
    elif number == 4:
        content = {
            "infrastructure": t["infrastructure"],
            "experiment_tracking": {
                "platform": _f(None),
                "tracked_artifacts": _f("Prompt versions (Git) and the evaluation-suite results for each prompt change",
                                        "FR-ML-004"),
                "comparison": _f(None)},
            "hyperparameter_optimization": {"method": _f(None), "platform": _f(None), "budget": _f(None)},
            "training_triggers": [
                {"trigger": "Prompt change", "condition": "A prompt change is committed to Git",
                 "action": "Run the automated evaluation suite before release", "provenance": _p("FR-ML-004")},
                {"trigger": "Scheduled", "condition": "Daily",
                 "action": "Refresh the retrieval index from the GOV.UK content API", "provenance": _p("FR-ML-003")},
            ],
            "open_questions": [
                _q("Is any fine-tuning of the model planned, or is the model used as provided by Bedrock? (ML lead)",
                   "Training Infrastructure"),
                _q("Which tool runs and records the evaluation suite for prompt changes? (ML engineer)",
                   "Experiment Tracking"),
            ],
        }
    elif number == 5:
        content = {
            "registry_configuration": {"platform": _f(None),
                                       "versioning": _f("Prompts version-controlled in Git", "FR-ML-004"),
                                       "storage": _f(None)},
            "model_metadata": t["model_metadata"] + [
                {"text": "Prompt version (Git commit) and its evaluation-suite result", "provenance": _p("FR-ML-004")}],
            "promotion_stages": t["promotion_stages"],
            "approval_workflow": [
                {"step": "Prompt change evaluation", "actor": None, "checks": "Automated evaluation suite passes",
                 "provenance": _p("FR-ML-004")}],
            "open_questions": [
                _q("Where are the released prompt, model version and retrieval configuration recorded together as one "
                   "release? (ML engineer)", "Registry"),
                _q("Who approves a change of the Bedrock model version? (service owner)", "Approval Workflow"),
            ],
        }
    elif number == 6:
        content = {
            "deployment_patterns": [
                {"pattern": "Real-time", "use_case": "Citizen questions answered on GOV.UK",
                 "latency": "First token within 2 seconds at the 95th percentile",
                 "models": "Claude via Amazon Bedrock", "provenance": _p("NFR-P-001", "FR-ML-002")}],
            "serving_platforms": [
                {"model": "Claude", "platform": "Amazon Bedrock (London region)", "endpoint": None, "scaling": "Auto",
                 "provenance": _p("FR-ML-002", basis="assumption",
                                  rationale="Bedrock is a managed service; account quotas still need confirming")}],
            "performance_requirements": [
                {"metric": "Time to first token (p95)", "target": "2 seconds", "current": None,
                 "provenance": _p("NFR-P-001")},
                {"metric": "Concurrent conversations (January peak)", "target": "200", "current": None,
                 "provenance": _p("NFR-S-001")},
                {"metric": "Availability", "target": "99.9%", "current": None, "provenance": _p("NFR-A-001")},
                {"metric": "Output length", "target": "At most 1,500 output tokens per answer", "current": None,
                 "provenance": _p("NFR-M-002")},
            ],
            "rollout": {"strategy": _f(None), "traffic_split": _f(None), "success_metrics": _f(None),
                        "rollback_criteria": _f(None)},
            "open_questions": [
                _q("Do the Bedrock quotas in the London region cover 200 concurrent conversations? (platform team)",
                   "Serving"),
                _q("How are prompt or model changes rolled out (canary, shadow) and what triggers a rollback? "
                   "(service owner)", "Rollout"),
            ],
        }
    elif number == 7:
        content = {
            "data_drift": [
                {"feature_group": "Guidance corpus", "method": "Track pages added, changed or withdrawn at each daily refresh",
                 "threshold": None, "action": "Re-index the changed pages",
                 "provenance": _p("FR-ML-003", basis="recommendation",
                                  rationale="Answers drift when the guidance they rely on changes")}],
            "performance_metrics": [
                {"metric": "Answer accuracy and groundedness (human review)", "baseline": None, "warning": None,
                 "critical": None, "window": "Weekly sample of 200 conversations", "provenance": _p("FR-ML-007")}],
            "fairness": [],
            "prediction_monitoring": [
                {"metric": "Token usage", "description": "Tokens used, reported daily", "alert": None,
                 "provenance": _p("NFR-M-001")},
                {"metric": "Cost per answered question", "description": "Must stay below £0.02",
                 "alert": "Above £0.02", "provenance": _p("NFR-M-001")},
                {"metric": "Filtered outputs", "description": "Answers stopped for unsafe content or links outside gov.uk",
                 "alert": None, "provenance": _p("NFR-SEC-002")},
            ],
            "dashboards": t.get("dashboards", []),
            "open_questions": [
                _q("What accuracy and groundedness levels in the weekly review should raise a warning or stop the "
                   "service? (service owner)", "Performance Metrics"),
                _q("Who carries out the weekly human review, and against what marking guide? (content lead)",
                   "Performance Metrics"),
                _q("Should answer quality be compared across groups of users, for example by reading age or "
                   "assistive technology? (user researcher)", "Fairness"),
            ],
        }
    elif number == 8:
        content = {
            "triggers": [
                {"trigger": "Guidance change", "condition": "Daily refresh from the GOV.UK content API",
                 "action": "Rebuild the affected pgvector entries", "approval": "Automatic",
                 "provenance": _p("FR-ML-003", basis="assumption",
                                  rationale="A refresh changes retrieval content, not the model or prompts")},
                {"trigger": "Prompt change", "condition": "A change is committed to Git",
                 "action": "Release only after the automated evaluation suite passes", "approval": None,
                 "provenance": _p("FR-ML-004")},
                {"trigger": "Quality drop", "condition": "The weekly review of 200 sampled conversations finds "
                 "inaccurate or ungrounded answers",
                 "action": "Revise prompts or retrieval and re-run the evaluation suite", "approval": None,
                 "provenance": _p("FR-ML-007", "FR-ML-004")},
            ],
            "champion_challenger": {"champion": None, "challenger": None, "challenger_traffic_pct": None},
            "rollback_procedure": t["rollback_procedure"],
            "open_questions": [
                _q("Who approves a prompt release after the evaluation suite passes? (service owner)", "Triggers"),
                _q("Is a new Bedrock model version treated as a change that needs the evaluation suite and approval? "
                   "(ML lead)", "Triggers"),
            ],
        }
    elif number == 9:
        guard = {row["control"]: row for row in t["guardrails"]}
        content = {
            "applies": True,
            "applies_reason": "The system is a generative AI assistant using a large language model with RAG",
            "llm_configuration": {
                "model_provider": _f("Bedrock", "FR-ML-002"),
                "model": _f("Claude", "FR-ML-002"),
                "deployment": _f("API", "FR-ML-002"),
                "fine_tuned": _f(None)},
            "prompt_management": {
                "versioning": _f("Git: every prompt change is version-controlled", "FR-ML-004"),
                "testing": _f("Automated evaluation suite must pass before each prompt release", "FR-ML-004"),
                "ab_testing": _f(None)},
            "guardrails": [
                {**guard["Input validation"], "implementation": "Screen user input for prompt injection and personal "
                 "data before it reaches the model; redact detected personal data", "monitoring": None,
                 "provenance": _p("NFR-SEC-001")},
                {**guard["Output filtering"], "implementation": "Filter model output for unsafe content and for links "
                 "outside gov.uk", "monitoring": None, "provenance": _p("NFR-SEC-002")},
                {**guard["Token limits"], "implementation": "At most 1,500 output tokens per answer", "monitoring": None,
                 "provenance": _p("NFR-M-002")},
                guard["Rate limiting"],
                {"control": "No personalised advice", "implementation": "Refuse personalised tax advice; never ask for "
                 "or store a Unique Taxpayer Reference", "monitoring": None, "provenance": _p("FR-006")},
                {"control": "AI disclosure", "implementation": "Label every answer as written by an automated AI "
                 "assistant, with a link to contact a human adviser", "monitoring": None, "provenance": _p("FR-005")},
            ],
            "rag_applies": True,
            "rag_pipeline": [
                {"component": "Vector Store", "technology": "pgvector in the department's PostgreSQL service",
                 "refresh": "Daily", "provenance": _p("FR-ML-003")},
                *[row for row in t["rag_pipeline"] if row["component"] != "Vector Store"],
                {"component": "Source corpus", "technology": "GOV.UK content API (published HMRC guidance)",
                 "refresh": "Daily", "provenance": _p("FR-ML-003")},
            ],
            "cost_optimization": [
                {"metric": "Token usage/day", "current": None, "target": "Reported daily", "strategy": None,
                 "provenance": _p("NFR-M-001")},
                {"metric": "Cost/request", "current": None, "target": "Below £0.02 per answered question",
                 "strategy": "Cap answers at 1,500 output tokens", "provenance": _p("NFR-M-001", "NFR-M-002")},
            ],
            "open_questions": [
                _q("Which Claude model and version will be used on Bedrock? (ML lead)", "LLM Configuration"),
                _q("Which embedding model and retriever settings (passages per answer) are used? (ML engineer)",
                   "RAG Pipeline"),
                _q("What rate limits per user protect the service and its budget? (service owner)", "Guardrails"),
                _q("Will prompt versions be A/B tested with live users? (product owner)", "Prompt Management"),
            ],
        }
    elif number == 10:
        content = {
            "source_control": [{"artifact": "Prompts", "repository": "Git", "branch_strategy": None,
                                "provenance": _p("FR-ML-004")}] + t["source_control"],
            "automated_testing": t["automated_testing"] + [
                {"test_type": "Prompt evaluation", "what": "Answer quality on the evaluation suite",
                 "when": "Every prompt change, before release", "tool": None, "provenance": _p("FR-ML-004")},
                {"test_type": "Guardrail regression", "what": "Injection and personal-data screening, output filtering",
                 "when": "Every release", "tool": None,
                 "provenance": _p("NFR-SEC-001", "NFR-SEC-002", basis="recommendation",
                                  rationale="The security controls need tests that fail when they stop working")},
            ],
            "continuous_training": [
                {"trigger": "Daily", "pipeline": "Guidance index refresh from the GOV.UK content API into pgvector",
                 "duration": None, "output": "Refreshed retrieval index", "provenance": _p("FR-ML-003")}],
            "open_questions": [
                _q("Which CI service runs the evaluation suite, and does a failure block the release? (ML engineer)",
                   "Automated Testing"),
            ],
        }
    elif number == 11:
        card = t["model_card"]
        content = {
            "documentation_requirements": t["documentation_requirements"] + [
                {"text": "ATRS record published before public beta", "done": False, "provenance": _p("NFR-C-001")}],
            "model_card": {
                **card,
                "model_name": "Ask HMRC Guidance Assistant",
                "type": _f("Generative AI assistant with retrieval-augmented generation", "FR-ML-002"),
                "framework": _f("Claude via Amazon Bedrock", "FR-ML-002"),
                "primary_use": _f("Answer citizens' Self Assessment questions from published GOV.UK guidance", "FR-001"),
                "out_of_scope": _f("Personalised tax advice, any tax decision, collecting a Unique Taxpayer Reference",
                                   "FR-006"),
                "dataset": _f("Published HMRC guidance on GOV.UK, used for retrieval", "FR-ML-003"),
                "performance": [{"metric": "Accuracy and groundedness (weekly human review)", "value": None,
                                 "provenance": _p("FR-ML-007")}],
                "limitations": [{"text": "Answers from published guidance only; it cannot take an individual's "
                                 "circumstances into account", "provenance": _p("FR-006", basis="assumption",
                                 rationale="Follows from refusing personalised advice")}],
                "ethical_considerations": [{"text": "Citizens must know they are talking to an AI and be able to "
                                            "reach a human adviser", "provenance": _p("FR-005")}],
            },
            "audit_trail": t["audit_trail"] + [
                {"event": "Prompt changes and evaluation results", "logged": "Yes", "retention": None,
                 "provenance": _p("FR-ML-004")}],
            "model_retirement": t["model_retirement"],
            "open_questions": [
                _q("How long are conversation logs and audit records kept? (data protection officer)", "Audit Trail"),
                _q("Who signs off the model card before public beta? (service owner)", "Documentation"),
            ],
        }
    elif number == 12:
        content = {
            "bias_detection": t["bias_detection"] + [
                {"check": "Readability of answers", "method": "Reading-age check on the weekly sample (aim: reading "
                 "age 9 to 11)", "frequency": "Weekly", "owner": None,
                 "provenance": _p("NFR-U-001", "FR-ML-007")}],
            "explainability": [
                {"model": "Claude via Amazon Bedrock", "method": "Cite the GOV.UK guidance pages used for each answer",
                 "output": "Source links shown with every answer", "provenance": _p("FR-001")}],
            "human_oversight": [
                {"scenario": "Every answer", "oversight_level": "Human adviser on request",
                 "implementation": "Link to contact a human adviser on each answer", "provenance": _p("FR-005")},
                {"scenario": "Quality assurance", "oversight_level": "Sampled review",
                 "implementation": "Weekly human review of 200 sampled conversations", "provenance": _p("FR-ML-007")},
                {"scenario": "Personalised advice requested", "oversight_level": "Refusal and referral",
                 "implementation": "The assistant declines and points to a human adviser",
                 "provenance": _p("FR-006", "FR-005")},
            ],
            "open_questions": [
                _q("Which groups of citizens should answer quality be checked for (e.g. people using assistive "
                   "technology or English as a second language)? (user researcher)", "Bias Detection"),
            ],
        }
    elif number == 13:
        playbook = {
            1: ("Team to document what the assistant can and cannot do; it answers from published guidance only",
                "Partial", _p("FR-001", "FR-006", basis="recommendation",
                              rationale="AI Playbook principle 1: know what AI is and its limitations")),
            2: ("AI disclosure on every answer; ATRS record before public beta; DPIA to be completed", "Partial",
                _p("FR-005", "NFR-C-001")),
            3: ("Input screened for prompt injection and personal data; output filtered for unsafe content and "
                "non-gov.uk links", "Met", _p("NFR-SEC-001", "NFR-SEC-002")),
            4: ("Human adviser reachable from every answer; weekly human review of sampled conversations", "Partial",
                _p("FR-005", "FR-ML-007")),
            5: ("Prompts in Git with an evaluation suite before release; daily index refresh; weekly quality review",
                "Partial", _p("FR-ML-004", "FR-ML-003", "FR-ML-007")),
            6: ("Retrieval over published guidance rather than a model answering from memory", "Partial",
                _p("FR-ML-002", basis="recommendation",
                   rationale="The choice of an LLM with RAG should be recorded against simpler options")),
            7: ("Publish the ATRS record; follow the GOV.UK Service Standard", "Partial", _p("NFR-C-001")),
            8: ("Bedrock contract, data location and cost limits to be agreed with commercial colleagues", "Not Met",
                _p("FR-ML-002", "NFR-M-001", basis="recommendation",
                   rationale="AI Playbook principle 8: work with commercial colleagues from the start")),
            9: ("Skills for LLM evaluation and guardrail operation to be confirmed in the team plan", "Not Met",
                _p(basis="recommendation", rationale="AI Playbook principle 9: have the skills and expertise")),
            10: ("Assurance through the Service Standard assessment and the department's AI governance", "Partial",
                 _p("NFR-C-001")),
        }
        content = {
            "applies": True, "applies_reason": "A UK central government service (HMRC) on GOV.UK",
            "ai_playbook": [{"principle": n, "implementation": text, "status": status, "provenance": prov}
                            for n, (text, status, prov) in playbook.items()],
            "atrs": {"record_id": _f(None), "tool_name": _f("Ask HMRC Guidance Assistant", "NFR-C-001", "FR-001"),
                     "purpose": _f("Answer citizens' Self Assessment questions from published guidance", "FR-001"),
                     "tier_1_summary": _f(None), "tier_2_record": _f(None), "transparency_url": _f(None)},
            "jsp936_applies": False, "jsp936_reason": "Not a defence system",
            "dpia": t["dpia"] + [
                {"dpia_element": "Personal data typed by users",
                 "mlops_link": "Screened and redacted before the model; no Unique Taxpayer Reference asked for or stored",
                 "provenance": _p("NFR-SEC-001", "FR-006")}],
            "open_questions": [
                _q("Has a DPIA been started, and who is the data protection officer for the service? (service owner)",
                   "DPIA"),
                _q("Who will write the ATRS Tier 1 and Tier 2 record, and when is public beta? (product owner)", "ATRS"),
                _q("Which skills does the team need for LLM evaluation and operation, and are they in post? (ML lead)",
                   "AI Playbook"),
            ],
        }
    elif number == 14:
        content = {
            "infrastructure_costs": [
                {"component": "LLM usage (Amazon Bedrock)", "monthly_cost": None,
                 "scaling": "Per token; below £0.02 per answered question", "provenance": _p("NFR-M-001")},
                {"component": "PostgreSQL with pgvector", "monthly_cost": None, "scaling": None,
                 "provenance": _p("FR-ML-003")},
            ] + [row for row in t["infrastructure_costs"] if row["component"] != "Training compute"],
            "total_monthly_cost": _f(None),
            "team_structure": t["team_structure"],
            "open_questions": [
                _q("How many questions a month are expected, so the £0.02 per answer target becomes a monthly budget? "
                   "(product owner)", "Costs"),
                _q("How many FTEs of each role will run the service? (ML lead)", "Team Structure"),
            ],
        }
    elif number == 15:
        rows = [
            ("FR-001", "Plain-English answers citing GOV.UK guidance", "Sections 1, 12 (citations)", "✅"),
            ("FR-ML-002", "LLM (Claude via Amazon Bedrock, London) with RAG", "Sections 2, 6, 9", "✅"),
            ("FR-ML-003", "pgvector index refreshed daily from the GOV.UK content API", "Sections 3, 9, 10", "✅"),
            ("FR-ML-004", "Prompts in Git, evaluation suite before release", "Sections 5, 9, 10", "✅"),
            ("FR-005", "Answers labelled as AI, link to a human adviser", "Sections 9, 12", "✅"),
            ("FR-006", "No personalised tax advice; no UTR asked for or stored", "Sections 9, 13", "✅"),
            ("NFR-P-001", "First token within 2 seconds at p95", "Section 6", "⚠️"),
            ("NFR-S-001", "200 concurrent conversations at the January peak", "Section 6", "⚠️"),
            ("NFR-SEC-001", "Input screened for injection and personal data; redaction", "Section 9", "✅"),
            ("NFR-SEC-002", "Output filtered for unsafe content and non-gov.uk links", "Sections 7, 9", "✅"),
            ("NFR-C-001", "GOV.UK Service Standard; ATRS record before public beta", "Sections 11, 13", "⚠️"),
            ("NFR-A-001", "Availability 99.9%", "Section 6", "⚠️"),
            ("NFR-U-001", "Reading age 9 to 11 where possible", "Section 12", "⚠️"),
            ("NFR-M-001", "Cost per answered question below £0.02; daily token reporting", "Sections 7, 9, 14", "⚠️"),
            ("NFR-M-002", "At most 1,500 output tokens per answer", "Sections 6, 9", "✅"),
            ("FR-ML-007", "Weekly human review of 200 sampled conversations", "Sections 7, 8, 12", "✅"),
        ]
        content = {
            "rows": [{"requirement_id": rid, "requirement": text, "mlops_element": where, "status": status,
                      "provenance": _p(rid)} for rid, text, where, status in rows],
            "open_questions": [
                _q("How will latency, capacity and availability be tested before public beta? (service owner)",
                   "Traceability"),
            ],
        }
    else:  # pragma: no cover
        raise ValueError(number)
    content.setdefault("open_questions", [])
    return content


# Token counts: the first section writes the shared draft context to the prompt cache, later ones read it.
_OUTPUT_TOKENS = {1: 612, 2: 498, 3: 884, 4: 511, 5: 603, 6: 742, 7: 866, 8: 705, 9: 1290, 10: 823,
                  11: 1187, 12: 716, 13: 1402, 14: 560, 15: 1105}


def section_reply(number: int, *, first: bool) -> dict[str, Any]:
    return {
        "id": f"msg_01EvalCitizenGenAI{number:02d}",
        "type": "message", "role": "assistant", "model": MODEL,
        "content": [{"type": "tool_use", "id": f"toolu_01SectionDraft{number:02d}", "name": "SectionDraft",
                     "input": {"section": number, "content": section_content(number)}}],
        "stop_reason": "tool_use", "stop_sequence": None,
        "usage": {"input_tokens": 3100 + 37 * number, "cache_creation_input_tokens": 2412 if first else 0,
                  "cache_read_input_tokens": 0 if first else 2412, "output_tokens": _OUTPUT_TOKENS[number],
                  "service_tier": "standard"},
    }


# Three rubric gradings of the same draft, as a model might vary between runs.
RUBRIC_REVIEWS: list[dict[str, Any]] = [
    {"scores": {"completeness": 6, "specificity": 7, "traceability": 8, "actionability": 6, "clarity": 8},
     "findings": [
         {"criterion": "completeness", "severity": "major", "section": 6,
          "message": "Rollout strategy, traffic split and rollback criteria are all empty.",
          "fix": "Choose a rollout pattern for prompt and model changes (e.g. canary) and state rollback criteria, "
                 "or ask the service owner."},
         {"criterion": "actionability", "severity": "major", "section": 7,
          "message": "The weekly review of 200 conversations has no warning or critical level.",
          "fix": "State the accuracy and groundedness levels that trigger action, owned by the service owner."},
         {"criterion": "specificity", "severity": "minor", "section": 14,
          "message": "No monthly cost estimate; only the £0.02 per answer target.",
          "fix": "Ask the product owner for expected monthly question volume and derive a budget."}],
     "summary": "A well-traced draft: most values cite requirement IDs and gaps are open questions. Rollout, "
                "quality thresholds and costs need decisions before it can be approved."},
    {"scores": {"completeness": 7, "specificity": 6, "traceability": 8, "actionability": 7, "clarity": 8},
     "findings": [
         {"criterion": "specificity", "severity": "major", "section": 9,
          "message": "The model is given as 'Claude' without a version.",
          "fix": "Name the Bedrock model ID and version, or keep the open question with the ML lead."},
         {"criterion": "completeness", "severity": "major", "section": 6,
          "message": "Rollout and rollback are not defined.",
          "fix": "Define the rollout strategy and rollback criteria (service owner)."}],
     "summary": "Traceable and clear. Model version, rollout and monitoring thresholds are the main gaps."},
    {"scores": {"completeness": 6, "specificity": 6, "traceability": 7, "actionability": 6, "clarity": 7},
     "findings": [
         {"criterion": "traceability", "severity": "minor", "section": 2,
          "message": "The Medium risk level is a recommendation without an agreed assurance decision.",
          "fix": "Record the risk level agreed with the AI assurance board."},
         {"criterion": "actionability", "severity": "major", "section": 7,
          "message": "No alert thresholds for answer quality.",
          "fix": "Add warning and critical levels for accuracy and groundedness."}],
     "summary": "A sound first draft with honest gaps; thresholds, rollout and cost figures need owners' input."},
]


def rubric_reply(index: int) -> dict[str, Any]:
    return {
        "id": f"msg_01EvalRubric{index + 1:02d}", "type": "message", "role": "assistant", "model": MODEL,
        "content": [{"type": "tool_use", "id": f"toolu_01RubricReview{index + 1:02d}", "name": "RubricReview",
                     "input": RUBRIC_REVIEWS[index]}],
        "stop_reason": "tool_use", "stop_sequence": None,
        "usage": {"input_tokens": 9850 + 11 * index, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                  "output_tokens": 412 + 23 * index, "service_tier": "standard"},
    }

"""The request and the hand-written reply behind tests/cassettes/drafting/anthropic_draft_section.yaml.

Re-create the cassette after a change to the draft_section prompt, the section schema or the engine:

    python tests/drafting/draft_cassette.py

It runs `generate_section` for section 7 through the real `AnthropicProvider` and the real guardrails gate
over an `httpx2.MockTransport` that answers with `RESPONSE` (written by hand in the Messages API wire
format: a forced `tool_use` block, `stop_reason: tool_use`, a usage object with a cache write), and writes
the captured request and that response in the project's readable cassette format. No key is used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CASSETTE = ROOT / "tests" / "cassettes" / "drafting" / "anthropic_draft_section.yaml"
FACTS_CASSETTE = ROOT / "tests" / "cassettes" / "drafting" / "anthropic_draft_section_facts.yaml"
DELIMITER = "EVIDENCE-cassette"
# A requirements document written for this test in ArcKit's style; its NFR-P-001 clause is the same text as the
# in-memory corpus's chunk, so the fact resolves to that chunk's ID.
FACTS_DOCUMENT = (
    "# Requirements\n\n## Document Control\n\n| Field | Value |\n|---|---|\n| **Document ID** | ARC-001-REQ-v1.0 |\n"
    "| **Classification** | OFFICIAL |\n\n## Performance\n\n#### NFR-P-001: Claims API latency\n\n"
    "NFR-P-001: Scoring shall complete within 300 ms at p99 latency for the claims API.\n\n"
    "## Objectives\n\n- The service will reduce manual review costs by £200K annually.\n"
)
FACTS_RESPONSE: dict[str, Any] = {
    "id": "msg_01DraftSection6Facts",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [{
        "type": "tool_use",
        "id": "toolu_01SectionDraft6",
        "name": "SectionDraft",
        "input": {
            "section": 6,
            "content": {
                "performance_requirements": [{"metric": "Latency (p99)", "target": "≤ 300 ms",
                                              "provenance": {"evidence": ["NFR-P-001"]}}],
                "open_questions": [{"question": "What throughput must the claims API sustain? (service owner)",
                                    "topic": "Performance Requirements"}],
            },
        },
    }],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 2410, "cache_creation_input_tokens": 1630, "cache_read_input_tokens": 0,
              "output_tokens": 118, "service_tier": "standard"},
}

RESPONSE: dict[str, Any] = {
    "id": "msg_01DraftSection7Monitoring",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [{
        "type": "tool_use",
        "id": "toolu_01SectionDraft7",
        "name": "SectionDraft",
        "input": {
            "section": 7,
            "content": {
                "data_drift": [{"feature_group": "All scoring features", "method": "Population stability index",
                                "threshold": "PSI > 0.2", "action": "Alert the ML lead",
                                "provenance": {"evidence": ["FR-007"]}}],
                "performance_metrics": [{"metric": "Precision", "baseline": "92%", "window": "7 days rolling",
                                         "provenance": {"evidence": ["FR-007"]}}],
                "open_questions": [{"question": "What precision must the fraud model keep before an alert is raised? (ML lead)",
                                    "topic": "Performance Metrics"}],
            },
        },
    }],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 2875, "cache_creation_input_tokens": 1630, "cache_read_input_tokens": 0,
              "output_tokens": 241, "service_tier": "standard"},
}


def context(provider: Any) -> Any:
    """The fixed draft context of the cassette (fixed delimiter, in-memory evidence, OFFICIAL project)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from drafting_data import MemoryRetriever

    from assistant.drafting.evidence import EvidencePool, retrieve_for_section
    from assistant.drafting.sections import DraftContext, ProjectFacts
    from assistant.llm import RequestContext

    evidence = retrieve_for_section(7, "fraud", retriever=MemoryRetriever())
    facts = ProjectFacts(key="fraud", project_id="001", name="Benefit Fraud Triage", classification="OFFICIAL",
                         markings=("OFFICIAL",))
    ctx = DraftContext(facts=facts, provider=provider, pool=EvidencePool().add(evidence), delimiter=DELIMITER,
                       context=RequestContext.of(facts.markings, project_key="fraud"))
    return ctx, evidence


def facts_context(provider: Any) -> Any:
    """The cassette's context for section 6, with the project facts read from `FACTS_DOCUMENT`."""
    from assistant.drafting.evidence import retrieve_for_section
    from assistant.facts import extract_document_facts, merge

    ctx, _ = context(provider)
    sys.path.insert(0, str(Path(__file__).parent))
    from drafting_data import MemoryRetriever

    evidence = retrieve_for_section(6, "fraud", retriever=MemoryRetriever())
    ctx.pool.add(evidence)
    ctx.project_facts = merge([extract_document_facts(FACTS_DOCUMENT, "requirements.md")], "fraud")
    return ctx, evidence


def capture(number: int = 7, response: dict[str, Any] | None = None) -> dict[str, Any]:
    import httpx2
    from anthropic import Anthropic

    from assistant.drafting.sections import generate_section
    from assistant.llm import RetryPolicy, get_provider
    from assistant.strategy import Strategy

    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request)
        return httpx2.Response(200, json=response or RESPONSE, headers={"content-type": "application/json"})

    client = Anthropic(api_key="never-written", max_retries=0,
                       http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    provider = get_provider("anthropic", client=client, retry=RetryPolicy(max_retries=0))
    ctx, evidence = context(provider) if number == 7 else facts_context(provider)
    generate_section(ctx, number, Strategy.new("001", "Benefit Fraud Triage"), evidence)
    request = seen[0]
    return {"method": request.method, "uri": str(request.url), "body": json.loads(request.content)}


def write() -> None:
    import yaml

    for number, response, path, what in (
            (7, RESPONSE, CASSETTE, "draft_section for section 7"),
            (6, FACTS_RESPONSE, FACTS_CASSETTE, "draft_section (1.1.0 on: with project facts) for section 6")):
        request = capture(number, response)
        data = {"interactions": [{
            "request": {"method": request["method"], "uri": request["uri"],
                        "headers": {"host": ["api.anthropic.com"], "accept": ["application/json"],
                                    "content-type": ["application/json"]},
                        "body": {"json": request["body"]}},
            "response": {"status": {"code": 200, "message": "OK"},
                         "headers": {"content-type": ["application/json"]}, "body": {"json": response}},
        }], "version": 1}
        header = (f"# {what} through the Anthropic Messages API: one forced SectionDraft tool,\n"
                  "# the shared draft context as a cached system block. Hand-written reply, captured request:\n"
                  "# see tests/cassettes/README.md (drafting/) and tests/drafting/draft_cassette.py.\n")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    write()

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
DELIMITER = "EVIDENCE-cassette"

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


def capture() -> dict[str, Any]:
    import httpx2
    from anthropic import Anthropic

    from assistant.drafting.sections import generate_section
    from assistant.llm import RetryPolicy, get_provider
    from assistant.strategy import Strategy

    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request)
        return httpx2.Response(200, json=RESPONSE, headers={"content-type": "application/json"})

    client = Anthropic(api_key="never-written", max_retries=0,
                       http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    provider = get_provider("anthropic", client=client, retry=RetryPolicy(max_retries=0))
    ctx, evidence = context(provider)
    generate_section(ctx, 7, Strategy.new("001", "Benefit Fraud Triage"), evidence)
    request = seen[0]
    return {"method": request.method, "uri": str(request.url), "body": json.loads(request.content)}


def write() -> None:
    import yaml

    request = capture()
    data = {"interactions": [{
        "request": {"method": request["method"], "uri": request["uri"],
                    "headers": {"host": ["api.anthropic.com"], "accept": ["application/json"],
                                "content-type": ["application/json"]},
                    "body": {"json": request["body"]}},
        "response": {"status": {"code": 200, "message": "OK"},
                     "headers": {"content-type": ["application/json"]}, "body": {"json": RESPONSE}},
    }], "version": 1}
    header = ("# draft_section for section 7 through the Anthropic Messages API: one forced SectionDraft tool,\n"
              "# the shared draft context as a cached system block. Hand-written reply, captured request:\n"
              "# see tests/cassettes/README.md (drafting/) and tests/drafting/draft_cassette.py.\n")
    CASSETTE.parent.mkdir(parents=True, exist_ok=True)
    CASSETTE.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    print(f"wrote {CASSETTE}")


if __name__ == "__main__":
    write()

"""Writes tests/cassettes/evals/citizen-genai.yaml: captured requests, hand-written replies.

    python tests/evaluation/replay_cassettes.py

Runs the eval harness on the `citizen-genai` case with the real `AnthropicProvider` and the real
guardrails gate over an `httpx2.MockTransport` that answers each structured call from
`replay_replies.py` (the section asked for, or the next rubric grading), then writes every request
as it was sent and its reply in the project's readable cassette format. No key is used or written
(the client gets a placeholder in memory; no auth header is stored).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FOLDER = ROOT / "tests" / "cassettes" / "evals"
CASE_ID = "citizen-genai"
RUBRIC_REPEATS = 3


def capture() -> list[dict[str, Any]]:
    import httpx2
    from anthropic import Anthropic

    sys.path.insert(0, str(HERE))
    from replay_replies import rubric_reply, section_reply

    from assistant.evaluation.cases import load_cases
    from assistant.evaluation.harness import run_suite
    from assistant.evaluation.replay import call_key
    from assistant.evaluation.runner import ProviderSetup
    from assistant.llm import RetryPolicy, get_provider

    interactions: list[dict[str, Any]] = []
    rubric_runs = 0

    def handler(request: Any) -> Any:
        nonlocal rubric_runs
        tool, section = call_key(request.content)
        if tool == "SectionDraft" and section is not None:
            first = not any(i["tool"] == "SectionDraft" for i in interactions)
            reply = section_reply(section, first=first)
        elif tool == "RubricReview":
            reply = rubric_reply(rubric_runs)
            rubric_runs += 1
        else:
            raise AssertionError(f"unexpected call {tool} {section}")
        interactions.append({"tool": tool, "request": {"method": request.method, "uri": str(request.url),
                                                        "body": json.loads(request.content)}, "reply": reply})
        return httpx2.Response(200, json=reply, headers={"content-type": "application/json"})

    def factory(name: str | None) -> Any:
        assert name == "anthropic", name
        client = Anthropic(api_key="never-written", max_retries=0,
                           http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
        return get_provider("anthropic", client=client, retry=RetryPolicy(max_retries=0))

    cases = [c for c in load_cases() if c.id == CASE_ID]
    report = run_suite(cases=cases, provider="anthropic", with_suite_metrics=False,
                       setup=ProviderSetup(factory=factory, rubric_repeats=RUBRIC_REPEATS, concurrency=1))
    case = report.cases[0]
    assert case.error is None, case.error
    return interactions


def write() -> Path:
    import yaml

    out = []
    for item in capture():
        req = item["request"]
        out.append({
            "request": {"method": req["method"], "uri": req["uri"],
                        "headers": {"host": ["api.anthropic.com"], "accept": ["application/json"],
                                    "content-type": ["application/json"]},
                        "body": {"json": req["body"]}},
            "response": {"status": {"code": 200, "message": "OK"}, "headers": {"content-type": ["application/json"]},
                         "body": {"json": item["reply"]}},
        })
    header = (f"# Eval replay for case {CASE_ID}: every section through the one forced SectionDraft tool, then the\n"
              f"# review rubric {RUBRIC_REPEATS} times. Captured requests, HAND-WRITTEN replies (not a live model):\n"
              "# see tests/cassettes/README.md (evals/) and tests/evaluation/replay_replies.py.\n")
    FOLDER.mkdir(parents=True, exist_ok=True)
    target = FOLDER / f"{CASE_ID}.yaml"
    target.write_text(header + yaml.safe_dump({"interactions": out, "version": 1}, sort_keys=False,
                                              allow_unicode=True, width=120), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"wrote {write()}")

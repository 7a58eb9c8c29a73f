"""The `replay` suite: the real Anthropic provider class, its HTTP answered from vcrpy cassettes.

citizen-genai is drafted section by section and graded by the rubric three times from
tests/cassettes/evals/citizen-genai.yaml (captured requests, hand-written replies: see
tests/cassettes/README.md); secret-external must be blocked by the classification policy with no
connection attempted and no cassette at all. The scores measure the pipeline on those replies, not a model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.evaluation.harness import run_suite
from assistant.evaluation.replay import call_key
from assistant.evaluation.report import Report, to_markdown
from assistant.evaluation.thresholds import Thresholds

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes" / "evals"


@pytest.fixture(scope="module")
def report() -> Report:
    return run_suite("replay", provider="anthropic", replay=CASSETTES, with_suite_metrics=False,
                     thresholds=Thresholds())


def test_citizen_genai_is_drafted_from_the_cassette(report: Report) -> None:
    case = next(c for c in report.cases if c.id == "citizen-genai")
    assert case.error is None
    assert report.provider == "anthropic" and report.model == "claude-sonnet-4-6"
    assert report.replay == str(CASSETTES)
    usage = case.usage
    assert usage["calls"] == 15 and usage["cache_write_tokens"] > 0 and usage["cache_read_tokens"] > 0
    for name in ("structure", "fact_recall", "traceability", "compliance"):
        assert case.score(name) == 1.0, (name, [s for s in case.scores if s.name == name])


def test_the_rubric_reports_mean_and_spread(report: Report) -> None:
    case = next(c for c in report.cases if c.id == "citizen-genai")
    assert set(case.rubric) == {"completeness", "specificity", "traceability", "actionability", "clarity"}
    traceability = case.rubric["traceability"]
    assert traceability["n"] == 3 and traceability["mean"] == pytest.approx(23 / 3, abs=0.01)
    assert (traceability["min"], traceability["max"], traceability["spread"]) == (7, 8, 1)
    assert case.score("rubric_traceability") == pytest.approx(0.767, abs=0.001)
    assert case.usage["rubric"]["calls"] == 3
    text = to_markdown(report)
    assert "## Model-graded rubric" in text and "| citizen-genai | 6.3 ± 1 (n=3)" in text
    assert "not a live model" in text


def test_secret_external_is_blocked_before_any_connection(report: Report) -> None:
    case = next(c for c in report.cases if c.id == "secret-external")
    assert case.score("guardrails") == 1.0, [s.detail for s in case.scores if s.name == "guardrails"]
    assert case.error and "blocked" in case.error.lower() and "SECRET" in case.error
    assert not case.rubric  # nothing was drafted, nothing is graded


def test_the_cassette_holds_no_key_and_real_wire_format() -> None:
    text = (CASSETTES / "citizen-genai.yaml").read_text(encoding="utf-8")
    assert "x-api-key" not in text.lower() and "authorization" not in text.lower() and "never-written" not in text
    data = yaml.safe_load(text)
    keys = [call_key(__import__("json").dumps(i["request"]["body"]["json"])) for i in data["interactions"]]
    assert sorted(n for tool, n in keys if tool == "SectionDraft") == list(range(1, 16))
    assert [tool for tool, _ in keys].count("RubricReview") == 3
    for item in data["interactions"]:
        body = item["response"]["body"]["json"]
        assert body["stop_reason"] == "tool_use" and body["content"][0]["type"] == "tool_use"
        assert {"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"} <= set(body["usage"])


def test_call_keys() -> None:
    body = '{"tool_choice": {"type": "tool", "name": "SectionDraft"}, "messages": [{"role": "user", "content": "Draft section 7: Model Monitoring."}]}'
    assert call_key(body) == ("SectionDraft", 7)
    assert call_key('{"tool_choice": {"type": "tool", "name": "RubricReview"}, "messages": []}') == ("RubricReview", None)
    assert call_key(b"not json") == (None, None)

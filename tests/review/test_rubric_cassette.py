"""Model-graded review through the Anthropic provider, replayed from tests/cassettes/review/ (offline)."""

from __future__ import annotations

import importlib.util
import json

import pytest
import vcr

from assistant.llm import RetryPolicy, get_provider
from assistant.review import render_report, review_strategy

from review_paths import CASSETTES, ROOT
from rubric_fixture import rubric_strategy

_spec = importlib.util.spec_from_file_location("llm_cassettes", ROOT / "tests" / "llm" / "conftest.py")
_llm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_llm)  # the project's readable cassette format (JSON bodies as mappings)


def _vcr() -> vcr.VCR:
    # Matched on method and URL, not on the body: the body is the rendered strategy, which other packages
    # change; what we send is asserted below on the request the replay received.
    v = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none",
                filter_headers=_llm.FILTERED_REQUEST_HEADERS, match_on=["method", "scheme", "host", "port", "path"])
    v.register_serializer("jsonbody", _llm.JsonBodySerializer)
    return v


def test_rubric_review_from_cassette() -> None:
    provider = get_provider("anthropic", api_key="test-key", retry=RetryPolicy(max_retries=0))
    with _vcr().use_cassette("anthropic_review_rubric.yaml", serializer="jsonbody") as cassette:
        report = review_strategy(rubric_strategy(), provider=provider)
    assert cassette.play_count == 1
    sent = json.loads(cassette.requests[0].body)
    assert sent["tool_choice"] == {"type": "tool", "name": "RubricReview"}
    assert "completeness" in sent["system"] and "<document-" in sent["messages"][0]["content"]
    for header in ("x-api-key", "authorization"):
        assert header not in {k.lower() for k in cassette.requests[0].headers}

    s = report.summary
    assert s.rubric is not None and s.rubric.specificity == 2 and s.rubric.mean == pytest.approx(3.2)
    assert s.rubric_prompt == "review_rubric@1.0.0" and s.rubric_provider.startswith("anthropic")
    rubric = [f for f in report.findings if f.rule.startswith("rubric-")]
    assert [(f.rule, f.severity, f.section) for f in rubric] == [
        ("rubric-traceability", "blocking", 15), ("rubric-specificity", "major", 7), ("rubric-clarity", "minor", None)]
    assert all(not f.fixable and f.fix for f in rubric)
    # Deterministic rules ran too, and the Markdown report shows the scores.
    assert any(f.rule == "high-risk-ethics-approval" for f in report.findings) is False  # Strategy.new has the row
    assert "| Specificity | 2/10 |" in render_report(report)


def test_rubric_is_skipped_when_policy_forbids_sending(example) -> None:  # noqa: ANN001
    # The example is OFFICIAL-SENSITIVE: the default policy names no external provider for it.
    provider = get_provider("anthropic", api_key="test-key", retry=RetryPolicy(max_retries=0))
    with _vcr().use_cassette("anthropic_review_rubric.yaml", serializer="jsonbody") as cassette:
        report = review_strategy(example, provider=provider)
    assert cassette.play_count == 0
    assert report.summary.rubric is None
    assert any("rubric skipped" in n and "OFFICIAL-SENSITIVE" in n for n in report.summary.notes)


def test_offline_provider_gives_a_deterministic_review(example) -> None:  # noqa: ANN001
    report = review_strategy(example, provider="offline")
    assert report.summary.rubric is None and any("does not generate" in n for n in report.summary.notes)

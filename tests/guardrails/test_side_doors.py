"""Issue 17, probes 2 and 3: classified text must not reach an external endpoint by a side door.

Each test points an external provider at a real TCP listener on 127.0.0.1 and asserts that zero bytes
arrived when the gate must block; a control test shows the same path does deliver bytes when allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.errors import AssistantError, PolicyBlockedError
from assistant.llm import RequestContext, RetryPolicy
from assistant.llm.openai_provider import OpenAIProvider
from assistant.workspace import DocumentRecord, get_workspace
from tests.guardrails.listener import Listener

ROOT = Path(__file__).resolve().parents[2] / "assistant"


def _provider(listener: Listener) -> OpenAIProvider:
    # "openai" is an enterprise provider in the default policy: OFFICIAL may go to it, nothing above.
    return OpenAIProvider(api_key="sk-test-not-real", base_url=listener.url, kind="external",
                          retry=RetryPolicy(max_retries=0))


def _project_with_secret_document(key: str = "side-door") -> str:
    ws = get_workspace()
    ws.create_project("Side door", key=key, classification="OFFICIAL")
    ws.add_document(key, DocumentRecord(id="doc1", filename="banner.docx", content_hash="x" * 64,
                                        markings=["OFFICIAL", "SECRET"]))
    return key


def _strategy(classification: str = "OFFICIAL"):  # type: ignore[no-untyped-def]
    from assistant.strategy.defaults import new_strategy
    from assistant.strategy.enums import Classification

    return new_strategy("001", "Side door", Classification(classification))


@pytest.mark.parametrize("message", [
    "Message: SECRET//UK EYES ONLY: the site list follows.",
    "Question: what does TOP SECRET UK EYES ONLY mean for the plan below?",
    "User said: (S) the convoy leaves at dawn.",
    "Here is the note.\nNote text: secret: the location of the depot.",
])
def test_marking_after_a_template_prefix_is_blocked(message: str) -> None:
    with Listener() as listener, pytest.raises(PolicyBlockedError):
        _provider(listener).stream([{"role": "user", "content": message}])
    assert listener.received == b""


def test_control_an_allowed_request_reaches_the_listener() -> None:
    with Listener() as listener, pytest.raises(AssistantError):  # the listener answers 500
        list(_provider(listener).stream([{"role": "user", "content": "Message: summarise the plan."}]))
    assert len(listener.received) > 0


def test_project_documents_markings_count_on_any_call_with_a_project() -> None:
    key = _project_with_secret_document()
    with Listener() as listener, pytest.raises(PolicyBlockedError, match="SECRET"):
        _provider(listener).stream([{"role": "user", "content": "Draft section 2."}],
                                   context=RequestContext.of([], project_key=key))
    assert listener.received == b""


def test_review_rubric_uses_the_projects_document_markings() -> None:
    from assistant.review.rubric import rubric_review

    key = _project_with_secret_document()
    with Listener() as listener, pytest.raises(PolicyBlockedError, match="SECRET"):
        rubric_review(_strategy("OFFICIAL"), _provider(listener), project_key=key)
    assert listener.received == b""


def test_review_rubric_uses_the_markings_of_requirements_it_sends() -> None:
    from assistant.review.requirements import Requirement, RequirementSet
    from assistant.review.rubric import rubric_review

    requirements = RequirementSet(markings=["SECRET"])
    requirements.add(Requirement(id="FR-001", statement="The system shall rank claims.", source="req.docx"))
    with Listener() as listener, pytest.raises(PolicyBlockedError):
        rubric_review(_strategy("OFFICIAL"), _provider(listener), requirements=requirements)
    assert listener.received == b""


def test_review_strategy_with_a_project_skips_the_rubric_and_sends_nothing() -> None:
    from assistant.review import review_strategy

    key = _project_with_secret_document()
    with Listener() as listener:
        report = review_strategy(_strategy("OFFICIAL"), provider=_provider(listener), project_key=key)
    assert listener.received == b""
    assert any("Blocked" in note for note in report.summary.notes)


def test_eval_rubric_grading_uses_the_projects_markings() -> None:
    from assistant.evaluation.rubric import grade

    key = _project_with_secret_document()
    with Listener() as listener:
        runs, errors, _ = grade(_strategy("OFFICIAL"), _provider(listener), key, 1)
    assert listener.received == b"" and runs == [] and "SECRET" in errors[0]


def _provider_calls() -> list[tuple[str, int, ast.Call]]:
    calls = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.parts[-2] == "llm":
            continue  # the provider layer itself (definitions, the cache wrapper forwarding its arguments)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"stream", "generate_structured"}):
                calls.append((str(path.relative_to(ROOT)), node.lineno, node))
    return calls


def test_every_provider_call_site_hands_the_gate_a_context() -> None:
    """Walk every call of the provider layer: each passes `context=` (markings and project), never None."""
    calls = _provider_calls()
    assert len(calls) >= 5  # draft, revise, chat route, chat answer, review rubric
    missing = [f"{where}:{line}" for where, line, call in calls
               if not any(k.arg == "context" and not (isinstance(k.value, ast.Constant) and k.value.value is None)
                          for k in call.keywords)]
    assert missing == []


def test_every_request_context_carries_the_project_when_one_is_known() -> None:
    """Every place that builds a RequestContext outside the LLM layer names the project (or its requirements')."""
    builders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.parts[-2] == "llm":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (
                    isinstance(node.func, ast.Attribute) and node.func.attr == "of"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "RequestContext"
                    or isinstance(node.func, ast.Name) and node.func.id == "RequestContext"):
                builders.append((str(path.relative_to(ROOT)), node.lineno,
                                 any(k.arg == "project_key" for k in node.keywords)))
    assert builders and all(has for _, _, has in builders), builders


def test_names_in_prose_and_street_addresses_never_reach_an_external_provider() -> None:
    """Probe 5: a name without a title or label, and a street address, are replaced before sending."""
    message = ("The complaint came from Bethan Griffiths, who lives at 14 Mill Lane, Harrogate HG1 2AB; "
               "Tom Okafor reviewed it and Priyanka Patel signed it off.")
    with Listener() as listener, pytest.raises(AssistantError):  # the listener answers 500
        list(_provider(listener).stream([{"role": "user", "content": message}]))
    sent = listener.received.decode("utf-8", "replace")
    assert sent  # it did go out (OFFICIAL to an enterprise provider), redacted
    for value in ("Bethan", "Griffiths", "Mill Lane", "Harrogate", "Okafor", "Priyanka", "Patel"):
        assert value not in sent
    assert "[PERSON_1]" in sent and "[ADDRESS_1]" in sent


def test_a_document_marked_only_in_its_even_page_header_keeps_its_project_offline(
        tmp_path: Path, plain_screen: None) -> None:
    """Probe 1 end to end: ingest, then any provider call for the project sends nothing."""
    import docx

    from assistant.ingest import ingest_paths

    document = docx.Document()
    document.add_paragraph("FR-001: The service shall rank claims by risk.")
    document.settings.odd_and_even_pages_header_footer = True
    document.sections[0].even_page_header.paragraphs[0].text = "SECRET"
    path = tmp_path / "claims.docx"
    document.save(str(path))
    get_workspace().create_project("Even page", key="even-page", classification="OFFICIAL")
    (result,) = ingest_paths([path], "even-page")
    assert "SECRET" in result.markings
    with Listener() as listener, pytest.raises(PolicyBlockedError, match="SECRET"):
        _provider(listener).stream([{"role": "user", "content": "Summarise FR-001."}],
                                   context=RequestContext.of(["OFFICIAL"], project_key="even-page"))
    assert listener.received == b""

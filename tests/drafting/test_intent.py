"""The intent router reads the whole utterance: questions stay questions, requests act, fragments are unclear."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.drafting.intent import ROUTE_INTENTS, find_sections, repair_slips, route

DEV = Path(__file__).resolve().parents[2] / "evals" / "data" / "chat" / "intents_dev.yaml"


@pytest.mark.parametrize(("text", "intent", "sections"), [
    ("Which requirement covers bias testing or bias assessment before deployment?", "ask", None),
    ("How should we export the strategy to Word?", "ask", None),
    ("What threshold did you put for drift?", "ask", None),
    ("show me section 7", "show", [7]),
    ("give me an outline", "outline", []),
    ("make the drift thresholds stricter in section 7", "revise", [7]),
    ("draft section 7", "draft", [7]),
    ("can you draft section 7?", "draft", [7]),
    ("review this", "review", []),
    ("export", "export", []),
    ("section 7", "unclear", None),
    ("Draft section 7. Why was it empty before?", "draft", [7]),
    ("Before you draft section 7, what does FR-007 say?", "ask", None),
])
def test_route(text: str, intent: str, sections: list[int] | None) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason
    if sections is not None:
        assert decided.sections == sections


@pytest.mark.parametrize(("text", "intent"), [
    # who is asked to act: the assistant acts, the user asks how, or the assistant gives a thing
    ("Could you put together the serving section?", "draft"),
    ("Can I rename a section myself?", "ask"),
    ("How do I turn the strategy into a PDF?", "ask"),
    ("Can I have the JSON?", "export"),
    ("Could we look at the drift section once more?", "show"),
    # a light verb takes its act from its object
    ("Give the governance section a critical look.", "review"),
    ("Let me have a rough plan before you write anything.", "outline"),
    ("Run a sanity check on section 4.", "review"),
    # negated or cancelled acts are dropped
    ("Not the review yet. Write section 2 first.", "draft"),
    ("hold off on exporting, display section 6", "show"),
    ("don't draft anything, just propose the headings", "outline"),
    # questions that hold command words are answered; questions about the draft's quality are reviews
    ("Should the export include the appendix?", "ask"),
    ("Would the governance section stand up to an assurance board?", "review"),
    ("What would you cover under serving?", "outline"),
    # acts with no object, and fragments, are asked back
    ("sort it", "unclear"),
    ("redo that", "unclear"),
    ("what now", "unclear"),
    ("and section 4?", "unclear"),
    ("State the RPO and RTO.", "ask"),  # an imperative that asks for a fact
])
def test_route_by_form_and_doer(text: str, intent: str) -> None:
    assert route(text).intent == intent, route(text).reason


def test_typing_slips_are_repaired_only_when_no_english_word() -> None:
    assert repair_slips("pls reveiw secton 4") == "pls review section 4"
    assert repair_slips("plain English in the plan") == "plain English in the plan"  # English words are kept
    assert route("drfat the costs secton").intent == "draft"


def test_unfamiliar_verb_goes_to_the_nearest_act_or_is_asked_back() -> None:
    decided = route("Could you bash out the registry section?")
    assert decided.intent == "draft" and decided.sections == [5], decided.reason
    assert route("frobnicate the widget").intent == "unclear"


def test_sections_in_words_numbers_and_ranges() -> None:
    assert find_sections("draft section seven") == [7]
    assert find_sections("draft sections 1 to 3") == [1, 2, 3]
    assert find_sections("write sections 6 and 7") == [6, 7]
    assert find_sections("draft the whole strategy") == []
    assert find_sections("draft 7") == [7]
    assert find_sections("raise the threshold 7%") == []


def test_dev_set_accuracy() -> None:
    """The development utterances (written with the router; a blind set is scored elsewhere)."""
    rows = yaml.safe_load(DEV.read_text("utf-8"))
    assert len(rows) >= 150 and {r[1] for r in rows} == set(ROUTE_INTENTS)
    wrong = [(text, route(text).intent, intent) for text, intent, _ in rows if route(text).intent != intent]
    assert len(wrong) / len(rows) <= 0.05, wrong


@pytest.mark.parametrize(("text", "intent", "sections"), [
    # a change named beside a draft shapes that draft; a scope phrase before a change is no act of its own
    ("write the registry section, add a promotion table", "draft", [5]),
    ("For section 5, change MLflow to SageMaker everywhere.", "revise", [5]),
    # "not X, Y": the thing wanted follows the rejected one
    ("not the export, just a review", "review", None),
    # a subordinate clause alone is context for the main clause
    ("After reviewing, lay out the headings for each section", "outline", None),
    # verbs that say something should happen but not what: ask back
    ("deal with the registry section", "unclear", None),
    ("please handle it", "unclear", None),
    # pronoun-only clauses and fragments
    ("do that", "unclear", None),
    ("and the others?", "unclear", None),
    # a participle after a light verb names the act; a bare number after a verb (and "me") names sections
    ("we need the costs section written up", "draft", [14]),
    ("could you show me 5 and 6?", "show", [5, 6]),
    ("QA the whole document", "review", None),
])
def test_route_general_rules(text: str, intent: str, sections: list[int] | None) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason
    if sections is not None:
        assert decided.sections == sections


@pytest.mark.parametrize(("text", "intent", "sections"), [
    # approving the outline and asking for the writing: "it" is the document the outline plans
    ("Great, that plan is fine. Now write it.", "draft", []),
    ("Structure agreed - please produce it", "draft", []),
    # a noun used as the review verb, and the nouns a review produces
    ("spot-check the governance section", "review", [11]),
    ("Can I have your findings on section 4?", "review", [4]),
    # the thing wanted named first, the reason after a comma
    ("Revised plan for section 5 please, the first one skipped the feature store", "outline", [5]),
    # what the assistant means to write, asked for before writing: the plan
    ("show us what you intend to include in section 9", "outline", [9]),
    ("Tell me what you'd cover under costs before you write anything", "outline", None),
    # practice in general is a question, not this strategy's plan
    ("What would you put in an incident runbook, in general terms?", "ask", None),
    ("Generally, what would you include in an incident runbook?", "ask", None),
    # sections named with no act: asked back
    ("section 4 and 6", "unclear", [4, 6]),
    ("sections 2 to 4", "unclear", [2, 3, 4]),
    ("sections 3 & 4", "unclear", [3, 4]),
    ("§2, §5", "unclear", None),
    # whether a thing can be done is asked by the user; getting a thing is a request
    ("Is it possible to rename a section?", "ask", None),
    ("Is it possible to get the draft as a Word file?", "export", None),
])
def test_route_approvals_plans_and_bare_sections(text: str, intent: str, sections: list[int] | None) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason
    if sections is not None:
        assert decided.sections == sections

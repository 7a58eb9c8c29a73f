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
    # a plural the word list holds only in the singular is English too: the docs a user sent are no "docx"
    assert repair_slips("write it up from the docs we sent") == "write it up from the docs we sent"
    assert route("build the complete strategy from the docs we sent over").intent == "draft"


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


@pytest.mark.parametrize(("text", "intent"), [
    # a verify verb with a clause after it confirms a fact; with a part of the draft as its object it reviews
    ("Could you verify whether FR-021 asks for weekly or monthly retraining?", "ask"),
    ("Please confirm that the DPIA names a retention period for audio recordings.", "ask"),
    ("check section 6 against the latency requirements", "review"),
    # the user's own check beside a question is context: the question is answered
    ("Which serving platform did you choose for the batch model? I need to double-check it before Friday.", "ask"),
    ("What does NFR-A-004 require? want to verify first", "ask"),
    # asking whether the draft has defects, or for the defects themselves, is a review
    ("Any inconsistencies between the serving and monitoring sections?", "review"),
    ("Is anything out of date in the costs section?", "review"),
    ("Did we leave out any models from the inventory?", "review"),
    ("List the omissions in section 3, please.", "review"),
    ("Tell me what's inconsistent or wrong in the governance section.", "review"),
    # ... but defects of the project's own documents are a question about them
    ("Are there any open issues listed in the requirements document?", "ask"),
    # a yes/no question judging a part of the draft against a bar reviews; one about a requirement asks
    ("Is the registry section complete enough for the assurance board?", "review"),
    ("Are the retraining triggers in section 8 consistent with what section 7 says?", "review"),
    ("Is NFR-P-002 a latency or a throughput requirement?", "ask"),
])
def test_questions_by_what_they_ask(text: str, intent: str) -> None:
    assert route(text).intent == intent, route(text).reason


@pytest.mark.parametrize(("text", "intent", "sections"), [
    # "could X be Y" about a part of the draft asks for a change; "should" asks for advice
    ("Can the budget table in section 14 be in euros?", "revise", [14]),
    ("Could section 9 be a bit shorter?", "revise", [9]),
    ("Should the drift threshold be 0.1 or 0.2 in general?", "ask", None),
    # seeing, reading or being reminded of the text shows it
    ("remind me what the monitoring section says", "show", [7]),
    ("Tell me exactly what section 12 contains.", "show", [12]),
    ("Can I see the full strategy?", "show", []),
    ("Bring the serving section up on screen, no edits.", "show", [6]),
    # a file name, a folder or a format exports, whatever the verb
    ("Save the strategy to strategy-final.docx", "export", None),
    ("write it all out to the shared folder as markdown", "export", None),
    ("dump the strategy into a PDF", "export", None),
    # a passive in another clause is not the act: the table of contents is the thing asked for
    ("I'd like a list of headings for each section, to check with my manager before anything is drafted.", "outline", None),
])
def test_revise_show_export_outline_classes(text: str, intent: str, sections: list[int] | None) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason
    if sections is not None:
        assert decided.sections == sections


@pytest.mark.parametrize(("text", "intent", "sections"), [
    # a request put as a condition
    ("I'd be really grateful if you could write section 4.", "draft", [4]),
    ("If you could knock up the costs section, that would be great.", "draft", [14]),
    ("what happens if you could not find a value?", "ask", None),
    # a statement with its own verb is not the thing named alone: the act beside it decides
    ("OK the structure is agreed. Go ahead and write the whole strategy.", "draft", []),
    ("Fine, I've signed off the plan; draft everything.", "draft", []),
    ("a fresh draft of section 10 please", "draft", [10]),
    # a lead-in before "and <verb>": the second verb acts
    ("get going and draft section 2", "draft", [2]),
    # a change named after "leave X alone except": the change, not a guess from the lead-in
    ("Leave section 3 alone except for one change: swap Feast for Tecton.", "revise", [3]),
    # "the same", "here", "too" name nothing: asked back
    ("do the same here too", "unclear", None),
])
def test_requests_statements_and_fragments(text: str, intent: str, sections: list[int] | None) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason
    if sections is not None:
        assert decided.sections == sections


def test_sections_from_abbreviations_runs_and_table_titles() -> None:
    assert find_sections("draft s3") == [3]
    assert find_sections("store the features in S3") != [3]  # not after an act verb: a bucket, not a section
    assert find_sections("write sections 2 through 4") == [2, 3, 4]
    assert find_sections("begin at section 2 and keep going through to 4") == [2]  # no "from": not a run
    assert find_sections("write from section 2 and keep going through to 4") == [2, 3, 4]
    assert find_sections("go through 10 and 11") == [10, 11]
    assert find_sections("open the latest draft of 12") == [12]
    assert find_sections("the staffing table in 14") == [14]
    assert find_sections("the table in 14 ms") == []  # a measurement, not a section
    assert find_sections("put FR-7 in the traceability table next to section 3") == [3, 15]


@pytest.mark.parametrize(("text", "intent"), [
    # the user's own check after a question, with a pronoun subject clause ("it matches")
    ("What latency target did you put in serving? I want to make sure it matches the SLA.", "ask"),
    # "make sure" as an instruction about the draft's content changes it
    ("make sure section 7 mentions PSI", "revise"),
    # where/what are the defects; what was left out
    ("where are the weak spots in the draft?", "review"),
    ("Have you left anything out of the data pipeline section?", "review"),
    # a modal question about what an explicit part of the draft should hold asks for a change, with or without "?"
    ("Could the approval workflow in section 5 include an ethics step?", "revise"),
    ("can section 3 mention Great Expectations for data checks", "revise"),
    # ... but about a product's capability it is a question
    ("Can the registry hold several versions?", "ask"),
])
def test_checks_defects_and_requested_content(text: str, intent: str) -> None:
    assert route(text).intent == intent, route(text).reason


@pytest.mark.parametrize(("text", "intent"), [
    ("Would a spend control panel sign this off?", "review"),
    ("How does the monitoring section look to you?", "review"),
    ("Section 2 should list MOD-004 too.", "revise"),
    ("the costs should include licences", "revise"),
    ("we should review it later", "unclear"),  # the user's own plan, no request
    ("What's your plan for the document?", "outline"),
    ("I'd appreciate a first draft of section 13.", "draft"),
    ("can you do it again but different", "unclear"),
])
def test_verdicts_should_statements_and_polite_requests(text: str, intent: str) -> None:
    assert route(text).intent == intent, route(text).reason


@pytest.mark.parametrize(("text", "intent"), [
    # a command verb leading in to a question about the project's documents: the question is what is asked
    ("Check for me: what retention does the DPIA give for case files?", "ask"),
    ("Review the business case quickly - what payback period does it state?", "ask"),
    ("could you review how often the bias audit has to happen?", "ask"),
    ("Show me which suppliers the market research shortlists.", "ask"),
    ("Show me the hosting cost in the cloud research.", "ask"),
    # ... but the draft named, or a judgement asked, keeps the act
    ("Check section 7: what drift threshold is missing?", "review"),
    ("Review the draft: which requirements have no trace row?", "review"),
    ("Show me what you've got for retraining.", "show"),
    ("show me the Document Control block", "show"),
    ("I've imported our old strategy; tell me what's wrong in it.", "review"),
    ("Draft section 6. What latency does NFR-P-1 set?", "draft"),
])
def test_a_verb_leading_in_to_a_question_about_the_documents_asks_it(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason


@pytest.mark.parametrize(("text", "intent"), [
    ("Assess: does the risk register name an owner for every AI risk?", "ask"),
    ("Show me the monthly hosting estimate from the cloud research doc", "ask"),
    ("check: are the thresholds right?", "review"),
    ("review: is the model catalog complete?", "review"),
])
def test_a_yes_no_question_after_a_lead_in_is_asked_unless_it_asks_a_judgement(text: str, intent: str) -> None:
    assert route(text).intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    # a draft of no section nor of the document, beside a question: the question is what is asked
    ("Draft me a line for the steering update - by what date is the bias baseline due, per the risk register?", "ask"),
    # the whole document, or a named section, is still drafted though a question follows
    ("Draft it all - and which sections will have open questions?", "draft"),
    ("Draft section 7. What latency does NFR-P-1 set?", "draft"),
])
def test_a_draft_of_nothing_named_beside_a_question_asks_it(text: str, intent: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.drafting import intent as router

    monkeypatch.setattr(router, "second_opinion", lambda _: None)  # the rules alone
    assert route(text).intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("Show me the RTO and RPO we committed to for disaster recovery.", "ask"),   # a figure, in no section named
    ("show me the scale target for tenants at GA + 12 months", "ask"),
    ("show me the drift thresholds in section 7", "show"),                       # a section named
    ("show me the revision history", "show"),                                    # a part of the draft
])
def test_a_figure_to_show_in_no_section_is_asked_about(text: str, intent: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.drafting import intent as router

    monkeypatch.setattr(router, "second_opinion", lambda _: None)  # the rules alone
    assert route(text).intent == intent


@pytest.mark.parametrize(("text", "intent", "sections"), [
    # an auxiliary no imperative opens with: a yes/no question, with or without its question mark
    ("has the model been red teamed according to the assessment", "ask", []),
    ("does anything in the requirements mention canary releases", "ask", []),
    ("is section 7 finished", "ask", [7]),
    ("do section 7", "draft", [7]),                                          # "do" opens an imperative
    # a statement with a gap for a quantity asks for it
    ("audit logs are kept for how many years", "ask", []),
    # a thing wanted as it stands is shown, and "don't touch it" cancels nothing but a change
    ("can I see the drift monitoring as drafted, don't change anything", "show", [7]),
    ("It would help to see the Model Inventory as it stands.", "show", [2]),
    ("we may tighten it later, but for now please just show me the Model Monitoring section as it is", "show", [7]),
    # a download the user asks to make is an export; one asked about ("or only ...") is a question
    ("Could I download the strategy in Word?", "export", []),
    ("Can I export to PDF, or only Markdown and Word?", "ask", []),
    ("can you give me a downloadable copy of the strategy", "export", []),
    # "the document control" is a part of the strategy to draft, not "the document" to export
    ("start drafting the document control and revision history", "draft", []),
    # bare numbers after an act verb, and a run after "sections,"
    ("generate 4, 5 and 9", "draft", [4, 5, 9]),
    ("now draft 12", "draft", [12]),
    ("write the remaining sections, 13 to 15", "draft", [13, 14, 15]),
    # a question about what our draft says names the section its topic points to
    ("what did we put under team structure?", "ask", [14]),
    ("does s.9 mention prompt versioning?", "ask", [9]),
    ("what is the drift threshold in FR-7?", "ask", []),
])
def test_yes_no_questions_shown_as_it_stands_downloads_and_bare_numbers(text: str, intent: str,
                                                                      sections: list[int]) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason
    assert decided.sections == sections


@pytest.mark.parametrize(("text", "intent"), [
    # a strategy of the project's other than ours is a document it was given: a figure checked there is asked
    ("can you check the deployment frequency target in the DevOps strategy?", "ask"),
    ("check the drift thresholds in our strategy", "review"),
    # a figure typed as a search is asked, however much a change request it looks like to the learned model
    ("ML-002 p99 inference latency", "ask"),
    ("peak concurrent sessions the portal must handle", "ask"),
    ("escalation rate in the FinOps strategy summary section", "ask"),
])
def test_figures_asked_of_project_documents(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason


@pytest.mark.parametrize(("text", "intent"), [
    # a name leads, not a verb: an acronym or an ID opening a search for a figure
    ("ICO breach reporting deadline in the DPIA", "ask"),
    ("TCoP score in the compliance assessment", "ask"),
    ("ML-004 retraining cadence in the requirements", "ask"),
    # "since when" and "as of when" open questions
    ("since when has the triage model been in production", "ask"),
    ("as of when does the new retention rule apply", "ask"),
    # a review verb that opens a compound noun ("audit trail") before a figure asks for the figure
    ("audit log volume expected per day", "ask"),
    ("audit trail retention for chat transcripts", "ask"),
    # ... but a review of the draft's own figures, or of their defects, reviews
    ("audit the drift thresholds", "review"),
    ("review the escalation rate target in section 12", "review"),
    ("audit the cost figures for mistakes", "review"),
    # the document a figure is "of" is a project document, whatever section title comes before it
    ("risk score in the summary section of the risk register", "ask"),
])
def test_names_compound_nouns_and_since_when_ask(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason


@pytest.mark.parametrize(("text", "intent"), [
    # keywords typed as a search, with a name among them, ask
    ("DPIA lawful basis special category", "ask"),
    ("FR-012 acceptance criteria", "ask"),
    ("ATRS tier rationale", "ask"),
    ("session timeout for contractor accounts", "ask"),
    # a sentence, or words that point back, stay unclear
    ("The DPO wants changes.", "unclear"),
    ("hmm, the thing from before", "unclear"),
    ("like the last one", "unclear"),
])
def test_keywords_typed_as_a_search_ask(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason


def test_what_you_have_written_is_shown() -> None:
    decided = route("could I see what you have written for the model registry?")
    assert (decided.intent, decided.sections) == ("show", [5]), decided.reason


@pytest.mark.parametrize(("text", "intent"), [
    # a place put first, then the request or question itself
    ("in Model Registry switch the platform to Vertex AI not SageMaker", "revise"),
    ("in section 9 drop the RAG rows, we do not retrieve anything", "revise"),
    # the place's own noun is not read as a verb ("draft" in "of our draft")
    ("In section 4 of our draft, which tracking tool did we choose?", "ask"),
    # an ID is a word of content: keywords with an ID are a search
    ("C-014 owner", "ask"),
    # a verb of setting about a task takes the task's act
    ("take a stab at reviewing the monitoring section", "review"),
    ("start writing section 2", "draft"),
])
def test_a_place_put_first_ids_as_content_and_tasks_set_about(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason


@pytest.mark.parametrize(("text", "intent"), [
    # a preposition before the question word opens a question
    ("at what point of the quota does a user get a warning", "ask"),
    ("by when must the records be archived", "ask"),
    ("in which region is the backup kept", "ask"),
    # a defect noun that modifies another noun names a figure, not a defect
    ("what is the monthly error budget for the public API?", "ask"),
    ("what is the issue date of the DPIA", "ask"),
    ("any errors in section 7?", "review"),
    ("what are the issues with the draft", "review"),
    # a period, or a sum invested, is a figure asked for
    ("notice period for the hosting contract", "ask"),
    ("investment set aside for the data platform theme in the roadmap", "ask"),
])
def test_questions_opened_by_a_preposition_and_defect_nouns_as_modifiers(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason


@pytest.mark.parametrize(("text", "intent"), [
    # a figure of a particular thing the documents name is looked up, though its topic is a section's
    ("Show me the projected yearly GCP cost for the beta rollout.", "ask"),
    ("show me the RPO agreed for the CRM replica", "ask"),
    # the section itself, or a figure of no particular thing, is shown
    ("show me the AI costs", "show"),
    ("show the Infrastructure Costs table", "show"),
    ("show me the drift thresholds", "show"),
])
def test_a_figure_of_a_named_thing_is_looked_up(text: str, intent: str) -> None:
    decided = route(text)
    assert decided.intent == intent, decided.reason

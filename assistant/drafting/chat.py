"""One chat turn, shared by the Streamlit app and `mlops-assistant chat`.

    for event in handle_turn("fraud-triage", "what does NFR-P-003 require?"):
        ...  # step | text | citations | section_saved | final | error

A turn is routed to ask | show | outline | draft | revise | review | export | unclear. Explicit commands
("/draft 7", "/draft all", "/revise 7 make thresholds stricter", "/review", "/export md") always win.
Otherwise the intent is read from the whole utterance (`intent.route`: questions that contain command
words stay questions); only when that finds nothing does a generative provider route with the
`route_intent` prompt. Answers carry numbered citations [1], [2] that resolve to document, page/heading
and a quoted snippet. The conversation is kept in the workspace, per project.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.config import get_settings
from assistant.documents.excerpts import excerpt
from assistant.documents.ids import find_requirement_ids
from assistant.drafting.answer_forms import answer_form
from assistant.drafting.answers import (
    about_draft,
    about_guidance,
    draft_passages,
    follow_on_answer,
    lead_answer,
    rank_passages,
    who_lead,
)
from assistant.drafting.engine import draft_document_events, project_facts, request_context, resolve_project
from assistant.drafting.evidence import DATA_DIR, Evidence, Retriever, default_retriever
from assistant.drafting.fact_answers import fact_answer
from assistant.drafting.intent import route as route_utterance
from assistant.drafting.outline_plan import quick_outline
from assistant.drafting.passage_rank import control_passages, project_passages, rank_for_question
from assistant.drafting.revision import revise_section
from assistant.errors import AssistantError, InvalidInputError
from assistant.guardrails.output import check_output
from assistant.llm import Provider, Usage, generation_record, get_provider
from assistant.prompts import get_prompt
from assistant.review import requirements_for_project, review_strategy
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.export import export
from assistant.strategy.render import render_markdown
from assistant.workspace import get_workspace

Intent = Literal["ask", "show", "outline", "draft", "revise", "review", "export", "unclear"]
INTENTS: tuple[str, ...] = ("ask", "show", "outline", "draft", "revise", "review", "export", "unclear")
ASK_K = 5
WHO_EXTRA = 4  # more passages a who-question looks through for the role asked
HISTORY_TURNS = 6


class ChatEvent(BaseModel):
    """kind: step (a visible step), text (an answer delta), citations, section_saved, final, error."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: Literal["step", "text", "citations", "section_saved", "final", "error"]
    text: str = ""
    data: dict[str, Any] = Field(default_factory=dict)


class Citation(BaseModel):
    """What `[n]` in an answer resolves to."""

    number: int
    chunk_id: str
    document: str
    page: int | None = None
    heading: str = ""
    snippet: str

    @property
    def where(self) -> str:
        out = self.document or "knowledge base"
        if self.page is not None:
            out += f", p.{self.page}"
        if self.heading:
            out += f", {self.heading}"
        return out


class IntentRoute(BaseModel):
    """Where a chat message goes: the intent, the sections it refers to, the export format."""

    intent: Intent
    sections: list[int] = Field(default_factory=list, description="Section numbers 1-15 the message refers to; empty for all or none")
    format: Literal["md", "docx", "json"] | None = None
    instruction: str | None = Field(default=None, description="For revise: the change asked for")
    confidence: float = Field(default=1.0, ge=0, le=1)


# ----- offline routing ----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def intent_data() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "intents.yaml").read_text("utf-8"))


def find_sections(text: str) -> list[int]:
    """Section numbers named in text: "section 7", "§7", "7 and 8", or words like "drift"."""
    low = text.casefold()
    found: list[int] = []
    for m in re.finditer(r"(?:section|sections|§|sec\.?)\s*(\d{1,2}(?:\s*(?:,|and|&|-)\s*\d{1,2})*)", low):
        found.extend(int(n) for n in re.findall(r"\d{1,2}", m.group(1)))
    if not found:
        for number, words in intent_data()["section_words"].items():
            if any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low) for w in words):
                found.append(int(number))
    return [n for n in dict.fromkeys(found) if 1 <= n <= 15]


def export_format(text: str) -> Literal["md", "docx", "json"]:
    low = text.casefold()
    for fmt, words in intent_data()["export_formats"].items():
        if any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low) for w in words):
            return fmt
    return "md"


def parse_command(message: str) -> IntentRoute | None:
    """`/draft 7`, `/draft all`, `/revise 7 make thresholds stricter`, `/review`, `/export md`."""
    text = message.strip()
    if not text.startswith("/"):
        return None
    head, _, rest = text.partition(" ")
    intent = intent_data()["commands"].get(head.casefold())
    if intent is None:
        raise InvalidInputError(f"unknown command {head!r}; use one of: {', '.join(intent_data()['commands'])}.")
    rest = rest.strip()
    if intent == "draft":
        sections = [] if rest.casefold() in ("", "all") else [int(n) for n in re.findall(r"\d{1,2}", rest)]
        return IntentRoute(intent="draft", sections=sections)
    if intent == "revise":
        m = re.match(r"(\d{1,2})\s+(.+)$", rest, re.S)
        if not m:
            raise InvalidInputError("usage: /revise N INSTRUCTION, e.g. /revise 7 make the drift thresholds stricter")
        return IntentRoute(intent="revise", sections=[int(m.group(1))], instruction=m.group(2).strip())
    if intent == "export":
        return IntentRoute(intent="export", format=export_format(rest) if rest else "md")
    if intent == "ask":
        return IntentRoute(intent="ask")
    return IntentRoute(intent=intent, sections=find_sections(rest))


def classify_offline(message: str, *, has_draft: bool) -> IntentRoute:
    """The intent read from the whole utterance (`intent.route`); a change asked of no draft drafts it."""
    decided = route_utterance(message)
    intent = decided.intent
    if intent == "revise" and not has_draft:
        intent = "draft"
    return IntentRoute(intent=intent, sections=decided.sections,
                       format=decided.format if intent == "export" else None,
                       instruction=decided.instruction if intent == "revise" else None,
                       confidence=0.5 if intent == "unclear" else 0.8)


def route(message: str, *, provider: Provider, has_draft: bool, context: Any = None) -> IntentRoute:
    """Commands first; then the model (route_intent) when generative, else the keyword classifier."""
    command = parse_command(message)
    if command is not None:
        return command
    decided_offline = classify_offline(message, has_draft=has_draft)
    if not provider.is_generative or decided_offline.intent != "unclear":
        return decided_offline

    rendered = get_prompt("route_intent").render(
        message=message, has_draft=str(has_draft).lower(),
        sections=[{"number": s.number, "title": s.title} for s in SECTIONS])
    try:
        result = provider.generate_structured(rendered.messages(), IntentRoute, system=rendered.system,
                                              max_tokens=300, context=context)
    except AssistantError:
        return decided_offline  # a routing failure must not lose the turn
    decided = result.value
    if decided.intent == "revise" and not decided.instruction:
        decided.instruction = message
    if decided.intent == "revise" and not has_draft:
        decided.intent = "draft"
    return decided


# ----- citations and extractive answers -----------------------------------------------------------
# Quoted excerpts (citations, the offline answer's quotes) end on a sentence, never a cut word: `excerpt`.
def snippet(text: str, limit: int = 240) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def citations_for(hits: list[Evidence]) -> list[Citation]:
    return [Citation(number=i, chunk_id=h.id, document=h.document, page=h.page, heading=h.heading,
                     snippet=excerpt(h.text, 240)) for i, h in enumerate(hits, start=1)]


def used_citations(answer: str, citations: list[Citation]) -> list[Citation]:
    """The citations an answer actually refers to ([2], [1][3]), in number order."""
    used = {int(n) for n in re.findall(r"\[(\d{1,2})\]", answer)}
    return [c for c in citations if c.number in used]


_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_STOP = frozenset(["a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i", "in", "is", "it", "its", "of", "on", "or", "our", "should", "that", "the", "their", "this", "to", "was", "we", "what", "when", "where", "which", "who", "will", "with", "would", "must", "may", "about", "say", "says", "require", "requires"])


def _terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 1}


def extractive_answer(question: str, hits: list[Evidence], lead: Any = None) -> str:
    """Offline: the answer first (the figure with its unit and subject, or the named requirement), then the
    quoted sentences it comes from, each with its citation and location. `lead`: an answer already found (from
    the facts layer) whose passage is among the hits."""
    if not hits:
        return ("I found nothing about that in this project's documents or the knowledge base. Upload the "
                "document that covers it, or ask the document's owner.")

    wanted = _terms(question)
    asked_ids = set(find_requirement_ids(question))
    lead = lead if lead is not None else lead_answer(question, hits)
    lines = []
    if lead is not None:
        number = hits.index(lead.evidence) + 1
        lines.append(f"{lead.lead} [{number}]")
        lines.append("")
    lines.append("Source (quoted, offline mode):" if lead is not None else "From the documents (quoted, offline mode):")
    quoted = 0
    also = {p.id for p in lead.also} if lead is not None else set()
    for number, hit in enumerate(hits[:max(3, 1 + len(also))], start=1):
        if lead is not None and hit is lead.evidence:
            best = lead.sentence
        elif hit.id in also:
            # another passage stating the same answer: its sentence that shares most with the answer's
            said = _terms(f"{lead.lead} {lead.sentence}")
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", hit.text) if s.strip()]
            best = max(sentences, key=lambda s: (len(said & _terms(s)), -len(s)), default=hit.text)
        elif asked_ids & set(hit.requirement_ids):
            best = hit.text  # the requirement asked about: quote it from its start (its statement)
        else:
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", hit.text) if s.strip()]
            # Most question terms first; among equals the fuller sentence ("Priority: MUST" says little).
            best = max(sentences, key=lambda s: (len(wanted & _terms(s)), len(_terms(s))), default=hit.text)
            if lead is not None and (quoted >= 2 or len(wanted & _terms(best)) < 2):
                continue  # the answer is given: only passages that also bear on it are quoted
        quoted += 1
        lines.append(f'- "{excerpt(best, 300)}" [{number}] ({hit.source})')
    return "\n".join(lines)


# ----- the turn -----------------------------------------------------------------------------------
def handle_turn(project: Any, message: str, *, provider: Provider | None = None,
                document_ids: Collection[str] | None = None, retriever: Retriever | None = None) -> Iterator[ChatEvent]:
    """Run one chat turn and stream its events; the user message and the reply are saved to the project."""
    if not message.strip():
        raise InvalidInputError("the message is empty.")
    record = resolve_project(project)
    facts = project_facts(record)
    ws = get_workspace()
    provider = provider or get_provider()
    history = ws.messages(facts.key, limit=HISTORY_TURNS)
    ws.add_message(facts.key, "user", message)
    context = request_context(facts)
    has_draft = ws.latest_draft(facts.key) is not None

    yield ChatEvent(kind="step", text="Routing")
    reply, citations, meta = "", [], {}
    try:
        decided = route(message, provider=provider, has_draft=has_draft, context=context)
        meta = {"intent": decided.intent, "sections": decided.sections, "provider": provider.name,
                "model": provider.model}
        handler = {"ask": _ask, "show": _show, "outline": _outline, "draft": _draft, "revise": _revise,
                   "review": _review, "export": _export, "unclear": _unclear}[decided.intent]
        state: dict[str, Any] = {}
        yield from handler(facts, message, decided, provider=provider, context=context, history=history,
                             document_ids=document_ids, retriever=retriever, state=state)
        reply = state.get("reply", "")
        citations = [c.model_dump() for c in state.get("citations", [])]
        meta.update(state.get("meta", {}))
    except AssistantError as exc:
        reply = f"I could not do that: {exc}"
        meta["error"] = str(exc)
        yield ChatEvent(kind="error", text=reply)
    saved = ws.add_message(facts.key, "assistant", reply, citations=citations, meta=meta)
    yield ChatEvent(kind="final", text=reply, data={"message": saved, "citations": citations, **meta})


def _search(message: str, project_key: str, retriever: Retriever | None,
            document_ids: Collection[str] | None, scope: str = "both") -> list[Evidence]:
    search = retriever or default_retriever()
    try:
        hits = search(message, project_key, ASK_K, scope=scope, document_ids=document_ids)
    except AssistantError:
        hits = []
    return [Evidence.from_hit(h) for h in hits]


def _ask(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
         document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    yield ChatEvent(kind="step", text="Retrieving")
    asks = split_asks(message) if not provider.is_generative and not about_draft(message) else [message]
    if len(asks) > 1:
        # Offline, each ask of a joined question ("which LLM, and through which service?") is answered on its
        # own; the answers follow one another with one numbering of their sources.
        hits: list[Evidence] = []
        texts: list[str] = []
        first: Any = None
        for part in asks:
            part_hits, lead = _retrieve(facts, part, provider=provider, document_ids=document_ids, retriever=retriever)
            # a later ask about the same thing is answered from the first answer's passage when that states it
            again = follow_on_answer(part, first.evidence) if first is not None else None
            if again is not None:
                lead = again
                part_hits = [again.evidence, *[h for h in part_hits if h.id != again.evidence.id]][:ASK_K]
            if first is None:
                first = lead or lead_answer(part, part_hits)
                if first is not None and first.evidence not in part_hits:
                    first = None
            numbers: dict[int, int] = {}
            for i, hit in enumerate(part_hits, start=1):
                if all(h.id != hit.id for h in hits):
                    hits.append(hit)
                numbers[i] = next(n for n, h in enumerate(hits, start=1) if h.id == hit.id)
            texts.append(_renumber(extractive_answer(part, part_hits, lead), numbers))
        cites = citations_for(hits)
        answer = leads_first(texts)
        yield ChatEvent(kind="text", text=answer)
    elif not provider.is_generative:
        hits, from_facts = _retrieve(facts, message, provider=provider, document_ids=document_ids, retriever=retriever)
        cites = citations_for(hits)
        answer = extractive_answer(message, hits, from_facts)
        yield ChatEvent(kind="text", text=answer)
    else:
        hits, _ = _retrieve(facts, message, provider=provider, document_ids=document_ids, retriever=retriever)
        cites = citations_for(hits)
        delimiter = f"PASSAGES-{secrets.token_hex(4)}"
        summary = " / ".join(f"{m.role}: {snippet(m.content, 160)}" for m in history[-4:]) or None
        rendered = get_prompt("answer_question").render(
            delimiter=delimiter, question=message, project_name=facts.name, conversation_summary=summary,
            passages=[{"number": c.number, "id": c.chunk_id, "source": h.source, "text": h.text}
                      for c, h in zip(cites, hits, strict=True)])
        yield ChatEvent(kind="step", text="Answering")
        stream = provider.stream(rendered.messages(), system=rendered.system, context=context)
        parts: list[str] = []
        for delta in stream:
            parts.append(delta)
            yield ChatEvent(kind="text", text=delta)
        answer = "".join(parts)
        yield ChatEvent(kind="step", text="Checking")
        issues = [i for i in check_output(answer, canary=delimiter) if i.check in ("secret", "canary", "unsafe_markup", "remote_image")]
        if issues:
            answer = "The answer was withheld by the output check: " + "; ".join(i.message for i in issues)
            yield ChatEvent(kind="error", text=answer)
        gen = generation_record(rendered, provider, stream.usage or _zero(), [c.chunk_id for c in cites], facts.key)
        get_workspace().audit(facts.key, "generation", {**gen.to_audit_event(), "intent": "ask"})
        state["meta"] = {"prompt": f"{gen.prompt_id}@{gen.prompt_version}"}
    # (a question about our draft is answered from the draft: the project's held-back passages are not its concern)
    note = _held_back_note(facts.key, message, document_ids) if retriever is None and not about_draft(message) else ""
    if note:
        answer = f"{answer}\n\n{note}"
        yield ChatEvent(kind="text", text=f"\n\n{note}")
    used = used_citations(answer, cites)
    state["reply"], state["citations"] = answer, used
    yield ChatEvent(kind="citations", data={"citations": [c.model_dump() for c in used]})


def _held_back_note(project_key: str, message: str, document_ids: Collection[str] | None) -> str:
    """A line saying which passages that match the question the injection screen held back (never their text):
    the answer above was given without them, and a person can read and release them."""
    # lazy: the real search loads only when a turn retrieves (tests pass an in-memory retriever and skip this)
    from assistant.retrieval.held_back import matching

    try:
        places = matching(message, project_key, ASK_K, document_ids=document_ids)
    except AssistantError:
        return ""  # the note is a courtesy: a failed look-up must not lose the answer
    if not places:
        return ""
    shown = "; ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
    return (f"Not read: {len(places)} matching passage(s) held back by the injection screen ({shown}). A person can "
            "read them and release those that are safe on the Documents page or with `mlops-assistant held-back "
            "list`.")


_SOURCES_HEADER = re.compile(r"(?m)^(?:Source \(quoted, offline mode\)|From the documents \(quoted, offline mode\)):\s*$")


def leads_first(texts: list[str]) -> str:
    """The answers to the asks of one question, each ask's answer first and the quoted sources of all after
    them: a reader sees every answer before any quotation."""
    leads: list[str] = []
    quotes: list[str] = []
    for text in texts:
        m = _SOURCES_HEADER.search(text)
        lead, rest = (text[:m.start()], text[m.end():]) if m else (text, "")
        if lead.strip():
            leads.append(lead.strip())
        quotes += [line for line in rest.strip().splitlines() if line.strip() and line not in quotes]
    if not leads:
        return "\n\n".join(texts)
    return "\n".join(leads) + ("\n\nSource (quoted, offline mode):\n" + "\n".join(quotes) if quotes else "")


def _renumber(text: str, numbers: dict[int, int]) -> str:
    """Citation markers [n] mapped to another numbering (n -> numbers[n])."""
    return re.sub(r"\[(\d{1,2})\]", lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", text)


_JOINED_ASK = re.compile(r"(?i),?\s+and\s+(?=(?:(?:through|via|by|from|in|for|on|with|to)\s+)?(?:how|which|what|where|when|who|whose)\b)")
_QUESTION_WORDS = re.compile(r"(?i)\b(how|often|which|what|where|when|who|whose|does|do|is|are|it|they|them|its|their)\b")


# Two figures asked together ("what are the RTO and RPO for X?"): each is stated on its own, so each is asked alone.
_PAIRED_METRICS = re.compile(r"(?i)^(?P<pre>.*?)\b(?P<a>rto|rpo|precision|recall|latency|availability|uptime|"
                             r"throughput|accuracy|p50|p95|p99)\s+(?:and|&|/)\s+(?P<b>rto|rpo|precision|recall|latency|"
                             r"availability|uptime|throughput|accuracy|p50|p95|p99)\b(?P<rest>.*)$")


def split_asks(question: str) -> list[str]:
    """A question that joins two asks ("How often is X run, and which groups does it test?", "what are the RTO and
    RPO?") as two questions; the second, which leans on the first ("it", "they"), carries the first's words as its
    subject."""
    paired = _PAIRED_METRICS.match(question)
    if paired and paired.group("a").casefold() != paired.group("b").casefold():
        pre, rest = paired.group("pre"), paired.group("rest")
        return [f"{pre}{paired.group('a')}{rest}", f"{pre}{paired.group('b')}{rest}"]
    parts = [p.strip(" ,?") for p in _JOINED_ASK.split(question) if p.strip(" ,?")]
    if len(parts) < 2:
        return [question]
    subject = re.sub(r"\s+", " ", _QUESTION_WORDS.sub(" ", parts[0])).strip()
    return [parts[0] + "?", *[f"{p}? ({subject})" for p in parts[1:]]]


def _retrieve(facts: Any, message: str, *, provider: Provider, document_ids: Collection[str] | None,
              retriever: Retriever | None) -> tuple[list[Evidence], Any]:
    """The passages a question is answered from, and (offline) the answer the facts layer gives, first."""
    hits: list[Evidence] = []
    from_facts = None
    guidance = about_guidance(message, facts.name or "")
    if about_draft(message):
        hits = _draft_hits(facts.key, message)
    elif not guidance and not provider.is_generative:
        # A figure, a requirement, the risk level or a model: the facts layer knows its subject and owner.
        from_facts = fact_answer(message, facts.key, document_ids)
    if not hits:
        # Guidance notes only when the question is about guidance; otherwise the project's own documents
        # (falling back to both when they say nothing).
        hits = _search(message, facts.key, retriever, document_ids, "both" if guidance else "project")
        if not hits:
            hits = _search(message, facts.key, retriever, document_ids, "both")
    if not provider.is_generative and not about_draft(message) and not guidance and hits:
        # Offline, the passage quoted is the answer: where the project states it comes before research,
        # options and the documents' descriptions of themselves, and inflections meet ("hosted"/"hosting").
        indexed = project_passages(facts.key, document_ids)
        ranked = rank_for_question(message, hits, indexed, ASK_K + WHO_EXTRA)
        hits = ranked[:ASK_K]
        if from_facts is None and answer_form(message) == "who":
            # the passage naming the role asked ("SRO: A. Person") may rank just below the ones sharing the
            # question's other words, or be a control row of the document named ("per the DPIA, who is the
            # data controller?"): a who-question looks a little further for it
            from_facts = who_lead(message, [*ranked, *control_passages(message, indexed[0])])
    if from_facts is not None:
        also = [p for p in from_facts.also if p.id != from_facts.evidence.id]
        rest = [h for h in hits if h.id != from_facts.evidence.id and all(h.id != p.id for p in also)]
        hits = [from_facts.evidence, *also, *rest][:max(ASK_K, 1 + len(also))]
    return hits, from_facts


def _draft_hits(project_key: str, message: str) -> list[Evidence]:
    """Passages of the latest draft that match the question (for questions about the draft)."""
    latest = get_workspace().latest_draft(project_key)
    if latest is None:
        return []
    strategy = Strategy.model_validate(latest.strategy)
    passages = draft_passages(render_markdown(strategy), f"{strategy.document_id} (draft v{latest.number})",
                              latest.number)
    return rank_passages(message, passages, ASK_K)


def _section_markdown(markdown: str, number: int) -> str:
    """The `## N. Title` section of a rendered strategy, up to the next H2."""
    m = re.search(rf"^## {number}\.\s.*?(?=^## |\Z)", markdown, re.M | re.S)
    return m.group(0).strip() if m else ""


def _show(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
          document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    latest = get_workspace().latest_draft(facts.key)
    wanted = ", ".join(map(str, decided.sections)) or "the draft"
    if latest is None:
        state["reply"] = (f"There is no draft yet, so nothing to show for section {wanted}. "
                          f"Say 'draft section {decided.sections[0] if decided.sections else 7}' or 'give me an "
                          "outline' to start.")
        yield ChatEvent(kind="text", text=state["reply"])
        return
    markdown = render_markdown(Strategy.model_validate(latest.strategy))
    if decided.sections:
        parts = [_section_markdown(markdown, n) or f"Section {n} is not in draft version {latest.number}."
                 for n in decided.sections]
        body = "\n\n".join(parts)
    else:
        body = markdown
    state["reply"] = f"Draft version {latest.number}:\n\n{body}"
    state["meta"] = {"version": latest.number}
    yield ChatEvent(kind="text", text=state["reply"])


def _outline(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
             document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    yield ChatEvent(kind="step", text="Planning")
    outline = quick_outline(facts.key, document_ids=document_ids)
    applicable = outline.applicable()
    state["reply"] = ("Proposed outline ([x] = will be drafted):\n" + outline.text() +
                      f"\n\nApprove with 'draft it all' ({len(applicable)} sections), or name the sections to draft "
                      "(e.g. 'draft sections 1 to 3').")
    state["meta"] = {"applicable": applicable}
    yield ChatEvent(kind="text", text=state["reply"])


def _unclear(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
             document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    target = f"section {decided.sections[0]}" if decided.sections else "the strategy"
    state["reply"] = (f"Do you want me to answer a question about {target}, show it, draft it, revise it, review it "
                      "or export it?")
    yield ChatEvent(kind="text", text=state["reply"])


def _zero() -> Any:
    return Usage(calls=0)


def _draft(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
           document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    outcome = None
    for event in draft_document_events(facts.key, sections=decided.sections or None, provider=provider,
                                       document_ids=document_ids, retriever=retriever):
        if event.kind == "step":
            yield ChatEvent(kind="step", text=event.message)
        elif event.kind == "section_started":
            yield ChatEvent(kind="step", text=f"Drafting section {event.section}: {event.title}")
        elif event.kind == "section_done":
            yield ChatEvent(kind="section_saved", text=f"Section {event.section} ({event.title}) saved as version "
                                                         f"{event.version}: {event.message}",
                            data={"section": event.section, "version": event.version, **event.data})
        elif event.kind == "section_failed":
            yield ChatEvent(kind="error", text=f"Section {event.section} failed: {event.message}",
                            data={"section": event.section})
        elif event.kind == "done":
            outcome = event.data["outcome"]
    assert outcome is not None
    parts = [f"Drafted section(s) {', '.join(map(str, sorted(outcome.drafted)))}" if outcome.drafted
             else "No section was drafted"]
    if outcome.skipped:
        parts.append("not applicable: " + "; ".join(f"{n} ({r})" for n, r in sorted(outcome.skipped.items())))
    if outcome.failed:
        parts.append("failed: " + "; ".join(f"{n} ({r})" for n, r in sorted(outcome.failed.items())))
    questions = sum(len(outcome.strategy.section(n).open_questions) for n in outcome.drafted)
    if questions:
        parts.append(f"{questions} open question(s) to answer")
    if outcome.version:
        parts.append(f"saved as version {outcome.version}")
    state["reply"] = ". ".join(parts) + "."
    state["meta"] = {"version": outcome.version, "failed": {str(k): v for k, v in outcome.failed.items()}}
    yield ChatEvent(kind="text", text=state["reply"])


def _revise(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
            document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    if len(decided.sections) != 1:
        state["reply"] = ("Which section should I revise? Name one, e.g. '/revise 7 make the drift thresholds "
                          "stricter'.")
        yield ChatEvent(kind="text", text=state["reply"])
        return
    number = decided.sections[0]
    yield ChatEvent(kind="step", text=f"Revising section {number}")
    outcome = revise_section(facts.key, number, decided.instruction or message, provider=provider,
                             document_ids=document_ids, retriever=retriever)
    yield ChatEvent(kind="step", text="Checking")
    if outcome.applied:
        yield ChatEvent(kind="section_saved", text=f"Section {number} saved as version {outcome.version}",
                        data={"section": number, "version": outcome.version, "changes": outcome.changes})
    lines = [outcome.message, *[f"- {c}" for c in outcome.changes]]
    if outcome.report.violations:
        lines.append("Checks: " + outcome.report.summary())
    state["reply"] = "\n".join(lines)
    state["meta"] = {"version": outcome.version, "applied": outcome.applied}
    yield ChatEvent(kind="text", text=state["reply"])


def _review(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
            document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    latest = get_workspace().latest_draft(facts.key)
    if latest is None:
        state["reply"] = "There is no draft to review yet: draft it first (e.g. '/draft all')."
        yield ChatEvent(kind="text", text=state["reply"])
        return
    yield ChatEvent(kind="step", text="Reviewing")
    try:
        requirements = requirements_for_project(facts.key)
    except (AssistantError, ImportError):
        requirements = None  # reviewed without the traceability-to-requirements rules
    report = review_strategy(Strategy.model_validate(latest.strategy), requirements=requirements,
                             provider=provider if provider.is_generative else None, project_key=facts.key)
    findings = [f for f in report.findings if not decided.sections or f.section in decided.sections]
    lines = [report.summary.text or f"{len(findings)} finding(s)"]
    for f in findings[:15]:
        where = f"§{f.section}" if f.section else "document"
        lines.append(f"- [{f.severity}] {where} {f.rule}: {f.message} Fix: {f.fix}")
    if len(findings) > 15:
        lines.append(f"... and {len(findings) - 15} more (run `mlops-assistant review`).")
    state["reply"] = "\n".join(lines)
    state["meta"] = {"findings": len(findings), "blocking": report.blocking, "version": latest.number}
    yield ChatEvent(kind="text", text=state["reply"])


def _export(facts: Any, message: str, decided: IntentRoute, *, provider: Provider, context: Any, history: list[Any],
            document_ids: Collection[str] | None, retriever: Retriever | None, state: dict[str, Any]) -> Iterator[ChatEvent]:
    latest = get_workspace().latest_draft(facts.key)
    if latest is None:
        state["reply"] = "There is no draft to export yet: draft it first (e.g. '/draft all')."
        yield ChatEvent(kind="text", text=state["reply"])
        return
    strategy = Strategy.model_validate(latest.strategy)
    fmt = decided.format or "md"
    yield ChatEvent(kind="step", text=f"Exporting {fmt}")
    folder = get_settings().home / "exports" / facts.key
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(strategy.filename).with_suffix(f".{fmt}").name
    write_export(strategy, fmt, path)
    state["reply"] = f"Exported version {latest.number} as {fmt}: {path}"
    state["meta"] = {"path": str(path), "format": fmt, "version": latest.number}
    yield ChatEvent(kind="text", text=state["reply"], data={"path": str(path)})


def write_export(strategy: Any, fmt: str, path: Path) -> Path:
    return export(strategy, fmt, path)  # type: ignore[arg-type]

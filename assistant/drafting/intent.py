"""What a chat message asks for, read from the whole utterance rather than from one cue word.

    route("Which requirement covers bias assessment before deployment?")  -> ask   (a question, though it says "assess")
    route("can you draft section 7?")                                     -> draft (a polite request)
    route("make the drift thresholds stricter in section 7")              -> revise [7]
    route("give me an outline")                                           -> outline (the plan, to approve)
    route("section 7")                                                    -> unclear (ask back)

How: the message is split into sentences; each sentence is reduced to its clause head (leading
fillers, politeness and subordinate clauses such as "before you draft ...," removed, negated verbs
dropped) and classified by its form: an imperative or a request ("can you ...", "I'd like ...")
acts on its main verb and object; a question is answered, unless it asks about the draft's quality
("any gaps?": review) or for a whole section or the outline ("what's in section 7?": show). The
vocabulary (verbs, objects) is data: `data/intent_words.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import yaml

from assistant.drafting.evidence import DATA_DIR

RouteIntent = Literal["ask", "show", "outline", "draft", "revise", "review", "export", "unclear"]
ROUTE_INTENTS: tuple[str, ...] = ("ask", "show", "outline", "draft", "revise", "review", "export", "unclear")
_NUMBER_WORDS = {w: i for i, w in enumerate(re.findall(
    r"\S+", "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"))}


@dataclass
class Route:
    """The intent of a message and the section numbers (1-15) it names; `reason` says why, for logs."""

    intent: RouteIntent
    sections: list[int] = field(default_factory=list)
    format: str | None = None
    instruction: str | None = None
    reason: str = ""


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "intent_words.yaml").read_text("utf-8"))


def _alternation(items: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    w = words()
    verbs = {intent: re.compile(r"^(?:" + _alternation(v) + r")\b", re.I) for intent, v in w["verbs"].items()}
    out: dict[str, re.Pattern[str]] = {f"verb:{k}": p for k, p in verbs.items()}
    out["filler"] = re.compile(r"^(?:" + _alternation(w["fillers"]) + r")\b[\s,!.:;-]*", re.I)
    out["request"] = re.compile(r"^(?:" + _alternation(w["request_openers"]) + r")\b\s*", re.I)
    out["question"] = re.compile(r"^(?:" + _alternation(w["question_openers"]) + r")\b", re.I)
    out["subordinate"] = re.compile(r"^(?:" + _alternation(w["subordinators"]) + r")\b[^,]*,\s*", re.I)
    out["negated"] = re.compile(r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|without)\s+(?:" +
                                _alternation([v for vs in w["verbs"].values() for v in vs]) + r")\b[^,.;]*", re.I)
    for key in ("outline_objects", "export_objects", "quality_questions", "section_content_questions",
                "revise_changes", "show_objects", "file_objects"):
        out[key] = re.compile(r"(?<![a-z])(?:" + _alternation(w[key]) + r")(?![a-z])", re.I)
    return out


def find_sections(text: str) -> list[int]:
    """Section numbers named in the text ("section 7", "sections 7 and 8", "§7", "section seven"), else
    the section a topic word points to ("drift" -> 7); empty when none (or "all sections")."""
    from assistant.drafting.chat import find_sections as by_topic

    low = text.casefold()
    for word, n in _NUMBER_WORDS.items():
        low = re.sub(rf"\b(section|§)\s+{word}\b", rf"\1 {n}", low)
    found: list[int] = []
    for m in re.finditer(r"(?:sections?|§|sec\.?)\s*(\d{1,2}(?:\s*(?:,|and|&|to|-|or)\s*\d{1,2})*)", low):
        numbers = [int(n) for n in re.findall(r"\d{1,2}", m.group(1))]
        if len(numbers) == 2 and re.search(r"\d\s*(?:to|-)\s*\d", m.group(1)):
            numbers = list(range(numbers[0], numbers[1] + 1))
        found.extend(numbers)
    if not found and not re.search(r"\ball\b.*\bsections\b|\bwhole\b|\bentire\b|\beverything\b", low):
        found = by_topic(text)
    return [n for n in dict.fromkeys(found) if 1 <= n <= 15]


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+|;\s*", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _head(sentence: str) -> tuple[str, bool]:
    """The clause that carries the act, and whether the sentence was phrased as a request."""
    p = _patterns()
    s = sentence.strip().strip("\"'").strip()
    s = p["negated"].sub("", s).strip(" ,")
    request = False
    for _ in range(6):
        before = s
        s = p["filler"].sub("", s).strip()
        s = p["subordinate"].sub("", s).strip()
        m = p["request"].match(s)
        if m:
            request = True
            s = s[m.end():].strip()
        if s == before:
            break
    return s, request


_AUX = re.compile(r"(?i)^(does|do|did|is|are|was|were|has|have|had|should|shall|would|will|can|could|may|might|must|"
                  r"isn't|aren't|doesn't|don't|didn't|wasn't)\s+(you|we|i|it|they|he|she|the|this|that|these|those|"
                  r"our|my|your|their|there|any|all|each|every|a|an)\b")


def _is_question(clause: str, sentence: str) -> bool:
    """A question by its opener (an auxiliary needs a subject after it: "do section 7" is a command)."""
    m = _patterns()["question"].match(clause)
    if m is None:
        return False
    if re.match(r"(?i)^(does|do|did|is|are|was|were|has|have|had|should|shall|would|will|can|could|may|might|must|"
                r"isn't|aren't|doesn't|don't|didn't|wasn't)$", m.group(0)):
        return bool(_AUX.match(clause)) or sentence.rstrip().endswith("?")
    return True


def _verb_intent(clause: str) -> str | None:
    """The intent of the longest verb phrase the clause opens with ("check what" asks, "check" reviews)."""
    p = _patterns()
    best: tuple[int, str] | None = None
    for intent in ("ask", "outline", "show", "export", "review", "revise", "draft"):
        m = p[f"verb:{intent}"].match(clause)
        if m and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), intent)
    return best[1] if best else None


def _act(clause: str, original: str) -> str | None:
    """The intent of an imperative clause (verb first), refined by its object."""
    p = _patterns()
    intent = _verb_intent(clause)
    if intent is None or intent == "ask":
        return intent
    rest = clause
    if intent in ("draft", "show", "revise") and p["outline_objects"].search(rest):
        return "outline"
    if intent in ("show", "revise", "draft") and re.match(r"(?i)^(give|send|get|hand|make|produce|create|generate)\b", rest) \
            and p["file_objects"].search(rest):
        return "export"
    if intent == "draft" and re.match(r"(?i)^(re-?draft|re-?write|redo|regenerate)\b", rest) \
            and p["revise_changes"].search(rest):
        return "revise"
    if intent == "review" and re.search(r"(?i)\brequirements?\b|\b(?:FR|NFR|BR|DR|INT)-", rest) \
            and not re.search(r"(?i)\b(draft|strategy|section|against)\b", rest):
        return "ask"  # "check the drift requirement": look something up, not review the draft
    if intent == "show" and not (p["show_objects"].search(rest) or find_sections(rest)):
        return None  # "tell me about X", "give me a hand": not a request to display a section
    return intent


def _object_only(clause: str) -> str | None:
    """A request naming only what is wanted ("can I get the Word version?", "I need the outline")."""
    p = _patterns()
    if p["file_objects"].search(clause):
        return "export"
    if p["outline_objects"].search(clause):
        return "outline"
    if re.match(r"(?i)^(the\s+|a\s+)?(draft|current draft|latest draft|section\s*\d+|§\s*\d+)\b", clause):
        return "show"
    return None


def _question(clause: str, original: str) -> str:
    """What a question asks for: an answer, unless it asks about the draft's quality, a whole section or the plan."""
    p = _patterns()
    if p["quality_questions"].search(original):
        return "review"
    if p["outline_objects"].search(original) and re.search(r"(?i)\b(what|which)\b.*\b(outline|plan)\b|\bsections?\b.*\b(apply|draft)", original) \
            and not re.search(r"(?i)\bguidance\b|\bplaybook\b", original):
        return "outline"
    if p["section_content_questions"].search(original) and find_sections(original) and \
            re.search(r"(?i)\bsection\s*\d|§\s*\d", original):
        return "show"
    return "ask"


def _classify(sentence: str) -> tuple[str | None, str]:
    p = _patterns()
    clause, request = _head(sentence)
    if request:
        act = _act(clause, sentence) or _object_only(clause)
        if act is not None:
            return act, "request"
        return _question(clause, sentence), "question"
    if _is_question(clause, sentence):
        return _question(clause, sentence), "question"
    act = _act(clause, sentence)
    if act is not None:
        return act, "imperative"
    if sentence.rstrip().endswith("?"):
        return _question(clause, sentence), "question"
    # A statement naming a change ("the drift thresholds should be stricter", "I want a stricter drift threshold")
    if p["revise_changes"].search(sentence) and find_sections(sentence):
        return "revise", "statement of a change"
    if p["quality_questions"].search(sentence):
        return "review", "statement about quality"
    if p["export_objects"].search(sentence) and re.search(r"(?i)\b(need|want|like|get)\b", sentence):
        return "export", "statement asking for a file"
    return None, "no act"


def route(text: str) -> Route:
    """Route a chat message (slash commands are parsed by the caller). Unclear when nothing is asked."""
    sentences = _sentences(text)
    decided: list[tuple[str, str]] = []
    for sentence in sentences:
        intent, why = _classify(sentence)
        if intent is not None:
            decided.append((intent, why))
    if not decided:
        words_in = re.findall(r"[A-Za-z]+", text)
        if len(words_in) >= 4 and re.search(r"(?i)\b(requirement|require|target|threshold|latency|who|what|which|how)\b", text):
            return Route("ask", find_sections(text), reason="a statement about the project: answered")
        return Route("unclear", find_sections(text), reason="no request or question found")
    # An action anywhere wins over an accompanying question ("Draft section 7. Why is it empty?" drafts);
    # the last action is the one to do ("check X. Then draft it.").
    acts = [d for d in decided if d[1] != "question"]
    intent, why = (acts[-1] if acts else decided[-1])
    sections = find_sections(text)
    if intent == "outline":
        sections = []
    fmt = None
    if intent == "export":
        from assistant.drafting.chat import export_format

        fmt = export_format(text)
    instruction = text.strip() if intent == "revise" else None
    return Route(intent, sections, fmt, instruction, reason=why)  # type: ignore[arg-type]

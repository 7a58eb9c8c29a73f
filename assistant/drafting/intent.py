"""What a chat message asks for, read from the whole utterance rather than from one cue word.

    route("Which requirement covers bias assessment before deployment?")  -> ask     (a question, though it says "assess")
    route("can you draft section 7?")                                     -> draft   (the assistant is asked to act)
    route("can I export just one section?")                               -> ask     (the user asks how/whether)
    route("make the drift thresholds stricter in section 7")              -> revise [7]
    route("don't draft yet, give me the plan")                            -> outline (the negated act is dropped)
    route("give me an outline")                                           -> outline (the plan, to approve)
    route("fix it") / route("section 7") / route("what about governance") -> unclear (ask back)

How, in order:
1. Typing slips in the router's own words are repaired ("drfat" -> "draft") when the word is no English
   word (the bundled embedding model's word list says which are) and one edit from a router word.
2. The message is cut into clauses (sentences, then dashes, colons and ", can you ..." turns).
   A clause whose act is negated or cancelled ("don't review yet", "skip the outline") is dropped.
3. Each clause is read by its form. A request names its doer: "can you / I'd like you to" (the assistant
   acts on the verb that follows), "can I / how do I" (the user asks how: a question), "can I get / I'd
   like" + noun (the assistant gives the thing the noun names). An imperative acts on its main verb,
   refined by its object (a file format exports, "the outline" outlines, "a critique" reviews). A question
   is answered, unless it asks to judge the draft, for the plan, or for a whole section's text.
4. An act anywhere beats an accompanying question; the last act wins ("check X. Then draft it.").
   Acts that need a target (draft, show, revise) with none named (a section, a topic, the document) are
   unclear, as are elliptic fragments ("and the other one?", "12?").
The vocabulary (verbs, objects, openers) is data: `data/intent_words.yaml`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import yaml

from assistant.drafting.evidence import DATA_DIR
from assistant.drafting.intent_model import OVERRIDE_PROBABILITY, second_opinion
from assistant.drafting.intent_similarity import nearest_act
from assistant.drafting.passage_rank import named_types
from assistant.index.embeddings import resolve_model_path

RouteIntent = Literal["ask", "show", "outline", "draft", "revise", "review", "export", "unclear"]
ROUTE_INTENTS: tuple[str, ...] = ("ask", "show", "outline", "draft", "revise", "review", "export", "unclear")
_ACTS = ("outline", "show", "export", "review", "revise", "draft")
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


def _anywhere(items: list[str]) -> re.Pattern[str]:
    # a hyphen joins a compound ("section-by-section plan"): its parts are not nouns of their own
    return re.compile(r"(?<![a-z0-9-])(?:" + _alternation(items) + r")(?![a-z0-9-])", re.I)


def _head_of(items: list[str]) -> re.Pattern[str]:
    return re.compile(r"^(?:" + _alternation(items) + r")(?![a-z0-9'])", re.I)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    w = words()
    out: dict[str, re.Pattern[str]] = {f"verb:{k}": _head_of(v) for k, v in w["verbs"].items()}
    out.update({f"noun:{k}": _anywhere(v) for k, v in w["act_nouns"].items()})
    out["filler"] = re.compile(r"^(?:" + _alternation(w["fillers"]) + r")(?![a-z0-9'])[\s,!.:;-]*", re.I)
    out["request"] = re.compile(r"^(?:" + _alternation(w["request_openers"]) + r")(?![a-z0-9'])\s*", re.I)
    out["permission"] = re.compile(r"^(?:" + _alternation(w["permission_openers"]) + r")(?![a-z0-9'])\s*", re.I)
    out["light"] = re.compile(r"^(?:" + _alternation(w["light_verbs"]) + r")(?![a-z0-9'])\s*", re.I)
    out["question"] = _head_of(w["question_openers"])
    out["elliptic"] = _head_of(w["elliptic_openers"])
    out["subordinate"] = re.compile(r"^(?:" + _alternation(w["subordinators"]) + r")(?![a-z0-9'])[^,]*,\s*", re.I)
    all_verbs = [v for vs in w["verbs"].values() for v in vs]
    out["negated"] = re.compile(r"(?<![a-z])(?:don'?t|do\s+not|never|no\s+need\s+to|without|not)\s+(?:yet\s+)?(?:"
                                + _alternation(all_verbs) + r")(?![a-z])", re.I)
    out["cancel"] = _head_of(w["cancel_verbs"])
    out["vague_verb"] = _head_of(w["vague_verbs"])
    out["subordinate_only"] = re.compile(r"^(?:" + _alternation(w["subordinators"]) + r")(?![a-z0-9'])[^,]*$", re.I)
    out["softener"] = re.compile(r"(?<![a-z'])(?:" + _alternation(w["softeners"]) + r")(?![a-z'])\s*,?\s*", re.I)
    out["judgement"] = re.compile(r"(?i)^(?:would|will|does|do|is|could|can|might)\s+(?:it|this|that|section\s*\d+|"
                                  r"(?:this|that|the|our|my|your)\s+(?:draft|strategy|document|[\w/ &-]+?\s+section))"
                                  r"\s+(?:" + _alternation(w["judgement_verbs"]) + r")\b")
    # a format ("as a PDF"), a file name ("to strategy-v1.docx") or a place on disk ("out to the project folder")
    out["format"] = re.compile(r"(?<![a-z])(?:as|to|in|into)\s+(?:an?\s+|the\s+)?(?:"
                               + _alternation(w["formats"]) + r")(?![a-z])|(?<![a-z])(?:as|to|into|in)\s+[\w./~-]*[\w-]\.(?:"
                               + _alternation(w["file_extensions"]) + r")(?![a-z0-9])|(?<![a-z])(?:out\s+to|to\s+disk|into)\s+"
                               r"(?:the\s+|a\s+|our\s+|my\s+)?(?:[\w-]+\s+)?(?:folder|directory|disk|drive|path)\b", re.I)
    for key in ("quality_questions", "evaluative", "section_content_questions", "outline_questions",
                "document_targets", "revise_changes"):
        out[key] = _anywhere(w[key])
    # a defect noun that modifies another noun is not a defect: "what is the error budget?"
    defect_noun = "(?:" + _alternation(w["defect_nouns"]) + r")(?![a-z])(?!\s+(?:" + _alternation(w["defect_noun_compounds"]) + \
        r")(?![a-z]))"
    defect_adj = _alternation(w["defect_adjectives"])
    # asking whether defects exist: "any clashes between 6 and 7?", "is anything out of date", "have we missed X"
    out["defect_question"] = re.compile(
        r"(?i)(?<![a-z])(?:any(?:thing)?|are\s+there(?:\s+any)?|is\s+there(?:\s+any)?)\s+(?:[\w-]+\s+)?(?:"
        + defect_noun + r")(?![a-z])|(?<![a-z])(?:anything|something|what(?:'s|\s+is|\s+are)?)\s+(?:is\s+|are\s+)?"
        r"(?:\w+\s+)?(?:" + defect_adj + r")(?![a-z])|(?<![a-z])(?:have|did|has)\s+(?:we|you|it|the\s+draft)\s+"
        r"(?:miss(?:ed)?|(?:left|leave)\s+(?:\w+\s+)?out|overlook(?:ed)?|forg[oe]t(?:ten)?)\b|"
        r"(?<![a-z])(?:what|where|which)(?:'s|\s+are|\s+is|\s+were)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+)?(?:"
        + defect_noun + r")(?![a-z])")
    # the defects as a thing asked for: "the omissions", "any mismatches", "what's stale or wrong in it"
    out["defect_object"] = re.compile(
        r"(?i)^\s*(?:me\s+|us\s+)?(?:(?:the|any|all|every|each|your|of\s+the)\s+)*(?:[\w-]+\s+)?(?:"
        + defect_noun + r")(?![a-z])|^\s*(?:me\s+|us\s+)?(?:what(?:'s|\s+is|\s+are)?|anything|whatever|where)\b"
        r"[^.?!]*?(?<![a-z])(?:" + defect_adj + r")(?![a-z])")
    out["judgement_adjective"] = re.compile(
        r"(?i)^(?:is|are|was|were|isn't|aren't)\s+(.+?)\s+(?:\w+ly\s+|still\s+|now\s+)?(?:"
        + _alternation(w["judgement_adjectives"]) + r")(?![a-z])")
    out["verify"] = _head_of(w["verify_verbs"])
    other = r"(?<![a-z0-9-])(?:" + _alternation(w["other_strategies"]) + r")[\s-]+strateg(?:y|ies)\b"
    out["other_strategies"] = re.compile(other, re.I)
    out["in_other_strategy"] = re.compile(r"\b(?:in|from|per)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+)?" + other, re.I)
    out["vague"] = re.compile(r"^(?:the\s+|a\s+)?(?:" + _alternation(w["vague_objects"]) + r")\s*[?.!]*$", re.I)
    return out


# ----- 1. typing slips --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """Whole words of the bundled embedding model's vocabulary: a word here is no typing slip."""
    try:
        vocab = json.loads((resolve_model_path("all-minilm-l6-v2") / "tokenizer.json").read_text("utf-8"))
        return frozenset(k for k in vocab["model"]["vocab"] if k.isalpha())
    except Exception:  # noqa: BLE001 - without the word list no word is treated as a slip
        return frozenset()


@lru_cache(maxsize=1)
def _router_words() -> frozenset[str]:
    """Single words of the router's vocabulary and the section topics (the words a slip is repaired to)."""
    # lazy: import cycle: assistant.drafting.chat imports this module at its top
    from assistant.drafting.chat import intent_data

    w = words()
    phrases: list[str] = [p for vs in w["verbs"].values() for p in vs]
    phrases += [p for vs in w["act_nouns"].values() for p in vs] + w["formats"]
    phrases += [p for vs in intent_data()["section_words"].values() for p in vs]
    phrases += ["section", "sections", "strategy", "pipeline", "infrastructure", "outline", "please"]
    return frozenset(t for p in phrases for t in re.findall(r"[a-z]+", p.casefold()) if len(t) >= 4)


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def repair_slips(text: str) -> str:
    """Words that are not English and one edit from a router word, replaced by it ("reveiw" -> "review")."""
    english, known = _english(), _router_words()
    if not english:
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.casefold()
        if len(low) < 3 or low in english or low in known or (word.isupper() and 1 < len(word) <= 5):
            return word  # (a word in capitals is an acronym written on purpose: "SOW" is no slip for "show")
        if any(low.endswith(end) and low[:-len(end)] in english for end in ("s", "es")):
            return word  # the plural of a word the vocabulary holds only in the singular: "docs" is no slip for "docx"
        near = sorted(k for k in known if _one_edit(low, k))
        return near[0] if len(near) == 1 else word

    return re.sub(r"[A-Za-z]+", fix, text)


# ----- sections ---------------------------------------------------------------------------------------------
def find_sections(text: str, *, topics: bool = True) -> list[int]:
    """Section numbers named in the text ("section 7", "sections 7 and 8", "§7", "section seven"); with
    `topics`, else the section a topic word points to ("drift" -> 7); empty when none (or "all sections")."""
    # lazy: import cycle: assistant.drafting.chat imports this module at its top
    from assistant.drafting.chat import find_sections as by_topic

    low = text.casefold()
    for word, n in _NUMBER_WORDS.items():
        low = re.sub(rf"\b(section|§)\s+{word}\b", rf"\1 {n}", low)
    found: list[int] = []
    for m in re.finditer(r"(?:sections?,?|§|sec\.?|\bs\.)\s*(\d{1,2}(?:\s*(?:,|and|&|to|-|–|or|through|thru)\s*\d{1,2})*)", low):
        numbers = [int(n) for n in re.findall(r"\d{1,2}", m.group(1))]
        if len(numbers) == 2 and re.search(r"\d\s*(?:to|-|–|through|thru)\s*\d", m.group(1)):
            numbers = list(range(numbers[0], numbers[1] + 1))
        found.extend(numbers)
    # "from section 1 and carry on through to 5": a run of sections, its end a bare number
    for m in re.finditer(r"\bfrom\s+section\s+(\d{1,2})\b[^.?!;]{0,40}?\b(?:through|thru|up)\s+(?:to\s+)?(?:section\s+)?(\d{1,2})\b", low):
        found.extend(range(int(m.group(1)), int(m.group(2)) + 1))
    # "draft 7", "show s12", "go through 10 and 11": a bare number straight after an act verb names a section
    for m in re.finditer(r"(?:^|[.!?]\s+|\byou\s+|\bplease\s+|\bpls\s+|\bnow\s+|\bthen\s+)(?:re-?draft|draft|write|"
                         r"generate|produce|complete|finish|fill\s+in|print|show|display|open|review|check|"
                         r"redo|revise|rewrite|go\s+through|look\s+(?:at|over|through)|pull\s+up|bring\s+up)\s+(?:me\s+|us\s+)?"
                         r"((?:s|§)?\d{1,2}(?:\s*(?:,|and|&|to|-|through)\s*\d{1,2})*)\b(?!\s*(?:%|\.\d))", low):
        numbers = [int(n) for n in re.findall(r"\d{1,2}", m.group(1))]
        if len(numbers) == 2 and re.search(r"\d\s*(?:to|-|through)\s*\d", m.group(1)):
            numbers = list(range(numbers[0], numbers[1] + 1))
        found.extend(numbers)
    # "the draft of 11", "the cost table in 14": a number after a part of the document names its section
    for m in re.finditer(r"\b(?:(?:draft|version|text|copy|wording)\s+of|(?:table|list|part|bit|paragraph)\s+in)\s+(\d{1,2})\b"
                         r"(?!\s*(?:%|\.\d|ms\b|s\b|days?\b|weeks?\b|months?\b))", low):
        found.append(int(m.group(1)))
    # a table named by its topic ("the traceability table", "the Model Catalog") is in that topic's section,
    # whatever other section the sentence names ("add FR-9 to the traceability table against section 7")
    if found:
        for m in re.finditer(r"\b([a-z/&-]+(?:\s+[a-z/&-]+)?)\s+(?:table|matrix)\b", low):
            found.extend(by_topic(m.group(1)))
    if re.fullmatch(r"\s*(?:and\s+|what about\s+)?(\d{1,2})\s*[?.!]*\s*", low):
        found.append(int(low.strip(" ?.!").split()[-1]))  # "7?": a section number alone
    if not found and not re.search(r"\ball\b.*\bsections\b|\bwhole\b|\bentire\b|\beverything\b", low):
        if topics:
            found = by_topic(text)
        else:  # only a topic named as a section ("the monitoring section", "section on drift")
            for m in re.finditer(r"([a-z/&\- ]{3,40}?)\s+sections?\b|\bsections?\s+(?:on|about|for)\s+([a-z/&\- ]{3,40})", low):
                found.extend(by_topic(m.group(1) or m.group(2)))
    return [n for n in dict.fromkeys(found) if 1 <= n <= 15]


# ----- 2. clauses -------------------------------------------------------------------------------------------
def _clauses(text: str) -> list[str]:
    """Sentences, cut again at dashes, colons and semicolons, and before a comma that opens a new request or
    imperative ("I have nothing for section 10 yet, can you create a draft?")."""
    p = _patterns()
    parts = re.split(r"(?<=[.!?])\s+|\n+|;\s*|\s+[–—-]{1,2}\s+|:\s+", text.strip())
    out: list[str] = []
    for part in parts:
        pieces = re.split(r",\s+", part)
        current = pieces[0]
        for piece in pieces[1:]:
            head = _without_fillers(piece)
            if p["request"].match(head) or p["negated"].match(head) or p["cancel"].match(head) or _HANDS_OFF.match(head) or \
                    p["light"].match(head) or p["permission"].match(head) or _verb_intent(head):
                out.append(current)
                current = piece
            else:
                current += ", " + piece
        out.append(current)
    return [c.strip(" ,") for c in out if c.strip(" ,.!?")]


def _without_fillers(text: str) -> str:
    """The text without the fillers that open it, however many ("but for now please just show me ...")."""
    filler = _patterns()["filler"]
    before, text = None, text.strip()
    while before != text:
        before, text = text, filler.sub("", text).strip()
    return text


# A thing wanted as it now is: shown, not drafted, changed or exported ("as drafted", "as it was last saved").
_AS_IT_STANDS = re.compile(r"(?i)\bas\s+(?:it|they)\s+(?:stands?|is|are|was|were)\b|\bas\s+(?:it\s+was\s+)?(?:last\s+)?"
                           r"(?:drafted|written|saved)\b|\bwithout\s+(?:any\s+)?changes\b|\bunchanged\b")


# "don't touch it", "leave it as it is", "no changes": the user asks for nothing to be changed.
_HANDS_OFF = re.compile(r"(?i)^(?:(?:don'?t|do\s+not)\s+(?:touch|change|edit|alter|modify|amend|redraft|rewrite)\b|"
                        r"leave\s+(?:it|them|this|that)\b|no\s+(?:changes?|edits?)\b)")


# A request put as a condition: a few words of thanks or praise, then "if you could/would" and the act.
_CONDITIONAL_REQUEST = re.compile(r"(?i)^(?!(?:what|what's|which|who|why|how|when|where|does|do|did|is|are|will|can|could|"
                                  r"would|should)\b)(?:[\w']+\s+){0,6}?if\s+you\s+(?:could|would|can|might|'d)\s+"
                                  r"(?!not\b|n't\b)(?:please\s+)?(?=[a-z])")


def _strip_head(clause: str) -> tuple[str, str | None]:
    """The clause from its main verb on, and who was asked to act: "assistant" (can you ...), "user" (can I
    ...), "give" (can I get / I'd like + a thing), or None (a bare imperative or question)."""
    p = _patterns()
    s = clause.strip().strip("\"'“”").strip()
    kind: str | None = None
    for _ in range(8):
        before = s
        s = p["filler"].sub("", s).strip()
        conditional = _CONDITIONAL_REQUEST.match(s)
        if conditional and kind is None:
            # "I'd be grateful if you could draft X", "if you could draft X, that'd be great": the assistant acts
            kind, s = "assistant", s[conditional.end():].strip()
            continue
        s = p["subordinate"].sub("", s).strip()
        s = re.sub(r"(?i)^[a-z]+ly\s+(?=[a-z])", lambda m: "" if m.group(0).strip().lower() not in
                   ("only", "early", "family", "supply", "apply", "reply") else m.group(0), s)
        if kind is None and not p["request"].match(s) and p["light"].match(s) and \
                not re.match(r"(?i)^(get|give|run|send|provide)\s+(on|up|going|started)\b", s):
            return s, "give"
        m = p["permission"].match(s)
        if m and kind is None:
            rest = s[m.end():]
            # "can I get / have / see X": the assistant gives X; "how do I get X", "can I export": the user asks how
            if re.match(r"(?i)^(?:(can|could|may)\s+(i|we)|is\s+it\s+possible\s+to)\s*$", m.group(0).strip()) and \
                    re.match(r"(?i)^(have|get|see|look)\b", rest) and not re.match(r"(?i)^get\s+(started|going)\b", rest):
                return rest, "give"
            return rest, "user"
        m = p["request"].match(s)
        if m:
            kind = "assistant"
            s = s[m.end():].strip()
            if p["light"].match(s) and not re.match(r"(?i)^(get|give|run|send|provide)\s+(on|up|going|started)\b", s):
                return s, "give"
        if s == before:
            break
    return s, kind


def _gerund_to_verb(clause: str) -> str:
    """"writing up the costs section" -> "write up the costs section" (after "would you mind", "start")."""
    m = re.match(r"(?i)^([a-z]+?)(\1?)ing\b", clause)
    if not m:
        return clause
    stem = m.group(1)
    for candidate in (stem, stem + "e", stem + m.group(2)):
        if _verb_intent(candidate + clause[m.end():]):
            return candidate + clause[m.end():]
    return clause


def _verb_intent(clause: str) -> str | None:
    """The intent of the longest verb phrase the clause opens with ("check what" asks, "check" reviews)."""
    p = _patterns()
    best: tuple[int, str] | None = None
    for intent in ("ask", *_ACTS):
        m = p[f"verb:{intent}"].match(clause)
        if m and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), intent)
    return best[1] if best else None


def _by_noun(obj: str) -> str | None:
    """The act a request's object names ("a critique" -> review, "the DOCX" -> export, "the plan" -> outline):
    the noun named first is the head ("a plan of the document" is a plan, not the file)."""
    p = _patterns()
    found = [(m.start(), intent) for intent in ("review", "export", "outline", "draft")
             if (m := p[f"noun:{intent}"].search(obj))]
    if found:
        return min(found)[1]
    # "the draft", "section 7" are most often what another act is done to ("give the draft a once-over")
    return "show" if p["noun:show"].search(obj) else None


# ----- 3. one clause ----------------------------------------------------------------------------------------
# The plan as the verb's object ("draft an outline", "show me a high-level plan"), not a plan that is part of the
# strategy's content ("put the rollback plan into steps").
_PLAN_OBJECT = re.compile(
    r"(?i)^\s*(?:me\s+|us\s+)?(?:a|an|the|your|my|our)?\s*(?:(?:proposed|high-level|rough|brief|quick|short|detailed|"
    r"full|overall|section-by-section|section|draft|first|initial|suggested|new|revised)\s+)*"
    r"(?:outline|plan|structure|headings|subsections|sub-sections|skeleton|table\s+of\s+contents|list\s+of\s+sections)\b")
_PARTICIPLES = {"written": "write", "written up": "write up", "done": "do", "drawn up": "draft", "put together": "draft", "redone": "redo",
                "rewritten": "rewrite", "gone over": "go over", "looked over": "look over", "sent": "send"}


def _participle_act(obj: str) -> str | None:
    """"get the responsible AI section drafted", "have section 4 reviewed": the act of the final participle."""
    m = re.search(r"(?i)\b([a-z]+(?:\s+(?:up|over|out|together))?)\s*[.!?]*$", obj.strip())
    if not m or re.search(r"(?i)\b(?:is|are|was|were|be|been|being|gets?|got)\s*$", obj.strip()[:m.start()]):
        return None  # "... before anything is written": a passive in another clause, not "get X written"
    word = m.group(1).casefold()
    for base in ([_PARTICIPLES[word]] if word in _PARTICIPLES else []) + \
            ([word[:-2], word[:-1], word[:-3]] if word.endswith("ed") else []):
        if base and (act := _verb_intent(base)) and _patterns()[f"verb:{act}"].fullmatch(base):
            return act
    return None


def _act(clause: str, utterance: str) -> str | None:
    """The intent of an imperative clause (verb first), refined by its object."""
    p = _patterns()
    clause = _gerund_to_verb(clause)
    intent = _verb_intent(clause)
    if intent is None:
        return None
    verb = p[f"verb:{intent}"].match(clause)
    rest = clause[verb.end():] if verb else clause
    if intent == "draft":
        # "have a go at reviewing section 3", "start exporting": a verb of setting about a task takes the act of
        # the task it names
        task = _gerund_to_verb(rest.strip())
        if task != rest.strip() and _verb_intent(task) not in (None, "draft", "ask"):
            return _act(task, utterance)
    if intent == "ask":
        if p["defect_object"].match(rest) and not _about_sources_only(utterance):
            return "review"  # "list any mismatches", "tell me what's stale in it": the defects are asked for
        # "remind me what's in section 2", "list the sections you would write": the rest says what is asked
        embedded = re.sub(r"(?i)^\s*(?:[a-z]+ly|just)\s+", "", rest).strip()  # "tell me exactly what ..."
        if _patterns()["question"].match(embedded):
            return _question(embedded, embedded)
        if (p["noun:outline"].search(rest) and re.search(r"(?i)\b(you|you'd|you'll)\b", rest)) or \
                _YOUR_PLAN.match(rest.strip()):
            return "outline"
        return "ask"
    # "the document control" is a part of the strategy, not "the document" to export
    if p["format"].search(rest) or (intent in ("export", "draft") and
                                     p["noun:export"].search(re.sub(r"(?i)\bdocument\s+control\b", "", rest))
                                     and not find_sections(rest, topics=False)):
        return "export" if intent != "review" else "review"
    if intent == "review" and (verify := p["verify"].match(clause)) and _checks_a_fact(clause[verify.end():]):
        return "ask"  # "check whether NFR-3 is a p95 target": a fact is to be confirmed, the draft is not judged
    if intent == "revise" and _ON_SCREEN.search(rest):
        return "show"  # "put it up on screen": the text is displayed, nothing is changed
    if intent == "export":  # "convert the list into a table" revises; "export it", "save it" export
        return "revise" if re.match(r"(?i)^convert\b", clause) and re.search(r"(?i)\b(into|to)\b", rest) else "export"
    if intent == "revise" and re.match(r"(?i)^(get|have)\b", clause) and (act := _participle_act(rest)):
        return act
    if intent in ("draft", "show", "revise", "outline") and _PLAN_OBJECT.match(rest):
        return "outline"
    if intent == "show" and _YOUR_PLAN.match(re.sub(r"(?i)^\s*(?:me|us)\s+", "", rest)):
        return "outline"  # "show me what you plan to cover": the plan, not the text
    if intent == "outline":
        # "propose"/"suggest"/"agree" plan only with a plan as their object; "sketch"/"outline X" always
        if re.match(r"(?i)^(propose|suggest|agree)\b", clause):
            return None if re.match(r"(?i)^agree\b", clause) else "ask"
        return "outline"
    if intent == "draft" and re.match(r"(?i)^(re-?draft|re-?write|redo|regenerate)\b", clause) \
            and p["revise_changes"].search(rest):
        return "revise"
    if intent == "draft" and p["noun:review"].search(rest) and re.match(r"(?i)^(do|produce|complete|prepare)\b", clause):
        return "review"
    if intent == "revise" and re.match(r"(?i)^make\b", clause) and re.search(r"(?i)^\s*(a|an)\s", rest):
        # "make a draft of X", "make a Word copy": make + a thing is that thing's act
        return _by_noun(rest) or "draft"
    if intent == "review" and re.search(r"(?i)\brequirements?\b|\b(?:FR|NFR|BR|DR|INT)-\d", rest) \
            and not re.search(r"(?i)\b(draft|strategy|section|against)\b", rest):
        return "ask"  # "check the drift requirement": look something up, not review the draft
    if intent in ("show", "draft") and p["evaluative"].search(utterance) and \
            re.match(r"(?i)^(look|have a look|take a look|read|go|see)\b", clause):
        return "review"  # "have a look at section 12 and tell me what's weak"
    return intent


# Displaying, whatever the verb: "put it on screen", "bring it up in front of me".
_ON_SCREEN = re.compile(r"(?i)\b(?:on(?:\s+the)?\s+screen|on\s*-?\s*screen|in\s+front\s+of\s+me|where\s+i\s+can\s+(?:see|read)\s+it)\b")


# The user wanting to do something themself ("I need to", "we'd like to"), as against "I need you to".
_OWN_DESIRE = re.compile(r"(?i)^(?:(?:so\s+|and\s+|but\s+)?(?:i|we)\s+(?:really\s+|just\s+)?(?:need|want|have|'d\s+like|would\s+like|"
                         r"'d\s+love|mean|plan|intend)\s+to|(?:i|we)'d\s+like\s+to|need\s+to|want\s+to)\s")


def _checks_a_fact(rest: str) -> bool:
    """After a verify verb: a complement clause ("whether X is p95", "that it's ours", "it's consistent") or only
    a time ("before Thursday's meeting") confirms a fact; the draft named as the thing checked is a review."""
    rest = rest.strip(" ,.!?")
    clause = re.match(r"(?i)^(?:whether|if|that|what|which|who|where|when|how)\b|^(?:it|this|that|they|these|those|we|"
                      r"the\s+[\w-]+(?:\s+[\w-]+)?)(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+has|\s+have|\s+says?|"
                      r"\s+uses?|\s+matches|\s+agrees?)\b|^(?:it|this|they|these|those|we)\s+(?!against|before|after|for|"
                      r"with|again|first|later|over|through|now|please|by|on|in|and|to|quickly|properly|carefully)[a-z]+s?\b", rest)
    only_time = not rest or re.match(r"(?i)^(?:before|after|first|later|by|on|with|again|tomorrow|today)\b", rest)
    if not (clause or only_time):
        return False
    return not re.search(r"(?i)\b(?:draft|strategy|section|sections|§|you\s+wrote|you've\s+written)\b", rest) or \
        bool(re.match(r"(?i)^(?:what|which|who|where|when)\b", rest))


# What the assistant means to write ("what you plan to cover", "what you'd include"): the plan, to approve.
_YOUR_PLAN = re.compile(r"(?i)\bwhat\s+(?:you(?:'d|'ll|'re)?|you\s+(?:would|will|are))\s+(?:be\s+)?(?:plan(?:ning)?|intend(?:ing)?|"
                        r"propos(?:e|ing)|mean|want|going|expect(?:ing)?)?\s*(?:to\s+)?(?:cover|include|put|write|address|"
                        r"say|put\s+in)\b")
# A question about practice in general ("in general terms", "typically"), not about this strategy's plan.
_GENERAL = re.compile(r"(?i)\bin\s+general(?:\s+terms)?\b|\bgenerally\b|\btypically\b|\bas\s+a\s+rule\b|"
                      r"\bin\s+principle\b|\bin\s+the\s+abstract\b")


def _question(clause: str, sentence: str) -> str:
    """What a question asks for: an answer, unless it asks to judge the draft, for the plan or for a section's text."""
    p = _patterns()
    if re.match(r"(?i)^why\b", clause):
        return "ask"  # a reason is asked for, even about the draft's quality
    if _GENERAL.search(sentence) and not find_sections(sentence, topics=False):
        return "ask"  # practice in general: no section of this strategy is planned or judged
    if p["quality_questions"].search(sentence) or p["judgement"].match(clause.strip()):
        return "review"
    if p["defect_question"].search(clause) and not _about_sources_only(sentence):
        return "review"  # whether the draft has defects: "any clashes between 6 and 7?"
    looks = _HOW_IT_LOOKS.match(clause.strip()) or _WOULD_APPROVE.match(clause.strip())
    if looks and _names_draft(next(g for g in looks.groups() if g is not None)):
        return "review"  # "how does the serving section look?", "would the board sign this off?"
    judged = p["judgement_adjective"].match(clause.strip())
    if judged and _names_draft(judged.group(1)):
        return "review"  # "is the registry section complete?": a part of the draft judged against a bar
    state = _REQUESTED_STATE.match(clause.strip())
    if state and _names_draft(state.group(1)) and _DETERMINED.match(state.group(1)):
        return "revise"  # "could the costs table be in euros?": a change to the draft asked as a question
    content = _REQUESTED_CONTENT.match(clause.strip())
    if content and (_DRAFT_PART.search(content.group(1)) or find_sections(content.group(1), topics=False)):
        return "revise"  # "could section 5 include an ethics step?": what a part of the draft should say
    guidance = re.search(r"(?i)\bguidance\b|\bplaybook\b|\btemplate\b", sentence)
    plan = p["outline_questions"].search(sentence) or _YOUR_PLAN.match(clause.strip()) or _PLAN_OF_DOCUMENT.search(clause) or \
        re.match(r"(?i)^(?:what|which)\s+(?:sub-?)?(?:sections|headings|parts|chapters)\b.*\b(?:apply|include|need|"
                 r"would|will|should|plan|intend|propose)\b", clause.strip()) or \
        re.match(r"(?i)^what\s+would\s+you\s+(?:put|include|cover|write|have|add)\b", clause.strip())
    if plan and not guidance:
        return "outline"
    named = find_sections(sentence, topics=False)
    if named and _SECTION_SAYS.match(clause.strip()):
        return "show"  # "what section 4 says": an embedded question about the section's text
    if named and (p["section_content_questions"].search(sentence) or
                  re.search(r"(?i)^what\s+(?:does|do)\s+(?:the\s+|your\s+)?[\w/ &-]*section(?:\s+\d+)?\s+(?:[a-z]+ly\s+)?(?:say|contain|cover|look\s+like|read|include)"
                            r"(?:\s+(?:now|so far|at the moment|currently|at present|today))?\s*\??$", sentence.strip())):
        return "show"
    return "ask"


# "could the X be Y": a modal yes/no question whose subject is a part of the draft and whose verb is "be"
# ("can the costs be in euros", "could section 9 be shorter"). "Should" asks for advice and is left out.
_REQUESTED_STATE = re.compile(r"(?i)^(?:could|can|would|might)\s+((?!you\b|i\b|we\b)[^?]{2,80}?)\s+(?:not\s+)?be\s+\S")
# The draft's part in such a question is named with a determiner, a pronoun or a section number ("could the
# costs table be ...", "could it be ...", "could section 5 be ..."); a bare noun phrase ("can full prompt text be
# logged?") asks what the project allows, a yes/no question to answer.
_DETERMINED = re.compile(r"(?i)^(?:the|this|that|these|those|your|our|my|its|it|they|them|section|sections|§)\b")
# "could we use X for Y?", "can I store X?": a yes/no question about what the project may do.
_MAY_WE = re.compile(r"(?i)^\s*(?:could|can|may|might|shall)\s+(?:we|i)\s+[^?]*\?\s*$")
# "how does section 4 look (to you)?", "how is the costs section looking?": the draft's part judged.
_HOW_IT_LOOKS = re.compile(r"(?i)^how\s+(?:does|do|is|are)\s+(.+?)\s+look(?:ing|s)?\b")
# "would the assurance board sign this off?": a reviewer's verdict on (a part of) the draft, named after the verb.
_WOULD_APPROVE = re.compile(r"(?i)^(?:would|will|could|might)\s+(?:an?|the|our|my|any)\s+[\w -]{2,40}?\s+(?:sign\s+(.{2,40}?)\s+off|"
                            r"(?:sign\s+off|approve|accept|reject|pass|object\s+to|be\s+happy\s+with)\s+(.{2,40}))")
# "what's your plan for the document?": the plan of the whole write-up, to approve.
_PLAN_OF_DOCUMENT = re.compile(r"(?i)\b(?:your|the)\s+(?:proposed\s+)?plan\s+(?:for|of)\s+(?:the\s+|this\s+|our\s+)?"
                               r"(?:document|strategy|draft|sections|write-?up)\b")
# "section 2 should list X", "the drift table needs to show Y": what a part of the draft should hold.
_SHOULD_STATEMENT = re.compile(r"(?i)^(.{2,60}?)\s+(?:should|must|needs?\s+to|ought\s+to|has\s+to)\s+(?!not\b)[a-z]+")
# "could section 5 include X": a modal question whose subject is a part of the draft and whose verb says what
# it holds. Only an explicit part counts ("can the registry hold versions?" asks about the product).
_REQUESTED_CONTENT = re.compile(r"(?i)^(?:could|can|would|might)\s+((?!you\b|i\b|we\b)[^?]{2,80}?)\s+(?:also\s+)?(?:include|mention|"
                                r"say|cover|list|state|use|name|reference|cite|contain|have|spell\s+out|explain|describe|"
                                r"drop|lose|go\s+into|give|show)\b")
# "what section 8 says", "what the serving section currently contains": a question embedded after "remind me".
_SECTION_SAYS = re.compile(r"(?i)^what\s+(?:the\s+|your\s+|our\s+)?[\w/ &-]*?(?:section|§)(?:\s*\d{1,2})?\s+"
                           r"(?:[a-z]+ly\s+|now\s+)?(?:says|contains|covers|reads|looks\s+like|includes)\b")
# Parts of a drafted strategy a question can be about.
_DRAFT_PART = re.compile(r"(?i)\b(?:draft|strategy|document|section|sections|§|table|row|column|list|heading|wording|text|"
                         r"threshold|thresholds|target|targets|figure|figures|budget|catalog(?:ue)?|inventory|it|this|"
                         r"that|yours?|ours?)\b")
_SOURCE = re.compile(r"(?i)\b(?:requirements?|(?:FR|NFR|BR|DR|INT)-[\w-]+|dpia|register|atrs\s+record|"
                     r"(?:architecture|requirements|data\s+model|design)\s+(?:doc|document)s?|our\s+documents?|"
                     r"source\s+documents?)\b")


def _names_draft(phrase: str) -> bool:
    """Whether a noun phrase is (part of) the drafted strategy: a section, its topic, a table, "it"."""
    if re.search(r"(?i)\b(?:FR|NFR|BR|DR|INT)-\d|\brequirements?\b", phrase) and not re.search(r"(?i)\btraceability\b", phrase):
        return False  # "is NFR-3 consistent ...": a source judged, not the draft
    return bool(_DRAFT_PART.search(phrase) or find_sections(phrase))


def _about_sources_only(sentence: str) -> bool:
    """A question about the project's own documents, with no part of the draft named ("any gaps in the DPIA?")."""
    return bool(_SOURCE.search(sentence)) and not (
        re.search(r"(?i)\b(?:draft|strategy|section|sections|you|your|traceability)\b", sentence) or
        find_sections(sentence, topics=False))


def _elliptic(clause: str) -> bool:
    """A fragment that leans on something said before: "12?", "and the other one?", "what about governance"."""
    p = _patterns()
    # an ID is a word of content ("R-002 owner" is a search, not "owner?")
    content = re.findall(r"[A-Za-z]{2,}", clause) + [n for n in _NAME_TOKEN.findall(clause) if not re.search("[A-Za-z]{2}", n)]
    if len(content) <= 1 or (len(content) == 2 and re.match(r"(?i)^(what|and|so|now|then)\b", clause.strip())):
        return True  # "12?", "what now", "so?"
    if p["elliptic"].match(clause.strip()) and len(content) <= 5:
        return True
    if not re.findall(r"[a-z]{3,}", _EMPTY_OBJECT.sub(" ", clause.casefold())) and \
            not p["quality_questions"].search(clause):
        return True  # "do it", "can you?": nothing but auxiliaries and pronouns
    return bool(p["vague"].match(clause.strip()))


# A place put first ("in Experiment Tracking use MLflow", "in our draft who owns X"): up to six words after the
# preposition, then the request or question itself.
_PLACE_FIRST = re.compile(r"(?i)^\s*(?:in|within|under|inside)\s+((?:[\w&/'.,-]+\s+){1,6})(.+)$")
# Words a place cannot end on ("in section 6 of our | draft, which ...": "draft" there is the place's noun).
_PLACE_GOES_ON = re.compile(r"(?i)^(?:of|our|the|my|your|their|a|an|this|that|to|for|and|&)$")


def _after_place(clause: str, utterance: str) -> tuple[str, str] | None:
    """The request or question read after a place put first, by its form (not a guess by meaning): the shortest
    place that leaves one."""
    m = _PLACE_FIRST.match(clause)
    if not m:
        return None
    words = m.group(1).split()
    for n in range(1, len(words) + 1):
        rest = " ".join(words[n:] + [m.group(2)])
        if _PLACE_GOES_ON.match(words[n - 1]) or re.match(r"[\dA-Z&]", rest):
            continue  # the place goes on: a word that needs one after it, a number, a title's next word
        intent, why = _classify(rest, utterance)
        if intent is not None and not why.startswith(_BY_MEANING):
            return intent, why
    return None


def _classify(clause: str, utterance: str) -> tuple[str | None, str]:
    p = _patterns()
    contrast = re.match(r"(?i)^\s*not\s+[^,]+,\s*(?:but\s+|only\s+|just\s+)?(.+)$", clause)
    if contrast:  # "not a full draft, the outline": the thing wanted is what follows the rejected one
        return _classify(contrast.group(1), utterance)
    head, kind = _strip_head(clause)
    if kind in (None, "assistant") and p["vague_verb"].match(head):
        return None, "an act that says nothing of what to do"
    question_mark = clause.rstrip().endswith("?")
    if kind == "give":
        light = p["light"].match(head)
        obj = head[light.end():] if light else head
        if re.match(r"(?i)^(have|get|see|look)\b", head):
            obj = re.sub(r"(?i)^(have|get|see|look)\s+(?:at\s+)?", "", head)
        if p["format"].search(obj):
            return "export", "request for a file"
        if _AS_IT_STANDS.search(obj):
            return "show", "request for a thing as it stands"  # "can I see X as drafted / as it was saved"
        act = _participle_act(obj) or _by_noun(obj)
        if act == "show" and re.match(r"(?i)^(run|do|perform|carry out)\b", head):
            act = "draft"
        if act is None and _names_document(obj) and re.match(
                r"(?i)^(?:(?:the|this|that|your|our|my)\s+)?(?:(?:whole|entire|full|current|latest|complete)\s+)?"
                r"(?:draft|strategy|document|thing)\b", obj.strip()):
            act = "show"  # "can I see the whole draft?": the document itself is given, to read
        if act is not None:
            return act, "request for a thing"
        inner = _act(_gerund_to_verb(obj), utterance)
        if inner is not None:
            return inner, "request"
        return ("ask", "question") if question_mark or re.search(r"(?i)\b(know|answer|explanation)\b", obj) else (None, "no act")
    if kind == "user":
        if _is_elliptic_request(head):
            return None, "no act"
        if re.match(r"(?i)^(?:can|could|may)\s+(?:i|we)\b", _without_fillers(clause)) and \
                re.match(r"(?i)^(?:download|save|export)\b", head) and not re.search(r"(?i)\bor\s+(?:only|just)\b", head) and (
                p["format"].search(head) or _names_document(head)):
            # "could I download the strategy in Markdown?": we write it ("can I export to PDF or only Word?" asks
            # what is possible)
            return "export", "request for a file"
        return "ask", _USER_WOULD_ACT
    if kind == "assistant" and _OWN_DESIRE.match(clause.strip()) and (verify := p["verify"].match(head)) and \
            (_checks_a_fact(head[verify.end():]) or
             _checks_a_fact(re.sub(r"(?i)^\s*(?:it|that|this|them)\b", "", head[verify.end():]))):
        return None, "the user's own check"  # "I need to double-check it before Friday": context, the user will check
    if kind == "assistant":
        act = _act(_gerund_to_verb(head), utterance) or (_by_noun(head) if re.match(r"(?i)^(a|an|the)\b", head) else None)
        if act is not None:
            return act, "request"
        if question_mark and p["question"].match(head):
            return _question(head, clause), "question"
        return _unfamiliar_verb(head)
    if _is_question(head, clause):
        if _elliptic(head):
            return None, "elliptic"
        return _question(head, clause), "question"
    act = _act(head, utterance)
    if act is not None:
        return act, "imperative"
    joined = re.match(r"(?i)^(?:\S+\s+){1,6}?and\s+(?:then\s+)?(.+)$", head)
    if joined and not _is_question(head, clause) and (act := _act(joined.group(1), utterance)) is not None:
        return act, "imperative after a lead-in"  # "crack on and write the strategy": the act is the second verb
    if question_mark or _HOW_MUCH.search(head):
        # "anpr plates get anonymised within how many hrs": a statement with a gap for a quantity asks for it
        return (None, "elliptic") if _elliptic(head) else (_question(head, clause), "question")
    # A statement naming a change ("the drift thresholds should be stricter", "I want a stricter drift threshold")
    if p["revise_changes"].search(clause) and find_sections(clause):
        return "revise", "statement of a change"
    should = _SHOULD_STATEMENT.match(head)
    if should and (_DRAFT_PART.search(should.group(1)) or find_sections(should.group(1))) and \
            not re.match(r"(?i)^(?:i|we|you)\b", should.group(1)):
        return "revise", "statement of what the draft should hold"  # "section 2 should list MOD-4 too"
    if p["quality_questions"].search(clause):
        return "review", "statement about quality"
    named = head.split(",")[0]  # "a new outline for section 2, the last one missed X": the reason follows
    noun = _by_noun(named)
    if noun in ("export", "outline", "review", "draft") and len(re.findall(r"[A-Za-z]+", named)) <= 5 and \
            not _FINITE.search(named):
        return noun, "the thing wanted, named alone"  # "Word version please", "the outline?"
    if _SECTIONS_ONLY.match(head):
        return None, "sections named, no act"  # "section 7 and 8": what to do with them is not said
    # A prepositional phrase ("in section 4, ...", "for the security section") sets the scope of another clause.
    if not re.match(r"(?i)^(the|this|that|these|those|it|i|i'm|i've|we|we're|our|my|there|a|an|you|your|they|in|for|"
                    r"on|within|under|about|regarding|re|across|throughout)\b", head):
        return _unfamiliar_verb(head)
    return None, "no act"


# A clause with a subject and a finite verb is a statement ("I've agreed the plan", "the plan's fine"), not a
# thing named alone ("the plan?", "a first draft of 3 please").
_FINITE = re.compile(r"(?i)^(?:i|we|you|they|it|he|she)(?:'\w+)?\b|\w's\s+(?:fine|good|ok|okay|done|great|right|agreed|"
                     r"approved|ready)\b|\b(?:is|are|was|were|looks?|seems?|has|have|had|'ve|'re|'m)\b")
_SECTIONS_ONLY = re.compile(r"(?i)^(?:the\s+)?(?:sections?|§|sec\.?)\s*\d{1,2}(?:\s*(?:,|and|&|to|-|or|§|sections?)\s*\d{1,2})*"
                            r"\s*[?.!]*$")


_BY_MEANING = "nearest act by meaning"
# Words of a judgement asked for ("tell me what's out of date in it"): a review, whatever verb leads in.
_DEFECT_WORDS = re.compile(r"(?i)\b(?:wrong|out\s+of\s+date|outdated|missing|inconsistent|consistent|contradict\w*|"
                           r"gaps?|weak\w*|errors?|mistakes?|problems?|issues?|flaws?|shortcomings?|right|correct|"
                           r"complete|ok|okay|good\s+enough|sound|adequate|sufficient|realistic|strong\s+enough)\b")
# A question that asks for a fact ("what RTO ...", "how long ...", "which providers ...").
_FACT_QUESTION = re.compile(r"(?i)^\s*(?:what|what's|whats|which|who|whose|when|where|how\s+(?:much|many|long|often|"
                            r"quickly|fast|soon)|(?:does|do|did|is|are|was|were|has|have|will|must|can)\s+(?:the|our|any|"
                            r"it|they|this|that|a|an)\b)\b")
# A verb whose object is a question: "review how long we keep X", "check for me what the RPO is", "show me which ...".
_LEAD_IN_QUESTION = re.compile(r"(?i)^(?:(?:can|could|would|will)\s+you\s+|please\s+)?(?:review|check|assess|verify|"
                               r"confirm|look\s+up|show\s+me|tell\s+me|find\s+out)\s+(?:for\s+me\s+|quickly\s+|again\s+)?"
                               r"(?:what|what's|which|who|whose|when|where|whether|if|how\s+(?:much|many|long|often|"
                               r"quickly|fast|soon))\b")
# A project document named as where the thing shown is ("the cost in the Azure research", "the summary of the
# analysis", "the requirements approve").
_SOURCE_NAMED = re.compile(r"(?i)\b(?:in|of|from|per|according to)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:research|"
                           r"requirements?|dpia|sobc|business case|risk register|atrs(?:\s+record)?|playbook assessment|"
                           r"finops|data model|adr(?:-\d+)?|decision record|assessment|analysis|doc|document|report|"
                           r"paper|record|register|plan)\b|\bthe\s+requirements?\s+"
                           r"(?:approve|allow|set|say|require|state|give|list)")


# A question about what our draft says ("did we list X", "in our model inventory", "what did you put for Y").
_ABOUT_OUR_DRAFT = re.compile(r"(?i)\b(?:did|have|has)\s+(?:we|you)\b|\b(?:in|under|from)\s+our\b|\bour\s+(?:draft|strategy)\b|"
                              r"\b(?:we|you)(?:'ve|\s+have)?\s+(?:put|wrote|written|said|listed|named|gave|given|cited|set)\b")


def _names_the_draft(clause: str) -> bool:
    """Whether a clause names our draft itself (the strategy, a section by number or title word "section"), as
    against a topic or a project document ("the recovery targets", "the SOBC", "the DevOps strategy")."""
    clause = _patterns()["other_strategies"].sub(" ", clause)
    return bool(re.search(r"(?i)\b(?:draft|strategy|section|sections|§|sec|mlops|document\s+control|revision\s+history|what\s+we\s+have\s+so\s+far|"
                          r"approvals?\s+(?:table|block)|external\s+references|"
                          r"you(?:'ve|\s+have)?\s+(?:got|wrote|written|put|drafted|included|proposed)|"
                          r"your\s+(?:version|text|wording))\b", clause) or find_sections(clause, topics=False)
                or _AS_IT_STANDS.search(clause))  # "ATRS Requirements as drafted"


def _unfamiliar_verb(head: str) -> tuple[str | None, str]:
    """A request or imperative whose verb the vocabulary lacks: the nearest act by meaning, if clearly nearest."""
    if len(re.findall(r"[A-Za-z]{2,}", head)) < 2 or _patterns()["vague"].match(head.split()[0]):
        return None, "no act"
    if _NOT_A_VERB.match(head):
        return None, "no act"  # "NCSC CAF score in the SbD assessment", "AI-005 go-live": a name leads, not a verb
    if _ON_SCREEN.search(head):
        return "show", "to be put on screen, whatever the verb"  # "bring section 6 up on screen"
    if _patterns()["format"].search(head) and _names_document(head):
        return "export", "the document to a file, whatever the verb"  # "render the strategy to PDF"

    act, score = nearest_act(head)
    return (act, f"{_BY_MEANING} ({score:.2f})") if act else (None, "no act")


_HOW_MUCH = re.compile(r"(?i)\bhow\s+(?:many|much|long|often|soon|big|large)\b")
# A name, not a word of the language: an acronym ("NCSC", "DPIA") or an ID ("AI-005", "DR-002").
_NAME = r"(?:[A-Z]{2,}[A-Z0-9&/-]*|[A-Za-z]+-\d+[a-z]?)"
# A first word no verb is written as: a name, or any word with a digit ("p95", "2026").
_NOT_A_VERB = re.compile(rf"^\W*(?:{_NAME}|[\w-]*\d[\w-]*)(?=[\s,:;?]|$)")


def _is_elliptic_request(head: str) -> bool:
    return not re.findall(r"[A-Za-z]{3,}", head)


_AUX = re.compile(r"(?i)^(does|do|did|is|are|was|were|has|have|had|should|shall|would|will|can|could|may|might|must|"
                  r"isn't|aren't|doesn't|don't|didn't|wasn't)\s+(you|we|i|it|they|he|she|this|that|these|those|"
                  r"our|my|your|their|there|any|all|each|every)\b")


# A modal before a noun phrase is a question's inversion ("can section 3 say X", "could the table be shorter");
# "do"/"have" before one may be an imperative ("do the costs section"), so they are not here.
_MODAL_SUBJECT = re.compile(r"(?i)^(?:can|could|would|will|should|might|may|must)\s+(?:the|section|§)\b")


def _is_question(clause: str, sentence: str) -> bool:
    """A question by its opener (an auxiliary needs a subject after it, or a question mark: "do section 7" acts)."""
    m = _patterns()["question"].match(clause)
    if m is None:
        return False
    if _NEVER_IMPERATIVE.match(clause):
        return True  # "is claude fine tuned on hmrc data or not", typed without its question mark
    if re.match(r"(?i)^(does|do|did|is|are|was|were|has|have|had|should|shall|would|will|can|could|may|might|must|"
                r"isn't|aren't|doesn't|don't|didn't|wasn't)$", m.group(0)):
        return bool(_AUX.match(clause) or _MODAL_SUBJECT.match(clause)) or sentence.rstrip().endswith("?")
    return True


# An auxiliary no imperative opens with ("does anything mention X", "has red teaming been done"), unlike "do" and
# "have" ("do the costs section", "have a go at 7"), before a word of a subject: a yes/no question.
_NEVER_IMPERATIVE = re.compile(r"(?i)^(?:does|did|is|are|was|were|has|isn't|aren't|doesn't|didn't|wasn't|hasn't|"
                               r"haven't)\s+[a-z0-9]")


def _negated(clause: str) -> bool:
    """A clause whose act is cancelled: "don't draft yet", "skip the outline", "no review for now"."""
    p = _patterns()
    head = p["filler"].sub("", clause.strip()).strip()
    head = re.sub(r"(?i)^(but|and)\s+", "", head)
    return bool(p["negated"].match(head) or p["cancel"].match(head) or _HANDS_OFF.match(head) or
                re.match(r"(?i)^no\s+[\w-]+\s+(yet|for now|needed|required|necessary|please|thanks)\b", head) or
                re.match(r"(?i)^no\s+(?:more\s+)?(?:changes?|edits?|rewrites?|revisions?|amendments?)\b", head))


# ----- 4. the whole utterance -------------------------------------------------------------------------------
_EMPTY_OBJECT = re.compile(r"(?i)\b(?:it|this|that|them|these|those|the|a|an|one|thing|things|stuff|other|usual|same|as\s+well|too|here|there|but|different|differently|"
                           r"better|worse|nicer|good|right|properly|again|up|out|over|please|pls|for|me|us|now|"
                           r"something|anything|some|bit|more|work|do|can|you|sort|number|\d+)\b")


def _target(intent: str, clause: str, text: str) -> bool:
    """Whether an act that needs an object has one: a section, a topic, the document, or a named thing in the
    acting clause ("extend the roadmap"); "fix it", "make it better", "redo", "do the thing" name none."""
    if intent not in ("draft", "show", "revise"):
        return True
    p = _patterns()
    if find_sections(text) or _names_document(text):
        return True
    if intent == "show" and p["noun:show"].search(text):
        return True
    head, _ = _strip_head(clause)
    known = _verb_intent(_gerund_to_verb(head))
    verb = p[f"verb:{known}"].match(_gerund_to_verb(head)) if known else re.match(r"\s*\S+(?:\s+(?:up|out|over|down))?", head)
    obj = _gerund_to_verb(head)[verb.end():] if verb and known else head[verb.end():] if verb else head
    return len(re.findall(r"[a-z]{3,}", _EMPTY_OBJECT.sub(" ", obj.casefold()))) > 0


# Words for a figure of the project ("the RTO", "the scale target", "the monthly cost").
_FIGURE_WORDS = (r"\b(?:rto|rpo|sla|slo|targets?|thresholds?|budgets?|costs?|investment|funding|savings|capex|"
                 r"opex|npv|latency|availability|uptime|"
                 r"retention(?:\s+period)?|throughput|capacity|deadline|score|dates?|go-live|"
                 r"(?:projected|expected|estimated)\s+(?:number|growth)|volumes?|totals?|estimates?|ratios?|tco|"
                 r"peak|concurrent|cadence|frequency|timeouts?|durations?|periods?|maximum|minimum|limits?|"
                 r"(?:error|failure|success|escalation|adoption)\s+rates?)\b")
_FIGURE_ASKED = re.compile(r"(?i)" + _FIGURE_WORDS)
# A fragment that says it is vague ("stuff about costs", "something on budgets"): no figure is asked for.
_VAGUE_HEAD = re.compile(r"(?i)^\W*(?:some\s*)?(?:stuff|things?|something|anything|bits?)\b")
# Document types whose names are also the template's words ("Requirements Traceability", "Performance
# Requirements", "traceability matrix"): naming them does not say a project document is meant.
_TEMPLATE_WORDS = frozenset({"REQ", "TRAC"})
# A verbless fragment that opens with a figure's or a role's name (up to three words) and says whose it is
# ("uptime SLA for the internal agents", "risk owner for judicial resistance").
_FIGURE_FRAGMENT = re.compile(r"(?i)^\W*(?:the\s+|our\s+)?(?:[\w/-]+\s+){0,2}?(?:" + _FIGURE_WORDS +
                              r"|\bowners?\b|\bapprovers?\b)(?:\s+[\w/-]+){0,2}?\s+(?:for|of|on|in|at)\s+\S")
_CHECK = re.compile(r"(?i)^\W*(?:(?:please|pls|can you|could you)\s+)?(?:check|verify|confirm|double-check)\b")
# Words that ask for every section at once ("draft it all", "all fifteen sections", "the full document").
_WHOLE_DRAFT = re.compile(r"(?i)\b(?:all|every|whole|full|entire|fifteen|15)\b")


def _in_project_document(clause: str) -> bool:
    """Whether the clause says a project document is where the thing is ("in the Azure research", "in the DevOps
    strategy")."""
    return bool(_SOURCE_NAMED.search(clause) or _patterns()["in_other_strategy"].search(clause))


def _names_document(text: str) -> re.Match[str] | None:
    """Words naming our whole document ("the strategy", "the full draft"), not another strategy of the project's
    ("the DevOps strategy", "the FinOps strategy" are documents it was given)."""
    return _patterns()["document_targets"].search(_patterns()["other_strategies"].sub(" ", text))


# The rules' reason for "can I rename a section myself?": a question about what the user would do.
_USER_WOULD_ACT = "question (the user would act)"
# Questions read from explicit structure that a sentence embedding blurs: a figure named for a subject typed as a
# search ("AI-003 first-token latency p95"), and an act's verb leading in to a question about a project document
# ("show me the SOW budget allocated to X").
_FIGURE_NAMED = "a figure or role named for a subject"
_DOCUMENT_QUESTION = "a verb leading in to a question about the documents"


# Keywords typed as a search: no sentence, nothing leaning on what was said before, and a name (an acronym, an ID)
# among two or more words of content ("SRO criminal courts programme", "DR-002 data classification").
_KEYWORDS = "keywords typed as a search"
_NAME_TOKEN = re.compile(rf"\b{_NAME}(?![\w-])")
_FUNCTION_WORDS = frozenset(re.findall(r"\S+", "the and for with about from into onto our your their any all per via"))
# Words of a sentence, not of a search: pronouns, auxiliaries, courtesies and words that point back ("could you
# look into the issue my colleague raised?", "not that one, the other one", "Next: Training Pipeline, please").
_SENTENCE_WORDS = re.compile(r"(?i)\b(?:i|i'm|i'd|i've|me|my|we|we're|us|you|your|it|it's|he|she|they|them|this|that|"
                             r"these|those|can|could|would|will|should|shall|may|might|must|is|are|was|were|be|been|"
                             r"do|does|did|have|has|had|not|no|please|thanks|help|let|next|now|then|same|other|again|"
                             r"ok|okay|so|just|yes)\b")


def _keyword_search(text: str) -> bool:
    """Whether a message no act or question was read in is keywords typed as a search (see `_KEYWORDS`)."""
    if _elliptic(text) or _SENTENCE_WORDS.search(text) or len(text.split()) > 8 or text.rstrip().endswith("."):
        return False  # a sentence
    content = [w for w in re.findall(r"[A-Za-z][\w-]*", text) if len(w) >= 3 and w.casefold() not in _FUNCTION_WORDS]
    return len(content) >= 2 and bool(_NAME_TOKEN.search(text))


def route(text: str) -> Route:
    """Route a chat message (slash commands are parsed by the caller). Unclear when nothing is asked.
    The rules read the message by its form; the learned model (intent_model.py) overrides them only when it is
    confident of another intent, and only with an act that has something to act on."""
    by_rules = _route_by_rules(text)
    if by_rules.reason in (_USER_WOULD_ACT, _FIGURE_NAMED, _DOCUMENT_QUESTION, _KEYWORDS) or \
            find_sections(text, topics=False) or (
            by_rules.intent == "review" and by_rules.reason == "question"):
        # read from explicit structure, which a sentence embedding blurs: a named section ("Draft section 7. Why
        # was it empty?" drafts it), a question about what the user would do ("can I rename a section?"), a
        # figure or a project document's content asked for (above), or one that asks for the draft's defects
        # ("did we leave out any models?")
        return by_rules
    opinion = second_opinion(text)
    if opinion is None or opinion[0] == by_rules.intent or opinion[1] < OVERRIDE_PROBABILITY:
        return by_rules
    intent, probability = opinion
    if intent not in ROUTE_INTENTS or not _target(intent, text, text):
        return by_rules
    why = f"by meaning ({probability:.2f}) over the rules' {by_rules.intent} ({by_rules.reason})"
    return _finish(intent, why, text)


def _finish(intent: str, why: str, text: str) -> Route:
    """The route for an intent decided for `text`: its sections, export format and revision instruction."""
    # a topic ("the drift bit") names a section only for an act on a section's text, or a question about what
    # our draft says there ("what did we put under team structure?"); an outline names its own
    sections = find_sections(text, topics=intent in ("draft", "show", "revise") or (
        intent == "ask" and bool(_ABOUT_OUR_DRAFT.search(text))))
    fmt = None
    if intent == "export":
        # lazy: import cycle: assistant.drafting.chat imports this module at its top
        from assistant.drafting.chat import export_format

        fmt = export_format(text)
    instruction = text.strip() if intent == "revise" else None
    return Route(intent, sections, fmt, instruction, reason=why)  # type: ignore[arg-type]


# Initialisms every strategy's own sections use ("the AI costs"): they name no particular thing.
_GENERIC_INITIALISMS = frozenset({"AI", "ML", "LLM", "GENAI", "MLOPS", "API", "APIS", "UK", "IT"})


def _figure_of_a_named_thing(clause: str, text: str) -> bool:
    """A figure asked for a particular thing the documents name ("the monthly AWS cost for the Phase 1 MVP"),
    with no section named by number or title: a fact to look up, though its topic ("cost") is a section's."""
    if find_sections(text, topics=False):
        return False
    return any(m.group(0).upper() not in _GENERIC_INITIALISMS for m in _NAME_TOKEN.finditer(clause))


def _route_by_rules(text: str) -> Route:
    # a softener before a comma keeps the comma: "X please, the last one missed Y" is still two parts
    text = _patterns()["softener"].sub(lambda m: " , " if m.start() and "," in m.group(0) else "",
                                       repair_slips(text)).strip() or text
    text = re.sub(r"\s+,", ",", text)
    decided: list[tuple[str, str, str]] = []
    clauses = _clauses(text)
    for clause in clauses:
        if _negated(clause):
            continue
        if len(clauses) > 1 and _patterns()["subordinate_only"].match(_patterns()["filler"].sub("", clause).strip()):
            continue  # "Before drafting, list ...": the subordinate clause is context for the main one
        intent, why = _classify(clause, text)
        if intent is None or why.startswith(_BY_MEANING):
            intent, why = _after_place(clause, text) or (intent, why)
        if intent is not None:
            decided.append((intent, why, clause))
    if not decided:
        words = len(re.findall(r"[\w-]+", text))
        # typed as a search: not vague, and no section named unless a project document is named as the place
        searchable = not _VAGUE_HEAD.match(text) and (not find_sections(text, topics=False) or
                                                      _in_project_document(text))
        if searchable and (_FIGURE_FRAGMENT.match(text) or (_FIGURE_ASKED.search(text) and words >= 2)):
            # "uptime SLA for the internal agents", "Tier-2 RTO", "per-tenant spike alert threshold": a figure
            # named, typed as a search, asks for that figure
            # (typed as a search: a few words, or a fragment; a longer sentence with a figure word and no act
            # read by form may still be an act the learned model recognises)
            short = _FIGURE_FRAGMENT.match(text) or words <= 8
            return Route("ask", [], reason=_FIGURE_NAMED if short else "a figure named, no act read")
        if searchable and _keyword_search(text):
            return Route("ask", [], reason=_KEYWORDS)
        return Route("unclear", find_sections(text, topics=False), reason="no request or question found")
    # A guess by meaning (an unfamiliar verb) decides only when no clause was read by its form: "what's FR-3
    # about? need to look before Thursday" is the question, "keep 5 as it is: rename X" is the rename.
    by_form = [d for d in decided if not d[1].startswith(_BY_MEANING)]
    decided = by_form or decided
    # An action anywhere wins over an accompanying question ("Draft section 7. Why is it empty?" drafts);
    # the last action is the one to do ("check X. Then draft it."). "Tell me"/"explain" imperatives ask; a
    # question that asks for the plan, a section or a judgement wins over one that asks for a fact.
    acts = [d for d in decided if d[0] != "ask" and "question" not in d[1]]
    asked = [d for d in decided if d[0] != "ask"]
    intent, why, clause = acts[-1] if acts else asked[-1] if asked else decided[-1]
    if intent == "draft" and any(d[0] == "ask" for d in decided) and not find_sections(clause) and \
            not find_sections(text, topics=False) and \
            not _names_document(clause) and not _WHOLE_DRAFT.search(clause):
        # "draft me a line for the update - by what date is X due?": a draft of no section, nor of the document,
        # beside a question is a request for the answer (drafting all fifteen sections would answer nothing)
        return Route("ask", [], reason="a draft of no section beside a question")
    if (intent == "show" or (intent == "review" and (_CHECK.match(clause) or not _DEFECT_WORDS.search(clause)))) and \
            _FIGURE_ASKED.search(clause) and \
            (not find_sections(text) or _in_project_document(clause) or _figure_of_a_named_thing(clause, text)) and \
            not _names_document(text) and \
            not _patterns()["noun:show"].search(clause) and not _names_the_draft(clause):
        # "show me the RTO and RPO we committed to", "check the RTO for the public services": a figure no section
        # or part of the draft is named for is asked about (showing or reviewing the whole draft answers nothing);
        # so is one a project document is named for, whatever section its topic suggests ("check the change
        # failure rate target in the DevOps strategy")
        return Route("ask", [], reason="a figure to show or check, in no section named")
    if intent in ("review", "show", "draft") and not _names_the_draft(clause) and \
            not _patterns()["quality_questions"].search(text) and not _DEFECT_WORDS.search(clause) and (
            (decided[-1][0] == "ask" and _FACT_QUESTION.match(decided[-1][2])) or _LEAD_IN_QUESTION.match(clause)
            or (intent == "show" and (_SOURCE_NAMED.search(clause) or named_types(clause) - _TEMPLATE_WORDS))):
        # "Check for me: what RTO applies?", "review the SOBC: what BCR ...?", "can you review how long we keep
        # X?", "show me the cost in the Azure research", "show me the SOW budget line for Y": the verb leads in
        # to a question about the project's
        # documents; the draft is not named, so the question is what is asked
        return Route("ask", [], reason=_DOCUMENT_QUESTION)
    if intent == "revise" and any(d[0] == "draft" for d in acts[:-1]) and not find_sections(clause, topics=False):
        # "draft the costs section, include a staffing table": a change named with a draft shapes that draft
        intent, why, clause = next(d for d in acts if d[0] == "draft")
    if intent == "draft" and not _target(intent, clause, text) and \
            any(_patterns()["noun:outline"].search(c) for c in clauses if c != clause):
        # "the outline looks good, draft it": "it" is the document the approved outline plans
        return Route("draft", find_sections(text, topics=False), reason="draft of the outline approved")
    if intent == "revise" and _MAY_WE.match(clause) and not (_DRAFT_PART.search(clause) or
                                                              find_sections(clause, topics=False)):
        # "could we use a black-box model for X?": whether the project may do something, a yes/no question to
        # answer, not a change to a draft that it never names
        return Route("ask", [], reason="yes/no question about what the project may do")
    if not _target(intent, clause, text):
        return Route("unclear", [], reason=f"{intent} of nothing named")
    return _finish(intent, why, text)

"""Prompt-injection screening: offline, fast, a weighted combination of normalised heuristics.

Text is normalised first (NFKC, invisible characters removed, Cyrillic/Greek homoglyphs mapped to Latin,
s p a c e d letters joined, light leetspeak undone), so obfuscation does not hide the usual signals, and
obfuscation is itself a signal. Each signal has a weight; the score is 1 - exp(-sum / 2), so one strong
signal (an "ignore previous instructions", a role tag, an exfiltration image) flags on its own and weak
ones (addressing "the AI", sentence-initial "Disregard") flag only together. Requirements legitimately say
"ignore", "override", "system prompt" and "disregard records older than": the patterns need the object of
the override to be the model's instructions, and the model to be addressed, before they weigh much.
Base64/hex payloads are decoded and screened too.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel

DEFAULT_THRESHOLD = 0.5


class InjectionResult(BaseModel):
    flagged: bool
    score: float
    reasons: list[str]


# ----- normalisation ------------------------------------------------------------------------------
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD, 0x180E], None)
_BIDI = dict.fromkeys([0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069], None)
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ν": "v", "ο": "o", "α": "a", "ε": "e", "ι": "i",
    "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A",
    "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X", "ɡ": "g", "ı": "i",
})
_NON_LATIN_LOOKALIKE = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_SPACED = re.compile(r"\b(?:[A-Za-z][ .\-_*]){3,}[A-Za-z]\b")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_WORD = re.compile(r"\b(?=[a-z@$]*[013457@$])(?=[0-9@$]*[a-z])[a-z0-9@$]{3,}\b")


@dataclass
class _Normalised:
    text: str
    reasons: list[str]
    weight: float
    hidden: str  # text recovered from Unicode tag characters


def _normalise(raw: str) -> _Normalised:
    reasons: list[str] = []
    weight = 0.0
    tags = [chr(ord(c) - 0xE0000) for c in raw if 0xE0020 <= ord(c) <= 0xE007E]
    if tags:
        reasons.append("invisible_unicode_tags")
        weight += 2.5
    text = "".join(c for c in raw if not 0xE0000 <= ord(c) <= 0xE007F)
    zero_width = sum(text.count(chr(c)) for c in _INVISIBLE)
    bidi = sum(text.count(chr(c)) for c in _BIDI)
    if zero_width >= 3:
        reasons.append("invisible_zero_width")
        weight += 1.0
    if bidi:
        reasons.append("bidi_override")
        weight += 1.0
    text = text.translate(_INVISIBLE).translate(_BIDI)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _NON_LATIN_LOOKALIKE.search(text):
            mixed = [w for w in re.findall(r"\w+", text)
                     if _NON_LATIN_LOOKALIKE.search(w) and re.search(r"[A-Za-z]", w)]
            if mixed:
                reasons.append("homoglyphs")
                weight += 1.0
            text = text.translate(_HOMOGLYPHS)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), text)
    lowered = text.lower()
    lowered = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), lowered)
    return _Normalised(" ".join(lowered.split()), reasons, weight, "".join(tags))


# ----- signals ------------------------------------------------------------------------------------
_OVERRIDE_VERB = (r"(?:ignore|ignoring|disregard|forget|override|overrule|bypass|skip|abandon|discard|neglect|"
                  r"set aside|pay no attention to|do not follow|don't follow|stop following|no longer follow|"
                  r"cancel|nullify|void|erase|delete|drop)")
_INSTRUCTION_NOUN = (r"(?:instructions?|prompts?|rules|directions|directives|commands|guidelines|constraints|"
                     r"restrictions|programming|guardrails|safeguards|system message|system prompt|orders|"
                     r"requests|training|previous (?:context|messages?|input|conversation|tasks?))")

_SIGNALS: tuple[tuple[str, float, re.Pattern[str]], ...] = tuple(
    (name, weight, re.compile(pattern)) for name, weight, pattern in (
        ("ignore_previous_instructions", 3.0,
         rf"\b{_OVERRIDE_VERB}\b[^.\n]{{0,40}}?\b(?:previous|prior|above|earlier|preceding|foregoing|all|any|"
         rf"your|the|these|those|initial|original|existing|other|old|system|every)\b[^.\n]{{0,25}}?\b{_INSTRUCTION_NOUN}"),
        ("ignore_previous_instructions", 3.0,
         rf"\b(?:your|the|all|previous|prior|old) {_INSTRUCTION_NOUN} (?:are|is) (?:now )?(?:void|null|cancelled|"
         r"revoked|obsolete|no longer (?:valid|apply|applicable))"),
        ("regardless_of_instructions", 2.0,
         r"\b(?:regardless|irrespective) of (?:any |all |your |the )?(?:previous|prior|pre-existing|earlier|other|"
         r"your|system)?\s*(?:instructions?|input|guidelines|restrictions|rules|prompts?|programming)"),
        ("new_instructions", 2.0,
         r"\b(?:new|updated|real|actual|true|revised|important|urgent|hidden|secret|additional|priority|override)"
         r"\s+(?:important\s+)?(?:instructions?|directives?|orders|system prompt|task)\b(?!\s+(?:shall|will|must|"
         r"should|for (?:staff|users|operators)))"),
        ("your_new_task", 2.5,
         r"\byour (?:new|real|actual|only|next|true) (?:task|goal|job|objective|purpose|mission|instructions?)\b"
         r"|\byour task is (?:now )?to\b|\bthe mission,? should you accept it"),
        ("role_play_override", 2.0,
         r"\byou are (?:now|no longer)\b|\bfrom now on,? you\b|\bpretend (?:to be|you are|that you)\b"
         r"|\b(?:act|behave|respond) as (?:if you (?:were|are)|an? (?:unrestricted|unfiltered|evil|different))"
         r"|\broleplay as\b|\byou will now (?:act|respond|behave|answer)\b"),
        ("jailbreak_terms", 2.0,
         r"\b(?:jailbreak|jailbroken|dan mode|do anything now|(?:developer|god|debug|admin|maintenance) mode"
         r"(?! (?:features?|shall|must|should|will|is|are|be|settings?|flags?|windows?|endpoints?|disabled))|"
         r"unfiltered|uncensored|unrestricted (?:ai|mode|assistant)|no limits ai|"
         r"without (?:any )?(?:restrictions|limitations|filters|censorship|boundaries)|"
         r"(?:not|no longer) (?:bound|subject|restricted) (?:by|to) (?:any )?(?:rules|restrictions|guidelines|"
         r"policies|constraints)|free from all constraints|disregard all boundaries|opposite mode|anti-?dan|"
         r"you are (?:now )?dan\b|you are a no limits)"),
        ("role_tag", 2.5,
         r"<\|?\s*(?:im_start|im_end|system|endoftext|assistant|user|begin_of_text|start_header_id|eot_id)\s*\|?>"
         r"|\[/?(?:inst|system|sys)\]|<</?sys>>|</?(?:system|instructions?|system_prompt|admin|developer)>"
         r"|<interaction-config>|\bbegin (?:system|admin) (?:prompt|message|instructions?)\b"),
        ("role_label", 1.2,
         r"(?:^|\n|\s{2,}|[.!?] )(?:#+ ?)?(?:system|assistant|human|ai|developer|admin)\s*(?:message|prompt)?\s*:"
         r"\s*(?:you|ignore|from now|new|the user|respond|always|never|do not)"),
        ("addressed_to_model", 2.2,
         r"\b(?:if you are|note to|attention|message (?:to|for)|instructions? (?:to|for)|dear|hey|hello|hi|"
         r"important for|reminder (?:to|for))\s+(?:an? |the |any |all )?(?:ai|a\.i\.|llm|large language model|"
         r"language model|assistant|chatbot|bot|model|gpt|chatgpt|claude|copilot|ai assistant|ai model|ai system|"
         r"automated (?:reader|system|assistant)|summari[sz]er)s?\b(?! (?:shall|will|must|should|is|are|may|"
         r"can|service|services|project|team|programme|strategy|use|usage|policy|governance|system))"),
        ("addressed_to_model", 1.0,
         r"\b(?:ai|llm|language model|assistant|chatbot)s? (?:reading|processing|summari[sz]ing|reviewing|"
         r"parsing|analy[sz]ing) (?:this|the following)\b"),
        ("prompt_exfiltration", 2.5,
         r"\b(?:reveal|print|show|repeat|output|display|leak|dump|return|tell me|share|expose|give me|write out|"
         r"recite|paste|list|spell out|translate|summari[sz]e|what(?:'s| is| are)|continue)\b[^.\n]{0,40}?"
         r"\b(?:your|the|initial|original|hidden|full|entire|complete|exact|first sentence of your)\s+"
         r"(?:(?:initial|original|hidden|full|entire|complete|exact|secret|system|developer)\s+)*"
         r"(?:system prompt|system message|prompt|instructions|configuration|rules|guidelines|unique id|"
         r"secret (?:key|word|code|token)|canary|pre-?prompt|meta-?prompt)"
         r"(?!\s*(?:version|id\b|hash|template|files?|changes?|registry|library|store|management|history|"
         r"engineering|design|review|shall|will|must|should|is|are))"),
        ("prompt_exfiltration", 2.5,
         r"\b(?:repeat|print|output|copy|reproduce|echo|go (?:line by line )?(?:through|on)|list)\b[^.\n]{0,30}?"
         r"\b(?:the )?(?:words|text|everything|content|lines|instructions|messages?) (?:above|before|preceding|"
         r"prior|you (?:see|were given)|you see above)|starting with (?:the phrase )?['\"]?you are\b"),
        ("markdown_image_exfil", 2.5,
         r"!\[[^\]\n]*\]\(\s*<?(?:https?:)?//[^)\s]*[?&#=][^)]*\)|!\[[^\]\n]*\]\(\s*<?(?:https?:)?//[^)\s]*"
         r"(?:\{|\[|%7b|\$|<)[^)]*\)"),
        ("html_image_exfil", 2.0, r"<img\b[^>]*\bsrc\s*=\s*['\"]?(?:https?:)?//[^>]*[?&=][^>]*>"),
        ("exfiltration_request", 2.5,
         r"\b(?:send|post|forward|upload|transmit|exfiltrate|submit|email|leak|copy|append|encode)\b[^.\n]{0,40}?"
         r"\b(?:conversation|chat|history|messages?|documents?|contents?|summary|secrets?|api ?keys?|credentials|"
         r"passwords?|tokens?|prompts?|personal (?:data|details|information)|user(?:'s)? (?:data|details|"
         r"information|emails?|messages?)|everything)\b[^.\n]{0,40}?\b(?:to|at|into|in|via)\b[^.\n]{0,20}?"
         r"(?:https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+|the (?:url|link|webhook|endpoint|address) below)"),
        ("templated_url", 1.5, r"https?://\S*(?:\{\{?[a-z_ ]+\}?\}|\[(?:query|data|secret|token|info|key)\]|%7b|\$\{?[a-z_]+)"),
        ("include_in_response", 1.4,
         r"\b(?:include|insert|add|append|embed|put|place|output|print|write|repeat)\b[^.\n]{0,50}?\b(?:in|into|to|at "
         r"the (?:end|start|beginning) of)\s+(?:your|the|every|each)\s+(?:response|reply|answer|output|summary|"
         r"draft)\b"),
        ("respond_only_with", 1.2,
         r"(?<!shall )(?<!must )(?<!will )(?<!should )(?<!may )(?<!to )\b(?:respond|reply|answer|say|output) "
         r"(?:only|solely|exclusively) (?:with|by)\b|\byour (?:only|sole) "
         r"(?:response|output|answer|reply) (?:should|must|will) be\b|\b(?:begin|start) your (?:response|reply|"
         r"answer) with\b|\bdo not (?:say|write|output) anything (?:else|other)\b"),
        ("hide_from_user", 2.0,
         r"\b(?:do not|don't|never|without) (?:tell|telling|inform|informing|mention|mentioning|reveal|revealing|"
         r"disclose|disclosing|alert|alerting|notify|notifying|let|letting) (?:the )?(?:user|human|anyone|"
         r"operator|reader|end user|recipient)s?\b|\bwithout (?:the user|them|anyone) (?:knowing|noticing)\b"
         r"|never shown to the (?:end )?user|parsed out and never shown"),
        ("conditional_task_hijack", 1.8,
         r"\b(?:if|when|whenever|once) (?:you are|you're|you get|you're being)? ?(?:asked|told|instructed|"
         r"requested|prompted) to (?:summari[sz]e|answer|draft|write|review|translate|analy[sz]e|process|read)\b"
         r"|\b(?:when|if|whenever) you (?:summari[sz]e|draft|write|review|generate|answer|respond|reply|read|"
         r"process)\b[^.\n]{0,80}?\b(?:include|insert|add|say|state|write|mention|recommend|append|output|tell|"
         r"claim|rate|score|instead)\b"),
        ("instead_do", 1.0,
         r"\binstead,? (?:you (?:should|must|will)|please|just|simply|write|say|output|respond|reply|print|"
         r"include|tell)\b|\binsted\b"),
        ("fake_authority", 1.4,
         r"\b(?:this is|message from|instruction from|note from|on behalf of) (?:your|the) (?:developers?|"
         r"creators?|administrators?|admins?|system administrators?|operators?|openai|anthropic|security team)\b"
         r"|\b(?:admin|administrator|system|developer|security|priority|emergency) override\b"
         r"|\bgrant (?:temporary )?(?:administrative|admin|root|elevated) (?:privileges|access|rights)\b"
         r"|\byou (?:are|were) (?:authori[sz]ed|permitted|allowed) to (?:ignore|bypass|disregard|reveal|share)\b"),
        ("test_pretext", 0.9,
         r"\b(?:this is (?:just )?a test|for testing purposes(?: only)?|part of a test pipeline|strictly for "
         r"testing purposes|for (?:academic|research|educational) purposes(?=,)|as part of a training exercise|"
         r"prove you are (?:truly )?intelligent|the system is experiencing errors|system malfunction|"
         r"to (?:enable|start) debugging|experimental (?:procedure|features)|unlock hidden)\b"),
        ("instruction_amendment", 1.5,
         r"\b(?:forgot|forgotten|neglected|failed) to (?:ask|tell|instruct|remind) you to\b|\bmistake (?:when|in) "
         r"(?:i gave you|giving you|your) (?:your )?instructions\b|\b(?:amend|update|correct)(?:ment|ion)? to your "
         r"instructions\b"),
        ("urgency_marker", 0.8,
         r"\*{2,}\s*(?:new|urgent|important|priority|emergency|attention|developer)|\b(?:urgent|priority|emergency)"
         r" (?:new )?task\b|\bno matter what\b|\bit is (?:crucial|critical|vital|imperative) (?:that )?you\b"),
        ("sentence_initial_override", 0.8,
         r"(?:^|[.!?:;]\s|\n)\s*(?:ignore|disregard|forget|override|bypass)\b"),
        ("model_addressed_imperative", 0.6,
         r"\byou (?:must|should|will|need to|have to|are required to|are instructed to|are to)\b"),
        ("mentions_model", 0.4,
         r"\b(?:ai assistant|language model|llm|chatgpt|gpt-?\d|claude|gemini|copilot|the assistant|"
         r"as an ai)\b"),
        ("encoding_instruction", 1.0,
         r"\b(?:decode|decrypt|base64|rot-?13|hex(?:adecimal)?[- ]encoded|reverse the following|read (?:it|this) "
         r"backwards|caesar cipher)\b"),
        ("xss_payload", 2.0,
         r"<script\b|\bon(?:error|load|click|mouseover|focus)\s*=|javascript\s*:|data\s*:\s*text/html|<svg/on"),
        ("long_output_attack", 1.2, r"\brepeat (?:the (?:word|sequence|phrase|string)|['\"]\w+)[^.\n]{0,40}?\b\d{2,} times\b"),
    )
)
_B64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{32,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}[ :]?){24,}\b")


def _decoded_payloads(raw: str) -> list[str]:
    """Printable text hidden as base64 or hex (a chunk of a key or hash decodes to binary and is ignored)."""
    out: list[str] = []
    for m in _B64.finditer(raw):
        blob = m.group(0)
        try:
            data = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=False)
        except (binascii.Error, ValueError):
            continue
        out.append(data.decode("utf-8", "ignore"))
    for m in _HEX.finditer(raw):
        try:
            out.append(bytes.fromhex(re.sub(r"[ :]", "", m.group(0))).decode("utf-8", "ignore"))
        except ValueError:
            continue
    return [t for t in out if t and sum(c.isprintable() or c.isspace() for c in t) / len(t) > 0.95
            and re.search(r"[a-z]{3,} [a-z]{2,}", t.lower())]


# Cheap substring pre-checks: a signal's regex runs only when one of its words is in the text (speed).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "ignore_previous_instructions": ("ignor", "disregard", "forget", "overr", "bypass", "skip", "abandon", "discard",
                                     "neglect", "aside", "attention", "follow", "cancel", "nullif", "void", "erase",
                                     "delete", "drop", "instruction", "rules", "prompt"),
    "regardless_of_instructions": ("regardless", "irrespective"),
    "new_instructions": ("instruction", "directive", "orders", "prompt", "task"),
    "your_new_task": ("your ", "mission"),
    "role_tag": ("<", "[", "begin "),
    "role_label": (":",),
    "markdown_image_exfil": ("![",),
    "html_image_exfil": ("<img",),
    "templated_url": ("http",),
    "include_in_response": ("your", "the", "every", "each"),
    "respond_only_with": ("only", "solely", "exclusively", "begin your", "start your", "anything"),
    "hide_from_user": ("not ", "don't", "never", "without", "shown"),
    "conditional_task_hijack": ("if ", "when", "once "),
    "instead_do": ("instead", "insted"),
    "fake_authority": ("this is", "message from", "instruction from", "note from", "behalf", "override", "grant",
                       "you are", "you were"),
    "test_pretext": ("test", "purposes", "training exercise", "prove", "error", "malfunction", "debug",
                     "experimental", "unlock"),
    "urgency_marker": ("**", "task", "no matter", "crucial", "critical", "vital", "imperative"),
    "encoding_instruction": ("decod", "decrypt", "base64", "rot", "hex", "reverse", "backwards", "caesar"),
    "xss_payload": ("<", "javascript", "data", "on"),
    "long_output_attack": ("repeat",),
    "instruction_amendment": ("forgot", "neglected", "failed", "mistake", "your instructions"),
}


def _signal_weights(normalised: str) -> dict[str, float]:
    hits: dict[str, float] = {}
    for name, weight, pattern in _SIGNALS:
        triggers = _TRIGGERS.get(name)
        if triggers and not any(t in normalised for t in triggers):
            continue
        if name not in hits and pattern.search(normalised):
            hits[name] = weight
        elif name in hits and weight > hits[name] and pattern.search(normalised):
            hits[name] = weight
    return hits


def detect_injection(text: str, *, threshold: float = DEFAULT_THRESHOLD) -> InjectionResult:
    """Score `text` for prompt injection (0..1) and say which signals fired."""
    norm = _normalise(text)
    hits = _signal_weights(norm.text)
    reasons = list(norm.reasons)
    total = norm.weight
    hidden = [norm.hidden] if norm.hidden else []
    payloads = _decoded_payloads(text)
    if payloads:
        reasons.append("encoded_payload")
        total += 1.0
    for extra in hidden + payloads:
        for name, weight in _signal_weights(_normalise(extra).text).items():
            if hits.get(name, 0) < weight:
                hits[name] = weight
                reasons.append(f"{name} (hidden)")
    # weak signals count once each; "you must" and "the assistant" are common in requirements
    total += sum(hits.values())
    reasons.extend(name for name in hits if f"{name} (hidden)" not in reasons)
    score = round(1 - math.exp(-total / 2), 4)
    return InjectionResult(flagged=score >= threshold, score=score, reasons=list(dict.fromkeys(reasons)))

"""The form of answer a question asks for, and the part of a passage that gives it.

ArcKit passages are often labelled values: flattened table rows ("Risk Owner: DPO | Action Owner: CISO"),
bold labels ("**Risk Owner**: DPO **Action Owner**: CISO"), or key/value rows ("Aspect: Expected impact |
Detail: 20-35% reduction"). A question names the label it wants ("who owns the risk" -> "Risk Owner", "which
embedding model" -> "Embedding Model"); leading with the first value of the passage answers another question.

    answer_form("Who owns risk R-6?") -> "who"
    labelled_values("Risk Owner: DPO | Action Owner: CISO") -> [Labelled("Risk Owner", "DPO", ...), ...]
    polarity("No residual high risk requires prior consultation.") -> "No"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.drafting.passage_rank import stem, stemmed_terms
from assistant.markdown_tables import is_delimiter_row, split_row

Form = Literal["who", "which", "yesno", "other"]

_WHO = re.compile(r"(?i)^\s*(?:and\s+)?(?:who|whom|whose)\b|\bwho(?:'s|\s+is|\s+are|\s+was|\s+owns|\s+approves)\b")
_YES_NO = re.compile(r"(?i)^\s*(?:does|do|did|is|are|was|were|can|could|will|would|should|must|has|have|had|may|"
                     r"might|shall)\b(?!\s+you\b)")
# "is it X or Y?" asks which of two, not yes or no
_ALTERNATIVE = re.compile(r"(?i)\bor\s+(?!not\b|otherwise\b)\w+")
# "which embedding model does ...", "what streaming service did ...": the thing asked about, up to its verb
_WHICH = re.compile(r"(?i)\b(?:which|what)\s+((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+(?:does|do|did|is|are|was|were|"
                    r"has|have|had|will|would|should|must|can|could|in|for|of|on|at|to|from|did)\b")
# Words of the thing asked about that do not name it ("which exact version" is "version").
_VAGUE = frozenset(stemmed_terms("exact specific main primary particular actual one kind type current"))

# A role a "who" question asks for, by its stem: "owns"/"owner" are one role, "approves"/"approver" another.
_ROLES = {"own": "own", "owner": "own", "ownership": "own", "owned": "own", "owns": "own",
          "approv": "approv", "approver": "approv", "approval": "approv", "approve": "approv",
          "responsib": "responsib", "responsible": "responsib", "responsibility": "responsib",
          "accountab": "accountab", "accountable": "accountab", "accountability": "accountab",
          "lead": "lead", "leads": "lead", "sponsor": "sponsor", "custodian": "custodian", "steward": "steward",
          "contact": "contact", "signatory": "sign", "sign": "sign", "signs": "sign", "sro": "sro",
          "manager": "manag", "manag": "manag", "manages": "manag",
          # data protection roles ("who is the data controller?")
          "controller": "controller", "processor": "processor"}
_ROLE_WORD = re.compile(r"(?i)\b(" + "|".join(sorted(_ROLES, key=len, reverse=True)) + r")[a-z]*\b")
# A value that names no one yet ("[PENDING]", "TBC", "_____").
_PLACEHOLDER = re.compile(r"(?i)^\W*(?:pending|tbc|tbd|to be (?:confirmed|decided|agreed)|n/?a|none|unknown|_+|-+)\W*$|"
                          r"^\s*\[[^\]]*\]\s*(?:[—–-].*)?$")

# A table cell or line that is a label and its value: "Risk Owner: DPO", "**Embedding Model**: Titan", "4Ts: TOLERATE".
_CELL_LABEL = re.compile(r"^\s*(?:[-*+]\s+|\d+\.\s+)?(?:\*\*|__)?\s*(?P<label>(?:[A-Za-z]|\d[A-Za-z])[\w /()&'’.,-]{0,48}?)\s*"
                         r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$")
# Bold labels in running text: "**Risk Owner**: DPO **Action Owner**: CISO" (or "**Risk Owner:** DPO").
_BOLD_LABEL = re.compile(r"(?:\*\*|__)(?P<label>[^*_:\n]{1,50}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*")
# Negation of what a sentence states: "not required", "no residual high risk", "cannot", "out of scope".
_NEGATION = re.compile(r"(?i)\b(?:not|no|never|none|cannot|can't|won't|isn't|aren't|doesn't|don't|didn't|without|"
                       r"nor|neither|prohibited|forbidden|excluded|out\s+of\s+scope|not\s+permitted)\b|n't\b")
_NEED_QUESTION = re.compile(r"(?i)\b(?:need|needs|needed|require[sd]?|required|necessary|mandatory|have to|must)\b")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\[])")


@dataclass(frozen=True)
class Labelled:
    label: str  # the label as written ("Risk Owner")
    value: str  # its value, without markup
    key: str  # the row's key: its first cell's value ("R-006", "Sarah Williams"); "" outside a table row
    row: str  # the line or row it is in, to quote


def answer_form(question: str) -> Form:
    """What kind of answer the question asks for: a person or role, a named thing, yes or no, or other."""
    if _WHO.search(question):
        return "who"
    if _YES_NO.match(question) and not _ALTERNATIVE.search(question):
        return "yesno"
    if _WHICH.search(question):
        return "which"
    return "other"


_SRO = re.compile(r"(?i)\bsenior\s+responsible\s+owner\b")


def roles(text: str) -> set[str]:
    """The roles a text names ("Risk Owner" -> {"own"}, "who approves" -> {"approv"}); the Senior Responsible
    Owner written out is the SRO a question names by its initials."""
    found = {_ROLES[m.group(1).casefold()] for m in _ROLE_WORD.finditer(text) if m.group(1).casefold() in _ROLES}
    return found | {"sro"} if _SRO.search(text) else found


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\*\*|__|`", "", value)).strip(" |-*")


def labelled_values(text: str) -> list[Labelled]:
    """Every label and its value in a passage: flattened or markdown table rows, bold labels, "Label: value" lines."""
    out: list[Labelled] = []
    for line in text.splitlines():
        if not line.strip() or is_delimiter_row(line):
            continue
        if " | " in line or line.lstrip().startswith("|"):
            cells = [c for c in split_row(line) if c.strip()]
            pairs = [_CELL_LABEL.match(c) for c in cells]
            found = [m for m in pairs if m]
            if len(found) >= 2:
                key = _clean(found[0].group("value"))
                row = _clean(line)
                out += [Labelled(_clean(m.group("label")), _clean(m.group("value")), key, row) for m in found]
                continue
        bold = list(_BOLD_LABEL.finditer(line))
        if bold:
            for i, found_label in enumerate(bold):
                end = bold[i + 1].start() if i + 1 < len(bold) else len(line)
                value = _clean(line[found_label.end():end])
                if value:
                    out.append(Labelled(_clean(found_label.group("label")), value, "", _clean(line)))
            continue
        plain = _CELL_LABEL.match(line)
        if plain and len(plain.group("label").split()) <= 5:
            out.append(Labelled(_clean(plain.group("label")), _clean(plain.group("value")), "", _clean(line)))
    return out


def first_statement(value: str, limit: int = 160) -> str:
    """A value up to its first sentence's end ("Mark Craddock — Service Owner. Accountable for ..." -> the name
    and role), at most `limit` characters, cut at a word."""
    said = _SENTENCE_END.split(value, maxsplit=1)[0].rstrip(" ;")
    if len(said) > limit:
        said = said[:limit].rsplit(" ", 1)[0] + " ..."
    return said


def placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.match(value))


def asked_phrase(question: str) -> str:
    """The words of the thing a "which/what X" question asks about ("which embedding model does" -> "embedding
    model"); "" when it asks for no such thing."""
    m = _WHICH.search(question)
    return m.group(1) if m else ""


def thing_asked(question: str) -> set[str]:
    """The stems of the thing a "which/what X" question asks about ("which embedding model does" -> embed, model)."""
    m = _WHICH.search(question)
    return stemmed_terms(m.group(1)) - _VAGUE if m else set()


def head_noun(question: str) -> str:
    """The last word of the thing asked about ("which streaming service" -> "servic"), stemmed."""
    m = _WHICH.search(question)
    words = m.group(1).split() if m else []
    return stem(words[-1].casefold()) if words else ""


def polarity(sentence: str) -> Literal["Yes", "No"]:
    """Whether a sentence states or denies what it says: a negation anywhere in it denies."""
    return "No" if _NEGATION.search(sentence) else "Yes"


def yes_no_lead(question: str, sentence: str) -> str:
    """The Yes/No that opens the answer to a yes/no question, from the sentence that answers it; a question about
    what is needed answered by a denial says it is not required."""
    said = polarity(sentence)
    if _NEGATION.search(question):
        return ""  # "is X not allowed?": a denial in the passage agrees with the question; no plain Yes/No
    if said == "No" and _NEED_QUESTION.search(question):
        return "No, not required"
    return said

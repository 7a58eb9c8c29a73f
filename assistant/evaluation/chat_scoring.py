"""Scoring chat (issue 22): intent accuracy on a labelled utterance set, and factual answers on real projects.

Both score what the product returns through its public interfaces (the router's `route(text)` and the CLI's
`chat --message Q --json`), written apart from the router and the answerer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InvalidInputError

INTENTS = ("ask", "show", "outline", "draft", "revise", "review", "export", "unclear")


@dataclass(frozen=True)
class Utterance:
    text: str
    intent: str
    sections: tuple[int, ...]


def load_utterances(path: Path) -> list[Utterance]:
    """A labelled set as mappings (text, intent, sections) or as the router author's [text, intent, sections] rows."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if data and all(isinstance(r, list) for r in data):
        data = [{"text": r[0], "intent": r[1], "sections": r[2] if len(r) > 2 else []} for r in data]
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "text" not in item or "intent" not in item:
            raise InvalidInputError(f"{path}: item {i + 1} needs 'text' and 'intent'")
        if item["intent"] not in INTENTS:
            raise InvalidInputError(f"{path}: item {i + 1} has unknown intent {item['intent']!r}")
        out.append(Utterance(str(item["text"]), str(item["intent"]), tuple(int(s) for s in item.get("sections") or [])))
    return out


def score_intents(items: list[Utterance], route: Callable[[str], Any]) -> dict[str, Any]:
    """Accuracy (intent), sections agreement, per-intent precision/recall and the confusion table."""
    confusion: Counter[tuple[str, str]] = Counter()
    rows = []
    sections_right = 0
    for item in items:
        result = route(item.text)
        got = str(getattr(result, "intent", "")).split(".")[-1].lower()
        sections = tuple(sorted(int(s) for s in (getattr(result, "sections", None) or [])))
        confusion[(item.intent, got)] += 1
        sections_ok = sections == tuple(sorted(item.sections))
        sections_right += sections_ok
        rows.append({"text": item.text, "want": item.intent, "got": got, "sections_want": list(item.sections),
                     "sections_got": list(sections), "sections_ok": sections_ok})
    n = len(items)
    correct = sum(v for (want, got), v in confusion.items() if want == got)
    labels = sorted({*INTENTS, *(got for _, got in confusion)})
    per_intent = {}
    for label in labels:
        tp = confusion[(label, label)]
        predicted = sum(v for (_, got), v in confusion.items() if got == label)
        actual = sum(v for (want, _), v in confusion.items() if want == label)
        per_intent[label] = {"support": actual, "predicted": predicted,
                             "precision": round(tp / predicted, 3) if predicted else None,
                             "recall": round(tp / actual, 3) if actual else None}
    return {
        "n": n, "accuracy": round(correct / n, 3) if n else None,
        "intent_and_sections_accuracy": round(sum(1 for r in rows if r["want"] == r["got"] and r["sections_ok"]) / n, 3)
        if n else None,
        "sections_accuracy": round(sections_right / n, 3) if n else None,
        "per_intent": per_intent,
        "confusion": {want: {got: confusion[(want, got)] for got in labels if confusion[(want, got)]}
                      for want in labels if any(confusion[(want, g)] for g in labels)},
        "errors": [r for r in rows if r["want"] != r["got"] or not r["sections_ok"]],
    }


def intents_markdown(result: dict[str, Any], command: str) -> str:
    lines = ["# Chat intent accuracy", "", f"Reproduce: `{command}`", "",
             f"Utterances: {result['n']}; intent accuracy **{result['accuracy']}**; sections accuracy "
             f"{result['sections_accuracy']}; intent and sections both right {result['intent_and_sections_accuracy']}",
             "", "| intent | support | predicted | precision | recall |", "|---|---|---|---|---|"]
    for label, p in result["per_intent"].items():
        lines.append(f"| {label} | {p['support']} | {p['predicted']} | {p['precision']} | {p['recall']} |")
    labels = list(result["per_intent"])
    lines += ["", "Confusion (rows: labelled, columns: routed)", "",
              "| | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for want, row in result["confusion"].items():
        lines.append(f"| {want} | " + " | ".join(str(row.get(g, "")) for g in labels) + " |")
    lines += ["", "Errors:", ""]
    lines += [f"- {r['text']!r}: labelled {r['want']} {r['sections_want']}, routed {r['got']} {r['sections_got']}"
              for r in result["errors"]]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ factual questions

@dataclass(frozen=True)
class Question:
    question: str
    answer: str
    terms: tuple[str, ...]
    document: str
    where: str
    # The second format's alternatives: the answer counts when any one of them (or `answer`) is in it. Empty for
    # the first format, where every one of `terms` must be.
    accept: tuple[str, ...] = ()


def load_questions(path: Path) -> list[Question]:
    """Two formats: a list of {question, answer, answer_terms (all must appear), source} (evals/real/questions/),
    or {questions: [{id, question, answer, accept (any one may appear), source}]} (evals/real/questions2/)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInputError(f"{path}: expected a list of questions (or a 'questions:' list)")
    out = []
    for i, item in enumerate(items):
        source = item.get("source") or {}
        if not item.get("question") or not source.get("document") or not (
                item.get("answer_terms") or item.get("accept") or item.get("answer")):
            raise InvalidInputError(f"{path}: question {i + 1} needs question, source.document and answer_terms, "
                                    "accept or answer")
        accept = tuple(str(a) for a in [item.get("answer"), *(item.get("accept") or [])] if a) \
            if not item.get("answer_terms") else ()
        out.append(Question(str(item["question"]), str(item.get("answer", "")),
                            tuple(str(t) for t in item.get("answer_terms") or []), str(source["document"]),
                            str(source.get("where", "")), accept))
    return out


_WHERE_ID = re.compile(r"\b[A-Z]{1,6}(?:-[A-Z0-9]{1,6})*-\d+[a-z]?\b|\b\d+(?:\.\d+)+\b")


def _stem(name: str) -> str:
    # an annotator's note after the file name ("ARC-000-PRIN-v1.0.md (projects/000-global)") is not part of it
    name = re.sub(r"\s+\(.*\)\s*$", "", str(name))
    return re.sub(r"\.[A-Za-z0-9]+$", "", Path(name).name).upper()


# A document is named by its ID without the version: one project's files can say v1.0 while the Document ID in them
# says v2.0, and an answer cited from either version of the named document is from that document.
_VERSION = re.compile(r"-V\d+(?:\.\d+)*$")


def _from_document(citation: dict[str, Any], document: str) -> bool:
    cited = _VERSION.sub("", _stem(citation.get("document") or ""))
    want = _VERSION.sub("", _stem(document))
    return bool(cited) and (cited == want or cited.startswith(want) or want.startswith(cited))


# An offline answer states the answer, then quotes its sources under one of these lines. Only the part before them
# is the answer: a figure found only inside a quoted passage (which may be about something else) was not given.
_QUOTES = re.compile(r"^\s*(?:Sources?|From the documents) \(quoted", re.MULTILINE)


def _lead(answer: str) -> str:
    match = _QUOTES.search(answer)
    return answer[:match.start()] if match else answer


def judge_answer(question: Question, reply: dict[str, Any]) -> dict[str, Any]:
    """correct: every answer term (or one accepted form) in the answer before its quoted sources, and a citation
    from the source document; right passage: a
    citation from that document whose heading or text holds the `where` reference (an ID or a heading number)."""
    answer = str(reply.get("answer") or "")
    citations = [c for c in reply.get("citations") or [] if isinstance(c, dict)]
    folded = " ".join(_lead(answer).lower().split())
    terms_ok = (any(" ".join(form.lower().split()) in folded for form in question.accept) if question.accept
                else all(term.lower() in folded for term in question.terms))
    from_source = [c for c in citations if _from_document(c, question.document)]
    ids = [m.group(0) for m in _WHERE_ID.finditer(question.where)]
    if ids:
        passage_ok = any(any(i.lower() in f"{c.get('heading') or ''} {c.get('text') or ''}".lower() for i in ids)
                         for c in from_source)
    else:
        passage_ok = bool(from_source)
    return {"question": question.question, "expected": question.answer, "terms_in_answer": terms_ok,
            "cited_source_document": bool(from_source), "right_passage": passage_ok,
            "correct": terms_ok and bool(from_source), "intent": reply.get("intent"),
            "answer": answer[:600], "cited": [c.get("document") for c in citations]}


def summarise_answers(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)

    def pct(name: str) -> float | None:
        return round(sum(1 for r in results if r.get(name)) / n, 3) if n else None

    return {"n": n, "correct": pct("correct"), "correct_with_right_passage":
            round(sum(1 for r in results if r.get("correct") and r.get("right_passage")) / n, 3) if n else None,
            "right_passage": pct("right_passage"), "terms_in_answer": pct("terms_in_answer")}

"""Guardrail rates on the held-apart sets in `evals/data/guardrails/` (the eval harness calls these).

`injection_metrics`: detection rate on attacks (overall, English indirect, per kind/language) and
false-positive rate on benign requirements. `pii_metrics`: recall per entity type and precision (a detected
span is correct when a gold span of the same type overlaps it).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from assistant.guardrails.injection import DEFAULT_THRESHOLD, detect_injection
from assistant.guardrails.pii import detect_pii

DATA_DIR = PROJECT_ROOT / "evals" / "data" / "guardrails"
# What the (frozen) detector was trained on: read here only to keep gate evidence apart from it.
TRAINING_DIR = PROJECT_ROOT / "research" / "injection-detector" / "data"
# Hand-written held-apart sets, never trained on, each scored once blind. 2-10 then chose the kept epoch and the
# thresholds (they are development sets now: reported, never a gate); heldout11 was scored once, blind, after the
# detector and its thresholds were fixed, and is the only injection set a generalisation gate stands on.
DEVELOPMENT_HELDOUT_SETS = ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
                            "heldout9", "heldout10")
BLIND_SETS = ("heldout11",)
HELDOUT_SETS = (*DEVELOPMENT_HELDOUT_SETS, *BLIND_SETS)
NEAR_COPY_WORDS = 8  # a row sharing this many consecutive words with any training row is not independent of it


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def word_runs(text: str, n: int = NEAR_COPY_WORDS) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def training_runs(folder: Path = TRAINING_DIR) -> set[str]:
    """Every run of NEAR_COPY_WORDS words in every training file (empty where the research folder is absent)."""
    return {run for path in sorted(folder.glob("*.jsonl")) for row in _rows(path) for run in word_runs(row["text"])}


def independent_rows(rows: list[dict[str, Any]], training: set[str]) -> list[dict[str, Any]]:
    """The rows that share no NEAR_COPY_WORDS-word run with any training row: what a generalisation gate scores."""
    return [row for row in rows if not word_runs(row["text"]) & training]


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def injection_metrics(path: Path | None = None, *, threshold: float = DEFAULT_THRESHOLD,
                      use_classifier: bool = True, rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Every row is screened as a document (`source="document"`), as ingestion does. Also reported: which
    signal caught each English attack (`caught_by`: heuristics only, classifier only, both), and the direct
    attacks and benign rows screened as chat input (`chat_mode`)."""
    rows = rows if rows is not None else _rows(path or DATA_DIR / "injection_eval.jsonl")
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    false_positives: list[str] = []
    caught_by: dict[str, int] = defaultdict(int)
    chat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        result = detect_injection(row["text"], threshold=threshold, use_classifier=use_classifier)
        flagged = result.flagged
        if flagged:
            learned = "semantic_classifier" in result.reasons
            heuristic = any(r != "semantic_classifier" for r in result.reasons) and (
                not learned or detect_injection(row["text"], threshold=threshold, use_classifier=False).flagged)
            key = "both" if learned and heuristic else "classifier_only" if learned else "heuristics_only"
            caught_by[f"{'attack' if row['label'] == 1 else 'benign'}:{key}"] += 1
        if row["lang"] == "en" and (row["label"] == 0 or row["kind"] == "direct"):
            chat_key = "benign" if row["label"] == 0 else "direct:en"
            chat[chat_key][0] += int(detect_injection(row["text"], threshold=threshold, source="chat",
                                                      use_classifier=use_classifier).flagged)
            chat[chat_key][1] += 1
        if row["label"] == 1:
            keys = ["attacks", f"{row['kind']}:{row['lang']}"]
            if row["lang"] == "en":
                keys.append("attacks_en")
        else:
            keys = ["benign"]
        for key in keys:
            groups[key][0] += int(flagged)
            groups[key][1] += 1
        if row["label"] == 1 and not flagged and row["lang"] == "en":
            misses.append(row["source"])
        if row["label"] == 0 and flagged:
            false_positives.append(row["text"][:120])
    return {
        "threshold": threshold,
        "detection_rate": _rate(*groups["attacks"]),
        "detection_rate_en": _rate(*groups["attacks_en"]),
        "detection_rate_indirect_en": _rate(*groups["indirect:en"]),
        "false_positive_rate": _rate(*groups["benign"]),
        "by_group": {k: {"flagged": v[0], "total": v[1], "rate": _rate(*v)} for k, v in sorted(groups.items())},
        "caught_by": dict(sorted(caught_by.items())),
        "chat_mode": {k: {"flagged": v[0], "total": v[1], "rate": _rate(*v)} for k, v in sorted(chat.items())},
        "missed_en_sources": misses,
        "false_positives": false_positives,
    }


def pii_metrics(path: Path | None = None) -> dict[str, Any]:
    rows = _rows(path or DATA_DIR / "pii_eval.jsonl")
    found_by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    predicted, correct = 0, 0
    wrong: list[str] = []
    for row in rows:
        spans = detect_pii(row["text"])
        for gold in row["spans"]:
            hit = any(s.type == gold["type"] and s.start < gold["end"] and gold["start"] < s.end for s in spans)
            found_by_type[gold["type"]][0] += int(hit)
            found_by_type[gold["type"]][1] += 1
        for s in spans:
            predicted += 1
            ok = any(s.type == g["type"] and s.start < g["end"] and g["start"] < s.end for g in row["spans"])
            correct += int(ok)
            if not ok:
                wrong.append(f"{s.type}: {row['text'][max(0, s.start - 15):s.end + 5]!r}")
    gold_total = sum(v[1] for v in found_by_type.values())
    return {
        "recall_by_type": {k: {"found": v[0], "total": v[1], "recall": _rate(*v)} for k, v in sorted(found_by_type.items())},
        "recall": _rate(sum(v[0] for v in found_by_type.values()), gold_total),
        "precision": _rate(correct, predicted),
        "false_positives": wrong[:20],
    }

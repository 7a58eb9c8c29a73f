"""Retrieval evaluation: recall@k of hybrid, dense-only and BM25-only search on a labelled question set.

The eval harness calls `evaluate_retrieval()` (ingests the fixtures, then scores); tests and the benchmark
may call `evaluate_project()` on a project they have already ingested. A question counts as found at k when any of the top-k chunks
carries one of its expected requirement IDs, or contains its `expected_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from assistant.config import PROJECT_ROOT
from assistant.errors import InvalidInputError
from assistant.ingest import ingest_paths
from assistant.retrieval.search import search

if TYPE_CHECKING:  # search (bm25s, numpy, the store) loads only when a question is asked
    from assistant.retrieval.search import Mode

DEFAULT_QUESTIONS = PROJECT_ROOT / "evals" / "data" / "retrieval" / "questions.yaml"
MODES: tuple[Mode, ...] = ("hybrid", "dense", "bm25")


@dataclass
class Question:
    id: str
    question: str
    expected: list[str] = field(default_factory=list)
    expected_text: str | None = None


@dataclass
class ModeResult:
    mode: str
    k: int
    recall: float
    found: list[str]
    missed: list[str]


@dataclass
class RetrievalReport:
    k: int
    questions: int
    results: dict[str, ModeResult]

    def recall(self, mode: str = "hybrid") -> float:
        return self.results[mode].recall

    def metrics(self) -> dict[str, float | None]:
        """Figures for the eval report: retrieval_recall_at_5 (hybrid) and one per single mode."""
        out: dict[str, float | None] = {}
        for mode, result in self.results.items():
            suffix = "" if mode == "hybrid" else f"_{mode}"
            out[f"retrieval_recall_at_{self.k}{suffix}"] = round(result.recall, 4)
        return out

    def details(self) -> dict[str, str]:
        return {
            f"retrieval_missed_{mode}": ", ".join(result.missed) or "none" for mode, result in self.results.items()
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "questions": self.questions,
            "recall": {mode: round(result.recall, 4) for mode, result in self.results.items()},
            "missed": {mode: result.missed for mode, result in self.results.items()},
        }


def load_questions(path: Path | str = DEFAULT_QUESTIONS) -> tuple[list[Question], dict[str, Any]]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInputError(f"{path}: cannot read the retrieval question set ({exc}).") from exc
    questions = []
    for index, item in enumerate(data.get("questions") or []):
        if not item.get("question") or not (item.get("expected") or item.get("expected_text")):
            raise InvalidInputError(f"{path}: question {index + 1} needs `question` and `expected` or `expected_text`.")
        questions.append(
            Question(
                id=str(item.get("id", f"q{index + 1}")),
                question=str(item["question"]),
                expected=[str(x) for x in item.get("expected") or []],
                expected_text=item.get("expected_text"),
            )
        )
    return questions, {key: value for key, value in data.items() if key != "questions"}


def is_found(question: Question, hits: list[Any]) -> bool:
    for hit in hits:
        if question.expected and set(question.expected) & set(hit.requirement_ids):
            return True
        if question.expected_text and question.expected_text.lower() in hit.text.lower():
            return True
    return False


def evaluate_project(
    project: str, questions: list[Question], *, k: int = 5, modes: tuple[Mode, ...] = MODES
) -> RetrievalReport:
    """Recall@k of each mode on a project that already holds the fixtures."""

    results: dict[str, ModeResult] = {}
    for mode in modes:
        found: list[str] = []
        missed: list[str] = []
        for question in questions:
            # Flagged chunks count here: this measures retrieval; the screen's rates have their own eval.
            hits = search(question.question, project, k, scope="project", mode=mode, include_flagged=True)
            (found if is_found(question, hits) else missed).append(question.id)
        results[mode] = ModeResult(mode, k, len(found) / max(1, len(questions)), found, missed)
    return RetrievalReport(k=k, questions=len(questions), results=results)


def evaluate_retrieval(
    questions_path: Path | str = DEFAULT_QUESTIONS,
    *,
    project: str = "retrieval-eval",
    k: int | None = None,
    modes: tuple[Mode, ...] = MODES,
    ingest: bool = True,
) -> RetrievalReport:
    """Ingest the question set's fixtures into `project` (in the configured home) and score every mode.

    Re-ingesting is cheap (unchanged files are skipped as duplicates). Callers that must not touch a
    user's data set MLOPS_ASSISTANT_HOME to a scratch folder first (the eval harness does).
    """
    questions, meta = load_questions(questions_path)
    if ingest:
        # Lazy: ingestion (parsers, embedder) is needed only when the fixtures are indexed here.

        fixtures = Path(meta.get("fixtures", "tests/fixtures/requirements"))
        if not fixtures.is_absolute():
            fixtures = PROJECT_ROOT / fixtures
        failed = [r for r in ingest_paths([fixtures], project) if r.status == "failed"]
        if failed:
            raise InvalidInputError("retrieval fixtures failed to ingest: " + "; ".join(str(r.error) for r in failed))
    return evaluate_project(project, questions, k=int(k or meta.get("k", 5)), modes=modes)

"""Run eval cases end to end: ingest the case's documents, draft, render, score.

Each run uses its own data home (a temporary folder unless one is given), so an eval never touches the
user's projects and every case starts from the same empty workspace and index.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from assistant.config import get_settings
from assistant.drafting.engine import draft_document
from assistant.drafting.evidence import Evidence
from assistant.errors import AssistantError, PolicyBlockedError
from assistant.evaluation.cases import Case, materialise
from assistant.evaluation.replay import REPLAY_API_KEY, replaying
from assistant.evaluation.rubric import grade, rubric_scores
from assistant.evaluation.scorers import CASE_SCORERS, CaseRun, Score, section_markdown
from assistant.guardrails.screen import screen_text
from assistant.index import store as store_module
from assistant.index.store import KNOWLEDGE, get_store
from assistant.ingest.pipeline import ingest_paths
from assistant.llm import RetryPolicy, get_provider
from assistant.llm.cache import CachedProvider
from assistant.retrieval import search as search_module
from assistant.retrieval.search import _requirement_ids as requirement_ids_of
from assistant.strategy.render import render_markdown
from assistant.workspace import _workspace_for, get_workspace

CaseCallback = Callable[[Case, str], None]
DEFAULT_RUBRIC_REPEATS = 3  # model-graded rubric runs per case when the provider is generative


@dataclass
class ProviderSetup:
    """How a run builds its provider: as configured, replayed from cassettes, behind a response cache.

    `factory(name)` overrides the building (the cassette capture script hands in a mock transport).
    `rubric_repeats` None: DEFAULT_RUBRIC_REPEATS with a generative provider, 0 offline.
    """

    replay: Path | None = None
    cache: Any = None  # assistant.llm.cache.ResponseCache
    factory: Callable[[str | None], Any] | None = None
    rubric_repeats: int | None = None
    concurrency: int | None = None

    def build(self, name: str | None) -> Any:

        if self.factory is not None:
            provider = self.factory(name)
        elif self.replay is not None and name not in (None, "offline"):
            # A fake key, in memory only, so the SDK builds its client; vcrpy answers every call and the
            # key header is filtered from anything it could write. No retries: an unmatched call fails now.
            provider = get_provider(name, api_key=REPLAY_API_KEY, retry=RetryPolicy(max_retries=0))
        else:
            provider = get_provider(name)
        if self.cache is not None and provider.is_generative:
            provider = CachedProvider(provider, self.cache)
        return provider

    def session(self, case_id: str) -> AbstractContextManager[Any]:
        if self.replay is None:
            return nullcontext()

        return replaying(self.replay, case_id)

    def repeats(self, provider: Any) -> int:
        if not getattr(provider, "is_generative", False):
            return 0
        return DEFAULT_RUBRIC_REPEATS if self.rubric_repeats is None else max(0, self.rubric_repeats)


@contextmanager
def data_home(path: Path | None = None) -> Iterator[Path]:
    """Point the assistant at an isolated data home for the duration of a run."""
    previous = os.environ.get("MLOPS_ASSISTANT_HOME")
    with tempfile.TemporaryDirectory(prefix="mlops-eval-") as tmp:
        home = path or Path(tmp)
        os.environ["MLOPS_ASSISTANT_HOME"] = str(home)
        get_settings.cache_clear()
        _forget_process_caches()
        try:
            yield home
        finally:
            if previous is None:
                os.environ.pop("MLOPS_ASSISTANT_HOME", None)
            else:
                os.environ["MLOPS_ASSISTANT_HOME"] = previous
            get_settings.cache_clear()
            _forget_process_caches()


def _forget_process_caches() -> None:
    """Stores and indexes cached per process belong to the previous data home."""

    _workspace_for.cache_clear()
    search_module.clear_cache()
    store_module.reset_store()


@contextmanager
def counted_connections() -> Iterator[list[tuple[Any, ...]]]:
    """Refuse and record every outbound socket connection made inside the block."""
    attempts: list[tuple[Any, ...]] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append((address,))
        raise ConnectionRefusedError(f"eval harness: connection to {address!r} refused")

    # patch.object restores the inherited method on exit, exceptions included.
    with mock.patch.object(socket.socket, "connect", refuse):
        yield attempts


def _evidence_texts(project: str) -> tuple[dict[str, str], set[str], list[str]]:
    """Every citable ID (chunk IDs in each form, requirement IDs) -> the text it stands for.

    Returns the map, the requirement IDs found in the project's documents, and the documents' chunk texts.
    """

    store = get_store()
    texts: dict[str, list[str]] = {}
    requirement_ids: set[str] = set()
    document_texts: list[str] = []
    for scope, kind in ((get_workspace().chunk_scope(project), "document"), (KNOWLEDGE, "knowledge")):
        for chunk in store.get(scope):
            item = Evidence.from_hit({"chunk_id": chunk.id, "text": chunk.text, "source": kind,
                                      "requirement_ids": requirement_ids_of(chunk.metadata)})
            for key in item.ids:
                texts.setdefault(key, []).append(chunk.text)
            if kind == "document":
                requirement_ids.update(item.requirement_ids)
                document_texts.append(chunk.text)
    return {key: " ".join(parts) for key, parts in texts.items()}, requirement_ids, document_texts


def run_case(case: Case, *, provider: str | None = None, prompt_version: str | None = None, workdir: Path,
             setup: ProviderSetup | None = None) -> tuple[CaseRun, list[Score]]:
    """Ingest, draft and score one case inside the current data home (and, with a generative provider,
    grade the draft with the review rubric `setup.repeats` times)."""

    started = time.perf_counter()
    workspace = get_workspace()
    project = workspace.create_project(
        case.project.name, key=case.id, project_id=case.project.project_id, classification=case.project.classification
    )
    results = ingest_paths(materialise(case, workdir / case.id), project.key)
    run = CaseRun(case=case, strategy=None)
    failures = [f"{r.path}: {r.error}" for r in results if r.status == "failed"]
    run.injection_flags = sum(r.guard_flags for r in results)
    run.evidence_texts, run.known_requirement_ids, document_texts = _evidence_texts(project.key)
    run.pii_spans = sum(len(screen_text(text).pii) for text in document_texts)
    setup = setup or ProviderSetup()
    with counted_connections() as attempts, setup.session(case.id):
        chosen = None
        try:
            chosen = setup.build(case.provider or provider)
            outcome = draft_document(project.key, provider=chosen, prompt_version=prompt_version,
                                     concurrency=setup.concurrency)
            run.strategy = outcome.strategy
            run.usage = outcome.usage.model_dump() if getattr(outcome, "usage", None) is not None else {}
            if chosen.is_generative and not run.usage.get("model"):
                run.usage["model"] = chosen.model  # a sum of usages keeps no model; the report names it
            # The engine reports a section the policy refused as that section's failure, not by raising:
            # the gate's audit events say whether the policy blocked it. Nothing drafted + blocked = blocked.
            if outcome.failed and not outcome.drafted and workspace.audit_events(project.key, kind="policy_blocked"):
                run.blocked, run.strategy = True, None
                first = min(outcome.failed)
                failures.append(f"blocked by policy ({len(outcome.failed)} sections): {outcome.failed[first]}")
            elif outcome.failed:
                failures += [f"section {n}: {why}" for n, why in sorted(outcome.failed.items())]
        except PolicyBlockedError as exc:
            run.blocked = True
            failures.append(str(exc))
        except AssistantError as exc:
            failures.append(str(exc))
        if run.strategy is not None and chosen is not None and (repeats := setup.repeats(chosen)):
            run.rubric, run.rubric_errors, rubric_usage = grade(run.strategy, chosen, project.key, repeats)
            run.usage["rubric"] = rubric_usage
    run.connection_attempts = len(attempts)
    if run.strategy is not None:
        run.markdown = render_markdown(run.strategy)
        run.section_markdown = section_markdown(run.markdown)
    run.error = "; ".join(failures) or None
    run.seconds = time.perf_counter() - started
    return run, [scorer(run) for scorer in CASE_SCORERS] + rubric_scores(run)

"""Run the product on one real project as a user would: ingest with the CLI into a fresh data home, draft
offline with the CLI, and keep what the scorers need (the strategy JSON, the Markdown, the ingested chunks).

The product is called only through `python -m assistant ...` in a subprocess, so what is measured is what a
user gets; the scorers never see the drafter's internals.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from assistant.errors import AssistantError
from assistant.evaluation.real_gold import Gold
from assistant.evaluation.real_snapshot import Staged, stage

SNAPSHOTS_ENV = "MLOPS_REAL_SNAPSHOTS"
COMMITTED_PROJECTS = PROJECT_ROOT / "evals" / "real" / "projects"  # licensed cases CI runs without a snapshot


class RunError(AssistantError):
    """A product command failed on a real project; the message carries its exit code and stderr tail."""


@dataclass
class ProjectRun:
    project: str
    workdir: Path
    staged: Staged | None = None
    skipped: str | None = None
    provider: str = "offline"
    ingest: list[dict[str, Any]] = field(default_factory=list)
    ingest_seconds: float = 0.0
    draft_seconds: float = 0.0
    draft_stderr_tail: str = ""

    @property
    def home(self) -> Path:
        return self.workdir / "home"

    @property
    def strategy_json(self) -> Path:
        return self.workdir / "draft.json"

    @property
    def strategy_md(self) -> Path:
        return self.workdir / "draft.md"

    @property
    def chunks_json(self) -> Path:
        return self.workdir / "chunks.json"

    def meta(self) -> dict[str, Any]:
        staged = asdict(self.staged) if self.staged else None
        if staged:
            staged["folder"] = str(staged["folder"])
        return {"project": self.project, "workdir": str(self.workdir), "skipped": self.skipped,
                "provider": self.provider, "ingest_seconds": round(self.ingest_seconds, 1),
                "draft_seconds": round(self.draft_seconds, 1), "staged": staged,
                "ingest": [{k: r.get(k) for k in ("path", "status", "chunks", "markings", "error")}
                           for r in self.ingest]}


def snapshot_roots(explicit: list[Path] | None = None) -> list[Path]:
    """Where snapshots are looked for: the given folders, then $MLOPS_REAL_SNAPSHOTS, then the committed cases."""
    roots = list(explicit or [])
    env = os.environ.get(SNAPSHOTS_ENV)
    if env:
        roots += [Path(p) for p in env.split(os.pathsep) if p]
    roots.append(COMMITTED_PROJECTS)
    return roots


def _cli(args: list[str], home: Path, timeout: float, product: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m ARGS` in a data home of its own; `product`: a checkout of the product to run instead of this one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLOPS_ASSISTANT_")}
    env["MLOPS_ASSISTANT_HOME"] = str(home)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("ANONYMIZED_TELEMETRY", "False")
    return subprocess.run([sys.executable, "-m", *args], cwd=product or PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _tail(text: str, n: int = 1500) -> str:
    return text[-n:]


def ingest_project(gold: Gold, roots: list[Path], workdir: Path, *, reuse: bool = False,
                   timeout: float = 1800, product: Path | None = None) -> ProjectRun:
    """Stage the gold's documents and ingest them with the CLI into `workdir/home` (kept with `reuse`)."""
    run = ProjectRun(project=gold.project, workdir=workdir)
    ingest_file = workdir / "ingest.json"
    earlier = next((f for f in (ingest_file, workdir / "run.json") if f.is_file()), None)
    if reuse and earlier is not None and run.home.is_dir():
        saved = json.loads(earlier.read_text())
        run.ingest, run.ingest_seconds = saved.get("ingest", []), saved.get("ingest_seconds", 0.0)
        if saved.get("staged"):
            run.staged = Staged(**{**saved["staged"], "folder": Path(saved["staged"]["folder"])})
        if run.staged is not None and run.staged.folder.is_dir():
            # Ingesting the same files again only re-reads their facts (the index is kept): a reused home then
            # holds the facts this code's extractor reads, as a fresh ingest would; stale ones would be dropped.
            _cli(["assistant", "ingest", str(run.staged.folder.resolve()), "--project", gold.project, "--json"],
                 run.home, timeout, product)
        return run
    workdir.mkdir(parents=True, exist_ok=True)
    run.staged = stage(gold, roots, workdir / "sources")
    if run.staged is None:
        run.skipped = (f"no snapshot of {gold.repository}@{gold.commit[:10]} under "
                       f"{', '.join(str(r) for r in roots)} (fetch it, or pass --snapshots DIR)")
        return run
    if not run.staged.files:
        run.skipped = f"the snapshot ({run.staged.origin}) holds none of the gold's documents"
        return run
    if run.home.exists():
        shutil.rmtree(run.home)
    run.home.mkdir(parents=True)
    started = time.perf_counter()
    done = _cli(["assistant", "ingest", str(run.staged.folder.resolve()), "--project", gold.project, "--json"],
                run.home, timeout, product)
    run.ingest_seconds = time.perf_counter() - started
    try:
        run.ingest = json.loads(done.stdout) if done.stdout.strip() else []
    except json.JSONDecodeError:
        run.ingest = []
    if done.returncode not in (0, 1) or not run.ingest:
        raise RunError(f"{gold.project}: ingest exited {done.returncode}: {_tail(done.stderr or done.stdout)}")
    ingest_file.write_text(json.dumps(run.meta(), indent=1))
    return run


def run_project(gold: Gold, roots: list[Path], workdir: Path, *, reuse: bool = False, redraft: bool = False,
                timeout: float = 1800) -> ProjectRun:
    """Stage, ingest and draft one project; `reuse` keeps an earlier draft in `workdir` when there is one;
    `redraft` keeps the earlier ingest (the slow part) and drafts again with the current code."""
    meta_file = workdir / "run.json"
    if reuse and not redraft and (workdir / "draft.json").is_file() and (workdir / "chunks.json").is_file() and meta_file.is_file():
        saved = json.loads(meta_file.read_text())
        run = ProjectRun(project=gold.project, workdir=workdir)
        run.ingest_seconds, run.draft_seconds = saved.get("ingest_seconds", 0.0), saved.get("draft_seconds", 0.0)
        run.ingest = saved.get("ingest", [])
        if saved.get("staged"):
            run.staged = Staged(**{**saved["staged"], "folder": Path(saved["staged"]["folder"])})
        return run
    run = ingest_project(gold, roots, workdir, reuse=redraft, timeout=timeout)
    if run.skipped:
        return run
    started = time.perf_counter()
    done = _cli(["assistant", "draft", "--project", gold.project, "--json-out", str(run.strategy_json),
                 "-o", str(run.strategy_md)], run.home, timeout)
    run.draft_seconds = time.perf_counter() - started
    run.draft_stderr_tail = _tail(done.stderr, 600)
    if not run.strategy_json.is_file():
        raise RunError(f"{gold.project}: draft exited {done.returncode} and wrote no JSON: {_tail(done.stderr)}")
    done = _cli(["assistant.evaluation.real_chunks", gold.project, str(run.chunks_json)], run.home, timeout)
    if done.returncode != 0:
        raise RunError(f"{gold.project}: could not read the ingested chunks: {_tail(done.stderr)}")
    meta_file.write_text(json.dumps(run.meta(), indent=1))
    return run

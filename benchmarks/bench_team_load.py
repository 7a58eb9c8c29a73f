"""Bounded load on a team workspace: simulated users on projects, each doing a fixed number of requests
(read, vector search, chat turn, section draft, section edit), all through the workspace and vector stores
with access checked.

    python benchmarks/bench_team_load.py [--url postgresql+psycopg://...] [--users 20] [--projects 10]
                                         [--requests 40]

Without --url it uses the loopback PostgreSQL from `.ci/postgres` (MLOPS_ASSISTANT_TEST_POSTGRES_URL) or a
fresh SQLite file. Every user is a member of two projects (one as viewer, one as editor) and has a clearance
that opens only some markings; every response is checked for material from a project the user may not see
(leaks), and every request also tries one project the user may not open (must be refused). Prints p50/p95 per
action, errors, conflicts, leaks and refusals as JSON. A measurement, not a test: no thresholds here.

What "read", "search" and "chat turn" cover: the store side of them (a project's documents, conversation and
latest draft; a nearest-neighbour query and the hits' chunks read back through the project's chunk scope, in
the embedded Chroma index, or the shared one when MLOPS_ASSISTANT_CHROMA_HOST/_PORT/_TOKEN name it; a user
message and a reply written and read back). Embedding and model calls are not in it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant.errors import AccessDeniedError, DraftConflictError  # noqa: E402
from assistant.index.store import VectorStore, get_store  # noqa: E402
from assistant.strategy.schema import SECTIONS  # noqa: E402
from assistant.workspace import DocumentRecord, Workspace  # noqa: E402

FIELDS = [info.field for info in SECTIONS]
MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"]
CLEARANCES = ["BPSS", "SC"]
CHUNKS_PER_PROJECT, DIM = 8, 32


def _url(given: str | None) -> str:
    if given:
        return given
    server = os.environ.get("MLOPS_ASSISTANT_TEST_POSTGRES_URL")
    if server:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"load_{uuid.uuid4().hex[:10]}"
        with create_engine(server, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return make_url(server).set(database=name).render_as_string(hide_password=False)
    return f"sqlite:///{tempfile.mkdtemp()}/load.db"


def _drop(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from assistant.workspace import _workspace_for

    _workspace_for.cache_clear()
    server = make_url(url).set(database="postgres")
    with create_engine(server, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def setup(ws: Workspace, store: VectorStore, users: int,
          projects: int) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Projects with a marking, a document, indexed chunks and a first draft; users with two memberships each.
    Returns, per user, the projects they may open and the ones they may edit (as the access rules say)."""
    from assistant.workspace.access import clearance_allows

    keys = []
    for p in range(projects):
        key = f"p{p:02d}"
        ws.create_project(f"Project {p}", key=key, classification=MARKINGS[p % len(MARKINGS)])
        ws.add_document(key, DocumentRecord(filename=f"{key}-requirements.md", content_hash=f"{p:064d}"))
        ws.save_draft(key, {field: f"{key} {field}" for field in FIELDS})
        vectors = np.random.default_rng(p).standard_normal((CHUNKS_PER_PROJECT, DIM)).astype(np.float32)
        store.upsert(ws.chunk_scope(key, "editor"), [f"{key}:c{i}" for i in range(CHUNKS_PER_PROJECT)], vectors,
                     [f"{key} passage {i}" for i in range(CHUNKS_PER_PROJECT)],
                     [{"document_id": f"{key}-doc", "chunk_index": i} for i in range(CHUNKS_PER_PROJECT)])
        keys.append(key)
    may_open: dict[str, set[str]] = {}
    may_edit: dict[str, set[str]] = {}
    for u in range(users):
        name, clearance = f"user{u:02d}", CLEARANCES[u % len(CLEARANCES)]
        ws.add_user(name, clearance=clearance)
        viewer, editor = keys[u % projects], keys[(u + 1) % projects]
        ws.grant(viewer, name, "viewer")
        ws.grant(editor, name, "editor")
        classification = {k: MARKINGS[i % len(MARKINGS)] for i, k in enumerate(keys)}
        may_open[name] = {k for k in (viewer, editor) if clearance_allows(clearance, classification[k])}
        may_edit[name] = {editor} & may_open[name]
    return may_open, may_edit


def rng_vector(rng: random.Random) -> np.ndarray:
    return np.asarray([rng.gauss(0.0, 1.0) for _ in range(DIM)], dtype=np.float32)


def run(url: str, users: int, projects: int, requests: int, seed: int = 7) -> dict[str, object]:
    admin = Workspace(url)
    store = get_store()
    may_open, may_edit = setup(admin, store, users, projects)
    keys = [f"p{p:02d}" for p in range(projects)]
    timings: dict[str, list[float]] = defaultdict(list)
    counts: defaultdict[str, int] = defaultdict(int)
    first_errors: dict[str, str] = {}
    lock = threading.Lock()

    def leak(name: str, project_keys: set[str]) -> None:
        outside = project_keys - may_open[name]
        if outside:
            with lock:
                counts["leaks"] += len(outside)

    def user_loop(index: int) -> None:
        name = f"user{index:02d}"
        ws = admin.for_user(name)
        rng = random.Random(seed + index)
        mine = sorted(may_open[name])
        forbidden = [k for k in keys if k not in may_open[name]]
        for _ in range(requests):
            action = rng.choice(["read", "search", "chat", "draft", "edit"])
            if action in ("draft", "edit") and not may_edit[name]:
                action = "read"  # a viewer-only user (their editable project is above their clearance)
            if not mine:
                break
            project = rng.choice(sorted(may_edit[name]) if action in ("draft", "edit") else mine)
            start = time.perf_counter()
            try:
                if action == "read":
                    leak(name, {p.key for p in ws.list_projects()})
                    leak(name, {d.project_key for d in ws.list_documents(project)})
                    leak(name, {m.project_key for m in ws.messages(project, limit=20)})
                    latest = ws.latest_draft(project)
                    leak(name, {latest.project_key} if latest else set())
                elif action == "search":
                    scope = ws.chunk_scope(project)
                    hits = store.query(scope, rng_vector(rng), 5)
                    chunks = store.get(scope, ids=[chunk_id for chunk_id, _ in hits])
                    leak(name, {c.id.split(":")[0] for c in chunks} | {h.split(":")[0] for h, _ in hits})
                elif action == "chat":
                    ws.add_message(project, "user", f"{name} asks about {project}")
                    ws.add_message(project, "assistant", f"reply for {name}")
                    leak(name, {m.project_key for m in ws.messages(project, limit=4)})
                else:
                    latest = ws.latest_draft(project)
                    section = rng.randrange(1, len(FIELDS) + 1)
                    body = {**(latest.strategy if latest else {}), FIELDS[section - 1]: f"{name} {action} {section}"}
                    base = latest.number if (latest and action == "edit") else None
                    saved = ws.save_draft(project, body, sections=[section], base_version=base)
                    leak(name, {saved.project_key})
                with lock:
                    counts["ok"] += 1
            except DraftConflictError:
                with lock:
                    counts["conflicts"] += 1
            except AccessDeniedError:
                with lock:
                    counts["refused_own"] += 1  # a project the user should be able to use was refused
            except Exception as exc:  # noqa: BLE001 - counted and shown
                with lock:
                    counts["errors"] += 1
                    first_errors.setdefault("first_error", f"{action}: {exc!r}")
            elapsed = time.perf_counter() - start
            with lock:
                timings[action].append(elapsed)
            if forbidden:  # every request also tries a project the user may not open
                target = rng.choice(forbidden)
                try:
                    got: object = (ws.latest_draft(target) if rng.random() < 0.5
                                   else store.get(ws.chunk_scope(target)) or None)  # its chunks: scope refused
                    with lock:
                        counts["leaks"] += 1 if got is not None else 0
                        counts["unrefused_cross"] += 1
                except AccessDeniedError:
                    with lock:
                        counts["cross_refused"] += 1
                except Exception as exc:  # noqa: BLE001 - refused, but not cleanly (e.g. its audit write failed)
                    with lock:
                        counts["cross_errors"] += 1
                        first_errors.setdefault("first_cross_error", repr(exc))

    tracemalloc.start()
    threads = [threading.Thread(target=user_loop, args=(i,)) for i in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "database": url.split(":", 1)[0], "users": users, "projects": projects, "requests_per_user": requests,
        "wall_s": round(wall, 2), "peak_python_mb": round(peak / 2**20, 1),
        "per_action_ms": {a: {"n": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95),
                              "mean": round(1000 * statistics.fmean(v), 1)} for a, v in sorted(timings.items())},
        **{k: counts.get(k, 0) for k in ("ok", "errors", "conflicts", "refused_own", "leaks", "cross_refused",
                                         "cross_errors", "unrefused_cross")},
        **first_errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    # A fresh data home for the embedded index (unless a shared Chroma server is configured).
    os.environ.setdefault("MLOPS_ASSISTANT_HOME", tempfile.mkdtemp(prefix="bench-team-"))
    url = _url(args.url)
    try:
        print(json.dumps(run(url, args.users, args.projects, args.requests), indent=2))
    finally:
        if not args.url and url.startswith("postgresql"):
            _drop(url)  # the database this run created on the shared loopback server


if __name__ == "__main__":
    main()

"""Real-document eval runner (issue 21): ingest each gold project's documents with the product CLI into a fresh
data home, draft offline, score the draft against the gold, write reports under evals/real/reports/.

    python evals/real/run.py [--snapshots DIR ...] [--project NAME ...] [--reuse | --redraft] [--out DIR] [--work DIR]

Snapshots: folders given with --snapshots, then $MLOPS_REAL_SNAPSHOTS (os.pathsep-separated), then the
licensed projects committed under evals/real/projects/. A project with no snapshot is skipped, saying so.
Exit 0 when every project found was scored (no quality gate: the thresholds are decided elsewhere).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.errors import AssistantError  # noqa: E402
from assistant.evaluation.real_documents import score_strategy  # noqa: E402
from assistant.evaluation.real_gold import GOLD_DIR, load_all  # noqa: E402
from assistant.evaluation.real_report import write  # noqa: E402
from assistant.evaluation.real_run import run_project, snapshot_roots  # noqa: E402

DEFAULT_OUT = ROOT / "evals" / "real" / "reports"
DEFAULT_WORK = ROOT / "evals" / "real" / ".work"


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "assistant"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return (out.stdout.strip() or "unknown") + ("+dirty" if dirty else "")


def _shown(path: Path) -> str:
    """A path inside the repository relative to it (reports stay the same on every clone); others as given."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshots", type=Path, action="append", default=[],
                        help="a folder holding repository snapshots (git dirs or checkouts); repeatable")
    parser.add_argument("--project", action="append", default=[], help="only this gold project (repeatable)")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold folder (default evals/real/gold)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where data homes and drafts are kept")
    parser.add_argument("--reuse", action="store_true", help="score an earlier draft in --work instead of redrafting")
    parser.add_argument("--redraft", action="store_true",
                        help="keep the earlier ingest in --work (the slow part) but draft again with this code")
    args = parser.parse_args(argv)
    command = "python evals/real/run.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    roots = snapshot_roots(args.snapshots)
    commit = _commit()
    reports: list[dict[str, Any]] = []
    failed = 0
    try:
        golds = load_all(args.gold, args.project or None)
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    for gold in golds:
        print(f"[real] {gold.project}: ", end="", file=sys.stderr, flush=True)
        try:
            run = run_project(gold, roots, args.work / gold.project, reuse=args.reuse, redraft=args.redraft)
        except AssistantError as exc:
            failed += 1
            print(f"failed: {exc}", file=sys.stderr)
            reports.append({"project": gold.project, "skipped": f"failed: {exc}"})
            continue
        if run.skipped:
            print(f"skipped: {run.skipped}", file=sys.stderr)
            reports.append({"project": gold.project, "skipped": run.skipped, "run": run.meta()})
            continue
        strategy = json.loads(run.strategy_json.read_text(encoding="utf-8"))
        chunks = json.loads(run.chunks_json.read_text(encoding="utf-8"))
        score = score_strategy(strategy, gold, chunks)
        report = {**score.to_dict(), "run": run.meta(), "product_commit": commit,
                  "gold_file": _shown(gold.source) if gold.source else None}
        reports.append(report)
        s = report["summary"]
        print(f"precision {s['precision']}, wrong+invented {s['wrong_or_invented_rate']}, coverage {s['coverage']} "
              f"({s['filled']} filled; ingest {run.ingest_seconds:.0f} s, draft {run.draft_seconds:.0f} s)",
              file=sys.stderr)
    paths = write(args.out, reports, command)
    print(paths["md"].read_text(encoding="utf-8"))
    print(f"Reports: {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

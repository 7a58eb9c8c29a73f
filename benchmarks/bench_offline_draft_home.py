"""Offline draft time of an ingested project, as `draft --project KEY` runs it (target < 15 s after model load).

Where bench_offline_draft_real.py times the drafter alone on a project folder read in memory, this times the
product's whole offline path on a data home that `ingest` filled: reading every chunk from the index, the
drafter's facts, fifteen sections each checked, cited and saved. The home is copied to a temporary folder first,
so the one given is never written. Imports and the embedding model's load are reported apart.

Run: python benchmarks/bench_offline_draft_home.py --home DATA_HOME --project KEY [--repeat 1] [--json-out F]
     [--code CHECKOUT]
(--json-out writes the strategy JSON of the last run, to check that a change leaves the draft identical:
see compare_offline_drafts.py)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True, help="an ingested data home (MLOPS_ASSISTANT_HOME)")
    parser.add_argument("--project", required=True, help="the project key in that home")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose `assistant` package drafts (default: this one)")
    args = parser.parse_args()
    if not (args.home / "workspace.db").is_file():
        print(f"{args.home}: not a data home (no workspace.db)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-home-") as tmp:
        os.environ["MLOPS_ASSISTANT_HOME"] = str(Path(tmp) / "home")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        sys.path.insert(0, str(args.code.resolve()))
        start = time.perf_counter()
        from assistant.drafting.engine import draft_document
        from assistant.index.embeddings import get_embedder
        from assistant.llm import get_provider

        imports = time.perf_counter() - start
        start = time.perf_counter()
        get_embedder().embed(["warm up"])
        load = time.perf_counter() - start
        walls, cpus, loads = [], [], []
        strategy = None
        for _ in range(args.repeat):
            # Each run drafts from the home as given (a saved draft is where the next one would start).
            shutil.rmtree(Path(tmp) / "home", ignore_errors=True)
            shutil.copytree(args.home, Path(tmp) / "home")
            wall, cpu = time.perf_counter(), time.process_time()
            outcome = draft_document(args.project, provider=get_provider("offline"))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            loads.append(os.getloadavg()[0])
            strategy = outcome.strategy
            if outcome.failed:
                print(f"sections failed: {outcome.failed}", file=sys.stderr)
                return 1
    assert strategy is not None
    if args.json_out:
        args.json_out.write_text(json.dumps(strategy.model_dump(mode="json"), indent=1, sort_keys=True, default=str),
                                 encoding="utf-8")
    print(f"{args.project}: imports {imports:.1f} s, model load {load:.1f} s")
    print(f"offline draft after model load: median {statistics.median(walls):.1f} s wall, "
          f"{statistics.median(cpus):.1f} s CPU (all threads) over {args.repeat} run(s); load average "
          f"{statistics.median(loads):.1f} on {os.cpu_count()} cores (target < 15 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

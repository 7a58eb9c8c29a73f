"""Check that a change leaves the offline draft identical: draft one ingested project with two checkouts of the
product (e.g. main, exported with `git archive main | tar -x -C /tmp/base`, and this one) and compare the
strategy JSON. Each draft runs in its own process on its own copy of the data home.

Run: python benchmarks/compare_offline_drafts.py --base /tmp/base --home DATA_HOME --project KEY [--out DIR]
Exit 0 when the two drafts are identical; 1 with the first differing paths when not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).with_name("bench_offline_draft_home.py")


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """JSON paths where `a` and `b` differ (a list that changed length is one difference)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="the checkout to compare with (e.g. main)")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--out", type=Path, default=None, help="keep both drafts' JSON here")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="compare-drafts-"))
    out.mkdir(parents=True, exist_ok=True)
    drafts = {}
    for label, code in (("base", args.base), ("this", ROOT)):
        target = out / f"{args.project}.{label}.json"
        done = subprocess.run([sys.executable, str(BENCH), "--home", str(args.home), "--project", args.project,
                               "--code", str(code), "--json-out", str(target)], text=True, capture_output=True)
        print(f"[{label}] {done.stdout.strip()}")
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            return 2
        drafts[label] = json.loads(target.read_text(encoding="utf-8"))
    found = differences(drafts["base"], drafts["this"])
    if found:
        print(f"{args.project}: {len(found)} difference(s):", *found[:20], sep="\n  ")
        return 1
    print(f"{args.project}: identical strategy JSON ({out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Facts extraction speed: seconds per 100 KB of requirements (no timed assertions; a measurement).

By default it reads the requirements documents (ARC-*-REQ-*) of an ArcKit project folder given with --folder
(e.g. a local snapshot of a public ArcKit example project); with no folder it assembles ~100 KB from the
example and fixture requirements in this repository, as bench_offline_draft.py does.

Run: python benchmarks/bench_facts.py [--folder projects/001-name/] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def texts(folder: Path | None) -> list[tuple[str, str]]:
    if folder is not None:
        return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("ARC-*-REQ-*.md"))]
    from benchmarks.bench_offline_draft import build_requirements

    return [("assembled-requirements.md", build_requirements(100))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from assistant.facts import extract_document_facts

    docs = texts(args.folder)
    if not docs:
        print("no requirements documents found", file=sys.stderr)
        return 2
    size = sum(len(t.encode()) for _, t in docs)
    extract_document_facts(docs[0][1][:2000], "warm-up.md")  # vocabulary loaded and compiled once
    runs = []
    facts = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        facts = sum(len(extract_document_facts(text, name).facts) for name, text in docs)
        runs.append(time.perf_counter() - start)
    per_100kb = statistics.median(runs) / (size / (100 * 1024))
    print(f"{len(docs)} document(s), {size / 1024:.0f} KB, {facts} facts; median {statistics.median(runs):.2f} s "
          f"over {args.repeat} runs = {per_100kb:.2f} s per 100 KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

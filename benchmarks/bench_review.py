"""p50/p95 of a full deterministic review (every built-in rule, with requirements) of the example strategy.

    python benchmarks/bench_review.py [--runs 30]        # target: p95 < 1 s

Loading the strategy and the requirements is outside the timed part (done once, as the CLI does);
the timed part is `review_strategy(..., provider=False)`: all rules, including the quality checklist
(which renders the Markdown), traceability and NFR comparison against 38 requirements.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.review import requirements_from_file, review_strategy
from assistant.strategy.io import load_strategy, read_text

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    strategy, _ = load_strategy(ROOT / "examples" / "ARC-001-MLOPS-v1.0.json")
    start = time.perf_counter()
    requirements = requirements_from_file(ROOT / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md")
    load_ms = (time.perf_counter() - start) * 1000
    cases = [("example JSON + requirements", strategy, {"requirements": requirements})]
    for path in sorted((ROOT / "tests" / "fixtures" / "strategies").glob("*.md")):
        imported, _ = load_strategy(path)
        cases.append((f"import {path.name}", imported, {"markdown": read_text(path), "filename": path.name}))
    review_strategy(strategy, requirements=requirements, provider=False)  # warm caches (rules, vocabularies)
    print(f"requirements parsed in {load_ms:.0f} ms")
    for label, s, kw in cases:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            report = review_strategy(s, provider=False, **kw)
            times.append(time.perf_counter() - t0)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{label}: {report.summary.total} findings; p50 {statistics.median(times) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms over {args.runs} runs ({'OK' if p95 < 1.0 else 'OVER'} 1 s target)")


if __name__ == "__main__":
    main()

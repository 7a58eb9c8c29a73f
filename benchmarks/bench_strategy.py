"""Render and parse timings for the full example strategy (target: each under 100 ms).

Run: python benchmarks/bench_strategy.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.strategy.io import load_strategy
from assistant.strategy.parse import parse_markdown
from assistant.strategy.render import render_markdown
from assistant.strategy.validate import validate_markdown

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ARC-001-MLOPS-v1.0.json"


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up: template compilation, caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    strategy, _ = load_strategy(EXAMPLE)
    markdown = render_markdown(strategy)
    print(f"example: {EXAMPLE.name}, {len(markdown):,} chars, {len(markdown.splitlines())} lines")
    for name, fn in (
        ("render", lambda: render_markdown(strategy)),
        ("parse", lambda: parse_markdown(markdown)),
        ("validate (md)", lambda: validate_markdown(markdown, strategy)),
    ):
        median, worst = timed(fn, args.repeat)
        flag = "OK" if median < 100 else "SLOW"
        print(f"{name:14s} median {median:7.2f} ms   max {worst:7.2f} ms   [{flag} vs 100 ms target]")


if __name__ == "__main__":
    main()

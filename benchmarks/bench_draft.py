"""Whole-document drafting: concurrency speed-up, orchestration overhead, prompt-caching saving.

    python benchmarks/bench_draft.py [--quick]

What it measures, and on what:
* Provider: `SimulatedProvider` (assistant/drafting/simulated.py), a real Provider subclass, so every call
  goes through the base class, the guardrails gate and schema validation. Each section sleeps a fixed,
  seeded latency drawn from 0.3-1.0 s (the model's time); nothing is sent anywhere.
* Retrieval: the in-memory corpus of tests/drafting (no embeddings), so the figures are the engine's.
  Everything else is real: prompt rendering, the checks, a SQLite workspace save + audit event per section.
* Overhead = (wall time of the sequential run - simulated provider time) / provider time: what the engine
  adds around the model calls (rendering, validation, checks, saving).
* Cache saving: from the usages the simulated provider reports with Anthropic's cache semantics (first call
  with the shared prefix writes it; calls that start after a write completed read it). Token counts are the
  real request sizes at 4 characters a token, so the ratio is an estimate of what Anthropic would bill, not
  a measurement against the API.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "drafting"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="latencies scaled by 0.2")
    args = parser.parse_args()
    os.environ["MLOPS_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="bench-draft-")

    from drafting_data import MODELS, MONITORING, SERVING, MemoryRetriever

    import assistant.drafting.engine as engine
    from assistant.config import get_settings
    from assistant.drafting.simulated import SimulatedProvider
    from assistant.llm import RetryPolicy, cache_saving
    from assistant.workspace import get_workspace

    get_settings.cache_clear()

    class AllApply:
        def applicable_sections(self) -> dict[int, tuple[bool, str]]:
            return {n: (True, "benchmark: every section applies") for n in range(1, 16)}

    engine.offline_drafter = lambda pool, facts: AllApply()  # 15 sections, no embedding model loaded
    scale = 0.2 if args.quick else 1.0
    rng = random.Random(7)
    latency = {n: round(rng.uniform(0.3, 1.0) * scale, 3) for n in range(1, 16)}
    ws = get_workspace()

    def ideal(concurrency: int, staged: bool) -> float:
        """Wall time with zero overhead: section 2 alone when staged, then greedy list scheduling."""
        first = [latency[2]] if staged else []
        rest = [latency[n] for n in range(1, 16) if not (staged and n == 2)]
        lanes = [0.0] * concurrency
        for seconds in rest:  # submitted in section order, each to the first free worker
            i = lanes.index(min(lanes))
            lanes[i] += seconds
        return sum(first) + max(lanes)

    def run(label: str, concurrency: int, staged: bool) -> dict[str, float]:
        key = f"p{len(ws.list_projects()) + 1}"
        ws.create_project(f"Bench {label}", key=key, project_id=f"{len(ws.list_projects()) + 1:03d}")
        provider = SimulatedProvider(sections={2: MODELS, 6: SERVING, 7: MONITORING},
                                     latency_s=lambda n: latency.get(n, 0.0), retry=RetryPolicy(max_retries=0))
        start = time.perf_counter()
        outcome = engine.draft_document(key, provider=provider, retriever=MemoryRetriever(),
                                        concurrency=concurrency, staged=staged)
        wall = time.perf_counter() - start
        assert len(outcome.drafted) == 15 and not outcome.failed
        saving = cache_saving([r.usage for r in outcome.records], model=provider.model)
        return {"wall": wall, "ideal": ideal(concurrency, staged), "provider": provider.provider_seconds, "in_flight": provider.max_in_flight,
                "writes": sum(1 for r in outcome.records if r.usage.cache_write_tokens),
                "saving": saving.saving_ratio, "cost_saving": saving.cost_saving_usd or 0.0,
                "tokens_without": saving.input_token_equivalents_without_cache,
                "tokens_with": saving.input_token_equivalents_with_cache}

    run("warm-up", 5, True)  # imports, prompt registry, schema caches
    seq = run("sequential", 1, False)
    rows = [("sequential (1 in flight)", seq)]
    for concurrency in (5, 8, 15):
        for staged in (True, False):
            rows.append((f"{concurrency} in flight, {'staged' if staged else 'flat'}",
                         run(f"c{concurrency}{staged}", concurrency, staged)))

    total_latency = sum(latency.values())
    print(f"15 sections, simulated latency {min(latency.values()):.2f}-{max(latency.values()):.2f} s "
          f"(sum {total_latency:.2f} s); SQLite workspace; in-memory retrieval\n")
    print(f"{'run':32} {'wall s':>7} {'ideal s':>7} {'speed-up':>8} {'max in flight':>13} {'cache writes':>12} "
          f"{'input saved':>11}")
    for label, r in rows:
        print(f"{label:32} {r['wall']:7.2f} {r['ideal']:7.2f} {seq['wall'] / r['wall']:7.1f}x {r['in_flight']:13.0f} "
              f"{r['writes']:12.0f} {r['saving']:10.1%}")
    print("(ideal: the same schedule with zero engine overhead; load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    overhead = seq["wall"] - seq["provider"]
    print(f"\norchestration overhead (sequential): {overhead:.2f} s over {seq['provider']:.2f} s provider time "
          f"= {overhead / seq['provider']:.1%} ({overhead / 15 * 1000:.0f} ms a section)")
    best = rows[1][1]
    print(f"prompt caching (5 in flight, staged): {best['tokens_without']:.0f} input-token equivalents without "
          f"cache -> {best['tokens_with']:.0f} with ({best['saving']:.1%} saved, about ${best['cost_saving']:.4f} "
          f"per document at the claude-sonnet price in prices.yaml); flat: {rows[2][1]['saving']:.1%} saved")


if __name__ == "__main__":
    main()

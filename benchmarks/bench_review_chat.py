"""Speed of a chat turn (offline, models warm) and of a review of a full strategy with 70 requirements.

    python benchmarks/bench_review_chat.py [--runs 20]

Chat: a fresh home, the sample requirements ingested and sections 6 and 7 drafted offline (so that "show"
and questions about the draft have a draft), then offline turns (questions, show, outline, unclear) after one
warm-up turn that loads the embedding model; p50/p95 over all turns and per intent, and the first outline
turn's time (the outline is computed once per project and document set, then reused). Review: the example strategy with
its traceability table grown to 70 requirements, against a requirements document of 70 (the sample's
plus generated ones) with the project sources, after one warm-up review; p50/p95. Targets: chat < 2 s,
review < 1 s (p95).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "What p99 latency must online scoring meet?",
    "Which requirement covers explanations for caseworkers?",
    "How long are training snapshots kept?",
    "What availability does the scoring service need?",
    "Who owns the fraud model?",
    "What does NFR-P-001 require?",
    "How often is the model retrained?",
    "Which data sources feed training?",
    "give me an outline",
    "section 7",
    "show me section 6",
    "What threshold did you put for drift?",
]


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_chat(runs: int) -> dict[str, float]:
    from assistant.drafting.chat import handle_turn
    from assistant.ingest import ingest_paths
    from assistant.llm import get_provider
    from assistant.workspace import get_workspace

    sample = ROOT / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md"
    get_workspace().create_project("Benefits Fraud Triage", key="bench", project_id="001", classification="OFFICIAL")
    ingest_paths([sample], "bench")
    provider = get_provider("offline")
    list(handle_turn("bench", "draft sections 6 and 7", provider=provider))
    started = time.perf_counter()
    list(handle_turn("bench", QUESTIONS[0], provider=provider))
    warm_up = time.perf_counter() - started
    times: list[float] = []
    by_intent: dict[str, list[float]] = {}
    for i in range(runs):
        started = time.perf_counter()
        events = list(handle_turn("bench", QUESTIONS[i % len(QUESTIONS)], provider=provider))
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        by_intent.setdefault(str(events[-1].data.get("intent")), []).append(elapsed)
    out: dict[str, float] = {"warm_up_s": round(warm_up, 3), "p50_s": round(statistics.median(times), 3),
                             "p95_s": round(_p(times, 0.95), 3), "max_s": round(max(times), 3), "runs": runs}
    for intent, values in sorted(by_intent.items()):
        out[f"{intent}_n"] = len(values)
        out[f"{intent}_p50_s"] = round(statistics.median(values), 3)
        out[f"{intent}_p95_s"] = round(_p(values, 0.95), 3)
        out[f"{intent}_first_s"] = round(values[0], 3)  # the outline's first turn is computed, later ones reuse it
    return out


def _seventy(sample_text: str) -> tuple[str, list[str]]:
    """The sample requirements plus generated ones, 70 in all; and their IDs."""
    from assistant.documents.ids import find_requirement_ids

    have = [i for i in dict.fromkeys(find_requirement_ids(sample_text)) if not i.startswith(("E-", "R-"))]
    extra = []
    n = 100
    while len(have) + len(extra) < 70:
        n += 1
        extra.append(f"### FR-{n:03d}: Case note summary {n}\n\n**Statement**: The service SHALL attach reason "
                     f"code set {n} to each referral within {n % 7 + 2} seconds.\n")
    return sample_text + "\n\n## Generated requirements\n\n" + "\n".join(extra), have + [f"FR-{n:03d}" for n in
                                                                                          range(101, n + 1)]


def bench_review(runs: int) -> dict[str, float]:
    from assistant.review import requirements_from_chunks, review_strategy
    from assistant.review.sources import ProjectSources
    from assistant.strategy.parse import parse_markdown

    sample = (ROOT / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md").read_text("utf-8")
    text, ids = _seventy(sample)
    from assistant.documents.chunking import chunk_blocks
    from assistant.documents.parsers import parse_bytes

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requirements.md"
        path.write_text(text, encoding="utf-8")
        requirements = requirements_from_chunks(chunk_blocks(parse_bytes(path, path.read_bytes()).blocks),
                                                source=path.name)
    sources = ProjectSources.from_texts({"requirements.md": text})
    markdown = (ROOT / "examples" / "ARC-001-MLOPS-v1.0.md").read_text("utf-8")
    rows = "\n".join(f"| {rid} | Requirement {rid} | Traced element | Planned |" for rid in ids
                     if f"| {rid} |" not in markdown)
    markdown = markdown.replace("\n## Approval", f"\n{rows}\n\n## Approval", 1) if rows else markdown
    strategy = parse_markdown(markdown).strategy
    started = time.perf_counter()
    review_strategy(strategy, requirements=requirements, provider=False, markdown=markdown, sources=sources)
    warm_up = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        review_strategy(strategy, requirements=requirements, provider=False, markdown=markdown, sources=sources)
        times.append(time.perf_counter() - started)
    return {"requirements": len(requirements), "warm_up_s": warm_up, "p50_s": statistics.median(times),
            "p95_s": _p(times, 0.95), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("MLOPS_ASSISTANT_HOME", tempfile.mkdtemp(prefix="bench-review-chat-"))
    review = bench_review(args.runs)
    print(f"review (70-requirement strategy, sources, warm): {review}")
    chat = bench_chat(args.runs)
    print(f"chat turn (offline, models warm): {chat}")


if __name__ == "__main__":
    main()

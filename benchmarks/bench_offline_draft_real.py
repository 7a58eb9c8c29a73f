"""Full offline draft time on a real ArcKit project, after the embedding model is loaded (target < 15 s).

The project folder is read the way ingest reads it (every ARC document, facts extracted per document) and
chunked in memory, so the figure is the drafter's own time: clean, gate, extract, build fifteen sections, cite.
Model load and fact extraction are reported apart. Point it at the largest project you have a snapshot of
(v48-arckit-as-a-service, project 001, is the largest of the public examples).

Run: python benchmarks/bench_offline_draft_real.py --folder path/to/projects/001-name/ [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from assistant.drafting.offline import OfflineDrafter, evidence_from_file, knowledge_evidence
    from assistant.facts import extract_document_facts, merge
    from assistant.index.embeddings import get_embedder
    from assistant.ingest.arckit import read_project

    project = read_project(args.folder)
    start = time.perf_counter()
    get_embedder().embed(["warm up"])
    load = time.perf_counter() - start
    knowledge = knowledge_evidence(ROOT / "assistant" / "resources" / "knowledge")
    evidence = [c for path in project.files if path.suffix == ".md" for c in evidence_from_file(path)]
    size = sum(p.stat().st_size for p in project.files)
    start = time.perf_counter()
    facts = merge([extract_document_facts(p.read_text(encoding="utf-8"), p.name) for p in project.files
                   if p.suffix == ".md"])
    extraction = time.perf_counter() - start
    runs, cpu = [], []
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        drafter = OfflineDrafter(evidence + knowledge, project_name=project.name, project_id=project.number,
                                 classification="OFFICIAL", project_facts=facts)
        drafter.draft()
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    print(f"{project.folder.name}: {len(project.files)} ARC documents, {size / 1024:.0f} KB, {len(evidence)} chunks")
    print(f"model load {load:.1f} s; facts extraction (done once at ingest) {extraction:.1f} s")
    print(f"offline draft after model load: median {statistics.median(runs):.1f} s over {args.repeat} runs "
          f"(target < 15 s); CPU {statistics.median(cpu):.1f} s (all threads); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""First chat outline of an ingested real project, models warm (issue 22).

    MLOPS_ASSISTANT_HOME=/tmp/<copy>/home python benchmarks/bench_outline_real.py PROJECT

The embedding model is loaded and the vector store opened first (as after any earlier chat turn); then
`quick_outline` is timed once (computed) and again (kept for the same documents). Which sections apply is
kept on disk (assistant/drafting/applicability_store.py), so a second run of this script times a restarted app's
first outline. Point the home at a copy of an
ingested project (e.g. of /tmp/rw/<project>, written by evals/real/run.py), never at the original.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from assistant.drafting.outline_plan import quick_outline
    from assistant.index.embeddings import embed_query
    from assistant.index.store import get_store

    project = sys.argv[1]
    embed_query("warm up")
    get_store()
    started = time.perf_counter()
    outline = quick_outline(project)
    first = time.perf_counter() - started
    started = time.perf_counter()
    quick_outline(project)
    again = time.perf_counter() - started
    print(f"{project}: first outline {first:.2f} s; again {again:.3f} s; applicable {outline.applicable()}")


if __name__ == "__main__":
    main()

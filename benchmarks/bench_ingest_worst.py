"""Ingestion worst cases (issue 17): wall time and peak memory of the application and of the parse worker.

    python benchmarks/bench_ingest_worst.py [--cases text_24mb,csv_1m_rows,...] [--keep DIR]

Each case is generated, then ingested in a fresh process with the default limits (a fresh data home), so its
peak resident memory is its own: `app_peak_mb` is the ingesting process (ru_maxrss), `worker_peak_mb` the
parse worker(s) (ru_maxrss of children, read after the worker exits). Before issue 17 the first three took
1.95 GB, 3.68 GB and 1.33 GB and more than ten minutes (figures in the issue). Prints one JSON line per case.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_VOCABULARY = ("model drift latency claims triage service shall must record evidence monitor retrain approve data "
               "pipeline feature owner risk review threshold quarterly accuracy fairness audit deployment rollback")
WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_text(path: Path, megabytes: float) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as out:
        written, i = 0, 0
        while written < megabytes * 1_000_000:
            line = f"FR-{i % 9999:04d}: {_sentence(rng)}\n\n"
            out.write(line)
            written += len(line)
            i += 1


def make_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("id,metric,value\n")
        for i in range(rows):
            out.write(f"{i},m{i % 7},{i % 1000}\n")


def make_docx(path: Path, xml_megabytes: float) -> None:
    """A DOCX whose body is `xml_megabytes` of paragraph XML: random words from a 24-word made-up vocabulary,
    which compresses about 6:1 (so it passes the zip-bomb ratio check, as the issue's 22.7 MB file did)."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    rng = random.Random(2)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(24)]
    paragraphs = []
    size = 0
    while size < xml_megabytes * 1_000_000:
        text = " ".join(rng.choice(vocabulary) for _ in range(40))
        para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        paragraphs.append(para)
        size += len(para)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    body = source.read("word/document.xml").decode("utf-8")
    start = body.index("<w:body>") + len("<w:body>")
    body = body[:start] + "".join(paragraphs) + body[start:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = body.encode("utf-8") if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, data)


CASES = {
    "text_24mb": ("worst.txt", lambda p: make_text(p, 24)),
    "csv_1m_rows": ("worst.csv", lambda p: make_csv(p, 1_000_000)),
    "docx_150mb_xml": ("worst.docx", lambda p: make_docx(p, 150)),
    "docx_60mb_xml": ("big-body.docx", lambda p: make_docx(p, 60)),
    "text_2mb": ("many-requirements.txt", lambda p: make_text(p, 2)),
    "text_300kb": ("large-but-fine.txt", lambda p: make_text(p, 0.3)),
}

# Peak memory is read from /proc (VmHWM, per address space): ru_maxrss would carry the generating parent's
# peak across fork and exec into the child.
CHILD = r"""
import json, sys, time
from pathlib import Path
from assistant.ingest import isolation
from assistant.ingest.pipeline import Ingestor

def hwm(pid="self"):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        return None

import threading
peaks = []
done = threading.Event()

def poll():  # the worker may be stopped at a limit: sample its peak while it runs
    while not done.is_set():
        worker = isolation._worker
        if worker is not None and worker.alive():
            value = hwm(worker.process.pid)
            if value is not None:
                peaks.append(value)
        done.wait(0.2)

threading.Thread(target=poll, daemon=True).start()
start = time.perf_counter()
result = Ingestor("bench").ingest_file(Path(sys.argv[1]))
seconds = time.perf_counter() - start
done.set()
worker_peak = max(peaks) if peaks else None
isolation._shutdown()
print(json.dumps({"status": result.status, "chunks": result.chunks, "error": result.error,
                  "seconds": round(seconds, 1), "app_peak_mb": hwm(),
                  "worker_peak_mb": worker_peak}))
"""

GENERATE = r"""
import sys
sys.path.insert(0, sys.argv[3])
from benchmarks.bench_ingest_worst import CASES
CASES[sys.argv[1]][1](__import__("pathlib").Path(sys.argv[2]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--keep", type=Path, help="generate the files into this folder (and keep them)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in args.cases.split(","):
        filename, _build = CASES[name]
        path = folder / filename
        if not path.exists():  # in its own process, so its memory is nobody's peak
            subprocess.run([sys.executable, "-c", GENERATE, name, str(path), str(ROOT)], check=True, cwd=ROOT)
        home = tempfile.mkdtemp(prefix="bench-home-")
        env = {**os.environ, "MLOPS_ASSISTANT_HOME": home, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
        run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env,
                             cwd=ROOT, timeout=3600)
        line = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else json.dumps({"crash": run.stderr[-400:]})
        record = {"case": name, "file_mb": round(path.stat().st_size / 1_048_576, 1), **json.loads(line)}
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()

"""Cold start of the Streamlit app to an interactive page: `streamlit run app.py` -> /_stcore/health answers ->
headless Chromium loads the page until the chat input is present. Target: under 10 s after first install.

    python benchmarks/bench_app_start.py [--runs 3] [--backend auto|torch|onnx]

Runs: one "first start" in a fresh data home (builds the knowledge base; with the default backend the
embedding model is also exported to ONNX once per data home), then `--runs` restarts of a new server process
on that same home (the usual case after install). Prints one line per run and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop, wait_healthy  # noqa: E402

CHAT_INPUT = "[data-testid=stChatInputTextArea]"


def seed_project(home: Path) -> None:
    """A project in the home, so the first page is the chat (an empty home shows the welcome instead)."""
    code = ("from assistant.workspace import get_workspace; "
            "get_workspace().create_project('Benchmark project')")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "MLOPS_ASSISTANT_HOME": str(home)},
                   check=True)


def one_start(home: Path, env: dict[str, str], timeout_s: float) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    started = time.perf_counter()
    process = start_streamlit(home, port, env)
    try:
        wait_healthy(port, timeout_s)
        healthy = time.perf_counter() - started
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(CHAT_INPUT, state="visible", timeout=timeout_s * 1000)
            interactive = time.perf_counter() - started
            browser.close()
    finally:
        stop(process)
    return {"health_s": round(healthy, 2), "interactive_s": round(interactive, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", default=None, help="MLOPS_ASSISTANT_EMBEDDING_BACKEND for the server")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    env = {"MLOPS_ASSISTANT_EMBEDDING_BACKEND": args.backend} if args.backend else {}
    with tempfile.TemporaryDirectory(prefix="bench-app-start-") as tmp:
        home = Path(tmp) / "home"
        seed_project(home)
        first = one_start(home, env, args.timeout)
        print(f"first start (fresh data home): health {first['health_s']} s, interactive {first['interactive_s']} s")
        restarts = []
        for i in range(args.runs):
            result = one_start(home, env, args.timeout)
            restarts.append(result)
            print(f"restart {i + 1}: health {result['health_s']} s, interactive {result['interactive_s']} s")
    interactive = [r["interactive_s"] for r in restarts]
    summary = {"backend": args.backend or "default", "first_start": first, "restarts": restarts,
               "restart_interactive_median_s": statistics.median(interactive) if interactive else None,
               "target_s": 10.0}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

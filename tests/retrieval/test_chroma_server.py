"""Against a real `chroma run` server: the shared-index deployment (MLOPS_ASSISTANT_CHROMA_HOST)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.index.store import get_store
from assistant.ingest import ingest_paths, list_documents, remove_document
from assistant.retrieval.search import search
from assistant.workspace import get_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "requirements"

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _chroma_cli() -> str:
    beside_python = Path(sys.executable).parent / "chroma"
    found = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the chroma CLI (installed with chromadb) is not available")
    return found


@pytest.fixture
def chroma_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    import chromadb
    from chromadb.config import Settings

    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [_chroma_cli(), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path / "chroma-data")],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**__import__("os").environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port, settings=Settings(anonymized_telemetry=False)).heartbeat()
                break
            except Exception:  # noqa: BLE001 - not up yet
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("chroma server did not start: " + (tmp_path / "chroma.log").read_text()[-2000:])
                time.sleep(0.3)
        monkeypatch.setenv("MLOPS_ASSISTANT_CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("MLOPS_ASSISTANT_CHROMA_PORT", str(port))
        get_settings.cache_clear()
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        get_settings.cache_clear()


def test_ingest_and_search_against_chroma_server(chroma_server: int) -> None:
    store = get_store()
    assert store.remote
    results = ingest_paths(
        [FIXTURES / "ARC-001-REQ-v1.0.md", FIXTURES / "ml-requirements.xlsx", FIXTURES / "nfr-supplement.pdf"], "shared"
    )
    assert [r.status for r in results] == ["ingested"] * 3
    assert store.count(get_workspace().chunk_scope("shared")) == sum(r.chunks for r in results)

    hits = search("what does NFR-M-003 require?", "shared", k=3, scope="project")
    assert hits[0].requirement_ids == ["NFR-M-003"] and hits[0].page == 2
    hits = search("PSI drift warning and alert levels", "shared", k=5, scope="project")
    assert any("FR-ML-002" in h.requirement_ids for h in hits)

    remove_document("shared", "ml-requirements.xlsx")
    assert {d.filename for d in list_documents("shared")} == {"ARC-001-REQ-v1.0.md", "nfr-supplement.pdf"}
    assert all(h.document != "ml-requirements.xlsx" for h in search("PSI drift", "shared", k=10, scope="project"))

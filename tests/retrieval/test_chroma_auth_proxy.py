"""The team's shared index: a real `chroma run` server on loopback behind the token-checking proxy
(`python -m assistant.index.auth_proxy`, as the compose file runs it). Without the token, or with a wrong one,
nothing reaches Chroma; with it, ingest and search work through our client."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import get_settings
from assistant.index.store import StoreError, get_store, reset_store
from assistant.ingest import ingest_paths
from assistant.retrieval.search import search

from .test_chroma_server import FIXTURES, _free_port, chroma_server  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.integration

TOKEN = "team-index-token-0123456789abcdef"


@pytest.fixture
def proxy(chroma_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:  # noqa: F811
    port = _free_port()
    log = (tmp_path / "proxy.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.index.auth_proxy", "--listen", f"127.0.0.1:{port}",
         "--upstream", f"127.0.0.1:{chroma_server}"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "MLOPS_ASSISTANT_CHROMA_TOKEN": TOKEN})
    try:
        deadline = time.monotonic() + 30
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("auth proxy did not start: " + (tmp_path / "proxy.log").read_text()[-2000:])
            time.sleep(0.2)
        monkeypatch.setenv("MLOPS_ASSISTANT_CHROMA_PORT", str(port))  # the app talks to the proxy only
        get_settings.cache_clear()
        reset_store()
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        reset_store()


def _listening(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
        return True
    except httpx.TransportError:
        return False


def _use_token(monkeypatch: pytest.MonkeyPatch, token: str | None) -> None:
    if token is None:
        monkeypatch.delenv("MLOPS_ASSISTANT_CHROMA_TOKEN", raising=False)
    else:
        monkeypatch.setenv("MLOPS_ASSISTANT_CHROMA_TOKEN", token)
    get_settings.cache_clear()
    reset_store()


def test_requests_without_the_right_token_are_refused_before_chroma(proxy: int, chroma_server: int) -> None:  # noqa: F811
    base = f"http://127.0.0.1:{proxy}/api/v2"
    refused = [
        httpx.get(f"{base}/heartbeat"),
        httpx.get(f"{base}/heartbeat", headers={"Authorization": "Bearer wrong-token-0123456789abcdef"}),
        httpx.get(f"{base}/heartbeat", headers={"X-Chroma-Token": TOKEN[:-1]}),
        httpx.get(f"{base}/heartbeat", headers={"Authorization": f"Basic {TOKEN}"}),
        httpx.post(f"{base}/tenants", json={"name": "intruder"}),
    ]
    assert [r.status_code for r in refused] == [401] * len(refused)
    assert refused[0].headers["WWW-Authenticate"].startswith("Bearer")
    for headers in ({"Authorization": f"Bearer {TOKEN}"}, {"X-Chroma-Token": TOKEN}):
        answer = httpx.get(f"{base}/heartbeat", headers=headers)
        assert answer.status_code == 200 and "nanosecond heartbeat" in answer.json()
    # What the proxy refused never reached Chroma: the tenant the refused POST asked for does not exist there.
    direct = httpx.get(f"http://127.0.0.1:{chroma_server}/api/v2/tenants/intruder")
    assert direct.status_code == 404


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789abcdef"])
def test_our_client_without_the_right_token_is_refused(proxy: int, monkeypatch: pytest.MonkeyPatch,
                                                       token: str | None) -> None:
    _use_token(monkeypatch, token)
    with pytest.raises(StoreError, match="refused the token"):
        get_store()


def test_our_client_with_the_token_ingests_and_searches(proxy: int, monkeypatch: pytest.MonkeyPatch,
                                                       plain_screen: None) -> None:
    _use_token(monkeypatch, TOKEN)
    assert get_store().remote
    [result] = ingest_paths([FIXTURES / "ARC-001-REQ-v1.0.md"], "shared")
    assert result.status == "ingested" and result.chunks > 0
    hits = search("what does BR-003 require?", "shared", k=3, scope="project")  # dense and BM25 through the proxy
    assert hits and hits[0].requirement_ids[:1] == ["BR-003"]

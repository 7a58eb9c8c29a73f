"""Issue 17 item 4: provider HTTP clients ignore proxy environment variables unless the policy names the
proxy, and the named proxy's host counts as the destination. Local listeners stand in for the proxy and for
an OpenAI-compatible server; the listener tests assert the bytes each one received."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from llm_scenarios import SECTION_7, DriftSection

from assistant.config import get_settings
from assistant.errors import PolicyBlockedError, ProviderError
from assistant.guardrails.policy import DEFAULT_POLICY_FILE
from assistant.llm import RequestContext, RetryPolicy, get_provider

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
COMPLETION = {"id": "c1", "object": "chat.completion", "created": 1, "model": "llama3.1:8b",
              "choices": [{"index": 0, "finish_reason": "stop", "message": {
                  "role": "assistant", "content": json.dumps({"summary": "s", "thresholds": []})}}],
              "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


class Listener:
    """A TCP listener that counts every byte it receives and answers 502 (a proxy stand-in)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.received = bytearray()
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                    self.received += data
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop = True
        self.sock.close()


@pytest.fixture
def proxy() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    """An OpenAI-compatible endpoint on loopback that answers one structured reply."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("content-length", 0)))
            body = json.dumps(COMPLETION).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()


def _policy_with_proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, proxy_url: str | None) -> None:
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    data["network"] = {"proxy": proxy_url}
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv("MLOPS_ASSISTANT_POLICY_FILE", str(path))
    get_settings.cache_clear()


def _local(server: ThreadingHTTPServer):
    return get_provider("openai-compatible", model="llama3.1:8b", retry=RetryPolicy(max_retries=0),
                        base_url=f"http://127.0.0.1:{server.server_address[1]}/v1")


def test_proxy_environment_variables_are_ignored(proxy, server, monkeypatch):
    for name in PROXY_VARS:
        monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    result = _local(server).generate_structured(SECTION_7, DriftSection,
                                                context=RequestContext.of(["SECRET"]))
    assert result.value.summary == "s"  # it went straight to the loopback endpoint
    assert bytes(proxy.received) == b""  # and not one byte to the proxy


def test_the_policys_proxy_is_used_and_only_it(proxy, server, monkeypatch, tmp_path):
    _policy_with_proxy(tmp_path, monkeypatch, f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")  # an environment proxy is still ignored
    with pytest.raises(ProviderError):  # the stand-in proxy answers 502
        _local(server).generate_structured(SECTION_7, DriftSection, context=RequestContext.of(["OFFICIAL"]))
    request_line = bytes(proxy.received).split(b"\r\n", 1)[0]
    assert request_line.startswith(b"POST http://127.0.0.1:") and b"/v1/chat/completions" in request_line


def test_a_proxy_on_another_host_makes_a_loopback_endpoint_external(server, monkeypatch, tmp_path):
    _policy_with_proxy(tmp_path, monkeypatch, "http://proxy.example.org:3128")
    provider = _local(server)
    assert provider.kind == "local" and provider.info.kind == "external"
    with pytest.raises(PolicyBlockedError, match="external"):  # blocked before any connection is made
        provider.generate_structured(SECTION_7, DriftSection, context=RequestContext.of(["SECRET"]))


def test_policy_rejects_a_proxy_that_is_not_a_url(tmp_path, monkeypatch):
    from assistant.errors import InvalidInputError
    from assistant.guardrails.policy import load_policy

    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    data["network"] = {"proxy": "proxy.example.org"}
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InvalidInputError, match="network.proxy"):
        load_policy(path)

"""A token-checking reverse proxy in front of a `chroma run` server, for a team deployment.

chromadb's Rust server (`chroma run`, 1.x) ignores the token-authentication settings its Python server had, so a
shared index would answer anyone who can reach its port. Run the server on loopback and this proxy where the app
connects; every request must carry the token (`Authorization: Bearer <token>` or `X-Chroma-Token: <token>`,
compared in constant time) or it is refused with 401 before anything reaches Chroma.

    MLOPS_ASSISTANT_CHROMA_TOKEN=... python -m assistant.index.auth_proxy --listen 0.0.0.0:8000 \\
        --upstream 127.0.0.1:8001

The app sends the same token when MLOPS_ASSISTANT_CHROMA_TOKEN is set (`assistant/index/store.py`).
"""

from __future__ import annotations

import argparse
import hmac
import http.client
import json
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN_ENV = "MLOPS_ASSISTANT_CHROMA_TOKEN"
TOKEN_HEADER = "X-Chroma-Token"
# Headers that describe one hop, not the message (RFC 9110 section 7.6.1), plus the credential itself: neither
# is passed on to Chroma.
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                         "transfer-encoding", "upgrade", "host", "authorization", TOKEN_HEADER.lower()})
_MIN_TOKEN_CHARS = 16

log = logging.getLogger(__name__)


def presented_token(authorization: str | None, token_header: str | None) -> str | None:
    """The token a request carries: `Authorization: Bearer <token>`, else `X-Chroma-Token`."""
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return token_header.strip() if token_header and token_header.strip() else None


def token_matches(presented: str | None, expected: str) -> bool:
    # compare_digest takes the same time wherever the strings differ, so the token cannot be guessed byte by byte.
    return presented is not None and hmac.compare_digest(presented.encode(), expected.encode())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the chromadb client reuses its connection
    server: AuthProxy

    def _refuse(self, status: int, message: str) -> None:
        # Chroma's own error shape: its client raises the named error type (AuthorizationError for a 401).
        error = "AuthorizationError" if status == 401 else "ProxyError"
        body = json.dumps({"error": error, "message": message}).encode()
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Bearer realm="chroma"')
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _forward(self) -> None:
        if not token_matches(presented_token(self.headers.get("Authorization"), self.headers.get(TOKEN_HEADER)),
                             self.server.token):
            log.warning("refused %s %s from %s: no or wrong token", self.command, self.path, self.client_address[0])
            self._refuse(401, "a valid Chroma token is required")
            return
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._refuse(411, "send a Content-Length")  # the chromadb client always does
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        try:
            status, reason, reply_headers, reply = self.server.send_upstream(self.command, self.path, body, headers)
        except OSError as exc:
            log.error("upstream %s unreachable: %s", self.server.upstream, exc)
            self._refuse(502, "the Chroma server behind the proxy is unreachable")
            return
        self.send_response(status, reason)
        for key, value in reply_headers:
            if key.lower() not in _HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.debug("%s - " + format, self.client_address[0], *args)


class AuthProxy(ThreadingHTTPServer):
    """Listens on `listen`, forwards authenticated requests to the Chroma server at `upstream` (host, port)."""

    daemon_threads = True

    def __init__(self, listen: tuple[str, int], upstream: tuple[str, int], token: str) -> None:
        if len(token) < _MIN_TOKEN_CHARS:
            raise ValueError(f"The Chroma token must be at least {_MIN_TOKEN_CHARS} characters "
                             "(for example: python -c 'import secrets; print(secrets.token_urlsafe(32))').")
        super().__init__(listen, _Handler)
        self.upstream, self.token = upstream, token
        self._local = threading.local()  # one upstream connection per proxy thread, reused across requests

    def send_upstream(self, method: str, path: str, body: bytes | None,
                      headers: dict[str, str]) -> tuple[int, str, list[tuple[str, str]], bytes]:
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: reconnect once
            connection = getattr(self._local, "connection", None)
            if connection is None:
                connection = self._local.connection = http.client.HTTPConnection(*self.upstream, timeout=300)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.reason, response.getheaders(), response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: use HOST:PORT")
    return host, int(port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=_address, default=("127.0.0.1", 8000), help="HOST:PORT to serve on")
    parser.add_argument("--upstream", type=_address, default=("127.0.0.1", 8001), help="the chroma run server")
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        parser.error(f"set {TOKEN_ENV} to the token clients must present")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        proxy = AuthProxy(args.listen, args.upstream, token)
    except ValueError as exc:
        parser.error(str(exc))
    log.info("Chroma auth proxy on %s:%s -> %s:%s", *args.listen, *args.upstream)
    proxy.serve_forever()


if __name__ == "__main__":
    main()

"""Ingest test fixtures: paths, a real SQLite store, and a real HTTP server on 127.0.0.1.

The server serves tests/fixtures/ingest with the behaviours the fetcher must cope with: ETag and
Last-Modified (answering 304 to a matching conditional request), a robots.txt that disallows
/private/, a slow path (timeouts), a flaky path (503 then 200), and per-test overrides of any
path's body. It rewrites ``http://fixtures.local`` in served text to its own address, so feeds can
link to pages on it. Every request is logged (path, time, headers) for the tests to inspect.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.ingest import FetchOptions, IngestOptions
from sitroom.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PLACEHOLDER = b"http://fixtures.local"
LAST_MODIFIED = "Mon, 02 Dec 2024 10:00:00 GMT"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".jsonl": "application/x-ndjson",
    ".csv": "text/csv",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".gz": "application/gzip",
}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
SLOW_SECONDS = 2.0


@dataclass
class Request:
    path: str
    at: float
    headers: dict[str, str]


@dataclass
class ServerState:
    base: str = ""
    requests: list[Request] = field(default_factory=list)
    overrides: dict[str, bytes] = field(default_factory=dict)  # path -> body served instead of the file
    flaky_failures: int = 0  # how many more times /flaky answers 503

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


class FixtureHandler(BaseHTTPRequestHandler):
    state: ServerState  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        return

    def do_GET(self) -> None:
        self.state.requests.append(Request(self.path, time.monotonic(), dict(self.headers.items())))
        if self.path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif self.path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
            self._send(200, b"<html><body><p>late</p></body></html>", "text/html")
        elif self.path == "/flaky.html":
            if self.state.flaky_failures > 0:
                self.state.flaky_failures -= 1
                self._send(503, b"busy", "text/plain")
            else:
                self._serve_file("/html/frontline_wire_idlib.html")
        else:
            self._serve_file(self.path)

    def _serve_file(self, path: str) -> None:
        body = self.state.overrides.get(path)
        if body is None:
            target = (FIXTURES / path.lstrip("/")).resolve()
            if FIXTURES not in target.parents or not target.is_file():
                self._send(404, b"not found", "text/plain")
                return
            body = target.read_bytes()
        suffix = Path(path).suffix
        if suffix not in (".zip", ".gz"):
            body = body.replace(PLACEHOLDER, self.state.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, etag=etag)
            return
        self._send(200, body, CONTENT_TYPES.get(suffix, "application/octet-stream"), etag=etag)

    def _send(self, status: int, body: bytes, content_type: str | None, *, etag: str | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


@pytest.fixture
def http_server() -> Iterator[ServerState]:
    """A fresh server per test (its own request log and overrides), torn down after."""
    state = ServerState()
    handler = type("Handler", (FixtureHandler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fast_fetch() -> FetchOptions:
    """Short timeouts and no politeness delay, so HTTP tests stay quick (politeness has its own test)."""
    return FetchOptions(timeout=0.5, retries=1, backoff=0.05, delay=0.0)


@pytest.fixture
def options(fast_fetch: FetchOptions) -> IngestOptions:
    return IngestOptions(fetch=fast_fetch)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "ingest.db")


@pytest.fixture
def store(db_path: str) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


@pytest.fixture
def settings(db_path: str) -> Settings:
    """Private hosts allowed: the fixture server is on 127.0.0.1 (the refusal has its own tests)."""
    return Settings(db=db_path, allow_private_hosts=True)

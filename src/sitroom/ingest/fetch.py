"""HTTP(S) fetching that is polite and cheap to repeat.

- timeouts on every request; transient failures (timeouts, connection errors, 429, 5xx) are
  retried with exponential backoff (``Retry-After`` honoured up to ``MAX_RETRY_AFTER``);
- a per-host delay between requests, and robots.txt obeyed (RFC 9309: a missing robots.txt
  allows everything, an unreachable one disallows everything for this run);
- conditional requests: the caller passes the ETag/Last-Modified it stored, a 304 comes back as
  ``not_modified`` with no body, so re-polling an unchanged feed costs one small request;
- bodies over the size limit are refused while streaming, before they are held in memory.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from sitroom.ingest.errors import IngestError
from sitroom.ingest.options import FetchOptions

MAX_RETRY_AFTER = 30.0
RETRY_STATUSES = {429, 500, 502, 503, 504}
Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)


@dataclass
class FetchResult:
    url: str  # after redirects
    requested: str  # the URL asked for: validators are stored under it
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HTTPStatusError(IngestError):
    """The server answered with an error status that retrying will not fix (404, 410, 403...)."""

    def __init__(self, url: str, status: int, phrase: str) -> None:
        super().__init__(url, f"HTTP {status} {phrase}")
        self.status = status


class _Transient(Exception):
    """A failure worth retrying; ``wait`` is the server's Retry-After when it sent one."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.wait = reason, wait


class Fetcher:
    """One HTTP client for a batch or a watch loop; use as a context manager."""

    def __init__(
        self,
        options: FetchOptions,
        *,
        max_bytes: int,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=True,
            headers={"User-Agent": options.user_agent},
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self.requests = 0  # counted for reports and tests

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, validators: Validators = (None, None)) -> FetchResult:
        """GET ``url``; IngestError (naming the URL) for a refusal, an HTTP error or exhausted retries."""
        if self.options.respect_robots and not self._allowed(url):
            raise IngestError(url, "disallowed by the site's robots.txt")
        headers = {}
        if validators[0]:
            headers["If-None-Match"] = validators[0]
        if validators[1]:
            headers["If-Modified-Since"] = validators[1]
        return self._with_retries(url, headers)

    # ------------------------------------------------------------------ internals

    def _with_retries(self, url: str, headers: dict[str, str]) -> FetchResult:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            try:
                return self._get(url, headers)
            except _Transient as exc:
                if attempt == attempts - 1:
                    plural = "s" if attempts > 1 else ""
                    raise IngestError(url, f"{exc.reason} (gave up after {attempts} attempt{plural})") from None
                backoff = self.options.backoff * 2**attempt
                self._sleep(min(max(backoff, exc.wait or 0.0), MAX_RETRY_AFTER))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        self._be_polite(url)
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in RETRY_STATUSES:
                    raise _Transient(f"HTTP {status} {response.reason_phrase}", _retry_after(response))
                if status >= 400:
                    raise HTTPStatusError(url, status, response.reason_phrase)
                content = b"" if status == 304 else self._read_limited(url, response)
                return FetchResult(
                    url=str(response.url),
                    requested=url,
                    status=status,
                    content=content,
                    content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    fetched_at=dt.datetime.now(dt.UTC),
                )
        except httpx.TimeoutException:
            raise _Transient(f"timed out after {self.options.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from None
        except httpx.InvalidURL as exc:
            raise IngestError(url, f"invalid URL ({exc})") from None

    def _read_limited(self, url: str, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise IngestError(url, _too_big(int(declared), self.max_bytes))
        chunks, total = [], 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > self.max_bytes:
                raise IngestError(url, _too_big(total, self.max_bytes, at_least=True))
            chunks.append(chunk)
        return b"".join(chunks)

    def _be_polite(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = self.options.delay - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        robots = self._robots[origin]
        if isinstance(robots, str):  # robots.txt unreachable: RFC 9309 says assume complete disallow
            raise IngestError(url, f"site unreachable, robots.txt could not be read: {robots}")
        return robots.can_fetch(self.options.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        """The parsed robots.txt, or why it could not be read (remembered for this run)."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            result = self._with_retries(origin + "/robots.txt", {})
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                parser.parse([])  # no robots.txt (or not ours to read): no rules, everything is allowed
                return parser
            return exc.reason
        except IngestError as exc:
            return exc.reason
        parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return parser


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    if at_least:
        return f"response is larger than the {_human(limit)} limit"
    return f"response is {_human(size)}, over the {_human(limit)} limit"


def _human(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} KB"

"""HTTP(S) fetching that is polite, cheap to repeat, and refuses to be pointed inside the network.

- timeouts on every request; transient failures (timeouts, connection errors, 429, 5xx) are
  retried with exponential backoff (``Retry-After`` honoured up to ``MAX_RETRY_AFTER``);
- a total deadline per URL (robots.txt, retries and redirects included), enforced by shutting the
  socket down, so a server trickling one byte at a time cannot hold a batch or a watch loop;
- a per-host delay between requests, and robots.txt obeyed (RFC 9309: a missing robots.txt
  allows everything, an unreachable one disallows everything for this run);
- conditional requests: the caller passes the ETag/Last-Modified it stored, a 304 comes back as
  ``not_modified`` with no body, so re-polling an unchanged feed costs one small request;
- bodies over the size limit are refused while streaming, before they are held in memory;
- a URL policy against SSRF: http(s) only, and hosts that resolve to loopback, private, link-local,
  multicast, reserved or unspecified addresses are refused unless ``allow_private_hosts``. Redirects
  are followed here, not by httpx, so every hop is vetted, and each request connects to the address
  that was vetted (the URL carries the IP, Host and TLS SNI carry the name), so a DNS answer that
  changes between the check and the connection (rebinding) cannot slip through.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import socket
import threading
import time
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from sitroom.ingest.errors import IngestError
from sitroom.ingest.options import FetchOptions

if TYPE_CHECKING:
    from sitroom.config import Settings

MAX_RETRY_AFTER = 30.0
RETRY_STATUSES = {429, 500, 502, 503, 504}
DEFAULT_DEADLINE = 60.0
MAX_REDIRECTS = 10
SCHEMES = ("http", "https")
PRIVATE_HINT = "use --allow-private-hosts for intranet feeds"
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # DNS64 answers for public IPv4 hosts on IPv6-only networks
Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class UrlPolicy:
    """Which URLs may be fetched and for how long; the default refuses every non-public address."""

    allow_private_hosts: bool = False  # intranet feeds: loopback/private/link-local... allowed
    deadline: float = DEFAULT_DEADLINE  # seconds one URL may take in all
    max_redirects: int = MAX_REDIRECTS
    trusted_hosts: frozenset[str] = frozenset()  # "host" or "host:port" exempt from the address check

    @classmethod
    def from_settings(cls, settings: Settings) -> UrlPolicy:
        return cls(allow_private_hosts=settings.allow_private_hosts, deadline=settings.fetch_deadline)


class Refused(Exception):
    """The URL policy forbids a URL; ``str()`` says why."""


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched from ("a loopback address"...), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address are judged by it (::ffff:127.0.0.1 is loopback)
        if ip.ipv4_mapped is not None:
            return address_problem(ip.ipv4_mapped)
        if ip in NAT64:
            return address_problem(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and (problem := address_problem(ip.sixtofour)):
            return problem
    checks = (
        ("a loopback", ip.is_loopback),
        ("an unspecified", ip.is_unspecified),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("a reserved", ip.is_reserved),
        ("a private", ip.is_private),
        ("a non-public", not ip.is_global),  # e.g. 100.64.0.0/10, carrier-grade NAT
    )
    return next((f"{label} address" for label, flagged in checks if flagged), None)


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """The host's addresses in the resolver's preferred order (an IP literal is its own answer)."""
    with contextlib.suppress(ValueError):
        return [ipaddress.ip_address(host)]
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))


def vet_url(
    url: httpx.URL, policy: UrlPolicy, *, resolve: Callable[[str, int], list[IPAddress]] = resolve_host
) -> list[IPAddress]:
    """The addresses ``url`` may be fetched from; ``Refused`` when the policy forbids it.

    Every address a name resolves to must pass: otherwise which one gets used is a coin toss."""
    if url.scheme not in SCHEMES:
        raise Refused(f"only http and https URLs are fetched, not {url.scheme or 'this'}:")
    host = url.raw_host.decode("ascii")  # IDNA-encoded, as the resolver wants it
    if not host:
        raise Refused("the URL has no host")
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = resolve(host, port)
    if policy.allow_private_hosts or host in policy.trusted_hosts or f"{host}:{port}" in policy.trusted_hosts:
        return addresses
    for ip in addresses:
        if problem := address_problem(ip):
            subject = f"{host} is" if _is_ip(host) else f"{host} resolves to {ip},"
            raise Refused(f"{subject} {problem} ({PRIVATE_HINT})")
    return addresses


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


class _Watchdog:
    """Shuts a request's sockets down at the deadline. Per-read timeouts cannot bound a server that
    sends one byte a second (each read succeeds), headers included; a shut-down socket ends the
    blocked read at once."""

    def __init__(self, deadline: float) -> None:
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's ``trace`` extension: remember each socket as it is connected (TLS wraps a new one)."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            late = self.fired
        if late:  # connected just as the deadline passed
            _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or detached by the TLS wrapper
        sock.shutdown(socket.SHUT_RDWR)


class Fetcher:
    """One HTTP client for a batch or a watch loop; use as a context manager."""

    def __init__(
        self,
        options: FetchOptions,
        *,
        max_bytes: int,
        sleep: Callable[[float], None] = time.sleep,
        policy: UrlPolicy | None = None,
    ) -> None:
        self.options = options
        self.max_bytes = max_bytes
        self.policy = policy or UrlPolicy()
        self._sleep = sleep
        self._client: httpx.Client | None = None  # made on first use: most batches are files only
        # Behind a proxy the proxy connects, so the IP cannot be pinned; each hop is still vetted.
        self._pin = not any(scheme in urllib.request.getproxies() for scheme in ("http", "https", "all"))
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self.requests = 0  # counted for reports and tests

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False,  # followed in _get, vetting each hop
                headers={"User-Agent": self.options.user_agent},
                # a fresh connection per request: the watchdog sees every socket, and a TLS connection
                # pinned to an IP is never reused for another host name on that IP
                limits=httpx.Limits(max_keepalive_connections=0),
            )
        return self._client

    def fetch(self, url: str, *, validators: Validators = (None, None)) -> FetchResult:
        """GET ``url``; IngestError (naming the URL) for a refusal, an HTTP error or exhausted retries."""
        deadline = time.monotonic() + self.policy.deadline
        # refuse before asking for robots.txt, so the reason given is the refusal itself
        with contextlib.suppress(_Transient):  # an unresolvable host is reported by the request
            self._vet(url, _parse(url), redirected=False)
        if self.options.respect_robots and not self._allowed(url, deadline):
            raise IngestError(url, "disallowed by the site's robots.txt")
        headers = {}
        if validators[0]:
            headers["If-None-Match"] = validators[0]
        if validators[1]:
            headers["If-Modified-Since"] = validators[1]
        return self._with_retries(url, headers, deadline)

    # ------------------------------------------------------------------ internals

    def _with_retries(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            try:
                return self._get(url, headers, deadline)
            except _Transient as exc:
                backoff = min(max(self.options.backoff * 2**attempt, exc.wait or 0.0), MAX_RETRY_AFTER)
                if attempt == attempts - 1 or time.monotonic() + backoff >= deadline:  # no time for another
                    plural = "s" if attempt > 0 else ""
                    raise IngestError(url, f"{exc.reason} (gave up after {attempt + 1} attempt{plural})") from None
                self._sleep(backoff)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _get(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult:
        self._be_polite(url)
        self.requests += 1
        self.client.cookies.clear()  # cookies are keyed by the pinned IP: never carry them to another URL
        current = _parse(url)
        try:
            for hop in range(self.policy.max_redirects + 1):
                outcome = self._hop(url, current, headers, deadline, redirected=hop > 0)
                if isinstance(outcome, FetchResult):
                    return outcome
                current = outcome  # a redirect: vetted like the first URL on the next hop
        except httpx.TimeoutException:
            raise _Transient(f"timed out after {self.options.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from None
        except httpx.InvalidURL as exc:
            raise IngestError(url, f"invalid URL ({exc})") from None
        raise IngestError(url, f"more than {self.policy.max_redirects} redirects")

    def _hop(
        self, url: str, current: httpx.URL, headers: dict[str, str], deadline: float, *, redirected: bool
    ) -> FetchResult | httpx.URL:
        """One request: the result, or where the server redirects to."""
        if time.monotonic() >= deadline:
            raise self._overdue(url)
        addresses = self._vet(url, current, redirected=redirected)
        targets: list[IPAddress | None] = list(addresses) if self._pin else [None]
        for index, address in enumerate(targets):
            try:
                return self._request(url, current, address, headers, deadline)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if index == len(targets) - 1:  # like a plain connect: try each address in turn
                    raise
        raise AssertionError("unreachable")

    def _request(
        self, url: str, current: httpx.URL, address: IPAddress | None, headers: dict[str, str], deadline: float
    ) -> FetchResult | httpx.URL:
        target, request_headers = current, dict(headers)
        extensions: dict[str, Any] = {}
        if address is not None:  # connect to the vetted address; the name goes in Host and TLS SNI
            target = current.copy_with(host=address.compressed)
            request_headers["Host"] = current.netloc.decode("ascii")
            extensions["sni_hostname"] = current.raw_host.decode("ascii")
        timeout = httpx.Timeout(max(0.001, min(self.options.timeout, deadline - time.monotonic())))
        with _Watchdog(deadline) as watchdog:
            extensions["trace"] = watchdog.trace
            try:
                with self.client.stream(
                    "GET", target, headers=request_headers, extensions=extensions, timeout=timeout
                ) as response:
                    return self._response(url, current, response)
            except httpx.TransportError:
                if watchdog.fired or time.monotonic() >= deadline:
                    raise self._overdue(url) from None
                raise

    def _response(self, url: str, current: httpx.URL, response: httpx.Response) -> FetchResult | httpx.URL:
        status = response.status_code
        if response.has_redirect_location:
            return current.join(response.headers["location"])
        if status in RETRY_STATUSES:
            raise _Transient(f"HTTP {status} {response.reason_phrase}", _retry_after(response))
        if status >= 400:
            raise HTTPStatusError(url, status, response.reason_phrase)
        content = b"" if status == 304 else self._read_limited(url, response)
        return FetchResult(
            url=str(current),
            requested=url,
            status=status,
            content=content,
            content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            fetched_at=dt.datetime.now(dt.UTC),
        )

    def _vet(self, url: str, current: httpx.URL, *, redirected: bool) -> list[IPAddress]:
        """The policy's verdict on one hop, as the errors the fetch path reports."""
        try:
            return vet_url(current, self.policy)
        except Refused as exc:
            hop = f" redirect to {current}" if redirected else ""
            raise IngestError(url, f"refused{hop}: {exc}") from None
        except OSError as exc:  # name resolution failed: as transient as a failed connection
            raise _Transient(f"connection failed (cannot resolve {current.host}: {exc})") from None

    def _overdue(self, url: str) -> IngestError:
        return IngestError(url, f"gave up after the {self.policy.deadline:g} s deadline")

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

    def _allowed(self, url: str, deadline: float) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, deadline)
        robots = self._robots[origin]
        if isinstance(robots, str):  # robots.txt unreachable: RFC 9309 says assume complete disallow
            raise IngestError(url, f"site unreachable, robots.txt could not be read: {robots}")
        return robots.can_fetch(self.options.user_agent, url)

    def _load_robots(self, origin: str, deadline: float) -> urllib.robotparser.RobotFileParser | str:
        """The parsed robots.txt, or why it could not be read (remembered for this run)."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            result = self._with_retries(origin + "/robots.txt", {}, deadline)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                parser.parse([])  # no robots.txt (or not ours to read): no rules, everything is allowed
                return parser
            return exc.reason
        except IngestError as exc:
            return exc.reason
        parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return parser


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _parse(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise IngestError(url, f"invalid URL ({exc})") from None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    if at_least:
        return f"response is larger than the {_human(limit)} limit"
    return f"response is {_human(size)}, over the {_human(limit)} limit"


def _human(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} KB"

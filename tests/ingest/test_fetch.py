"""Fetching over real HTTP (a ThreadingHTTPServer on 127.0.0.1 serving the fixtures): errors,
timeouts, retries, robots.txt, politeness, conditional requests, size limits, feeds with --follow;
and the URL policy: private addresses and non-http schemes refused (redirects included), the
per-URL deadline against servers that trickle."""

from __future__ import annotations

import dataclasses
import ipaddress
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.config import Settings
from sitroom.ingest import FetchOptions, IngestError, IngestOptions, Status, ingest_into
from sitroom.ingest.fetch import Fetcher, IPAddress, Refused, UrlPolicy, address_problem, vet_url
from sitroom.store import Store
from tests.ingest.conftest import FIXTURES, ServerState

LIMIT = 10 * 1024 * 1024
LOCAL = UrlPolicy(allow_private_hosts=True)  # the fixture server is on 127.0.0.1
HINT = "(use --allow-private-hosts for intranet feeds)"


def test_a_page_by_url(http_server: ServerState, store: Store, settings: Settings, options: IngestOptions) -> None:
    url = f"{http_server.base}/html/levant_daily_aleppo.html"
    report = ingest_into([url], store, settings, options=options)
    (outcome,) = report.outcomes
    assert outcome.status is Status.NEW and outcome.source == url
    article = store.get_article(outcome.article_id)
    assert article.title == "Rebels push into Aleppo as government lines collapse"
    assert article.source.url == url and article.fetched_at is not None


def test_404_is_a_clear_failure_and_the_batch_goes_on(
    http_server: ServerState, store: Store, settings: Settings, options: IngestOptions
) -> None:
    missing, good = f"{http_server.base}/html/removed_page.html", f"{http_server.base}/html/frontline_wire_idlib.html"
    report = ingest_into([missing, good], store, settings, options=options)
    failed, stored = report.outcomes
    assert failed.status is Status.FAILED and failed.source == missing and failed.message == "HTTP 404 Not Found"
    assert stored.status is Status.NEW
    assert len(http_server.hits("/html/removed_page.html")) == 1, "a 404 is not retried"


def test_timeout_is_retried_then_reported(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    with Fetcher(fast_fetch, max_bytes=LIMIT, policy=LOCAL) as fetcher, pytest.raises(IngestError) as caught:
        fetcher.fetch(f"{http_server.base}/slow/page.html")
    assert caught.value.reason == "timed out after 0.5 s (gave up after 2 attempts)"
    assert len(http_server.hits("/slow/page.html")) == 2


def test_server_errors_are_retried_with_backoff(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    http_server.flaky_failures = 2
    pauses: list[float] = []
    options = dataclasses.replace(fast_fetch, retries=2, backoff=0.01)
    with Fetcher(options, max_bytes=LIMIT, sleep=pauses.append, policy=LOCAL) as fetcher:
        result = fetcher.fetch(f"{http_server.base}/flaky.html")
    assert result.status == 200 and b"Idlib" in result.content
    assert len(http_server.hits("/flaky.html")) == 3
    assert pauses == [0.01, 0.02], "exponential backoff between attempts"


def test_robots_txt_is_respected(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    with (
        Fetcher(fast_fetch, max_bytes=LIMIT, policy=LOCAL) as fetcher,
        pytest.raises(IngestError, match=r"disallowed by the site's robots\.txt"),
    ):
        fetcher.fetch(f"{http_server.base}/private/levant_daily_aleppo.html")
    assert http_server.hits("/private/levant_daily_aleppo.html") == [], "a disallowed page is never requested"
    assert len(http_server.hits("/robots.txt")) == 1


def test_politeness_delay_between_requests_to_one_host(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    options = dataclasses.replace(fast_fetch, delay=0.3)
    with Fetcher(options, max_bytes=LIMIT, policy=LOCAL) as fetcher:
        for name in ("levant_daily_aleppo.html", "frontline_wire_idlib.html", "levant_daily_hama_fr.html"):
            fetcher.fetch(f"{http_server.base}/html/{name}")
    times = [r.at for r in http_server.requests if r.path.startswith("/html/")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 2 and min(gaps) >= 0.29


def test_conditional_refetch_is_cheap(
    http_server: ServerState, store: Store, settings: Settings, options: IngestOptions
) -> None:
    url = f"{http_server.base}/feeds/levant.rss"
    first = ingest_into([url], store, settings, options=options)
    assert [o.status for o in first.outcomes] == [Status.NEW, Status.NEW]
    etag, last_modified = store.fetch_validators(url)
    assert etag and last_modified
    second = ingest_into([url], store, settings, options=options)
    assert [(o.status, o.message) for o in second.outcomes] == [(Status.DUPLICATE, "not modified since the last fetch")]
    request = http_server.hits("/feeds/levant.rss")[-1]
    assert request.headers.get("If-None-Match") == etag and request.headers.get("If-Modified-Since") == last_modified
    assert store.count_articles() == 2


def test_response_over_the_size_limit_is_refused(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    with (
        Fetcher(fast_fetch, max_bytes=2000, policy=LOCAL) as fetcher,
        pytest.raises(IngestError, match=r"response is \d+\.\d KB, over the 2\.0 KB limit"),
    ):
        fetcher.fetch(f"{http_server.base}/html/levant_daily_aleppo.html")


def test_feed_with_follow_fetches_each_page(
    http_server: ServerState, store: Store, settings: Settings, options: IngestOptions
) -> None:
    url = f"{http_server.base}/feeds/titles_only.rss"
    report = ingest_into([url], store, settings, options=dataclasses.replace(options, follow=True))
    by_status = {o.status: o for o in report.outcomes}
    assert report.count(Status.NEW) == 2 and report.count(Status.FAILED) == 1
    failed = by_status[Status.FAILED]
    assert failed.source.endswith("/html/removed_page.html") and failed.message == "HTTP 404 Not Found"
    articles = {a.title: a for a in store.articles()}
    aleppo = articles["Rebels push into Aleppo as government lines collapse"]
    assert len(aleppo.paragraphs) == 5, "the full page text, not the feed's title"
    assert aleppo.source.feed_url == url and aleppo.published_tz == "+03:00"
    assert store.fetch_validators(url) == (None, None), "a feed with a failed entry is fetched in full next time"


def test_url_errors_never_stop_the_batch(store: Store, settings: Settings, options: IngestOptions) -> None:
    report = ingest_into(["http://127.0.0.1:9/nothing-listens-here.html"], store, settings, options=options)
    (outcome,) = report.outcomes
    assert outcome.status is Status.FAILED and "connection failed" in outcome.message


# ---------------------------------------------------------------------- URL policy: private addresses


def test_loopback_is_refused_by_default_and_the_batch_goes_on(http_server: ServerState, db_path: str) -> None:
    url = f"{http_server.base}/html/levant_daily_aleppo.html"
    local_file = str(FIXTURES / "html" / "frontline_wire_idlib.html")
    with Store(db_path) as store:
        report = ingest_into([url, local_file], store, Settings(db=db_path), options=IngestOptions())
    refused, stored = report.outcomes
    assert refused.status is Status.FAILED and refused.source == url
    assert refused.message == f"refused: 127.0.0.1 is a loopback address {HINT}"
    assert stored.status is Status.NEW
    assert http_server.requests == [], "not even robots.txt is asked for"


def test_private_hosts_are_fetched_with_the_setting(http_server: ServerState, db_path: str) -> None:
    url = f"{http_server.base}/html/levant_daily_aleppo.html"
    settings = Settings(db=db_path, allow_private_hosts=True)
    with Store(db_path) as store:
        report = ingest_into([url], store, settings, options=IngestOptions(fetch=FetchOptions(delay=0.0)))
    assert [o.status for o in report.outcomes] == [Status.NEW]


@pytest.mark.parametrize("allow", ["flag", "environment", None])
def test_ingest_command_allows_private_hosts_only_when_asked(
    http_server: ServerState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allow: str | None
) -> None:
    url = f"{http_server.base}/html/levant_daily_aleppo.html"
    args = ["ingest", url, "--db", str(tmp_path / "cli.db"), "--delay", "0"]
    if allow == "flag":
        args.append("--allow-private-hosts")
    elif allow == "environment":
        monkeypatch.setenv("SITROOM_ALLOW_PRIVATE_HOSTS", "1")
    result = CliRunner().invoke(app, args)
    if allow:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert "refused: 127.0.0.1 is a loopback address" in result.output and url in result.output


def test_ipv6_and_named_loopback_urls_are_refused(fast_fetch: FetchOptions) -> None:
    with Fetcher(fast_fetch, max_bytes=LIMIT) as fetcher:
        for url, reason in [
            ("http://[::1]:8000/x", f"refused: ::1 is a loopback address {HINT}"),
            ("http://[::ffff:127.0.0.1]:8000/x", f"refused: ::ffff:127.0.0.1 is a loopback address {HINT}"),
            ("http://[fd00::5]/feed.rss", f"refused: fd00::5 is a private address {HINT}"),
            ("http://169.254.169.254/latest/meta-data/", f"refused: 169.254.169.254 is a link-local address {HINT}"),
            ("http://localhost:8000/x", f"refused: localhost resolves to 127.0.0.1, a loopback address {HINT}"),
            ("http://0.0.0.0:8000/x", f"refused: 0.0.0.0 is an unspecified address {HINT}"),
        ]:
            with pytest.raises(IngestError) as caught:
                fetcher.fetch(url)
            assert (caught.value.source, caught.value.reason) == (url, reason)
        assert fetcher.requests == 0


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/feed.rss", "javascript:alert(1)", "gopher://127.0.0.1:70/"]
)
def test_non_http_schemes_are_refused(url: str, fast_fetch: FetchOptions) -> None:
    scheme = url.split(":", 1)[0]
    with (
        Fetcher(fast_fetch, max_bytes=LIMIT, policy=LOCAL) as fetcher,
        pytest.raises(IngestError, match=f"refused: only http and https URLs are fetched, not {scheme}:$"),
    ):
        fetcher.fetch(url)


def test_follow_refuses_a_feed_link_with_another_scheme(
    http_server: ServerState, store: Store, settings: Settings, options: IngestOptions
) -> None:
    feed = (FIXTURES / "feeds" / "titles_only.rss").read_bytes()
    feed = feed.replace(b"http://fixtures.local/html/removed_page.html", b"file:///etc/passwd")
    http_server.overrides["/feeds/titles_only.rss"] = feed
    url = f"{http_server.base}/feeds/titles_only.rss"
    report = ingest_into([url], store, settings, options=dataclasses.replace(options, follow=True))
    failed = next(o for o in report.outcomes if o.status is Status.FAILED)
    assert failed.source.startswith("file:") and failed.source.endswith("/etc/passwd")
    assert failed.message == "refused: only http and https URLs are fetched, not file:"
    assert report.count(Status.NEW) == 2


# ---------------------------------------------------------------------- address and URL checks, directly


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "a non-public address"),
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("64:ff9b::7f00:1", "a loopback address"),  # NAT64 form of 127.0.0.1
        ("2002:7f00:1::", "a loopback address"),  # 6to4 form of 127.0.0.1
        ("::127.0.0.1", "a reserved address"),  # deprecated IPv4-compatible form
        ("8.8.8.8", None),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
        ("64:ff9b::808:808", None),  # NAT64 of a public address: IPv6-only networks reach the web this way
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


def _resolver(*answers: str) -> Callable[[str, int], list[IPAddress]]:
    return lambda _host, _port: [ipaddress.ip_address(a) for a in answers]


def test_vet_url_checks_every_address_a_name_resolves_to() -> None:
    url = httpx.URL("https://news.example/feed")
    public = vet_url(url, UrlPolicy(), resolve=_resolver("93.184.216.34", "2606:2800:220:1::"))
    assert [str(ip) for ip in public] == ["93.184.216.34", "2606:2800:220:1::"]
    with pytest.raises(Refused, match=r"news\.example resolves to 10\.0\.0\.7, a private address"):
        vet_url(url, UrlPolicy(), resolve=_resolver("93.184.216.34", "10.0.0.7"))
    allowed = vet_url(url, UrlPolicy(allow_private_hosts=True), resolve=_resolver("10.0.0.7"))
    assert [str(ip) for ip in allowed] == ["10.0.0.7"]


def test_vet_url_trusts_only_the_listed_host_and_port() -> None:
    policy = UrlPolicy(trusted_hosts=frozenset({"127.0.0.1:8080"}))
    assert vet_url(httpx.URL("http://127.0.0.1:8080/feed"), policy)
    with pytest.raises(Refused, match=r"^127\.0\.0\.1 is a loopback address"):
        vet_url(httpx.URL("http://127.0.0.1:8081/feed"), policy)


# ---------------------------------------------------------------------- redirects and the deadline, real servers

TRICKLE_BYTES = 30  # at one a second: far longer than any deadline below


class PolicyHandler(BaseHTTPRequestHandler):
    """/to/<quoted URL> redirects there; /loop redirects to itself; /page answers; /trickle-body and
    /trickle-headers send one byte a second; robots.txt is missing."""

    hits: list[tuple[str, str]]  # (path, Host header), set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.hits.append((self.path, self.headers.get("Host", "")))
        if self.path.startswith("/to/"):
            self._answer(302, b"", location=unquote(self.path.removeprefix("/to/")))
        elif self.path == "/loop":
            self._answer(302, b"", location="/loop")  # relative, resolved against the current URL
        elif self.path == "/page":
            self._answer(200, b"<html><body><p>inside</p></body></html>")
        elif self.path == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Length", str(TRICKLE_BYTES))
            self.end_headers()
            self._trickle(b"x" * TRICKLE_BYTES)
        elif self.path == "/trickle-headers":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"x" * TRICKLE_BYTES)
        else:
            self._answer(404, b"not found")

    def _answer(self, status: int, body: bytes, *, location: str | None = None) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, data: bytes) -> None:
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:  # the client gave up: that is the point
            self.close_connection = True


@dataclasses.dataclass
class Site:
    base: str
    port: int
    hits: list[tuple[str, str]]


@pytest.fixture
def sites() -> Iterator[Callable[[], Site]]:
    """Start as many PolicyHandler servers on 127.0.0.1 as a test needs; all torn down after."""
    servers: list[ThreadingHTTPServer] = []

    def start() -> Site:
        hits: list[tuple[str, str]] = []
        server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (PolicyHandler,), {"hits": hits}))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        port = server.server_address[1]
        return Site(f"http://127.0.0.1:{port}", port, hits)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_redirect_from_a_trusted_host_to_loopback_is_refused(
    sites: Callable[[], Site], fast_fetch: FetchOptions
) -> None:
    outside, inside = sites(), sites()
    policy = UrlPolicy(trusted_hosts=frozenset({f"127.0.0.1:{outside.port}"}))  # stands in for a public host
    url = f"{outside.base}/to/{inside.base}/page"
    with Fetcher(fast_fetch, max_bytes=LIMIT, policy=policy) as fetcher, pytest.raises(IngestError) as caught:
        fetcher.fetch(url)
    assert caught.value.source == url
    assert caught.value.reason == f"refused redirect to {inside.base}/page: 127.0.0.1 is a loopback address {HINT}"
    assert [path for path, _host in outside.hits] == ["/robots.txt", f"/to/{inside.base}/page"]
    assert inside.hits == [], "the redirect target is never contacted"


def test_redirect_to_another_scheme_is_refused(sites: Callable[[], Site], fast_fetch: FetchOptions) -> None:
    site = sites()
    with (
        Fetcher(fast_fetch, max_bytes=LIMIT, policy=LOCAL) as fetcher,
        pytest.raises(IngestError, match=r"refused redirect to file:/+etc/passwd: only http and https URLs"),
    ):
        fetcher.fetch(f"{site.base}/to/file:///etc/passwd")


def test_allowed_redirect_connects_to_the_checked_address_under_the_host_name(
    sites: Callable[[], Site], fast_fetch: FetchOptions
) -> None:
    first, second = sites(), sites()
    target = f"http://localhost:{second.port}/page"
    with Fetcher(fast_fetch, max_bytes=LIMIT, policy=LOCAL) as fetcher:
        result = fetcher.fetch(f"{first.base}/to/{target}")
    assert result.status == 200 and b"inside" in result.content
    assert result.url == target and result.requested == f"{first.base}/to/{target}"
    assert second.hits == [("/page", f"localhost:{second.port}")], "the Host header names the host, not its IP"


def test_redirects_are_bounded(sites: Callable[[], Site], fast_fetch: FetchOptions) -> None:
    site = sites()
    policy = dataclasses.replace(LOCAL, max_redirects=3)
    options = dataclasses.replace(fast_fetch, respect_robots=False)
    with Fetcher(options, max_bytes=LIMIT, policy=policy) as fetcher, pytest.raises(IngestError) as caught:
        fetcher.fetch(f"{site.base}/loop")
    assert caught.value.reason == "more than 3 redirects"
    assert len(site.hits) == 4


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_server_is_abandoned_at_the_deadline(sites: Callable[[], Site], path: str) -> None:
    site = sites()
    # per-read timeout and retries are generous: only the deadline can end this
    options = FetchOptions(timeout=5.0, retries=2, backoff=0.05, delay=0.0, respect_robots=False)
    policy = dataclasses.replace(LOCAL, deadline=2.0)
    started = time.monotonic()
    with (
        Fetcher(options, max_bytes=LIMIT, policy=policy) as fetcher,
        pytest.raises(IngestError, match=r"gave up after the 2 s deadline$"),
    ):
        fetcher.fetch(f"{site.base}{path}")
    assert time.monotonic() - started < 4.0
    assert len(site.hits) == 1, "running out of time is not retried"

"""Fetching over real HTTP (a ThreadingHTTPServer on 127.0.0.1 serving the fixtures): errors,
timeouts, retries, robots.txt, politeness, conditional requests, size limits, feeds with --follow."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from sitroom.config import Settings
from sitroom.ingest import FetchOptions, IngestError, IngestOptions, Status, ingest_into
from sitroom.ingest.fetch import Fetcher
from sitroom.store import Store
from tests.ingest.conftest import ServerState

LIMIT = 10 * 1024 * 1024


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
    with Fetcher(fast_fetch, max_bytes=LIMIT) as fetcher, pytest.raises(IngestError) as caught:
        fetcher.fetch(f"{http_server.base}/slow/page.html")
    assert caught.value.reason == "timed out after 0.5 s (gave up after 2 attempts)"
    assert len(http_server.hits("/slow/page.html")) == 2


def test_server_errors_are_retried_with_backoff(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    http_server.flaky_failures = 2
    pauses: list[float] = []
    options = dataclasses.replace(fast_fetch, retries=2, backoff=0.01)
    with Fetcher(options, max_bytes=LIMIT, sleep=pauses.append) as fetcher:
        result = fetcher.fetch(f"{http_server.base}/flaky.html")
    assert result.status == 200 and b"Idlib" in result.content
    assert len(http_server.hits("/flaky.html")) == 3
    assert pauses == [0.01, 0.02], "exponential backoff between attempts"


def test_robots_txt_is_respected(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    with (
        Fetcher(fast_fetch, max_bytes=LIMIT) as fetcher,
        pytest.raises(IngestError, match=r"disallowed by the site's robots\.txt"),
    ):
        fetcher.fetch(f"{http_server.base}/private/levant_daily_aleppo.html")
    assert http_server.hits("/private/levant_daily_aleppo.html") == [], "a disallowed page is never requested"
    assert len(http_server.hits("/robots.txt")) == 1


def test_politeness_delay_between_requests_to_one_host(http_server: ServerState, fast_fetch: FetchOptions) -> None:
    options = dataclasses.replace(fast_fetch, delay=0.3)
    with Fetcher(options, max_bytes=LIMIT) as fetcher:
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
        Fetcher(fast_fetch, max_bytes=2000) as fetcher,
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

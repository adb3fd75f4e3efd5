"""``watch`` over real HTTP: new entries only, cheap re-polls, and no loss or duplicates across a stop."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.ingest import IngestOptions, Status
from sitroom.ingest.fetch import Fetcher, UrlPolicy
from sitroom.ingest.watch import MAX_ATTEMPTS, Watcher, parse_interval, read_feed_list
from sitroom.store import Store
from tests.ingest.conftest import FIXTURES, ServerState

LIMIT = 10 * 1024 * 1024
LOCAL = UrlPolicy(allow_private_hosts=True)  # the fixture server is on 127.0.0.1


class Crash(Exception):
    """Stands in for the process dying between storing articles and running the pipeline."""


def _local_fetcher(options: IngestOptions) -> Fetcher:
    return Fetcher(options.fetch, max_bytes=LIMIT, policy=LOCAL)


def _watcher(feeds: list[str], store: Store, options: IngestOptions, processed: list[list[str]]) -> Watcher:
    return Watcher(feeds, store, options, max_bytes=LIMIT, process=processed.append, fetcher=_local_fetcher(options))


def test_poll_stores_new_entries_and_runs_the_pipeline_once(
    http_server: ServerState, store: Store, options: IngestOptions
) -> None:
    feed = f"{http_server.base}/feeds/levant.rss"
    processed: list[list[str]] = []
    with _watcher([feed], store, options, processed) as watcher:
        first = watcher.poll()
        assert first.ingest.count(Status.NEW) == 2 and first.unchanged == 0
        assert len(processed) == 1 and sorted(processed[0]) == sorted(a.id for a in store.articles())
        second = watcher.poll()
    assert second.unchanged == 1 and second.ingest.outcomes == [] and len(processed) == 1
    assert http_server.hits("/feeds/levant.rss")[-1].headers.get("If-None-Match"), "the re-poll was conditional"
    assert store.count_articles() == 2


def test_only_new_entries_of_a_changed_feed_are_ingested(
    http_server: ServerState, store: Store, options: IngestOptions
) -> None:
    feed = f"{http_server.base}/feeds/levant.rss"
    processed: list[list[str]] = []
    with _watcher([feed], store, options, processed) as watcher:
        watcher.poll()
        original = (FIXTURES / "feeds" / "levant.rss").read_text(encoding="utf-8")
        extra = (FIXTURES / "feeds" / "cedar_post.atom").read_text(encoding="utf-8")
        story = extra.split('<content type="html">', 1)[1].split("</content>", 1)[0]
        item = (
            "<item><title>Aleppo residents shelter as fighters reach the city</title>"
            "<link>https://www.levant-daily.test/news/aleppo-residents</link>"
            "<guid>https://www.levant-daily.test/news/aleppo-residents</guid>"
            f"<pubDate>Fri, 29 Nov 2024 21:10:00 +0200</pubDate><description>{story}</description></item>"
        )
        http_server.overrides["/feeds/levant.rss"] = original.replace("<item>", item + "<item>", 1).encode()
        report = watcher.poll()
    assert [o.status for o in report.ingest.outcomes] == [Status.NEW]
    assert len(processed) == 2 and processed[1] == [report.ingest.outcomes[0].article_id]
    assert store.count_articles() == 3


def test_a_stop_before_the_pipeline_is_finished_on_restart(
    http_server: ServerState, db_path: str, options: IngestOptions
) -> None:
    feed = f"{http_server.base}/feeds/levant.rss"

    def crash(_ids: list[str]) -> None:
        raise Crash

    with (
        Store(db_path) as store,
        Watcher([feed], store, options, max_bytes=LIMIT, process=crash, fetcher=_local_fetcher(options)) as watcher,
    ):
        with pytest.raises(Crash):
            watcher.poll()
        stored = sorted(a.id for a in store.articles())
    assert len(stored) == 2

    processed: list[list[str]] = []
    with Store(db_path) as store, _watcher([feed], store, options, processed) as watcher:  # the restart
        report = watcher.poll()
        assert sorted(processed[0]) == stored, "what was stored but not processed is processed first"
        assert report.ingest.count(Status.NEW) == 0 and store.count_articles() == 2
        assert watcher.poll().processed == [], "and only once"


def test_failing_entries_are_retried_then_given_up(
    http_server: ServerState, store: Store, options: IngestOptions
) -> None:
    feed = f"{http_server.base}/feeds/titles_only.rss"
    processed: list[list[str]] = []
    following = dataclasses.replace(options, follow=True)
    with _watcher([feed], store, following, processed) as watcher:
        first = watcher.poll()
        assert first.ingest.count(Status.NEW) == 2 and first.ingest.count(Status.FAILED) == 1
        for _ in range(MAX_ATTEMPTS - 1):
            again = watcher.poll()
            assert [o.status for o in again.ingest.outcomes] == [Status.FAILED], "only the broken entry is retried"
        assert watcher.poll().unchanged == 1, "given up: the feed's validators are saved and it answers 304"
    assert len(http_server.hits("/html/removed_page.html")) == MAX_ATTEMPTS
    assert len(http_server.hits("/html/levant_daily_aleppo.html")) == 1
    assert store.count_articles() == 2


@pytest.mark.slow  # runs the real pipeline (extraction models load) on the stored articles
def test_watch_command_once_on_a_feed_file(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# my feeds\n{FIXTURES / 'feeds' / 'cedar_post.atom'}\n\n", encoding="utf-8")
    db = str(tmp_path / "watch.db")
    result = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--every", "1m", "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 feed(s), 0 unchanged; 2 new" in result.output
    again = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--db", db])
    assert "0 new" in again.output and "0 duplicate" in again.output, "seen entries are skipped, not re-read"
    with Store(db) as store:
        assert store.count_articles() == 2


def test_watch_rejects_a_bad_interval_and_an_empty_feed_list(tmp_path: Path) -> None:
    empty = tmp_path / "feeds.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(empty), "--every", "soon"])
    assert result.exit_code == 1 and "interval must look like 30s, 15m, 1h or 1d" in result.output
    result = CliRunner().invoke(app, ["watch", str(empty), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 1 and "lists no feeds" in result.output


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("30s", 30), ("15m", 900), ("1.5h", 5400), ("1d", 86400)])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_feed_list_dedupes_and_skips_comments(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("https://a.test/rss  # world\nhttps://a.test/rss\n\nhttps://b.test/atom\n", encoding="utf-8")
    assert read_feed_list(path, max_bytes=LIMIT) == ["https://a.test/rss", "https://b.test/atom"]

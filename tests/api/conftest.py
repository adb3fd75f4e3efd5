"""A real uvicorn server on 127.0.0.1 over a store the real pipeline filled from examples/articles (``seeded_db``,
tests/conftest.py), on SQLite and (when SITROOM_TEST_POSTGRES_URL is set) PostgreSQL. Each backend gets a copy of
what the pipeline stored, written through the Store's own API."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from sitroom.api import create_app
from sitroom.config import Settings
from sitroom.store import Store
from tests.conftest import POSTGRES_URL, fresh_postgres


@dataclass
class Server:
    url: str
    store: Store  # the server's own store: tests read expectations from the same database
    settings: Settings

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_sqlite(source: Path, target: Path) -> str:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return str(target)


def _copy_to_postgres(source: Path, url: str) -> str:
    """The seeded store's articles, reports and events, stored again through the Store API."""
    fresh_postgres(url)
    with Store(str(source)) as src, Store(url) as dst:
        articles = src.articles()
        dst.add_articles(articles)
        mentions = src.mentions()
        for article in articles:
            dst.replace_mentions(article.id, [m for m in mentions if m.article_id == article.id])
        dst.replace_events(src.events())
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return copy_sqlite(seeded_db, tmp_path_factory.mktemp("api") / "api.db")
    if not POSTGRES_URL:
        pytest.skip("set SITROOM_TEST_POSTGRES_URL to run the API tests on PostgreSQL (.ci/run does)")
    return _copy_to_postgres(seeded_db, POSTGRES_URL)


@pytest.fixture(scope="module")
def key_store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as store:
        yield store


@contextmanager
def running(settings: Settings) -> Iterator[Server]:
    """Run the app with uvicorn in a background thread until the caller is done."""
    store = Store(settings.db)
    port = free_port()
    config = uvicorn.Config(create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield Server(url=f"http://127.0.0.1:{port}", store=store, settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        store.close()


@pytest.fixture(scope="module")
def server(db_url: str) -> Iterator[Server]:
    with running(Settings(db=db_url)) as started:
        yield started

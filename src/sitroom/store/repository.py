"""The Store: typed records in, typed records out, one transaction per batch.

SQLite by default (one file, WAL), PostgreSQL through the same code via a SQLAlchemy URL.
The schema is created and upgraded with Alembic when a Store opens.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, String, Text, cast, create_engine, event, func, insert, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sitroom.config import db_url
from sitroom.model import Article, Event, EventMention, acled_columns
from sitroom.store.orm import (
    ApiKeyRow,
    ArticleRow,
    ArticleSignatureRow,
    ArticleStageRow,
    EventRow,
    FeedEntryRow,
    FetchStateRow,
    MentionKeyRow,
    MentionRow,
    StoreStateRow,
)
from sitroom.store.query import (
    EventFilter,
    PageKey,
    Table,
    acled_path_columns,
    apply_filter,
    derived_event_columns,
    event_point_columns,
    nested_record,
)

MIGRATIONS = Path(__file__).parent / "migrations"
EXTRACT_STAGE = "extract"
CORROBORATION_KEY = "corroboration"
MatchKey = tuple[str, date | None]  # a mention's block and match date (``sitroom.corroborate.incremental``)
# Any number of processes may open a new store at once: one migrates while the others wait (see ``migrate``).
MIGRATION_LOCK_KEY = 0x5174_726F  # PostgreSQL advisory lock id ("Sitro")
# SQLite calls a read's progress handler every this many virtual-machine steps (tens of microseconds): often
# enough to stop near its deadline, rarely enough to cost nothing a first page would notice.
_PROGRESS_STEPS = 1_000


class StoreError(RuntimeError):
    """A storage operation failed; the transaction was rolled back."""


class _ReadInterrupted(Exception):
    """A bounded read ran out of time (``Store.event_json_within``)."""


@dataclass
class AddResult:
    """What happened to each article of a batch handed to ``Store.add_articles``."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids of articles already stored


@dataclass(frozen=True)
class FeedEntryState:
    """What ``watch`` remembers about one feed entry."""

    status: str  # "stored" | "failed"
    attempts: int
    article_id: str | None


@dataclass(frozen=True)
class StoreStats:
    articles: int
    mentions: int
    events: int
    events_by_type: dict[str, int]
    first_date: date | None
    last_date: date | None


@dataclass(frozen=True)
class ApiKey:
    """A REST API key as listed: never its token."""

    id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


class EventSummary(NamedTuple):
    """A light view of a stored event, for ranking many events cheaply (a named tuple: 40,000 frozen dataclasses
    took 0.1 s to build)."""

    id: str
    sub_event_type: str
    date: date | None
    actors: tuple[str, ...]
    independent_sources: int
    confidence: float
    toll: int | None  # the highest reported figure: high, else best, else low


@dataclass(frozen=True)
class EventPoints:
    """What a map, a timeline and a filter need of many events, as parallel columns (index ``i`` of each is one
    event), read without loading their full records. Columns, not a record per event: building 50,000 records took
    as long as the query."""

    id: list[str]
    date: list[date | None]
    latitude: list[float | None]
    longitude: list[float | None]
    event_type: list[str]
    sub_event_type: list[str]
    country: list[str | None]
    location: list[str | None]
    actor1: list[str | None]
    actor2: list[str | None]
    # Name lists are tuples, one shared by every event with the same names (decoded once per distinct list).
    actors: list[tuple[str, ...]]  # every actor name of the event (either side or associated), each once
    actor1_backers: list[tuple[str, ...] | None]  # None: the event has no such actor
    actor2_backers: list[tuple[str, ...] | None]
    fatalities: list[int | None]  # the best figure, else the low, else the high
    confidence: list[float]
    independent_sources: list[int]

    def __len__(self) -> int:
        return len(self.id)


def _per_text(texts: Sequence[str | None], decode: Callable[[str], Iterable[str]]) -> list[tuple[str, ...] | None]:
    """Each text decoded into a tuple (None stays None), once per distinct text: events share few actor lists and
    fewer backer lists."""
    known = {text: tuple(decode(text)) for text in set(texts) if text is not None}
    return [None if text is None else known[text] for text in texts]


def _distinct_names(names: str) -> Iterable[str]:
    """The names of a '|'-joined actors column, each once."""
    return dict.fromkeys(names.split("|")) if names else ()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while tens of thousands of rows (tuples, none of them in a cycle) are built:
    it ran again and again over the growing heap, a third of the time of reading 50,000 events' points."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _days(texts: Sequence[str | None]) -> list[date | None]:
    """ISO dates parsed once per distinct day: the driver's date conversion of 50,000 rows cost 0.1 s."""
    known = {text: date.fromisoformat(text) for text in set(texts) if text is not None}
    return [None if text is None else known[text] for text in texts]


def _split_actors(names: str | None) -> tuple[str, ...]:
    return tuple(a for a in (names or "").split("|") if a)


def _actor_names(record: EventMention | Event) -> str:
    actors = [record.actor1, record.actor2, *record.assoc_actors_1, *record.assoc_actors_2]
    return "|".join(a.name for a in actors if a is not None)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """Open (and migrate) a database. ``Store("sitroom.db")`` or ``Store("postgresql+psycopg://…")``."""

    def __init__(self, db: str, *, migrate: bool = True, pool_size: int | None = None) -> None:
        """``pool_size``: connections kept open (SQLAlchemy's default: 5); a server with many threads wants one per
        thread, since each connection opened past the pool is closed again on return (a SQLite one re-running its
        pragmas)."""
        self.url = db_url(db)
        self.engine: Engine = create_engine(self.url, **({"pool_size": pool_size} if pool_size else {}))
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _set_sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # One SELECT reads one snapshot: in autocommit it needs no BEGIN and no ROLLBACK, two of a PostgreSQL
        # page's three round trips (SQLite's driver opens no transaction for a read anyway).
        self._reader = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.engine.dialect.name == "postgresql"
            else self.engine
        )
        self._watcher: sqlite3.Connection | None = None  # events_version's own connection (SQLite)
        self._watcher_lock = threading.Lock()
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        """Upgrade the schema to head under a lock: a file lock beside a SQLite file, an advisory lock held for
        the transaction on PostgreSQL. Without it, processes opening a new store together raced to create the
        same tables ("table articles already exists") and a writer's batch was lost."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._migration_lock(), self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.migrate-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything in it is stored, or nothing is."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"database error, nothing from this batch was stored: {exc}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # ------------------------------------------------------------------ articles

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        """Store new articles in one transaction; an article whose content hash is stored is skipped."""
        return self.add_articles_with_signatures(articles, {}, scheme="")

    def has_article(self, content_hash: str) -> bool:
        with self._sessions() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash)) is not None

    def get_article(self, article_id: str) -> Article | None:
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            return Article.model_validate(row.record) if row else None

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        query = select(ArticleRow.record).order_by(ArticleRow.ingested_at, ArticleRow.id)
        if ids is not None:
            query = query.where(ArticleRow.id.in_(ids))
        with self._sessions() as session:
            return [Article.model_validate(r) for r in session.scalars(query)]

    def count_articles(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def add_articles_with_signatures(
        self, articles: Iterable[Article], signatures: Mapping[str, bytes], *, scheme: str
    ) -> AddResult:
        """Like ``add_articles``, and store each added article's MinHash signature in the same transaction.

        Bulk inserts (one executemany per table) rather than ORM objects: ingest stores thousands of
        articles per run and per-object bookkeeping was a visible share of its time. Rows go in in
        batch order, so a copy may point at an original stored earlier in the same batch."""
        result = AddResult()
        now = datetime.now(UTC)
        with self.transaction() as session:
            batch = list(articles)
            hashes = [a.content_hash for a in batch]
            known = set(session.scalars(select(ArticleRow.content_hash).where(ArticleRow.content_hash.in_(hashes))))
            rows: list[dict[str, Any]] = []
            for article in batch:
                if article.content_hash in known:
                    result.duplicates.append(article.id)
                    continue
                known.add(article.content_hash)
                rows.append(_article_values(article, now))
                result.added.append(article.id)
            if rows:
                session.execute(insert(ArticleRow), rows)
            signed = [
                {"article_id": i, "scheme": scheme, "signature": signatures[i]} for i in result.added if i in signatures
            ]
            if signed:
                session.execute(insert(ArticleSignatureRow), signed)
        return result

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are already stored."""
        wanted = list(set(hashes))
        found: set[str] = set()
        with self._sessions() as session:
            for start in range(0, len(wanted), 500):  # stay under SQL parameter limits
                chunk = wanted[start : start + 500]
                found.update(session.scalars(select(ArticleRow.content_hash).where(ArticleRow.content_hash.in_(chunk))))
        return found

    def article_signatures(self, scheme: str) -> list[tuple[str, str | None, bytes]]:
        """(article id, copy_of, signature) of every stored article signed with ``scheme``."""
        query = (
            select(ArticleSignatureRow.article_id, ArticleRow.copy_of, ArticleSignatureRow.signature)
            .join(ArticleRow, ArticleRow.id == ArticleSignatureRow.article_id)
            .where(ArticleSignatureRow.scheme == scheme)
        )
        with self._sessions() as session:
            return [(article_id, copy_of, signature) for article_id, copy_of, signature in session.execute(query)]

    def articles_without_signature(self, scheme: str) -> list[Article]:
        """Stored articles with no signature under ``scheme`` (stored before signatures, or another scheme)."""
        signed = select(ArticleSignatureRow.article_id).where(ArticleSignatureRow.scheme == scheme)
        query = select(ArticleRow.record).where(ArticleRow.id.not_in(signed)).order_by(ArticleRow.ingested_at)
        with self._sessions() as session:
            return [Article.model_validate(r) for r in session.scalars(query)]

    def put_signatures(self, signatures: Mapping[str, bytes], *, scheme: str) -> None:
        """Store (or replace) signatures of already-stored articles."""
        with self.transaction() as session:
            for article_id, signature in signatures.items():
                session.merge(ArticleSignatureRow(article_id=article_id, scheme=scheme, signature=signature))

    # ------------------------------------------------------------------ fetch and feed state (ingest, watch)

    def fetch_validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) from the last successful fetch of ``url``; (None, None) when never fetched."""
        with self._sessions() as session:
            row = session.get(FetchStateRow, url)
            return (row.etag, row.last_modified) if row else (None, None)

    def save_fetch_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.transaction() as session:
            session.merge(FetchStateRow(url=url, etag=etag, last_modified=last_modified, checked_at=datetime.now(UTC)))

    def feed_entry_states(self, feed_url: str) -> dict[str, FeedEntryState]:
        query = select(FeedEntryRow).where(FeedEntryRow.feed_url == feed_url)
        with self._sessions() as session:
            return {
                r.entry_key: FeedEntryState(status=r.status, attempts=r.attempts, article_id=r.article_id)
                for r in session.scalars(query)
            }

    def record_feed_entries(self, feed_url: str, results: Mapping[str, str | None]) -> None:
        """Remember feed entries: an article id means stored, None means this attempt failed."""
        now = datetime.now(UTC)
        with self.transaction() as session:
            for key, article_id in results.items():
                row = session.get(FeedEntryRow, (feed_url, key))
                if row is None:
                    row = FeedEntryRow(feed_url=feed_url, entry_key=key, attempts=0, processed=False, seen_at=now)
                    session.add(row)
                row.attempts = (row.attempts or 0) + 1
                row.seen_at = now
                if article_id is not None:
                    row.status, row.article_id = "stored", article_id
                elif row.status != "stored":
                    row.status = "failed"

    def unprocessed_feed_articles(self) -> list[str]:
        """Ids of articles ``watch`` stored but has not yet run the pipeline on."""
        query = (
            select(FeedEntryRow.article_id)
            .where(FeedEntryRow.status == "stored", FeedEntryRow.processed.is_(False))
            .where(FeedEntryRow.article_id.is_not(None))
            .distinct()
        )
        with self._sessions() as session:
            return sorted(a for a in session.scalars(query) if a is not None)

    def mark_feed_articles_processed(self, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        with self.transaction() as session:
            session.query(FeedEntryRow).where(FeedEntryRow.article_id.in_(ids)).update(
                {FeedEntryRow.processed: True}, synchronize_session=False
            )

    # ------------------------------------------------------------------ event mentions

    def replace_mentions(
        self, article_id: str, mentions: Sequence[EventMention], *, extracted_with: str | None = None
    ) -> None:
        """Store an article's mentions, replacing earlier ones: re-extraction is idempotent. ``extracted_with``
        (the extractor's version) records the article as extracted in the same transaction, so a run killed at
        any point leaves an article either extracted and recorded or neither."""
        with self.transaction() as session:
            if extracted_with is not None:
                session.merge(
                    ArticleStageRow(
                        article_id=article_id, stage=EXTRACT_STAGE, version=extracted_with, done_at=datetime.now(UTC)
                    )
                )
            for old in session.scalars(select(MentionRow).where(MentionRow.article_id == article_id)):
                session.delete(old)
            session.flush()
            for mention in mentions:
                if mention.article_id != article_id:
                    raise ValueError(f"mention {mention.id} belongs to {mention.article_id}, not {article_id}")
                session.add(_mention_row(mention))

    def articles_to_extract(self, version: str | None = None) -> list[str]:
        """Ids of stored articles never extracted, in ingest order; with ``version``, also those extracted by
        another version of the extractor (``sitroom reprocess``)."""
        done = select(ArticleStageRow.article_id).where(ArticleStageRow.stage == EXTRACT_STAGE)
        if version is not None:
            done = done.where(ArticleStageRow.version == version)
        query = select(ArticleRow.id).where(ArticleRow.id.not_in(done)).order_by(ArticleRow.ingested_at, ArticleRow.id)
        with self._sessions() as session:
            return list(session.scalars(query))

    def mentions(self, flt: EventFilter | None = None) -> list[EventMention]:
        query = apply_filter(select(MentionRow.record), MentionRow, flt or EventFilter())
        with self._sessions() as session:
            return [EventMention.model_validate(r) for r in session.scalars(query)]

    def article_mentions(self, article_id: str) -> list[EventMention]:
        query = select(MentionRow.record).where(MentionRow.article_id == article_id).order_by(MentionRow.id)
        with self._sessions() as session:
            return [EventMention.model_validate(r) for r in session.scalars(query)]

    def get_mention(self, mention_id: str) -> EventMention | None:
        with self._sessions() as session:
            row = session.get(MentionRow, mention_id)
            return EventMention.model_validate(row.record) if row else None

    # ------------------------------------------------------------------ corroborated events

    def replace_events(
        self, events: Sequence[Event], *, keys: Mapping[str, MatchKey] | None = None, version: str | None = None
    ) -> None:
        """Replace the corroborated layer and point each mention (column and record) at its event, atomically.
        ``keys`` (mention id -> block and match date) and ``version`` (of the corroboration that built the events)
        let later corroborations be incremental (``update_events``); without them the next one rebuilds."""
        now = datetime.now(UTC)
        owner = {mention_id: ev.id for ev in events for mention_id in ev.mention_ids}
        with self.transaction() as session:
            session.query(EventRow).delete()
            session.query(MentionKeyRow).delete()
            for ev in events:
                session.add(_event_row(ev, now))
            for row in session.scalars(select(MentionRow)):
                _point_at(row, owner.get(row.id))
            session.add_all(MentionKeyRow(mention_id=i, block=b, match_date=d) for i, (b, d) in (keys or {}).items())
            session.merge(StoreStateRow(key=CORROBORATION_KEY, value=version or ""))

    def update_events(self, removed: Iterable[str], events: Sequence[Event], keys: Mapping[str, MatchKey]) -> None:
        """Replace the ``removed`` events by ``events`` (whose mentions are pointed at them) and record the keys of
        the mentions now corroborated, atomically: what an incremental corroboration rewrites."""
        now = datetime.now(UTC)
        owner = {mention_id: ev.id for ev in events for mention_id in ev.mention_ids}
        with self.transaction() as session:
            session.query(EventRow).filter(EventRow.id.in_(list(removed))).delete()
            for ev in events:
                session.merge(_event_row(ev, now))  # an unchanged event keeps its id
            for row in session.scalars(select(MentionRow).where(MentionRow.id.in_(list(owner)))):
                _point_at(row, owner[row.id])
            session.add_all(MentionKeyRow(mention_id=i, block=b, match_date=d) for i, (b, d) in keys.items())

    def corroboration_version(self) -> str | None:
        """The version ``replace_events`` recorded with the events (None: never recorded)."""
        with self._sessions() as session:
            row = session.get(StoreStateRow, CORROBORATION_KEY)
            return row.value if row else None

    def uncorroborated_mentions(self) -> list[EventMention]:
        """Mentions no corroboration has seen yet (no keys recorded), by id."""
        keyed = select(MentionKeyRow.mention_id)
        query = select(MentionRow.record).where(MentionRow.id.not_in(keyed)).order_by(MentionRow.id)
        with self._sessions() as session:
            return [EventMention.model_validate(r) for r in session.scalars(query)]

    def keyed_mentions(
        self, block: str, sub_event_types: Iterable[str], first: date | None, last: date | None
    ) -> list[tuple[EventMention, date | None]]:
        """Corroborated mentions of ``block`` of these types matched on a date from ``first`` to ``last`` or on
        none (every date without ``first``), with their match dates: the candidates blocking gives."""
        query = (
            select(cast(MentionRow.record, Text), MentionKeyRow.match_date)
            .join(MentionKeyRow, MentionKeyRow.mention_id == MentionRow.id)
            .where(MentionKeyRow.block == block, MentionRow.sub_event_type.in_(list(sub_event_types)))
        )
        if first is not None and last is not None:
            query = query.where(MentionKeyRow.match_date.is_(None) | MentionKeyRow.match_date.between(first, last))
        return [(EventMention.model_validate_json(text), day) for text, day in self._read(query)]

    def block_dates(self, block: str) -> list[date]:
        """Every date corroborated mentions of ``block`` are matched on."""
        query = select(MentionKeyRow.match_date).where(MentionKeyRow.block == block).distinct()
        return [day for (day,) in self._read(query) if day is not None]

    def articles_with_mentions(self, ids: Iterable[str]) -> list[Article]:
        """Those of these articles that have mentions."""
        with_mentions = select(MentionRow.article_id).where(MentionRow.article_id.in_(list(ids))).distinct()
        return self.articles([article_id for (article_id,) in self._read(with_mentions)])

    def count_events(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(EventRow)) or 0)

    def event_summaries(self, flt: EventFilter | None = None) -> list[EventSummary]:
        """The few columns needed to rank many events, stored columns only (no record is read), in the filter's
        order."""
        toll = func.coalesce(EventRow.fatalities_high, EventRow.fatalities_best, EventRow.fatalities_low)
        columns = select(
            EventRow.id,
            EventRow.sub_event_type,
            EventRow.date,
            EventRow.actors,
            EventRow.independent_sources,
            EventRow.confidence,
            toll,
        )
        with _collector_paused():
            rows = self._read(apply_filter(columns, EventRow, flt or EventFilter()))
            actors = {names: _split_actors(names) for names in {row[3] for row in rows}}  # many events share a list
            return [
                EventSummary(ident, sub, day, actors[names], sources, confidence, toll)
                for ident, sub, day, names, sources, confidence, toll in rows
            ]

    def event_points(self, flt: EventFilter | None = None) -> EventPoints:
        """The filtered events' ``EventPoints``, in the filter's order, from stored columns only (migration 0006)."""
        columns = select(
            EventRow.id,
            cast(EventRow.date, String),
            EventRow.latitude,
            EventRow.longitude,
            EventRow.event_type,
            EventRow.sub_event_type,
            EventRow.country,
            EventRow.location,
            EventRow.actor1,
            EventRow.actor2,
            EventRow.actors,
            EventRow.actor1_backers,
            EventRow.actor2_backers,
            func.coalesce(EventRow.fatalities_best, EventRow.fatalities_low, EventRow.fatalities_high),
            EventRow.confidence,
            EventRow.independent_sources,
        )
        with _collector_paused():
            return _points(self._read(apply_filter(columns, EventRow, flt or EventFilter())))

    def events_version(self) -> tuple[Any, ...]:
        """A value that changes whenever the stored events may have, for caches of what is read from them.

        SQLite: ``PRAGMA data_version`` on a connection of the store's own that never writes, which changes with
        every commit of any other connection or process (microseconds, where the fallback scans the table: 100 ms
        at 50,000 events). Other databases: the events' count and latest update."""
        database = self.engine.url.database
        if self.engine.dialect.name == "sqlite" and database and database != ":memory:":
            with self._watcher_lock:
                if self._watcher is None:
                    self._watcher = sqlite3.connect(database, check_same_thread=False)
                return ("sqlite", self._watcher.execute("PRAGMA data_version").fetchone()[0])
        with self._sessions() as session:
            return tuple(session.execute(select(func.count(), func.max(EventRow.updated_at))).one())

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        query = apply_filter(select(EventRow.record), EventRow, flt or EventFilter())
        with self._sessions() as session:
            return [Event.model_validate(r) for r in session.scalars(query)]

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        query = select(cast(EventRow.record, Text)).where(EventRow.id.in_(list(ids))).order_by(EventRow.id)
        with self._sessions() as session:  # parsed and validated in one step from the text: 3x json.loads + validate
            return [Event.model_validate_json(text) for text in session.scalars(query)]

    def get_event(self, event_id: str) -> Event | None:
        with self._sessions() as session:
            row = session.get(EventRow, event_id)
            return Event.model_validate(row.record) if row else None

    def event_json(self, flt: EventFilter) -> list[tuple[PageKey, str]]:
        """Stored events as JSON text straight from the database, each with its page key: an API page splices
        them into its response without decoding and re-encoding every record (a third of a page's time)."""
        return self._event_json(flt, self._read)

    def event_json_within(self, flt: EventFilter, seconds: float) -> list[tuple[PageKey, str]] | None:
        """``event_json`` if SQLite answers within ``seconds``, else None: SQLite's progress handler interrupts
        the read at the deadline, so trying costs at most that long. What lets an API server read a page on its
        event loop: on a worker thread, the hop and the GIL hand-offs of stepping through 50 rows (the sqlite3
        module releases the GIL at every row) cost several times the read itself. PostgreSQL is not tried
        (None): its reads wait on the network."""
        if self.engine.dialect.name != "sqlite":
            return None
        try:
            return self._event_json(flt, lambda query: self._read_within(query, seconds))
        except _ReadInterrupted:
            return None

    def _event_json(self, flt: EventFilter, read: Callable[[Any], Sequence[Any]]) -> list[tuple[PageKey, str]]:
        return [(key, values[0]) for key, values in self._event_page(flt, [cast(EventRow.record, Text)], read)]

    def _event_page(
        self, flt: EventFilter, columns: Sequence[Any], read: Callable[[Any], Sequence[Any]] | None = None
    ) -> list[tuple[PageKey, Sequence[Any]]]:
        query = apply_filter(select(EventRow.date, EventRow.id, *columns), EventRow, flt)
        return [(PageKey(row[0], row[1]), row[2:]) for row in (read or self._read)(query)]

    def _read(self, query: Any) -> Sequence[Any]:
        """The rows of a column query, through a plain connection: the ORM's result machinery cost as much as
        the query itself on 40,000 rows."""
        with self._reader.connect() as connection:
            return connection.execute(query).all()

    def _read_within(self, query: Any, seconds: float) -> Sequence[Any]:
        """``_read`` on SQLite, interrupted (``_ReadInterrupted``) once it has run ``seconds``."""
        deadline = time.perf_counter() + seconds
        with self.engine.connect() as connection:
            sqlite = connection.connection.dbapi_connection
            assert isinstance(sqlite, sqlite3.Connection)
            sqlite.set_progress_handler(lambda: time.perf_counter() > deadline, _PROGRESS_STEPS)
            try:
                return connection.execute(query).all()
            except OperationalError as exc:
                if "interrupted" in str(exc.orig):
                    raise _ReadInterrupted from None
                raise
            finally:
                sqlite.set_progress_handler(None, 0)  # the connection goes back to the pool for any use

    def _iter_event_pages(self, flt: EventFilter, batch_size: int, columns: Sequence[Any]) -> Iterator[Sequence[Any]]:
        """``columns`` of every event the filter selects (at most ``flt.limit``), read in keyset batches of
        ``batch_size``, each in its own short read: memory stays flat whatever the number of events, and no
        transaction stays open while a slow consumer writes its file."""
        remaining, after = flt.limit, flt.after
        while remaining is None or remaining > 0:
            size = batch_size if remaining is None else min(batch_size, remaining)
            batch = self._event_page(replace(flt, after=after, limit=size), columns)
            yield from (values for _key, values in batch)
            if len(batch) < size:
                return
            after = batch[-1][0]
            remaining = None if remaining is None else remaining - len(batch)

    def iter_event_json(self, flt: EventFilter, batch_size: int = 1000) -> Iterator[str]:
        """The JSON text of every event the filter selects, streamed (``_iter_event_pages``)."""
        return (values[0] for values in self._iter_event_pages(flt, batch_size, [cast(EventRow.record, Text)]))

    def iter_acled_records(self, flt: EventFilter, batch_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every event the filter selects, streamed, as the part of its record that its ACLED columns come from
        (``query.nested_record``): what exports read, with no whole record decoded nor any model validated."""
        pages = self._iter_event_pages(flt, batch_size, acled_path_columns(EventRow, self.engine.dialect.name))
        return (nested_record(EventRow, values) for values in pages)

    def acled_rows(
        self, flt: EventFilter | None = None, *, reports: bool = False, of_articles: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """ACLED rows (``model.acled_columns``) of the events, or with ``reports`` the reports, the filter
        selects (only those of these articles' reports with ``of_articles``), read as ``iter_acled_records``
        does: what listings print."""
        table: Table = MentionRow if reports else EventRow
        query = apply_filter(select(*acled_path_columns(table, self.engine.dialect.name)), table, flt or EventFilter())
        if of_articles is not None:
            own = MentionRow.article_id.in_(list(of_articles))
            query = query.where(own if reports else EventRow.id.in_(select(MentionRow.event_id).where(own)))
        return [acled_columns(nested_record(table, row)) for row in self._read(query)]

    def iter_events(self, flt: EventFilter, batch_size: int = 1000) -> Iterator[Event]:
        """``iter_event_json`` as Events, parsed and validated in one step from the text (3x faster than
        json.loads then model_validate)."""
        return (Event.model_validate_json(text) for text in self.iter_event_json(flt, batch_size))

    def stats(self) -> StoreStats:
        """Counts for a dashboard: articles, reports, events (by type) and the dates they span."""
        with self._sessions() as session:
            by_type = session.execute(select(EventRow.event_type, func.count()).group_by(EventRow.event_type)).all()
            first, last = session.execute(select(func.min(EventRow.date), func.max(EventRow.date))).one()
            return StoreStats(
                articles=session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                mentions=session.scalar(select(func.count()).select_from(MentionRow)) or 0,
                events=sum(n for _type, n in by_type),
                events_by_type={t: n for t, n in sorted(by_type)},
                first_date=first,
                last_date=last,
            )

    def ping(self) -> None:
        """Raises StoreError when the database cannot answer."""
        with self.transaction() as session:
            session.execute(text("SELECT 1"))

    # ------------------------------------------------------------------ API keys

    def create_api_key(self, name: str) -> tuple[ApiKey, str]:
        """A new key and its token. The token is returned this once: only its SHA-256 is stored."""
        token = "sk_" + secrets.token_urlsafe(32)
        row = ApiKeyRow(
            id="key_" + secrets.token_hex(6), name=name, token_hash=_token_hash(token), created_at=datetime.now(UTC)
        )
        with self.transaction() as session:
            session.add(row)
        return _api_key(row), token

    def api_keys(self) -> list[ApiKey]:
        with self._sessions() as session:
            return [_api_key(r) for r in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))]

    def revoke_api_key(self, key_id: str) -> bool:
        """Revoke a key from now on; False when there is no such key (revoking twice keeps the first time)."""
        with self.transaction() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None:
                return False
            row.revoked_at = row.revoked_at or datetime.now(UTC)
            return True

    def api_key_valid(self, token: str) -> bool:
        """Whether a token belongs to a key that is not revoked. The lookup is by hash, so comparing the
        stored value leaks nothing about the token."""
        query = select(ApiKeyRow.id).where(ApiKeyRow.token_hash == _token_hash(token), ApiKeyRow.revoked_at.is_(None))
        with self._sessions() as session:
            return session.scalar(query) is not None


def _point_at(row: MentionRow, event_id: str | None) -> None:
    """Point a stored mention (column and record) at its event."""
    if row.event_id != event_id or row.record.get("event_id") != event_id:
        row.event_id = event_id
        row.record = {**row.record, "event_id": event_id}


def _points(rows: Sequence[Any]) -> EventPoints:
    """``EventPoints`` from the rows of ``Store.event_points``' query."""
    if not rows:
        return EventPoints(*([] for _ in fields(EventPoints)))
    ids, days, lats, lons, types, subs, countries, places, actor1, actor2, actors, b1, b2, toll, conf, srcs = map(
        list, zip(*rows, strict=True)
    )
    return EventPoints(
        id=ids,
        date=_days(days),
        latitude=lats,
        longitude=lons,
        event_type=types,
        sub_event_type=subs,
        country=countries,
        location=places,
        actor1=actor1,
        actor2=actor2,
        actors=[names or () for names in _per_text(actors, _distinct_names)],
        actor1_backers=_per_text(b1, json.loads),
        actor2_backers=_per_text(b2, json.loads),
        fatalities=toll,
        confidence=conf,
        independent_sources=srcs,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(id=row.id, name=row.name, created_at=row.created_at, revoked_at=row.revoked_at)


def _article_values(article: Article, now: datetime) -> dict[str, Any]:
    """The column values of ``_article_row``, for bulk inserts."""
    return {
        "id": article.id,
        "content_hash": article.content_hash,
        "title": article.title,
        "source_domain": article.source.domain,
        "url": article.source.url,
        "published": article.published,
        "language": article.language,
        "copy_of": article.copy_of,
        "ingested_at": now,
        "record": article.model_dump(mode="json"),
    }


def _article_row(article: Article, now: datetime) -> ArticleRow:
    return ArticleRow(
        id=article.id,
        content_hash=article.content_hash,
        title=article.title,
        source_domain=article.source.domain,
        url=article.source.url,
        published=article.published,
        language=article.language,
        copy_of=article.copy_of,
        ingested_at=now,
        record=article.model_dump(mode="json"),
    )


def _mention_row(m: EventMention) -> MentionRow:
    loc, fat = m.location, m.fatalities
    return MentionRow(
        id=m.id,
        article_id=m.article_id,
        event_id=m.event_id,
        event_type=m.event_type.value,
        sub_event_type=m.sub_event_type.value,
        date=m.date,
        actor1=m.actor1.name if m.actor1 else None,
        actor2=m.actor2.name if m.actor2 else None,
        actors=_actor_names(m),
        country=loc.country if loc else None,
        admin1=loc.admin1 if loc else None,
        location=loc.name if loc else None,
        latitude=loc.latitude if loc else None,
        longitude=loc.longitude if loc else None,
        fatalities_best=fat.best,
        fatalities_low=fat.low,
        fatalities_high=fat.high,
        record=m.model_dump(mode="json"),
    )


def _event_row(ev: Event, now: datetime) -> EventRow:
    loc = ev.location
    record = ev.model_dump(mode="json")
    return EventRow(
        **derived_event_columns(record),
        **event_point_columns(record),
        id=ev.id,
        event_type=ev.event_type.value,
        sub_event_type=ev.sub_event_type.value,
        date=ev.date,
        actors=_actor_names(ev),
        country=loc.country if loc else None,
        admin1=loc.admin1 if loc else None,
        independent_sources=ev.independent_sources,
        confidence=ev.confidence,
        updated_at=now,
        record=record,
    )

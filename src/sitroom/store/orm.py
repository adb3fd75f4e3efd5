"""SQLAlchemy 2.0 typed tables. Columns that users filter on are real columns; the full
validated record is kept as JSON beside them so nothing extraction found is lost."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names keep Alembic diffs clean on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


Day = date  # for annotations inside EventRow, where "date" is a column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True), dict: JSON, list: JSON}


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    source_domain: Mapped[str | None] = mapped_column(String(255), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(8))
    copy_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id"))
    ingested_at: Mapped[datetime]
    record: Mapped[dict]  # the full Article, as validated JSON


class ArticleStageRow(Base):
    """What a pipeline stage has done to an article, and with which version of itself: a killed run resumes
    from here, and a new extractor version knows what to redo."""

    __tablename__ = "article_stages"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[str] = mapped_column(String(200))
    done_at: Mapped[datetime]


class MentionRow(Base):
    __tablename__ = "event_mentions"
    __table_args__ = (Index("ix_event_mentions_filters", "country", "event_type", "date"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str | None] = mapped_column(String(40), index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date)
    actor1: Mapped[str | None] = mapped_column(String(255))
    actor2: Mapped[str | None] = mapped_column(String(255))
    actors: Mapped[str] = mapped_column(Text, default="")  # every actor name, '|'-joined, for filters
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(255))
    location: Mapped[str | None] = mapped_column(String(255))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    record: Mapped[dict]  # the full EventMention


class MentionKeyRow(Base):
    """A mention's blocking keys for incremental corroboration (migration 0005): its block (country), the date it
    is matched on (its own, else its article's publication day). Written when
    corroboration has placed the mention in an event; a mention without one is new to the event layer."""

    __tablename__ = "mention_keys"
    __table_args__ = (Index("ix_mention_keys_block", "block", "match_date"),)

    mention_id: Mapped[str] = mapped_column(ForeignKey("event_mentions.id", ondelete="CASCADE"), primary_key=True)
    block: Mapped[str] = mapped_column(String(100))
    match_date: Mapped[date | None] = mapped_column(Date)


class StoreStateRow(Base):
    """Small facts about the store as a whole (which corroboration built its events)."""

    __tablename__ = "store_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class EventRow(Base):
    """A corroborated event (a cluster of mentions)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_filters", "country", "event_type", "date"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date)
    actors: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(255))
    independent_sources: Mapped[int] = mapped_column(Integer, default=1)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    updated_at: Mapped[datetime]
    record: Mapped[dict]  # the full Event
    # Migration 0004, for the API's and exports' filters; the (filter, sort_date, id) indexes that serve keyset
    # pages are created there.
    sort_date: Mapped[Day] = mapped_column(Date)  # the date, or 0001-01-01 when undated: pages sort on it
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    search_text: Mapped[str] = mapped_column(Text, default="")  # lowercased words a text search looks in
    # Migration 0006, for the dashboard's columns and the brief's ranking, read without parsing the record (SQLite
    # parsed each stored record again for every JSON path: 50,000 records took a second).
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    actor1_backers: Mapped[str | None] = mapped_column(Text)  # a JSON array of names; NULL without that actor
    actor2_backers: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)


class ApiKeyRow(Base):
    """A key for the REST API. Only the token's SHA-256 is kept: the token itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


# --------------------------------------------------------------------------- ingest bookkeeping (migration 0002)


class ArticleSignatureRow(Base):
    """An article's MinHash signature, so near-duplicate detection across runs need not re-shingle
    every stored article. ``scheme`` names the shingling/permutation settings; a row with another
    scheme is ignored (and recomputed), so changing the scheme never compares incompatible signatures."""

    __tablename__ = "article_signatures"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(40))
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class FetchStateRow(Base):
    """HTTP validators of the last successful fetch of a URL, for conditional re-fetching."""

    __tablename__ = "fetch_state"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime]


class FeedEntryRow(Base):
    """A feed entry ``watch`` has handled: stored (with its article) or given up on after failures.

    ``processed`` turns true once the pipeline (extract, geo, corroborate) ran on the article, so a
    watcher stopped between storing and extracting finishes the work when it restarts."""

    __tablename__ = "feed_entries"

    feed_url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    entry_key: Mapped[str] = mapped_column(String(2048), primary_key=True)
    article_id: Mapped[str | None] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(16))  # "stored" | "failed"
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[bool] = mapped_column(Boolean, default=False)
    seen_at: Mapped[datetime]

"""The Store on a real SQLite file: migrations, idempotent ingest, atomic batches, filters."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text

from sitroom.corroborate import merge_cluster
from sitroom.model import Actor, Article, Event, EventMention, Fatalities, Location, SubEventType
from sitroom.store import EventFilter, Store, StoreError
from tests.conftest import POSTGRES_URL, fresh_postgres


def _article(text: str, title: str = "Title") -> Article:
    return Article(title=title, text=text)


def _mention(article: Article, sub: SubEventType, day: int, country: str = "Syria", actor: str = "HTS") -> EventMention:
    return EventMention(
        article_id=article.id,
        event_type=sub.event_type,
        sub_event_type=sub,
        date=dt.date(2024, 11, day),
        actor1=Actor(name=actor),
        location=Location(name="Aleppo", country=country, admin1="Aleppo"),
        fatalities=Fatalities(low=25),
        evidence=article.span(0, len(article.text)),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    if not POSTGRES_URL:
        pytest.skip("set SITROOM_TEST_POSTGRES_URL to run the store tests on PostgreSQL (.ci/run does)")
    fresh_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


def test_schema_is_created_by_migration_and_wal_is_on(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(str(path)).close()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"articles", "event_mentions", "events", "alembic_version"} <= tables
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert con.execute("select version_num from alembic_version").fetchone()[0]


def test_reopening_an_existing_database_keeps_its_rows(db_url: str) -> None:
    with Store(db_url) as first:
        first.add_articles([_article("Rebels entered Aleppo.")])
    with Store(db_url) as second:
        assert second.count_articles() == 1


def test_same_article_twice_is_stored_once(store: Store) -> None:
    a = _article("Rebels entered Aleppo on Friday.")
    first = store.add_articles([a])
    again = store.add_articles([_article("rebels  entered ALEPPO on friday.", title="Other")])
    assert first.added == [a.id] and first.duplicates == []
    assert again.added == [] and again.duplicates == [a.id]
    assert store.count_articles() == 1


def test_duplicates_within_one_batch_are_stored_once(store: Store) -> None:
    result = store.add_articles([_article("Same text."), _article("Same  text.")])
    assert len(result.added) == 1 and len(result.duplicates) == 1


def test_failed_batch_leaves_store_as_it_was(store: Store) -> None:
    kept = _article("Already stored before the bad batch.")
    store.add_articles([kept])
    good = _article("A good article in a batch that fails.")
    bad = _article("An article pointing at a missing original.").model_copy(update={"copy_of": "art_missing"})
    with pytest.raises(StoreError, match="nothing from this batch was stored"):
        store.add_articles([good, bad])  # the foreign key on copy_of fails at commit
    assert [a.id for a in store.articles()] == [kept.id]


def test_article_round_trips_through_json(store: Store) -> None:
    published = dt.datetime(2024, 11, 30, 9, 0, tzinfo=dt.UTC)
    a = Article(title="T", lead="L", paragraphs=["P1"], text="T\nL\nP1", published=published, published_tz="+03:00")
    store.add_articles([a])
    assert store.get_article(a.id) == a
    assert store.get_article("art_nope") is None


def test_mentions_replace_and_filter(store: Store) -> None:
    a = _article("Strike text.")
    b = _article("Clash text.")
    store.add_articles([a, b])
    store.replace_mentions(a.id, [_mention(a, SubEventType.AIR_DRONE_STRIKE, 29)])
    store.replace_mentions(a.id, [_mention(a, SubEventType.AIR_DRONE_STRIKE, 30)])  # re-extraction replaces
    store.replace_mentions(b.id, [_mention(b, SubEventType.ARMED_CLASH, 27, country="Iraq", actor="ISIS")])
    assert len(store.mentions()) == 2
    assert [m.date.day for m in store.mentions(EventFilter(country="syria"))] == [30]
    assert len(store.mentions(EventFilter(event_type="Battles"))) == 1
    assert len(store.mentions(EventFilter(event_type="air/drone strike"))) == 1
    assert len(store.mentions(EventFilter(actor="isis"))) == 1
    assert len(store.mentions(EventFilter(since=dt.date(2024, 11, 28)))) == 1
    assert len(store.mentions(EventFilter(until=dt.date(2024, 11, 28)))) == 1
    assert [m.date.day for m in store.mentions()] == [30, 27]  # newest first
    m = store.mentions(EventFilter(country="Syria"))[0]
    assert store.get_mention(m.id) == m


def test_mention_for_another_article_is_refused_and_rolled_back(store: Store) -> None:
    a, b = _article("One."), _article("Two.")
    store.add_articles([a, b])
    store.replace_mentions(a.id, [_mention(a, SubEventType.ARMED_CLASH, 1)])
    with pytest.raises(ValueError, match="belongs to"):
        store.replace_mentions(a.id, [_mention(b, SubEventType.ARMED_CLASH, 2)])
    assert [m.date.day for m in store.mentions()] == [1]


def test_replace_events_points_mentions_at_their_event(store: Store) -> None:
    a, b = _article("Strike report one."), _article("Strike report two.")
    store.add_articles([a, b])
    ma, mb = _mention(a, SubEventType.AIR_DRONE_STRIKE, 29), _mention(b, SubEventType.AIR_DRONE_STRIKE, 29)
    store.replace_mentions(a.id, [ma])
    store.replace_mentions(b.id, [mb])
    fields = ma.model_dump(
        exclude={"id", "article_id", "evidence", "date_evidence", "source", "confidence", "event_id"}
    )
    merged = Event(id="evt_1", mention_ids=[ma.id, mb.id], independent_sources=2, **fields)
    store.replace_events([merged])
    assert [m.event_id for m in store.mentions()] == ["evt_1", "evt_1"]
    assert store.events_by_id(["evt_1"]) == [merged]
    (summary,) = store.event_summaries(EventFilter(country="Syria"))
    assert (summary.id, summary.toll, summary.independent_sources) == ("evt_1", 25, 2)
    store.replace_events([])  # re-corroboration without that event detaches its mentions
    assert [m.event_id for m in store.mentions()] == [None, None]
    assert store.events() == []


def _open_and_write(url: str, worker: int) -> int:
    """One process: open the (maybe brand-new) store and store articles of its own."""
    with Store(url) as store:
        store.add_articles([_article(f"Report {worker}-{n}: shelling hit the town.") for n in range(20)])
        return store.count_articles()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_any_number_of_processes_may_open_a_new_store_at_once(backend: str, tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for round_ in range(5):
        if backend == "sqlite":
            url = str(tmp_path / f"new-{round_}.db")
        elif POSTGRES_URL:
            url = POSTGRES_URL
            fresh_postgres(url)
        else:
            pytest.skip("set SITROOM_TEST_POSTGRES_URL to run the store tests on PostgreSQL (.ci/run does)")
        with context.Pool(5) as pool:
            pool.starmap(_open_and_write, [(url, worker) for worker in range(5)])  # raises if any worker did
        with Store(url) as store:
            assert store.count_articles() == 5 * 20  # nobody's batch was lost


def test_articles_record_which_extractor_read_them(store: Store) -> None:
    first, second = _article("Shelling hit Idlib."), _article("Clashes in Hama.")
    store.add_articles([first, second])
    assert store.articles_to_extract() == [first.id, second.id]
    store.replace_mentions(first.id, [_mention(first, SubEventType.ARMED_CLASH, 3)], extracted_with="v1")
    assert store.articles_to_extract() == [second.id]  # what a killed run left behind
    store.replace_mentions(second.id, [], extracted_with="v1")  # no event is an answer too
    assert store.articles_to_extract() == []
    assert store.articles_to_extract("v2") == [first.id, second.id]  # a new extractor version redoes both
    assert store.articles_to_extract("v1") == []


def test_like_wildcards_in_a_filter_are_letters(store: Store) -> None:
    article = _article("Clashes near Aleppo.")
    store.add_articles([article])
    store.replace_mentions(article.id, [_mention(article, SubEventType.ARMED_CLASH, 3, actor="HTS")])
    assert store.mentions(EventFilter(actor="%")) == []
    assert store.mentions(EventFilter(actor="_TS")) == []
    assert len(store.mentions(EventFilter(actor="ht"))) == 1


def _listed_store(store: Store) -> tuple[list[EventMention], list[Event]]:
    first = _article("Clashes in Aleppo killed 25.", "One")
    second = _article("Air strikes on Idlib; Russia's jets.", "Two")
    store.add_articles([first, second])
    mentions = [
        _mention(first, SubEventType.ARMED_CLASH, 27),
        _mention(second, SubEventType.AIR_DRONE_STRIKE, 28, actor="Military Forces of Russia"),
    ]
    bare = mentions[1].model_copy(update={"id": "evm_bare", "location": None, "actor1": None, "date": None})
    for article, own in ((first, mentions[:1]), (second, [mentions[1], bare])):
        store.replace_mentions(article.id, own)
    articles = {first.id: first, second.id: second}
    events = [merge_cluster([m], articles) for m in [*mentions, bare]]
    store.replace_events(events)
    return [*mentions, bare], events


def test_listings_read_the_acled_rows_the_records_give(store: Store) -> None:
    mentions, events = _listed_store(store)
    by_id = {e.id: e.acled_row() for e in events}
    assert sorted(store.acled_rows(), key=lambda r: r["event_id_cnty"]) == [by_id[k] for k in sorted(by_id)]
    reports = {m.id: m.acled_row() for m in mentions}
    assert sorted(store.acled_rows(reports=True), key=lambda r: r["event_id_cnty"]) == [
        reports[k] for k in sorted(reports)
    ]
    listed = [r["event_id_cnty"] for r in store.acled_rows(EventFilter(country="syria"))]
    assert listed == [events[1].id, events[0].id]  # newest first


def test_one_json_extract_reads_what_the_whole_record_gives(store: Store) -> None:
    """SQLite reads every ACLED path in one call; other databases read the whole record: the same ACLED rows."""
    from sqlalchemy import select

    from sitroom.model import acled_columns
    from sitroom.store.orm import EventRow, MentionRow
    from sitroom.store.query import acled_path_columns, nested_record

    if store.engine.dialect.name != "sqlite":
        pytest.skip("the one-call JSON_EXTRACT form is SQLite's; PostgreSQL reads the whole record")
    _backed_store(store)
    for table in (EventRow, MentionRow):
        with store.engine.connect() as connection:
            one = connection.execute(select(*acled_path_columns(table, "sqlite")).order_by(table.id)).all()
            whole = connection.execute(select(*acled_path_columns(table, "postgresql")).order_by(table.id)).all()
        paths = [acled_columns(nested_record(table, row)) for row in one]
        assert len(paths) >= 3 and paths == [acled_columns(nested_record(table, row)) for row in whole]


def _backed_store(store: Store) -> list[Event]:
    """``_listed_store`` and an event whose second side has foreign backers and a toll known only as a range."""
    _mentions, events = _listed_store(store)
    article = _article("Iran-backed militias shelled Deir ez-Zor; 3 to 9 killed.", "Three")
    store.add_articles([article])
    mention = _mention(article, SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK, 29).model_copy(
        update={
            "actor2": Actor(name="Iran-backed militias", backers=["Iran", "Hezbollah"]),
            "fatalities": Fatalities(low=3, high=9),
        }
    )
    store.replace_mentions(article.id, [mention])
    events.append(merge_cluster([mention], {article.id: article}))
    store.replace_events(events)
    return events


def _points_from_records(events: list[Event]) -> dict[str, tuple[object, ...]]:
    def backers(actor: Actor | None) -> tuple[str, ...] | None:
        return None if actor is None else tuple(actor.backers)

    return {
        e.id: (
            e.location.name if e.location else None,
            e.actor1.name if e.actor1 else None,
            e.actor2.name if e.actor2 else None,
            backers(e.actor1),
            backers(e.actor2),
            next((n for n in (e.fatalities.best, e.fatalities.low, e.fatalities.high) if n is not None), None),
        )
        for e in events
    }


def _stored_points(store: Store) -> dict[str, tuple[object, ...]]:
    p = store.event_points()
    return {
        p.id[i]: (p.location[i], p.actor1[i], p.actor2[i], p.actor1_backers[i], p.actor2_backers[i], p.fatalities[i])
        for i in range(len(p))
    }


def test_event_points_read_from_columns_what_the_records_hold(store: Store) -> None:
    events = _backed_store(store)
    assert _stored_points(store) == _points_from_records(events)
    tolls = {s.id: s.toll for s in store.event_summaries()}
    assert tolls == {e.id: e.fatalities.high or e.fatalities.best or e.fatalities.low for e in events}


def _index_names(store: Store) -> set[str]:
    """The events table's indexes, read from the catalogue (reflection skips the expression indexes on SQLite)."""
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
        if store.engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"
    )
    with store.engine.connect() as connection:
        return set(connection.execute(sa_text(query)).scalars())


def test_migration_0006_back_fills_the_columns_of_stored_events(db_url: str) -> None:
    """A store from before 0006 (downgraded to 0005, its events rewritten by nothing newer) gets its events'
    columns from their records when it opens."""
    from alembic import command
    from alembic.config import Config

    from sitroom.store.repository import MIGRATIONS

    with Store(db_url) as store:
        events = _backed_store(store)
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0005")
        with store.engine.connect() as connection:
            assert connection.execute(sa_text("SELECT count(*) FROM events")).scalar() == len(events)
    with Store(db_url) as reopened:  # upgraded to head, back-filled
        assert _stored_points(reopened) == _points_from_records(events)
        assert _index_names(reopened) >= {"ix_events_page", "ix_events_country_page", "ix_events_lon_lat"}
        assert reopened.events_by_id(sorted(e.id for e in events)) == sorted(events, key=lambda e: e.id)


def _many_events(store: Store, n: int) -> None:
    sub = SubEventType.ARMED_CLASH
    store.replace_events(
        [
            Event(
                id=f"evt_{index:06d}",
                mention_ids=[f"evm_{index:06d}"],
                event_type=sub.event_type,
                sub_event_type=sub,
                date=dt.date(2024, 1, 1) + dt.timedelta(days=index % 300),
                location=Location(name=f"Village {index}", country="Syria" if index % 3 else "Sudan"),
                notes=f"Clashes reported in village {index}.",
            )
            for index in range(n)
        ]
    )


def test_a_bounded_page_read_gives_the_page_or_leaves_it_to_the_caller(store: Store) -> None:
    _many_events(store, 300)
    pages = [
        EventFilter(country="Syria", limit=51),
        EventFilter(country="Sudan", limit=20, order="asc"),
        EventFilter(text="village 29", limit=51),
    ]
    for flt in pages:
        bounded = store.event_json_within(flt, seconds=10)
        if store.engine.dialect.name == "sqlite":
            assert bounded == store.event_json(flt) and bounded
        else:
            assert bounded is None  # PostgreSQL reads wait on the network: never on the caller's event loop


def test_a_sqlite_read_past_its_deadline_is_interrupted_and_its_connection_reused(tmp_path: Path) -> None:
    with Store(str(tmp_path / "s.db"), pool_size=1) as store:
        _many_events(store, 3000)
        scan = EventFilter(text="no such words", limit=50)  # matches nothing: reads every record
        assert store.event_json_within(scan, seconds=0) is None
        # The one pooled connection has its progress handler removed: a long read on it runs to its end.
        assert store.event_json(scan) == []
        assert store.event_json_within(scan, seconds=60) == []

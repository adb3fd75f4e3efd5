"""Time to brief 10,000 stored events, against a naive listing of the same events in the same run.

    python bench/brief_bench.py [--events 10000] [--repeats 3]

Builds a temporary SQLite store with synthetic (but fully valid) articles, event mentions and
corroborated events spread over 14 Syrian provinces and 120 days, then times:

- baseline: ``Store.events(filter)`` and one printed line per event (what `sitroom events` does);
- brief:    ``brief_from_store`` (select, rank, compose, check every sentence) + Markdown render.

Target: the brief in <= 1 s for 10,000 events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sitroom.brief import BriefFormat, BriefQuery, brief_from_store
from sitroom.corroborate import merge_cluster
from sitroom.model import Actor, Article, EventMention, Fatalities, GeoPrecision, Location, Source, SubEventType
from sitroom.store import EventFilter, Store

PROVINCES = ["Aleppo", "Idlib", "Hama", "Homs", "Damascus", "Rural Damascus", "Daraa", "Deir ez-Zor",
             "Raqqa", "Hasakah", "Latakia", "Tartus", "Quneitra", "As-Sweida"]  # fmt: skip
SUB_TYPES = [SubEventType.AIR_DRONE_STRIKE, SubEventType.ARMED_CLASH, SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
             SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, SubEventType.ATTACK]  # fmt: skip
ACTORS = ["Hayat Tahrir al-Sham", "Military Forces of Syria (2000-2024)", "Military Forces of Russia (2000-)",
          "Syrian Democratic Forces", "Syrian National Army"]  # fmt: skip
OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "syriahr.com", "france24.com"]
START = dt.date(2024, 9, 1)
MENTIONS_PER_ARTICLE = 20


def _article(index: int, rng: random.Random) -> tuple[Article, list[tuple[int, int, int, str]]]:
    """An article of MENTIONS_PER_ARTICLE report sentences plus one background sentence."""
    lines, spans, offset = [f"Report {index} on the fighting"], [], len(f"Report {index} on the fighting") + 1
    for k in range(MENTIONS_PER_ARTICLE):
        province = rng.choice(PROVINCES)
        toll = rng.choice([0, 0, 2, 5, 12, 25, 40])
        text = f"Fighting near {province} town {index}-{k} killed {toll} people, monitors said."
        lines.append(text)
        spans.append((offset, offset + len(text), toll, province))
        offset += len(text) + 1
    lines.append("The war, which began in 2011, has displaced half of the population since then.")
    domain = OUTLETS[index % len(OUTLETS)]
    return Article(title=lines[0], text="\n".join(lines), source=Source(domain=domain)), spans


def _mention(article: Article, span: tuple[int, int, int, str], day: int, rng: random.Random) -> EventMention:
    start, end, toll, province = span
    sub = rng.choice(SUB_TYPES)
    evidence = article.span(start, end)
    return EventMention(
        article_id=article.id,
        event_type=sub.event_type,
        sub_event_type=sub,
        date=START + dt.timedelta(days=day),
        time_precision=1,
        actor1=Actor(name=rng.choice(ACTORS)),
        actor2=Actor(name=rng.choice(ACTORS)),
        location=Location(name=f"{province} town", country="Syria", admin1=province, geo_precision=GeoPrecision.TOWN),
        fatalities=Fatalities(best=toll, evidence=evidence) if toll else Fatalities(),
        evidence=evidence,
        source=article.source.domain,
        confidence=0.7,
    )


def build_store(path: Path, events: int) -> Store:
    rng = random.Random(7)
    store = Store(str(path))
    articles, mentions = [], []
    for index in range(events // MENTIONS_PER_ARTICLE):
        article, spans = _article(index, rng)
        articles.append(article)
        mentions += [_mention(article, span, rng.randrange(120), rng) for span in spans]
    print(f"  built {len(mentions)} mentions in memory")
    store.add_articles(articles)
    by_article: dict[str, list[EventMention]] = {}
    for mention in mentions:
        by_article.setdefault(mention.article_id, []).append(mention)
    for article_id, own in by_article.items():
        store.replace_mentions(article_id, own)
    print("  stored articles and mentions")
    lookup = {a.id: a for a in articles}
    store.replace_events([merge_cluster([m], lookup) for m in mentions])  # one event per report
    return store


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--db", type=Path, help="keep the generated store here and reuse it on later runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        path = args.db or Path(tmp) / "bench.db"
        store = Store(str(path)) if path.exists() else build_store(path, args.events)
        stored = len(store.events())
        print(f"store: {stored} events ready in {time.perf_counter() - began:.1f} s (not timed below)")
        query = BriefQuery(country="Syria", since=START)

        def listing() -> str:
            rows = store.events(EventFilter(country="Syria", since=START))
            return "\n".join(f"{e.date} {e.sub_event_type.value} {e.location.name if e.location else ''}" for e in rows)

        def briefing() -> str:
            return brief_from_store(store, query).render(BriefFormat.markdown)

        base, listed = timed(listing, args.repeats)
        brief_time, rendered = timed(briefing, args.repeats)
        store.close()
    print(f"baseline (naive listing of {stored} events): {base:.3f} s, {len(str(listed).splitlines())} lines")
    print(f"brief (select, rank, compose, check, render): {brief_time:.3f} s, {len(str(rendered).splitlines())} lines")
    print(f"brief / baseline: {brief_time / base:.2f}x;  target <= 1 s: {'met' if brief_time <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()

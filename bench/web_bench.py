"""The dashboard on many events, measured in the browser (Debian's chromium, headless, through Playwright).

    python bench/web_bench.py [--n 50000] [--db PATH] [--loads 3] [--screenshot FILE]

Bulk-inserts N generated events (the API bench's, each with evidence spans for its actors, place, toll and a
claim, as the pipeline stores them) into a SQLite store, starts `sitroom serve` (its own process) and measures:

- page load: navigation start to the first complete draw of map, timeline and table, painted (the page's own
  ``performance.now()``): the first visit right after the server started (which reads the columns ahead), then
  ``--loads`` visits answered from the server's cache, then the first visit after a write to the events (nothing
  cached: the slowest case);
- redraw: a filter change (country, type, actor, confidence, dates, clear) to the frame that shows it;
- the baseline: the same events read the way a client of the paged API would (GET /events, 500 a page), which is
  what the dashboard would have cost without GET /events.columns.

Targets (issue 20): load <= 2 s and redraw <= 300 ms at 50,000 events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from api_bench import fake_event, start_server  # bench/ is the script's folder, so on sys.path
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import insert, text

from sitroom.model import Claim, Event, Evidence, Stance
from sitroom.store import Store
from sitroom.store.orm import EventRow
from sitroom.store.query import derived_event_columns, event_point_columns

CHROMIUM = "/usr/bin/chromium"
TARGET_LOAD_MS, TARGET_REDRAW_MS = 2000, 300
BATCH = 5000
SENTENCE = (
    "{a1} struck positions of {a2} near {place} on the outskirts of the town, killing {n} people, local sources said."
)


def rich_event(index: int, rng: random.Random) -> dict[str, Any]:
    """The API bench's event with evidence on its actors, place, toll and a claim (a pipeline event's shape)."""
    record = fake_event(index, rng)
    article = f"art_{index:016x}"
    a1, a2, place = record["actor1"]["name"], record["actor2"]["name"], record["location"]["name"]
    sentence = SENTENCE.format(a1=a1, a2=a2, place=place, n=record["fatalities"]["best"] or 0)

    def evidence(words: str) -> dict[str, Any]:
        start = sentence.index(words)
        return Evidence(article_id=article, start=start, end=start + len(words), text=words).model_dump()

    record["actor1"]["evidence"] = evidence(a1)
    record["actor2"]["evidence"] = evidence(a2)
    record["location"]["evidence"] = evidence(place)
    record["fatalities"]["evidence"] = evidence("killing")
    claim = Claim(
        by="local sources", stance=Stance.ASSERTS, about=sentence[:60], evidence=evidence("local sources said")
    )
    record["claims"] = [claim.model_dump(mode="json")]
    return Event.model_validate(record).model_dump(mode="json")


def rows(n: int) -> Iterator[list[dict[str, Any]]]:
    rng, now = random.Random(20), dt.datetime.now(dt.UTC)
    for start in range(0, n, BATCH):
        batch = []
        for index in range(start, min(n, start + BATCH)):
            record = rich_event(index, rng)
            location = record["location"]
            batch.append(
                {
                    "id": record["id"],
                    "event_type": record["event_type"],
                    "sub_event_type": record["sub_event_type"],
                    "date": dt.date.fromisoformat(record["date"]) if record["date"] else None,
                    "actors": f"{record['actor1']['name']}|{record['actor2']['name']}",
                    "country": location["country"],
                    "admin1": location["admin1"],
                    "independent_sources": record["independent_sources"],
                    "confidence": record["confidence"],
                    "updated_at": now,
                    "record": record,
                    **derived_event_columns(record),
                    **event_point_columns(record),
                }
            )
        yield batch


def build(db: str, n: int) -> float:
    started = time.perf_counter()
    with Store(db) as store, store.engine.begin() as connection:
        connection.execute(text("DELETE FROM events"))
        for batch in rows(n):
            connection.execute(insert(EventRow), batch)
    return time.perf_counter() - started


def paged_baseline(base: str) -> tuple[float, int]:
    """Every event through GET /events, 500 a page: seconds and events read."""
    started, seen, cursor = time.perf_counter(), 0, None
    with httpx.Client(base_url=base, timeout=120) as http:
        while True:
            body = http.get("/events", params={"limit": 500, **({"cursor": cursor} if cursor else {})}).json()
            seen += len(body["data"])
            if not (cursor := body["next_cursor"]):
                return time.perf_counter() - started, seen


def load_page(page: Page, url: str) -> tuple[float, float]:
    """In-page ms from navigation start to the painted first draw, and the wall ms the harness saw."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=120_000)
    wall = (time.perf_counter() - started) * 1000
    return float(page.evaluate("() => window.sitroomPerf.loadMs")), wall


def change(page: Page, label: str, action: Any) -> float:
    before = int(page.evaluate("() => window.sitroomPerf.redraws"))
    action(page)
    page.wait_for_function(f"() => window.sitroomPerf.redraws > {before}", timeout=60_000)
    ms = float(page.evaluate("() => window.sitroomPerf.lastRedrawMs"))
    shown = page.text_content("#status") or ""
    print(f"  {label:34s} {ms:7.1f} ms   ({shown.split(' · ')[0]})")
    return ms


def set_input(name: str, value: str) -> Any:
    def act(page: Page) -> None:
        page.fill(f"[name={name}]", value)
        page.dispatch_event(f"[name={name}]", "change")

    return act


CHANGES = [
    ("country = Syria", lambda p: p.select_option("[name=country]", "Syria")),
    ("type = Battles", lambda p: p.select_option("[name=event_type]", "Battles")),
    ("actor contains 'Tahrir'", set_input("actor", "Tahrir")),
    ("confidence >= 0.6", set_input("min_confidence", "0.6")),
    ("from 2023-01-01", set_input("date_from", "2023-01-01")),
    ("type = all", lambda p: p.select_option("[name=event_type]", "")),
    ("clear every filter (all events)", lambda p: p.click("button[type=reset]")),
    ("type = Air/drone strike", lambda p: p.select_option("[name=event_type]", "Air/drone strike")),
]


def touch(db: str) -> None:
    """A write to the events (one row's update time): the server's cached columns are stale from then on. (Writing
    the value a row already holds would not do: SQLite leaves an unchanged row's page as it is, and commits
    nothing.)"""
    with Store(db) as store, store.engine.begin() as connection:
        now = dt.datetime.now(dt.UTC)
        connection.execute(
            text("UPDATE events SET updated_at = :now WHERE id = (SELECT min(id) FROM events)"), {"now": now}
        )


def browser_bench(db: str, base: str, loads: int, screenshot: Path | None) -> tuple[float, list[float]]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 850})
        page = context.new_page()
        first, first_wall = load_page(page, base)
        print(f"page load, first visit after start:      {first:7.1f} ms   (harness wall {first_wall:.0f} ms)")
        warm = [load_page(page, base) for _ in range(loads)]
        warm_ms = statistics.median(ms for ms, _ in warm)
        each = [round(ms) for ms, _ in warm]
        print(f"page load, columns cached (median of {loads}): {warm_ms:7.1f} ms   (each: {each})")
        touch(db)
        cold, cold_wall = load_page(page, base)
        print(f"page load, first after the events changed: {cold:7.1f} ms   (harness wall {cold_wall:.0f} ms)")
        print("redraw after a filter change:")
        redraws = [change(page, label, action) for label, action in CHANGES]
        if screenshot:
            page.screenshot(path=str(screenshot))
        browser.close()
    return max(first, warm_ms, cold), redraws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--db", help="SQLite file to (re)fill; default a temporary one")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "web_bench.db")
        print(f"store: {args.n:,} generated events inserted in {build(db, args.n):.1f} s ({db})")
        port = 8900 + random.randrange(90)
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            load_ms, redraws = browser_bench(db, base, args.loads, args.screenshot)  # first: the server is cold
            started = time.perf_counter()  # a limit no load asked for: not from the cache
            size = len(httpx.get(f"{base}/events.columns?limit=199999", timeout=120).content)
            print(
                f"GET /events.columns, uncached: {(time.perf_counter() - started) * 1000:.0f} ms, {size / 1e6:.1f} MB"
            )
            seconds, seen = paged_baseline(base)
            print(f"baseline, GET /events 500 a page: {seconds * 1000:.0f} ms for {seen:,} events")
        finally:
            server.terminate()
            server.wait()
    worst = max(redraws)
    print(
        f"\nat {args.n:,} events: page load {load_ms:.0f} ms (target <= {TARGET_LOAD_MS}: "
        f"{'met' if load_ms <= TARGET_LOAD_MS else 'NOT met'}); redraw median {statistics.median(redraws):.0f} ms, "
        f"worst {worst:.0f} ms (target <= {TARGET_REDRAW_MS}: {'met' if worst <= TARGET_REDRAW_MS else 'NOT met'})"
    )


if __name__ == "__main__":
    main()

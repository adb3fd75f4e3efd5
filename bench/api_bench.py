"""REST API latency and export cost on a store of generated events, SQLite and PostgreSQL side by side.

    python bench/api_bench.py [--n 1000000] [--postgres postgresql+psycopg://…] [--clients 50] [--requests 3000]
                              [--workers 1,2] [--skip-export]

For each database: bulk-inserts N valid events (spread over 14 Syrian provinces, 6 other countries and 3 years),
starts a real server (`sitroom serve`, its own process) and measures, at ``--clients`` concurrent keep-alive
connections on loopback (a lean HTTP/1.1 client in its own process, see ``load``):

- baseline: GET /health (the framework, loopback and one database round trip: the floor of any request);
- events:   GET /events, a filtered first page (country + event type, 50 events, newest first).

Then exports every event to Parquet and to ACLED CSV with `sitroom export`, each in its own process, with its peak
memory (VmHWM); the baseline there is a process that imports the CLI and reads one batch.

Target: p95 <= 50 ms for the filtered page at 50 clients on 1,000,000 events. The PostgreSQL database named by
--postgres is emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvloop
from pipeline_bench import process_tree
from sqlalchemy import create_engine, insert, text

from sitroom.model import Actor, ActorType, Event, Fatalities, GeoPrecision, Location, SourceScale, SubEventType
from sitroom.store import Store
from sitroom.store.orm import EventRow
from sitroom.store.query import derived_event_columns, event_point_columns

PROVINCES = [("Aleppo", 36.2, 37.15), ("Idlib", 35.93, 36.63), ("Hama", 35.13, 36.75), ("Homs", 34.73, 36.72),
             ("Damascus", 33.51, 36.29), ("Daraa", 32.62, 36.1), ("Deir ez-Zor", 35.33, 40.14),
             ("Raqqa", 35.95, 39.01), ("Hasakah", 36.5, 40.75), ("Latakia", 35.52, 35.79), ("Tartus", 34.89, 35.89),
             ("Quneitra", 33.13, 35.82), ("As-Sweida", 32.71, 36.57), ("Rural Damascus", 33.6, 36.4)]  # fmt: skip
OTHER_COUNTRIES = ["Ukraine", "Sudan", "Myanmar", "Yemen", "Mali", "Somalia"]
SUB_TYPES = list(SubEventType)
ACTORS = [("Hayat Tahrir al-Sham", ActorType.REBEL_GROUP, []),
          ("Military Forces of Syria (2000-2024)", ActorType.STATE_FORCES, ["Russia", "Iran"]),
          ("Military Forces of Russia (2000-)", ActorType.EXTERNAL_OTHER_FORCES, []),
          ("Syrian Democratic Forces", ActorType.REBEL_GROUP, ["United States"]),
          ("Syrian National Army", ActorType.REBEL_GROUP, ["Turkey"]),
          ("Civilians (Syria)", ActorType.CIVILIANS, [])]  # fmt: skip
OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "syriahr.com", "france24.com"]
START = dt.date(2022, 1, 1)
DAYS = 3 * 365
INSERT_BATCH = 5000
PAGE = "/events?country=Syria&event_type=Battles&limit=50"


def fake_event(index: int, rng: random.Random) -> dict[str, Any]:
    """One valid event as the store keeps it (``Event.model_dump(mode="json")``), built once per row."""
    sub = rng.choice(SUB_TYPES)
    name, lat, lon = rng.choice(PROVINCES)
    country = "Syria" if rng.random() < 0.7 else rng.choice(OTHER_COUNTRIES)
    (a1, t1, b1), (a2, t2, b2) = rng.sample(ACTORS, 2)
    low = rng.choice([None, 0, 2, 5, 12])
    high = None if low is None else low + rng.choice([0, 3, 20])
    sources = rng.sample(OUTLETS, rng.randint(1, 3))
    event = Event(
        id=f"evt_{index:016x}",
        mention_ids=[f"evm_{index:016x}"],
        event_type=sub.event_type,
        sub_event_type=sub,
        date=START + dt.timedelta(days=rng.randrange(DAYS)) if rng.random() < 0.98 else None,
        time_precision=rng.choice([1, 1, 2, 3]),
        actor1=Actor(name=a1, actor_type=t1, backers=b1),
        actor2=Actor(name=a2, actor_type=t2, backers=b2),
        location=Location(
            name=f"{name} town {index % 500}",
            country=country,
            admin1=name,
            latitude=round(lat + rng.uniform(-0.3, 0.3), 4),
            longitude=round(lon + rng.uniform(-0.3, 0.3), 4),
            geo_precision=GeoPrecision.TOWN,
        ),
        fatalities=Fatalities(low=low, best=low, high=high),
        sources=sources,
        independent_sources=len(sources),
        confidence=round(rng.uniform(0.3, 0.95), 2),
        source_scale=SourceScale.INTERNATIONAL,
        notes=f"Generated event {index} for the API benchmark.",
    )
    return event.model_dump(mode="json")


def rows(n: int) -> Iterator[list[dict[str, Any]]]:
    """Insert-ready column values, INSERT_BATCH at a time (validation once per distinct shape would be faster,
    but each row is its own valid Event)."""
    rng, now = random.Random(19), dt.datetime.now(dt.UTC)
    for start in range(0, n, INSERT_BATCH):
        batch = []
        for index in range(start, min(n, start + INSERT_BATCH)):
            record = fake_event(index, rng)
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
    """A store with n events inserted in bulk (one executemany per batch); seconds it took."""
    started = time.perf_counter()
    with Store(db) as store:
        with store.engine.begin() as connection:
            for batch in rows(n):
                connection.execute(insert(EventRow), batch)
        if store.engine.dialect.name == "postgresql":
            with store.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE events"))
        else:
            with store.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


# --------------------------------------------------------------------------- HTTP load


def start_server(db: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from sitroom.cli import main; main()", "serve", "--db", db, "--port", str(port)]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not start: {process.stderr.read().decode() if process.stderr else ''}")


async def _client(host: str, port: int, request: bytes, state: dict[str, int], latencies: list[float]) -> None:
    """One keep-alive HTTP/1.1 connection sending ``request`` until the shared budget is spent."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while state["remaining"] > 0:
            state["remaining"] -= 1
            started = time.perf_counter()
            writer.write(request)
            status = await reader.readline()
            length = None
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                raise RuntimeError(f"response without Content-Length: {status!r}")
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not status.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(f"{status.decode().strip()}: {body[:300]!r}")
    finally:
        writer.close()


async def _load(port: int, path: str, clients: int, total: int) -> tuple[list[float], float]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n".encode()
    state, latencies = {"remaining": total}, []
    began = time.perf_counter()
    await asyncio.gather(*(_client("127.0.0.1", port, request, state, latencies) for _ in range(clients)))
    return latencies, time.perf_counter() - began


def load(port: int, path: str, clients: int, total: int) -> tuple[list[float], float]:
    """``total`` GETs of ``path`` from ``clients`` concurrent keep-alive connections; (latencies in s, wall s).

    The clients run in their own process on uvloop with a minimal HTTP/1.1 reader: on two cores the load
    generator competes with the server for CPU, and an httpx client capped the whole run at ~410 req/s while
    the server alone answered /health at 1 client in 1.2 ms. The child prints its figures as JSON."""
    command = [sys.executable, __file__, "--load", str(port), path, str(clients), str(total)]
    figures = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return figures["latencies"], figures["wall"]


def _load_child(port: str, path: str, clients: str, total: str) -> None:
    uvloop.install()
    latencies, wall = asyncio.run(_load(int(port), path, int(clients), int(total)))
    print(json.dumps({"latencies": latencies, "wall": wall}))


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total


def wait_until_idle(pid: int, timeout: float = 600) -> None:
    """Until the server's processes use under 5% of a core: each reads the dashboard's columns ahead on start-up
    (200,000 events of a million), which is not what is measured."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(process_tree(pid))
        time.sleep(1)
        if cpu_seconds(process_tree(pid)) - before < 0.05:
            return
    raise RuntimeError(f"the server stayed busy for {timeout:.0f} s after starting")


def describe(name: str, latencies: list[float], wall: float) -> str:
    cuts = statistics.quantiles(latencies, n=100)
    return (
        f"  {name:9s} p50 {cuts[49] * 1000:7.1f} ms   p95 {cuts[94] * 1000:7.1f} ms   "
        f"{len(latencies) / wall:7.0f} req/s   ({len(latencies)} requests)"
    )


def http_bench(db: str, clients: int, total: int, workers: int) -> None:
    port = 8700 + os.getpid() % 200
    server = start_server(db, port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_idle(server.pid)
        page = httpx.get(base + PAGE, timeout=60).json()
        print(f"  first page: {len(page['data'])} events, next cursor {'yes' if page['next_cursor'] else 'no'}")
        load(port, PAGE, clients, min(total, 200))  # warm-up: connections, caches
        for name, path in (("baseline", "/health"), ("events", PAGE)):
            print(describe(name, *load(port, path, clients, total)), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


# --------------------------------------------------------------------------- exports

# Peak memory is the process's VmHWM (peak resident set), printed in kB as its last line. Not ru_maxrss: Linux
# carries that across exec, so a child started by this (large) process would report this process's size.
_PEAK = "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
_FLOOR = f"""
import sys
from sitroom.cli import main
from sitroom.store import EventFilter, Store
with Store(sys.argv[1]) as store:
    next(store.iter_events(EventFilter(), batch_size=2000))
{_PEAK}
"""
_EXPORT = f"""
import sys
from sitroom.cli import main
sys.argv = ["sitroom", "export", "--db", sys.argv[1], "-f", sys.argv[2], "-o", sys.argv[3]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
{_PEAK}
"""


def peak_rss_mb(script: str, *args: str) -> tuple[float, float]:
    """(seconds, peak resident MB) of a fresh Python process running ``script``."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1]) / 1024


def export_bench(db: str, folder: Path, n: int) -> None:
    _seconds, floor = peak_rss_mb(_FLOOR, db)
    print(f"  baseline  import the CLI, read one batch: peak {floor:6.0f} MB")
    for fmt, suffix in (("parquet", "parquet"), ("acled-csv", "csv")):
        path = folder / f"events.{suffix}"
        seconds, peak = peak_rss_mb(_EXPORT, db, fmt, str(path))
        size = path.stat().st_size / 1e6
        print(
            f"  {fmt:9s} {seconds:6.1f} s  {n / seconds:8.0f} events/s  peak {peak:6.0f} MB  "
            f"(+{peak - floor:.0f} MB over baseline)  file {size:.0f} MB",
            flush=True,
        )
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--postgres", help="a PostgreSQL URL to bench too (emptied first)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="requests per measurement")
    parser.add_argument("--workers", default="1,2", help="server processes (sitroom serve --workers), one run each")
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        databases = [("SQLite", str(folder / "bench.db"))]
        if args.postgres:
            empty_postgres(args.postgres)
            databases.append(("PostgreSQL", args.postgres))
        for label, db in databases:
            print(f"{label}: building {args.n:,} events …", flush=True)
            print(f"  built in {build(db, args.n):.0f} s", flush=True)
            for workers in map(int, args.workers.split(",")):
                print(f"{label}: GET at {args.clients} concurrent clients, {workers} server process(es)", flush=True)
                http_bench(db, args.clients, args.requests, workers)
            if not args.skip_export:
                print(f"{label}: export of all {args.n:,} events", flush=True)
                export_bench(db, folder, args.n)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        _load_child(*sys.argv[2:6])
    else:
        main()

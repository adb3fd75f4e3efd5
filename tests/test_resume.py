"""A killed ``sitroom run`` resumes: SIGKILL a real run at random points, restart it each time, and end with the
same articles, mentions and events as one clean run. The long version is ``bench/kill_bench.py``."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SITROOM = [sys.executable, "-c", "from sitroom.cli import main; main()"]
TOWNS = ["Aleppo", "Idlib", "Hama", "Homs", "Saraqib", "Maarat al-Numan", "Atarib", "Tal Rifaat", "Manbij", "Daraa"]
ACTORS = ["Hayat Tahrir al-Sham fighters", "Syrian government forces", "Russian warplanes", "Turkey-backed factions"]
DEEDS = [
    "{actor} shelled the town of {town} on {day}, killing {n} civilians, the Syrian Observatory said.",
    "{actor} clashed with rival fighters near {town} on {day}; {n} fighters were killed, monitors said.",
    "Air strikes by {actor} hit a market in {town} on {day}, killing at least {n} people, rescuers said.",
    "{actor} captured {town} on {day} after heavy fighting that left {n} dead, according to a war monitor.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_articles(folder: Path, count: int, seed: int = 7) -> None:
    """``count`` distinct short reports in the house sample format (written for this test, not real news)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        town, actor, day = rng.choice(TOWNS), rng.choice(ACTORS), rng.choice(DAYS)
        lead = rng.choice(DEEDS).format(actor=actor, town=town, day=day, n=rng.randint(2, 60))
        other = rng.choice(DEEDS).format(actor=rng.choice(ACTORS), town=rng.choice(TOWNS), day=day, n=number + 2)
        body = f"{lead} In a separate incident, {other[0].lower()}{other[1:]} Report number {number} of the series."
        text = f"Fighting around {town}, report {number}\n{lead}\n{body}\nOriginal Source: example{number % 5}.org\n"
        (folder / f"report-{number:04d}.txt").write_text(text, encoding="utf-8")


@dataclass
class StoreState:
    articles: int
    mention_ids: frozenset[str]
    events: int
    integrity: str


def store_state(db: Path) -> StoreState:
    con = sqlite3.connect(db)
    try:
        return StoreState(
            articles=con.execute("select count(*) from articles").fetchone()[0],
            mention_ids=frozenset(r[0] for r in con.execute("select id from event_mentions")),
            events=con.execute("select count(*) from events").fetchone()[0],
            integrity=con.execute("pragma integrity_check").fetchone()[0],
        )
    finally:
        con.close()


def run_to_completion(folder: Path, db: Path, env: dict[str, str]) -> None:
    done = subprocess.run([*SITROOM, "run", str(folder), "--db", str(db)], env=env, capture_output=True, timeout=900)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def kill_repeatedly(folder: Path, db: Path, env: dict[str, str], kills: int, window: tuple[float, float]) -> int:
    """Start ``sitroom run`` and SIGKILL it after a random delay, ``kills`` times; how many kills hit a live run."""
    rng = random.Random(kills)
    hit = 0
    for _ in range(kills):
        process = subprocess.Popen(
            [*SITROOM, "run", str(folder), "--db", str(db)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(*window))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            hit += 1
        process.wait()
    return hit


def environment() -> dict[str, str]:
    return {**os.environ, "OMP_NUM_THREADS": "1", "COLUMNS": "200"}


@pytest.mark.slow
def test_a_killed_run_resumes_to_what_a_clean_run_stores(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    folder, env = tmp_path / "articles", environment()
    write_articles(folder, 30)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    run_to_completion(folder, clean, env)
    hit = kill_repeatedly(folder, killed, env, kills=4, window=(2.0, 14.0))
    run_to_completion(folder, killed, env)
    expected, got = store_state(clean), store_state(killed)
    assert hit >= 1, "no kill landed on a running process"
    assert got.integrity == "ok"
    assert got.articles == expected.articles == 30
    assert got.mention_ids == expected.mention_ids and got.mention_ids
    assert got.events == expected.events


@pytest.mark.slow
def test_ingest_then_run_extracts_what_ingest_stored(tmp_path: Path) -> None:
    """``ingest`` then ``run`` on the same files: the articles are duplicates to ``run``, yet still extracted."""
    pytest.importorskip("spacy")
    folder, env, db = tmp_path / "articles", environment(), tmp_path / "s.db"
    write_articles(folder, 5)
    ingested = subprocess.run([*SITROOM, "ingest", str(folder), "--db", str(db)], env=env, capture_output=True)
    assert ingested.returncode == 0, ingested.stderr.decode()[-2000:]
    assert store_state(db).mention_ids == frozenset()
    run_to_completion(folder, db, env)
    assert store_state(db).mention_ids

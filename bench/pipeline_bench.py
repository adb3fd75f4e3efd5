"""The whole pipeline end to end, as a user runs it: `sitroom run` in its own process, articles/s and memory.

    python bench/pipeline_bench.py [--sizes 500,2000] [--stores 0,10000,50000] [--compare-src ../main/src]
                                   [--work DIR] [--skip-runs] [--skip-stores]

Generates N distinct articles of about 300 words in the sample format (sentences of examples/articles and, when
../shared is there, of the ACLED dev notes, drawn per article with its own seed), then for each N times, each in a
fresh store and its own process:

- `run --jobs 1` and `run --jobs 2` (this checkout);
- the keyword baseline: `run --jobs 1` with SITROOM_CLASSIFIER=keyword (no transformer);
- with --compare-src: `run` of another checkout's src (e.g. main) on the same articles, the baseline in the same
  conditions.

Each line gives the wall time, articles/s, and peak memory: the largest process (VmHWM) and the whole process
tree (the peak of the summed PSS, which counts pages forked workers share once). Then:

- start-up: `run` on one article into an empty store (the process's whole life);
- one new article into a store of 0, 10k and 50k articles (synthetic articles, reports and corroborated events
  spread over 12 countries and 4 years, built once and cached in --work), each a fresh copy of the store.

Targets (issue 18): >= 25 articles/s with --jobs 2; start-up <= 3 s; one new article into 50k articles <= 2x the
cost into an empty store. The machine's load average is printed with each figure: it is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
SHARED = Path(os.environ.get("SITROOM_SHARED", REPO.parent / "shared"))
WORDS = 300
OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "france24.com", "theguardian.com"]


# --------------------------------------------------------------------------- articles


def sentence_pool() -> tuple[list[str], list[str]]:
    """(event sentences, context sentences): ACLED dev notes when available, and the sample articles' sentences."""
    context = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        for line in lines:
            if not line.startswith("Original Source"):
                context += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 6]
    notes = SHARED / "gold" / "acled2022_dev.jsonl"
    events = []
    if notes.is_file():
        for line in notes.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"\s*\[[a-z ]+=[^\]]*\]", "", json.loads(line)["text"]).strip()
            if len(text.split()) >= 8:
                events.append(text)
    return events or context, context


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` distinct articles of about WORDS words: two to four event sentences among context sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    events, context = sentence_pool()
    paths = []
    for index in range(count):
        rng = random.Random(index)
        body = rng.sample(events, rng.randint(2, 4))
        while sum(len(s.split()) for s in body) < WORDS:
            body.insert(rng.randrange(len(body) + 1), rng.choice(context))
        title = " ".join(body[0].split()[:12]).rstrip(",.;")
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        text = "\n".join([title, *paragraphs, f"Original Source: {OUTLETS[index % len(OUTLETS)]}"])
        path = folder / f"article_{index:05d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- measuring a process


@dataclass
class Measured:
    seconds: float
    peak_process_mb: float  # the largest process's VmHWM
    peak_tree_mb: float  # the peak of the process tree's summed PSS
    returncode: int
    output: str


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _memory_kb(pid: int, field: str, source: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], env: dict[str, str]) -> Measured:
    """Run ``command`` and sample its process tree's memory every 0.1 s until it ends."""
    began = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks = {"tree": 0, "process": 0}

    def sample() -> None:
        while process.poll() is None:
            pids = process_tree(process.pid)
            peaks["tree"] = max(peaks["tree"], sum(_memory_kb(p, "Pss:", "smaps_rollup") for p in pids))
            peaks["process"] = max([peaks["process"], *(_memory_kb(p, "VmHWM:", "status") for p in pids)])
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - began
    sampler.join()
    return Measured(seconds, peaks["process"] / 1024, peaks["tree"] / 1024, process.returncode, output)


def sitroom(*args: str) -> list[str]:
    """The `sitroom` command; which checkout runs is chosen through PYTHONPATH (``environment``)."""
    return [sys.executable, "-c", "import sys; from sitroom.cli import main; sys.argv[0] = 'sitroom'; main()", *args]


def environment(src: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src), **extra}


def load() -> str:
    return "load " + " ".join(f"{v:.1f}" for v in os.getloadavg())


# --------------------------------------------------------------------------- end to end runs


def runs(sizes: list[int], work: Path, compare: Path | None) -> None:
    here = REPO / "src"
    variants = [
        ("run --jobs 1", here, ["--jobs", "1"], {}),
        ("run --jobs 2", here, ["--jobs", "2"], {}),
        ("keyword baseline (--jobs 1)", here, ["--jobs", "1"], {"SITROOM_CLASSIFIER": "keyword"}),
    ]
    if compare is not None:
        variants.append((f"run of {compare}", compare, [], {}))
    for size in sizes:
        folder = work / f"articles_{size}"
        if not folder.is_dir():
            write_articles(folder, size)
        print(f"\n{size} articles of ~{WORDS} words ({folder})")
        for name, src, options, extra in variants:
            db = work / "run.db"
            _remove_db(db)
            result = measure(sitroom("run", str(folder), "--db", str(db), *options), environment(src, **extra))
            stored = re.search(r"(\d+) new article\(s\)", result.output)
            note = "" if result.returncode == 0 else f" (exit {result.returncode})"
            print(
                f"  {name:32s} {result.seconds:7.1f} s  {size / result.seconds:6.1f} articles/s  "
                f"peak {result.peak_process_mb:5.0f} MB/process, {result.peak_tree_mb:5.0f} MB/tree  "
                f"{stored.group(1) if stored else '?'} new  [{load()}]{note}",
                flush=True,
            )


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------- stores of many articles

COUNTRIES = ["Syria", "Sudan", "Ukraine", "Myanmar", "Yemen", "Mali", "Somalia", "Nigeria", "Iraq", "Pakistan",
             "Colombia", "Mexico"]  # fmt: skip
STORE_START = dt.date(2021, 1, 1)
STORE_DAYS = 4 * 365
MENTIONS_PER_ARTICLE = 2
FILLER = (
    "the local monitoring group said that residents of the district had fled towards the border after "
    "several days of heavy fighting between the army and armed groups near the main road"
)
COMPARE_MAX_STORE = 10_000  # the other checkout rebuilds every event per run: larger stores take minutes


def build_store(path: Path, articles: int) -> float:
    """A store of ``articles`` synthetic articles (two reports each) with its events built once; seconds taken."""
    from sitroom import pipeline
    from sitroom.ingest.dedup import NearDuplicateIndex
    from sitroom.model import Actor, Article, EventMention, Fatalities, GeoPrecision, Location, Source, SubEventType
    from sitroom.store import Store

    began = time.perf_counter()
    rng = random.Random(articles)
    types = [t for t in SubEventType if t is not SubEventType.OTHER]
    with Store(str(path)) as store:
        for start in range(0, articles, 1000):
            batch = []
            for index in range(start, min(articles, start + 1000)):
                day = STORE_START + dt.timedelta(days=rng.randrange(STORE_DAYS))
                filler = FILLER.split()
                words = " ".join(rng.sample(filler, len(filler)))  # long enough to be signed for deduplication
                lines = [f"Report {index}"] + [f"Incident {index}.{k} was reported." for k in range(2)] + [words]
                published = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
                source = Source(domain=rng.choice(OUTLETS))
                article = Article(title=lines[0], text="\n".join(lines), source=source, published=published)
                mentions = []
                for k in range(MENTIONS_PER_ARTICLE):
                    sub, country = rng.choice(types), rng.choice(COUNTRIES)
                    start_at = article.text.index(f"Incident {index}.{k}")
                    evidence = article.span(start_at, start_at + len(f"Incident {index}.{k}"))
                    town = rng.randrange(300)
                    mentions.append(
                        EventMention(
                            article_id=article.id,
                            event_type=sub.event_type,
                            sub_event_type=sub,
                            date=day - dt.timedelta(days=rng.randrange(3)),
                            actor1=Actor(name=f"Armed group {rng.randrange(40)} ({country})"),
                            location=Location(
                                name=f"{country} town {town}",
                                country=country,
                                admin1=f"{country} province {town % 12}",
                                latitude=round(rng.uniform(-30, 50), 4),
                                longitude=round(rng.uniform(-80, 100), 4),
                                geo_precision=GeoPrecision.TOWN,
                            ),
                            fatalities=Fatalities(best=rng.choice([None, 0, 2, 5, 12])),
                            evidence=evidence,
                            source=article.source.domain,
                        )
                    )
                batch.append((article, mentions))
            store.add_articles([a for a, _ in batch])
            for article, mentions in batch:
                store.replace_mentions(article.id, mentions, extracted_with="bench")
        pipeline.corroborate_all(store)
        NearDuplicateIndex.from_store(store, 0.8)  # signs the articles once, as ingesting them would have
    return time.perf_counter() - began


def stores(sizes: list[int], work: Path, compare: Path | None, repeat: int) -> None:
    one = work / "one_new"
    if not one.is_dir():
        write_articles(work / "one_pool", 1)
        one.mkdir()
        shutil.copy(work / "one_pool" / "article_00000.txt", one / "new_article.txt")
    print("\nstart-up and one new article into a store (`run` on one article, the whole process)")
    sources = [("this checkout", REPO / "src", ["--jobs", "1"]), *([(str(compare), compare, [])] if compare else [])]
    for label, src, options in sources:
        for size in sizes:
            if src == compare and size > COMPARE_MAX_STORE:
                print(f"  {label}: into {size:6d} articles  not run (a full rebuild of every event on each run)")
                continue
            cached = work / f"store_{size}_{'compare' if src == compare else 'here'}.db"
            if size and not cached.exists():
                took = _build_cached(src, cached, size)
                print(f"  (built the {size}-article store for {label} in {took:.0f} s)")
            for _ in range(repeat):
                db = work / "copy.db"
                _remove_db(db)
                if size:
                    shutil.copy(cached, db)
                result = measure(sitroom("run", str(one), "--db", str(db), *options), environment(src))
                note = "" if result.returncode == 0 else f" (exit {result.returncode})"
                print(
                    f"  {label}: into {size:6d} articles  {result.seconds:6.1f} s  "
                    f"peak {result.peak_process_mb:5.0f} MB  [{load()}]{note}",
                    flush=True,
                )


def _build_cached(src: Path, cached: Path, size: int) -> float:
    """The store built by ``src``'s own code (its schema), in a process of its own, copied to ``cached``."""
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "s.db"
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import pipeline_bench as b; "
        code += f"b.build_store(__import__('pathlib').Path({str(built)!r}), {size})"
        subprocess.run([sys.executable, "-c", code], env=environment(src), check=True)
        shutil.copy(built, cached)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,2000", help="article counts of the end-to-end runs")
    parser.add_argument("--stores", default="0,10000,50000", help="store sizes (articles) for one new article")
    parser.add_argument("--compare-src", type=Path, help="another checkout's src folder, run the same way")
    parser.add_argument("--work", type=Path, help="keep articles and stores here (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=2, help="measurements of each one-article run")
    parser.add_argument("--skip-runs", action="store_true")
    parser.add_argument("--skip-stores", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(f"{os.cpu_count()} cores, {load()}")
        compare = args.compare_src.resolve() if args.compare_src else None
        if not args.skip_runs:
            runs([int(n) for n in args.sizes.split(",")], work, compare)
        if not args.skip_stores:
            stores([int(n) for n in args.stores.split(",")], work, compare, args.repeat)


if __name__ == "__main__":
    main()

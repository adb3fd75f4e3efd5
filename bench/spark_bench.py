"""Articles per second of the Spark job on local[1] and local[2], beside the single-process pipeline, in one run.

    python bench/spark_bench.py                    # 50,000 generated articles (hours on a 2-core machine)
    python bench/spark_bench.py --articles 2000    # what a shared 2-core machine affords
    python bench/spark_bench.py --single-articles 5000   # the single-process rate on the corpus's first 5,000

The corpus comes from ``sitroom.scale.synthetic`` (short generated reports, 40% of them of an incident reported
before). Each figure is end to end: reading, extraction, geoparsing, corroboration and writing, with the model
loading and (for Spark) the session start-up included, which is why a larger N gives a truer per-core rate.
docs/scaling.md turns the per-core rate into the cost of 10 million articles.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sitroom import pipeline
from sitroom.config import Settings
from sitroom.scale.job import run_job, spark_session
from sitroom.scale.synthetic import write_jsonl
from sitroom.store import Store


@dataclass
class Figure:
    mode: str
    cores: int
    seconds: float
    events: int
    articles: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def single_process(corpus: Path, work: Path, articles: int) -> Figure:
    """``sitroom run`` into SQLite on the corpus's first ``articles`` articles."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    if articles < len(lines):
        corpus = work / "single.jsonl"
        corpus.write_text("".join(lines[:articles]), encoding="utf-8")
    settings = Settings(db=str(work / "single.db"))
    start = time.perf_counter()
    with Store(settings.db) as store:
        report = pipeline.run([corpus], store, settings)
    return Figure("single process (sitroom run)", 1, time.perf_counter() - start, report.events or 0, articles)


def spark(corpus: Path, work: Path, articles: int, cores: int, partitions: int | None) -> Figure:
    start = time.perf_counter()
    session = spark_session(f"local[{cores}]", app_name=f"spark-bench-{cores}")
    try:
        report = run_job(session, str(corpus), str(work / f"out{cores}"), Settings(), partitions=partitions)
    finally:
        session.stop()
    return Figure(f"spark local[{cores}]", cores, time.perf_counter() - start, report.events, report.articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000, help="generated articles (default 50,000)")
    parser.add_argument("--partitions", type=int, default=None, help="Spark partitions (default 4 x cores)")
    parser.add_argument("--no-single", action="store_true", help="skip the single-process baseline")
    parser.add_argument(
        "--single-articles",
        type=int,
        default=None,
        help="run the single-process baseline on the corpus's first N articles only (default: all of them); "
        "its rate is then per article of a smaller run, printed as such",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spark-bench-") as tmp:
        work = Path(tmp)
        corpus = write_jsonl(work / "articles.jsonl", args.articles)
        single = min(args.single_articles or args.articles, args.articles)
        print(f"\n{args.articles} generated articles")
        print(f"{'mode':32} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'per core':>9} {'events':>7}")
        runs = [] if args.no_single else [lambda: single_process(corpus, work, single)]
        runs += [lambda cores=cores: spark(corpus, work, args.articles, cores, args.partitions) for cores in (1, 2)]
        figures = []
        for run in runs:  # each figure printed as soon as it is measured: a long run may be cut short
            f = run()
            figures.append(f)
            print(f"{f.mode:32} {f.articles:8d} {f.seconds:8.1f} {f.rate:11.2f} {f.rate / f.cores:9.2f} {f.events:7d}")
            sys.stdout.flush()
    one, two = figures[-2], figures[-1]
    print(f"local[2] / local[1] speed-up: {two.rate / one.rate:.2f}x")
    if len({f.events for f in figures if f.articles == args.articles}) > 1:
        print("warning: the modes found different numbers of events")


if __name__ == "__main__":
    main()

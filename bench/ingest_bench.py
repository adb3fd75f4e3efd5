"""Ingest throughput: HTML extraction and the whole ingest, against trafilatura alone on the same pages.

    python bench/ingest_bench.py [--articles 2000] [--repeats 2]

Generates N news pages (deterministic: seeded) in the two fixture site layouts, about 10 % of them
wire copies of earlier pages (reworded headline, a dropped paragraph, a credit line), 3 % exact
repeats and 3 % in French, then measures, best of ``--repeats`` interleaved runs each:

1. trafilatura alone: ``bare_extraction`` with the options sitroom uses, on the pages in memory;
2. sitroom's HTML extraction (one parse, our date/URL pass, trafilatura, fallback, Article record);
3. the whole ``ingest_into`` from the folder into a fresh SQLite file: reading, extraction, language
   identification, exact and near-duplicate detection, storage.

Our overhead ratio is (3) / (1); the target is <= 1.3. It also prints the near-duplicate similarity
of the fixture copies and distinct articles (the basis of the default threshold), and what loading the
LSH index costs from persisted signatures versus re-signing every stored article from its text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fixtures.ingest.build_fixtures import layout_frontline, layout_levant  # noqa: E402
from tests.fixtures.ingest.stories import (  # noqa: E402
    ALEPPO,
    ALEPPO_EXPLAINER,
    ALEPPO_INDEPENDENT,
    HAMA_FR,
    IDLIB,
    IDLIB_FOLLOWUP,
)

from sitroom.config import Settings  # noqa: E402
from sitroom.ingest import (  # noqa: E402
    IngestOptions,
    Status,
    dedup,
    ingest_into,
    read_path,
)
from sitroom.ingest.html import extract_html  # noqa: E402
from sitroom.ingest.language import detect_language  # noqa: E402
from sitroom.ingest.records import to_article  # noqa: E402
from sitroom.store import Store  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "ingest"
WORD = re.compile(r"\S+")


class MarkovText:
    """A first-order word chain over the repo's example articles and fixture stories: prose with the
    vocabulary and function words of news. First order on purpose: a second-order chain can only emit
    3-grams of its small source corpus, so unrelated generated articles would share far more 3-grams
    than real ones do and look like near-duplicates (and make LSH lookups look slower than they are)."""

    def __init__(self, texts: list[str]) -> None:
        self.chain: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                words = WORD.findall(sentence)
                if len(words) < 6:
                    continue
                self.starts.append(words[0])
                for a, b in itertools.pairwise(words):
                    self.chain[a].append(b)

    def sentence(self, rng: random.Random) -> str:
        word = rng.choice(self.starts)
        words = [word]
        while len(words) < 40:
            following = self.chain.get(word)
            if not following:
                break
            word = rng.choice(following)
            words.append(word)
            if word.endswith((".", "!", "?")) and len(words) >= 10:
                break
        return " ".join(words).rstrip(",;:") + ("" if words[-1].endswith((".", "!", "?")) else ".")


def _corpus() -> list[str]:
    texts = [
        p.read_text(encoding="utf-8").rsplit("\n", 1)[0] for p in sorted((REPO / "examples" / "articles").glob("*.txt"))
    ]
    texts += [" ".join(s["paragraphs"]) for s in (ALEPPO, IDLIB, IDLIB_FOLLOWUP, ALEPPO_INDEPENDENT, ALEPPO_EXPLAINER)]
    return texts


def _story(rng: random.Random, chain: MarkovText, index: int) -> dict:
    title = chain.sentence(rng).rstrip(".")
    return {
        "title": " ".join(title.split()[:12]) + f" ({index})",
        "author": rng.choice(["Rania Haddad", "Karim Nasser", "Leila Saade", "Tom Walsh"]),
        "published": f"2024-12-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+03:00",
        "paragraphs": [
            " ".join(chain.sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 8))
        ],
    }


def _wire_copy(story: dict, rng: random.Random) -> dict:
    paragraphs = list(story["paragraphs"])
    del paragraphs[rng.randrange(1, len(paragraphs))]
    return {
        **story,
        "title": "UPDATE: " + story["title"].lower(),
        "author": None,
        "paragraphs": [
            f"BEIRUT (Frontline Wire) — {paragraphs[0]}",
            *paragraphs[1:],
            "Reporting by the Beirut bureau.",
        ],
    }


def generate_pages(count: int, folder: Path, seed: int = 7) -> list[bytes]:
    """Write ``count`` pages into ``folder``; returns their bytes in file order."""
    rng = random.Random(seed)
    chain = MarkovText(_corpus())
    stories: list[dict] = []
    pages: list[bytes] = []
    for index in range(count):
        roll = rng.random()
        if stories and roll < 0.10:
            story = _wire_copy(rng.choice(stories), rng)
        elif stories and roll < 0.13:
            story = rng.choice(stories)
        elif roll < 0.16:
            story = {**HAMA_FR, "title": f"{HAMA_FR['title']} ({index})"}
        else:
            story = _story(rng, chain, index)
            stories.append(story)
        if index % 2:
            html = layout_frontline(story, f"https://frontline-wire.test/world/{index}")
        else:
            html = layout_levant(
                {**story, "author": story["author"] or "Staff"}, f"https://www.levant-daily.test/n/{index}"
            )
        data = html.encode("utf-8")
        (folder / f"page_{index:05d}.html").write_bytes(data)
        pages.append(data)
    return pages


def best_of_interleaved(repeats: int, contenders: dict[str, Callable[[], object]]) -> dict[str, tuple[float, float]]:
    """(wall seconds, CPU seconds) of each contender's fastest run. Contenders take turns, round after
    round, so a burst of load from other processes on this shared machine hits all of them alike; CPU
    time is printed too because other processes stretch wall time, not this process's CPU time."""
    best = dict.fromkeys(contenders, (float("inf"), float("inf")))
    for _ in range(repeats):
        for name, run in contenders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            best[name] = min(best[name], (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def trafilatura_alone(pages: list[bytes]) -> None:
    for page in pages:
        trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=False)


def our_extraction(pages: list[bytes]) -> None:
    for index, page in enumerate(pages):
        to_article(extract_html(page, origin=f"page_{index}"))


def whole_ingest(folder: Path, work: Path) -> dict[str, int]:
    db = work / f"bench_{time.perf_counter_ns()}.db"  # a fresh database each run
    settings = Settings(db=str(db))
    with Store(settings.db) as store:
        report = ingest_into([folder], store, settings, options=IngestOptions())
    return {status.value: report.count(status) for status in Status}


def threshold_table() -> None:
    pairs = json.loads((FIXTURES / "neardup" / "pairs.json").read_text())
    sig = {p.name: dedup.signature(read_path(p, max_bytes=10**7)[0]) for p in (FIXTURES / "neardup").glob("*.txt")}
    copies = {c: dedup.similarity(sig[c], sig[o]) for c, o in pairs["copies"].items()}
    distinct = [
        (dedup.similarity(sig[a], sig[b]), a, b)
        for a, b in itertools.combinations(sorted(sig), 2)
        if a in pairs["distinct"] or b in pairs["distinct"]
    ]
    print("\nnear-duplicate similarity on tests/fixtures/ingest/neardup (estimated Jaccard, word 3-grams):")
    for name, score in sorted(copies.items(), key=lambda kv: kv[1]):
        print(f"  copy      {score:.3f}  {name} -> {pairs['copies'][name]}")
    top = max(distinct)
    print(f"  distinct  max {top[0]:.3f} ({top[1]} vs {top[2]}) over {len(distinct)} pairs")
    gap = f"{top[0]:.3f} .. {min(copies.values()):.3f}"
    print(f"  default threshold {IngestOptions().near_dup_threshold} (the gap is {gap})")


def index_load_costs(work: Path) -> None:
    """Rebuilding the LSH index at start (CPU time): persisted signatures vs re-signing stored articles."""
    db = next(work.glob("bench_*.db"))
    with Store(str(db)) as store:
        started = time.process_time()
        index = dedup.NearDuplicateIndex.from_store(store, IngestOptions().near_dup_threshold)
        from_signatures = time.process_time() - started
        started = time.process_time()
        rebuilt = dedup.NearDuplicateIndex(IngestOptions().near_dup_threshold)
        for article in store.articles():
            values = dedup.signature(article)
            if values is not None:
                rebuilt.add(article.id, values, article.copy_of)
        from_text = time.process_time() - started
    print(f"\nLSH index at start, {len(index)} stored articles (CPU time):")
    print(f"  from persisted signatures  {from_signatures * 1000:8.1f} ms")
    print(f"  re-signing stored texts    {from_text * 1000:8.1f} ms  ({from_text / from_signatures:.1f}x slower)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitroom-ingest-bench-") as tmp:
        work = Path(tmp)
        folder = work / "pages"
        folder.mkdir()
        pages = generate_pages(args.articles, folder)
        size_kb = sum(map(len, pages)) / len(pages) / 1024
        print(f"{len(pages)} generated pages, {size_kb:.1f} KB on average, best of {args.repeats} runs each")
        warm = work / "warm"  # one-off loads (language model, LSH parameters) stay out of every timing
        warm.mkdir()
        for page in sorted(folder.glob("page_0000*.html")):
            (warm / page.name).write_bytes(page.read_bytes())
        whole_ingest(warm, work / "warm")
        detect_language(" ".join(HAMA_FR["paragraphs"]))  # py3langid loads its model on first use (~1 s)
        our_extraction(pages[:20])
        trafilatura_alone(pages[:20])
        counts: dict[str, int] = {}
        timings = best_of_interleaved(
            args.repeats,
            {
                "trafilatura alone (pages)": lambda: trafilatura_alone(pages),
                "sitroom HTML extraction (pages)": lambda: our_extraction(pages),
                "sitroom whole ingest (articles)": lambda: counts.update(whole_ingest(folder, work)),
            },
        )
        t_alone, t_ingest = timings["trafilatura alone (pages)"], timings["sitroom whole ingest (articles)"]
        n = len(pages)
        print(f"\n{'':34}{'wall s':>8}{'per s':>8}{'ratio':>8}   {'CPU s':>7}{'per s':>8}{'ratio':>8}")
        for label, (wall, cpu) in timings.items():
            print(
                f"{label:34}{wall:8.2f}{n / wall:8.0f}{wall / t_alone[0]:7.2f}x   "
                f"{cpu:7.2f}{n / cpu:8.0f}{cpu / t_alone[1]:7.2f}x"
            )
        ratio_wall, ratio_cpu = t_ingest[0] / t_alone[0], t_ingest[1] / t_alone[1]
        verdict = "meets" if max(ratio_wall, ratio_cpu) <= 1.3 else "MISSES"
        print(f"overhead ratio {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU ({verdict} the 1.3x target)")
        print(f"outcomes of the last whole-ingest run: {counts}")
        threshold_table()
        index_load_costs(work)


if __name__ == "__main__":
    main()

"""Extraction speed and quality: sitroom's extractor next to the keyword-only baseline, in one run.

    python bench/extract_bench.py [--rounds 2] [--limit 0] [--no-eval] [--fast] [--float32]

Speed: articles/s and words/s on ONE core (torch and BLAS limited to one thread) for the whole
extraction (``sitroom.extract.load_extractor``, no geocoding) over articles of >= 600 words, built by
joining consecutive sample articles of examples/articles until each has 600 words.
Target: >= 20 articles/s per core.

Quality: ``sitroom eval`` figures of both extractors on every gold file in ../shared/gold
(read at run time; SITROOM_SHARED overrides the location). ``--limit N`` scores the first N
documents of each file only (quicker, less exact).
"""

from __future__ import annotations

import os

# One core: set before torch / numpy start their thread pools.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
    os.environ[_var] = "false" if _var == "TOKENIZERS_PARALLELISM" else "1"

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from sitroom.config import Settings  # noqa: E402
from sitroom.evaluate.baseline import KeywordExtractor  # noqa: E402
from sitroom.evaluate.batch import Stages  # noqa: E402
from sitroom.evaluate.harness import evaluate_file  # noqa: E402
from sitroom.model import Article, EventMention  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
SHARED = Path(os.environ.get("SITROOM_SHARED", REPO / ".." / "shared")).resolve()
MIN_WORDS = 600

Extract = Callable[[Article], list[EventMention]]


def bench_articles() -> list[Article]:
    """Articles of about MIN_WORDS words (the target's article length): each sample followed by the next
    ones until long enough, cut at the end of the sentence that reaches MIN_WORDS."""
    samples = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    if not samples:
        raise SystemExit(f"no sample articles in {EXAMPLES}")
    articles = []
    for start in range(len(samples)):
        parts, words = [], 0
        for text in itertools.islice(itertools.cycle(samples), start, start + len(samples)):
            parts.append(text.strip())
            words += len(text.split())
            if words >= MIN_WORDS:
                break
        body = _cut_after_words("\n\n".join(parts), MIN_WORDS)
        articles.append(Article(title=body.splitlines()[0][:100] or "sample", text=body))
    return articles


def _cut_after_words(text: str, count: int) -> str:
    """``text`` up to the first sentence end after its ``count``-th word."""
    words = list(re.finditer(r"\S+", text))
    if len(words) <= count:
        return text
    end = re.search(r"[.!?](?=\s)|\n", text[words[count - 1].end() :])
    return text if end is None else text[: words[count - 1].end() + end.end()]


def throughput(extract: Extract, articles: list[Article], rounds: int) -> tuple[float, float, float, int]:
    """(articles/s wall clock, articles/s of CPU time, words/s wall clock, events per round) over
    ``rounds`` passes after one warm-up article. CPU time is what one core would give on an idle
    machine; wall clock is what this (possibly shared) machine gave."""
    extract(articles[0])
    words = sum(len(a.text.split()) for a in articles)
    events = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        events = sum(len(extract(article)) for article in articles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return rounds * len(articles) / elapsed, rounds * len(articles) / cpu, rounds * words / elapsed, events


def limited_copy(path: Path, limit: int, directory: Path) -> Path:
    """The first ``limit`` documents of a gold file, with text_file paths made absolute."""
    if limit <= 0:
        return path
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    docs = []
    for line in lines:
        doc = json.loads(line)
        if doc.get("text_file"):
            doc["text_file"] = str((path.parent / doc["text_file"]).resolve())
        docs.append(json.dumps(doc))
    copy = directory / path.name
    copy.write_text("\n".join(docs) + "\n", encoding="utf-8")
    return copy


def headline(report: dict) -> str:
    """The figures the issue's targets name, for one gold file."""
    parts = []
    if "classification" in report:
        c = report["classification"]
        parts.append(f"wF1 {c['weighted_f1']:.3f} sub acc {c['accuracy']:.3f}  type acc {c['event_type_accuracy']:.3f}")
    if "extraction" in report:
        fields = report["extraction"]["fields"]
        accuracy = {k: fields[k]["accuracy"] for k in ("actor1", "date", "fatalities", "location")}
        parts.append("  ".join(f"{k} {'-' if v is None else f'{v:.3f}'}" for k, v in accuracy.items()))
        parts.append(f"event F1 {report['extraction']['events']['f1']:.3f}")
    return " | ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the bench articles [%(default)s]")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents of each gold file")
    parser.add_argument("--no-eval", action="store_true", help="skip the gold-file evaluation")
    parser.add_argument("--fast", action="store_true", help="also run with the fast (transformer-free) classifier")
    parser.add_argument(
        "--float32", action="store_true", help="also run the default extractor with its encoder in float32"
    )
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    from sitroom.extract import load_extractor

    settings = Settings()
    started = time.perf_counter()
    extractor = load_extractor(settings)
    from sitroom.extract.trained import resolve_precision

    precision = resolve_precision(settings.encoder_precision)
    print(f"sitroom extractor loaded in {time.perf_counter() - started:.1f} s (encoder in {precision})")
    extractors: dict[str, Extract] = {"keyword baseline": KeywordExtractor(), "sitroom": extractor}
    if args.fast:
        fast = settings.model_copy(update={"classifier": "fast"})  # the classifier's fast head only
        extractors["sitroom, fast classifier"] = load_extractor(fast)
    if args.float32 and precision != "float32":
        float32 = settings.model_copy(update={"encoder_precision": "float32"})
        extractors["sitroom, float32 encoder"] = load_extractor(float32)

    articles = bench_articles()
    mean_words = sum(len(a.text.split()) for a in articles) / len(articles)
    print(f"\nthroughput, one core, {len(articles)} articles of {mean_words:.0f} words on average, x{args.rounds}")
    print(f"{'extractor':26s} {'articles/s':>11s} {'per CPU-s':>10s} {'words/s':>9s} {'events/round':>13s}")
    for name, extract in extractors.items():
        per_s, per_cpu_s, words_s, events = throughput(extract, articles, args.rounds)
        print(f"{name:26s} {per_s:11.1f} {per_cpu_s:10.1f} {words_s:9.0f} {events:13d}", flush=True)

    if args.no_eval:
        return
    gold_files = sorted((SHARED / "gold").glob("*.jsonl"))
    gold_files = [p for p in gold_files if not p.name.startswith("geo_")]  # place mentions: see bench/geo_bench.py
    print(f"\nevaluation on {SHARED / 'gold'} (limit {args.limit or 'none'})")
    with tempfile.TemporaryDirectory() as tmp:
        for path in gold_files:
            gold = limited_copy(path, args.limit, Path(tmp))
            for name, extract in extractors.items():
                report = evaluate_file(gold, settings, stages=Stages(extract, None))
                print(f"  {path.name:20s} {name:25s} {headline(report)}", flush=True)


if __name__ == "__main__":
    main()

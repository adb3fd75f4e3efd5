"""Accuracy and speed of the span extractors (fatalities, dates, claims) on the shared gold files.

    python bench/spans_bench.py            # needs ../shared/gold (or SITROOM_SHARED)

Fatalities: ACLED's single figure per note (best, else low, else 0) against `fatalities_acled`, for several
ways of turning a note's figures into one number, next to the "answer 0 everywhere" baseline.
Dates: resolve_date on the note text (no publication date) against the gold date and time_precision.
Speed: sentences/s per function on the case2021 snippets (one core).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sitroom.extract.claims import find_claims
from sitroom.extract.dates import resolve_date
from sitroom.extract.fatalities import FatalityFigure, find_fatalities

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITROOM_SHARED", REPO / ".." / "shared"))


def _load(name: str) -> list[dict]:
    with (SHARED / "gold" / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _largest(figures: Sequence[FatalityFigure]) -> int:
    return max((f.acled for f in figures), default=0)


def _sum_distinct(figures: Sequence[FatalityFigure]) -> int:
    return sum({f.acled for f in figures})


def _first(figures: Sequence[FatalityFigure]) -> int:
    return figures[0].acled if figures else 0


def _sum_all(figures: Sequence[FatalityFigure]) -> int:
    return sum(f.acled for f in figures)


COMBINERS: dict[str, Callable[[Sequence[FatalityFigure]], int]] = {
    "largest figure": _largest,
    "sum of distinct figures": _sum_distinct,
    "sum of all figures": _sum_all,
    "first figure": _first,
}


def bench_fatalities(rows: list[dict], show_errors: int = 0) -> None:
    gold = [row["events"][0]["fatalities_acled"] for row in rows]
    figures = [find_fatalities(row["text"]) for row in rows]
    print(f"fatalities exact on {len(rows)} ACLED notes (ACLED convention: best else low else 0)")
    print(f"  baseline 'answer 0 everywhere': {sum(g == 0 for g in gold) / len(gold):.4f}")
    for name, combine in COMBINERS.items():
        correct = sum(combine(f) == g for f, g in zip(figures, gold, strict=True))
        print(f"  {name:<26} {correct / len(gold):.4f}")
    nonzero = [(f, g) for f, g in zip(figures, gold, strict=True) if g > 0]
    hit = sum(_largest(f) == g for f, g in nonzero)
    print(f"  largest figure, notes with gold > 0: {hit}/{len(nonzero)}")
    shown = 0
    for row, f, g in zip(rows, figures, gold, strict=True):
        if shown < show_errors and _largest(f) != g:
            shown += 1
            print(f"    gold {g} got {[x.phrase for x in f]} | {row['text'][:300]}")


def bench_dates(rows: list[dict], show_errors: int = 0) -> None:
    exact = precision_ok = 0
    shown = 0
    for row in rows:
        event = row["events"][0]
        mention = resolve_date(row["text"], None)
        got = mention.date.isoformat() if mention and mention.date else None
        exact += got == event["date"]
        precision_ok += bool(mention) and int(mention.precision) == event["time_precision"]
        if got != event["date"] and shown < show_errors:
            shown += 1
            print(f"    gold {event['date']} got {got} | {row['text'][:160]}")
    total = len(rows)
    print(f"dates on {total} ACLED notes: exact date {exact / total:.4f}, precision {precision_ok / total:.4f}")


def bench_speed(texts: list[str]) -> None:
    print(f"speed on {len(texts)} case2021 snippets (one core), CPU time, repeated to >= 1 s each")
    calls: dict[str, Callable[[str], object]] = {
        "find_fatalities": find_fatalities,
        "resolve_date (no published date)": lambda t: resolve_date(t, None),
        "find_claims": find_claims,
    }
    for name, call in calls.items():
        done, began = 0, time.process_time()
        while time.process_time() - began < 1.0:
            for text in texts:
                call(text)
            done += len(texts)
        print(f"  {name:<34} {done / (time.process_time() - began):>10,.0f} snippets/s")


def main() -> None:
    show = int(os.environ.get("SHOW_ERRORS", "0"))
    acled = _load("acled2022_dev.jsonl")
    bench_fatalities(acled, show)
    bench_dates(acled, show)
    bench_speed([row["text"] for row in _load("case2021_dev.jsonl")])


if __name__ == "__main__":
    main()

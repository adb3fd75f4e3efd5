"""Evaluate extraction on a gold file: run the extractor (or read predictions), then score.

A gold file is a classification file when its documents carry ``"task": "classify"`` (one label
per snippet), else an extraction file (full events). See ../shared/gold/README.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.evaluate.batch import Stages, extract_records
from sitroom.evaluate.documents import score_documents
from sitroom.evaluate.scoring import classification_scores, salient_label, score_extraction

Record = dict[str, Any]


class GoldFileError(ValueError):
    """The gold or prediction file cannot be used."""


def read_jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or "doc_id" not in record:
                raise GoldFileError(f"{path}:{number}: expected an object with a 'doc_id'")
            yield record


def is_classification(gold: list[Record]) -> bool:
    return bool(gold) and all(doc.get("task") == "classify" for doc in gold)


def predictions_by_id(records: Iterable[Record]) -> dict[str, Record]:
    return {str(r["doc_id"]): r for r in records if r.get("doc_id") is not None}


def score(gold: list[Record], predictions: dict[str, Record]) -> Record:
    """The report for gold documents against predicted records (missing ones count as no events)."""
    errors = [str(p.get("error")) for p in predictions.values() if p.get("error")]
    missing = [str(doc["doc_id"]) for doc in gold if str(doc["doc_id"]) not in predictions]
    pairs = [(predictions.get(str(doc["doc_id"]), {}).get("events") or [], doc.get("events") or []) for doc in gold]
    report: Record = {"documents": len(gold), "missing_predictions": len(missing), "failed_documents": len(errors)}
    if is_classification(gold):
        report["kind"] = "classify"
        report["classification"] = classification_scores(
            [salient_label(g) for _, g in pairs], [salient_label(s) for s, _ in pairs]
        )
    else:
        report["kind"] = "extract"
        report["extraction"] = score_extraction(pairs)
        # Documents with exactly one gold event (ACLED rows): the most salient prediction's labels.
        single = [(s, g) for s, g in pairs if len(g) == 1]
        if single:
            report["classification"] = classification_scores(
                [salient_label(g) for _, g in single], [salient_label(s) for s, _ in single]
            )
    if errors:
        report["first_errors"] = errors[:5]
    return report


def evaluate_file(
    gold_path: Path,
    settings: Settings,
    pred_path: Path | None = None,
    jobs: int = 1,
    stages: Stages | None = None,
    baseline: bool = False,
) -> Record:
    """Score a gold file: predictions come from ``pred_path`` or from running the extractor."""
    gold = list(read_jsonl(gold_path))
    if pred_path is not None:
        predictions = predictions_by_id(read_jsonl(pred_path))
    else:
        records = extract_records(gold_path, settings, jobs=jobs, stages=stages, baseline=baseline)
        predictions = predictions_by_id(records)
    report = score(gold, predictions)
    report["gold"] = str(gold_path)
    report["predictions"] = str(pred_path) if pred_path else ("keyword baseline" if baseline else "extractor")
    return report


def evaluate_documents(
    articles_path: Path,
    gold_path: Path,
    settings: Settings,
    pred_path: Path | None = None,
    jobs: int = 1,
    stages: Stages | None = None,
) -> Record:
    """Document-level scores of whole articles (``articles_path``: one ``{doc_id, text, published?}`` per
    line) against their annotated events (``gold_path``), with each document's missed and spurious events."""
    gold = list(read_jsonl(gold_path))
    if pred_path is not None:
        predictions = predictions_by_id(read_jsonl(pred_path))
    else:
        predictions = predictions_by_id(extract_records(articles_path, settings, jobs=jobs, stages=stages))
    missing = [str(doc["doc_id"]) for doc in gold if str(doc["doc_id"]) not in predictions]
    if missing:
        raise GoldFileError(f"{articles_path}: no text for {len(missing)} gold documents ({', '.join(missing[:5])}…)")
    triples = [
        (str(doc["doc_id"]), predictions[str(doc["doc_id"])].get("events") or [], doc.get("events") or [])
        for doc in gold
    ]
    report: Record = {"kind": "documents", "gold": str(gold_path), "articles": str(articles_path)}
    report["failed_documents"] = sum(bool(p.get("error")) for p in predictions.values())
    report["first_errors"] = [str(p["error"]) for p in predictions.values() if p.get("error")][:5]
    report["extraction"] = score_documents(triples)
    return report

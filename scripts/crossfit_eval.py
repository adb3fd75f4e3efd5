"""Whole-extraction figures on the dev files with a classifier that never saw the scored documents.

    python scripts/crossfit_eval.py [--datasets case2021_dev acled2022_dev] [--mode cascade|full|fast]

The shipped classifier was trained on all of case2021_dev and acled2022_dev, so ``sitroom eval`` on
those files scores its classification in-sample. This script gives the honest figure: for each of
5 folds (the folds of scripts/train_classifier.py) it trains the classifier on the other folds plus
the other data set (its encoder adapter tuned on the same texts: the fold adapters that
train_classifier.py cached are reused), runs the full extractor (sitroom.extract.load_extractor) on the held-out
documents with that classifier, and scores all documents together as ``sitroom eval`` does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import train_classifier as tc  # noqa: E402

from sitroom.config import Settings  # noqa: E402
from sitroom.evaluate.batch import Stages, extract_line  # noqa: E402
from sitroom.evaluate.harness import score  # noqa: E402
from sitroom.extract.trained import ASSET_DIR, Featurizer, LinearHead, TrainedClassifier  # noqa: E402


def fold_classifier(heads: tc.Heads, meta: dict) -> TrainedClassifier:
    """A cascade with the fold's weights and the shipped model's calibration."""
    return TrainedClassifier(
        heads.featurizer,
        [str(c) for c in heads.full.classes_],
        LinearHead(heads.full.coef_, heads.full.intercept_, meta["temperature"]),
        LinearHead(heads.fast.coef_, heads.fast.intercept_, meta["fast_temperature"]),
        meta["fast_threshold"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="+", default=list(tc.DATASETS), choices=list(tc.DATASETS))
    parser.add_argument("--out", type=Path, help="write the reports as JSON here")
    parser.add_argument("--predictions", type=Path, help="write each data set's predictions here (NAME.jsonl)")
    parser.add_argument(
        "--mode", default="cascade", choices=["cascade", "full", "fast"], help="classifier mode [%(default)s]"
    )
    parser.add_argument(
        "--fold-cache", type=Path, default=tc.FOLD_CACHE,
        help="each fold's tuned adapter, from scripts/train_classifier.py (tuned here if missing) [%(default)s]",
    )  # fmt: skip
    parser.add_argument(
        "--untuned", action="store_true",
        help="heads on the untuned encoder (the classifier before the adapter), for comparison",
    )  # fmt: skip
    parser.add_argument(
        "--int8-encoder", action="store_true", help="run the tuned encoder with int8 linear layers (faster)"
    )
    parser.add_argument(
        "--precision", default="auto", choices=["auto", "float32", "bfloat16"],
        help="the fold encoders' precision when scoring (heads are fitted in float32, as shipped) [%(default)s]",
    )  # fmt: skip
    parser.add_argument(
        "--calibration", type=Path, default=ASSET_DIR / "model.json",
        help="model.json whose temperatures and cascade threshold the fold classifiers take [%(default)s]",
    )  # fmt: skip
    args = parser.parse_args()

    from sitroom.extract import load_extractor

    settings = Settings()
    extractor = load_extractor(settings)
    meta = json.loads(args.calibration.read_text(encoding="utf-8"))
    encoder = tc.SentenceEncoder()
    data = {name: tc.load_dataset(name, encoder) for name in tc.DATASETS}
    gold_dir = tc.SHARED / "gold"
    reports = {}
    for name in args.datasets:
        target = data[name]
        other = next(d for n, d in data.items() if n != name)
        lines = [line for line in (gold_dir / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
        predictions: dict[str, dict] = {}
        folds = StratifiedKFold(tc.FOLDS, shuffle=True, random_state=tc.SEED).split(target.texts, target.labels)
        for fold, (train_idx, test_idx) in enumerate(folds):
            if args.untuned:
                texts, labels = tc.fold_training(target, train_idx, other)
                embeddings = np.vstack([target.embeddings[train_idx], other.embeddings])
                heads = tc.fit_heads(Featurizer(encoder), texts, labels, embeddings)
            else:
                heads = tc.fold_heads(target, train_idx, other, args.fold_cache, fold, int8=args.int8_encoder)
                if not args.int8_encoder:
                    heads.featurizer.encoder.cast(args.precision)  # score at the precision the extractor runs
            extractor.classifier = fold_classifier(heads, meta).with_mode(args.mode)
            stages = Stages(extractor, None)
            for i in test_idx:
                record = extract_line(stages, int(i) + 1, lines[i], gold_dir, settings)
                predictions[str(record["doc_id"])] = record
            print(f"{name}: fold {fold + 1} done", flush=True)
        gold = [json.loads(line) for line in lines]
        if args.predictions:
            args.predictions.mkdir(parents=True, exist_ok=True)
            rows = [json.dumps(predictions[str(g["doc_id"])], default=str) for g in gold]
            (args.predictions / f"{name}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        report = score(gold, predictions)
        reports[name] = report
        classification = json.dumps(report.get("classification", {}), default=str)[:300]
        print(f"{name} ({args.mode} classifier, cross-fitted): {classification}")
        if "extraction" in report:
            fields = report["extraction"]["fields"]
            print(
                "  field accuracy: "
                + ", ".join(f"{k} {v['accuracy']:.3f}" for k, v in fields.items() if v["accuracy"] is not None)
            )
            print(f"  events: {report['extraction']['events']}")
    if args.out:
        args.out.write_text(json.dumps(reports, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

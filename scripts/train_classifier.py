"""Train the sentence classifier (sitroom.extract.trained) on the shared dev data and report CV figures.

    python scripts/train_classifier.py            # cross-validate, then train on all and write the model
    python scripts/train_classifier.py --no-cv    # only train and write

Data: ../shared/gold/case2021_dev.jsonl (CASE 2021 news snippets) and acled2022_dev.jsonl (ACLED coder
notes), read at run time (override with SITROOM_SHARED). Nothing from them is copied into the repo:
the model files hold weights, the TF-IDF vocabulary and figures only.

Cross-validation: 5 folds over one data set at a time; each fold trains on the other four folds plus
all of the other data set (as the shipped model sees both). ACLED is also split by country (grouped
folds) to show how the model does on countries it never saw. Baselines in the same folds: the
keyword classifier (no training) and a plain TF-IDF + linear SVM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sitroom.evaluate.scoring import classification_scores  # noqa: E402
from sitroom.extract.classify import KeywordClassifier  # noqa: E402
from sitroom.extract.trained import (  # noqa: E402
    ASSET_DIR,
    NONE_LABEL,
    Featurizer,
    SentenceEncoder,
    TrainedClassifier,
    clean_text,
    softmax,
)

SHARED = Path(os.environ.get("SITROOM_SHARED", REPO / ".." / "shared")).resolve()
DATASETS = ("case2021_dev", "acled2022_dev")
FOLDS = 5
SVM_C = 0.5
SEED = 0


@dataclass
class Dataset:
    name: str
    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray  # country code for ACLED rows (from the event id), the doc id otherwise
    embeddings: np.ndarray
    sha256: str


def load_dataset(name: str, encoder: SentenceEncoder) -> Dataset:
    path = SHARED / "gold" / f"{name}.jsonl"
    if not path.is_file():
        sys.exit(f"error: {path} not found (set SITROOM_SHARED to the shared folder)")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [d["text"] for d in docs]
    labels = np.array([d["events"][0]["sub_event_type"] if d["events"] else NONE_LABEL for d in docs])
    groups = np.array([d["doc_id"].removeprefix("acled-")[:3] for d in docs])
    started = time.perf_counter()
    embeddings = encoder.encode([clean_text(t) for t in texts])
    print(f"{name}: {len(docs)} texts embedded in {time.perf_counter() - started:.1f} s", flush=True)
    return Dataset(name, texts, labels, groups, embeddings, hashlib.sha256(path.read_bytes()).hexdigest())


def fit_model(featurizer: Featurizer, texts: list[str], labels: np.ndarray, embeddings: np.ndarray) -> LinearSVC:
    featurizer.fit(texts)
    model = LinearSVC(C=SVM_C, class_weight="balanced")
    model.fit(featurizer.transform(texts, embeddings), labels)
    return model


Predictor = Callable[[Dataset, np.ndarray, Dataset, np.ndarray], tuple[list[str], np.ndarray | None]]


def sitroom_predictor(encoder: SentenceEncoder) -> Predictor:
    def predict(target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray):
        featurizer = Featurizer(encoder)
        texts = [target.texts[i] for i in train_idx] + other.texts
        labels = np.concatenate([target.labels[train_idx], other.labels])
        embeddings = np.vstack([target.embeddings[train_idx], other.embeddings])
        model = fit_model(featurizer, texts, labels, embeddings)
        test_texts = [target.texts[i] for i in test_idx]
        scores = model.decision_function(featurizer.transform(test_texts, target.embeddings[test_idx]))
        full = np.full((len(test_idx), len(ALL_LABELS)), -10.0)  # labels unseen in this fold never win
        for column, label in enumerate(model.classes_):
            full[:, ALL_LABELS.index(label)] = scores[:, column]
        return [str(model.classes_[i]) for i in scores.argmax(axis=1)], full

    return predict


def tfidf_svm_predictor(with_other: bool) -> Predictor:
    def predict(target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray):
        texts = [target.texts[i] for i in train_idx] + (other.texts if with_other else [])
        labels = np.concatenate([target.labels[train_idx], other.labels if with_other else []])
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        model = LinearSVC(C=SVM_C).fit(vectorizer.fit_transform(texts), labels)
        return [str(p) for p in model.predict(vectorizer.transform([target.texts[i] for i in test_idx]))], None

    return predict


def keyword_predictor(target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray):
    results = KeywordClassifier().classify([clean_text(target.texts[i]) for i in test_idx])
    return [r.sub_event_type.value if r.sub_event_type else NONE_LABEL for r in results], None


ALL_LABELS: list[str] = []


def cross_validate(
    target: Dataset, other: Dataset, predictor: Predictor, grouped: bool = False
) -> tuple[dict[str, float], np.ndarray | None]:
    predictions = np.empty(len(target.labels), dtype=object)
    scores: np.ndarray | None = None
    if grouped:
        splits = GroupKFold(FOLDS).split(target.texts, target.labels, target.groups)
    else:
        splits = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(target.texts, target.labels)
    for train_idx, test_idx in splits:
        predicted, fold_scores = predictor(target, train_idx, other, test_idx)
        predictions[test_idx] = predicted
        if fold_scores is not None:
            scores = np.zeros((len(target.labels), len(ALL_LABELS))) if scores is None else scores
            scores[test_idx] = fold_scores
    report = classification_scores(list(target.labels), [str(p) for p in predictions])
    figures = {k: round(report[k], 4) for k in ("weighted_f1", "accuracy", "event_type_accuracy")}
    return figures, scores


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature that minimises log loss of out-of-fold decision values."""
    gold = np.array([ALL_LABELS.index(label) for label in labels])

    def nll(temperature: float) -> float:
        probabilities = softmax(scores, temperature)
        return float(-np.log(probabilities[np.arange(len(gold)), gold] + 1e-9).mean())

    return float(minimize_scalar(nll, bounds=(0.05, 5.0), method="bounded").x)


def expected_calibration_error(scores: np.ndarray, labels: np.ndarray, temperature: float, bins: int = 10) -> float:
    probabilities = softmax(scores, temperature)
    confidence = probabilities.max(axis=1)
    correct = np.array([ALL_LABELS[i] for i in probabilities.argmax(axis=1)]) == labels
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(confidence[in_bin].mean() - correct[in_bin].mean())
    return float(error)


def run_cv(data: dict[str, Dataset], encoder: SentenceEncoder) -> tuple[dict[str, dict[str, dict]], float, float]:
    """CV figures per data set and method, and the softmax temperature fitted on out-of-fold scores."""
    methods: dict[str, Predictor] = {
        "keyword baseline": keyword_predictor,
        "tfidf+svm (own data)": tfidf_svm_predictor(with_other=False),
        "tfidf+svm (both data sets)": tfidf_svm_predictor(with_other=True),
        "sitroom": sitroom_predictor(encoder),
    }
    figures: dict[str, dict[str, dict]] = {}
    oof_scores, oof_labels = [], []
    case, acled = data["case2021_dev"], data["acled2022_dev"]
    for target, other in ((case, acled), (acled, case)):
        figures[target.name] = {}
        for method, predictor in methods.items():
            result, scores = cross_validate(target, other, predictor)
            figures[target.name][method] = result
            if scores is not None:
                oof_scores.append(scores)
                oof_labels.append(target.labels)
            print(f"  {target.name:14s} {method:28s} {result}", flush=True)
    result, _ = cross_validate(acled, case, methods["sitroom"], grouped=True)
    figures["acled2022_dev"]["sitroom (folds by country)"] = result
    print(f"  {'acled2022_dev':14s} {'sitroom (folds by country)':28s} {result}", flush=True)
    scores, labels = np.vstack(oof_scores), np.concatenate(oof_labels)
    temperature = fit_temperature(scores, labels)
    return figures, temperature, expected_calibration_error(scores, labels, temperature)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (temperature defaults to 0.5)")
    parser.add_argument("--out", type=Path, default=ASSET_DIR, help="model directory [%(default)s]")
    args = parser.parse_args()

    encoder = SentenceEncoder()
    data = {name: load_dataset(name, encoder) for name in DATASETS}
    ALL_LABELS.extend(sorted({str(label) for d in data.values() for label in d.labels}))

    figures: dict[str, dict[str, dict]] = {}
    temperature, ece = 0.5, None
    if not args.no_cv:
        print(f"{FOLDS}-fold cross-validation (weighted F1 over sub-event types + none):", flush=True)
        figures, temperature, ece = run_cv(data, encoder)
        print(f"softmax temperature {temperature:.3f} (expected calibration error {ece:.3f})")

    featurizer = Featurizer(encoder)
    texts = [t for d in data.values() for t in d.texts]
    labels = np.concatenate([d.labels for d in data.values()])
    model = fit_model(featurizer, texts, labels, np.vstack([d.embeddings for d in data.values()]))
    classifier = TrainedClassifier(
        featurizer, [str(c) for c in model.classes_], model.coef_, model.intercept_, temperature
    )
    provenance = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "trained_with": {"scikit-learn": sklearn.__version__, "svm_C": SVM_C, "class_weight": "balanced"},
        "training_data": {d.name: {"texts": len(d.texts), "sha256": d.sha256} for d in data.values()},
        "cross_validation": figures,
        "calibration": {"temperature": temperature, "expected_calibration_error": ece},
    }
    classifier.save(args.out, provenance)
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(f"model written to {args.out} ({size:.1f} MB)")


if __name__ == "__main__":
    main()

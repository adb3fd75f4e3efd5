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

The shipped model is a cascade: a fast head (keywords + TF-IDF) answers when its calibrated
probability reaches a threshold, the full head (with the transformer embedding) answers the rest.
Temperatures and the threshold are fitted on the out-of-fold scores; the threshold is the lowest that
keeps each data set's weighted F1 within CASCADE_TOLERANCE of the full model's (a choice made on the
same out-of-fold scores it is reported on, so the cascade figures are slightly optimistic).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
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
    LinearHead,
    SentenceEncoder,
    TrainedClassifier,
    base_model_path,
    clean_text,
    softmax,
)
from sitroom.extract.tuning import TUNING_RECIPE, TuningConfig, fine_tune, has_adapter, save_adapter  # noqa: E402

SHARED = Path(os.environ.get("SITROOM_SHARED", REPO / ".." / "shared")).resolve()
DATASETS = ("case2021_dev", "acled2022_dev")
# ACLED holds a single "Excessive force against protesters" row: stratified folds cannot spread it.
warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
FOLDS = 5
SVM_C = 0.5
SEED = 0
CASCADE_TOLERANCE = 0.005  # weighted F1 the fast first pass may cost, per data set
DEFAULT_TEMPERATURE = 0.3  # used only with --no-cv
SHIPPED = "sitroom full model"
# Each fold's tuned adapter (minutes to train): kept out of the repo, reused by crossfit_eval.py.
FOLD_CACHE = REPO / "build" / "fold-adapters"  # plus "all": the shipped adapter before it is copied in


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


@dataclass
class Heads:
    """The two fitted SVMs of the cascade and the featurizer they read."""

    featurizer: Featurizer
    full: LinearSVC
    fast: LinearSVC


def fit_heads(featurizer: Featurizer, texts: list[str], labels: np.ndarray, embeddings: np.ndarray) -> Heads:
    featurizer.fit(texts)
    full = LinearSVC(C=SVM_C, class_weight="balanced").fit(featurizer.transform(texts, embeddings), labels)
    fast = LinearSVC(C=SVM_C, class_weight="balanced").fit(featurizer.fast_transform(texts), labels)
    return Heads(featurizer, full, fast)


@functools.cache
def base_model_digest() -> str:
    """sha256 of the base encoder's weights (90 MB): read once per run, not once per fold."""
    return hashlib.sha256((base_model_path() / "model.safetensors").read_bytes()).hexdigest()


def training_stamp(texts: list[str], labels: np.ndarray, config: TuningConfig) -> str:
    """What an adapter was trained on and how: a cached adapter is reused only for the same stamp."""
    import peft
    import torch

    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{label}\t{clean_text(text)}\n".encode())
    recipe = {
        "config": asdict(config), "recipe": TUNING_RECIPE, "peft": peft.__version__, "torch": torch.__version__,
        "base_model": base_model_digest(),
    }  # fmt: skip
    digest.update(json.dumps(recipe, sort_keys=True).encode())
    return digest.hexdigest()


def tuned_encoder(
    texts: list[str], labels: np.ndarray, directory: Path, config: TuningConfig, int8: bool = False
) -> SentenceEncoder:
    """The encoder with an adapter tuned on ``texts``, read from ``directory`` when it holds one with the
    same stamp, else trained there (each fold's adapter is trained once, and reused by crossfit_eval.py).
    The adapter is tuned in float; ``int8`` quantizes the merged encoder (``SentenceEncoder``)."""
    from transformers import AutoModel, AutoTokenizer

    stamp = training_stamp(texts, labels, config)
    stamp_file = directory / "training.json"
    cached = has_adapter(directory) and stamp_file.is_file()
    if not cached or json.loads(stamp_file.read_text(encoding="utf-8")).get("stamp") != stamp:
        stamp_file.unlink(missing_ok=True)  # a run that dies while tuning leaves no stale stamp by new weights
        started = time.perf_counter()
        base = base_model_path()
        model = fine_tune(AutoModel.from_pretrained(str(base)), AutoTokenizer.from_pretrained(str(base)),
                          [clean_text(t) for t in texts], [str(label) for label in labels], config)  # fmt: skip
        save_adapter(model, directory, config)
        record = {"stamp": stamp, "texts": len(texts), "config": asdict(config)}
        stamp_file.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"    adapter tuned on {len(texts)} texts in {time.perf_counter() - started:.0f} s -> {directory}",
              flush=True)  # fmt: skip
    return SentenceEncoder(adapter=directory, int8=int8)


def fit_tuned(texts: list[str], labels: np.ndarray, directory: Path, int8: bool = False) -> Heads:
    """Tune the encoder on the texts, then fit both heads on its embeddings."""
    encoder = tuned_encoder(texts, labels, directory, TuningConfig(), int8)
    embeddings = encoder.encode([clean_text(t) for t in texts])
    return fit_heads(Featurizer(encoder), texts, labels, embeddings)


ALL_LABELS: list[str] = []
FoldResult = tuple[list[str], dict[str, np.ndarray]]
# (target, its training rows, the other data set, target rows to score, fold number) -> predictions, scores
Predictor = Callable[[Dataset, np.ndarray, Dataset, np.ndarray, int], FoldResult]


def aligned(model: LinearSVC, scores: np.ndarray) -> np.ndarray:
    """Decision values with one column per label of ALL_LABELS; labels unseen in a fold never win."""
    out = np.full((scores.shape[0], len(ALL_LABELS)), -10.0)
    for column, label in enumerate(model.classes_):
        out[:, ALL_LABELS.index(label)] = scores[:, column]
    return out


def fold_training(target: Dataset, train_idx: np.ndarray, other: Dataset) -> tuple[list[str], np.ndarray]:
    """A fold's training texts and labels: the other folds of the target plus all of the other data set."""
    texts = [target.texts[i] for i in train_idx] + other.texts
    return texts, np.concatenate([target.labels[train_idx], other.labels])


def fold_adapter_dir(cache: Path, target: Dataset, fold: int, grouped: bool = False) -> Path:
    return cache / f"{target.name}{'-by-country' if grouped else ''}-fold{fold}"


def fold_heads(
    target: Dataset,
    train_idx: np.ndarray,
    other: Dataset,
    cache: Path,
    fold: int,
    grouped: bool = False,
    int8: bool = False,
) -> Heads:
    """The cascade's heads of one fold, on an encoder tuned on that fold's training texts only."""
    texts, labels = fold_training(target, train_idx, other)
    return fit_tuned(texts, labels, fold_adapter_dir(cache, target, fold, grouped), int8)


def head_scores(heads: Heads, texts: list[str], embeddings: np.ndarray | None = None) -> dict[str, np.ndarray]:
    full = heads.full.decision_function(heads.featurizer.transform(texts, embeddings))
    fast = heads.fast.decision_function(heads.featurizer.fast_transform(texts))
    return {"full": aligned(heads.full, full), "fast": aligned(heads.fast, fast)}


def frozen_predictor(encoder: SentenceEncoder) -> Predictor:
    """The model on the untuned encoder (what sitroom shipped before the adapter): the gain is visible."""

    def predict(target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray, fold: int) -> FoldResult:
        texts, labels = fold_training(target, train_idx, other)
        embeddings = np.vstack([target.embeddings[train_idx], other.embeddings])
        heads = fit_heads(Featurizer(encoder), texts, labels, embeddings)
        scores = head_scores(heads, [target.texts[i] for i in test_idx], target.embeddings[test_idx])
        return [ALL_LABELS[i] for i in scores["full"].argmax(axis=1)], scores

    return predict


def tuned_predictor(cache: Path, grouped: bool = False, int8: bool = False) -> Predictor:
    def predict(target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray, fold: int) -> FoldResult:
        heads = fold_heads(target, train_idx, other, cache, fold, grouped, int8)
        scores = head_scores(heads, [target.texts[i] for i in test_idx])
        return [ALL_LABELS[i] for i in scores["full"].argmax(axis=1)], scores

    return predict


def tfidf_svm_predictor(with_other: bool) -> Predictor:
    def predict(target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray, fold: int) -> FoldResult:
        texts = [target.texts[i] for i in train_idx] + (other.texts if with_other else [])
        labels = np.concatenate([target.labels[train_idx], other.labels if with_other else []])
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        model = LinearSVC(C=SVM_C).fit(vectorizer.fit_transform(texts), labels)
        return [str(p) for p in model.predict(vectorizer.transform([target.texts[i] for i in test_idx]))], {}

    return predict


def keyword_predictor(
    target: Dataset, train_idx: np.ndarray, other: Dataset, test_idx: np.ndarray, fold: int
) -> FoldResult:
    results = KeywordClassifier().classify([clean_text(target.texts[i]) for i in test_idx])
    return [r.sub_event_type.value if r.sub_event_type else NONE_LABEL for r in results], {}


def figures_for(labels: np.ndarray, predictions: list[str]) -> dict[str, float]:
    report = classification_scores(list(labels), predictions)
    return {k: round(report[k], 4) for k in ("weighted_f1", "accuracy", "event_type_accuracy")}


def cross_validate(
    target: Dataset, other: Dataset, predictor: Predictor, grouped: bool = False
) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """CV figures of one method on one data set, and its out-of-fold decision values (if any)."""
    predictions = np.empty(len(target.labels), dtype=object)
    scores: dict[str, np.ndarray] = {}
    if grouped:
        splits = GroupKFold(FOLDS).split(target.texts, target.labels, target.groups)
    else:
        splits = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(target.texts, target.labels)
    for fold, (train_idx, test_idx) in enumerate(splits):
        predicted, fold_scores = predictor(target, train_idx, other, test_idx, fold)
        predictions[test_idx] = predicted
        for name, values in fold_scores.items():
            scores.setdefault(name, np.zeros((len(target.labels), len(ALL_LABELS))))[test_idx] = values
    return figures_for(target.labels, [str(p) for p in predictions]), scores


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature that minimises log loss of out-of-fold decision values."""
    gold = np.array([ALL_LABELS.index(label) for label in labels])

    def nll(temperature: float) -> float:
        probabilities = softmax(scores, temperature)
        return float(-np.log(probabilities[np.arange(len(gold)), gold] + 1e-9).mean())

    return float(minimize_scalar(nll, bounds=(0.05, 5.0), method="bounded").x)


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    confidence = probabilities.max(axis=1)
    correct = np.array([ALL_LABELS[i] for i in probabilities.argmax(axis=1)]) == labels
    error = 0.0
    for low, high in itertools.pairwise(np.linspace(0, 1, bins + 1)):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(confidence[in_bin].mean() - correct[in_bin].mean())
    return float(error)


def cascade(full: np.ndarray, fast: np.ndarray, threshold: float) -> tuple[np.ndarray, float]:
    """Cascade probabilities (fast where it is sure enough, else full) and the share answered fast."""
    sure = fast.max(axis=1) >= threshold
    return np.where(sure[:, None], fast, full), float(sure.mean())


@dataclass
class Calibration:
    temperature: float
    fast_temperature: float
    fast_threshold: float
    ece: float | None
    fast_share: dict[str, float]


def calibrate(oof: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]) -> Calibration:
    """Temperatures for both heads, and the lowest fast-head threshold that keeps every data set's
    cross-validated weighted F1 within CASCADE_TOLERANCE of the full model's."""
    labels = np.concatenate([lab for lab, _ in oof.values()])
    temperature = fit_temperature(np.vstack([s["full"] for _, s in oof.values()]), labels)
    fast_temperature = fit_temperature(np.vstack([s["fast"] for _, s in oof.values()]), labels)
    probs = {
        name: (lab, softmax(s["full"], temperature), softmax(s["fast"], fast_temperature))
        for name, (lab, s) in oof.items()
    }
    threshold = 1.01  # never use the fast head unless a lower threshold keeps the accuracy
    for candidate in np.arange(0.50, 1.0, 0.01):
        ok = True
        for lab, full, fast in probs.values():
            mixed, _ = cascade(full, fast, candidate)
            full_f1 = figures_for(lab, [ALL_LABELS[i] for i in full.argmax(axis=1)])["weighted_f1"]
            mixed_f1 = figures_for(lab, [ALL_LABELS[i] for i in mixed.argmax(axis=1)])["weighted_f1"]
            ok &= mixed_f1 >= full_f1 - CASCADE_TOLERANCE
        if ok:
            threshold = float(round(candidate, 2))
            break
    mixed_all = np.vstack([cascade(full, fast, threshold)[0] for _, full, fast in probs.values()])
    share = {name: round(cascade(full, fast, threshold)[1], 3) for name, (_, full, fast) in probs.items()}
    return Calibration(temperature, fast_temperature, threshold, expected_calibration_error(mixed_all, labels), share)


def cascade_figures(labels: np.ndarray, scores: dict[str, np.ndarray], cal: Calibration) -> dict[str, float]:
    full, fast = softmax(scores["full"], cal.temperature), softmax(scores["fast"], cal.fast_temperature)
    mixed, _ = cascade(full, fast, cal.fast_threshold)
    return figures_for(labels, [ALL_LABELS[i] for i in mixed.argmax(axis=1)])


def run_cv(
    data: dict[str, Dataset], encoder: SentenceEncoder, cache: Path, by_country: bool, int8: bool = False
) -> tuple[dict[str, dict[str, dict]], Calibration]:
    """CV figures per data set and method, and the calibration fitted on out-of-fold scores of the
    shipped method (the tuned encoder's heads)."""
    methods: dict[str, Predictor] = {
        "keyword baseline": keyword_predictor,
        "tfidf+svm (own data)": tfidf_svm_predictor(with_other=False),
        "tfidf+svm (both data sets)": tfidf_svm_predictor(with_other=True),
        "sitroom full model, untuned encoder": frozen_predictor(encoder),
        SHIPPED: tuned_predictor(cache, int8=int8),
    }
    figures: dict[str, dict[str, dict]] = {}
    oof: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
    case, acled = data["case2021_dev"], data["acled2022_dev"]
    for target, other in ((case, acled), (acled, case)):
        figures[target.name] = {}
        for method, predictor in methods.items():
            result, scores = cross_validate(target, other, predictor)
            figures[target.name][method] = result
            if method == SHIPPED:
                oof[target.name] = (target.labels, scores)
            print(f"  {target.name:14s} {method:36s} {result}", flush=True)
    cal = calibrate(oof)
    for name, (labels, scores) in oof.items():
        fast_only = figures_for(labels, [ALL_LABELS[i] for i in scores["fast"].argmax(axis=1)])
        figures[name]["sitroom fast head alone"] = fast_only
        figures[name]["sitroom cascade (shipped)"] = cascade_figures(labels, scores, cal)
        for method in ("sitroom fast head alone", "sitroom cascade (shipped)"):
            print(f"  {name:14s} {method:36s} {figures[name][method]}", flush=True)
    if by_country:
        result, scores = cross_validate(acled, case, tuned_predictor(cache, grouped=True, int8=int8), grouped=True)
        figures["acled2022_dev"]["sitroom full model, folds by country"] = result
        figures["acled2022_dev"]["sitroom cascade, folds by country"] = cascade_figures(acled.labels, scores, cal)
        for method in ("sitroom full model, folds by country", "sitroom cascade, folds by country"):
            print(f"  {'acled2022_dev':14s} {method:36s} {figures['acled2022_dev'][method]}", flush=True)
    return figures, cal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (and the fast first pass)")
    parser.add_argument(
        "--by-country", action="store_true", help="also cross-validate ACLED by country (5 more tunings)"
    )
    parser.add_argument("--out", type=Path, default=ASSET_DIR, help="model directory [%(default)s]")
    parser.add_argument(
        "--fold-cache", type=Path, default=FOLD_CACHE, help="where each fold's adapter is kept [%(default)s]"
    )
    parser.add_argument(
        "--int8-encoder", action="store_true",
        help="fit the heads on the encoder run with int8 linear layers (faster, less accurate on ACLED notes)",
    )  # fmt: skip
    args = parser.parse_args()
    int8 = args.int8_encoder

    encoder = SentenceEncoder()
    data = {name: load_dataset(name, encoder) for name in DATASETS}
    ALL_LABELS.extend(sorted({str(label) for d in data.values() for label in d.labels}))

    figures: dict[str, dict[str, dict]] = {}
    cal = Calibration(DEFAULT_TEMPERATURE, DEFAULT_TEMPERATURE, 1.01, None, {})
    if not args.no_cv:
        print(f"{FOLDS}-fold cross-validation (weighted F1 over sub-event types + none):", flush=True)
        figures, cal = run_cv(data, encoder, args.fold_cache, args.by_country, int8)
        print(f"calibration: {cal}")

    texts = [t for d in data.values() for t in d.texts]
    labels = np.concatenate([d.labels for d in data.values()])
    # Tuned in the cache, not in the shipped folder: an interrupted run leaves the shipped model whole
    # (``save`` copies the adapter next to the heads).
    heads = fit_tuned(texts, labels, args.fold_cache / "all", int8)
    assert list(heads.full.classes_) == list(heads.fast.classes_)
    classifier = TrainedClassifier(
        heads.featurizer,
        [str(c) for c in heads.full.classes_],
        LinearHead(heads.full.coef_, heads.full.intercept_, cal.temperature),
        LinearHead(heads.fast.coef_, heads.fast.intercept_, cal.fast_temperature),
        cal.fast_threshold,
    )
    provenance = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "trained_with": {
            "scikit-learn": sklearn.__version__,
            "svm_C": SVM_C,
            "class_weight": "balanced",
            "encoder_adapter": asdict(TuningConfig()),
        },
        "training_data": {d.name: {"texts": len(d.texts), "sha256": d.sha256} for d in data.values()},
        "cross_validation": figures,
        "calibration": {
            "expected_calibration_error": cal.ece,
            "share_answered_by_fast_head": cal.fast_share,
            "cascade_tolerance": CASCADE_TOLERANCE,
        },
    }
    classifier.save(args.out, provenance)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file()) / 1e6
    print(f"model written to {args.out} ({size:.1f} MB)")


if __name__ == "__main__":
    main()

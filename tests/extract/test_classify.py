"""The sentence classifiers on hand-written news sentences (not gold data)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sitroom.extract.classify import Classification, KeywordClassifier, load_classifier
from sitroom.model import SubEventType as S

if TYPE_CHECKING:
    from sitroom.extract.trained import TrainedClassifier

SENTENCES = [
    ("Russian warplanes carried out airstrikes on the town overnight.", S.AIR_DRONE_STRIKE),
    ("A suicide bomber blew himself up at a checkpoint near the market.", S.SUICIDE_BOMB),
    ("Militants hurled a hand grenade at a police station on Monday.", S.GRENADE),
    ("Police fired tear gas to disperse the protest outside parliament.", S.PROTEST_WITH_INTERVENTION),
    ("Gunmen abducted three aid workers on the road to the airport.", S.ABDUCTION_FORCED_DISAPPEARANCE),
    ("Heavy clashes erupted between the army and rebel fighters near the border.", S.ARMED_CLASH),
    ("Hundreds of teachers held a peaceful protest demanding higher wages.", S.PEACEFUL_PROTEST),
    ("Police arrested five opposition activists at their homes on Tuesday.", S.ARRESTS),
]


@pytest.fixture(scope="module")
def keyword() -> KeywordClassifier:
    return KeywordClassifier()


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_keyword_classifier_finds_the_codebook_trigger(keyword: KeywordClassifier, text: str, expected: S) -> None:
    [result] = keyword.classify([text])
    assert result.sub_event_type is expected
    assert 0.0 < result.score <= 1.0


def test_keyword_classifier_says_none_for_text_without_an_event(keyword: KeywordClassifier) -> None:
    results = keyword.classify(
        ["The central bank kept interest rates unchanged on Thursday.", "A magnitude 6 earthquake struck the coast."]
    )
    assert [r.sub_event_type for r in results] == [None, None]


def test_keyword_classifier_ignores_case(keyword: KeywordClassifier) -> None:
    text = "Russian warplanes carried out airstrikes on the town overnight."
    assert keyword.scores(text.upper()) == keyword.scores(text)
    assert keyword.scores(text)[S.AIR_DRONE_STRIKE] > 0


def test_keyword_patterns_must_be_lower_case() -> None:
    from sitroom.extract.classify import _compile

    with pytest.raises(ValueError, match="lower case"):
        _compile([(r"\bIED\b", 1.0)])
    assert _compile([(r"\bied\S*", 1.0)])  # escapes such as \S are not letters of the pattern


def test_classify_keeps_order_and_length(keyword: KeywordClassifier) -> None:
    texts = [s for s, _ in SENTENCES]
    results = keyword.classify(texts)
    assert len(results) == len(texts)
    assert all(isinstance(r, Classification) for r in results)
    assert keyword.classify([]) == []


def test_load_classifier_is_cached_and_classifies() -> None:
    first = load_classifier()
    assert load_classifier() is first
    results = first.classify([s for s, _ in SENTENCES])
    accuracy = sum(r.sub_event_type is e for r, (_, e) in zip(results, SENTENCES, strict=True)) / len(SENTENCES)
    assert accuracy >= 0.75


# --------------------------------------------------------------------------- the trained model


@pytest.fixture(scope="module")
def trained() -> TrainedClassifier:
    trained_module = pytest.importorskip("sitroom.extract.trained")
    try:
        return trained_module.load_trained_classifier()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


def test_trained_classifier_labels_hand_written_news_sentences(trained: TrainedClassifier) -> None:
    results = trained.classify([s for s, _ in SENTENCES])
    correct = sum(r.sub_event_type is e for r, (_, e) in zip(results, SENTENCES, strict=True))
    assert correct >= 6, [(r.sub_event_type, e) for r, (_, e) in zip(results, SENTENCES, strict=True)]
    [none] = trained.classify(["The central bank kept interest rates unchanged on Thursday."])
    assert none.sub_event_type is None


def test_trained_scores_are_probabilities(trained: TrainedClassifier) -> None:
    probabilities = trained.probabilities([s for s, _ in SENTENCES])
    assert probabilities.shape == (len(SENTENCES), len(trained.labels))
    assert probabilities.sum(axis=1) == pytest.approx([1.0] * len(SENTENCES), abs=1e-5)
    results = trained.classify([s for s, _ in SENTENCES])
    assert [r.score for r in results] == pytest.approx(probabilities.max(axis=1).tolist(), abs=1e-3)
    assert trained.classify([]) == []


def test_cascade_sends_only_unsure_texts_to_the_full_model(trained: TrainedClassifier) -> None:
    texts = [s for s, _ in SENTENCES]
    cascade = trained.probabilities(texts)
    assert trained.fast is not None
    fast = trained.fast.probabilities(trained.featurizer.fast_transform(texts))
    sure = fast.max(axis=1) >= trained.fast_threshold
    assert cascade[sure] == pytest.approx(fast[sure], abs=1e-6)
    # The unsure texts are encoded together, as here (in bfloat16 the batch a text shares moves its
    # embedding by ~1e-3, so the same batch is what makes the figures comparable to the digit).
    full = trained.full_probabilities([t for t, unsure in zip(texts, ~sure, strict=True) if unsure])
    assert cascade[~sure] == pytest.approx(full, abs=1e-6)


def test_trained_model_round_trips_through_its_files(trained: TrainedClassifier, tmp_path: Path) -> None:
    from sitroom.extract.trained import load_trained_classifier

    trained.save(tmp_path, {"note": "round-trip test"})
    reloaded = load_trained_classifier(tmp_path)
    texts = [s for s, _ in SENTENCES]
    assert reloaded.probabilities(texts) == pytest.approx(trained.probabilities(texts), abs=1e-3)
    with pytest.raises(FileNotFoundError):
        load_trained_classifier(tmp_path / "missing")


def test_heads_refuse_an_encoder_adapter_they_were_not_trained_on(trained: TrainedClassifier, tmp_path: Path) -> None:
    from sitroom.extract.trained import ADAPTER_DIR, load_trained_classifier

    if trained.featurizer.encoder.adapter is None:
        pytest.skip("this model was trained on the untuned encoder")
    trained.save(tmp_path, {"note": "adapter check"})
    weights = tmp_path / ADAPTER_DIR / "adapter_model.safetensors"
    assert weights.is_file()  # the adapter travels with the heads
    changed = bytearray(weights.read_bytes())
    changed[-1] ^= 0xFF  # other weights: embeddings the heads never saw
    weights.write_bytes(bytes(changed))
    with pytest.raises(FileNotFoundError, match="another encoder adapter"):
        load_trained_classifier(tmp_path)
    weights.unlink()
    with pytest.raises(FileNotFoundError, match="needs its encoder adapter"):
        load_trained_classifier(tmp_path)


def test_classifier_modes(trained: TrainedClassifier) -> None:
    assert isinstance(load_classifier(mode="keyword"), KeywordClassifier)
    with pytest.raises(ValueError, match="unknown classifier mode"):
        load_classifier(mode="psychic")
    texts = [s for s, _ in SENTENCES]
    full = trained.with_mode("full")
    assert full.probabilities(texts) == pytest.approx(trained.full_probabilities(texts), abs=1e-6)
    fast = trained.with_mode("fast")
    assert trained.fast is not None
    expected = trained.fast.probabilities(trained.featurizer.fast_transform(texts))
    assert fast.probabilities(texts) == pytest.approx(expected, abs=1e-6)

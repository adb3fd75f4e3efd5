"""The sentence classifiers on hand-written news sentences (not gold data)."""

from __future__ import annotations

import pytest

from sitroom.extract.classify import Classification, KeywordClassifier, load_classifier
from sitroom.model import SubEventType as S

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

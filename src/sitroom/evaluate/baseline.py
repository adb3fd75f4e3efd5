"""A keyword-only extractor: the baseline the bench and the eval harness compare sitroom against.

Each sentence (split on end punctuation) goes through ``KeywordClassifier``; every sentence with an
ACLED type becomes one mention with that sentence as evidence. No actors, places, dates or tolls:
it shows what classification alone gets and how fast a regex pass is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitroom.extract.classify import KeywordClassifier
from sitroom.model import Article, EventMention

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding spaces."""
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


class KeywordExtractor:
    """``extractor(article) -> mentions`` using only the keyword classifier."""

    def __init__(self, classifier: KeywordClassifier | None = None) -> None:
        self.classifier = classifier or KeywordClassifier()

    def __call__(self, article: Article) -> list[EventMention]:
        spans = list(sentence_spans(article.text))
        results = self.classifier.classify([article.text[s:e] for s, e in spans])
        mentions = []
        for (start, end), result in zip(spans, results, strict=True):
            if result.sub_event_type is None:
                continue
            mentions.append(
                EventMention(
                    article_id=article.id,
                    evidence=article.span(start, end),
                    event_type=result.sub_event_type.event_type,
                    sub_event_type=result.sub_event_type,
                    confidence=result.score,
                    source=article.source.domain,
                )
            )
        return mentions

"""Extraction fixtures: the real spaCy pipeline and extractor, loaded once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.extract.actors import ActorCatalogue, load_catalogue
from sitroom.extract.events import EventExtractor
from sitroom.model import Article, EventMention


@pytest.fixture(scope="session")
def catalogue() -> ActorCatalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def extractor() -> EventExtractor:
    return EventExtractor()


@pytest.fixture(scope="session")
def extract(extractor: EventExtractor):  # type: ignore[no-untyped-def]
    """Extract events from a text (optionally with a publication date)."""

    def run(text: str, published: dt.datetime | None = None) -> list[EventMention]:
        article = Article(title=text.split("\n")[0][:80], text=text, published=published)
        mentions = extractor(article)
        for mention in mentions:  # every evidence span must point at the words it quotes
            for evidence in _evidence(mention):
                assert article.text[evidence.start : evidence.end] == evidence.text
        return mentions

    return run


def _evidence(mention: EventMention) -> list:  # type: ignore[type-arg]
    spans = [mention.evidence, mention.date_evidence, mention.fatalities.evidence]
    spans += [
        a.evidence for a in [mention.actor1, mention.actor2, *mention.assoc_actors_1, *mention.assoc_actors_2] if a
    ]
    spans += [c.evidence for c in mention.claims]
    spans += [mention.location.evidence] if mention.location else []
    return [s for s in spans if s is not None]

"""Extract: Article -> EventMention[] (ACLED types, actors and roles, dates, fatalities, claims).

Interface every extractor implements: ``extractor(article) -> list[EventMention]``, each
mention tied to the sentence that supports it. ``load_extractor`` builds the default one.
"""

from __future__ import annotations

from typing import Protocol

from sitroom.config import Settings
from sitroom.model import Article, EventMention


class Extractor(Protocol):
    def __call__(self, article: Article) -> list[EventMention]: ...


def load_extractor(settings: Settings | None = None) -> Extractor:
    """The default extractor (spaCy + actor catalogue + classifier + span rules), loaded once per call site.

    Raises ``StageUnavailable`` when the spaCy model named in ``settings.spacy_model`` is not installed.
    """
    from sitroom.extract.events import EventExtractor  # heavy imports only when extraction runs

    return EventExtractor(settings)

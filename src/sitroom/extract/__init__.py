"""Extract: Article -> EventMention[] (ACLED types, actors and roles, dates, fatalities, claims).

Interface every extractor implements: ``extractor(article) -> list[EventMention]``, each
mention tied to the sentence that supports it. ``load_extractor`` builds the default one.
"""

from __future__ import annotations

from typing import Protocol

from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.model import Article, EventMention


class Extractor(Protocol):
    def __call__(self, article: Article) -> list[EventMention]: ...


def load_extractor(settings: Settings | None = None) -> Extractor:
    raise StageUnavailable("event extraction is not built yet")

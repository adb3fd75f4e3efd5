"""Geo: place each EventMention (gazetteer lookup, toponym resolution, admin levels, precision).

Interface: ``geocoder(article, mentions) -> mentions`` with ``Location`` filled where resolvable;
an unresolved place keeps its name and gets no coordinates, never a guessed point.
"""

from __future__ import annotations

from typing import Protocol

from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.model import Article, EventMention


class Geocoder(Protocol):
    def __call__(self, article: Article, mentions: list[EventMention]) -> list[EventMention]: ...


def load_geocoder(settings: Settings | None = None) -> Geocoder:
    raise StageUnavailable("geoparsing is not built yet")

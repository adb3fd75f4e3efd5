"""Geo: place each EventMention (gazetteer lookup, toponym resolution, admin levels, precision).

Interface: ``geocoder(article, mentions) -> mentions`` with ``Location`` filled where resolvable;
an unresolved place keeps its name and gets no coordinates, never a guessed point.

Reusable pieces: ``Gazetteer.open(path)`` / ``gazetteer.lookup(name, country)`` (candidates),
``geoparse(text, country_hint)`` (every place in a text), ``build_gazetteer`` and
``import_places`` (the index). Gazetteer data: GeoNames (CC BY 4.0), geonames.org.
"""

from __future__ import annotations

from typing import Protocol

from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.geo.gazetteer import Candidate, Gazetteer, default_path
from sitroom.geo.geocoder import GazetteerGeocoder
from sitroom.geo.parse import geoparse
from sitroom.model import Article, EventMention

__all__ = ["Candidate", "Gazetteer", "GazetteerGeocoder", "Geocoder", "default_path", "geoparse", "load_geocoder"]


class Geocoder(Protocol):
    def __call__(self, article: Article, mentions: list[EventMention]) -> list[EventMention]: ...


def load_geocoder(settings: Settings | None = None) -> Geocoder:
    """The gazetteer geocoder; builds the index from the installed GeoNames packages on first use.

    The index path is ``settings.gazetteer_path`` ($SITROOM_GAZETTEER, else the user data folder).
    """
    try:
        gazetteer = Gazetteer.open_or_build(settings.gazetteer_path if settings else None)
    except (OSError, RuntimeError) as exc:
        raise StageUnavailable(f"geoparsing unavailable: {exc}") from exc
    return GazetteerGeocoder(gazetteer)

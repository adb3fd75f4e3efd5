"""Corroborate: EventMention[] from many articles -> Event[] (merged, sources counted,
contradictions flagged, confidence scored).

Interface: ``corroborate(mentions, articles) -> list[Event]`` where ``articles`` maps article id
to Article (for outlets and wire-copy links).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from sitroom.errors import StageUnavailable
from sitroom.model import Article, Event, EventMention


class Corroborator(Protocol):
    def __call__(self, mentions: Sequence[EventMention], articles: Mapping[str, Article]) -> list[Event]: ...


def load_corroborator() -> Corroborator:
    raise StageUnavailable("corroboration is not built yet")

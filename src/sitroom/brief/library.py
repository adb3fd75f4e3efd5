"""Where a brief reads mentions and articles from: the Store, or records already in memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from sitroom.model import Article, EventMention
from sitroom.store import Store


class Library(Protocol):
    def mentions(self, ids: Sequence[str]) -> dict[str, EventMention]: ...

    def articles(self, ids: Sequence[str]) -> dict[str, Article]: ...


class StoreLibrary:
    """Reads only what a brief cites, with a cache: briefing 10,000 events touches a few dozen rows."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._mentions: dict[str, EventMention | None] = {}
        self._articles: dict[str, Article] = {}

    def mentions(self, ids: Sequence[str]) -> dict[str, EventMention]:
        for mention_id in ids:
            if mention_id not in self._mentions:
                self._mentions[mention_id] = self.store.get_mention(mention_id)
        return {i: m for i in ids if (m := self._mentions[i]) is not None}

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        missing = sorted({i for i in ids if i not in self._articles})
        if missing:
            self._articles.update((a.id, a) for a in self.store.articles(missing))
        return {i: self._articles[i] for i in ids if i in self._articles}


class MemoryLibrary:
    """Records already in hand (a single-article digest, tests)."""

    def __init__(self, mentions: Iterable[EventMention], articles: Iterable[Article]) -> None:
        self._mentions = {m.id: m for m in mentions}
        self._articles = {a.id: a for a in articles}

    def mentions(self, ids: Sequence[str]) -> dict[str, EventMention]:
        return {i: self._mentions[i] for i in ids if i in self._mentions}

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        return {i: self._articles[i] for i in ids if i in self._articles}

"""Corroboration as grouped Spark work, with the single-machine corroborator's own functions on each group.

The corroborator blocks mentions by ``block_key`` (the country) and clusters each block greedily, in date
order, with windows that chain from one mention to the next (up to 31 days), undated reports that may join
any incident of the block, and compatible sub-types that cross ACLED event types. None of that splits
further by date bucket, place cell or type without changing some result, so the Spark groups are exactly the
corroborator's blocks: each is corroborated whole by ``sitroom.corroborate.corroborate``, which gives the
same events as one machine (``docs/scaling.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitroom.corroborate import load_corroborator
from sitroom.corroborate.matching import block_key
from sitroom.model import Article, Event, EventMention

MentionWithArticle = tuple[EventMention, Article]


def keyed_by_block(mention: EventMention, article: Article) -> tuple[str, MentionWithArticle]:
    """The mention under the corroborator's own blocking key, with the article it came from."""
    return block_key(mention), (mention, article)


def corroborate_block(members: Iterable[MentionWithArticle]) -> Iterator[Event]:
    """Every event of one block, by the single-machine corroborator."""
    mentions: list[EventMention] = []
    articles: dict[str, Article] = {}
    for mention, article in members:
        mentions.append(mention)
        articles[article.id] = article
    return iter(load_corroborator()(mentions, articles))

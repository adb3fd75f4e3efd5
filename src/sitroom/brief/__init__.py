"""Brief: stored events -> a situation brief in the sample's shape, every sentence cited.

Flow: select events (``BriefQuery`` -> ``Store.events``) -> rank by salience (``salience``) ->
compose sentences from templates over stored fields and trimmed source sentences (``compose``)
-> check every sentence is cited, every citation quotes its article exactly and every number is
in the cited evidence or the store (``checker``) -> render Markdown / HTML / JSON / the sample's
plain text (``render``). ``digest_article`` does the same for one article on its own.
"""

from sitroom.brief.checker import BriefCheckError, check_brief, ensure_checked
from sitroom.brief.compose import compose_brief, iter_sentences
from sitroom.brief.library import Library, MemoryLibrary, StoreLibrary
from sitroom.brief.query import BriefQuery
from sitroom.brief.render import BriefFormat, render
from sitroom.brief.salience import rank, salience
from sitroom.brief.service import (
    CheckedBrief,
    DigestError,
    brief_events,
    brief_from_store,
    digest_article,
    extract_article,
    load_article,
)

__all__ = [
    "BriefCheckError",
    "BriefFormat",
    "BriefQuery",
    "CheckedBrief",
    "DigestError",
    "Library",
    "MemoryLibrary",
    "StoreLibrary",
    "brief_events",
    "brief_from_store",
    "check_brief",
    "compose_brief",
    "digest_article",
    "ensure_checked",
    "extract_article",
    "iter_sentences",
    "load_article",
    "rank",
    "render",
    "salience",
]

"""Build ``Article`` records the same way whatever the input format was."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from sitroom.ingest.dates import parse_published
from sitroom.ingest.errors import IngestError
from sitroom.model import Article, Source

_BLANK_LINES = re.compile(r"\n\s*\n+")
_WS = re.compile(r"[ \t\u00a0]+")
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
# Lone UTF-16 surrogates come from JSON "\ud83d" escapes or numeric entities cut mid-emoji, and from file names
# that are not UTF-8; they cannot be encoded (hashing and storing would fail), so each becomes U+FFFD: one
# character for one, so offsets are unchanged.
_SURROGATE = re.compile("[\ud800-\udfff]")
TITLE_FALLBACK_CHARS = 120


@dataclass
class Draft:
    """What a reader found before it becomes an Article (all optional but the body)."""

    body: str
    origin: str
    title: str | None = None
    url: str | None = None
    domain: str | None = None
    sitename: str | None = None
    author: str | None = None
    published: object = None  # str or datetime, parsed by parse_published
    language: str | None = None
    feed_url: str | None = None
    fetched_at: dt.datetime | None = None


def domain_of(url: str | None) -> str | None:
    """The publisher's host from a URL ("https://www.bbc.co.uk/x" -> "bbc.co.uk")."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[broken": an unclosed IPv6 bracket
        return None
    return host.lower().removeprefix("www.") if host else None


def looks_like_domain(value: str | None) -> bool:
    return bool(value and _DOMAIN.match(value.strip()))


def split_paragraphs(body: str) -> list[str]:
    """Non-empty paragraphs, whitespace inside each collapsed; one line = one paragraph."""
    paragraphs = []
    for line in body.splitlines():
        if "  " in line or "\t" in line or "\xa0" in line:  # the regex only where needed: most lines are clean
            line = _WS.sub(" ", line)
        line = line.strip()
        if line:
            paragraphs.append(line)
    return paragraphs


def to_article(draft: Draft) -> Article:
    """Title first, then the lead, then the paragraphs, joined by newlines (as in the sample format)."""
    draft = _encodable(draft)
    paragraphs = split_paragraphs(draft.body)
    title = _WS.sub(" ", draft.title or "").strip()
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # extractors sometimes repeat the headline as the first line
    if not paragraphs:
        raise IngestError(draft.origin, "no article text found")
    if not title:
        title = _first_sentence(paragraphs[0])
    try:
        published = parse_published(draft.published)
    except (OverflowError, ValueError):  # a year-1 or year-9999 stamp that its UTC offset shifts out of range
        published = None  # optional metadata: treated like any other unusable date
    domain = draft.domain or domain_of(draft.url)
    if not domain and looks_like_domain(draft.sitename):
        domain = draft.sitename
    return Article(
        title=title,
        lead=paragraphs[0],
        paragraphs=paragraphs[1:],
        text="\n".join([title, *paragraphs]),
        source=Source(
            domain=domain,
            name=draft.sitename if draft.sitename and not looks_like_domain(draft.sitename) else None,
            url=draft.url,
            feed_url=draft.feed_url,
        ),
        author=(draft.author or "").strip() or None,
        published=published[0] if published else None,
        published_tz=published[1] if published else None,
        language=draft.language,
        fetched_at=draft.fetched_at,
        origin=draft.origin,
    )


def _encodable(draft: Draft) -> Draft:
    changes: dict[str, Any] = {
        name: _SURROGATE.sub("\ufffd", value)
        for name, value in vars(draft).items()
        if isinstance(value, str) and _SURROGATE.search(value)
    }
    return replace(draft, **changes) if changes else draft


def _first_sentence(paragraph: str) -> str:
    """A title for an untitled text: its first sentence, cut at a word boundary if long."""
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    if len(sentence) <= TITLE_FALLBACK_CHARS:
        return sentence
    return sentence[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"

"""RSS and Atom feeds -> one Draft per entry (feedparser does the format work)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import feedparser
import lxml.html

from sitroom.ingest.errors import IngestError
from sitroom.ingest.records import Draft, domain_of

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}
_MARKUP = re.compile(r"<[a-zA-Z/!]")


@dataclass
class FeedEntry:
    key: str  # stable identity across polls: guid/id, else link, else a hash of title + date
    link: str | None
    draft: Draft  # body may be empty when the feed carries only titles (then --follow is needed)


@dataclass
class Feed:
    title: str | None
    link: str | None
    entries: list[FeedEntry]


def parse_feed(data: bytes, *, origin: str, feed_url: str | None = None) -> Feed:
    """Parse an RSS/Atom document; IngestError (and nothing else) when it is not a readable feed."""
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is lenient, but the watcher must only ever see an IngestError
        raise IngestError(origin, f"not a readable RSS/Atom feed ({type(exc).__name__}: {_short(exc)})") from exc
    if not parsed.get("version") and not parsed.entries:
        cause = parsed.get("bozo_exception")
        detail = f" ({_short(cause)})" if cause else ""
        raise IngestError(origin, f"not an RSS/Atom feed: no feed element or entries found{detail}")
    feed_info = parsed.feed
    title = feed_info.get("title") or None
    link = feed_info.get("link") or None
    entries = [
        _entry(e, index, origin=origin, feed_url=feed_url, feed_title=title, feed_link=link)
        for index, e in enumerate(parsed.entries)
    ]
    return Feed(title=title, link=link, entries=entries)


def _entry(
    entry: Any, index: int, *, origin: str, feed_url: str | None, feed_title: str | None, feed_link: str | None
) -> FeedEntry:
    link = entry.get("link") or None
    published = entry.get("published") or entry.get("updated") or _struct_to_utc(entry)
    key = entry.get("id") or link or _fallback_key(entry)
    draft = Draft(
        body=_entry_text(entry),
        origin=f"{origin}#{index + 1}",
        title=entry.get("title") or None,
        url=link,
        domain=domain_of(link) or domain_of(feed_link),
        sitename=feed_title,
        author=entry.get("author") or None,
        published=published,
        feed_url=feed_url,
    )
    return FeedEntry(key=str(key), link=link, draft=draft)


def _entry_text(entry: Any) -> str:
    """The richest body the entry carries: full content, else the summary, as plain paragraphs."""
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    raw = max(values, key=len) if values else entry.get("summary", "")
    return html_to_text(raw) if raw else ""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    if not _MARKUP.search(fragment):
        return fragment.strip()
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml.etree.LxmlError):  # ParserError, XMLSyntaxError: no text rather than no feed
        return ""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content()).strip()


def _struct_to_utc(entry: Any) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.datetime(*parsed[:6]).replace(tzinfo=dt.UTC) if parsed else None
    except (TypeError, ValueError, OverflowError):  # a leap second or a mangled struct: no date, not no entry
        return None


def _fallback_key(entry: Any) -> str:
    summary = entry.get("summary") or ""  # present but None in some malformed feeds
    basis = f"{entry.get('title', '')}|{entry.get('published', '')}|{summary[:200]}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def _short(exc: object) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__

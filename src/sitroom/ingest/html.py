"""HTML pages -> Article: trafilatura finds the main text and metadata; we add what it drops.

One parse per page: the page is loaded into an lxml tree once, our metadata pass reads the
publication datetime *with its time zone* and the canonical URL (trafilatura keeps only the
date), then the same tree goes to trafilatura. When trafilatura finds no main text, its
``baseline`` extractor (all paragraph-like text) is tried before giving up with a clear reason.
"""

from __future__ import annotations

import json
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from sitroom.ingest.errors import IngestError
from sitroom.ingest.records import Draft
from sitroom.ingest.tabular import MAX_JSON_DEPTH, json_too_deep

MIN_ARTICLE_CHARS = 100  # less than this is menu items or a caption: page chrome, not an article

# Where publishers put the full publication timestamp, most specific first (compiled once: per-page
# compilation was a measurable share of our overhead over trafilatura).
_META_DATETIME = tuple(
    etree.XPath(x)
    for x in (
        '//meta[@property="article:published_time"]/@content',
        '//meta[@name="article:published_time"]/@content',
        '//meta[@itemprop="datePublished"]/@content',
        '//meta[@name="pubdate" or @name="publishdate" or @name="date" or @name="dc.date"]/@content',
    )
)
_TIME_DATETIME = (etree.XPath("//time[@datetime][1]/@datetime"),)
_JSONLD = etree.XPath('//script[@type="application/ld+json"]/text()')
_URL_XPATHS = (etree.XPath('//link[@rel="canonical"]/@href'), etree.XPath('//meta[@property="og:url"]/@content'))


def extract_html(page: str | bytes, *, origin: str, url: str | None = None) -> Draft:
    """The main text and metadata of one page; IngestError when the page holds no article text."""
    tree = load_html(page)
    if tree is None:
        raise IngestError(origin, "not parseable as HTML")
    published, canonical = _published_datetime(tree), _first(tree, _URL_XPATHS)
    page_url = url or canonical
    found = trafilatura.bare_extraction(
        tree, url=page_url, with_metadata=True, include_comments=False, include_tables=False
    )
    doc = found if isinstance(found, Document) else None
    body = doc.text if doc is not None and doc.text else ""
    if len(body.strip()) < MIN_ARTICLE_CHARS:
        body = _baseline(page)
    if len(body.strip()) < MIN_ARTICLE_CHARS:
        raise IngestError(origin, "HTML page has no article text (only navigation/boilerplate found)")
    return Draft(
        body=body,
        origin=origin,
        title=doc.title if doc is not None else None,
        url=page_url,
        sitename=doc.sitename if doc is not None else None,
        author=doc.author if doc is not None else None,
        published=published or (doc.date if doc is not None else None),
    )


def _baseline(page: str | bytes) -> str:
    """trafilatura's last-resort extractor (every paragraph-like text on the page)."""
    try:
        _tree, text, _length = trafilatura.baseline(page)
    except Exception:  # a fallback must never be the reason a page fails: report "no text" instead
        return ""
    return str(text)


def _first(tree: HtmlElement, xpaths: tuple[etree.XPath, ...]) -> str | None:
    for xpath in xpaths:
        for value in xpath(tree):
            if str(value).strip():
                return str(value).strip()
    return None


def _published_datetime(tree: HtmlElement) -> str | None:
    """The publication timestamp as written (meta tags, then JSON-LD, then <time>)."""
    return _first(tree, _META_DATETIME) or _jsonld_date(tree) or _first(tree, _TIME_DATETIME)


def _jsonld_date(tree: HtmlElement) -> str | None:
    for script in _JSONLD(tree):
        if json_too_deep(script, MAX_JSON_DEPTH):  # hostile metadata: json.loads and _find_key would recurse on it
            continue
        try:
            data = json.loads(script)
        except ValueError:  # not JSON, or a number past Python's digit limit
            continue
        found = _find_key(data, "datePublished")
        if found:
            return found
    return None


def _find_key(data: Any, key: str) -> str | None:
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            return str(data[key])
        children: list[Any] = list(data.values())
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in children:
        found = _find_key(child, key)
        if found:
            return found
    return None

"""Small text helpers for composing briefs: sentences with offsets, dates, names, lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from sitroom.model import Actor, Article, Evidence, Location, TimePrecision

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace and a capital,
# a digit or an opening quote; abbreviations common in news copy do not end one.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Gen.",
    "Col.",
    "Lt.",
    "Sgt.",
    "St.",
    "U.S.",
    "U.N.",
    "No.",
    "Jan.",
    "Feb.",
)
_CLOSERS = "\"'”’)"
_ACTOR_YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*$")
MAX_QUOTE_WORDS = 45


def article_sentences(article: Article) -> Iterator[Evidence]:
    """Every sentence of the article as an evidence span, paragraph by paragraph (title first)."""
    offset = 0
    for line in article.text.split("\n"):
        yield from _line_sentences(article, line, offset)
        offset += len(line) + 1


def _line_sentences(article: Article, line: str, offset: int) -> Iterator[Evidence]:
    start = 0
    for match in _BOUNDARY.finditer(line):
        end = match.start() + len(match.group(0)) - len(match.group(0).lstrip(_CLOSERS))
        if line[start:end].endswith(_ABBREVIATIONS):
            continue
        yield from _span(article, line, offset, start, end)
        start = match.end()
    yield from _span(article, line, offset, start, len(line))


def _span(article: Article, line: str, offset: int, start: int, end: int) -> Iterator[Evidence]:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    yield article.span(begin, begin + len(stripped))


def sentence_around(article: Article, evidence: Evidence) -> Evidence:
    """The whole sentence that contains an evidence span (the span itself when none matches)."""
    for sentence in article_sentences(article):
        if sentence.start <= evidence.start and evidence.end <= sentence.end:
            return sentence
    return evidence


def word_count(text: str) -> int:
    return len(text.split())


def quotable(evidence: Evidence) -> bool:
    return 4 <= word_count(evidence.text) <= MAX_QUOTE_WORDS


def format_date(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def date_phrase(date: dt.date | None, precision: TimePrecision) -> str:
    """ "on 2 December 2024" / "in the week of 2 December 2024" / "in December 2024" / ""."""
    if date is None:
        return ""
    if precision == TimePrecision.DAY:
        return f"on {format_date(date)}"
    if precision == TimePrecision.WEEK:
        return f"in the week of {format_date(date)}"
    return f"in {date:%B %Y}"


def actor_name(actor: Actor | None) -> str | None:
    """The canonical name without ACLED's period suffix ("Military Forces of Syria (2000-2024)")."""
    if actor is None:
        return None
    return _ACTOR_YEARS.sub("", actor.name) or actor.name


def place_name(location: Location | None) -> str:
    """The place as reported; its province shows in the section heading, not in every sentence."""
    return location.name if location is not None else "an unnamed place"


def is_plural(name: str) -> bool:
    """ "Rebel forces", "Military Forces of Syria", "Iraqi militias" take a plural verb."""
    words = re.split(r"\s+(?:of|for|in|on|from)\s+", name.strip(), maxsplit=1)[0].split()
    head = words[-1] if words else ""
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def join_names(names: Sequence[str], limit: int = 4) -> str:
    """ "a", "a and b", "a, b and c"; beyond ``limit`` names: "a, b, c and others"."""
    items = list(dict.fromkeys(n for n in names if n))
    if len(items) > limit:
        return ", ".join(items[: limit - 1]) + " and others"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence(text: str) -> str:
    """Capitalised, single-spaced, ending with a full stop (unless it already ends a sentence)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = capitalise(text)
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."

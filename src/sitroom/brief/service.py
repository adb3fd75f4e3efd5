"""The brief's entry points: brief a stored selection, digest one article. Both check the result
before anyone can render it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom import corroborate, pipeline
from sitroom.brief.checker import ensure_checked, withhold_failing
from sitroom.brief.compose import compose_brief, iter_sentences, pick_background, source_of, story_year
from sitroom.brief.library import Library, MemoryLibrary, StoreLibrary
from sitroom.brief.query import BriefQuery
from sitroom.brief.render import BriefFormat, render
from sitroom.brief.rewriter import RewriteReport, rewrite_brief
from sitroom.brief.selection import select_events
from sitroom.brief.text import article_sentences, quotable
from sitroom.config import Settings
from sitroom.ingest import IngestError, read_inputs
from sitroom.model import Article, Brief, BriefSection, BriefSentence, Citation, Event, EventMention, Evidence
from sitroom.store import Store

Rewrite = Callable[[BriefSentence], str]
DIGEST_DEVELOPMENTS = 4  # sentences kept when the digest has to work without extraction


@dataclass
class CheckedBrief:
    """A brief that passed the evidence check, with what its renderers need."""

    brief: Brief
    outlets: Mapping[str, str]  # article id -> publisher domain, for evidence footnotes
    single_source: bool = False
    rewrite_report: RewriteReport | None = None  # set when a rewriter was asked to reword it
    withheld: list[str] = field(default_factory=list)  # problems of the sentences left out for failing the check

    def render(self, fmt: BriefFormat = BriefFormat.markdown) -> str:
        return render(self.brief, fmt, self.outlets, single_source=self.single_source)


def _outlets(brief: Brief, library: Library) -> dict[str, str]:
    ids = sorted({c.evidence.article_id for s in iter_sentences(brief) for c in s.citations})
    return {a.id: a.source.domain or a.id for a in library.articles(ids).values()}


def brief_events(
    events: Sequence[Event],
    library: Library,
    query: BriefQuery | None = None,
    firsts: Mapping[str, str] | None = None,
    rewriter: Rewrite | None = None,
) -> CheckedBrief:
    """Compose and check a brief over events already selected: a sentence that fails the check is withheld
    (and its problems listed), a failing headline raises BriefCheckError.

    With a ``rewriter`` each sentence may be reworded; a rewording that fails the check is discarded."""
    brief = compose_brief(events, library, query, firsts)
    by_id = {e.id: e for e in events}
    brief, withheld = withhold_failing(brief, by_id, library)
    report = None
    if rewriter is not None:
        brief, report = rewrite_brief(brief, rewriter, by_id, library)
        ensure_checked(brief, by_id, library)
    return CheckedBrief(brief, _outlets(brief, library), rewrite_report=report, withheld=withheld)


def brief_from_store(store: Store, query: BriefQuery, rewriter: Rewrite | None = None) -> CheckedBrief:
    """The situation brief for a selection of stored, corroborated events.

    "What changed" briefs read every selected event (each one's reports must be dated); ordinary
    briefs load in full only the events that can make the brief (see ``selection``)."""
    if query.changes_since:
        return brief_events(store.events(query.event_filter()), StoreLibrary(store), query, rewriter=rewriter)
    selection = select_events(store, query)
    return brief_events(selection.events, StoreLibrary(store), query, selection.firsts, rewriter)


# ---------------------------------------------------------------------------- single-article digest


class DigestError(ValueError):
    """The article to digest could not be found or read."""


def load_article(ref: str, store: Store | None, settings: Settings) -> Article:
    """A stored article id, a file path or a URL -> the Article (the first one the input holds)."""
    if store is not None and (stored := store.get_article(ref)) is not None:
        return stored
    if not Path(ref).exists() and "://" not in ref:
        raise DigestError(f"{ref!r} is neither a stored article id nor an existing file or URL")
    for _source, result in read_inputs([ref], max_bytes=settings.max_input_bytes):
        if isinstance(result, IngestError):
            raise DigestError(f"cannot read {ref}: {result}")
        if result:
            return result[0]
    raise DigestError(f"{ref} holds no article")


def extract_article(article: Article, settings: Settings) -> list[EventMention] | None:
    """The article's event mentions, placed when geoparsing is available (unplaced mentions still make a
    digest); None without extraction."""
    stages = pipeline.load_stages(settings, corroborate_events=False)
    return stages.place(article) if stages.extractor is not None else None


def digest_article(article: Article, mentions: Sequence[EventMention] | None) -> CheckedBrief:
    """Rewrite one article into the sample's shape from that article alone.

    With event mentions the body is composed like a brief (developments, casualties, claims,
    contradictions); without them (extraction not installed, or nothing found) the digest keeps
    the article's own key sentences. The headline is the article's own title; either way every
    sentence is cited and checked.
    """
    library = MemoryLibrary(mentions or [], [article])
    events = corroborate.corroborate(list(mentions or []), {article.id: article})
    title = _title_sentence(article)
    if events:
        brief = compose_brief(events, library, BriefQuery(), single_source=True)
        brief.headline = title
    else:
        brief = _extractive_digest(article, title)
    brief.query = {"article": article.id}
    brief.sources = [source_of(article)]
    ensure_checked(brief, {e.id: e for e in events}, library)
    return CheckedBrief(brief, {article.id: article.source.domain or article.id}, single_source=True)


def _title_sentence(article: Article) -> BriefSentence:
    title = article.span(0, len(article.title)) if article.text.startswith(article.title) else None
    if title is None:
        title = next(article_sentences(article))
    return BriefSentence(text=title.text, citations=[Citation(evidence=title)])


def _extractive_digest(article: Article, title: BriefSentence) -> Brief:
    body = [s for s in article_sentences(article) if s.start >= len(article.title) and quotable(s)]
    background = pick_background([article], used=set(), first_year=story_year([article]))
    used = {b.citations[0].evidence.start for b in background}
    rest = [s for s in body[2:] if s.start not in used]
    key = sorted(rest, key=lambda s: (-_newsworthiness(s.text), s.start))[:DIGEST_DEVELOPMENTS]
    cite = _cite_span
    return Brief(
        headline=title,
        lead=[cite(s) for s in body[:2]],
        sections=[
            BriefSection(title="Key developments", sentences=[cite(s) for s in sorted(key, key=lambda s: s.start)])
        ],
        background=background,
        closing=cite(rest[-1]) if rest and rest[-1] not in key else None,
    )


def _cite_span(span: Evidence) -> BriefSentence:
    return BriefSentence(text=span.text, citations=[Citation(evidence=span)])


def _newsworthiness(text: str) -> int:
    """Sentences with figures, places taken or attacks reported come first."""
    lowered = text.lower()
    cues = (
        "denied",
        "denies",
        "claimed",
        "killed",
        "dead",
        "captured",
        "seized",
        "took control",
        "strikes",
        "attack",
        "clashes",
        "fled",
        "entered",
    )
    return sum(cue in lowered for cue in cues) + any(ch.isdigit() for ch in text)

"""Compose a Brief from corroborated Events: every sentence is a template over stored fields or a
trimmed sentence of a stored article, and carries citations to the evidence behind it."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from sitroom.brief.library import Library
from sitroom.brief.phrasing import (
    event_sentence,
    has_template,
    headline_clause,
    joint_territory_clause,
    same_actor,
    short_label,
    toll_phrase,
)
from sitroom.brief.query import BriefQuery
from sitroom.brief.salience import highest_toll, new_foreign_involvement, rank
from sitroom.brief.text import (
    actor_name,
    article_sentences,
    capitalise,
    format_date,
    is_plural,
    join_names,
    place_name,
    quotable,
    sentence,
    sentence_around,
)
from sitroom.model import (
    Article,
    Brief,
    BriefSection,
    BriefSentence,
    Citation,
    Claim,
    Event,
    EventMention,
    Evidence,
    Source,
    Stance,
)

MAX_PLACES = 6  # development groups
MAX_PER_PLACE = 4
MAX_CASUALTY_EVENTS = 6
MAX_CLAIM_EVENTS = 6
MAX_CONTRADICTIONS = 5
MAX_CHANGES = 12  # events per "new / updated / contradicted" list
MAX_CLAIMS = 8  # sentences in "Claims and denials"
MAX_ABOUT_WORDS = 8  # a longer claim is quoted, not paraphrased
MAX_BACKGROUND = 3
CITATIONS_PER_EVENT = 3
NEAR_DUPLICATE = 85  # rapidfuzz ratio above which two sentences are one (wire copies)
_ABOUT_WORDS = {"fatalities": "the death toll", "event": "the incident", "responsibility": "responsibility"}
# Sentences that explain rather than report: history, long-running roles, earlier phases.
_BACKGROUND_CUES = re.compile(
    r"\b(since|began|begun|started|first|years?|decades?|history|historic\w*|civil war|uprising|ceasefire|"
    r"truce|backed|has supported|had (?:long )?(?:held|controlled|been)|once|previously|former\w*)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def reach() -> int:
    """How many of the most salient events a brief may write about."""
    return MAX_PLACES * MAX_PER_PLACE + MAX_CASUALTY_EVENTS + MAX_CLAIM_EVENTS


class Composer:
    """Writes one brief; holds the ranked events and the records they cite."""

    def __init__(
        self,
        events: Sequence[Event],
        library: Library,
        query: BriefQuery,
        firsts: Mapping[str, str] | None = None,
        *,
        single_source: bool = False,
    ) -> None:
        self.query = query
        self.library = library
        self.ranked = rank(events, firsts)
        self.events = [e for _, e in self.ranked]
        self.by_id = {e.id: e for e in self.events}
        self.mentions: dict[str, EventMention] = {}  # read on demand: only what the brief cites
        self.articles: dict[str, Article] = {}
        self.quoted: set[tuple[str, int]] = set()
        # A single-article digest names no outlets per sentence and no "first in this brief" notes.
        self.single_source = single_source
        self.firsts = {} if single_source else new_foreign_involvement(self.events, firsts)

    def _reach(self) -> int:
        return reach()

    # ------------------------------------------------------------------ citations

    def event_mentions(self, event: Event) -> list[EventMention]:
        missing = [i for i in event.mention_ids if i not in self.mentions]
        if missing:
            self.mentions.update(self.library.mentions(missing))
            needed = sorted({self.mentions[i].article_id for i in missing if i in self.mentions} - set(self.articles))
            self.articles.update(self.library.articles(needed))
        found = [self.mentions[i] for i in event.mention_ids if i in self.mentions]
        return sorted(
            found, key=lambda m: (self._is_copy(m.article_id), -m.confidence, self._domain(m.article_id), m.id)
        )

    def _is_copy(self, article_id: str) -> bool:
        """Wire copies come after originals when choosing what to quote and cite."""
        article = self.articles.get(article_id)
        return bool(article and article.copy_of)

    def cite_event(self, event: Event, limit: int = CITATIONS_PER_EVENT) -> list[Citation]:
        """Up to ``limit`` mentions, preferring different outlets."""
        chosen: list[EventMention] = []
        outlets: set[str] = set()
        for mention in self.event_mentions(event):
            outlet = self._domain(mention.article_id)
            if outlet not in outlets:
                outlets.add(outlet)
                chosen.append(mention)
        return [Citation(event_id=event.id, mention_id=m.id, evidence=m.evidence) for m in chosen[:limit]]

    def cited(self, text: str, citations: Sequence[Citation]) -> BriefSentence | None:
        unique = list(
            {(c.evidence.article_id, c.evidence.start, c.evidence.end, c.event_id): c for c in citations}.values()
        )
        return BriefSentence(text=text, citations=unique) if unique else None

    def _domain(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return (article.source.domain if article else None) or "an unnamed outlet"

    # ------------------------------------------------------------------ parts

    def headline(self) -> BriefSentence | None:
        top = self.events[0]
        clause = headline_clause(top)
        citations = self.cite_event(top, 1)
        second = next((e for e in self.events[1:3] if _different(e, top)), None)
        joint = joint_territory_clause(top, second) if second is not None else None
        if second is not None and joint is None and same_actor(top, second):
            # "X takes A as X takes B" reads badly: pair the top event with another actor's instead
            second = next((e for e in self.events[1:4] if _different(e, top) and not same_actor(e, top)), None)
        if joint is not None:
            clause = joint
        elif second is not None:
            clause += " as " + headline_clause(second)
        if second is not None:
            citations += self.cite_event(second, 1)
        return self.cited(capitalise(clause), citations)

    def lead(self) -> list[BriefSentence]:
        picks = [self.events[0], *[e for e in self.events[1:3] if _different(e, self.events[0])][:1]]
        sentences = [self.cited(self.describe(e), self.cite_event(e)) for e in picks]
        scope = self._scope()
        return [s for s in [*sentences, scope] if s is not None]

    def _scope(self) -> BriefSentence | None:
        dated = sorted(((e.date, e) for e in self.events if e.date), key=lambda pair: (pair[0], pair[1].id))
        if len(dated) < 2 or dated[0][0] == dated[-1][0]:
            return None
        (start, first), (end, last) = dated[0], dated[-1]
        where = self.query.country or "the selected area"
        text = f"The reports in this brief cover {where} from {format_date(start)} to {format_date(end)}."
        return self.cited(text, self.cite_event(first, 1) + self.cite_event(last, 1))

    def developments(self, lead_ids: set[str]) -> list[BriefSection]:
        groups: dict[str, list[tuple[float, Event]]] = defaultdict(list)
        for score, event in self.ranked:
            groups[_place_key(event)].append((score, event))
        order = sorted(groups, key=lambda k: (-sum(s for s, _ in groups[k][:MAX_PER_PLACE]), k))
        sections = []
        for key in order[:MAX_PLACES]:
            events = sorted((e for _, e in groups[key][:MAX_PER_PLACE]), key=_chronological)
            places = {e.location.name for e in events if e.location}
            title = places.pop() if len(places) == 1 else key  # "Damascus" reads better than "Dimashq"
            lines: list[BriefSentence | None] = []
            for event in events:
                if event.id not in lead_ids and has_template(event):
                    lines.append(self.cited(self.describe(event), self.cite_event(event)))
                if event.id in lead_ids or not has_template(event) or event is groups[key][0][1]:
                    lines.append(self._quote(event))
                lines.append(self._foreign_note(event))
            sections.append(BriefSection(title=title, sentences=[s for s in lines if s is not None]))
        return sections

    def describe(self, event: Event) -> str:
        return event_sentence(event, with_sources=not self.single_source, copies=self._copy_outlets(event))

    def _copy_outlets(self, event: Event) -> frozenset[str]:
        """Outlets whose every report of this event is a wire copy of another article."""
        by_outlet: dict[str, list[bool]] = defaultdict(list)
        for mention in self.event_mentions(event):
            by_outlet[self._domain(mention.article_id)].append(self._is_copy(mention.article_id))
        return frozenset(d for d, flags in by_outlet.items() if all(flags))

    def _foreign_note(self, event: Event) -> BriefSentence | None:
        actors = self.firsts.get(event.id)
        if not actors:
            return None
        named = []
        for actor in actors:
            backers = f" (backed by {join_names(actor.backers)})" if actor.backers else ""
            named.append(f"{actor_name(actor)}{backers}")
        text = f"This is the first report in this brief involving {join_names(named)} from outside the country."
        return self.cited(text, self.cite_event(event, 1))

    def _quote(self, event: Event) -> BriefSentence | None:
        """The clearest source sentence about an event, verbatim, credited to its outlet."""
        for mention in self.event_mentions(event):
            article = self.articles.get(mention.article_id)
            if article is None:
                continue
            whole = sentence_around(article, mention.evidence)
            key = (article.id, whole.start)
            if quotable(whole) and key not in self.quoted and whole.start > len(article.title):
                self.quoted.add(key)
                text = (
                    whole.text
                    if self.single_source
                    else f"“{_as_quote(whole.text)}” {self._domain(article.id)} reported."
                )
                return self.cited(text, [Citation(event_id=event.id, mention_id=mention.id, evidence=whole)])
        return None

    def casualties(self) -> BriefSection:
        with_toll = [e for e in self.events[: self._reach()] if highest_toll(e)]  # a toll of 0 is no casualty
        with_toll.sort(key=lambda e: (-(highest_toll(e) or 0), _chronological(e)))
        lines = [self._casualty_line(e) for e in with_toll[:MAX_CASUALTY_EVENTS]]
        return BriefSection(title="Casualties", sentences=[s for s in lines if s is not None])

    def _casualty_line(self, event: Event) -> BriefSentence | None:
        by_figure: dict[str, list[EventMention]] = defaultdict(list)
        for mention in _highest_per_article(self.event_mentions(event)):
            figure = toll_phrase(mention.fatalities)
            if figure:
                by_figure[figure + _citing(mention)].append(mention)
        reports = [
            f"{join_names(sorted({self._domain(m.article_id) for m in ms}))} "
            f"{'report' if len({self._domain(m.article_id) for m in ms}) > 1 else 'reports'} {figure}"
            for figure, ms in sorted(by_figure.items(), key=lambda kv: sorted(m.article_id for m in kv[1]))
        ]
        text = f"{capitalise(short_label(event))}: {toll_phrase(event.fatalities)} people reported killed"
        if reports and not self.single_source:
            text += " — " + "; ".join(reports)
        citations = [
            Citation(event_id=event.id, mention_id=m.id, evidence=m.fatalities.evidence or m.evidence)
            for ms in by_figure.values()
            for m in ms
        ] or self.cite_event(event)
        return self.cited(sentence(text), citations)

    def claims(self) -> BriefSection:
        lines: list[BriefSentence | None] = []
        for event in [e for e in self.events[: self._reach()] if e.claims][:MAX_CLAIM_EVENTS]:
            lines.extend(self._claim_line(event, claim) for claim in _strongest_claims(event.claims))
        kept = [s for s in lines if s is not None]
        return BriefSection(title="Claims and denials", sentences=kept[:MAX_CLAIMS])

    def _claim_line(self, event: Event, claim: Claim) -> BriefSentence | None:
        mention = next((m for m in self.event_mentions(event) if claim in m.claims), None)
        evidence = claim.evidence or (mention.evidence if mention else None)
        if evidence is None or evidence.article_id not in self.articles:
            return None
        whole = sentence_around(self.articles[evidence.article_id], evidence)
        plural = is_plural(claim.by)
        verb = ("deny" if plural else "denies") if claim.stance is Stance.DENIES else ("say" if plural else "says")
        about = _ABOUT_WORDS.get(claim.about.casefold(), claim.about)
        outlet = self._domain(evidence.article_id)
        key = (whole.article_id, whole.start)
        speaker_quoted = claim.by.casefold() in whole.text.casefold()
        restated = speaker_quoted or about.casefold() in whole.text.casefold()
        if key in self.quoted and (restated or len(about.split()) > MAX_ABOUT_WORDS):
            return None  # the brief already quotes this sentence
        if key in self.quoted:
            text = f"On {short_label(event)}, {claim.by} {verb} {about} ({outlet})."
        elif restated:
            text = (
                whole.text
                if self.single_source
                else f"On {short_label(event)}: “{_as_quote(whole.text)}” {outlet} reported."
            )
        else:
            text = f"On {short_label(event)}, {claim.by} {verb} {about} ({outlet}): “{whole.text}”"
        self.quoted.add(key)
        return self.cited(
            text, [Citation(event_id=event.id, mention_id=mention.id if mention else None, evidence=whole)]
        )

    def contradictions(self) -> BriefSection:
        lines = []
        for event in [e for e in self.events[: self._reach()] if e.contradictions][:MAX_CONTRADICTIONS]:
            for conflict in event.contradictions:
                lines.append(self._contradiction_line(event, conflict.field, conflict.values))
        return BriefSection(title="Contradictions", sentences=[s for s in lines if s is not None])

    def _contradiction_line(self, event: Event, field: str, values: dict[str, object]) -> BriefSentence | None:
        mentions = [m for m in self.event_mentions(event) if m.article_id in values]
        citations = [
            Citation(event_id=event.id, mention_id=m.id, evidence=m.fatalities.evidence or m.evidence) for m in mentions
        ]
        if field == "fatalities":
            figures = sorted(int(str(v)) for v in values.values())
            text = (
                f"Sources disagree on the death toll of {short_label(event)}: "
                f"reported figures range from {figures[0]} to {figures[-1]}."
            )
            return self.cited(text, citations)
        grouped: dict[str, set[str]] = defaultdict(set)
        for article_id, value in values.items():
            shown = format_date(dt.date.fromisoformat(str(value))) if field == "date" else str(value)
            grouped[shown].add(self._domain(article_id))
        parts = "; ".join(
            f"{join_names(sorted(d))}: {v}" for v, d in sorted(grouped.items(), key=lambda kv: sorted(kv[1]))
        )
        text = f"Sources disagree on the {field} of {short_label(event)} ({parts})."
        return self.cited(text, citations)

    def background(self) -> list[BriefSentence]:
        used = {(m.article_id, m.evidence.start, m.evidence.end) for m in self.mentions.values()}
        first_year = min((e.date.year for e in self.events if e.date), default=None)
        return pick_background(self.articles.values(), used, first_year or story_year(self.articles.values()))

    def closing(self, lead_ids: set[str]) -> BriefSentence | None:
        if self.single_source:
            return self._last_unused_sentence()
        # The latest development among the more significant half, so minor reports do not close the brief.
        scores = sorted(score for score, _ in self.ranked)
        median = scores[len(scores) // 2] if scores else 0.0
        notable = [e for score, e in self.ranked if e.date and score >= median and e.id not in lead_ids]
        latest = max(notable, key=_chronological, default=None)
        if latest is None:
            return None
        actors = join_names([n for n in (actor_name(latest.actor1), actor_name(latest.actor2)) if n])
        involving = f", involving {actors}" if actors else ""
        text = f"The latest significant development in these reports is {short_label(latest)}{involving}."
        return self.cited(text, self.cite_event(latest, 2))

    def _last_unused_sentence(self) -> BriefSentence | None:
        """A digest ends, like its article, with the article's last sentence the digest has not used."""
        used = {(m.article_id, m.evidence.start) for m in self.mentions.values()} | self.quoted
        for article in sorted(self.articles.values(), key=lambda a: a.id):
            spans = [s for s in article_sentences(article) if s.start >= len(article.title) and quotable(s)]
            for span in reversed(spans):
                if (article.id, span.start) not in used and not any(
                    m.article_id == article.id and m.evidence.start < span.end and span.start < m.evidence.end
                    for m in self.mentions.values()
                ):
                    self.quoted.add((article.id, span.start))
                    return BriefSentence(text=span.text, citations=[Citation(evidence=span)])
        return None

    def changes(self, since: dt.date) -> list[BriefSection]:
        """New, updated and contradicted events, judged by when each report was published."""
        buckets: dict[str, list[Event]] = {"New": [], "Updated": [], "Contradicted": []}
        for event in self.events[: self._reach()]:  # most salient first
            kind = self._change_kind(event, since)
            if kind and len(buckets[kind]) < MAX_CHANGES:
                buckets[kind].append(event)
        label = format_date(since)
        sections = []
        for kind, events in buckets.items():
            lines = [self.cited(self.describe(e), self.cite_event(e)) for e in sorted(events, key=_chronological)]
            sections.append(BriefSection(title=f"{kind} since {label}", sentences=[s for s in lines if s]))
        return sections

    def _change_kind(self, event: Event, since: dt.date) -> str | None:
        new = {m.article_id for m in self.event_mentions(event) if self._reported_on(m) >= since}
        if not new:
            return None
        if len(new) == len({m.article_id for m in self.event_mentions(event)}):
            return "New"
        disputed = any(set(c.values) & new and set(c.values) - new for c in event.contradictions)
        return "Contradicted" if disputed else "Updated"

    def _reported_on(self, mention: EventMention) -> dt.date:
        """Publication date of the report, else when it was fetched, else the date it gives."""
        article = self.articles.get(mention.article_id)
        stamp = article and (article.published or article.fetched_at)
        if stamp:
            return stamp.date()
        return mention.date or dt.date.min

    def sources(self, brief: Brief) -> list[Source]:
        cited = sorted({c.evidence.article_id for s in iter_sentences(brief) for c in s.citations})
        found = [self.articles[a] for a in cited if a in self.articles]
        found.sort(key=lambda a: (a.source.domain or "", a.id))
        return [source_of(a) for a in found]


def _same_background(a: str, b: str) -> bool:
    """Near-copies (wire stories), or two sentences about the same past year ("began in 2011")."""
    years_a, years_b = set(_YEAR.findall(a)), set(_YEAR.findall(b))
    return fuzz.ratio(a, b) >= NEAR_DUPLICATE or (bool(years_a) and years_a == years_b)


def story_year(articles: Iterable[Article]) -> int | None:
    """The year the stories are set in: the latest publication year, else the latest year they mention."""
    published = [a.published.year for a in articles if a.published]
    if published:
        return max(published)
    years = [int(y) for a in articles for y in _YEAR.findall(a.text)]
    return max(years) if years else None


def pick_background(
    articles: Iterable[Article], used: set[tuple[str, int, int]], first_year: int | None
) -> list[BriefSentence]:
    """Up to MAX_BACKGROUND explanatory sentences (history, long-running roles) that no event
    report was drawn from, verbatim, most background-like first, near-duplicates (wire copies) once."""
    candidates: list[tuple[int, str, int, Evidence]] = []
    for article in sorted(articles, key=lambda a: a.id):
        for span in article_sentences(article):
            score = _background_score(span, article, first_year)
            overlaps = any(a == article.id and s < span.end and span.start < e for a, s, e in used)
            if score >= 2 and not overlaps and quotable(span):
                candidates.append((-score, article.id, span.start, span))
    chosen: list[Evidence] = []
    for _, _, _, span in sorted(candidates, key=lambda c: c[:3]):
        if all(not _same_background(span.text, c.text) for c in chosen):
            chosen.append(span)
        if len(chosen) == MAX_BACKGROUND:
            break
    return [BriefSentence(text=s.text, citations=[Citation(evidence=s)]) for s in chosen]


def source_of(article: Article) -> Source:
    return Source(
        domain=article.source.domain,
        name=article.source.name or article.title,
        url=article.source.url or article.origin,
    )


def _strongest_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Per event, the first denial and the first assertion (by speaker): the two sides, not every quote."""
    chosen: list[Claim] = []
    for stance in (Stance.ASSERTS, Stance.DENIES):
        sided = sorted((c for c in claims if c.stance is stance), key=lambda c: (c.by.casefold(), c.about))
        chosen.extend(sided[:1])
    return chosen


def _top_figure(mention: EventMention) -> int:
    fat = mention.fatalities
    return max((v for v in (fat.best, fat.low, fat.high) if v is not None), default=-1)


def _highest_per_article(mentions: Sequence[EventMention]) -> list[EventMention]:
    """One report per article: the one with its highest figure (a story's later update supersedes)."""
    best: dict[str, EventMention] = {}
    for mention in mentions:
        current = best.get(mention.article_id)
        if mention.fatalities.known and (current is None or _top_figure(mention) > _top_figure(current)):
            best[mention.article_id] = mention
    return sorted(best.values(), key=lambda m: m.id)


def _citing(mention: EventMention) -> str:
    backers = [
        c.by
        for c in mention.claims
        if c.stance is Stance.ASSERTS and c.about.casefold() in {"fatalities", "death toll", "casualties"}
    ]
    return f" (citing {join_names(sorted(set(backers)))})" if backers else ""


def _background_score(span: Evidence, article: Article, first_year: int | None) -> int:
    if span.start < len(article.title):
        return 0
    score = min(2, len(_BACKGROUND_CUES.findall(span.text)))
    if first_year and any(int(y) < first_year for y in _YEAR.findall(span.text)):
        score += 2
    return score


def _as_quote(text: str) -> str:
    """A sentence ready to be followed by its attribution: a final full stop becomes a comma."""
    return text[:-1] + "," if text.endswith(".") else text


def _different(a: Event, b: Event) -> bool:
    return _place_key(a) != _place_key(b) or a.sub_event_type != b.sub_event_type


def _place_key(event: Event) -> str:
    loc = event.location
    if loc is None:
        return "Place not reported"
    return loc.admin1 or loc.name or place_name(loc)


def _chronological(event: Event) -> tuple[bool, dt.date, str]:
    return (event.date is None, event.date or dt.date.min, event.id)


def iter_sentences(brief: Brief) -> list[BriefSentence]:
    """Every sentence of a brief, in reading order."""
    parts = [brief.headline, *brief.lead]
    for section in brief.sections:
        parts.extend(section.sentences)
    parts.extend(brief.background)
    parts.append(brief.closing)
    return [s for s in parts if s is not None]


def compose_brief(
    events: Sequence[Event],
    library: Library,
    query: BriefQuery | None = None,
    firsts: Mapping[str, str] | None = None,
    *,
    single_source: bool = False,
) -> Brief:
    """A brief over ``events``; an empty selection gives a brief with no headline (renderers say so).

    ``firsts`` (actor name -> first event id over the whole selection) is needed when ``events``
    holds only the candidates of a larger selection (see ``selection``)."""
    query = query or BriefQuery()
    if not events:
        return Brief(query=query.as_dict())
    composer = Composer(events, library, query, firsts, single_source=single_source)
    lead = composer.lead()
    lead_ids = {c.event_id for s in lead for c in s.citations if c.event_id}
    if query.changes_since:
        sections = composer.changes(query.changes_since)
    else:
        developments = composer.developments(lead_ids)
        sections = [BriefSection(title=f"Developments: {s.title}", sentences=s.sentences) for s in developments]
    sections += [composer.casualties(), composer.claims(), composer.contradictions()]
    brief = Brief(
        headline=composer.headline(),
        lead=lead,
        sections=[s for s in sections if s.sentences],
        background=composer.background(),
        closing=composer.closing(lead_ids),
        query=query.as_dict(),
    )
    brief.sources = composer.sources(brief)
    return brief

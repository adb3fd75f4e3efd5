"""The extractor: Article -> EventMention[], one per distinct incident the article reports.

Steps, each in its own module:
1. ``nlp.parse``: tokens, sentences and catalogue actors/places over the whole text (no NER yet).
2. ``segments``: per sentence, the words that name incidents (``triggers``); background history, negated and
   hypothetical mentions are dropped; a sentence splits where triggers of different families meet.
3. ``labels``: the ACLED sub-event type of each candidate segment (``classify``, or none), reconciled with the
   trigger families (a protest's grievance aside) and checked against the codebook's rules for how a
   demonstration, an arrest, a territorial change or a remote attack went (``demonstrations``, ``codebook``).
4. ``incidents``: which segments open an incident and which tell more about one (a toll after a strike, "The
   attack was near …").
5. ``nlp.recognise``: NER, only over the sentences that kept an incident (most of the cost of spaCy).
6. ``countries``: the country the article is about (names generic actors: "Protesters (Chile)").
7. ``scene`` / ``locations``: the place the incident happened; ``roles`` / ``mentions``: actors and their
   roles, backers, civilian targets.
8. ``event_rules``: the codebook's rules on who did what to whom, in order over one record of the incident's
   facts (armed groups do not riot; a battle needs two armed sides; an assault on a checkpoint or a base is a
   battle with the forces there; ACLED's conventional actors …); ``validate`` rejects impossible events.
9. ``tolls``, ``event_date``, ``event_claims``: fatality figures, the event date, claims and denials.
10. ``merge``: one record per incident across the report (lead and body repeat it; a vague telling joins the
   named place inside it; a toll without a perpetrator joins its incident; old incidents are background).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from sitroom.config import Settings
from sitroom.extract import dates, fatalities
from sitroom.extract.actors import ActorCatalogue, load_catalogue
from sitroom.extract.classify import SentenceClassifier, load_classifier
from sitroom.extract.context import Context
from sitroom.extract.countries import is_region_name, load_place_indexes, main_country, place_countries
from sitroom.extract.document import find_dateline
from sitroom.extract.event_claims import attach_denials, incident_claims
from sitroom.extract.event_date import event_date
from sitroom.extract.event_rules import NO_TARGET, ActorNames, Facts, code_incident, facts_of
from sitroom.extract.incidents import group_incidents, references_back, tolls_after_strikes, tolls_by_place
from sitroom.extract.labels import classify_segments
from sitroom.extract.locations import as_location, at_each_place, incident_country
from sitroom.extract.mentions import ActorMention, PlaceMention, actor_mentions
from sitroom.extract.merge import assemble
from sitroom.extract.nlp import doc_text, load_nlp, parse, recognise
from sitroom.extract.roles import Roles, assign_roles, country_subject, opposing_party
from sitroom.extract.scene import incident_place, names_another_place, only_named_abroad, told_later
from sitroom.extract.segments import ANONYMOUS_MIN_SCORE, SHORT_DOCUMENT, Segment, find_segments
from sitroom.extract.tolls import ELLIPTICAL_TOLL, event_fatalities
from sitroom.extract.triggers import SECONDARY, admits
from sitroom.extract.validate import agreement_in_passing, validate
from sitroom.model import Article, EventMention, EventType, TimePrecision

log = logging.getLogger(__name__)

UNTRIGGERED_MIN_SCORE = 0.4
MIN_SCORE = 0.0  # the classifier's own "none" already gates events; kept explicit for tuning

# Bump when the extraction rules change what an article yields: stored articles record the version that
# extracted them, and `sitroom reprocess` redoes those extracted by another.
RULES_VERSION = "2026.12.06.10"


def _tied_country(ent_id: str) -> str | None:
    """The country a ruler id ties its actor to ("hts|Syria"); none when the name is shared by actors of
    several countries ("civil defence": Syria's, Gaza's, Lebanon's ids joined by ";")."""
    countries = {option.partition("|")[2] for option in ent_id.split(";")}
    return countries.pop() if len(countries) == 1 else None


@dataclass(frozen=True)
class _Gazetteer:
    """Place names as the gazetteer knows them, for the document-level folding of vaguely placed tellings."""

    catalogue: ActorCatalogue

    def __call__(self, name: str) -> set[str]:
        return {country for country, _ in place_countries(name, self.catalogue)}

    def is_region(self, name: str) -> bool:
        return is_region_name(name)


@dataclass(frozen=True)
class _Scene:
    """Where an incident happened and the actors its sentence names, generic ones of that country."""

    place: PlaceMention | None
    country: str | None
    actors: list[ActorMention]


class EventExtractor:
    """Callable extractor; heavy resources (spaCy, catalogue, classifier) are loaded once."""

    def __init__(self, settings: Settings | None = None, classifier: SentenceClassifier | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_nlp(self.settings)
        self.catalogue = load_catalogue()
        self.classifier = classifier or load_classifier(self.settings)
        load_place_indexes(self.settings.cache_path)

    @property
    def version(self) -> str:
        """What produced this extractor's output: rules, actor catalogue, spaCy model and classifier."""
        classifier = getattr(self.classifier, "version", type(self.classifier).__name__)
        return (
            f"rules {RULES_VERSION}; catalogue {self.catalogue.version}; spacy {self.settings.spacy_model}; "
            f"classifier {classifier}"
        )

    def __call__(self, article: Article) -> list[EventMention]:
        doc = parse(self.nlp, article.text)
        sentences = list(doc.sents)
        whole_report = len(sentences) >= SHORT_DOCUMENT
        typed = self._typed_segments(article, sentences, whole_report)
        ctx = self._context(article, doc, typed, whole_report)
        if ctx.dateline is not None:
            for segment in typed:  # "BANGKOK: A Myanmar airstrike…": the report starts after the dateline
                if segment.start < ctx.dateline.end < segment.end:
                    segment.start = ctx.dateline.end
        incidents = group_incidents(
            article.text, typed, whole_report, elsewhere=lambda segment, told: names_another_place(ctx, segment, told)
        )
        mentions: list[EventMention] = []
        for index, segment in enumerate(incidents):
            next_incident = incidents[index + 1].sentence.start_char if index + 1 < len(incidents) else None
            mention = self._mention(ctx, segment, sentences, next_incident)
            if mention is not None:
                mentions += [mention, *at_each_place(ctx, segment, mention)]
        published = article.published.date() if article.published else None
        records = assemble(mentions, article.text, published, _Gazetteer(self.catalogue))
        return attach_denials(records, ctx, sentences)

    # ----------------------------------------------------------------- steps

    def _typed_segments(self, article: Article, sentences: list[Span], whole_report: bool) -> list[Segment]:
        """The segments typed as an incident, in order, with the sentences that only tell more about one."""
        segments = find_segments(article, sentences, whole_report)
        classify_segments(self.classifier, segments)
        typed = [s for s in segments if s.sub_event is not None and s.score >= MIN_SCORE]
        typed = [part for segment in typed for part in tolls_by_place(article.text, segment)]
        if whole_report:  # "The attack was near an office in Sin Gut village": more on the incident told before
            typed = sorted(typed + references_back(article.text, segments), key=lambda s: s.start)
            tolls = tolls_after_strikes(article.text, segments, typed)
            told_again = {id(segment.sentence) for segment in tolls}
            typed = sorted([s for s in typed if id(s.sentence) not in told_again] + tolls, key=lambda s: s.start)
        return typed

    def _context(self, article: Article, doc: Doc, typed: list[Segment], whole_report: bool) -> Context:
        # NER only where an incident was found: most sentences of an article report none.
        ents_by_sentence = recognise(self.nlp, list({s.sentence.start_char: s.sentence for s in typed}.values()))
        country = self._country(article, _all_entities(doc, ents_by_sentence))
        dateline = find_dateline(article.text)
        return Context(
            article,
            doc,
            country,
            self.catalogue,
            ents_by_sentence=ents_by_sentence,
            dateline=dateline,
            whole_report=whole_report,
        )

    def _country(self, article: Article, ents: list[Span]) -> str | None:
        tied = [(ent, country) for ent in ents if (country := _tied_country(ent.ent_id_))]
        at = [country for ent, country in tied if ent.ent_id_.startswith("place|")]
        of = [country for ent, country in tied if not ent.ent_id_.startswith("place|")]
        places = [ent.text for ent in ents if ent.label_ in {"GPE", "LOC"}]
        return main_country(article.text, self.catalogue, places, at, of)

    def _mention(
        self, ctx: Context, segment: Segment, sentences: list[Span], next_incident: int | None
    ) -> EventMention | None:
        sub_event = segment.sub_event
        assert sub_event is not None
        scene = _scene(ctx, segment)
        if scene is None:
            return None
        roles = _parties(ctx, segment, scene.actors, sub_event.event_type)
        if segment.fallback and roles.actor1 is None:
            return None  # a bare trigger word the classifier rejected, with nobody acting: not enough
        if sub_event in NO_TARGET:
            roles.actor2, roles.assoc2 = None, []
        if not _tells_an_incident(ctx, segment, roles, scene.place):
            return None
        text = ctx.article.text
        sentence = text[segment.sentence.start_char : segment.sentence.end_char]
        names = ActorNames(ctx.article, ctx.catalogue, scene.country)
        words = text[segment.start : segment.end]
        facts = code_incident(facts_of(sub_event, roles, names, sentence, words, ctx.whole_report))
        if facts is None:
            return None
        mention = _event_mention(ctx, segment, facts, scene, sentences, next_incident)
        validated = validate(mention, sentence)
        if validated is not None and ctx.whole_report and agreement_in_passing(validated):
            return None  # a one-line item is about its agreement; a report may name one only in passing
        return validated


def _scene(ctx: Context, segment: Segment) -> _Scene | None:
    """The incident's place and country, and the actors its sentence names (generic ones take the country the
    event happened in); None when the only place is a foreign country named, not placed in."""
    sentence_ents = ctx.ents(segment.sentence)
    mentions = actor_mentions(segment.sentence, ctx.catalogue, ctx.country, sentence_ents)
    place = told_later(ctx, segment, incident_place(ctx, segment, mentions))
    if place is not None and only_named_abroad(ctx, place):
        log.info("no scene: %s is named, not placed in, in %r", place.text, segment.sentence.text[:80])
        return None
    country = incident_country(ctx, place)
    if country != ctx.country:  # generic actors take the country the event happened in
        mentions = actor_mentions(segment.sentence, ctx.catalogue, country, sentence_ents)
    return _Scene(place, country, mentions)


def _parties(ctx: Context, segment: Segment, mentions: list[ActorMention], event_type: EventType) -> Roles:
    """Who acts and who is acted on, by word order around the incident's verb; with no one acting, a country
    named as the subject of an incident word ("23 dead following Israeli strikes")."""
    text = ctx.article.text
    trigger_at = _trigger_position(segment, mentions)
    roles = assign_roles(text, segment.start, segment.end, trigger_at, mentions, event_type)
    roles.actor2 = roles.actor2 or opposing_party(text, roles, ctx.catalogue, ctx.country, event_type)
    incident_words = [trigger_at, *(t.start for t in segment.triggers if t.kind not in SECONDARY)]
    for at in incident_words if roles.actor1 is None else []:
        roles.actor1 = roles.actor1 or country_subject(
            text, segment.start, at, ctx.ents(segment.sentence), ctx.catalogue, event_type
        )
    return roles


def _tells_an_incident(ctx: Context, segment: Segment, roles: Roles, place: PlaceMention | None) -> bool:
    """Whether the segment reports an incident rather than commentary: an incident word or a sure classifier,
    and someone, somewhere or a toll unless the classifier is sure."""
    text = ctx.article.text
    untriggered = segment.main_trigger is None or segment.main_trigger.kind in SECONDARY
    if untriggered and segment.score < UNTRIGGERED_MIN_SCORE:
        return False  # no incident word and a hesitant classifier
    named = [m for m in (roles.actor1, roles.actor2) if m is not None and not m.target_only]
    # A place alone does not make commentary an incident when no incident word is there either.
    grounded = (
        named
        or (place and not untriggered)
        or fatalities.find_fatalities(text[segment.start : segment.end])
        or (place and ELLIPTICAL_TOLL.match(text, segment.start, segment.end))  # ", four in Deir al-Balah"
        or (ctx.whole_report and not untriggered and _on_its_own_day(text, segment))
    )
    # no one, nowhere, no toll, a hesitant classifier: commentary, not an incident
    return bool(grounded) or segment.score >= ANONYMOUS_MIN_SCORE


def _on_its_own_day(text: str, segment: Segment) -> bool:
    """ "A rally on Thursday that evolved into skirmishes with police": an incident word told with a day of its own
    (not the report's) is news, even with no one named and its place told elsewhere in the report."""
    found = dates.resolve_date(text[segment.start : segment.end], _ANY_DAY)
    return found is not None and found.precision is TimePrecision.DAY and not found.reported and not found.weak


_ANY_DAY = dt.date(2000, 1, 5)  # resolves weekdays and "yesterday"; only whether a day is named matters here


def _event_mention(
    ctx: Context, segment: Segment, facts: Facts, scene: _Scene, sentences: list[Span], next_incident: int | None
) -> EventMention:
    """The coded incident as an event record, with its place, date, toll and claims."""
    article, place = ctx.article, scene.place
    date, precision, date_span = event_date(ctx, segment, sentences)
    return EventMention(
        article_id=article.id,
        event_type=facts.sub_event.event_type,
        sub_event_type=facts.sub_event,
        date=date,
        time_precision=precision,
        date_evidence=date_span,
        actor1=facts.actor1,
        assoc_actors_1=facts.assoc1,
        actor2=facts.actor2,
        assoc_actors_2=facts.assoc2,
        location=as_location(ctx, place, scene.country) if place is not None else None,
        fatalities=event_fatalities(article, segment, next_incident),
        claims=incident_claims(ctx, segment, sentences),
        civilian_targeting=facts.civilian_targeting,
        evidence=article.span(segment.start, segment.end),
        source=article.source.domain,
        confidence=round(min(max(segment.score, 0.05), 1.0), 3),
    )


def _all_entities(doc: Doc, recognised: dict[int, list[Span]]) -> list[Span]:
    """Catalogue entities of the whole document plus NER entities of the recognised sentences, in order."""
    ner_only = [e for ents in recognised.values() for e in ents if not e.ent_id_]
    return sorted([*doc.ents, *ner_only], key=lambda e: e.start_char)


def _trigger_position(segment: Segment, mentions: list[ActorMention]) -> int:
    """Where the incident's verb is: the first trigger that can report the segment's type ("clashed", not a
    "protest" it answered), else the first trigger, else (a sentence typed by the classifier
    alone) just after the first actor named, which in a plain subject-verb-object sentence is the subject."""
    text = doc_text(segment.sentence.doc)
    label = _HEADING.match(text, segment.start)
    heading_end = label.end() if label else segment.start
    words = [t for t in segment.triggers if t.kind not in SECONDARY and t.start >= heading_end]
    fronted = _FRONTED.match(text, segment.sentence.start_char)  # "In yet another brazen assault, ISWAP launched…"
    if fronted is not None:
        words = [t for t in words if t.start >= fronted.end()] or words
    typed = [t for t in words if segment.sub_event is not None and admits(t.kind, segment.sub_event)]
    trigger = next(iter(typed or words), None) or segment.main_trigger
    if trigger is not None:
        return trigger.start
    first = next((m for m in mentions if segment.start <= m.start < segment.end and not m.target_only), None)
    return first.end if first is not None else segment.start


_FRONTED = re.compile(r"\s*(?:In|During|Amid|After|Following)\s[^,;]{3,60},")
# "Property destruction: On 3 May, soldiers burned…": a heading names the kind of event, not its verb.
_HEADING = re.compile(r"\s*[A-Z][\w /-]{2,40}:\s")

"""The extractor: Article -> EventMention[], one per distinct incident the article reports.

Steps, each in its own module:
1. ``nlp.parse``: tokens, sentences and catalogue actors/places over the whole text (no NER yet).
2. ``triggers``: per sentence, the words that name incidents; background history, negated and
   hypothetical mentions are dropped; a sentence splits where triggers of different families meet.
3. ``classify``: the ACLED sub-event type of each candidate segment (or none), reconciled with the trigger
   families (a protest's grievance aside) and checked against the codebook's rules for how a demonstration,
   an arrest, a territorial change or a remote attack went (``demonstrations``, ``codebook``).
4. ``nlp.recognise``: NER, only over the sentences that kept an incident (most of the cost of spaCy).
5. ``countries``: the country the article is about (names generic actors: "Protesters (Chile)").
6. ``roles`` / ``mentions``: actors and their roles, backers, civilian targets; the place named. Who acts
   can still change the type (``codebook``: armed groups do not riot; a battle needs two armed sides; an
   assault on a checkpoint or a base is a battle with the forces there).
7. the spans helpers: fatality figures, the event date, claims and denials.
8. ``merge``: one record per incident across the report (lead and body repeat it; a vague telling joins the
   named place inside it; a toll without a perpetrator joins its incident; old incidents are background).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from sitroom.config import Settings
from sitroom.extract import dates, fatalities
from sitroom.extract.actors import ACTOR_LABEL, ActorCatalogue, load_catalogue
from sitroom.extract.claims import find_claims
from sitroom.extract.classify import SentenceClassifier, load_classifier
from sitroom.extract.codebook import (
    attack_on_armed_post,
    fought_over,
    moved_not_transferred,
    not_a_battle,
    not_a_riot,
    one_sided_or_clash,
    refine_arrest,
    suicide_or_not,
    taken_without_a_fight,
    tells_an_accident,
)
from sitroom.extract.countries import (
    CALENDAR_WORD,
    event_country,
    is_region_name,
    load_place_indexes,
    main_country,
    place_countries,
)
from sitroom.extract.demonstrations import DEMONSTRATION_TYPES, refine_demonstration
from sitroom.extract.document import Dateline, find_dateline, is_caption, tells_no_news
from sitroom.extract.mentions import (
    COMPASS_ONLY,
    DISTRICT_AFTER,
    OWNED_PLACE,
    REGION_AFTER,
    SETTLEMENT_MODIFIER,
    ActorMention,
    PlaceMention,
    actor_mentions,
    names_a_source,
    place_mentions,
)
from sitroom.extract.merge import assemble
from sitroom.extract.nlp import doc_text, load_nlp, parse, recognise
from sitroom.extract.numbers import parse_number
from sitroom.extract.roles import assign_roles, conventional_actor, country_subject, refine_territory, to_actor
from sitroom.extract.triggers import (
    KIND_DEFAULT,
    KIND_TYPES,
    SECONDARY,
    Kind,
    Trigger,
    admits,
    find_triggers,
    has_ruled_out_trigger,
    is_attribution,
    is_background,
    reference_year,
    without_grievances,
)
from sitroom.extract.validate import agreement_in_passing, validate
from sitroom.model import (
    Actor,
    ActorType,
    Article,
    Claim,
    EventMention,
    EventType,
    Fatalities,
    Location,
    Stance,
    SubEventType,
    TimePrecision,
)

log = logging.getLogger(__name__)

# The usual sub-type of a strong trigger's family (territory is refined by who takes it).
STRONG_DEFAULT: dict[Kind, SubEventType] = {
    Kind.TERRITORY: SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
    Kind.AIR: SubEventType.AIR_DRONE_STRIKE,
    Kind.SHELL: SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
    Kind.ABDUCT: SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    Kind.EXPLOSIVE: SubEventType.SUICIDE_BOMB,
    Kind.CLASH: SubEventType.ARMED_CLASH,
}
FALLBACK_SCORE = 0.3
ANONYMOUS_MIN_SCORE = 0.6
UNTRIGGERED_MIN_SCORE = 0.4
CONTINUATION_CHARS = 400  # how far after an incident an untriggered sentence still belongs to it
REFERENCE_CHARS = 1500  # how far after an incident "The attack …" still points back at it
# A sentence opening with a definite name of an incident points back at one already told.
_REFERS_BACK = re.compile(
    # "During the attack, the terrorists seized three gun trucks": what happened in it is part of it
    r"\s*[\"“]?(?:(?:During|In)\s+the|The|This|That|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s)\s+"
    r"(?:[\w-]+\s+){0,2}(?:attack|strike|airstrike|air strike|raid|assault|bombing|bombardment|shelling|"
    r"explosion|blast|ambush|incident)s?\b"
)
# In a snippet of a few sentences every sentence goes to the classifier (the trigger lexicon is only a
# cheap pre-filter for long articles).
SHORT_DOCUMENT = 4
MIN_UNTRIGGERED_WORDS = 5  # shorter, with no incident word: a dateline, byline or heading
# A classifier at least this sure outweighs the trigger words (``reconcile``): "losses in raids by the army's
# choppers" is an air strike, not arrests; fighters who "mobilized alongside the uprising forces" are no riot.
RECONCILE_BELOW = 0.75
# Strategic developments where ACLED names no target.
_NO_TARGET = {SubEventType.CHANGE_TO_GROUP_ACTIVITY, SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED}
MIN_SCORE = 0.0  # the classifier's own "none" already gates events; kept explicit for tuning
_RECENCY = re.compile(
    r"\b(?:recent(?:ly)?|now|today|tonight|yesterday|this (?:week|month|morning)|last (?:week|night)|"
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|latest|currently|new(?:ly)?)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r";|,|\bwhile\b|\bwhereas\b|\bmeanwhile\b|\band\b|\bbut\b|—|–")
_COUNTRY_LEVEL = re.compile(
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)$",
    re.IGNORECASE,
)
# Romance place names joined by a lower-case particle: "Mar del Plata", "Campo Novo do Parecis".
_NAME_CONTINUES = re.compile(r"(?:\s+(?:de|del|de la|de las|de los|da|do|das|dos)\s+[A-Z][\w'’-]*)+")
_ADMIN_SUFFIX = re.compile(
    r"^\s+(?:province|governorate|countryside|city|town|village|district|region|area|county|state|municipality)\b",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|on|into|of|around|outside|across|towards?|from|over|inside|namely)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Segment:
    """One incident inside one sentence: ``text[start:end]`` of the article."""

    sentence: Span
    start: int
    end: int
    triggers: list[Trigger]  # offsets into the article
    sub_event: SubEventType | None = None
    score: float = 0.0
    fallback: bool = False  # typed from a strong trigger after the classifier said "none"
    # Later sentences that tell more about this incident ("The attack was near an office in Sin Gut village").
    continuations: list[Segment] = field(default_factory=list)

    @property
    def main_trigger(self) -> Trigger | None:
        primary = [t for t in self.triggers if t.kind not in SECONDARY]
        if primary:
            return primary[0]
        return self.triggers[0] if self.triggers else None


@dataclass
class Context:
    article: Article
    doc: Doc
    country: str | None
    catalogue: ActorCatalogue
    claims_by_sentence: dict[int, list[Claim]] = field(default_factory=dict)
    ents_by_sentence: dict[int, list[Span]] = field(default_factory=dict)  # sentence start -> its entities
    dateline: Dateline | None = None
    whole_report: bool = True  # a report of several sentences, not a one-line item or a coder's note

    def ents(self, sent: Span) -> list[Span]:
        """The sentence's entities, without a dateline's: where the reporter filed from is neither a party
        nor the scene."""
        ents = self.ents_by_sentence.get(sent.start_char, [])
        if self.dateline is None:
            return ents
        return [e for e in ents if not self.dateline.covers(e.start_char, e.end_char)]


# Bump when the extraction rules change what an article yields: stored articles record the version that
# extracted them, and `sitroom reprocess` redoes those extracted by another.
RULES_VERSION = "2026.12.05.6"


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
        segments = self._segments(article, sentences, whole_report)
        self._classify(segments)
        typed = [s for s in segments if s.sub_event is not None and s.score >= MIN_SCORE]
        typed = [part for segment in typed for part in _tolls_by_place(article.text, segment)]
        if whole_report:  # "The attack was near an office in Sin Gut village": more on the incident told before
            typed = sorted(typed + _references(article.text, segments), key=lambda s: s.start)
            tolls = _tolls_after_strikes(article.text, segments, typed)
            told_again = {id(segment.sentence) for segment in tolls}
            typed = sorted([s for s in typed if id(s.sentence) not in told_again] + tolls, key=lambda s: s.start)
        # NER only where an incident was found: most sentences of an article report none.
        ents_by_sentence = recognise(self.nlp, list({s.sentence.start_char: s.sentence for s in typed}.values()))
        country = self._country(article, _all_entities(doc, ents_by_sentence))
        dateline = find_dateline(article.text)
        ctx = Context(
            article,
            doc,
            country,
            self.catalogue,
            ents_by_sentence=ents_by_sentence,
            dateline=dateline,
            whole_report=whole_report,
        )
        if ctx.dateline is not None:
            for segment in typed:  # "BANGKOK: A Myanmar airstrike…": the report starts after the dateline
                if segment.start < ctx.dateline.end < segment.end:
                    segment.start = ctx.dateline.end
        incidents = _incidents(
            article.text, typed, whole_report, elsewhere=lambda segment, told: _names_another_place(ctx, segment, told)
        )
        mentions: list[EventMention] = []
        for index, segment in enumerate(incidents):
            next_incident = incidents[index + 1].sentence.start_char if index + 1 < len(incidents) else None
            mention = self._mention(ctx, segment, sentences, next_incident)
            if mention is not None:
                mentions += [mention, *_at_each_place(ctx, segment, mention)]
        published = article.published.date() if article.published else None
        records = assemble(mentions, article.text, published, _Gazetteer(self.catalogue))
        return attach_denials(records, ctx, sentences)

    # ----------------------------------------------------------------- steps

    def _country(self, article: Article, ents: list[Span]) -> str | None:
        tied = [country for ent in ents if (country := _tied_country(ent.ent_id_))]
        places = [ent.text for ent in ents if ent.label_ in {"GPE", "LOC"}]
        return main_country(article.text, self.catalogue, places, tied)

    def _segments(self, article: Article, sentences: list[Span], whole_report: bool) -> list[Segment]:
        year = reference_year(article.text, article.published)
        segments: list[Segment] = []
        first_line_end = article.text.find("\n")

        def in_headline(start: int) -> bool:
            return first_line_end < 0 or start < first_line_end

        in_background = False
        previous_paragraph_end = -1
        for sent in sentences:
            text = article.text[sent.start_char : sent.end_char]  # Span.text re-walks the tokens each call
            if not text.strip():
                continue
            if "\n" in article.text[previous_paragraph_end + 1 : sent.start_char]:
                in_background = False  # a new paragraph starts without history context
            previous_paragraph_end = sent.end_char - 1
            if (is_background(text, year) and not _names_told_incident(text)) or tells_no_news(text):
                in_background = True
                continue
            if in_background and not _RECENCY.search(text):
                continue  # the rest of a history paragraph stays history unless it signals news
            in_background = False
            if whole_report and not in_headline(sent.start_char) and is_caption(text):
                continue  # a photo caption: what a picture shows, not an incident the report tells
            if is_attribution(text):
                continue  # who did it: its claims attach to the incident reported next to it (``_claims``)
            found = split_sentence(sent)
            if not found and _may_report_untriggered(text, len(sentences)):
                found = [Segment(sent, sent.start_char, sent.start_char + len(text.rstrip()), [])]
            if whole_report:  # "…in Mali’s north, where the army is fighting separatists": the area, not news
                found = _without_area_clauses(article.text, found)
            segments += found
        return segments

    def _classify(self, segments: list[Segment]) -> None:
        texts = [doc_text(seg.sentence.doc)[seg.start : seg.end] for seg in segments]
        for segment, result in zip(segments, self.classifier.classify(texts), strict=True):
            segment.sub_event, segment.score = result.sub_event_type, result.score
            if segment.sub_event is SubEventType.CHEMICAL_WEAPON and tells_an_accident(_paragraph(segment.sentence)):
                segment.sub_event = None  # a leak or a pesticide accident: no one used a weapon
            strong = next((t for t in segment.triggers if t.strong), None)
            if segment.sub_event is None and strong is not None:
                segment.sub_event, segment.score, segment.fallback = STRONG_DEFAULT[strong.kind], FALLBACK_SCORE, True
            elif segment.sub_event is not None:
                segment.sub_event = _by_the_codebook(segment, segment.sub_event)

    def _mention(
        self, ctx: Context, segment: Segment, sentences: list[Span], next_incident: int | None
    ) -> EventMention | None:
        article, sub_event = ctx.article, segment.sub_event
        assert sub_event is not None
        text = article.text
        sentence_ents = ctx.ents(segment.sentence)
        mentions = actor_mentions(segment.sentence, ctx.catalogue, ctx.country, sentence_ents)
        place = _told_later(ctx, segment, _place(ctx, segment, mentions))
        if place is not None and _only_named_abroad(ctx, place):
            log.info("no scene: %s is named, not placed in, in %r", place.text, segment.sentence.text[:80])
            return None
        country = _event_country(ctx, place)
        if country != ctx.country:  # generic actors take the country the event happened in
            mentions = actor_mentions(segment.sentence, ctx.catalogue, country, sentence_ents)
        event_type = sub_event.event_type
        trigger_at = _trigger_position(segment, mentions)
        roles = assign_roles(text, segment.start, segment.end, trigger_at, mentions, event_type)
        incident_words = [trigger_at, *(t.start for t in segment.triggers if t.kind not in SECONDARY)]
        for at in incident_words if roles.actor1 is None else []:  # "23 dead following Israeli strikes"
            roles.actor1 = roles.actor1 or country_subject(
                text, segment.start, at, sentence_ents, ctx.catalogue, event_type
            )
        if segment.fallback and roles.actor1 is None:
            return None  # a bare trigger word the classifier rejected, with nobody acting: not enough
        if sub_event in _NO_TARGET:
            roles.actor2, roles.assoc2 = None, []
        actor1 = to_actor(roles.actor1, article, event_type, ctx.catalogue) if roles.actor1 else None
        actor2 = to_actor(roles.actor2, article, event_type, ctx.catalogue) if roles.actor2 else None
        sentence = text[segment.sentence.start_char : segment.sentence.end_char]
        sub_event = not_a_riot(sub_event, actor1, sentence, actor2)
        sub_event = not_a_battle(sub_event, actor1, actor2, roles.civilians_hit, sentence)
        if sub_event.event_type is not event_type:
            event_type = sub_event.event_type
            actor2 = to_actor(roles.actor2, article, event_type, ctx.catalogue) if roles.actor2 else None
        assoc1 = [to_actor(m, article, event_type, ctx.catalogue) for m in roles.assoc1]
        assoc2 = [to_actor(m, article, event_type, ctx.catalogue) for m in roles.assoc2]
        actor1, assoc1 = _conventional_actor1(event_type, sub_event, actor1, assoc1, ctx, country)
        untriggered = segment.main_trigger is None or segment.main_trigger.kind in SECONDARY
        if untriggered and segment.score < UNTRIGGERED_MIN_SCORE:
            return None  # no incident word and a hesitant classifier
        named = [m for m in (roles.actor1, roles.actor2) if m is not None and not m.target_only]
        # A place alone does not make commentary an incident when no incident word is there either.
        grounded = (
            named
            or (place and not untriggered)
            or fatalities.find_fatalities(text[segment.start : segment.end])
            or (place and _ELLIPTICAL_TOLL.match(text, segment.start, segment.end))  # ", four in Deir al-Balah"
        )
        if not grounded and segment.score < ANONYMOUS_MIN_SCORE:
            return None  # no one, nowhere, no toll, a hesitant classifier: commentary, not an incident
        if sub_event is SubEventType.OTHER and roles.actor1 is None:
            return None  # the codebook's catch-all development is always someone's; with no one it is commentary
        if sub_event is SubEventType.CHANGE_TO_GROUP_ACTIVITY and roles.actor1 is None and ctx.whole_report:
            return None  # a group's change of activity names the group; "reinforcements arrived" names none
        on_armed_post = attack_on_armed_post(sub_event, sentence)
        if on_armed_post is not sub_event:
            sub_event, event_type = on_armed_post, on_armed_post.event_type
            if actor2 is not None and actor2.actor_type is ActorType.CIVILIANS:
                actor2 = None  # the forces at the post were attacked; civilians among the dead are its toll
        actor2, assoc2 = _codebook_actor2(sub_event, actor2, assoc2, ctx, country)
        sub_event = refine_territory(sub_event, actor1, actor2)
        if event_type is EventType.VIOLENCE_AGAINST_CIVILIANS and _armed(actor2) and not roles.civilians_hit:
            sub_event = SubEventType.ARMED_CLASH  # ACLED: violence against an armed party is a battle
        event_type = sub_event.event_type
        civilian_targeting = event_type is EventType.VIOLENCE_AGAINST_CIVILIANS or (
            actor2 is not None
            and actor2.actor_type is ActorType.CIVILIANS
            and not assoc2
            and event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE
            and roles.civilians_hit
            and _civilians_are_target(text[segment.start : segment.end])
        )
        date, precision, date_span = _event_date(ctx, segment, sentences)
        mention = EventMention(
            article_id=article.id,
            event_type=sub_event.event_type,
            sub_event_type=sub_event,
            date=date,
            time_precision=precision,
            date_evidence=date_span,
            actor1=actor1,
            assoc_actors_1=assoc1,
            actor2=actor2,
            assoc_actors_2=assoc2,
            location=_as_location(ctx, place, country) if place is not None else None,
            fatalities=_fatalities(article, segment, next_incident),
            claims=_claims(ctx, segment, sentences),
            civilian_targeting=civilian_targeting,
            evidence=article.span(segment.start, segment.end),
            source=article.source.domain,
            confidence=round(min(max(segment.score, 0.05), 1.0), 3),
        )
        validated = validate(mention, sentence)
        if validated is not None and ctx.whole_report and agreement_in_passing(validated):
            return None  # a one-line item is about its agreement; a report may name one only in passing
        return validated


# --------------------------------------------------------------------------- segmentation


def _paragraph(sent: Span) -> str:
    """The paragraph ``sent`` is in: what an incident is about (a gas leak) may be said sentences before it."""
    text = doc_text(sent.doc)
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char)
    return text[start : end if end >= 0 else len(text)]


def _sentence_and_after(sent: Span, limit: int = 2) -> str:
    """The sentence and up to ``limit`` more of its paragraph: how a demonstration or an arrest went is often
    told right after it ("Hundreds rallied in X. Police fired tear gas to disperse them."). A sentence that
    opens another report ("On 5 May, …", "Elsewhere, …") ends the reading."""
    doc, text = sent.doc, doc_text(sent.doc)
    last = sent
    for _ in range(limit):
        if last.end >= len(doc):
            break
        following = doc[last.end].sent
        if "\n" in text[last.end_char : following.end_char].rstrip() or _opens_new_report(text, following.start_char):
            break
        last = following
    return text[sent.start_char : last.end_char]


_ELSEWHERE = re.compile(r"\s*(?:elsewhere|meanwhile|separately|in (?:a |an )?(?:separate|another|other)\b)", re.I)


def _opens_new_report(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` begins another report: a word that moves elsewhere, or a date of its own
    in its first words ("On 6 May, …")."""
    if _ELSEWHERE.match(text, start):
        return True
    head = text[start : start + 30]
    return any(m.start < 8 for m in dates.find_dates(head))


def _may_report_untriggered(sentence: str, sentences_in_document: int) -> bool:
    """Whether a sentence with no incident word goes to the classifier: only in a short document (a snippet
    or coder note, where the one sentence may be the report), and not a dateline ("Addis Ababa, 20 November.")."""
    return (
        sentences_in_document <= SHORT_DOCUMENT
        and len(sentence.split()) >= MIN_UNTRIGGERED_WORDS
        and not has_ruled_out_trigger(sentence)
    )


def _by_the_codebook(segment: Segment, label: SubEventType) -> SubEventType:
    """The classifier's label checked against the segment's incident words and the codebook's rules for how a
    demonstration, an arrest, a territorial change or a remote attack went (read from the sentences after it)."""
    if segment.score < RECONCILE_BELOW:
        label = reconcile(label, without_grievances(doc_text(segment.sentence.doc), segment.triggers, segment.start))
    if label in DEMONSTRATION_TYPES:
        return refine_demonstration(label, _sentence_and_after(segment.sentence))
    if label is SubEventType.ARRESTS:
        return refine_arrest(label, _sentence_and_after(segment.sentence))
    if label.event_type is EventType.BATTLES:
        told = _sentence_and_after(segment.sentence, limit=1)
        return taken_without_a_fight(fought_over(label, told), told)
    if label is SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY:
        return moved_not_transferred(label, _sentence_and_after(segment.sentence, limit=1))
    if label.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        label = _weapon_named(label, segment.triggers)
        told = _sentence_and_after(segment.sentence, limit=1)
        length = segment.sentence.end_char - segment.sentence.start_char
        sentence, following = told[:length], told[length:]
        return one_sided_or_clash(suicide_or_not(label, sentence), sentence, following)
    return label


def _weapon_named(label: SubEventType, triggers: list[Trigger]) -> SubEventType:
    """ACLED's Grenade is a grenade thrown: with no grenade named and bombs dropped from the air or shells
    fired, the incident is that air strike or shelling."""
    if label is not SubEventType.GRENADE or any("grenade" in t.text.lower() for t in triggers):
        return label
    remote = next((t.kind for t in triggers if t.kind in {Kind.AIR, Kind.SHELL}), None)
    return KIND_DEFAULT[remote] if remote is not None else label


def _all_entities(doc: Doc, recognised: dict[int, list[Span]]) -> list[Span]:
    """Catalogue entities of the whole document plus NER entities of the recognised sentences, in order."""
    ner_only = [e for ents in recognised.values() for e in ents if not e.ent_id_]
    return sorted([*doc.ents, *ner_only], key=lambda e: e.start_char)


def reconcile(label: SubEventType, triggers: list[Trigger]) -> SubEventType:
    """The classifier's label unless it contradicts every incident word in the segment ("warplanes
    pounded Idlib, killing 25" is no Agreement): then the first trigger family's usual sub-type. Applied only
    where the classifier is unsure (below RECONCILE_BELOW): a trigger word is a hint, not a reading."""
    primary = [t.kind for t in triggers if t.kind not in SECONDARY]
    if not primary or any(admits(kind, label) for kind in primary):
        return label
    return KIND_DEFAULT[primary[0]]


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


def split_sentence(sent: Span) -> list[Segment]:
    """The incidents one sentence reports: a new segment starts where a trigger of another family
    follows, cut at the clause break (comma, "while", "and") just before it."""
    base = sent.start_char
    stripped = doc_text(sent.doc)[sent.start_char : sent.end_char].rstrip()
    triggers = [Trigger(t.kind, base + t.start, base + t.end, t.text) for t in find_triggers(stripped)]
    if not triggers:
        return []
    segments = [Segment(sent, base, base + len(stripped), [triggers[0]])]
    for trigger in triggers[1:]:
        current = segments[-1]
        kinds = {t.kind for t in current.triggers if t.kind not in SECONDARY}
        if trigger.kind in SECONDARY or not kinds or _compatible(kinds, trigger.kind):
            current.triggers.append(trigger)
            continue
        cut = _clause_break(doc_text(sent.doc), current.triggers[-1].end, trigger.start)
        if cut is None:
            current.triggers.append(trigger)
            continue
        segments.append(Segment(sent, cut, current.end, [trigger]))
        current.end = cut
    for segment in segments:
        while segment.end > segment.start and doc_text(sent.doc)[segment.end - 1] in " ,;":
            segment.end -= 1
    return segments


def _compatible(kinds: set[Kind], kind: Kind) -> bool:
    return any(KIND_TYPES[kind] & KIND_TYPES[k] for k in kinds)


def _clause_break(text: str, after: int, before: int) -> int | None:
    """The start of the clause holding ``before``: just after the last break between the two triggers."""
    breaks = list(_CLAUSE_BREAK.finditer(text, after, before))
    if not breaks:
        return None
    cut = breaks[-1].end()
    while cut < before and text[cut] == " ":
        cut += 1
    return cut


def _incidents(
    text: str,
    typed: list[Segment],
    whole_report: bool = True,
    elsewhere: Callable[[Segment, Segment], bool] = lambda segment, told: False,
) -> list[Segment]:
    """Typed segments that open an incident. A sentence without an incident word of its own right after an
    incident in the same paragraph ("3 civilians were killed.") tells more about that incident, unless it is
    ``elsewhere`` ("Three more died in Kharkiv" after strikes on Kyiv); so does one that opens by pointing back
    at it ("The attack in the town of Toul also injured two"), in a whole report."""
    kept: list[Segment] = []
    for segment in typed:
        previous = kept[-1] if kept else None
        if segment.sub_event is None and previous is None:
            continue  # a reference to an incident the report has not told
        if previous is None or previous.sentence is segment.sentence:
            kept.append(segment)
            continue
        untriggered = segment.main_trigger is None or segment.main_trigger.kind in SECONDARY
        untriggered = untriggered or _damage_only(text, segment)
        gap = segment.sentence.start_char - previous.sentence.end_char
        same_paragraph = "\n" not in text[previous.sentence.end_char : segment.sentence.start_char]
        # a report written one sentence a paragraph goes on in the next paragraph
        follows = (same_paragraph or _own_paragraph(text, previous.sentence)) and gap < CONTINUATION_CHARS
        refers_back = whole_report and gap < REFERENCE_CHARS and _only_refers_back(text, segment)
        if segment.sub_event is None and not refers_back:
            continue
        if untriggered and follows and not refers_back and elsewhere(segment, previous):
            kept.append(segment)
        elif (untriggered and follows) or refers_back:
            for told in kept:  # every incident of the sentence it follows ("attacked …, making away with …")
                if told.sentence is previous.sentence:
                    told.continuations.append(segment)
        else:
            kept.append(segment)
    return kept


def _own_paragraph(text: str, sentence: Span) -> bool:
    """Whether ``sentence`` is a paragraph by itself."""
    before = text[max(0, sentence.start_char - 1) : sentence.start_char]
    return before in ("", "\n") and text[sentence.end_char : sentence.end_char + 1] in ("", "\n")


def _damage_only(text: str, segment: Segment) -> bool:
    """ "A civilian suffered neck injuries and three houses and a school were destroyed": damage with nobody
    said to have done it is what the incident just told did, like a toll."""
    primary = [t for t in segment.triggers if t.kind not in SECONDARY]
    return bool(primary) and all(t.kind is Kind.DESTRUCTION and not _AGENT_AFTER.match(text, t.end) for t in primary)


_AGENT_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?by\b")


def _without_area_clauses(text: str, found: list[Segment]) -> list[Segment]:
    """The segments that tell incidents; an incident before an area clause ends where the clause starts."""
    kept: list[Segment] = []
    for segment in found:
        if not _describes_the_area(text, segment):
            kept.append(segment)
            continue
        for told in kept:
            where = _WHERE.search(text, told.start, told.end)
            if where is not None:
                told.end = where.start()
    return kept


def _describes_the_area(text: str, segment: Segment) -> bool:
    """ "killed in Mali’s north, where the army and its allies are fighting separatists": a present-tense
    clause on where an incident happened says what goes on there, and tells no incident of its own."""
    trigger = segment.main_trigger
    if trigger is None:
        return False
    where = next(reversed(list(_WHERE.finditer(text, segment.sentence.start_char, trigger.start))), None)
    return where is not None and _ONGOING.search(text, where.end(), trigger.start) is not None


_WHERE = re.compile(r",\s+where\s+")
_ONGOING = re.compile(r"\b(?:are|is|remain|remains|have been|has been)\s+(?:[\w-]+\s+)?$|\b(?:are|is)\s+\w+ing\b")


def _tolls_after_strikes(text: str, segments: list[Segment], typed: list[Segment]) -> list[Segment]:
    """ "Four deaths were reported in Khmelnytskyi region" after "Russian drone and missile attacks overnight":
    a toll the classifier typed as nothing, told after a remote attack, is that attack's (at the place it names,
    if another: ``_names_another_place``); a list of tolls by place ("four in X, three more in Y, and one in
    Z") gives one segment per place."""
    found: list[Segment] = []
    for segment in segments:
        hesitant = segment.sub_event is None or segment.score < RECONCILE_BELOW
        only_tolls = bool(segment.triggers) and all(t.kind is Kind.OUTCOME for t in segment.triggers)
        if not hesitant or not only_tolls or not _TOLL.search(text, segment.start, segment.end):
            continue
        before = [t for t in typed if t.sub_event is not None and t.end <= segment.start and _tells_an_act(t)]
        told = before[-1] if before else None
        if (
            told is None
            or told.sub_event is None
            or told.sub_event.event_type is not EventType.EXPLOSIONS_REMOTE_VIOLENCE
        ):
            continue
        if segment.start - told.end >= REFERENCE_CHARS:
            continue
        cuts = [m.start() for m in _NEXT_TOLL.finditer(text, segment.start, segment.end)]
        for start, end in zip([segment.start, *cuts], [*cuts, segment.end], strict=True):
            triggers = [t for t in segment.triggers if start <= t.start < end]
            found.append(Segment(segment.sentence, start, end, triggers, told.sub_event, ANONYMOUS_MIN_SCORE))
    return found


def _tolls_by_place(text: str, segment: Segment) -> list[Segment]:
    """A remote attack told with its toll place by place ("Ten people were killed by strikes in Khan Younis,
    four in Deir al-Balah and nine in Jabaliya"): one segment per place, each with its own toll."""
    if segment.sub_event is None or segment.sub_event.event_type is not EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        return [segment]
    cuts = [m.start() for m in _PLACE_TOLL.finditer(text, segment.start, segment.end)]
    if not cuts or not _TOLL.search(text, segment.start, cuts[0]):
        return [segment]
    parts = []
    for start, end in zip([segment.start, *cuts], [*cuts, segment.end], strict=True):
        triggers = [t for t in segment.triggers if start <= t.start < end]
        parts.append(Segment(segment.sentence, start, end, triggers, segment.sub_event, segment.score))
    return parts


def _tells_an_act(segment: Segment) -> bool:
    return segment.main_trigger is not None and segment.main_trigger.kind not in SECONDARY


_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_NEXT_TOLL = re.compile(rf",\s+(?:and\s+)?(?={_NUMBER_WORD}\b)", re.IGNORECASE)
# ", four in the central town of Deir al-Balah and nine in the Jabaliya camp": the next place's own toll
_PLACE_TOLL = re.compile(
    rf"(?:,\s+(?:and\s+)?|\s+and\s+)(?={_NUMBER_WORD}\s+(?:more\s+|others?\s+)?(?:people\s+)?(?:were\s+killed\s+)?"
    r"(?:in|at)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?-i:[A-Z]))",
    re.IGNORECASE,
)
_ELLIPTICAL_TOLL = re.compile(
    rf"(?:,\s+(?:and\s+)?|\s+and\s+)(?P<n>{_NUMBER_WORD})\s+(?:more\s+|others?\s+)?(?:people\s+)?(?:in|at)\b",
    re.IGNORECASE,
)


_TOLL = re.compile(
    rf"\b(?:{_NUMBER_WORD}|dozens?|scores|several|body|bodies)\b"
    r"(?:\s+[\w-]+){0,4}?\s+(?:people|civilians|deaths|dead|killed|died|injur|wounded|casualties|bod)|"
    r"\bbod(?:y|ies) of\b",
    re.IGNORECASE,
)


def _names_another_place(ctx: Context, segment: Segment, told: Segment) -> bool:
    """Whether a toll told after a remote attack is at a place of its own: a named place narrower than a
    country that the attack's sentence does not name, while the attack itself is placed (a lead with no place
    takes the toll's place instead, ``_told_later``)."""
    if told.sub_event is None or told.sub_event.event_type is not EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        return False
    text = ctx.article.text
    here = _place(
        ctx, segment, actor_mentions(segment.sentence, ctx.catalogue, ctx.country, ctx.ents(segment.sentence))
    )
    there = _place(ctx, told, actor_mentions(told.sentence, ctx.catalogue, ctx.country, ctx.ents(told.sentence)))
    if here is None or there is None or _place_level(text, here, ctx) >= 4:
        return False
    return _bare_place(here.text).lower() not in text[told.sentence.start_char : told.sentence.end_char].lower()


def _references(text: str, segments: list[Segment]) -> list[Segment]:
    """Sentences the classifier typed as no incident that open by naming one ("The attack was near …"): they
    can only tell more about the incident before them (``_incidents``)."""
    return [s for s in segments if s.sub_event is None and _REFERS_BACK.match(text, s.sentence.start_char)]


_WITHIN = re.compile(r"\s*[\"“]?(?:During|In)\s")
_UNFOLDED = re.compile(r"\s+(?:began|started|unfolded|opened)\s+(?:when|as|with)\b")


def _names_told_incident(sentence: str) -> bool:
    """ "The attack was near an office …, occupied by a PDF that sprang up after the 2021 coup": a sentence that
    opens by naming the incident already told is about it, whatever history its clauses recall; "The attack
    in 2019 …" dates the incident itself."""
    reference = _REFERS_BACK.match(sentence)
    return reference is not None and not _YEAR_NEAR.search(sentence, reference.end(), reference.end() + 30)


_YEAR_NEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _only_refers_back(text: str, segment: Segment) -> bool:
    """ "The attack, which took place last Sunday in Isige town, …": the sentence names the incident told
    before and no other ("The attack followed a similar incident, when shelling … killed 15" tells a new one)."""
    reference = _REFERS_BACK.match(text, segment.sentence.start_char)
    if reference is not None:
        if _WITHIN.match(reference.group(0)) or _UNFOLDED.match(text, reference.end()):
            # "During the attack, the terrorists seized trucks", "The attack began when two trucks entered
            # Pétionville": all of it happened in that attack
            return True
        return not any(t.kind not in SECONDARY and t.start >= reference.end() for t in segment.triggers)
    # "…said the Sunday air raid lasted 20 minutes", "so the attack was a surprise": named only as one told,
    # with what it did ("the bombardment also destroyed homes")
    primary = [t for t in segment.triggers if t.kind not in SECONDARY]
    if not primary:  # "15 civilians were killed in the strikes, a local politician said"
        return _NAMED_INCIDENT.search(text, segment.start, segment.end) is not None
    named = [t for t in primary if _definite_noun(text, t)]
    return bool(named) and all(t in named or (t.kind is Kind.DESTRUCTION and t.start > named[0].start) for t in primary)


def _definite_noun(text: str, trigger: Trigger) -> bool:
    """ "the Sunday air raid", "the attack": an incident named as one already known (not "the army had seized",
    where the article belongs to the subject of a verb)."""
    return not trigger.text.split()[0].endswith("ed") and bool(
        _DEFINITE_BEFORE.search(text, max(0, trigger.start - 30), trigger.start)
    )


_NAMED_INCIDENT = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}(?:attacks?|strikes?|air ?strikes?|raids?|assaults?|"
    r"bombings?|bombardments?|shelling|explosions?|blasts?|ambush(?:es)?|massacre|incident)\b",
    re.IGNORECASE,
)
_INCIDENT_AT = re.compile(
    _NAMED_INCIDENT.pattern + r"\s+(?:at|in|on|near|outside)\s+(?:the\s+)?(?P<name>(?-i:[A-Z])[\w'’-]+"
    r"(?:[ -](?-i:[A-Z])[\w'’-]+){0,2})",
    re.IGNORECASE,
)
_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s)\s+"
    r"(?:(?!(?:had|has|have|was|were|is|are|been|will|would|could|did)\s)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- fields


def _conventional_actor1(
    event_type: EventType,
    sub_event: SubEventType,
    actor1: Actor | None,
    assoc1: list[Actor],
    ctx: Context,
    country: str | None,
) -> tuple[Actor | None, list[Actor]]:
    """ACLED names the crowd, not its organisers: protests are by Protesters (COUNTRY)."""
    if event_type is EventType.PROTESTS:
        pattern, kind = "Protesters ({country})", ActorType.PROTESTERS
    elif event_type is EventType.RIOTS:
        pattern, kind = "Rioters ({country})", ActorType.RIOTERS
    elif actor1 is None and sub_event in {
        SubEventType.ATTACK,
        SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
        SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
    }:
        pattern, kind = "Unidentified Armed Group ({country})", ActorType.POLITICAL_MILITIA
    else:
        return actor1, assoc1
    conventional = conventional_actor(pattern, kind, country, ctx.catalogue)
    if actor1 is not None and actor1.name == conventional.name:
        return actor1, assoc1
    others = [a for a in [actor1, *assoc1] if a is not None and a.actor_type not in {ActorType.CIVILIANS}]
    if event_type in {EventType.PROTESTS, EventType.RIOTS}:
        others = [a for a in others if a.actor_type is not ActorType.STATE_FORCES]
    return conventional, others


# ACLED codebook conventions for the acted-upon side.
_NO_ACTOR2 = {SubEventType.PEACEFUL_PROTEST, *_NO_TARGET}
_CIVILIAN_VICTIMS = {
    SubEventType.ATTACK,
    SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    SubEventType.SEXUAL_VIOLENCE,
    SubEventType.LOOTING_PROPERTY_DESTRUCTION,
    SubEventType.ARRESTS,
}
_POLICED = {SubEventType.PROTEST_WITH_INTERVENTION, SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS}


def _codebook_actor2(
    sub_event: SubEventType, actor2: Actor | None, assoc2: list[Actor], ctx: Context, country: str | None
) -> tuple[Actor | None, list[Actor]]:
    """Peaceful protests have no target; violence against civilians, looting and arrests hit Civilians
    (COUNTRY) unless an armed party is named; a policed protest is acted on by the police."""
    if sub_event in _NO_ACTOR2:
        return None, []
    if sub_event.event_type in _CROWD_EVENTS and not _crowd_target(actor2):
        actor2, assoc2 = None, []  # the union that called a rally, the government it denounced: no party
    if sub_event is SubEventType.MOB_VIOLENCE and actor2 is None:
        actor2 = conventional_actor("Civilians ({country})", ActorType.CIVILIANS, country, ctx.catalogue)
    if sub_event in _CIVILIAN_VICTIMS and not _armed(actor2):
        return conventional_actor("Civilians ({country})", ActorType.CIVILIANS, country, ctx.catalogue), assoc2
    if sub_event in _POLICED and not _armed(actor2):
        return conventional_actor("Police Forces of {the}{country}", ActorType.STATE_FORCES, country, ctx.catalogue), []
    return actor2, assoc2


_CROWD_EVENTS = {EventType.PROTESTS, EventType.RIOTS}


def _crowd_target(actor: Actor | None) -> bool:
    """Whom a crowd can clash with or attack: forces, armed groups, other crowds, civilians — not an
    organiser or an institution it protests against (ACLED codes those as associated, or not at all)."""
    if actor is None or actor.actor_type is None:
        return False
    return not actor.name.startswith("Government of")


_ARMED = {
    ActorType.STATE_FORCES,
    ActorType.REBEL_GROUP,
    ActorType.POLITICAL_MILITIA,
    ActorType.IDENTITY_MILITIA,
    ActorType.EXTERNAL_OTHER_FORCES,
}


def _armed(actor: Actor | None) -> bool:
    return actor is not None and actor.actor_type in _ARMED


def _civilians_are_target(segment_text: str) -> bool:
    return bool(
        re.search(
            r"\btarget\w*\s+(?:\w+\s+){0,2}(?:civilian|resident|village|market|hospital|school|camp)",
            segment_text,
            re.IGNORECASE,
        )
    )


def _event_date(ctx: Context, segment: Segment, sentences: list[Span]) -> tuple[dt.date | None, TimePrecision, object]:
    """The segment's own date, else its sentence's ("On 5 March, jets struck X and rebels shelled Y": the second
    incident is a segment of its own), else an earlier sentence's of the paragraph, else the report's own day,
    known only to within a week. Relative dates count from the publication day where it was published."""
    article = ctx.article
    text = article.text
    published = dates.publication_day(article.published, article.published_tz)
    offset = segment.sentence.start_char
    found = dates.resolve_date(text[offset : segment.end], published, segment.start - offset)
    if found is not None and found.clause_only and not _dates_incident(text, segment, offset + found.start):
        found = None
    if found is None or found.date is None:
        found, offset = _dateline(text, segment, sentences, published)
    if found is not None and found.date is not None:
        return found.date, found.precision, article.span(offset + found.start, offset + found.end)
    if published is not None:
        return published, TimePrecision.WEEK, None
    return None, TimePrecision.MONTH, None


# Words that open another clause: a date after one of them dates that clause's verb.
_CLAUSE_OPENER = re.compile(r"\b(?:as|which|who|whom|that|it|they|he|she|we|while|when|after|since|because)\b", re.I)


def _dates_incident(text: str, segment: Segment, at: int) -> bool:
    """Whether a clause-bound date phrase at ``at`` dates the segment's incident: it comes before the incident
    word ("Earlier this year, rebels seized…") or follows it within the same clause ("attacks … during a
    ceasefire in Gaza earlier this year")."""
    before = [t for t in segment.triggers if t.end <= at]
    return not before or not _CLAUSE_OPENER.search(text, before[-1].end, at)


def _dateline(
    text: str, segment: Segment, sentences: list[Span], published: dt.date | None
) -> tuple[dates.DateMention | None, int]:
    """The date of an earlier sentence in the same paragraph (notes open with "On 19 June 2022, …")."""
    earlier = [s for s in sentences if s.end_char <= segment.sentence.start_char]
    for sent in reversed(earlier[-3:]):
        if "\n" in text[sent.end_char : segment.sentence.start_char]:
            break
        found = dates.resolve_date(text[sent.start_char : sent.end_char], published)
        if found is not None and found.date is not None:
            return found, sent.start_char
    return None, 0


def _place(ctx: Context, segment: Segment, mentions: list[ActorMention]) -> PlaceMention | None:
    """The place the incident happened: a locative place in the segment, a town or region before a facility
    (ACLED codes to the populated place, and a gazetteer knows towns, not squares or schools), the first one
    named before later ones, a country last."""
    places = place_mentions(segment.sentence, ctx.catalogue, mentions, ctx.ents(segment.sentence))
    places += _named_settlements(ctx, segment.sentence, places, mentions)
    # A name running across a line break is a headline read into the next line, not a place.
    places = [p for p in places if "\n" not in p.text]
    inside = [p for p in places if segment.start <= p.start < segment.end]
    if not inside and segment.end - segment.start == len(segment.sentence.text.rstrip()):
        inside = places
    text = ctx.article.text
    inside = _without_frames(text, inside)
    levels = {p.start: _place_level(text, p, ctx) for p in inside}  # each read once: several regexes a place
    if all(level >= 3 for level in levels.values()):  # none, or only a region or country NER found
        taken = [(p.start, p.end) for p in places] + [(m.start, m.end) for m in mentions]
        inside = _without_frames(text, inside + _unrecognised_locatives(ctx, segment, taken))
        levels |= {p.start: _place_level(text, p, ctx) for p in inside if p.start not in levels}
    inside = [p for p in inside if levels[p.start] != NOT_A_SCENE]
    if not inside:
        return None
    # A place after "in", "near"… is where it happened; so is one named as a settlement ("bombed X village").
    locative = [
        p
        for p in inside
        if _LOCATIVE.search(text[max(0, p.start - 24) : p.start])
        or (  # "in Syria's northwestern Idlib", not "in Christchurch's Hagley Park"
            _OWNED_AFTER_LOCATIVE.search(text[max(0, p.start - 60) : p.start]) and OWNED_PLACE.fullmatch(p.text)
        )
        or levels[p.start] == 0
        or _APPOSED.search(text, max(0, p.start - 20), p.start)  # "on Ukraine’s capital, Kyiv"
    ]

    def rank(place: PlaceMention) -> tuple[int, int, int]:
        return levels[place.start], _label_rank(text, place, levels[place.start]), place.start

    return min(locative or inside, key=rank)


def _without_frames(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """The places without those that only frame another: "Darfur’s Zamzam camp", "Dhagaxdheer and Dahar-Cali
    Xaylow near Caad City" (the town after "near" places the ones before it)."""
    places = [p for p in places if not _owns_a_place(text, p, places)]
    return [p for p in places if not _NEAR_A_NAME.search(text, max(0, p.start - 40), p.start)] or places


def _owns_a_place(text: str, place: PlaceMention, places: list[PlaceMention]) -> bool:
    """ "Darfur’s Zamzam camp", "Sagaing Region’s Kani Township": the possessor only frames the place it owns."""
    mark = _OWNER_MARK.match(text, place.end)
    owner_end = place.end if mark is None else mark.end()
    if not text[place.start : owner_end].endswith(("’s", "'s")):
        return False
    return any(
        other.start >= owner_end
        and _OWNED_GAP.fullmatch(text, owner_end, other.start)
        and OWNED_PLACE.fullmatch(other.text)  # not "Christchurch's Hagley Park": ACLED codes the town
        for other in places
        if other is not place
    )


_OWNER_MARK = re.compile(r"['’]s")
_OWNED_AFTER_LOCATIVE = re.compile(
    r"\b(?:in|at|near|on|into|around|across|inside)\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?['’]s\s+"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$"
)
_APPOSED = re.compile(r"(?:['’]s|\bthe)\s+capital(?:\s+city)?,\s+$", re.IGNORECASE)
_NEAR_A_NAME = re.compile(r"[A-Z][\w'’-]+\s+(?:near|outside|close to)\s+(?:the\s+)?$")
_OWNED_GAP = re.compile(  # "Ukraine’s western Khmelnytskyi region"
    r"\s*(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?",
    re.IGNORECASE,
)
# "strikes at Tinzaouatene", "an attack in Isige": a capitalised name right after a locative word.
_AT_NAME = re.compile(
    r"(?<![\w'’-])(?:(?:in|at|near|outside|namely)\s+(?:the\s+)?(?:city\s+of\s+)?"
    r"(?P<name>[A-Z][\w'’-]{2,}(?:[ -][A-Z][\w'’-]+){0,2})\b|"
    # "The Kyiv regional head said": the region an official speaks for
    r"(?P<region>[A-Z][\w'’-]{2,})(?=\s+regional\s+(?:head|governor|authorities|administration|officials?|chief)\b))"
)


def _unrecognised_locatives(ctx: Context, segment: Segment, taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Where NER found no place at all, a name after "in", "at" or "near" in the incident's words (villages and
    small towns are rarely in its training data); never a month, a day, an actor, a nationality or a building."""
    text, found = ctx.article.text, []
    for match in _AT_NAME.finditer(text, segment.start, segment.end):
        group = "name" if match.group("name") else "region"
        start, end = match.span(group)
        name = match.group(group)
        if any(s < end and start < e for s, e in taken) or names_a_source(text, start):
            continue
        if _names_no_place(ctx, name) or _INSTITUTION.match(name):
            continue
        found.append(PlaceMention(start, end, name, "GPE", None))
    return found


def _names_no_place(ctx: Context, name: str) -> bool:
    """A capitalised name that is a month or a day, opens a sentence ("The", "IDP") or is a nationality."""
    return (
        bool(CALENDAR_WORD.match(name) or COMPASS_ONLY.fullmatch(name))
        or name.split()[0] in _NOT_NAMES
        or name in ctx.catalogue.countries.demonyms
    )


def _told_later(ctx: Context, segment: Segment, place: PlaceMention | None) -> PlaceMention | None:
    """The incident's place, or a narrower one a later sentence about it names: a lead says "an air attack on a
    rebel position", the next sentence "The attack was near an office in Sin Gut village"."""
    text = ctx.article.text
    level = _place_level(text, place, ctx) if place is not None else NOT_A_SCENE
    if 0 < level < 3 and _UNNAMED_SETTLEMENT.search(text, segment.start, segment.end):
        level = 3  # "an attack on a displacement camp in Darfur": the camp a later sentence names is the place
    if level < 3:
        return place
    for later in segment.continuations:
        named = _place(ctx, later, actor_mentions(later.sentence, ctx.catalogue, ctx.country, ctx.ents(later.sentence)))
        if named is not None and _place_level(text, named, ctx) < min(level, 3):
            return named
    if ctx.whole_report:
        return _named_with_the_incident(ctx, segment.sentence) or place
    return place


_UNNAMED_SETTLEMENT = re.compile(
    r"\b(?:on|in|at|near)\s+an?\s+(?:[\w-]+\s+){0,2}(?:camp|village|town|hamlet|settlement)\b", re.IGNORECASE
)


def _named_with_the_incident(ctx: Context, sent: Span) -> PlaceMention | None:
    """ "…were killed by drone strikes in Mali’s north. The separatists blamed the army for the strikes at
    Tinzaouatene": the next sentences of the paragraph name the incident with its place."""
    text, doc = ctx.article.text, sent.doc
    end = sent.end_char
    for _ in range(2):
        if sent.end >= len(doc) or "\n" in text[end : doc[sent.end].sent.start_char + 1]:
            break
        sent = doc[sent.end].sent
        for match in _INCIDENT_AT.finditer(text, sent.start_char, sent.end_char):
            name = match.group("name")
            if _names_no_place(ctx, name):
                continue
            if ctx.catalogue.lookup(name) is not None or name in ctx.catalogue.countries.names:
                continue  # an actor, or a country no narrower than the lead's
            return PlaceMention(match.start("name"), match.end("name"), name, "GPE", None)
        end = sent.end_char
    return None


# A place named as a settlement ("Nyaung Kone village", "the town of Hawadley") is where the incident was; an
# admin area ("Marte Local Government Area", "Sagaing region") or a country only frames it.
_SETTLEMENT_AFTER = re.compile(
    rf"\s+(?:{SETTLEMENT_MODIFIER}\s+)?(?:village|town|camp|city|district of)\b|"
    r",\s+an?\s+(?:[\w-]+\s+){0,2}(?:village|town|city|hamlet|settlement)\b",  # "Pobeda, a small village"
    re.IGNORECASE,
)
# "The Myanmar military", "a northern Mali town": the country names whose forces, or frames an unnamed town;
# neither is the scene.
_COUNTRY_AS_ADJECTIVE = re.compile(
    r"\s+(?:military|army|junta|armed forces|forces|troops|government|police|regime|authorities|"
    r"town|village|city|camp)\b",
    re.IGNORECASE,
)
_SETTLEMENT_BEFORE = re.compile(r"\b(?:village|town|city|camp|hamlet)\s+of\s+$", re.IGNORECASE)
# "Ethiopia's military", "Sudan's army": the possessor is the actor's country, not the scene ("Aleppo's old city"
# still is one).
_POSSESSIVE = re.compile(
    r"['’]s?\s+(?:[\w-]+\s+)?(?:military|army|armed forces|forces|troops|government|ministry|police|president|"
    r"defen[cs]e|security|navy|air force|authorities|junta|regime|officials?|prime minister|leader)\b",
    re.IGNORECASE,
)


NOT_A_SCENE = 9
# "the Zamzam camp", "Nyaung Kone village", "the village of Hawadley": a capitalised name with a settlement noun
# is a place even when NER did not tag it (camps and villages are rarely in its training data).
_SETTLEMENT_NAME = re.compile(
    r"\b(?:(?:village|town|camp|hamlet)\s+of\s+(?P<after>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})|"
    r"(?P<before>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s+(?:(?:displacement|displaced|refugee)\s+)?"
    r"(?:village|camp|town|Township|township|district)\b)"
)


def _named_settlements(
    ctx: Context, sent: Span, places: list[PlaceMention], actors: list[ActorMention]
) -> list[PlaceMention]:
    """Settlements named with their noun that no entity covers yet."""
    text, found = ctx.article.text, []
    taken = [(p.start, p.end) for p in places] + [(a.start, a.end) for a in actors]
    for match in _SETTLEMENT_NAME.finditer(text, sent.start_char, sent.end_char):
        group = "after" if match.group("after") else "before"
        start, end = match.span(group)
        name = match.group(group)
        owner = _POSSESSOR.match(name)
        if owner is not None:  # "Darfur’s Zamzam IDP camp": the camp, in the area that owns it
            start, name = start + owner.end(), name[owner.end() :]
        while name.rsplit(None, 1)[-1] in _NOT_NAMES and " " in name:  # "Zamzam IDP camp"
            name = name.rsplit(None, 1)[0]
        end = start + len(name)
        first = name.split()[0]
        overlaps = any(s < end and start < e for s, e in taken)
        if first in _NOT_NAMES or first in ctx.catalogue.countries.demonyms or overlaps:
            continue
        found.append(PlaceMention(start, end, name, "GPE", None))
    return found


_POSSESSOR = re.compile(r"^.*['’]s\s+")
# Capitalised words that open a sentence or name no place ("The camp", "IDP camp", "Refugee camp").
_NOT_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "This",
        "That",
        "IDP",
        "Refugee",
        "Displacement",
        "Border",
        "Military",
        "Bedouin",
        "Druze",
        "Alawite",
        "Kurdish",
        "Christian",
        "Muslim",
        "Sunni",
        "Shia",
        "Shiite",
        "Fulani",
        "Tuareg",
        "Arab",
        "Rohingya",
    }
)
_INSTITUTION = re.compile(
    r"(?:the\s+)?(?:Parliament|Senate|Congress|National Assembly|State House|Presidential Palace|Supreme Court|"
    r"Knesset|Duma|White House|Kremlin)(?:\s+building)?$",
    re.IGNORECASE,
)
# "five kilometres west of Donetsk", "north of the capital": a landmark the scene is measured from.
_REFERENCE_POINT = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|outside|km|kilometres?|kilometers?|miles?)\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


def _label_rank(text: str, place: PlaceMention, level: int) -> int:
    """Among places of one ``level``: a named settlement whatever NER called it, else towns and regions before
    facilities; a landmark the scene is measured from comes last."""
    if _REFERENCE_POINT.search(text[max(0, place.start - 30) : place.start]):
        return 5
    if level == 0:
        return 0
    return _SPECIFICITY.get(place.label, 2)


def _place_level(text: str, place: PlaceMention, ctx: Context) -> int:
    """0 a named settlement, 1 a place, 2 a district, 3 a province or region, 4 a country (or "Ethiopia's
    military": a possessive names the actor's country, not a scene)."""
    after, before = text[place.end : place.end + 30], text[max(0, place.start - 20) : place.start]
    if _INSTITUTION.match(place.text):
        return NOT_A_SCENE  # "marching towards Parliament": ACLED codes the city the building is in
    country = _is_country(place, ctx)
    if country and _COUNTRY_AS_ADJECTIVE.match(after):
        return NOT_A_SCENE
    if country or _POSSESSIVE.match(after):
        return 4
    # The width word may follow the name or end it ("Borno State" recognised as one name).
    own_last_word = " " + place.text.rsplit(None, 1)[-1] if " " in place.text.strip() else ""
    if REGION_AFTER.match(after) or REGION_AFTER.fullmatch(own_last_word):
        return 3
    if DISTRICT_AFTER.match(after) or DISTRICT_AFTER.fullmatch(own_last_word):
        return 2
    if _SETTLEMENT_AFTER.match(after) or _SETTLEMENT_BEFORE.search(before):
        return 0
    return 3 if is_region_name(place.text) else 1  # "near Caad district of Mudug": the region frames the town


_COORDINATING = re.compile(r"\b(?:and|or)\b|&")
_LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)")


def _at_each_place(ctx: Context, segment: Segment, mention: EventMention) -> list[EventMention]:
    """The same event at each further place listed with its own ("seized Katana and Kabamba", "operations in
    Latakia, Tartous and Hama"): ACLED codes one event per location, sharing the evidence. The toll stays with
    the first, since the report does not say how it divides."""
    if mention.location is None or mention.location.evidence is None:
        return []
    places = sorted(
        (p for p in place_mentions(segment.sentence, ctx.catalogue, [], ctx.ents(segment.sentence))),
        key=lambda p: p.start,
    )
    text, anchor = ctx.article.text, mention.location.evidence.start
    chain = [p for p in places if p.start <= anchor < p.end or p.start == anchor]
    if not chain:  # a name NER missed ("namely Dhagaxdheer and Dahar-Cali Xaylow")
        evidence = mention.location.evidence
        chain = [PlaceMention(evidence.start, evidence.end, evidence.text, "GPE", None)]
    joints: list[str] = []
    for place in places:
        joint = _strip_suffix(text[chain[-1].end : place.start])
        if place.start > chain[-1].start and _LIST_JOINT.fullmatch(joint):
            chain.append(place)
            joints.append(joint)
    chain, joints = _listed_after(ctx, segment, chain, joints)
    if not any(_COORDINATING.search(joint) for joint in joints):
        return []  # "Sokolivka, Kharkiv": a town and its province, one place
    return [
        mention.model_copy(
            update={
                "id": "evm_" + hashlib.sha256(f"{mention.id}@{place.start}".encode()).hexdigest()[:16],
                "location": _as_location(ctx, place, place.country or mention.location.country),
                "fatalities": Fatalities(),
            }
        )
        for place in chain[1:]
        if not _is_country(place, ctx)
    ]


def _listed_after(
    ctx: Context, segment: Segment, chain: list[PlaceMention], joints: list[str]
) -> tuple[list[PlaceMention], list[str]]:
    """ "around Bakhmut, Marinka and Lyman": names NER missed still continue a list a place opened, when the
    list closes with "and" or "or" (not "in Gaza, Hamas said")."""
    text, extra, extra_joints, end = ctx.article.text, [], [], chain[-1].end
    while (listed := _LISTED_NAME.match(text, end, segment.sentence.end_char)) is not None:
        name = listed.group("name")
        if {name, name.split()[0]} & (_NOT_NAMES | set(ctx.catalogue.countries.demonyms)):
            break
        extra.append(PlaceMention(listed.start("name"), listed.end("name"), name, "GPE", None))
        extra_joints.append(listed.group("joint"))
        end = listed.end("name")
    closed = [i for i, joint in enumerate(extra_joints) if _COORDINATING.search(joint)]
    if not closed:
        return chain, joints
    last = closed[-1] + 1  # up to the member after the last "and" ("…and Lyman, Ukraine's army said")
    return chain + extra[:last], joints + extra_joints[:last]


_LISTED_NAME = re.compile(
    rf"(?P<joint>{_LIST_JOINT.pattern})"
    r"(?P<name>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})(?![\w'’-])(?!\s+(?:[A-Z]|of\b|and\s+[a-z]))"
)


def _strip_suffix(between: str) -> str:
    """The words between two listed places without the first one's admin word ("Sagaing Region and")."""
    return _ADMIN_SUFFIX.sub("", between, count=1)


# Towns and regions before facilities and buildings (FAC, or an ORG name read as a place: "at the Walker Library").
_SPECIFICITY = {"GPE": 0, "LOC": 1}


_ADMIN_AFTER = re.compile(r"^(?:\s+(?:city|town|village|district))?\s*\(([^()]{2,80})\)")


def _event_country(ctx: Context, place: PlaceMention | None) -> str | None:
    if place is None:
        return ctx.country
    if place.country is not None:
        return place.country
    admin = _ADMIN_AFTER.match(ctx.article.text[place.end : place.end + 90])
    admin_names = [part.strip() for part in admin.group(1).split(",")] if admin else []
    return event_country(_bare_place(place.text), admin_names, ctx.catalogue, ctx.country)


def _bare_place(name: str) -> str:
    # "Marte Local" (Government Area), "Gwoza LGA": the area's own name
    return re.sub(r"\s+(?:city|town|village|district|province|governorate|local|LGA)$", "", name, flags=re.IGNORECASE)


def _only_named_abroad(ctx: Context, place: PlaceMention) -> bool:
    """A foreign country as the only place, named without "in", "over" or "into" ("embassies, including those of
    Rwanda", "Israel says…"): a government, a nationality or a backer, not where anything happened."""
    if not ctx.whole_report or not _is_country(place, ctx) or ctx.country is None:
        return False  # a one-line item has no other scene to offer
    if ctx.catalogue.countries.names.get(place.text) == ctx.country:
        return False
    before = ctx.article.text[max(0, place.start - 24) : place.start]
    return not _PLACED_IN.search(before)


_PLACED_IN = re.compile(r"\b(?:in|over|into|inside|across|throughout|to)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)


def _is_country(place: PlaceMention, ctx: Context) -> bool:
    return ctx.catalogue.countries.names.get(place.text) is not None


def _as_location(ctx: Context, place: PlaceMention, country: str | None) -> Location:
    text = ctx.article.text
    start, end, name = place.start, place.end, place.text
    direction = _COUNTRY_LEVEL.search(text[max(0, start - 20) : start])
    if direction:
        start -= len(direction.group(0))
        name = text[start:end]
    rest = _NAME_CONTINUES.match(text, end)  # NER stops at "del": "San Fernando del Valle de Catamarca"
    if rest:
        end = rest.end()
        name = text[start:end]
    suffix = _ADMIN_SUFFIX.match(text[end : end + 20])
    if suffix:
        end += suffix.end()
    article = re.match(r"the\s+", name, re.IGNORECASE)
    if article and len(name) > article.end():  # "the Kroum al-Marah area": the place is Kroum al-Marah
        start, name = start + article.end(), name[article.end() :]
    # "Burma", "the DRC": a country under another of its names is coded by its ACLED name ("Gaza", a town and
    # a region the gazetteer knows, keeps its own)
    if not place_countries(name, ctx.catalogue):
        name = ctx.catalogue.countries.names.get(name, name)
    return Location(name=_bare_place(name), country=place.country or country, evidence=ctx.article.span(start, end))


# A following sentence that starts another incident: a separation word, a cumulative period, a new day.
_OTHER_INCIDENT = re.compile(
    r"\b(?:separate(?:ly)?|elsewhere|meanwhile|in\s+(?:another|a\s+(?:second|similar|related|different))|"
    r"another\s+(?:attack|incident|strike|raid|clash|bombing|explosion|blast|ambush|operation)|earlier|"
    r"previously|since|so\s+far|in\s+total|last\s+(?:week|month|year)|(?:the\s+)?(?:previous|next|following)\s+day|"
    r"a\s+day\s+(?:earlier|later)|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)
# A place named with a locative ("In Aleppo, ...", "near the town of Sarmin"); new when the incident's own
# sentence does not name it.
_PLACE_NAMED = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|on\s+the\s+(?:town|village|city|district|area)\s+of)\s+"
    r"(?:the\s+(?:town|village|city|district|province|area)\s+of\s+)?([A-Z][\w'-]+)"
)
# A crowd's own words ("March" the month is not a march).
_PROTEST_WORD = re.compile(
    r"\b(?:(?i:protest\w*|demonstrat\w*|rall(?:y|ied|ies|ying)|gather(?:ed|ing|s)?|vigil|sit-in|picket\w*)"
    r"|march(?:ed|es|ing|ers)?)\b"
)
# Deaths belong to violence: only these borrow a toll from a sentence that opened an incident of its own.
_VIOLENT = {
    EventType.BATTLES,
    EventType.EXPLOSIONS_REMOTE_VIOLENCE,
    EventType.VIOLENCE_AGAINST_CIVILIANS,
    EventType.RIOTS,
}
FOLLOWING_SENTENCES = 3  # how many sentences after an incident may still state its toll


def _fatalities(article: Article, segment: Segment, next_incident: int | None) -> Fatalities:
    """The incident's toll: its own clause first, else the first sentence continuing it that states one.

    - A peaceful protest has no deaths by ACLED's definition (violence would make it another sub-type): a
      death it names is its cause ("protest over the killing of two activists").
    - A party's claim of its own kills ("the army said it killed 300 militants") is not merged into an
      independently reported toll: ACLED codes the most conservative credible figure. A claim alone is kept
      as a high bound only ("up to 300"), so it neither sets ACLED's figure nor outweighs a reported toll.
    - An ACLED note's own statement of the figure it codes ("Fatalities coded as 3", "split between 2
      events") settles a vague, disputed or shared toll.
    - A later sentence gives the toll only while it tells the same incident: it stops at a new paragraph, a
      separation cue ("in a separate attack", "since January") or a place not named before. A sentence that
      opened an incident of its own lends only a toll stated by its victims ("Three soldiers were killed."),
      not a new act with its own killer, and only to a violent incident (an arrest borrows no deaths).
    """
    if segment.sub_event is SubEventType.PEACEFUL_PROTEST and _PROTEST_WORD.search(
        article.text, segment.start, segment.end
    ):
        return Fatalities()
    coded = fatalities.coding_statement(article.text)
    if coded is not None and coded.total is not None:
        return Fatalities(best=coded.share(coded.total), evidence=article.span(coded.start, coded.end))
    toll = _reported_toll(article, segment, next_incident)
    if coded is not None and (toll.best is not None or toll.low is not None):
        return Fatalities(best=coded.share(toll.acled()), evidence=toll.evidence)
    return toll


def _reported_toll(article: Article, segment: Segment, next_incident: int | None) -> Fatalities:
    stated: list[tuple[list[fatalities.FatalityFigure], int]] = []
    for text, offset, continues in _toll_texts(article, segment, next_incident):
        figures = [
            f for f in fatalities.find_fatalities(text) if continues or not fatalities.ACTIVE_KILL.match(f.phrase)
        ]
        if figures:
            stated.append((figures, offset))
        if any(not figure.claimed for figure in figures):
            break
    if not stated:
        return _elliptical_toll(article, segment)
    figures, offset = next(((f, o) for f, o in stated if any(not x.claimed for x in f)), stated[0])
    independent = [f for f in figures if not f.claimed]
    figure = max(independent or figures, key=lambda f: f.acled)
    evidence = article.span(offset + figure.start, offset + figure.end)
    if figure.claimed:
        claimed = max(v for v in (figure.best, figure.low, figure.high) if v is not None)
        return Fatalities(high=claimed, evidence=evidence)
    return Fatalities(best=figure.best, low=figure.low, high=figure.high, evidence=evidence)


def _elliptical_toll(article: Article, segment: Segment) -> Fatalities:
    """ "…, four in the central town of Deir al-Balah": a place's share of a toll listed place by place
    (``_tolls_by_place``), killed as the list's first figure says."""
    found = _ELLIPTICAL_TOLL.match(article.text, segment.start, segment.end)
    number = parse_number(found["n"]) if found else None
    if found is None or number is None:
        return Fatalities()
    return Fatalities(best=number, evidence=article.span(found.start("n"), found.end("n")))


def _toll_texts(article: Article, segment: Segment, next_incident: int | None) -> list[tuple[str, int, bool]]:
    """(text, offset, continues the incident untold) for the segment, then the sentences of its paragraph
    after it that may still state its toll; False from the sentence that opens the next incident on."""
    texts = [(article.text[segment.start : segment.end], segment.start, True)]
    sentence = segment.sentence
    if article.text[segment.end : sentence.end_char].strip():
        return texts  # a later incident in the same sentence comes first
    doc, own = sentence.doc, article.text[sentence.start_char : sentence.end_char]
    position, told_until = sentence.end, sentence.start_char + len(own.rstrip())
    for _ in range(FOLLOWING_SENTENCES):
        if position >= len(doc):
            break
        nxt = doc[position].sent
        position = nxt.end
        text = article.text[nxt.start_char : nxt.end_char]
        if "\n" in article.text[told_until : nxt.start_char] or "\n" in (text.strip() or text):
            break  # a new paragraph
        told_until = nxt.start_char + len(text.rstrip())
        if _OTHER_INCIDENT.search(text) or any(p not in own for p in _PLACE_NAMED.findall(text)):
            break
        untold_here = next_incident is None or nxt.start_char < next_incident
        if not untold_here and (segment.sub_event is None or segment.sub_event.event_type not in _VIOLENT):
            break
        texts.append((text, nxt.start_char, untold_here))
    return texts


def _claims(ctx: Context, segment: Segment, sentences: list[Span]) -> list[Claim]:
    """Claims in the event's sentence and its neighbours (a denial or a claim of responsibility often
    follows the report)."""
    index = next(i for i, s in enumerate(sentences) if s.start_char == segment.sentence.start_char)
    claims: list[Claim] = []
    for neighbour in sentences[max(0, index - 1) : index + 2]:
        about_this = neighbour is segment.sentence or is_attribution(
            doc_text(neighbour.doc)[neighbour.start_char : neighbour.end_char]
        )
        for claim in _sentence_claims(ctx, neighbour):
            if not about_this and claim.stance is Stance.ASSERTS:
                continue  # a neighbour's assertion is usually about its own fact
            claims.append(claim)
    for later in segment.continuations:  # "The local resistance committee reported that shelling struck the camp"
        if later.sentence is not segment.sentence:
            claims += [c for c in _sentence_claims(ctx, later.sentence) if c not in claims]
    return claims


def _sentence_claims(ctx: Context, sent: Span) -> list[Claim]:
    cached = ctx.claims_by_sentence.get(sent.start_char)
    if cached is not None:
        return cached
    result: list[Claim] = []
    for span in find_claims(sent.text):
        by = _source_name(ctx, span.by, sent.start_char)
        start, end = sent.start_char + span.start, sent.start_char + span.end
        result.append(Claim(by=by, stance=span.stance, about=span.about, evidence=ctx.article.span(start, end)))
    ctx.claims_by_sentence[sent.start_char] = result
    return result


_NAMED = re.compile(r"[A-Z]")
_MINISTRY = re.compile(r"\bministr(?:y|ies)\b", re.IGNORECASE)
# "the group said", "the militia said": the organisation the report last named
_GROUP_WORD = re.compile(
    r"(?:armed\s+|rebel\s+|militant\s+|jihadist\s+|insurgent\s+)?(?:group|militia|rebels|rebel alliance|movement|"
    r"insurgents|militants|alliance|coalition)",
    re.IGNORECASE,
)
_NON_STATE = {ActorType.REBEL_GROUP, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA}


def _source_name(ctx: Context, written: str, sentence_start: int) -> str:
    """One name per source: the catalogue's for a known actor, its own for a ministry ("Russian defence
    ministry", not the whole government), the group last named for "the group"."""
    if _GROUP_WORD.fullmatch(written):
        return _last_named_group(ctx, sentence_start) or written
    resolved = ctx.catalogue.lookup(written, ctx.country)
    if resolved is None or (_MINISTRY.search(written) and resolved.name.startswith("Government of")):
        return written  # "Russian defence ministry", not the whole government
    if resolved.entry.role == "source":
        return resolved.name  # a monitor or an agency: one name for "SOHR" and "the Syrian Observatory"
    state = resolved.name.startswith(("Military Forces", "Government of"))
    if resolved.entry.generic and state and resolved.country:
        return ctx.catalogue.government_of(resolved.country)  # the regime speaks as its government
    if resolved.entry.generic and _NAMED.search(written):
        return written  # "El Fasher Resistance Committees": a kind the report names by its own name
    return resolved.name  # parties answer under the name their denials are matched by (``attach_denials``)


def _last_named_group(ctx: Context, at: int) -> str | None:
    """The non-state armed group the report names last before ``at``, else the next one it names soon after
    ("…on a rebel position, the militia said. The attack was near an office held by a PDF")."""
    groups = [e for e in ctx.doc.ents if e.label_ == ACTOR_LABEL]
    before = reversed([e for e in groups if e.end_char <= at])
    after = [e for e in groups if at <= e.start_char < at + GROUP_NAMED_AFTER_CHARS]
    for ent in [*before, *after]:
        resolved = ctx.catalogue.resolve_id(ent.ent_id_, ctx.country)
        if resolved is not None and resolved.actor_type in _NON_STATE and not resolved.entry.generic:
            return ent.text
    return None


GROUP_NAMED_AFTER_CHARS = 600


def attach_denials(mentions: list[EventMention], ctx: Context, sentences: list[Span]) -> list[EventMention]:
    """A party's denial anywhere in the article ("the regime has denied targeting civilians") belongs to
    the events that party took part in."""
    denials = [c for sent in sentences for c in _sentence_claims(ctx, sent) if c.stance is Stance.DENIES]
    result: list[EventMention] = []
    for mention in mentions:
        parties = _party_names(mention)
        extra = [c for c in denials if c.by in parties and all(c.evidence != d.evidence for d in mention.claims)]
        result.append(mention.model_copy(update={"claims": [*mention.claims, *extra]}) if extra else mention)
    return result


def _party_names(mention: EventMention) -> set[str]:
    """The acting side (a denial comes from the alleged perpetrator), a military also answering as its
    government."""
    actors = [mention.actor1, *mention.assoc_actors_1]
    names = {a.name for a in actors if a is not None}
    return names | {n.replace("Military Forces of", "Government of", 1) for n in names}

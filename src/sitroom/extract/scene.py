"""Scene choice: the one place an incident happened, among those its sentence (or a later one) names.

ACLED codes an event to the populated place: a named settlement before a district, a region or a country,
a town before a facility; a place that only frames another ("Darfur's Zamzam camp"), an institution or a
country named as an actor's ("Ethiopia's military") is no scene.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from sitroom.extract.context import Context
from sitroom.extract.countries import CALENDAR_WORD, is_region_name
from sitroom.extract.incidents import NAMED_INCIDENT
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
from sitroom.extract.segments import Segment
from sitroom.model import EventType

_LOCATIVE = re.compile(
    # "entered Bukavu", "seized Katana": the ground a verb of taking or assault takes is a scene as well
    r"\b(?:in|at|near|on|into|of|around|outside|across|towards?|from|over|inside|namely|entered|stormed|"
    r"overr[au]n|besieged|shelled|bombarded|captured|seized|retook|recaptured)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$",
    re.IGNORECASE,
)


def names_another_place(ctx: Context, segment: Segment, told: Segment) -> bool:
    """Whether a toll told after a remote attack is at a place of its own: a named place narrower than a
    country that the attack's sentence does not name, while the attack itself is placed (a lead with no place
    takes the toll's place instead, ``told_later``)."""
    if told.sub_event is None or told.sub_event.event_type is not EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        return False
    text = ctx.article.text
    here = incident_place(
        ctx, segment, actor_mentions(segment.sentence, ctx.catalogue, ctx.country, ctx.ents(segment.sentence))
    )
    there = incident_place(
        ctx, told, actor_mentions(told.sentence, ctx.catalogue, ctx.country, ctx.ents(told.sentence))
    )
    if here is None or there is None or _place_level(text, here, ctx) >= 4:
        return False
    return bare_place(here.text).lower() not in text[told.sentence.start_char : told.sentence.end_char].lower()


_INCIDENT_AT = re.compile(
    NAMED_INCIDENT.pattern + r"\s+(?:at|in|on|near|outside)\s+(?:the\s+)?(?P<name>(?-i:[A-Z])[\w'’-]+"
    r"(?:[ -](?-i:[A-Z])[\w'’-]+){0,2})",
    re.IGNORECASE,
)


def incident_place(ctx: Context, segment: Segment, mentions: list[ActorMention]) -> PlaceMention | None:
    """The place the incident happened: a locative place in the segment, a town or region before a facility
    (ACLED codes to the populated place, and a gazetteer knows towns, not squares or schools), the first one
    named before later ones, a country last."""
    places = place_mentions(segment.sentence, ctx.catalogue, mentions, ctx.ents(segment.sentence))
    places += _named_settlements(ctx, segment.sentence, places, mentions)
    # A name running across a line break is a headline read into the next line, not a place.
    places = [p for p in places if "\n" not in p.text and not _names_a_people(ctx, p.text)]
    inside = [p for p in places if segment.start <= p.start < segment.end]
    if not inside and segment.end - segment.start == len(segment.sentence.text.rstrip()):
        inside = places
    text = ctx.article.text
    inside = _without_frames(text, inside)
    inside = [p for p in inside if not _where_it_was_told(text, segment, p)] or inside
    inside += _named_before_a_container(ctx, segment, inside, mentions)
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


# Where the dead were taken or the figures come from, not where it happened: "according to a casualty list provided
# by Nasser Hospital in Khan Younis", "the bodies were taken to a hospital in Deir al-Balah".
_ATTRIBUTION_BEFORE = re.compile(r"\baccording to\b|\b(?:taken|brought|rushed|transferred|evacuated)\s+to\b", re.I)


def _where_it_was_told(text: str, segment: Segment, place: PlaceMention) -> bool:
    """A place inside the clause naming the source or where the dead were taken, after the incident word (a
    hospital named as the scene, "stones thrown outside the hospital in Kota", stays the scene)."""
    trigger = segment.main_trigger
    if trigger is None or place.start < trigger.end:
        return False
    clause = text[trigger.end : place.start]
    return _ATTRIBUTION_BEFORE.search(clause) is not None and not re.search(r"[;.]\s", clause)


def _without_frames(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """The places without those that only frame another: "Darfur’s Zamzam camp", "Dhagaxdheer and Dahar-Cali
    Xaylow near Caad City" (the town after "near" places the ones before it)."""
    places = [p for p in places if not _owns_a_place(text, p, places) and not _part_of_a_place(text, p, places)]
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


def _part_of_a_place(text: str, place: PlaceMention, places: list[PlaceMention]) -> bool:
    """ "the Tufah area of Gaza City": a neighbourhood written as part of a named town; ACLED codes the town."""
    part = _PART_OF.match(text, place.end)
    return part is not None and any(other.start == part.end() for other in places if other is not place)


_PART_OF = re.compile(r"\s+(?:area|neighbou?rhood|quarter|suburb)\s+of\s+(?:the\s+)?", re.IGNORECASE)


def _names_a_people(ctx: Context, name: str) -> bool:
    """ "69 Alawites executed", "Syrians fled": a people NER read as a place."""
    singular = {name[:-1], name[:-2]} if name.endswith("s") else set()
    return bool(singular & (NOT_NAMES | set(ctx.catalogue.countries.demonyms)))


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
    # "in the northern Amhara region": a compass word before the name
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
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


# "shelled Kochubeivka, Kherson", "in Soledar, Donetsk", "at Tawileh (Al Hasakeh)": a name after a locative word or an
# attack verb, right before a place that holds it (NER often tags the well-known province and misses the village).
_CONTAINED_NAME = re.compile(
    r"(?<![\w'’-])(?:in|at|near|on|of|into|around|outside|towards?|shelled|struck|hit|attacked|bombed|raided|"
    r"targeted|captured|seized|entered|stormed)\s+(?P<name>[A-Z][\w'’-]{2,}(?:[ -][A-Z][\w'’-]+){0,2})"
    r"(?:\s*,\s*|\s*\(\s*)$"
)


def _named_before_a_container(
    ctx: Context, segment: Segment, places: list[PlaceMention], mentions: list[ActorMention]
) -> list[PlaceMention]:
    """Names no entity covers, written just before a place as the one it holds (see ``_CONTAINED_NAME``)."""
    text, found = ctx.article.text, []
    taken = [(p.start, p.end) for p in places] + [(m.start, m.end) for m in mentions]
    for place in places:
        match = _CONTAINED_NAME.search(text, max(segment.start, place.start - 60), place.start)
        if match is None:
            continue
        start, end = match.span("name")
        name = match.group("name")
        if any(s < end and start < e for s, e in taken) or _names_no_place(ctx, name) or _INSTITUTION.match(name):
            continue
        if ctx.catalogue.lookup(name) is not None:
            continue  # an actor ("attacked Hamas, Gaza's rulers")
        found.append(PlaceMention(start, end, name, "GPE", None))
    return found


def _names_no_place(ctx: Context, name: str) -> bool:
    """A capitalised name that is a month or a day, opens a sentence ("The", "IDP") or is a nationality."""
    return (
        bool(CALENDAR_WORD.match(name) or COMPASS_ONLY.fullmatch(name))
        or name.split()[0] in NOT_NAMES
        or name in ctx.catalogue.countries.demonyms
    )


def told_later(ctx: Context, segment: Segment, place: PlaceMention | None) -> PlaceMention | None:
    """The incident's place, or a narrower one a later sentence about it names: a lead says "an air attack on a
    rebel position", the next sentence "The attack was near an office in Sin Gut village"."""
    text = ctx.article.text
    level = _place_level(text, place, ctx) if place is not None else NOT_A_SCENE
    if 0 < level < 3 and _UNNAMED_SETTLEMENT.search(text, segment.start, segment.end):
        level = 3  # "an attack on a displacement camp in Darfur": the camp a later sentence names is the place
    if level < 3:
        return place
    for later in segment.continuations:
        named = incident_place(
            ctx, later, actor_mentions(later.sentence, ctx.catalogue, ctx.country, ctx.ents(later.sentence))
        )
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
        while name.rsplit(None, 1)[-1] in NOT_NAMES and " " in name:  # "Zamzam IDP camp"
            name = name.rsplit(None, 1)[0]
        end = start + len(name)
        first = name.split()[0]
        overlaps = any(s < end and start < e for s, e in taken)
        if first in NOT_NAMES or first in ctx.catalogue.countries.demonyms or overlaps:
            continue
        found.append(PlaceMention(start, end, name, "GPE", None))
    return found


_POSSESSOR = re.compile(r"^.*['’]s\s+")
# Capitalised words that open a sentence or name no place ("The camp", "IDP camp", "Refugee camp").
NOT_NAMES = frozenset(
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
    country = is_country(place, ctx)
    if country and _COUNTRY_AS_ADJECTIVE.match(after):
        return NOT_A_SCENE
    if country or _POSSESSIVE.match(after):
        return 4
    # The width word may follow the name or end it ("Borno State" recognised as one name).
    own_last_word = " " + place.text.rsplit(None, 1)[-1] if " " in place.text.strip() else ""
    if REGION_AFTER.match(after) or REGION_AFTER.fullmatch(own_last_word):
        return 3
    if DISTRICT_AFTER.match(after) or DISTRICT_AFTER.fullmatch(own_last_word) or _is_neighbourhood(text, place):
        return 2
    if _SETTLEMENT_AFTER.match(after) or _SETTLEMENT_BEFORE.search(before):
        return 0
    return 3 if is_region_name(place.text) else 1  # "near Caad district of Mudug": the region frames the town


def _is_neighbourhood(text: str, place: PlaceMention) -> bool:
    """ "in Colonia Carolina", "no bairro Jardim Angela": a neighbourhood of the town the note names (Mexico's
    colonias, Brazil's bairros, barrios); ACLED codes the town, so it ranks with districts, below a town."""
    return bool(
        _NEIGHBOURHOOD.match(place.text) or _NEIGHBOURHOOD_BEFORE.search(text, max(0, place.start - 30), place.start)
    )


_NEIGHBOURHOOD = re.compile(r"(?:Colonia|Col\.|Barrio|Bairro|Fraccionamiento)(?:\s|$)", re.IGNORECASE)
_NEIGHBOURHOOD_BEFORE = re.compile(
    r"\b(?:colonia|barrio|bairro|fraccionamiento)\s+(?:(?:de|del|do|da)\s+)?$", re.IGNORECASE
)


# Towns and regions before facilities and buildings (FAC, or an ORG name read as a place: "at the Walker Library").
_SPECIFICITY = {"GPE": 0, "LOC": 1}


def bare_place(name: str) -> str:
    # "Marte Local" (Government Area), "Gwoza LGA": the area's own name
    return re.sub(r"\s+(?:city|town|village|district|province|governorate|local|LGA)$", "", name, flags=re.IGNORECASE)


def only_named_abroad(ctx: Context, place: PlaceMention) -> bool:
    """A foreign country as the only place, named without "in", "over" or "into" ("embassies, including those of
    Rwanda", "Israel says…"): a government, a nationality or a backer, not where anything happened."""
    if not ctx.whole_report or not is_country(place, ctx) or ctx.country is None:
        return False  # a one-line item has no other scene to offer
    if ctx.catalogue.countries.names.get(place.text) == ctx.country:
        return False
    before = ctx.article.text[max(0, place.start - 24) : place.start]
    return not _PLACED_IN.search(before)


_PLACED_IN = re.compile(r"\b(?:in|over|into|inside|across|throughout|to)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)


def is_country(place: PlaceMention, ctx: Context) -> bool:
    names = ctx.catalogue.countries.names  # "the Democratic Republic of Congo" as well as without its article
    return names.get(place.text) is not None or names.get(re.sub(r"^the\s+", "", place.text)) is not None

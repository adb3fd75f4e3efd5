"""Location records: the chosen place as ACLED names it, its country, and the same event at each listed place."""

from __future__ import annotations

import hashlib
import re

from sitroom.extract.context import Context
from sitroom.extract.countries import ADMIN1_WEIGHT, event_country, place_countries
from sitroom.extract.mentions import PlaceMention, place_mentions
from sitroom.extract.scene import NOT_NAMES, bare_place, is_country
from sitroom.extract.segments import Segment
from sitroom.model import EventMention, Fatalities, Location

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


_COORDINATING = re.compile(r"\b(?:and|or)\b|&")
# ", " / " and " / ", and ", or an aside about the member before closed by "and": "Katana, 11 km from the airport,
# and Kabamba".
_LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|,\s*[a-z0-9][^,;.()]{0,40},\s*(?:and|or)\s+)")


def at_each_place(ctx: Context, segment: Segment, mention: EventMention) -> list[EventMention]:
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
    for place in reversed(places):  # "seized Katana and Kabamba" placed at Kabamba: Katana opens its list
        joint = _strip_suffix(text[place.end : chain[0].start])
        if place.end <= chain[0].start and _LIST_JOINT.fullmatch(joint):
            chain.insert(0, place)
            joints.insert(0, joint)
    chain, joints = _listed_after(ctx, segment, chain, joints)
    if not any(_COORDINATING.search(joint) for joint in joints):
        return []  # "Sokolivka, Kharkiv": a town and its province, one place
    return [
        mention.model_copy(
            update={
                "id": "evm_" + hashlib.sha256(f"{mention.id}@{place.start}".encode()).hexdigest()[:16],
                "location": as_location(ctx, place, place.country or mention.location.country),
                "fatalities": Fatalities(),
            }
        )
        for place in chain
        if place.start != anchor and not is_country(place, ctx)
    ]


def _listed_after(
    ctx: Context, segment: Segment, chain: list[PlaceMention], joints: list[str]
) -> tuple[list[PlaceMention], list[str]]:
    """ "around Bakhmut, Marinka and Lyman": names NER missed still continue a list a place opened, when the
    list closes with "and" or "or" (not "in Gaza, Hamas said")."""
    text, extra, extra_joints, end = ctx.article.text, [], [], chain[-1].end
    while (listed := _LISTED_NAME.match(text, end, segment.sentence.end_char)) is not None:
        name = listed.group("name")
        if {name, name.split()[0]} & (NOT_NAMES | set(ctx.catalogue.countries.demonyms)):
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


_ADMIN_AFTER = re.compile(r"^(?:\s+(?:city|town|village|district))?\s*\(([^()]{2,80})\)")


def incident_country(ctx: Context, place: PlaceMention | None) -> str | None:
    if place is None:
        return ctx.country
    if place.country is not None:
        return place.country
    admin = _ADMIN_AFTER.match(ctx.article.text[place.end : place.end + 90])
    admin_names = [part.strip() for part in admin.group(1).split(",")] if admin else []
    owner = _owner(ctx, place)
    if owner is not None:
        # "Goma’s Salem market": a place held by a named town is in the town's country, whatever namesake it has
        # abroad.
        return event_country(owner, admin_names, ctx.catalogue, ctx.country)
    return event_country(bare_place(place.text), admin_names, ctx.catalogue, ctx.country)


_COMPASS = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
# "Sagaing Region’s Kani Township", "Borno State’s northern Gwoza": the possessor holds the place after it.
_OWNER_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<owner>[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){{0,3}})['’]s\s+(?:(?i:{_COMPASS})\s+)?$"
)


def _owner(ctx: Context, place: PlaceMention) -> str | None:
    """The town or area (not a country: "Ukraine’s Kursk incursion") written as holding ``place``, if the
    gazetteers know it as a place."""
    text = ctx.article.text
    match = _OWNER_BEFORE.search(text, max(0, place.start - 60), place.start)
    if match is None:
        return None
    owner = bare_place(match.group("owner"))
    countries = ctx.catalogue.countries
    if countries.names.get(owner) or owner in countries.demonyms or not place_countries(owner, ctx.catalogue):
        return None
    return owner


def _is_province(name: str, ctx: Context) -> bool:
    """Whether some country has a first-level region called ``name`` ("Morelos", "Donetsk")."""
    return any(weight == ADMIN1_WEIGHT for _, weight in place_countries(name, ctx.catalogue))


def as_location(ctx: Context, place: PlaceMention, country: str | None) -> Location:
    text = ctx.article.text
    start, end, name = place.start, place.end, place.text
    town, comma, container = name.partition(", ")
    if comma and town and (_is_province(container, ctx) or container in ctx.catalogue.countries.names):
        end, name = start + len(town), town  # "Cuernavaca, Morelos" read as one name: the town, in its state
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
    return Location(name=bare_place(name), country=place.country or country, evidence=ctx.article.span(start, end))

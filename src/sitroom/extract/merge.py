"""One record per incident: the mentions of one report that tell the same incident are folded together.

A report tells its lead incident several times (headline, lead, body), often with the place or the toll only
in one telling. ACLED codes one event per type, place and day, so the mentions that agree on those are one
record, completed from each other.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Protocol

from sitroom.extract.dates import latest_day, resolve_date
from sitroom.extract.mentions import DISTRICT_AFTER, REGION_AFTER
from sitroom.geo.normalise import spelled_alike
from sitroom.model import Actor, ActorType, EventMention, EventType, Location, SubEventType, TimePrecision

log = logging.getLogger(__name__)

CATCH_ALL = "Rebel forces"  # the catalogue's name for unnamed rebels
# How old an incident a report can still tell as news: ACLED codes what a report gives as recent, and reports
# recount older incidents ("last month", "on November 11" in a report of the 19th) as background.
STALE_AFTER_DAYS = 7
# What a killing told without a perpetrator can be the toll of (police firing on a crowd included).
_VIOLENT = frozenset(
    {
        EventType.BATTLES,
        EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        EventType.VIOLENCE_AGAINST_CIVILIANS,
        EventType.RIOTS,
        EventType.PROTESTS,
    }
)


class CountriesOf(Protocol):
    """The gazetteer's view of a place name: the countries having a town or region so called."""

    def __call__(self, name: str) -> set[str]: ...

    def is_region(self, name: str) -> bool: ...


def assemble(
    mentions: list[EventMention],
    text: str,
    published: dt.date | None,
    countries_of: CountriesOf,
) -> list[EventMention]:
    """The report's incidents, one record each: summaries of several places dropped, repeated tellings merged,
    the headline folded into the body, old incidents dropped, a vaguely placed telling joined to the named place
    it describes, a killing told without a perpetrator joined to the incident it is the toll of, and an
    unattributed strike given the one side whose strikes the report tells."""
    mentions = [_intercepted_after(m, text) for m in mentions]
    merged = fold_headline(merge_mentions(drop_summaries(mentions, countries_of)), text)
    folded = fold_unplaced(fold_tolls(fold_vague_places(drop_stale(merged, published, text), countries_of)))
    return fill_unnamed_strikers(fold_movements(folded))  # last: a filled side must not change what merges


def fill_unnamed_strikers(mentions: list[EventMention]) -> list[EventMention]:
    """ "Three children were killed in an air strike in Gaza City": a report whose other strikes of the same
    kind all name one military tells of its campaign; an unattributed strike of that kind is the same side's
    (ACLED codes the attacker the report implies). Two different strikers in the report leave it unnamed."""
    filled = list(mentions)
    for kind in _REMOTE_STRIKES:
        strikers = {m.actor1.name: m.actor1 for m in mentions if m.sub_event_type is kind and m.actor1}
        if len(strikers) != 1:
            continue
        (striker,) = strikers.values()
        filled = [
            m.model_copy(update={"actor1": striker})
            if m.sub_event_type is kind and m.actor1 is None and _same_campaign(m, striker)
            else m
            for m in filled
        ]
    return filled


# "In another incident, a drone attack targeted a car": told as apart from the campaign around it
_APART = re.compile(r"\b(?:another|separate|unrelated)\s+(?:incident|attack|strike)|\belsewhere\b", re.IGNORECASE)


def _same_campaign(mention: EventMention, striker: Actor) -> bool:
    told_apart = mention.evidence is not None and _APART.search(mention.evidence.text)
    return not told_apart and (mention.actor2 is None or mention.actor2.name != striker.name)


# "All of the Shahed drones were detected and shot down", "air defence systems destroyed all targets"
_ALL_DOWNED = re.compile(
    r"\b(?:all|every one)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:drones|missiles|rockets|projectiles|UAVs)\s+(?:were|had been)\s+(?:\w+\s+and\s+)?"
    r"(?:shot down|intercepted|downed|neutrali[sz]ed)|"
    # "destroyed all targets" is a strike's success, unless air defences did it
    r"\bair[- ]defen[cs]es?\s+(?:[\w-]+\s+){0,2}?(?:shot down|intercepted|destroyed|downed|neutrali[sz]ed)\s+all\b",
    re.IGNORECASE,
)
_REMOTE_STRIKES = {SubEventType.AIR_DRONE_STRIKE, SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK}
INTERCEPTION_WINDOW = 240  # characters after the telling: the next sentence or two


def _intercepted_after(mention: EventMention, text: str) -> EventMention:
    """A strike the next sentence says was stopped whole ("Russia launched a drone attack on Kyiv. All of the
    drones were shot down") hit nothing: ACLED's Disrupted weapons use. A toll keeps it a strike."""
    if mention.sub_event_type not in _REMOTE_STRIKES or mention.fatalities.known:
        return mention
    end = mention.evidence.end
    if not _ALL_DOWNED.search(text, end, end + INTERCEPTION_WINDOW):
        return mention
    disrupted = SubEventType.DISRUPTED_WEAPONS_USE
    update: dict[str, object] = {"event_type": disrupted.event_type, "sub_event_type": disrupted}
    if mention.actor2 is not None and mention.actor2.actor_type is ActorType.STATE_FORCES:
        update |= {"actor1": mention.actor2, "actor2": mention.actor1}  # who stopped it acts
    return mention.model_copy(update=update)


def drop_summaries(mentions: list[EventMention], countries_of: CountriesOf) -> list[EventMention]:
    """ "Eight killed in Ukraine" before four in Khmelnytskyi, three in the Kyiv region and one in Mykolaiv: a
    country-wide telling that the report then tells place by place is their summary, not an incident of its own.
    Only who did it is not said again place by place, so the places take its actor."""
    kept = list(mentions)
    for mention in mentions:
        if mention.location is None:
            continue
        parts = _summed_parts(mention, kept)  # "23 killed across Gaza": 10 in Khan Younis, 4 in X and 9 in Y
        if not parts and (not _country_only(mention.location) or len(_places_within(mention, kept, countries_of)) < 2):
            continue
        log.info("summary: %s in %s", mention.sub_event_type, mention.location.name)
        kept = [
            _with_actor1(m, mention) if _within(m, mention, countries_of) or m in parts else m
            for m in kept
            if m is not mention
        ]
    return kept


def _summed_parts(mention: EventMention, mentions: list[EventMention]) -> list[EventMention]:
    """The two or more tolls the report gives place by place, for the same sub-type and day, that add up
    exactly to the mention's toll (none when they do not)."""
    if not mention.fatalities.known or mention.fatalities.acled() == 0:
        return []
    parts = [
        m
        for m in mentions
        if m is not mention
        and m.sub_event_type is mention.sub_event_type
        and m.fatalities.known
        and m.location is not None
        and m.location.name != mention.location.name  # type: ignore[union-attr]
        and (m.date is None or mention.date is None or m.date == mention.date)
    ]
    summed = len(parts) >= 2 and sum(m.fatalities.acled() for m in parts) == mention.fatalities.acled()
    return parts if summed else []


def drop_stale(mentions: list[EventMention], published: dt.date | None, text: str = "") -> list[EventMention]:
    """Incidents dated more than a week before the report are its background, not its news. A report without
    a publication date is as recent as the latest day it names: its incidents keep no date (ACLED dates only
    what the report dates), yet "Washington launched an offensive on March 15" in a report naming March 24
    is still background."""
    undated_report = published is None
    report_day = latest_day(text) if undated_report else published
    if report_day is None:
        return mentions
    kept = []
    for mention in mentions:
        date = mention.date
        if undated_report:  # only what the report leaves undated is judged by its latest day
            told = resolve_date(mention.evidence.text, report_day) if date is None else None
            date = told.date if told is not None and told.precision is TimePrecision.DAY else None
        if date is not None and (report_day - date).days > STALE_AFTER_DAYS:
            log.info("background: %s dated %s in a report of %s", mention.sub_event_type, date, report_day)
        else:
            kept.append(mention)
    return kept


def fold_vague_places(mentions: list[EventMention], countries_of: CountriesOf) -> list[EventMention]:
    """A telling placed only in a country or a region ("a Myanmar military airstrike on a village killed ten")
    is the incident the report places precisely elsewhere ("bombs on Nyaung Kone village"): it joins the
    nearest telling of the same event type at a named place inside that area. ACLED codes the named place."""
    folded = list(mentions)
    for mention in mentions:
        if mention.location is None or not _vague(mention.location, countries_of):
            continue
        inside = [m for m in folded if m is not mention and _narrows(m, mention, countries_of)]
        if not inside:
            continue
        target = min(inside, key=lambda m: (m.sub_event_type != mention.sub_event_type, _distance(m, mention)))
        record = _combine(target, mention, keep_type=True)
        if mention.evidence.start < target.evidence.start:  # the lead says what it was; the body says where
            record = record.model_copy(update={"sub_event_type": mention.sub_event_type})
        folded[folded.index(target)] = record
        folded.remove(mention)
    return folded


def _within(precise: EventMention, country: EventMention, countries_of: CountriesOf) -> bool:
    """A telling of the same event type and day as a country-wide one, at a place in that country."""
    place, area = precise.location, country.location
    if precise is country or place is None or area is None or _country_only(place):
        return False
    if precise.event_type is not country.event_type or not _same_day(precise, country):
        return False
    elsewhere = countries_of(place.name)
    return not elsewhere or area.country in elsewhere


def _places_within(country: EventMention, mentions: list[EventMention], countries_of: CountriesOf) -> set[str]:
    return {m.location.name for m in mentions if m.location is not None and _within(m, country, countries_of)}


def _with_actor1(precise: EventMention, summary: EventMention) -> EventMention:
    if precise.actor1 is not None or summary.actor1 is None or _same_actor(summary.actor1, precise.actor2):
        return precise
    return precise.model_copy(update={"actor1": summary.actor1, "assoc_actors_1": summary.assoc_actors_1})


def _vague(location: Location, countries_of: CountriesOf) -> bool:
    """A whole country or a first-level region ("Sagaing Region", "North Darfur"), not a town or a district."""
    return _location_level(location) >= 3 or countries_of.is_region(location.name)


def _narrows(precise: EventMention, vague: EventMention, countries_of: CountriesOf) -> bool:
    """Whether ``precise`` can be ``vague`` told with its place: same type and day, a place inside the area."""
    area, place = vague.location, precise.location
    if precise.event_type is not vague.event_type or place is None or area is None:
        return False
    if _vague(place, countries_of) or not _same_day(precise, vague):
        return False
    if _country_only(area):
        elsewhere = countries_of(place.name)
        return not elsewhere or area.country in elsewhere
    # A region: the precise telling names it ("Chaung Ma village in … Kani Township, Sagaing Region").
    region = REGION_AFTER.sub("", area.name).casefold()
    return region in precise.evidence.text.casefold() or _names_overlap(place, area)


def _distance(a: EventMention, b: EventMention) -> int:
    return abs(a.evidence.start - b.evidence.start)


def fold_tolls(mentions: list[EventMention]) -> list[EventMention]:
    """ "At least 10 had been shot dead", "the scene was a massacre": a killing told with no perpetrator at the
    place of a violent incident the report already tells (or at no place at all) is that incident's toll, not
    an attack of its own. ACLED codes one event per place and day."""
    folded = list(mentions)
    for mention in mentions:
        if not _unattributed_killing(mention):
            continue
        earlier = [m for m in folded if m is not mention and m.evidence.start < mention.evidence.start]
        told = [m for m in earlier if _same_scene(m, mention)]
        if told:
            target = told[-1]
            folded[folded.index(target)] = _combine(target, mention, keep_type=True)
            folded.remove(mention)
    return folded


_MOVEMENTS = frozenset({SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY, SubEventType.CHANGE_TO_GROUP_ACTIVITY})


def fold_movements(mentions: list[EventMention]) -> list[EventMention]:
    """ "RSF vehicles entered Zamzam under heavy fire" after "the RSF attacked Zamzam", "the army withdrew" from the
    airport the rebels took: a side moving into, out of (or handing over) the place where the report has it
    fighting that day is part of that fight. Ground cannot change hands without violence where its sides fought
    the same day."""
    folded = list(mentions)
    for mention in mentions:
        if mention.sub_event_type not in _MOVEMENTS or mention.location is None:
            continue
        fights = [m for m in folded if m is not mention and _fight_of(m, mention)]
        if fights:
            target = fights[0]
            if _lost_by(target, mention):  # the army that withdrew is the side the rebels took the town from
                target = target.model_copy(update={"actor2": mention.actor1})
            folded[folded.index(fights[0])] = _combine(target, mention, keep_type=True)
            folded.remove(mention)
    return folded


_TAKEOVERS = frozenset({SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, SubEventType.GOVERNMENT_REGAINS_TERRITORY})


def _lost_by(fight: EventMention, movement: EventMention) -> bool:
    """Whether the side that moved is the one a takeover with no named loser took the place from."""
    return (
        fight.sub_event_type in _TAKEOVERS
        and fight.actor2 is None
        and fight.actor1 is not None
        and movement.actor1 is not None
        and movement.actor1.name != fight.actor1.name
        and movement.actor1.actor_type not in (ActorType.CIVILIANS, ActorType.PROTESTERS, ActorType.RIOTERS)
    )


def _fight_of(fight: EventMention, movement: EventMention) -> bool:
    if fight.event_type not in _VIOLENT or fight.location is None or movement.location is None:
        return False
    # The side that moved is one of the fight's: the attacker going in, or the army withdrawing from a town the
    # report has the rebels capturing that day.
    parties = {actor.name for actor in (fight.actor1, fight.actor2) if actor is not None}
    if movement.actor1 is None or (movement.actor1.name not in parties and not _lost_by(fight, movement)):
        return False
    return (
        _same_day(fight, movement)
        and not _country_only(fight.location)
        and _location_level(fight.location) == _location_level(movement.location)
        and _names_overlap(fight.location, movement.location)
    )


def fold_unplaced(mentions: list[EventMention]) -> list[EventMention]:
    """A telling that names no place at all ("protesters overwhelmed police", "the jets struck again") is the
    incident of that sub-type told earlier in the report on that day (a demonstration and how far it went count
    as one): it joins the nearest one before it."""
    folded = list(mentions)
    for mention in mentions:
        if mention.location is not None:
            continue
        earlier = [m for m in folded if m is not mention and m.evidence.start < mention.evidence.start]
        alike = [m for m in earlier if _same_kind(m, mention) and _same_day(m, mention)]
        if alike:
            target = alike[-1]  # it keeps its reading: an unplaced aside never escalates how far a rally went
            folded[folded.index(target)] = _combine(target, mention, keep_type=True)
            folded.remove(mention)
    return folded


def _same_kind(a: EventMention, b: EventMention) -> bool:
    """The same sub-type, or two readings of one demonstration (how far it went)."""
    return a.sub_event_type is b.sub_event_type or _furthest(a, b) is not None


def _same_day(a: EventMention, b: EventMention) -> bool:
    """No two different days: a date known only to within the week before it (the report's day, for an incident
    the text does not date) is no different day from one inside that week."""
    if not (a.date and b.date and a.date != b.date):
        return True
    week, day = (a, b) if a.date > b.date else (b, a)
    return week.time_precision is TimePrecision.WEEK and 0 < (week.date - day.date).days < 7  # type: ignore[operator]


def _unattributed_killing(mention: EventMention) -> bool:
    actor = mention.actor1
    nobody_named = actor is None or not actor.known or actor.name.startswith("Unidentified")
    return mention.sub_event_type is SubEventType.ATTACK and nobody_named


def _same_scene(told: EventMention, toll: EventMention) -> bool:
    if told.event_type not in _VIOLENT or not _same_day(told, toll):
        return False
    if toll.location is None:
        return True
    if told.location is None or _country_only(toll.location):
        return False
    # The same named place, at the same width: a region-wide battle is no one village's toll.
    same_width = _location_level(told.location) == _location_level(toll.location)
    return same_width and _names_overlap(told.location, toll.location)


def merge_mentions(mentions: list[EventMention]) -> list[EventMention]:
    """One record per incident: later mentions that agree with an earlier one are folded into it."""
    merged: list[EventMention] = []
    for mention in mentions:
        target = next((m for m in merged if same_incident(m, mention)), None)
        if target is None:
            merged.append(mention)
        else:
            merged[merged.index(target)] = _combine(target, mention)
    return merged


def fold_headline(mentions: list[EventMention], text: str) -> list[EventMention]:
    """A headline restates the report's lead in fewer words ("Airstrikes Hit Three Resistance Strongholds"): an
    event read from it joins the first event of its type the body tells, whose place and actors are the
    precise ones. A headline whose event the body never tells stays an event."""
    first_line_end = text.find("\n")
    if first_line_end < 0 or text[:first_line_end].rstrip().endswith((".", "!", "?")):
        return mentions  # one line, or a first line that is a sentence: no headline
    folded = list(mentions)
    for mention in mentions:
        if mention.evidence.end > first_line_end:
            continue
        same_type = [m for m in folded if m.evidence.start > first_line_end and m.event_type is mention.event_type]
        target = next((m for m in same_type if _same_place(m.location, mention.location)), None)
        if target is not None:
            folded[folded.index(target)] = _combine(target, mention, keep_type=True)
            folded.remove(mention)
    return folded


def _same_place(body: Location | None, headline: Location | None) -> bool:
    """Whether a headline's place can be the body event's: unnamed or a whole country, or one name in the other."""
    if headline is None or _country_only(headline):
        return True
    return body is not None and _names_overlap(body, headline)


def same_incident(a: EventMention, b: EventMention) -> bool:
    if a.sub_event_type != b.sub_event_type:
        return _same_type_place_and_day(a, b)
    if not _same_day(a, b):
        return False
    if not (_compatible_actor(a.actor1, b.actor1) or _shared_party(a, b)):
        return False
    if a.location and b.location:
        country_only = _country_only(a.location) or _country_only(b.location)
        if not (country_only or _names_overlap(a.location, b.location)):
            return False
    return True


def _names_overlap(a: Location, b: Location) -> bool:
    """One place name inside the other in whole words ("Aleppo" / "Aleppo city", not "Pokrovsk" / "Pokrovske"),
    ignoring case, or two spellings of one name ("Mukhtariyeh" / "Mukhtariyah" in one report)."""
    la, lb = f" {_compass(a.name)} ", f" {_compass(b.name)} "
    return la in lb or lb in la or spelled_alike(a.name, b.name)


def _compass(name: str) -> str:
    """ "southern Gaza" and "south Gaza" are one area."""
    return _COMPASS_ADJECTIVE.sub(r"\1", name.casefold())


_COMPASS_ADJECTIVE = re.compile(r"\b(north|south|east|west)ern\b")


def _same_type_place_and_day(a: EventMention, b: EventMention) -> bool:
    """ACLED codes one event per type, place and day: a report that tells the police "dispersing" a rally and
    then "firing tear gas" at it in the same city tells one event, whatever sub-type each sentence reads as."""
    one_crowd = {a.event_type, b.event_type} <= _CROWD_TYPES  # a protest that turned into a riot is one event
    if (a.event_type != b.event_type and not one_crowd) or a.location is None or b.location is None:
        return False
    if not _same_day(a, b):
        return False
    if _country_only(a.location) or _country_only(b.location):
        return False
    return a.location.name.casefold() == b.location.name.casefold()


_CROWD_TYPES = frozenset({EventType.PROTESTS, EventType.RIOTS})
# How far a demonstration went, least to most: ACLED codes one demonstration by the furthest it went.
_CROWD_SEVERITY = (
    SubEventType.PEACEFUL_PROTEST,
    SubEventType.PROTEST_WITH_INTERVENTION,
    SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS,
    SubEventType.VIOLENT_DEMONSTRATION,
)


def _furthest(a: EventMention, b: EventMention) -> SubEventType | None:
    """The sub-type of one demonstration told twice: the furthest it went, when both readings are on the scale."""
    if a.sub_event_type in _CROWD_SEVERITY and b.sub_event_type in _CROWD_SEVERITY:
        return max(a.sub_event_type, b.sub_event_type, key=_CROWD_SEVERITY.index)
    return None


def _location_level(location: Location) -> int:
    """How wide a place is, as ``_place_level`` ranks it: 4 a country, 3 a region, 2 a district, else 1."""
    if _country_only(location):
        return 4
    named = location.evidence.text if location.evidence else location.name
    last_word = re.search(r"\S+$", named)
    tail = f" {last_word.group(0)}" if last_word else ""
    if REGION_AFTER.match(tail):
        return 3
    return 2 if DISTRICT_AFTER.match(tail) else 1


def _country_only(location: Location) -> bool:
    return location.country is not None and location.name.lower().endswith(location.country.lower())


def _compatible_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None or a.name == b.name:
        return True
    # A catch-all ("rebel forces") and a named group of the same type can be the same party.
    return a.actor_type == b.actor_type and (not a.known or not b.known or CATCH_ALL in {a.name, b.name})


def _shared_party(a: EventMention, b: EventMention) -> bool:
    """ "Russian and Syrian strikes" and "Syrian and Russian warplanes": the same attackers, ordered otherwise."""
    side_a = {x.name for x in [a.actor1, *a.assoc_actors_1] if x is not None}
    side_b = {x.name for x in [b.actor1, *b.assoc_actors_1] if x is not None}
    return bool(side_a & side_b)


def _richness(m: EventMention) -> int:
    return sum(x is not None for x in (m.actor1, m.actor2, m.location, m.date)) + int(m.fatalities.known)


def _same_actor(a: object, b: object) -> bool:
    return isinstance(a, Actor) and isinstance(b, Actor) and a.name == b.name


def _combine(a: EventMention, b: EventMention, keep_type: bool = False) -> EventMention:
    """``a`` and ``b`` told as one record: the richer one's fields, completed from the other; with ``keep_type``
    ``a`` stays the record and ``b`` (a headline restating it) only fills what ``a`` lacks."""
    best, other = (a, b) if keep_type or _richness(a) >= _richness(b) else (b, a)
    update: dict[str, object] = {}
    for name in ("actor1", "actor2", "location", "date", "date_evidence"):
        if getattr(best, name) is None and getattr(other, name) is not None:
            update[name] = getattr(other, name)
    if _same_actor(update.get("actor1", best.actor1), update.get("actor2", best.actor2)):
        update.pop("actor1" if "actor1" in update else "actor2", None)  # one party fills one side only
    if other.date is not None and (best.date is None or other.time_precision < best.time_precision):
        # the day one telling names beats the report's day another fell back to
        update |= {"date": other.date, "date_evidence": other.date_evidence, "time_precision": other.time_precision}
    narrower = best.location and other.location and _location_level(other.location) < _location_level(best.location)
    if narrower and not keep_type:
        update["location"] = other.location  # the lead says "a village", the body names it
    for name in ("assoc_actors_1", "assoc_actors_2"):
        names = {x.name for x in getattr(best, name)} | ({best.actor1.name} if best.actor1 else set())
        extra = [x for x in getattr(other, name) if x.name not in names]
        update[name] = [*getattr(best, name), *extra]
    larger = other.fatalities.acled() > best.fatalities.acled() and not keep_type  # a headline may sum several
    if larger or not best.fatalities.known:
        update["fatalities"] = other.fatalities if other.fatalities.known else best.fatalities
    seen = {(c.by, c.stance) for c in best.claims}
    update["claims"] = [*best.claims, *(c for c in other.claims if (c.by, c.stance) not in seen)]
    update["civilian_targeting"] = best.civilian_targeting or other.civilian_targeting
    update["confidence"] = max(best.confidence, other.confidence)
    furthest = None if keep_type else _furthest(best, other)
    if furthest is not None and furthest is not best.sub_event_type:
        update |= {"sub_event_type": furthest, "event_type": furthest.event_type}
        for slot, pick in (("actor1", other.actor1), ("actor2", other.actor2)):  # the sides of that reading
            update[slot] = pick if pick is not None else update.get(slot, getattr(best, slot))
    return best.model_copy(update=update)

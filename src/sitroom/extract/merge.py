"""One record per incident: the mentions of one report that tell the same incident are folded together.

A report tells its lead incident several times (headline, lead, body), often with the place or the toll only
in one telling. ACLED codes one event per type, place and day, so the mentions that agree on those are one
record, completed from each other.
"""

from __future__ import annotations

import re

from sitroom.extract.mentions import DISTRICT_AFTER, REGION_AFTER
from sitroom.model import Actor, EventMention, EventType, Location, SubEventType

CATCH_ALL = "Rebel forces"  # the catalogue's name for unnamed rebels


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
    if a.date and b.date and a.date != b.date:
        return False
    if not (_compatible_actor(a.actor1, b.actor1) or _shared_party(a, b)):
        return False
    if a.location and b.location:
        country_only = _country_only(a.location) or _country_only(b.location)
        if not (country_only or _names_overlap(a.location, b.location)):
            return False
    return True


def _names_overlap(a: Location, b: Location) -> bool:
    """One place name inside the other ("Aleppo" / "Aleppo city"), ignoring case."""
    la, lb = a.name.casefold(), b.name.casefold()
    return la in lb or lb in la


def _same_type_place_and_day(a: EventMention, b: EventMention) -> bool:
    """ACLED codes one event per type, place and day: a report that tells the police "dispersing" a rally and
    then "firing tear gas" at it in the same city tells one event, whatever sub-type each sentence reads as."""
    one_crowd = {a.event_type, b.event_type} <= _CROWD_TYPES  # a protest that turned into a riot is one event
    if (a.event_type != b.event_type and not one_crowd) or a.location is None or b.location is None:
        return False
    if a.date and b.date and a.date != b.date:
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


def _combine(a: EventMention, b: EventMention, keep_type: bool = False) -> EventMention:
    """``a`` and ``b`` told as one record: the richer one's fields, completed from the other; with ``keep_type``
    ``a`` stays the record and ``b`` (a headline restating it) only fills what ``a`` lacks."""
    best, other = (a, b) if keep_type or _richness(a) >= _richness(b) else (b, a)
    update: dict[str, object] = {}
    for name in ("actor1", "actor2", "location", "date", "date_evidence"):
        if getattr(best, name) is None and getattr(other, name) is not None:
            update[name] = getattr(other, name)
    if best.date is None and other.date is not None:
        update["time_precision"] = other.time_precision
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
    furthest = _furthest(best, other)
    if furthest is not None and furthest is not best.sub_event_type:
        update |= {"sub_event_type": furthest, "event_type": furthest.event_type}
        for slot, pick in (("actor1", other.actor1), ("actor2", other.actor2)):  # the sides of that reading
            update[slot] = pick if pick is not None else update.get(slot, getattr(best, slot))
    return best.model_copy(update=update)

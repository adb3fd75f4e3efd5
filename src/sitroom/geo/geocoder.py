"""Place each EventMention: the pipeline's geo stage.

For each mention: the place span extraction found (``mention.location``) is resolved with the
whole article as context; without one, the best place named in the mention's evidence sentence is
used, then the article's main place (at precision 2: the sentence does not say where exactly).
A name the gazetteer does not know is never guessed: it falls back to the town or district named right
after it as holding it ("Ajigin (Damboa, Borno)" -> Damboa, precision 2, "admin-fallback"), else to the admin
area its sentence names ("…in Idlib countryside" -> Idlib, precision 3), else stays "unresolved".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.normalise import name_key
from sitroom.geo.parse import OWNER_GAP, Toponym, find_toponyms, locate_name, resolve, span_toponym, to_location
from sitroom.model import Actor, Article, EventMention, Evidence, GeoPrecision, Location


@dataclass
class ArticlePlaces:
    """The article's toponyms, resolved once with the whole text as context."""

    toponyms: list[Toponym]
    country_code: str | None  # most frequent country among its resolved places
    text: str = ""

    def within(self, start: int, end: int) -> list[Toponym]:
        return [t for t in self.toponyms if t.chosen and start <= t.start and t.end <= end]

    def area_countries(self) -> set[str]:
        """Countries whose name or province the article writes, other than as an actor's ("Russia's invasion")."""
        return {t.chosen.country_code for t in _scenes(self.text, self.toponyms) if t.chosen and t.chosen.is_area}

    def main_place(self) -> Toponym | None:
        # A village the gazetteer lacks, held by a named area, is still a place the report is about.
        towns = [t for t in self.toponyms if t.chosen and (not t.chosen.is_area or t.stand_in)]
        # A report on Yemen that mentions "the Gaza war" is still about Yemen: a town of the country its places
        # mostly lie in comes first.
        towns = [t for t in towns if t.chosen and t.chosen.country_code == self.country_code] or towns
        if not towns:
            return None
        counts = Counter(t.chosen.id for t in towns if t.chosen)
        return max(towns, key=lambda t: (counts[t.chosen.id if t.chosen else 0], -t.start))


# Bump when placing changes what an article's mentions say: stored articles record it (with the extraction
# rules), and `sitroom reprocess` redoes those placed by another.
GEO_RULES_VERSION = "2026.12.06.1"


class GazetteerGeocoder:
    """The ``Geocoder`` the pipeline calls: ``geocoder(article, mentions) -> mentions``."""

    version = GEO_RULES_VERSION

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, article: Article, mentions: list[EventMention]) -> list[EventMention]:
        places = self.article_places(article)
        return [_placed(m, self.locate(article, places, m)) for m in mentions]

    def article_places(self, article: Article) -> ArticlePlaces:
        toponyms = resolve(article.text, find_toponyms(article.text, self.gazetteer))
        counts = Counter(t.chosen.country_code for t in toponyms if t.chosen)
        return ArticlePlaces(toponyms, counts.most_common(1)[0][0] if counts else None, article.text)

    def locate(self, article: Article, places: ArticlePlaces, mention: EventMention) -> Location | None:
        named = mention.location
        sentence = mention.evidence
        if named is not None and named.resolved:
            return self._with_admin(named)  # placed upstream: keep the point, name its admin areas
        if named is not None:
            found = self._resolve_named(article, places, _tidy(named), sentence)
            return self._in_named_country(article, places, _tidy(named), sentence, found)
        in_sentence = places.within(sentence.start, sentence.end)
        if in_sentence:
            return self._located(article, _most_specific(_scenes(article.text, in_sentence) or in_sentence))
        main = places.main_place()
        if main is None:
            return None
        location = self._located(article, main)
        precision = max(location.geo_precision or GeoPrecision.TOWN, GeoPrecision.NEAR)
        return location.model_copy(update={"geo_precision": GeoPrecision(precision)})

    def _in_named_country(
        self, article: Article, places: ArticlePlaces, named: Location, sentence: Evidence, found: Location
    ) -> Location:
        """The place again among the entries of the country extraction placed the event in, when the ranking put it
        in a country the text never names while it names that one or one of its provinces: "Kani Township" in a
        report on Sagaing is not Kani in Japan. A country only inferred from ambiguous town names ("El Alto (La
        Paz)") is no surer than the ranking, and a place in a country the text names stays ("a rally in Paris …
        in France against the invasion of Ukraine"). Kept when the named country has no such place."""
        code = self.gazetteer.country_code(named.country)
        named_areas = places.area_countries()
        if code is None or code not in named_areas:
            return found
        if found.resolved and self.gazetteer.country_code(found.country) in named_areas:
            return found
        context = article.text[sentence.start : max(sentence.end, named.evidence.end if named.evidence else 0)]
        again = locate_name(named.name, context, code, self.gazetteer)
        return again.model_copy(update={"evidence": named.evidence}) if again.resolved else found

    def _with_admin(self, location: Location) -> Location:
        """Fill country/admin1/admin2 of a point that came without them (reverse lookup on the index)."""
        if location.admin1 or location.latitude is None or location.longitude is None:
            return location
        near = self.gazetteer.reverse(location.latitude, location.longitude)
        if near is None:
            return location
        return location.model_copy(
            update={"country": location.country or near.country, "admin1": near.admin1, "admin2": near.admin2}
        )

    def _located(self, article: Article, top: Toponym) -> Location:
        location = to_location(self.gazetteer, top, article.text)
        return location.model_copy(update={"evidence": article.span(top.start, top.end)})

    def _resolve_named(self, article: Article, places: ArticlePlaces, named: Location, sentence: Evidence) -> Location:
        """Resolve the span extraction found; fall back to its sentence's admin area, never a guess."""
        span = named.evidence
        if span is not None:
            # A toponym that is only part of the name ("Boca" in "Boca del Rio") is another place when the
            # gazetteer knows the whole name.
            whole = len(name_key(named.name))
            partial_ok = not self.gazetteer.lookup(named.name)
            overlapping = [
                t
                for t in places.toponyms
                if t.chosen
                and t.start < span.end
                and span.start < t.end
                and not _NAME_BEFORE.fullmatch(article.text, span.start, max(span.start, t.start))
                and (partial_ok or len(name_key(t.text)) >= whole)
            ]
            if overlapping:
                return self._located(article, overlapping[0]).model_copy(update={"name": named.name})
        start = span.start if span else sentence.start
        end = span.end if span else sentence.start + len(named.name)
        candidates = self.gazetteer.lookup(named.name)
        known = frozenset(name_key(t.text) for t in places.toponyms if t.chosen)
        top = span_toponym(article.text, start, end, named.name, candidates, known) if candidates else None
        if top is not None:
            # Rank this name among the article's own places, so they give it country and proximity context.
            # In text order, so the places written after it ("Kwande LGA (Benue)") are read as its containers.
            resolve(article.text, sorted([*(replace(t) for t in places.toponyms), top], key=lambda t: t.start))
            if top.chosen is not None:
                return to_location(self.gazetteer, top, article.text).model_copy(
                    update={"name": named.name, "evidence": named.evidence}
                )
        return self._fallback(article, places, named, sentence)

    def _stand_in(self, toponym: Toponym, article: Article, named: Location, precision: GeoPrecision) -> Location:
        """The place ``named`` located at a resolved place standing in for it, at ``precision``."""
        return to_location(self.gazetteer, toponym, article.text).model_copy(
            update={
                "name": named.name,
                "geo_precision": precision,
                "resolution": "admin-fallback",
                "evidence": named.evidence,
            }
        )

    def _fallback(self, article: Article, places: ArticlePlaces, named: Location, sentence: Evidence) -> Location:
        # "with Burkina Faso’s military at X": a country named for its forces is no scene for a place extraction put
        # elsewhere.
        own = self.gazetteer.country_code(named.country)
        in_sentence = [
            t
            for t in places.within(sentence.start, sentence.end)
            if t.chosen and (t.chosen.country_code == own or t in _scenes(article.text, [t]))
        ]
        town = _container_town(article.text, named, in_sentence)
        if town is not None:
            # "Ajigin (Damboa, Borno)", "Se Gyi village (Budalin township, …)": a village the gazetteer lacks lies
            # in or near the town or district the text names right after it; better than the province's centre.
            return self._stand_in(town, article, named, GeoPrecision.NEAR)
        areas = [t for t in in_sentence if t.chosen and (t.chosen.is_area or t.hint == "countryside")]
        if areas:
            # The province nearest the name in the text; a whole country only when nothing narrower is named.
            anchor = named.evidence.start if named.evidence else sentence.start
            nearest = min(
                areas, key=lambda t: (t.chosen is not None and t.chosen.feature == "PCLI", abs(t.start - anchor))
            )
            return self._stand_in(nearest, article, named, GeoPrecision.REGION)
        towns = [t for t in _scenes(article.text, in_sentence) if t.chosen and not t.chosen.is_area]
        if towns:
            # "protested in front of Edesur in Lomas de Zamora": a name the gazetteer lacks (a building, a company,
            # a quarter) in a sentence that names a town stands near that town.
            return self._stand_in(_most_specific(towns), article, named, GeoPrecision.NEAR)
        # Extraction's country when the text names it as a place ("a northern Mali town"), else the article's.
        return Location(
            name=named.name,
            country=self.gazetteer.country_name(own if own in places.area_countries() else places.country_code),
            resolution="unresolved",
            evidence=named.evidence,
        )


# ACLED names these after the country the event happened in, not after who they are: "Protesters (France)" at a
# rally in Paris against the war in Ukraine. Forces, governments and named groups keep their own country.
_NAMED_AFTER_SCENE = re.compile(
    r"(?P<kind>Protesters|Rioters|Civilians|Unidentified Armed Group|Unidentified Gang|Labou?r Group)"
    r" \((?P<country>[^()]+)\)"
)


def _placed(mention: EventMention, location: Location | None) -> EventMention:
    """The mention at its place, its scene-named actors renamed after the country the place lies in."""
    country = location.country if location is not None and location.latitude is not None else None
    update: dict[str, object] = {"location": location}
    if country:
        for slot in ("actor1", "actor2"):
            actor = getattr(mention, slot)
            update[slot] = _follow_scene(actor, country) if actor is not None else None
        for slot in ("assoc_actors_1", "assoc_actors_2"):
            update[slot] = [_follow_scene(a, country) for a in getattr(mention, slot)]
    return mention.model_copy(update=update)


def _follow_scene(actor: Actor, country: str) -> Actor:
    named = _NAMED_AFTER_SCENE.fullmatch(actor.name)
    if named is None or named["country"] == country or _names_its_nation(actor):
        return actor
    return actor.model_copy(update={"name": f"{named['kind']} ({country})", "country": country})


# "Ukrainian nationals", "the French citizens": a proper adjective before the people noun says whose they are.
_PROPER_ADJECTIVE = re.compile(r"(?:the\s+)?[A-Z][\w'’-]*\s+[a-z]")


def _names_its_nation(actor: Actor) -> bool:
    """Whether the report's words for the actor say whose people they are ("Ukrainian nationals staged a protest
    in Ankara"); extraction then named them after that country on purpose."""
    return actor.mention is not None and _PROPER_ADJECTIVE.match(actor.mention) is not None


# "Sin Gut": a toponym that is only the last words of one name ("Gut", a village in Ukraine) is another place;
# after "in" or "(" it is the town the name is in ("Town Hall in Exeter", "Bounou (Kompienga").
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*\s+)+")


_UNCLOSED = re.compile(r"\s*\([^()]*$")


def _tidy(named: Location) -> Location:
    """The place name without an unclosed bracket or a trailing comma ("Pigue (Buenos Aires" -> "Pigue"): what
    lies after the bracket are the areas holding the place, which the text still gives as context."""
    name = _UNCLOSED.sub("", named.name).rstrip(" ,;:")
    return named.model_copy(update={"name": name}) if name and name != named.name else named


# What lies between a place and the town or district holding it: "X (", "X, ", "X village of ", "X in ".
_CONTAINER_GAP = re.compile(
    r"(?:\s+(?:village|town|area|ward|community|locality|neighbou?rhood|camp))?"
    r"(?:\s*\(\s*|\s*,\s*|\s+(?:of|in|under|near)\s+)(?:the\s+)?",
    re.IGNORECASE,
)
CONTAINER_MAX_GAP = 40


def _container_town(text: str, named: Location, in_sentence: list[Toponym]) -> Toponym | None:
    """The town or district named right after an unresolved place as the one holding it, else the one owning it
    ("Goma’s Zzyzx market"), if any."""
    if named.evidence is None:
        return None
    start, end = named.evidence.start, named.evidence.end
    towns = [t for t in in_sentence if t.chosen is not None and t.chosen.feature in ("PPL", "ADM2")]
    following = [t for t in in_sentence if end <= t.start <= end + CONTAINER_MAX_GAP]
    after = min(following, key=lambda t: t.start, default=None)
    if after in towns and after.hint not in ("admin", "near") and _CONTAINER_GAP.fullmatch(text, end, after.start):
        return after
    return next((t for t in towns if t.end <= start and OWNER_GAP.fullmatch(text, t.end, start)), None)


# "Burkina Faso’s military", "Rwanda army", "Russia's invasion": a country named for its forces, rulers or war, not
# as a scene ("Syria’s war-torn north" still is one).
_ACTOR_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+)?(?:military|army|armed\s+forces|forces|troops|soldiers|government|ministry|police|"
    r"president|defen[cs]e|security|navy|air\s+force|authorities|junta|regime|officials?|prime\s+minister|leaders?|"
    r"invasion|offensive|aggression|war|embassy|ambassador|envoy|diplomats?)(?![\w-])",
    re.IGNORECASE,
)


def _scenes(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """The toponyms without countries named as an actor's ("in coordination with Burkina Faso’s military at X")."""
    return [t for t in toponyms if not (t.chosen and t.chosen.feature == "PCLI" and _ACTOR_AFTER.match(text, t.end))]


def _most_specific(toponyms: list[Toponym]) -> Toponym:
    """The sentence's most precise place; the first one on ties (news names the scene first)."""
    return min(toponyms, key=lambda t: (int(t.precision or GeoPrecision.REGION), t.start))

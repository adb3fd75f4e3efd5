"""The numbers a text states, in one comparable form (digits and spelled-out numbers alike)."""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

# "1,200" is one number; "25, 30" are two; "2.5" is a decimal; "25." ends a sentence.
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@lru_cache(maxsize=65536)
def numbers_in(text: str) -> frozenset[float]:
    """Every number in ``text``: "at least twenty-five, 1,200 and 2.5" -> {25, 1200, 2.5}.

    Spelled-out numbers are converted first so a brief saying "25" matches evidence saying
    "twenty-five" (and the other way round).
    """
    converted = alpha2digit(text, "en")
    return frozenset(float(token.replace(",", "")) for token in _NUMBER.findall(converted))

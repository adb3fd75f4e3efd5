"""The numbers a text states, in one comparable form (digits and spelled-out numbers alike)."""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

# "1,200" is one number; "25, 30" are two; "2.5" is a decimal; "25." ends a sentence. A figure stands as a word:
# digits inside a name ("news24.com", "M23", "d33x76.cloudfront.net", "F-16s") state no number.
_NUMBER = re.compile(r"(?<![^\W\d_])(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![^\W_])(?!\.[^\W\d_])")


@lru_cache(maxsize=65536)
def numbers_in(text: str) -> frozenset[float]:
    """Every figure in ``text``: "at least twenty-five, 1,200 and 2.5" -> {25, 1200, 2.5}; not the digits of a
    name or a web address.

    Spelled-out numbers are converted first so a brief saying "25" matches evidence saying
    "twenty-five" (and the other way round).
    """
    converted = alpha2digit(text, "en")
    return frozenset(float(token.replace(",", "")) for token in _NUMBER.findall(converted))

"""Numbers as news text writes them: digits, number words, and vague plurals ("dozens").

Digits ("25", "1,200") and number words ("twenty-five", "two hundred and fifty") become integers, the
latter through ``text2num``. Vague quantities ("dozens", "several", "scores of") come from the documented
rule table ``data/fatality_rules.yaml``, which says which figure ACLED would code and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from text_to_num import text2num

RULES_RESOURCE = "data/fatality_rules.yaml"

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ["hundred", "thousand", "million"]

_WORD = "(?:" + "|".join(sorted(_UNITS + _TENS, key=len, reverse=True)) + ")"
_SCALE = "(?:" + "|".join(_SCALES) + ")"
# "twenty-five", "two hundred and fifty", "one thousand two hundred": words joined by spaces, hyphens or "and".
# "and" only joins after a scale word ("two hundred and fifty"), never two numbers ("five and two").
_JOIN = r"(?:(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+|\s+|-)"
# A scale word alone ("million") is not a count: "a million" and "half a million" are in the rule table.
NUMBER_WORDS = rf"{_WORD}(?:{_JOIN}(?:{_WORD}|{_SCALE}))*"
# "25", "1,200", "1 200" is not accepted (too easily two numbers); "1.5" is not a head count.
NUMBER_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"


@dataclass(frozen=True)
class VagueQuantity:
    """One row of the rule table: a vague phrase and the range it stands for."""

    phrase: str
    best: int | None
    low: int | None
    high: int | None
    note: str


@dataclass(frozen=True)
class FatalityRules:
    """The whole rule table: vague quantities and which slot each modifier fills."""

    version: int
    quantities: dict[str, VagueQuantity]
    low_modifiers: tuple[str, ...]
    best_high_modifiers: tuple[str, ...]
    best_modifiers: tuple[str, ...]


def _parse_rules(raw: dict[str, Any], origin: str) -> FatalityRules:
    try:
        quantities = {
            phrase.lower(): VagueQuantity(
                phrase=phrase.lower(),
                best=row.get("best"),
                low=row.get("low"),
                high=row.get("high"),
                note=row.get("note", ""),
            )
            for phrase, row in raw["quantities"].items()
        }
        modifiers = raw["modifiers"]
        return FatalityRules(
            version=int(raw["version"]),
            quantities=quantities,
            low_modifiers=tuple(modifiers["low"]),
            best_high_modifiers=tuple(modifiers["best_high"]),
            best_modifiers=tuple(modifiers["best"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"fatality rule table {origin} is malformed: {exc!r}") from exc


@lru_cache(maxsize=1)
def load_rules() -> FatalityRules:
    """The packaged rule table (read once)."""
    text = resources.files("sitroom.extract").joinpath(RULES_RESOURCE).read_text(encoding="utf-8")
    return _parse_rules(yaml.safe_load(text), RULES_RESOURCE)


def _alternation(phrases: list[str] | tuple[str, ...]) -> str:
    """Regex alternation, longest first so "a dozen" wins over "a"; spaces match any whitespace."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def vague_pattern() -> str:
    """Regex source matching any vague quantity of the rule table (plural + optional "of")."""
    return rf"(?:{_alternation(list(load_rules().quantities))})(?:\s+of)?"


_WS = re.compile(r"\s+")
_OF_SUFFIX = re.compile(r"\s+of$")


def vague_quantity(phrase: str) -> VagueQuantity | None:
    """The rule-table row for a vague phrase ("Dozens of" -> dozens), None when it is not one."""
    key = _WS.sub(" ", phrase.strip().lower())
    rules = load_rules().quantities
    if key in rules:
        return rules[key]
    return rules.get(_OF_SUFFIX.sub("", key))


_DIGITS_RE = re.compile(rf"^(?:{NUMBER_DIGITS})$")


@lru_cache(maxsize=4096)
def parse_number(phrase: str) -> int | None:
    """An integer from digits or English number words; None when the phrase is not a plain number."""
    text = phrase.strip().lower()
    if _DIGITS_RE.match(text):
        return int(text.replace(",", ""))
    text = text.replace("-", " ")
    text = _WS.sub(" ", text)
    if text in ("a hundred", "a thousand"):
        text = text[2:]
    try:
        return int(text2num(text, "en"))
    except ValueError:
        return None

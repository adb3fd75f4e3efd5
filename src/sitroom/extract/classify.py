"""Sentence -> ACLED sub-event type (or none): the classification step of extraction.

Two classifiers share one small interface, ``classify(texts) -> list[Classification]``:

- ``KeywordClassifier``: a hand-written trigger lexicon per sub-event type, written from the
  ACLED codebook definitions (not fitted to any data). It is the baseline the bench compares
  against, and the fallback when the trained model's files or dependencies are missing.
- ``TrainedClassifier`` (in ``sitroom.extract.trained``): sentence embeddings + TF-IDF +
  keyword features into a linear model, trained by ``scripts/train_classifier.py``.

``load_classifier`` returns the best one available, built once per process.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sitroom.config import Settings
from sitroom.extract.triggers import compile_lower_case
from sitroom.model import SubEventType

log = logging.getLogger(__name__)

S = SubEventType


@dataclass(frozen=True)
class Classification:
    """The most salient ACLED sub-event type a text reports; ``None`` means no ACLED event."""

    sub_event_type: SubEventType | None
    score: float  # 0..1, the classifier's confidence in this label


class SentenceClassifier(Protocol):
    def classify(self, texts: Sequence[str]) -> list[Classification]: ...


# --------------------------------------------------------------------------- keyword baseline

# Trigger patterns per sub-event type, from the ACLED codebook (2023) definitions. Each entry is
# (regex, weight). Weights encode how specific a trigger is: "suicide bomber" names its sub-type
# outright (3+), "clashes" strongly suggests an armed clash (2), "attack" is weak evidence (1).
# Stems match any inflection ("clash" -> clashes, clashed); matching ignores case.


def words(*stems: str) -> str:
    """A regex matching any of the stems at a word start, with any inflection suffix."""
    return r"\b(?:" + "|".join(stems) + r")\w*"


def near(left: str, right: str, gap: int = 60) -> str:
    """``left`` followed by ``right`` within ``gap`` characters (same sentence)."""
    return left + r"[^.]{0," + str(gap) + "}" + right


_STATE = words("army", "troops", "government forces", "security forces", "soldiers", "military", "police")
_NON_STATE = words("militant", "rebel", "insurgent", "jihadist", "fighters", "militia", "gunmen", "terrorist")
_PROTEST = words("protest", "demonstrat", "rall", "march", "sit-in", "gathering")
_PROTESTERS = words("protester", "demonstrator", "marcher", "student demonstration", "peaceful demonstration")
_POLICING = words("dispers", "detain", "arrest", "tear ?gas", "water cannon", "rubber bullet", "baton")
_AIRCRAFT = words("warplane", "jet", "fighter jet", "helicopter", "aircraft", "bomber", "drone")
_WEAPONS = words("weapon", "arms", "explosive", "ammunition", "bomb", "ied", "mine", "rocket", "cache")

LEXICON: dict[SubEventType, list[tuple[str, float]]] = {
    S.ARMED_CLASH: [
        (words("clash"), 2.0),
        (words("exchange of fire", "exchanged fire", "exchanged gunfire", "exchange of gunfire"), 2.5),
        (words("gun battle", "gunbattle", "firefight", "skirmish"), 2.5),
        (words("fighting", "fought", "fight between", "fight with", "fight against"), 1.5),
        (words("ambush", "repel", "repuls", "battl", "combat", "engaged in", "engaged with"), 1.0),
    ],
    S.GOVERNMENT_REGAINS_TERRITORY: [
        (words("recaptur", "retak", "regain", "reclaim", "liberat", "wrested back", "took back", "taken back"), 2.5),
        (near(_STATE, words("captur", "seiz", "took control", "taken control")), 1.0),
    ],
    S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: [
        (near(_NON_STATE, words("captur", "seiz", "overr", "took control", "taken control", "took over")), 2.5),
        (words("overrun", "overran", "fell to", "fall to", "falls to"), 1.5),
        (near(words("seiz", "captur"), words("town", "village", "city", "district", "base", "territory"), 20), 1.0),
    ],
    S.CHEMICAL_WEAPON: [
        (words("chemical weapon", "chemical attack", "chemical agent", "chemical munition"), 3.0),
        (words("sarin", "chlorine", "mustard gas", "nerve agent", "toxic gas", "poison gas"), 3.0),
    ],
    S.AIR_DRONE_STRIKE: [
        (words("air ?strike", "air ?raid", "air attack", "aerial attack", "aerial bombard", "aerial strike"), 3.0),
        (words("drone strike", "drone attack", "barrel bomb"), 3.0),
        (near(_AIRCRAFT, words("bomb", "strik", "struck", "pound", "target", "hit", "fir", "raid")), 2.0),
        (near(words("bomb", "strik", "struck", "pound", "target", "hit"), _AIRCRAFT, 40), 1.5),
    ],
    S.SUICIDE_BOMB: [
        (words("suicide bomb", "suicide attack", "suicide blast", "suicide car bomb", "suicide vest"), 3.5),
        (words("blew himself up", "blew herself up", "blew themselves up", "self-detonat", "svbied"), 3.5),
        (words("explosive vest", "explosive belt"), 3.0),
    ],
    S.SHELLING_ARTILLERY_MISSILE_ATTACK: [
        (r"\bshell(?:ed|ing|s)?\b", 2.5),
        (words("artillery", "mortar", "howitzer", "rocket", "missile", "projectile"), 2.0),
        (words("bombard"), 1.5),
    ],
    S.REMOTE_EXPLOSIVE_LANDMINE_IED: [
        (words("ied", "improvised explosive device", "landmine", "land mine", "roadside bomb", "car bomb"), 3.0),
        (words("vehicle-borne", "bomb blast", "explosive device", "magnetic bomb", "sticky bomb"), 3.0),
        (near(words("stepped on", "struck", "hit"), words("mine", "landmine", "explosive"), 5), 3.0),
        (words("explosion", "blast", "bomb", "detonat", "exploded", "planted"), 1.0),
    ],
    S.GRENADE: [
        (words("grenade", "hand grenade"), 3.5),
    ],
    S.SEXUAL_VIOLENCE: [
        (words("rape", "raping", "gang-rap", "gangrap", "sexual assault", "sexually assault", "sexual abuse"), 3.5),
        (words("sexually abus", "sexual violence", "sexual harass", "sexually harass", "molest"), 3.5),
    ],
    S.ATTACK: [
        (words("shot dead", "gunned down", "stabbed", "hacked to death", "beheaded", "lynched", "executed"), 1.5),
        (words("killed", "murdered", "assassinat"), 1.5),
        (words("attack", "assault", "beat", "tortur", "shot", "shoot", "opened fire", "open fire"), 1.0),
        (words("civilian", "villagers", "residents", "farmers", "passers", "worshippers", "a man", "a woman"), 0.8),
        (words("gunmen", "armed men", "unidentified assailants", "unidentified attackers"), 1.0),
    ],
    S.ABDUCTION_FORCED_DISAPPEARANCE: [
        (words("abduct", "kidnap", "hostage", "forcibly disappear", "forced disappearance", "went missing"), 3.5),
        (words("taken captive", "held captive"), 3.0),
    ],
    S.PEACEFUL_PROTEST: [
        (words("protest", "demonstrat", "rally", "rallied", "rallies", "march", "sit-in", "picket", "vigil"), 2.0),
        (words("strike action", "went on strike", "gathered to demand", "gathered to protest"), 2.0),
        (words("peaceful"), 1.0),
        (words("demand", "denounc", "condemn", "called for", "calling for", "against the"), 0.5),
    ],
    S.PROTEST_WITH_INTERVENTION: [
        (near(words("dispers", "broke up", "break up", "broken up", "disrupt", "prevent"), _PROTEST, 40), 3.0),
        (
            near(
                _PROTEST,
                words("dispers", "detain", "arrest", "tear ?gas", "water cannon", "rubber bullet", "baton"),
                80,
            ),
            2.5,
        ),
    ],
    S.EXCESSIVE_FORCE_AGAINST_PROTESTERS: [
        (
            near(
                words("shot", "killed", "opened fire on", "fired at", "fired on", "live ammunition", "brutally"),
                _PROTESTERS,
            ),
            3.5,
        ),
        (near(words("beat", "crackdown"), _PROTESTERS), 3.0),
        (near(_PROTESTERS, words("shot dead", "killed", "were killed", "died", "live ammunition"), 40), 3.0),
    ],
    S.VIOLENT_DEMONSTRATION: [
        (words("riot", "violent protest", "violent demonstration"), 3.0),
        (
            near(
                words("protester", "demonstrator", "crowd", "students", "youths"),
                words(
                    "torch", "set fire", "set ablaze", "burn", "pelt", "threw stones", "stone", "vandali", "barricad"
                ),
            ),
            3.0,
        ),
        (words("set ablaze", "set on fire", "torched", "burnt tyres", "burning tires", "burned tyres", "molotov"), 1.5),
        (words("stone-pelting", "pelted stones", "hurled stones", "threw stones", "clashed with police"), 1.5),
    ],
    S.MOB_VIOLENCE: [
        (words("mob", "lynch", "vigilante", "angry crowd", "angry residents"), 3.0),
    ],
    S.AGREEMENT: [
        (words("agreement", "ceasefire", "cease-fire", "truce", "peace deal", "peace accord", "peace talks"), 2.5),
        (words("signed", "accord", "prisoner swap", "prisoner exchange", "exchange of prisoners"), 2.5),
        (words("agreed", "negotiat"), 1.5),
    ],
    S.ARRESTS: [
        (words("arrest", "detain", "apprehend", "taken into custody", "rounded up", "nabbed"), 3.0),
        (words("custody", "police raid", "raided the home", "raided the house"), 1.0),
    ],
    S.CHANGE_TO_GROUP_ACTIVITY: [
        (words("deploy", "redeploy", "withdr", "reinforc", "mobili", "joined forces", "merg", "defect"), 1.5),
        (words("surrender", "disband", "recruit", "curfew", "state of emergency", "declared", "announc"), 1.5),
        (words("entered", "crossed into", "arrived in", "sent troops", "sent reinforcements"), 1.5),
        (words("training camp", "convoy", "military buildup", "build-up"), 1.0),
    ],
    S.DISRUPTED_WEAPONS_USE: [
        (words("defus", "dismantl", "deactivat", "intercept", "shot down", "foiled", "thwarted", "neutrali"), 3.0),
        (words("disarm", "seized weapons", "seized arms", "seized explosives", "seized ammunition"), 3.0),
        (near(_WEAPONS, words("found", "discovered", "recovered", "seized", "confiscated", "uncovered"), 40), 3.0),
        (words("bomb disposal", "arms cache", "weapons cache", "ammunition depot"), 2.0),
    ],
    S.HEADQUARTERS_OR_BASE_ESTABLISHED: [
        (
            near(
                words("establish", "set up", "set-up", "built", "open", "construct"),
                words("base", "headquarters", "outpost", "camp", "checkpoint", "military post", "position"),
                40,
            ),
            3.5,
        ),
    ],
    S.LOOTING_PROPERTY_DESTRUCTION: [
        (words("loot", "plunder", "ransack", "pillag", "demolish", "bulldoz", "razed", "vandali", "destroy"), 2.5),
        (words("burned down", "burnt down", "torched", "set fire", "set ablaze"), 2.5),
        (words("houses", "homes", "shops", "property", "properties", "crops", "vehicles"), 0.5),
    ],
    S.NON_VIOLENT_TRANSFER_OF_TERRITORY: [
        (words("handed over", "hand over", "handover", "withdrew from", "pulled out of", "evacuat", "ceded"), 3.0),
        (words("without a fight", "without fight", "without resistance", "transferred control"), 3.0),
    ],
    S.OTHER: [],
}

# A text that only matches these is about something other than an ACLED event (disasters,
# ordinary crime, diplomacy); they veto weak evidence for an event.
NON_EVENT_PATTERNS: list[tuple[str, float]] = [
    (words("earthquake", "flood", "cyclone", "hurricane", "landslide", "drought", "wildfire"), 2.0),
    (words("covid", "coronavirus", "pandemic", "vaccin", "infected", "cases"), 2.0),
    (words("fire broke out", "blaze", "gas leak", "factory fire", "collapsed", "accident", "derail", "crash"), 1.5),
    (words("minister", "summit", "bilateral", "diplomat", "talks", "visit", "met with", "meeting"), 0.7),
    (words("claimed responsibility", "claims responsibility", "blamed", "accused"), 0.7),
    (words("drug", "smuggl", "trafficking", "robbery", "robbers", "theft", "fraud", "gang"), 0.7),
]

# Minimum summed trigger weight before a text counts as reporting an event at all.
MIN_EVIDENCE = 1.5


def _compile(patterns: list[tuple[str, float]]) -> list[tuple[re.Pattern[str], float]]:
    """The patterns, matched against lower-cased text."""
    return [(compile_lower_case(p), w) for p, w in patterns]


class KeywordClassifier:
    """Baseline: sums the weights of the ACLED trigger phrases found; the heaviest type wins."""

    def __init__(self, min_evidence: float = MIN_EVIDENCE) -> None:
        self.min_evidence = min_evidence
        self._lexicon = {sub: _compile(patterns) for sub, patterns in LEXICON.items()}
        self._non_event = _compile(NON_EVENT_PATTERNS)

    def has_triggers(self, sub_event: SubEventType) -> bool:
        return bool(self._lexicon.get(sub_event))

    def scores(self, text: str) -> dict[SubEventType, float]:
        """Summed trigger weight per sub-event type (each pattern counts once)."""
        lowered = text.lower()
        return {
            sub: sum(w for rx, w in patterns if rx.search(lowered))
            for sub, patterns in self._lexicon.items()
            if patterns
        }

    def non_event_score(self, text: str) -> float:
        lowered = text.lower()
        return sum(w for rx, w in self._non_event if rx.search(lowered))

    def classify_one(self, text: str) -> Classification:
        scores = self.scores(text)
        best, weight = max(scores.items(), key=lambda kv: kv[1])
        if weight < self.min_evidence or weight <= self.non_event_score(text):
            return Classification(None, round(1 - math.exp(-max(self.min_evidence - weight, 0.5)), 3))
        runner_up = max((w for s, w in scores.items() if s is not best), default=0.0)
        # Confidence grows with the evidence and with the margin over the next type.
        confidence = (1 - math.exp(-weight / 2)) * (0.5 + 0.5 * (weight - runner_up) / weight)
        return Classification(best, round(min(max(confidence, 0.0), 1.0), 3))

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        return [self.classify_one(t) for t in texts]


# --------------------------------------------------------------------------- loading


# Which classifier ``load_classifier`` builds. "cascade" (default): the trained model, its fast
# keyword+TF-IDF head first and the embedding model only where that head is unsure; "full": the
# embedding model for every text (most accurate, slowest); "fast": the fast head only (no transformer:
# the classifier ~20x faster, the whole extractor ~2x; a few points less accurate); "keyword": the
# hand-written baseline.
CLASSIFIER_MODES = ("cascade", "full", "fast", "keyword")
MODE_ENV = "SITROOM_CLASSIFIER"


@functools.cache
def _load_cached(model_dir: str | None, mode: str, precision: str, cache_dir: Path | None) -> SentenceClassifier:
    if mode == "keyword":
        return KeywordClassifier()
    try:
        from sitroom.extract.trained import load_trained_classifier

        return load_trained_classifier(model_dir, precision, cache_dir).with_mode(mode)
    except (FileNotFoundError, ImportError) as exc:  # model never built, or torch & co. not installed
        log.warning("trained classifier unavailable (%s); using the keyword baseline", exc)
        return KeywordClassifier()


def load_classifier(settings: Settings | None = None, mode: str | None = None) -> SentenceClassifier:
    """The classifier to use (trained model, else the keyword baseline), built once per process.

    ``mode`` defaults to ``settings.classifier`` when Settings has it, else $SITROOM_CLASSIFIER, else "cascade".
    """
    model_dir = getattr(settings, "classifier_dir", None)
    mode = mode or getattr(settings, "classifier", None) or os.environ.get(MODE_ENV) or "cascade"
    if mode not in CLASSIFIER_MODES:
        raise ValueError(f"unknown classifier mode {mode!r}; expected one of {', '.join(CLASSIFIER_MODES)}")
    precision = getattr(settings or Settings(), "encoder_precision", None) or "auto"
    return _load_cached(model_dir, mode, precision, getattr(settings, "cache_path", None))

"""Scoring system events against gold events, per the conventions of ../shared/gold/README.md.

Pure functions over gold-format event dicts (see ``sitroom.extract.gold``):

- classification files: the most salient (first) system event's sub-event type vs the gold label
  ("none" for no event): weighted F1 over the labels present in gold, plus accuracy;
- extraction files: system and gold events of each document are matched one-to-one, greedily
  on agreement of type, location and actors; then per field precision / recall / F1 and an
  accuracy over gold events (an unmatched gold event counts as wrong), and event-level P/R/F1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitroom.evaluate.normalise import haversine_km, names_match, normalise_name
from sitroom.evaluate.regions import REGIONS, region_of
from sitroom.extract.gold import gold_fatalities

Event = dict[str, Any]
NONE_LABEL = "none"

# Radius within which a system point matches a gold point, by the gold's ACLED geo_precision;
# precision 3 (a region) is compared by admin1 name instead.
GEO_RADIUS_KM = {1: 25.0, 2: 50.0}


# --------------------------------------------------------------------------- classification


def salient_label(events: Sequence[Event]) -> str:
    """The label a document gets: the first event's sub-event type, or "none"."""
    return str(events[0].get("sub_event_type") or NONE_LABEL) if events else NONE_LABEL


def parent_label(label: str) -> str:
    from sitroom.model import SubEventType

    try:
        return SubEventType(label).event_type.value
    except ValueError:
        return label


def weighted_f1(gold: Sequence[str], system: Sequence[str]) -> float:
    """F1 per gold label, averaged with the label's gold frequency as weight (sklearn's 'weighted')."""
    support = Counter(gold)
    total = 0.0
    for label, count in support.items():
        tp = sum(1 for g, s in zip(gold, system, strict=True) if g == s == label)
        predicted = sum(1 for s in system if s == label)
        total += count * _f1(tp, predicted, count)
    return total / len(gold) if gold else 0.0


def _f1(tp: int, n_system: int, n_gold: int) -> float:
    return 2 * tp / (n_system + n_gold) if n_system + n_gold else 0.0


def classification_scores(gold: Sequence[str], system: Sequence[str]) -> dict[str, Any]:
    """Weighted F1 and accuracy of sub-event labels, and accuracy of their event types."""
    n = len(gold)
    correct = sum(g == s for g, s in zip(gold, system, strict=True))
    type_correct = sum(parent_label(g) == parent_label(s) for g, s in zip(gold, system, strict=True))
    per_label = {}
    for label, count in sorted(Counter(gold).items(), key=lambda kv: -kv[1]):
        tp = sum(1 for g, s in zip(gold, system, strict=True) if g == s == label)
        predicted = sum(1 for s in system if s == label)
        per_label[label] = {
            "precision": tp / predicted if predicted else 0.0,
            "recall": tp / count,
            "f1": _f1(tp, predicted, count),
            "support": count,
        }
    return {
        "documents": n,
        "weighted_f1": weighted_f1(gold, system),
        "accuracy": correct / n if n else 0.0,
        "event_type_accuracy": type_correct / n if n else 0.0,
        "per_label": per_label,
    }


# --------------------------------------------------------------------------- field agreement


def _aliases(gold: Event, slot: str) -> list[str]:
    return list(gold.get(f"{slot}_aliases") or [])


def actor_agrees(system: Event, gold: Event, slot: str) -> bool:
    """Both empty, or the system name matches the gold name or an alias."""
    if not gold.get(slot):
        return not system.get(slot)
    return names_match(system.get(slot), gold[slot], _aliases(gold, slot))


def location_agrees(system: Event, gold: Event) -> bool:
    """The place string: same normalised name, or one name contains the other ("Aleppo city")."""
    sys_name, gold_name = normalise_name(system.get("location")), normalise_name(gold.get("location"))
    if not gold_name:
        return not sys_name
    return bool(sys_name) and (sys_name == gold_name or f" {gold_name} " in f" {sys_name} ")


def geo_agrees(system: Event, gold: Event) -> bool | None:
    """Within 25/50 km (gold geo_precision 1/2) or same admin1 (3); None when gold has no place."""
    precision = gold.get("geo_precision")
    if gold.get("latitude") is not None and precision in GEO_RADIUS_KM:
        if system.get("latitude") is None:
            return False
        distance = haversine_km(system["latitude"], system["longitude"], gold["latitude"], gold["longitude"])
        return distance <= GEO_RADIUS_KM[precision]
    if gold.get("admin1"):
        return normalise_name(system.get("admin1")) == normalise_name(gold["admin1"])
    return None


def fatalities_agree(system: Event, gold: Event) -> bool:
    """ACLED convention when gold has ``fatalities_acled``: system best, else low, else 0 vs it."""
    if gold.get("fatalities_acled") is not None:
        return (gold_fatalities({**system, "fatalities_acled": None}) or 0) == gold["fatalities_acled"]
    return gold_fatalities(system) == gold_fatalities(gold)


def _same(key: str) -> Callable[[Event, Event], bool]:
    return lambda system, gold: (system.get(key) or None) == (gold.get(key) or None)


def _has(key: str) -> Callable[[Event], bool]:
    return lambda event: event.get(key) not in (None, "", [])


def _has_fatalities(event: Event) -> bool:
    # ACLED gold always states a figure (0 = none reported); elsewhere null means "no figure".
    return gold_fatalities(event) is not None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    agrees: Callable[[Event, Event], bool]
    present: Callable[[Event], bool]  # does this event state a value for the field?


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("event_type", _same("event_type"), _has("event_type")),
    FieldSpec("sub_event_type", _same("sub_event_type"), _has("sub_event_type")),
    FieldSpec("actor1", lambda s, g: actor_agrees(s, g, "actor1"), _has("actor1")),
    FieldSpec("actor2", lambda s, g: actor_agrees(s, g, "actor2"), _has("actor2")),
    FieldSpec("date", _same("date"), _has("date")),
    FieldSpec("fatalities", fatalities_agree, _has_fatalities),
    FieldSpec("location", location_agrees, _has("location")),
)


# --------------------------------------------------------------------------- matching


def match_score(system: Event, gold: Event) -> float:
    """How alike two events are; 0 means they cannot be the same incident."""
    score = 0.0
    if system.get("sub_event_type") == gold.get("sub_event_type"):
        score += 2.0
    elif system.get("event_type") == gold.get("event_type"):
        score += 1.0
    if gold.get("location") and location_agrees(system, gold):
        score += 1.0
    for slot in ("actor1", "actor2"):
        if gold.get(slot) and actor_agrees(system, gold, slot):
            score += 1.0
    evidence, gold_evidence = system.get("evidence") or "", gold.get("evidence") or ""
    if evidence and gold_evidence and (gold_evidence in evidence or evidence in gold_evidence):
        score += 1.0
    return score


def match_events(
    system: Sequence[Event], gold: Sequence[Event], score: Callable[[Event, Event], float] = match_score
) -> list[tuple[int, int]]:
    """One-to-one (system index, gold index) pairs, best-scoring pairs first (greedy); ``score`` 0 never pairs."""
    candidates = sorted(
        ((score(s, g), i, j) for i, s in enumerate(system) for j, g in enumerate(gold)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for alike, i, j in candidates:
        if alike <= 0 or i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs, key=lambda p: p[1])


# --------------------------------------------------------------------------- extraction scores


@dataclass
class FieldTally:
    """Counts for one field across documents."""

    true_positives: int = 0  # matched pair, gold states a value, system agrees
    system_stated: int = 0  # system events that state a value
    gold_stated: int = 0  # gold events that state a value
    agreed: int = 0  # gold events whose matched system event agrees (null == null included)
    gold_events: int = 0

    def as_dict(self) -> dict[str, float | int | None]:
        """Scores; ``None`` where nothing was there to score (e.g. no gold event states a date)."""
        precision = self.true_positives / self.system_stated if self.system_stated else None
        recall = self.true_positives / self.gold_stated if self.gold_stated else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        if f1 is None and precision is not None and recall is not None:
            f1 = 0.0
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "accuracy": self.agreed / self.gold_events if self.gold_events else None,
            "support": self.gold_stated,
        }


# Fields scored per region (by the gold event's country), as accuracy over that region's gold events.
REGION_FIELDS = ("location_geo", "location", "actor1", "actor2", "event_type")
_FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}


@dataclass
class RegionTally:
    """Agreement on matched events of one region: per field, (agreed, gold events that could be scored)."""

    gold_events: int = 0
    matched: int = 0
    agreed: Counter[str] = field(default_factory=Counter)
    scored: Counter[str] = field(default_factory=Counter)

    def add(self, system: Event | None, gold: Event) -> None:
        self.gold_events += 1
        self.matched += system is not None
        for name in REGION_FIELDS:
            if name == "location_geo":
                if geo_agrees({}, gold) is None:
                    continue
                verdict = bool(system is not None and geo_agrees(system, gold))
            else:
                verdict = system is not None and _FIELDS_BY_NAME[name].agrees(system, gold)
            self.scored[name] += 1
            self.agreed[name] += verdict

    def as_dict(self) -> dict[str, Any]:
        accuracy = {n: self.agreed[n] / self.scored[n] if self.scored[n] else None for n in REGION_FIELDS}
        return {"gold_events": self.gold_events, "matched_events": self.matched, "accuracy": accuracy}


@dataclass
class ExtractionTally:
    fields: dict[str, FieldTally] = field(default_factory=lambda: {f.name: FieldTally() for f in FIELDS})
    geo: FieldTally = field(default_factory=FieldTally)
    system_events: int = 0
    gold_events: int = 0
    matched: int = 0
    type_matched: int = 0  # matched pairs with the same sub-event type
    documents: int = 0
    regions: dict[str, RegionTally] = field(default_factory=dict)

    def add_document(self, system: Sequence[Event], gold: Sequence[Event]) -> None:
        self.documents += 1
        self.system_events += len(system)
        self.gold_events += len(gold)
        pairs = match_events(system, gold)
        partner = {j: i for i, j in pairs}
        self.matched += len(pairs)
        self.type_matched += sum(system[i].get("sub_event_type") == gold[j].get("sub_event_type") for i, j in pairs)
        for spec in FIELDS:
            self._add_field(self.fields[spec.name], spec, system, gold, partner)
        self._add_geo(system, gold, partner)
        for j, gold_event in enumerate(gold):
            region = self.regions.setdefault(region_of(gold_event.get("country")), RegionTally())
            region.add(system[partner[j]] if j in partner else None, gold_event)

    @staticmethod
    def _add_field(
        tally: FieldTally, spec: FieldSpec, system: Sequence[Event], gold: Sequence[Event], partner: dict[int, int]
    ) -> None:
        tally.system_stated += sum(spec.present(s) for s in system)
        for j, gold_event in enumerate(gold):
            tally.gold_events += 1
            stated = spec.present(gold_event)
            tally.gold_stated += stated
            if j not in partner:
                continue
            agrees = spec.agrees(system[partner[j]], gold_event)
            tally.agreed += agrees
            tally.true_positives += agrees and stated and spec.present(system[partner[j]])

    def _add_geo(self, system: Sequence[Event], gold: Sequence[Event], partner: dict[int, int]) -> None:
        self.geo.system_stated += sum(s.get("latitude") is not None or bool(s.get("admin1")) for s in system)
        for j, gold_event in enumerate(gold):
            if geo_agrees({}, gold_event) is None:  # gold gives no place to compare with
                continue
            verdict = geo_agrees(system[partner[j]], gold_event) if j in partner else False
            self.geo.gold_events += 1
            self.geo.gold_stated += 1
            self.geo.agreed += bool(verdict)
            self.geo.true_positives += bool(verdict)

    def as_dict(self) -> dict[str, Any]:
        precision = self.type_matched / self.system_events if self.system_events else 0.0
        recall = self.type_matched / self.gold_events if self.gold_events else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        fields = {name: tally.as_dict() for name, tally in self.fields.items()}
        fields["location_geo"] = self.geo.as_dict()
        return {
            "documents": self.documents,
            "system_events": self.system_events,
            "gold_events": self.gold_events,
            "matched_events": self.matched,
            "events": {"precision": precision, "recall": recall, "f1": f1},
            "fields": fields,
            # Accuracy over each region's gold events (Africa, Middle East, Asia, Europe, Americas, Other).
            "regions": {name: self.regions[name].as_dict() for name in (*REGIONS, "Other") if name in self.regions},
        }


def score_extraction(documents: Sequence[tuple[Sequence[Event], Sequence[Event]]]) -> dict[str, Any]:
    """Scores for (system events, gold events) per document."""
    tally = ExtractionTally()
    for system, gold in documents:
        tally.add_document(system, gold)
    return tally.as_dict()

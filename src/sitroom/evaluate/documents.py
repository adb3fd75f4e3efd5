"""Document-level scoring: does the extractor read a whole report the way its annotator did?

A system event matches a gold event (one-to-one, greedy, best pairs first) when both have the same ACLED
event type and the same place: the same place name (either contains the other, any part of a gold
"City - Neighbourhood"), or a point within the gold precision's radius. Sentence-level scores
(``scoring.py``) say how well a sentence is typed; these say whether a reader would sign off the
article's events: how many are real (precision), how many real ones are found (recall), and on the
matches whether the sub-type, actors, toll, claims and point agree.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sitroom.evaluate.normalise import haversine_km, normalise_name
from sitroom.evaluate.scoring import actor_agrees, fatalities_agree, geo_agrees, match_events
from sitroom.geo.normalise import spelled_alike

Event = dict[str, Any]
NEAR_KM = 25.0


def _place_names(event: Event) -> list[str]:
    """The comparable names of an event's place: "Gaza City - Tufah" is both the city and the quarter."""
    location = event.get("location") or ""
    parts = [location, *location.split(" - ")] if " - " in location else [location]
    names = [n for n in (normalise_name(p) for p in parts) if n]
    # "Al-Haffah" / "Haffah": the article is often dropped (normalise_name joins it to the word).
    return names + [n[2:] for n in names if n.startswith(("al", "el")) and len(n) > 4]


def _one_in_the_other(a: str, b: str) -> bool:
    """Two normalised names, whole words of one inside the other ("zamzam" / "zamzam camp")."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def place_agrees(system: Event, gold: Event) -> bool:
    """Same place by name (one contains the other, or one name spelled two ways), by admin1 for a province-level
    gold place, or by point (gold precision's radius)."""
    gold_names, system_names = _place_names(gold), _place_names(system)
    if not gold_names:
        return True  # gold gives no place: type alone decides
    if any(_one_in_the_other(g, s) or spelled_alike(g, s) for g in gold_names for s in system_names):
        return True
    if gold.get("geo_precision") == 3 and gold.get("admin1"):  # the gold README: a province matches by admin1
        return normalise_name(gold.get("admin1")) == normalise_name(system.get("admin1"))
    if gold.get("latitude") is not None:
        return bool(geo_agrees(system, gold))
    return False


def pair_score(system: Event, gold: Event) -> float:
    """How alike a candidate pair is (0: not the same incident): type and place are required."""
    if system.get("event_type") != gold.get("event_type") or not place_agrees(system, gold):
        return 0.0
    score = 1.0
    score += system.get("sub_event_type") == gold.get("sub_event_type")
    score += sum(bool(gold.get(slot)) and actor_agrees(system, gold, slot) for slot in ("actor1", "actor2"))
    evidence, gold_evidence = system.get("evidence") or "", gold.get("evidence") or ""
    score += bool(evidence and gold_evidence and (gold_evidence in evidence or evidence in gold_evidence))
    return score


def match_document(system: Sequence[Event], gold: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one (system index, gold index) pairs on type and place, best first."""
    return match_events(system, gold, score=pair_score)


def claim_sources_found(system: Event, gold: Event) -> tuple[int, int]:
    """(gold claim sources the system names, gold claim sources): a source is found when one name
    contains the other after normalising ("the Sudanese army" / "Sudanese army")."""
    wanted = {normalise_name(c.get("by")) for c in gold.get("claims") or []} - {""}
    # a source counts as found under its catalogue name or under the report's own words for it
    named = {normalise_name(c.get(key)) for c in system.get("claims") or [] for key in ("by", "as_written")} - {""}
    found = sum(any(_one_in_the_other(w, n) for n in named) for w in wanted)
    return found, len(wanted)


def describe(event: Event) -> str:
    place = event.get("location") or "?"
    evidence = (event.get("evidence") or "").replace("\n", " ")
    return f"{event.get('sub_event_type')} @ {place} [{event.get('actor1')} vs {event.get('actor2')}]: {evidence[:90]}"


@dataclass
class DocumentTally:
    documents: int = 0
    system_events: int = 0
    gold_events: int = 0
    matched: int = 0
    agreements: dict[str, list[bool]] = field(default_factory=dict)
    claims_found: int = 0
    claims_wanted: int = 0
    distances_km: list[float] = field(default_factory=list)
    wrong_country: int = 0
    per_document: list[dict[str, Any]] = field(default_factory=list)

    def _agree(self, name: str, verdict: bool) -> None:
        self.agreements.setdefault(name, []).append(verdict)

    def add(self, doc_id: str, system: Sequence[Event], gold: Sequence[Event]) -> None:
        self.documents += 1
        self.system_events += len(system)
        self.gold_events += len(gold)
        pairs = match_document(system, gold)
        self.matched += len(pairs)
        for i, j in pairs:
            s, g = system[i], gold[j]
            self._agree("sub_event_type", s.get("sub_event_type") == g.get("sub_event_type"))
            self._agree("actor1", actor_agrees(s, g, "actor1"))
            self._agree("actor2", actor_agrees(s, g, "actor2"))
            self._agree("fatalities", fatalities_agree(s, g))
            self._agree("date", (s.get("date") or None) == (g.get("date") or None))
            found, wanted = claim_sources_found(s, g)
            self.claims_found += found
            self.claims_wanted += wanted
            if None not in (s.get("latitude"), g.get("latitude")):
                self.distances_km.append(haversine_km(s["latitude"], s["longitude"], g["latitude"], g["longitude"]))
        countries = {normalise_name(g.get("country")) for g in gold} - {""}
        outside = [s for s in system if countries and normalise_name(s.get("country")) not in countries | {""}]
        self.wrong_country += len(outside)
        matched_s, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
        self.per_document.append(
            {
                "doc_id": doc_id,
                "gold": len(gold),
                "system": len(system),
                "matched": len(pairs),
                "missed": [describe(g) for j, g in enumerate(gold) if j not in matched_g],
                "spurious": [describe(s) for i, s in enumerate(system) if i not in matched_s],
                "outside_country": [describe(s) for s in outside],
            }
        )

    def as_dict(self) -> dict[str, Any]:
        precision = self.matched / self.system_events if self.system_events else 0.0
        recall = self.matched / self.gold_events if self.gold_events else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "documents": self.documents,
            "gold_events": self.gold_events,
            "system_events": self.system_events,
            "matched_events": self.matched,
            "events": {"precision": precision, "recall": recall, "f1": f1},
            "on_matches": {name: sum(v) / len(v) for name, v in self.agreements.items() if v},
            "claim_sources_found": self.claims_found / self.claims_wanted if self.claims_wanted else None,
            "place": {
                "with_points": len(self.distances_km),
                "within_25km": (
                    sum(d <= NEAR_KM for d in self.distances_km) / len(self.distances_km) if self.distances_km else None
                ),
                "median_km": statistics.median(self.distances_km) if self.distances_km else None,
            },
            "events_outside_country": self.wrong_country,
            "per_document": self.per_document,
        }


def score_documents(documents: Sequence[tuple[str, Sequence[Event], Sequence[Event]]]) -> dict[str, Any]:
    """The document-level report for (doc_id, system events, gold events) triples."""
    tally = DocumentTally()
    for doc_id, system, gold in documents:
        tally.add(doc_id, system, gold)
    return tally.as_dict()

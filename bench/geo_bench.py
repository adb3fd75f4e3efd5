"""Geoparsing accuracy and speed, next to a naive "most-populous match" baseline in the same run.

Data (read at run time, never copied into the repo):
* ../shared/gold/geo_ucdp_syria_dev.jsonl: 953 Syrian place mentions ("Ein Laroz town") with the
  UCDP headline as context and UCDP's point (UCDP GED 19.1, CC BY 4.0);
* ../shared/gold/acled2022_dev.jsonl: every ACLED event's location name + country, with the coder's
  notes as context, against ACLED's point.

Figures: share within 25 km of the gold point, overall and among the points the system returned at
town precision (1); how many were returned at each precision; and gazetteer lookups per second.

Usage:  python bench/geo_bench.py [--shared PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.geo.gazetteer import Gazetteer, haversine_km
from sitroom.geo.parse import default_gazetteer, locate_name, split_feature_word
from sitroom.model import Location

REPO = Path(__file__).resolve().parents[1]
WITHIN_KM = 25.0


@dataclass
class Case:
    name: str
    country: str
    context: str
    latitude: float
    longitude: float


@dataclass
class Score:
    total: int = 0
    within: int = 0
    by_precision: Counter[int] = field(default_factory=Counter)
    within_by_precision: Counter[int] = field(default_factory=Counter)

    def add(self, location: Location, case: Case) -> None:
        self.total += 1
        if location.latitude is None or location.longitude is None:
            self.by_precision[0] += 1
            return
        precision = int(location.geo_precision or 1)
        self.by_precision[precision] += 1
        if haversine_km(location.latitude, location.longitude, case.latitude, case.longitude) <= WITHIN_KM:
            self.within += 1
            self.within_by_precision[precision] += 1

    def line(self, label: str) -> str:
        town = self.by_precision[1]
        town_share = self.within_by_precision[1] / town if town else 0.0
        return (
            f"  {label:<34} within {WITHIN_KM:.0f} km: {self.within / max(1, self.total):.3f} of all "
            f"({self.within}/{self.total}) | town-precision points: {town} returned, {town_share:.3f} within | "
            f"precision 2: {self.by_precision[2]} | 3: {self.by_precision[3]} | unresolved: {self.by_precision[0]}"
        )


def shared_dir(override: str | None) -> Path:
    return Path(override or os.environ.get("SITROOM_SHARED") or REPO / ".." / "shared").resolve()


def ucdp_cases(path: Path) -> list[Case]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(r["mention"], r["country"], r.get("context") or "", r["latitude"], r["longitude"]) for r in rows]


def acled_cases(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for event in doc.get("events", []):
            if event.get("location") and event.get("latitude") is not None:
                text = doc.get("text") or ""
                cases.append(Case(event["location"], event["country"], text, event["latitude"], event["longitude"]))
    return cases


def most_populous(gazetteer: Gazetteer, use_country: bool) -> Callable[[Case], Location]:
    """Baseline: the name's most populous gazetteer entry (optionally within the case's country)."""

    def run(case: Case) -> Location:
        core, _ = split_feature_word(case.name)
        found = gazetteer.lookup(core, case.country if use_country else None)
        if not found:
            return Location(name=case.name, resolution="unresolved")
        best = found[0]
        precision = 3 if best.is_area else 1
        return Location(name=case.name, latitude=best.latitude, longitude=best.longitude, geo_precision=precision)

    return run


def system(gazetteer: Gazetteer) -> Callable[[Case], Location]:
    return lambda case: locate_name(case.name, case.context, case.country, gazetteer)


def score(cases: Iterable[Case], method: Callable[[Case], Location]) -> tuple[Score, float]:
    result = Score()
    started = time.perf_counter()
    for case in cases:
        result.add(method(case), case)
    return result, time.perf_counter() - started


def lookups_per_second(gazetteer: Gazetteer, names: list[str]) -> float:
    """Uncached lookups (the LRU is bypassed), i.e. one indexed SQLite query per name."""
    started = time.perf_counter()
    for name in names:
        gazetteer._lookup(name)
    return len(names) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", help="the shared data folder [default: $SITROOM_SHARED or ../shared]")
    parser.add_argument("--limit", type=int, default=0, help="only the first N cases of each set")
    args = parser.parse_args()
    gold = shared_dir(args.shared) / "gold"
    gazetteer = default_gazetteer()
    print(f"gazetteer: {gazetteer.path} {gazetteer.stats()}")
    sets = {
        "UCDP Syria (geo_ucdp_syria_dev)": ucdp_cases(gold / "geo_ucdp_syria_dev.jsonl"),
        "ACLED 2022 notes (acled2022_dev)": acled_cases(gold / "acled2022_dev.jsonl"),
    }
    for label, cases in sets.items():
        cases = cases[: args.limit] if args.limit else cases
        print(f"\n{label}: {len(cases)} place mentions")
        for method_label, method in (
            ("baseline: most populous, any country", most_populous(gazetteer, use_country=False)),
            ("baseline: most populous in country", most_populous(gazetteer, use_country=True)),
            ("sitroom geoparser", system(gazetteer)),
        ):
            result, seconds = score(cases, method)
            print(result.line(method_label) + f" | {len(cases) / seconds:,.0f} mentions/s")
        in_gazetteer = [c for c in cases if gazetteer.lookup(split_feature_word(c.name)[0], c.country)]
        outcomes = Counter(system(gazetteer)(c).resolution for c in in_gazetteer)
        entry = outcomes["exact"] + outcomes["fuzzy"] + outcomes["region"]
        print(
            f"  names found in the gazetteer (in their country): {len(in_gazetteer)}, resolved to a gazetteer entry: "
            f"{entry}, admin fallback: {outcomes['admin-fallback']}, "
            f"unresolved (ambiguous or contradicted by context): {outcomes['unresolved']}"
        )
    names = [split_feature_word(c.name)[0] for cases in sets.values() for c in cases]
    print(f"\nlookups/s (uncached, {len(names)} names): {lookups_per_second(gazetteer, names):,.0f}")


if __name__ == "__main__":
    main()

"""Generated news articles for the Spark equality test and ``bench/spark_bench.py``.

Short reports built from sentence templates with varied places, actors, dates, tolls and outlets: cheap
to extract (a few sentences each) yet exercising every stage. About 40% of articles report an incident an
earlier article reported (another outlet, another toll), so corroboration has clusters to merge. Seeded, so a
corpus is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# (place, country, the country's forces, the armed group fighting them there)
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("Idlib", "Syria", "Syrian government forces", "Hayat Tahrir al-Sham"),
    ("Saraqib", "Syria", "Syrian government forces", "Hayat Tahrir al-Sham"),
    ("Aleppo", "Syria", "Syrian government forces", "Hayat Tahrir al-Sham"),
    ("Hama", "Syria", "Syrian government forces", "Hayat Tahrir al-Sham"),
    ("Atarib", "Syria", "Syrian government forces", "Hayat Tahrir al-Sham"),
    ("Kharkiv", "Ukraine", "Ukrainian forces", "Russian forces"),
    ("Pokrovsk", "Ukraine", "Ukrainian forces", "Russian forces"),
    ("Kherson", "Ukraine", "Ukrainian forces", "Russian forces"),
    ("Zaporizhzhia", "Ukraine", "Ukrainian forces", "Russian forces"),
    ("El Fasher", "Sudan", "the Sudanese army", "the Rapid Support Forces"),
    ("Omdurman", "Sudan", "the Sudanese army", "the Rapid Support Forces"),
    ("Nyala", "Sudan", "the Sudanese army", "the Rapid Support Forces"),
    ("Goma", "Democratic Republic of Congo", "Congolese troops", "M23 rebels"),
    ("Bunia", "Democratic Republic of Congo", "Congolese troops", "CODECO militiamen"),
    ("Maiduguri", "Nigeria", "Nigerian troops", "Boko Haram fighters"),
    ("Mogadishu", "Somalia", "Somali troops", "al-Shabaab fighters"),
)
OUTLETS = ("reuters.com", "apnews.com", "aljazeera.com", "bbc.co.uk", "theguardian.com", "france24.com")
INCIDENTS = (
    "Air strikes hit {place} on {date}, killing {n} people, residents said.",
    "Heavy clashes broke out between {forces} and {group} in {place} on {date}, leaving {n} fighters dead.",
    "Artillery shelling by {group} struck {place} on {date}, killing {n} civilians, local officials said.",
    "Hundreds of protesters marched through {place} on {date} to demand an end to the fighting.",
    "{group} attacked a village near {place} on {date} and killed {n} civilians, witnesses said.",
    "A drone strike on a market in {place} on {date} killed {n} people, a medical source said.",
)
# Sentences without an incident: they vary the bodies (so no two reports read as wire copies of each other)
FILLERS = (
    "Aid agencies warned that {m} families had fled their homes in recent weeks.",
    "The United Nations called for restraint and for access for humanitarian convoys.",
    "Prices of bread and fuel have risen sharply since the start of the year.",
    "A spokesman for the local council said schools in the district would stay closed.",
    "Diplomats are due to meet next week to discuss a possible ceasefire.",
    "Hospitals in the region reported shortages of medicine and blood supplies.",
    "The road linking the area to the border has been closed for {m} days.",
    "Residents described long queues outside bakeries and water points.",
    "Journalists have been unable to verify casualty figures independently.",
    "Electricity has been cut in several neighbourhoods since the weekend.",
    "Officials said {m} displaced people were sheltering in tents outside the city.",
    "Talks mediated by regional powers stalled last month.",
)
# A closing line put together from parts, so each report has words of its own
WHO = ("A resident", "A local journalist", "An aid worker", "A doctor", "A teacher", "A shopkeeper", "A nurse")
WHAT = (
    "said the night was quiet",
    "described hearing explosions",
    "said families were leaving",
    "said the streets were empty",
    "spoke of fear in the camps",
    "said the market had reopened",
)
WHEN = ("by morning", "after midnight", "at dawn", "in the afternoon", "by nightfall", "at noon")
START = dt.date(2024, 1, 1)
REPEAT_SHARE = 0.4  # the share of articles that report an incident an earlier article reported


@dataclass(frozen=True)
class Incident:
    place: tuple[str, str, str, str]
    day: dt.date
    template: str


def _incident(rng: random.Random) -> Incident:
    return Incident(rng.choice(PLACES), START + dt.timedelta(days=rng.randrange(365)), rng.choice(INCIDENTS))


def _article(rng: random.Random, incident: Incident, index: int) -> dict[str, Any]:
    place, country, forces, group = incident.place
    day = incident.day
    values = {
        "place": place,
        "forces": forces,
        "group": group,
        "date": f"{day.day} {day:%B %Y}",
        "n": rng.randrange(2, 40),  # outlets disagree on tolls
        "m": rng.randrange(100, 9000),
    }
    sentence = incident.template.format(**values)
    body = [sentence, rng.choice(FILLERS).format(**values), _voice(rng, place)]  # short: cheap to extract
    outlet = rng.choice(OUTLETS)
    return {
        "title": f"{place}: {sentence.split(' on ')[0]}",
        "text": "\n".join(body),
        "published": (day + dt.timedelta(days=rng.randrange(1, 3))).isoformat(),
        "source": outlet,
        "url": f"https://{outlet}/world/{country.lower().replace(' ', '-')}/{index}",
    }


def _voice(rng: random.Random, place: str) -> str:
    return f"{rng.choice(WHO)} in {place}, {rng.randrange(19, 70)}, {rng.choice(WHAT)} {rng.choice(WHEN)}."


def generate(count: int, *, seed: int = 21) -> Iterator[dict[str, Any]]:
    """``count`` article records (JSONL fields: title, text, published, source, url)."""
    rng = random.Random(seed)
    incidents: list[Incident] = []
    for index in range(count):
        if incidents and rng.random() < REPEAT_SHARE:
            incident = rng.choice(incidents[-50:])  # another outlet's report of a recent incident
        else:
            incident = _incident(rng)
            incidents.append(incident)
        yield _article(rng, incident, index)


def write_jsonl(path: Path, count: int, *, seed: int = 21) -> Path:
    """Write ``count`` generated articles to ``path`` as JSON Lines; returns the path."""
    with path.open("w", encoding="utf-8") as handle:
        for record in generate(count, seed=seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path

"""EventMention <-> the event dicts of the gold format (see ../shared/gold/README.md).

``sitroom extract`` writes mentions in this shape and ``sitroom eval`` compares them with gold
events field by field, so both sides must speak the same field names.
"""

from __future__ import annotations

from typing import Any

from sitroom.model import Actor, Claim, EventMention

# The event fields of the gold format, in the order the README lists them.
GOLD_FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "date",
    "time_precision",
    "actor1",
    "actor2",
    "assoc_actors",
    "location",
    "admin1",
    "admin2",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "claims",
    "evidence",
    "civilian_targeting",
)


def _actor_name(actor: Actor | None) -> str | None:
    return actor.name if actor is not None else None


def _claim_record(claim: Claim) -> dict[str, str]:
    """A claim in gold shape; the report's own words for its source ride along where they differ from ``by``,
    so a reader (and ``eval --docs``) can tell "Houthi rebels" behind the catalogue's name."""
    record = {"by": claim.by, "stance": claim.stance.value, "about": claim.about}
    return record | {"as_written": claim.as_written} if claim.as_written else record


def _assoc_actors(mention: EventMention) -> list[str]:
    """Associated actors of both sides, each named once, in order of appearance."""
    names: list[str] = []
    for actor in [*mention.assoc_actors_1, *mention.assoc_actors_2]:
        if actor.name not in names:
            names.append(actor.name)
    return names


def mention_to_gold(mention: EventMention) -> dict[str, Any]:
    """One extracted mention as a gold-format event dict (plus its confidence and evidence offsets)."""
    location = mention.location
    return {
        "event_type": mention.event_type.value,
        "sub_event_type": mention.sub_event_type.value,
        "date": mention.date.isoformat() if mention.date else None,
        "time_precision": int(mention.time_precision),
        "actor1": _actor_name(mention.actor1),
        "actor2": _actor_name(mention.actor2),
        "assoc_actors": _assoc_actors(mention),
        "location": location.name if location else None,
        "admin1": location.admin1 if location else None,
        "admin2": location.admin2 if location else None,
        "country": location.country if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "geo_precision": int(location.geo_precision) if location and location.geo_precision else None,
        "fatalities_best": mention.fatalities.best,
        "fatalities_low": mention.fatalities.low,
        "fatalities_high": mention.fatalities.high,
        "claims": [_claim_record(c) for c in mention.claims],
        "evidence": mention.evidence.text,
        "evidence_start": mention.evidence.start,
        "evidence_end": mention.evidence.end,
        "civilian_targeting": mention.civilian_targeting,
        "confidence": mention.confidence,
    }


def gold_fatalities(event: dict[str, Any]) -> int | None:
    """The single figure to compare for a gold or predicted event dict.

    ACLED gold carries ``fatalities_acled`` (0 when no figure was reported); otherwise best,
    else low, else ``None`` when the event gives no figure at all.
    """
    if event.get("fatalities_acled") is not None:
        return int(event["fatalities_acled"])
    for key in ("fatalities_best", "fatalities_low"):
        if event.get(key) is not None:
            return int(event[key])
    return None

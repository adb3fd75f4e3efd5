"""GET /events.columns over a live server: the same events as GET /events, as columns with names sent once; its
filters, its limit, and its cached answer replaced once the events change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sitroom.model import Event
from tests.api.conftest import Server


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def rows(columns: dict[str, Any]) -> list[dict[str, Any]]:
    """The columns back as one dict per event, names looked up."""

    def name(table: str, index: int | None) -> str | None:
        return None if index is None else columns[table][index]

    return [
        {
            "id": columns["id"][i],
            "date": columns["date"][i],
            "latitude": columns["latitude"][i],
            "event_type": columns["event_types"][columns["event_type"][i]],
            "sub_event_type": columns["sub_event_types"][columns["sub_event_type"][i]],
            "country": name("countries", columns["country"][i]),
            "location": name("locations", columns["location"][i]),
            "actor1": name("actor_names", columns["actor1"][i]),
            "actor2": name("actor_names", columns["actor2"][i]),
            "actors": [columns["actor_names"][a] for a in columns["actors"][i]],
            "fatalities": columns["fatalities"][i],
            "confidence": columns["confidence"][i],
        }
        for i in range(columns["count"])
    ]


def expected(event: Event) -> dict[str, Any]:
    actors = [event.actor1, event.actor2, *event.assoc_actors_1, *event.assoc_actors_2]
    f = event.fatalities
    return {
        "id": event.id,
        "date": event.date.isoformat() if event.date else None,
        "latitude": event.location.latitude if event.location else None,
        "event_type": event.event_type.value,
        "sub_event_type": event.sub_event_type.value,
        "country": event.location.country if event.location else None,
        "location": event.location.name if event.location else None,
        "actor1": event.actor1.name if event.actor1 else None,
        "actor2": event.actor2.name if event.actor2 else None,
        "actors": list(dict.fromkeys(a.name for a in actors if a)),
        "fatalities": next((n for n in (f.best, f.low, f.high) if n is not None), None),
        "confidence": event.confidence,
    }


def test_columns_hold_every_stored_event_in_page_order(http: httpx.Client, server: Server) -> None:
    body = http.get("/events.columns").json()
    paged = http.get("/events", params={"limit": 500}).json()["data"]
    assert body["count"] == len(paged) and not body["truncated"]
    assert body["id"] == [e["id"] for e in paged]  # newest first, as GET /events
    stored = {e.id: e for e in server.store.events()}
    assert rows(body) == [expected(stored[i]) for i in body["id"]]
    backers = {a.name: set(a.backers) for e in stored.values() for a in (e.actor1, e.actor2) if a and a.backers}
    for name, names in backers.items():
        assert names <= set(body["backers"][body["actor_names"].index(name)])


def test_columns_take_the_filters_and_a_limit(http: httpx.Client) -> None:
    params = {"event_type": "Battles", "country": "syria", "sort": "asc"}
    body = http.get("/events.columns", params=params).json()
    paged = http.get("/events", params={**params, "limit": 500}).json()["data"]
    assert body["id"] == [e["id"] for e in paged] and body["count"] > 1
    assert {body["event_types"][t] for t in body["event_type"]} == {"Battles"}
    first = http.get("/events.columns", params={**params, "limit": 1}).json()
    assert first["id"] == body["id"][:1] and first["truncated"]
    bad = http.get("/events.columns", params={"limit": 0})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_a_change_to_the_events_replaces_the_cached_columns(http: httpx.Client, server: Server) -> None:
    before = http.get("/events.columns").json()
    events = server.store.events()
    changed = events[0].model_copy(update={"confidence": 0.123})
    server.store.replace_events([changed, *events[1:]])
    try:
        after = http.get("/events.columns").json()
        assert after["confidence"][after["id"].index(changed.id)] == 0.123
    finally:
        server.store.replace_events(events)
    again = http.get("/events.columns").json()
    assert again == before

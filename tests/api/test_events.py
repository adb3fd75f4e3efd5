"""Reads over HTTP from a live server: filters, keyset pages, one event, GeoJSON, actors, briefs, errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import httpx
import pytest

from sitroom.config import Settings
from sitroom.model import Event
from tests.api.conftest import Server, running

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


@pytest.fixture(scope="module")
def stored(server: Server) -> list[Event]:
    return server.store.events()


def all_pages(http: httpx.Client, **params: object) -> tuple[list[dict], int]:
    """Every event the filter selects, following next_cursor; and how many pages that took."""
    seen: list[dict] = []
    pages, cursor = 0, None
    while True:
        response = http.get("/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        seen += body["data"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages


def test_health_and_stats_describe_the_store(http: httpx.Client, server: Server, stored: list[Event]) -> None:
    health = http.get("/health").json()
    assert health == {"status": "ok", "database": server.store.engine.dialect.name}
    stats = http.get("/stats").json()
    assert stats["events"] == len(stored) and stats["articles"] == server.store.count_articles()
    assert sum(stats["events_by_type"].values()) == len(stored)
    assert stats["last_date"] == max(e.date for e in stored if e.date).isoformat()


@pytest.mark.parametrize("sort", ["desc", "asc"])
def test_pages_cover_every_event_once_in_date_order(http: httpx.Client, stored: list[Event], sort: str) -> None:
    events, pages = all_pages(http, limit=3, sort=sort)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) == len(stored)  # no duplicate, no miss
    assert set(ids) == {e.id for e in stored}
    assert pages == -(-len(stored) // 3)
    oldest = dt.date.min.isoformat()  # undated events count as the oldest
    keys = [(e["date"] or oldest, e["id"]) for e in events]
    assert keys == sorted(keys, reverse=sort == "desc")


def test_page_records_are_the_stored_events(http: httpx.Client, stored: list[Event]) -> None:
    first = http.get("/events", params={"limit": 500}).json()["data"]
    assert [Event.model_validate(r) for r in first] == stored


def test_country_type_and_date_filters(http: httpx.Client, server: Server, stored: list[Event]) -> None:
    event = next(e for e in stored if e.location and e.location.country and e.date)
    assert event.location is not None and event.date is not None
    params = {
        "country": event.location.country.upper(),  # case is ignored
        "event_type": event.event_type.value,
        "date_from": event.date.isoformat(),
        "date_to": event.date.isoformat(),
    }
    got, _pages = all_pages(http, **params)
    expected = [
        e.id
        for e in stored
        if e.location
        and e.location.country == event.location.country
        and e.event_type == event.event_type
        and e.date == event.date
    ]
    assert event.id in expected and sorted(e["id"] for e in got) == sorted(expected)


def test_sub_type_actor_confidence_and_text_filters(http: httpx.Client, stored: list[Event]) -> None:
    event = next(e for e in stored if e.actor1)
    assert event.actor1 is not None
    got = http.get("/events", params={"sub_event_type": event.sub_event_type.value, "limit": 500}).json()["data"]
    assert {e["id"] for e in got} == {e.id for e in stored if e.sub_event_type == event.sub_event_type}
    word = event.actor1.name.split()[-1]
    got = http.get("/events", params={"actor": word.lower(), "limit": 500}).json()["data"]
    assert event.id in {e["id"] for e in got}
    assert all(word.lower() in json.dumps(e).lower() for e in got)
    threshold = sorted(e.confidence for e in stored)[len(stored) // 2]
    got = http.get("/events", params={"min_confidence": threshold, "limit": 500}).json()["data"]
    assert {e["id"] for e in got} == {e.id for e in stored if e.confidence >= threshold}
    got = http.get("/events", params={"q": "zzz-no-such-word"}).json()["data"]
    assert got == []


def test_bbox_keeps_only_events_inside(http: httpx.Client, stored: list[Event]) -> None:
    placed = [e for e in stored if e.location and e.location.latitude is not None]
    assert placed, "the seeded events have coordinates"
    loc = placed[0].location
    assert loc is not None and loc.latitude is not None and loc.longitude is not None
    box = (loc.longitude - 0.5, loc.latitude - 0.5, loc.longitude + 0.5, loc.latitude + 0.5)
    got = http.get("/events", params={"bbox": ",".join(map(str, box)), "limit": 500}).json()["data"]
    inside = {
        e.id
        for e in placed
        if e.location and box[0] <= e.location.longitude <= box[2] and box[1] <= e.location.latitude <= box[3]  # type: ignore[operator]
    }
    assert placed[0].id in inside and {e["id"] for e in got} == inside


def test_one_event_with_its_reports_and_evidence(http: httpx.Client, stored: list[Event]) -> None:
    event = max(stored, key=lambda e: len(e.mention_ids))
    body = http.get(f"/events/{event.id}").json()
    assert Event.model_validate(body["event"]) == event
    assert sorted(r["mention"]["id"] for r in body["reports"]) == sorted(event.mention_ids)
    for report in body["reports"]:
        evidence = report["mention"]["evidence"]
        assert evidence["article_id"] == report["article_id"] and evidence["text"]
    assert body["event"]["contradictions"] == [c.model_dump(mode="json") for c in event.contradictions]


def test_unknown_event_is_a_404_problem(http: httpx.Client) -> None:
    response = http.get("/events/evt_nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "no event with id 'evt_nope'",
    }


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"limit": 0}, 422),
        ({"limit": 501}, 422),
        ({"limit": "many"}, 422),
        ({"date_from": "yesterday"}, 422),
        ({"event_type": "Picnics"}, 422),
        ({"min_confidence": 2}, 422),
        ({"min_confidence": "nan"}, 422),
        ({"sort": "sideways"}, 422),
        ({"country": "x" * 201}, 422),
        ({"country": "Syria\x00"}, 422),
        ({"bbox": "1,2,3"}, 400),
        ({"bbox": "a,b,c,d"}, 400),
        ({"bbox": "10,10,0,0"}, 400),
        ({"cursor": "not-a-cursor"}, 400),
    ],
)
def test_bad_parameters_are_4xx_problems(http: httpx.Client, params: dict[str, object], status: int) -> None:
    response = http.get("/events", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]


def test_a_cursor_is_refused_under_the_other_sort(http: httpx.Client) -> None:
    cursor = http.get("/events", params={"limit": 1}).json()["next_cursor"]
    response = http.get("/events", params={"limit": 1, "cursor": cursor, "sort": "asc"})
    assert response.status_code == 400 and "sort" in response.json()["detail"]


def test_geojson_is_a_feature_collection_of_the_filtered_events(http: httpx.Client, stored: list[Event]) -> None:
    response = http.get("/events.geojson")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [e.id for e in stored]
    for feature, event in zip(collection["features"], stored, strict=True):
        assert feature["type"] == "Feature" and feature["properties"]["event_id_cnty"] == event.id
        loc = event.location
        if loc is not None and loc.latitude is not None:
            assert feature["geometry"] == {"type": "Point", "coordinates": [loc.longitude, loc.latitude]}
        else:
            assert feature["geometry"] is None
    typed = http.get("/events.geojson", params={"event_type": stored[0].event_type.value, "limit": 1}).json()
    assert [f["id"] for f in typed["features"]] == [stored[0].id]


def test_actors_are_counted_with_their_backers(http: httpx.Client, stored: list[Event]) -> None:
    actors = http.get("/actors", params={"limit": 500}).json()["data"]
    counts = [a["events"] for a in actors]
    assert counts == sorted(counts, reverse=True)
    top = actors[0]
    involved = [e for e in stored if top["name"] in {a.name for a in _actors(e)}]
    assert top["events"] == len(involved)
    backers = sorted({b for e in involved for a in _actors(e) if a.name == top["name"] for b in a.backers})
    assert top["backers"] == backers


def _actors(event: Event) -> list:
    return [a for a in [event.actor1, event.actor2, *event.assoc_actors_1, *event.assoc_actors_2] if a]


@pytest.mark.parametrize(
    ("fmt", "media"), [("markdown", "text/markdown"), ("html", "text/html"), ("json", "application/json")]
)
def test_briefs_in_each_format(http: httpx.Client, fmt: str, media: str) -> None:
    response = http.get("/briefs", params={"country": "Syria", "since": "2024-11-01", "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    if fmt == "json":
        assert response.json()["headline"]["citations"]
    else:
        assert "Aleppo" in response.text


def test_reads_need_a_key_when_settings_say_so(server: Server) -> None:
    _key, token = server.store.create_api_key("reader")
    with running(Settings(db=server.settings.db, api_read_key=True)) as guarded, guarded.client() as anonymous:
        refused = anonymous.get("/events")
        assert refused.status_code == 401 and refused.headers["content-type"] == PROBLEM
        assert anonymous.get("/events", headers={"X-API-Key": token}).status_code == 200
        assert anonymous.get("/health").status_code == 200  # liveness stays open


def test_openapi_docs_are_served(http: httpx.Client) -> None:
    docs = http.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text.lower()
    schema = http.get("/openapi.json").json()
    listing = schema["paths"]["/events"]["get"]
    assert listing["summary"] and {p["name"] for p in listing["parameters"]} >= {"country", "bbox", "cursor", "limit"}

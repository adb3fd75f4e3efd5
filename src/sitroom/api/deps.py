"""What endpoints depend on: the store, API-key checks and the event filter parameters.

The dependencies are ``async def``: FastAPI runs a plain ``def`` dependency on a worker thread, and the thread hop
per dependency cost more than the work itself (a page at 50 concurrent clients went through six). Only the
database lookup of a key goes to a thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from sitroom.config import Settings
from sitroom.model import EventType, SubEventType
from sitroom.store import BBox, EventFilter, PageKey, Store
from sitroom.store.query import SortOrder

MAX_PAGE = 500
MAX_TEXT = 200  # longer than any real country, region or actor name (as the CLI's filters)
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refuse it as a bad parameter, not a database error


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="a key from `sitroom keys create`")
_bearer = HTTPBearer(auto_error=False, description="the same key as a bearer token")
KeyHeader = Annotated[str | None, Depends(_key_header)]
BearerToken = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def require_key(store: StoreDep, key: KeyHeader, bearer: BearerToken) -> None:
    """Writes need a valid, unrevoked API key (``X-API-Key: …`` or ``Authorization: Bearer …``)."""
    token = key or (bearer.credentials if bearer else None)
    if not token:
        raise HTTPException(401, "this endpoint needs an API key (X-API-Key header or Authorization: Bearer)")
    if not await run_in_threadpool(store.api_key_valid, token):
        raise HTTPException(401, "the API key is unknown or revoked")


async def read_access(settings: SettingsDep, store: StoreDep, key: KeyHeader, bearer: BearerToken) -> None:
    """Reads are open unless ``Settings.api_read_key`` asks for a key."""
    if settings.api_read_key:
        await require_key(store, key, bearer)


Text = Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL)]


async def event_filter(
    country: Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL, examples=["Syria"])] = None,
    admin1: Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL, examples=["Idlib"])] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=NO_NUL,
            description="minlon,minlat,maxlon,maxlat in degrees (events without coordinates are left out)",
            examples=["35.5,35.0,37.5,37.0"],
        ),
    ] = None,
    date_from: Annotated[dt.date | None, Query(description="first event date")] = None,
    date_to: Annotated[dt.date | None, Query(description="last event date")] = None,
    event_type: EventType | None = None,
    sub_event_type: SubEventType | None = None,
    actor: Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL, description="part of a name")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT,
            pattern=NO_NUL,
            description="words to find in actors, places, sub-event type, notes or sources (case ignored)",
        ),
    ] = None,
    sort: Annotated[SortOrder, Query(description="by event date; undated events count as the oldest")] = "desc",
) -> EventFilter:
    """The filters every event listing takes (``/events``, ``/events.geojson``, ``/actors``)."""
    return EventFilter(
        country=country,
        admin1=admin1,
        bbox=BBox.parse(bbox) if bbox else None,
        since=date_from,
        until=date_to,
        event_type=event_type.value if event_type else None,
        sub_event_type=sub_event_type.value if sub_event_type else None,
        actor=actor,
        min_confidence=min_confidence,
        text=q,
        order=sort,
    )


FilterDep = Annotated[EventFilter, Depends(event_filter)]


async def event_page(
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"events per page, at most {MAX_PAGE}")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=1000, pattern=NO_NUL, description="``next_cursor`` of the previous page")
    ] = None,
) -> EventFilter:
    """The filters plus where the page starts and how long it is."""
    return replace(flt, limit=limit, after=PageKey.from_cursor(cursor, flt.order) if cursor else None)


PageDep = Annotated[EventFilter, Depends(event_page)]

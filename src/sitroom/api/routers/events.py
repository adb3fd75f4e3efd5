"""Events: filtered keyset pages, compact columns for dashboards, one event with its evidence, and GeoJSON."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from sitroom.api.columns import MAX_COLUMNS, ColumnsCache
from sitroom.api.deps import NO_NUL, FilterDep, PageDep, StoreDep, read_access
from sitroom.api.problems import problem_responses
from sitroom.api.schemas import EventColumns, EventDetail, EventPage, Report
from sitroom.export import geojson_chunks

router = APIRouter(tags=["events"], dependencies=[Depends(read_access)])
MAX_GEOJSON = 10_000_000
# A page is read on the event loop when SQLite gives it within this time (a first page on a million events: 0.3
# ms), else on a worker thread: a slow filter (a text search) then stalls the loop for at most this long.
INLINE_READ_SECONDS = 0.002


@router.get(
    "/events",
    response_model=EventPage,
    summary="List corroborated events",
    description="Events newest first (or oldest first with `sort=asc`), filtered, one keyset page at a time: "
    "pass `next_cursor` back as `cursor` until it is null. Pages never repeat or skip an event.",
    responses=problem_responses(400, 401, 422),
)
async def list_events(store: StoreDep, flt: PageDep) -> Response:
    limit = flt.limit or 1
    page = replace(flt, limit=limit + 1)  # one more row says whether a next page exists
    rows = store.event_json_within(page, INLINE_READ_SECONDS)
    if rows is None:
        rows = await run_in_threadpool(store.event_json, page)
    more, rows = len(rows) > limit, rows[:limit]
    cursor = rows[-1][0].cursor(flt.order) if more else None
    # The stored records are already Event JSON: spliced in as they are, not decoded, validated and re-encoded.
    body = '{"data":[' + ",".join(record for _key, record in rows) + '],"next_cursor":' + json.dumps(cursor) + "}"
    return Response(body, media_type="application/json")


@router.get(
    "/events.geojson",
    summary="Events as GeoJSON",
    description="An RFC 7946 FeatureCollection of the filtered events, streamed: each feature is an event's point "
    "(null geometry while it has no coordinates) with its ACLED columns as properties.",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/geo+json": {}}}, **problem_responses(400, 401, 422)},
)
def events_geojson(
    store: StoreDep,
    flt: FilterDep,
    limit: Annotated[int | None, Query(ge=1, le=MAX_GEOJSON, description="at most this many features")] = None,
) -> StreamingResponse:
    events = store.iter_acled_records(replace(flt, limit=limit))
    return StreamingResponse(geojson_chunks(events), media_type="application/geo+json")


@router.get(
    "/events.columns",
    response_model=EventColumns,
    summary="Events as compact columns",
    description="Every filtered event's date, point, type, actors, fatalities and confidence (newest first, or "
    "oldest first with `sort=asc`) as parallel columns, names sent once: what a dashboard needs to draw and "
    f"filter tens of thousands of events in the browser. At most `limit` events ({MAX_COLUMNS:,} by default).",
    responses=problem_responses(400, 401, 422),
)
def events_columns(
    request: Request,
    store: StoreDep,
    flt: FilterDep,
    limit: Annotated[
        int, Query(ge=1, le=MAX_COLUMNS, description=f"at most this many events, at most {MAX_COLUMNS:,}")
    ] = MAX_COLUMNS,
) -> Response:
    cache: ColumnsCache = request.app.state.columns
    return Response(cache.body(store, flt, limit), media_type="application/json")


@router.get(
    "/events/{event_id}",
    response_model=EventDetail,
    summary="One event and its evidence",
    description="The event (merged fields, sources, contradictions between them) and every article's report "
    "behind it, each with the evidence spans and claims it was read from.",
    responses=problem_responses(401, 404, 422),
)
def get_event(store: StoreDep, event_id: Annotated[str, Path(max_length=100, pattern=NO_NUL)]) -> EventDetail:
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    mentions = [m for m in (store.get_mention(i) for i in event.mention_ids) if m is not None]
    articles = {a.id: a for a in store.articles(sorted({m.article_id for m in mentions}))}
    reports = [
        Report(
            article_id=m.article_id,
            title=articles[m.article_id].title,
            published=articles[m.article_id].published,
            source=articles[m.article_id].source,
            mention=m,
        )
        for m in mentions
        if m.article_id in articles
    ]
    return EventDetail(event=event, reports=reports)

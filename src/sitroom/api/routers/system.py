"""Health and store statistics."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from sitroom.api.deps import StoreDep, read_access
from sitroom.api.problems import problem_responses
from sitroom.api.schemas import Health
from sitroom.store import StoreStats

router = APIRouter(tags=["system"])


@router.get(
    "/health",
    response_model=Health,
    summary="Liveness and database check",
    description="200 when the server answers and its database does (never needs a key).",
    responses=problem_responses(503),
)
def health(store: StoreDep) -> Health:
    store.ping()  # a StoreError becomes a 503 problem (see problems.py)
    return Health(status="ok", database=store.engine.dialect.name)


@router.get(
    "/stats",
    response_model=StoreStats,
    summary="What the store holds",
    description="Articles, reports and events (by event type) stored, and the dates the events span.",
    dependencies=[Depends(read_access)],
    responses=problem_responses(401),
)
def stats(store: StoreDep) -> StoreStats:
    return store.stats()

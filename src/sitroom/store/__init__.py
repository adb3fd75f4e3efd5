"""Persistence: the one place that talks SQL. Stages hand records in and get records back."""

from sitroom.store.query import BBox, EventFilter, PageKey, QueryError
from sitroom.store.repository import (
    AddResult,
    ApiKey,
    EventPoints,
    EventSummary,
    FeedEntryState,
    Store,
    StoreError,
    StoreStats,
)

__all__ = [
    "AddResult",
    "ApiKey",
    "BBox",
    "EventFilter",
    "EventPoints",
    "EventSummary",
    "FeedEntryState",
    "PageKey",
    "QueryError",
    "Store",
    "StoreError",
    "StoreStats",
]

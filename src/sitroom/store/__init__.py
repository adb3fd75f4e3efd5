"""Persistence: the one place that talks SQL. Stages hand records in and get records back."""

from sitroom.store.repository import AddResult, EventFilter, EventSummary, FeedEntryState, Store, StoreError

__all__ = ["AddResult", "EventFilter", "EventSummary", "FeedEntryState", "Store", "StoreError"]

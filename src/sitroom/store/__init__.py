"""Persistence: the one place that talks SQL. Stages hand records in and get records back."""

from sitroom.store.repository import AddResult, EventFilter, FeedEntryState, Store, StoreError

__all__ = ["AddResult", "EventFilter", "FeedEntryState", "Store", "StoreError"]

"""Errors shared across stages."""


class StageUnavailable(RuntimeError):
    """A pipeline stage is not installed or not built yet; the pipeline runs without it."""

"""scale stage: interface to come (see docs/architecture.md)."""

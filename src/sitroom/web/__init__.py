"""web stage: interface to come (see docs/architecture.md)."""

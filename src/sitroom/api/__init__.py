"""REST API over a store (FastAPI): ``create_app(settings)``; ``sitroom serve`` runs it with uvicorn."""

from sitroom.api.app import create_app

__all__ = ["create_app"]

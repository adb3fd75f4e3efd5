"""The FastAPI application: ``create_app(settings)`` wires the store, the routers and the error handling."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from sitroom.api.columns import ColumnsCache
from sitroom.api.problems import BodyLimit, install_problem_handlers
from sitroom.api.routers import actors, articles, briefs, events, system
from sitroom.config import Settings
from sitroom.store import Store
from sitroom.web import mount_dashboard

SERVER_THREADS = 40  # Starlette runs sync endpoints on AnyIO's worker threads: 40 by default
DESCRIPTION = """Corroborated, ACLED-compatible conflict events with the evidence behind every field. The web
dashboard is at `/`.

Reads are open unless the server requires a key; writes (`POST /articles`) need an API key from
`sitroom keys create`, sent as `X-API-Key: …` or `Authorization: Bearer …`. Errors are
`application/problem+json` (RFC 9457)."""


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API over ``settings.db`` (or an open ``store``, which the caller keeps and closes)."""
    settings = settings or Settings()
    owned = store is None
    store = store or Store(settings.db, pool_size=SERVER_THREADS)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The dashboard's columns, read ahead in the background: its first visit need not wait for them.
        threading.Thread(target=app.state.columns.warm, args=(store,), daemon=True).start()
        yield
        if owned:
            store.close()

    app = FastAPI(title="sitroom", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store
    app.state.articles = articles.ArticleRunner(settings)
    app.state.columns = ColumnsCache()
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.max_input_bytes)
    for module in (events, actors, briefs, articles, system):
        app.include_router(module.router)
    mount_dashboard(app)  # the web dashboard at /, a client of the routes above
    return app


def app_from_environment() -> FastAPI:
    """The app for one of several uvicorn worker processes (``sitroom serve --workers N``): settings from the
    environment, as each process reads them."""
    return create_app(Settings())

"""Sharing a store: ``serve`` (the REST API), ``keys`` (its API keys) and ``export`` (files for other tools)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sitroom.cli import app
from sitroom.cli.common import (
    DbOption,
    OutputFormat,
    bounded_text,
    console,
    emit_rows,
    err_console,
    fail,
    parse_date_option,
    settings_for,
)
from sitroom.export import ExportFormat, export_events
from sitroom.store import BBox, EventFilter, QueryError, Store


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes, each with its own listening socket (one per core serves the most requests).", min=1
        ),
    ] = 1,
) -> None:
    """Serve the REST API (FastAPI + uvicorn); interactive docs at /docs.

    Example:  sitroom serve --host 127.0.0.1 --port 8000 --db news.db
    """
    import uvicorn

    from sitroom.api import create_app
    from sitroom.api.workers import ServeError, reuse_port_supported, serve_workers

    if workers == 1:
        uvicorn.run(create_app(settings_for(db)), host=host, port=port)
        return
    if db:  # each worker process builds its app from the environment
        os.environ["SITROOM_DB"] = db
    if not reuse_port_supported():  # one shared socket (uvicorn's workers) where the system has no SO_REUSEPORT
        uvicorn.run("sitroom.api.app:app_from_environment", factory=True, host=host, port=port, workers=workers)
        return
    try:
        serve_workers(host, port, workers)
    except ServeError as exc:
        raise fail(str(exc)) from None


keys_app = typer.Typer(help="API keys for the REST API's writes (and reads, with SITROOM_API_READ_KEY=true).")
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who or what the key is for.", callback=bounded_text)],
    db: DbOption = None,
) -> None:
    """Create a key and print its token: shown this once, only its hash is stored.

    Example:  sitroom keys create "newsroom ingest bot"
    """
    with Store(settings_for(db).db) as store:
        key, token = store.create_api_key(name)
    err_console.print(f"created {key.id} ({key.name}); send the token as X-API-Key or Authorization: Bearer")
    console.print(token, markup=False, highlight=False)


@keys_app.command("list")
def keys_list(db: DbOption = None) -> None:
    """List keys (never their tokens)."""
    with Store(settings_for(db).db) as store:
        rows = [
            {"id": k.id, "name": k.name, "created": f"{k.created_at:%Y-%m-%d %H:%M}", "revoked": k.revoked_at or ""}
            for k in store.api_keys()
        ]
    emit_rows(rows, ["id", "name", "created", "revoked"], OutputFormat.table, title=f"{len(rows)} key(s)")


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (see `sitroom keys list`).")], db: DbOption = None
) -> None:
    """Revoke a key: requests with it are refused from now on."""
    with Store(settings_for(db).db) as store:
        if not store.revoke_api_key(key_id):
            raise fail(f"no API key with id {key_id!r}")
    console.print(f"revoked {key_id}")


class Sort(StrEnum):
    desc = "desc"
    asc = "asc"


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="acled-csv, geojson, parquet or jsonl.")],
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="Country, e.g. Syria.", callback=bounded_text)] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region, e.g. Idlib.", callback=bounded_text)] = None,
    bbox: Annotated[str | None, typer.Option(help="minlon,minlat,maxlon,maxlat.", callback=bounded_text)] = None,
    since: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).", callback=bounded_text)] = None,
    until: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).", callback=bounded_text)] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="ACLED event type or sub-event type.", callback=bounded_text)
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor name.", callback=bounded_text)] = None,
    min_confidence: Annotated[float | None, typer.Option(help="Lowest confidence (0-1).", min=0, max=1)] = None,
    text: Annotated[
        str | None, typer.Option("--q", help="Words in actors, places, notes.", callback=bounded_text)
    ] = None,
    sort: Annotated[Sort, typer.Option(help="desc (newest first) or asc.")] = Sort.desc,
    limit: Annotated[int | None, typer.Option(help="At most this many events.", min=1)] = None,
) -> None:
    """Export events (the filters of GET /events) to a file, streamed: any number of events in flat memory.

    Example:  sitroom export --format acled-csv --country Syria -o syria.csv
    """
    try:
        flt = EventFilter(
            country=country,
            admin1=admin1,
            bbox=BBox.parse(bbox) if bbox else None,
            since=parse_date_option(since, "--since"),
            until=parse_date_option(until, "--until"),
            event_type=event_type,
            actor=actor,
            min_confidence=min_confidence,
            text=text,
            order="asc" if sort is Sort.asc else "desc",
            limit=limit,
        )
    except QueryError as exc:
        raise fail(f"--bbox: {exc}", code=2) from None
    with Store(settings_for(db).db) as store:
        count = export_events(store, flt, fmt, output)
    err_console.print(f"wrote {count} event(s) to {output} ({fmt.value})")

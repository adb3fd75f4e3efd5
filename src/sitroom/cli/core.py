"""Core commands: run, events, show."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitroom import pipeline
from sitroom.cli import app
from sitroom.cli.common import DbOption, FormatOption, OutputFormat, console, emit_rows, fail, settings_for
from sitroom.cli.ingest import PathsArg, print_outcome, print_summary
from sitroom.model import EventMention
from sitroom.store import EventFilter, Store

EVENT_COLUMNS = [
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "source",
]


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )


@app.command()
def run(paths: PathsArg, db: DbOption = None) -> None:
    """Run the whole pipeline: ingest, extract events, place them, corroborate.

    Example:  sitroom run examples/articles
    """
    settings = settings_for(db)
    with Store(settings.db) as store:
        report = pipeline.ingest(paths, store, settings, on_outcome=print_outcome)
        print_summary(report)
        ids = report.article_ids
        with _progress() as progress:
            task = progress.add_task("extracting events", total=len(ids))
            extracted = pipeline.extract_and_place(store, settings, ids, on_progress=lambda _id: progress.advance(task))
        events = pipeline.corroborate_all(store)
        mentions = store.mentions()
    for skipped in extracted.skipped_stages:
        console.print(f"[yellow]skipped:[/yellow] {skipped}")
    for failure in extracted.failures:
        console.print(f"[red]extraction failed:[/red] {failure}")
    console.print(
        f"{len(ids)} new article(s); {extracted.mentions} event mention(s) extracted; "
        f"{len(mentions)} mention(s) in the store"
        + (f"; {events} corroborated event(s)" if events is not None else "")
        + f"; database: {settings.db}"
    )
    if mentions:
        emit_rows([m.acled_row() | {"id": m.id} for m in mentions], EVENT_COLUMNS, OutputFormat.table, title="Events")
    if report.failed or extracted.failures:
        raise typer.Exit(1)


def _parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{name} must be a date like 2024-11-27, got {value!r}") from None


@app.command()
def events(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="Country name, e.g. Syria.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="ACLED event type or sub-event type, e.g. 'Battles'.")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor name, e.g. 'Tahrir'.")] = None,
    since: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List stored event reports, newest first, with ACLED column names.

    Example:  sitroom events --country Syria --type "Air/drone strike" --format csv
    """
    flt = EventFilter(
        country=country,
        event_type=event_type,
        actor=actor,
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
        limit=limit,
    )
    with Store(settings_for(db).db) as store:
        rows = [m.acled_row() | {"id": m.id} for m in store.mentions(flt)]
    emit_rows(rows, EVENT_COLUMNS, fmt, title=f"{len(rows)} event report(s)")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An id printed by `sitroom events`.")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one event report with the evidence behind each field.

    Example:  sitroom show evm_0123456789abcdef
    """
    with Store(settings_for(db).db) as store:
        mention = store.get_mention(event_id)
        article = store.get_article(mention.article_id) if mention else None
    if mention is None:
        raise fail(f"no event with id {event_id!r} in this database (list them with `sitroom events`)")
    if fmt is not OutputFormat.table:
        console.print_json(json.dumps(mention.model_dump(mode="json")))
        return
    console.print(Panel(_describe(mention), title=f"{mention.sub_event_type.value} — {mention.id}"))
    if article:
        console.print(f"from: {article.title} ({article.source.domain or 'unknown outlet'})", highlight=False)


def _describe(m: EventMention) -> str:
    lines = [f"[bold]evidence:[/bold] “{m.evidence.text}”"]
    for label, value, ev in [
        ("actor1", m.actor1.name if m.actor1 else None, m.actor1.evidence if m.actor1 else None),
        ("actor2", m.actor2.name if m.actor2 else None, m.actor2.evidence if m.actor2 else None),
        ("location", m.location.name if m.location else None, m.location.evidence if m.location else None),
        ("date", m.date.isoformat() if m.date else None, m.date_evidence),
    ]:
        if value:
            lines.append(f"[bold]{label}:[/bold] {value}" + (f"  ← “{ev.text}”" if ev else ""))
    fat = m.fatalities
    if fat.known:
        lines.append(
            f"[bold]fatalities:[/bold] best={fat.best} low={fat.low} high={fat.high}"
            + (f"  ← “{fat.evidence.text}”" if fat.evidence else "")
        )
    for claim in m.claims:
        lines.append(f"[bold]claim:[/bold] {claim.by} {claim.stance.value} {claim.about}")
    return "\n".join(lines)

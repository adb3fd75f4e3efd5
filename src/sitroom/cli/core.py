"""Core commands: run, events, show."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitroom import pipeline
from sitroom.cli import app
from sitroom.cli.common import (
    DEFAULT_JOBS,
    DbOption,
    FormatOption,
    JobsOption,
    OutputFormat,
    bounded_text,
    console,
    emit_rows,
    fail,
    parse_date_option,
    settings_for,
)
from sitroom.cli.ingest import PathsArg, print_outcome, print_summary
from sitroom.model import Event, EventMention
from sitroom.store import EventFilter, Store

# Columns of `--format json|csv`: ACLED's names (see docs/schema.md), plus our range and sources.
EXPORT_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "civilian_targeting",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
]
# The terminal table keeps what fits on a screen.
TABLE_COLUMNS = ["event_id_cnty", "event_date", "sub_event_type", "actor1", "actor2", "location", "deaths", "source"]


def _table_row(row: dict[str, object]) -> dict[str, object]:
    return row | {"deaths": _deaths(row)}


def _deaths(row: dict[str, object]) -> str:
    best, low, high = row.get("fatalities_best"), row.get("fatalities_low"), row.get("fatalities_high")
    if best is None and low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        return f"{low}-{high}"
    if best is not None:
        return str(best)
    return f"{low}+" if low is not None else f"≤{high}"


# `run` lists this run's events up to here: a table of thousands scrolls past unread (and took 4% of a 500-article run)
RUN_LISTING_ROWS = 100


def _print_rows(rows: list[dict[str, object]], fmt: OutputFormat, title: str) -> None:
    if fmt is OutputFormat.table:
        emit_rows([_table_row(r) for r in rows], TABLE_COLUMNS, fmt, title=title)
    else:
        emit_rows(rows, EXPORT_COLUMNS, fmt)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )


@app.command()
def run(paths: PathsArg, db: DbOption = None, jobs: JobsOption = DEFAULT_JOBS) -> None:
    """Run the whole pipeline: ingest, extract events, place them, corroborate; then list the events this run's
    articles report (`sitroom events` lists them all).

    Example:  sitroom run examples/articles
    """
    settings = settings_for(db)
    with Store(settings.db) as store, _progress() as progress:
        task = progress.add_task("extracting events", total=None, visible=False)

        def show_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, visible=True)

        result = pipeline.run(paths, store, settings, on_outcome=print_outcome, on_progress=show_progress, jobs=jobs)
        # This run's events and reports: a store of thousands of events is listed by `sitroom events`.
        ran = result.extract.article_ids
        rows = store.acled_rows(of_articles=ran) or store.acled_rows(reports=True, of_articles=ran)
        stored = store.stats().mentions
    report, extracted = result.ingest, result.extract
    print_summary(report)
    for skipped in extracted.skipped_stages:
        console.print(f"[yellow]skipped:[/yellow] {skipped}")
    for failure in extracted.failures:
        console.print(f"[red]extraction failed:[/red] {failure}")
    console.print(
        f"{len(report.article_ids)} new article(s); {extracted.mentions} event mention(s) extracted; "
        f"{stored} mention(s) in the store"
        + (f"; {result.events} corroborated event(s)" if result.events is not None else "")
        + f"; database: {settings.db}"
    )
    if rows:
        shown = rows[:RUN_LISTING_ROWS]
        more = f", the first {len(shown)} shown (`sitroom events` lists all)" if len(rows) > len(shown) else ""
        _print_rows(shown, OutputFormat.table, title=f"{len(rows)} event(s){more} — `sitroom show ID` for the evidence")
    if report.failed or extracted.failures:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="Country name, e.g. Syria.", callback=bounded_text)] = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", help="ACLED event type or sub-event type, e.g. 'Battles'.", callback=bounded_text),
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Part of an actor name, e.g. 'Tahrir'.", callback=bounded_text)
    ] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region, e.g. Idlib.", callback=bounded_text)] = None,
    since: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).", callback=bounded_text)] = None,
    until: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).", callback=bounded_text)] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.", min=1)] = None,
    reports: Annotated[
        bool, typer.Option("--reports", help="List each article's report separately instead of merged events.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List stored events, newest first, with ACLED column names.

    By default each row is a corroborated event (reports of one incident merged across outlets);
    --reports lists every article's own report.

    Example:  sitroom events --country Syria --type "Air/drone strike" --format csv
    """
    flt = EventFilter(
        country=country,
        event_type=event_type,
        actor=actor,
        admin1=admin1,
        since=parse_date_option(since, "--since"),
        until=parse_date_option(until, "--until"),
        limit=limit,
    )
    with Store(settings_for(db).db) as store:
        rows = store.acled_rows(flt, reports=reports)
    _print_rows(rows, fmt, title=f"{len(rows)} {'report' if reports else 'event'}(s)")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An id printed by `sitroom events` (event or report).")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one event (or one article's report) with the evidence behind each field.

    Example:  sitroom show evm_0123456789abcdef
    """
    with Store(settings_for(db).db) as store:
        event = store.get_event(event_id)
        mention_ids = event.mention_ids if event else [event_id]
        mentions = [m for m in (store.get_mention(i) for i in mention_ids) if m is not None]
        articles = {a.id: a for a in store.articles(sorted({m.article_id for m in mentions}))}
    record: Event | EventMention | None = event or (mentions[0] if mentions else None)
    if record is None:
        raise fail(f"no event with id {event_id!r} in this database (list them with `sitroom events`)")
    if fmt is not OutputFormat.table:
        console.print_json(json.dumps(record.model_dump(mode="json")))
        return
    if event is not None:
        console.print(Panel(_describe_event(event), title=escape(f"{event.sub_event_type.value} — {event.id}")))
    for mention in mentions:
        article = articles.get(mention.article_id)
        outlet = f"{article.title} ({article.source.domain or 'unknown outlet'})" if article else mention.article_id
        # Titles and values below come from article text: escaped so "[/x]" or "[link=…]" prints as written.
        console.print(Panel(_describe(mention), title=escape(f"report {mention.id}"), subtitle=escape(outlet)))


def _describe_event(ev: Event) -> str:
    row = {k: escape(v) if isinstance(v, str) else v for k, v in ev.acled_row().items()}
    lines = [
        f"[bold]date:[/bold] {row['event_date'] or 'unknown'} (precision {row['time_precision']})",
        f"[bold]actors:[/bold] {row['actor1'] or '?'} vs {row['actor2'] or '—'}",
        f"[bold]place:[/bold] {row['location'] or '?'}, {row['admin1'] or ''} {row['country'] or ''}",
        f"[bold]deaths:[/bold] {_deaths(row) or 'no figure reported'}",
        f"[bold]sources:[/bold] {escape(', '.join(ev.sources))} ({ev.independent_sources} independent)",
        f"[bold]confidence:[/bold] {ev.confidence:.2f}",
    ]
    lines += [f"[bold red]contradiction:[/bold red] {c.field}: {escape(str(c.values))}" for c in ev.contradictions]
    return "\n".join(lines)


def _describe(m: EventMention) -> str:
    lines = [f"[bold]evidence:[/bold] “{escape(m.evidence.text)}”"]
    for label, value, ev in [
        ("actor1", m.actor1.name if m.actor1 else None, m.actor1.evidence if m.actor1 else None),
        ("actor2", m.actor2.name if m.actor2 else None, m.actor2.evidence if m.actor2 else None),
        ("location", m.location.name if m.location else None, m.location.evidence if m.location else None),
        ("date", m.date.isoformat() if m.date else None, m.date_evidence),
    ]:
        if value:
            lines.append(f"[bold]{label}:[/bold] {escape(value)}" + (f"  ← “{escape(ev.text)}”" if ev else ""))
    fat = m.fatalities
    if fat.known:
        lines.append(
            f"[bold]fatalities:[/bold] best={fat.best} low={fat.low} high={fat.high}"
            + (f"  ← “{escape(fat.evidence.text)}”" if fat.evidence else "")
        )
    for claim in m.claims:
        lines.append(f"[bold]claim:[/bold] {escape(claim.by)} {claim.stance.value} {escape(claim.about)}")
    return "\n".join(lines)

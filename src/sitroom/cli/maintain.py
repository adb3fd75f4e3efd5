"""Store maintenance: ``sitroom reprocess`` redoes extraction where the extractor has changed."""

from __future__ import annotations

from typing import Annotated

import typer

from sitroom import pipeline
from sitroom.cli import app
from sitroom.cli.common import DEFAULT_JOBS, DbOption, JobsOption, console, settings_for
from sitroom.store import Store


@app.command()
def reprocess(
    db: DbOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Re-extract every stored article, not only those another version made.")
    ] = False,
    jobs: JobsOption = DEFAULT_JOBS,
) -> None:
    """Re-extract stored articles that another extractor version produced, then rebuild the events.

    Every article records the extractor version that read it (rules, actor catalogue, models, gazetteer on or
    off). `sitroom run` never redoes an article already extracted; after an upgrade, this does.

    Example:  sitroom reprocess --db news.db
    """
    settings = settings_for(db)
    with Store(settings.db) as store:
        report, events = pipeline.reprocess(store, settings, everything=everything, jobs=jobs)
    for skipped in report.skipped_stages:
        console.print(f"[yellow]skipped:[/yellow] {skipped}")
    for failure in report.failures:
        console.print(f"[red]extraction failed:[/red] {failure}", highlight=False)
    console.print(
        f"{report.articles} article(s) re-extracted, {report.mentions} event mention(s)"
        + (f"; {events} corroborated event(s)" if events is not None else "")
    )
    if report.failures:
        raise typer.Exit(1)


@app.command()
def rebuild(db: DbOption = None) -> None:
    """Rebuild the corroborated events from every stored mention.

    `run`, `watch` and the API update the events incrementally (only those new reports change, with the same
    result as a rebuild); this recomputes all of them, e.g. to check a store or after editing it by hand.

    Example:  sitroom rebuild --db news.db
    """
    with Store(settings_for(db).db) as store:
        events = pipeline.corroborate_all(store)
    console.print("corroboration unavailable" if events is None else f"{events} corroborated event(s)")

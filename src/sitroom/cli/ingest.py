"""Ingest commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sitroom import pipeline
from sitroom.cli import app
from sitroom.cli.common import DbOption, console, settings_for
from sitroom.ingest import IngestReport, Outcome, Status
from sitroom.store import Store

PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", show_default=False)]

STATUS_STYLE = {Status.NEW: "green", Status.DUPLICATE: "yellow", Status.NEAR_DUPLICATE: "cyan", Status.FAILED: "red"}


def print_outcome(outcome: Outcome) -> None:
    style = STATUS_STYLE[outcome.status]
    detail = outcome.title or ""
    if outcome.message:
        detail = f"{detail} ({outcome.message})" if detail else outcome.message
    console.print(f"[{style}]{outcome.status.value:>14}[/{style}]  {outcome.source}  {detail}", highlight=False)


def print_summary(report: IngestReport) -> None:
    table = Table(title="Ingest summary")
    for status in Status:
        table.add_column(status.value, justify="right")
    table.add_row(*(str(report.count(s)) for s in Status))
    console.print(table)


@app.command()
def ingest(paths: PathsArg, db: DbOption = None) -> None:
    """Read articles and store each one once.

    A bad input is reported with the reason and skipped; the rest of the batch is stored.
    Exit code 1 when any input failed.

    Example:  sitroom ingest examples/articles --db news.db
    """
    settings = settings_for(db)
    with Store(settings.db) as store:
        report = pipeline.ingest(paths, store, settings, on_outcome=print_outcome)
    print_summary(report)
    if report.failed:
        raise typer.Exit(1)

"""Options and output helpers shared by every command."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sitroom.config import Settings
from sitroom.export import spreadsheet_safe
from sitroom.store import Store
from sitroom.workers import default_jobs

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or database URL (default: $SITROOM_DB, else ./sitroom.db)", show_default=False
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: the number of cores); the models are loaded once."
    ),
]
DEFAULT_JOBS = default_jobs()

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="How to print the results.")]

# Longer than any real country, region or actor name; keeps a pasted blob out of LIKE patterns and error messages.
MAX_FILTER_CHARS = 200


def bounded_text(value: str | None) -> str | None:
    """Option callback: refuse an over-long filter with a usage error naming the option (exit code 2)."""
    if value is not None and len(value) > MAX_FILTER_CHARS:
        raise typer.BadParameter(f"at most {MAX_FILTER_CHARS} characters allowed, got {len(value)}")
    return value


def settings_for(db: str | None) -> Settings:
    return Settings(db=db) if db else Settings()


def open_store(db: str | None) -> Store:
    return Store(settings_for(db).db)


def emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: OutputFormat, *, title: str = "") -> None:
    """Print rows as a rich table, JSON lines array or CSV, always with the same columns."""
    if fmt is OutputFormat.json:
        json.dump([{c: r.get(c) for c in columns} for r in rows], sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif fmt is OutputFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: spreadsheet_safe(r.get(c)) for c in columns} for r in rows)
    else:
        table = Table(title=title or None, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            # Text(), not str: a cell holding "[/x]" or "[link=…]" must print as written, not as rich markup.
            table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
        console.print(table)


def parse_date_option(value: str | None, name: str) -> dt.date | None:
    """An ISO date given on the command line, or a clear error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{name} must be a date like 2024-11-27, got {value!r}") from None


def fail(message: str, code: int = 1) -> typer.Exit:
    # Messages quote user input and article text: escaped so "[/x]" cannot break (or style) the output.
    err_console.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)

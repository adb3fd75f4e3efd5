"""Brief commands: brief, digest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sitroom.brief import (
    BriefCheckError,
    BriefFormat,
    BriefQuery,
    CheckedBrief,
    DigestError,
    brief_from_store,
    digest_article,
    extract_article,
    load_article,
)
from sitroom.brief.rewriter import load_rewriter
from sitroom.cli import app
from sitroom.cli.common import DbOption, bounded_text, console, err_console, fail, parse_date_option, settings_for
from sitroom.store import Store

BriefFormatOption = Annotated[
    BriefFormat, typer.Option("--format", "-f", help="markdown, html, json, or text (the sample's layout).")
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of printing.")]


def _emit(checked: CheckedBrief, fmt: BriefFormat, output: Path | None) -> None:
    text = checked.render(fmt)
    if output is None:
        console.print(text, end="", markup=False, highlight=False, soft_wrap=True)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")


@app.command()
def brief(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="Country, e.g. Syria.", callback=bounded_text)] = None,
    since: Annotated[str | None, typer.Option(help="First event date (YYYY-MM-DD).", callback=bounded_text)] = None,
    until: Annotated[str | None, typer.Option(help="Last event date (YYYY-MM-DD).", callback=bounded_text)] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region, e.g. Aleppo.", callback=bounded_text)] = None,
    actor: Annotated[
        str | None, typer.Option(help="Part of an actor name, e.g. 'Tahrir'.", callback=bounded_text)
    ] = None,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            help="List events new, updated or contradicted since this date.",
            callback=bounded_text,
        ),
    ] = None,
    fmt: BriefFormatOption = BriefFormat.markdown,
    output: OutputOption = None,
    rewrite: Annotated[
        bool, typer.Option("--rewrite", help="Reword sentences with the model at $SITROOM_REWRITER_URL (checked).")
    ] = False,
) -> None:
    """Write a situation brief from the stored, corroborated events; every sentence cites its evidence.

    Example:  sitroom brief --country Syria --since 2024-11-27 --format text
    """
    query = BriefQuery(
        country=country,
        admin1=admin1,
        actor=actor,
        since=parse_date_option(since, "--since"),
        until=parse_date_option(until, "--until"),
        changes_since=parse_date_option(changes_since, "--changes-since"),
    )
    rewriter = load_rewriter() if rewrite else None
    if rewrite and rewriter is None:
        raise fail("--rewrite needs an OpenAI-compatible endpoint: set SITROOM_REWRITER_URL (and _MODEL, _API_KEY)")
    try:
        with Store(settings_for(db).db) as store:
            checked = brief_from_store(store, query, rewriter)
    except BriefCheckError as exc:
        raise fail(f"refusing to render: {exc}") from None
    if checked.withheld:
        err_console.print(
            f"[yellow]{len(checked.withheld)} sentence problem(s): those sentences were withheld[/yellow]: "
            + escape("; ".join(checked.withheld[:3]))
        )
    if checked.rewrite_report is not None:
        report = checked.rewrite_report
        err_console.print(
            f"rewriter: {report.kept} sentence(s) reworded, {len(report.discarded)} rewording(s) discarded"
        )
    _emit(checked, fmt, output)


@app.command()
def digest(
    article: Annotated[str, typer.Argument(help="A file, a URL, or a stored article id.")],
    db: DbOption = None,
    fmt: BriefFormatOption = BriefFormat.text,
    output: OutputOption = None,
) -> None:
    """Rewrite one article into the sample's shape (headline, summary, developments, context, source).

    Example:  sitroom digest examples/articles/07_reuters_idlib_airstrikes.txt
    """
    settings = settings_for(db)
    try:
        if Path(article).exists() or "://" in article:  # a file or URL needs no database
            record = load_article(article, None, settings)
        else:
            with Store(settings.db) as store:
                record = load_article(article, store, settings)
        checked = digest_article(record, extract_article(record, settings))
    except DigestError as exc:
        raise fail(str(exc)) from None
    except BriefCheckError as exc:
        raise fail(f"refusing to render: {exc}") from None
    _emit(checked, fmt, output)

"""Ingest commands: ``ingest`` (one batch) and ``watch`` (poll feeds forever)."""

from __future__ import annotations

import datetime as dt
import functools
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sitroom import pipeline
from sitroom.cli import app
from sitroom.cli.common import DEFAULT_JOBS, DbOption, JobsOption, console, fail, settings_for
from sitroom.config import Settings
from sitroom.ingest import (
    ColumnMapping,
    FetchOptions,
    IngestError,
    IngestOptions,
    IngestReport,
    InputFormat,
    Outcome,
    Status,
)
from sitroom.ingest.fetch import Fetcher, UrlPolicy
from sitroom.ingest.options import DEFAULT_NEAR_DUP_THRESHOLD
from sitroom.ingest.watch import Watcher, parse_interval, read_feed_list, summary_line
from sitroom.store import Store

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders (searched recursively), glob patterns or http(s) URLs.", show_default=False),
]
InputFormatOption = Annotated[
    InputFormat,
    typer.Option(
        "--format",
        "-f",
        help="Input format; auto picks by suffix/content type. .txt is read in the sample format "
        "(ending 'Original Source: domain') unless --format plain.",
    ),
]
TextCol = Annotated[str | None, typer.Option("--text-col", help="JSONL key / CSV column with the article text.")]
TitleCol = Annotated[str | None, typer.Option("--title-col", help="… with the headline.")]
DateCol = Annotated[str | None, typer.Option("--date-col", help="… with the publication date (ISO 8601 or RFC 822).")]
UrlCol = Annotated[str | None, typer.Option("--url-col", help="… with the article URL.")]
SourceCol = Annotated[str | None, typer.Option("--source-col", help="… with the publisher (domain or name).")]
AuthorCol = Annotated[str | None, typer.Option("--author-col", help="… with the author.")]
LangCol = Annotated[str | None, typer.Option("--lang-col", help="… with the language code (else detected).")]
FollowOption = Annotated[bool, typer.Option("--follow", help="For feeds: fetch each entry's page for its full text.")]
ThresholdOption = Annotated[
    float,
    typer.Option(
        "--near-dup-threshold",
        min=0.05,
        max=1.0,
        help="Estimated Jaccard similarity of word 3-grams from which an article is a copy of an earlier one.",
    ),
]
MaxMbOption = Annotated[
    float | None,
    typer.Option(
        "--max-mb", min=0.001, help="Refuse inputs larger than this many MB (default 10, or $SITROOM_MAX_INPUT_BYTES)."
    ),
]
DelayOption = Annotated[float, typer.Option("--delay", min=0.0, help="Seconds between two requests to one host.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds before an HTTP request times out.")]
DeadlineOption = Annotated[
    float | None,
    typer.Option(
        "--deadline",
        min=0.1,
        help="Seconds one URL may take in all, retries and redirects included "
        "(default 60, or $SITROOM_FETCH_DEADLINE).",
    ),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-hosts",
        help="Also fetch from loopback, private and link-local addresses, for intranet feeds "
        "(refused by default against SSRF; or $SITROOM_ALLOW_PRIVATE_HOSTS=1).",
    ),
]

STATUS_STYLE = {
    Status.NEW: "green",
    Status.DUPLICATE: "yellow",
    Status.NEAR_DUPLICATE: "cyan",
    Status.FAILED: "red",
    Status.SKIPPED: "dim",
}


def print_outcome(outcome: Outcome) -> None:
    style = STATUS_STYLE[outcome.status]
    detail = outcome.title or ""
    if outcome.message:
        detail = f"{detail} ({outcome.message})" if detail else outcome.message
    # soft_wrap: one outcome is one line however narrow the terminal, so logs stay greppable
    console.print(
        f"[{style}]{outcome.status.value:>14}[/{style}]  {outcome.source}  {detail}", highlight=False, soft_wrap=True
    )


def print_summary(report: IngestReport) -> None:
    table = Table(title="Ingest summary")
    for status in Status:
        table.add_column(status.value, justify="right")
    table.add_row(*(str(report.count(s)) for s in Status))
    console.print(table)


def _settings(
    db: str | None, max_mb: float | None, *, allow_private_hosts: bool = False, deadline: float | None = None
) -> Settings:
    settings = settings_for(db)
    if max_mb is not None:
        settings = settings.model_copy(update={"max_input_bytes": int(max_mb * 1024 * 1024)})
    if allow_private_hosts:  # the flag can only widen the setting, never narrow $SITROOM_ALLOW_PRIVATE_HOSTS
        settings = settings.model_copy(update={"allow_private_hosts": True})
    if deadline is not None:
        settings = settings.model_copy(update={"fetch_deadline": deadline})
    return settings


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = None,
    input_format: InputFormatOption = InputFormat.AUTO,
    text_col: TextCol = None,
    title_col: TitleCol = None,
    date_col: DateCol = None,
    url_col: UrlCol = None,
    source_col: SourceCol = None,
    author_col: AuthorCol = None,
    lang_col: LangCol = None,
    follow: FollowOption = False,
    near_dup_threshold: ThresholdOption = DEFAULT_NEAR_DUP_THRESHOLD,
    max_mb: MaxMbOption = None,
    delay: DelayOption = FetchOptions.delay,
    timeout: TimeoutOption = FetchOptions.timeout,
    deadline: DeadlineOption = None,
    allow_private_hosts: AllowPrivateOption = False,
) -> None:
    """Read articles (text, HTML, RSS/Atom, JSONL/CSV, .gz/.zip, URLs) and store each one once.

    Exact duplicates are skipped; near-duplicate wire copies are stored as copies of their original.
    A bad input is reported with the reason and skipped; the rest of the batch is stored.
    Exit code 1 when any input failed.

    Example:  sitroom ingest examples/articles saved_pages/ corpus.jsonl.gz --text-col body --db news.db
    """
    settings = _settings(db, max_mb, allow_private_hosts=allow_private_hosts, deadline=deadline)
    options = IngestOptions(
        format=input_format,
        columns=ColumnMapping(
            text=text_col,
            title=title_col,
            date=date_col,
            url=url_col,
            source=source_col,
            author=author_col,
            language=lang_col,
        ),
        follow=follow,
        near_dup_threshold=near_dup_threshold,
        fetch=FetchOptions(delay=delay, timeout=timeout),
    )
    with Store(settings.db) as store:
        report = pipeline.ingest(paths, store, settings, on_outcome=print_outcome, options=options)
    print_summary(report)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(help="A text file with one feed URL (or feed file) a line.")],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 15m, 1h…")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron).")] = False,
    db: DbOption = None,
    follow: FollowOption = False,
    near_dup_threshold: ThresholdOption = DEFAULT_NEAR_DUP_THRESHOLD,
    max_mb: MaxMbOption = None,
    delay: DelayOption = FetchOptions.delay,
    timeout: TimeoutOption = FetchOptions.timeout,
    deadline: DeadlineOption = None,
    allow_private_hosts: AllowPrivateOption = False,
    jobs: JobsOption = DEFAULT_JOBS,
) -> None:
    """Poll feeds, ingest new entries and run the pipeline on them, until stopped (Ctrl-C).

    Re-polling an unchanged feed costs one conditional request. Safe to stop at any moment:
    a restart finishes what was stored but not processed and never stores an entry twice.
    Exit code 1 when the last poll had failures.

    Example:  sitroom watch feeds.txt --every 15m --follow --db news.db
    """
    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise fail(f"--every: {exc}") from None
    settings = _settings(db, max_mb, allow_private_hosts=allow_private_hosts, deadline=deadline)
    try:
        feeds = read_feed_list(feeds_file, max_bytes=settings.max_input_bytes)
    except IngestError as exc:
        raise fail(str(exc)) from None
    options = IngestOptions(
        follow=follow, near_dup_threshold=near_dup_threshold, fetch=FetchOptions(delay=delay, timeout=timeout)
    )
    stages = functools.cache(lambda: pipeline.load_stages(settings))  # loaded at the first poll with news, once
    with Store(settings.db) as store:

        def process(article_ids: list[str]) -> None:
            # The store says what is left to do: this poll's articles and any a killed run left unextracted.
            pending = sorted(set(article_ids) | set(store.articles_to_extract()))
            extracted = pipeline.process(store, settings, pending, stages(), jobs=jobs)
            for failure in extracted.failures:
                console.print(f"[red]extraction failed:[/red] {failure}", highlight=False)

        fetcher = Fetcher(options.fetch, max_bytes=settings.max_input_bytes, policy=UrlPolicy.from_settings(settings))
        with Watcher(
            feeds,
            store,
            options,
            max_bytes=settings.max_input_bytes,
            process=process,
            on_outcome=print_outcome,
            fetcher=fetcher,
        ) as watcher:
            failed = _watch_loop(watcher, interval, once=once)
    if failed:
        raise typer.Exit(1)


def _watch_loop(watcher: Watcher, interval: float, *, once: bool) -> bool:
    """Poll until interrupted; True when the last poll had failures."""
    failed = False
    try:
        while True:
            started = time.monotonic()
            stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            try:
                report = watcher.poll()
            except Exception as exc:  # a long-running watcher outlives one bad poll; the next retries it
                failed = True
                console.print(f"[red]{stamp}  poll failed:[/red] {type(exc).__name__}: {exc}", highlight=False)
            else:
                failed = report.ingest.failed
                console.print(f"[bold]{stamp}[/bold]  {summary_line(report)}", highlight=False, soft_wrap=True)
            if once:
                return failed
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        console.print("stopped; a restart resumes where this left off")
    return failed

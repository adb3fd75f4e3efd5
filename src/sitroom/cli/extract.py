"""Extraction and evaluation commands: ``sitroom extract`` and ``sitroom eval``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from sitroom.cli import app
from sitroom.cli.common import DEFAULT_JOBS, JobsOption, console, err_console, fail
from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.evaluate.batch import extract_records, write_records
from sitroom.evaluate.harness import GoldFileError, evaluate_documents, evaluate_file

BaselineOption = Annotated[
    bool, typer.Option("--baseline", help="Use the keyword-only baseline extractor instead (for comparison).")
]


@app.command()
def extract(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT.jsonl", help="One document per line.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write one result line per input line.")],
    jobs: JobsOption = DEFAULT_JOBS,
    baseline: BaselineOption = False,
) -> None:
    """Extract ACLED-style events from a JSON Lines file of documents.

    Each input line is {"doc_id", "text" or "text_file", "published"?}; each output line is
    {"doc_id", "events": [...]} in the gold format, or with an "error" key when that document failed.
    Output lines keep the input order. Exit code 1 when any document failed.

    Example:  sitroom extract articles.jsonl --out events.jsonl --jobs 2
    """
    if not input_path.is_file():
        raise fail(f"input file not found: {input_path}")
    settings = Settings()
    try:
        records = extract_records(input_path, settings, jobs=jobs, baseline=baseline)
        with out.open("w", encoding="utf-8") as handle:
            summary = write_records(records, handle)
    except StageUnavailable as exc:
        raise fail(f"event extraction is not available: {exc}") from exc
    console.print(f"{summary.documents} documents, {summary.events} events, {summary.failed} failed -> {out}")
    if summary.failed:
        raise typer.Exit(1)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def print_report(report: dict[str, Any]) -> None:
    title = f"{Path(report['gold']).name}: {report['documents']} documents ({report['kind']})"
    if "extraction" in report:
        ex = report["extraction"]
        table = Table(title=title)
        for column in ("field", "precision", "recall", "F1", "accuracy", "support"):
            table.add_column(column, justify="left" if column == "field" else "right")
        events = ex["events"]
        table.add_row(
            "event (matched, same sub-type)",
            _pct(events["precision"]),
            _pct(events["recall"]),
            _pct(events["f1"]),
            "",
            str(ex["gold_events"]),
        )
        for name, scores in ex["fields"].items():
            table.add_row(
                name,
                _pct(scores["precision"]),
                _pct(scores["recall"]),
                _pct(scores["f1"]),
                _pct(scores["accuracy"]),
                str(scores["support"]),
            )
        console.print(table)
        console.print(
            f"system events {ex['system_events']}, gold events {ex['gold_events']}, matched {ex['matched_events']}"
        )
        print_regions(ex.get("regions") or {})
    if "classification" in report:
        cls = report["classification"]
        console.print(
            f"classification ({cls['documents']} docs, most salient event): weighted F1 {_pct(cls['weighted_f1'])}, "
            f"sub-event accuracy {_pct(cls['accuracy'])}, event-type accuracy {_pct(cls['event_type_accuracy'])}"
        )
    if report.get("failed_documents"):
        err_console.print(f"[yellow]{report['failed_documents']} documents failed[/yellow]: {report['first_errors']}")


_REGION_COLUMNS = {
    "location_geo": "point ≤25/50 km",
    "location": "location",
    "actor1": "actor1",
    "actor2": "actor2",
    "event_type": "event type",
}


def print_regions(regions: dict[str, Any]) -> None:
    """Accuracy per region of the gold events' countries; nothing when all events are of no known country."""
    if not regions or set(regions) == {"Other"}:
        return
    table = Table(title="accuracy by region (gold event's country)")
    for column in ("region", "events", *_REGION_COLUMNS.values()):
        table.add_column(column, justify="left" if column == "region" else "right")
    for name, scores in regions.items():
        accuracy = scores["accuracy"]
        table.add_row(name, str(scores["gold_events"]), *(_pct(accuracy[field]) for field in _REGION_COLUMNS))
    console.print(table)


@app.command(name="eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(metavar="GOLD.jsonl", help="Gold files (../shared/gold format).")],
    pred: Annotated[Path | None, typer.Option("--pred", help="Score these predictions instead of extracting.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the report as JSON here.")] = None,
    jobs: JobsOption = DEFAULT_JOBS,
    baseline: BaselineOption = False,
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            metavar="ARTICLES.jsonl",
            help="Whole articles ({doc_id, text, published?} per line) to score document by document against GOLD.",
        ),
    ] = None,
) -> None:
    """Score extraction against gold events: per-field precision/recall/F1 and event-level match.

    Classification files ("task": "classify") are scored by weighted F1 over sub-event types + none.
    With --docs, whole articles are scored as a reader would: events matched on type and place, precision,
    recall, agreement on the matches, and each document's missed and spurious events.

    Example:  sitroom eval ../shared/gold/seed_article.jsonl --out report.json
              sitroom eval --docs articles.jsonl ../shared/gold/news_dev/gold.jsonl
    """
    if pred is not None and len(gold) > 1:
        raise fail("--pred scores one gold file at a time")
    if docs is not None:
        _evaluate_documents(docs, gold, pred, out, jobs)
        return
    reports = []
    for path in gold:
        if not path.is_file():
            raise fail(f"gold file not found: {path}")
        try:
            report = evaluate_file(path, Settings(), pred_path=pred, jobs=jobs, baseline=baseline)
        except StageUnavailable as exc:
            raise fail(f"event extraction is not available (use --pred to score saved predictions): {exc}") from exc
        except GoldFileError as exc:
            raise fail(str(exc)) from exc
        print_report(report)
        reports.append(report)
    if out is not None:
        payload = reports[0] if len(reports) == 1 else {"reports": reports}
        out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        console.print(f"report written to {out}")


def _evaluate_documents(articles: Path, gold: list[Path], pred: Path | None, out: Path | None, jobs: int) -> None:
    if len(gold) != 1:
        raise fail("--docs scores one gold file at a time")
    for path in (articles, gold[0]):
        if not path.is_file():
            raise fail(f"file not found: {path}")
    try:
        report = evaluate_documents(articles, gold[0], Settings(), pred_path=pred, jobs=jobs)
    except StageUnavailable as exc:
        raise fail(f"event extraction is not available (use --pred to score saved predictions): {exc}") from exc
    except GoldFileError as exc:
        raise fail(str(exc)) from exc
    print_document_report(report)
    if out is not None:
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        console.print(f"report written to {out}")


def print_document_report(report: dict[str, Any]) -> None:
    ex = report["extraction"]
    for doc in ex["per_document"]:
        if not (doc["missed"] or doc["spurious"]):
            continue
        counts = f"gold {doc['gold']}, system {doc['system']}, matched {doc['matched']}"
        console.print(f"[bold]{doc['doc_id']}[/bold] {counts}")
        for line in doc["missed"]:
            console.print(f"  [red]missed[/red]   {escape(line)}", highlight=False)
        for line in doc["spurious"]:
            console.print(f"  [yellow]spurious[/yellow] {escape(line)}", highlight=False)
    events, agree = ex["events"], ex["on_matches"]
    console.print(
        f"{ex['documents']} documents: gold {ex['gold_events']}, system {ex['system_events']}, "
        f"matched {ex['matched_events']} (same type and place)"
    )
    console.print(
        f"events precision {_pct(events['precision'])}, recall {_pct(events['recall'])}, F1 {_pct(events['f1'])}"
    )
    console.print("on matches: " + ", ".join(f"{name} {_pct(value)}" for name, value in agree.items()))
    place = ex["place"]
    console.print(
        f"claim sources found {_pct(ex['claim_sources_found'])}; points within 25 km {_pct(place['within_25km'])} "
        f"of {place['with_points']}; events outside the report's countries {ex['events_outside_country']}"
    )
    if report.get("failed_documents"):
        err_console.print(f"[yellow]{report['failed_documents']} documents failed[/yellow]: {report['first_errors']}")

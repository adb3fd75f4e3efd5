"""``sitroom spark-run``: the pipeline on Apache Spark, for archives that outgrow one machine (``sitroom.scale``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sitroom.cli import app
from sitroom.cli.common import console
from sitroom.config import Settings
from sitroom.scale.job import InputFormat, run_job, spark_session  # pyspark itself loads on use


@app.command("spark-run")
def spark_run(
    input_path: Annotated[str, typer.Argument(metavar="INPUT", help="JSONL file(s), Parquet, or a folder of .txt.")],
    output: Annotated[str, typer.Argument(metavar="OUTPUT", help="Folder for events/, mentions/ and events.csv.")],
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master URL (local[N], spark://…, yarn); empty: spark-submit's."),
    ] = "local[2]",
    partitions: Annotated[
        int | None, typer.Option("--partitions", min=1, help="Extraction partitions (default: 4 x the cores).")
    ] = None,
    input_format: Annotated[
        InputFormat, typer.Option("--format", help="auto: by suffix; text: one sample-format article a file.")
    ] = InputFormat.AUTO,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Where the ACLED CSV goes, on the driver (default: OUTPUT/events.csv).")
    ] = None,
) -> None:
    """Extract, place and corroborate a corpus with PySpark; write Parquet and ACLED CSV.

    The same code as `sitroom run`, per partition: models and the gazetteer load once per Spark Python worker.
    Writes OUTPUT/events/ and OUTPUT/mentions/ (Parquet, partitioned by event_date and country) and
    OUTPUT/events.csv (ACLED's columns). Needs Java 17+ and the `spark` extra. Exit code 1 when a record or an
    article failed.

    Example:  sitroom spark-run corpus.jsonl out/ --master local[2]
    """
    spark = spark_session(master or None)
    try:
        report = run_job(
            spark, input_path, output, Settings(), partitions=partitions, input_format=input_format, csv_path=csv_path
        )
    finally:
        spark.stop()
    for failure in report.failures:
        console.print(f"[red]failed:[/red] {failure}", highlight=False)
    console.print(
        f"{report.records} record(s), {report.articles} article(s) extracted ({report.duplicates} duplicate(s), "
        f"{report.unreadable} unreadable, {report.failed_articles} failed), {report.mentions} mention(s), "
        f"{report.events} event(s) -> {output}",
        highlight=False,
    )
    if report.unreadable or report.failed_articles:
        raise typer.Exit(1)

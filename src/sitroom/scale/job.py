"""The Spark job: a corpus in, mentions and events out as Parquet (partitioned by date and country) and ACLED CSV.

    records (JSONL lines, Parquet rows, text files)
      -> parse (ingest's parsers)          mapPartitions
      -> exact duplicates dropped          reduceByKey on the content hash, the earliest record wins
      -> wire copies linked                groupByKey on ingest's MinHash LSH bands (``scale.dedup``)
      -> extract + geocode                 mapPartitions, stages loaded once per Python worker
      -> corroborate                       groupByKey on the corroborator's blocking key, its own code per group
      -> OUTPUT/events/, OUTPUT/mentions/  Parquet, partitioned by event_date and country
      -> events.csv                        ACLED CSV, written by ``sitroom.export`` on the driver, streamed

The Spark plumbing is here; every step of the work itself is the single-machine code (``worker``,
``corroborate``), so the job and ``sitroom run`` give the same events on the same articles.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import sitroom
from sitroom import geo
from sitroom.config import Settings
from sitroom.export import ACLED_COLUMNS, acled_row, write_acled_csv
from sitroom.model import Article, Event, EventMention
from sitroom.scale.corroborate import corroborate_block, keyed_by_block
from sitroom.scale.dedup import Ordered, copies_of
from sitroom.scale.worker import Parsed, Placed, Record, RecordKind, parse_partition, place_partition

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

PARTITION_COLUMNS = ("event_date", "country")
MAX_REPORTED_FAILURES = 20


class InputFormat(StrEnum):
    AUTO = "auto"  # by suffix: .jsonl/.ndjson(.gz), .parquet, else a folder looked into; text otherwise
    JSONL = "jsonl"
    PARQUET = "parquet"
    TEXT = "text"  # one article per file, in the sample format (examples/articles)


@dataclass
class JobReport:
    records: int = 0  # lines, rows or files read
    unreadable: int = 0
    duplicates: int = 0  # exact duplicates of an earlier record's article (not extracted, as in `sitroom run`)
    copies: int = 0  # near-duplicates (wire copies): extracted, linked to their original as `sitroom run` does
    articles: int = 0  # articles extracted
    failed_articles: int = 0
    mentions: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)  # the first MAX_REPORTED_FAILURES reasons


def spark_session(master: str | None, *, app_name: str = "sitroom") -> SparkSession:
    """A session on ``master`` (None: the one ``spark-submit --master`` chose). In local mode the Python workers
    run this interpreter and import this copy of sitroom; on a cluster sitroom must be installed on the executors
    (or shipped with ``--py-files``)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        source_root = str(Path(sitroom.__file__).resolve().parents[1])
        # PySpark takes the workers' interpreter from this variable only (the conf below is for spark-submit)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.pyspark.python", sys.executable)
            .config("spark.pyspark.driver.python", sys.executable)
            .config("spark.executorEnv.PYTHONPATH", source_root)
        )
    session = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.python.worker.reuse", "true")  # models stay loaded from one task to the next
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    return session


# --------------------------------------------------------------------------- reading


def detect_format(path: str) -> InputFormat:
    name = path.rstrip("/").lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return InputFormat.JSONL
    if name.endswith(".parquet"):
        return InputFormat.PARQUET
    local = Path(path)
    if local.is_dir():  # a local folder: by what it holds (on a cluster's file system, say --format)
        suffixes = {p.suffix.lower() for p in local.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))}
        for suffix, fmt in ((".parquet", InputFormat.PARQUET), (".jsonl", InputFormat.JSONL)):
            if suffix in suffixes:
                return fmt
    return InputFormat.TEXT


def read_records(spark: SparkSession, path: str, fmt: InputFormat) -> RDD[Record]:
    """Every input unit in input order (``Record.order``), which decides which of two exact duplicates is kept."""
    fmt = detect_format(path) if fmt is InputFormat.AUTO else fmt
    if fmt is InputFormat.PARQUET:
        rows = spark.read.parquet(path).rdd.map(lambda row: json.dumps(row.asDict(recursive=True), default=str))
        return rows.zipWithIndex().map(lambda r: Record(r[1], f"{path}#{r[1] + 1}", RecordKind.JSON, r[0]))
    if fmt is InputFormat.JSONL:
        lines = spark.sparkContext.textFile(path).filter(lambda line: bool(line.strip()))
        return lines.zipWithIndex().map(lambda r: Record(r[1], f"{path}#{r[1] + 1}", RecordKind.JSON, r[0]))
    # sorted by path, as ingest walks a folder (pyspark's stubs wrongly demand a keyfunc)
    files = spark.sparkContext.binaryFiles(path).sortByKey()  # type: ignore[call-overload]
    return files.zipWithIndex().map(lambda r: Record(r[1], r[0][0], RecordKind.TEXT, r[0][1]))


# --------------------------------------------------------------------------- the job


def run_job(
    spark: SparkSession,
    input_path: str,
    output: str,
    settings: Settings,
    *,
    partitions: int | None = None,
    input_format: InputFormat = InputFormat.AUTO,
    csv_path: Path | None = None,
) -> JobReport:
    """Extract, place and corroborate every article of ``input_path``; write the results under ``output``."""
    from pyspark import StorageLevel

    partitions = partitions or 4 * spark.sparkContext.defaultParallelism
    if (spark.sparkContext.master or "").startswith("local"):
        geo.load_geocoder(settings)  # builds a missing gazetteer once here, not in every worker at once
    report = JobReport()
    parsed = read_records(spark, input_path, input_format).mapPartitions(parse_partition).persist()
    unique = _unique_articles(parsed).persist()
    copies = spark.sparkContext.broadcast(copies_of(unique))
    report.copies = len(copies.value)
    articles = unique.map(lambda oa: _with_original(oa[1], copies.value))
    placed = articles.repartition(partitions).mapPartitions(partial(place_partition, settings))
    placed = placed.persist(StorageLevel.MEMORY_AND_DISK)  # extraction is the expensive step: run it once
    blocks = placed.flatMap(lambda p: (keyed_by_block(m, p.article) for m in p.mentions))
    results = blocks.groupByKey(partitions).flatMap(lambda kv: _corroborated(kv[1])).persist()
    events = cast("RDD[Event]", results.filter(lambda r: isinstance(r, Event)))
    mentions = cast("RDD[EventMention]", results.filter(lambda r: isinstance(r, EventMention)))

    out = output.rstrip("/")
    _write(spark, events.map(_event_row), EVENT_COLUMNS, f"{out}/events")
    _write(spark, mentions.map(_mention_row), MENTION_COLUMNS, f"{out}/mentions")
    write_csv(spark, f"{out}/events", csv_path or Path(output) / "events.csv")
    _count(report, parsed, unique, placed)
    report.events, report.mentions = events.count(), mentions.count()
    for rdd in (parsed, unique, placed, results):
        rdd.unpersist()
    return report


def _unique_articles(parsed: RDD[Parsed]) -> RDD[Ordered]:
    """One article per content hash, the earliest in input order (``sitroom run`` stores only the first)."""
    keyed = parsed.flatMap(lambda p: ((a.content_hash, ((p.order, i), a)) for i, a in enumerate(p.articles)))
    return keyed.reduceByKey(lambda a, b: a if a[0] <= b[0] else b).values()


def _with_original(article: Article, copies: dict[str, str]) -> Article:
    """The article as ``sitroom run`` stores it: a wire copy names its original (``copy_of``)."""
    original = copies.get(article.id)
    return article.model_copy(update={"copy_of": original}) if original else article


def _corroborated(members: Any) -> Iterator[Event | EventMention]:
    """A block's events, then its mentions, each pointing at its event (as ``Store.replace_events`` does)."""
    members = list(members)
    by_id = {mention.id: mention for mention, _article in members}
    for event in corroborate_block(members):
        yield event
        for mention_id in event.mention_ids:
            yield by_id[mention_id].model_copy(update={"event_id": event.id})


def _count(report: JobReport, parsed: RDD[Parsed], unique: RDD[Any], placed: RDD[Placed]) -> None:
    failed_records = parsed.filter(lambda p: p.error is not None)
    failed_articles = placed.filter(lambda p: p.error is not None)
    report.records = parsed.count()
    report.unreadable = failed_records.count()
    report.articles = placed.count()
    report.duplicates = parsed.map(lambda p: len(p.articles)).sum() - unique.count()
    report.failed_articles = failed_articles.count()
    reasons = failed_records.map(lambda p: f"{p.origin}: {p.error}").take(MAX_REPORTED_FAILURES)
    reasons += failed_articles.map(lambda p: str(p.error)).take(MAX_REPORTED_FAILURES - len(reasons))
    report.failures = reasons


# --------------------------------------------------------------------------- writing

# Spark types of the ACLED columns (as ``sitroom export --format parquet`` types them); every other is text.
_INTEGER_COLUMNS = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities"}
    | {"fatalities_best", "fatalities_low", "fatalities_high"}
)
_DOUBLE_COLUMNS = frozenset({"latitude", "longitude"})


def _schema(columns: list[str]) -> StructType:
    from pyspark.sql.types import DoubleType, IntegerType, LongType, StringType, StructField, StructType

    def kind(column: str) -> Any:
        if column in _INTEGER_COLUMNS:
            return IntegerType()
        if column == "timestamp":
            return LongType()
        return DoubleType() if column in _DOUBLE_COLUMNS else StringType()

    return StructType([StructField(column, kind(column), nullable=True) for column in columns])


EVENT_COLUMNS = [*ACLED_COLUMNS, "record"]  # record: the full Event as JSON (evidence, claims, contradictions)
# A mention has no ACLED-derived columns (year, disorder type, interaction: those are the event's) but its range
MENTION_COLUMNS = [*ACLED_COLUMNS, "fatalities_best", "fatalities_low", "fatalities_high", "article_id", "event_id"]
MENTION_COLUMNS.append("record")


def _event_row(event: Event) -> tuple[Any, ...]:
    record = event.model_dump_json()
    row = acled_row(json.loads(record))  # export reads the stored JSON form, as the store serves it
    return (*(row[c] for c in ACLED_COLUMNS), record)


def _mention_row(mention: EventMention) -> tuple[Any, ...]:
    row = {**mention.acled_row(), "article_id": mention.article_id, "event_id": mention.event_id}
    return (*(row.get(c) for c in MENTION_COLUMNS[:-1]), mention.model_dump_json())


def _write(spark: SparkSession, rows: RDD[tuple[Any, ...]], columns: list[str], path: str) -> None:
    frame = spark.createDataFrame(rows, _schema(columns))
    frame.write.mode("overwrite").partitionBy(*PARTITION_COLUMNS).parquet(path)


def write_csv(spark: SparkSession, events_dir: str, path: Path) -> None:
    """The written events as one ACLED CSV, in the corroborator's order (date, undated last, then id), streamed
    through the driver by ``sitroom.export`` one partition at a time."""
    from pyspark.sql import functions as F

    # the schema given, so a job that found no events still reads (as an empty table) and writes a header
    written = spark.read.schema(_schema(EVENT_COLUMNS)).parquet(events_dir)
    records = written.orderBy(F.col("event_date").asc_nulls_last(), "event_id_cnty")
    events = (json.loads(row.record) for row in records.select("record").toLocalIterator())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_acled_csv(events, handle)

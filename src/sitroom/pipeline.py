"""The one batch function: ingest -> extract -> geo -> store -> corroborate.

The CLI, the API, ``watch`` and the Spark job all call these functions; there is no second
implementation. Stages that are not available yet are skipped and reported, not faked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom import corroborate, extract, geo
from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.ingest import IngestOptions, IngestReport, Outcome, ingest_into
from sitroom.model import EventMention
from sitroom.store import Store

ProgressFn = Callable[[int, int], None]  # (articles done, articles to do)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    on_outcome: Callable[[Outcome], None] | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    """Read every input and store new articles (see ``sitroom.ingest.ingest_into``)."""
    return ingest_into(paths, store, settings, on_outcome=on_outcome, options=options)


@dataclass
class ExtractReport:
    articles: int = 0
    mentions: int = 0
    failures: list[str] = field(default_factory=list)  # "article id: reason"
    skipped_stages: list[str] = field(default_factory=list)


def extract_and_place(
    store: Store,
    settings: Settings,
    article_ids: Sequence[str] | None = None,
    *,
    on_progress: ProgressFn | None = None,
) -> ExtractReport:
    """Run extraction and geoparsing on stored articles and store their mentions."""
    report = ExtractReport()
    try:
        extractor = extract.load_extractor(settings)
    except StageUnavailable as exc:
        report.skipped_stages.append(str(exc))
        return report
    try:
        geocoder: geo.Geocoder | None = geo.load_geocoder(settings)
    except StageUnavailable as exc:
        geocoder = None
        report.skipped_stages.append(str(exc))
    version = extractor_version(extractor, geocoder)
    articles = store.articles(article_ids)
    for done, article in enumerate(articles, start=1):
        try:
            mentions = extractor(article)
            if geocoder is not None:
                mentions = geocoder(article, mentions)
            store.replace_mentions(article.id, mentions, extracted_with=version)
        except Exception as exc:  # one bad article must not stop the batch; the reason is reported
            report.failures.append(f"{article.id} ({article.origin or article.title}): {exc}")
        else:
            report.articles += 1
            report.mentions += len(mentions)
        if on_progress:
            on_progress(done, len(articles))
    return report


def extractor_version(extractor: extract.Extractor, geocoder: geo.Geocoder | None) -> str:
    """The version an article's mentions are recorded with: the extractor's own, and whether places were
    resolved (an article extracted while the gazetteer was missing is redone by ``reprocess``)."""
    own = getattr(extractor, "version", type(extractor).__name__)
    return f"{own}; geo {'on' if geocoder is not None else 'off'}"


def reprocess(
    store: Store, settings: Settings, *, everything: bool = False, on_progress: ProgressFn | None = None
) -> tuple[ExtractReport, int | None]:
    """Re-extract the stored articles a different extractor version produced (all of them with
    ``everything``), then rebuild the corroborated events."""
    if everything:
        ids: list[str] | None = None
    else:
        try:
            current = extractor_version(extract.load_extractor(settings), _geocoder_or_none(settings))
        except StageUnavailable as exc:
            return ExtractReport(skipped_stages=[str(exc)]), None
        ids = store.articles_to_extract(current)
    report = extract_and_place(store, settings, ids, on_progress=on_progress)
    return report, corroborate_all(store)


def _geocoder_or_none(settings: Settings) -> geo.Geocoder | None:
    try:
        return geo.load_geocoder(settings)
    except StageUnavailable:
        return None


def corroborate_all(store: Store) -> int | None:
    """Rebuild the corroborated event layer from every stored mention; None when unavailable."""
    try:
        corroborator = corroborate.load_corroborator()
    except StageUnavailable:
        return None
    mentions: list[EventMention] = store.mentions()
    articles = {a.id: a for a in store.articles(sorted({m.article_id for m in mentions}))}
    events = corroborator(mentions, articles)
    store.replace_events(events)
    return len(events)


@dataclass
class RunReport:
    ingest: IngestReport
    extract: ExtractReport
    events: int | None  # None: corroboration not available


def run(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_progress: ProgressFn | None = None,
) -> RunReport:
    """The whole pipeline on some inputs. What to extract is read from the store, not from this run: every
    stored article never extracted (new now, or left behind by a run that was killed) is extracted; articles
    already extracted are not redone (``reprocess`` does that when the extractor changes)."""
    ingest_report = ingest(paths, store, settings, on_outcome=on_outcome)
    pending = store.articles_to_extract()
    extract_report = extract_and_place(store, settings, pending, on_progress=on_progress)
    events = corroborate_all(store)
    return RunReport(ingest=ingest_report, extract=extract_report, events=events)

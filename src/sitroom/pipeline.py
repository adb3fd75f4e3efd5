"""The one batch function: ingest -> extract -> geo -> store -> corroborate.

The CLI, the API, ``watch`` and the Spark job all call these functions; there is no second
implementation. Stages that are not available yet are skipped and reported, not faked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom import corroborate, extract, geo, workers
from sitroom.config import Settings
from sitroom.corroborate.incremental import Keyed, Window, cluster_component, component, match_date
from sitroom.corroborate.matching import block_key
from sitroom.errors import StageUnavailable
from sitroom.ingest import IngestOptions, IngestReport, Outcome, ingest_into
from sitroom.model import Article, EventMention
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


@dataclass(frozen=True)
class Stages:
    """The loaded stages, wired once by ``load_stages`` and reused for any number of articles.

    A stage that is unavailable is None and the reason is in ``skipped``."""

    extractor: extract.Extractor | None
    geocoder: geo.Geocoder | None = None
    corroborator: corroborate.Corroborator | None = None
    skipped: tuple[str, ...] = ()

    def require_extractor(self) -> extract.Extractor:
        """The extractor; raises StageUnavailable (with the reason it is missing) when there is none."""
        if self.extractor is None:
            raise StageUnavailable("; ".join(self.skipped) or "extraction unavailable")
        return self.extractor

    def place(self, article: Article) -> list[EventMention]:
        """The article's event mentions, placed when geoparsing is available."""
        mentions = self.require_extractor()(article)
        return self.geocoder(article, mentions) if self.geocoder is not None else mentions

    def try_place(self, article: Article) -> list[EventMention] | str:
        """``place``, or the reason it failed: what a worker sends back (one bad article must not stop the batch)."""
        try:
            return self.place(article)
        except Exception as exc:
            return str(exc)

    @property
    def version(self) -> str:
        return extractor_version(self.require_extractor(), self.geocoder)


def load_stages(
    settings: Settings,
    *,
    extractor: extract.Extractor | None = None,
    geocode: bool = True,
    corroborate_events: bool = True,
) -> Stages:
    """The one place stages are loaded and wired. ``extractor`` replaces the default one (evaluation baselines);
    geoparsing is not loaded without an extractor, since nothing would use it (building the gazetteer takes
    a minute on first use). Every process that loads stages runs one compute thread (``workers.limit_threads``)."""
    workers.limit_threads(1)
    skipped: list[str] = []
    if extractor is None:
        try:
            extractor = extract.load_extractor(settings)
        except StageUnavailable as exc:
            skipped.append(str(exc))
    geocoder: geo.Geocoder | None = None
    if geocode and extractor is not None:
        try:
            geocoder = geo.load_geocoder(settings)
        except StageUnavailable as exc:
            skipped.append(str(exc))
    corroborator: corroborate.Corroborator | None = None
    if corroborate_events:
        try:
            corroborator = corroborate.load_corroborator()
        except StageUnavailable as exc:
            skipped.append(str(exc))
    return Stages(extractor, geocoder, corroborator, tuple(skipped))


@dataclass
class ExtractReport:
    articles: int = 0
    mentions: int = 0
    failures: list[str] = field(default_factory=list)  # "article id: reason"
    article_ids: list[str] = field(default_factory=list)  # the articles extracted
    skipped_stages: list[str] = field(default_factory=list)


def extract_and_place(
    store: Store,
    settings: Settings,
    article_ids: Sequence[str] | None = None,
    *,
    on_progress: ProgressFn | None = None,
    stages: Stages | None = None,
    jobs: int = 1,
) -> ExtractReport:
    """Run extraction and geoparsing on stored articles and store their mentions (``stages`` loaded when not
    given), over ``jobs`` worker processes (``workers.ordered_map``: the same mentions as one)."""
    stages = stages or load_stages(settings, corroborate_events=False)
    report = ExtractReport(skipped_stages=list(stages.skipped))
    if stages.extractor is None:
        return report
    version = stages.version
    articles = store.articles(article_ids)
    placed = workers.ordered_map(stages.try_place, articles, min(jobs, len(articles)))
    for done, (article, mentions) in enumerate(zip(articles, placed, strict=True), start=1):
        try:
            if isinstance(mentions, str):
                raise RuntimeError(mentions)
            store.replace_mentions(article.id, mentions, extracted_with=version)
        except Exception as exc:  # one bad article must not stop the batch; the reason is reported
            report.failures.append(f"{article.id} ({article.origin or article.title}): {exc}")
        else:
            report.articles += 1
            report.article_ids.append(article.id)
            report.mentions += len(mentions)
        if on_progress:
            on_progress(done, len(articles))
    return report


def extractor_version(extractor: extract.Extractor, geocoder: geo.Geocoder | None) -> str:
    """The version an article's mentions are recorded with: the extractor's own, and whether places were
    resolved and by which placing rules (an article extracted while the gazetteer was missing is redone by
    ``reprocess``)."""
    own = getattr(extractor, "version", type(extractor).__name__)
    return f"{own}; geo {getattr(geocoder, 'version', 'on') if geocoder is not None else 'off'}"


def reprocess(
    store: Store,
    settings: Settings,
    *,
    everything: bool = False,
    on_progress: ProgressFn | None = None,
    jobs: int = 1,
) -> tuple[ExtractReport, int | None]:
    """Re-extract the stored articles a different extractor version produced (all of them with
    ``everything``), then rebuild the corroborated events."""
    stages = load_stages(settings)
    if stages.extractor is None:
        return ExtractReport(skipped_stages=list(stages.skipped)), None
    ids = None if everything else store.articles_to_extract(stages.version)
    report = extract_and_place(store, settings, ids, on_progress=on_progress, stages=stages, jobs=jobs)
    return report, corroborate_all(store, stages)


def corroborate_all(store: Store, stages: Stages | None = None) -> int | None:
    """Rebuild the corroborated event layer from every stored mention; None when unavailable. With the default
    corroborator, the mentions' blocking keys are recorded too, so the next corroboration can be incremental."""
    corroborator = stages.corroborator if stages else _corroborator_or_none()
    if corroborator is None:
        return None
    mentions: list[EventMention] = store.mentions()
    articles = {a.id: a for a in store.articles(sorted({m.article_id for m in mentions}))}
    events = corroborator(mentions, articles)
    if corroborator is corroborate.corroborate:
        keys = {m.id: (block_key(m), match_date(m, articles.get(m.article_id))) for m in mentions}
        store.replace_events(events, keys=keys, version=corroborate.version())
    else:
        store.replace_events(events)
    return len(events)


def corroborate_new(store: Store, stages: Stages | None = None) -> int | None:
    """Update the event layer for the mentions no corroboration has seen (new articles): only the events they
    change are rewritten, and the result is the full rebuild's (``corroborate.incremental``). A store whose events
    another corroboration version built (or none recorded) is rebuilt in full. Returns the number of events."""
    corroborator = stages.corroborator if stages else _corroborator_or_none()
    if corroborator is None:
        return None
    if corroborator is not corroborate.corroborate or store.corroboration_version() != corroborate.version():
        return corroborate_all(store, stages)
    new = store.uncorroborated_mentions()
    articles = {a.id: a for a in store.articles(sorted({m.article_id for m in new}))}
    by_block: dict[str, list[Keyed]] = {}
    for mention in new:
        by_block.setdefault(block_key(mention), []).append(
            Keyed(mention, match_date(mention, articles.get(mention.article_id)))
        )
    for block, seeds in sorted(by_block.items()):
        _corroborate_block(store, block, seeds)
    return store.count_events()


def _corroborate_block(store: Store, block: str, seeds: list[Keyed]) -> None:
    """Recluster the component of ``seeds`` (new mentions of one block) and rewrite the events it changes."""

    def candidates(window: Window) -> list[Keyed]:
        found = store.keyed_mentions(window.block, window.sub_event_types, window.first, window.last)
        return [Keyed(mention, day) for mention, day in found]

    members = component(seeds, candidates)
    articles = _articles_of(store, {k.mention.article_id for k in members})
    events = cluster_component(members, articles, store.block_dates(block))
    removed = {k.mention.event_id for k in members if k.mention.event_id}
    store.update_events(removed, events, {k.mention.id: (block, k.match_date) for k in seeds})


def _articles_of(store: Store, ids: set[str]) -> dict[str, Article]:
    """The articles of these ids and the stored originals they copy (as far as a full rebuild would see them:
    articles with mentions), which independent-source counting follows."""
    articles = {a.id: a for a in store.articles(sorted(ids))}
    asked = set(ids)
    while missing := {a.copy_of for a in articles.values() if a.copy_of and a.copy_of not in asked}:
        asked |= missing
        articles |= {a.id: a for a in store.articles_with_mentions(sorted(missing))}
    return articles


def _corroborator_or_none() -> corroborate.Corroborator | None:
    try:
        return corroborate.load_corroborator()
    except StageUnavailable:
        return None


def process(
    store: Store, settings: Settings, article_ids: Sequence[str], stages: Stages, jobs: int = 1
) -> ExtractReport:
    """Extract, place and corroborate stored articles with stages already loaded (``watch``, the API)."""
    report = extract_and_place(store, settings, article_ids, stages=stages, jobs=jobs)
    corroborate_new(store, stages)
    return report


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
    jobs: int = 1,
) -> RunReport:
    """The whole pipeline on some inputs. What to extract is read from the store, not from this run: every
    stored article never extracted (new now, or left behind by a run that was killed) is extracted; articles
    already extracted are not redone (``reprocess`` does that when the extractor changes)."""
    ingest_report = ingest(paths, store, settings, on_outcome=on_outcome)
    pending = store.articles_to_extract()
    extract_report = extract_and_place(store, settings, pending, on_progress=on_progress, jobs=jobs)
    events = corroborate_new(store)
    return RunReport(ingest=ingest_report, extract=extract_report, events=events)

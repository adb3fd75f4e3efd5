"""Articles: post one (JSON, raw text or an HTML page) and get back the events the pipeline found in it."""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from sitroom import pipeline
from sitroom.api.deps import StoreDep, require_key
from sitroom.api.problems import problem_responses
from sitroom.api.schemas import ArticleIn, ArticleResult
from sitroom.config import Settings
from sitroom.ingest import IngestError, IngestOptions, Ingestor, Status
from sitroom.ingest.html import extract_html
from sitroom.ingest.readers import Item
from sitroom.ingest.records import Draft, to_article
from sitroom.ingest.text import parse_plain_text, parse_sample_text
from sitroom.model import Article
from sitroom.store import Store

router = APIRouter(tags=["articles"])
ORIGIN = "api"


class ArticleRunner:
    """Runs the pipeline on posted articles. The stages load at the first post and serve every later one;
    posts are processed one at a time (the stages and the event rebuild are not shared between threads)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._stages: pipeline.Stages | None = None

    def run(self, store: Store, article: Article) -> ArticleResult:
        with self._lock:
            if self._stages is None:
                self._stages = pipeline.load_stages(self.settings)
            ingestor = Ingestor(store, IngestOptions())
            ingestor.add(Item(source=ORIGIN, articles=[article]))
            ingestor.flush()
            outcome = ingestor.report.outcomes[-1]
            if outcome.status is Status.FAILED or outcome.article_id is None:
                raise HTTPException(422, f"the article could not be stored: {outcome.message}")
            if outcome.article_id in store.articles_to_extract():
                report = pipeline.process(store, self.settings, [outcome.article_id], self._stages)
                if report.failures:
                    raise HTTPException(422, f"extraction failed: {report.failures[0]}")
        mentions = store.article_mentions(outcome.article_id)
        events = store.events_by_id({m.event_id for m in mentions if m.event_id})
        return ArticleResult(
            article_id=outcome.article_id, status=outcome.status.value, mentions=mentions, events=events
        )


_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "text/plain": {"schema": {"type": "string", "description": "the first line is the title"}},
        "text/html": {"schema": {"type": "string", "description": "a news page; its main text is read"}},
    },
}


@router.post(
    "/articles",
    response_model=ArticleResult,
    summary="Add an article and extract its events",
    description="Stores the article (an exact or near-duplicate of a stored one is recognised), runs "
    "extraction, geoparsing and corroboration on it, and returns its reports and events. Needs an API key. "
    "The models load on the first post (a few seconds) and are reused.",
    dependencies=[Depends(require_key)],
    openapi_extra={"requestBody": _BODY},
    responses=problem_responses(401, 413, 415, 422),
)
async def post_article(request: Request, store: StoreDep) -> ArticleResult:
    body = await request.body()  # the BodyLimit middleware has capped its size
    article = _article(request.headers.get("content-type", ""), body)
    runner: ArticleRunner = request.app.state.articles
    return await run_in_threadpool(runner.run, store, article)


def _article(content_type: str, body: bytes) -> Article:
    media = content_type.split(";")[0].strip().lower()
    try:
        if media == "application/json":
            return _from_json(body)
        if media == "text/html":
            return to_article(extract_html(body, origin=ORIGIN))
        if media in ("text/plain", ""):
            return _from_text(body.decode("utf-8"))
    except (IngestError, UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(422, f"not a readable article: {exc}") from None
    raise HTTPException(415, f"send application/json, text/plain or text/html, not {media!r}")


def _from_json(body: bytes) -> Article:
    try:
        data: Any = json.loads(body)
        posted = ArticleIn.model_validate(data)
    except ValidationError as exc:
        raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
    draft = Draft(
        body=posted.text,
        origin=ORIGIN,
        title=posted.title,
        url=posted.url,
        domain=posted.source,
        published=posted.published,
    )
    return to_article(draft)


def _from_text(text: str) -> Article:
    """The house sample format when the text ends with its 'Original Source:' line, else plain text."""
    try:
        return parse_sample_text(text, origin=ORIGIN)
    except IngestError:
        return to_article(parse_plain_text(text, origin=ORIGIN))

"""Briefs: the situation brief of ``sitroom brief``, rendered as markdown, HTML or JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from sitroom.api.deps import MAX_TEXT, NO_NUL, StoreDep, read_access
from sitroom.api.problems import problem_responses
from sitroom.brief import BriefCheckError, BriefFormat, BriefQuery, brief_from_store

router = APIRouter(tags=["briefs"], dependencies=[Depends(read_access)])
MEDIA_TYPES = {"markdown": "text/markdown", "html": "text/html", "json": "application/json"}
Text = Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL)]


@router.get(
    "/briefs",
    summary="A situation brief",
    description="The brief `sitroom brief` writes, with the same parameters. Every sentence cites its evidence "
    "and every number is checked against the store; a brief whose headline fails the check is refused (422).",
    response_class=Response,
    responses={
        200: {"content": {media: {} for media in MEDIA_TYPES.values()}},
        **problem_responses(401, 422),
    },
)
def get_brief(
    store: StoreDep,
    country: Text = None,
    admin1: Text = None,
    actor: Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL, description="part of a name")] = None,
    since: Annotated[dt.date | None, Query(description="first event date")] = None,
    until: Annotated[dt.date | None, Query(description="last event date")] = None,
    changes_since: Annotated[
        dt.date | None, Query(description="list events new, updated or contradicted since this date")
    ] = None,
    format: Literal["markdown", "html", "json"] = "markdown",
) -> Response:
    query = BriefQuery(
        country=country, admin1=admin1, actor=actor, since=since, until=until, changes_since=changes_since
    )
    try:
        checked = brief_from_store(store, query)
    except BriefCheckError as exc:
        raise HTTPException(422, f"refusing to render: {exc}") from None
    return Response(checked.render(BriefFormat(format)), media_type=MEDIA_TYPES[format])

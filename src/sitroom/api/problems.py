"""Errors as RFC 9457 problem details (``application/problem+json``): a 4xx for every bad request, a 500 only
for a genuine bug (logged with its traceback), and a request body over the size limit refused with 413."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitroom.store import QueryError, StoreError

log = logging.getLogger(__name__)
PROBLEM_TYPE = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(default="about:blank", description="a URI naming the kind of problem")
    title: str = Field(description="a short summary of the kind of problem")
    status: int = Field(description="the HTTP status code")
    detail: str | None = Field(default=None, description="what went wrong with this request")
    errors: list[dict[str, Any]] | None = Field(default=None, description="each invalid parameter, when several")


# For endpoint docs: ``responses=problem_responses(404, 422)``.
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid parameter",
    500: "Internal server error",
    503: "Service unavailable",
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": Problem, "description": _TITLES[code], "content": {PROBLEM_TYPE: {}}} for code in codes}


def problem(status: int, detail: str | None = None, *, title: str | None = None, **extra: Any) -> JSONResponse:
    body = Problem(title=title or _TITLES.get(status, "Error"), status=status, detail=detail, **extra)
    headers = {"WWW-Authenticate": 'Bearer, ApiKey header="X-API-Key"'} if status == 401 else None
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_TYPE, headers=headers
    )


class BodyTooLarge(Exception):
    """A request body went over ``Settings.max_input_bytes``."""


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail) if exc.detail else None)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
    detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
    return problem(422, detail, errors=jsonable_encoder(errors))


async def _query_error(_request: Request, exc: Exception) -> JSONResponse:
    return problem(400, str(exc))


async def _too_large(request: Request, _exc: Exception) -> JSONResponse:
    limit = request.app.state.settings.max_input_bytes
    return problem(413, f"request body is larger than {limit} bytes")


async def _store_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("database error: %s", exc)
    return problem(503, "the database is unavailable or refused the operation; try again later")


async def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "an unexpected error occurred; it has been logged")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(BodyTooLarge, _too_large)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _bug)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes: at once when its Content-Length says so, else (a chunked
    body) as soon as the bytes read pass the limit, before the endpoint has the whole body in memory."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await problem(413, f"request body is larger than {self.limit} bytes")(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge
            return message

        await self.app(scope, counted, send)

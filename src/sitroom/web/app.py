"""Serving the dashboard: its page at ``/``, its built assets under ``/static``, each with a strict
Content-Security-Policy. The page shows text from articles, which is untrusted: the policy lets only the
dashboard's own script run (no inline script, no eval, no plugin, no other origin), a second line of defence
behind the script's text-only rendering."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

HERE = Path(__file__).parent
STATIC = HERE / "static"  # built by `npm run build` in frontend/ (make install)
INDEX = HERE / "index.html"
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitroom: dashboard not built</title></head>
<body><h1>The dashboard's assets are not built</h1>
<p>The REST API works (see <a href="/docs">/docs</a>), but the dashboard's scripts were never built into
<code>{static}</code>.</p>
<p>Build them with <code>make install</code>, or by hand:
<code>cd src/sitroom/web/frontend &amp;&amp; npm ci --ignore-scripts &amp;&amp; npm run build</code>
(Node.js and npm are needed), then reload this page.</p></body></html>
"""


def assets_built() -> bool:
    return (STATIC / "app.js").is_file() and (STATIC / "style.css").is_file()


class _Assets(StaticFiles):
    """The built assets, with the dashboard's security headers; revalidated on each load (their names carry no
    hash), which StaticFiles answers with 304 when unchanged."""

    async def check_config(self) -> None:
        if STATIC.is_dir():  # not built: each asset is a 404 (and the page says why), not a server error
            await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-cache"
        return response


def _index() -> HTMLResponse:
    if not assets_built():
        page = NOT_BUILT.format(static=STATIC)
        return HTMLResponse(page, status_code=503, headers=SECURITY_HEADERS)
    return HTMLResponse(INDEX.read_text(encoding="utf-8"), headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


def mount_dashboard(app: FastAPI) -> None:
    """The dashboard at ``/`` and its assets under ``/static`` (both left out of the OpenAPI schema)."""
    app.add_api_route("/", _index, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)
    app.mount("/static", _Assets(directory=STATIC, check_dir=False), name="static")

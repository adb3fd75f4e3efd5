"""How the dashboard is served, without a browser: no script of it parses markup, and a server whose assets were
never built says so on a page of its own instead of failing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sitroom.web.app as web_app
from sitroom.config import Settings
from sitroom.web import CSP
from tests.api.conftest import copy_sqlite, running

FRONTEND = Path(web_app.__file__).parent / "frontend" / "src"
# Every way a script can turn a string into markup or code.
MARKUP_SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|srcdoc")


def test_no_dashboard_script_turns_strings_into_markup_or_code() -> None:
    scripts = sorted(FRONTEND.glob("*.js"))
    assert len(scripts) >= 8
    found = [f"{p.name}: {m.group()}" for p in scripts for m in MARKUP_SINKS.finditer(p.read_text(encoding="utf-8"))]
    assert not found, f"markup or code from strings in the dashboard: {found}"


def test_a_server_without_built_assets_explains_how_to_build_them(
    seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_app, "STATIC", tmp_path / "missing")
    with running(Settings(db=copy_sqlite(seeded_db, tmp_path / "web.db"))) as server, server.client() as http:
        page = http.get("/")
        assert page.status_code == 503
        assert "make install" in page.text and "npm ci" in page.text
        assert page.headers["content-security-policy"] == CSP
        assert http.get("/static/app.js").status_code == 404
        assert http.get("/health").status_code == 200  # the API itself is unaffected

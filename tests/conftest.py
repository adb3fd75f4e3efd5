"""Shared fixtures: paths to the repo's samples, the read-only shared data and the pipeline's output for the
samples (the API and the dashboard tests both serve it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sitroom.config import Settings
from sitroom.store import Store

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
SHARED = Path(os.environ.get("SITROOM_SHARED", REPO.parent / "shared"))
SEED_ARTICLE = EXAMPLES / "01_sky_seed_article.txt"
POSTGRES_URL = os.environ.get("SITROOM_TEST_POSTGRES_URL")


def fresh_postgres(url: str) -> None:
    """Drop everything, so the next Store opened on ``url`` starts from an empty, freshly migrated database."""
    engine = create_engine(url)
    with engine.begin() as con:
        con.execute(text("DROP SCHEMA public CASCADE"))
        con.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set SITROOM_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's output for examples/articles (about a minute: models load once per session)."""
    from sitroom import pipeline  # 1 s to import: only for the tests that need it

    path = tmp_path_factory.mktemp("seed") / "seed.db"
    settings = Settings(db=str(path))
    with Store(settings.db) as store:
        result = pipeline.run([EXAMPLES], store, settings)
        assert result.events, "the pipeline stored no events; the API and dashboard tests need some"
    return path

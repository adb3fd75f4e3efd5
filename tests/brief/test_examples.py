"""The whole pipeline on some sample articles, then a brief: real extraction output must always pass
the checker (skipped when extraction is not installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom import extract, pipeline
from sitroom.brief import BriefFormat, BriefQuery, brief_from_store, iter_sentences
from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
# One incident told four ways (wire story, its copy, a monitor's toll, another paper): enough to
# exercise merging, contradictions and claims while keeping the test short.
SUBSET = ["07_", "08_", "09_", "10_"]


@pytest.mark.slow
def test_brief_over_the_sample_articles(tmp_path: Path) -> None:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/articles is missing")
    settings = Settings(db=str(tmp_path / "examples.db"))
    try:
        extract.load_extractor(settings)
    except StageUnavailable as exc:
        pytest.skip(str(exc))
    with Store(settings.db) as store:
        paths = sorted(p for p in EXAMPLES.glob("*.txt") if p.name[:3] in SUBSET)
        pipeline.run(paths, store, settings)
        checked = brief_from_store(store, BriefQuery(country="Syria", since=None))
        again = brief_from_store(store, BriefQuery(country="Syria", since=None))
    brief = checked.brief
    assert brief.headline is not None and brief.lead and brief.sources
    assert all(s.citations for s in iter_sentences(brief))
    for fmt in BriefFormat:
        assert checked.render(fmt) == again.render(fmt)
    assert checked.render(BriefFormat.text).rstrip("\n").split("\n")[-1].startswith("Original Sources: ")

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sitroom.brief import BriefFormat, digest_article, iter_sentences
from sitroom.cli import app
from tests.brief.conftest import corpus

WIRE_STORY = "\n".join(
    [
        "Russian and Syrian air strikes on Idlib kill at least 25, rescuers say",
        "Syrian and Russian warplanes pounded the rebel-held city of Idlib on Monday, killing at least 25 people, "
        "according to the White Helmets.",
        "The strikes hit a residential neighbourhood and a busy market area in the city centre, the White Helmets "
        "said. Rescue workers were still searching the rubble of a collapsed building in the evening.",
        "The Syrian government denied targeting civilians. A military statement said aircraft had struck weapons "
        "depots and gatherings of militants.",
        "Russia, which has an air base on Syria's coast, has backed President Bashar al-Assad since it entered the "
        "war in 2015.",
        "The conflict, which began in 2011, has displaced about half of Syria's pre-war population.",
        "Original Source: reuters.com",
    ]
)


def test_digest_with_extracted_events_keeps_the_title_and_checks(tmp_path: Path) -> None:
    articles, mentions = corpus()
    reuters = articles[0]
    own = [m for m in mentions if m.article_id == reuters.id]
    checked = digest_article(reuters, own)
    brief = checked.brief
    assert brief.headline.text == reuters.title
    for sentence in iter_sentences(brief):
        for citation in sentence.citations:
            span = citation.evidence
            assert reuters.text[span.start : span.end] == span.text
    text = checked.render(BriefFormat.text)
    assert text.rstrip("\n").endswith("Original Source: reuters.com")
    assert "at least 25" in text
    assert {c.evidence.article_id for s in iter_sentences(brief) for c in s.citations} == {reuters.id}


def test_digest_cli_on_a_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(WIRE_STORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["digest", str(path), "--db", str(tmp_path / "unused.db")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0] == "Russian and Syrian air strikes on Idlib kill at least 25, rescuers say"
    assert lines[-1] == "Original Source: reuters.com"
    assert any("2015" in line for line in lines[2:-1])  # context drawn from the article
    assert not (tmp_path / "unused.db").exists()


def test_digest_reports_a_missing_article(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["digest", "art_doesnotexist", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "neither a stored article id nor an existing file" in result.output

from __future__ import annotations

import json

from sitroom.brief import BriefFormat, BriefQuery, brief_from_store, iter_sentences
from sitroom.store import Store


def test_text_follows_the_sample_layout(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    lines = checked.render(BriefFormat.text).rstrip("\n").split("\n")
    assert lines[0] == checked.brief.headline.text
    assert lines[1] == " ".join(s.text for s in checked.brief.lead)
    assert all(line.strip() for line in lines)  # one paragraph per line, no blank lines
    assert (
        lines[-1]
        == "Original Sources: bbc.co.uk, middleeasteye.net, reuters.com, syriahr.com, theguardian.com, usnews.com"
    )
    assert "[" not in "\n".join(lines[:-1])  # no markers in the sample's layout


def test_markdown_and_html_carry_a_marker_per_sentence(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    markdown = checked.render(BriefFormat.markdown)
    html = checked.render(BriefFormat.html)
    for sentence in iter_sentences(checked.brief):
        assert sentence.text + "[^" in markdown
    assert markdown.count("[^1]:") == 1 and "reuters.com" in markdown
    assert html.startswith("<!doctype html>") and '<meta charset="utf-8">' in html and "<article>" in html
    assert 'href="#ev1"' in html and 'id="ev1"' in html


def test_json_round_trips_with_citations(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    data = json.loads(checked.render(BriefFormat.json))
    assert data["headline"]["text"] == checked.brief.headline.text
    assert data["lead"][0]["citations"][0]["evidence"]["article_id"]
    assert data["query"] == {"country": "Syria"}

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from sitroom.brief import BriefFormat, BriefQuery, brief_from_store, digest_article, iter_sentences
from sitroom.brief.render import link_url, md_text
from sitroom.model import Article, Source
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


HOSTILE = "\n".join(
    [
        "Strikes hit Idlib <script>alert(1)</script>",
        "Warplanes struck the city of Idlib on Monday, killing at least 25 people, rescuers said.",
        "Residents said the strikes hit a market <script>alert(1)</script> in the city centre on Monday.",
        "More details were posted at [x](javascript:alert(1)) by the local council on Monday.",
        "# Officials said the toll could rise as rescuers searched the `rubble` on Monday night.",
        "Russia has backed President Bashar al-Assad since it entered the war in 2015.",
    ]
)


def _as_html(markdown: str) -> str:
    """What a CommonMark viewer shows, with its own link filter off so only our escaping is tested."""
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True
    return parser.render(markdown)


def test_markdown_keeps_article_markup_inert() -> None:
    story = Article(
        title=HOSTILE.split("\n", 1)[0],
        text=HOSTILE,
        source=Source(domain="<script>", url="javascript:alert(1)"),
    )
    markdown = digest_article(story, None).render(BriefFormat.markdown)
    page = _as_html(markdown)
    assert "<script" not in page and "javascript:" not in page.replace("(javascript:alert(1))", "")
    assert "<a " not in page and page.count("<h1>") == 1 and "<code>" not in page
    # The words still read as written.
    assert "Strikes hit Idlib &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "posted at [x](javascript:alert(1)) by" in page
    assert "# Officials said" in page and "`rubble`" in page
    assert "&lt;script&gt; (1 article)" in page  # an implausible domain is shown escaped, not linked
    html = digest_article(story, None).render(BriefFormat.html)
    assert "<script" not in html and "javascript:" not in html.replace("(javascript:alert(1))", "")


def test_only_http_links_are_rendered() -> None:
    assert link_url("https://reuters.com/world/a b") == "https://reuters.com/world/a%20b"
    assert link_url("https://reuters.com/x)[y](javascript:alert(1))") == (
        "https://reuters.com/x%29%5By%5D%28javascript:alert%281%29%29"
    )
    for bad in ("javascript:alert(1)", "JavaScript://%0Aalert(1)", "java\nscript:alert(1)", "data:text/html,x"):
        assert link_url(bad) is None and link_url(bad, relative=True) is None
    assert link_url("https://<script>/") is None and link_url("//evil.example/x", relative=True) is None
    assert link_url("articles/07_reuters.txt") is None
    assert link_url("articles/07_reuters.txt", relative=True) == "articles/07_reuters.txt"  # file ingests
    story = Article(
        title="Strikes hit Idlib",
        text="Strikes hit Idlib\n" + HOSTILE.split("\n", 1)[1],
        source=Source(domain="reuters.com", url="javascript://%0Aalert(1)"),
    )
    checked = digest_article(story, None)
    assert "href" not in checked.render(BriefFormat.html).split("<h2>Sources</h2>")[1].split("<h2>")[0]
    assert "\n- reuters.com (1 article): Strikes hit Idlib\n" in checked.render(BriefFormat.markdown)  # no link


def test_ordinary_text_renders_unchanged_in_markdown(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    for sentence in iter_sentences(checked.brief):
        assert md_text(sentence.text) == sentence.text
    for ordinary in ("Hayat Tahrir al-Sham (HTS) took Aleppo; 31 killed — “a massacre”, SOHR said.", "1 December"):
        assert md_text(ordinary) == ordinary
    assert "[Air strikes on Idlib kill at least 25, rescuers say](https://reuters.com/story)" in checked.render()

"""The dashboard in Debian's chromium: load, filter, open an event and read its evidence, follow the URL, the actor
and brief views, and an article full of markup and script that must show as text and never run."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from sitroom.web import CSP
from tests.api.conftest import Server
from tests.web.conftest import (
    HOSTILE_ID,
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    Watched,
    open_dashboard,
    redraws,
    wait_redraw,
)

pytestmark = pytest.mark.usefixtures("browser")


def api_count(server: Server, **params: str) -> int:
    """How many events GET /events selects for the filter (the dashboard filters in the browser: same answer)."""
    total, cursor = 0, None
    with server.client() as http:
        while True:
            page = http.get("/events", params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})})
            body = page.json()
            total += len(body["data"])
            if not (cursor := body["next_cursor"]):
                return total


def query(page_url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(page_url).query)


def test_page_loads_every_event_with_a_strict_policy(watched: Watched, dashboard: Server) -> None:
    page = open_dashboard(watched, dashboard)
    total = dashboard.store.stats().events
    assert page.text_content("#status").startswith(f"{total} of {total} events")
    assert page.locator("table.events tbody tr").count() == min(total, 100)
    assert page.locator(".leaflet-marker-icon, .leaflet-overlay-pane canvas").count() > 0
    assert page.locator("#legend li").count() >= 3  # a colour per event type present
    with dashboard.client() as http:
        for path in ("/", "/static/app.js", "/static/style.css"):
            response = http.get(path)
            assert response.status_code == 200, path
            assert response.headers["content-security-policy"] == CSP
            assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "object-src 'none'" in CSP and "unsafe" not in CSP


def test_filter_redraws_map_timeline_and_table_and_is_in_the_url(watched: Watched, dashboard: Server) -> None:
    page = open_dashboard(watched, dashboard)
    before = redraws(page)
    page.select_option("select[name=event_type]", "Battles")
    wait_redraw(page, before)
    expected = api_count(dashboard, event_type="Battles")
    assert 0 < expected < dashboard.store.stats().events
    assert page.text_content("#status").startswith(f"{expected} of ")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == expected
    battles = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
    assert {t.strip() for t in rows.locator("td:nth-child(2)").all_text_contents()} <= battles
    assert query(page.url)["event_type"] == ["Battles"]

    before = redraws(page)
    page.fill("input[name=min_confidence]", "0.5")
    page.dispatch_event("input[name=min_confidence]", "change")
    wait_redraw(page, before)
    expected = api_count(dashboard, event_type="Battles", min_confidence="0.5")
    assert page.text_content("#status").startswith(f"{expected} of ")
    assert query(page.url)["min_confidence"] == ["0.5"]

    # Dragging across the timeline sets the date range.
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    before = redraws(page)
    page.mouse.move(box["x"] + 40, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 20, box["y"] + 40, steps=5)
    page.mouse.up()
    wait_redraw(page, before)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", query(page.url)["date_from"][0])
    assert page.input_value("input[name=date_to]") == query(page.url)["date_to"][0]


def test_open_an_event_and_see_its_evidence(watched: Watched, dashboard: Server) -> None:
    page = open_dashboard(watched, dashboard, "?event_type=Air%2Fdrone%20strike&country=Syria")
    event = next(e for e in dashboard.store.events() if e.sub_event_type == "Air/drone strike" and e.claims and e.date)
    page.click(f"tr[data-id='{event.id}']")
    detail = page.locator(f".event[data-id='{event.id}']")
    detail.wait_for()
    assert query(page.url)["event"] == [event.id]
    text = detail.text_content() or ""
    assert event.sub_event_type.value in text and f"{event.confidence:.2f}" in text
    for source in event.sources:
        assert source in text
    reports = detail.locator(".report")
    assert reports.count() == len(event.mention_ids)
    # Each report's sentence is the stored evidence, and its highlighted words are spans of that sentence.
    stored = {m.evidence.text for m in (dashboard.store.get_mention(i) for i in event.mention_ids) if m}
    quotes = reports.locator("blockquote.evidence").all_text_contents()
    assert set(quotes) == stored
    marks = detail.locator("blockquote.evidence mark")
    assert marks.count() > 0
    assert any(mark in quote for mark in marks.all_text_contents() for quote in quotes)
    claims = detail.locator("ul.claims li").all_text_contents()
    assert len(claims) == len(event.claims)
    if any(c.stance == "denies" for c in event.claims):
        assert any(c.startswith("Denied") for c in claims)


def test_the_url_restores_filter_tab_and_event(watched: Watched, dashboard: Server) -> None:
    event = next(e for e in dashboard.store.events() if e.event_type == "Battles")
    page = open_dashboard(watched, dashboard, f"?event_type=Battles&event={event.id}")
    assert page.input_value("select[name=event_type]") == "Battles"
    page.locator(f".event[data-id='{event.id}']").wait_for()
    assert page.get_attribute("[data-tab=event]", "aria-selected") == "true"


def test_an_article_with_markup_and_script_renders_as_text(watched: Watched, dashboard: Server) -> None:
    page = open_dashboard(watched, dashboard, f"?event={HOSTILE_ID}")
    detail = page.locator(f".event[data-id='{HOSTILE_ID}']")
    detail.wait_for()
    text = detail.text_content() or ""
    for payload in (PAYLOAD_SCRIPT, PAYLOAD_IMG):
        assert payload in text  # shown, character for character
    assert f"Hostile report {PAYLOAD_IMG}" in text
    assert detail.locator("script, img, iframe, object").count() == 0
    assert page.locator("#panel-event a[href^='javascript']").count() == 0
    # The table, the actor list and the map's tooltips show the names as text too.
    page.fill("input[name=actor]", "pwned")
    page.dispatch_event("input[name=actor]", "change")
    page.wait_for_function("() => document.querySelectorAll('table.events tbody tr').length === 1")
    assert PAYLOAD_SCRIPT in (page.text_content("table.events tbody") or "")
    page.click("[data-tab=actors]")
    assert PAYLOAD_IMG in (page.text_content("table.actors") or "")  # the backer
    assert page.locator("body img:not(.leaflet-tile)").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_actor_network_and_brief_with_citations(watched: Watched, dashboard: Server) -> None:
    page = open_dashboard(watched, dashboard, "?country=Syria")
    page.click("[data-tab=actors]")
    network = page.locator("svg.network")
    network.wait_for()
    assert network.locator(".actor-node").count() >= 3
    assert network.locator("line").count() >= 1  # someone acts against someone
    page.click("[data-tab=brief]")
    headline = page.locator(".brief .headline")
    headline.wait_for(timeout=60_000)  # the brief is composed on request
    assert query(page.url)["tab"] == ["brief"]
    cite = page.locator(".brief a.cite").first
    cited = (cite.get_attribute("title") or "").strip("“”")
    cite.click()
    focused = page.locator("#panel-event .focused")
    focused.wait_for()
    assert cited and cited in (focused.text_content() or "")

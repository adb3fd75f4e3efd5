"""The dashboard in a real browser: Debian's chromium, headless, driven by Playwright, against a real uvicorn server
over the pipeline's output for examples/articles plus one hostile article (markup and script in every field an
article can reach).

Chromium comes from Debian (`.ci/run` installs it), never from Playwright's own download. Without it, or without
the built assets (`make install`), the tests are skipped with the reason, except in CI (CI=true), where they fail.
Each test's page is kept as a screenshot in tests/web/artifacts/ (git-ignored)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from sitroom.config import Settings
from sitroom.model import (
    Actor,
    ActorType,
    Article,
    Claim,
    Event,
    EventMention,
    EventType,
    Evidence,
    Fatalities,
    Location,
    Source,
    Stance,
    SubEventType,
)
from sitroom.store import Store
from sitroom.web import STATIC, assets_built
from tests.api.conftest import Server, copy_sqlite, running

CHROMIUM = Path(os.environ.get("SITROOM_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE_ID = "evt_hostile000000001"
PAYLOAD_SCRIPT = "<script>window.__pwned = 'script'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"window.__pwned = 'onerror'\">"
VIEWPORT = {"width": 1400, "height": 850}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium, make install builds)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    if not assets_built():
        _unavailable(f"the dashboard's assets are not built in {STATIC} (make install)")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    yield browser
    browser.close()


def hostile_records() -> tuple[Article, EventMention, Event]:
    """An article whose title, text, source, actor, place and claim all carry markup and script."""
    sentence = f"Gunmen of the {PAYLOAD_SCRIPT} Brigade killed 4 villagers in Hostileville {PAYLOAD_IMG} on Friday."
    text = f"{sentence} Officials denied it: {PAYLOAD_IMG}."
    article = Article(
        title=f"Hostile report {PAYLOAD_IMG}",
        text=text,
        source=Source(domain=f"evil.example{PAYLOAD_SCRIPT}", url="javascript:window.__pwned='link'"),
        published=dt.datetime(2024, 12, 3, 9, tzinfo=dt.UTC),
    )
    start = text.index("Gunmen")
    brigade = f"{PAYLOAD_SCRIPT} Brigade"

    def span(words: str) -> Evidence:
        at = text.index(words)
        return article.span(at, at + len(words))

    fields = {
        "event_type": EventType.VIOLENCE_AGAINST_CIVILIANS,
        "sub_event_type": SubEventType.ATTACK,
        "date": dt.date(2024, 11, 29),
        "actor1": Actor(
            name=brigade, actor_type=ActorType.POLITICAL_MILITIA, backers=[PAYLOAD_IMG], evidence=span(brigade)
        ),
        "actor2": Actor(name="Civilians (Hostileland)", actor_type=ActorType.CIVILIANS, evidence=span("villagers")),
        "location": Location(
            name=f"Hostileville {PAYLOAD_IMG}",
            country="Syria",
            latitude=34.2,
            longitude=38.1,
            evidence=span("Hostileville"),
        ),
        "fatalities": Fatalities(best=4, low=4, high=4, evidence=span("killed 4 villagers")),
        "claims": [
            Claim(
                by=f"Officials {PAYLOAD_SCRIPT}",
                stance=Stance.DENIES,
                about=PAYLOAD_IMG,
                evidence=span("Officials denied it"),
            )
        ],
        "notes": PAYLOAD_SCRIPT,
    }
    mention = EventMention(
        article_id=article.id,
        evidence=article.span(start, start + len(sentence)),
        source=article.source.domain,
        confidence=0.9,
        **fields,
    )
    event = Event(
        id=HOSTILE_ID,
        mention_ids=[mention.id],
        sources=[article.source.domain or ""],
        independent_sources=1,
        confidence=0.9,
        contradictions=[],
        **fields,
    )
    return article, mention, event


@pytest.fixture(scope="module")
def dashboard(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over the samples' events plus the hostile one, stored through the Store's own API."""
    url = copy_sqlite(seeded_db, tmp_path_factory.mktemp("web") / "web.db")
    article, mention, event = hostile_records()
    with Store(url) as store:
        store.add_articles([article])
        store.replace_mentions(article.id, [mention])
        store.replace_events([*store.events(), event])
    with running(Settings(db=url)) as server:
        yield server


class Watched:
    """A page with its console errors, uncaught exceptions and dialogs recorded (none may happen)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(getattr(dialog, "message", "?"))
        dialog.dismiss()  # type: ignore[attr-defined]


@pytest.fixture
def watched(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(20_000)
    watched = Watched(page)
    yield watched
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    context.close()
    assert not watched.dialogs, f"a dialog opened (script ran): {watched.dialogs}"
    assert not watched.errors, f"errors in the browser: {watched.errors}"


def open_dashboard(watched: Watched, server: Server, query: str = "") -> Page:
    """Load the dashboard and wait for its first full draw."""
    page = watched.page
    page.goto(f"{server.url}/{query}")
    page.wait_for_function("() => document.body.dataset.ready === '1'")
    return page


def wait_redraw(page: Page, before: int) -> None:
    page.wait_for_function(f"() => Number(document.body.dataset.redraws) > {before}")


def redraws(page: Page) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.redraws)"))

"""The README's dashboard screenshot: a store filled by `make run`, served, shown in Debian's chromium.

    python scripts/dashboard_screenshot.py [--db sitroom.db] [--out docs/dashboard.png] [--event ID]

Opens the dashboard on Syria with one event's evidence in view (by default the event with the most reports)."""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from sitroom.api import create_app
from sitroom.config import Settings
from sitroom.store import Store

SCROLL_TO_EVIDENCE = """() => {
  const heading = [...document.querySelectorAll(".event h3")].find((h) => h.textContent.startsWith("Evidence"));
  document.getElementById("panel-event").scrollTop = heading.offsetTop - 120;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sitroom.db")
    parser.add_argument("--out", type=Path, default=Path("docs/dashboard.png"))
    parser.add_argument("--event", help="the event to open (default: the one with the most reports)")
    args = parser.parse_args()
    store = Store(args.db)
    event = args.event or max(store.events(), key=lambda e: (len(e.mention_ids), e.id)).id
    server = uvicorn.Server(
        uvicorn.Config(create_app(Settings(db=args.db), store=store), port=8799, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            page.goto(f"http://127.0.0.1:8799/?country=Syria&event={event}")
            page.locator(".event").wait_for()
            page.evaluate(SCROLL_TO_EVIDENCE)
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        server.should_exit = True
        store.close()
    print(f"wrote {args.out} (event {event})")


if __name__ == "__main__":
    main()

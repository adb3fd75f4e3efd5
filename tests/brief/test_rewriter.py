"""The rewriter against a real HTTP server on 127.0.0.1 speaking the OpenAI chat format."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sitroom.brief import BriefQuery, brief_from_store, iter_sentences
from sitroom.brief.rewriter import ChatRewriter, RewriterSettings, load_rewriter
from sitroom.store import Store


class FakeModel(BaseHTTPRequestHandler):
    """Rewords a sentence; in 'inventive' mode it also adds a number the evidence never gave."""

    mode = "faithful"

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][0]["content"]
        sentence = re.search(r"Sentence: (.*?)\n\nEvidence:", prompt, re.S).group(1)
        reply = "In short: " + sentence
        if self.mode == "inventive" and "killed" in sentence:
            reply = sentence.rstrip(".") + ", and 99 more were wounded."
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    FakeModel.mode = "faithful"


def test_rewriter_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITROOM_REWRITER_URL", raising=False)
    assert load_rewriter(RewriterSettings(_env_file=None)) is None


def test_faithful_rewrites_are_kept(store: Store, endpoint: str) -> None:
    rewriter = ChatRewriter(RewriterSettings(url=endpoint, _env_file=None))
    checked = brief_from_store(store, BriefQuery(country="Syria"), rewriter)
    assert checked.rewrite_report.kept > 0 and not checked.rewrite_report.discarded
    assert checked.brief.headline.text.startswith("In short: ")
    assert all(not s.text.startswith("In short: ") for s in checked.brief.background)  # verbatim stays verbatim


def test_rewrites_with_invented_numbers_are_discarded(store: Store, endpoint: str) -> None:
    FakeModel.mode = "inventive"
    plain = brief_from_store(store, BriefQuery(country="Syria"))
    checked = brief_from_store(store, BriefQuery(country="Syria"), ChatRewriter(RewriterSettings(url=endpoint)))
    assert checked.rewrite_report.discarded and all("99" in p for p in checked.rewrite_report.discarded)
    assert not any("99" in s.text for s in iter_sentences(checked.brief))
    killed = [s.text for s in iter_sentences(plain.brief) if "killed" in s.text]
    assert killed and all(k in [s.text for s in iter_sentences(checked.brief)] for k in killed)

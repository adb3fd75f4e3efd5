"""Writes over HTTP: API keys (header or bearer, revoked refused), POST /articles running the real pipeline on a
real article, and the request body limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sitroom.config import Settings
from tests.api.conftest import Server, running
from tests.conftest import EXAMPLES

PROBLEM = "application/problem+json"
LIMIT = 64 * 1024
# An article written for this test (not real news): one air strike with a place, a date and a toll.
ARTICLE = """Air strikes kill nine in Saraqib
Air strikes hit a market in the town of Saraqib in Idlib province on 3 December 2024, killing at least nine \
civilians, the Syrian Observatory for Human Rights said.
Rescuers said the death toll could rise as people remained trapped under the rubble.
Original Source: example.org
"""


@pytest.fixture(scope="module")
def writable(db_url: str) -> Iterator[Server]:
    with running(Settings(db=db_url, max_input_bytes=LIMIT)) as started:
        yield started


@pytest.fixture(scope="module")
def token(writable: Server) -> str:
    _key, token = writable.store.create_api_key("test writer")
    return token


def test_post_without_a_key_is_401(writable: Server) -> None:
    with writable.client() as http:
        response = http.post("/articles", content=ARTICLE, headers={"content-type": "text/plain"})
        wrong = http.post("/articles", content=ARTICLE, headers={"content-type": "text/plain", "X-API-Key": "sk_x"})
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM
    assert "WWW-Authenticate" in response.headers
    assert wrong.status_code == 401 and "unknown or revoked" in wrong.json()["detail"]


def test_post_text_runs_the_pipeline_and_returns_the_events(writable: Server, token: str) -> None:
    with writable.client(**{"X-API-Key": token}) as http:
        response = http.post("/articles", content=ARTICLE, headers={"content-type": "text/plain"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "new" and body["article_id"].startswith("art_")
        strike = next(m for m in body["mentions"] if m["sub_event_type"] == "Air/drone strike")
        assert strike["location"]["name"] == "Saraqib" and strike["date"] == "2024-12-03"
        assert strike["fatalities"]["low"] == 9 or strike["fatalities"]["best"] == 9
        assert strike["event_id"] in {e["id"] for e in body["events"]}
        stored = writable.store.get_event(strike["event_id"])
        assert stored is not None and strike["id"] in stored.mention_ids
        again = http.post("/articles", content=ARTICLE, headers={"content-type": "text/plain"}).json()
    assert again["status"] == "duplicate" and again["article_id"] == body["article_id"]
    assert {m["id"] for m in again["mentions"]} == {m["id"] for m in body["mentions"]}


def test_post_json_and_html_with_a_bearer_token(writable: Server, token: str) -> None:
    sample = (EXAMPLES / "07_reuters_idlib_airstrikes.txt").read_text(encoding="utf-8").splitlines()
    title, body_lines = sample[0], [line for line in sample[1:] if not line.startswith("Original Source")]
    document = {"title": title, "text": "\n".join(body_lines) + "\nA new closing line.", "source": "reuters.com"}
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{line}</p>" for line in body_lines)
        + "<p>Another closing line for the page version.</p></article></body></html>"
    )
    with writable.client(Authorization=f"Bearer {token}") as http:
        posted = http.post("/articles", json=document)
        html = http.post("/articles", content=page, headers={"content-type": "text/html; charset=utf-8"})
    assert posted.status_code == 200, posted.text
    assert posted.json()["status"] in {"new", "near-duplicate"}
    assert any(m["sub_event_type"] == "Air/drone strike" for m in posted.json()["mentions"])
    assert html.status_code == 200, html.text
    assert html.json()["mentions"]


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"title": "no text"}', "application/json", 422),
        (b"{not json", "application/json", 422),
        (b"", "text/plain", 422),
        (b"\xff\xfe\x00bytes", "text/plain", 422),
        (b"a,b\n1,2", "text/csv", 415),
    ],
)
def test_unreadable_posts_are_4xx(writable: Server, token: str, content: bytes, content_type: str, status: int) -> None:
    with writable.client(**{"X-API-Key": token}) as http:
        response = http.post("/articles", content=content, headers={"content-type": content_type})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM


def test_a_revoked_key_is_refused(writable: Server) -> None:
    key, token = writable.store.create_api_key("to revoke")
    with writable.client(**{"X-API-Key": token}) as http:
        assert http.post("/articles", content=b"", headers={"content-type": "text/plain"}).status_code == 422
        assert writable.store.revoke_api_key(key.id)
        refused = http.post("/articles", content=ARTICLE, headers={"content-type": "text/plain"})
    assert refused.status_code == 401
    assert [k.revoked_at is not None for k in writable.store.api_keys() if k.id == key.id] == [True]


def test_a_body_over_the_limit_is_413(writable: Server, token: str) -> None:
    big = ("Air strikes hit the town. " * (LIMIT // 20)).encode()
    assert len(big) > LIMIT

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    with writable.client(**{"X-API-Key": token}) as http:
        declared = http.post("/articles", content=big, headers={"content-type": "text/plain"})
        streamed = http.post("/articles", content=chunked(), headers={"content-type": "text/plain"})
    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == PROBLEM
        assert str(LIMIT) in response.json()["detail"]

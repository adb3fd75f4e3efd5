"""Optional: let a team's own language model smooth a brief's wording, never its facts.

Off by default. Configure an OpenAI-compatible chat endpoint with environment variables (or .env):

    SITROOM_REWRITER_URL=http://127.0.0.1:8000/v1   SITROOM_REWRITER_MODEL=llama-3-8b-instruct
    SITROOM_REWRITER_API_KEY=...                    (optional)

Each sentence is sent with its cited evidence and comes back as one rewritten sentence that keeps
the original citations. A rewritten sentence is kept only when it passes the same citation and
number check as the composed one; otherwise (or on any network or format error) the original
sentence stays. The model never sees, and so cannot cite, anything the sentence did not cite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict

from sitroom.brief.checker import BriefChecker
from sitroom.brief.library import Library
from sitroom.model import Brief, BriefSection, BriefSentence, Event

PROMPT = (
    "Rewrite the sentence below in clear, neutral news English, as one sentence. Use only facts in "
    "the sentence and its evidence; keep every number exactly as written; add no new names, numbers "
    "or claims. Reply with the rewritten sentence only.\n\nSentence: {sentence}\n\nEvidence:\n{evidence}"
)


class RewriterSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITROOM_REWRITER_", env_file=".env", extra="ignore")

    url: str | None = None  # base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1
    model: str = "default"
    api_key: str | None = None
    timeout: float = 30.0


@dataclass
class RewriteReport:
    kept: int = 0
    discarded: list[str] = field(default_factory=list)  # why each rejected rewrite was rejected


class ChatRewriter:
    """Rewrites one sentence through ``POST {url}/chat/completions``."""

    def __init__(self, settings: RewriterSettings, client: httpx.Client | None = None) -> None:
        if not settings.url:
            raise ValueError("no rewriter endpoint configured (set SITROOM_REWRITER_URL)")
        self.settings = settings
        self.endpoint = settings.url.rstrip("/") + "/chat/completions"
        headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
        self.client = client or httpx.Client(timeout=settings.timeout, headers=headers)

    def __call__(self, sentence: BriefSentence) -> str:
        evidence = "\n".join(f"- {c.evidence.text}" for c in sentence.citations)
        payload = {
            "model": self.settings.model,
            "temperature": 0,
            "messages": [{"role": "user", "content": PROMPT.format(sentence=sentence.text, evidence=evidence)}],
        }
        response = self.client.post(self.endpoint, json=payload)
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"]).strip()


def load_rewriter(settings: RewriterSettings | None = None) -> ChatRewriter | None:
    """The configured rewriter, or None when none is configured (the default)."""
    settings = settings or RewriterSettings()
    return ChatRewriter(settings) if settings.url else None


def rewrite_brief(
    brief: Brief,
    rewrite: Callable[[BriefSentence], str],
    events: Mapping[str, Event],
    library: Library,
) -> tuple[Brief, RewriteReport]:
    """A copy of ``brief`` with each sentence rewritten where the rewrite passes the checker."""
    checker = BriefChecker(events, library)
    report = RewriteReport()

    def one(sentence: BriefSentence) -> BriefSentence:
        try:
            text = rewrite(sentence)
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            report.discarded.append(f"{sentence.text[:60]!r}: rewriter failed ({exc})")
            return sentence
        candidate = BriefSentence(text=text or sentence.text, citations=sentence.citations)
        problems = checker.check(Brief(headline=candidate, query=brief.query))
        if problems or "\n" in text or not text:
            report.discarded.append(problems[0] if problems else f"{text[:60]!r}: not a single sentence")
            return sentence
        report.kept += 1
        return candidate

    rewritten = brief.model_copy(
        update={
            "headline": one(brief.headline) if brief.headline else None,
            "lead": [one(s) for s in brief.lead],
            "sections": [BriefSection(title=x.title, sentences=[one(s) for s in x.sentences]) for x in brief.sections],
            "background": list(brief.background),  # verbatim source sentences stay verbatim
            "closing": one(brief.closing) if brief.closing else None,
        }
    )
    return rewritten, report

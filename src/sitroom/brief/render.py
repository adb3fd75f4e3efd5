"""Render a checked Brief as Markdown, HTML, JSON or the sample's plain-text layout."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from enum import StrEnum
from urllib.parse import quote, urlsplit

from sitroom.brief.compose import iter_sentences
from sitroom.model import Brief, BriefSentence, Evidence


class BriefFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    json = "json"
    text = "text"


NO_EVENTS = "No events"


def no_events_notice(brief: Brief) -> str:
    selection = ", ".join(f"{k}={v}" for k, v in brief.query.items()) or "everything stored"
    return f"No stored events match this selection ({selection}), so there is nothing to report."


class Footnotes:
    """Numbers each distinct evidence span in reading order: the [n] markers."""

    def __init__(self, brief: Brief) -> None:
        self.order: dict[tuple[str, int, int], int] = {}
        self.spans: list[Evidence] = []
        for sentence in iter_sentences(brief):
            for citation in sentence.citations:
                key = (citation.evidence.article_id, citation.evidence.start, citation.evidence.end)
                if key not in self.order:
                    self.order[key] = len(self.spans) + 1
                    self.spans.append(citation.evidence)

    def markers(self, sentence: BriefSentence) -> list[int]:
        keys = [(c.evidence.article_id, c.evidence.start, c.evidence.end) for c in sentence.citations]
        return sorted({self.order[k] for k in keys})


def _outlet_counts(brief: Brief) -> list[tuple[str, int]]:
    counts = Counter(s.domain or "unknown outlet" for s in brief.sources)
    return sorted(counts.items())


def _paragraphs(brief: Brief) -> list[tuple[str, list[BriefSentence]]]:
    parts = [(section.title, section.sentences) for section in brief.sections]
    if brief.background:
        parts.append(("Background", brief.background))
    if brief.closing:
        parts.append(("Outlook", [brief.closing]))
    return parts


def render_text(brief: Brief, *, single_source: bool = False) -> str:
    """The sample's layout: headline, summary, one paragraph per line, then the sources line."""
    label = "Original Source" if single_source else "Original Sources"
    outlets = ", ".join(domain for domain, _ in _outlet_counts(brief)) or "none"
    if brief.headline is None:
        return "\n".join([NO_EVENTS, no_events_notice(brief), f"{label}: {outlets}"])
    lines = [brief.headline.text, " ".join(s.text for s in brief.lead)]
    lines += [" ".join(s.text for s in sentences) for _, sentences in _paragraphs(brief)]
    return "\n".join([*[line for line in lines if line], f"{label}: {outlets}"])


# Article text is untrusted: in Markdown it must stay text. Backslash escapes for inline syntax (links, code,
# emphasis, footnote markers); entities for what could open raw HTML, an autolink or an entity of its own.
_MD_INLINE = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"},
)
# What would open a heading, list, quote, table or setext underline when the text begins a line.
_MD_BLOCK_START = re.compile(r"[#+=|-]|\d{1,9}(?=[.)](?:\s|$))")
_HOST_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOSTNAME = re.compile(rf"(?:{_HOST_LABEL}\.)*{_HOST_LABEL}")


def md_text(text: str) -> str:
    """Article-derived text as inert Markdown: renders as written, never as markup, links or HTML.
    Text without special characters comes back unchanged."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", text).strip()  # a line break could start a new block
    text = text.translate(_MD_INLINE)
    if match := _MD_BLOCK_START.match(text):
        at = match.end() if match.group().isdigit() else 0  # "1." escapes the dot, "#" itself
        text = f"{text[:at]}\\{text[at:]}"
    return text


def plausible_hostname(domain: str) -> bool:
    """A publisher domain that could be a real DNS name (IDN allowed), not markup smuggled into the field."""
    try:
        ascii_name = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return len(ascii_name) <= 253 and bool(_HOSTNAME.fullmatch(ascii_name.lower()))


def link_url(url: str | None, *, relative: bool = False) -> str | None:
    """The URL if it is safe to link: http(s) to a plausible host or, with ``relative``, a path without any scheme
    (file ingests record "articles/07_….txt"). Percent-encoded so it cannot close a Markdown link or an HTML
    attribute. None for anything else: javascript:, data:, //other-host, garbage."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and host and plausible_hostname(host):
        pass
    elif not (relative and url and not parts.scheme and not parts.netloc and ":" not in url):
        return None
    return quote(url, safe="/:?#@!$&'*+,;=%~")


def _md_url(url: str | None) -> str | None:
    target = link_url(url, relative=True)
    # Markdown decodes entities in link targets: "javascript&colon;…" must not become a scheme.
    return target.replace("&", "&amp;") if target else None


def _md_domain(domain: str) -> str:
    return domain if plausible_hostname(domain) else md_text(domain)


def _md_sentence(sentence: BriefSentence, notes: Footnotes) -> str:
    return md_text(sentence.text) + "".join(f"[^{n}]" for n in notes.markers(sentence))


def _md_link(text: str, url: str | None) -> str:
    label, target = md_text(text), _md_url(url)
    return f"[{label}]({target})" if target else label


def render_markdown(brief: Brief, outlets: Mapping[str, str] | None = None) -> str:
    if brief.headline is None:
        return f"# {NO_EVENTS}\n\n{md_text(no_events_notice(brief))}\n"
    notes = Footnotes(brief)
    out = [f"# {_md_sentence(brief.headline, notes)}", "", " ".join(_md_sentence(s, notes) for s in brief.lead), ""]
    for title, sentences in _paragraphs(brief):
        out += [f"## {md_text(title)}", ""]
        out += [f"- {_md_sentence(s, notes)}" for s in sentences] if len(sentences) > 1 else []
        out += [_md_sentence(sentences[0], notes)] if len(sentences) == 1 else []
        out.append("")
    out += ["## Sources", ""]
    for domain, n in _outlet_counts(brief):
        links = [
            _md_link(src.name or domain, src.url) for src in brief.sources if (src.domain or "unknown outlet") == domain
        ]
        out.append(f"- {_md_domain(domain)} ({n} article{'s' if n > 1 else ''}): " + "; ".join(links))
    out += ["", "### Evidence", ""]
    for n, span in enumerate(notes.spans, start=1):
        where = _md_domain((outlets or {}).get(span.article_id, span.article_id))
        out.append(f"[^{n}]: {where}, {span.article_id} chars {span.start}–{span.end}: “{md_text(span.text)}”")
    return "\n".join(out) + "\n"


def _html_sentence(sentence: BriefSentence, notes: Footnotes) -> str:
    marks = "".join(f'<sup><a href="#ev{n}">{n}</a></sup>' for n in notes.markers(sentence))
    return html.escape(sentence.text) + marks


def _page(title: str, body: str) -> str:
    """A standalone UTF-8 page (the curly quotes and Arabic names need the charset)."""
    return (
        f'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
        f"<body>\n{body}</body>\n</html>\n"
    )


def render_html(brief: Brief, outlets: Mapping[str, str] | None = None) -> str:
    if brief.headline is None:
        return _page(
            NO_EVENTS, f"<article><h1>{NO_EVENTS}</h1><p>{html.escape(no_events_notice(brief))}</p></article>\n"
        )
    return _page(brief.headline.text, _html_article(brief, outlets))


def _html_article(brief: Brief, outlets: Mapping[str, str] | None) -> str:
    notes = Footnotes(brief)
    headline = _html_sentence(brief.headline, notes) if brief.headline else NO_EVENTS
    out = ["<article>", f"<h1>{headline}</h1>"]
    out.append(f'<p class="lead">{" ".join(_html_sentence(s, notes) for s in brief.lead)}</p>')
    for title, sentences in _paragraphs(brief):
        out.append(f"<h2>{html.escape(title)}</h2>")
        out.append("<ul>" + "".join(f"<li>{_html_sentence(s, notes)}</li>" for s in sentences) + "</ul>")
    out.append("<h2>Sources</h2><ul>")
    for source in brief.sources:
        name = html.escape(source.name or source.domain or "unknown")
        url = link_url(source.url)  # "://" alone let javascript://%0A… through
        link = f'<a href="{html.escape(url)}">{name}</a>' if url else name
        out.append(f"<li>{html.escape(source.domain or '')}: {link}</li>")
    out.append("</ul><h2>Evidence</h2><ol>")
    for n, span in enumerate(notes.spans, start=1):
        where = html.escape((outlets or {}).get(span.article_id, span.article_id))
        out.append(f'<li id="ev{n}">{where}: “{html.escape(span.text)}”</li>')
    out += ["</ol>", "</article>"]
    return "\n".join(out) + "\n"


def render_json(brief: Brief) -> str:
    data = brief.model_dump(mode="json")
    if brief.headline is None:
        data["notice"] = no_events_notice(brief)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(
    brief: Brief, fmt: BriefFormat, outlets: Mapping[str, str] | None = None, *, single_source: bool = False
) -> str:
    if fmt is BriefFormat.text:
        return render_text(brief, single_source=single_source) + "\n"
    if fmt is BriefFormat.html:
        return render_html(brief, outlets)
    if fmt is BriefFormat.json:
        return render_json(brief)
    return render_markdown(brief, outlets)

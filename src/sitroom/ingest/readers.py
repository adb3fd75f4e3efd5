"""Readers: inputs (files, folders, globs, archives, URLs) -> Article records or an IngestError.

Formats in ``auto`` mode, by file suffix (then HTTP content type, then the first bytes):

    .txt .text          sample format (headline, summary, paragraphs, 'Original Source: domain');
                        any other text needs ``--format plain``, so a stray note or a truncated
                        article is reported rather than stored with a guessed structure
    .html .htm .xhtml   web page (trafilatura main text + metadata)
    .xml .rss .atom     RSS/Atom feed, one article per entry (``--follow`` fetches each page)
    .jsonl .ndjson      one JSON object per line;   .csv .tsv   one row per article
    .gz                 the file inside, by its own suffix (``corpus.jsonl.gz``)
    .zip                every member, by its suffix
    http(s)://…         fetched (robots.txt, politeness delay, retries, conditional requests)

Folders are walked recursively (sorted, so runs are reproducible; links to folders are not followed) for
files with these suffixes; a pattern with ``*``/``?``/``[`` is expanded as a glob (``**`` recursive). A file
a folder, glob or archive holds that is none of these (``notes.md``, ``blob.bin``), or an archive member with
an unsafe name (``../x``, ``/etc/x``), is not read and is reported with the reason; hidden files and folders
(``.git``, ``.DS_Store``, ``__MACOSX``) are not inputs and are passed over silently. Every input is checked
against the size limit, before reading for files and while streaming for URLs and archive members.

Each input, and each line, row, entry or member inside one, fails on its own: whatever goes wrong with it
(an IngestError or any other exception) becomes one failed Item naming it, and the batch goes on.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from sitroom.ingest.errors import IngestError, SkippedInput, unexpected_error
from sitroom.ingest.feeds import FeedEntry, parse_feed
from sitroom.ingest.fetch import Fetcher, FetchResult, Validators
from sitroom.ingest.options import IngestOptions, InputFormat
from sitroom.ingest.records import Draft, to_article
from sitroom.ingest.tabular import read_csv, read_jsonl
from sitroom.ingest.text import decode_text, parse_plain_text, parse_sample_text, read_bytes_checked
from sitroom.model import Article

SUFFIX_FORMATS: dict[str, InputFormat] = {
    ".txt": InputFormat.SAMPLE,
    ".text": InputFormat.SAMPLE,
    ".html": InputFormat.HTML,
    ".htm": InputFormat.HTML,
    ".xhtml": InputFormat.HTML,
    ".xml": InputFormat.FEED,
    ".rss": InputFormat.FEED,
    ".atom": InputFormat.FEED,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".csv": InputFormat.CSV,
    ".tsv": InputFormat.CSV,
}
ARCHIVE_SUFFIXES = {".gz", ".zip"}
CONTENT_TYPE_FORMATS: dict[str, InputFormat] = {
    "text/html": InputFormat.HTML,
    "application/xhtml+xml": InputFormat.HTML,
    "application/rss+xml": InputFormat.FEED,
    "application/atom+xml": InputFormat.FEED,
    "application/rdf+xml": InputFormat.FEED,
    "application/xml": InputFormat.FEED,
    "text/xml": InputFormat.FEED,
    "application/json": InputFormat.JSONL,
    "application/x-ndjson": InputFormat.JSONL,
    "application/jsonl": InputFormat.JSONL,
    "text/csv": InputFormat.CSV,
}
MAX_ARCHIVE_DEPTH = 2  # an archive inside an archive is read; deeper nesting is refused
GLOB_CHARS = set("*?[")


@dataclass
class Item:
    """One readable unit (a file, a row, a feed entry, an archive member) and what came of it."""

    source: str
    articles: list[Article] = field(default_factory=list)
    error: IngestError | None = None
    unchanged: bool = False  # a conditional fetch answered 304: nothing new since the last fetch
    fetched: FetchResult | None = None  # validators to save once the articles are stored
    feed_url: str | None = None  # for feed entries: the feed and the entry's stable key
    entry_key: str | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[str]:
    """Expand folders (recursively, sorted) and glob patterns; URLs and plain files pass through."""
    return (source for source, skipped in expand_inputs(paths) if skipped is None)


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """Every input as (source, None), and every file a folder or glob holds but ingest won't read as
    (path, why not), so the report can name it."""
    for raw in paths:
        text = str(raw)
        path = Path(text)
        if is_url(text):
            yield text, None
        elif path.is_dir():
            yield from _walk(path)
        elif not path.exists() and GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield text, None  # read_one says "no such file ... or matching pattern"
            for match in matches:
                if not Path(match).is_dir():
                    yield match, _skip_reason(Path(match))
        else:
            yield text, None


def _walk(root: Path) -> Iterator[tuple[str, str | None]]:
    found: list[tuple[Path, str | None]] = []

    def unlisted(exc: OSError) -> None:
        found.append((Path(exc.filename or root), f"skipped: cannot list this folder ({exc.strerror or exc})"))

    for folder, dirs, files in os.walk(root, onerror=unlisted):  # links to folders are listed, never followed
        here = Path(folder)
        for name in dirs:
            if not _hidden(name) and (here / name).is_symlink():
                found.append((here / name, "skipped: a link to a folder (links are not followed)"))
        dirs[:] = [name for name in dirs if not _hidden(name)]
        found.extend((here / name, _skip_reason(here / name)) for name in files if not _hidden(name))
    for path, reason in sorted(found, key=lambda entry: entry[0]):
        yield str(path), reason


def _skip_reason(path: Path) -> str | None:
    """Why a file found in a folder or by a glob is not read, or None when it is an input."""
    if not path.is_file():
        return "skipped: not a regular file (a broken link, a pipe or a device)"
    if not _walkable(path.name):
        return f"skipped: {_type_name(path.name)} is not a type ingest reads (name the file itself to read it anyway)"
    return None


def _walkable(name: str) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in SUFFIX_FORMATS or suffix in ARCHIVE_SUFFIXES


def _type_name(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return f"'{suffix}'" if suffix else "a file without a suffix"


class Reader:
    """Reads inputs with one set of options; owns the HTTP fetcher when URLs are involved."""

    def __init__(
        self,
        options: IngestOptions,
        *,
        max_bytes: int,
        fetcher: Fetcher | None = None,
        validators: Callable[[str], Validators] | None = None,
    ) -> None:
        self.options = options
        self.max_bytes = max_bytes
        self._fetcher = fetcher
        self._owns_fetcher = fetcher is None
        self._validators = validators or (lambda _url: (None, None))

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options.fetch, max_bytes=self.max_bytes)
        return self._fetcher

    def read(self, paths: Iterable[str | Path]) -> Iterator[Item]:
        """Every input's items; a bad or skipped input becomes an Item with an error, never an exception."""
        for raw in paths:
            yield from self._guarded(str(raw), partial(self._read_expanded, raw))

    def _read_expanded(self, raw: str | Path) -> Iterator[Item]:
        for source, skipped in expand_inputs([raw]):
            if skipped is not None:
                yield Item(source=source, error=SkippedInput(source, skipped))
            else:
                yield from self._guarded(source, partial(self.read_one, source))

    def read_one(self, source: str) -> Iterator[Item]:
        if is_url(source):
            yield from self.read_url(source)
            return
        path = Path(source)
        if not path.exists():
            raise IngestError(source, "no such file, folder or matching pattern")
        data = read_bytes_checked(path, max_bytes=self.max_bytes)
        yield from self._read_data(data, name=path.name, origin=source)

    def read_url(self, url: str, *, conditional: bool = True) -> Iterator[Item]:
        result = self.fetcher.fetch(url, validators=self._validators(url) if conditional else (None, None))
        if result.not_modified:
            yield Item(source=url, unchanged=True)
            return
        if not result.content:
            raise IngestError(url, "response is empty")
        fmt = self._url_format(result)
        items = list(
            self._read_data(result.content, name=_url_name(result.url), origin=url, fmt=fmt, base_url=result.url)
        )
        for item in items:
            for index, article in enumerate(item.articles):
                if article.fetched_at is None:
                    item.articles[index] = article.model_copy(update={"fetched_at": result.fetched_at})
        if items and all(item.error is None for item in items):
            # Validators are saved once the last item is stored, and only when nothing failed:
            # a crash before then, or a failed entry, means the next run fetches in full again.
            items[-1].fetched = result
        yield from items

    # ------------------------------------------------------------------ dispatch

    def _read_data(
        self,
        data: bytes,
        *,
        name: str,
        origin: str,
        fmt: InputFormat | None = None,
        base_url: str | None = None,
        depth: int = 0,
    ) -> Iterator[Item]:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in ARCHIVE_SUFFIXES:
            if depth >= MAX_ARCHIVE_DEPTH:
                raise IngestError(origin, f"archives nested more than {MAX_ARCHIVE_DEPTH} deep are not read")
            reader = self._read_gzip if suffix == ".gz" else self._read_zip
            yield from reader(data, name=name, origin=origin, depth=depth + 1)
            return
        if b"\x00" in data[:8192]:
            raise IngestError(origin, "looks binary (NUL bytes), not an article, page, feed or corpus")
        chosen = self._format_for(suffix, data, fmt)
        if chosen is InputFormat.FEED:
            yield from self._read_feed(data, origin=origin, feed_url=base_url)
        elif chosen in (InputFormat.JSONL, InputFormat.CSV):
            text = decode_text(data, source=origin)
            if chosen is InputFormat.JSONL:
                rows = read_jsonl(text, origin=origin, columns=self.options.columns)
            else:
                rows = read_csv(
                    text, origin=origin, columns=self.options.columns, delimiter="\t" if suffix == ".tsv" else ","
                )
            for row in rows:
                yield _row_item(row)
        else:
            yield Item(source=origin, articles=[self._single(data, chosen, origin=origin, url=base_url)])

    def _format_for(self, suffix: str, data: bytes, fmt: InputFormat | None) -> InputFormat:
        if self.options.format is not InputFormat.AUTO:
            return self.options.format
        return fmt or SUFFIX_FORMATS.get(suffix) or _sniff(data)

    def _url_format(self, result: FetchResult) -> InputFormat | None:
        if PurePosixPath(_url_name(result.url)).suffix.lower() in ARCHIVE_SUFFIXES:
            return None
        return CONTENT_TYPE_FORMATS.get(result.content_type)

    def _single(self, data: bytes, fmt: InputFormat, *, origin: str, url: str | None) -> Article:
        if fmt is InputFormat.HTML:
            from sitroom.ingest.html import extract_html  # trafilatura: imported for pages only

            return to_article(extract_html(data, origin=origin, url=url))
        text = decode_text(data, source=origin)
        if fmt is InputFormat.PLAIN:
            draft = parse_plain_text(text, origin=origin)
            draft.url = url
            return to_article(draft)
        article = parse_sample_text(text, origin=origin)
        return article.model_copy(update={"source": article.source.model_copy(update={"url": url})}) if url else article

    # ------------------------------------------------------------------ feeds

    def _read_feed(self, data: bytes, *, origin: str, feed_url: str | None) -> Iterator[Item]:
        feed = parse_feed(data, origin=origin, feed_url=feed_url)
        for entry in feed.entries:
            key = entry.key
            yield from self._guarded(
                entry.draft.origin, partial(self._entry_items, entry), feed_url=feed_url, entry_key=key
            )

    def _entry_items(self, entry: FeedEntry) -> Iterator[Item]:
        yield self._entry_item(entry)

    def entry_item(self, entry: FeedEntry) -> Item:
        """One feed entry as an article: its own text, or with ``follow`` its page's full text.

        Raises only IngestError (the watcher isolates entries on that), whatever went wrong."""
        try:
            return self._entry_item(entry)
        except IngestError:
            raise
        except Exception as exc:
            raise unexpected_error(entry.draft.origin, exc) from exc

    def _entry_item(self, entry: FeedEntry) -> Item:
        if self.options.follow and entry.link:
            page = self.fetcher.fetch(entry.link, validators=(None, None))
            from sitroom.ingest.html import extract_html

            draft = extract_html(page.content, origin=entry.link, url=page.url)
            _fill_missing(draft, entry.draft)
            draft.fetched_at = page.fetched_at
            return Item(
                source=entry.link, articles=[to_article(draft)], feed_url=entry.draft.feed_url, entry_key=entry.key
            )
        if not entry.draft.body.strip():
            hint = "; use --follow to fetch its page" if entry.link else ""
            raise IngestError(entry.draft.origin, f"feed entry has no text{hint}")
        return Item(
            source=entry.draft.origin,
            articles=[to_article(entry.draft)],
            feed_url=entry.draft.feed_url,
            entry_key=entry.key,
        )

    # ------------------------------------------------------------------ archives

    def _read_gzip(self, data: bytes, *, name: str, origin: str, depth: int) -> Iterator[Item]:
        inner = name[: -len(".gz")]
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                content = handle.read(self.max_bytes + 1)
        except EOFError:
            raise IngestError(origin, "truncated gzip: the compressed stream ends early") from None
        except (gzip.BadGzipFile, OSError, zlib.error) as exc:
            raise IngestError(origin, f"not a valid gzip file ({exc})") from None
        if len(content) > self.max_bytes:
            raise IngestError(origin, f"decompresses to over the {self.max_bytes / 1e6:.1f} MB limit")
        if not content:
            raise IngestError(origin, "gzip file is empty")
        yield from self._read_data(content, name=inner, origin=origin, depth=depth)

    def _read_zip(self, data: bytes, *, name: str, origin: str, depth: int) -> Iterator[Item]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            # ValueError: offsets outside the file; NotImplementedError: a zip format version zipfile lacks
            raise IngestError(origin, f"not a valid zip file ({exc})") from None
        found = False
        with archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                label = f"{origin}!{info.filename}"
                unsafe = _unsafe_member(info.filename)
                if unsafe:  # checked before "hidden": "../x" starts with a dot too
                    yield Item(source=label, error=SkippedInput(label, f"skipped: unsafe member name ({unsafe})"))
                elif info.is_dir() or _hidden(info.filename):
                    continue
                elif not _walkable(info.filename):
                    reason = f"skipped: {_type_name(info.filename)} is not a type ingest reads"
                    yield Item(source=label, error=SkippedInput(label, reason))
                else:
                    yield from self._guarded(label, partial(self._zip_member, archive, info, label, depth))
                found = True  # folders and hidden files `continue` above: they don't count
        if not found:  # said, so the archive is not missing from the report
            raise IngestError(origin, "zip holds no files (only folders or hidden files)")

    def _zip_member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, depth: int) -> Iterator[Item]:
        if info.file_size > self.max_bytes:
            raise IngestError(
                label, f"member is {info.file_size / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.1f} MB limit"
            )
        if info.file_size == 0:
            raise IngestError(label, "member is empty")
        if info.flag_bits & 0x1:
            raise IngestError(label, "member is encrypted (ingest asks for no password)")
        try:
            content = archive.read(info)  # never past the size checked above: zipfile stops there (then the CRC fails)
        except NotImplementedError as exc:
            raise IngestError(label, f"cannot read member ({exc}: compression type {info.compress_type})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
            # ValueError: a header offset that points before the start of the file ("negative seek value")
            raise IngestError(label, f"cannot read member ({exc})") from None
        yield from self._read_data(content, name=PurePosixPath(info.filename).name, origin=label, depth=depth)

    # ------------------------------------------------------------------ error containment

    @staticmethod
    def _guarded(
        source: str, produce: Callable[[], Iterator[Item]], *, feed_url: str | None = None, entry_key: str | None = None
    ) -> Iterator[Item]:
        """Items from ``produce``; any exception ends that input as one failed Item naming it, the batch goes on.

        Items yielded before the failure stand (the good lines of a file that breaks half-way are kept)."""
        try:
            yield from produce()
        except Exception as exc:  # `ingest --help` promises a bad input never stops the batch, whatever it raises
            error = unexpected_error(source, exc)
            yield Item(source=error.source or source, error=error, feed_url=feed_url, entry_key=entry_key)


def read_inputs(
    paths: Iterable[str | Path], *, max_bytes: int, options: IngestOptions | None = None
) -> Iterator[tuple[str, list[Article] | IngestError]]:
    """Each input (or row / entry / member) with its articles, or the IngestError saying why not.

    Never raises for a bad input: the caller reports it and goes on with the batch."""
    with Reader(options or IngestOptions(), max_bytes=max_bytes) as reader:
        for item in reader.read(paths):
            if item.error is not None:
                yield item.source, item.error
            elif item.articles:
                yield item.source, item.articles


def read_path(path: Path, *, max_bytes: int, options: IngestOptions | None = None) -> list[Article]:
    """Every article in one input; the first IngestError is raised."""
    articles: list[Article] = []
    for _source, result in read_inputs([path], max_bytes=max_bytes, options=options):
        if isinstance(result, IngestError):
            raise result
        articles.extend(result)
    return articles


def _row_item(row: Draft | IngestError) -> Item:
    if isinstance(row, IngestError):
        return Item(source=row.source, error=row)
    try:
        return Item(source=row.origin, articles=[to_article(row)])
    except Exception as exc:  # one row's failure never costs the rows after it
        error = unexpected_error(row.origin, exc)
        return Item(source=error.source, error=error)


def _fill_missing(page: Draft, feed: Draft) -> None:
    """The page's own metadata wins; the feed fills what the page lacks."""
    for name in ("title", "author", "published", "sitename", "feed_url", "domain"):
        if not getattr(page, name):
            setattr(page, name, getattr(feed, name))


def _sniff(data: bytes) -> InputFormat:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"<"):
        return InputFormat.FEED if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")) else InputFormat.HTML
    if head.startswith(b"{"):
        return InputFormat.JSONL
    return InputFormat.SAMPLE


def _url_name(url: str) -> str:
    return PurePosixPath(urlsplit(url).path).name or "index"


def _hidden(member: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(member).parts)


def _unsafe_member(name: str) -> str | None:
    """Why an archive member's name is unsafe (it would land outside the folder it was unpacked into), or None.

    Members are read in memory, never written out, but such a name marks a hostile or broken archive."""
    normal = name.replace("\\", "/")  # Windows-made zips may separate with backslashes
    if normal.startswith("/") or (len(normal) > 1 and normal[0].isalpha() and normal[1] == ":"):
        return "an absolute path"
    if ".." in normal.split("/"):
        return "a '..' path that climbs out of the archive"
    if "\x00" in normal:
        return "a NUL byte in the name"
    return None

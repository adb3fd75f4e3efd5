"""Fuzz the ingest readers: a corpus of hostile files, a few large synthetic ones, and seeded mutations of them.

    python bench/fuzz_ingest.py [--mutations 2000] [--seconds 120] [--seed 7] [--max-mb 10] [--timeout 10]
    python bench/fuzz_ingest.py --write-corpus     # regenerate bench/fuzz_corpus/ (deterministic, < 200 KB)

Every input goes through ``read_inputs``, as ``sitroom ingest`` reads it (the corpus folder is also read once as
a folder, for the walk and its skip reports). For each input:

    read     it gave articles and nothing in it was refused;
    refused  some or all of it was refused with a documented IngestError naming it (a clean refusal);
    crash    an exception escaped read_inputs; a reader failed in a way nobody anticipated (an UnexpectedError:
             the batch survived it, but it is a bug); it took longer than --timeout seconds; or an article broke
             the Article invariants or holds a local file's text (an XML external entity resolved).

Mutations (bit flips, hostile tokens, cut/duplicated/spliced ranges, a changed suffix) are drawn from
``random.Random(seed)``, so a run is reproducible; ``--mutations`` and ``--seconds`` bound it, whichever
comes first. Crashing inputs are saved under bench/out/fuzz_crashes/ for replay. Exit 1 on any crash.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType

from sitroom.ingest import IngestError, read_inputs
from sitroom.ingest.errors import UnexpectedError
from sitroom.model import Article

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
CRASHES = Path(__file__).resolve().parent / "out" / "fuzz_crashes"
MAX_MUTANT_BYTES = 2 * 1024 * 1024
SUFFIXES = [".txt", ".html", ".xml", ".rss", ".atom", ".jsonl", ".csv", ".tsv", ".gz", ".zip", ".bin"]
TOKENS = [
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\r", b"\n", b"\r\n", b'"', b",",
    b"\t", b"[" * 200, b"{" * 200, b"]", b"}", b'{"text": "', b'\\ud800', b"9" * 5000, b"<", b">", b"</p>",
    b"<![CDATA[", b"<!--", b"&", b"&#0;", b"&#xD800;", b"&lol9;", b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
    b"<item><title>T</title><description>", b"Original Source: x.test", b"PK\x03\x04", b"\x1f\x8b\x08\x00",
    b"0001-01-01T00:00:00+05:00", b"9999-12-31T23:59:59-05:00", b"http://[::1", b"../",
]  # fmt: skip


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so the readers' own `except Exception` cannot swallow it."""


@dataclass
class Tally:
    inputs: int = 0
    results: int = 0
    articles: int = 0
    read: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, str] = (0.0, "")


# ---------------------------------------------------------------------------------------------- running


def run_input(path: Path, label: str, tally: Tally, *, max_bytes: int, timeout: float) -> None:
    """Read one input (a file or a folder) and tally what came of it; a crash saves the input for replay."""
    tally.inputs += 1
    problems: list[str] = []
    refused = articles = 0
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        for source, result in read_inputs([path], max_bytes=max_bytes):
            tally.results += 1
            if isinstance(result, UnexpectedError):
                cause = "".join(traceback.format_exception(result.cause)[-3:]).strip()
                problems.append(f"unanticipated failure at {source}: {result.reason}\n{cause}")
            elif isinstance(result, IngestError):
                refused += 1
                tally.reasons[_reason_kind(result.reason)] += 1
            else:
                articles += len(result)
                problems.extend(f"{source}: {p}" for a in result for p in _article_problems(a))
    except Hang:
        problems.append(f"took over {timeout:.0f} s")
    except BaseException as exc:  # an escape is exactly what this target looks for
        problems.append(f"escaped read_inputs: {''.join(traceback.format_exception(exc)[-3:]).strip()}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - started
    if elapsed > tally.slowest[0]:
        tally.slowest = (elapsed, label)
    if elapsed > timeout and not problems:
        problems.append(f"took {elapsed:.1f} s (over {timeout:.0f} s, in code the alarm could not interrupt)")
    tally.articles += articles
    if problems:
        tally.crashes.append(f"{label}: " + "\n    ".join(problems))
        if path.is_file():
            CRASHES.mkdir(parents=True, exist_ok=True)
            (CRASHES / f"{len(tally.crashes):03d}_{path.name}").write_bytes(path.read_bytes())
    elif refused:
        tally.refused += 1
    else:
        tally.read += 1


def _article_problems(article: Article) -> list[str]:
    problems = []
    if not (article.title.strip() and article.text.strip()):
        problems.append("article with an empty title or text")
    if article.text != "\n".join([article.title, article.lead, *article.paragraphs]):
        problems.append("article text is not its title, lead and paragraphs joined")
    if re.search(r"root:[^:\n]*:0:0:", article.text):
        problems.append("article holds /etc/passwd: an external entity was resolved")
    return problems


def _reason_kind(reason: str) -> str:
    """A refusal's reason without its particulars, to count refusals by kind."""
    kind = re.sub(r"\(.*", "", reason)
    kind = re.sub(r"'[^']*'|\d+(\.\d+)?", "N", kind)
    return kind.strip().rstrip(":;,") or reason[:40]


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


# ---------------------------------------------------------------------------------------------- mutations


def mutate(data: bytes, others: list[bytes], rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        at = rng.randint(0, len(out))
        if op == 0 and out:  # flip bits
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        elif op == 1:  # a hostile token
            out[at:at] = rng.choice(TOKENS)
        elif op == 2 and out:  # cut a range
            out[at : at + rng.randint(1, 64)] = b""
        elif op == 3 and out:  # repeat a range
            end = min(len(out), at + rng.randint(1, 256))
            out[at:at] = bytes(out[at:end]) * rng.randint(2, 64)
        elif op == 4:  # splice with another file
            other = rng.choice(others)
            out = out[:at] + bytearray(other[rng.randint(0, len(other)) :])
        elif op == 5:  # truncate
            del out[at:]
        else:  # random bytes
            out[at : at + rng.randint(0, 16)] = rng.randbytes(rng.randint(1, 32))
    return bytes(out[:MAX_MUTANT_BYTES])


# ---------------------------------------------------------------------------------------------- synthetic inputs


def synthetic() -> dict[str, Callable[[], bytes]]:
    """Large hostile inputs, made at run time so the corpus stays small."""
    story = "Shelling hit the market in Saraqib on Tuesday, killing six people, rescuers said. "

    def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=method) as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        return buffer.getvalue()

    return {
        "huge_line.jsonl": lambda: json.dumps({"title": "Huge", "text": story * 60_000}).encode(),
        "million_deep.jsonl": lambda: b"[" * 1_000_000,
        "flat_brackets.jsonl": lambda: b"[" + b"[]," * 2_000_000 + b"[]]",
        "escaped_quotes.jsonl": lambda: b'"' + b'\\"' * 2_000_000 + b"[" * 100,
        "zip_bomb.zip": lambda: zipped({"bomb.jsonl": b" " * 60_000_000}),
        "gzip_bomb.jsonl.gz": lambda: gzip.compress(b"\n" * 60_000_000),
        "many_members.zip": lambda: zipped({f"m{i:05d}.txt": b"x" for i in range(5000)}, zipfile.ZIP_STORED),
        "huge_field.csv": lambda: b"title,text\nBig," + b"x" * 300_000 + b"\nSmall,Fighting broke out.\n",
        "huge_headline.txt": lambda: (story * 40_000 + "\nLead.\nOriginal Source: x.test\n").encode(),
        "deep_divs.html": lambda: b"<html><body>" + b"<div>" * 200_000 + story.encode() * 5 + b"</body></html>",
    }


# ---------------------------------------------------------------------------------------------- the corpus


def write_corpus(folder: Path) -> None:
    """The stored corpus: small hostile files, one or two per way an input can go wrong."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    story = "Shelling hit the market in Saraqib on Tuesday, killing six people, rescuers said."
    good = json.dumps({"title": "Saraqib market shelled", "text": story})
    sample = f"Saraqib market shelled\n{story}\nThe dead included two children.\nOriginal Source: cedar-post.test\n"
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    files: dict[str, bytes] = {
        # sample-format text
        "sample_good.txt": sample.encode(),
        "sample_crlf_bom.txt": b"\xef\xbb\xbf" + sample.replace("\n", "\r\n").encode(),
        "sample_no_source.txt": sample.rsplit("Original", 1)[0].encode(),
        "sample_only_source.txt": b"Original Source: x.test\n",
        "sample_controls.txt": sample.replace(" ", "\x1b", 8).replace("e", "\x07", 3).encode(),
        "sample_bidi.txt": ("\u202eenilhdaeh\u202c \u200d\u2028\n" + sample).encode(),
        "nul_bytes.txt": b"\x00\x00" + sample.encode(),
        "bad_utf8.txt": b"Headline \xff\xfe\n\xc0\xaf lead \x80\n" + sample.encode() + b"\xe2\x82",
        # JSON lines
        "deep_arrays.jsonl": f"{good}\n{'[' * 20_000}\n{good}\n".encode(),
        "deep_objects.jsonl": ('{"a":' * 3000 + "1" + "}" * 3000 + "\n" + good).encode(),
        "deep_field.jsonl": json.dumps({"text": story, "meta": json.loads("[" * 70 + "]" * 70)}).encode(),
        "huge_number.jsonl": f'{{"text": "x", "n": {"9" * 5000}}}\n{good}\n'.encode(),
        "surrogates.jsonl": b'{"title": "Cut \\ud83d", "text": "lone \\udc00 and \\ud800\\ud800 escapes"}\n',
        "separators.jsonl": json.dumps({"text": f"{story}\u2028{story}\x85{story}\x1c!"}, ensure_ascii=False).encode()
        + b"\r\n"
        + good.encode()
        + b"\r"
        + good.encode(),
        "not_objects.jsonl": b'[1, 2]\n"text"\nnull\nNaN\n-Infinity\n{"text": "a", "text": "b"}\n42\n',
        "odd_types.jsonl": "\n".join(
            json.dumps(row)
            for row in [
                {"text": ["a", {"b": 1}, None]},
                {"text": {"nested": story}},
                {"text": 12.5, "title": True},
                {"text": story, "date": [2024, 1, 1]},
                {"text": story, "date": "0001-01-01T00:00:00+05:00"},
                {"text": story, "date": "9999-12-31T23:59:59-05:00", "url": "http://[::1"},
                {"text": story, "author": [{"name": "A"}, None, 3], "lang": {"x": 1}},
            ]
        ).encode(),
        "nul_late.jsonl": (good + "\n").encode() * 80 + b'{"text": "\x00"}\n',
        "bad_utf8.jsonl": good.encode() + b"\n" + b'{"text": "caf\xe9"}\n',
        # CSV
        "ragged.csv": f"title,text\nOK,{story}\nToo,many,cells\nToo few\n,\n".encode(),
        "unclosed_quote.csv": f'title,text\n"Open,{story}\nNext,{story}\n'.encode(),
        "header_only.csv": b"title,text\n",
        "blank.csv": b"\n\n \n",
        "blank_header.csv": f",,\nA,{story},x\n".encode(),
        "duplicate_columns.csv": f"text,text,title\n{story},second,T\n".encode(),
        "nul_late.csv": ("title,text\n" + f"T,{story}\n" * 100 + "N,\x00\n").encode(),
        "bom_crlf.tsv": b"\xef\xbb\xbf" + f"title\ttext\r\nT\t{story}\r\n".encode(),
        "mixed_newlines.csv": f"title,text\rA,{story}\nB,{story}\r\nC,{story}".encode(),
        "quotes.csv": f'title,text\n"a""b","{story} ""quoted"""\n"""",""""\n'.encode(),
        # feeds and XML
        "billion_laughs.rss": (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]><rss version="2.0"><channel>'
            "<title>t</title><item><title>Laughs</title><description>&l9;</description></item></channel></rss>"
        ).encode(),
        "quadratic_blowup.xml": (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{"x" * 2000}">]><rss version="2.0"><channel><item>'
            f"<title>Q</title><description>{'&a;' * 2000}</description></item></channel></rss>"
        ).encode(),
        "xxe.rss": (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
            b"<channel><item><title>XXE</title><description>&x; " + story.encode() + b"</description></item>"
            b"</channel></rss>"
        ),
        "xxe_param.atom": (
            b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>P</title><content>'
            + story.encode()
            + b"</content></entry></feed>"
        ),
        "deep_feed.xml": (
            '<rss version="2.0"><channel><item><title>Deep</title><description>'
            + "&lt;b&gt;" * 2000
            + story
            + "</description></item></channel></rss>"
        ).encode(),
        "deep_elements.rss": ('<rss version="2.0"><channel><item>' + "<x>" * 3000 + story).encode(),
        "bad_dates.rss": (
            '<rss version="2.0"><channel>'
            + "".join(
                f"<item><title>D{i}</title><pubDate>{d}</pubDate><description>{story}</description></item>"
                for i, d in enumerate(
                    ["Sat, 31 Dec 2016 23:59:60 +0000", "Mon, 01 Jan 0000 00:00:00 GMT", "9999-12-31T23:59:59-05:00"]
                )
            )
            + "</channel></rss>"
        ).encode(),
        "entities.rss": (
            '<rss version="2.0"><channel><item><title>&#xD800;&#0;&#x110000;</title>'
            f"<description>&lt;p&gt;{story}&amp;#xDFFF;&lt;/p&gt;</description></item></channel></rss>"
        ).encode(),
        "no_text.atom": b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Only</title></entry></feed>',
        "svg.xml": b'<svg xmlns="http://www.w3.org/2000/svg"><text>not a feed</text></svg>',
        "truncated.rss": f'<rss version="2.0"><channel><item><title>T</title><description>{story}'.encode(),
        # HTML
        "deep_divs.html": ("<html><body>" + "<div>" * 2000 + f"<p>{story * 3}</p>" + "</body></html>").encode(),
        "jsonld_deep.html": (
            f"<html><head><script type='application/ld+json'>{'[' * 5000}</script></head>"
            f"<body><article><p>{story * 3}</p></article></body></html>"
        ).encode(),
        "jsonld_number.html": (
            f'<html><head><script type="application/ld+json">{{"datePublished": {"9" * 5000}}}</script></head>'
            f"<body><article><p>{story * 3}</p></article></body></html>"
        ).encode(),
        "bad_meta_dates.html": (
            '<html><head><meta property="article:published_time" content="0001-01-01T00:00:00+05:00">'
            '<link rel="canonical" href="http://[::1/x"></head>'
            f"<body><article><p>{story * 3}</p></article></body></html>"
        ).encode(),
        "script_only.html": b"<html><body><script>" + b"var a = 1;" * 200 + b"</script></body></html>",
        "unclosed_comment.html": b"<html><body><!-- " + story.encode() * 20,
        "charset_lies.html": b'<meta charset="utf-16"><p>' + story.encode() * 3 + b"\xff</p>",
        "nul.html": b"<html>\x00<body><p>" + story.encode() + b"</p></body></html>",
        # archives
        "zip_slip.zip": _zip(
            {"../evil.txt": sample, "/etc/abs.txt": sample, "..\\win.txt": sample, "ok/story.txt": sample}
        ),
        "zip_nested.zip": _zip({"a.zip": _zip({"b.zip": _zip({"c.jsonl": good})})}),
        "zip_encrypted.zip": _patch_zip(_zip({"locked.txt": sample}), flag=0x1),
        "zip_lying_size.zip": _patch_zip(_zip({"big.jsonl": good * 50}), size=10),
        "zip_unknown_method.zip": _patch_zip(_zip({"m.txt": sample}), method=99),
        "zip_truncated.zip": _zip({"a.txt": sample, "b.jsonl": good})[:300],
        "zip_odd_members.zip": _zip({"empty.txt": "", "dir/": "", "notes.md": "x", ".hidden.txt": sample}),
        "not_a_zip.zip": b"PK\x03\x04" + bytes(range(256)),
        "truncated.jsonl.gz": gzip.compress((good + "\n").encode() * 20, mtime=0)[:120],
        "not_gzip.jsonl.gz": b"\x1f\x8b\x08\x00" + b"garbage" * 10,
        "empty.jsonl.gz": gzip.compress(b"", mtime=0),
        "trailing_garbage.jsonl.gz": gzip.compress(good.encode(), mtime=0) + b"trailing",
        "triple.jsonl.gz.gz.gz": gzip.compress(gzip.compress(gzip.compress(good.encode(), mtime=0), mtime=0), mtime=0),
        # not a type ingest reads (skipped when the folder is walked; sniffed when named)
        "blob.bin": bytes(range(256)) * 2,
        "Makefile": b"all:\n\ttrue\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _zip(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # fixed date: reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _patch_zip(data: bytes, *, flag: int = 0, size: int | None = None, method: int | None = None) -> bytes:
    """Lie in both headers of the first member: its flags, its uncompressed size or its compression method."""
    raw = bytearray(data)
    for header, flag_at, method_at, size_at in ((b"PK\x03\x04", 6, 8, 22), (b"PK\x01\x02", 8, 10, 24)):
        at = raw.index(header)
        raw[at + flag_at] |= flag
        if method is not None:
            raw[at + method_at : at + method_at + 2] = method.to_bytes(2, "little")
        if size is not None:
            raw[at + size_at : at + size_at + 4] = size.to_bytes(4, "little")
    return bytes(raw)


# ---------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=2000, help="random mutations to try (default 2000)")
    parser.add_argument("--seconds", type=float, default=120.0, help="stop mutating after this long (default 120)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the mutations (default 7)")
    parser.add_argument("--max-mb", type=float, default=10.0, help="the input size limit, as --max-mb (default 10)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds one input may take (default 10)")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the large inputs made at run time")
    parser.add_argument("--write-corpus", action="store_true", help=f"regenerate {CORPUS.relative_to(REPO)} and exit")
    args = parser.parse_args()
    if args.write_corpus:
        write_corpus(CORPUS)
        files = sorted(CORPUS.iterdir())
        print(f"wrote {len(files)} files, {sum(f.stat().st_size for f in files) / 1024:.1f} KB, to {CORPUS}")
        return 0
    signal.signal(signal.SIGALRM, _on_alarm)
    max_bytes = int(args.max_mb * 1024 * 1024)
    corpus = sorted(p for p in CORPUS.iterdir() if p.is_file())
    tally = Tally()
    started = time.perf_counter()
    check = partial(run_input, tally=tally, max_bytes=max_bytes, timeout=args.timeout)
    for path in corpus:
        check(path, f"corpus/{path.name}")
    check(CORPUS, "corpus/ (as a folder)")
    seeds = {p.name: p.read_bytes() for p in corpus}
    rng = random.Random(args.seed)
    mutated = synthesized = 0
    with tempfile.TemporaryDirectory(prefix="sitroom-fuzz-") as scratch:
        if not args.no_synthetic:
            for name, make in synthetic().items():
                path = Path(scratch) / name
                path.write_bytes(make())
                check(path, f"synthetic/{name}")
                synthesized += 1
                path.unlink()
        mutate_from = time.perf_counter()
        for number in range(args.mutations):
            if time.perf_counter() - mutate_from > args.seconds:
                break
            name = rng.choice(list(seeds))
            suffix = "".join(Path(name).suffixes) or ".bin"
            if rng.random() < 0.1:
                suffix = rng.choice(SUFFIXES)  # the same bytes through another reader
            path = Path(scratch) / f"mutant_{number:05d}{suffix}"
            path.write_bytes(mutate(seeds[name], list(seeds.values()), rng))
            check(path, f"mutation #{number} of {name} as {suffix}")
            mutated += 1
            path.unlink()
    size_kb = sum(p.stat().st_size for p in corpus) / 1024
    print(f"corpus: {len(corpus)} files ({size_kb:.0f} KB) + the folder; synthetic: {synthesized}; ", end="")
    print(f"mutations: {mutated} (seed {args.seed}); {time.perf_counter() - started:.1f} s")
    print(f"inputs tried     {tally.inputs:6d}   ({tally.results} results, {tally.articles} articles)")
    print(f"read             {tally.read:6d}")
    print(f"refused cleanly  {tally.refused:6d}")
    print(f"crashes          {len(tally.crashes):6d}")
    print(f"slowest input    {tally.slowest[0]:6.2f} s  {tally.slowest[1]}")
    print("refusals by kind:")
    for kind, count in tally.reasons.most_common(12):
        print(f"  {count:6d}  {kind}")
    for crash in tally.crashes[:20]:
        print(f"CRASH {crash}")
    if tally.crashes:
        print(f"crashing inputs saved in {CRASHES}")
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())

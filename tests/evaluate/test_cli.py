"""``sitroom extract`` and ``sitroom eval`` on tiny hand-made JSON Lines files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.errors import StageUnavailable

runner = CliRunner()

AIR = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
CLASH = {"event_type": "Battles", "sub_event_type": "Armed clash"}


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "b.txt").write_text(
        "Heavy clashes erupted between the army and rebel fighters near the border on Monday.", encoding="utf-8"
    )
    return write_jsonl(
        tmp_path / "docs.jsonl",
        [
            {"doc_id": "a", "text": "Russian warplanes carried out airstrikes on the town.", "published": "2024-12-01"},
            {"doc_id": "b", "text_file": "texts/b.txt"},
            "{not json",
            {"doc_id": "d", "text_file": "texts/missing.txt"},
            {"doc_id": "e", "text": "The central bank kept interest rates unchanged."},
        ],
    )


def test_extract_with_the_baseline_writes_one_line_per_input_line_in_order(documents: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(documents), "--out", str(out), "--baseline"])
    assert result.exit_code == 1, result.output  # two documents failed
    records = read_jsonl(out)
    assert [r["doc_id"] for r in records] == ["a", "b", None, "d", "e"]
    assert records[0]["events"][0]["sub_event_type"] == "Air/drone strike"
    assert records[1]["events"][0]["sub_event_type"] == "Armed clash"  # text_file resolved next to the input
    assert "invalid JSON" in records[2]["error"]
    assert "text_file not found" in records[3]["error"]
    assert records[4] == {"doc_id": "e", "events": []}
    assert "5 documents" in result.output and "2 failed" in result.output


def test_extract_with_jobs_keeps_the_order(documents: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    runner.invoke(app, ["extract", str(documents), "--out", str(out), "--baseline", "--jobs", "2"])
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b", None, "d", "e"]


def test_extract_with_the_real_extractor_or_a_clear_error(documents: Path, tmp_path: Path) -> None:
    from sitroom.extract import load_extractor

    out = tmp_path / "out.jsonl"
    try:
        load_extractor()
    except StageUnavailable:
        result = runner.invoke(app, ["extract", str(documents), "--out", str(out)])
        assert result.exit_code == 1
        assert "event extraction is not available" in result.output
        return
    result = runner.invoke(app, ["extract", str(documents), "--out", str(out)])
    records = read_jsonl(out)
    assert [r["doc_id"] for r in records] == ["a", "b", None, "d", "e"]
    assert records[0]["events"] and records[0]["events"][0]["event_type"] == "Explosions/Remote violence"
    assert records[4]["events"] == []


def test_extract_names_a_missing_input_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "input file not found" in result.output


def test_eval_scores_saved_predictions_of_an_extraction_file(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {
                "doc_id": "1",
                "text": "x",
                "events": [
                    {**AIR, "actor1": "Military Forces of Russia", "location": "Saraqib", "fatalities_acled": 0},
                    {**CLASH, "actor1": "Hayat Tahrir al-Sham", "location": "Aleppo", "fatalities_acled": 3},
                ],
            },
            {"doc_id": "2", "text": "y", "events": [{**CLASH, "actor1": "Al-Shabaab", "fatalities_acled": 0}]},
        ],
    )
    pred = write_jsonl(
        tmp_path / "pred.jsonl",
        [
            {"doc_id": "1", "events": [{**AIR, "actor1": "Military Forces of Russia", "location": "Saraqib"}]},
            {"doc_id": "2", "events": [{**CLASH, "actor1": "Al Shabaab", "fatalities_best": 2}]},
        ],
    )
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["kind"] == "extract"
    extraction = report["extraction"]
    assert (extraction["system_events"], extraction["gold_events"], extraction["matched_events"]) == (2, 3, 2)
    assert extraction["fields"]["actor1"]["recall"] == pytest.approx(2 / 3)  # "Al Shabaab" = "Al-Shabaab"
    assert extraction["fields"]["fatalities"]["accuracy"] == pytest.approx(1 / 3)
    assert report["classification"]["accuracy"] == 1.0  # doc 2's single event has the right type
    assert "actor1" in result.output and "sub_event_type" in result.output


def test_eval_scores_a_classification_file_by_the_first_event(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"doc_id": "1", "text": "a", "task": "classify", "events": [AIR]},
            {"doc_id": "2", "text": "b", "task": "classify", "events": []},
            {"doc_id": "3", "text": "c", "task": "classify", "events": [CLASH]},
        ],
    )
    pred = write_jsonl(
        tmp_path / "pred.jsonl",
        [{"doc_id": "1", "events": [AIR, CLASH]}, {"doc_id": "2", "events": [CLASH]}, {"doc_id": "3", "events": []}],
    )
    out = tmp_path / "report.json"
    assert runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--out", str(out)]).exit_code == 0
    report = json.loads(out.read_text())
    assert report["kind"] == "classify"
    assert report["classification"]["accuracy"] == pytest.approx(1 / 3)


def test_eval_runs_the_baseline_extractor_on_a_gold_file(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"doc_id": "1", "text": "A suicide bomber blew himself up at a checkpoint.", "task": "classify",
             "events": [{"event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb"}]},
            {"doc_id": "2", "text": "Heavy rain flooded the valley.", "task": "classify", "events": []},
        ],
    )  # fmt: skip
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["eval", str(gold), "--baseline", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["classification"]["accuracy"] == 1.0


def test_eval_reports_a_broken_gold_file(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", ["{broken"])
    result = runner.invoke(app, ["eval", str(gold), "--pred", str(gold)])
    assert result.exit_code == 1
    assert "invalid JSON" in result.output

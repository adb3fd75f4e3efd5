"""Document-level scoring: events matched on type and place, agreement on the matches."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.evaluate.documents import claim_sources_found, match_document, place_agrees, score_documents

GOLD_STRIKE = {
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of Israel",
    "actor2": "Civilians",
    "location": "Gaza City - Tufah",
    "latitude": 31.5,
    "longitude": 34.47,
    "geo_precision": 1,
    "country": "Palestine",
    "fatalities_best": 4,
    "claims": [{"by": "Civil Defence", "stance": "asserts"}],
    "evidence": "A strike on a house in Tufah killed four people.",
}


def test_a_place_matches_by_any_part_of_its_name_or_by_its_point() -> None:
    assert place_agrees({"location": "Tufah"}, GOLD_STRIKE)
    assert place_agrees({"location": "Gaza City"}, GOLD_STRIKE)
    assert place_agrees({"location": "Shati", "latitude": 31.53, "longitude": 34.45}, GOLD_STRIKE)
    assert not place_agrees({"location": "Rafah", "latitude": 31.29, "longitude": 34.25}, GOLD_STRIKE)


def test_an_event_needs_the_same_type_and_place_to_match() -> None:
    right = {**GOLD_STRIKE, "location": "Tufah", "sub_event_type": "Shelling/artillery/missile attack"}
    wrong_type = {**GOLD_STRIKE, "event_type": "Battles", "sub_event_type": "Armed clash"}
    wrong_place = {**GOLD_STRIKE, "location": "Khan Younis", "latitude": None}
    assert match_document([wrong_type, wrong_place, right], [GOLD_STRIKE]) == [(2, 0)]


def test_scores_count_precision_recall_and_agreement_on_matches() -> None:
    system = [
        {**GOLD_STRIKE, "location": "Tufah", "claims": [{"by": "the Civil Defence"}], "fatalities_best": 5},
        {**GOLD_STRIKE, "location": "Beirut", "latitude": None, "country": "Lebanon"},
    ]
    report = score_documents([("doc-1", system, [GOLD_STRIKE]), ("doc-2", [], [])])
    assert report["events"]["precision"] == 0.5
    assert report["events"]["recall"] == 1.0
    assert report["on_matches"]["sub_event_type"] == 1.0
    assert report["on_matches"]["fatalities"] == 0.0
    assert report["claim_sources_found"] == 1.0
    assert report["events_outside_country"] == 1
    first = report["per_document"][0]
    assert first["missed"] == [] and len(first["spurious"]) == 1 and "Beirut" in first["spurious"][0]


def test_eval_docs_scores_saved_predictions_from_the_command_line(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    articles.write_text(json.dumps({"doc_id": "d1", "text": GOLD_STRIKE["evidence"]}) + "\n", encoding="utf-8")
    gold.write_text(json.dumps({"doc_id": "d1", "events": [GOLD_STRIKE]}) + "\n", encoding="utf-8")
    pred.write_text(json.dumps({"doc_id": "d1", "events": [{**GOLD_STRIKE, "location": "Tufah"}]}) + "\n")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", "--docs", str(articles), str(gold), "--pred", str(pred), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["extraction"]["events"]["recall"] == 1.0
    assert "precision 100.0" in result.output


def test_a_claim_source_is_found_under_its_catalogue_name_or_the_reports_words() -> None:
    gold = {"claims": [{"by": "Houthi rebels"}, {"by": "Nasser hospital"}]}
    canonical = {"claims": [{"by": "Supreme Political Council", "as_written": "Houthi rebels"}]}
    assert claim_sources_found(canonical, gold) == (1, 2)
    assert claim_sources_found({"claims": [{"by": "Supreme Political Council"}]}, gold) == (0, 2)

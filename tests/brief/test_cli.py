from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.store import Store
from tests.brief.conftest import fill


def test_brief_command_prints_each_format(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    with Store(db) as store:
        fill(store)
    runner = CliRunner()
    markdown = runner.invoke(app, ["brief", "--db", db, "--country", "Syria", "--since", "2024-11-01"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.output.startswith("# ") and "## Casualties" in markdown.output
    as_json = runner.invoke(app, ["brief", "--db", db, "--country", "Syria", "-f", "json"])
    assert json.loads(as_json.stdout)["query"] == {"country": "Syria"}
    out = tmp_path / "brief.txt"
    text = runner.invoke(app, ["brief", "--db", db, "--format", "text", "-o", str(out)])
    assert text.exit_code == 0
    assert out.read_text(encoding="utf-8").rstrip("\n").split("\n")[-1].startswith("Original Sources: ")


def test_brief_command_rejects_a_bad_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["brief", "--db", str(tmp_path / "x.db"), "--since", "yesterday"])
    assert result.exit_code == 1 and "--since must be a date" in result.output

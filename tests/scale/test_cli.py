"""`python -m sitroom.scale` (the spark-submit entry point, i.e. `sitroom spark-run`) end to end, in its own
process as spark-submit would start it, on the sample articles."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.scale.conftest import needs_java


@needs_java
@pytest.mark.slow
def test_spark_submit_entry_point_on_the_sample_articles(tmp_path: Path) -> None:
    env = {**os.environ, "SITROOM_CLASSIFIER": "fast", "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    command = [sys.executable, "-m", "sitroom.scale", str(EXAMPLES), str(tmp_path / "out"), "--master", "local[1]"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "18 record(s), 18 article(s) extracted" in done.stdout
    with (tmp_path / "out" / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["location"] == "Idlib" and r["sub_event_type"] == "Air/drone strike" for r in rows)
    assert any(p.name.startswith("country=") for p in (tmp_path / "out" / "mentions").glob("event_date=*/*"))

"""The encoder without transformers (``minilm``): bit-for-bit the embeddings of ``SentenceEncoder``, from merged
weights cached once on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")

from sitroom.extract.minilm import CachedEncoder
from sitroom.extract.trained import ASSET_DIR, SentenceEncoder
from tests.conftest import EXAMPLES

ADAPTER = ASSET_DIR / "encoder"


def _texts() -> list[str]:
    lines = [line for path in sorted(EXAMPLES.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    too_long = " ".join(["Clashes continued in the north of the province for a third day."] * 40)
    return [*[line for line in lines if line.strip()][:30], "Clashes.", too_long]


@pytest.mark.slow
def test_cached_encoder_equals_the_transformers_one(tmp_path: Path) -> None:
    texts = _texts()
    reference = SentenceEncoder(adapter=ADAPTER)
    built = CachedEncoder(tmp_path, adapter=ADAPTER)  # merges and saves the weights
    (weights,) = tmp_path.glob("minilm-merged-*.pt")
    loaded = CachedEncoder(tmp_path, adapter=ADAPTER)  # reads them
    for batch in (texts[:5], texts):
        expected = reference.encode(batch)
        assert np.array_equal(built.encode(batch), expected)
        assert np.array_equal(loaded.encode(batch), expected)
    assert [weights] == list(tmp_path.glob("minilm-merged-*.pt"))


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    CachedEncoder(tmp_path)
    (weights,) = tmp_path.glob("minilm-merged-*.pt")
    weights.write_bytes(b"not a tensor file")
    encoder = CachedEncoder(tmp_path)
    assert encoder.encode(["Shelling hit the town."]).shape == (1, 384)
    assert weights.stat().st_size > 1_000_000

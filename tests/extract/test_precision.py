"""The encoder's inference precision: bfloat16 where the CPU has it, the same embeddings as float32."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from sitroom.config import Settings  # noqa: E402
from sitroom.extract.trained import SentenceEncoder, native_bfloat16, resolve_precision  # noqa: E402

SENTENCES = [
    "Warplanes bombed the town in a series of air strikes on Monday.",
    "Police fired tear gas to disperse hundreds of protesters outside parliament.",
    "The two sides signed a ceasefire agreement in the capital.",
]


def test_auto_follows_the_cpu() -> None:
    assert resolve_precision() == ("bfloat16" if native_bfloat16() else "float32")
    assert resolve_precision("float32") == "float32"
    with pytest.raises(ValueError, match="'half'"):
        resolve_precision("half")


def test_the_environment_picks_the_precision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_ENCODER_PRECISION", "float32")
    assert Settings().encoder_precision == "float32"
    assert Settings(encoder_precision="bfloat16").encoder_precision == "bfloat16"


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_bfloat16_embeddings_match_float32(encoder: SentenceEncoder) -> None:
    encoder.cast("float32")
    exact = encoder.encode(SENTENCES)
    encoder.cast("bfloat16")
    try:
        assert encoder.precision == "bfloat16"
        assert next(encoder.model[0].model.parameters()).dtype == torch.bfloat16
        fast = encoder.encode(SENTENCES)
    finally:
        encoder.cast("float32")
    assert fast.dtype == np.float32 and fast.shape == exact.shape
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-3)
    cosine = (fast * exact).sum(axis=1)
    assert cosine.min() > 0.999  # the heads fitted on float32 embeddings read these unchanged
    # ...and the precision is no no-op: bfloat16 rounding moves the embeddings a little.
    assert not np.array_equal(fast, exact)


def test_packed_encoding_equals_sentence_transformers(encoder: SentenceEncoder) -> None:
    """Texts share rows of the batch yet come out as sentence-transformers encodes each one alone,
    including a text longer than a row and one cut at the model's maximum length."""
    long = " ".join(["Rebels shelled the outskirts of the town and government forces answered."] * 8)
    too_long = " ".join(["Clashes continued in the north of the province for a third day."] * 40)
    texts = [*SENTENCES, "Clashes.", long, too_long, *SENTENCES[::-1]]
    encoder.cast("float32")
    reference = encoder.model.encode(texts, batch_size=1, normalize_embeddings=True, show_progress_bar=False)
    np.testing.assert_allclose(encoder.encode(texts), reference, atol=1e-5)
    assert encoder.encode([]).shape == (0, reference.shape[1])


def test_packing_fills_rows_without_splitting_or_losing_a_text() -> None:
    from sitroom.extract.trained import _pack

    lengths = [70, 30, 30, 12, 40, 5, 64, 33, 1]
    ids = [[7] * n for n in lengths]
    rows = _pack(ids, 64)
    assert sorted(i for row in rows for i in row) == list(range(len(ids)))  # each text once, whole
    sizes = [sum(lengths[i] for i in row) for row in rows]
    assert all(size <= 64 or len(row) == 1 for row, size in zip(rows, sizes, strict=True))
    assert sizes == sorted(sizes, reverse=True)  # rows of similar width share a batch
    assert len(rows) == 5  # 70 | 64 | 40+12+5+1 | 33+30 | 30: first fit by decreasing length

"""Tuning the encoder with a LoRA adapter: training moves embeddings, the merged adapter is exact on reload."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from sitroom.extract.trained import SentenceEncoder, base_model_path  # noqa: E402
from sitroom.extract.tuning import (  # noqa: E402
    BASE_MODEL_NAME,
    TuningConfig,
    fine_tune,
    has_adapter,
    mean_pool,
    save_adapter,
)

# Two sub-event types the untuned encoder finds close (both "something exploded / was fired at a town").
SHELLING = [
    "Artillery shells landed on the outskirts of the town on Monday.",
    "Government forces shelled rebel positions with mortars overnight.",
    "Rockets fired from across the border struck the village.",
    "Howitzer fire hit the northern districts of the city.",
]
AIR = [
    "Warplanes bombed the town in a series of air strikes on Monday.",
    "A drone strike hit a car carrying two commanders overnight.",
    "Helicopters dropped barrel bombs on the village.",
    "Fighter jets carried out raids on the northern districts of the city.",
]
# Strong settings for a tiny data set: the point is that training moves the embeddings, not the figures.
QUICK = dataclasses.replace(TuningConfig(), epochs=8, learning_rate=3e-3, batch_size=4, dropout=0.0)


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Any, Any]]:
    from transformers import AutoModel, AutoTokenizer

    base = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    model = fine_tune(
        AutoModel.from_pretrained(str(base)), tokenizer, SHELLING + AIR, ["shell"] * 4 + ["air"] * 4, QUICK
    )
    directory = tmp_path_factory.mktemp("adapter")
    save_adapter(model, directory, QUICK)
    return directory, (model, tokenizer)


def _separation(embeddings: np.ndarray) -> float:
    """Mean cosine within the two groups minus mean cosine across them."""
    shell, air = embeddings[:4], embeddings[4:]
    within = (np.mean(shell @ shell.T) + np.mean(air @ air.T)) / 2
    return float(within - np.mean(shell @ air.T))


def test_tuning_pulls_each_type_together(tuned: tuple[Path, tuple[Any, Any]]) -> None:
    directory, _ = tuned
    before = SentenceEncoder().encode(SHELLING + AIR)
    after = SentenceEncoder(adapter=directory).encode(SHELLING + AIR)
    assert _separation(after) > _separation(before) + 0.05


def test_saved_adapter_is_small_and_merges_to_the_trained_model(tuned: tuple[Path, tuple[Any, Any]]) -> None:
    directory, (model, tokenizer) = tuned
    assert has_adapter(directory)
    assert sum(p.stat().st_size for p in directory.iterdir()) < 3_000_000  # the base model (90 MB) is not copied
    config = json.loads((directory / "adapter_config.json").read_text(encoding="utf-8"))
    assert config["base_model_name_or_path"] == BASE_MODEL_NAME
    local_path = str(base_model_path()).encode()
    assert not any(local_path in p.read_bytes() for p in directory.iterdir())  # no path of this machine ships
    with torch.no_grad():
        batch = tokenizer(SHELLING, padding=True, return_tensors="pt")
        trained = mean_pool(model, batch).numpy()
    merged = SentenceEncoder(adapter=directory).encode(SHELLING)
    assert merged == pytest.approx(trained, abs=1e-4)


def test_int8_encoder_stays_close_to_float_and_keeps_the_adapter(tuned: tuple[Path, tuple[Any, Any]]) -> None:
    directory, _ = tuned
    exact = SentenceEncoder(adapter=directory).encode(SHELLING + AIR)
    int8 = SentenceEncoder(adapter=directory, int8=True)
    quantized = int8.encode(SHELLING + AIR)
    linear = [m for m in int8.model.modules() if isinstance(m, torch.nn.Linear)]
    assert not linear  # every linear layer now runs in int8
    cosine = np.sum(exact * quantized, axis=1)
    assert cosine.min() > 0.9
    assert _separation(quantized) > _separation(SentenceEncoder().encode(SHELLING + AIR)) + 0.05

"""Fine-tuning the classifier's sentence encoder: a LoRA adapter on all-MiniLM-L6-v2.

The frozen encoder places news sentences by topic, not by what ACLED's codebook separates (a
shelling from an air strike, an attack from a clash). A low-rank adapter (LoRA, via ``peft``)
trained with a classification loss on the annotated sentences moves the embeddings towards those
distinctions. Only the adapter ships (about 1.3 MB); ``merge_adapter`` folds it into the
base weights at load time, so the tuned encoder costs no more to run than the original.

The classifier's linear heads are then trained on the tuned embeddings as before
(``scripts/train_classifier.py``); the classification head used here only drives the tuning.
"""

from __future__ import annotations

import contextlib
import json
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")
# Bump when fine_tune's recipe changes in a way TuningConfig does not show (loss, weights, schedule):
# adapters cached by scripts/train_classifier.py are then retrained.
TUNING_RECIPE = 1
BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"  # what the adapter applies to (installed offline)


@dataclass(frozen=True)
class TuningConfig:
    """Hyper-parameters of the adapter's training (chosen once, on CASE folds; see the assets README)."""

    rank: int = 8
    epochs: int = 4
    learning_rate: float = 5e-4  # adapter weights
    head_learning_rate: float = 3e-3  # the throw-away classification head
    batch_size: int = 16
    label_smoothing: float = 0.05
    logit_scale: float = 20.0  # embeddings are unit length: the head's logits need a scale to be sharp
    dropout: float = 0.1
    # Tokens seen while tuning; ACLED notes and news sentences are shorter (99th percentile ~130), the
    # rare longer one is tuned on its start. The heads are fitted on full-length (256) embeddings.
    max_length: int = 160
    target_modules: tuple[str, ...] = ("query", "key", "value", "dense")
    seed: int = 0


def has_adapter(directory: Path) -> bool:
    return all((directory / name).is_file() for name in ADAPTER_FILES)


def merge_adapter(transformer: Any, directory: Path) -> Any:
    """``transformer`` (a Hugging Face model) with the adapter in ``directory`` folded into its weights."""
    from peft import PeftModel

    with _quiet_peft():
        return PeftModel.from_pretrained(transformer, str(directory)).merge_and_unload()


@contextlib.contextmanager
def _quiet_peft() -> Iterator[None]:
    """Without transformers' deprecation notice about an attribute peft still reads (nothing to act on here)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing", category=FutureWarning)
        yield


def _class_weights(labels: np.ndarray, classes: int) -> np.ndarray:
    """Inverse square-root frequency, mean 1 over the training rows: rare types count more, not absurdly."""
    counts = np.bincount(labels, minlength=classes).astype(float)
    weights = 1 / np.sqrt(np.maximum(counts, 1))
    return weights / weights[labels].mean()


def _length_batches(texts: Sequence[str], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of texts of similar length (little padding, still a new mix every epoch)."""
    order = np.argsort([len(t) + rng.uniform(0, 60) for t in texts])
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def mean_pool(model: Any, batch: Any) -> Any:
    """Unit-length mean of the token states: all-MiniLM-L6-v2's own pooling."""
    import torch

    states = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
    pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def fine_tune(
    transformer: Any, tokenizer: Any, texts: Sequence[str], labels: Sequence[str], config: TuningConfig | None = None
) -> Any:
    """Train a LoRA adapter on ``transformer`` to tell ``labels`` apart; returns the peft model (adapter unmerged).

    ``transformer`` is modified in place (peft wraps its layers): pass a fresh copy of the base model.
    """
    import torch
    from peft import LoraConfig, get_peft_model

    config = config or TuningConfig()
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    lora = LoraConfig(
        r=config.rank, lora_alpha=2 * config.rank, lora_dropout=config.dropout,
        target_modules=list(config.target_modules),
    )  # fmt: skip
    with _quiet_peft():
        model = get_peft_model(transformer, lora)
    head = torch.nn.Linear(model.config.hidden_size, len(classes))
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=torch.tensor(_class_weights(y, len(classes)), dtype=torch.float32),
        label_smoothing=config.label_smoothing,
    )
    groups: list[dict[str, Any]] = [
        {"params": [p for p in model.parameters() if p.requires_grad], "lr": config.learning_rate},
        {"params": list(head.parameters())},
    ]
    optimiser = torch.optim.AdamW(groups, lr=config.head_learning_rate, weight_decay=0.01)
    steps = config.epochs * -(-len(texts) // config.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[config.learning_rate, config.head_learning_rate], total_steps=steps, pct_start=0.1
    )
    model.train()
    for epoch in range(config.epochs):
        total = 0.0
        batches = _length_batches(texts, config.batch_size, rng)
        for rows in batches:
            batch = tokenizer(
                [texts[i] for i in rows], padding=True, truncation=True, max_length=config.max_length,
                return_tensors="pt",
            )  # fmt: skip
            loss = loss_fn(head(mean_pool(model, batch)) * config.logit_scale, torch.tensor(y[rows]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.item())
        log.info("adapter epoch %d/%d: loss %.3f", epoch + 1, config.epochs, total / len(batches))
    model.eval()
    return model


def save_adapter(peft_model: Any, directory: Path, config: TuningConfig) -> None:
    """The adapter's weights and peft config into ``directory`` (the base model is not copied)."""
    directory.mkdir(parents=True, exist_ok=True)
    peft_model.save_pretrained(str(directory))
    (directory / "README.md").unlink(missing_ok=True)  # peft's model card: a template naming the local base path
    # peft records the local path the base model was read from; name the model instead (no machine's paths ship).
    config_file = directory / ADAPTER_FILES[0]
    peft_config = json.loads(config_file.read_text(encoding="utf-8"))
    peft_config["base_model_name_or_path"] = BASE_MODEL_NAME
    config_file.write_text(json.dumps(peft_config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    log.info("adapter saved to %s (%s)", directory, asdict(config))

